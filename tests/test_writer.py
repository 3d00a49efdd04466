"""The writer's batches: one commit per batch of articles, prepared by worker processes,
with the same result as one article at a time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from aggregator import importer, store

STORIES_DEV = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "stories_dev.jsonl"


def test_a_failed_article_undoes_only_its_own_writes_in_a_batch(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    with store.transaction(db):
        store.ensure_source(db, "kept", "now")
        with pytest.raises(RuntimeError), store.transaction(db):  # a savepoint
            store.ensure_source(db, "undone", "now")
            raise RuntimeError("this article failed")
        with store.transaction(db):
            store.ensure_source(db, "also kept", "now")
    names = [row[0] for row in db.execute("SELECT name FROM sources ORDER BY name")]
    assert names == ["also kept", "kept"]


def test_a_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    with pytest.raises(RuntimeError), store.transaction(db):
        with store.transaction(db):
            store.ensure_source(db, "written", "now")
        raise RuntimeError("the process dies before the batch commits")
    assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0
    with store.transaction(db):  # and the connection is usable again
        store.ensure_source(db, "next", "now")


def _stories(path: Path) -> list[tuple[str, int, int | None]]:
    """Each article's URL with its story's rank and its original's rank (ids differ only
    by numbering, so compare the groupings)."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT url, story_id, copy_of, id FROM articles ORDER BY url").fetchall()
    conn.close()
    story_rank = {s: i for i, s in enumerate(sorted({r[1] for r in rows}))}
    url_of = {r[3]: r[0] for r in rows}
    return [
        (url, story_rank[story], copy_of and url_of[copy_of]) for url, story, copy_of, _ in rows
    ]


def test_workers_prepare_batches_with_the_same_result_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 40
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    clock = lambda: "2030-01-01T00:00:00+00:00"  # noqa: E731
    monkeypatch.setattr(importer, "IMPORT_BATCH", len(lines) + 1)  # one batch: no pool
    one = importer.import_jsonl(store.open_db(tmp_path / "one.db"), source, clock=clock)
    started: list[int] = []
    make_executor = importer.workers.make_executor
    monkeypatch.setattr(
        importer.workers, "make_executor", lambda n=None: started.append(1) or make_executor(2)
    )
    monkeypatch.setattr(importer, "IMPORT_BATCH", 7)  # many batches: workers prepare them
    many = importer.import_jsonl(store.open_db(tmp_path / "many.db"), source, clock=clock)
    assert started, "the pool was never started"
    assert (one.imported, one.duplicates) == (many.imported, many.duplicates)
    assert _stories(tmp_path / "one.db") == _stories(tmp_path / "many.db")
    assert len({story for _, story, _ in _stories(tmp_path / "many.db")}) < len(lines)


def test_bad_lines_in_any_batch_are_reported_and_the_rest_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "IMPORT_BATCH", 3)
    good = [
        {
            "url": f"https://example.com/a/{i}",
            "title": f"Headline {i}",
            "text": f"Body {i}.",
            "source": "Example",
        }
        for i in range(8)
    ]
    raw = [json.dumps(line) for line in good]
    raw.insert(4, "{not json")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(raw) + "\n", encoding="utf-8")
    summary = importer.import_jsonl(store.open_db(tmp_path / "t.db"), source)
    assert summary.imported == 8
    assert summary.errors == [
        f"{source}:5: not valid JSON (Expecting property name enclosed in double quotes)"
    ]
