"""Each source's learned template: the blocks of text seen on its pages (see `template`)."""

from __future__ import annotations

import sqlite_utils

from ..template import MEMORY_PER_SOURCE, PageBlocks
from .connection import transaction


def template_memory(
    db: sqlite_utils.Database, source_id: int, min_pages: int = 1
) -> dict[str, int]:
    """Block key → distinct pages of the source it was seen on, for the blocks seen on at
    least `min_pages`: extraction needs only those, and reads them for every page."""
    rows = db.execute(
        "SELECT block, pages FROM template_blocks WHERE source_id = ? AND pages >= ?",
        [source_id, min_pages],
    ).fetchall()
    return dict(rows)


def remember_blocks(db: sqlite_utils.Database, source_id: int, seen: PageBlocks, now: str) -> None:
    """Count the page once for each of its blocks (not again when it is the page that last
    counted it), then forget the least recently seen blocks beyond the bound. The count is
    done here, in one statement per block, so that two pages of one source extracted at the
    same time both count."""
    with transaction(db):
        db.conn.executemany(
            """
            INSERT INTO template_blocks (source_id, block, pages, last_page, last_seen)
            VALUES (?, ?, 1, ?, ?)
            ON CONFLICT (source_id, block) DO UPDATE SET
                pages = pages + (last_page != excluded.last_page),
                last_page = excluded.last_page,
                last_seen = excluded.last_seen
            """,
            [(source_id, block, seen.page, now) for block in seen.blocks],
        )
        db.conn.execute(
            """
            DELETE FROM template_blocks WHERE source_id = ? AND block IN (
                SELECT block FROM template_blocks WHERE source_id = ?
                ORDER BY last_seen DESC LIMIT -1 OFFSET ?
            )
            """,
            [source_id, source_id, MEMORY_PER_SOURCE],
        )
