"""Ingest throughput and memory: `aggregator fetch` vs plain single-process trafilatura.

Serves N article pages (default 1000) from local HTTP servers on several hosts, runs
`aggregator fetch` on them in a subprocess, and prints the figures below. Pages come from
`--pages-from real` (default when ../shared is present): the 181 real news pages of
../shared/benchmarks/extraction, served round-robin under distinct URLs, so page weight and
markup are those of real outlets; or `--pages-from fixture`: the test suite's generated
outlet pages (~20 KB each, much lighter than real pages, so fixed per-request costs weigh more).

* pages/s of the whole pipeline (feeds, politeness machinery, fetch, extraction in the
  process pool, canonicalisation, SQLite writes with FTS),
* pages/s of `trafilatura.extract(html)` over the same pages in this one process,
* their ratio (target on 2 cores: ≥ 1.5 on real pages, ≥ 1.0 on the light fixture pages,
  where trafilatura's own rate is higher and the pass's fixed costs per page weigh more) and
  the peak memory of the pipeline's whole process tree (main process, fork server and
  extraction workers, sampled every 50 ms; target ≤ 400 MB),
* where the cores went, in CPU ms per page: the event loop's thread, the process's other
  threads, the extraction workers, the process's start, and what was idle or taken by other
  programs; and the ceiling those CPU figures allow on idle cores (all of a pass's CPU shared
  by the cores, the loop's own on one), against the reference's CPU per page: a ratio that
  does not depend on what else the machine runs.

Each round compares the pipeline with the mean of the single-process reference measured just
before and just after it, and the median round (by ratio) is printed with all rounds' ratios:
on a shared VM the CPU's speed drifts by ±20 % within minutes, so one pair of numbers taken
minutes apart can mislead either way.

With --shared it also scores the project's extraction function on
../shared/benchmarks/extraction (F1; target ≥ 0.960), when that folder is present.

With --profile the fetch runs with a timer on each step its event loop runs (one thread does
all of a pass's network, deciding and writing, so its busy time bounds the pass), and the
median round prints where that time goes per article: the loop waiting (for extraction
workers or the network), handing pages to the workers, template memory, recognising items,
judging pages, deciding, storing, tagging, commits, settling, and the rest (HTTP client,
feed parsing hand-off, asyncio). The timers cost a little: compare rates without it.

With --dump FILE it writes what the last round stored, keyed by URL (each article's columns
but row ids and clock times, its signature and bands, story features, topics, addresses,
copy link and story as its members' URLs): a change that must not alter results leaves it
identical for the same pages. The fetch then runs one request and one extraction at a time
(rates are not comparable), as what is stored depends on the order pages are stored in.

    python benchmarks/ingest.py --pages 1000
    python benchmarks/ingest.py --pages-from fixture --pages 600 --rounds 1 --profile
    python benchmarks/ingest.py --pages-from fixture --pages 600 --rounds 1 --dump before.json
"""

from __future__ import annotations

import argparse
import compileall
import email.utils
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.fakeweb import (  # noqa: E402
    OUTLETS,
    FakeServer,
    encode_page,
    generate_bulk_articles,
    install_outlet,
    render_article_page,
)

SHARED = ROOT.parent / "shared" / "benchmarks" / "extraction"


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of a process and all its descendants (Linux /proc).

    RSS counts pages shared between the forked extraction workers once per process; PSS
    splits them, so its sum is the memory the pipeline really holds."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def serve_real(
    pages: int, hosts: int
) -> tuple[list[FakeServer], list[tuple[str, str]], list[bytes]]:
    """Real pages, round-robin, each copy under its own URL in an RSS feed per host."""
    import gzip

    # Copies of one page are the same article, and the aggregator rightly stores it once
    # (its AMP link is an alias). Drop AMP links so every copy counts as a distinct article.
    amp_link = re.compile(rb"<link[^>]+amphtml[^>]*>", re.IGNORECASE)
    originals = [
        amp_link.sub(b"", gzip.decompress(path.read_bytes()).decode("utf-8", "replace").encode())
        for path in sorted((SHARED / "html").glob("*.html.gz"))
    ]
    servers = [FakeServer() for _ in range(hosts)]
    feeds: list[tuple[str, str]] = []
    bodies: list[bytes] = []
    items: list[list[str]] = [[] for _ in servers]
    for n in range(pages):
        index = n % hosts
        server = servers[index]
        body = originals[n % len(originals)]
        server.add(f"/news/{n}", body, content_type="text/html; charset=utf-8")
        bodies.append(body)
        items[index].append(
            f"<item><title>Story {n}</title><link>{server.base}/news/{n}</link>"
            f"<guid isPermaLink='false'>story-{n}</guid>"
            f"<pubDate>{email.utils.formatdate(1_795_000_000 - n * 60, usegmt=True)}</pubDate></item>"
        )
    for index, server in enumerate(servers):
        feed = f'<rss version="2.0"><channel><title>Host {index}</title>{"".join(items[index])}</channel></rss>'
        server.add("/feed", feed, content_type="application/rss+xml")
        server.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        feeds.append((f"Real pages {index}", server.url("/feed")))
    return servers, feeds, bodies


def serve_fixture(
    pages: int, hosts: int
) -> tuple[list[FakeServer], list[tuple[str, str]], list[bytes]]:
    """Spread the bulk articles over `hosts` servers; return servers, (name, feed URL), pages."""
    articles = generate_bulk_articles(pages, seed=7)
    servers = [FakeServer() for _ in range(hosts)]
    feeds: list[tuple[str, str]] = []
    bodies: list[bytes] = []
    keys = list(OUTLETS)
    for index, server in enumerate(servers):
        for key in keys:
            mine = [a for n, a in enumerate(articles) if a.outlet == key and n % hosts == index]
            if not mine:
                continue
            site = install_outlet(server, key, articles=mine, prefix=f"/{key}")
            feeds.append((f"{OUTLETS[key]['name']} {index}", site["feed_url"]))
            for article in mine:
                html = render_article_page(article, site["base"])
                bodies.append(encode_page(key, html)[0])
    return servers, feeds, bodies


TARGET = {"real": 1.5, "fixture": 1.0}  # the pass's rate over single-process trafilatura's

# (owner, name) of each step the event loop runs synchronously, timed where its callers look
# it up (none is part of another)
LOOP_STEPS = {
    "handing pages to workers": ("asyncio.base_events:BaseEventLoop", "run_in_executor"),
    "template memory, read": ("aggregator.store", "template_memory"),
    "template memory, write": ("aggregator.store", "remember_blocks"),
    "recognising items": ("aggregator.pipeline:_Ingest", "_recognise"),
    "judging pages": ("aggregator.pipeline:_Ingest", "_judge_page"),
    "building records": ("aggregator.pipeline", "_build_record"),
    "deciding (dedup + stories)": ("aggregator.assign", "decide"),
    "storing (row, FTS, bands)": ("aggregator.store:ArticleBatch", "insert"),
    "story recounts (per batch)": ("aggregator.store:ArticleBatch", "finish"),
    "topic tagging (per batch)": ("aggregator.store", "tag_articles"),
    "request log": ("aggregator.store", "log_requests"),
    "settling (end of pass)": ("aggregator.assign:Arrivals", "settle"),
}


def _owner(path: str) -> object:
    """`module` or `module:Class`, imported."""
    import importlib

    module, _, name = path.partition(":")
    owner = importlib.import_module(module)
    return getattr(owner, name) if name else owner


class _TimedConnection(sqlite3.Connection):
    """A connection that times its COMMITs: a batch's write-out of pages and index segments."""

    commits = 0.0

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        if sql != "COMMIT":
            return super().execute(sql, *args)
        started = time.perf_counter()
        try:
            return super().execute(sql, *args)
        finally:
            _TimedConnection.commits += time.perf_counter() - started


def measured_fetch(out: Path, profile: bool, fetch_args: list[str]) -> None:
    """`aggregator fetch` in this process, writing to `out` (JSON) the CPU seconds of its
    parts: the event loop's thread over the pass, the process's other threads (the process
    pool's hand-off: pickling pages, reading results), the extraction workers (children, whose
    time is counted once they are reaped, at the pool's shutdown) and this process's start.
    With `profile`, also timers on the event loop's steps, its idle waits (the selector) and
    its COMMITs."""
    import resource
    import selectors

    from writer import Timer

    from aggregator.cli import fetch as fetch_command
    from aggregator.cli import main as cli

    timers: dict[str, Timer] = {}
    if profile:
        timers = {label: Timer(_owner(owner), name) for label, (owner, name) in LOOP_STEPS.items()}
        timers["waiting"] = Timer(selectors.DefaultSelector, "select")
        sqlite3.connect = partial(sqlite3.connect, factory=_TimedConnection)  # type: ignore[assignment]
    passes: list[dict[str, float]] = []
    run_pass = fetch_command.run_pass

    async def timed_pass(*args: object, **kwargs: object) -> object:
        started, thread, process = time.perf_counter(), time.thread_time(), time.process_time()
        try:
            return await run_pass(*args, **kwargs)
        finally:
            loop = time.thread_time() - thread
            passes.append(
                {
                    "pass": time.perf_counter() - started,
                    "cpu": loop,
                    "threads": time.process_time() - process - loop,
                    "before": process,  # imports, configuration, opening the database
                }
            )

    fetch_command.run_pass = timed_pass
    try:
        cli.main(["fetch", *fetch_args], standalone_mode=False)
    finally:
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        measured = passes[0] | {"workers": workers.ru_utime + workers.ru_stime}
        if profile:
            steps = {label: timer.seconds for label, timer in timers.items()}
            measured["steps"] = steps | {"commits": _TimedConnection.commits}
        out.write_text(json.dumps(measured))


def print_cores(measured: dict, pages: int, seconds: float, reference_cpu: float) -> None:
    """Where the machine's cores went during the fetch, in CPU ms per page, and the rate
    they allow: the workers and the event loop share the cores, and the loop is one thread,
    so on C idle cores a pass is at best min(C / all its CPU, 1 / the loop's CPU) pages a
    second. Against the reference's own CPU per page this ceiling does not depend on what
    else the machine runs (the wall-clock ratio above does)."""
    cores = os.cpu_count() or 1
    per_page = 1e3 / max(pages, 1)
    parts = {
        "event loop thread (pass)": measured["cpu"],
        "other threads (pool hand-off)": measured["threads"],
        "extraction workers": measured["workers"],
        "start (imports, config)": measured["before"],
    }
    used = sum(parts.values())
    print(
        f"CPU, ms per page ({cores} cores x {seconds:.1f} s wall = {cores * seconds:.1f} core-s;"
        f" load average {os.getloadavg()[0]:.1f})"
    )
    for label, cpu in parts.items():
        print(f"  {label:38s} {cpu * per_page:7.2f}  ({cpu:.1f} s)")
    idle = cores * seconds - used
    print(f"  {'idle, or other programs':38s} {idle * per_page:7.2f}  ({idle:.1f} s)")
    print(f"  {'trafilatura.extract, 1 proc':38s} {reference_cpu * 1e3:7.2f}")
    total = (used - measured["before"]) / max(pages, 1)
    loop = (measured["cpu"] + measured["threads"]) / max(pages, 1)
    ceiling = min(cores / total, 1 / loop)
    print(
        f"ceiling on {cores} idle cores        {ceiling:7.1f} pages/s, ratio"
        f" {ceiling * reference_cpu:.2f}x (bound by {'the event loop' if 1 / loop < cores / total else 'all CPU'})"
    )


def print_profile(profile: dict, articles: int) -> None:
    """Where the event loop's time went, in ms per article processed."""
    per_article = 1e3 / max(articles, 1)
    steps, total = profile["steps"], profile["pass"]
    print(
        f"event loop, ms per article (pass {total * per_article:.2f} ms, of which its thread's"
        f" CPU {profile['cpu'] * per_article:.2f}: steadier on a loaded machine)"
    )
    print(f"  {'waiting (extraction workers, network)':40s} {steps['waiting'] * per_article:7.2f}")
    for label in LOOP_STEPS:
        print(f"  {label:40s} {steps[label] * per_article:7.2f}")
    print(f"  {'commits (inside the steps above)':40s} {steps['commits'] * per_article:7.2f}")
    rest = total - steps["waiting"] - sum(steps[label] for label in LOOP_STEPS)
    print(f"  {'the rest (HTTP client, feeds, asyncio)':40s} {rest * per_article:7.2f}")


# columns that differ from one run to the next whatever was stored
_RUN_COLUMNS = {"id", "fetched_at", "updated_at", "source_id", "feed_id"}


def stored_articles(database: Path) -> dict[str, dict]:
    """What a pass stored, keyed by URL, in terms that do not depend on row ids or clocks."""
    db = sqlite3.connect(database)
    url_of = dict(db.execute("SELECT id, url FROM articles").fetchall())
    members: dict[int, list[str]] = {}
    for article_id, story_id in db.execute("SELECT id, story_id FROM articles"):
        members.setdefault(story_id, []).append(url_of[article_id])
    related = {
        "signature": "SELECT article_id, scheme || ':' || hex(signature) FROM minhash_signatures",
        "bands": "SELECT article_id, band || ':' || bucket FROM minhash_bands",
        "features": "SELECT article_id, version || ':' || hex(features) FROM story_features",
        "topics": "SELECT article_id, topic || ':' || score FROM article_topics",
        "addresses": "SELECT article_id, kind || ':' || url FROM article_urls",
    }
    found: dict[str, dict[int, list[str]]] = {key: {} for key in related}
    for key, sql in related.items():
        for article_id, value in db.execute(sql):
            found[key].setdefault(article_id, []).append(value)
    dumped = {}
    cursor = db.execute("SELECT * FROM articles")
    names = [column[0] for column in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        article = {k: v for k, v in row.items() if k not in _RUN_COLUMNS}
        article["copy_of"] = url_of.get(row["copy_of"])
        article["story_id"] = sorted(members[row["story_id"]]) if row["story_id"] else None
        for key in related:
            article[key] = sorted(found[key].get(row["id"], []))
        dumped[row["url"]] = article
    db.close()
    return dumped


def write_dump(out: Path, database: Path, servers: list[FakeServer]) -> None:
    """`stored_articles` as JSON, each server's address (a new port each run) as its name."""
    dumped = json.dumps(stored_articles(database), indent=0, sort_keys=True, ensure_ascii=False)
    for index, server in enumerate(servers):
        dumped = dumped.replace(server.base, f"http://host{index}")
    out.write_text(dumped)


def pipeline_rate(
    feeds: list[tuple[str, str]],
    pages: int,
    workdir: Path,
    profile: bool = False,
    in_order: bool = False,
) -> dict:
    """`in_order`: one source reading its feeds one after the other, one request and one
    extraction at a time, and one hash seed, so that two runs store (nearly) the same: what
    a page's story is depends on the pages stored before it, and concurrent passes store
    them in the order they happen to finish. (A page may still be handed to the worker
    before the previous one has taught the outlet's template.)"""
    config = workdir / "sources.yaml"
    per_host, total = (1, 1) if in_order else (8, 32)
    lines = [
        "settings:",
        f"  database: {workdir / 'bench.db'}",
        '  allow_private_addresses: ["127.0.0.0/8"]',
        *(["  extraction_workers: 1"] if in_order else []),
        f"  limits: {{per_host_delay: 0, per_host_concurrency: {per_host},"
        f" total_concurrency: {total}, max_articles_per_feed: {pages}}}",
        "sources:",
    ]
    if in_order:  # one source: its feeds are read one after the other
        lines += ["  - name: All", f"    feeds: {json.dumps([url for _, url in feeds])}"]
    for name, url in [] if in_order else feeds:
        lines += [f"  - name: {json.dumps(name)}", f"    feeds: [{json.dumps(url)}]"]
    config.write_text("\n".join(lines) + "\n")
    measured_file = workdir / "measured.json"
    command = [sys.executable, __file__, "--measured-fetch", str(measured_file)]
    command += ["--profile"] * profile + ["--config", str(config), "--json"]
    started = time.perf_counter()
    environment = os.environ | ({"PYTHONHASHSEED": "0"} if in_order else {})
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    )
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"aggregator fetch failed ({process.returncode}):\n{stderr.decode()}")
    summary = json.loads(stdout)
    # pages fetched and extracted: stored as new, or recognised as an article already stored
    # (copies of one real page are the same article: stored once, the rest become aliases)
    processed = sum(s["new"] + s["unchanged"] for s in summary["sources"])
    return {
        "stored": summary["new"],
        "processed": processed,
        "seconds": elapsed,
        "peak_rss": peak[0],
        "peak_pss": peak[1],
        "measured": json.loads(measured_file.read_text()),
    }


def trafilatura_rate(bodies: list[bytes]) -> tuple[float, float]:
    """Pages a second, and CPU seconds a page, of `trafilatura.extract` in this process."""
    import trafilatura

    texts = [body.decode("utf-8", errors="replace") for body in bodies]
    trafilatura.extract(texts[0])  # warm-up (imports, caches)
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        trafilatura.extract(text)
    cpu = (time.process_time() - cpu) / len(texts)
    return len(texts) / (time.perf_counter() - started), cpu


def shared_f1() -> str:
    if not SHARED.exists():
        return "skipped: ../shared/benchmarks/extraction is not present"
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "score.py"),
            "--func",
            "aggregator.extract:extract_text",
            "--n-bootstrap",
            "200",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return (result.stdout or result.stderr).strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=4, help="local servers (distinct hosts)")
    parser.add_argument(
        "--pages-from",
        choices=["real", "fixture"],
        default="real" if SHARED.exists() else "fixture",
        help="real pages from ../shared (default when present) or generated fixture pages",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="measure this many times; the median is reported"
    )
    parser.add_argument("--shared", action="store_true", help="also score ../shared extraction")
    parser.add_argument(
        "--profile", action="store_true", help="time the fetch's event loop step by step"
    )
    parser.add_argument(
        "--dump", type=Path, help="write what the last round stored, keyed by URL, as JSON"
    )
    parser.add_argument("--measured-fetch", type=Path, help=argparse.SUPPRESS)
    args, fetch_args = parser.parse_known_args()
    if args.measured_fetch:  # the fetch itself, in the subprocess each round starts
        measured_fetch(args.measured_fetch, args.profile, fetch_args)
        return
    if fetch_args:
        parser.error(f"unrecognized arguments: {' '.join(fetch_args)}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.pages_from == "real" and not SHARED.exists():
        raise SystemExit(f"{SHARED} is not present; use --pages-from fixture")
    serve = serve_real if args.pages_from == "real" else serve_fixture
    servers, feeds, bodies = serve(args.pages, args.hosts)
    # the package as installed: bytecode compiled once, as pip does for a regular install
    # (an editable install leaves that to the first import, which may not write it)
    compileall.compile_dir(ROOT / "aggregator", quiet=1)
    rounds = []
    try:
        # This machine's CPU speed drifts by ±20 % within minutes, so each pipeline run is
        # compared with the mean of the reference runs just before and just after it.
        before, cpu = trafilatura_rate(bodies)
        reference_cpus = [cpu]
        for round_number in range(1, args.rounds + 1):
            with tempfile.TemporaryDirectory() as tmp:
                run = pipeline_rate(feeds, args.pages, Path(tmp), args.profile, bool(args.dump))
                if args.dump:
                    write_dump(args.dump, Path(tmp) / "bench.db", servers)
            after, cpu = trafilatura_rate(bodies)
            reference_cpus.append(cpu)
            single = (before + after) / 2
            rate = run["processed"] / run["seconds"]
            rounds.append((rate / single, rate, single, run))
            print(
                f"round {round_number}: aggregator fetch {rate:6.1f} pages/s"
                f" ({run['seconds']:.1f} s wall), trafilatura.extract {before:6.1f} before and"
                f" {after:6.1f} after, ratio {rate / single:.2f}x",
                file=sys.stderr,
            )
            before = after
    finally:
        for server in servers:
            server.close()
    ratio, rate, single, run = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    reference_cpu = sorted(reference_cpus)[len(reference_cpus) // 2]
    peak_pss = max(r[3]["peak_pss"] for r in rounds)
    peak_rss = max(r[3]["peak_rss"] for r in rounds)
    print(
        f"pages served                 {len(bodies)} {args.pages_from} pages on {args.hosts} hosts, {len(feeds)} feeds"
    )
    print(
        f"articles stored              {run['stored']} (+{run['processed'] - run['stored']} recognised as already stored)"
    )
    print(f"rounds                       {args.rounds}; the median round by ratio:")
    print(f"aggregator fetch             {rate:7.1f} pages/s  ({run['seconds']:.1f} s wall)")
    print(f"trafilatura.extract, 1 proc  {single:7.1f} pages/s")
    print(
        f"ratio                        {ratio:7.2f}x  (target >= {TARGET[args.pages_from]} on "
        f"{os.cpu_count()} cores;"
        f" all rounds: {', '.join(f'{r[0]:.2f}' for r in rounds)})"
    )
    print(
        f"peak memory, process tree    {peak_pss / 2**20:7.1f} MB PSS"
        f" ({peak_rss / 2**20:.1f} MB RSS counting shared pages per process; target <= 400)"
    )
    print_cores(run["measured"], run["processed"], run["seconds"], reference_cpu)
    if args.profile:
        print_profile(run["measured"], run["processed"])
    if args.shared:
        print(f"extraction F1 (shared set)   {shared_f1()}")


if __name__ == "__main__":
    main()
