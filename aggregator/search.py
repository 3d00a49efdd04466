"""Search the archive: BM25 with the headline weighted over the body, recent first.

FTS5 must score every matching row to rank by BM25 — about 2.5 µs a match, so a company name
that occurs in a quarter of a 200k archive costs over 100 ms. News readers want recent
coverage anyway, so ranking happens in windows of the newest rows: the newest window is ranked
first, and older windows are only searched while the results are still too few. A narrow query
ends up ranking the whole archive (it has few matches, so that is cheap); a broad one stops
after a recent window (so it stays fast); `all_time` ranks the whole archive at once.
Results are collapsed to one row per story: the ranked matches of a window are read page by
page until enough stories are found, so a big story never eats the rows of the others.
Without collapsing, a story's matching articles are listed together, in the place of its best
one: coverage of one event in other languages or other words (a German report that shares
only the names with an English query) comes right after the article that matched best,
instead of after every article that shares more of the query's words with another event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from . import store
from .search_query import (
    NEVER,
    apostrophe_joins,
    holds,
    in_headline,
    phrase_pattern,
    plain_words,
    plan,
    split_phrases,
)
from .stems import MARK, STEMMERS

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


Ranked = tuple[int, float, int | None]  # (article id, BM25 score, story id)


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
    """Run a search (see `search_query` for what a query means); raises topics.QueryError
    for a query FTS5 cannot parse."""
    plain = plain_words(request.query) is not None  # only plain words look for word forms
    languages = store.indexed_languages(db, list(STEMMERS), MARK) if plain else ()
    match, coverage = plan(request.query, languages)
    floor, top = store.id_range(db, request.since, request.until)
    wanted = request.offset + request.limit
    window = top - floor if request.all_time else FIRST_WINDOW
    while True:
        low = max(floor, top - window)
        page = _rank_window(db, request, (match, coverage), low, top, wanted)
        if low <= floor or len(page) >= wanted:
            break
        window *= 8
    page = page[request.offset : wanted]
    ids = [article_id for article_id, _, _ in page]
    details = store.search_details(db, match, request.query, ids)
    hits = [Hit(**details[article_id], score=score) for article_id, score, _ in page]
    if request.newest_first:
        hits.sort(key=lambda h: (h.published_at or "", h.id), reverse=True)
    if request.collapse:
        for hit in hits:
            if hit.story_id is not None:
                hit.other_outlets = store.story_outlets(db, hit.story_id, exclude=hit.source)
    return hits


def _rank_window(
    db: sqlite_utils.Database,
    request: SearchRequest,
    planned: tuple[str, list[str]],
    low: int,
    high: int,
    wanted: int,
) -> list[Ranked]:
    """The best `wanted` rows with low < id <= high: stories when collapsing, else articles
    grouped by story (newest first: articles, as they come). Both read the ranking in pages
    until they have `wanted` stories or the matches run out: a fixed over-fetch came back
    short whenever one story held many of the best matches."""
    phrases = split_phrases(request.query)
    as_they_come = request.newest_first and not request.collapse
    batch = wanted * (1 if as_they_come else OVERFETCH)
    ranked: list[Ranked] = []
    read = 0
    while True:
        rows = _ranked(db, request, planned, low, high, limit=batch, offset=read)
        read += len(rows)
        ranked.extend(_without_split_phrases(db, rows, planned[0], phrases))
        best = ranked if as_they_come else _collapse(ranked)
        if len(best) >= wanted or len(rows) < batch:
            break
    if request.collapse or as_they_come:
        return best
    stories = [story for _, _, story in best[:wanted] if story is not None]
    members = _ranked(db, request, planned, low, high, limit=-1, stories=stories)
    members = _without_split_phrases(db, members, planned[0], phrases)
    return _grouped(best, members)[:wanted]


def _ranked(
    db: sqlite_utils.Database,
    request: SearchRequest,
    planned: tuple[str, list[str]],
    low: int,
    high: int,
    *,
    limit: int,
    offset: int = 0,
    stories: Sequence[int] = (),
) -> list[Ranked]:
    """One page of the ranked matches with low < id <= high (of `stories` only, if given)."""
    return store.search_ids(
        db,
        planned[0],
        low=low,
        high=high,
        limit=limit,
        offset=offset,
        title_weight=TITLE_WEIGHT,
        text_weight=TEXT_WEIGHT,
        topic=request.topic,
        sources=request.sources,
        since=request.since,
        until=request.until,
        newest_first=request.newest_first,
        coverage=planned[1],
        headline_coverage=[in_headline(term) for term in planned[1]],
        stories=stories,
    )


def _without_split_phrases(
    db: sqlite_utils.Database,
    rows: list[Ranked],
    match: str,
    phrases: Sequence[str],
) -> list[Ranked]:
    """`rows` less those the query matched only through a phrase that their text holds
    across an apostrophe ("model s" in "the model's range"): such a row stays when the query
    matches it without that phrase (`"model s" OR range`)."""
    if not phrases or not rows:
        return rows
    absent: dict[int, list[str]] = {}
    for phrase in phrases:
        texts = store.texts_containing(db, [row[0] for row in rows], apostrophe_joins(phrase))
        pattern = phrase_pattern(phrase)
        for article_id in store.matching_ids(db, phrase, list(texts)):
            if not holds(pattern, *texts[article_id]):
                absent.setdefault(article_id, []).append(phrase)
    kept: set[int] = set()
    for article_id, missing in absent.items():
        without = match
        for phrase in missing:
            without = without.replace(phrase, NEVER)
        kept |= store.matching_ids(db, without, [article_id])
    return [row for row in rows if row[0] not in absent or row[0] in kept]


def _grouped(best: list[Ranked], members: list[Ranked]) -> list[Ranked]:
    """Each story's matching `members` (in their ranked order) in the place of its `best`
    article; articles without a story stay where they are."""
    by_story: dict[int, list[Ranked]] = {}
    for row in members:
        if row[2] is not None:
            by_story.setdefault(row[2], []).append(row)
    grouped = []
    for row in best:
        grouped.extend(by_story.get(row[2], [row]) if row[2] is not None else [row])
    return grouped


def _collapse(ranked: list[Ranked]) -> list[Ranked]:
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
