"""Import rate: articles per second through `aggregator import`, all the writer's work included.

The writer is what every article goes through once it is read (`import`) or extracted
(`fetch`): exact and near-duplicate detection, story assignment, topic tagging and the
search index, each article's writes in a transaction. This benchmark measures it on the
synthetic EV/auto news stream of `benchmarks/dedup.py` (same generator and seed: events
reported by 2-5 outlets, syndicated near-copies, ~300 articles a day):

1. writes the first N articles of the stream to a JSONL file;
2. imports it into a fresh database with `importer.import_jsonl` (the `aggregator import`
   path, with the project's default topics from `sources.yaml` unless `--no-topics`), in
   this process, timing the whole call;
3. prints articles per second, the writer's own CPU time per article (this process, so
   the workers' share and other programs' load are left out: compare this one between
   versions on a shared machine), the rate of the writer alone (without the time spent
   waiting for the worker processes that prepare batches: fingerprints, story features and
   their stored form, search columns; an import of one batch is prepared in this process),
   what was stored (articles, stories, copies), so it is clear the work was
   done, and where the writer's time goes, step by step;
4. prints what SQLite alone costs per article (`sqlite_floor`): the stored rows inserted
   again into a fresh database in one transaction, with the search index as shipped,
   without its word-form columns, and without it, no Python work per article. That is a
   floor under any writer of this schema (0.45-0.89 ms of CPU per article for every row
   on the 2-core machine, 0.20-0.40 for the articles and their search index), to set
   against the 1 ms per article a serial writer has at 1,000 articles/s (issue 14's
   target) for everything it decides as well.

    python benchmarks/writer.py                 # 3,000 articles
    python benchmarks/writer.py --articles 10000 --no-topics
    python benchmarks/writer.py --dump before.json   # then diff with another version's dump

`--dump` writes what the writer decided, keyed by URL (each article's story as the set of
its members' URLs, its copy link, the article a duplicate became an alias of, its topic
tags): a change to the writer must leave it identical for the same input.

Figures depend on the machine and its load: quote them with both.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup import ArticleStream, clock_for  # noqa: E402

from aggregator import assign, config, importer, store, stories, topics  # noqa: E402


class Timer:
    """Total seconds (elapsed, and this process's CPU) spent inside one function, wrapped
    where its callers look it up. On a shared machine the CPU seconds are the steady ones.
    A step of another (`within`) counts only its calls from there: settling also reads
    document frequencies and members, which are not part of deciding."""

    def __init__(self, module: object, name: str, within: Timer | None = None) -> None:
        self.module, self.name, self.seconds, self.cpu = module, name, 0.0, 0.0
        self.original = getattr(module, name)
        self.running = 0  # calls under way (a step's own steps count only then)

        def timed(*args: object, **kwargs: object) -> object:
            if within is not None and not within.running:
                return self.original(*args, **kwargs)
            t0, cpu0 = time.perf_counter(), time.process_time()
            self.running += 1
            try:
                return self.original(*args, **kwargs)
            finally:
                self.running -= 1
                self.seconds += time.perf_counter() - t0
                self.cpu += time.process_time() - cpu0

        setattr(module, name, timed)

    def restore(self) -> None:
        setattr(self.module, self.name, self.original)


class WaitTimer:
    """Seconds the writer waits for prepared batches (`importer._prepared_batches`): what the
    worker processes have not finished (the first batch: their start included)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = importer._prepared_batches

        def timed(lines):  # type: ignore[no-untyped-def]
            batches = self.original(lines)
            while True:
                t0 = time.perf_counter()
                batch = next(batches, None)
                self.seconds += time.perf_counter() - t0
                if batch is None:
                    return
                yield batch

        importer._prepared_batches = timed

    def restore(self) -> None:
        importer._prepared_batches = self.original


# (owner, name) of each timed step, wrapped where its callers look it up
STEPS = {
    "decide (dedup + story assignment)": (assign, "decide"),
    "  document frequencies": (store.DocumentFrequencies, "lookup"),
    "  candidate stories (SQL)": (store, "candidate_stories_in_windows"),
    "  candidates' members": (assign, "_comparable"),
    "insert (row, FTS, bands, terms)": (store.ArticleBatch, "insert"),
    "story recounts (per batch)": (store.ArticleBatch, "finish"),
    "topic tagging (per batch)": (store, "tag_articles"),
    "settling (after the import)": (assign.Arrivals, "settle"),
    "  placing lone early articles again": (assign, "replace_lone"),
    "  re-placing pulled members": (assign, "rehome"),
    "  consolidation": (assign, "consolidate"),
    "  splitting stories": (assign, "_split"),  # what a split takes off: consolidation
    "pair scores (placing)": (assign, "_article_scores"),
    "pair scores (settling)": (stories.Scorer, "score"),
}
# the steps above that are not part of another (their CPU seconds add up)
TOP_LEVEL = [
    "decide (dedup + story assignment)",
    "insert (row, FTS, bands, terms)",
    "story recounts (per batch)",
    "topic tagging (per batch)",
    "settling (after the import)",
]


def default_topics() -> list[topics.TopicRule]:
    return topics.rules(config.load_config(ROOT / "sources.yaml").topics)


def decisions(db: sqlite_utils.Database) -> dict[str, dict[str, object]]:
    """Every URL the import saw with what became of it, in terms that do not depend on row
    ids: its article's URL (itself, or the article it duplicates), that article's copy link,
    its story's members and its topic tags with their scores."""
    url_of = dict(db.execute("SELECT id, url FROM articles").fetchall())
    members: dict[int, list[str]] = {}
    for article_id, story_id in db.execute("SELECT id, story_id FROM articles ORDER BY id"):
        members.setdefault(story_id, []).append(url_of[article_id])
    tags: dict[int, list[tuple[str, float]]] = {}
    for article_id, topic, score in db.execute(
        "SELECT article_id, topic, score FROM article_topics ORDER BY article_id, topic"
    ):
        tags.setdefault(article_id, []).append((topic, round(score, 6)))
    rows = db.execute(
        "SELECT u.url, a.id, a.copy_of, a.story_id FROM article_urls u "
        "JOIN articles a ON a.id = u.article_id"
    )
    return {
        url: {
            "article": url_of[article_id],
            "copy_of": url_of.get(copy_of),
            "story": sorted(members[story_id]),
            "topics": tags.get(article_id, []),
        }
        for url, article_id, copy_of, story_id in rows
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-topics", action="store_true", help="tag no topic")
    parser.add_argument("--dump", type=Path, help="write the decisions, keyed by URL, as JSON")
    args = parser.parse_args(argv)
    stream = ArticleStream(args.seed, 300.0)
    with tempfile.TemporaryDirectory(prefix="writer-bench-") as tmp:
        source = Path(tmp) / "articles.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for _ in range(args.articles):
                handle.write(next(stream).json_line() + "\n")
        rules = [] if args.no_topics else default_topics()
        db = store.open_db(Path(tmp) / "archive.db")
        timers: dict[str, Timer] = {}
        parent: Timer | None = None  # the step the indented ones below are part of
        for label, (owner, name) in STEPS.items():
            part_of = label.startswith("  ")
            timers[label] = Timer(owner, name, parent if part_of else None)
            parent = parent if part_of else timers[label]
        waiting = WaitTimer()
        t0, cpu0 = time.perf_counter(), time.process_time()
        summary = importer.import_jsonl(db, source, topics=rules, clock=clock_for(300.0))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        for timer in [*timers.values(), waiting]:
            timer.restore()
        facts = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT story_id), SUM(copy_of IS NOT NULL) FROM articles"
        ).fetchone()
        if args.dump:
            args.dump.write_text(json.dumps(decisions(db), indent=0, sort_keys=True))
        floor = sqlite_floor(Path(tmp) / "archive.db", Path(tmp) / "floor.db")
    print(f"imported {summary.imported:,} of {args.articles:,} articles in {elapsed:.1f} s")
    print(f"  rate                      {summary.imported / elapsed:8.0f} articles/s")
    print(f"  topics tagged             {len(rules):8d}")
    print(
        f"  writer alone              {summary.imported / (elapsed - waiting.seconds):8.0f} articles/s"
    )
    print(f"  waiting for batches       {waiting.seconds:8.1f} s (the first batch included)")
    print(
        f"  writer's CPU time         {cpu / max(summary.imported, 1) * 1e3:8.2f} ms per article "
        "(this process only: steadier than the rates on a loaded machine)"
    )
    print(f"  stored: {facts[0]:,} articles, {facts[1]:,} stories, {facts[2]:,} copies")
    per_article = 1e3 / max(summary.imported, 1)
    print("where the writer's time goes (ms per article; indented lines are part of the one above)")
    print(f"  {'':34s} {'elapsed':>8s} {'CPU':>6s}")
    for label, timer in timers.items():
        print(f"  {label:34s} {timer.seconds * per_article:8.2f} {timer.cpu * per_article:6.2f}")
    steps = sum(timer.cpu for label, timer in timers.items() if label in TOP_LEVEL)
    print(f"  {'the rest (reading, commits, ...)':34s} {'':8s} {(cpu - steps) * per_article:6.2f}")
    print("what SQLite alone takes: the same rows inserted again, one transaction, no Python")
    for label, ms in floor.items():
        print(f"  {label:42s} {ms:6.2f} ms CPU per article ({1e3 / ms:6,.0f} articles/s at most)")
    return 0


# what `sqlite_floor` inserts: columns of `articles` left NULL (None: no search index)
FLOOR_VARIANTS = {
    "articles + search index (as shipped)": (),
    "articles + search index without word forms": ("title_stem", "text_stem"),
    "articles alone (no search index)": None,
}
EVERYTHING = "every row the writer stored, search index too"


def sqlite_floor(archive: Path, scratch: Path) -> dict[str, float]:
    """CPU milliseconds per article that SQLite spends storing the archive's rows again in a
    fresh database, in one transaction of `INSERT … SELECT` (no Python per row): all of
    them (articles with the triggers filling the FTS5 index, bands, signatures, story terms
    and features, stories, URLs, tags, term counts: EVERYTHING), then the article rows
    alone per FLOOR_VARIANTS. A lower bound for any writer of this schema, as it leaves out
    dedup, stories, topics and every line of Python."""
    found = {}
    for label in (EVERYTHING, *FLOOR_VARIANTS):
        for path in scratch.parent.glob(scratch.name + "*"):
            path.unlink()
        connection = store.open_db(scratch).conn
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("ATTACH DATABASE ? AS archive", [str(archive)])
        left_out = FLOOR_VARIANTS.get(label, ())
        if left_out is None:
            connection.execute("DROP TRIGGER articles_ai")
        tables = ["articles"] if label in FLOOR_VARIANTS else _written_tables(connection)
        cpu0 = time.process_time()
        with connection:
            for table in tables:
                connection.execute(_copy(connection, table, left_out or ()))
        articles = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        found[label] = (time.process_time() - cpu0) / max(articles, 1) * 1e3
        connection.close()
    return found


def _written_tables(connection: sqlite3.Connection) -> list[str]:
    """The archive's tables that hold rows, but the search index's own (its triggers fill
    them) and the migrations' record."""
    return [
        name
        for (name,) in connection.execute(
            "SELECT name FROM archive.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'articles_fts%' AND name NOT LIKE '\\_%' ESCAPE '\\' "
            "AND name NOT LIKE 'sqlite%' ORDER BY name"
        )
        if connection.execute(f"SELECT 1 FROM archive.{name} LIMIT 1").fetchone()
    ]


def _copy(connection: sqlite3.Connection, table: str, left_out: tuple[str, ...]) -> str:
    """INSERT … SELECT of `table`'s rows from the archive, with `left_out` columns NULL."""
    columns = [name for _, name, *_ in connection.execute(f"PRAGMA main.table_info({table})")]
    chosen = ", ".join(f"NULL AS {c}" if c in left_out else c for c in columns)
    names = ", ".join(columns)
    return f"INSERT OR REPLACE INTO main.{table} ({names}) SELECT {chosen} FROM archive.{table}"


if __name__ == "__main__":
    raise SystemExit(main())
