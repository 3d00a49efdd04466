"""Backfill throughput: WARC units on one local worker vs a 2-worker Dask cluster, and the
rate at which the writer merges their shards.

Builds WARC files (default 5,000 pages in 20 files) from the 181 real news pages of
../shared/benchmarks/extraction. Each copy of a page is made a distinct article: every
longer word of its paragraphs gets the copy's number appended, so its text shares no
shingle with the other copies (copies of one text would be stored once, as duplicates, which
costs the writer far less than a new article). Then:

* the units run with `--engine local --workers 1`, then `--engine dask --workers 2`
  (cluster start included; `--rounds N` alternates them N times): pages/s of each, and their
  ratio (goal: 2 workers ≥ 1.6× one); both must write the same shards. This is the worker
  phase alone: nothing else of the backfill runs meanwhile;
* with `--with-merge`, each engine also runs the whole `aggregator backfill warc` (`run_job`:
  the coordinator merges each shard as soon as it is ready, while the workers go on, so the
  writer and the batches it prepares share the cores with them): pages/s and the ratio again;
* the CPU seconds per 100 pages of each run, this process and all the processes it started
  (workers, Dask's nannies and scheduler), whatever the wall clock: a ratio below 1.6× with
  the same CPU per page means the second worker lacked a core (other programs' load), more
  CPU per page means the engine's own overhead;
* the writer merges the shards into an empty database in plan order: articles/s
  (goal ≥ 1,000/s with dedup, stories, topics and FTS);
* peak memory (PSS) of the whole process tree during each phase, warcio's raw read rate, and
  the load average before and after (other programs share this machine's cores).

No topic prefilter (every page is extracted): the figures are the worst case. The machine is
shared, so run it when nothing else is and compare rounds, not single numbers.

    python benchmarks/backfill.py --pages 5000
    python benchmarks/backfill.py --pages 5000 --with-merge --no-merge
    python benchmarks/backfill.py --pages 2000 --merge-only   # shards made untimed, merge timed
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import tree_memory  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from aggregator import store  # noqa: E402
from aggregator.backfill.engines import run_units  # noqa: E402
from aggregator.backfill.merge import merge_ready  # noqa: E402
from aggregator.backfill.pages import task_context  # noqa: E402
from aggregator.backfill.plan import Job, Unit  # noqa: E402
from aggregator.backfill.runner import Engine, RunSummary, run_job  # noqa: E402
from aggregator.logs import configure  # noqa: E402
from tests.warc_fixtures import Record, write_warc  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks" / "extraction"
_PARAGRAPH_TEXT = re.compile(rb"(<p[^>]*>)([^<]+)")
_LONG_WORD = re.compile(rb"\b([A-Za-z]{4,})\b")
_AMP_LINK = re.compile(rb"<link[^>]+amphtml[^>]*>", re.IGNORECASE)


def real_pages() -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted((SHARED / "html").glob("*.html.gz"))]


def distinct_copy(page: bytes, copy: int) -> bytes:
    """The page with `copy` appended to each longer word of its paragraphs."""
    mark = str(copy).encode()
    if copy == 0:
        return page

    def vary(match: re.Match[bytes]) -> bytes:
        return match.group(1) + _LONG_WORD.sub(lambda w: w.group(1) + mark, match.group(2))

    return _PARAGRAPH_TEXT.sub(vary, _AMP_LINK.sub(b"", page))


def build_archives(folder: Path, pages: int, files: int) -> list[Path]:
    """`pages` distinct pages spread over `files` WARC files, as one crawl would write them."""
    originals = real_pages()
    per_file = -(-pages // files)
    paths = []
    for number in range(files):
        records = []
        for n in range(number * per_file, min(pages, (number + 1) * per_file)):
            body = distinct_copy(originals[n % len(originals)], n // len(originals))
            url = f"https://news{n % 7}.example/story/{n}"
            records.append(Record(url, body, captured="2026-11-26T06:00:00Z"))
        paths.append(write_warc(folder / f"crawl-{number:03d}.warc.gz", records))
    return paths


class PeakMemory:
    """The largest PSS of this process and its descendants, sampled every 250 ms (reading
    smaps_rollup costs the kernel a page-table walk: sampled often, it would tax the run
    with more processes, Dask's, more)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, tree_memory(os.getpid())[1])


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (a pool's workers and
    Dask's nannies are waited for when their engine stops; a nanny counts its worker)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Timed:
    result: Any
    seconds: float
    peak: int  # PSS bytes of the process tree
    cpu: float  # CPU seconds of the process tree (`cpu_seconds`)


def timed(work: Callable[[], Any]) -> Timed:
    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = work()
        seconds = time.perf_counter() - started
    return Timed(result, seconds, memory.peak, cpu_seconds() - cpu)


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def plan(archives: list[Path], folder: Path) -> tuple[Job, list[Unit]]:
    """One unit per WARC file, planned as `backfill warc` plans them."""
    units = [Unit(i, "warc", (str(p),)) for i, p in enumerate(archives)]
    job = Job.create(folder, {"kind": "warc", "topics": [], "since": None, "until": None}, units)
    return job, units


def run_engine(archives: list[Path], folder: Path, engine: str, workers: int) -> tuple[Job, int]:
    """All units on one engine, each shard recorded as `backfill warc` records it."""
    job, units = plan(archives, folder)
    context = task_context(None, (), None, None, fetchers=workers)
    pages = 0
    for result in run_units(units, context, engine=engine, workers=workers):
        assert result.failed is None, result.failed
        job.record_done(result.index, result.shard, result.summary())
        pages += result.counts.get("pages", 0)
    return job, pages


def run_with_merge(archives: list[Path], folder: Path, engine: str, workers: int) -> RunSummary:
    """The whole backfill into an empty database: units on the engine, each shard merged by
    this process as soon as the shards before it are in."""
    job, _units = plan(archives, folder)
    db = store.open_db(folder / "archive.db")
    try:
        return run_job(job, db, None, Engine(engine, workers))
    finally:
        db.close()


def read_rate(archives: list[Path]) -> float:
    """warcio records/s, reading every HTTP body (no extraction)."""
    started, records = time.perf_counter(), 0
    for path in archives:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.content_stream().read()
                records += 1
    return records / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1, help="Engine runs, alternated.")
    parser.add_argument("--no-merge", action="store_true", help="Only time the engines.")
    parser.add_argument(
        "--with-merge",
        action="store_true",
        help="Also time each engine with the merge running beside it, as `backfill warc` runs.",
    )
    parser.add_argument(
        "--merge-only",
        action="store_true",
        help="Only time the merge (shards made untimed by the local engine on every core).",
    )
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not here (the real pages the benchmark is built from)")
        return
    configure(0)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archives = build_archives(work, args.pages, args.files)
        size = sum(p.stat().st_size for p in archives)
        print(f"{args.pages} pages in {len(archives)} WARC files, {size / 2**20:.0f} MB; {load()}")
        print(f"warcio read: {read_rate(archives):,.0f} records/s")
        if args.merge_only:
            job, _pages = run_engine(archives, work / "local", "local", os.cpu_count() or 1)
            time_merge(job, work)
            return
        rates: dict[str, list[float]] = {"local": [], "dask": []}
        merged_rates: dict[str, list[float]] = {"local": [], "dask": []}
        jobs = {}
        for round_number in range(args.rounds):  # alternated: the machine's load drifts
            for engine, workers in (("local", 1), ("dask", 2)):
                folder = work / f"{engine}-{round_number}"
                run = timed(lambda e=engine, w=workers, f=folder: run_engine(archives, f, e, w))
                job, pages = run.result
                rates[engine].append(pages / run.seconds)
                jobs[engine] = job
                print(f"--engine {engine} --workers {workers}, workers alone: {report(pages, run)}")
                if args.with_merge:
                    folder = work / f"{engine}-{round_number}-merged"
                    run = timed(
                        lambda e=engine, w=workers, f=folder: run_with_merge(archives, f, e, w)
                    )
                    pages = run.result.counts.get("pages", 0)
                    merged_rates[engine].append(pages / run.seconds)
                    print(
                        f"--engine {engine} --workers {workers}, merging beside: "
                        f"{report(pages, run)}, {run.result.merge.imported} articles merged"
                    )
        print(f"speed-up of 2 Dask workers over 1 local, workers alone: {speed_up(rates)}")
        if args.with_merge:
            print(
                f"speed-up of 2 Dask workers over 1 local, merging beside: {speed_up(merged_rates)}"
            )
        print(load())
        same = all(
            jobs["local"].path(i, "jsonl").read_bytes()
            == jobs["dask"].path(i, "jsonl").read_bytes()
            for i in range(len(archives))
        )
        print(f"same shards from both engines: {'yes' if same else 'NO'}")
        if not args.no_merge:
            time_merge(jobs["local"], work)


def report(pages: int, run: Timed) -> str:
    return (
        f"{pages} pages in {run.seconds:.1f} s, {pages / run.seconds:.1f} pages/s, "
        f"{run.cpu / max(pages, 1) * 100:.1f} CPU s per 100 pages, peak PSS {run.peak / 2**20:.0f} MB"
    )


def speed_up(rates: dict[str, list[float]]) -> str:
    ratios = [d / local for d, local in zip(rates["dask"], rates["local"], strict=True)]
    return ", ".join(f"{r:.2f}x" for r in ratios) + f" (median {statistics.median(ratios):.2f}x)"


def time_merge(job: Job, work: Path) -> None:
    """Merge the job's shards into an empty database, timed."""
    db = store.open_db(work / "merge.db")
    run = timed(lambda: merge_ready(job, db))
    summary = run.result
    print(
        f"merge: {summary.imported} articles stored ({summary.duplicates} duplicates) in "
        f"{run.seconds:.1f} s, {summary.imported / run.seconds:.0f} articles/s, "
        f"peak PSS {run.peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
