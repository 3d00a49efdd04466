"""Time budgets: a pass, an item and a page extraction each have a deadline, and whatever a
deadline cuts short is taken up later, never lost."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from aggregator import store
from aggregator.config import ExtractionHints, load_config
from aggregator.dates import to_iso
from aggregator.scheduler import Service
from aggregator.workers import extract_and_fingerprint, make_executor
from tests.conftest import assert_consistent, run_cli, slow_pages, write_config
from tests.fakeweb import (
    ARTICLES,
    FakeServer,
    install_outlet,
    render_article_page,
    with_registration_table,
)

SLOW_ROWS = 15_000  # ~4.5 s of extraction (see with_registration_table)


@contextmanager
def silent_host() -> Iterator[str]:
    """A host that accepts connections (the kernel completes the handshake) and never
    answers; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def fetch_json(config: Path) -> dict:
    result = run_cli("fetch", "--config", str(config), "--json")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return {s["name"]: s for s in json.loads(result.stdout)["sources"]}


def test_a_silent_host_cannot_hold_the_pass(tmp_path: Path) -> None:
    with silent_host() as silent, FakeServer() as good:
        healthy = install_outlet(good, "ev-dispatch")
        config = write_config(
            tmp_path / "s.yaml",
            {"Silent": [f"{silent}/feed"], "Healthy": [healthy["feed_url"]]},
            limits={"read_timeout": 60, "total_timeout": 60, "item_timeout": 60, "pass_timeout": 4},
        )
        started = time.monotonic()
        summary = fetch_json(config)
    assert time.monotonic() - started < 10
    assert summary["Healthy"]["new"] == len(healthy["articles"])
    assert summary["Silent"]["feeds_failed"] == 1 and not summary["Silent"]["succeeded"]
    assert summary["Silent"]["errors"] == [
        "pass deadline reached after 4s (pass_timeout): the rest is left for the next pass"
    ]
    logged = sqlite3.connect(tmp_path / "test.db").execute(
        "SELECT error FROM fetch_log WHERE url = ?", [f"{silent}/robots.txt"]
    )
    assert [row[0] for row in logged] == [f"{silent}/robots.txt: cancelled before an answer"]


def test_items_left_at_the_pass_deadline_are_taken_up_by_the_next_pass(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        feed_path = site["feed_url"].removeprefix(srv.base)
        feed = srv._routes[feed_path]
        srv.add(feed_path, feed.body, content_type=feed.content_type, etag='"v1"')
        slow_pages(srv, site["article_urls"], 1.0)
        config = write_config(
            tmp_path / "s.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            limits={"per_host_concurrency": 1, "pass_timeout": 2.5},
        )
        first = fetch_json(config)["Motor Ledger"]
        db = sqlite3.connect(tmp_path / "test.db")
        stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert 0 < stored < len(site["articles"])
        assert first["failed"] == len(site["articles"]) - stored and first["succeeded"]
        assert "pass deadline reached" in first["errors"][0]
        # validators not saved: the next pass gets the whole feed again, not a 304
        assert db.execute("SELECT etag FROM feeds").fetchone()[0] is None

        slow_pages(srv, site["article_urls"], 0)
        second = fetch_json(config)["Motor Ledger"]
        assert second["new"] == len(site["articles"]) - stored and not second["errors"]
    urls = sorted(row[0] for row in db.execute("SELECT canonical_url FROM articles"))
    assert urls == sorted(site["article_urls"])  # each exactly once
    assert db.execute("SELECT etag FROM feeds").fetchone()[0] == '"v1"'
    assert_consistent(db)


def test_slow_page_is_stored_from_the_feed_and_flagged(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        slow_url = site["article_urls"][0]
        slow = with_registration_table(
            render_article_page(site["articles"][0], srv.base), SLOW_ROWS
        )
        srv.add(slow_url.removeprefix(srv.base), slow)
        config = write_config(
            tmp_path / "s.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            "extraction_workers: 1",
            limits={"extraction_timeout": 0.5},
        )
        summary = fetch_json(config)["Motor Ledger"]
    assert summary["new"] == len(site["articles"]) and summary["flagged"] == 1
    db = sqlite3.connect(tmp_path / "test.db")
    status, note, title, text = db.execute(
        "SELECT extraction_status, extraction_note, title, text FROM articles WHERE url = ?",
        [slow_url],
    ).fetchone()
    assert status == "empty" and note == "extraction stopped after 0.5s"
    assert title == site["articles"][0].title and "Region 96" not in text  # the feed's
    others = db.execute("SELECT extraction_status FROM articles WHERE url != ?", [slow_url])
    assert {row[0] for row in others} == {"ok"}


def test_extraction_worker_survives_its_time_limit() -> None:
    """The alarm interrupts the page, not the worker: the same process extracts the next."""
    article = ARTICLES["motor-ledger"][1]
    page = render_article_page(article, "https://motor-ledger.example").encode()
    slow = with_registration_table(page.decode(), SLOW_ROWS).encode()
    url = "https://motor-ledger.example/a"
    executor = make_executor(1)
    try:
        worker = executor.submit(os.getpid).result()
        started = time.monotonic()
        timed_out, _ = executor.submit(
            extract_and_fingerprint, slow, url, ExtractionHints(), "utf-8", False, time_limit=0.3
        ).result(timeout=30)
        assert time.monotonic() - started < 2
        assert timed_out.status == "empty" and timed_out.notes == ["extraction stopped after 0.3s"]
        normal, fingerprint = executor.submit(
            extract_and_fingerprint, page, url, ExtractionHints(), "utf-8", False, time_limit=5
        ).result(timeout=30)
        assert normal.status == "ok" and article.paragraphs[0][:60] in normal.text
        assert fingerprint.content_hash and executor.submit(os.getpid).result() == worker
    finally:
        executor.shutdown()


def test_digest_is_not_held_by_a_pass_in_progress(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    with silent_host() as silent:
        path = write_config(
            tmp_path / "s.yaml",
            {"Silent": [f"{silent}/feed"]},
            f"smtp: {{host: 127.0.0.1, port: {port}, security: none}}\n"
            'digest: {to: [analyst@example.com], time: "07:30"}',
            limits={"read_timeout": 30, "total_timeout": 30},
        )
        config = load_config(path)
        db = store.open_db(tmp_path / "test.db")
        now = datetime(2026, 11, 26, 7, 31, tzinfo=UTC)  # the 07:30 UTC digest is due
        store.sync_sources(db, config, to_iso(now))

        async def digest_during_a_pass() -> bool:
            with ThreadPoolExecutor(1) as executor:
                service = Service(config, db, executor, now=lambda: now)
                polling = asyncio.create_task(service.tick())
                await asyncio.sleep(0.5)  # the pass now waits for the silent host
                assert not polling.done()
                await asyncio.wait_for(service.digest(), timeout=10)
                still_polling = not polling.done()
                polling.cancel()
                await asyncio.gather(polling, return_exceptions=True)
                return still_polling

        assert asyncio.run(digest_during_a_pass())
    assert len(inbox.messages) == 1 and store.last_digest(db) is not None
