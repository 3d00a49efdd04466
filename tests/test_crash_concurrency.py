"""Machines die and people read while ingest writes: SIGKILL at random moments, and ingest
next to four searching readers and a live Datasette."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import sqlite_utils

from aggregator import store
from aggregator.search import SearchRequest, search
from aggregator.store.schema import migrations
from tests.conftest import assert_consistent, free_port, slow_pages, start_serve, write_config
from tests.fakeweb import FakeServer, generate_bulk_articles, install_outlet, render_feed


def slow_outlet(server: FakeServer, count: int, delay: float) -> dict:
    articles = [
        a for a in generate_bulk_articles(count * 4, seed=11) if a.outlet == "motor-ledger"
    ][:count]
    site = install_outlet(server, "motor-ledger", articles=articles)
    slow_pages(server, site["article_urls"], delay)
    return site


def fully_migrated(db: sqlite3.Connection) -> bool:
    return not migrations.pending(sqlite_utils.Database(db))


def fetch_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "aggregator", "fetch", "--config", str(config)]


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    with FakeServer() as srv:
        site = slow_outlet(srv, 60, delay=0.15)
        articles = site["articles"]
        config = write_config(
            tmp_path / "s.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            limits={"per_host_concurrency": 2},
        )
        db_path = tmp_path / "test.db"
        kills = attempts = 0
        while kills < 10 and attempts < 30:
            attempts += 1
            # the feed grows, so every run has pages left to fetch when the kill comes
            body, ctype = render_feed("motor-ledger", articles[: 5 * (attempts + 1)], site["base"])
            srv.add("/feed", body, content_type=ctype)
            process = subprocess.Popen(
                fetch_command(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.5, 2.0))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(timeout=10)
            if db_path.exists():
                db = sqlite3.connect(db_path)
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                # killed while the schema was being built: each migration is one transaction
                # and the next run applies the rest, so only a finished schema is checked
                if fully_migrated(db):
                    assert_consistent(db)
                db.close()
        assert kills >= 10
        body, ctype = render_feed("motor-ledger", articles, site["base"])
        srv.add("/feed", body, content_type=ctype)
        final = subprocess.run(fetch_command(config), capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert_consistent(db)
    urls = [row[0] for row in db.execute("SELECT canonical_url FROM articles")]
    assert sorted(urls) == sorted(site["article_urls"])  # every article exactly once


def test_ingest_with_four_readers_and_datasette(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = slow_outlet(srv, 40, delay=0.02)
        config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
        db_path = tmp_path / "test.db"
        store.open_db(db_path).close()  # schema first, as `aggregator serve` would make it
        port = free_port()
        log = (tmp_path / "serve.log").open("wb")
        datasette = start_serve(config, db_path, port, log)
        errors: list[str] = []
        counts: dict[str, list[int]] = {}
        done = threading.Event()

        def reader(name: str) -> None:
            db = store.open_db(db_path)
            seen: list[int] = []
            try:
                while not done.is_set():
                    try:
                        hits = search(
                            db,
                            SearchRequest("battery OR charging OR tesla", limit=50, collapse=False),
                        )
                        with db.conn:  # both counts from one snapshot
                            db.conn.execute("BEGIN")
                            total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                            fts = db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
                        if total != fts:
                            errors.append(f"{name}: {total} articles but {fts} index rows")
                        seen.append(total)
                        assert all(h.id for h in hits)
                    except Exception as exc:  # noqa: BLE001 - every failure is the finding
                        errors.append(f"{name}: {exc}")
                    time.sleep(0.01)
            finally:
                counts[name] = seen
                db.close()

        def web() -> None:
            seen: list[int] = []
            url = f"http://127.0.0.1:{port}/aggregator/articles.json?_size=0&_search=battery"
            while not done.is_set():
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        body = json.loads(response.read())
                    seen.append(body.get("filtered_table_rows_count") or 0)
                except OSError:
                    pass  # not up yet
                except Exception as exc:  # noqa: BLE001
                    errors.append(f"datasette: {exc}")
                time.sleep(0.05)
            counts["datasette"] = seen

        threads = [threading.Thread(target=reader, args=(f"reader{i}",)) for i in range(4)]
        threads.append(threading.Thread(target=web))
        for thread in threads:
            thread.start()
        try:
            time.sleep(0.3)  # readers get going before the writer
            ingest = subprocess.run(
                fetch_command(config), capture_output=True, text=True, timeout=180
            )
            time.sleep(0.5)
        finally:
            done.set()
            for thread in threads:
                thread.join(timeout=30)
            datasette.terminate()
            datasette.wait(timeout=15)
            log.close()
    assert ingest.returncode == 0, ingest.stderr
    assert "locked" not in ingest.stderr
    assert not errors, errors[:5]
    served = (tmp_path / "serve.log").read_text()
    assert "locked" not in served
    for name, seen in counts.items():
        assert seen, f"{name} never read"
        assert seen == sorted(seen), f"{name} saw the archive shrink: {seen}"
    assert counts["reader0"][-1] == len(site["articles"])
