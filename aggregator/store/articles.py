"""Articles: the complete row, its URL aliases, fingerprints, copies and revisions.

Each article goes in with its aliases, bands, story membership and search-index row in one
transaction, so a crash leaves all or nothing. The FTS5 index is kept current by triggers,
so no code path can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import sqlite_utils

from ..cjk import SHADOW_COLUMNS, count_words, shadow_values
from ..dedup import SCHEME
from ..stems import STEM_COLUMNS, stem_values
from ..stories import StoryDoc
from ..topics import TopicRule
from .connection import _dicts, transaction
from .feeds import _queue
from .stories import (
    _fold_story,
    _refresh_story,
    index_story,
    store_features,
)
from .topics import _tag

# every write of title or text writes their search forms too (cjk.index_form, stems.stem_form)
_SHADOW_ASSIGNMENTS = ", ".join(
    f"{shadow} = :{shadow}" for shadow in [*SHADOW_COLUMNS.values(), *STEM_COLUMNS.values()]
)


def index_forms_of(title: str | None, text: str | None, language: str | None) -> dict[str, Any]:
    """The shadow search columns' values for an article's title and text."""
    return shadow_values(title=title, text=text) | stem_values(title, text, language)


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
    bridges: list[int] = field(default_factory=list)  # other stories it matched as well
    pulled: list[int] = field(default_factory=list)  # stories holding a member this one matched
    story_doc: StoryDoc | None = None  # its story features, stored with it (`store_features`)


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


class ArticleBatch:
    """New articles (and duplicates' aliases) written inside one transaction the caller
    holds: an import's, a backfill merge's or a fetch pass's batch.

    No article gets a savepoint of its own. A savepoint makes FTS5 write its pending index
    entries out as a new segment, so a batch of 200 articles wrote 200 tiny segments and
    merged them (a third of an import's write time); without, the index is written once at
    the commit. The price: a failed write spoils the whole batch, so a caller checks and
    prepares its articles before writing them, and a crash rolls the batch back whole.

    What placing the next article reads is written at once (the row and its search index,
    aliases, bands, key terms, the story's first and last dates); a story's recount and
    headline, which nothing reads until the batch is done, is made once per story in
    `finish`, which the caller runs before its commit."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        if not db.conn.in_transaction:
            raise RuntimeError("an ArticleBatch writes inside the caller's transaction")
        self.db = db
        self.touched: set[int] = set()  # stories to recount in `finish`

    def insert(
        self,
        record: ArticleRecord,
        aliases: Iterable[tuple[str, str]],
        placement: Placement,
        *,
        index_forms: dict[str, Any] | None = None,
        features: bytes | None = None,
    ) -> int:
        """Write a new article; `index_forms` are its search columns and `features` its
        stored story features if a worker computed them (`index_forms_of`,
        `stored_features.encode`). Its terms' document frequencies are the caller's."""
        db = self.db
        # a shallow copy: asdict() deep-copies every value, a tenth of an insert's cost
        row = {column.name: getattr(record, column.name) for column in fields(record)}
        row.update(index_forms or index_forms_of(record.title, record.text, record.language))
        at = record.published_at or record.fetched_at  # the member's time in `_refresh_story`
        story_id = placement.story_id
        if story_id is None:
            story_id = int(
                db.execute(
                    "INSERT INTO stories (headline, first_seen, last_seen, article_count, "
                    "source_count) VALUES (?, ?, ?, 0, 0)",
                    [record.title, at, at],
                ).lastrowid
            )
        else:  # what `_refresh_story` would make of them, without recounting the story
            db.execute(
                "UPDATE stories SET first_seen = MIN(first_seen, :at), "
                "last_seen = MAX(last_seen, :at) WHERE id = :id",
                {"at": at, "id": story_id},
            )
        columns = ", ".join([*row, "story_id"])
        placeholders = ", ".join("?" for _ in range(len(row) + 1))
        article_id = int(
            db.execute(
                f"INSERT INTO articles ({columns}) VALUES ({placeholders})",
                [*row.values(), story_id],
            ).lastrowid
        )
        _note_entry(db, record.feed_id, record.guid, article_id)
        _add_aliases(db, article_id, aliases, record.fetched_at, record.source_id)
        if placement.signature is not None:
            _store_fingerprint(db, article_id, placement.signature, placement.bands or [])
        if placement.story_doc is not None:
            store_features(db, article_id, placement.story_doc, features)
        index_story(db, story_id, placement.key_terms, placement.story_time)
        if placement.adopt:  # copies come over from other stories: their dates change too
            _adopt_copies(db, article_id, story_id, placement.adopt)
            _refresh_story(db, story_id)
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
        self.touched.add(story_id)
        return article_id

    def add_aliases(
        self,
        article_id: int,
        aliases: Iterable[tuple[str, str]],
        now: str,
        source_id: int | None = None,
        entry: tuple[int, str] | None = None,
    ) -> None:
        """More addresses of a stored article (a duplicate's), and the feed item (feed id,
        GUID) that led to it; only a new address from another outlet can change its story's
        outlet count, made in `finish`."""
        if entry is not None:
            _note_entry(self.db, *entry, article_id)
        added = _add_aliases(self.db, article_id, aliases, now, source_id)
        if not added or source_id is None:
            return
        row = self.db.execute(
            "SELECT story_id, source_id FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row and row[0] is not None and source_id != row[1]:
            self.touched.add(row[0])

    def finish(self) -> None:
        """Recount and headline each story the batch changed (one a merge folded away has
        nothing left to count)."""
        for story_id in sorted(self.touched):
            if self.db.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone():
                _refresh_story(self.db, story_id)
        self.touched.clear()


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
        batch = ArticleBatch(db)
        batch.add_aliases(article_id, aliases, now, source_id, entry)
        batch.finish()


def _add_aliases(
    db: sqlite_utils.Database,
    article_id: int,
    aliases: Iterable[tuple[str, str]],
    now: str,
    source_id: int | None,
) -> int:
    """Returns how many of the addresses were new."""
    return db.conn.executemany(
        "INSERT INTO article_urls (url, article_id, kind, seen_at, source_id) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
        [(url, article_id, kind, now, source_id) for url, kind in aliases],
    ).rowcount


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
            "SELECT title, text, summary, language FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        db.execute(
            "INSERT INTO article_revisions (article_id, replaced_at, title, text, summary) "
            "VALUES (?, ?, ?, ?, ?)",
            [article_id, now, old[0], old[1], old[2]],
        )
        db.execute(
            "UPDATE articles SET title = :title, text = :text, summary = :summary, "
            "word_count = :words, content_hash = :hash, entry_title = :entry_title, "
            f"updated_at = :now, {_SHADOW_ASSIGNMENTS} WHERE id = :id",
            {
                "title": title,
                "text": text,
                "summary": summary,
                "words": count_words(text),
                "hash": content_hash,
                "entry_title": entry_title,
                "now": now,
                "id": article_id,
                **index_forms_of(title, text, old[3]),
            },
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
            "author, language FROM articles WHERE content_hash = ? AND source_id = ? ORDER BY id",
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
    title = article["title"] if article["entry_title"] is None else article["entry_title"]
    with transaction(db):
        db.execute(
            "UPDATE articles SET title = :title, text = '', word_count = 0, content_hash = NULL, "
            "extraction_status = 'interstitial', extraction_note = :note, updated_at = :now, "
            f"{_SHADOW_ASSIGNMENTS} WHERE id = :id",
            {"title": title, "note": note, "now": now, "id": article["id"]}
            | index_forms_of(title, "", article["language"]),
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
            "UPDATE articles SET title = :title, text = :text, word_count = :word_count, "
            "author = :author, language = :language, sitename = :sitename, "
            "description = :description, image = :image, "
            "extraction_status = :extraction_status, extraction_note = :extraction_note, "
            f"content_hash = :content_hash, updated_at = :now, {_SHADOW_ASSIGNMENTS} "
            "WHERE id = :id",
            {column.name: getattr(record, column.name) for column in fields(record)}
            | index_forms_of(record.title, record.text, record.language)
            | {"now": now, "id": article_id},
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


def article_detail(db: sqlite_utils.Database, article_id: int) -> dict[str, Any] | None:
    """An article with its copies, its original, its aliases, its revisions, its topics
    (best first) and its story."""
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
    for shadow in [*SHADOW_COLUMNS.values(), *STEM_COLUMNS.values()]:  # the index's forms
        del article[shadow]
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
    article["topics"] = _dicts(
        db.execute(
            "SELECT topic, score FROM article_topics WHERE article_id = ? "
            "ORDER BY score DESC, topic",
            [article_id],
        )
    )
    story = _dicts(
        db.execute(
            "SELECT id, headline, article_count, source_count FROM stories WHERE id = ?",
            [article["story_id"]],
        )
    )
    article["story"] = story[0] if story else None
    return article
