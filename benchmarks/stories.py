"""Story clustering quality: how well `aggregator import` groups articles into stories.

Imports a labelled JSONL file (one article per line, with an `event` label naming the
real-world event; the importer ignores that key) into a fresh database through the project's
own CLI, so the measurement covers exactly what a user gets: canonicalisation, copy detection
and story assignment, in import order. Then it compares the stored stories with the events:

* pairwise precision, recall and F1 of "same story" against "same event", over all pairs of
  input lines. Precision is what an analyst feels most: a false merge hides an event;
* the adjusted Rand index, which corrects the pair agreement for chance (0 for a random or
  trivial grouping, 1 for a perfect one), so it cannot be gamed by all-in-one or all-apart;
* the wrongly merged pairs (same story, different events) grouped by story, and the wrongly
  split pairs (same event, different stories) grouped by event, to see *why* a score moved.

    python benchmarks/stories.py benchmarks/data/stories_dev.jsonl
    python benchmarks/stories.py benchmarks/data/stories_dev.jsonl --json
    python benchmarks/stories.py FILE.jsonl --keep-db /tmp/stories.db   # inspect afterwards
    python benchmarks/stories.py --self-test
    python benchmarks/stories.py --shared        # the real-coverage set, cross-validated
    python benchmarks/stories.py --shared --page-noise   # … and with real page furniture

`--shared` scores `../shared/benchmarks/stories/articles.jsonl` (191 real articles, four parts
of disjoint events): for each setting of the tuned constants (`--tune NAME=v1,v2,…`, default
the match thresholds) it imports parts A,B and parts C,D separately, all languages and English
only, picks the setting with the best ARI on one half and reports the other half with it
(both directions), then the shipped constants on the whole set, then the self-written dev set
as a regression of hard negatives (no merged events allowed), in file order and in 12 random
arrival orders (how many orders merge a pair of events), and the whole shared set in 5
random orders with the shipped constants (its file is in event order). It skips with a
message when the shared set is not there. `--page-noise` adds the shared set again with real
page furniture (bylines, headings, links to other stories: what our extractor keeps of 181
real pages of `../shared/benchmarks/extraction`, see `page_noise.py`), in three draws,
shipped constants.

Exit codes: 0 evaluated; 1 the import failed or a line could not be found in the database;
2 usage error; 3 the database has no `articles.story_id` column (stories not implemented).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_STORIES = 3
TITLE_WIDTH = 70


class EvaluationError(Exception):
    """A one-line reason why the evaluation cannot go on, with the exit code to use."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Line:
    """What the evaluation needs from one input line."""

    number: int
    id: str
    url: str
    event: str
    title: str


@dataclass
class Metrics:
    articles: int
    events: int
    stories: int
    precision: float
    recall: float
    f1: float
    ari: float
    same_story_pairs: int  # predicted positive pairs
    same_event_pairs: int  # gold positive pairs
    agreeing_pairs: int  # pairs in the same story and the same event


Pair = tuple[Line, Line]


# -- input and database ---------------------------------------------------------------------


def read_lines(path: Path) -> list[Line]:
    """Every non-blank line must be a JSON object with id, url and event."""
    lines: list[Line] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{number}: not valid JSON ({exc.msg})")
                continue
            missing = [
                k for k in ("id", "url", "event") if not isinstance(data, dict) or k not in data
            ]
            if missing:
                problems.append(f"{path}:{number}: missing {', '.join(missing)}")
                continue
            lines.append(
                Line(
                    number, str(data["id"]), data["url"], str(data["event"]), data.get("title", "")
                )
            )
    for key in ("id", "url"):
        counts = Counter(getattr(line, key) for line in lines)
        problems += [f"{path}: duplicate {key} {value!r}" for value, n in counts.items() if n > 1]
    if problems:
        raise EvaluationError("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))
    if not lines:
        raise EvaluationError(f"{path}: no articles")
    return lines


def import_file(
    path: Path, db: Path, config: Path, constants: dict[str, float] | None = None
) -> str:
    """Run the project's importer in a subprocess; return its stdout and stderr.

    A subprocess, not a function call, so the evaluation sees what the command-line tool
    does, with the config it would load. `constants`
    overrides module constants of `aggregator.stories` for that run only (cross-validation
    tries settings without editing the code)."""
    setup = "".join(f"stories.{name} = {value!r}; " for name, value in (constants or {}).items())
    command = [
        sys.executable,
        "-c",
        f"import aggregator.stories as stories; {setup}from aggregator.cli import main; main()",
        "import",
        str(path),
        "--db",
        str(db),
        "--config",
        str(config),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        last = output.splitlines()[-1] if output else "no output"
        raise EvaluationError(f"import failed (exit {result.returncode}): {last}")
    return output


def story_of_lines(conn: sqlite3.Connection, lines: Sequence[Line]) -> dict[str, Hashable]:
    """Map each line id to its stored article's story.

    Lines are found through `article_urls`, which records every URL the importer saw, also
    for copies folded into an earlier article. An article without a story (story_id NULL) is
    a story of its own; two lines folded into that one article still share it."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    if not columns:
        raise EvaluationError("the database has no articles table")
    if "story_id" not in columns:
        raise EvaluationError(
            "articles.story_id does not exist yet: story clustering is not implemented in "
            "this version of the aggregator, nothing to evaluate",
            EXIT_NO_STORIES,
        )
    article_of: dict[str, int] = {}
    unmapped: list[str] = []
    for line in lines:
        row = conn.execute(
            "SELECT article_id FROM article_urls WHERE url = ?", [line.url]
        ).fetchone()
        if row is None:
            unmapped.append(f"line {line.number} ({line.id}): {line.url}")
        else:
            article_of[line.id] = int(row[0])
    if unmapped:
        shown = "; ".join(unmapped[:3]) + (
            f"; and {len(unmapped) - 3} more" if len(unmapped) > 3 else ""
        )
        raise EvaluationError(f"{len(unmapped)} line(s) not found in article_urls: {shown}")
    story_ids = dict(conn.execute("SELECT id, story_id FROM articles").fetchall())
    stories: dict[str, Hashable] = {}
    for line_id, article_id in article_of.items():
        if article_id not in story_ids:
            raise EvaluationError(f"{line_id}: article_urls points to missing article {article_id}")
        story_id = story_ids[article_id]
        stories[line_id] = ("story", story_id) if story_id is not None else ("article", article_id)
    return stories


# -- metrics --------------------------------------------------------------------------------


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Metrics:
    """Pairwise precision/recall/F1 and adjusted Rand index from the contingency table.

    Counting pairs through the table's cells and margins is O(n), not O(n²): pairs in one
    cell agree, pairs within a predicted cluster are predicted positive, pairs within a gold
    cluster are gold positive. With no predicted pairs precision is 1 (nothing was merged
    wrongly); with no gold pairs recall is 1. ARI follows Hubert & Arabie (1985); when both
    groupings are the same trivial one (all apart or all together) it is 1, as in sklearn."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    n = len(gold)
    cells = Counter(zip(predicted, gold, strict=True))
    agreeing = sum(_pairs(c) for c in cells.values())
    same_story = sum(_pairs(c) for c in Counter(predicted).values())
    same_event = sum(_pairs(c) for c in Counter(gold).values())
    precision = agreeing / same_story if same_story else 1.0
    recall = agreeing / same_event if same_event else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = _pairs(n)
    expected = same_story * same_event / total if total else 0.0
    maximum = (same_story + same_event) / 2
    if maximum == expected:  # both groupings trivial: identical, or no pairs at all
        ari = 1.0 if same_story == same_event else 0.0
    else:
        ari = (agreeing - expected) / (maximum - expected)
    return Metrics(
        articles=n,
        events=len(set(gold)),
        stories=len(set(predicted)),
        precision=precision,
        recall=recall,
        f1=f1,
        ari=ari,
        same_story_pairs=same_story,
        same_event_pairs=same_event,
        agreeing_pairs=agreeing,
    )


def wrong_pairs(
    lines: Sequence[Line], stories: dict[str, Hashable]
) -> tuple[dict[Hashable, list[Pair]], dict[str, list[Pair]]]:
    """(wrongly merged pairs by story, wrongly split pairs by event), in input order."""
    merged: dict[Hashable, list[Pair]] = defaultdict(list)
    split: dict[str, list[Pair]] = defaultdict(list)
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            same_story = stories[a.id] == stories[b.id]
            if same_story and a.event != b.event:
                merged[stories[a.id]].append((a, b))
            elif not same_story and a.event == b.event:
                split[a.event].append((a, b))
    return dict(merged), dict(split)


# -- report ---------------------------------------------------------------------------------


def _story_name(key: Hashable) -> str:
    if isinstance(key, tuple) and key[0] == "story":
        return f"story {key[1]}"
    if isinstance(key, tuple) and key[0] == "article":
        return f"article {key[1]} (no story)"
    return str(key)


def _short(text: str) -> str:
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1] + "…"


def report(
    metrics: Metrics,
    lines: Sequence[Line],
    stories: dict[str, Hashable],
    merged: dict[Hashable, list[Pair]],
    split: dict[str, list[Pair]],
) -> str:
    out = [
        f"articles             {metrics.articles}",
        f"events               {metrics.events}",
        f"predicted stories    {metrics.stories}",
        f"pairwise precision   {metrics.precision:.3f}"
        f"  ({metrics.agreeing_pairs} of {metrics.same_story_pairs} same-story pairs are one event)",
        f"pairwise recall      {metrics.recall:.3f}"
        f"  ({metrics.agreeing_pairs} of {metrics.same_event_pairs} same-event pairs are one story)",
        f"pairwise F1          {metrics.f1:.3f}",
        f"adjusted Rand index  {metrics.ari:.3f}",
        "",
    ]
    story_sizes = Counter(stories.values())
    if not merged:
        out.append("no two distinct events merged")
    else:
        count = sum(len(p) for p in merged.values())
        out.append(f"wrongly merged pairs ({count}, same story, different events):")
        for key, pairs in merged.items():
            events = sorted({line.event for pair in pairs for line in pair})
            out.append(
                f"  {_story_name(key)} ({story_sizes[key]} articles, events: {', '.join(events)})"
            )
            for a, b in pairs:
                out.append(f"    {a.id} [{a.event}] {_short(a.title)}")
                out.append(f"      × {b.id} [{b.event}] {_short(b.title)}")
    out.append("")
    if not split:
        out.append("no event split across stories")
    else:
        count = sum(len(p) for p in split.values())
        out.append(f"wrongly split pairs ({count}, same event, different stories):")
        by_event: dict[str, list[Line]] = defaultdict(list)
        for line in lines:
            by_event[line.event].append(line)
        for event, pairs in split.items():
            parts = len({stories[line.id] for line in by_event[event]})
            out.append(f"  {event} ({len(by_event[event])} articles in {parts} stories)")
            for a, b in pairs:
                out.append(f"    {a.id} ({_story_name(stories[a.id])}) {_short(a.title)}")
                out.append(f"      × {b.id} ({_story_name(stories[b.id])}) {_short(b.title)}")
    return "\n".join(out)


# -- self-test ------------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def _self_test() -> None:
    """Hand-checked cases for the metrics and the database mapping."""
    gold = ["a", "a", "b", "b", "c"]
    perfect = score([7, 7, 3, 3, 9], gold)  # same grouping, other names
    assert perfect.precision == perfect.recall == perfect.f1 == perfect.ari == 1.0, perfect

    together = score([0] * 5, gold)  # everything merged: 2 of 10 pairs are right
    assert _close(together.precision, 0.2) and together.recall == 1.0, together
    assert _close(together.ari, 0.0), together

    apart = score([0, 1, 2, 3, 4], gold)  # nothing merged: no wrong merge, nothing found
    assert apart.precision == 1.0 and apart.recall == 0.0 and apart.f1 == 0.0, apart
    assert _close(apart.ari, 0.0), apart

    # Worked by hand: cells {2,1,1,2} → 2 agreeing pairs; 3 predicted, 6 gold, 15 total;
    # expected 3·6/15 = 1.2, max 4.5 → ARI 0.8/3.3.
    partial = score([0, 0, 1, 1, 2, 2], ["x", "x", "x", "y", "y", "y"])
    assert _close(partial.precision, 2 / 3) and _close(partial.recall, 1 / 3), partial
    assert _close(partial.ari, 0.8 / 3.3), partial
    assert partial.stories == 3 and partial.events == 2

    assert score([1], ["x"]).ari == 1.0 and score([0, 0], ["x", "x"]).ari == 1.0
    assert score([0, 1], ["x", "y"]).ari == 1.0  # both all-apart: identical trivial groupings

    lines = [
        Line(1, "r1", "https://a.example/1", "recall", "Recall one"),
        Line(2, "r1-copy", "https://b.example/1", "recall", "Recall one, again"),
        Line(3, "r2", "https://a.example/2", "recall", "Recall two"),
        Line(4, "l1", "https://a.example/3", "launch", "Launch"),
        Line(5, "l2", "https://c.example/3", "launch", "Launch, elsewhere"),
    ]
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE articles (id INTEGER PRIMARY KEY);
        CREATE TABLE article_urls (url TEXT PRIMARY KEY, article_id INTEGER);
        INSERT INTO articles VALUES (1), (2), (3), (4);
        INSERT INTO article_urls VALUES ('https://a.example/1', 1), ('https://b.example/1', 1),
            ('https://a.example/2', 2), ('https://a.example/3', 3), ('https://c.example/3', 4);
        """
    )
    try:
        story_of_lines(conn, lines)
    except EvaluationError as exc:
        assert exc.code == EXIT_NO_STORIES and "story_id" in str(exc)
    else:
        raise AssertionError("a database without story_id must be refused")
    conn.executescript(
        """
        ALTER TABLE articles ADD COLUMN story_id INTEGER;
        UPDATE articles SET story_id = 10 WHERE id IN (2, 3);
        """
    )
    stories = story_of_lines(conn, lines)
    # Article 1 has no story but holds two lines (a folded copy): one singleton story for both.
    assert stories["r1"] == stories["r1-copy"] == ("article", 1), stories
    assert stories["r2"] == stories["l1"] == ("story", 10) and stories["l2"] == ("article", 4)
    merged, split = wrong_pairs(lines, stories)
    assert [(a.id, b.id) for a, b in merged[("story", 10)]] == [("r2", "l1")], merged
    assert sorted((a.id, b.id) for pairs in split.values() for a, b in pairs) == [
        ("l1", "l2"),
        ("r1", "r2"),
        ("r1-copy", "r2"),
    ], split
    conn.execute("INSERT INTO article_urls VALUES ('https://gone.example/', 99)")
    try:
        story_of_lines(conn, [*lines, Line(6, "x", "https://nowhere.example/", "e", "")])
    except EvaluationError as exc:
        assert "not found" in str(exc) and "line 6" in str(exc)
    else:
        raise AssertionError("an unknown URL must be reported")
    text = report(score([0, 1], ["x", "y"]), lines[:2], {"r1": 0, "r1-copy": 1}, {}, {})
    assert "no two distinct events merged" in text
    print("self-test passed")


# -- the shared real-coverage set, cross-validated -----------------------------------------

SHARED = ROOT.parent / "shared" / "benchmarks" / "stories" / "articles.jsonl"
HALVES = ("AB", "CD")
DEV = ROOT / "benchmarks" / "data" / "stories_dev.jsonl"  # the self-written set
DEFAULT_TUNING = {"MATCH_THRESHOLD": [0.18, 0.21, 0.24, 0.27, 0.30, 0.33]}


def shared_subset(rows: list[dict], parts: str, english: bool, folder: Path) -> Path:
    """Write the rows of some parts (and only English, if asked) in the importer's format:
    the set names the outlet `outlet` and the language `lang`."""
    path = folder / f"{parts}-{'en' if english else 'all'}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            if row["event"][0] in parts and (not english or row["lang"] == "en"):
                line = {**row, "source": row["outlet"], "language": row["lang"]}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


WINDOW = "story_window"  # hours; a setting (sources.yaml), not a constant of the code


def _window_config(folder: Path, hours: float | None) -> Path:
    """A config with default settings, or one that sets only `settings.story_window`."""
    path = folder / "config.yaml"
    window = f"settings:\n  story_window: {hours}h\n" if hours is not None else ""
    path.write_text(
        f"{window}sources:\n  - name: Benchmark\n    feeds: [https://example.com/feed.xml]\n",
        encoding="utf-8",
    )
    return path


def _settings(tuning: dict[str, list[float]]) -> list[dict[str, float]]:
    settings: list[dict[str, float]] = [{}]
    for name, values in tuning.items():
        settings = [{**s, name: v} for s in settings for v in values]
    return settings


def _figures(metrics: Metrics, merged: int) -> str:
    return (
        f"ARI {metrics.ari:.3f}  P {metrics.precision:.3f}  R {metrics.recall:.3f}  "
        f"F1 {metrics.f1:.3f}  merged events {merged}  "
        f"({metrics.stories} stories for {metrics.events} events)"
    )


def _run(path: Path, constants: dict[str, float]) -> tuple[Metrics, int]:
    """Import `path` with `constants`; the metrics and the number of merged event pairs."""
    lines = read_lines(path)
    with tempfile.TemporaryDirectory(prefix="stories-eval-") as tmp:
        db = Path(tmp) / "stories.db"
        config = _window_config(Path(tmp), constants.get(WINDOW))
        code = {name: value for name, value in constants.items() if name != WINDOW}
        import_file(path.resolve(), db, config, code)
        conn = sqlite3.connect(db)
        try:
            stories = story_of_lines(conn, lines)
        finally:
            conn.close()
    metrics = score([stories[line.id] for line in lines], [line.event for line in lines])
    merged, _split = wrong_pairs(lines, stories)
    events = {tuple(sorted((a.event, b.event))) for pairs in merged.values() for a, b in pairs}
    return metrics, len(events)


def cross_validate(source: Path, tuning: dict[str, list[float]]) -> str:
    """Tune on one half of the parts, report the other half with the chosen setting."""
    rows = [json.loads(raw) for raw in source.open(encoding="utf-8") if raw.strip()]
    settings = _settings(tuning)
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="stories-shared-") as tmp:
        folder = Path(tmp)
        for english in (False, True):
            label = "English only" if english else "all languages"
            paths = {half: shared_subset(rows, half, english, folder) for half in HALVES}
            runs = {
                (half, i): _run(paths[half], setting)
                for half in HALVES
                for i, setting in enumerate(settings)
            }
            for tune, held in (HALVES, HALVES[::-1]):
                # best ARI; among equals, fewer merges, then the last value (for a threshold
                # grid in rising order: the most conservative)
                chosen = max(
                    range(len(settings)),
                    key=lambda i: (round(runs[(tune, i)][0].ari, 3), -runs[(tune, i)][1], i),
                )
                shown = ", ".join(f"{k}={v}" for k, v in settings[chosen].items()) or "shipped"
                out.append(f"{label}: tuned on {tune} ({shown})")
                out.append(f"  {tune} (tuning)   {_figures(*runs[(tune, chosen)])}")
                out.append(f"  {held} (held out) {_figures(*runs[(held, chosen)])}")
            whole = shared_subset(rows, "ABCD", english, folder)
            out.append(f"{label}: shipped constants, whole set  {_figures(*_run(whole, {}))}")
    return "\n".join(out)


PAGE_NOISE_DRAWS = (1, 2, 3)


def with_page_furniture(source: Path) -> str:
    """The shared set's halves with real pages' furniture (`page_noise`), shipped constants:
    how much of the clean figures survives what extraction leaves on real pages."""
    import page_noise

    if not page_noise.EXTRACTION.is_dir():
        return f"page furniture: skipped, {page_noise.EXTRACTION} is not there"
    rows = [json.loads(raw) for raw in source.open(encoding="utf-8") if raw.strip()]
    pages = page_noise.furnished_pages()
    out = [f"with real page furniture ({len(pages)} real pages that keep some), shipped constants"]
    with tempfile.TemporaryDirectory(prefix="stories-furnished-") as tmp:
        for draw in PAGE_NOISE_DRAWS:
            furnished = page_noise.furnished_rows(rows, pages, draw)
            for english in (False, True):
                cells = []
                for half in HALVES:
                    path = shared_subset(furnished, half, english, Path(tmp))
                    metrics, merged = _run(path, {})
                    cells.append(
                        f"{half} ARI {metrics.ari:.3f} P {metrics.precision:.3f} "
                        f"R {metrics.recall:.3f} merged {merged}"
                    )
                label = "English only " if english else "all languages"
                out.append(f"  draw {draw}, {label}  " + "  |  ".join(cells))
            dev = [json.loads(raw) for raw in DEV.open(encoding="utf-8") if raw.strip()]
            path = Path(tmp) / "dev.jsonl"
            path.write_text(
                "".join(
                    json.dumps(row, ensure_ascii=False) + "\n"
                    for row in page_noise.furnished_rows(dev, pages, draw, outlet="source")
                ),
                encoding="utf-8",
            )
            metrics, merged = _run(path, {})
            out.append(
                f"  draw {draw}, self-written set (one furniture per source)  "
                f"ARI {metrics.ari:.3f} P {metrics.precision:.3f} R {metrics.recall:.3f} "
                f"merged {merged}"
            )
    return "\n".join(out)


def _number(text: str) -> float:
    """120 stays an int (a count or a slice bound), 0.3 a float."""
    return int(text) if text.strip().lstrip("-").isdigit() else float(text)


ORDERS = 12  # random arrival orders of the self-written set
SHARED_ORDERS = 5  # … and of the shared set (each order is two imports of ~190 articles)


def shuffled_orders(source: Path, count: int, label: str = "self-written dev set") -> str:
    """A labelled set imported in `count` random orders (seeded): arrival order is not
    publication order in a fetch pass (outlets answer when they answer) nor in a backfill
    (archives are not sorted), and online story assignment depends on it. Reports how many
    orders merged at least one pair of events, and the ARI range."""
    rows = [raw for raw in source.read_text(encoding="utf-8").splitlines() if raw.strip()]
    merging, aris = 0, []
    with tempfile.TemporaryDirectory(prefix="stories-orders-") as tmp:
        for seed in range(count):
            shuffled = rows[:]
            random.Random(seed).shuffle(shuffled)
            path = Path(tmp) / f"order-{seed}.jsonl"
            path.write_text("\n".join(shuffled) + "\n", encoding="utf-8")
            metrics, merged = _run(path, {})
            merging += merged > 0
            aris.append(metrics.ari)
    return (
        f"{label} in {count} random orders: {merging} of {count} orders merged "
        f"two events; ARI {min(aris):.3f}–{max(aris):.3f} (mean {sum(aris) / len(aris):.3f})"
    )


def shared_in_orders(source: Path, count: int) -> str:
    """The whole shared set, all languages and English only, in `count` random orders with
    the shipped constants: the file's order is by event, a fetch pass's is not."""
    rows = [json.loads(raw) for raw in source.open(encoding="utf-8") if raw.strip()]
    with tempfile.TemporaryDirectory(prefix="stories-shared-orders-") as tmp:
        return "\n".join(
            shuffled_orders(
                shared_subset(rows, "ABCD", english, Path(tmp)),
                count,
                f"shared set, {'English only' if english else 'all languages'},",
            )
            for english in (False, True)
        )


def _tuning(specs: Sequence[str]) -> dict[str, list[float]]:
    tuning: dict[str, list[float]] = {}
    for spec in specs:
        name, _, values = spec.partition("=")
        tuning[name.strip()] = [_number(v) for v in values.split(",") if v.strip()]
    return tuning or DEFAULT_TUNING


# -- command line ---------------------------------------------------------------------------


def evaluate(
    path: Path, keep_db: Path | None, constants: dict[str, float] | None = None
) -> tuple[Metrics, str]:
    lines = read_lines(path)
    with tempfile.TemporaryDirectory(prefix="stories-eval-") as tmp:
        db = keep_db or Path(tmp) / "stories.db"
        config = _window_config(Path(tmp), None)
        import_log = import_file(path.resolve(), db.resolve(), config, constants)
        conn = sqlite3.connect(db)
        try:
            stories = story_of_lines(conn, lines)
        except EvaluationError as exc:
            if exc.code != EXIT_NO_STORIES and import_log:
                print(import_log, file=sys.stderr)  # bad lines are reported there
            raise
        finally:
            conn.close()
    metrics = score([stories[line.id] for line in lines], [line.event for line in lines])
    merged, split = wrong_pairs(lines, stories)
    return metrics, report(metrics, lines, stories, merged, split)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="labelled JSONL (id, url, event, …)")
    parser.add_argument("--keep-db", type=Path, help="import into this new database and keep it")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--self-test", action="store_true", help="check the metric code and exit")
    parser.add_argument(
        "--shared",
        nargs="?",
        const=SHARED,
        type=Path,
        help="cross-validate on the shared real-coverage set (default ../shared/…)",
    )
    parser.add_argument(
        "--tune",
        action="append",
        default=[],
        metavar="NAME=v1,v2",
        help="a constant of aggregator.stories (or story_window, in hours) and the values to "
        "try (with --shared)",
    )
    parser.add_argument(
        "--page-noise",
        action="store_true",
        help="with --shared: also score it with real pages' furniture added (page_noise.py)",
    )
    args = parser.parse_args(argv)
    if args.self_test:
        _self_test()
        return 0
    if args.shared is not None:
        return _shared(args.shared, _tuning(args.tune), args.page_noise)
    if args.file is None:
        parser.error("FILE is required (or --self-test)")
    if not args.file.is_file():
        parser.error(f"{args.file}: no such file")
    if args.keep_db and args.keep_db.exists():
        parser.error(f"{args.keep_db} exists; the evaluation needs a fresh database")
    try:
        metrics, text = evaluate(args.file, args.keep_db)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    print(json.dumps(asdict(metrics), indent=2) if args.json else text)
    if args.keep_db:
        print(f"database kept at {args.keep_db}", file=sys.stderr)
    return 0


def _shared(source: Path, tuning: dict[str, list[float]], page_noise: bool = False) -> int:
    if not source.is_file():
        print(f"skipped: {source} is not there (the shared real-coverage set)")
        return 0
    try:
        print(cross_validate(source, tuning))
        print(f"self-written dev set (hard negatives)  {_figures(*_run(DEV, {}))}")
        print(shuffled_orders(DEV, ORDERS))
        print(shared_in_orders(source, SHARED_ORDERS))
        if page_noise:
            print(with_page_furniture(source))
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
