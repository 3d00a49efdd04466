"""Topics are saved searches: one query language for `sources.yaml`, `search` and `topics test`.

The language is SQLite FTS5's own — AND / OR / NOT, "exact phrases", prefix*, NEAR(a b, 5),
column filters (title: …), parentheses — so what a topic matches is exactly what a search for
its query returns, and there is no parser of ours to get wrong. Phrases respect word
boundaries: "model y" does not match "model year". This module checks queries and turns
FTS5's terse errors into messages a person can act on; the SQL that applies them is in `store`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_CHECKER = sqlite3.connect(":memory:", check_same_thread=False)
_CHECKER.execute("CREATE VIRTUAL TABLE probe USING fts5(title, text)")


class QueryError(ValueError):
    """A query FTS5 cannot run, explained in one line."""


@dataclass(frozen=True)
class TopicRule:
    name: str
    query: str
    exclude: str | None
    sources: tuple[str, ...]

    def applies_to(self, source: str) -> bool:
        return not self.sources or source in self.sources


def check_query(query: str) -> str:
    """Return the query if FTS5 accepts it; raise `QueryError` with a hint otherwise."""
    if not query or not query.strip():
        raise QueryError("empty query")
    try:
        _CHECKER.execute("SELECT rowid FROM probe WHERE probe MATCH ?", [query]).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(explain(query, str(exc))) from exc
    return query


def explain(query: str, error: str) -> str:
    # SQLite quotes the token it choked on as is: a newline there would break the one line
    message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in error.removeprefix("fts5: "))
    if "no such column" in message:
        column = message.rsplit(":", 1)[-1].strip()
        return (
            f"invalid query {query!r}: {column!r} is read as a column name; "
            f'put words with "-" or ":" in double quotes, e.g. "model-y" '
            "(columns: title, text)"
        )
    if "unterminated string" in message:
        return f"invalid query {query!r}: a double quote is not closed"
    if re.search(r'syntax error near "NOT"', message) and query.strip().upper().startswith("NOT"):
        return f"invalid query {query!r}: NOT needs something before it (e.g. tesla NOT recall)"
    return f"invalid query {query!r}: {message}"


def rules(topics: list) -> list[TopicRule]:
    """Config topics → rules (config.Topic objects or anything with the same fields)."""
    return [TopicRule(t.name, t.query, t.exclude, tuple(t.sources)) for t in topics]


def matched_terms(highlighted: str, open_mark: str = "\x02", close_mark: str = "\x03") -> list[str]:
    """The distinct words FTS5 marked in a highlight() output, in order of appearance."""
    pattern = re.escape(open_mark) + "(.*?)" + re.escape(close_mark)
    seen: dict[str, None] = {}
    for term in re.findall(pattern, highlighted, flags=re.S):
        seen.setdefault(term.lower(), None)
    return list(seen)
