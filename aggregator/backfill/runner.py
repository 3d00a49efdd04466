"""A backfill from start to end: plan (or find) the job, run its pending units on an
engine, record each result, and merge the shards in plan order as they become ready.

The coordinator is the only process that writes the job's files and the database; workers
only read (or fetch) and extract. A job run again picks up where it stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ..config import Config, Settings
from ..dates import utc_now_iso
from ..topics import rules
from ..workers import worker_count
from .engines import run_units
from .merge import MergeSummary, merge_ready
from .pages import Bounds, task_context
from .plan import Job, Unit, job_id, state_root
from .sitemap import scan_sources
from .units import UnitResult
from .warc import archive_files

SITEMAP_BATCH = 50  # page URLs per sitemap unit: a few minutes of polite fetching


@dataclass(frozen=True)
class Request:
    """What the user asked for; `since`/`until` as typed (the job id) and resolved."""

    kind: str  # warc | sitemap
    inputs: tuple[str, ...]  # WARC files, URLs or path lists; or source names
    topics: tuple[str, ...] = ()
    since: tuple[str, str] | None = None  # (as typed, ISO)
    until: tuple[str, str] | None = None
    batch: int = SITEMAP_BATCH

    def command(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "inputs": list(self.inputs),
            "topics": sorted(self.topics),
            "since": self.since[0] if self.since else None,
            "until": self.until[0] if self.until else None,
            "batch": self.batch if self.kind == "sitemap" else None,
        }


@dataclass(frozen=True)
class Engine:
    name: str = "local"
    workers: int | None = None
    scheduler: str | None = None

    def fetchers(self) -> int:
        """How many workers may fetch from one host at once (see `web`)."""
        if self.name == "local":
            return worker_count(self.workers)
        return self.workers or (1 if self.scheduler else 2)


@dataclass
class Progress:
    units: int  # to run in this invocation
    settled: int = 0
    pages: int = 0
    articles: int = 0
    merged: int = 0


@dataclass
class RunSummary:
    job: str
    units: int
    already_done: int
    done: int = 0
    failed: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    merge: MergeSummary = field(default_factory=MergeSummary)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "units": self.units,
            "already_done": self.already_done,
            "done": self.done,
            "failed": self.failed,
            "pages": dict(self.counts),
            "merged_shards": self.merge.shards,
            "imported": self.merge.imported,
            "duplicates": self.merge.duplicates,
            "revised": self.merge.revised,
            "errors": len(self.errors) + len(self.merge.errors),
        }


def plan_job(
    request: Request, database: str | Path, config: Config | None
) -> tuple[Job, list[str]]:
    """The job for this request: found again when it was planned before, else planned now
    (reading CC-NEWS path lists, or the sources' sitemaps). Returns planning errors too."""
    command = request.command()
    directory = state_root(database) / job_id(database, command)
    job = Job.find(directory)
    if job is not None:
        return job, []
    settings = config.settings if config else Settings()
    if request.kind == "warc":
        files, errors = archive_files(list(request.inputs), settings)
        units = [Unit(i, "warc", (f,)) for i, f in enumerate(files)]
    else:
        assert config is not None
        bounds = Bounds.of(request.since and request.since[1], request.until and request.until[1])
        scan = scan_sources([config.source(n) for n in request.inputs], bounds, settings)
        errors = scan.errors
        batches = [
            scan.urls[i : i + request.batch] for i in range(0, len(scan.urls), request.batch)
        ]
        units = [Unit(i, "sitemap", tuple(batch)) for i, batch in enumerate(batches)]
    meta = {
        "kind": request.kind,
        "command": command,
        "database": str(Path(database).resolve()),
        "created": utc_now_iso(),
        "topics": list(request.topics),
        "since": request.since[1] if request.since else None,
        "until": request.until[1] if request.until else None,
    }
    return Job.create(directory, meta, units), errors


def run_job(
    job: Job,
    db: sqlite_utils.Database,
    config: Config | None,
    engine: Engine = Engine(),
    progress: Callable[[Progress], None] | None = None,
) -> RunSummary:
    """Run the units not done yet and merge every shard not merged yet, in plan order."""
    job.remove_leftovers()
    plan = job.plan()
    context = task_context(
        config, tuple(plan["topics"]), plan["since"], plan["until"], fetchers=engine.fetchers()
    )
    units = job.units()
    pending = [u for u in units if not job.is_done(u.index) and not job.is_merged(u.index)]
    unsettled = {u.index for u in pending}
    summary = RunSummary(job.id, len(units), len(units) - len(pending))
    status = Progress(len(pending))
    report = progress or (lambda _status: None)

    def merge() -> None:
        merged = merge_ready(
            job,
            db,
            unsettled=unsettled,
            topics=rules(config.topics) if config else (),
            story_window=config.settings.story_window if config else 72 * 3600.0,
        )
        summary.merge.add(merged)
        status.merged += merged.imported

    merge()  # shards a killed run left done but not merged
    report(status)
    for result in run_units(
        pending, context, engine=engine.name, workers=engine.workers, scheduler=engine.scheduler
    ):
        _record(job, result, summary)
        unsettled.discard(result.index)
        status.settled += 1
        status.pages += result.counts.get("pages", 0)
        status.articles += result.counts.get("articles", 0)
        merge()
        report(status)
    return summary


def _record(job: Job, result: UnitResult, summary: RunSummary) -> None:
    if result.failed is not None:
        job.record_failed(result.index, result.failed)
        summary.failed += 1
        summary.errors.append(result.failed)
        return
    job.record_done(result.index, result.shard, result.summary())
    summary.done += 1
    summary.counts.update(result.counts)
    summary.errors.extend(result.errors)
