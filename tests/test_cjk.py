"""Chinese and Japanese as such: word counts and teaser flags, and search and topics that find a
word inside a run of characters, on a database plain SQLite can read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator import cjk, store
from aggregator.cjk import count_words, index_form
from aggregator.config import ExtractionHints
from aggregator.extract import extract_page
from aggregator.store.schema import migrations
from aggregator.topics import fts_query
from tests.cjk_fixtures import (
    IMPORT_ARTICLES,
    JA_PAGE,
    JA_PARAGRAPHS,
    ZH_PAGE,
    ZH_PARAGRAPHS,
    import_lines,
    news_page,
)
from tests.conftest import run_cli, tagged

ROOT = Path(__file__).resolve().parent.parent


def test_word_counts_put_chinese_and_japanese_on_the_english_scale() -> None:
    zh = "\n\n".join(ZH_PARAGRAPHS)
    ja = "\n\n".join(JA_PARAGRAPHS)
    assert len(zh.split()) < 10 and len(ja.split()) < 10  # what whitespace saw
    # ~300 Han and kana characters each: a word per 1.8 characters, Latin words on top
    assert 180 <= count_words(zh) <= 210
    assert 155 <= count_words(ja) <= 185
    english = "Xiaomi delivered more than 40,000 vehicles in November — a record."
    assert count_words(english) == len(english.split())  # Latin text counts as before
    # Latin words inside CJK text count one each; CJK punctuation counts nothing
    assert count_words("小米SU7 Ultra降价，「限时」") == 2 + round(6 / 1.8)
    assert count_words("삼성전자가 새 공장을 짓는다") == 4  # Korean is written with spaces


def test_full_chinese_and_japanese_pages_are_articles_and_a_short_one_a_teaser() -> None:
    for html, url in (
        (ZH_PAGE, "https://auto.sina.com.cn/news/2026-12-01/xiaomi.shtml"),
        (JA_PAGE, "https://www.nikkei.com/article/DGXZQOUC250HN0V21C26A1000000/"),
    ):
        page = extract_page(html, url, ExtractionHints())
        assert page.status == "ok", page.notes
        assert page.word_count >= 150  # min_words is 60
    teaser = news_page(
        "小米汽车11月交付超4万辆",
        ["小米汽车11月交付新车超过4万辆。订阅会员可阅读全文。"],
        "zh",
        "新浪汽车",
        "2026-12-01T10:30:00+08:00",
    )
    page = extract_page(teaser, "https://auto.sina.com.cn/news/t.shtml", ExtractionHints())
    assert page.status == "teaser" and page.word_count < 60


def test_index_form_splits_runs_into_bigrams_and_keeps_latin_in_place() -> None:
    assert index_form("小米SU7交付") == " 小米 米 SU7 交付 付 "
    assert index_form("Tesla recalls Model Y") is None  # nothing to shadow


# a small alphabet makes repeats, shared characters and near misses likely
_TEXT = st.text(alphabet="小米汽车大电池삼성 ，a7", max_size=14)
_WORD = st.text(alphabet="小米汽车大电池삼성", min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4), word=_WORD)
def test_a_cjk_query_matches_exactly_the_texts_that_contain_it(texts, word) -> None:
    """Substring semantics, through the real rewrite and the real tokenizer: never a match
    across punctuation, Latin text or a space, and every occurrence found."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, text, title_cjk, text_cjk, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for text in texts:
        conn.execute("INSERT INTO f VALUES ('', ?, NULL, ?)", [text, index_form(text)])
    found = {r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", [fts_query(word)])}
    assert found == {i for i, text in enumerate(texts, start=1) if word in text}


def test_latin_queries_run_unchanged_and_column_filters_cover_the_shadow_columns() -> None:
    for query in ('"model y" NOT year', "NEAR(xiaomi deliveries, 8)", "batter* OR (byd nio)"):
        assert fts_query(query) == query
    assert fts_query('title:"model y"') == '{title title_cjk}:"model y"'
    assert fts_query("小米汽车 OR tesla") == '{title_cjk text_cjk}: "小米 米汽 汽车" OR tesla'
    # under the user's own filter, or in NEAR, a CJK phrase gets no filter of its own
    assert fts_query("title:(小米 OR tesla)") == '{title title_cjk}:("小米" OR tesla)'
    assert fts_query("NEAR(小米 交付, 5)") == 'NEAR("小米" "交付", 5)'


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "cjk.jsonl"
    data.write_text(import_lines())
    config = tmp_path / "sources.yaml"
    config.write_text(
        (ROOT / "sources.yaml").read_text()
        + """
  - name: Xiaomi auto (zh)
    query: 小米汽车
  - name: Xiaomi cars (zh)
    query: 小米汽车 OR 小米SU7 OR 小米YU7
  - name: Honda plants (ja)
    query: title:ホンダ AND 工場
"""
    )
    db = tmp_path / "cjk.db"
    result = run_cli("import", str(data), "--config", str(config), "--db", str(db))
    assert result.exit_code == 0, result.output
    return config, db


def test_topics_find_chinese_and_japanese_words_without_prefix_stars(archive) -> None:
    _, db = archive
    assert tagged(db, "Xiaomi auto (zh)") == {"zh-xiaomi-auto"}
    # 小米SU7 without a space, and never the phone review that names 小米 and 汽车 apart
    assert tagged(db, "Xiaomi cars (zh)") == {"zh-xiaomi-auto", "zh-su7-ultra"}
    assert tagged(db, "Honda plants (ja)") == {"ja-honda-canada"}
    # the shipped topic (su7 OR … OR 小米汽车) takes the Chinese articles, not the phone review
    assert {"zh-xiaomi-auto", "zh-su7-ultra", "en-xiaomi"} <= tagged(db, "Xiaomi EV")
    assert "zh-xiaomi-phone" not in tagged(db, "Xiaomi EV")


def _search(config: Path, db: Path, query: str) -> set[str]:
    # one row per article: a Chinese report may share its story with an English one
    args = ["search", query, "--no-collapse", "--config", str(config), "--db", str(db), "--json"]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    urls = {a["url"]: a["id"] for a in IMPORT_ARTICLES}
    return {urls[hit["url"]] for hit in json.loads(result.output)}


def test_search_finds_a_word_inside_a_run_and_nothing_across_punctuation(archive) -> None:
    config, db = archive
    assert _search(config, db, "小米") == {"zh-xiaomi-auto", "zh-su7-ultra", "zh-xiaomi-phone"}
    assert "zh-michelin" not in _search(config, db, "小米")  # "更小。米其林"
    assert _search(config, db, "小米汽车") == {"zh-xiaomi-auto"}
    assert _search(config, db, "小米汽车*") == {"zh-xiaomi-auto"}  # the old advice still works
    assert _search(config, db, '"小米 SU7"') == {"zh-xiaomi-auto", "zh-su7-ultra"}
    # Latin words written against Chinese characters are words of their own now
    assert _search(config, db, "su7") == {"zh-xiaomi-auto", "zh-su7-ultra", "en-xiaomi"}
    assert _search(config, db, "title:工場") == {"ja-honda-canada"}
    assert _search(config, db, "車体工場") == set()  # 工場 is there, 車体工場 is not
    assert _search(config, db, "電池") == {"ja-honda-canada"}


def test_topics_test_and_search_mark_the_chinese_words_they_found(archive) -> None:
    config, db = archive
    result = run_cli(
        "topics", "test", "小米汽车", "--config", str(config), "--db", str(db), "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["total"] == 1 and report["matches"][0]["matched"] == ["小米汽车"]
    result = run_cli("search", "交付 AND su7", "--config", str(config), "--db", str(db), "--json")
    hits = {hit["url"]: hit["snippet"] for hit in json.loads(result.output)}
    snippet = hits[IMPORT_ARTICLES[0]["url"]]
    # an excerpt around the match, not the paragraph-long token FTS5's snippet() returns
    assert "交付" in snippet and len(snippet) < 100


def test_migration_backfills_existing_articles_and_plain_sqlite_reads_the_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m011_cjk_search")
    old.execute("INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'S', 1, '')")
    for i, article in enumerate(IMPORT_ARTICLES, start=1):
        old.execute(
            "INSERT INTO articles (id, url, canonical_url, source_id, title, fetched_at, text, "
            "extraction_status) VALUES (?, ?, ?, 1, ?, '2026-12-01', ?, 'ok')",
            [i, article["url"], article["url"], article["title"], article["text"]],
        )
    old.conn.commit()
    assert (
        old.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '小米'").fetchone()[
            0
        ]
        == 0
    )
    old.close()

    db = store.open_db(path)  # runs m011: segments the stored rows, rebuilds the index
    total, _rows = store.query_matches(db, "小米汽车", 10)
    assert total == 1
    db.close()
    plain = sqlite3.connect(path)  # no custom tokenizer: any SQLite (or Datasette) reads it
    hits = plain.execute(
        "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH '小米'"
    ).fetchall()
    assert len(hits) == 3
    # a raw edit of the text reaches the index through the trigger, as before
    plain.execute("UPDATE articles SET text = '理想汽车' WHERE id = 1")
    edited = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '理想汽车'"
    assert plain.execute(edited).fetchone()[0] == 1
    plain.close()


_LATIN_DOCS = [
    ("Xiaomi SU7 deliveries top 40,000", "Xiaomi delivered more SU7 sedans than expected."),
    ("Tesla recalls Model Y", "The model year 2026 Model Y is recalled over a seat belt chime."),
    ("BYD cuts prices", "A price war: BYD and NIO cut prices; Xiaomi says it will not."),
]
_ATOMS = st.sampled_from(
    ["xiaomi", "su7", '"model y"', "price*", "byd", "小米", "小米汽车", '"小米 SU7"', "车"]
)


def _queries() -> st.SearchStrategy[str]:
    def combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(children, st.sampled_from([" AND ", " OR ", " NOT ", " "]), children).map(
                "".join
            ),
            children.map(lambda q: f"({q})"),
            children.map(lambda q: f"title:({q})"),
            children.map(lambda q: f"- text:({q})"),
        )

    near = st.tuples(_ATOMS, _ATOMS, st.integers(1, 10)).map(
        lambda t: f"NEAR({t[0]} {t[1]}, {t[2]})"
    )
    columns = st.tuples(st.sampled_from(["title:", "{title text}:", "text: ^"]), _ATOMS).map(
        "".join
    )
    return st.recursive(st.one_of(_ATOMS, near, columns), combine, max_leaves=5)


@settings(max_examples=200, deadline=None)
@given(query=_queries())
def test_the_rewrite_keeps_every_valid_query_valid_and_latin_results_unchanged(query) -> None:
    """On Latin text a query finds what it found before the shadow columns existed; any query
    FTS5 accepts stays one it accepts after the rewrite."""
    before = sqlite3.connect(":memory:")
    before.execute("CREATE VIRTUAL TABLE f USING fts5(title, text)")
    after = sqlite3.connect(":memory:")
    after.execute("CREATE VIRTUAL TABLE f USING fts5(title, text, title_cjk, text_cjk)")
    for title, text in _LATIN_DOCS:
        before.execute("INSERT INTO f VALUES (?, ?)", [title, text])
        after.execute(
            "INSERT INTO f VALUES (?, ?, ?, ?)", [title, text, index_form(title), index_form(text)]
        )
    try:
        expected = before.execute("SELECT rowid FROM f WHERE f MATCH ?", [query]).fetchall()
    except sqlite3.OperationalError:
        return  # not a valid query in the first place
    found = after.execute("SELECT rowid FROM f WHERE f MATCH ?", [fts_query(query)]).fetchall()
    assert found == expected


def test_ascii_text_is_told_free_of_cjk_without_searching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Search forms ask this of every article's title and text and of every word: most
    are ASCII, which holds no CJK character, and the search visits every character."""
    searched: list[str] = []
    run = cjk._RUN

    class Counted:
        def search(self, text: str) -> object:
            searched.append(text)
            return run.search(text)

    monkeypatch.setattr(cjk, "_RUN", Counted())
    assert not cjk.has_cjk("Xiaomi delivered 40,000 SU7 sedans in May")
    assert searched == []
    assert cjk.has_cjk("小米 SU7 交付") and not cjk.has_cjk("Škoda Élroq")
    assert searched == ["小米 SU7 交付", "Škoda Élroq"]
