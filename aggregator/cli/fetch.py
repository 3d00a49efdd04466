"""`aggregator fetch`: one pass over the sources, with live progress and a summary table."""

from __future__ import annotations

import asyncio
import contextlib

import click
from rich.live import Live
from rich.table import Table

from ..config import Config
from ..pipeline import PassSummary, SourceSummary, run_pass
from ..workers import make_executor
from .app import EXIT_FAILED, TEXT, AppContext, common_options, configured_names, fail, tsv_option
from .output import cells, echo, echo_json, print_table, say, stderr


@click.command()
@common_options
@click.option(
    "--source", "sources", type=TEXT, multiple=True, help="Only this source (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@tsv_option
@click.option(
    "--include-disabled", is_flag=True, help="Also poll feeds disabled after an HTTP 410."
)
def fetch(
    app: AppContext, sources: tuple[str, ...], as_json: bool, tsv: bool, include_disabled: bool
) -> None:
    """Poll every feed once, fetch and extract new articles, store them.

    \b
    Examples:
      aggregator fetch
      aggregator fetch --source "Business Insider" --source Teslarati
      aggregator fetch --json | jq '.sources[] | {name, new}'
    """
    config = app.config()
    assert config is not None
    sources = configured_names(app, sources, (s.name for s in config.sources), "source")
    db = app.open_db(config)
    executor = make_executor(config.settings.extraction_workers)
    try:
        summary = _run_with_progress(config, db, executor, list(sources), include_disabled)
    finally:
        executor.shutdown(cancel_futures=True)
        db.close()
    for source in summary.sources:
        for error in source.errors:
            say(stderr, (f"{source.name}:", "yellow"), f" {error}")
    if as_json:
        echo_json(
            {
                "started_at": summary.started_at,
                "finished_at": summary.finished_at,
                "new": summary.new,
                "sources": [s.as_dict() for s in summary.sources],
            },
            indent=2,
        )
    else:
        print_table(_summary_table(summary), tsv)
    if not summary.any_succeeded:
        fail("every source failed; no network? (run with -v for details)", EXIT_FAILED)


def _run_with_progress(
    config: Config, db, executor, sources: list[str], include_disabled: bool
) -> PassSummary:
    rows: dict[str, SourceSummary] = {}
    live = Live(_progress_table(rows), console=stderr, transient=True, refresh_per_second=8)

    def update(summary: SourceSummary) -> None:
        rows[summary.name] = summary
        if stderr.is_terminal:
            live.update(_progress_table(rows))
        elif summary.finished:  # logs and pipes get one line per source as it completes
            echo(
                f"{summary.name}: {summary.new} new, {summary.unchanged} unchanged, "
                f"{summary.failed} failed",
                err=True,
            )

    with live if stderr.is_terminal else contextlib.nullcontext():
        return asyncio.run(
            run_pass(
                config,
                db,
                executor,
                only_sources=sources or None,
                include_disabled=include_disabled,
                progress=update,
            )
        )


def _progress_table(rows: dict[str, SourceSummary]) -> Table:
    table = Table(title="fetching…", title_justify="left", box=None)
    for column in ("source", "new", "unchanged", "failed"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for summary in rows.values():
        table.add_row(*cells(summary.name, summary.new, summary.unchanged, summary.failed))
    return table


def _summary_table(summary: PassSummary) -> Table:
    table = Table(title=f"{summary.new} new articles", title_justify="left")
    table.add_column("source")
    for column in ("new", "unchanged", "updated", "failed", "robots", "flagged"):
        table.add_column(column, justify="right")
    table.add_column("feeds")
    for s in summary.sources:
        feeds = "ok" if not s.feeds_failed else f"{s.feeds_failed} failed"
        if s.feeds_failed and s.feeds_ok:
            feeds = f"{s.feeds_ok} ok, {s.feeds_failed} failed"
        table.add_row(
            *cells(
                s.name,
                s.new,
                s.unchanged,
                s.updated,
                s.failed,
                s.robots,
                s.flagged,
                feeds if s.feeds_ok or s.feeds_failed else "-",
            )
        )
    return table
