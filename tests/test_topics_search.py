"""Topics and search against real SQLite with realistic articles, tricky negatives included."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli, tagged

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = [
    dict(
        id="su7-deliveries",
        source="CnEVPost",
        url="https://cnevpost.com/2026/11/01/xiaomi-ev-deliveries-october/",
        published="2026-11-01T09:00:00Z",
        title="Xiaomi EV deliveries exceed 40,000 in October as YU7 ramps up",
        text="Xiaomi delivered more than 40,000 vehicles in October, the company said on Saturday, "
        "as its second model, the YU7 SUV, ramped up at the Beijing factory. The SU7 sedan "
        "accounted for about 22,000 units. Xiaomi said wait times for the YU7 remain above "
        "30 weeks and that the second phase of its car plant will start production next year.",
    ),
    dict(
        id="su7-copy",
        source="AOL",
        url="https://www.aol.com/news/xiaomi-ev-deliveries-40000-october.html",
        published="2026-11-01T13:00:00Z",
        title="Xiaomi's EV deliveries top 40,000 as the YU7 SUV ramps",
        text="Chinese smartphone giant Xiaomi delivered more than 40,000 electric cars in October. "
        "Its new YU7 SUV is ramping up quickly at the Beijing plant, while the SU7 sedan sold "
        "roughly 22,000 units. Buyers still face waits of more than 30 weeks for the YU7, and "
        "Xiaomi expects the second phase of the car plant to begin production next year.",
    ),
    dict(
        id="xiaomi-phone",
        source="Business Insider",
        url="https://www.businessinsider.com/xiaomi-17-ultra-smartphone-review-2026-11",
        published="2026-11-02T10:00:00Z",
        title="Xiaomi's new flagship phone has the best camera I've used this year",
        text="The Xiaomi 17 Ultra has a one-inch sensor, a 6,000 mAh battery and a titanium frame. "
        "Shipments of Xiaomi smartphones grew 6% last quarter according to Canalys, and the "
        "company's HyperOS now runs on its tablets, TVs and watches. The phone costs 6,499 yuan "
        "in China and comes to Europe in March.",
    ),
    dict(
        id="xiaomi-chinese",
        source="Sina Auto",
        url="https://auto.sina.com.cn/news/2026-11-03/xiaomi-yu7.shtml",
        published="2026-11-03T02:00:00Z",
        title="小米汽车10月交付量突破4万辆",
        text="小米汽车公布10月交付数据。Xiaomi said the figure includes both the sedan and the SUV, "
        "and that the Beijing factory is running at full capacity.",
    ),
    dict(
        id="model-y-l",
        source="Teslarati",
        url="https://www.teslarati.com/tesla-model-y-l-deliveries-china/",
        published="2026-11-04T08:00:00Z",
        title="Tesla Model Y L six-seater deliveries begin in China",
        text="Tesla has started delivering the six-seat Model Y L to customers in China. The "
        "longer Model Y variant has a 150 mm longer wheelbase and second-row captain's chairs. "
        "Giga Shanghai builds the vehicle alongside the Model Y Juniper.",
    ),
    dict(
        id="model-year",
        source="Electrek",
        url="https://electrek.co/2026/11/05/ford-mustang-mach-e-2027-model-year-changes/",
        published="2026-11-05T08:00:00Z",
        title="Ford details 2027 model year changes for the Mustang Mach-E",
        text="Ford announced the changes for the 2027 model year of the Mustang Mach-E, including a "
        "new heat pump and a larger battery for the extended range version. Prices for the new "
        "model year start at $39,995, the company said. Deliveries begin in the spring.",
    ),
    dict(
        id="model-y-body",
        source="InsideEVs",
        url="https://insideevs.com/news/768001/ev-sales-us-october/",
        published="2026-11-06T08:00:00Z",
        title="US EV sales slip in October as incentives expire",
        text="Electric vehicle sales in the United States fell 8% in October. Among the best "
        "sellers, the Tesla Model Y kept its lead, followed by the Chevrolet Equinox EV and the "
        "Hyundai Ioniq 5. Analysts expect sales to recover in the first quarter.",
    ),
]

TOPICS = ROOT / "sources.yaml"


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "articles.jsonl"
    data.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n")
    config = tmp_path / "sources.yaml"
    shutil.copy(TOPICS, config)
    db = tmp_path / "a.db"
    result = run_cli("import", str(data), "--config", str(config), "--db", str(db))
    assert result.exit_code == 0, result.output
    return config, db


def test_default_topics_respect_phrases_and_context(archive) -> None:
    config, db = archive
    assert tagged(db, "Xiaomi EV") == {"su7-deliveries", "su7-copy", "xiaomi-chinese"}
    assert tagged(db, "Model Y") == {"model-y-l"}  # not "model year"
    # one mention in a sales round-up is not about Tesla or the Model Y
    assert tagged(db, "Tesla") == {"model-y-l"}


def test_retag_is_idempotent_and_follows_config_changes(archive) -> None:
    config, db = archive
    before = tagged(db, "Model Y")
    for _ in range(2):
        result = run_cli("topics", "retag", "--all", "--config", str(config), "--db", str(db))
        assert result.exit_code == 0 and "Model Y: 1 articles" in result.output
    assert tagged(db, "Model Y") == before
    text = config.read_text().replace("terms: [model y, modelo y]", "query: '\"model year\"'")
    config.write_text(text)
    run_cli("topics", "retag", "--topic", "Model Y", "--config", str(config), "--db", str(db))
    assert tagged(db, "Model Y") == {"model-year"}


def test_topics_list_counts(archive) -> None:
    config, db = archive
    result = run_cli("topics", "list", "--json", "--config", str(config), "--db", str(db))
    rows = {r["topic"]: r for r in json.loads(result.output)}
    assert rows["Xiaomi EV"]["articles_all"] == 3
    # the AOL copy and Sina Auto's Chinese report of the same deliveries (4万 = 40,000) join
    # the CnEVPost story
    assert rows["Xiaomi EV"]["stories_all"] == 1
    assert rows["Model Y"]["articles_24h"] == 0


def test_topics_test_shows_matches_and_terms(archive) -> None:
    config, db = archive
    result = run_cli(
        "topics", "test", '"model y" NOT tesla', "--json", "--db", str(db), "--config", str(config)
    )
    assert json.loads(result.output)["total"] == 0
    result = run_cli(
        "topics", "test", "NEAR(xiaomi deliveries, 8)", "--db", str(db), "--config", str(config)
    )
    assert result.exit_code == 0
    assert "2 stored article(s) match" in result.output
    assert "matched: xiaomi, deliveries" in result.output


def test_bad_topic_query_in_config_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "s.yaml"
    config.write_text(
        "sources:\n  - name: A\n    feeds: [https://a.example/f]\n"
        "topics:\n  - name: Broken\n    query: '\"model y'\n"
    )
    result = run_cli("fetch", "--config", str(config))
    assert result.exit_code == 2
    assert "s.yaml:6: topics[0].query (topic 'Broken'): invalid query" in result.output
    assert "double quote is not closed" in result.output


def search(config: Path, db: Path, *args: str):
    return run_cli("search", *args, "--config", str(config), "--db", str(db))


def test_search_ranks_title_over_body_and_collapses_stories(archive) -> None:
    config, db = archive
    hits = json.loads(search(config, db, '"model y"', "--json").output)
    assert [h["id"] for h in hits][0] != None  # noqa: E711 - ids present
    titles = [h["title"] for h in hits]
    assert titles[0].startswith("Tesla Model Y L")  # phrase in the headline beats the body
    assert "2027 model year" not in " ".join(titles)
    xiaomi = json.loads(search(config, db, "yu7", "--json").output)
    story_rows = [h for h in xiaomi if h["source"] in ("CnEVPost", "AOL")]
    assert len(story_rows) == 1 and story_rows[0]["other_outlets"] in (
        ["AOL", "Sina Auto"],
        ["CnEVPost", "Sina Auto"],
    )
    every = json.loads(search(config, db, "yu7", "--json", "--no-collapse").output)
    assert len(every) == len(xiaomi) + 1


def test_search_filters_and_formats(archive) -> None:
    config, db = archive
    only = json.loads(search(config, db, "xiaomi", "--source", "AOL", "--json").output)
    assert [h["source"] for h in only] == ["AOL"]
    topic = json.loads(
        search(config, db, "xiaomi", "--topic", "Xiaomi EV", "--no-collapse", "--json").output
    )
    assert {h["source"] for h in topic} == {"CnEVPost", "AOL", "Sina Auto"}
    dated = json.loads(
        search(
            config,
            db,
            "deliveries OR delivering",
            "--since",
            "2026-11-04",
            "--until",
            "2026-11-05",
            "--json",
        ).output
    )
    assert [h["source"] for h in dated] == ["Teslarati"]
    newest = json.loads(search(config, db, "xiaomi", "--newest", "--no-collapse", "--json").output)
    assert [h["published_at"] for h in newest] == sorted(
        (h["published_at"] for h in newest), reverse=True
    )
    rows = list(csv.DictReader(io.StringIO(search(config, db, "sedan", "--csv").output)))
    assert rows and {"title", "url", "source", "snippet"} <= set(rows[0])
    plain = search(config, db, "heat pump").output
    assert "Ford details 2027 model year changes" in plain and "\x02" not in plain


def test_search_prints_each_snippet_on_one_indented_line(tmp_path: Path) -> None:
    """A snippet that spans two paragraphs is one line of the listing, not a second line
    at the margin that reads like the next result."""
    article = {
        "url": "https://www.electrek.example/2026/11/20/rivian-r2-heat-pump/",
        "source": "Electrek",
        "published": "2026-11-20T09:00:00Z",
        "title": "Rivian details the R2's winter range",
        "text": "Rivian says the R2 keeps most of its range in the cold.\n\n"
        "Its heat pump draws less power than the R1's, the company said on Thursday.",
    }
    data = tmp_path / "one.jsonl"
    data.write_text(json.dumps(article) + "\n")
    config, db = tmp_path / "sources.yaml", tmp_path / "a.db"
    shutil.copy(TOPICS, config)
    assert run_cli("import", str(data), "--config", str(config), "--db", str(db)).exit_code == 0
    lines = search(config, db, "range heat pump").output.splitlines()
    assert len(lines) == 4, lines  # headline, where and when, snippet, address
    assert lines[2].startswith("  ") and "cold." in lines[2] and "heat pump" in lines[2]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"model y', "double quote is not closed"),
        ("NOT tesla", "NOT needs something before it"),
        ("title:model-y", "put words with"),
        ("tesla AND", "syntax error"),
    ],
)
def test_malformed_query_exits_2_without_traceback(archive, query: str, message: str) -> None:
    config, db = archive
    result = search(config, db, query)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_search_and_stories_cli_on_the_story(archive) -> None:
    config, db = archive
    result = run_cli(
        "stories",
        "--since",
        "2026-10-01",
        "--min-sources",
        "2",
        "--json",
        "--config",
        str(config),
        "--db",
        str(db),
    )
    stories = json.loads(result.output)
    assert len(stories) == 1
    assert stories[0]["outlets"] == ["AOL", "CnEVPost", "Sina Auto"]
    assert stories[0]["source_count"] == 3
    topic = run_cli(
        "stories",
        "--since",
        "2026-10-01",
        "--topic",
        "Model Y",
        "--json",
        "--config",
        str(config),
        "--db",
        str(db),
    )
    assert {s["headline"] for s in json.loads(topic.output)} == {
        "Tesla Model Y L six-seater deliveries begin in China"
    }


def _one_big_story(tmp_path: Path) -> tuple[Path, Path]:
    """Nine outlets' reports of one recall, merged into one story by an analyst, and two
    other stories that mention a recall further down."""
    reports = [
        dict(
            id=f"recall-{n}",
            source=f"Outlet {n}",
            url=f"https://outlet{n}.example/tesla-recall-{n}",
            published=f"2026-11-0{1 + n % 5}T0{n}:00:00Z",
            title=f"Tesla recall: outlet {n} on the {n * 7}-car camera recall",
            text=f"Report number {n} about the Tesla camera recall, recall notice {n * 13}. "
            + " ".join(f"detail{n}x{k}" for k in range(60)),
        )
        for n in range(1, 10)
    ]
    others = [
        dict(
            id=f"other-{n}",
            source="Electrek",
            url=f"https://electrek.co/other-{n}",
            published="2026-11-03T10:00:00Z",
            title=f"{name} sales rise in November",
            text=f"{name} sold more cars this month; a recall last year is behind it. "
            + " ".join(f"{name.lower()}{k}" for k in range(60)),
        )
        for n, name in enumerate(["Ford", "Rivian"])
    ]
    data = tmp_path / "recall.jsonl"
    data.write_text("\n".join(json.dumps(a) for a in reports + others) + "\n")
    config = tmp_path / "sources.yaml"
    shutil.copy(TOPICS, config)
    db = tmp_path / "r.db"
    assert run_cli("import", str(data), "--config", str(config), "--db", str(db)).exit_code == 0
    rows = json.loads(search(config, db, "tesla", "--no-collapse", "--json").output)
    stories = sorted({row["story_id"] for row in rows})
    for story in stories[1:]:
        merged = run_cli("stories", "merge", str(stories[0]), str(story), "--db", str(db))
        assert merged.exit_code == 0, merged.output
    return config, db


def test_search_fills_the_limit_when_one_story_holds_the_best_matches(tmp_path: Path) -> None:
    config, db = _one_big_story(tmp_path)
    first = json.loads(search(config, db, "recall", "--limit", "2", "--json").output)
    assert len(first) == 2 and first[0]["title"].startswith("Tesla recall")
    assert len({hit["story_id"] for hit in first}) == 2
    every = json.loads(search(config, db, "recall", "--limit", "3", "--json").output)
    assert len(every) == 3
    second = json.loads(
        search(config, db, "recall", "--limit", "2", "--offset", "1", "--json").output
    )
    assert [hit["id"] for hit in second] == [hit["id"] for hit in every[1:]]
    whole = json.loads(search(config, db, "recall", "--all-time", "--json").output)
    assert [hit["id"] for hit in whole] == [hit["id"] for hit in every]


def test_search_names_ids_and_formats(archive) -> None:
    config, db = archive
    lower = json.loads(search(config, db, "xiaomi", "--source", "aol", "--json").output)
    assert [h["source"] for h in lower] == ["AOL"]
    topic = json.loads(search(config, db, "xiaomi", "--topic", "xiaomi ev", "--json").output)
    assert topic and all(h["source"] != "Business Insider" for h in topic)
    stories = run_cli(
        "stories", "--since", "99999d", "--topic", "model y", "--json", "--db", str(db)
    )
    assert [s["headline"] for s in json.loads(stories.output)] == [
        "Tesla Model Y L six-seater deliveries begin in China"
    ]
    typo = search(config, db, "xiaomi", "--source", "CnEVPots")
    assert typo.exit_code == 2 and "no source named 'CnEVPots'; did you mean 'CnEVPost'?" in (
        typo.output
    )
    unknown = search(config, db, "xiaomi", "--topic", "Xiaomi Phones")
    assert unknown.exit_code == 2 and "did you mean 'Xiaomi EV'?" in unknown.output
    both = search(config, db, "xiaomi", "--json", "--csv")
    assert both.exit_code == 2 and "--json and --csv cannot be combined" in both.output
    empty = search(config, db, "zeppelin", "--csv").output
    assert empty.splitlines() == [
        "id,title,url,source,published_at,story_id,score,snippet,other_outlets"
    ]
    plain = search(config, db, "heat pump").output
    model_year = json.loads(search(config, db, "heat pump", "--json").output)[0]
    assert f"[{model_year['id']}] story:{model_year['story_id']} · Electrek" in plain


def test_stories_one_line_each_with_articles_on_request_and_the_cut_said(archive) -> None:
    config, db = archive
    args = ["--since", "99999d", "--config", str(config), "--db", str(db)]
    lines = run_cli("stories", *args).output.splitlines()
    xiaomi = next(line for line in lines if "Xiaomi" in line and "outlets" in line)
    assert " · 3 outlets · first published 2026-11-01 " in xiaomi
    assert xiaomi.endswith(" · Xiaomi EV")
    assert not any("https://" in line for line in lines)  # articles only with --articles
    stories = len(json.loads(run_cli("stories", *args, "--json").output))
    assert len(lines) == stories
    expanded = run_cli("stories", *args, "--articles").output
    assert "https://www.aol.com/news/xiaomi-ev-deliveries-40000-october.html" in expanded
    cut = run_cli("stories", *args, "--limit", "2").output.splitlines()
    assert len(cut) == 3
    assert cut[-1] == f"showing 2 of {stories} stories — use --limit {stories} to see them all"
