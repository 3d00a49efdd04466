"""Story features stored with each article (`stored_features`, migration m025): written with
the article, read back instead of recomputed, and recomputed where none are current."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter, OrderedDict
from pathlib import Path

import pytest
import sqlite_utils

from aggregator import importer, store, stored_features, stories
from aggregator.store import migrations
from tests.cjk_fixtures import IMPORT_ARTICLES
from tests.test_stories_ingest import fetch_as_one_outlet

STORIES_DEV = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "stories_dev.jsonl"

# The digest of `compute_features` over the self-written set and the Chinese fixtures under
# each FEATURES_VERSION. Stored features are read back only under the version they were
# written with: whoever changes what `compute_features` returns bumps the version (so
# databases recompute instead of matching on the old features) and records the new digest.
FEATURE_DIGESTS = {
    1: "cff9ff001044c8d4ff2ddf8aafe08572ec05cb91",
    2: "9583bd081f9d199bb2ee459a21b9e4a73f294b56",  # days of the month (StoryDoc.days)
    3: "413c58aab21214adb5541af6dd7c2d98654a02f4",  # without wire datelines and credits
    4: "3a8ca049a428cf48c5978ed93ef39752305dc066",  # without page furniture (furniture.py)
    5: "fea71c6e6d720993a137ba73b1a8e8000becb952",  # … whose last paragraph may be cut short
}


def _dev_lines() -> list[dict]:
    return [json.loads(line) for line in STORIES_DEV.read_text(encoding="utf-8").splitlines()]


def _leads() -> list[tuple[str, str]]:
    items = [*_dev_lines(), *IMPORT_ARTICLES]
    return [(item["title"], item["text"][: store.MEMBER_TEXT_CHARS]) for item in items]


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Empty the in-memory features, as in a new process; returns the titles whose features
    are computed from then on."""
    monkeypatch.setattr(stories, "_features", OrderedDict())
    monkeypatch.setattr(stored_features, "_decoded", OrderedDict())
    computed: list[str] = []
    compute = stories.compute_features

    def spy(title: str, text: str) -> stories.StoryDoc:
        computed.append(title)
        return compute(title, text)

    monkeypatch.setattr(stories, "compute_features", spy)
    return computed


def _stories_by_url(db: sqlite_utils.Database) -> dict[str, frozenset[str]]:
    rows = db.execute("SELECT url, story_id FROM articles").fetchall()
    members: dict[int, set[str]] = {}
    for url, story in rows:
        members.setdefault(story, set()).add(url)
    return {url: frozenset(members[story]) for url, story in rows}


def test_each_article_is_stored_with_the_features_computed_from_it(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    importer.import_jsonl(db, _write(tmp_path / "cjk.jsonl", IMPORT_ARTICLES))
    sizes = _assert_stored_as_computed(db, len(_dev_lines()) + len(IMPORT_ARTICLES))
    assert sum(sizes) / len(sizes) < 1500  # bytes; a Chinese article takes up to ~3,000


def test_a_fetch_pass_stores_the_features_of_what_it_stored(tmp_path: Path) -> None:
    rows = [row for row in _dev_lines() if row["source"] == "Reuters"]
    fetch_as_one_outlet(tmp_path, "Reuters", rows)
    _assert_stored_as_computed(store.open_db(tmp_path / "test.db"), len(rows))


def _assert_stored_as_computed(db: sqlite_utils.Database, articles: int) -> list[int]:
    """Every article has current features, those of its stored title and lead; returns
    their sizes in bytes."""
    rows = db.execute(
        "SELECT a.title, substr(a.text, 1, ?), f.features, f.version FROM articles a "
        "LEFT JOIN story_features f ON f.article_id = a.id",
        [store.MEMBER_TEXT_CHARS],
    ).fetchall()
    assert len(rows) == articles
    for title, lead, blob, version in rows:
        assert version == stories.FEATURES_VERSION, title
        stored = stored_features._decode(blob)
        computed = stories.compute_features(title, lead)
        assert stored.__dict__ == computed.__dict__, title
        assert list(stored.terms.items()) == list(computed.terms.items())  # same order too
    return [len(blob) for _title, _lead, blob, _version in rows]


def test_a_new_process_places_articles_without_recomputing_stored_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _dev_lines()
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, _write(tmp_path / "first.jsonl", lines[::2]))
    first = db.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    computed = _fresh_process(monkeypatch)
    later = lines[1::2]
    summary = importer.import_jsonl(db, _write(tmp_path / "later.jsonl", later))
    assert summary.imported == len(later)
    joined = db.execute(
        "SELECT COUNT(DISTINCT b.id) FROM articles a JOIN articles b ON a.story_id = b.story_id "
        "WHERE a.id <= ? AND b.id > ?",
        [first, first],
    ).fetchone()[0]
    assert joined > 10  # later articles were compared with stored members, and joined them
    assert Counter(computed) == Counter(item["title"] for item in later)  # their own only


def test_members_without_current_features_are_computed_and_placed_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older database (no features stored) or older feature code (another version) falls
    back to computing the members' features; the stories come out the same."""
    lines = _dev_lines()
    stored, old = tmp_path / "stored.db", tmp_path / "old.db"
    db = store.open_db(stored)
    importer.import_jsonl(db, _write(tmp_path / "first.jsonl", lines[::2]))
    db.close()
    shutil.copyfile(stored, old)
    old_db = store.open_db(old)
    old_db.execute("UPDATE story_features SET version = version - 1 WHERE article_id % 2 = 0")
    old_db.execute("DELETE FROM story_features WHERE article_id % 2 = 1")
    old_db.conn.commit()
    later = _write(tmp_path / "later.jsonl", lines[1::2])
    computed = _fresh_process(monkeypatch)
    importer.import_jsonl(old_db, later)
    earlier_titles = {item["title"] for item in lines[::2]}
    assert len(earlier_titles & set(computed)) > 10  # stale and missing rows were not used
    monkeypatch.undo()
    _fresh_process(monkeypatch)
    db = store.open_db(stored)
    importer.import_jsonl(db, later)
    assert _stories_by_url(db) == _stories_by_url(old_db)


def test_an_article_whose_title_or_text_changes_loses_its_stored_features(
    tmp_path: Path,
) -> None:
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    db.execute("UPDATE articles SET title = title || ' (updated)' WHERE id = 3")
    db.execute("UPDATE articles SET text = 'Corrected.' || text WHERE id = 5")
    db.execute("UPDATE articles SET summary = 'a summary' WHERE id = 7")
    kept = {row[0] for row in db.execute("SELECT article_id FROM story_features")}
    assert {3, 5} - kept == {3, 5} and 7 in kept
    db.execute(
        "INSERT INTO articles (id, url, canonical_url, source_id, title, fetched_at, text, "
        "extraction_status) SELECT 999, 'https://x.test/1', 'https://x.test/1', source_id, "
        "'Gone', fetched_at, '', 'ok' FROM articles WHERE id = 1"
    )
    db.execute("INSERT INTO story_features (article_id, version, features) VALUES (999, 1, x'00')")
    db.execute("DELETE FROM articles WHERE id = 999")
    assert db.execute("SELECT 1 FROM story_features WHERE article_id = 999").fetchone() is None


def test_features_that_cannot_be_stored_exactly_are_left_to_be_computed() -> None:
    plain = stories.compute_features("Tesla recalls 46,096 Cybertrucks", "A panel may detach.")
    assert stored_features._decode(stored_features.encode(plain) or b"").__dict__ == plain.__dict__
    separator = stories.StoryDoc(Counter({"odd\x1fterm": 1}), frozenset())
    huge = stories.StoryDoc(Counter({"word": 70_000}), frozenset())
    empty_item = stories.StoryDoc(Counter({"word": 1}), frozenset({""}))
    other_field = stories.StoryDoc(Counter({"word": 1}), frozenset(), language="en\x1e")
    unusual = (separator, huge, empty_item, other_field)
    assert [stored_features.encode(doc) for doc in unusual] == [None] * len(unusual)


def test_the_feature_version_names_the_feature_code() -> None:
    canonical = []
    for title, lead in _leads():
        doc = stories.compute_features(title, lead)
        fields = {}
        for name, value in doc.__dict__.items():
            if isinstance(value, Counter):
                value = sorted(value.items())
            elif isinstance(value, frozenset):
                value = sorted(value)
            fields[name] = value
        canonical.append(fields)
    digest = hashlib.sha1(json.dumps(canonical, sort_keys=True).encode()).hexdigest()
    assert FEATURE_DIGESTS.get(stories.FEATURES_VERSION) == digest, (
        f"compute_features changed (digest {digest}): bump stories.FEATURES_VERSION and "
        "record the digest in FEATURE_DIGESTS, so stored features are recomputed"
    )


def test_migration_keeps_document_frequencies_and_stores_no_features_for_old_articles(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m025_story_features")
    old.execute("INSERT INTO term_stats (term, df) VALUES ('tesla', 7), ('recall', 3)")
    old.conn.commit()
    old.close()
    db = store.open_db(path)
    assert store.term_frequencies(db, ["tesla", "recall", "nio"])[0] == {"tesla": 7, "recall": 3}
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'term_stats'").fetchone()[0]
    assert "WITHOUT ROWID" in sql
    assert db.execute("SELECT COUNT(*) FROM story_features").fetchone()[0] == 0
