"""Extraction quality and speed, with and without each outlet's learned template.

1. The shared real-page set (`../shared/benchmarks/extraction`, its own metric from
   `score.py`): `extract.extract_text` as `score.py --func` runs it, then the same pages
   replayed outlet by outlet (by host, in a fixed order) through template learning with the
   memory in a real database, as `fetch` does; F1 and pages/s of both in the same run.
2. Per-outlet replay: F1 by position in the outlet's sequence (first pages vs later ones),
   on the shared set's outlets with several pages and on the test fixtures' templated outlet
   (`tests/template_fixtures.py`: a newsletter box, a related list and a disclaimer in every
   article body).

3. `--baseline CHECKOUT`: another checkout's `extract_text` (e.g. main's) timed and scored
   in the same run, interleaved, to compare a change to the extractor on equal terms.

    python benchmarks/extraction.py
    python benchmarks/extraction.py --fixture-pages 20 --repeat 3
    python benchmarks/extraction.py --repeat 4 --baseline ../main
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from aggregator import store
from aggregator.extract import extract_page, extract_text
from aggregator.template import BOILERPLATE_PAGES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/benchmarks/extraction"
Page = tuple[str, str, str]  # html, url, gold text
Extractor = Callable[[str, str], str]


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_score", SHARED / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def baseline_extractor(checkout: Path) -> Extractor:
    """`checkout`'s own aggregator package, imported under another name beside this one."""
    spec = importlib.util.spec_from_file_location(
        "baseline_aggregator",
        checkout / "aggregator/__init__.py",
        submodule_search_locations=[str(checkout / "aggregator")],
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = package
    spec.loader.exec_module(package)
    return importlib.import_module("baseline_aggregator.extract").extract_text


def learning_extractor(directory: Path) -> Extractor:
    """extract_page with each host's memory read from and taught to a database, per page."""
    db = store.open_db(directory / "templates.db")
    sources: dict[str, int] = {}
    clock = itertools.count()  # pages in order stand for time

    def run(html: str, url: str) -> str:
        host = urlsplit(url).hostname or "?"
        if host not in sources:
            sources[host] = store.ensure_source(db, host, "2026-01-01T00:00:00+00:00")
        page = extract_page(
            html, url, template=store.template_memory(db, sources[host], BOILERPLATE_PAGES)
        )
        if page.template_blocks is not None and page.status in ("ok", "teaser"):
            store.remember_blocks(db, sources[host], page.template_blocks, f"{next(clock):09d}")
        return page.text

    return run


def by_outlet(pages: dict[str, Page]) -> dict[str, list[str]]:
    outlets: dict[str, list[str]] = defaultdict(list)
    for key in sorted(pages):
        outlets[urlsplit(pages[key][1]).hostname or "?"].append(key)
    return outlets


def timed_run(pages: dict[str, Page], order: list[str], extract: Extractor) -> tuple[dict, float]:
    started = time.perf_counter()
    predicted = {key: extract(pages[key][0], pages[key][1]) or "" for key in order}
    return predicted, len(order) / (time.perf_counter() - started)


def page_f1(scorer: ModuleType, gold: str, predicted: str) -> float:
    tp, fp, fn = scorer.page_counts(gold, predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def by_position(
    scorer: ModuleType, pages: dict[str, Page], outlets: dict[str, list[str]], predicted: dict
) -> dict[int, list[float]]:
    scores: dict[int, list[float]] = defaultdict(list)
    for keys in outlets.values():
        for position, key in enumerate(keys, 1):
            scores[position].append(page_f1(scorer, pages[key][2], predicted[key]))
    return scores


def shared_set(scorer: ModuleType, repeat: int, baseline: Path | None) -> None:
    gold, urls, html = scorer.load_pages(SHARED)
    pages = {
        key: (html[key], urls[key] or f"https://unknown.invalid/{key}", gold[key]) for key in gold
    }
    outlets = by_outlet(pages)
    order = [key for keys in outlets.values() for key in keys]
    print(
        f"shared set: {len(pages)} pages, {len(outlets)} hosts, "
        f"{sum(len(k) > 1 for k in outlets.values())} with several pages"
    )
    extractors = {"extract_text": lambda _: extract_text, "learning": learning_extractor}
    if baseline is not None:
        old = baseline_extractor(baseline.resolve())
        extractors["baseline"] = lambda _: old
    rates: dict[str, list[float]] = defaultdict(list)
    predictions: dict[str, dict] = {}
    for turn in range(repeat):  # interleaved and alternated: a busy spell hits both alike
        for label, make in sorted(extractors.items(), reverse=turn % 2 == 1):
            with tempfile.TemporaryDirectory() as directory:
                predictions[label], rate = timed_run(pages, order, make(Path(directory)))
            rates[label].append(rate)
    several = {k: v for k, v in outlets.items() if len(v) > 1}
    for label, predicted in predictions.items():
        scores = scorer.evaluate(gold, predicted, n_boot=200)
        positions = by_position(scorer, pages, several, predicted)
        print(
            f"  {label:<13} F1 {scores['f1']:.4f}  P {scores['precision']:.4f}  "
            f"R {scores['recall']:.4f}  {max(rates[label]):.1f} pages/s (best of {repeat})  "
            f"multi-page hosts, mean page F1: first {statistics.mean(positions[1]):.4f}, "
            f"second {statistics.mean(positions[2]):.4f}"
        )


def fixture_outlet(scorer: ModuleType, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.template_fixtures import templated_outlet

    sequence = templated_outlet(count)
    pages = {
        f"{n:03d}": (p.html, f"https://charge.example{p.path}", p.gold)
        for n, p in enumerate(sequence)
    }
    outlets = by_outlet(pages)
    print(f"fixture outlet: {count} pages in order, page F1 by position")
    for label, make in (("extract_text", lambda _: extract_text), ("learning", learning_extractor)):
        with tempfile.TemporaryDirectory() as directory:
            predicted, _ = timed_run(pages, list(pages), make(Path(directory)))
        scores = by_position(scorer, pages, outlets, predicted)
        row = " ".join(f"{scores[n][0]:.3f}" for n in sorted(scores))
        print(f"  {label:<13} {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timing passes (best is shown)")
    parser.add_argument("--fixture-pages", type=int, default=12)
    parser.add_argument("--baseline", type=Path, help="a checkout whose extract_text to compare")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"skipped the shared set: {SHARED} is absent")
    else:
        scorer = load_scorer()
        shared_set(scorer, args.repeat, args.baseline)
        fixture_outlet(scorer, args.fixture_pages)


if __name__ == "__main__":
    main()
