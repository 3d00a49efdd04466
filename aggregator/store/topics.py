"""Topic tags: tagging a new article, retagging a topic over the archive, counts per topic.

A tag carries the article's relevance score for the topic. A topic with terms is scored by
`relevance` in Python, on the candidates its search-index query finds; a `query` topic tags
every match, scored by where the query matches (headline or text only).
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from ..relevance import (
    QUERY_TEXT_SCORE,
    QUERY_TITLE_SCORE,
    Evidence,
    Folded,
    Reading,
    Scanner,
    evaluate,
    folded,
    scanner,
    tag_score,
)
from ..stems import MARK, STEMMERS
from ..topics import TopicRule, candidate_query, fts_query, tagging_query
from .connection import _dicts, database_file, transaction
from .searching import indexed_languages, mark_cjk

_CANDIDATE_BATCH = 500


def tag_articles(
    db: sqlite_utils.Database, article_ids: Sequence[int], topics: Sequence[TopicRule]
) -> None:
    """File stored articles under every topic they are about, replacing their tags: the
    batch entry point for writers."""
    ids = sorted(article_ids)
    for first in range(0, len(ids), _CANDIDATE_BATCH):
        chunk = ids[first : first + _CANDIDATE_BATCH]
        marks = ", ".join("?" for _ in chunk)
        found = db.execute(
            "SELECT a.id, s.name FROM articles a JOIN sources s ON s.id = a.source_id "
            f"WHERE a.id IN ({marks})",
            chunk,
        ).fetchall()
        _tag_batch(db, {int(article_id): name for article_id, name in found}, topics)


def _tag(
    db: sqlite_utils.Database, article_id: int, source_name: str, topics: Sequence[TopicRule]
) -> None:
    """File an article under every topic it is about, with its score."""
    _tag_batch(db, {article_id: source_name}, topics)


def _tag_batch(
    db: sqlite_utils.Database, sources: dict[int, str], topics: Sequence[TopicRule]
) -> None:
    """File articles (id → its source's name) under every topic they are about.

    Search-index questions are asked once per topic over each run of consecutive ids (a
    batch of new articles is one run: FTS5 seeks to the rowid range) instead of once per
    article. A topic with terms reads each article itself (folded and scanned once for all
    topics) instead of asking the index whether it is a candidate: for one article FTS5
    costs a lookup per word of the topic's query (~0.4 ms a topic, more with word forms),
    the reading ~0.05 ms, and it decides the same (what the reading finds, the index
    finds)."""
    ids = sorted(sources)
    db.conn.executemany("DELETE FROM article_topics WHERE article_id = ?", [(i,) for i in ids])
    runs = list(_runs(ids))
    articles: dict[int, tuple[Folded, Reading]] = {}
    read = _scanner(topics)
    rows: list[tuple[int, str, float]] = []
    for topic in topics:
        among = {i for i in ids if topic.applies_to(sources[i])}
        if topic.exclude and among:
            among -= _matching(db, topic.exclude, runs, among)
        if topic.focus is None:
            matched = _matching(db, topic.query, runs, among) if among else set()
            in_title = (
                _matching(db, candidate_query(topic, in_title=True), runs, matched)
                if matched
                else set()
            )
            rows += [
                (i, topic.name, QUERY_TITLE_SCORE if i in in_title else QUERY_TEXT_SCORE)
                for i in sorted(matched)
            ]
            continue
        for i in sorted(among):
            if i not in articles:
                article = folded(
                    *db.execute(
                        "SELECT title, text, language FROM articles WHERE id = ?", [i]
                    ).fetchone()
                )
                articles[i] = (article, read.read(article))
            score = tag_score(topic.focus, *articles[i])
            if score is not None:
                rows.append((i, topic.name, score))
    _insert_tags(db, rows)


def _matching(
    db: sqlite_utils.Database, query: str, runs: list[tuple[int, int]], among: set[int]
) -> set[int]:
    """Which articles of `among` the search query matches, asked once per run of
    consecutive ids (`runs`)."""
    found: set[int] = set()
    for first, last in runs:
        rows = db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?",
            [fts_query(query), first, last],
        )
        found.update(int(row[0]) for row in rows)
    return found & among


def _runs(ids: list[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers in ascending `ids`."""
    start = 0
    for end in range(1, len(ids) + 1):
        if end == len(ids) or ids[end] != ids[end - 1] + 1:
            yield ids[start], ids[end - 1]
            start = end


def retag_topic(
    db: sqlite_utils.Database, topic: TopicRule, on_progress: Callable[[int], None] | None = None
) -> int:
    """Re-apply one topic to the whole archive in one transaction; returns its article count.

    Idempotent: the topic's tags are replaced, never added twice. Readers see the old tags
    until the new ones are complete. The topic's definition hash is recorded with them."""
    count = retag_topics(db, [topic])[topic.name]
    if on_progress:
        on_progress(count)
    return count


def retag_topics(db: sqlite_utils.Database, topics: Sequence[TopicRule]) -> dict[str, int]:
    """Re-apply several topics to the whole archive in one pass and one transaction;
    returns each one's article count. An article that is a candidate of several topics is
    read, folded and scanned once for all of them (`relevance.Scanner`), which is most of
    the cost of tagging many topics: see `retag_topic` for what a retag guarantees."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        counts = {}
        for topic in topics:
            if topic.focus is None:
                _delete_tags(db, [topic])
                counts[topic.name] = _tag_query_matches(db, topic)
        focused = [topic for topic in topics if topic.focus is not None]
        rebuilt = _indexes_to_rebuild(db, focused)

        def replace_old_tags() -> None:
            for name, _ in rebuilt:
                db.execute(f'DROP INDEX "{name}"')
            _delete_tags(db, focused)

        tagged: Counter[str] = Counter()
        # the old tags deleted while the first chunks are scored, the new ones stored while
        # the next are
        for rows in _scored_candidates(db, focused, replace_old_tags):
            _insert_tags(db, rows)
            tagged.update(name for _, name, _ in rows)
        for _, statement in rebuilt:
            db.execute(statement)
        counts.update(tagged)
        db.conn.executemany(
            "INSERT INTO topic_definitions (topic, definition_hash, tagged_at) VALUES (?, ?, ?) "
            "ON CONFLICT(topic) DO UPDATE SET definition_hash = excluded.definition_hash, "
            "tagged_at = excluded.tagged_at",
            [(topic.name, topic.definition_hash, now) for topic in topics],
        )
    return {topic.name: counts.get(topic.name, 0) for topic in topics}


def _indexes_to_rebuild(
    db: sqlite_utils.Database, topics: Sequence[TopicRule]
) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the tag table's secondary indexes (by article, by
    score) when a retag replaces at least half of its tags: dropped before the old tags
    are deleted and created again once the new ones are in, in the same transaction, so
    the schema ends as it was. Building an index from a table costs less than keeping it
    up to date row by row (291,299 tags at 200,000 articles: ~2 s of this process's CPU
    instead of ~3.5-4.5 s, deleting included). A retag of a few topics of many keeps them."""
    if not topics:
        return []
    marks = ", ".join("?" for _ in topics)
    replaced, total = db.execute(
        f"SELECT COUNT(*) FILTER (WHERE topic IN ({marks})), COUNT(*) FROM article_topics",
        [topic.name for topic in topics],
    ).fetchone()
    if replaced * 2 < total:
        return []
    return list(
        db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'article_topics' AND sql IS NOT NULL ORDER BY name"
        )
    )


def _delete_tags(db: sqlite_utils.Database, topics: Sequence[TopicRule]) -> None:
    db.conn.executemany(
        "DELETE FROM article_topics WHERE topic = ?", [(topic.name,) for topic in topics]
    )


def _scored_candidates(
    db: sqlite_utils.Database, topics: Sequence[TopicRule], meanwhile: Callable[[], None]
) -> Iterator[list[tuple[int, str, float]]]:
    """(article id, topic, score) of every article about one of the topics (with terms), a
    chunk of candidates at a time: each topic's candidates come from the search index, and
    each candidate article is read and scanned once for all the topics it is a candidate
    of (`_score`).

    A large archive is scored by one worker process per core (reading and scoring is
    CPU-bound Python; only this process writes): the candidates go out in chunks, and the
    tags come back to be stored while the workers go on. The candidates are asked for one
    part of the archive at a time (`_candidate_chunks`), so the workers score the first
    part while the index is asked about the next (asking it all first kept them waiting
    1.3-2.6 s at 200,000 articles). `meanwhile` runs once the scoring has started, before
    the first tags come (in this process's time, the workers scoring: deleting the old
    tags of 20 topics takes 0.7-3.6 s at 200,000 articles)."""
    ranges = _part_ranges(db)
    parts = _candidate_chunks(db, topics, ranges)
    first = next(parts, [])
    path = database_file(db)  # '' in memory
    workers = os.cpu_count() or 1
    expected = sum(map(len, first)) * len(ranges)  # candidate articles, about
    if expected < PARALLEL_FROM or not path or workers < 2:
        meanwhile()
        for chunks in (first, *parts):
            yield from (_score(db, topics, chunk) for chunk in chunks)
        return
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_open_for_scoring,
        initargs=(path, topics),
    ) as pool:
        scored = [pool.submit(_score_in_worker, chunk) for chunk in first]
        meanwhile()
        for chunks in parts:
            scored += [pool.submit(_score_in_worker, chunk) for chunk in chunks]
        yield from (future.result() for future in scored)


# Candidate articles from which a retag scores in worker processes (starting them and
# sending chunks and tags back and forth costs ~0.1 s), and how many go out at a time.
PARALLEL_FROM = 5_000
SCORED_CHUNK = 2_000
# The archive is asked for candidates in up to CANDIDATE_PARTS parts of consecutive ids,
# each of at least PART_ARTICLES (FTS5 seeks to an id range: four parts cost the index no
# more than one at 200,000 articles, a hundred 3.8x as much).
CANDIDATE_PARTS = 4
PART_ARTICLES = 20_000
_Chunk = list[tuple[int, list[int]]]  # (article id, numbers of the topics it is a candidate of)


def _candidate_chunks(
    db: sqlite_utils.Database, topics: Sequence[TopicRule], ranges: list[tuple[int, int]]
) -> Iterator[list[_Chunk]]:
    """The candidates of each part of the archive (`ranges` of ids), in chunks of
    SCORED_CHUNK articles in id order."""
    languages = _archive_languages(db)
    for id_range in ranges:
        wanted: dict[int, list[int]] = defaultdict(list)
        for number, topic in enumerate(topics):
            for article_id in _candidate_ids(db, topic, languages, id_range):
                wanted[article_id].append(number)
        ids = sorted(wanted)
        yield [
            [(i, wanted[i]) for i in ids[start : start + SCORED_CHUNK]]
            for start in range(0, len(ids), SCORED_CHUNK)
        ]


def _part_ranges(db: sqlite_utils.Database) -> list[tuple[int, int]]:
    """(first id, last id) of each part of the archive asked for candidates at once."""
    lowest, highest = db.execute("SELECT MIN(id), MAX(id) FROM articles").fetchone()
    if lowest is None:
        return []
    parts = max(1, min(CANDIDATE_PARTS, (highest - lowest + 1) // PART_ARTICLES))
    size = -(-(highest - lowest + 1) // parts)
    return [(start, min(start + size - 1, highest)) for start in range(lowest, highest + 1, size)]


_WORKER: dict[str, Any] = {}  # a scoring worker's connection and topics


def _open_for_scoring(path: str, topics: Sequence[TopicRule]) -> None:
    # imported in the worker only: `workers` imports trafilatura (~0.8 s), which nothing
    # else that imports the store needs
    from ..workers import _exit_with_parent

    _exit_with_parent()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    _WORKER.update(db=sqlite_utils.Database(connection), topics=topics)


def _score_in_worker(chunk: list[tuple[int, list[int]]]) -> list[tuple[int, str, float]]:
    return _score(_WORKER["db"], _WORKER["topics"], chunk)


def _score(
    db: sqlite_utils.Database, topics: Sequence[TopicRule], chunk: list[tuple[int, list[int]]]
) -> list[tuple[int, str, float]]:
    """The tags of a chunk of candidates, (article id, numbers of the topics it is a
    candidate of) in id order: each article read, folded and scanned once for all."""
    read = _scanner(topics)
    wanted = dict(chunk)
    rows = []
    for first in range(0, len(chunk), _CANDIDATE_BATCH):
        batch = [article_id for article_id, _ in chunk[first : first + _CANDIDATE_BATCH]]
        marks = ", ".join("?" for _ in batch)
        for article_id, title, text, language in db.execute(
            f"SELECT id, title, text, language FROM articles WHERE id IN ({marks})", batch
        ):
            article = folded(title, text, language)
            reading = read.read(article)
            for number in wanted[article_id]:
                focus = topics[number].focus
                assert focus is not None
                score = tag_score(focus, article, reading)
                if score is not None:
                    rows.append((article_id, topics[number].name, score))
    return rows


def _scanner(topics: Sequence[TopicRule]) -> Scanner:
    """One scanner for the terms of every topic that has terms (query topics have none)."""
    return scanner(tuple(topic.focus for topic in topics if topic.focus is not None))


def _insert_tags(db: sqlite_utils.Database, rows: Sequence[tuple[int, str, float]]) -> None:
    db.conn.executemany(
        "INSERT INTO article_topics (article_id, topic, score) VALUES (?, ?, ?)", rows
    )


def _candidate_ids(
    db: sqlite_utils.Database,
    topic: TopicRule,
    languages: Sequence[str],
    id_range: tuple[int, int] | None = None,
) -> list[int]:
    """The articles the search index hands to the scorer (`tagging_query`), of those
    with ids from `id_range[0]` to `id_range[1]` when given. A topic that requires its terms
    in the headline gets only the articles with a match there."""
    assert topic.focus is not None
    in_title = topic.focus.require == "title"
    conditions, params = _candidate_filter(
        topic, tagging_query(topic, languages, in_title=in_title)
    )
    if id_range is not None:
        conditions += " AND rowid BETWEEN :first_id AND :last_id"
        params.update(first_id=id_range[0], last_id=id_range[1])
    return [
        row[0] for row in db.execute(f"SELECT rowid FROM articles_fts WHERE {conditions}", params)
    ]


def _tag_query_matches(db: sqlite_utils.Database, topic: TopicRule) -> int:
    conditions, params = _candidate_filter(topic, candidate_query(topic))
    params["topic"] = topic.name
    cursor = db.execute(
        "INSERT INTO article_topics (article_id, topic, score) "
        f"SELECT rowid, :topic, {QUERY_TEXT_SCORE} FROM articles_fts WHERE {conditions}",
        params,
    )
    db.execute(
        f"UPDATE article_topics SET score = {QUERY_TITLE_SCORE} WHERE topic = :topic AND "
        "article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :title)",
        {"topic": topic.name, "title": fts_query(candidate_query(topic, in_title=True))},
    )
    return cursor.rowcount


def _archive_languages(db: sqlite_utils.Database) -> list[str]:
    """The languages the search index holds word forms in."""
    return indexed_languages(db, list(STEMMERS), MARK)


def _candidate_filter(topic: TopicRule, query: str) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over `articles_fts` that finds a topic's candidates: the articles
    `query` matches, less those its exclusion matches, from its sources."""
    conditions = ["articles_fts MATCH :query"]
    params: dict[str, Any] = {"query": fts_query(query)}
    if topic.exclude:
        conditions.append(
            "+rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :exclude)"
        )
        params["exclude"] = fts_query(topic.exclude)
    if topic.sources:
        marks = ", ".join(f":s{i}" for i in range(len(topic.sources)))
        conditions.append(
            # unary plus: a membership test, not a MATCH re-run per id (measured 60x faster)
            f"+rowid IN (SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id "
            f"WHERE s.name IN ({marks}))"
        )
        params.update({f"s{i}": name for i, name in enumerate(topic.sources)})
    return " AND ".join(conditions), params


def topic_evidence(
    db: sqlite_utils.Database, topic: TopicRule, limit: int | None = None
) -> Iterator[tuple[dict[str, Any], Evidence]]:
    """Every candidate of a topic with terms (newest first), with its evidence: what
    tagging decides on, and what `topics test` and `topics eval` show."""
    assert topic.focus is not None
    conditions, params = _candidate_filter(topic, candidate_query(topic, _archive_languages(db)))
    params["limit"] = -1 if limit is None else limit
    cursor = db.execute(
        "SELECT a.id, a.title, a.text, a.language, a.published_at, a.url, a.guid, "
        "s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id "
        f"WHERE a.id IN (SELECT rowid FROM articles_fts WHERE {conditions}) "
        "ORDER BY a.id DESC LIMIT :limit",
        params,
    )
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(_CANDIDATE_BATCH):
        for values in batch:
            article = dict(zip(names, values, strict=True))
            yield (
                article,
                evaluate(topic.focus, article["title"], article["text"], article["language"]),
            )


def candidate_count(db: sqlite_utils.Database, topic: TopicRule) -> int:
    """How many articles name one of the topic's words (what `topics test` lists; the
    scorer is handed fewer, `_candidate_ids`)."""
    conditions, params = _candidate_filter(topic, candidate_query(topic, _archive_languages(db)))
    return int(
        db.execute(f"SELECT COUNT(*) FROM articles_fts WHERE {conditions}", params).fetchone()[0]
    )


def changed_topics(db: sqlite_utils.Database, topics: Sequence[TopicRule]) -> list[TopicRule]:
    """The topics whose definition differs from the one their tags were made with."""
    stored = dict(db.execute("SELECT topic, definition_hash FROM topic_definitions").fetchall())
    return [t for t in topics if stored.get(t.name) != t.definition_hash]


def retag_changed(db: sqlite_utils.Database, topics: Sequence[TopicRule]) -> dict[str, int]:
    """Bring stored tags up to date with the config before new articles are tagged: the
    topics edited in sources.yaml are retagged (in one pass and one transaction), so the
    archive never holds old tags beside new ones."""
    changed = changed_topics(db, topics)
    return retag_topics(db, changed) if changed else {}


def drop_topic_tags(db: sqlite_utils.Database, keep: Sequence[str]) -> int:
    """Remove tags (and recorded definitions) of topics that are no longer in the config."""
    marks = ", ".join("?" for _ in keep) or "''"
    with transaction(db):
        cursor = db.execute(f"DELETE FROM article_topics WHERE topic NOT IN ({marks})", list(keep))
        db.execute(f"DELETE FROM topic_definitions WHERE topic NOT IN ({marks})", list(keep))
    return cursor.rowcount


def load_sample(db: sqlite_utils.Database, documents: Iterable[dict[str, Any]]) -> list[int]:
    """Store hand-labelled sample articles (title, text, language, source) in a scratch
    database, search index included (word forms too, as the writer stores them), so `topics
    eval` runs the very tagging code on them. Returns their ids in order."""
    from .articles import index_forms_of  # here: `articles` imports this module

    ids = []
    with transaction(db):
        for doc in documents:
            db.execute(
                "INSERT OR IGNORE INTO sources (name, poll_interval, created_at) VALUES (?, 0, '')",
                [doc["source"]],
            )
            source_id = db.execute("SELECT id FROM sources WHERE name = ?", [doc["source"]])
            row = {
                "url": doc["url"],
                "canonical_url": f"{doc['url']}#{len(ids)}",
                "source_id": source_id.fetchone()[0],
                "title": doc["title"],
                "text": doc["text"],
                "language": doc["language"],
                "published_at": doc.get("published"),
                "guid": doc.get("id"),
                "fetched_at": "",
                "extraction_status": "imported",
                **index_forms_of(doc["title"], doc["text"], doc["language"]),
            }
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cursor = db.execute(
                f"INSERT INTO articles ({columns}) VALUES ({marks})", list(row.values())
            )
            ids.append(int(cursor.lastrowid))
    return ids


def tagged_topic_names(db: sqlite_utils.Database) -> list[str]:
    """Topics with tagged articles, including those since removed from the config."""
    return [row[0] for row in db.execute("SELECT DISTINCT topic FROM article_topics")]


def topic_scores(db: sqlite_utils.Database, topic: str) -> dict[int, float]:
    """article id → score of the articles tagged with `topic`."""
    return dict(db.execute("SELECT article_id, score FROM article_topics WHERE topic = ?", [topic]))


def topic_counts(db: sqlite_utils.Database, topic: str, since: str | None) -> tuple[int, int]:
    """(articles, stories) tagged with `topic`, optionally only those published since `since`."""
    window = "AND COALESCE(a.published_at, a.fetched_at) >= ?" if since else ""
    params = [topic, since] if since else [topic]
    row = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT a.story_id) FROM article_topics t "
        f"JOIN articles a ON a.id = t.article_id WHERE t.topic = ? {window}",
        params,
    ).fetchone()
    return int(row[0]), int(row[1])


def query_matches(db: sqlite_utils.Database, query: str, limit: int) -> tuple[int, list[dict]]:
    """What a query matches among stored articles: total count and the newest `limit` matches
    with the matched words marked (\x02…\x03) in title and snippet."""
    total = int(
        db.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", [fts_query(query)]
        ).fetchone()[0]
    )
    rows = _dicts(
        db.execute(
            "SELECT a.id, s.name AS source, a.published_at, a.url, "
            "highlight(articles_fts, 0, char(2), char(3)) AS title_marked, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet_marked, a.text "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "JOIN sources s ON s.id = a.source_id "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rowid DESC LIMIT ?",
            [fts_query(query), limit],
        )
    )
    return total, [mark_cjk(row, query) for row in rows]


def topic_names(db: sqlite_utils.Database) -> list[str]:
    """Topics as last applied from the config and topics still holding tags, by name. The
    tagged ones are read by skipping from one topic to the next along the topic index: a
    DISTINCT would read every tag (hundreds of thousands in a large archive)."""
    return [
        row[0]
        for row in db.execute(
            "WITH RECURSIVE tagged(topic) AS ("
            " SELECT MIN(topic) FROM article_topics"
            " UNION ALL SELECT (SELECT MIN(topic) FROM article_topics WHERE topic > tagged.topic)"
            " FROM tagged WHERE tagged.topic IS NOT NULL) "
            "SELECT topic FROM tagged WHERE topic IS NOT NULL "
            "UNION SELECT topic FROM topic_definitions ORDER BY 1"
        )
    ]


def recent_topic_counts(
    db: sqlite_utils.Database, *, today: str, week: str
) -> dict[str, tuple[int, int]]:
    """topic → (articles published since `today`, since `week`). Reads only the week's
    articles through the date index, then their tags (CROSS JOIN keeps that order: from
    the tags, SQLite read every tag of the archive): fast at any archive size."""
    return {
        topic: (int(day), int(total))
        for topic, day, total in db.execute(
            "SELECT t.topic, SUM(COALESCE(a.published_at, a.fetched_at) >= :today), COUNT(*) "
            "FROM articles a CROSS JOIN article_topics t ON t.article_id = a.id "
            "WHERE COALESCE(a.published_at, a.fetched_at) >= :week GROUP BY t.topic",
            {"today": today, "week": week},
        )
    }
