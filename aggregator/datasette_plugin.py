"""What `aggregator serve` adds to Datasette: `fts_query(text)`, the query rewrite of `search`
and topics (CJK bigrams, see `topics.fts_query`), for the `search` canned query.

Only a SQL function: the database itself needs nothing beyond stock SQLite, and a plain
`datasette archive.db` serves everything but that one query. Imported by `serve` alone
(Datasette is a heavy import)."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from .topics import fts_query


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
