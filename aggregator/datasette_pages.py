"""What `aggregator serve` adds to Datasette for an analyst, beside the search function of
`datasette_plugin`: the archive always at `/aggregator`, whatever its file is called, so
the URLs in the README and `serve --help` work for every `--db`; a database page that does
not stall on counting the search index's internals; a home page (topics, stories, sources);
topic queries that offer the topic from a list; topic Atom feeds titled with the topic."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import datasette_atom
import sqlite_utils
from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted
from datasette.utils.asgi import Response
from lxml import etree
from markupsafe import Markup, escape

from . import store
from .dates import parse_utc

ROUTE = "aggregator"
PLUGIN = "aggregator-pages"  # its settings in the metadata: {"timezone": settings.timezone}
HOME_STORIES = 12  # the latest stories from several outlets on the home page
ATOM = "{http://www.w3.org/2005/Atom}"


@hookimpl
def startup(datasette: Datasette) -> None:
    """Datasette names a database after its file (`archive.db` → `/archive`); give the one
    archive `aggregator serve` opens the route every link assumes."""
    files = [db for db in datasette.databases.values() if not db.is_memory]
    if len(files) == 1:
        files[0].route = ROUTE
    for db in files:
        visible_table_counts(db)


def visible_table_counts(db: Database) -> None:
    """Datasette counts every table for the database page, each within 5 ms — but SQLite
    counts a table in one uninterruptible step, and the full-text index's shadow table took
    13 s from a cold cache at 200,000 articles. Count only the tables a person is shown."""

    async def counts(limit: int = 10) -> dict[str, int | None]:
        hidden = set(await db.hidden_table_names())
        result: dict[str, int | None] = {}
        for table in await db.table_names():
            if table in hidden:
                result[table] = None  # listed under "hidden tables", uncounted
                continue
            try:
                query = f"select count(*) from [{table}]"
                result[table] = (await db.execute(query, custom_time_limit=limit)).rows[0][0]
            except (QueryInterrupted, sqlite3.OperationalError, sqlite3.DatabaseError):
                result[table] = None
        return result

    db.table_counts = counts


@hookimpl
def extra_template_vars(
    template: str,
    database: str,
    table: str | None,
    view_name: str,
    request: Any,
    datasette: Datasette,
) -> Callable[[], Awaitable[dict[str, Any]]] | None:
    """What the aggregator's pages need beyond Datasette's own data, read through the
    store: the home page's topics, stories and sources (index.html); an article's or a
    story's page (row.html, with what `aggregator stories show` uses); the topic names a
    topic query offers in a list (query.html)."""
    if request is None:
        return None
    zone = ZoneInfo((datasette.plugin_config(PLUGIN) or {}).get("timezone", "UTC"))
    formats = {"local_time": lambda value: local_time(value, zone)}
    archive = archive_database(datasette)
    if view_name == "index":
        if archive is None:
            return None
        formats["archive_url"] = datasette.urls.database(archive.name)
        return reading(archive, formats, lambda db: {"home": home(db, datetime.now(zone))})
    if view_name == "row" and table in ("articles", "stories"):
        try:
            row_id = int(request.url_vars["pks"])
        except (KeyError, ValueError):
            return None
        db = datasette.get_database(database)
        return reading(db, formats, lambda conn: {"page": page_detail(conn, table, row_id)})
    if template.startswith("query") and archive is not None and archive.name == database:
        return reading(archive, {"topic_picker": topic_picker}, topic_choices)
    return None


def reading(
    db: Database,
    formats: dict[str, Any],
    read: Callable[[sqlite_utils.Database], dict[str, Any]],
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """Template variables read through the store on one of Datasette's read connections."""

    async def variables() -> dict[str, Any]:
        found = await db.execute_fn(lambda conn: read(sqlite_utils.Database(conn)))
        return {**formats, **found}

    return variables


def archive_database(datasette: Datasette) -> Database | None:
    """The archive `aggregator serve` opened (at /aggregator), if Datasette serves it."""
    return next((db for db in datasette.databases.values() if db.route == ROUTE), None)


def home(db: sqlite_utils.Database, now: datetime) -> dict[str, Any]:
    """Each topic with its articles today (since midnight on the analyst's clock: `now` is
    in their zone) and in the last seven days, the latest stories several outlets covered,
    and every source's health."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    counts = store.recent_topic_counts(
        db, today=utc_text(midnight), week=utc_text(now - timedelta(days=7))
    )
    topics = []
    for name in store.topic_names(db):
        today, week = counts.get(name, (0, 0))
        topics.append({"name": name, "today": today, "week": week})
    return {
        "topics": topics,
        "stories": store.latest_stories(db, min_sources=2, limit=HOME_STORIES),
        "sources": store.source_health(db),
    }


def utc_text(moment: datetime) -> str:
    """A time as the archive stores it (UTC, seconds, +00:00), so strings compare as times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def topic_choices(db: sqlite_utils.Database) -> dict[str, Any]:
    return {"topic_names": store.topic_names(db)}


TOPIC_INPUT = re.compile(r'<input type="text" (id="qp\d+") name="topic" value="([^"]*)">')


def topic_picker(page: str, names: list[str], chosen: str) -> Markup:
    """Datasette writes a text box for every parameter of a canned query: the `topic` one
    becomes a list of the topics (the one asked for selected), so nobody has to guess how a
    topic is spelt. `page` is Datasette's own query page, already escaped."""
    options = "".join(
        f"<option{' selected' if name == chosen else ''}>{escape(name)}</option>"
        for name in ([chosen] if chosen and chosen not in names else []) + names
    )
    select = rf'<select \1 name="topic"><option value="">choose a topic</option>{options}</select>'
    return Markup(TOPIC_INPUT.sub(lambda match: match.expand(select), str(page), count=1))


@hookimpl(trylast=True)  # registered after datasette-atom's, so this one serves .atom
def register_output_renderer(datasette: Datasette) -> dict[str, Any]:
    return {
        "extension": "atom",
        "render": topic_titled_atom,
        "can_render": datasette_atom.can_render_atom,
    }


def topic_titled_atom(
    datasette: Datasette,
    request: Any,
    sql: str,
    columns: list[str],
    rows: list[Any],
    database: str,
    table: str | None,
    query_name: str | None,
    view_name: str,
    data: dict[str, Any],
) -> Response:
    """datasette-atom titles a canned query's feed with the query's title, the same
    ("Atom feed of a topic") for every topic: a feed reader listing three topics would show
    three identical names. A topic's feed carries the topic's name."""
    response = datasette_atom.render_atom(
        datasette, request, sql, columns, rows, database, table, query_name, view_name, data
    )
    topic = request.args.get("topic")
    if not query_name or not topic or response.status != 200:
        return response
    return Response(retitled(response.body, topic), content_type=response.content_type, status=200)


def retitled(feed: bytes, title: str) -> bytes:
    root = etree.fromstring(feed)
    root.find(f"{ATOM}title").text = title
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def page_detail(db: sqlite_utils.Database, table: str, row_id: int) -> dict[str, Any] | None:
    """The article with its story (and the story's articles), or the story with its topics."""
    if table == "stories":
        story = store.story_detail(db, row_id)
        if story is not None:
            story["topics"] = store.story_topics(db, row_id)
        return story and {"story": story}
    article = store.article_detail(db, row_id)
    if article is None:
        return None
    story = store.story_detail(db, article["story_id"]) if article["story_id"] else None
    return {"article": article, "story": story}


def local_time(value: str | None, zone: ZoneInfo) -> str:
    """A stored UTC time as the analyst's clock shows it (settings.timezone)."""
    if not value:
        return ""
    return parse_utc(value).astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
