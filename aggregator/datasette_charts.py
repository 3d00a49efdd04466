"""The chart page of `aggregator serve`: `/-/charts?topic=Tesla&since=30d` draws a topic's
articles and new stories per day and each outlet's share of its articles in the browser.

`datasette-plot` needs Datasette 1.0 (we pin 0.65), so the page is the plugin's own: the
numbers are read for the one topic by the statements of `aggregator trends` and the
`topic_daily` / `topic_outlets` queries (store/trends.py: the terminal, the tables and the
charts cannot disagree), embedded in the page as JSON, and drawn by Observable Plot, vendored
with d3 in `datasette_static/` (versions and source in its README): one request, no network.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from datasette import hookimpl
from datasette.app import Datasette
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Request, Response, asgi_static

from . import store
from .datasette_pages import archive_database
from .dates import resolve_since
from .names import UnknownName, spelled_as_known

PATH = "/-/charts"
STATIC = Path(__file__).parent / "datasette_static"
WINDOWS = ("7d", "30d", "90d")  # offered in the page's list; any `since` of the CLI works
DEFAULT_WINDOW = "30d"


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (rf"^{PATH}$", charts_page),
        (rf"^{PATH}/static/(?P<path>.*)$", asgi_static(STATIC)),
    ]


async def charts_page(datasette: Datasette, request: Request) -> Response:
    archive = archive_database(datasette)
    if archive is None:
        return Response.text("no archive is served at /aggregator", status=404)
    topic = request.args.get("topic", "").strip()
    since = request.args.get("since", "").strip() or DEFAULT_WINDOW
    limit_ms = datasette.setting("sql_time_limit_ms")

    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        with sqlite_timelimit(conn, limit_ms):
            return chart_view(sqlite_utils.Database(conn), topic, since, datetime.now(UTC))

    view = await archive.execute_fn(read)
    context = {**view, "windows": WINDOWS, "archive_url": datasette.urls.database(archive.name)}
    html = await datasette.render_template("charts.html", context, request=request)
    return Response.html(html, status=view["status"])


def chart_view(db: sqlite_utils.Database, topic: str, since: str, now: datetime) -> dict[str, Any]:
    """What the page shows: the topic list, and for a known topic its chart's numbers; a bad
    window or an unknown topic is a one-line error (HTTP 400, 404) naming the value."""
    names = store.topic_names(db)
    view: dict[str, Any] = {"topic_names": names, "topic": topic, "since": since, "status": 200}
    try:
        start, first = window(since, now)
    except ValueError as exc:
        return {**view, "error": f"since: {exc}", "status": 400}
    if not topic:
        return view
    try:
        topic = spelled_as_known(topic, names, "topic")
    except UnknownName as exc:
        return {**view, "error": str(exc), "status": 404}
    try:
        chart = chart_numbers(db, topic, start, first, now.date())
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc):
            raise
        message = f"since {since}: too long a window to chart in time; choose a shorter one"
        return {**view, "topic": topic, "error": message, "status": 400}
    return {**view, "topic": topic, "chart": chart}


def window(since: str, now: datetime) -> tuple[str, date]:
    """The window's start (stored form) and first UTC day; ValueError for what `--since`
    refuses too."""
    start = resolve_since(since, now)
    first = date.fromisoformat(start[:10])
    if first > now.date():
        raise ValueError(f"{since} is after today ({now.date()}): no day to show")
    return start, first


def chart_numbers(
    db: sqlite_utils.Database, topic: str, start: str, first: date, today: date
) -> dict[str, Any]:
    """Every day of the window (0 for a day without articles, so the bars keep their
    places) and every outlet with its share, the largest first."""
    days = store.window_days(first, today)
    series = store.daily_series(store.topic_daily(db, start, topic), topic, days)
    return {
        "first_day": days[0],
        "articles": sum(series["articles"]),
        "stories": sum(series["stories"]),
        "days": [
            {"day": day, "articles": articles, "stories": stories}
            for day, articles, stories in zip(
                days, series["articles"], series["stories"], strict=True
            )
        ],
        "outlets": [
            {key: row[key] for key in ("outlet", "articles", "percent")}
            for row in store.topic_outlets(db, start, topic)
        ],
    }
