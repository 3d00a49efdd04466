"""Topic quality on real labelled coverage, and topic tagging speed on a large archive.

1. Quality: the shared real-coverage set (`../shared/benchmarks/stories/articles.jsonl`: 191
   articles in 11 languages, hand-labelled with what each is substantially about: "BYD",
   "Volkswagen EV", "Cybertruck") is tagged by the topics of `benchmarks/data/topics.yaml`,
   written as an analyst would, through the code `aggregator topics eval` runs (a scratch
   database, `store.retag_topics`). The default threshold is cross-validated by part: chosen
   on parts A,B and scored on C,D, and the other way round (parts share no event). Scores
   come from the set's own `score.py topics`. Skipped with a message when the set is absent.
2. Speed: 20 topics with terms (sources.yaml's, the three above and 14 more) retagged in
   one pass (`store.retag_topics`, what `retag_changed` runs) over an archive of N
   synthetic articles built by `benchmarks/search.py`'s generator (direct inserts, cached
   at --db; "tesla" is in a third of it, "battery" in half): per topic the articles naming
   one of its words (what `topics test` lists) and its candidates (what FTS5 hands to the
   scorer: a near word only beside one of its partners), the total in seconds (wall clock,
   and CPU of this process and of the scoring workers: the machine may be shared), where
   the wall time goes (search-index candidates, writing the tags) and a worker's CPU per
   candidate article, step by step (reading its text, folding, the scan, scoring its
   topics), extrapolated linearly to 200,000 articles when N is smaller (the work is per
   candidate, and the share of candidates does not change with N).

    python benchmarks/topics.py                      # quality, then speed on 50,000 articles
    python benchmarks/topics.py --articles 200000 --db /tmp/topics-bench.db
    python benchmarks/topics.py --skip-speed
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator import relevance, store  # noqa: E402
from aggregator.config import parse_config  # noqa: E402
from aggregator.store import topics as store_topics  # noqa: E402
from aggregator.topic_eval import LabelledArticle, read_sample, tag_sample  # noqa: E402
from aggregator.topics import TopicRule, rules  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks" / "stories"
TOPICS = ROOT / "benchmarks" / "data" / "topics.yaml"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(11)]  # 0.30 … 0.80
SPLITS = [("A,B", "C,D"), ("C,D", "A,B")]
BREAKDOWN_SAMPLE = 5_000

# Fourteen more watch-list topics for the speed figure, as terms (the shapes of
# benchmarks/search.py's query topics): broad ones (battery, charging) included on purpose.
SPEED_TOPICS = """
  - name: NIO
    terms: [nio, onvo, firefly, william li, battery swap*]
  - name: Li Auto
    terms: [li auto, li xiang, li l6, li l9, li mega, li i8, erev]
  - name: XPeng
    terms: [xpeng, he xiaopeng, mona m03, xngp]
  - name: Recalls
    terms: [recall, recalls, recalled]
    exclude: [total recall]
  - name: Price war
    terms: [price war, price cut, price cuts]
    near: [[price, [discount, discounts], 5]]
  - name: Batteries
    terms: [battery, batteries, catl, lfp, solid-state, sodium-ion]
    require: title_or_lead
  - name: Charging
    terms: [charging, supercharger*]
  - name: Autonomy
    terms: [fsd, autopilot, robotaxi*, self-driving, autonomous, lidar]
  - name: EV tariffs
    near: [[tariff*, [ev, evs, electric vehicle, electric vehicles, china, eu], 10]]
  - name: Deliveries
    terms: [deliveries, registrations]
    require: title
  - name: Factories
    terms: [factory, factories, gigafactory, giga berlin, giga shanghai]
  - name: Legacy EVs
    near: [[volkswagen, [ev, evs, electric], 10], [toyota, [ev, evs, electric], 10],
           [ford, [ev, evs, electric], 10], [hyundai, [ev, evs, electric], 10]]
  - name: Xiaomi phones
    terms: [redmi, hyperos]
    near: [[xiaomi, [smartphone, smartphones, phone, phones], 8]]
  - name: AI chips
    terms: [nvidia, jensen huang]
    near: [[ai, [chip, chips], 6]]
"""


def topic_rules(yaml_topics: str) -> list[TopicRule]:
    """Topics in sources.yaml syntax → the rules tagging applies (validated as in the app)."""
    config = parse_config(
        "sources:\n  - name: Bench\n    feeds: [https://bench.example/feed]\ntopics:\n"
        + yaml_topics,
        "topics.yaml",
    )
    return rules(config.topics)


def topics_body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\ntopics:\n", 1)[1]


# -- quality ---------------------------------------------------------------------------------


def quality() -> None:
    data = SHARED / "articles.jsonl"
    if not data.exists():
        print(f"Quality skipped: {data} is not there (the shared real-coverage set).")
        return
    sample = [item for item in read_sample(data) if isinstance(item, LabelledArticle)]
    parts = [json.loads(line)["event"][0] for line in data.open(encoding="utf-8")]
    chosen = topic_rules(topics_body(TOPICS))
    # every candidate with its score: thresholds are then applied here, not re-tagged
    unthresholded = [_without_threshold(rule) for rule in chosen]
    scores = {rule.name: tagged for rule, tagged in tag_sample(sample, unthresholded)}
    print(f"Quality on {data} ({len(sample)} articles), topics of {TOPICS.relative_to(ROOT)}")
    for train, test in SPLITS:
        best = _best_threshold(scores, sample, parts, set(train.split(",")))
        print(f"\n  threshold tuned on {train}: {best:g} (grid {THRESHOLDS[0]}–{THRESHOLDS[-1]})")
        tags = _tags(scores, sample, best)
        _score_py(tags, test)
        _unlabelled_tags(tags, list(scores), sample, parts, set(test.split(",")))
    shipped = chosen[0].focus.threshold if chosen[0].focus else 0.5
    print(f"\n  whole set, shipped threshold {shipped:g}:")
    _score_py(_tags(scores, sample, shipped), None)


def _without_threshold(rule: TopicRule) -> TopicRule:
    assert rule.focus is not None
    return dataclasses.replace(rule, focus=dataclasses.replace(rule.focus, threshold=0.0))


def _tags(
    scores: dict[str, dict[int, float]], sample: list[LabelledArticle], threshold: float
) -> dict[str, list[str]]:
    return {
        str(article.id): [name for name, tagged in scores.items() if tagged.get(i, -1) >= threshold]
        for i, article in enumerate(sample)
    }


def _best_threshold(
    scores: dict[str, dict[int, float]],
    sample: list[LabelledArticle],
    parts: list[str],
    train: set[str],
) -> float:
    """The threshold with the best mean F1 over the topics labelled in the training parts
    (the middle of a plateau of equals: the farthest from both edges of it)."""
    inside = [i for i, part in enumerate(parts) if part in train]

    def mean_f1(threshold: float) -> float:
        f1s = []
        for name, tagged in scores.items():
            want = {i for i in inside if name in sample[i].topics}
            have = {i for i in inside if tagged.get(i, -1) >= threshold}
            if want:
                hit = len(want & have)
                f1s.append(2 * hit / (len(want) + len(have)))
        return sum(f1s) / len(f1s) if f1s else 0.0

    f1 = {t: mean_f1(t) for t in THRESHOLDS}
    plateau = [t for t in THRESHOLDS if f1[t] == max(f1.values())]
    return plateau[len(plateau) // 2]


def _unlabelled_tags(
    tags: dict[str, list[str]],
    names: list[str],
    sample: list[LabelledArticle],
    parts: list[str],
    test: set[str],
) -> None:
    """score.py lists only topics labelled in the parts scored: a topic tagging articles
    there all the same has false positives it does not show."""
    held = [i for i, part in enumerate(parts) if part in test]
    for name in names:
        if any(name in sample[i].topics for i in held):
            continue
        wrong = sum(1 for i in held if name in tags[str(sample[i].id)])
        print(
            f"    held out {','.join(sorted(test))}: {name:<16} no article labelled; tagged {wrong}"
        )


def _score_py(tags: dict[str, list[str]], parts: str | None) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(tags, handle)
    command = [sys.executable, str(SHARED / "score.py"), "topics", handle.name]
    if parts:
        command += ["--parts", parts]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    label = f"held out {parts}" if parts else "all parts"
    for line in out.splitlines()[:-1]:
        print(f"    {label}: {line}")
    Path(handle.name).unlink()


# -- speed -----------------------------------------------------------------------------------


def _archive_builder():
    """`benchmarks/search.py`, whose generator builds the synthetic archive."""
    spec = importlib.util.spec_from_file_location("search_benchmark", ROOT / "benchmarks/search.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses and worker processes look it up
    spec.loader.exec_module(module)
    return module


def speed(articles: int, db_path: Path | None, seed: int, workers: int) -> None:
    builder = _archive_builder()
    temp = None
    if db_path is None:
        temp = tempfile.TemporaryDirectory(prefix="topics-bench-")
        db_path = Path(temp.name) / "bench.db"
    found = builder.existing_benchmark(db_path)
    if found is None:
        print(f"\nBuilding {articles:,} synthetic articles in {db_path}")
        seconds = builder.build(db_path, articles, seed, workers)
        print(f"  built in {seconds:.1f} s")
    else:
        articles = found[1]
        print(f"\nReusing {db_path}: {articles:,} articles")
    shipped = topics_body(ROOT / "sources.yaml") + topics_body(TOPICS) + SPEED_TOPICS
    chosen = topic_rules(shipped)
    db = store.open_db(db_path)
    named = {rule.name: store.candidate_count(db, rule) for rule in chosen}
    languages = store_topics._archive_languages(db)
    candidates = {
        rule.name: len(store_topics._candidate_ids(db, rule, languages)) for rule in chosen
    }
    print(f"Retagging {len(chosen)} topics with terms in one pass (store.retag_topics)")
    searching, writing = (
        _timed(store_topics, "_candidate_ids"),
        _timed(store_topics, "_insert_tags"),
    )
    wall, cpu, workers_cpu = time.perf_counter(), time.process_time(), _children_cpu()
    counts = store.retag_topics(db, chosen)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    workers_cpu = _children_cpu() - workers_cpu
    for rule in chosen:
        print(
            f"  {rule.name:<14} {named[rule.name]:>8,} naming a word, {candidates[rule.name]:>8,} "
            f"candidates ({candidates[rule.name] / articles:5.1%})  {counts[rule.name]:>8,} tagged"
        )
    total = sum(candidates.values())
    print(
        f"  total {wall:.1f} s wall for {articles:,} articles (CPU: {cpu:.1f} s in this "
        f"process, {workers_cpu:.1f} s in scoring workers): {total / articles:.2f} candidates "
        f"per article, {sum(counts.values()):,} tags"
    )
    print(
        f"  where the wall time goes: search-index candidates {searching[0]:.1f} s, writing "
        f"the tags {writing[0]:.1f} s (while the workers score the next ones, if any), "
        f"reading and scoring the rest"
    )
    _breakdown(db, chosen)
    db.close()
    if articles < 200_000:
        print(f"  extrapolated to 200,000 articles: {wall * 200_000 / articles:.1f} s")
    if temp is not None:
        temp.cleanup()


def _timed(module, name: str) -> list[float]:
    """Wrap module.name to add its wall time to the returned one-item list."""
    spent = [0.0]
    original = getattr(module, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    setattr(module, name, timed)
    return spent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _breakdown(db, chosen: list[TopicRule], sample: int = BREAKDOWN_SAMPLE) -> None:
    """Where a worker's CPU goes, per candidate article: the steps of `_score`, timed one
    by one in this process over the candidates among the first `sample` articles."""
    languages = store_topics._archive_languages(db)
    wanted: dict[int, list[TopicRule]] = {}
    for rule in chosen:
        for article_id in store_topics._candidate_ids(db, rule, languages):
            if article_id <= sample:
                wanted.setdefault(article_id, []).append(rule)
    read = relevance.Scanner(tuple(rule.focus for rule in chosen if rule.focus is not None))
    read.read(relevance.folded("", "", "en"))  # its automata built outside the timing
    spent = dict.fromkeys(["reading text (SQLite)", "folding", "scanning", "scoring"], 0.0)
    clock = time.process_time()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.process_time()
        spent[step] += now - clock
        clock = now

    rows = db.execute(
        "SELECT id, title, text, language FROM articles WHERE id <= ? ORDER BY id", [sample]
    ).fetchall()
    rows = [row for row in rows if row[0] in wanted]
    lap("reading text (SQLite)")
    for article_id, title, text, language in rows:
        article = relevance.folded(title, text, language)
        lap("folding")
        reading = read.read(article)
        lap("scanning")
        for rule in wanted[article_id]:
            assert rule.focus is not None
            relevance.tag_score(rule.focus, article, reading)
        lap("scoring")
    print(
        f"  CPU per candidate article (its topics; the {len(rows):,} among the first {sample:,}):"
    )
    for step, seconds in spent.items():
        print(f"    {step:<22} {seconds / len(rows) * 1e6:7.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000, help="synthetic archive size")
    parser.add_argument("--db", type=Path, help="benchmark db to reuse (built there if absent)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="text-generating processes")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    if not args.skip_quality:
        quality()
    if not args.skip_speed:
        speed(args.articles, args.db, args.seed, args.workers)


if __name__ == "__main__":
    main()
