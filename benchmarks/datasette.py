"""Datasette at the size of a real archive: every page the README, `serve --help` and the home
page point an analyst to, timed cold, warm and under concurrent clients.

The archive is the search benchmark's (`benchmarks/search.py`: 200,000 synthetic articles over
two years, 30 outlets, 20 topics tagged), built once and kept at --db. It is served by the real
`aggregator serve` command in a child process, so the figures include Datasette's own work:
the page's query, its count, its facets and their suggestions, and the HTML or JSON around
them. Targets (issue 16): p95 ≤ 200 ms warm, ≤ 1 s cold, no failure ("SQL Interrupted" is an
HTTP 400 here).

1. cold: for each page, the server is restarted and the OS page cache dropped (needs root:
   `/proc/sys/vm/drop_caches`; without it the figure is marked "not cold"), then the page is
   requested once;
2. warm: the same server then answers the page --runs times; p50 and p95;
3. load: --clients threads request the pages in turn for --seconds; requests per second,
   p50, p95 and failures.

    python benchmarks/datasette.py                      # reuses /tmp/datasette-bench-200k.db
    python benchmarks/datasette.py --db /tmp/x.db --articles 20000
    python benchmarks/datasette.py --page topic_daily --page topic_outlets --seconds 10
    python benchmarks/datasette.py --page charts       # the chart pages (their HTML and data)
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import search as search_bench  # noqa: E402  (benchmarks/search.py: the archive's builder)

from aggregator import store  # noqa: E402

COLD_TARGET_S = 1.0
WARM_P95_TARGET_S = 0.2
DEFAULT_DB = Path(tempfile.gettempdir()) / "datasette-bench-200k.db"


@dataclass
class Result:
    status: int
    seconds: float


def ensure_archive(path: Path, articles: int, workers: int) -> None:
    """Build the search benchmark's archive at `path` unless it is already there, then bring
    its schema up to date (the indexes this benchmark is about come from migrations)."""
    found = search_bench.existing_benchmark(path)
    if found is None:
        if path.exists():
            sys.exit(f"{path} exists and is not a benchmark database; not touching it")
        print(f"Building {articles:,} articles in {path}")
        search_bench.build(path, articles, 7, workers)
        db = store.open_db(path)
        search_bench.tag_topics(db, search_bench.topic_rules(), articles)
        db.close()
    else:
        print(f"Reusing {path}: {found[1]:,} articles")
    started = time.perf_counter()
    store.open_db(path).close()
    print(f"  schema up to date ({time.perf_counter() - started:.1f} s)")


def pages(path: Path) -> dict[str, str]:
    """The linked pages, with real ids and names from the archive (a multi-outlet story, one
    of its articles, the largest and the smallest topic)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        story_id, article_id = conn.execute(
            "SELECT s.id, s.headline_article_id FROM stories s WHERE s.source_count > 1 "
            "ORDER BY s.last_seen DESC LIMIT 1"
        ).fetchone()
        by_size = conn.execute(
            "SELECT topic FROM article_topics GROUP BY topic ORDER BY COUNT(*)"
        ).fetchall()
    finally:
        conn.close()
    big, small = by_size[-1][0], by_size[0][0]

    def quoted(value: str) -> str:
        return urllib.parse.quote(value)

    return {
        "home": "/",
        "database": "/aggregator",
        "article_index": "/aggregator/article_index",
        "article_index search tesla": "/aggregator/article_index?_search=tesla",
        "recent_articles (facets)": "/aggregator/recent_articles",
        "articles": "/aggregator/articles",
        "article page": f"/aggregator/articles/{article_id}",
        "stories": "/aggregator/stories",
        "story page": f"/aggregator/stories/{story_id}",
        "search?query=tesla": "/aggregator/search?query=tesla",
        f"latest_by_topic {big}": f"/aggregator/latest_by_topic?topic={quoted(big)}",
        f"latest_by_topic {small}": f"/aggregator/latest_by_topic?topic={quoted(small)}",
        f"topic_feed.atom {big}": f"/aggregator/topic_feed.atom?topic={quoted(big)}",
        f"topic_feed.atom {small}": f"/aggregator/topic_feed.atom?topic={quoted(small)}",
        "top_stories_week": "/aggregator/top_stories_week",
        "story query": f"/aggregator/story?story_id={story_id}",
        "article_history": f"/aggregator/article_history?article_id={article_id}",
        "source_health": "/aggregator/source_health",
        "article_topics": "/aggregator/article_topics",
        "topic_daily (30 days)": "/aggregator/topic_daily?days=30",
        "topic_outlets (30 days)": "/aggregator/topic_outlets?days=30",
        f"charts {big} (30 days)": f"/-/charts?topic={quoted(big)}",
        f"charts {small} (30 days)": f"/-/charts?topic={quoted(small)}",
        f"charts {big} (90 days)": f"/-/charts?topic={quoted(big)}&since=90d",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> Result:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return Result(status, time.perf_counter() - started)


class Server:
    """`aggregator serve` on a free port, output to a log file (a pipe nobody reads would
    block it)."""

    def __init__(self, db: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aggregator",
                "serve",
                "--db",
                str(db),
                "--port",
                str(self.port),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,  # the project's sources.yaml (its settings: timezone)
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while fetch(self.base + "/-/versions.json").status != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                sys.exit(f"aggregator serve did not start; see {log}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def drop_os_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("1\n")
    except OSError:
        return False
    return True


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def measure_pages(db: Path, urls: dict[str, str], runs: int, log: Path) -> int:
    """Cold and warm figures per page; returns the number of pages over a target."""
    print(f"\n{'page':<34} {'status':>6} {'cold':>10} {'warm p50':>10} {'warm p95':>10}")
    misses = 0
    for name, path in urls.items():
        server = Server(db, log)
        try:
            cold_ok = drop_os_cache()
            cold = fetch(server.base + path)
            warm = [fetch(server.base + path) for _ in range(runs)]
        finally:
            server.stop()
        statuses = {cold.status, *(r.status for r in warm)}
        p95 = percentile([r.seconds for r in warm], 95)
        over = statuses != {200} or cold.seconds > COLD_TARGET_S or p95 > WARM_P95_TARGET_S
        misses += over
        print(
            f"{name[:34]:<34} {','.join(map(str, sorted(statuses))):>6} {ms(cold.seconds)}"
            f"{'' if cold_ok else '*'} {ms(percentile([r.seconds for r in warm], 50))}"
            f" {ms(p95)}{'  OVER TARGET' if over else ''}"
        )
    return misses


def load(db: Path, urls: list[str], clients: int, seconds: float, log: Path) -> None:
    """`clients` threads request the pages in turn, each waiting for its answer."""
    server = Server(db, log)
    results: list[Result] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        index = offset
        while time.monotonic() < stop_at:
            result = fetch(server.base + urls[index % len(urls)])
            with lock:
                results.append(result)
            index += 1

    try:
        drop_os_cache()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    times = [r.seconds for r in results]
    failed = sum(r.status != 200 for r in results)
    print(
        f"\n{clients} concurrent clients, {elapsed:.0f} s from a cold cache: {len(results)} "
        f"requests, {len(results) / elapsed:.1f}/s, p50 {ms(percentile(times, 50)).strip()}, "
        f"p95 {ms(percentile(times, 95)).strip()}, {failed} failed"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="archive, built if absent")
    parser.add_argument("--articles", type=int, default=200_000, help="size when building")
    parser.add_argument("--runs", type=int, default=20, help="warm requests per page")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load run")
    parser.add_argument("--workers", type=int, default=1, help="text generators when building")
    parser.add_argument(
        "--page", action="append", default=[], help="only pages whose name holds this (repeatable)"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    db = args.db.resolve()
    ensure_archive(db, args.articles, args.workers)
    log = Path(tempfile.gettempdir()) / "datasette-bench-serve.log"
    urls = {
        name: url
        for name, url in pages(db).items()
        if not args.page or any(part in name for part in args.page)
    }
    misses = measure_pages(db, urls, args.runs, log)
    if not drop_os_cache():
        print("* not cold: the OS page cache cannot be dropped without root")
    load(db, list(urls.values()), args.clients, args.seconds, log)
    print(
        f"\n{misses} of {len(urls)} pages over target (cold ≤ {COLD_TARGET_S:.0f} s, warm p95 ≤ "
        f"{WARM_P95_TARGET_S * 1000:.0f} ms, HTTP 200); server log: {log}"
    )


if __name__ == "__main__":
    main()
