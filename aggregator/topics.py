"""Topics are saved searches: one query language for `sources.yaml`, `search` and `topics test`.

The language is SQLite FTS5's own — AND / OR / NOT, "exact phrases", prefix*, NEAR(a b, 5),
column filters (title: …), parentheses — so what a topic matches is exactly what a search for
its query returns, and FTS5 itself parses it. Phrases respect word boundaries: "model y" does
not match "model year". This module checks queries and turns FTS5's terse errors into messages
a person can act on; the SQL that applies them is in `store`.

Chinese, Japanese and Korean words need no prefix star: `fts_query` rewrites a query's CJK
phrases into the bigrams the index's shadow columns hold (see `cjk`), so 小米 is found
inside 小米汽车, and "小米 SU7" inside 小米SU7. It works on the query's lexemes only (no
grammar of ours) and every statement that runs a query goes through it; a query without CJK
or column filters is passed on unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .cjk import SHADOW_COLUMNS, has_cjk, phrase_tokens, words
from .relevance import SCORING_VERSION, Focus, Near, has_forms, matches_forms, unquoted
from .stems import STEM_COLUMNS, query_stems

_INDEXED_COLUMNS = [*SHADOW_COLUMNS, *SHADOW_COLUMNS.values()]
# FTS5 query syntax, lexically: spaces, "strings" ("" inside is a quote), barewords (ASCII
# letters, digits, _, \x1a and everything beyond ASCII), and single punctuation characters
_BAREWORD = r"[0-9A-Za-z_\x1a\x80-\U0010ffff]+"
_LEXEME = re.compile(rf'\s+|"(?:[^"]|"")*"?|{_BAREWORD}|.', re.S)
_TERM = re.compile(rf'"|{_BAREWORD}')
_OPERATORS = {"AND", "OR", "NOT"}
_TOKEN = re.compile(r"[^\W_]+")  # a word as the index reads it
_CHECKER = sqlite3.connect(":memory:", check_same_thread=False)
_CHECKER.execute("CREATE VIRTUAL TABLE probe USING fts5(title, text)")
_CHECKER.execute(f"CREATE VIRTUAL TABLE indexed USING fts5({', '.join(_INDEXED_COLUMNS)})")


class QueryError(ValueError):
    """A query FTS5 cannot run, explained in one line."""


@dataclass(frozen=True)
class TopicRule:
    """A topic as tagging applies it. `query` finds the candidates in the search index: the
    user's own query, or a topic's terms joined by OR; a topic with terms has `focus`, the
    rules each candidate is then scored by (`relevance`), and a `query` topic has none."""

    name: str
    query: str
    exclude: str | None
    sources: tuple[str, ...]
    focus: Focus | None = None
    definition_hash: str = ""

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
    try:
        rewritten = fts_query(query)
        _CHECKER.execute("SELECT rowid FROM indexed WHERE indexed MATCH ?", [rewritten]).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"invalid query {query!r}: cannot search it as written") from exc
    return query


@lru_cache(maxsize=1024)
def fts_query(query: str) -> str:
    """The MATCH expression that runs `query` on the index: phrases with CJK characters
    become the bigram phrases of `cjk.phrase_tokens`, searched in the shadow columns
    (`{title_cjk text_cjk}: "小米 米汽 汽车"`), and the user's column filters name the shadow
    column too (`title:` → `{title title_cjk}:`). Everything else is kept as written, so a
    query without CJK or column filters runs unchanged.

    A phrase under the user's own filter (or inside NEAR, where filters are not allowed)
    gets none of its own: FTS5 intersects nested filters."""
    if not has_cjk(query) and ":" not in query:
        return query
    lexemes = _LEXEME.findall(query)
    out: list[str] = []
    groups = [_Group(filtered=False, near=False)]  # one per open parenthesis
    in_braces = filtered_next = caret = False
    i = 0
    while i < len(lexemes):
        lexeme, following = lexemes[i], _next(lexemes, i)
        if _is_term(lexeme) and (in_braces or following == ":"):
            out.append(_with_shadow(lexeme, in_braces))
        elif lexeme == "^":
            caret = True  # written just before its phrase, after any filter we add
        elif _is_term(lexeme) and lexeme not in _OPERATORS and lexeme != "NEAR":
            end, phrase, star = _phrase(lexemes, i)
            if has_cjk(phrase):
                tokens, prefix = phrase_tokens(phrase)
                if not (filtered_next or groups[-1].filtered or groups[-1].near):
                    out.append(f"{{{' '.join(SHADOW_COLUMNS.values())}}}: ")
                out.append("^ " if caret else "")
                out.append('"' + tokens.replace('"', '""') + '"' + ("*" if star or prefix else ""))
            else:
                out.append("^ " if caret else "")
                out.extend(lexemes[i:end])
            filtered_next = caret = False
            i = end
            continue
        else:
            if lexeme == "(":
                near = next((x for x in reversed(out) if not x.isspace()), "") == "NEAR"
                groups.append(_Group(filtered_next or groups[-1].filtered, near))
                filtered_next = False
            elif lexeme == ")" and len(groups) > 1:
                groups.pop()
            in_braces = lexeme == "{" or (in_braces and lexeme != "}")
            filtered_next = filtered_next or lexeme == ":"
            out.append(lexeme)
        i += 1
    return "".join(out)


def query_words(query: str) -> list[str]:
    """The words a query looks for, as they would appear in text: the Latin words and CJK
    runs of its phrases (not column names, operators or NEAR distances), for marking."""
    found = [word for phrase in query_phrases(query) for word in words(phrase)]
    return list(dict.fromkeys(found))


def query_phrases(query: str, *, required: bool = False) -> list[str]:
    """The phrases a query looks for, as written ("model y", 小米汽车, `xiao` for xiao*):
    not column names, operators or NEAR distances. `required`: without the phrases after
    NOT (a phrase or a parenthesised group), so that a page containing none of them cannot
    match, which is what the backfill's raw-bytes prefilter relies on."""
    lexemes = _LEXEME.findall(query)
    found: list[str] = []
    in_braces = negate_next = False
    depth, negated_at = 0, None  # parentheses open; depth of an open NOT (...) group
    before = ""
    i = 0
    while i < len(lexemes):
        lexeme = lexemes[i]
        in_braces = lexeme == "{" or (in_braces and lexeme != "}")
        if (
            _is_term(lexeme)
            and not in_braces
            and lexeme not in _OPERATORS
            and lexeme != "NEAR"
            and before != ","
            and _next(lexemes, i) != ":"
        ):
            end, phrase, _star = _phrase(lexemes, i)
            if not (required and (negate_next or negated_at is not None)):
                found.append(phrase)
            negate_next = False
            before, i = lexemes[end - 1], end
            continue
        if lexeme == "(":
            depth += 1
            if negate_next and negated_at is None:
                negated_at, negate_next = depth, False
        elif lexeme == ")":
            negated_at = None if negated_at == depth else negated_at
            depth -= 1
        negate_next = negate_next or lexeme == "NOT"
        before = lexeme if not lexeme.isspace() else before
        i += 1
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Group:
    filtered: bool  # under a column filter of the user's
    near: bool  # the phrases of a NEAR group


def _is_term(lexeme: str) -> bool:
    """A string or a bareword (AND, OR, NOT and NEAR included: the caller tells them)."""
    return _TERM.match(lexeme) is not None


def _next(lexemes: list[str], i: int) -> str:
    """The next lexeme after position i that is not space ('' at the end)."""
    after = _skip_space(lexemes, i + 1)
    return lexemes[after] if after < len(lexemes) else ""


def _phrase(lexemes: list[str], start: int) -> tuple[int, str, bool]:
    """A phrase starting at `start`: terms joined by `+` ("a" + "b" is "a b"), and an optional
    prefix `*`. Returns the position after it, its text and whether it had the star."""
    words = [_unquoted(lexemes[start])]
    end = start + 1
    while True:
        after = _skip_space(lexemes, end)
        if after < len(lexemes) and lexemes[after] == "+":
            term = _skip_space(lexemes, after + 1)
            if term < len(lexemes) and _is_term(lexemes[term]):
                words.append(_unquoted(lexemes[term]))
                end = term + 1
                continue
        break
    after = _skip_space(lexemes, end)
    star = after < len(lexemes) and lexemes[after] == "*"
    return (after + 1 if star else end), " ".join(words), star


def _skip_space(lexemes: list[str], i: int) -> int:
    while i < len(lexemes) and lexemes[i].isspace():
        i += 1
    return i


def _unquoted(term: str) -> str:
    return term[1:-1].replace('""', '"') if term.startswith('"') else term


def _with_shadow(column: str, in_braces: bool) -> str:
    shadow = SHADOW_COLUMNS.get(_unquoted(column).lower())
    if shadow is None:
        return column
    return f"{column} {shadow}" if in_braces else f"{{{column} {shadow}}}"


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
    """Config topics → rules (config.Topic objects)."""
    return [_rule(topic) for topic in topics]


def _rule(topic: Any) -> TopicRule:
    exclude_query = topic.exclude if isinstance(topic.exclude, str) else None
    definition = json.dumps(
        {"topic": topic.definition(), "scoring": SCORING_VERSION}, sort_keys=True
    )
    digest = hashlib.sha256(definition.encode()).hexdigest()
    if topic.query is not None:
        return TopicRule(topic.name, topic.query, exclude_query, tuple(topic.sources), None, digest)
    focus = Focus(
        terms=tuple(topic.terms),
        aliases=tuple((lang, tuple(terms)) for lang, terms in sorted(topic.aliases.items())),
        near=tuple(Near(n.word, tuple(n.partners), n.distance) for n in topic.near),
        exclude=tuple(topic.exclude) if isinstance(topic.exclude, list) else (),
        require=topic.require,
        min_mentions=topic.min_mentions,
        threshold=topic.threshold,
    )
    query = _terms_query(focus.all_words(), (), in_title=False)
    return TopicRule(topic.name, query, exclude_query, tuple(topic.sources), focus, digest)


def candidate_query(
    rule: TopicRule, languages: Sequence[str] = (), *, in_title: bool = False
) -> str:
    """The query that finds a rule's candidates in the search index (only those with a
    match in the headline: `in_title`). A topic with terms looks for the forms of its words
    in `languages` only: those the archive (or the article) holds, as each costs FTS5 a
    lookup per word (all 22 made tagging one article 8x slower)."""
    if rule.focus is None:
        return f"title: ({rule.query})" if in_title else rule.query
    return _terms_query(rule.focus.all_words(), tuple(languages), in_title=in_title)


def tagging_query(rule: TopicRule, languages: Sequence[str], *, in_title: bool = False) -> str:
    """The query that finds every article a retag may file under a topic with terms (fewer
    than `candidate_query`, which `topics test` lists): one naming a term, or a near word
    together with one of its partners, as a near mention needs both (a near word alone is
    no mention: "price" stands in most news, "price" and "discount" in few). Where they
    stand and how far apart is left to `relevance`: FTS5's NEAR counts tokens, and one word
    of ours may hold any number of them ("model's", "e-auto", "a/b/c"), so no NEAR
    distance is sure to keep every pair the scorer accepts."""
    focus = rule.focus
    assert focus is not None
    found = tuple(languages)
    terms = tuple(dict.fromkeys(focus.terms_for(None)))
    parts = [_terms_query(terms, found, in_title=in_title)] if terms else []
    for near in focus.near:
        word = _terms_query((near.word,), found, in_title=in_title)
        partners = _terms_query(near.partners, found, in_title=in_title)
        parts.append(f"(({word}) AND ({partners}))")
    return " OR ".join(parts)


@lru_cache(maxsize=256)
def _terms_query(words: tuple[str, ...], languages: tuple[str, ...], *, in_title: bool) -> str:
    return " OR ".join(_as_expression(word, languages, in_title) for word in words)


def _as_expression(term: str, languages: tuple[str, ...], in_title: bool) -> str:
    """A term as FTS5 finds its candidates: its phrase as written, or, for a term matched
    in its word forms, also every such word as any of its stems in `languages` in the stem
    columns (each stem only meets articles of its language), its other words as written.
    The stem columns hold each stem once, without positions, so this finds a superset that
    `relevance` then reads."""
    place = "title: " if in_title else ""
    phrase = place + _as_phrase(unquoted(term))
    tokens = _TOKEN.findall(term.lower())
    stemmed = [t for t in tokens if has_forms(t)] if matches_forms(term) and languages else []
    if not stemmed:
        return phrase
    forms = " AND ".join(
        "(" + " OR ".join(f'"{stem}"' for stem in query_stems(t, languages)) + ")" for t in stemmed
    )
    exact = "".join(f' AND "{t}"' for t in tokens if t not in stemmed)
    columns = STEM_COLUMNS["title"] if in_title else " ".join(STEM_COLUMNS.values())
    return f"({phrase} OR ({{{columns}}}: ({forms}){exact}))"


def _as_phrase(term: str) -> str:
    """A term as an FTS5 phrase (a trailing star kept as the prefix mark)."""
    star = "*" if term.endswith("*") else ""
    return '"' + term.rstrip("*").replace('"', '""') + '"' + star


def matched_terms(highlighted: str, open_mark: str = "\x02", close_mark: str = "\x03") -> list[str]:
    """The distinct words FTS5 marked in a highlight() output, in order of appearance."""
    pattern = re.escape(open_mark) + "(.*?)" + re.escape(close_mark)
    seen: dict[str, None] = {}
    for term in re.findall(pattern, highlighted, flags=re.S):
        seen.setdefault(term.lower(), None)
    return list(seen)
