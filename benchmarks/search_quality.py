"""Search quality on real coverage: are the top 5 articles on the event the analyst asked for?

The shared real-coverage set (`../shared/benchmarks/stories/articles.jsonl`: 191 articles on
41 events in 11 languages) is imported into a scratch database as `aggregator import` does,
and each query of `benchmarks/data/search_queries.json` (plain words, written from the event
list as an analyst would type them) runs through `search.search`, one row per article. A
query scores the share of its top 5 that are on its event, out of the most it could reach
(min(5, the event's articles)). Two ways of reading the same words are compared:

- `exact`: the query as an FTS5 expression, every word required as written (the behaviour
  before plain queries: `search.plan` returned `fts_query(query)`);
- `plain`: every word counts, articles with all the words first, then most, then more of
  them in the headline; word forms through the stem columns (`search.plan` today).

Both run through `search.search` without collapsing, so a story's articles are listed
together (in the place of its best one). The ranking has no constant fitted to this set; its
rules were chosen part against part — A,B and C,D share no event — so the figures are
reported per part pair as well as over all queries.

    python benchmarks/search_quality.py
    python benchmarks/search_quality.py --set PATH/articles.jsonl --show
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from aggregator import search as search_module  # noqa: E402
from aggregator import store  # noqa: E402
from aggregator.importer import import_jsonl  # noqa: E402
from aggregator.search import SearchRequest, search  # noqa: E402
from aggregator.topics import fts_query  # noqa: E402

DEFAULT_SET = ROOT.parent / "shared" / "benchmarks" / "stories" / "articles.jsonl"
QUERIES = ROOT / "benchmarks" / "data" / "search_queries.json"
TOP = 5
PART_PAIRS = {"A,B": ("A", "B"), "C,D": ("C", "D")}


def load_set(path: Path, scratch: Path) -> tuple[sqlite_utils.Database, dict[str, str]]:
    """The set imported into a scratch database, and each URL's event."""
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = scratch / "set.jsonl"
    lines.write_text(
        "".join(
            json.dumps(
                {
                    "id": a["id"],
                    "url": a["url"],
                    "title": a["title"],
                    "text": a["text"],
                    "language": a["lang"],
                    "published": a["published"],
                    "source": a["outlet"],
                }
            )
            + "\n"
            for a in articles
        ),
        encoding="utf-8",
    )
    db = store.open_db(str(scratch / "set.db"))
    import_jsonl(db, lines)
    return db, {a["url"]: a["event"] for a in articles}


def exact_plan(query: str, _languages: object = None) -> tuple[str, list[str]]:
    """How a query ran before plain queries: the FTS5 expression, every word required."""
    return fts_query(query), []


def on_event_rate(
    db: sqlite_utils.Database,
    queries: list[dict[str, str]],
    events: dict[str, str],
    plan: Callable[..., tuple[str, list[str]]],
    show: bool,
) -> dict[str, float]:
    """Per query: on-event share of the top 5 out of what the event allows."""
    sizes = Counter(events.values())
    original = search_module.plan
    search_module.plan = plan
    try:
        rates = {}
        for item in queries:
            hits = search(db, SearchRequest(query=item["query"], limit=TOP, collapse=False))
            right = sum(events.get(hit.url) == item["event"] for hit in hits)
            rates[item["query"]] = right / min(TOP, sizes[item["event"]])
            if show:
                got = " ".join(events.get(hit.url, "?") for hit in hits) or "(none)"
                print(f"    {item['event']:4} {item['query']!r:45} → {got}")
    finally:
        search_module.plan = original
    return rates


def report(name: str, queries: list[dict[str, str]], rates: dict[str, float]) -> None:
    cells = []
    for label, parts in {**PART_PAIRS, "all": ("A", "B", "C", "D")}.items():
        chosen = [rates[q["query"]] for q in queries if q["event"][0] in parts]
        cells.append(f"{label} {sum(chosen) / len(chosen):6.1%} ({len(chosen)} queries)")
    empty = sum(1 for rate in rates.values() if rate == 0)
    print(f"{name:6} top-{TOP} on-event: " + " · ".join(cells) + f" · {empty} with none right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="articles.jsonl")
    parser.add_argument("--show", action="store_true", help="each query's top-5 events")
    args = parser.parse_args()
    if not args.set.exists():
        print(f"{args.set}: not found (the shared real-coverage set); nothing measured")
        return
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory() as scratch:
        db, events = load_set(args.set, Path(scratch))
        for name, plan in (("exact", exact_plan), ("plain", search_module.plan)):
            if args.show:
                print(f"{name}:")
            report(name, queries, on_event_rate(db, queries, events, plan, args.show))
        db.close()


if __name__ == "__main__":
    main()
