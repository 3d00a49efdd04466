"""Stories: what story matching reads (terms, document frequencies, members) and the story
rows it writes, merges and recounts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import sqlite_utils

from .. import stored_features
from ..stories import FEATURES_VERSION, StoryDoc, choose_headline
from .connection import _dicts, transaction
from .searching import max_article_id

MEMBER_TEXT_CHARS = 1200  # story matching reads only the lead: no need to load whole texts
CANDIDATE_STORIES = 12  # stories in the window an article is compared with, most shared first
TERMS_REMEMBERED = 500_000  # document frequencies one writer keeps (~60 MB); then it rereads


def _fold_story(db: sqlite_utils.Database, *, keep: int, drop: int) -> None:
    """Move what refers to story `drop` over to `keep`, and delete `drop` once it is empty."""
    db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [keep, drop])
    db.execute(
        "INSERT INTO story_terms (term, story_id, last_seen) "
        "SELECT term, ?, last_seen FROM story_terms WHERE story_id = ? "
        "ON CONFLICT(term, story_id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)",
        [keep, drop],
    )
    db.execute("DELETE FROM story_terms WHERE story_id = ?", [drop])
    db.execute(
        "INSERT OR IGNORE INTO digest_stories (digest_id, story_id, topic) "
        "SELECT digest_id, ?, topic FROM digest_stories WHERE story_id = ?",
        [keep, drop],
    )
    db.execute("DELETE FROM digest_stories WHERE story_id = ?", [drop])
    db.execute("DELETE FROM stories WHERE id = ?", [drop])


def _refresh_story(db: sqlite_utils.Database, story_id: int) -> None:
    """Recount a story from its articles (and their aliases' outlets) and pick its headline."""
    members = db.execute(
        "SELECT id, title, COALESCE(published_at, fetched_at) FROM articles "
        "WHERE story_id = ? ORDER BY id",
        [story_id],
    ).fetchall()
    times = [m[2] for m in members]
    sources = db.execute(
        "SELECT COUNT(DISTINCT source_id) FROM ("
        " SELECT source_id FROM articles WHERE story_id = :s"
        " UNION SELECT u.source_id FROM article_urls u JOIN articles a ON a.id = u.article_id"
        " WHERE a.story_id = :s AND u.source_id IS NOT NULL)",
        {"s": story_id},
    ).fetchone()[0]
    headline_id = choose_headline([(m[0], m[1]) for m in members[:20]])
    headline = next(m[1] for m in members if m[0] == headline_id)
    db.execute(
        "UPDATE stories SET headline = ?, headline_article_id = ?, first_seen = ?, "
        "last_seen = ?, article_count = ?, source_count = ? WHERE id = ?",
        [headline, headline_id, min(times), max(times), len(members), sources, story_id],
    )


def term_frequencies(db: sqlite_utils.Database, terms: list[str]) -> tuple[dict[str, int], int]:
    """Document frequencies of `terms` and the number of documents they were counted over."""
    # MAX(id) is an index lookup where COUNT(*) scans the table; deleted rows are rare.
    return _stored_frequencies(db, terms), max_article_id(db)


def _stored_frequencies(db: sqlite_utils.Database, terms: list[str]) -> dict[str, int]:
    """The terms go in as one JSON array, so the statement's text never changes: an IN list
    of as many marks as terms was a new statement for nearly every article, compiled each
    time, and it pushed the other statements of placing an article (members, candidates)
    out of sqlite3's statement cache, to be compiled again too."""
    rows = db.execute(
        "SELECT term, df FROM term_stats WHERE term IN (SELECT value FROM json_each(?))",
        [json.dumps(terms)],
    )
    return {term: int(df) for term, df in rows}


def count_documents(db: sqlite_utils.Database, counts: Mapping[str, int]) -> None:
    """Add to the document frequencies of these terms (term → documents added)."""
    db.conn.executemany(
        "INSERT INTO term_stats (term, df) VALUES (?, ?) "
        "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        counts.items(),
    )


class DocumentFrequencies:
    """Document frequencies as one writer sees them over a run of batches (an import): each
    term is read from `term_stats` once, counted in memory as articles are stored, and the
    counts are written back in one statement per batch (`flush`, inside the batch's
    transaction). Reading and upserting ~150 terms per article was a sixth of an import.

    What it answers is what `term_frequencies` would: a commit by another connection (a
    fetch beside an import) empties the memory before the next batch, and so does growing
    past `limit` terms, which bounds it."""

    def __init__(self, db: sqlite_utils.Database, limit: int = TERMS_REMEMBERED) -> None:
        self.db, self.limit = db, limit
        self.known: dict[str, int] = {}
        self.counted: Counter[str] = Counter()  # added since the last flush
        self.version = self._data_version()

    def lookup(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """`term_frequencies(db, terms)`, from memory where it can."""
        self._load(terms)
        known = self.known
        found = {term: known[term] for term in terms if known[term]}
        return found, max_article_id(self.db)

    def count(self, vocabulary: Iterable[str]) -> None:
        """One more stored document holds each of these (distinct) terms."""
        terms = list(vocabulary)
        self.counted.update(terms)
        known = self.known
        for term in terms:
            if term in known:
                known[term] += 1

    def flush(self) -> None:
        count_documents(self.db, self.counted)
        self.counted.clear()
        if len(self.known) > self.limit:
            self.known.clear()

    def _load(self, terms: list[str]) -> None:
        if not self.counted:  # between two batches: another connection may have written
            version = self._data_version()
            if version != self.version:
                self.known.clear()
                self.version = version
        missing = list(set(terms).difference(self.known))  # in C: this runs per article
        if missing:
            stored = _stored_frequencies(self.db, missing)
            for term in missing:
                # not `counted[term]`: a Counter answers a missing key by a Python call
                self.known[term] = stored.get(term, 0) + self.counted.get(term, 0)

    def _data_version(self) -> int:
        return data_version(self.db)


def data_version(db: sqlite_utils.Database) -> int:
    """Changes when another connection commits (SQLite's `PRAGMA data_version`): what a
    writer holding the database's contents in memory checks before trusting them."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def candidate_stories(
    db: sqlite_utils.Database,
    key_terms: list[str],
    since: str,
    until: str,
    limit: int = CANDIDATE_STORIES,
) -> list[int]:
    """Stories active in the window that share key terms, most shared first."""
    if not key_terms:
        return []
    marks = ", ".join("?" for _ in key_terms)
    rows = db.execute(
        f"SELECT t.story_id, COUNT(*) AS shared FROM story_terms t "
        f"JOIN stories s ON s.id = t.story_id "
        f"WHERE t.term IN ({marks}) AND t.last_seen >= ? AND s.first_seen <= ? "
        f"GROUP BY t.story_id ORDER BY shared DESC, t.story_id LIMIT ?",
        [*key_terms, since, until, limit],
    ).fetchall()
    return [int(r[0]) for r in rows]


class Candidate(NamedTuple):
    """A story sharing key terms with a new article, in the two windows placing looks at."""

    story: int
    recent: int  # key terms shared since `since`
    shared: int  # key terms shared since `wider_since`
    first_seen: str
    last_seen: str


def candidate_stories_in_windows(
    db: sqlite_utils.Database,
    key_terms: list[str],
    since: str,
    wider_since: str,
    until: str,
    older: int,
) -> tuple[list[Candidate], list[Candidate]]:
    """`candidate_stories` for two windows at once, in one pass over the term index: the
    CANDIDATE_STORIES stories started by `until` sharing most key terms since `since`, and
    the `older` ones sharing most since `wider_since` (the earlier), each most shared first
    and the older story first among equals. Ranked in SQL: an article shares a key term
    with some 250 stories of a 100k archive's week, and reading them all to keep 16 was a
    quarter of finding them.

    The start of a story is read for the chosen ones only, in the same statement: joining
    `stories` to every term row (~285 per article at 100k) was a fifth of the query, and
    reading the chosen ones' dates in a second statement was another seventh. A chosen
    story that started after `until` (an import out of date order) would have let another
    one in: then the ranking is made again with the join (`_ranked`'s `started_by`)."""
    if not key_terms:
        return [], []
    rows = _ranked(db, key_terms, since, wider_since, older)
    if any(row[4] > until for row in rows):
        rows = _ranked(db, key_terms, since, wider_since, older, started_by=until)
    found = [(row[0], Candidate(int(row[1]), int(row[2]), int(row[3]), *row[4:])) for row in rows]
    return (
        sorted((c for in_recent, c in found if in_recent), key=lambda c: (-c.recent, c.story)),
        sorted((c for in_recent, c in found if not in_recent), key=lambda c: (-c.shared, c.story)),
    )


# the two rankings of a `shared` (story, recent, shared) table, flagged 1 (recent) and 0,
# with the dates of the stories chosen
_BOTH_WINDOWS = (
    "SELECT chosen.*, s.first_seen, s.last_seen FROM ("
    "SELECT 1, * FROM (SELECT * FROM shared WHERE recent > 0 "
    "ORDER BY recent DESC, story LIMIT ?) "
    "UNION ALL SELECT 0, * FROM (SELECT * FROM shared ORDER BY shared DESC, story LIMIT ?)"
    ") chosen JOIN stories s ON s.id = chosen.story"
)


def _ranked(
    db: sqlite_utils.Database,
    key_terms: list[str],
    since: str,
    wider_since: str,
    older: int,
    started_by: str | None = None,
) -> list[tuple[int, int, int, int, str, str]]:
    """The rows (in the recent window?, story, recent, shared, first seen, last seen) of
    `candidate_stories_in_windows`, among stories started by `started_by` if given (the
    join to `stories` that needs is left out otherwise)."""
    marks = ", ".join("?" for _ in key_terms)
    started = "JOIN stories s ON s.id = t.story_id " if started_by else ""
    by = "AND s.first_seen <= ? " if started_by else ""
    return db.execute(
        f"WITH shared AS (SELECT t.story_id AS story, SUM(t.last_seen >= ?) AS recent, "
        f"COUNT(*) AS shared FROM story_terms t {started}"
        f"WHERE t.term IN ({marks}) AND t.last_seen >= ? {by}"
        f"GROUP BY t.story_id) {_BOTH_WINDOWS}",
        [
            since,
            *key_terms,
            min(since, wider_since),
            *([started_by] if started_by else []),
            CANDIDATE_STORIES,
            older,
        ],
    ).fetchall()


def story_of(db: sqlite_utils.Database, article_id: int) -> int | None:
    row = db.execute("SELECT story_id FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def stories_of(db: sqlite_utils.Database, article_ids: list[int]) -> set[int]:
    """The stories the articles are in now."""
    found: set[int] = set()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            int(row[0])
            for row in db.execute(
                f"SELECT DISTINCT story_id FROM articles WHERE id IN ({marks})", chunk
            )
        )
    return found


def story_brief(db: sqlite_utils.Database, story_id: int) -> dict[str, Any] | None:
    found = _dicts(db.execute("SELECT * FROM stories WHERE id = ?", [story_id]))
    return found[0] if found else None


def story_spans(db: sqlite_utils.Database, story_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each story's (first_seen, last_seen)."""
    rows = db.execute(
        "SELECT id, first_seen, last_seen FROM stories WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(story_ids)],
    )
    return {int(story_id): (first, last) for story_id, first, last in rows}


def story_key_terms(db: sqlite_utils.Database, story_id: int, since: str = "") -> list[str]:
    """The terms the story is keyed under; with `since`, those seen with it since then."""
    rows = db.execute(
        "SELECT term FROM story_terms WHERE story_id = ? AND last_seen >= ?", [story_id, since]
    )
    return [r[0] for r in rows]


def merge_stories(db: sqlite_utils.Database, *, keep: int, drop: int) -> None:
    """Fold story `drop` into `keep`: its articles, key terms and digest history move over."""
    with transaction(db):
        _fold_story(db, keep=keep, drop=drop)
        _refresh_story(db, keep)


def move_articles(
    db: sqlite_utils.Database,
    article_ids: list[int],
    *,
    source: int,
    target: int,
    key_terms: list[str],
    last_seen: str,
) -> None:
    """Move articles (and their copies) from story `source` to `target`, index `target` under
    their key terms, and recount both stories (`source` goes when nothing is left in it)."""
    with transaction(db):
        _move_members(db, article_ids, source, target)
        index_story(db, target, key_terms, last_seen)
        if db.execute("SELECT 1 FROM articles WHERE story_id = ? LIMIT 1", [source]).fetchone():
            _refresh_story(db, source)
        else:  # all of it moved: a merge
            _fold_story(db, keep=target, drop=source)
        _refresh_story(db, target)


def _move_members(
    db: sqlite_utils.Database, article_ids: list[int], source: int, target: int
) -> None:
    """Articles of story `source`, with their copies, into story `target`."""
    marks = ", ".join("?" for _ in article_ids)
    db.execute(
        f"UPDATE articles SET story_id = ? WHERE story_id = ? "
        f"AND (id IN ({marks}) OR copy_of IN ({marks}))",
        [target, source, *article_ids, *article_ids],
    )


def index_story(
    db: sqlite_utils.Database, story_id: int, key_terms: list[str], last_seen: str
) -> None:
    """Key the story under these terms (`candidate_stories` finds it by them), each term's
    last_seen the latest it was seen with."""
    db.conn.executemany(
        "INSERT INTO story_terms (term, story_id, last_seen) VALUES (?, ?, ?) "
        "ON CONFLICT(term, story_id) DO UPDATE SET "
        "last_seen = MAX(last_seen, excluded.last_seen)",
        [(term, story_id, last_seen) for term in key_terms],
    )


def split_off(db: sqlite_utils.Database, story_id: int, moved: list[int]) -> int:
    """Move `moved` and their copies out of `story_id` into a new story; both are recounted.
    The new story is indexed under all the old one's key terms (a superset of its own)."""
    with transaction(db):
        new_story = int(
            db.execute(
                "INSERT INTO stories (headline, first_seen, last_seen, article_count, "
                "source_count) SELECT headline, first_seen, last_seen, 0, 0 FROM stories "
                "WHERE id = ?",
                [story_id],
            ).lastrowid
        )
        _move_members(db, moved, story_id, new_story)
        db.execute(
            "INSERT INTO story_terms (term, story_id, last_seen) "
            "SELECT term, ?, last_seen FROM story_terms WHERE story_id = ?",
            [new_story, story_id],
        )
        _refresh_story(db, story_id)
        _refresh_story(db, new_story)
    return new_story


class Member(NamedTuple):
    """A story member as matching reads it: its stored features (`stored_features`), or,
    where none are stored for the current feature code (an article stored before m025, or
    revised since), its title and lead to compute them from (both "" when `features` is set:
    the text is not read)."""

    id: int
    features: bytes | None
    title: str
    lead: str


# a `Member`'s columns, from `articles a` joined with MEMBER_FEATURES (FEATURES_VERSION
# its one parameter): the text is read only where no features are stored
MEMBER_COLUMNS = (
    "a.id, f.features, CASE WHEN f.features IS NULL THEN a.title END, "
    f"CASE WHEN f.features IS NULL THEN substr(a.text, 1, {MEMBER_TEXT_CHARS}) END"
)
MEMBER_FEATURES = "LEFT JOIN story_features f ON f.article_id = a.id AND f.version = ?"


def story_members(db: sqlite_utils.Database, story_id: int, limit: int) -> list[Member]:
    """The story's `limit` most recent original articles, newest first."""
    return members_of_stories(db, [story_id], limit)[story_id]


def members_of_stories(
    db: sqlite_utils.Database, story_ids: list[int], limit: int
) -> dict[int, list[Member]]:
    """`story_members` of each story, in one statement (an article is compared with a dozen
    stories: one query each was a round trip per story)."""
    found: dict[int, list[Member]] = {story_id: [] for story_id in story_ids}
    for start in range(0, len(story_ids), 100):
        chunk = story_ids[start : start + 100]
        one = (
            f"SELECT * FROM (SELECT a.story_id, {MEMBER_COLUMNS} FROM articles a "
            f"{MEMBER_FEATURES} WHERE a.story_id = ? AND a.copy_of IS NULL "
            "ORDER BY a.id DESC LIMIT ?)"
        )
        rows = db.execute(
            " UNION ALL ".join(one for _ in chunk),
            [value for story_id in chunk for value in (FEATURES_VERSION, story_id, limit)],
        )
        for story_id, article_id, features, title, lead in rows:
            found[story_id].append(Member(int(article_id), features, title or "", lead or ""))
    for members in found.values():
        members.sort(key=lambda member: -member.id)
    return found


def store_features(
    db: sqlite_utils.Database, article_id: int, doc: StoryDoc, encoded: bytes | None = None
) -> None:
    """Keep an article's story features for matching it later (a document `stored_features`
    cannot encode is left to be recomputed). `encoded`: `doc` as a worker process encoded
    it (`stored_features.encode`, a twentieth of the writer's time when done here)."""
    if encoded is not None:
        stored_features.remember(encoded, doc)
    features = encoded or stored_features.encode(doc)
    if features is None:
        return
    db.execute(
        "INSERT OR REPLACE INTO story_features (article_id, version, features) VALUES (?, ?, ?)",
        [article_id, FEATURES_VERSION, features],
    )


def list_stories(
    db: sqlite_utils.Database,
    *,
    since: str,
    min_sources: int = 1,
    topic: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Recent stories, most outlets first, each with its articles (copies included) and
    the topics of its articles. "Recent": its newest article is dated `since` or later."""
    where, params = _recent_stories(since, min_sources, topic)
    stories = _dicts(
        db.execute(
            "SELECT s.id, s.headline, s.first_seen, s.last_seen, s.article_count, "
            f"s.source_count FROM stories s WHERE {where} "
            "ORDER BY s.source_count DESC, s.last_seen DESC, s.id DESC LIMIT ?",
            [*params, limit],
        )
    )
    for story in stories:
        story["articles"] = story_articles(db, story["id"])
        story["outlets"] = sorted({a["source"] for a in story["articles"]})
        story["topics"] = story_topics(db, story["id"])
    return stories


def count_stories(
    db: sqlite_utils.Database, *, since: str, min_sources: int = 1, topic: str | None = None
) -> int:
    """How many stories `list_stories` would give without a limit."""
    where, params = _recent_stories(since, min_sources, topic)
    return int(db.execute(f"SELECT COUNT(*) FROM stories s WHERE {where}", params).fetchone()[0])


def _recent_stories(since: str, min_sources: int, topic: str | None) -> tuple[str, list[Any]]:
    where = "s.last_seen >= ? AND s.source_count >= ?"
    params: list[Any] = [since, min_sources]
    if topic is not None:
        where += (
            " AND EXISTS (SELECT 1 FROM articles a JOIN article_topics t ON t.article_id = a.id "
            "WHERE a.story_id = s.id AND t.topic = ?)"
        )
        params.append(topic)
    return where, params


def story_topics(db: sqlite_utils.Database, story_id: int) -> list[str]:
    """The topics any article of the story is filed under, by name."""
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT t.topic FROM article_topics t JOIN articles a ON a.id = t.article_id "
            "WHERE a.story_id = ? ORDER BY t.topic",
            [story_id],
        )
    ]


def story_articles(db: sqlite_utils.Database, story_id: int) -> list[dict[str, Any]]:
    return _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, s.name AS source, a.published_at, a.fetched_at, "
            "a.copy_of, a.copy_similarity, a.extraction_status FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE a.story_id = ? "
            "ORDER BY COALESCE(a.published_at, a.fetched_at), a.id",
            [story_id],
        )
    )


def story_detail(db: sqlite_utils.Database, story_id: int) -> dict[str, Any] | None:
    story = story_brief(db, story_id)
    if story is None:
        return None
    story["articles"] = story_articles(db, story_id)
    story["outlets"] = sorted({a["source"] for a in story["articles"]})
    return story


def story_leads(db: sqlite_utils.Database, story_id: int) -> list[dict[str, Any]]:
    """Every article of a story with what story matching reads of it (title and lead) and
    its copy link, oldest first: what an explanation of the story is built from."""
    return _dicts(
        db.execute(
            f"SELECT a.id, a.title, substr(a.text, 1, {MEMBER_TEXT_CHARS}) AS text, a.copy_of, "
            "a.copy_similarity, a.original_url, s.name AS source FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE a.story_id = ? ORDER BY a.id",
            [story_id],
        )
    )


def latest_stories(db: sqlite_utils.Database, *, min_sources: int, limit: int) -> list[dict]:
    """The stories with at least `min_sources` outlets whose newest article is newest, with
    the outlets' names: walks the last_seen index backwards and stops at `limit`."""
    return _dicts(
        db.execute(
            "SELECT s.id, s.headline, s.source_count, s.article_count, s.last_seen, "
            "(SELECT group_concat(name, ', ') FROM (SELECT DISTINCT so.name FROM articles a "
            "JOIN sources so ON so.id = a.source_id WHERE a.story_id = s.id ORDER BY so.name)) "
            "AS outlets FROM stories s WHERE s.source_count >= ? "
            "ORDER BY s.last_seen DESC LIMIT ?",
            [min_sources, limit],
        )
    )


def article_times(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, str]:
    """When each article was published (else fetched), as stories place it in time."""
    rows = db.execute(
        "SELECT id, COALESCE(published_at, fetched_at) FROM articles "
        "WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(article_ids)],
    ).fetchall()
    return {int(article_id): at for article_id, at in rows}
