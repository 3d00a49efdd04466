"""What `search` reads: id windows by date, ranked FTS5 matches, and the rows to show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from ..cjk import excerpt, has_cjk, mark
from ..topics import query_words
from .connection import _dicts

# the shadow columns (CJK bigrams, stems) weigh as much as the columns they shadow
_BM25 = "bm25(articles_fts, :tw, :xw, :tw, :xw, :tw, :xw)"


def indexed_languages(db: sqlite_utils.Database, tags: Sequence[str], mark: str) -> list[str]:
    """Which of the language `tags` have stems in the index (`stems.MARK` joins a tag to
    its stems): one seek per tag in FTS5's vocabulary, so a query only asks for word forms
    in languages the archive holds. The vocabulary table lives in `temp`: nothing is added
    to the file."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_fts_vocabulary "
        "USING fts5vocab(main, articles_fts, 'row')"
    )
    after_mark = chr(ord(mark) + 1)
    return [
        tag
        for tag in tags
        if db.execute(
            "SELECT 1 FROM temp.articles_fts_vocabulary WHERE term >= ? AND term < ? LIMIT 1",
            [tag + mark, tag + after_mark],
        ).fetchone()
    ]


def max_article_id(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])


def id_range(db: sqlite_utils.Database, since: str | None, until: str | None) -> tuple[int, int]:
    """(low, high] ids that can hold articles dated in [since, until): an index lookup that
    lets a date-bounded search rank only that slice of the archive."""
    if not since and not until:
        return 0, max_article_id(db)
    row = db.execute(
        "SELECT MIN(id), MAX(id) FROM articles "
        "WHERE COALESCE(published_at, fetched_at) >= :since "
        "AND COALESCE(published_at, fetched_at) < :until",
        {"since": since or "", "until": until or "9999"},
    ).fetchone()
    if row[0] is None:
        return 0, 0
    return int(row[0]) - 1, int(row[1])


def search_ids(
    db: sqlite_utils.Database,
    match: str,
    *,
    low: int,
    high: int,
    limit: int,
    offset: int = 0,
    title_weight: float,
    text_weight: float,
    topic: str | None,
    sources: Sequence[str],
    since: str | None,
    until: str | None,
    newest_first: bool,
    coverage: Sequence[str] = (),
    headline_coverage: Sequence[str] = (),
    stories: Sequence[int] = (),
) -> list[tuple[int, float, int | None]]:
    """(id, BM25 score, story id) of the best (or newest) matches with low < id <= high,
    from the `offset`-th on (ties broken by id, so pages follow each other exactly).
    The shadow columns (CJK bigrams, stems) weigh as much as the columns they shadow. Within a
    topic, the articles with the highest relevance score for it come first, BM25 after.

    `match` is the MATCH expression as `search` planned it. With `coverage` (one expression
    per word of a plain query), the rows matching more of them come first, whatever else
    orders them; among those matching as many, the rows matching more of `headline_coverage`
    (the same words, in the headline). With `stories`, only the articles of those stories
    (`limit` -1: all of them).

    Ranking touches the FTS index alone when there is no filter; snippets and highlights
    are made later for the page shown, not for every match (that was 4/5 of the cost)."""
    params: dict[str, Any] = {
        "query": match,
        "low": low,
        "high": high,
        "limit": limit,
        "offset": offset,
        "tw": title_weight,
        "xw": text_weight,
    }
    filters: list[str] = []
    join, relevance = "", ""
    if topic:
        # within a topic, the articles most about it first (their stored relevance score)
        join = "JOIN article_topics t ON t.article_id = a.id AND t.topic = :topic "
        relevance = "t.score DESC, "
        params["topic"] = topic
    if sources:
        marks = ", ".join(f":src{i}" for i in range(len(sources)))
        filters.append(f"a.source_id IN (SELECT id FROM sources WHERE name IN ({marks}))")
        params.update({f"src{i}": name for i, name in enumerate(sources)})
    if since:
        filters.append("COALESCE(a.published_at, a.fetched_at) >= :since")
        params["since"] = since
    if until:
        filters.append("COALESCE(a.published_at, a.fetched_at) < :until")
        params["until"] = until
    params.update({f"story{i}": story for i, story in enumerate(stories)})
    condition = f"articles_fts MATCH :query AND {_rows('articles_fts.rowid', len(stories))}"
    covered, first = _coverage(coverage, headline_coverage, params)
    if not filters and not topic:
        order = first + ("articles_fts.rowid DESC" if newest_first else "score")
        ranked = db.execute(
            f"SELECT articles_fts.rowid, {_BM25} AS score{covered} "
            f"FROM articles_fts WHERE {condition} ORDER BY {order}, articles_fts.rowid DESC "
            "LIMIT :limit OFFSET :offset",
            params,
        ).fetchall()
        stories = _story_ids(db, [r[0] for r in ranked])
        return [(int(r[0]), float(r[1]), stories.get(r[0])) for r in ranked]
    order = first + (
        "COALESCE(a.published_at, a.fetched_at) DESC, a.id DESC"
        if newest_first
        else f"{relevance}score"
    )
    ranked = db.execute(
        f"SELECT a.id, {_BM25} AS score, a.story_id{covered} "
        f"FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid {join}"
        f"WHERE {' AND '.join([condition, *filters])} ORDER BY {order}, a.id DESC "
        "LIMIT :limit OFFSET :offset",
        params,
    ).fetchall()
    return [(int(r[0]), float(r[1]), r[2]) for r in ranked]


def _rows(rowid: str, stories: int) -> str:
    """The condition on the index's rows: the id window, and with `stories` (as many
    `:storyN` parameters) only their articles. Unary `+`: a filter on the window's matches
    before BM25 scores them (18 ms for 20 stories where 'battery' matches 3,000 rows of the
    window); as a rowid constraint FTS5 re-ran the MATCH per article (190 ms)."""
    window = f"{rowid} > :low AND {rowid} <= :high"
    if not stories:
        return window
    marks = ", ".join(f":story{i}" for i in range(stories))
    return f"{window} AND +{rowid} IN (SELECT id FROM articles WHERE story_id IN ({marks}))"


def _coverage(
    terms: Sequence[str], headline_terms: Sequence[str], params: dict[str, Any]
) -> tuple[str, str]:
    """(select columns, order prefix) counting how many of `terms`, then of `headline_terms`,
    each row matches: one lookup per term within the same id window, so it costs what that
    term's matches cost."""
    if not terms:
        return "", ""
    columns, order = [], []
    for name, expressions in (("coverage", terms), ("headline", headline_terms)):
        counted = []
        for i, term in enumerate(expressions):
            params[f"{name}{i}"] = term
            counted.append(
                f"(articles_fts.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts "
                f"MATCH :{name}{i} AND rowid > :low AND rowid <= :high))"
            )
        if counted:
            columns.append(f"{' + '.join(counted)} AS {name}")
            order.append(f"{name} DESC, ")
    return "".join(f", {column}" for column in columns), "".join(order)


def _story_ids(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, int | None]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return dict(db.execute(f"SELECT id, story_id FROM articles WHERE id IN ({marks})", list(ids)))


def matching_ids(db: sqlite_utils.Database, match: str, ids: Sequence[int]) -> set[int]:
    """Which of `ids` the MATCH expression finds (see `search_details` for the `+rowid`)."""
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ? "
        f"AND +rowid IN ({marks})",
        [match, min(ids), max(ids), *ids],
    )
    return {row[0] for row in rows}


def texts_containing(
    db: sqlite_utils.Database, ids: Sequence[int], fragments: Sequence[str]
) -> dict[int, tuple[str | None, str | None]]:
    """(title, text) of those of `ids` whose title or text holds one of `fragments` (LIKE:
    ignoring the case of ASCII letters): a cheap first sieve, in C, before Python reads any
    text."""
    if not ids or not fragments:
        return {}
    marks = ", ".join("?" for _ in ids)
    like = " OR ".join("title LIKE ? OR text LIKE ?" for _ in fragments)
    patterns = [f"%{fragment}%" for fragment in fragments for _ in range(2)]
    rows = db.execute(
        f"SELECT id, title, text FROM articles WHERE id IN ({marks}) AND ({like})",
        [*ids, *patterns],
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def search_details(
    db: sqlite_utils.Database, match: str, query: str, ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Title with the matches marked and a snippet, for the articles on the page only
    (`match`: the MATCH expression that found them; `query`: as the user wrote it).

    `+rowid IN (…)`: the unary plus keeps FTS5 from re-running the MATCH once per id; the
    rowid range lets it read only the stretch of the index the page comes from."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, s.name AS source, a.published_at, a.story_id, "
            "highlight(articles_fts, 0, char(2), char(3)) AS title_marked, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet_marked, a.text "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "JOIN sources s ON s.id = a.source_id "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? "
            f"AND +articles_fts.rowid IN ({marks})",
            [match, min(ids), max(ids), *ids],
        )
    )
    return {row["id"]: mark_cjk(row, query) for row in rows}


def mark_cjk(row: dict[str, Any], query: str) -> dict[str, Any]:
    """Rows of CJK text get their title and snippet marked here (highlight() cannot: see
    `cjk.mark`), the snippet an excerpt around the first match: snippet() counts in tokens,
    and a whole run of CJK characters, often a sentence, is one token. Other rows keep
    FTS5's marks. Drops the row's `text`, which is only fetched for this."""
    text = row.pop("text")
    if not has_cjk(row["title_marked"]) and not has_cjk(row["snippet_marked"]):
        return row
    words = query_words(query)
    title = row["title_marked"].replace("\x02", "").replace("\x03", "")
    snippet = row["snippet_marked"].replace("\x02", "").replace("\x03", "")
    row["title_marked"] = mark(title, words)
    row["snippet_marked"] = mark(excerpt(text, words) or snippet, words)
    return row


def story_outlets(db: sqlite_utils.Database, story_id: int, exclude: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT s.name FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE a.story_id = ? AND s.name != ? ORDER BY s.name",
            [story_id, exclude],
        )
    ]
