"""`aggregator serve`: the real Datasette server over the archive, its JSON API and a browser."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from aggregator.config import load_config
from aggregator.datasette_pages import local_time
from tests.chromium import CHROMIUM, Browser
from tests.conftest import free_port, run_cli, start_serve
from tests.test_topics_search import ARTICLES, TOPICS

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TIMEZONE = load_config(TOPICS).settings.timezone


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def recent(articles: list[dict]) -> list[dict]:
    """The articles moved in time together so that the newest is dated yesterday: the last
    seven days are what `recent_articles` facets. The move is by whole days, so each article
    keeps its time of day and the articles fall on as many calendar days whatever the hour
    the tests run (moved by the exact age, two articles of one day fell on two days from
    late afternoon on, and the charts counted three days of Xiaomi EV instead of two)."""
    newest = max(datetime.fromisoformat(a["published"]) for a in articles)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    shift = timedelta(days=(yesterday - newest.astimezone(UTC).date()).days)
    return [
        {**a, "published": (datetime.fromisoformat(a["published"]) + shift).isoformat()}
        for a in articles
    ]


def choose_topic(browser, topic: str, form: str) -> None:  # type: ignore[no-untyped-def]
    """Pick `topic` in the page's topic list and submit `form`, as a person would."""
    before = browser.evaluate("location.href")
    browser.evaluate(
        f"document.querySelector('select[name=topic]').value = {json.dumps(topic)};"
        f"document.querySelector({json.dumps(form)}).requestSubmit()"
    )
    browser.wait_to_leave(before)


@contextlib.contextmanager
def served_archive(tmp: Path, extra_topics: str = "") -> Iterator[tuple[str, Path]]:
    """The topics-search set (the newest article a day old) imported into `archive.db` and
    served by `aggregator serve`; (server URL, archive)."""
    config = tmp / "sources.yaml"
    shutil.copy(TOPICS, config)
    with config.open("a", encoding="utf-8") as file:
        file.write(extra_topics)
    data = tmp / "a.jsonl"
    data.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in recent(ARTICLES)) + "\n")
    db = tmp / "archive.db"
    assert run_cli("import", str(data), "--config", str(config), "--db", str(db)).exit_code == 0
    port = free_port()
    log = (tmp / "serve.log").open("wb")
    process = start_serve(config, db, port, log)
    try:
        yield f"http://127.0.0.1:{port}", db
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    with served_archive(tmp_path_factory.mktemp("serve")) as (base, db):
        yield base + "/aggregator", db  # the archive.db file, at the route every link assumes


def get_json(url: str) -> dict:
    status, body = get(url)
    assert status == 200, body[:300]
    return json.loads(body)


def test_full_text_search_uses_topic_syntax(site) -> None:
    base, _ = site
    query = urllib.parse.quote('"model y" NOT year')
    rows = get_json(f"{base}/articles.json?_search={query}&_shape=objects")["rows"]
    assert {r["guid"] for r in rows} == {"model-y-l", "model-y-body"}
    near = urllib.parse.quote("NEAR(xiaomi deliveries, 8)")
    rows = get_json(f"{base}/article_index.json?_search={near}&_shape=objects")["rows"]
    assert {r["source"] for r in rows} == {"CnEVPost", "AOL"}


def box(base: str, table: str, text: str, *extra: str) -> list[dict]:
    """The rows a table's search box shows for `text`."""
    query = "&".join([f"_search={urllib.parse.quote(text)}", "_shape=objects", *extra])
    return get_json(f"{base}/{table}.json?{query}")["rows"]


def test_the_search_box_takes_what_people_type(site) -> None:
    """Words as typed, not FTS5 syntax: `covid-19` was "Invalid SQL: no such column: 19"."""
    base, _ = site
    assert box(base, "articles", "covid-19") == []  # an answer, not an error
    assert {r["guid"] for r in box(base, "articles", "Mach-E")} == {"model-year"}
    model_y = {"model-y-l", "model-y-body"}  # not the 2027 model year
    assert {r["guid"] for r in box(base, "articles", "Model Y")} == model_y
    assert {r["guid"] for r in box(base, "articles", "Tesla's Model Y")} == model_y
    # every word, each in any of its forms: "delivery" finds "deliveries"
    found = {r["source"] for r in box(base, "article_index", "Xiaomi's EV delivery")}
    assert found == {"CnEVPost", "AOL"}
    stray = box(base, "articles", "Tesla (Model Y")  # FTS5 cannot parse it: read as words
    assert {r["guid"] for r in stray} == model_y
    raw = box(base, "articles", '"model y" NOT year', "_searchmode=raw")
    assert {r["guid"] for r in raw} == model_y  # FTS5 untouched, as before


def test_the_search_query_ranks_as_aggregator_search(site) -> None:
    base, db = site
    query = urllib.parse.quote("Xiaomi YU7 deliveries plant")
    rows = get_json(f"{base}/search.json?query={query}&_shape=objects")["rows"]
    # all four words first (the two reports of one story), then most of them
    assert {r["source"] for r in rows[:2]} == {"CnEVPost", "AOL"}
    assert [r["words"] for r in rows] == sorted((r["words"] for r in rows), reverse=True)
    assert rows[0]["words"] == 4 and rows[-1]["words"] == 1
    for typed in ("Xiaomi YU7 deliveries plant", "Tesla Model Y China", '"model y" NOT year'):
        query = urllib.parse.quote(typed)
        rows = get_json(f"{base}/search.json?query={query}&_shape=objects")["rows"]
        cli = run_cli("search", typed, "--no-collapse", "--all-time", "--json", "--db", str(db))
        assert [r["id"] for r in rows] == [hit["id"] for hit in json.loads(cli.output)]
    hyphen = get_json(f"{base}/search.json?query=Mach-E&_shape=objects")["rows"]
    assert [r["title"] for r in hyphen] == [
        "Ford details 2027 model year changes for the Mustang Mach-E"
    ]


def test_chinese_words_are_found_in_the_search_box_and_the_search_query(site) -> None:
    """A two-character word works as typed in any Datasette (it is one bigram of the
    shadow columns); the `search` canned query rewrites longer ones as `aggregator search`."""
    base, _ = site
    rows = get_json(f"{base}/articles.json?_search={urllib.parse.quote('交付')}&_shape=objects")
    assert {r["guid"] for r in rows["rows"]} == {"xiaomi-chinese"}
    query = urllib.parse.quote("小米汽车 AND 交付量")
    rows = get_json(f"{base}/search.json?query={query}&_shape=objects")["rows"]
    assert [r["source"] for r in rows] == ["Sina Auto"]


def test_facets_on_source_topic_language_and_day_of_the_last_week(site) -> None:
    """Facets over the whole archive take seconds at 200,000 articles: the week's articles
    have them, the whole index none by default (a person can still ask for one)."""
    base, _ = site
    assert get_json(f"{base}/article_index.json")["facet_results"] == {}
    data = get_json(f"{base}/recent_articles.json")
    assert data["filtered_table_rows_count"] == len(ARTICLES)
    facets = data["facet_results"]
    assert {"source", "topics", "language", "day"} <= set(facets)
    topics = {r["value"]: r["count"] for r in facets["topics"]["results"]}
    # the sales round-up naming the Model Y once is not about it
    assert topics["Xiaomi EV"] == 3 and topics["Model Y"] == 1
    rows = get_json(f"{base}/articles.json?_labels=on&_shape=objects")["rows"]
    assert rows[0]["source_id"]["label"]  # foreign keys are labelled
    assert rows[0]["published_at"] >= rows[-1]["published_at"]  # newest first


def test_canned_queries_and_views(site) -> None:
    base, db = site
    conn = sqlite3.connect(db)
    story_id = conn.execute(
        "SELECT story_id FROM articles WHERE guid = 'su7-deliveries'"
    ).fetchone()[0]
    article_id = conn.execute("SELECT id FROM articles WHERE guid = 'su7-copy'").fetchone()[0]
    latest = get_json(f"{base}/latest_by_topic.json?topic=Xiaomi+EV&_shape=objects")["rows"]
    assert len(latest) == 3
    assert all(0.5 <= row["score"] <= 1 for row in latest)  # the topic relevance score
    top = get_json(f"{base}/top_stories_week.json?_shape=objects")
    assert "rows" in top
    story = get_json(f"{base}/story.json?story_id={story_id}&_shape=objects")["rows"]
    # Sina Auto's Chinese report of the same deliveries (4万 = 40,000) joins across languages
    assert {r["source"] for r in story} == {"CnEVPost", "AOL", "Sina Auto"}
    history = get_json(f"{base}/article_history.json?article_id={article_id}&_shape=objects")[
        "rows"
    ]
    assert {r["kind"] for r in history} >= {"article", "alias (import)"}
    health = get_json(f"{base}/source_health.json?_shape=objects")["rows"]
    assert {r["name"] for r in health} >= {"CnEVPost", "AOL"}
    status, page = get(f"{base}/articles/{article_id}")
    assert status == 200 and b"Buyers still face waits of more than 30 weeks" in page


def test_atom_feed_per_topic_parses(site) -> None:
    base, _ = site
    status, body = get(f"{base}/topic_feed.atom?topic=Model+Y")
    assert status == 200
    feed = feedparser.parse(body)
    assert not feed.bozo
    assert feed.feed.title == "Model Y"  # not the query's title, the same for every topic
    assert {e.title for e in feed.entries} == {
        "Tesla Model Y L six-seater deliveries begin in China"
    }
    assert all(e.link.startswith("https://") for e in feed.entries)


def test_writes_through_the_ui_or_api_are_refused(site) -> None:
    base, db = site
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    for sql in ("DELETE FROM articles", "UPDATE articles SET title = 'x'", "DROP TABLE articles"):
        status, body = get(f"{base}.json?sql={urllib.parse.quote(sql)}")
        assert status >= 400, body[:200]
    request = urllib.request.Request(
        f"{base}/articles",
        data=b'{"row": {"title": "x"}}',
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status >= 400  # Datasette 0.65 answers 500 "You may only POST to a canned query"
    after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert after == before


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)"
)
def test_browser_search_for_a_topic_query(site, tmp_path: Path) -> None:
    base, _ = site
    query = urllib.parse.quote("NEAR(xiaomi deliveries, 8)")
    url = f"{base}/article_index?_search={query}"
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,900",
    ]
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=60)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert "2 rows where search matches" in dom.stdout
    assert "Xiaomi EV deliveries exceed 40,000 in October" in dom.stdout
    assert "best camera" not in dom.stdout  # the phone review is not a match
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "datasette-search.png"
    result = subprocess.run(
        [*flags, f"--screenshot={shot}", url], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and shot.stat().st_size > 10_000


def test_database_page_lists_hidden_tables_without_counting_them(site) -> None:
    """SQLite counts a table in one step no time limit interrupts: the search index's data
    table took 13 s from a cold cache at 200,000 articles, on every database page."""
    base, _ = site
    tables = {t["name"]: t for t in get_json(f"{base}.json")["tables"]}
    assert tables["articles"]["count"] == len(ARTICLES)
    assert tables["articles_fts_data"]["hidden"] and tables["articles_fts_data"]["count"] is None
    assert tables["_sqlite_migrations"]["hidden"] and tables["minhash_bands"]["hidden"]


LINK = re.compile(r"/aggregator(?:/[^\s`,)]*)?|/-/charts[^\s`,)]*")


def test_every_url_in_serve_help_and_the_readme_answers_for_any_file_name(site) -> None:
    """The archive here is `archive.db`; the documented URLs say /aggregator."""
    base, db = site
    server = base.removesuffix("/aggregator")
    article_id, story_id = (
        sqlite3.connect(db)
        .execute("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL")
        .fetchone()
    )
    help_text = run_cli("serve", "--help").output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Browsing in Datasette", 1)[1].split("\n## ", 1)[0]
    links = set(LINK.findall(help_text)) | set(LINK.findall(section))
    assert {"/aggregator/top_stories_week", "/aggregator/recent_articles"} <= links
    assert {"/-/charts?topic=Tesla", "/-/charts?topic=Tesla&since=30d"} <= links
    for link in sorted(links):
        path = link.replace("articles/ID", f"articles/{article_id}")
        status, body = get(server + path.replace("stories/ID", f"stories/{story_id}"))
        assert status == 200, (link, body[:200])


def test_article_page_reads_as_an_article_linked_to_its_story_outlet_and_topics(site) -> None:
    base, db = site
    conn = sqlite3.connect(db)
    article_id, story_id, source_id, published = conn.execute(
        "SELECT id, story_id, source_id, published_at FROM articles WHERE guid = 'su7-deliveries'"
    ).fetchone()
    status, body = get(f"{base}/articles/{article_id}")
    page = body.decode()
    assert status == 200
    assert "<h1>Xiaomi EV deliveries exceed 40,000 in October as YU7 ramps up</h1>" in page
    assert f'<a href="/aggregator/sources/{source_id}">CnEVPost</a>' in page
    assert f'href="/aggregator/stories/{story_id}"' in page
    assert 'href="/aggregator/latest_by_topic?topic=Xiaomi%20EV">Xiaomi EV</a>' in page
    assert "Sina Auto" in page and "AOL" in page  # the story's other outlets
    assert '<div class="article-text">Xiaomi delivered more than 40,000 vehicles' in page
    assert local_time(published, ZoneInfo(TIMEZONE)) in page


def test_story_page_lists_its_articles_by_outlet(site) -> None:
    base, db = site
    conn = sqlite3.connect(db)
    story_id = conn.execute(
        "SELECT story_id FROM articles WHERE guid = 'su7-deliveries'"
    ).fetchone()[0]
    members = conn.execute("SELECT id FROM articles WHERE story_id = ?", [story_id]).fetchall()
    status, body = get(f"{base}/stories/{story_id}")
    page = body.decode()
    assert status == 200 and "3 outlets" in page
    assert all(f'href="/aggregator/articles/{m}"' in page for (m,) in members)
    assert 'href="/aggregator/latest_by_topic?topic=Xiaomi%20EV"' in page


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    opened = Browser(tmp_path / "profile")
    yield opened
    opened.close()


def test_browser_article_text_is_a_readable_block(site, browser: Browser) -> None:
    """Datasette's table cell gave the text ~50 px: one word a line."""
    base, db = site
    article_id = (
        sqlite3.connect(db)
        .execute("SELECT id FROM articles WHERE guid = 'su7-deliveries'")
        .fetchone()[0]
    )
    browser.open(f"{base}/articles/{article_id}")
    width = browser.evaluate(
        "document.querySelector('.article-text').getBoundingClientRect().width"
    )
    assert width >= 600
    lines = browser.evaluate(
        "(e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e)"
        ".lineHeight)))(document.querySelector('.article-text'))"
    )
    assert lines <= 8  # ~450 characters: a paragraph, not a column of words
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "datasette-article.png")
    assert (ARTIFACTS / "datasette-article.png").stat().st_size > 10_000


def test_browser_a_hyphenated_search_typed_into_the_box_returns_rows(
    site, browser: Browser
) -> None:
    """What a person does: type `Mach-E` into the article index's search box and press
    Enter. FTS5 reads a bare `Mach-E` as a column filter ("Invalid SQL: no such column: E",
    as `covid-19` was before the search box took words as typed)."""
    base, _ = site
    browser.open(f"{base}/article_index")
    browser.type("input[name=_search]", "Mach-E")
    browser.press_enter()
    assert "_search=Mach-E" in browser.evaluate("location.href")
    page = browser.evaluate("document.body.innerText")
    assert "Invalid SQL" not in page
    titles = browser.evaluate(
        "[...document.querySelectorAll('table.rows-and-columns td.col-title')]"
        ".map(td => td.innerText)"
    )
    assert titles == ["Ford details 2027 model year changes for the Mustang Mach-E"]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "datasette-hyphenated-search.png")
    assert (ARTIFACTS / "datasette-hyphenated-search.png").stat().st_size > 10_000


def test_home_page_shows_topics_stories_and_sources(site) -> None:
    """An analyst's first page: topics with their counts, the stories several outlets
    covered, the sources' health, each linked to its page; no internal table."""
    base, db = site
    server = base.removesuffix("/aggregator")
    story_id = (
        sqlite3.connect(db)
        .execute("SELECT story_id FROM articles WHERE guid = 'su7-deliveries'")
        .fetchone()[0]
    )
    status, body = get(server + "/")
    page = body.decode()
    assert status == 200
    topics = re.findall(
        r'<a href="/aggregator/latest_by_topic\?topic=([^"]+)">[^<]+</a></td>\s*'
        r'<td class="count">(\d+)</td><td class="count">(\d+)</td>',
        page,
    )
    # the articles are a day old: none today, the week's on each topic
    assert topics == [("Model%20Y", "0", "1"), ("Tesla", "0", "1"), ("Xiaomi%20EV", "0", "3")]
    assert 'href="/aggregator/topic_feed.atom?topic=Xiaomi%20EV"' in page
    story = re.search(
        rf'<a href="/aggregator/stories/{story_id}">([^<]+)</a>\s*<span[^>]*>([^<]+)', page
    )
    assert story and story[1].startswith("Xiaomi EV deliveries exceed 40,000")
    assert "3 outlets (AOL, CnEVPost, Sina Auto)" in story[2]
    assert page.count('href="/aggregator/stories/') == 1  # single-outlet stories stay out
    assert 'href="/aggregator/source_health"' in page
    assert 'href="/aggregator/source_health?name=Sina%20Auto">Sina Auto</a>' in page
    for internal in ("_sqlite_migrations", "articles_fts", "minhash_bands", "story_terms"):
        assert internal not in page
    for link in set(re.findall(r'href="(/aggregator[^"]*)"', page)):
        assert get(server + link.replace("&amp;", "&"))[0] == 200, link


def test_topic_queries_offer_the_topic_from_a_list(site) -> None:
    base, _ = site
    for query in ("latest_by_topic", "topic_feed"):
        status, body = get(f"{base}/{query}?topic=Model+Y")
        page = body.decode()
        assert status == 200
        picker = re.search(r'<select id="qp1" name="topic">(.*?)</select>', page, re.S)
        assert picker, page[:500]
        options = re.findall(r"<option( selected)?>([^<]+)</option>", picker[1])
        assert options == [(" selected", "Model Y"), ("", "Tesla"), ("", "Xiaomi EV")]
        assert 'name="topic" value=' not in page  # no text box to spell a topic into
    story = get(f"{base}/story?story_id=1")[1].decode()  # other parameters keep their box
    assert '<input type="text" id="qp1" name="story_id" value="1">' in story


def test_browser_a_topic_picked_from_the_list_shows_its_articles(site, browser: Browser) -> None:
    """From the home page to a topic's articles without typing a topic's name."""
    base, _ = site
    home = base.removesuffix("/aggregator") + "/"
    browser.open(home)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "datasette-home.png")
    assert (ARTIFACTS / "datasette-home.png").stat().st_size > 10_000
    browser.open(f"{base}/latest_by_topic")
    choices = browser.evaluate(
        "[...document.querySelectorAll('select[name=topic] option')].map(o => o.text)"
    )
    assert choices == ["choose a topic", "Model Y", "Tesla", "Xiaomi EV"]
    choose_topic(browser, "Xiaomi EV", "form.sql")
    assert browser.evaluate("document.querySelector('select[name=topic]').value") == "Xiaomi EV"
    rows = browser.evaluate("document.querySelectorAll('table.rows-and-columns tbody tr').length")
    assert rows == 3
    browser.screenshot(ARTIFACTS / "datasette-topic.png")
