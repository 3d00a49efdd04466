"""`aggregator run` (the service) and `aggregator status` (its health, from the database)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import click
from rich.table import Table

from .. import logs, store
from ..lock import InstanceLock, LockHeld
from ..scheduler import Service, ServiceOptions, next_digest_time
from ..workers import make_executor
from .app import COUNT, EXIT_FAILED, AppContext, common_options, fail, tsv_option
from .output import ReaderClock, cells, echo, echo_json, print_table


@click.command(name="run")
@common_options
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object per line, for systemd/journald or a container.",
)
@click.option("--passes", type=COUNT, default=None, help="Stop after N polling ticks (testing).")
def run_command(app: AppContext, log_format: str, passes: int | None) -> None:
    """Run as a service: poll each source on its own rhythm, send the digest daily.

    One instance per database (a second one says who holds the lock and exits). Ctrl-C or
    SIGTERM stops it within seconds without losing a write. Logs go to stderr, one line per
    poll per source. See README ("Running it as a service") for systemd and cron.

    \b
    Examples:
      aggregator run
      aggregator run --log-format json
    """
    config = app.config()
    assert config is not None
    logs.configure(app.verbose, log_format, service=True)
    db_path = app.db_path(config)
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except LockHeld as exc:
        fail(str(exc), EXIT_FAILED)
    executor = make_executor(config.settings.extraction_workers)
    db = app.open_db(config)
    try:
        asyncio.run(Service(config, db, executor, options=ServiceOptions(passes=passes)).run())
    finally:
        executor.shutdown(cancel_futures=True)
        db.close()
        lock.release()


@click.command(name="status")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@tsv_option
def status_command(app: AppContext, as_json: bool, tsv: bool) -> None:
    """Health of each source and of the digest, from the database.

    \b
    Example:
      aggregator status
      aggregator status --json | jq '.sources[] | select(.failure_streak > 0)'
    """
    config = app.config(required=False)
    db = app.open_db(config)
    health = [
        {**row, "articles_per_day": round(row["articles_per_day"], 1)}
        for row in store.source_health(db)
    ]
    last = store.last_digest(db)
    db.close()
    now = datetime.now(UTC)
    digest = {
        "last_sent": last[0] if last else None,
        "next": next_digest_time(config, now).isoformat()
        if config and config.settings.digest.to
        else None,
    }
    if as_json:
        echo_json({"sources": health, "digest": digest}, indent=2)
        return
    clock = app.clock()
    table = Table(title="sources", title_justify="left")
    numbers = ("failures", "24h", "per day (7 d)")
    for column in ("source", "last success", "failures", "last error", "next poll", *numbers[1:]):
        table.add_column(column, justify="right" if column in numbers else "left")
    for row in health:
        problems = [
            f"DISABLED {row['disabled_feeds']}" if row["disabled_feeds"] else "",
            f"{clock.at(row['last_error_at'])}: {row['last_error']}" if row["last_error"] else "",
            # items skipped or lost in a feed that was fetched
            f"warning: {row['warnings']}" if row["warnings"] else "",
        ]
        error = "; ".join(filter(None, problems)) or "-"
        table.add_row(
            *cells(
                row["name"],
                clock.at(row["last_success_at"], missing="never"),
                row["failure_streak"],
                error,
                _next_poll(clock, row["next_poll_at"]),
                row["articles_24h"],
                f"{row['articles_per_day']:.1f}",
            )
        )
    print_table(table, tsv)
    if tsv:
        return
    last_sent = clock.at(digest["last_sent"], missing="never")
    upcoming = (
        f"{clock.at(digest['next'])} ({clock.relative(digest['next'])})"
        if digest["next"]
        else "not scheduled (no recipients)"
    )
    echo(f"digest: last sent {last_sent}; next {upcoming}")


def _next_poll(clock: ReaderClock, when: str | None) -> str:
    """'in 5 h 58 min'; a poll whose time has passed is due (at the service's next tick)."""
    if when is None:
        return "at start"
    shown = clock.relative(when)
    return "due now" if shown.endswith(" ago") else shown
