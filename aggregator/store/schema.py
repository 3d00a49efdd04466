"""The schema: every table, index, view and trigger, as numbered migrations.

sqlite-utils' `Migrations` records which ran, so an old database is brought up to date on
open and a new one is built by the same steps: one history, no second definition to drift.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from ..cjk import SHADOW_COLUMNS, shadow_values
from ..stems import STEM_COLUMNS, stem_values

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


BACKFILL_BATCH = 2_000  # articles read, segmented and written back at a time

_FTS_COLUMNS = ("title", "text", *SHADOW_COLUMNS.values())


@migrations()
def m011_cjk_search(db: sqlite_utils.Database) -> None:
    """Chinese and Japanese become searchable by word: `title_cjk` and `text_cjk` hold the
    title and text with each CJK run split into overlapping bigrams (see `cjk.index_form`;
    NULL when there is no CJK), and `articles_fts` indexes them beside `title` and `text`.

    FTS5 cannot add a column, so the index is rebuilt; existing rows are segmented in
    batches first. The new update trigger only fires when indexed columns change: moving an
    article between stories no longer rewrites its search-index row. Statements run one by
    one (not `executescript`, which would commit the migration's transaction halfway)."""
    _drop_search_index(db)
    for shadow in SHADOW_COLUMNS.values():
        db.execute(f"ALTER TABLE articles ADD COLUMN {shadow} TEXT")
    _backfill_cjk(db)
    _create_fts(db, _FTS_COLUMNS)


def _drop_search_index(db: sqlite_utils.Database) -> None:
    """The FTS5 index and the triggers that feed it, before a migration rebuilds it with new
    columns (FTS5 cannot add one). Statement by statement: `executescript` would commit the
    migration's transaction halfway."""
    for statement in (
        "DROP TRIGGER IF EXISTS articles_ai",
        "DROP TRIGGER IF EXISTS articles_ad",
        "DROP TRIGGER IF EXISTS articles_au",
        "DROP TABLE IF EXISTS articles_fts",
    ):
        db.execute(statement)


def _create_fts(db: sqlite_utils.Database, indexed: tuple[str, ...]) -> None:
    """The search index over `indexed` columns of `articles`, filled from the table, and the
    triggers that keep it in step (the update trigger fires only when an indexed column
    changes)."""
    columns = ", ".join(f'"{c}"' for c in indexed)
    new = ", ".join(f'new."{c}"' for c in indexed)
    old = ", ".join(f'old."{c}"' for c in indexed)
    for statement in (
        f"CREATE VIRTUAL TABLE articles_fts USING FTS5 ({columns}, "
        "tokenize='unicode61 remove_diacritics 2', content=\"articles\")",
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
        f"CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
        f"INSERT INTO articles_fts (rowid, {columns}) VALUES (new.rowid, {new}); END",
        f"CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) "
        f"VALUES ('delete', old.rowid, {old}); END",
        f"CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) "
        f"VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO articles_fts (rowid, {columns}) VALUES (new.rowid, {new}); END",
    ):
        db.execute(statement)


def _backfill_cjk(db: sqlite_utils.Database) -> None:
    indexed = list(SHADOW_COLUMNS)
    assignments = ", ".join(f"{shadow} = :{shadow}" for shadow in SHADOW_COLUMNS.values())
    last = 0
    while rows := db.execute(
        f"SELECT id, {', '.join(indexed)} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
        [last, BACKFILL_BATCH],
    ).fetchall():
        updates = []
        for article_id, *values in rows:
            form = shadow_values(**dict(zip(indexed, values, strict=True)))
            if any(value is not None for value in form.values()):
                updates.append({**form, "id": article_id})
        db.conn.executemany(f"UPDATE articles SET {assignments} WHERE id = :id", updates)
        last = rows[-1][0]


@migrations()
def m012_story_corrections(db: sqlite_utils.Database) -> None:
    """An analyst's merges and splits of stories: who, when, why, and which articles went
    where. The split records are also the rule later passes obey: a story holding an article
    that was moved out (side 'moved') is never merged again with a story holding one that
    stayed (side 'stayed'). Kept by article, not by story, because story ids come and go as
    stories merge."""
    db.executescript(
        """
        CREATE TABLE story_corrections (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL,
            note TEXT,
            story_id INTEGER NOT NULL,   -- merge: the story kept; split: the story taken from
            other_story_id INTEGER NOT NULL, -- merge: the story folded in; split: the new one
            undone_at TEXT,  -- an undone correction is kept for the record and obeyed no more
            undone_by TEXT
        );
        CREATE TABLE story_correction_articles (
            correction_id INTEGER NOT NULL REFERENCES story_corrections(id),
            article_id INTEGER NOT NULL REFERENCES articles(id),
            side TEXT NOT NULL CHECK (side IN ('moved', 'stayed')),
            PRIMARY KEY (correction_id, article_id)
        );
        CREATE INDEX story_correction_articles_article
            ON story_correction_articles(article_id);
        """
    )


@migrations()
def m013_topic_relevance(db: sqlite_utils.Database) -> None:
    """A relevance score per article and topic (0–1; see `relevance`), so the digest, search
    and Datasette can rank by it, and the hash of each topic's definition as last applied,
    so a retag redoes only the topics whose definition changed. Existing tags keep 1.0 until
    their topic is retagged (no stored hash: every topic counts as changed)."""
    db.executescript(
        """
        ALTER TABLE article_topics ADD COLUMN score REAL NOT NULL DEFAULT 1.0;
        CREATE INDEX article_topics_rank ON article_topics(topic, score);
        CREATE TABLE topic_definitions (
            topic TEXT PRIMARY KEY,
            definition_hash TEXT NOT NULL,
            tagged_at TEXT NOT NULL
        );
        """
    )


FTS_COLUMNS = (*_FTS_COLUMNS, *STEM_COLUMNS.values())  # the index since m015


@migrations()
def m015_stemmed_search(db: sqlite_utils.Database) -> None:
    """Word forms become searchable: `title_stem` and `text_stem` hold each Latin-script
    word's Snowball stem in the article's language (see `stems`), indexed beside the exact
    and CJK columns. FTS5 cannot add a column, so the index is rebuilt after the backfill."""
    _drop_search_index(db)
    for column in STEM_COLUMNS.values():
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
    assignments = ", ".join(f"{column} = :{column}" for column in STEM_COLUMNS.values())
    last = 0
    while rows := db.execute(
        "SELECT id, title, text, language FROM articles WHERE id > ? ORDER BY id LIMIT ?",
        [last, BACKFILL_BATCH],
    ).fetchall():
        updates = [
            {**stem_values(title, text, language), "id": article_id}
            for article_id, title, text, language in rows
        ]
        db.conn.executemany(f"UPDATE articles SET {assignments} WHERE id = :id", updates)
        last = rows[-1][0]
    _create_fts(db, FTS_COLUMNS)


@migrations()
def m019_browsing_at_scale(db: sqlite_utils.Database) -> None:
    """Datasette's pages answer from indexes at 200,000 articles (benchmarks/datasette.py).

    `source_health` counts each source's recent articles through (source_id, fetched_at)
    instead of reading every article of the source (7.5 s cold before); `article_topics`
    sorts by score and `stories` facets on source_count from an index. `article_index`
    exposes `+a.id`: a search filters it with `id IN (matches)`, and a plain `a.id` let
    SQLite fetch and sort every match (11 s for "tesla"); an expression makes it walk the
    date index newest first and stop at the page's last row. `recent_articles` holds the
    articles published in the last seven days, few enough to facet on source, topics,
    language and day (facets over the whole archive take seconds)."""
    db.executescript(
        """
        CREATE INDEX articles_source_fetched ON articles(source_id, fetched_at);
        CREATE INDEX article_topics_score ON article_topics(score);
        CREATE INDEX stories_source_count ON stories(source_count);
        DROP VIEW article_index;
        CREATE VIEW article_index AS
        SELECT
            +a.id AS id,
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
        CREATE VIEW recent_articles AS
        SELECT * FROM article_index
        WHERE published_at >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-7 days');
        """
    )


@migrations()
def m020_date_index_covers_story_and_source(db: sqlite_utils.Database) -> None:
    """The date index also carries each article's story, outlet and both times: the trends
    (articles and new stories per topic and day, outlet shares) read a window's articles
    from the index alone instead of fetching every row from the table, which took ~1 s for
    30 days of a 200,000-article archive on a cold cache (SQLite 3.40 covers a query only
    when the expression's columns are in the index too). Same name, same leading
    expression: every query that walked it still does."""
    db.executescript(
        """
        DROP INDEX articles_when;
        CREATE INDEX articles_when ON articles(
            COALESCE(published_at, fetched_at), story_id, source_id, published_at, fetched_at
        );
        """
    )


@migrations()
def m023_story_terms_index_covers_story(db: sqlite_utils.Database) -> None:
    """The story-term index also carries the story: candidate stories (for each new article,
    and for each story a consolidation looks at) are read from the index alone instead of
    fetching each matching row from the table, one random page read per row on a cold
    cache (consolidation's lookups took ~160 ms each at 100,000 articles). Same name, same
    leading columns: every query that walked it still does."""
    db.executescript(
        """
        DROP INDEX story_terms_recent;
        CREATE INDEX story_terms_recent ON story_terms(term, last_seen, story_id);
        """
    )


@migrations()
def m024_outlet_templates(db: sqlite_utils.Database) -> None:
    """Each source's learned template (see `template`): per block of extracted text (a hash
    of its normalised line), the distinct pages it was seen on, the last of them and when.
    Bounded per source (`template.MEMORY_PER_SOURCE`), least recently seen dropped first,
    so a redesigned site is relearnt; `template_blocks_age` finds those rows."""
    db.executescript(
        """
        CREATE TABLE template_blocks (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            block TEXT NOT NULL,
            pages INTEGER NOT NULL,
            last_page TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (source_id, block)
        ) WITHOUT ROWID;
        CREATE INDEX template_blocks_age ON template_blocks(source_id, last_seen);
        """
    )


@migrations()
def m025_story_features(db: sqlite_utils.Database) -> None:
    """Each article's story features (`stored_features.encode`), written with the article:
    a new process recomputed them from the text for every stored member of the stories it
    compared its first articles with (~1.5 ms each, half of placing an article at 100k).
    `version` is the feature code's (`stories.FEATURES_VERSION`): rows of older code are
    not read, so the features are recomputed. A change of title or text drops the row.

    `term_stats` becomes a WITHOUT ROWID table: placing an article looks up the document
    frequencies of its ~50 terms not seen yet, each an index search and then a table search
    for `df`; keyed by term, one search (a third less time at 100k) and half the space."""
    db.executescript(
        """
        CREATE TABLE story_features (
            article_id INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            features BLOB NOT NULL
        );
        CREATE TRIGGER story_features_stale AFTER UPDATE OF title, text ON articles
        BEGIN
            DELETE FROM story_features WHERE article_id = old.id;
        END;
        CREATE TRIGGER story_features_gone AFTER DELETE ON articles
        BEGIN
            DELETE FROM story_features WHERE article_id = old.id;
        END;
        CREATE TABLE term_stats_by_term (term TEXT PRIMARY KEY, df INTEGER NOT NULL)
            WITHOUT ROWID;
        INSERT INTO term_stats_by_term (term, df) SELECT term, df FROM term_stats;
        DROP TABLE term_stats;
        ALTER TABLE term_stats_by_term RENAME TO term_stats;
        """
    )


@migrations()
def m026_lean_topic_tags(db: sqlite_utils.Database) -> None:
    """Tags are written about twice as fast (291,299 at 200,000 articles, deletes and
    inserts in one transaction on the loaded 2-core machine: 2.8-4.3 s before, 1.4-2.6 s
    after): `article_topics` becomes a table WITHOUT ROWID keyed by (topic, article_id), so a
    retag deletes one topic's range and writes it anew along the key, with two secondary
    indexes instead of four b-trees beside the rowid: by article (its topics: search,
    digest, the `article_index` view, trends) and by score (Datasette sorts the table by
    it). The ranking index (topic, score) goes: a topic's tags are read along the key. No
    foreign key: checking it took half the writing or more, and every tag is written for
    an article just read from the archive (articles are never deleted). Every view is
    dropped and recreated around the swap, in its order: renaming a table checks every
    view, and those reading the table (or such a view) would fail it."""
    views = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid"
    ).fetchall()
    for name, _ in views:
        db.execute(f"DROP VIEW [{name}]")
    db.executescript(
        """
        CREATE TABLE article_topics_lean (
            article_id INTEGER NOT NULL,
            topic TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 1.0,
            PRIMARY KEY (topic, article_id)
        ) WITHOUT ROWID;
        INSERT INTO article_topics_lean (article_id, topic, score)
            SELECT article_id, topic, score FROM article_topics ORDER BY topic, article_id;
        DROP TABLE article_topics;
        ALTER TABLE article_topics_lean RENAME TO article_topics;
        CREATE INDEX article_topics_article ON article_topics(article_id);
        CREATE INDEX article_topics_score ON article_topics(score);
        """
    )
    for _, sql in views:
        db.execute(sql)
