"""Shards into the database, in plan order, through the one writer (`importer.import_files`).

Plan order, not completion order: which unit a worker finishes first depends on the engine
and the machine, and the writer's decisions (which copy is the original, which story an
article joins) depend on the order it sees articles in. Merging the units in the order they
were planned, as soon as every unit before them has settled, gives the same database from
any engine, and from a killed and resumed job.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import sqlite_utils

from ..importer import import_files
from ..topics import TopicRule
from .plan import Job


@dataclass
class MergeSummary:
    shards: int = 0
    imported: int = 0
    duplicates: int = 0
    revised: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: MergeSummary) -> None:
        self.shards += other.shards
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.revised += other.revised
        self.errors.extend(other.errors)


def merge_ready(
    job: Job,
    db: sqlite_utils.Database,
    *,
    unsettled: Collection[int] = (),
    topics: Sequence[TopicRule] = (),
    story_window: float = 72 * 3600.0,
    on_article: Callable[[int], None] | None = None,
) -> MergeSummary:
    """Merge the done, unmerged shards that no `unsettled` unit precedes; a unit that failed
    has nothing to merge and holds nothing up."""
    ready = []
    for unit in job.units():
        if unit.index in unsettled:
            break
        if not job.is_merged(unit.index) and job.is_done(unit.index):
            ready.append(unit.index)
    results = import_files(
        db,
        [job.path(index, "jsonl") for index in ready],
        story_window=story_window,
        topics=topics,
        on_article=on_article,
    )
    summary = MergeSummary()
    for index, result in zip(ready, results, strict=True):  # each once it is committed
        job.record_merged(
            index,
            {
                "imported": result.imported,
                "duplicates": result.duplicates,
                "revised": result.revised,
            },
        )
        summary.add(
            MergeSummary(1, result.imported, result.duplicates, result.revised, result.errors)
        )
    return summary
