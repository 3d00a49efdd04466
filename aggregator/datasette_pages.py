"""What `aggregator serve` adds to Datasette for an analyst, beside the search function of
`datasette_plugin`: the archive always at `/aggregator`, whatever its file is called, so
the URLs in the README and `serve --help` work for every `--db`; a database page that does
not stall on counting the search index's internals."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted

ROUTE = "aggregator"


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
