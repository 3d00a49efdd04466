"""`aggregator backfill`: past coverage from web archives and sitemaps, and the jobs' status."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as Bar
from rich.table import Table

from ..backfill import plan as plans
from ..backfill.engines import ENGINES, EngineError
from ..backfill.runner import (
    SITEMAP_BATCH,
    Engine,
    Progress,
    Request,
    RunSummary,
    plan_job,
    run_job,
)
from ..config import Config
from .app import (
    EXIT_FAILED,
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    configured_names,
    fail,
    resolve_since_arg,
)
from .output import cells, echo, echo_json, say, stderr, stdout


@click.group(name="backfill")
def backfill_group() -> None:
    """Past coverage: articles from web archives (WARC) and from outlets' sitemaps.

    \b
    Examples:
      aggregator backfill warc CC-NEWS-20261101*.warc.gz --topic "Xiaomi EV" --since 2026-11-01
      aggregator backfill warc https://data.commoncrawl.org/crawl-data/CC-NEWS/2026/11/warc.paths.gz \\
          --engine dask --workers 8
      aggregator backfill sitemap Teslarati --since 30d
      aggregator backfill status
    """


def _run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """What both sources of a backfill take: filters, engine, output."""
    for option in reversed(
        [
            click.option(
                "--topic",
                "topic_names",
                type=TEXT,
                multiple=True,
                help="Only pages with this topic's terms (repeatable; default every topic).",
            ),
            click.option("--since", type=TEXT, help="Published from: a date or a duration (90d)."),
            click.option("--until", type=TEXT, help="Published up to: a date or a duration."),
            click.option(
                "--engine",
                type=click.Choice(ENGINES),
                default="local",
                show_default=True,
                help="local: a process pool here; dask: a Dask cluster (pip install 'aggregator[dask]').",
            ),
            click.option(
                "--workers",
                type=click.IntRange(1, 256),
                default=None,
                help="Worker processes (local default: settings.extraction_workers, else one per core; dask default: 2).",
            ),
            click.option(
                "--scheduler",
                type=TEXT,
                default=None,
                help="An existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask).",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
        ]
    ):
        func = option(func)
    return func


@backfill_group.command(name="warc")
@common_options
@click.argument("locations", nargs=-1, required=True, type=TEXT)
@_run_options
def warc_command(app: AppContext, locations: tuple[str, ...], **options: Any) -> None:
    """Articles from WARC files: paths, URLs, folders, or a CC-NEWS `warc.paths.gz` list.

    Only HTTP 200 HTML responses are read; pages without any of the topics' terms are
    skipped before extraction. Run the same command again to resume a job.

    \b
    Examples:
      aggregator backfill warc crawl/*.warc.gz --topic Tesla --since 2026-10-01
      aggregator backfill warc mirror/crawl-data/CC-NEWS/2026/11/warc.paths.gz --workers 2
    """
    _backfill(app, "warc", locations, required_config=False, **options)


@backfill_group.command(name="sitemap")
@common_options
@click.argument("sources", nargs=-1, required=True, type=TEXT)
@click.option(
    "--batch",
    type=click.IntRange(1, 10_000),
    default=SITEMAP_BATCH,
    show_default=True,
    help="Page URLs per unit of work.",
)
@_run_options
def sitemap_command(app: AppContext, sources: tuple[str, ...], batch: int, **options: Any) -> None:
    """Articles listed in configured sources' sitemaps (robots.txt, else /sitemap.xml).

    Sitemap indexes, news sitemaps and gzipped sitemaps are read; --since/--until use their
    publication dates (or lastmod). Pages are fetched politely, like `fetch` does.

    \b
    Examples:
      aggregator backfill sitemap Teslarati Electrek --since 30d --topic "Model Y"
    """
    _backfill(app, "sitemap", sources, required_config=True, batch=batch, **options)


def _backfill(
    app: AppContext,
    kind: str,
    inputs: tuple[str, ...],
    *,
    required_config: bool,
    topic_names: tuple[str, ...],
    since: str | None,
    until: str | None,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    as_json: bool,
    batch: int = SITEMAP_BATCH,
) -> None:
    config = app.config(required=required_config)
    inputs, topic_names = _known_names(app, config, kind, inputs, topic_names)
    request = Request(
        kind=kind,
        inputs=inputs,
        topics=topic_names,
        since=(since, resolve_since_arg(since)) if since else None,
        until=(until, resolve_since_arg(until)) if until else None,
        batch=batch,
    )
    db = app.open_db(config)
    try:
        job, planning_errors = plan_job(request, app.db_path(config), config)
        for error in planning_errors:
            echo(error, err=True)
        name = "dask" if scheduler else engine
        if name == "local" and workers is None and config is not None:
            workers = config.settings.extraction_workers  # as many as `fetch` uses
        chosen = Engine(name, workers, scheduler)
        summary = _run_with_progress(job, db, config, chosen)
    except EngineError as exc:
        fail(str(exc), EXIT_USAGE)
    finally:
        db.close()
    for error in summary.errors + summary.merge.errors:
        echo(error, err=True)
    if as_json:
        echo_json(summary.as_dict())
    else:
        echo(_summary_line(summary))
    if summary.failed and not summary.done and not summary.already_done:
        sys.exit(EXIT_FAILED)


def _known_names(
    app: AppContext,
    config: Config | None,
    kind: str,
    inputs: tuple[str, ...],
    topic_names: tuple[str, ...],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Inputs and topic names as the config spells them (any case, as every command reads
    names); an unknown one is a usage error naming the closest, before anything is read."""
    topics = configured_names(
        app, topic_names, [t.name for t in config.topics] if config else [], "topic"
    )
    if kind == "sitemap" and config is not None:
        inputs = configured_names(app, inputs, [s.name for s in config.sources], "source")
    return inputs, topics


def _run_with_progress(job, db, config: Config | None, engine: Engine) -> RunSummary:
    """Units, pages and articles so far, with an ETA, on stderr: a live bar on a terminal,
    one line per finished unit in a log."""
    bar = Bar(
        TextColumn("backfill {task.fields[job]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("units · {task.fields[pages]} pages · {task.fields[articles]} articles"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    )
    task = bar.add_task("backfill", total=None, job=job.id, pages=0, articles=0)

    def update(status: Progress) -> None:
        bar.update(
            task,
            total=status.units,
            completed=status.settled,
            pages=status.pages,
            articles=status.articles,
        )
        if not stderr.is_terminal and status.settled:
            echo(
                f"backfill {job.id}: {status.settled}/{status.units} units, "
                f"{status.pages} pages, {status.articles} articles, {status.merged} stored",
                err=True,
            )

    with bar if stderr.is_terminal else contextlib.nullcontext():
        return run_job(job, db, config, engine, update)


def _summary_line(summary: RunSummary) -> str:
    counts = summary.counts
    skipped = ", ".join(
        f"{counts[reason]} {reason}"
        for reason in (
            "no topic term",
            "outside dates",
            "not an article",
            "not fetched",
            "not HTML",
        )
        if counts[reason]
    )
    return (
        f"job {summary.job}: {summary.units} units ({summary.already_done} done before), "
        f"{summary.done} done, {summary.failed} failed; {counts['pages']} pages, "
        f"{counts['articles']} articles" + (f" (skipped: {skipped})" if skipped else "") + "; "
        f"stored {summary.merge.imported}, already stored {summary.merge.duplicates}, "
        f"revised {summary.merge.revised}"
    )


@backfill_group.command(name="status")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the jobs as JSON.")
def status_command(app: AppContext, as_json: bool) -> None:
    """Backfill jobs of this database: units planned, done, failed, shards waiting to merge.

    \b
    Example:
      aggregator backfill status --json | jq '.[] | select(.pending > 0)'
    """
    config = app.config(required=False)
    found = [job.status() for job in plans.jobs(app.db_path(config))]
    if as_json:
        echo_json(found, indent=2)
        return
    if not found:
        echo("no backfill jobs for this database")
        return
    table = Table(title="backfill jobs", title_justify="left")
    for column in ("job", "kind", "created", "units", "done", "failed", "pending", "to merge"):
        table.add_column(
            column, justify="left" if column in ("job", "kind", "created") else "right"
        )
    for status in found:
        table.add_row(
            *cells(
                status["job"],
                status["kind"],
                status["created"],
                status["units"],
                status["done"],
                status["failed"],
                status["pending"],
                status["waiting_to_merge"],
            )
        )
    stdout.print(table)
    for status in found:
        for error in status["errors"]:
            say(stderr, (f"{status['job']}:", "yellow"), f" {error}")
