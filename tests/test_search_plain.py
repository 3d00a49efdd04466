"""Plain-word search: every word counts, the most words first, and word forms match (a
Snowball stem per article language in shadow columns); FTS5 syntax keeps its exact meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from aggregator import stems, store
from aggregator.datasette_plugin import prepare_connection
from aggregator.search import FIRST_WINDOW, SearchRequest, search
from aggregator.serve import SEARCH_ROWS, SEARCH_SQL
from aggregator.store.schema import migrations
from tests.conftest import calls_to, run_cli, write_config

ARTICLES = [
    dict(
        id="all-words",
        lang="en",
        title="Xiaomi recalls SU7 cars over assisted driving flaw",
        text="Xiaomi is recalling 116,887 SU7 sedans because its assisted driving system may "
        "not warn drivers in time, China's market regulator said.",
    ),
    dict(
        id="most-words",
        lang="en",
        title="Xiaomi SU7 crash puts assisted driving under scrutiny",
        text="A fatal crash of a Xiaomi SU7 on a highway raised questions about its assisted "
        "driving features; the company said it is cooperating with police.",
    ),
    dict(
        id="one-word",
        lang="en",
        title="Xiaomi phone shipments grow",
        text="Xiaomi shipped more smartphones in the quarter, according to Canalys figures.",
    ),
    dict(
        id="deliveries",
        lang="en",
        title="BYD deliveries rise in October",
        text="BYD said its deliveries rose by a fifth as exports to Europe grew.",
    ),
    dict(
        id="german",
        lang="de",
        title="Tesla meldet mehr Auslieferungen in China",
        text="Tesla hat im Oktober deutlich mehr Fahrzeuge in China ausgeliefert als im Vormonat, "
        "die Auslieferungen stiegen um ein Viertel.",
    ),
]


def _lines(articles: list[dict] = ARTICLES) -> str:
    return "".join(
        json.dumps(
            {
                "url": f"https://news.example/{a['id']}",
                "title": a["title"],
                "text": a["text"],
                "language": a["lang"],
                "published": f"2026-11-0{i + 1}T08:00:00Z",
                "source": f"Outlet {i}",
                "id": a["id"],
            }
        )
        + "\n"
        for i, a in enumerate(articles)
    )


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    config = write_config(tmp_path / "sources.yaml", {"Outlet 0": ["http://127.0.0.1:9/"]})
    data = tmp_path / "a.jsonl"
    data.write_text(_lines())
    result = run_cli("import", str(data), "--config", str(config))
    assert result.exit_code == 0, result.output
    return config, tmp_path / "test.db"


def found(archive: tuple[Path, Path], *query: str) -> list[str]:
    config, _ = archive
    result = run_cli("search", *query, "--no-collapse", "--json", "--config", str(config))
    assert result.exit_code == 0, result.output
    return [hit["url"].rsplit("/", 1)[1] for hit in json.loads(result.output)]


def test_plain_words_rank_all_words_first_then_most(archive) -> None:
    ranked = found(archive, "Xiaomi recall SU7 assisted driving")
    assert ranked[:3] == ["all-words", "most-words", "one-word"]
    # one word that no article has does not empty the result
    assert found(archive, "xiaomi recall zeppelin")[:1] == ["all-words"]


def test_word_forms_match_in_each_language(archive) -> None:
    assert found(archive, "delivery") == ["deliveries"]
    assert found(archive, "Auslieferung") == ["german"]
    assert found(archive, "recall")[:1] == ["all-words"]  # "recalls", "recalling"


def test_fts5_syntax_keeps_its_exact_meaning(archive) -> None:
    assert found(archive, '"delivery"') == []  # quoted: exactly this word
    assert found(archive, "title:delivery") == []
    assert found(archive, "xiaomi NOT driving") == ["one-word"]
    assert found(archive, "xiaomi AND recall") == []  # operators: every word, as written
    assert found(archive, "NEAR(assisted scrutiny, 3)") == ["most-words"]


def test_migration_adds_word_forms_to_stored_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m015_stemmed_search")
    old.execute("INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'S', 1, '')")
    old.execute(
        "INSERT INTO articles (id, url, canonical_url, source_id, title, fetched_at, text, "
        "language, extraction_status) VALUES (1, 'u', 'u', 1, ?, '2026-12-01', ?, 'en', 'ok')",
        ["BYD deliveries rise", "Deliveries rose."],
    )
    old.conn.commit()
    old.close()
    db = store.open_db(path)
    row = db.execute("SELECT title_stem FROM articles WHERE id = 1").fetchone()
    assert row[0] == "enǂbyd enǂdeliveri enǂrise"
    hits = db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '{title_stem}: \"enǂdeliveri\"'"
    ).fetchall()
    assert hits == [(1,)]
    db.close()


def _stories(db: Path) -> dict[str, int]:
    database = sqlite_utils.Database(db)
    rows = database.execute("SELECT url, story_id FROM articles").fetchall()
    database.close()
    return {url.rsplit("/", 1)[1]: story for url, story in rows}


def _arrange(db: Path, together: tuple[str, str], apart: list[str]) -> None:
    """Whatever import decided: `together` in one story, each of `apart` alone, through
    the analyst's own corrections."""
    stories = _stories(db)
    if stories[together[0]] != stories[together[1]]:
        args = [str(stories[together[0]]), str(stories[together[1]])]
        assert run_cli("stories", "merge", *args, "--db", str(db)).exit_code == 0
    for name in apart:
        stories = _stories(db)
        if list(stories.values()).count(stories[name]) > 1:
            url = f"https://news.example/{name}"
            assert run_cli("stories", "split", url, "--db", str(db)).exit_code == 0
    stories = _stories(db)
    assert stories[together[0]] == stories[together[1]]
    assert len({stories[name] for name in [together[0], *apart]}) == len(apart) + 1


def test_articles_of_one_story_are_listed_together(tmp_path: Path) -> None:
    """A German report of the recall shares only names with an English query; without
    grouping it ranked below the other event's article that shares more of the words."""
    config = write_config(tmp_path / "sources.yaml", {"Outlet 0": ["http://127.0.0.1:9/"]})
    german = dict(
        id="german-recall",
        lang="de",
        title="Xiaomi ruft SU7 zurück",
        text="Xiaomi holt 116.887 Limousinen vom Typ SU7 in die Werkstätten, wegen einer "
        "Schwäche des Fahrassistenten, teilte die Marktaufsicht mit.",
    )
    data = tmp_path / "a.jsonl"
    data.write_text(
        _lines()
        + json.dumps(
            {
                **german,
                "language": "de",
                "source": "Outlet 9",
                "url": "https://news.example/german-recall",
                "published": "2026-11-09T08:00:00Z",
            }
        )
        + "\n"
    )
    assert run_cli("import", str(data), "--config", str(config)).exit_code == 0
    db = tmp_path / "test.db"
    _arrange(db, ("all-words", "german-recall"), ["most-words", "one-word"])
    query = "Xiaomi recall SU7 assisted driving"
    ranked = found((config, db), query)
    assert ranked[:4] == ["all-words", "german-recall", "most-words", "one-word"]
    collapsed = run_cli("search", query, "--json", "--config", str(config))
    rows = json.loads(collapsed.output)
    assert [row["url"].rsplit("/", 1)[1] for row in rows][:3] == [
        "all-words",
        "most-words",
        "one-word",
    ]
    second_page = found((config, db), query, "--limit", "2", "--offset", "1")
    assert second_page == ranked[1:3]


TYPED = [
    dict(
        id="model-s",
        lang="en",
        title="Tesla Model S gets a new interior",
        text="The Model S sedan now has ventilated seats.",
    ),
    dict(
        id="possessive",
        lang="en",
        title="Ford cuts its forecast",
        text="The new model's forecasts were too high, the carmaker said of its sedan.",
    ),
    dict(id="chinese", lang="zh", title="特斯拉Model S降价", text="特斯拉下调Model S售价。"),
    dict(
        id="covid",
        lang="en",
        title="Covid-19 closes a battery plant",
        text="The plant in Ningde stopped for a week after a COVID-19 outbreak.",
    ),
    dict(
        id="covid-apart",
        lang="en",
        title="Plant reopens",
        text="Nineteen covid cases were reported, 19 workers stayed home.",
    ),
]


@pytest.fixture
def typed(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "typed").mkdir()
    config = write_config(tmp_path / "typed" / "sources.yaml", {"Outlet": ["http://127.0.0.1:9/"]})
    data = tmp_path / "typed.jsonl"
    data.write_text(_lines(TYPED))
    assert run_cli("import", str(data), "--config", str(config)).exit_code == 0
    return config, tmp_path / "typed" / "test.db"


def test_a_phrase_is_not_found_across_an_apostrophe(typed) -> None:
    """The index reads "model's" as model + s: the phrase "model s" matched it."""
    model_s = {"model-s", "chinese"}  # a Chinese character is no letter of a Latin word
    assert set(found(typed, '"model s"')) == model_s
    assert set(found(typed, 'title:"model s" OR forecasts')) == {*model_s, "possessive"}
    assert set(found(typed, "Model S")) == model_s  # a lone letter belongs to its word


def test_typed_punctuation_is_read_as_people_mean_it(typed, archive) -> None:
    assert found(typed, "covid-19") == ["covid"]  # the phrase, not "covid" and "19" apart
    assert found(typed, "COVID-19 plant")[:1] == ["covid"]
    assert found(archive, "Tesla's") == ["german"]  # the possessive is its owner
    assert found(archive, "Tesla’s, Auslieferungen") == ["german"]
    result = run_cli("search", "-", "--config", str(archive[0]))
    assert result.exit_code == 2 and "no word to search for" in result.output


def test_among_as_many_words_those_in_the_headline_come_first(tmp_path: Path) -> None:
    """Both reports have the three words; the recall mentions "first" and "delivery" in
    passing, more often. "first" is in most articles, so BM25 gives it no weight at all."""
    reports = [
        dict(
            id="handover",
            lang="en",
            title="Tesla hands over the first Cybertruck",
            text="Ten buyers took their trucks at an evening event at the Austin factory, "
            "where Elon Musk drove onto the stage; the delivery took an hour. The base "
            "version will cost $60,990, more than Tesla promised four years ago.",
        ),
        dict(
            id="recall",
            lang="en",
            title="Cybertruck recall over a stuck pedal",
            text="The Cybertruck recall covers every Cybertruck built since the first delivery; "
            "owners get the first fix at the next delivery of parts. The NHTSA says 3,878 "
            "pickups have an accelerator pad that can slip off and jam in the trim.",
        ),
        *(
            dict(id=f"other-{n}", lang="en", title=f"Markets {n}", text="The first quarter.")
            for n in range(4)
        ),
    ]
    (tmp_path / "h").mkdir()
    config = write_config(tmp_path / "h" / "sources.yaml", {"Outlet": ["http://127.0.0.1:9/"]})
    data = tmp_path / "h.jsonl"
    data.write_text(_lines(reports))
    assert run_cli("import", str(data), "--config", str(config)).exit_code == 0
    stories = _stories(tmp_path / "h" / "test.db")
    assert stories["handover"] != stories["recall"]
    assert found((config, None), "first Cybertruck delivery")[:2] == ["handover", "recall"]


def test_the_datasette_search_query_ranks_windows_as_the_cli(tmp_path: Path) -> None:
    """The `search` canned query reads the newest 5,000 articles first, as `search` does:
    over the whole archive a broad word took seconds, past Datasette's time limit."""
    path = tmp_path / "big.db"
    db = store.open_db(path)
    db.execute("INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'S', 1, '')")
    rows = [
        (
            n,
            f"u{n}",
            f"u{n}",
            "Zeppelin of old" if n == 1 else f"Note {n}",
            "zeppelin flight" if n % 20 == 0 else "quiet day",
        )
        for n in range(1, FIRST_WINDOW + 301)
    ]
    db.conn.executemany(
        "INSERT INTO articles (id, url, canonical_url, source_id, title, fetched_at, text, "
        "extraction_status) VALUES (?, ?, ?, 1, ?, '2026-12-01', ?, 'ok')",
        rows,
    )
    db.conn.commit()
    prepare_connection(db.conn)
    for query in ("zeppelin", "zeppelin old", "old", "zeppelin flight"):
        shown = [row[0] for row in db.execute(SEARCH_SQL, {"query": query}).fetchall()]
        request = SearchRequest(query=query, limit=SEARCH_ROWS, collapse=False)
        assert shown == [hit.id for hit in search(db, request)], query
    newest = [row[0] for row in db.execute(SEARCH_SQL, {"query": "zeppelin old"}).fetchall()]
    assert 1 not in newest and min(newest) > 300  # 250 matches in the newest 5,000
    assert [row[0] for row in db.execute(SEARCH_SQL, {"query": "old"})] == [1]
    db.close()


def test_search_forms_check_each_distinct_word_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article repeats most of its words: checking each occurrence for letters and CJK
    was half of the time its search forms took in the extraction worker."""
    checked = calls_to(monkeypatch, stems, "_stemmable")
    text = "Deliveries rose in May. Deliveries fell in June; deliveries of the SU7 rose."
    assert stems.stem_form(text, "en") == (
        "enǂdeliveri enǂrose enǂin enǂmay enǂfell enǂjune enǂof enǂthe"
    )
    assert len(checked) == len(set(checked)) == 9  # "su7" is checked too, and not stemmed
