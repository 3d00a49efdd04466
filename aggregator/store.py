"""The database: schema, migrations and every SQL statement that writes or reads articles.

SQLite is the system of record. WAL mode lets Datasette and searches read while ingest
writes; a busy timeout absorbs short lock waits; each article goes in with its aliases and
search-index row in one `BEGIN IMMEDIATE` transaction (immediate, so two writers queue on the
busy timeout instead of failing with "database is locked" when a read turns into a write).
The FTS5 index is kept current by triggers, so no code path can forget it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

import sqlite_utils
from sqlite_utils import Migrations

from .config import Config
from .dedup import SCHEME
from .http import RequestLog
from .stories import choose_headline
from .topics import TopicRule

BUSY_TIMEOUT_MS = 30_000
PRUNE_BATCH = 1000  # rows deleted per transaction when old records are pruned
MEMBER_TEXT_CHARS = 1200  # story matching reads only the lead: no need to load whole texts
migrations = Migrations("aggregator")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            poll_interval REAL NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            etag TEXT,
            last_modified TEXT,
            last_status INTEGER,
            last_outcome TEXT,
            last_error TEXT,
            last_error_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_checked_at TEXT,
            last_success_at TEXT,
            disabled_reason TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            guid TEXT,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            feed_id INTEGER REFERENCES feeds(id),
            title TEXT NOT NULL,
            author TEXT,
            published_at TEXT,
            fetched_at TEXT NOT NULL,
            language TEXT,
            sitename TEXT,
            text TEXT NOT NULL DEFAULT '',
            summary TEXT,
            description TEXT,
            image TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            extraction_status TEXT NOT NULL,
            extraction_note TEXT
        );
        CREATE INDEX articles_feed_guid ON articles(feed_id, guid);
        CREATE INDEX articles_published ON articles(published_at);
        CREATE INDEX articles_source_published ON articles(source_id, published_at);
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX article_urls_article ON article_urls(article_id);
        CREATE TABLE pending_entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            summary TEXT,
            published TEXT,
            author TEXT,
            content_text TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            first_seen_at TEXT NOT NULL,
            UNIQUE(feed_id, guid)
        );
        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            status INTEGER,
            bytes INTEGER NOT NULL,
            duration REAL NOT NULL,
            error TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX fetch_log_at ON fetch_log(at);
        """
    )
    db["articles"].enable_fts(
        ["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@migrations()
def m002_dedup_and_stories(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            headline TEXT NOT NULL,
            headline_article_id INTEGER,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            article_count INTEGER NOT NULL,
            source_count INTEGER NOT NULL
        );
        CREATE INDEX stories_last_seen ON stories(last_seen);
        ALTER TABLE articles ADD COLUMN content_hash TEXT;
        ALTER TABLE articles ADD COLUMN copy_of INTEGER REFERENCES articles(id);
        ALTER TABLE articles ADD COLUMN copy_similarity REAL;
        ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id);
        ALTER TABLE articles ADD COLUMN entry_title TEXT;
        ALTER TABLE articles ADD COLUMN updated_at TEXT;
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_story ON articles(story_id);
        CREATE INDEX articles_copy_of ON articles(copy_of);
        ALTER TABLE article_urls ADD COLUMN source_id INTEGER REFERENCES sources(id);
        CREATE TABLE minhash_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            scheme TEXT NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id)
        );
        CREATE INDEX minhash_bands_lookup ON minhash_bands(band, bucket);
        CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
        CREATE TABLE story_terms (
            term TEXT NOT NULL,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            last_seen TEXT NOT NULL,
            PRIMARY KEY (term, story_id)
        );
        CREATE INDEX story_terms_recent ON story_terms(term, last_seen);
        CREATE TABLE term_stats (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
        CREATE TABLE article_revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            replaced_at TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            summary TEXT
        );
        CREATE INDEX article_revisions_article ON article_revisions(article_id);
        """
    )


@migrations()
def m003_topics(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE article_topics (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            topic TEXT NOT NULL,
            PRIMARY KEY (article_id, topic)
        );
        CREATE INDEX article_topics_topic ON article_topics(topic, article_id);
        ALTER TABLE articles ADD COLUMN original_url TEXT;
        CREATE INDEX articles_original_url ON articles(original_url);
        """
    )


@migrations()
def m004_digests(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            sent_at TEXT NOT NULL,
            covered_from TEXT,
            covered_until TEXT NOT NULL,
            recipients TEXT NOT NULL,
            message_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            story_count INTEGER NOT NULL,
            article_count INTEGER NOT NULL,
            last_article_id INTEGER NOT NULL
        );
        CREATE TABLE digest_stories (
            digest_id INTEGER NOT NULL REFERENCES digests(id),
            story_id INTEGER NOT NULL REFERENCES stories(id),
            topic TEXT NOT NULL,
            PRIMARY KEY (digest_id, story_id, topic)
        );
        CREATE INDEX digest_stories_story ON digest_stories(story_id);
        CREATE INDEX articles_fetched ON articles(fetched_at);
        """
    )


@migrations()
def m005_service(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        ALTER TABLE sources ADD COLUMN next_poll_at TEXT;
        ALTER TABLE sources ADD COLUMN last_poll_at TEXT;
        ALTER TABLE sources ADD COLUMN current_interval REAL;
        ALTER TABLE sources ADD COLUMN failure_streak INTEGER NOT NULL DEFAULT 0;
        -- item-level trouble in a feed that still worked (items without links, repeated
        -- GUIDs, javascript: links) belongs in the source's health too
        ALTER TABLE feeds ADD COLUMN last_warning TEXT;
        CREATE VIEW source_health AS
        SELECT
            s.id,
            s.name,
            MAX(f.last_success_at) AS last_success_at,
            (SELECT f2.last_error FROM feeds f2 WHERE f2.source_id = s.id
                ORDER BY f2.last_error_at DESC LIMIT 1) AS last_error,
            MAX(f.last_error_at) AS last_error_at,
            MAX(s.failure_streak, COALESCE(MAX(f.consecutive_failures), 0)) AS failure_streak,
            s.last_poll_at,
            s.next_poll_at,
            s.current_interval,
            (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id
                AND a.fetched_at >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-1 day'))
                AS articles_24h,
            (SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id
                AND a.fetched_at >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-7 day')) / 7.0
                AS articles_per_day,
            GROUP_CONCAT(f.disabled_reason, '; ') AS disabled_feeds,
            GROUP_CONCAT(f.last_warning, '; ') AS warnings
        FROM sources s LEFT JOIN feeds f ON f.source_id = s.id
        GROUP BY s.id;
        """
    )


@migrations()
def m006_browsing_view(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE VIEW article_index AS
        SELECT
            a.id,
            a.published_at,
            substr(COALESCE(a.published_at, a.fetched_at), 1, 10) AS day,
            s.name AS source,
            a.title,
            a.url,
            a.language,
            (SELECT json_group_array(t.topic) FROM article_topics t WHERE t.article_id = a.id)
                AS topics,
            a.story_id,
            a.extraction_status
        FROM articles a JOIN sources s ON s.id = a.source_id;
        """
    )


@migrations()
def m007_article_time_index(db: sqlite_utils.Database) -> None:
    """Date-bounded searches and digests filter on this expression."""
    db.execute("CREATE INDEX articles_when ON articles(COALESCE(published_at, fetched_at))")


@migrations()
def m008_story_terms_by_story(db: sqlite_utils.Database) -> None:
    """Consolidation and merges look a story's terms up by story: without this index each
    lookup scans the whole table, which made a 100k-article import quadratic."""
    db.execute("CREATE INDEX IF NOT EXISTS story_terms_story ON story_terms(story_id)")


@migrations()
def m009_item_identity(db: sqlite_utils.Database) -> None:
    """Which article each feed item became (an alias or a duplicate too, not only the item that
    created it), so an item is recognised by its GUID and never by a URL another item shares;
    the pages an outlet serves on many URLs instead of articles (interstitials); and stored
    articles whose page is to be fetched again (`pending_entries.article_id`)."""
    db.executescript(
        """
        CREATE TABLE entry_articles (
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (feed_id, guid)
        );
        CREATE INDEX entry_articles_article ON entry_articles(article_id);
        INSERT OR IGNORE INTO entry_articles (feed_id, guid, article_id)
            SELECT feed_id, guid, id FROM articles WHERE feed_id IS NOT NULL AND guid IS NOT NULL;
        CREATE TABLE outlet_boilerplate (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (source_id, content_hash)
        );
        ALTER TABLE pending_entries ADD COLUMN article_id INTEGER REFERENCES articles(id);
        """
    )


@migrations()
def m010_digest_delivery(db: sqlite_utils.Database) -> None:
    """A digest is recorded as 'sending' just before the SMTP server may have it, then 'sent',
    or 'unconfirmed' when its answer never came; all three count as sent, so none goes out
    twice. The key names which regular digest it is, so two senders cannot both record it."""
    db.executescript(
        """
        ALTER TABLE digests ADD COLUMN status TEXT NOT NULL DEFAULT 'sent';
        ALTER TABLE digests ADD COLUMN idempotency_key TEXT;
        CREATE UNIQUE INDEX digests_idempotency_key ON digests(idempotency_key);
        """
    )


@dataclass
class ArticleRecord:
    """A complete article row (sqlite-utils 4 upserts with partial rows null columns)."""

    url: str
    canonical_url: str
    guid: str | None
    source_id: int
    feed_id: int | None
    title: str
    author: str | None
    published_at: str | None
    fetched_at: str
    language: str | None
    sitename: str | None
    text: str
    summary: str | None
    description: str | None
    image: str | None
    word_count: int
    extraction_status: str
    extraction_note: str | None
    content_hash: str | None = None
    copy_of: int | None = None
    copy_similarity: float | None = None
    entry_title: str | None = None
    original_url: str | None = None  # a cross-site rel=canonical: "the original is there"


@dataclass
class Placement:
    """Where a new article goes, decided before the write (see `assign`)."""

    story_id: int | None  # None: start a new story
    story_time: str
    key_terms: list[str]
    vocabulary: list[str]  # its distinct unigrams, for document frequencies
    signature: bytes | None = None
    bands: list[tuple[int, int]] | None = None
    supersedes: int | None = None  # the stored original this article turns into a copy
    supersede_similarity: float | None = None
    adopt: list[tuple[int, float]] = field(default_factory=list)  # (copy id, similarity)


@dataclass
class FeedState:
    id: int
    source_id: int
    url: str
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    disabled_reason: str | None


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) the database at `path`."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys=ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    db.execute("PRAGMA synchronous=NORMAL")
    # 64 MB page cache: story matching and dedup touch term_stats, story_terms and the LSH
    # bands all over a large archive; the 2 MB default made those lookups disk-bound
    db.execute("PRAGMA cache_size=-65536")
    migrations.apply(db)
    return db


# SQLite result codes that mean the database itself failed, not one statement: locked by
# another writer past the busy timeout, read-only, I/O error, corrupt, disk full, unopenable,
# not a database. Every later write would fail the same way, so nobody should go on trying.
_DATABASE_FAULTS = {5: "busy", 6: "locked", 8: "readonly", 10: "ioerr", 11: "corrupt", 13: "full"}
_DATABASE_FAULTS |= {14: "cantopen", 26: "notadb"}


def database_fault(exc: BaseException) -> str | None:
    """The kind of database-wide failure `exc` is ("busy", "full", ...), else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.DatabaseError) or code is None:
        return None
    return _DATABASE_FAULTS.get(code & 0xFF)


def database_file(db: sqlite_utils.Database) -> str:
    """The file behind `db`, for messages that must say which database failed."""
    return db.execute("PRAGMA database_list").fetchone()[2]


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:  # also when COMMIT itself failed (disk full, I/O error)
            db.conn.rollback()
        raise


# -- sources and feeds ---------------------------------------------------------------------


def sync_sources(db: sqlite_utils.Database, config: Config, now: str) -> None:
    """Make the `sources` and `feeds` tables match the config (never deleting history)."""
    with transaction(db):
        for source in config.sources:
            db.execute(
                "INSERT INTO sources (name, poll_interval, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET poll_interval = excluded.poll_interval",
                [source.name, source.poll_interval, now],
            )
            source_id = source_id_for(db, source.name)
            for url in source.feeds:
                db.execute(
                    "INSERT INTO feeds (source_id, url) VALUES (?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET source_id = excluded.source_id",
                    [source_id, url],
                )


def source_id_for(db: sqlite_utils.Database, name: str) -> int:
    row = db.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    if row is None:
        raise KeyError(name)
    return int(row[0])


def ensure_source(db: sqlite_utils.Database, name: str, now: str) -> int:
    """Sources named in an import but not in the config still need a row."""
    with transaction(db):
        db.execute(
            "INSERT INTO sources (name, poll_interval, created_at) VALUES (?, 1800, ?) "
            "ON CONFLICT(name) DO NOTHING",
            [name, now],
        )
    return source_id_for(db, name)


def feed_state(db: sqlite_utils.Database, url: str) -> FeedState:
    row = db.execute(
        "SELECT id, source_id, url, etag, last_modified, consecutive_failures, disabled_reason "
        "FROM feeds WHERE url = ?",
        [url],
    ).fetchone()
    if row is None:
        raise KeyError(url)
    return FeedState(*row)


def record_feed_result(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    now: str,
    status: int | None,
    outcome: str,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    disabled_reason: str | None = None,
    warning: str | None = None,
) -> None:
    """Feed health: a success resets the failure streak, a failure lengthens it."""
    with transaction(db):
        if error is None:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_success_at = ?, consecutive_failures = 0, disabled_reason = NULL, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "title = COALESCE(?, title), "
                "last_warning = CASE WHEN ? = 'not_modified' THEN last_warning ELSE ? END "
                "WHERE id = ?",
                [status, outcome, now, now, etag, last_modified, title, outcome, warning, feed_id],
            )
        else:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_error = ?, last_error_at = ?, "
                "consecutive_failures = consecutive_failures + 1, "
                "disabled_reason = COALESCE(?, disabled_reason) WHERE id = ?",
                [status, outcome, now, error, now, disabled_reason, feed_id],
            )


def set_feed_warning(db: sqlite_utils.Database, feed_id: int, warning: str | None) -> None:
    """Item-level trouble found after the feed itself was recorded as fetched."""
    with transaction(db):
        db.execute("UPDATE feeds SET last_warning = ? WHERE id = ?", [warning, feed_id])


def save_validators(
    db: sqlite_utils.Database, feed_id: int, etag: str | None, last_modified: str | None
) -> None:
    """Remember a feed version only once all its items are stored or queued."""
    with transaction(db):
        db.execute(
            "UPDATE feeds SET etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified) WHERE id = ?",
            [etag, last_modified, feed_id],
        )


# -- articles ------------------------------------------------------------------------------


def find_article(db: sqlite_utils.Database, urls: Iterable[str]) -> int | None:
    """The stored article known by any of these URLs (the first one known wins)."""
    urls = list(dict.fromkeys(urls))
    if not urls:
        return None
    marks = ", ".join("?" for _ in urls)
    rows = dict(
        db.execute(f"SELECT url, article_id FROM article_urls WHERE url IN ({marks})", urls)
    )
    return next((int(rows[url]) for url in urls if url in rows), None)  # first URL wins


def find_entry(db: sqlite_utils.Database, feed_id: int, guid: str) -> int | None:
    """The article this feed item became when it was last seen (stored, alias or duplicate)."""
    row = db.execute(
        "SELECT article_id FROM entry_articles WHERE feed_id = ? AND guid = ?", [feed_id, guid]
    ).fetchone()
    return int(row[0]) if row else None


def _note_entry(
    db: sqlite_utils.Database, feed_id: int | None, guid: str | None, article_id: int
) -> None:
    if feed_id is not None and guid:
        db.execute(
            "INSERT INTO entry_articles (feed_id, guid, article_id) VALUES (?, ?, ?) "
            "ON CONFLICT(feed_id, guid) DO UPDATE SET article_id = excluded.article_id",
            [feed_id, guid, article_id],
        )


def insert_article(
    db: sqlite_utils.Database,
    record: ArticleRecord,
    aliases: Iterable[tuple[str, str]],
    placement: Placement,
    *,
    topics: Sequence[TopicRule] = (),
    source_name: str = "",
    pending_id: int | None = None,
) -> int:
    """Store one article with everything that refers to it, atomically: its URL aliases,
    MinHash bands, story membership and the story's counts. A crash leaves all or nothing."""
    # a shallow copy: asdict() deep-copies every value, a tenth of an insert's cost
    row = {column.name: getattr(record, column.name) for column in fields(record)}
    columns = ", ".join([*row, "story_id"])
    placeholders = ", ".join("?" for _ in range(len(row) + 1))
    with transaction(db):
        story_id = placement.story_id
        if story_id is None:
            story_id = int(
                db.execute(
                    "INSERT INTO stories (headline, first_seen, last_seen, article_count, "
                    "source_count) VALUES (?, ?, ?, 0, 0)",
                    [record.title, placement.story_time, placement.story_time],
                ).lastrowid
            )
        cursor = db.execute(
            f"INSERT INTO articles ({columns}) VALUES ({placeholders})",
            [*row.values(), story_id],
        )
        article_id = int(cursor.lastrowid)
        _note_entry(db, record.feed_id, record.guid, article_id)
        _add_aliases(db, article_id, aliases, record.fetched_at, record.source_id)
        if placement.signature is not None:
            _store_fingerprint(db, article_id, placement.signature, placement.bands or [])
        db.conn.executemany(
            "INSERT INTO term_stats (term, df) VALUES (?, 1) "
            "ON CONFLICT(term) DO UPDATE SET df = df + 1",
            [(term,) for term in placement.vocabulary],
        )
        db.conn.executemany(
            "INSERT INTO story_terms (term, story_id, last_seen) VALUES (?, ?, ?) "
            "ON CONFLICT(term, story_id) DO UPDATE SET "
            "last_seen = MAX(last_seen, excluded.last_seen)",
            [(term, story_id, placement.story_time) for term in placement.key_terms],
        )
        _tag(db, article_id, source_name, topics)
        _adopt_copies(db, article_id, story_id, placement.adopt)
        if placement.supersedes is not None:
            db.execute(
                "UPDATE articles SET copy_of = ?, copy_similarity = COALESCE(copy_similarity, ?) "
                "WHERE id = ? OR copy_of = ?",
                [
                    article_id,
                    placement.supersede_similarity,
                    placement.supersedes,
                    placement.supersedes,
                ],
            )
        _refresh_story(db, story_id)
        if pending_id is not None:
            db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])
    return article_id


def _adopt_copies(
    db: sqlite_utils.Database, article_id: int, story_id: int, copies: Sequence[tuple[int, float]]
) -> None:
    """Copies stored before their original (AOL before Business Insider), which named it with
    a cross-site rel=canonical and were confirmed similar, now point to it and join its story."""
    for copy_id, similarity in copies:
        old_story = db.execute("SELECT story_id FROM articles WHERE id = ?", [copy_id]).fetchone()
        db.execute(
            "UPDATE articles SET copy_of = ?, copy_similarity = ?, story_id = ? WHERE id = ?",
            [article_id, similarity, story_id, copy_id],
        )
        db.execute(
            "UPDATE articles SET copy_of = ?, story_id = ? WHERE copy_of = ?",
            [article_id, story_id, copy_id],
        )
        if old_story and old_story[0] is not None and old_story[0] != story_id:
            _fold_story(db, keep=story_id, drop=old_story[0])


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


def _tag(
    db: sqlite_utils.Database, article_id: int, source_name: str, topics: Sequence[TopicRule]
) -> None:
    """File an article under every topic whose query matches its search-index row."""
    db.execute("DELETE FROM article_topics WHERE article_id = ?", [article_id])
    for topic in topics:
        if not topic.applies_to(source_name):
            continue
        hit = db.execute(
            "SELECT 1 FROM articles_fts WHERE rowid = ? AND articles_fts MATCH ?",
            [article_id, topic.query],
        ).fetchone()
        if hit and topic.exclude:
            hit = not db.execute(
                "SELECT 1 FROM articles_fts WHERE rowid = ? AND articles_fts MATCH ?",
                [article_id, topic.exclude],
            ).fetchone()
        if hit:
            db.execute(
                "INSERT INTO article_topics (article_id, topic) VALUES (?, ?)",
                [article_id, topic.name],
            )


def _store_fingerprint(
    db: sqlite_utils.Database, article_id: int, signature: bytes, bands: list[tuple[int, int]]
) -> None:
    db.execute("DELETE FROM minhash_bands WHERE article_id = ?", [article_id])
    db.execute(
        "INSERT OR REPLACE INTO minhash_signatures (article_id, scheme, signature) "
        "VALUES (?, ?, ?)",
        [article_id, SCHEME, signature],
    )
    db.conn.executemany(
        "INSERT INTO minhash_bands (band, bucket, article_id) VALUES (?, ?, ?)",
        [(band, bucket, article_id) for band, bucket in bands],
    )


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


def add_aliases(
    db: sqlite_utils.Database,
    article_id: int,
    aliases: Iterable[tuple[str, str]],
    now: str,
    source_id: int | None = None,
    entry: tuple[int, str] | None = None,
) -> None:
    """Record more addresses of a stored article, and the feed item (feed id, GUID) that led
    here; a new outlet among them counts for its story."""
    with transaction(db):
        if entry is not None:
            _note_entry(db, *entry, article_id)
        added = _add_aliases(db, article_id, aliases, now, source_id)
        row = db.execute(
            "SELECT story_id, source_id FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        # only a new address from another outlet can change the story's outlet count
        if added and row and row[0] is not None and source_id not in (None, row[1]):
            _refresh_story(db, row[0])


def _add_aliases(
    db: sqlite_utils.Database,
    article_id: int,
    aliases: Iterable[tuple[str, str]],
    now: str,
    source_id: int | None,
) -> int:
    """Returns how many of the addresses were new."""
    added = 0
    for url, kind in aliases:
        added += db.execute(
            "INSERT INTO article_urls (url, article_id, kind, seen_at, source_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
            [url, article_id, kind, now, source_id],
        ).rowcount
    return added


def revise_article(
    db: sqlite_utils.Database,
    article_id: int,
    *,
    title: str,
    text: str,
    summary: str | None,
    content_hash: str | None,
    entry_title: str | None,
    signature: bytes | None,
    bands: list[tuple[int, int]],
    now: str,
    topics: Sequence[TopicRule] = (),
) -> None:
    """Keep the stored version as a revision and make the new one current (FTS follows)."""
    with transaction(db):
        old = db.execute(
            "SELECT title, text, summary FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        db.execute(
            "INSERT INTO article_revisions (article_id, replaced_at, title, text, summary) "
            "VALUES (?, ?, ?, ?, ?)",
            [article_id, now, old[0], old[1], old[2]],
        )
        db.execute(
            "UPDATE articles SET title = ?, text = ?, summary = ?, word_count = ?, "
            "content_hash = ?, entry_title = ?, updated_at = ? WHERE id = ?",
            [title, text, summary, len(text.split()), content_hash, entry_title, now, article_id],
        )
        if signature is not None:
            _store_fingerprint(db, article_id, signature, bands)
        else:  # the new version is too short to fingerprint: the old bands would lie
            db.execute("DELETE FROM minhash_bands WHERE article_id = ?", [article_id])
            db.execute("DELETE FROM minhash_signatures WHERE article_id = ?", [article_id])
        _retag_and_refresh(db, article_id, topics)


def note_entry_title(db: sqlite_utils.Database, article_id: int, entry_title: str) -> None:
    with transaction(db):
        db.execute("UPDATE articles SET entry_title = ? WHERE id = ?", [entry_title, article_id])


def note_entry(db: sqlite_utils.Database, feed_id: int, guid: str, article_id: int) -> None:
    """Remember that this feed item is that stored article (found by one of its URLs)."""
    with transaction(db):
        _note_entry(db, feed_id, guid, article_id)


def feed_articles_at(db: sqlite_utils.Database, feed_id: int, urls: Sequence[str]) -> list[int]:
    """This feed's articles fetched from one of these URLs (several items may share one)."""
    if not urls:
        return []
    marks = ", ".join("?" for _ in urls)
    rows = db.execute(
        f"SELECT id FROM articles WHERE feed_id = ? AND url IN ({marks}) ORDER BY id",
        [feed_id, *urls],
    )
    return [int(row[0]) for row in rows]


def url_owners(db: sqlite_utils.Database, urls: Sequence[str]) -> set[str]:
    """Which of these URLs already name a stored article."""
    if not urls:
        return set()
    marks = ", ".join("?" for _ in urls)
    rows = db.execute(f"SELECT url FROM article_urls WHERE url IN ({marks})", list(urls))
    return {row[0] for row in rows}


# -- lookups for dedup and stories -----------------------------------------------------------


def find_by_content_hash(db: sqlite_utils.Database, digest: str) -> int | None:
    row = db.execute(
        "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1", [digest]
    ).fetchone()
    return int(row[0]) if row else None


def copy_candidates(
    db: sqlite_utils.Database, bands: list[tuple[int, int]], limit: int = 20
) -> list[int]:
    """Articles sharing at least one LSH band, most shared bands first: one statement, an
    index lookup per band (CROSS JOIN keeps SQLite from scanning the band table instead)."""
    if not bands:
        return []
    wanted = ", ".join("(?, ?)" for _ in bands)
    rows = db.execute(
        f"WITH wanted(band, bucket) AS (VALUES {wanted}) "
        "SELECT m.article_id, COUNT(*) AS shared FROM wanted w CROSS JOIN minhash_bands m "
        "ON m.band = w.band AND m.bucket = w.bucket "
        "GROUP BY m.article_id ORDER BY shared DESC, m.article_id LIMIT ?",
        [*(value for pair in bands for value in pair), limit],
    )
    return [int(article_id) for article_id, _shared in rows]


def declared_copies(db: sqlite_utils.Database, urls: Sequence[str]) -> list[dict[str, Any]]:
    """Stored articles whose cross-site rel=canonical names one of `urls` as their original."""
    if not urls:
        return []
    marks = ", ".join("?" for _ in urls)
    return _dicts(
        db.execute(
            f"SELECT id, text FROM articles WHERE original_url IN ({marks}) ORDER BY id",
            list(urls),
        )
    )


def signatures(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, bytes]:
    """Stored MinHash signatures made under the current scheme."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        f"SELECT article_id, signature FROM minhash_signatures "
        f"WHERE scheme = ? AND article_id IN ({marks})",
        [SCHEME, *ids],
    )
    return {int(r[0]): bytes(r[1]) for r in rows}


def article_brief(db: sqlite_utils.Database, article_id: int) -> dict[str, Any] | None:
    found = _dicts(
        db.execute(
            "SELECT id, title, text, summary, canonical_url, url, story_id, source_id, feed_id, "
            "guid, copy_of, entry_title, original_url, extraction_status, "
            "COALESCE(published_at, fetched_at) AS at "
            "FROM articles WHERE id = ?",
            [article_id],
        )
    )
    return found[0] if found else None


def term_frequencies(db: sqlite_utils.Database, terms: list[str]) -> tuple[dict[str, int], int]:
    """Document frequencies of `terms` and the number of documents they were counted over."""
    found: dict[str, int] = {}
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for term, df in db.execute(
            f"SELECT term, df FROM term_stats WHERE term IN ({marks})", chunk
        ):
            found[term] = int(df)
    # MAX(id) is an index lookup where COUNT(*) scans the table; deleted rows are rare.
    return found, max_article_id(db)


def candidate_stories(
    db: sqlite_utils.Database, key_terms: list[str], since: str, until: str, limit: int = 12
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


def story_of(db: sqlite_utils.Database, article_id: int) -> int | None:
    row = db.execute("SELECT story_id FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def story_brief(db: sqlite_utils.Database, story_id: int) -> dict[str, Any] | None:
    found = _dicts(db.execute("SELECT * FROM stories WHERE id = ?", [story_id]))
    return found[0] if found else None


def story_key_terms(db: sqlite_utils.Database, story_id: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT term FROM story_terms WHERE story_id = ?", [story_id])]


def merge_stories(db: sqlite_utils.Database, *, keep: int, drop: int) -> None:
    """Fold story `drop` into `keep`: its articles, key terms and digest history move over."""
    with transaction(db):
        _fold_story(db, keep=keep, drop=drop)
        _refresh_story(db, keep)


def story_members(db: sqlite_utils.Database, story_id: int, limit: int) -> list[tuple[str, str]]:
    return [
        (row[0], row[1])
        for row in db.execute(
            f"SELECT title, substr(text, 1, {MEMBER_TEXT_CHARS}) FROM articles WHERE story_id = ? "
            "AND copy_of IS NULL ORDER BY id DESC LIMIT ?",
            [story_id, limit],
        )
    ]


# -- pending entries: article pages that failed transiently, retried on later passes --------


def save_pending(
    db: sqlite_utils.Database,
    feed_id: int,
    entry: dict[str, Any],
    error: str,
    now: str,
    article_id: int | None = None,
) -> int:
    """Queue an item's page for the next passes; returns how many attempts it has had.
    `article_id`: the item is stored already (from its feed) and only its page is awaited."""
    with transaction(db):
        _queue(db, feed_id, entry, error, now, article_id)
        row = db.execute(
            "SELECT attempts FROM pending_entries WHERE feed_id = ? AND guid = ?",
            [feed_id, entry["guid"]],
        ).fetchone()
    return int(row[0])


def _queue(
    db: sqlite_utils.Database,
    feed_id: int,
    entry: dict[str, Any],
    error: str,
    now: str,
    article_id: int | None,
) -> None:
    db.execute(
        "INSERT INTO pending_entries (feed_id, guid, url, title, summary, published, author, "
        "content_text, attempts, last_error, first_seen_at, article_id) "
        "VALUES (:feed_id, :guid, :url, :title, :summary, :published, :author, "
        ":content_text, 1, :error, :now, :article_id) "
        "ON CONFLICT(feed_id, guid) DO UPDATE SET attempts = attempts + 1, "
        "last_error = excluded.last_error, article_id = excluded.article_id",
        {**entry, "feed_id": feed_id, "error": error, "now": now, "article_id": article_id},
    )


def pending_for_feed(db: sqlite_utils.Database, feed_id: int) -> list[dict[str, Any]]:
    return _dicts(
        db.execute(
            "SELECT id, guid, url, title, summary, published, author, content_text, attempts, "
            "article_id FROM pending_entries WHERE feed_id = ? ORDER BY id",
            [feed_id],
        )
    )


def delete_pending(db: sqlite_utils.Database, pending_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])


# -- interstitials: one notice an outlet serves on many URLs instead of its articles ---------


def is_outlet_boilerplate(db: sqlite_utils.Database, source_id: int, content_hash: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM outlet_boilerplate WHERE source_id = ? AND content_hash = ?",
        [source_id, content_hash],
    ).fetchone()
    return row is not None


def outlet_articles_with_hash(
    db: sqlite_utils.Database, source_id: int, content_hash: str
) -> list[dict[str, Any]]:
    """The outlet's stored articles whose text has this hash (their own feed headline too)."""
    return _dicts(
        db.execute(
            "SELECT id, title, entry_title, text, feed_id, guid, url, summary, published_at, "
            "author FROM articles WHERE content_hash = ? AND source_id = ? ORDER BY id",
            [content_hash, source_id],
        )
    )


def remember_boilerplate(
    db: sqlite_utils.Database, source_id: int, content_hash: str, now: str
) -> None:
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO outlet_boilerplate (source_id, content_hash, first_seen) "
            "VALUES (?, ?, ?)",
            [source_id, content_hash, now],
        )


def demote_to_feed(
    db: sqlite_utils.Database,
    article: dict[str, Any],
    *,
    note: str,
    now: str,
    topics: Sequence[TopicRule] = (),
) -> None:
    """An article stored from what turned out to be an interstitial goes back to its feed's
    headline and summary, flagged, and its page is queued to be fetched again."""
    with transaction(db):
        db.execute(
            "UPDATE articles SET title = COALESCE(entry_title, title), text = '', word_count = 0, "
            "content_hash = NULL, extraction_status = 'interstitial', extraction_note = ?, "
            "updated_at = ? WHERE id = ?",
            [note, now, article["id"]],
        )
        db.execute("DELETE FROM minhash_bands WHERE article_id = ?", [article["id"]])
        db.execute("DELETE FROM minhash_signatures WHERE article_id = ?", [article["id"]])
        _retag_and_refresh(db, article["id"], topics)
        if article["feed_id"] is not None and article["guid"]:
            entry = {
                "guid": article["guid"],
                "url": article["url"],
                "title": article["entry_title"] or article["title"],
                "summary": article["summary"],
                "published": article["published_at"],
                "author": article["author"],
                "content_text": "",
            }
            _queue(db, article["feed_id"], entry, note, now, article["id"])


def complete_article(
    db: sqlite_utils.Database,
    article_id: int,
    record: ArticleRecord,
    aliases: Iterable[tuple[str, str]],
    *,
    signature: bytes | None,
    bands: list[tuple[int, int]],
    now: str,
    pending_id: int,
    topics: Sequence[TopicRule] = (),
) -> None:
    """A stored-from-the-feed article whose page finally shows the article gets its full text
    and page metadata (not a revision: the feed version was a stand-in)."""
    with transaction(db):
        db.execute(
            "UPDATE articles SET title = ?, text = ?, word_count = ?, author = ?, language = ?, "
            "sitename = ?, description = ?, image = ?, extraction_status = ?, "
            "extraction_note = ?, content_hash = ?, updated_at = ? WHERE id = ?",
            [
                record.title,
                record.text,
                record.word_count,
                record.author,
                record.language,
                record.sitename,
                record.description,
                record.image,
                record.extraction_status,
                record.extraction_note,
                record.content_hash,
                now,
                article_id,
            ],
        )
        _add_aliases(db, article_id, aliases, now, record.source_id)
        if signature is not None:
            _store_fingerprint(db, article_id, signature, bands)
        _retag_and_refresh(db, article_id, topics)
        db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])


def _retag_and_refresh(
    db: sqlite_utils.Database, article_id: int, topics: Sequence[TopicRule]
) -> None:
    row = db.execute(
        "SELECT s.name, a.story_id FROM articles a JOIN sources s ON s.id = a.source_id "
        "WHERE a.id = ?",
        [article_id],
    ).fetchone()
    _tag(db, article_id, row[0], topics)
    if row[1] is not None:
        _refresh_story(db, row[1])


# -- fetch log -----------------------------------------------------------------------------


def log_requests(db: sqlite_utils.Database, entries: list[RequestLog]) -> None:
    if not entries:
        return
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO fetch_log (url, status, bytes, duration, error, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e.url, e.status, e.bytes, e.duration, e.error, e.at) for e in entries],
        )


def prune_fetch_log(db: sqlite_utils.Database, before: str, batch: int = PRUNE_BATCH) -> int:
    """Forget requests logged before `before`, `batch` rows per transaction: Datasette,
    searches and the next write never wait long on the write lock. When nothing is that old
    this costs one index lookup and no transaction, so every pass can call it."""
    removed = 0
    while db.execute("SELECT 1 FROM fetch_log WHERE at < ? LIMIT 1", [before]).fetchone():
        with transaction(db):
            removed += db.execute(
                "DELETE FROM fetch_log WHERE id IN "
                "(SELECT id FROM fetch_log WHERE at < ? ORDER BY at LIMIT ?)",
                [before, batch],
            ).rowcount
    return removed


# -- reading stories and articles for people ----------------------------------------------------


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_stories(
    db: sqlite_utils.Database,
    *,
    since: str,
    min_sources: int = 1,
    topic: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Recent stories, most outlets first, each with its articles (copies included)."""
    topic_filter = ""
    params: list[Any] = [since, min_sources]
    if topic is not None:
        topic_filter = (
            "AND EXISTS (SELECT 1 FROM articles a JOIN article_topics t ON t.article_id = a.id "
            "WHERE a.story_id = s.id AND t.topic = ?)"
        )
        params.append(topic)
    stories = _dicts(
        db.execute(
            "SELECT s.id, s.headline, s.first_seen, s.last_seen, s.article_count, "
            "s.source_count FROM stories s WHERE s.last_seen >= ? AND s.source_count >= ? "
            f"{topic_filter} ORDER BY s.source_count DESC, s.last_seen DESC, s.id DESC LIMIT ?",
            [*params, limit],
        )
    )
    for story in stories:
        story["articles"] = story_articles(db, story["id"])
        story["outlets"] = sorted({a["source"] for a in story["articles"]})
    return stories


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


def article_detail(db: sqlite_utils.Database, article_id: int) -> dict[str, Any] | None:
    """An article with its copies, its original, its aliases and its revisions."""
    found = _dicts(
        db.execute(
            "SELECT a.*, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE a.id = ?",
            [article_id],
        )
    )
    if not found:
        return None
    article = found[0]
    article["aliases"] = _dicts(
        db.execute(
            "SELECT u.url, u.kind, u.seen_at, s.name AS source FROM article_urls u "
            "LEFT JOIN sources s ON s.id = u.source_id WHERE u.article_id = ? ORDER BY u.seen_at",
            [article_id],
        )
    )
    article["copies"] = _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, s.name AS source, a.copy_similarity FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE a.copy_of = ? ORDER BY a.id",
            [article_id],
        )
    )
    article["revisions"] = _dicts(
        db.execute(
            "SELECT id, replaced_at, title, text, summary FROM article_revisions "
            "WHERE article_id = ? ORDER BY id",
            [article_id],
        )
    )
    return article


# -- topics --------------------------------------------------------------------------------------


def retag_topic(
    db: sqlite_utils.Database, topic: TopicRule, on_progress: Callable[[int], None] | None = None
) -> int:
    """Re-apply one topic to the whole archive in one transaction; returns its article count.

    Idempotent: the topic's tags are replaced, never added twice."""
    conditions = ["articles_fts MATCH :query"]
    params: dict[str, Any] = {"query": topic.query, "topic": topic.name}
    if topic.exclude:
        conditions.append(
            "+rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :exclude)"
        )
        params["exclude"] = topic.exclude
    if topic.sources:
        marks = ", ".join(f":s{i}" for i in range(len(topic.sources)))
        conditions.append(
            # unary plus: a membership test, not a MATCH re-run per id (measured 60x faster)
            f"+rowid IN (SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id "
            f"WHERE s.name IN ({marks}))"
        )
        params.update({f"s{i}": name for i, name in enumerate(topic.sources)})
    with transaction(db):
        db.execute("DELETE FROM article_topics WHERE topic = ?", [topic.name])
        cursor = db.execute(
            "INSERT INTO article_topics (article_id, topic) SELECT rowid, :topic "
            f"FROM articles_fts WHERE {' AND '.join(conditions)}",
            params,
        )
    if on_progress:
        on_progress(cursor.rowcount)
    return cursor.rowcount


def drop_topic_tags(db: sqlite_utils.Database, keep: Sequence[str]) -> int:
    """Remove tags of topics that are no longer in the config."""
    marks = ", ".join("?" for _ in keep) or "''"
    with transaction(db):
        cursor = db.execute(f"DELETE FROM article_topics WHERE topic NOT IN ({marks})", list(keep))
    return cursor.rowcount


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
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", [query]
        ).fetchone()[0]
    )
    rows = _dicts(
        db.execute(
            "SELECT a.id, s.name AS source, a.published_at, a.url, "
            "highlight(articles_fts, 0, char(2), char(3)) AS title_marked, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet_marked "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "JOIN sources s ON s.id = a.source_id "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rowid DESC LIMIT ?",
            [query, limit],
        )
    )
    return total, rows


# -- search ------------------------------------------------------------------------------------


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
    query: str,
    *,
    low: int,
    high: int,
    limit: int,
    title_weight: float,
    text_weight: float,
    topic: str | None,
    sources: Sequence[str],
    since: str | None,
    until: str | None,
    newest_first: bool,
) -> list[tuple[int, float, int | None]]:
    """(id, BM25 score, story id) of the best (or newest) matches with low < id <= high.

    Ranking touches the FTS index alone when there is no filter; snippets and highlights
    are made later for the page shown, not for every match (that was 4/5 of the cost)."""
    params: dict[str, Any] = {
        "query": query,
        "low": low,
        "high": high,
        "limit": limit,
        "tw": title_weight,
        "xw": text_weight,
    }
    filters: list[str] = []
    if topic:
        filters.append(
            "EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic = :topic)"
        )
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
    match = (
        "articles_fts MATCH :query AND articles_fts.rowid > :low AND articles_fts.rowid <= :high"
    )
    if not filters:
        order = "articles_fts.rowid DESC" if newest_first else "score"
        ranked = db.execute(
            "SELECT articles_fts.rowid, bm25(articles_fts, :tw, :xw) AS score "
            f"FROM articles_fts WHERE {match} ORDER BY {order} LIMIT :limit",
            params,
        ).fetchall()
        stories = _story_ids(db, [r[0] for r in ranked])
        return [(int(r[0]), float(r[1]), stories.get(r[0])) for r in ranked]
    order = "COALESCE(a.published_at, a.fetched_at) DESC, a.id DESC" if newest_first else "score"
    ranked = db.execute(
        "SELECT a.id, bm25(articles_fts, :tw, :xw) AS score, a.story_id "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        f"WHERE {match} AND {' AND '.join(filters)} ORDER BY {order} LIMIT :limit",
        params,
    ).fetchall()
    return [(int(r[0]), float(r[1]), r[2]) for r in ranked]


def _story_ids(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, int | None]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return dict(db.execute(f"SELECT id, story_id FROM articles WHERE id IN ({marks})", list(ids)))


def search_details(
    db: sqlite_utils.Database, query: str, ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Title with the matches marked and a snippet, for the articles on the page only.

    `+rowid IN (…)`: the unary plus keeps FTS5 from re-running the MATCH once per id."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, s.name AS source, a.published_at, a.story_id, "
            "highlight(articles_fts, 0, char(2), char(3)) AS title_marked, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet_marked "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "JOIN sources s ON s.id = a.source_id "
            f"WHERE articles_fts MATCH ? AND +articles_fts.rowid IN ({marks})",
            [query, *ids],
        )
    )
    return {row["id"]: row for row in rows}


def story_outlets(db: sqlite_utils.Database, story_id: int, exclude: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT s.name FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE a.story_id = ? AND s.name != ? ORDER BY s.name",
            [story_id, exclude],
        )
    ]


# -- digests -------------------------------------------------------------------------------------


class LastDigest(NamedTuple):
    covered_until: str
    last_article_id: int
    id: int


def last_digest(db: sqlite_utils.Database) -> LastDigest | None:
    """Where the last digest sent ended (one whose delivery is unconfirmed or in progress
    counts as sent: the next one starts after it)."""
    row = db.execute(
        "SELECT covered_until, last_article_id, id FROM digests ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return LastDigest(row[0], int(row[1]), int(row[2])) if row else None


def new_articles(
    db: sqlite_utils.Database,
    *,
    after_id: int | None,
    since: str,
    until_id: int,
    topic: str | None,
) -> list[dict[str, Any]]:
    """Articles stored after the last digest (ids only grow, so a second-resolution clock
    cannot make an article fall between two digests), or since a time when asked.

    The window is on storage, not publication: an article published last week but first seen
    today is news to the reader today."""
    join = "JOIN article_topics t ON t.article_id = a.id AND t.topic = :topic" if topic else ""
    window = "a.id > :after" if after_id is not None else "a.fetched_at > :since"
    return _dicts(
        db.execute(
            "SELECT a.id, a.story_id, a.source_id, s.name AS source FROM articles a "
            f"JOIN sources s ON s.id = a.source_id {join} "
            f"WHERE {window} AND a.id <= :until AND a.story_id IS NOT NULL ORDER BY a.id",
            {"after": after_id, "since": since, "until": until_id, "topic": topic},
        )
    )


def story_for_digest(db: sqlite_utils.Database, story_id: int, until_id: int) -> dict[str, Any]:
    """A story as a digest shows it: its articles stored up to `until_id`, first one first."""
    story = _dicts(db.execute("SELECT * FROM stories WHERE id = ?", [story_id]))[0]
    story["articles"] = _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, a.text, a.summary, a.published_at, a.fetched_at, "
            "a.copy_of, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE a.story_id = ? AND a.id <= ? "
            "ORDER BY COALESCE(a.published_at, a.fetched_at), a.id",
            [story_id, until_id],
        )
    )
    return story


def stories_in_earlier_digests(db: sqlite_utils.Database, story_ids: Sequence[int]) -> set[int]:
    if not story_ids:
        return set()
    marks = ", ".join("?" for _ in story_ids)
    rows = db.execute(
        f"SELECT DISTINCT story_id FROM digest_stories WHERE story_id IN ({marks})",
        list(story_ids),
    )
    return {int(r[0]) for r in rows}


def record_digest(
    db: sqlite_utils.Database,
    *,
    sent_at: str,
    covered_from: str | None,
    covered_until: str,
    recipients: Sequence[str],
    message_id: str,
    subject: str,
    story_count: int,
    article_count: int,
    last_article_id: int,
    stories_by_topic: Sequence[tuple[int, str]],
    status: str = "sent",
    key: str | None = None,
) -> int | None:
    """Record a digest with its stories; None when one with this key is already recorded."""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO digests (sent_at, covered_from, covered_until, recipients, "
            "message_id, subject, story_count, article_count, last_article_id, status, "
            "idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(idempotency_key) DO NOTHING",
            [
                sent_at,
                covered_from,
                covered_until,
                ", ".join(recipients),
                message_id,
                subject,
                story_count,
                article_count,
                last_article_id,
                status,
                key,
            ],
        )
        if not cursor.rowcount:
            return None
        digest_id = int(cursor.lastrowid)
        db.conn.executemany(
            "INSERT OR IGNORE INTO digest_stories (digest_id, story_id, topic) VALUES (?, ?, ?)",
            [(digest_id, story_id, topic) for story_id, topic in stories_by_topic],
        )
    return digest_id


def set_digest_status(db: sqlite_utils.Database, digest_id: int, status: str) -> None:
    with transaction(db):
        db.execute("UPDATE digests SET status = ? WHERE id = ?", [status, digest_id])


def forget_digest(db: sqlite_utils.Database, digest_id: int) -> None:
    """A digest recorded as 'sending' that the server then refused: it was not sent."""
    with transaction(db):
        db.execute("DELETE FROM digest_stories WHERE digest_id = ?", [digest_id])
        db.execute("DELETE FROM digests WHERE id = ?", [digest_id])


def settle_interrupted_digests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Digests a process left in 'sending' (killed during the SMTP exchange) become
    'unconfirmed'; returned so the caller can say so once."""
    with transaction(db):
        rows = _dicts(
            db.execute(
                "SELECT id, sent_at, covered_from, covered_until, message_id, subject "
                "FROM digests WHERE status = 'sending' ORDER BY id"
            )
        )
        db.execute("UPDATE digests SET status = 'unconfirmed' WHERE status = 'sending'")
    return rows


# -- the service's state --------------------------------------------------------------------------


def due_sources(db: sqlite_utils.Database, names: Sequence[str], now: str) -> list[str]:
    """Configured sources whose next poll time has come (never polled: due at once)."""
    marks = ", ".join("?" for _ in names)
    rows = db.execute(
        f"SELECT name FROM sources WHERE name IN ({marks}) "
        "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, name",
        [*names, now],
    ).fetchall()
    return [r[0] for r in rows]


def articles_since(db: sqlite_utils.Database, source: str, since: str) -> int:
    return int(
        db.execute(
            "SELECT COUNT(*) FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.name = ? AND a.fetched_at >= ?",
            [source, since],
        ).fetchone()[0]
    )


def failure_streak(db: sqlite_utils.Database, source: str) -> int:
    row = db.execute("SELECT failure_streak FROM sources WHERE name = ?", [source]).fetchone()
    return int(row[0]) if row else 0


def record_poll(
    db: sqlite_utils.Database,
    source: str,
    *,
    polled_at: str,
    succeeded: bool,
    interval: float,
    next_poll_at: str,
) -> None:
    with transaction(db):
        db.execute(
            "UPDATE sources SET last_poll_at = ?, next_poll_at = ?, current_interval = ?, "
            "failure_streak = CASE WHEN ? THEN 0 ELSE failure_streak + 1 END WHERE name = ?",
            [polled_at, next_poll_at, interval, succeeded, source],
        )


def source_health(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return _dicts(db.execute("SELECT * FROM source_health ORDER BY name"))
