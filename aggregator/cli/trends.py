"""`aggregator trends`: articles and new stories per day for each topic, as sparklines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click

from .. import store
from ..digest.build import Volume
from ..digest.render import sparkline
from .app import (
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    fail,
    resolve_since_arg,
    since_option,
    stored_topic_name,
)
from .output import echo, echo_json


@click.command(name="trends")
@common_options
@click.option(
    "--topic", "topic_names", type=TEXT, multiple=True, help="Only this topic (repeatable)."
)
@since_option("30d")
@click.option("--json", "as_json", is_flag=True, help="Print the daily numbers as JSON.")
def trends_command(
    app: AppContext, topic_names: tuple[str, ...], since: str, as_json: bool
) -> None:
    """Articles and new stories per day on each topic, as sparklines (one block per UTC
    day, the oldest first) with the total, today's count and the average of the days before.

    A story counts on the day the topic's first article about it appeared, and not when
    the topic had one before the window.

    \b
    Examples:
      aggregator trends                       # every topic, the last 30 days
      aggregator trends --topic tesla --topic "Xiaomi EV" --since 7d
      aggregator trends --since 2026-11-01 --json
    """
    start = resolve_since_arg(since)
    today = datetime.now(UTC).date()
    if date.fromisoformat(start[:10]) > today:
        fail(f"--since {since} is after today ({today}): no day to show", EXIT_USAGE)
    config = app.config(required=False)
    db = app.open_db(config)
    try:
        names = [stored_topic_name(db, config, name) for name in topic_names]
        rows = store.topic_daily(db, start)
        names = names or store.topic_names(db)
    finally:
        db.close()
    days = store.window_days(date.fromisoformat(start[:10]), today)
    series = {name: store.daily_series(rows, name, days) for name in names}
    if as_json:
        echo_json({"days": days, "topics": series}, indent=2)
        return
    if not series:
        echo("no topics yet")
    for name, counts in series.items():
        echo(name, bold=True)
        for label in ("articles", "stories"):
            echo(f"  {label:<8} {_line(Volume(counts[label]))}")


def _line(volume: Volume) -> str:
    return (
        f"{sparkline(volume)}  total {sum(volume.counts)} · today {volume.today} · "
        f"{volume.average:.1f}/day before"
    )
