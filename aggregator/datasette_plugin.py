"""What `aggregator serve` adds to Datasette: the search of `aggregator search` as SQL functions.

- `escape_fts(text)`: Datasette calls it on what is typed into a table's search box (the
  default, "escaped" search mode). Datasette's own quotes each word and needs them all as
  written; this one is `search_query.every_word`: every word in any of its forms,
  `covid-19`, `Model Y` and `Tesla's` as people mean them, FTS5 syntax (quotes, NOT, NEAR,
  title:) as written. `?_searchmode=raw` still passes the text to FTS5 untouched.
- `search_terms(text)`: the JSON list of `search_query.ranking_terms`, so that the `search`
  canned query ranks as `aggregator search --no-collapse` does (all words first, then most).
- `in_headline(term)`: a term of `search_terms` limited to the headline, the query's second
  key (more of the words in the headline first).
- `fts_query(text)`: the CJK rewrite of topic queries (`topics.fts_query`).

Only SQL functions: the database itself needs nothing beyond stock SQLite, and a plain
`datasette archive.db` serves everything but the `search` query (its search box then quotes
each word). Imported by `serve` alone (Datasette is a heavy import)."""

from __future__ import annotations

import json
import sqlite3

from datasette import hookimpl

from .search_query import every_word, in_headline, ranking_terms
from .topics import fts_query


def search_terms(query: str) -> str:
    return json.dumps(ranking_terms(query))


@hookimpl(trylast=True)  # after Datasette's own functions, so that its escape_fts is replaced
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("escape_fts", 1, every_word, deterministic=True)
    conn.create_function("search_terms", 1, search_terms, deterministic=True)
    conn.create_function("in_headline", 1, in_headline, deterministic=True)
