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
from .cjk import has_cjk
from .stems import MARK, STEM_COLUMNS, STEMMERS, query_stems
from .topics import check_query, fts_query

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
) -> list[tuple[int, float, int | None]]:
    """The best `wanted` rows with low < id <= high: stories when collapsing, else articles
    grouped by story (newest first: articles, as they come). Both read the ranking in pages
    until they have `wanted` stories or the matches run out: a fixed over-fetch came back
    short whenever one story held many of the best matches."""
    if request.newest_first and not request.collapse:
        return _ranked(db, request, planned, low, high, limit=wanted)
    batch = wanted * OVERFETCH
    ranked: list[tuple[int, float, int | None]] = []
    while True:
        rows = _ranked(db, request, planned, low, high, limit=batch, offset=len(ranked))
        ranked.extend(rows)
        best = _collapse(ranked)
        if len(best) >= wanted or len(rows) < batch:
            break
    if request.collapse:
        return best
    stories = [story for _, _, story in best[:wanted] if story is not None]
    members = _ranked(db, request, planned, low, high, limit=-1, stories=stories)
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
) -> list[tuple[int, float, int | None]]:
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
        stories=stories,
    )


_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def plain_words(query: str) -> list[str] | None:
    """The words of a query written as plain words (letters and digits, no quotes, operators,
    column filters, prefixes or parentheses); None for a query in the FTS5 syntax."""
    words = query.split()
    if all(word.isalnum() and word not in _OPERATORS for word in words):
        return words
    return None


def plan(query: str, languages: Sequence[str] = tuple(STEMMERS)) -> tuple[str, list[str]]:
    """(MATCH expression, coverage terms) for a query. A query in FTS5 syntax runs exactly as
    written. Plain words become "any of them", each as written or in another form of the
    word (its stem in the article's language), and the coverage terms rank the articles
    with all the words first, then those with most: requiring every word left an analyst's
    five-word query with two results, and one missing word emptied it."""
    words = plain_words(query)
    if words is None:
        return fts_query(query), []
    terms = [_word_term(word, languages) for word in dict.fromkeys(words)]
    return " OR ".join(terms), terms if len(terms) > 1 else []


def _word_term(word: str, languages: Sequence[str]) -> str:
    """One plain word as an FTS5 expression: as written, or as any of its stems in
    `languages` (those the archive holds)."""
    if has_cjk(word):
        return f"({fts_query(word)})"
    stems = query_stems(word, languages)
    if not stems:
        return f'"{word}"'
    forms = " OR ".join(f'"{stem}"' for stem in stems)
    return f'("{word}" OR {{{" ".join(STEM_COLUMNS.values())}}}: ({forms}))'


def _grouped(
    best: list[tuple[int, float, int | None]], members: list[tuple[int, float, int | None]]
) -> list[tuple[int, float, int | None]]:
    """Each story's matching `members` (in their ranked order) in the place of its `best`
    article; articles without a story stay where they are."""
    by_story: dict[int, list[tuple[int, float, int | None]]] = {}
    for row in members:
        if row[2] is not None:
            by_story.setdefault(row[2], []).append(row)
    grouped = []
    for row in best:
        grouped.extend(by_story.get(row[2], [row]) if row[2] is not None else [row])
    return grouped


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
