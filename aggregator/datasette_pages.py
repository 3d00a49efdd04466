"""What `aggregator serve` adds to Datasette for an analyst, beside the search function of
`datasette_plugin`: the archive always at `/aggregator`, whatever its file is called, so
the URLs in the README and `serve --help` work for every `--db`; a database page that does
not stall on counting the search index's internals."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils
from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted

from . import store
from .dates import parse_utc

ROUTE = "aggregator"
PLUGIN = "aggregator-pages"  # its settings in the metadata: {"timezone": settings.timezone}


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
    """An article's or a story's row page reads as a page (see row.html): what it needs
    beyond the row — outlet names, topics, the story's other outlets — comes from the
    store's own detail functions, the ones `aggregator stories show` uses."""
    if view_name != "row" or table not in ("articles", "stories") or request is None:
        return None

    async def page() -> dict[str, Any]:
        try:
            row_id = int(request.url_vars["pks"])
        except (KeyError, ValueError):
            return {}
        zone = ZoneInfo(
            (datasette.plugin_config(PLUGIN, database=database) or {}).get("timezone", "UTC")
        )
        detail = await datasette.get_database(database).execute_fn(
            lambda conn: page_detail(sqlite_utils.Database(conn), table, row_id)
        )
        return {"page": detail, "local_time": lambda value: local_time(value, zone)}

    return page


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
