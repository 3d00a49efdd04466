"""`aggregator backfill warc` and `status`: archived pages of the fake outlets, through the
prefilter, extraction and the one writer; broken records; idempotence; kill and resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aggregator.backfill.prefilter import Prefilter
from aggregator.backfill.warc import archive_files
from aggregator.config import Settings
from aggregator.topics import TopicRule
from tests.conftest import rows, run_cli, write_config
from tests.fakeweb.server import FakeServer
from tests.warc_fixtures import (
    SITES,
    article_record,
    malformed_member,
    near_copy,
    outlet_articles,
    page_url,
    surroundings,
    write_warc,
)

TOPICS = """
topics:
  - name: Xiaomi EV
    query: 'xiaomi OR 小米'
  - name: BYD
    query: byd
"""
MIRROR = "https://mirror-news.example"


def _config(tmp_path: Path, topics: str = TOPICS) -> Path:
    path = write_config(
        tmp_path / "sources.yaml",
        {
            "China EV Daily": [SITES["china-ev-daily"] + "/feed.json"],
            "Auto Gazette": [SITES["auto-gazette"] + "/rss.xml"],
        },
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(topics)
    return path


def _backfill(config: Path, *args: str):
    result = run_cli("backfill", "warc", *args, "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _archive(tmp_path: Path) -> Path:
    """China EV Daily's five articles, a syndicated copy of its Xiaomi story, the records
    around pages, and Auto Gazette's four (two of which never mention Xiaomi)."""
    china = outlet_articles("china-ev-daily")
    records = [article_record(a) for a in china]
    records += [near_copy(china[1], MIRROR), *surroundings(SITES["china-ev-daily"])]
    records += [article_record(a) for a in outlet_articles("auto-gazette")]
    return write_warc(tmp_path / "news.warc.gz", records)


def test_prefilter_reads_raw_bytes_casefolded_and_in_the_page_charset() -> None:
    rules = [TopicRule("X", '"xiaomi ev" OR 小米汽车 OR byd* NOT phone', None, ())]
    prefilter = Prefilter.for_topics(rules)
    assert prefilter is not None
    assert prefilter.matches(b"<h1>XIAOMI launches its first EV</h1>")
    assert prefilter.matches(b"<p>BYDs everywhere</p>")
    assert prefilter.matches("<p>小米汽车公布</p>".encode("gb18030"), "gb2312")
    assert prefilter.matches("<p>小米汽车公布</p>".encode(), None)
    assert not prefilter.matches(b"<p>Xiaomi phone sales</p>")  # the phrase needs both words
    assert not prefilter.matches("<p>小米手机</p>".encode("gb18030"), "gbk")
    assert Prefilter.for_topics([]) is None  # no topics: every page is extracted


def test_warc_backfill_stores_on_topic_articles_under_their_sources(tmp_path: Path) -> None:
    config = _config(tmp_path)
    summary, stderr = _backfill(config, str(_archive(tmp_path)), "--topic", "Xiaomi EV")
    # HTML 200 responses only: not the image, feed, 404, request and metadata records
    assert summary["pages"]["pages"] == 10
    assert summary["pages"]["no topic term"] == 2  # the two Gazette pages without "xiaomi"
    assert summary["pages"]["articles"] == 8
    assert (summary["done"], summary["failed"], summary["imported"]) == (1, 0, 8)
    db = tmp_path / "test.db"
    stored = {
        r["canonical_url"]: r
        for r in rows(
            db, "SELECT a.*, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id"
        )
    }
    china = outlet_articles("china-ev-daily")
    xiaomi = stored[page_url(china[1]).replace("://www.", "://")]
    assert xiaomi["source"] == "China EV Daily"
    assert xiaomi["title"] == china[1].title
    assert xiaomi["published_at"] == "2026-11-24T02:10:00+00:00"
    assert "36 weeks" in xiaomi["text"] and "Cookie" not in xiaomi["text"]
    gazette = outlet_articles("auto-gazette")
    titles = {r["title"] for r in stored.values()}
    assert gazette[1].title not in titles and gazette[3].title not in titles
    copy = next(r for r in stored.values() if r["source"] == "mirror-news.example")
    assert copy["copy_of"] == xiaomi["id"]  # the syndicated copy is linked to its original
    assert copy["story_id"] == xiaomi["story_id"]
    topics = rows(db, "SELECT article_id FROM article_topics WHERE topic = 'Xiaomi EV'")
    assert {xiaomi["id"], copy["id"]} <= {r[0] for r in topics}


def test_since_until_bound_the_publication_dates(tmp_path: Path) -> None:
    china = outlet_articles("china-ev-daily")
    early = article_record(china[2], captured="2026-11-03T00:00:00Z")  # BYD, 2 November
    warc = write_warc(tmp_path / "dated.warc.gz", [early, *(article_record(a) for a in china)])
    summary, _ = _backfill(
        _config(tmp_path, ""), str(warc), "--since", "2026-11-19", "--until", "2026-11-24T12:00:00Z"
    )
    stored = {r[0] for r in rows(tmp_path / "test.db", "SELECT published_at FROM articles")}
    # 19, 20 and 24 November; not the 25th, nor the 2nd (captured before --since: not extracted)
    assert stored == {
        "2026-11-19T06:50:00+00:00",
        "2026-11-20T08:25:00+00:00",
        "2026-11-24T02:10:00+00:00",
    }
    assert summary["pages"]["outside dates"] == 3
    assert summary["pages"]["articles"] == 3


def test_broken_records_are_reported_and_the_rest_kept(tmp_path: Path) -> None:
    china = outlet_articles("china-ev-daily")
    bad = write_warc(tmp_path / "bad.warc.gz", [article_record(a) for a in china[:2]])
    rest = write_warc(tmp_path / "rest.warc.gz", [article_record(a) for a in china[2:4]])
    bad.write_bytes(bad.read_bytes() + malformed_member() + rest.read_bytes())
    gazette = outlet_articles("auto-gazette")
    undated = article_record(gazette[3], captured="someday")  # kept: the page has its date
    cut = write_warc(tmp_path / "cut.warc.gz", [undated, *(article_record(a) for a in gazette[:3])])
    cut.write_bytes(cut.read_bytes()[:-300])
    junk = write_warc(tmp_path / "junk.warc.gz", [article_record(china[4])])
    junk.write_bytes(junk.read_bytes() + b"this is not a WARC record\r\n" * 20)
    missing = tmp_path / "missing.warc.gz"
    result = run_cli(
        "backfill", "warc", str(bad), str(cut), str(junk), str(missing),
        "--config", str(_config(tmp_path, "")), "--json", "--workers", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{bad}: record 3: malformed (Content-Length 'many'); skipped" in result.stderr
    assert f"{cut}: record 4: truncated (" in result.stderr
    assert f"{junk}: record 2: unreadable (" in result.stderr
    assert f"{missing}: cannot read: No such file or directory" in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["done"], summary["failed"]) == (3, 1)
    assert summary["imported"] == 4 + 3 + 1  # every readable page of every file


def test_rerun_does_nothing_and_status_reports_the_job(tmp_path: Path) -> None:
    config = _config(tmp_path)
    archive = str(_archive(tmp_path))
    first, _ = _backfill(config, archive, "--topic", "Xiaomi EV")
    again, _ = _backfill(config, archive, "--topic", "Xiaomi EV")
    assert first["imported"] == 8
    assert (again["already_done"], again["done"], again["merged_shards"]) == (1, 0, 0)
    assert rows(tmp_path / "test.db", "SELECT COUNT(*) FROM articles")[0][0] == 8
    status = run_cli("backfill", "status", "--config", str(config), "--json")
    (job,) = json.loads(status.stdout)
    assert job["job"] == first["job"]
    assert (job["units"], job["done"], job["failed"], job["pending"], job["waiting_to_merge"]) == (
        1,
        1,
        0,
        0,
        0,
    )
    other, _ = _backfill(config, archive, "--topic", "BYD")  # another command, another job
    assert other["job"] != first["job"]
    # the two Gazette pages the Xiaomi job skipped mention BYD; the rest are stored already
    assert (other["imported"], other["duplicates"]) == (2, other["pages"]["articles"] - 2)


def test_cc_news_path_lists_from_a_folder_and_over_http(tmp_path: Path, server: FakeServer) -> None:
    china = outlet_articles("china-ev-daily")
    month = "crawl-data/CC-NEWS/2026/11"
    folder = tmp_path / month
    folder.mkdir(parents=True)
    names = ["CC-NEWS-20261124.warc.gz", "CC-NEWS-20261125.warc.gz"]
    for name, articles in zip(names, (china[:2], china[2:]), strict=True):
        warc = write_warc(folder / name, [article_record(a) for a in articles])
        server.add(f"/{month}/{name}", warc.read_bytes(), content_type="application/octet-stream")
    listing = "".join(f"{month}/{name}\n" for name in names).encode()
    import gzip

    (folder / "warc.paths.gz").write_bytes(gzip.compress(listing))
    server.add(f"/{month}/warc.paths.gz", gzip.compress(listing), content_type="application/gzip")
    files, errors = archive_files([str(folder / "warc.paths.gz")], Settings())
    assert (files, errors) == ([str(folder / n) for n in names], [])
    config = _config(tmp_path, "")
    summary, _ = _backfill(config, server.url(f"/{month}/warc.paths.gz"))
    assert (summary["units"], summary["done"], summary["imported"]) == (2, 2, 5)
    assert all(server.hits(f"/{month}/{name}") == 1 for name in names)


def _db_contents(db: Path) -> dict[str, object]:
    """What a backfill decided, without the times it ran at: articles, copies, aliases
    (duplicates) and which articles share a story."""
    conn = sqlite3.connect(db)
    articles = conn.execute(
        "SELECT a.canonical_url, a.title, a.text, a.published_at, s.name, c.canonical_url "
        "FROM articles a JOIN sources s ON s.id = a.source_id "
        "LEFT JOIN articles c ON c.id = a.copy_of ORDER BY a.id"
    ).fetchall()
    aliases = conn.execute(
        "SELECT u.url, a.canonical_url FROM article_urls u JOIN articles a ON a.id = u.article_id "
        "ORDER BY u.url"
    ).fetchall()
    stories = conn.execute(
        "SELECT group_concat(canonical_url, ' ') FROM "
        "(SELECT story_id, canonical_url FROM articles ORDER BY id) GROUP BY story_id ORDER BY 1"
    ).fetchall()
    topics = conn.execute(
        "SELECT a.canonical_url, t.topic FROM article_topics t JOIN articles a ON a.id = t.article_id "
        "ORDER BY 1, 2"
    ).fetchall()
    conn.close()
    return {"articles": articles, "aliases": aliases, "stories": stories, "topics": topics}


def _three_archives(tmp_path: Path) -> list[str]:
    """Copies across files, so the database depends on the order shards are merged in."""
    china, gazette = outlet_articles("china-ev-daily"), outlet_articles("auto-gazette")
    parts = [
        [near_copy(china[1], MIRROR), near_copy(gazette[0], MIRROR), article_record(china[0])],
        [article_record(a) for a in china[1:]],
        [article_record(a) for a in gazette] + [article_record(china[1])],  # exact duplicate
    ]
    return [
        str(write_warc(tmp_path / f"part{i}.warc.gz", records)) for i, records in enumerate(parts)
    ]


def test_local_and_dask_engines_give_the_same_database(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    results = {}
    for engine in ("local", "dask"):
        folder = tmp_path / engine
        folder.mkdir()
        config = _config(folder)
        summary, _ = _backfill(
            config, *_three_archives(tmp_path), "--engine", engine, "--workers", "2"
        )
        assert (summary["done"], summary["failed"]) == (3, 0)
        results[engine] = _db_contents(folder / "test.db")
    assert results["local"]["aliases"]  # the exact duplicate is an alias of the stored article
    assert results["local"] == results["dask"]


def test_dask_engine_missing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    result = run_cli(
        "backfill", "warc", str(_archive(tmp_path)), "--engine", "dask",
        "--config", str(_config(tmp_path)),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --engine dask needs Dask: pip install 'aggregator[dask]'"
    )


def test_killed_backfill_resumes_to_the_same_database(tmp_path: Path, server: FakeServer) -> None:
    """SIGKILL while a unit downloads: no half shard counts as done, and the rerun gives
    what an uninterrupted run gives."""
    archives = _three_archives(tmp_path)
    server.add("/slow.warc.gz", Path(archives[2]).read_bytes(), delay=30)
    inputs = [archives[0], archives[1], server.url("/slow.warc.gz")]
    killed = tmp_path / "killed"
    killed.mkdir()
    config = _config(killed)
    command = [sys.executable, "-m", "aggregator", "backfill", "warc", *inputs]
    process = subprocess.Popen(
        [*command, "--config", str(config), "--workers", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    jobs = killed / "backfill"
    deadline = time.monotonic() + 60
    while not list(jobs.glob("*/unit-0001.merged")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    (job,) = jobs.iterdir()
    assert (job / "unit-0001.merged").exists()
    assert not (job / "unit-0002.done").exists() and not (job / "unit-0002.jsonl").exists()
    status = json.loads(run_cli("backfill", "status", "--config", str(config), "--json").stdout)
    assert (status[0]["done"], status[0]["pending"]) == (2, 1)

    server.add("/slow.warc.gz", Path(archives[2]).read_bytes())
    resumed, _ = _backfill(config, *inputs, "--workers", "3")
    assert (resumed["already_done"], resumed["done"], resumed["merged_shards"]) == (2, 1, 1)
    whole = tmp_path / "whole"
    whole.mkdir()
    _backfill(_config(whole), *inputs, "--workers", "3")
    assert _db_contents(killed / "test.db") == _db_contents(whole / "test.db")
