"""Topics that mean "about", not "mentions": rules, scores, aliases, `topics test` / `eval`,
incremental retag. Real SQLite through the real CLI (import, retag, search, digest)."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils

from aggregator import relevance, store, topics
from aggregator.config import ConfigError, load_config, parse_config
from aggregator.store import migrations
from aggregator.store import topics as store_topics
from tests.conftest import rows, run_cli, tagged

SOURCES = """\
settings:
  database: {db}
sources:
  - name: Wire
    feeds: [https://wire.example/feed]
topics:
"""

FILLER = (
    "Analysts said the figures were in line with expectations and that the coming weeks "
    "would show whether demand holds up across the region. "
)


def article(key: str, title: str, text: str, language: str = "en", hour: int = 8) -> dict:
    return {
        "id": key,
        "url": f"https://wire.example/{key}",
        "title": title,
        "text": text,
        "source": "Wire",
        "published": f"2026-11-20T{hour:02d}:00:00Z",
        "language": language,
    }


def setup(tmp_path: Path, topics_yaml: str, articles: list[dict]) -> tuple[Path, Path]:
    db = tmp_path / "t.db"
    config = tmp_path / "sources.yaml"
    config.write_text(SOURCES.format(db=db) + topics_yaml, encoding="utf-8")
    data = tmp_path / "a.jsonl"
    data.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n")
    result = run_cli("import", str(data), "--config", str(config))
    assert result.exit_code == 0, result.output
    return config, db


# -- possessives and apostrophes ----------------------------------------------------------

POSSESSIVES = [
    article(
        "weather",
        "The new model's forecasts beat the old one",
        "Forecasters said the model's forecasts for storms were better. " + FILLER * 3,
    ),
    article(
        "teslas",
        "Tesla's Model S gets a new battery",
        "Tesla's flagship sedan, the Model S, now has a larger pack. " + FILLER,
    ),
]


def test_possessive_is_not_a_word_of_its_own(tmp_path: Path) -> None:
    """The index reads "model's" as "model s": the shipped Tesla topic names the Model S."""
    shipped = Path(__file__).resolve().parent.parent / "sources.yaml"
    topics = shipped.read_text(encoding="utf-8").split("\ntopics:\n", 1)[1]
    _, db = setup(tmp_path, topics, POSSESSIVES)
    assert tagged(db, "Tesla") == {"teslas"}  # "Tesla's" is Tesla; "model's" is not "model s"


def test_apostrophe_in_a_term_matches_only_with_the_apostrophe(tmp_path: Path) -> None:
    topic = "  - name: ONeill\n    terms: [o'neill]\n"
    items = [
        article("apos", "O'Neill steps down", FILLER),
        article("curly", "O’Neill steps down", FILLER),
        article("apart", "O Neill steps down", FILLER),
    ]
    _, db = setup(tmp_path, topic, items)
    assert tagged(db, "ONeill") == {"apos", "curly"}


# -- rules --------------------------------------------------------------------------------

BONDS = (
    "Treasury yields slipped after softer inflation data, and traders added to bets on a "
    "rate cut in December while the dollar weakened against the yen and the euro. "
)
DEALERS = (
    "Dealers in Shanghai and Shenzhen reported more showroom visits over the weekend, while "
    "the finance ministry weighed new trade-in subsidies for older vehicles. "
)
WRAP = article(
    "wrap",
    "Stocks close higher as bond yields ease",
    "Shares rose on Tuesday. " + BONDS * 3 + "Carmakers were mixed, with Tesla up 1%. " + BONDS,
)
FOCUSED = article(
    "focused",
    "Tesla cuts prices again in China",
    "Tesla lowered prices of its cars in China on Friday. " + FILLER + "Tesla said demand "
    "is strong. " + FILLER,
)
BODY_ONLY = article(
    "body",
    "Carmakers brace for a price war",
    DEALERS * 3 + "Tesla cut prices. " + DEALERS + "Tesla may cut again. Tesla declined to "
    "comment. Tesla shares fell. Tesla dealers were busy. " + DEALERS,
)


def test_one_mention_is_not_about_the_topic(tmp_path: Path) -> None:
    _, db = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", [WRAP, FOCUSED, BODY_ONLY])
    assert tagged(db, "Tesla") == {"focused", "body"}
    scores = dict(
        rows(
            db,
            "SELECT a.guid, t.score FROM article_topics t JOIN articles a ON a.id = t.article_id",
        )
    )
    assert scores["focused"] > scores["body"] >= 0.5


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("require: title", {"focused"}),
        ("require: title_or_lead", {"focused"}),
        ("require: lead", {"focused"}),
        ("min_mentions: 4", {"body"}),
        ("threshold: 0.1", {"wrap", "focused", "body"}),
        ("threshold: 0.9", set()),
        ("exclude: [price war]", {"focused"}),
        ("exclude: 'title:carmakers'", {"focused"}),
    ],
)
def test_each_rule_narrows_or_widens(tmp_path: Path, rules: str, expected: set[str]) -> None:
    topic = f"  - name: Tesla\n    terms: [tesla]\n    {rules}\n"
    _, db = setup(tmp_path, topic, [WRAP, FOCUSED, BODY_ONLY])
    assert tagged(db, "Tesla") == expected


def test_near_needs_a_partner_within_the_distance(tmp_path: Path) -> None:
    topic = "  - name: Xiaomi EV\n    near: [[xiaomi, [car, cars, sedan], 5]]\n"
    items = [
        article("car", "Xiaomi's new car is a sedan", "Xiaomi said its car sells. " + FILLER),
        article("phone", "Xiaomi launches a phone", "Xiaomi said the phone " + FILLER + " car"),
    ]
    _, db = setup(tmp_path, topic, items)
    assert tagged(db, "Xiaomi EV") == {"car"}


def test_prefix_star_and_phrases_keep_word_boundaries(tmp_path: Path) -> None:
    topic = (
        "  - name: Cybertruck\n    terms: [cybertruck*]\n  - name: Model Y\n    terms: [model y]\n"
    )
    items = [
        article("plural", "Tesla recalls 46,000 Cybertrucks", FILLER),
        article("year", "Ford details model year changes", FILLER),
        article("juniper", "Model Y Juniper arrives", FILLER),
    ]
    _, db = setup(tmp_path, topic, items)
    assert tagged(db, "Cybertruck") == {"plural"}
    assert tagged(db, "Model Y") == {"juniper"}


# -- multilingual aliases -----------------------------------------------------------------

ALIASES = """\
  - name: Xiaomi EV
    terms: [su7]
    aliases:
      zh: [小米汽车]
      de: [stromer]
"""


def test_chinese_alias_found_inside_a_run_without_a_star(tmp_path: Path) -> None:
    items = [
        article("zh", "小米汽车公布10月交付量", "小米汽车公布交付数据，工厂满负荷运转。", "zh-CN"),
        article("zh-apart", "小米发布新手机", "新款手机的汽车模式受到好评。", "zh"),
        article("su7", "小米SU7上市", "小米SU7正式上市。", "zh"),
    ]
    _, db = setup(tmp_path, ALIASES, items)
    assert tagged(db, "Xiaomi EV") == {"zh", "su7"}


def test_alias_applies_only_to_its_language(tmp_path: Path) -> None:
    items = [
        article("de", "Xiaomis Stromer kommt", "Der Stromer von Xiaomi. " + FILLER, "de"),
        article("en", "Stromer bikes recall", "Stromer recalls e-bikes. " + FILLER, "en"),
    ]
    _, db = setup(tmp_path, ALIASES, items)
    assert tagged(db, "Xiaomi EV") == {"de"}


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        (
            "  - name: X EV\n    near: [[xiaomi, car]]\n",
            "s.yaml:8: topics[0].near[0] (topic 'X EV'): expected [word, [words near it], distance]",
        ),
        (
            "  - name: X EV\n    terms: [x]\n    require: headline\n",
            "s.yaml:9: topics[0].require (topic 'X EV'): Input should be 'anywhere', 'title', 'lead'",
        ),
        (
            "  - name: X EV\n    query: x\n    min_mentions: 2\n",
            "s.yaml:9: topics[0].min_mentions (topic 'X EV'): topic 'X EV' has a query: "
            "min_mentions applies to terms only",
        ),
        (
            "  - name: X EV\n    terms: ['--']\n",
            "s.yaml:8: topics[0].terms (topic 'X EV'): expected a word or phrase with letters",
        ),
        ("  - name: X EV\n    terms: ['a*b']\n", "a star may only end a term"),
        (
            "  - name: X EV\n    terms: ['model \"y\"']\n",
            "double quotes go around a whole term to match it exactly",
        ),
        ("  - name: X EV\n    terms: ['\"batter*\"']\n", "a term in quotes cannot end with a star"),
        (
            "  - name: X EV\n    terms: [x]\n    aliases: {Chinese: [y]}\n",
            "expected a language code",
        ),
        ("  - name: X EV\n    terms: [x]\n    threshold: 2\n", "threshold (topic 'X EV')"),
        ("  - name: X EV\n", "topics[0].terms (topic 'X EV'): topic 'X EV' needs terms"),
        (
            "  - name: X EV\n    terms: [x]\n    nearby: []\n",
            "topics[0].nearby (topic 'X EV'): unknown key",
        ),
    ],
)
def test_validation_names_topic_and_key(topic: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(SOURCES.format(db="x.db") + topic, "s.yaml")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# -- scores rank search and digest ---------------------------------------------------------


def test_search_within_a_topic_ranks_by_score(tmp_path: Path) -> None:
    # in the text alone, BM25 prefers the five mentions of the article that is less about it
    items = [
        dict(FOCUSED, published="2026-11-20T08:00:00Z"),
        dict(BODY_ONLY, published="2026-11-21T08:00:00Z"),
    ]
    config, _ = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", items)
    result = run_cli(
        "search",
        "text:tesla",
        "--topic",
        "Tesla",
        "--no-collapse",
        "--json",
        "--config",
        str(config),
    )
    assert result.exit_code == 0, result.output
    assert [hit["title"] for hit in json.loads(result.output)] == [
        FOCUSED["title"],
        BODY_ONLY["title"],
    ]
    plain = run_cli("search", "text:tesla", "--no-collapse", "--json", "--config", str(config))
    assert json.loads(plain.output)[0]["title"] == BODY_ONLY["title"]


def test_digest_section_lists_stories_most_about_the_topic_first(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", [FOCUSED, BODY_ONLY])
    result = run_cli("digest", "--dry-run", "--since", "24h", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert result.output.index(FOCUSED["title"]) < result.output.index(BODY_ONLY["title"])


def test_score_column_is_in_the_link_table(tmp_path: Path) -> None:
    _, db = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", [FOCUSED])
    conn = sqlite3.connect(db)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(article_topics)")]
    assert columns == ["article_id", "topic", "score"]
    assert 0.5 <= conn.execute("SELECT score FROM article_topics").fetchone()[0] <= 1


# -- topics test / topics eval ------------------------------------------------------------


def test_topics_test_shows_why(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", [WRAP, FOCUSED])
    result = run_cli("topics", "test", "Tesla", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "Tesla: 1 of 2 candidate article(s) would be tagged (threshold 0.5)" in result.output
    assert "tagged 0.81  Tesla cuts prices again in China" in result.output
    assert "headline 1, lead 2, text 2 · found: tesla" in result.output
    assert "left out 0.15  Stocks close higher" in result.output
    assert "score 0.15 below the threshold 0.5" in result.output
    data = json.loads(run_cli("topics", "test", "Tesla", "--json", "--config", str(config)).output)
    assert (data["candidates"], data["tagged"]) == (2, 1)
    by_title = {a["title"]: a for a in data["articles"]}
    assert by_title[WRAP["title"]]["tagged"] is False
    assert by_title[FOCUSED["title"]]["title_mentions"] == 1


def test_topics_test_of_a_query_topic_shows_its_matches(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, "  - name: Bonds\n    query: 'title:bond'\n", [WRAP, FOCUSED])
    result = run_cli("topics", "test", "Bonds", "--json", "--config", str(config))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "title:bond" and [m["title"] for m in data["matches"]] == [
        WRAP["title"]
    ]


def test_topics_eval_reports_precision_and_recall(tmp_path: Path) -> None:
    config, _ = setup(tmp_path, "  - name: Tesla\n    terms: [tesla]\n", [FOCUSED])
    sample = tmp_path / "labels.jsonl"
    lines = [
        json.dumps({**FOCUSED, "topics": ["Tesla"]}),
        json.dumps({**BODY_ONLY, "topics": []}),
        json.dumps({**WRAP, "topics": ["Tesla"]}),
        "not json",
        json.dumps({"title": "no labels"}),
    ]
    sample.write_text("\n".join(lines) + "\n")
    result = run_cli("topics", "eval", str(sample), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "Tesla: precision 0.500, recall 0.500 (tagged 2, labelled 2, correct 1)" in result.stdout
    assert "tagged, not labelled: Carmakers brace for a price war" in result.stdout
    assert "labelled, missed: Stocks close higher" in result.stdout
    assert "labels.jsonl:4: (line): not valid JSON" in result.stderr
    assert "labels.jsonl:5: topics: required field is missing" in result.stderr
    data = json.loads(
        run_cli("topics", "eval", str(sample), "--json", "--config", str(config)).stdout
    )
    assert data["topics"][0]["precision"] == 0.5 and data["articles"] == 3


def test_topics_eval_finds_other_word_forms_as_the_archive_does(tmp_path: Path) -> None:
    """`topics eval` stores its sample with the search index's word forms, as the writer
    stores articles: a term or a near partner written in another form ("deliveries" for
    delivery, "cars" for car) is found there as in the archive."""
    topic = (
        "  - name: Deliveries\n    terms: [delivery]\n"
        "  - name: Xiaomi EV\n    near: [[xiaomi, [car], 5]]\n"
    )
    items = [
        article("deliveries", "Record deliveries in May", "The deliveries rose. " + FILLER),
        article("cars", "Xiaomi's new cars sell out", "Xiaomi said its cars sell. " + FILLER),
    ]
    config, db = setup(tmp_path, topic, items)
    assert tagged(db, "Deliveries") == {"deliveries"} and tagged(db, "Xiaomi EV") == {"cars"}
    sample = tmp_path / "labels.jsonl"
    labels = {"deliveries": ["Deliveries"], "cars": ["Xiaomi EV"]}
    sample.write_text("".join(json.dumps({**a, "topics": labels[a["id"]]}) + "\n" for a in items))
    result = run_cli("topics", "eval", str(sample), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "Deliveries: precision 1.000, recall 1.000" in result.stdout
    assert "Xiaomi EV: precision 1.000, recall 1.000" in result.stdout


# -- incremental retag --------------------------------------------------------------------

TWO_TOPICS = "  - name: Tesla\n    terms: [tesla]\n  - name: Prices\n    terms: [prices]\n"


def test_retag_redoes_only_the_changed_topic(tmp_path: Path) -> None:
    config, db = setup(tmp_path, TWO_TOPICS, [WRAP, FOCUSED, BODY_ONLY])
    conn = sqlite3.connect(db)
    # mark every stored tag: a retag that rewrites a topic's rows loses the mark
    with conn:
        conn.execute("UPDATE article_topics SET score = 0.777")
    result = run_cli("topics", "retag", "--config", str(config))
    assert "Tesla: unchanged" in result.output and "Prices: unchanged" in result.output
    config.write_text(config.read_text().replace("terms: [prices]", "terms: [prices, price]"))
    result = run_cli("topics", "retag", "--config", str(config))
    assert "Tesla: unchanged" in result.output and "Prices: 2 articles" in result.output
    marks = dict(
        conn.execute("SELECT topic, MIN(score = 0.777) FROM article_topics GROUP BY topic")
    )
    assert marks == {"Tesla": 1, "Prices": 0}
    # the next import sees the definition as applied: nothing to redo
    config.write_text(config.read_text().replace("terms: [tesla]", "terms: [tesla, musk]"))
    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    run_cli("import", str(empty), "--config", str(config))
    marks = dict(
        conn.execute("SELECT topic, MIN(score = 0.777) FROM article_topics GROUP BY topic")
    )
    assert marks == {"Tesla": 0, "Prices": 0}


def test_upgrade_keeps_tags_then_rescores_every_topic_once(tmp_path: Path) -> None:
    """m013 on an archive tagged by the old code: its tags read as score 1.0 until the
    topic is retagged, which the first import (or pass) does, since no hash is recorded."""
    path = tmp_path / "t.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m013_topic_relevance")
    old.execute(
        "INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'Wire', 1, '')"
    )
    for i, item in enumerate([WRAP, FOCUSED], start=1):
        old.execute(
            "INSERT INTO articles (id, url, canonical_url, guid, source_id, title, fetched_at, "
            "text, extraction_status) VALUES (?, ?, ?, ?, 1, ?, '2026-11-20', ?, 'ok')",
            [i, item["url"], item["url"], item["id"], item["title"], item["text"]],
        )
        old.execute("INSERT INTO article_topics (article_id, topic) VALUES (?, 'Tesla')", [i])
    old.conn.commit()
    old.close()
    store.open_db(path).close()
    assert [row[0] for row in rows(path, "SELECT score FROM article_topics")] == [1.0, 1.0]
    config = tmp_path / "sources.yaml"
    config.write_text(SOURCES.format(db=path) + "  - name: Tesla\n    terms: [tesla]\n")
    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    run_cli("import", str(empty), "--config", str(config))
    assert tagged(path, "Tesla") == {"focused"}
    assert rows(path, "SELECT score FROM article_topics")[0][0] == pytest.approx(0.8122, abs=1e-4)


# -- tagging many topics fast, with the same tags ------------------------------------------

SEVERAL = (
    "  - name: Tesla\n    terms: [tesla]\n"
    "  - name: Prices\n    terms: [prices, price war]\n"
    "  - name: Deals\n    terms: [prices]\n    require: title\n"
    "  - name: Showrooms\n    near: [[showroom*, [dealers], 3]]\n"
)


def test_one_pass_reads_each_article_once_and_tags_as_topic_by_topic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, path = setup(tmp_path, SEVERAL, [WRAP, FOCUSED, BODY_ONLY])
    chosen = topics.rules(load_config(config).topics)
    table = "SELECT article_id, topic, score FROM article_topics ORDER BY 1, 2"
    imported = [tuple(r) for r in rows(path, table)]  # tagged one article at a time
    db = store.open_db(path)
    one_by_one = {rule.name: store.retag_topic(db, rule) for rule in chosen}
    before = rows(path, table)
    assert [tuple(r) for r in before] == imported
    read: list[str] = []

    def counted(title: str, text: str, language: str | None) -> relevance.Folded:
        read.append(title)
        return relevance.folded(title, text, language)

    monkeypatch.setattr("aggregator.store.topics.folded", counted)
    assert store.retag_topics(db, chosen) == one_by_one
    db.close()
    after = rows(path, table)
    assert [tuple(r) for r in after] == [tuple(r) for r in before] and len(after) >= 4
    # every article is a candidate of Tesla and of another topic: each one read once
    assert sorted(read) == sorted({WRAP["title"], FOCUSED["title"], BODY_ONLY["title"]})
    # the writers' batch entry point files them the same way
    db = store.open_db(path)
    db.execute("DELETE FROM article_topics")
    store.tag_articles(db, [row[0] for row in db.execute("SELECT id FROM articles")], chosen)
    db.conn.commit()
    db.close()
    assert [tuple(r) for r in rows(path, table)] == imported


NEAR_TOPICS = """\
  - name: Showrooms
    near: [[showroom*, [dealers], 2]]
    threshold: 0.1
  - name: Prices
    terms: [price war]
    near: [[price, [dealers, discount], 3]]
    threshold: 0.1
  - name: Tariffs
    near: [[tariff*, [ev, evs, china], 2], [tariffs, [electric vehicle, 小米汽车], 1]]
    threshold: 0.1
  - name: AI
    terms: [su7]
    near: [[ai, [battery, swap*], 1], [ai, ["yes"], 1]]
    threshold: 0.1
  - name: Headline prices
    terms: [china]
    near: [[price, [dealers, electric], 1]]
    require: title
"""
NEAR_WORDS = [
    "price", "prices", "priced", "dealers", "dealer", "discount", "discounted", "showroom",
    "showrooms", "tariff", "tariffs", "tariff's", "ev", "evs", "ev's", "li-auto", "china",
    "electric", "vehicle", "electric-vehicle", "小米汽车", "小米", "ai", "ai's", "battery",
    "swap", "swaps", "yes", "su7", "the", "—", "a/b/c", "model's", "war",
]  # fmt: skip


def test_retag_scores_near_words_only_beside_a_partner_and_tags_as_reading_all(
    tmp_path: Path,
) -> None:
    """A retag asks the search index only for articles naming a term, or a near word and
    one of its partners (a near word alone is never a mention), and tags exactly what
    reading every article tags (an import tags one article at a time, reading each):
    random headlines and texts of near words and partners in their forms, glued by
    possessives and hyphens (one word, two tokens: no FTS5 NEAR distance is safe), in the
    headline or the text, CJK partners, a topic that requires the headline."""
    generator = random.Random(17)
    items = [
        article(
            f"n{n}",
            " ".join(generator.choices(NEAR_WORDS, k=generator.randint(1, 5))),
            " ".join(generator.choices(NEAR_WORDS, k=generator.randint(0, 25))),
            language=generator.choice(["en", "en", "zh"]),
        )
        for n in range(160)
    ]
    config, path = setup(tmp_path, NEAR_TOPICS, items)
    chosen = topics.rules(load_config(config).topics)
    table = "SELECT article_id, topic, score FROM article_topics ORDER BY 1, 2"
    imported = [tuple(r) for r in rows(path, table)]
    db = store.open_db(path)
    store.retag_topics(db, chosen)
    languages = store_topics._archive_languages(db)
    scored = sum(len(store_topics._candidate_ids(db, rule, languages)) for rule in chosen)
    named = sum(len(_named(db, rule)) for rule in chosen)
    db.close()
    assert [tuple(r) for r in rows(path, table)] == imported and len(imported) > 60
    assert scored < named * 0.8


def _named(db: sqlite_utils.Database, rule: topics.TopicRule) -> list[int]:
    """The articles naming one of a topic's words (what `topics test` lists)."""
    query = topics.fts_query(topics.candidate_query(rule, store_topics._archive_languages(db)))
    return [
        r[0]
        for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [query])
    ]


BOUND_WORDS = [
    "tesla", "tesla's", "teslas", "model", "y", "model's", "dealers", "showroom", "showrooms",
    "the", "prices", "price", "war", "—", "小米汽车", "小米", "su7", "xtesla", "elon", "musk",
    "li", "auto", "li-auto", "lidar", "yes", "ai", "battery", "swap", "swaps", "o'neill", "neill",
    "tariff", "tariffs", "ev", "evs", "electric", "vehicle", "electric-vehicle", "china",
]  # fmt: skip
BOUND_FOCUSES = [
    relevance.Focus(terms=("tesla", "model y"), threshold=0.3),
    relevance.Focus(terms=("tesla",), min_mentions=3, threshold=0.0),
    relevance.Focus(terms=("price war", "prices"), require="lead", threshold=0.4),
    relevance.Focus(terms=("elon musk", "tesla"), require="title_or_lead"),
    relevance.Focus(terms=("su7", "小米汽车"), aliases=(("zh", ("小米",)),)),
    relevance.Focus(
        terms=("model*",), near=(relevance.Near("showroom*", ("dealers",), 2),), threshold=0.2
    ),
    # phrases only: the bound is capped by their later words' counts, also in the lead
    relevance.Focus(terms=("price war", "elon musk"), min_mentions=2, threshold=0.0),
    relevance.Focus(terms=("price war", "prices war"), require="lead", threshold=0.0),
    relevance.Focus(
        terms=("price war",), near=(relevance.Near("price", ("dealers",), 3),), min_mentions=2
    ),
    # words that stand whole (li, y, ai) scanned for as such, first or later in a phrase
    relevance.Focus(terms=("model y", "li auto", "ai"), min_mentions=2, threshold=0.0),
    relevance.Focus(terms=("battery swap*", "o'neill"), min_mentions=2, threshold=0.0),
    # near words bounded by their partners' places: one-word partners, phrases, CJK, a
    # word that stands whole, several rules of one word, a word that starts a term too
    relevance.Focus(
        terms=(), near=(relevance.Near("tariff*", ("ev", "evs", "china"), 2),), min_mentions=2
    ),
    relevance.Focus(
        terms=(),
        near=(relevance.Near("tariffs", ("electric vehicle", "小米汽车", "evs"), 1),),
        require="lead",
        threshold=0.0,
    ),
    relevance.Focus(
        terms=("su7",),
        near=(relevance.Near("ai", ("battery", "swap*"), 1), relevance.Near("ai", ("yes",), 0)),
        min_mentions=2,
        threshold=0.0,
    ),
    relevance.Focus(
        terms=("price war", "china"),
        near=(relevance.Near("price", ("dealers", "electric"), 1),),
        require="title",
        min_mentions=3,
    ),
]


def test_upper_bound_never_drops_an_article_about_the_topic() -> None:
    """`may_be_about` lets tagging skip full readings: it must pass every article the full
    reading tags (random headlines and texts over words that probe merges, apostrophes,
    prefixes, near and CJK), and still fail some that are not about the topic."""
    generator = random.Random(13)
    skipped = 0
    for _ in range(3000):
        title = " ".join(generator.choices(BOUND_WORDS, k=generator.randint(0, 6)))
        text = " ".join(generator.choices(BOUND_WORDS, k=generator.randint(0, 90)))
        language = generator.choice(["en", "zh", None])
        article_ = relevance.folded(title, text, language)
        for focus in BOUND_FOCUSES:
            about = relevance.evidence(focus, article_).verdict(focus) is None
            possible = relevance.may_be_about(focus, article_)
            assert possible or not about, (focus, title, text)
            skipped += not possible
    assert skipped > 1000


def test_tagging_scores_every_topic_from_one_reading_as_its_evidence_does() -> None:
    """Tagging reads an article once for all its topics and scores each from that reading
    (`tag_score`: the bound, then the counts of its mentions, near words checked against
    their partners' places in one pass); every score must be the one the topic's own
    evidence gives (random headlines and texts probing merges, apostrophes, prefixes, near
    in both parts and CJK), and some articles must be tagged."""
    generator = random.Random(31)
    read = relevance.Scanner(tuple(BOUND_FOCUSES))
    tagged = 0
    for _ in range(600):
        title = " ".join(generator.choices(BOUND_WORDS, k=generator.randint(0, 6)))
        text = " ".join(generator.choices(BOUND_WORDS, k=generator.randint(0, 90)))
        article_ = relevance.folded(title, text, generator.choice(["en", "zh", None]))
        reading = read.read(article_)
        for focus in BOUND_FOCUSES:
            evidence = relevance.evidence(focus, article_)
            expected = evidence.score if evidence.verdict(focus) is None else None
            assert relevance.tag_score(focus, article_, reading) == expected, (focus, title, text)
            tagged += expected is not None
    assert tagged > 400


@pytest.mark.parametrize(
    ("title", "text", "possible"),
    [
        ("", "Price cuts: the price, the price and the price war.", False),
        ("", "Price war: the price war goes on.", True),
        ("Price, price, price", "A war.", False),
        ("Price war", "The price war goes on.", True),
    ],
)
def test_upper_bound_counts_a_phrase_no_more_often_than_its_later_words(
    title: str, text: str, possible: bool
) -> None:
    """A phrase's mentions are bounded by its rarest later word's, not only by its first
    word's: four "price" and one "war" cannot hold two "price war"s, and the full reading
    is skipped."""
    focus = relevance.Focus(terms=("price war",), min_mentions=2, threshold=0.0)
    article_ = relevance.folded(title, text, "en")
    assert relevance.may_be_about(focus, article_) is possible
    about = relevance.evidence(focus, article_).verdict(focus) is None
    assert about is possible


@pytest.mark.parametrize(
    ("text", "possible"),
    [
        ("The Model 3, the Model S and a model year.", False),
        ("The Model Y and the Model Y Juniper.", True),
        ("Yes: the model, the model, the model y.", False),
    ],
)
def test_upper_bound_counts_a_phrase_no_more_often_than_its_short_later_words(
    text: str, possible: bool
) -> None:
    """A later word shorter than three letters that stands whole ("y" of Model Y) caps the
    bound too: three "model" and no "y" cannot hold two "model y"s, nor can one "y"."""
    focus = relevance.Focus(terms=("model y",), min_mentions=2, threshold=0.0)
    article_ = relevance.folded("", text, "en")
    assert relevance.may_be_about(focus, article_) is possible
    assert (relevance.evidence(focus, article_).verdict(focus) is None) is possible


@pytest.mark.parametrize(
    ("title", "text", "possible"),
    [
        ("", "Tariffs, tariffs and tariffs: " + "words " * 12 + "on EVs.", False),
        ("", "Tariffs on EVs, tariffs and tariffs.", True),
        ("Tariffs and more", "The EV and more.", False),
        ("Tariffs on EVs", "Tariffs on the " + "EV " * 4, True),
        ("", "Tariffs, tariffs: " + "words " * 12 + "on electric vehicles.", False),
        ("", "Electric - - - vehicle tariffs: the tariffs, tariffs.", True),
    ],
)
def test_upper_bound_counts_a_near_word_only_where_a_partner_stands_close(
    title: str, text: str, possible: bool
) -> None:
    """A near word is counted in the bound only where the first word of a partner starts
    close enough, in the same part (headline or text): three "tariffs" with one "EVs" far
    after them, or none in their part, cannot make two near mentions, and the full
    reading is skipped. A partner that is a phrase may run on up to the word."""
    near = relevance.Near("tariff*", ("ev", "evs", "electric vehicle"), 3)
    focus = relevance.Focus(terms=(), near=(near,), min_mentions=2, threshold=0.0)
    article_ = relevance.folded(title, text, "en")
    assert relevance.may_be_about(focus, article_) is possible
    assert (relevance.evidence(focus, article_).verdict(focus) is None) is possible


def test_upper_bound_of_near_words_starting_alike_reads_the_phrase_to_its_end() -> None:
    """Two near words starting alike, one of them a phrase ("tariffs" and "tariffs war"):
    the phrase ends past the word its first word is, and a partner right after it is
    near; the bound must not measure from the first word's end."""
    near = (relevance.Near("tariffs", ("evs",), 1), relevance.Near("tariffs war", ("ev",), 1))
    focus = relevance.Focus(terms=(), near=near, threshold=0.0)
    article_ = relevance.folded("", "The tariffs war hits EV makers.", "en")
    assert relevance.evidence(focus, article_).verdict(focus) is None
    assert relevance.may_be_about(focus, article_)


@pytest.mark.parametrize(
    "text",
    [
        "Tesla’s “Model Y” — 2026",
        "Škoda Énergie",
        "ＴＥＳＬＡ ﬁnal",
        "小米汽车 SU7",
        "삼성전자가",
        "e\u0301",
    ],
)
def test_fold_shortcut_gives_the_full_fold(text: str) -> None:
    lowered = text.lower()
    full = unicodedata.normalize(
        "NFKC", re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", lowered))
    )
    assert relevance.fold(text) == full


def _full_fold(text: str) -> str:
    lowered = text.lower()
    return unicodedata.normalize(
        "NFKC", re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", lowered))
    )


def test_fold_character_by_character_gives_the_full_fold() -> None:
    """Text of ASCII, accented Latin letters, punctuation and Han characters is folded
    character by character: every pair of them folds as both normalisations fold it (a
    character that combines with its neighbour, as half-width kana with their voicing
    mark, would not), and so does text mixing them with others."""
    alone = [*relevance._FOLDS, *map(chr, range(32, 127)), "\u4e00", "\u9fff", "比", "米"]
    wrong = [a + b for a in alone for b in alone if relevance.fold(a + b) != _full_fold(a + b)]
    assert wrong == []
    for text in ["Müller’s Škoda — ½ price, 比亚迪", "ｶﾞ Ｔｅｓｌａ", "e\u0301 café", "İstanbul ǅ"]:
        assert relevance.fold(text) == _full_fold(text)


# -- word forms ----------------------------------------------------------------------------

FORMS = [
    article(
        "plural",
        "Deliveries of electric trucks doubled in October",
        "Truck makers delivered more than ever, and price wars spread. " + FILLER * 2,
    ),
    article(
        "german",
        "Auslieferungen von Elektroautos steigen deutlich",
        "Die Hersteller melden mehr Auslieferungen als im Vorjahr. " * 3,
        language="de",
    ),
    article("other", "A delivery robot crossed the street", "It was slow. " + FILLER),
]


def test_terms_match_word_forms_and_quoted_terms_stay_exact(tmp_path: Path) -> None:
    topics_yaml = (
        "  - name: Forms\n    terms: [delivery, price war]\n    require: title\n"
        "  - name: Exact\n    terms: ['\"delivery\"']\n    require: title\n"
        "  - name: German\n    terms: [Auslieferung]\n    require: title\n"
        "  - name: Wars\n    terms: [price war]\n    threshold: 0.1\n"
    )
    _, db = setup(tmp_path, topics_yaml, FORMS)
    assert tagged(db, "Forms") == {"plural", "other"}
    assert tagged(db, "Exact") == {"other"}
    assert tagged(db, "German") == {"german"}
    assert tagged(db, "Wars") == {"plural"}
    # `topics test` shows the forms it found
    config = tmp_path / "sources.yaml"
    shown = run_cli("topics", "test", "Forms", "--config", str(config)).output
    assert "deliveries" in shown.lower()


# -- one scan for every topic: exactly what searching each term through the text finds -----

SCAN_WORDS = [
    "tesla", "tesla's", "tesla’s", "xtesla", "teslas", "“tesla”", "model", "y", "model-y",
    "model’s", "s", "price", "prices", "war", "wars", "priced", "battery", "batteries",
    "batteryx", "cyber", "cybertruck", "cybertrucks", "小米汽车", "小米su7", "su7", "su72",
    "—", "(", ")", ",", "é", "ø", "naïve", "o'neill", "neill", "li", "auto", "li-auto",
]  # fmt: skip
SCAN_TERMS = (
    "tesla", "model y", "model s", "prices", "price war", "battery", "cyber*", "su7",
    "小米汽车", "小米", "o'neill", "li auto", '"price war"', "model",
)  # fmt: skip


def _searched_through(term: str, language: str | None, text: str) -> list[tuple]:
    """The reference: the term's expression searched through the whole text, every match
    kept that starts and ends at word edges (the reading before the scan)."""
    compiled = relevance._compiled(term, language)
    letter = re.compile(relevance._LETTER)
    found, position = [], 0
    while match := compiled.pattern.search(text, position):
        start, end = match.span()
        position = start + 1
        if start and letter.match(text, start - 1) and letter.match(text, start):
            continue
        if compiled.prefix:
            end = re.compile(f"{relevance._LETTER}*").match(text, end).end()
        elif letter.match(text, end) and letter.match(text, end - 1):
            continue
        if compiled.forms and not all(
            relevance._form_of(match.group(g), w, s) for g, w, s in compiled.forms
        ):
            continue
        found.append((start, end, text[start:end]))
    return found


def test_one_scan_finds_what_searching_each_term_finds() -> None:
    """A reading for many topics finds each term exactly where searching the term through
    the headline, the text or both finds it: word edges next to punctuation, apostrophes,
    accents and CJK, stars, word forms, and a phrase that runs from the headline on into
    the text (found in both, not in the headline alone)."""
    focus = relevance.Focus(terms=SCAN_TERMS)
    read = relevance.Scanner((focus, relevance.Focus(terms=("tesla",))))
    generator = random.Random(26)
    cases = [("tesla model", "y is here"), ("the model", "y"), ("小米", "汽车")]
    for _ in range(400):
        title = " ".join(generator.choices(SCAN_WORDS, k=generator.randint(0, 5)))
        glue = generator.choice([" ", "", "\n"])
        text = glue.join(generator.choices(SCAN_WORDS, k=generator.randint(0, 40)))
        cases.append((title, text))
    for title, text in cases:
        article = relevance.folded(title, text, generator.choice(["en", None]))
        reading = read.read(article)
        both = f"{article.title}\n{article.text}"
        shift = len(article.title) + 1
        for term in SCAN_TERMS:
            language = reading.language
            assert reading.spans(term, relevance.BOTH) == _searched_through(term, language, both)
            assert reading.spans(term, relevance.TITLE) == _searched_through(
                term, language, article.title
            ), (term, title, text)
            in_text = [(s - shift, e - shift, w) for s, e, w in reading.spans(term, "text")]
            assert in_text == _searched_through(term, language, article.text), (term, text)
    spans = relevance.Scanner((focus,)).read(relevance.folded("Tesla model", "Y", "en"))
    assert spans.spans("model y", relevance.BOTH) and not spans.spans("model y", relevance.TITLE)


def test_scan_finds_a_whole_first_word_only_where_it_stands_whole() -> None:
    """A first word that can only stand whole ("li" of Li Auto, "ai" alone) is not
    reported where a word merely starts so (lidar, list, aid): no count in the bound, no
    expression run there. A later word ("auto") is still a prefix: its forms count."""
    read = relevance.Scanner((relevance.Focus(terms=("li auto", "ai")),))
    article = relevance.folded("Lidar list", "Aid for AI, and Li Auto's li-auto.", "en")
    reading = read.read(article)
    found = {first.strip(): len(starts) for first, starts in reading.starts.items()}
    assert found == {"li": 2, "ai": 1, "auto": 2}
    assert [span[2] for span in reading.spans("li auto", relevance.BOTH)] == ["li auto", "li-auto"]
    assert [span[2] for span in reading.spans("ai", relevance.BOTH)] == ["ai"]


def test_a_phrase_is_matched_only_where_its_second_word_may_follow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The expression of a phrase runs only after a first word that the second word
    follows, or that more than one character parts from the next word: not after every
    "xiaomi" of an article about Xiaomi phones."""
    tried: list[list[int]] = []
    matches = relevance._matches

    def counted(term, text, starts):
        tried.append(list(starts))
        return matches(term, text, starts)

    monkeypatch.setattr(relevance, "_matches", counted)
    read = relevance.Scanner((relevance.Focus(terms=("xiaomi su7",)),))
    text = "Xiaomi phones, Xiaomi TVs, Xiaomi — SU7 and the Xiaomi SU7."
    reading = read.read(relevance.folded("", text, "en"))
    spans = reading.spans("xiaomi su7", relevance.TEXT)
    assert [span[2] for span in spans] == ["xiaomi — su7", "xiaomi su7"]
    assert [len(starts) for starts in tried] == [2]


def _tags(db: sqlite_utils.Database) -> list[tuple]:
    return [
        tuple(r)
        for r in db.execute("SELECT article_id, topic, score FROM article_topics ORDER BY 1, 2")
    ]


def _retagged_in_one_process(tmp_path: Path) -> tuple[sqlite_utils.Database, list, list[tuple]]:
    """An archive of several articles and three topics, retagged in this process (below
    PARALLEL_FROM): the database, the topics and the tags one process stores."""
    config, path = setup(tmp_path, SEVERAL, [WRAP, FOCUSED, BODY_ONLY])
    chosen = topics.rules(load_config(config).topics)
    db = store.open_db(path)
    store.retag_topics(db, chosen)
    return db, chosen, _tags(db)


def test_large_retag_scores_in_worker_processes_with_the_same_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From PARALLEL_FROM candidates a retag scores in worker processes, chunk by chunk,
    and stores the very tags and scores one process stores."""
    db, chosen, alone = _retagged_in_one_process(tmp_path)
    scored_here: list[int] = []
    score = store_topics._score

    def counted(*args):
        scored_here.append(1)
        return score(*args)

    monkeypatch.setattr(store_topics, "_score", counted)
    monkeypatch.setattr(store_topics, "PARALLEL_FROM", 1)
    monkeypatch.setattr(store_topics, "SCORED_CHUNK", 1)
    store.retag_topics(db, chosen)
    assert _tags(db) == alone and len(alone) >= 4
    assert scored_here == []  # every chunk was scored in a worker
    db.close()


def _pool_noting(events: list[str]) -> type:
    """A process pool that notes "scoring" in `events` each time a chunk is handed to it."""

    class Pool(store_topics.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            events.append("scoring")
            return super().submit(*args, **kwargs)

    return Pool


def test_retag_deletes_the_old_tags_while_the_workers_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old tags of a retag's topics are deleted once the workers have their chunks,
    in the time they score them, not before they start; the new tags replace them."""
    db, chosen, alone = _retagged_in_one_process(tmp_path)
    events: list[str] = []

    monkeypatch.setattr(store_topics, "ProcessPoolExecutor", _pool_noting(events))
    monkeypatch.setattr(store_topics, "PARALLEL_FROM", 1)
    db.conn.set_trace_callback(
        lambda sql: (
            events.append("delete") if sql.startswith("DELETE FROM article_topics") else None
        )
    )
    store.retag_topics(db, chosen)
    db.conn.set_trace_callback(None)
    assert _tags(db) == alone and len(alone) >= 4
    assert events[0] == "scoring" and "delete" in events
    db.close()


@pytest.mark.parametrize("parallel", [False, True])
def test_retag_scores_the_first_part_of_the_archive_while_asking_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A retag asks the search index for candidates one part of the archive at a time and
    hands each part's chunks to the workers at once: they score the first part while the
    index is asked about the next. The tags are those of one pass over the whole archive."""
    db, chosen, alone = _retagged_in_one_process(tmp_path)
    events: list[str] = []

    candidates = store_topics._candidate_ids

    def searched(*args):
        events.append("search")
        return candidates(*args)

    monkeypatch.setattr(store_topics, "ProcessPoolExecutor", _pool_noting(events))
    monkeypatch.setattr(store_topics, "_candidate_ids", searched)
    monkeypatch.setattr(store_topics, "PARALLEL_FROM", 1 if parallel else 10**9)
    monkeypatch.setattr(store_topics, "CANDIDATE_PARTS", 3)
    monkeypatch.setattr(store_topics, "PART_ARTICLES", 1)
    store.retag_topics(db, chosen)
    assert _tags(db) == alone and len(alone) >= 4
    assert events.count("search") == 3 * len(chosen)
    if parallel:
        assert events.index("scoring") < len(events) - 1 - events[::-1].index("search")
    else:
        assert "scoring" not in events
    db.close()


def _schema(db: sqlite_utils.Database) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 2")]


@pytest.mark.parametrize("parallel", [False, True])
def test_retag_of_most_tags_builds_the_tag_indexes_after_loading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A retag replacing most of the tags drops the tag table's indexes by article and by
    score before deleting the old tags and creates them again after the new ones are in
    (cheaper than updating them row by row), in the same transaction: the schema ends as
    it was, with the same tags. Retagging one topic of several keeps the indexes."""
    db, chosen, alone = _retagged_in_one_process(tmp_path)
    if parallel:
        monkeypatch.setattr(store_topics, "PARALLEL_FROM", 1)
    schema = _schema(db)
    events: list[str] = []

    def traced(sql: str) -> None:
        if sql.startswith(("DROP INDEX", "CREATE INDEX", "INSERT INTO article_topics")):
            events.append(sql.split(" (")[0].split(" ON ")[0])

    db.conn.set_trace_callback(traced)
    store.retag_topics(db, chosen)
    assert _tags(db) == alone and len(alone) >= 4 and _schema(db) == schema
    indexes = ['"article_topics_article"', '"article_topics_score"']
    assert events[:2] == [f"DROP INDEX {name}" for name in indexes]
    assert events[-2:] == [
        "CREATE INDEX article_topics_article",
        "CREATE INDEX article_topics_score",
    ]
    assert "INSERT INTO article_topics" in events[2:-2]
    events.clear()
    store.retag_topics(db, chosen[:1])  # a third of the tags or less: indexes kept
    db.conn.set_trace_callback(None)
    assert _tags(db) == alone and _schema(db) == schema
    assert events and not any(event.startswith(("DROP", "CREATE")) for event in events)
    db.close()


def test_tag_table_is_keyed_by_topic_and_keeps_tags_and_views(tmp_path: Path) -> None:
    """m026: tags move to a table WITHOUT ROWID keyed (topic, article_id), with an index by
    article and one by score and no foreign key to check per row; their scores stay, and
    the views reading them still work."""
    path = tmp_path / "t.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m026_lean_topic_tags")
    old.execute(
        "INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'Wire', 1, '')"
    )
    for i in (1, 2):
        old.execute(
            "INSERT INTO articles (id, url, canonical_url, source_id, title, fetched_at, "
            "extraction_status) VALUES (?, ?, ?, 1, 'T', '2026-11-20', 'ok')",
            [i, f"https://x/{i}", f"https://x/{i}"],
        )
    old.conn.executemany(
        "INSERT INTO article_topics (article_id, topic, score) VALUES (?, ?, ?)",
        [(1, "Tesla", 0.8), (2, "Tesla", 0.6), (2, "BYD", 0.9)],
    )
    old.conn.commit()
    old.close()
    store.open_db(path).close()
    conn = sqlite3.connect(path)
    table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'article_topics'")
    assert "WITHOUT ROWID" in table.fetchone()[0]
    key = conn.execute("SELECT name FROM pragma_index_info('sqlite_autoindex_article_topics_1')")
    assert [row[0] for row in key] == ["topic", "article_id"]
    indexes = {row[1] for row in conn.execute("PRAGMA index_list(article_topics)")}
    assert {"article_topics_article", "article_topics_score"} <= indexes
    assert conn.execute("PRAGMA foreign_key_list(article_topics)").fetchall() == []
    assert conn.execute("SELECT * FROM article_topics ORDER BY 2, 1").fetchall() == [
        (2, "BYD", 0.9),
        (1, "Tesla", 0.8),
        (2, "Tesla", 0.6),
    ]
    view = conn.execute("SELECT id, topics FROM article_index ORDER BY id").fetchall()
    assert [(i, sorted(json.loads(t))) for i, t in view] == [(1, ["Tesla"]), (2, ["BYD", "Tesla"])]
    conn.close()
