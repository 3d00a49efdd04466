"""The chart page of `aggregator serve` (/-/charts): a topic's articles and new stories per
day and each outlet's share, drawn in the browser from the vendored Observable Plot."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator import datasette_charts, store
from aggregator.serve import QUERIES
from tests.chromium import CHROMIUM, Browser
from tests.test_datasette import ARTIFACTS, choose_topic, get, served_archive

# a name to escape everywhere it is written (HTML, a URL, the JSON in a <script>), and a
# topic nothing in the set is about
ODD_TOPIC = 'Ford </script><b>"Mach-E" & co'
EXTRA_TOPICS = f"""
  - name: {json.dumps(ODD_TOPIC)}
    terms: [mach-e]
  - name: Solar
    terms: [photovoltaic]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The topics-search set, the newest article a day old, served; (server URL, archive)."""
    with served_archive(tmp_path_factory.mktemp("charts"), EXTRA_TOPICS) as served:
        yield served


def chart_url(server: str, topic: str, since: str = "") -> str:
    query = {"topic": topic, **({"since": since} if since else {})}
    return f"{server}/-/charts?{urllib.parse.urlencode(query)}"


def embedded(page: str) -> dict:
    """The numbers the page hands to its script."""
    found = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', page)
    assert found, page[-800:]
    return json.loads(found[1])


def canned(db: Path, name: str) -> list[dict]:
    """A trends canned query's rows over its default 30 days, as Datasette shows them."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(QUERIES[name]["sql"], {"days": ""})]
    finally:
        conn.close()


def test_chart_page_names_the_topic_and_carries_the_trend_queries_numbers(site) -> None:
    server, db = site
    status, body = get(chart_url(server, "xiaomi ev"))  # spelt as a person types it
    page = body.decode()
    assert status == 200
    assert "<h1>Charts: Xiaomi EV</h1>" in page
    assert "<option selected>Xiaomi EV</option>" in page
    data = embedded(page)
    first = (datetime.now(UTC) - timedelta(days=30)).date()
    assert [d["day"] for d in data["days"]] == store.window_days(first, datetime.now(UTC).date())
    daily = {r["day"]: r for r in canned(db, "topic_daily") if r["topic"] == "Xiaomi EV"}
    assert {d["day"]: (d["articles"], d["stories"]) for d in data["days"] if d["articles"]} == {
        day: (r["articles"], r["stories"]) for day, r in daily.items()
    }
    assert data["articles"] == 3  # CnEVPost, AOL and Sina Auto on the deliveries
    outlets = [r for r in canned(db, "topic_outlets") if r["topic"] == "Xiaomi EV"]
    assert data["outlets"] == [
        {"outlet": r["outlet"], "articles": r["articles"], "percent": r["percent"]} for r in outlets
    ]
    for script in ("d3.min.js", "plot.umd.min.js", "charts.js"):  # served, not from a CDN
        assert f'<script src="/-/charts/static/{script}"></script>' in page
        status, js = get(f"{server}/-/charts/static/{script}")
        assert status == 200 and len(js) > 1000


def test_chart_page_escapes_the_topic_name(site) -> None:
    server, _ = site
    status, body = get(chart_url(server, ODD_TOPIC))
    page = body.decode()
    assert status == 200
    assert "<b>" not in page and '</script><b>"Mach-E"' not in page
    assert "<h1>Charts: Ford &lt;/script&gt;&lt;b&gt;&#34;Mach-E&#34; &amp; co</h1>" in page
    assert "topic=Ford%20%3C/script%3E%3Cb%3E%22Mach-E%22%20%26%20co" in page  # its links
    assert embedded(page)["outlets"] == [{"outlet": "Electrek", "articles": 1, "percent": 100.0}]


def test_unknown_topic_or_window_is_a_clear_error(site) -> None:
    server, _ = site
    status, body = get(chart_url(server, "Xiaomi"))
    assert status == 404
    assert "no topic named &#39;Xiaomi&#39;; did you mean &#39;Xiaomi EV&#39;?" in body.decode()
    assert 'id="chart-data"' not in body.decode()
    status, body = get(chart_url(server, "Tesla", "fortnight"))
    assert status == 400
    assert "since: expected a duration such as 24h or 7d" in body.decode()
    status, body = get(chart_url(server, "Tesla", "2999-01-01"))
    assert status == 400 and "2999-01-01 is after today" in body.decode()


def test_a_topic_without_articles_in_the_window_says_so(site) -> None:
    server, _ = site
    status, body = get(chart_url(server, "Solar"))
    assert status == 200
    assert "No articles on Solar in this window (since " in body.decode()
    assert 'id="chart-data"' not in body.decode()  # no blank chart
    # Xiaomi EV's articles are six days old: none in the last two
    status, body = get(chart_url(server, "Xiaomi EV", "2d"))
    assert status == 200 and "No articles on Xiaomi EV in this window" in body.decode()


def test_home_and_topic_pages_link_to_the_charts(site) -> None:
    server, _ = site
    home = get(server + "/")[1].decode()
    assert '<a href="/-/charts?topic=Xiaomi%20EV">charts</a>' in home
    topic = get(f"{server}/aggregator/latest_by_topic?topic=Model+Y")[1].decode()
    assert '<a href="/-/charts?topic=Model%20Y">Charts of Model Y</a>' in topic
    choose = get(f"{server}/-/charts")[1].decode()  # no topic yet: the list, no chart
    options = re.findall(r"<option>([^<]+)</option>", choose)
    assert options[1:] == ["Model Y", "Solar", "Tesla", "Xiaomi EV"]
    assert "Choose a topic" in choose and 'id="chart-data"' not in choose


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    opened = Browser(tmp_path / "profile", height=1300)
    yield opened
    opened.close()


MARKS = """[...document.querySelectorAll('#ID svg g[aria-label=LABEL] > rect')]
  .map(r => r.getBBox()).map(box => [Math.round(box.width), Math.round(box.height)])"""


def marks(browser: Browser, chart: str, label: str) -> list[list[int]]:
    """Width and height of each bar Observable Plot drew in a chart."""
    return browser.evaluate(MARKS.replace("ID", chart).replace("LABEL", label))


def test_browser_draws_the_charts_with_a_bar_per_day_and_per_outlet(site, browser) -> None:
    server, db = site
    url = chart_url(server, "Xiaomi EV")
    browser.open(url)
    data = embedded(get(url)[1].decode())
    outlets = [r for r in canned(db, "topic_outlets") if r["topic"] == "Xiaomi EV"]
    daily = [r for r in canned(db, "topic_daily") if r["topic"] == "Xiaomi EV"]
    assert len(outlets) == 3 and len(daily) == 2
    articles = marks(browser, "articles-chart", "rect")
    assert len(articles) == len(data["days"])  # one bar per day of the window...
    assert sum(height > 0 for _, height in articles) == len(daily)  # ...tall where it had any
    stories = marks(browser, "stories-chart", "rect")
    assert sum(height > 0 for _, height in stories) == sum(r["stories"] > 0 for r in daily)
    bars = marks(browser, "outlets-chart", "bar")
    assert len(bars) == len(outlets) and all(width > 0 for width, _ in bars)
    labels = browser.evaluate(
        '[...document.querySelectorAll(\'#outlets-chart svg g[aria-label="y-axis tick label"]'
        " text')].map(t => t.textContent)"
    )
    assert labels == [r["outlet"] for r in outlets]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "datasette-charts.png")
    assert (ARTIFACTS / "datasette-charts.png").stat().st_size > 10_000


def test_browser_picks_another_topic_from_the_list(site, browser) -> None:
    """From one topic's charts to another's without typing its name; the outlet chart then
    has the new topic's outlets."""
    server, _ = site
    browser.open(chart_url(server, "Xiaomi EV"))
    assert len(marks(browser, "outlets-chart", "bar")) == 3
    choose_topic(browser, "Model Y", ".charts form")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Charts: Model Y"
    assert len(marks(browser, "outlets-chart", "bar")) == 1  # Teslarati alone


def test_a_window_too_long_to_chart_in_time_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    """The page reads under Datasette's time limit; a query it interrupts (a year at 200,000
    articles takes ~0.6 s warm, longer cold) is a message, not a traceback or a blank chart."""
    db = store.open_db(tmp_path / "a.db")
    db.execute("INSERT INTO topic_definitions VALUES ('Tesla', 'h', '2026-01-01T00:00:00+00:00')")
    read_daily = store.topic_daily

    def interrupted(*args: object) -> list[dict]:
        db.conn.set_progress_handler(lambda: 1, 1)  # what Datasette's limit does when it hits
        return read_daily(*args)

    monkeypatch.setattr(store, "topic_daily", interrupted)
    view = datasette_charts.chart_view(db, "tesla", "3650d", datetime.now(UTC))
    assert view["status"] == 400 and "chart" not in view
    assert view["error"] == "since 3650d: too long a window to chart in time; choose a shorter one"
    assert view["topic"] == "Tesla" and view["topic_names"] == ["Tesla"]
