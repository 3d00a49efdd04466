"""Search the archive: BM25 with the headline weighted over the body, recent first.

FTS5 must score every matching row to rank by BM25 — about 2.5 µs a match, so a company name
that occurs in a quarter of a 200k archive costs over 100 ms. News readers want recent
coverage anyway, so ranking happens in windows of the newest rows: the newest window is ranked
first, and older windows are only searched while the results are still too few. A narrow query
ends up ranking the whole archive (it has few matches, so that is cheap); a broad one stops
after a recent window (so it stays fast); `all_time` ranks the whole archive at once.
Results are collapsed to one row per story: the ranked matches of a window are read page by
page until enough stories are found, so a big story never eats the rows of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from . import store
from .topics import check_query

TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
FIRST_WINDOW = 5_000  # articles ranked in the first, most recent window
OVERFETCH = 4  # ranked rows read per wanted story at a time (a story may fill several)
# the keys of a result row (JSON, CSV): a CSV without results still has its header
RESULT_FIELDS = (
    "id",
    "title",
    "url",
    "source",
    "published_at",
    "story_id",
    "score",
    "snippet",
    "other_outlets",
)


@dataclass
class SearchRequest:
    query: str
    topic: str | None = None
    sources: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    limit: int = 20
    offset: int = 0
    collapse: bool = True
    newest_first: bool = False
    all_time: bool = False


@dataclass
class Hit:
    id: int
    title: str
    url: str
    source: str
    published_at: str | None
    story_id: int | None
    score: float
    title_marked: str
    snippet_marked: str
    other_outlets: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published_at": self.published_at,
            "story_id": self.story_id,
            "score": round(self.score, 4),
            "snippet": strip_marks(self.snippet_marked),
            "other_outlets": self.other_outlets,
        }


def strip_marks(text: str) -> str:
    return text.replace("\x02", "").replace("\x03", "")


def search(db: sqlite_utils.Database, request: SearchRequest) -> list[Hit]:
    """Run a search; raises topics.QueryError for a query FTS5 cannot parse."""
    check_query(request.query)
    floor, top = store.id_range(db, request.since, request.until)
    wanted = request.offset + request.limit
    window = top - floor if request.all_time else FIRST_WINDOW
    while True:
        low = max(floor, top - window)
        page = _rank_window(db, request, low, top, wanted)
        if low <= floor or len(page) >= wanted:
            break
        window *= 8
    page = page[request.offset : wanted]
    details = store.search_details(db, request.query, [article_id for article_id, _, _ in page])
    hits = [Hit(**details[article_id], score=score) for article_id, score, _ in page]
    if request.newest_first:
        hits.sort(key=lambda h: (h.published_at or "", h.id), reverse=True)
    if request.collapse:
        for hit in hits:
            if hit.story_id is not None:
                hit.other_outlets = store.story_outlets(db, hit.story_id, exclude=hit.source)
    return hits


def _rank_window(
    db: sqlite_utils.Database, request: SearchRequest, low: int, high: int, wanted: int
) -> list[tuple[int, float, int | None]]:
    """The best `wanted` rows (stories, when collapsing) with low < id <= high. Collapsing
    reads the ranking in pages until it has `wanted` stories or the matches run out: a fixed
    over-fetch came back short whenever one story held many of the best matches."""
    batch = wanted * (OVERFETCH if request.collapse else 1)
    ranked: list[tuple[int, float, int | None]] = []
    while True:
        rows = store.search_ids(
            db,
            request.query,
            low=low,
            high=high,
            limit=batch,
            offset=len(ranked),
            title_weight=TITLE_WEIGHT,
            text_weight=TEXT_WEIGHT,
            topic=request.topic,
            sources=request.sources,
            since=request.since,
            until=request.until,
            newest_first=request.newest_first,
        )
        ranked.extend(rows)
        page = _collapse(ranked) if request.collapse else ranked
        if len(page) >= wanted or len(rows) < batch:
            return page


def _collapse(ranked: list[tuple[int, float, int | None]]) -> list[tuple[int, float, int | None]]:
    """One row per story: the best-ranked article stands for it."""
    seen: set[int] = set()
    kept = []
    for row in ranked:
        story = row[2]
        if story is not None and story in seen:
            continue
        if story is not None:
            seen.add(story)
        kept.append(row)
    return kept
