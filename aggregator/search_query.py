"""What a search query means: plain words as people type them, or FTS5 syntax as written.

One translation for `aggregator search` and Datasette (its search box and `search` query),
so that `covid-19`, `Model Y` or a pasted `Tesla's` find the same articles everywhere:

- A query without FTS5 syntax (no double quotes, parentheses, `:`, `*`, `^`, `+`, or
  AND/OR/NOT/NEAR in capitals) is plain words. Each word is found as written or in another
  form (its stem, see `stems`); a word the index splits (covid-19, Mercedes-Benz, ID.3) is
  the phrase of its pieces; a possessive is its owner (Tesla's is Tesla); a single letter or
  digit belongs to the word before it (Model Y, Model 3), since alone it matches nearly
  every article ("s" of every possessive, Spanish "y").
- Anything else is FTS5 syntax and runs as written (`topics.fts_query` adds the CJK
  rewrite), so quotes, NOT, NEAR and title: keep their exact meaning.

The index reads "model's" as the two words model and s, so a phrase such as "model s" also
matches it: `split_phrases` names the phrases of a query that can match that way, for
`search` to check against the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cjk import CJK_CHARACTERS, SHADOW_COLUMNS, has_cjk
from .relevance import fold, term_regex
from .stems import STEM_COLUMNS, STEMMERS, query_stems
from .topics import QueryError, check_query, fts_query

_SYNTAX = set('"():*^+{}')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_PIECES = re.compile(r"[^\W_]+")  # what the index's tokenizer (unicode61) reads as words
APOSTROPHES = "'’ʼ"
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s(?![^\W_])", re.I)  # Tesla's, Tesla's:
_LETTER = rf"[^\W_{CJK_CHARACTERS}]"  # a letter or digit of a spaced script
_QUOTED = re.compile(r'"(?:[^"]|"")*"(?!\s*\*)')  # a quoted phrase, not a prefix
NEVER = '"ǂ"'  # a phrase no article holds: stems carry a language before the mark
HEADLINE_COLUMNS = ("title", SHADOW_COLUMNS["title"], STEM_COLUMNS["title"])


def plain_words(query: str) -> list[str] | None:
    """The words of a plain query (see the module docstring), a lone letter or digit joined
    to the word before it; None for a query in FTS5 syntax."""
    written = query.split()
    if any(_SYNTAX & set(word) or word in _OPERATORS for word in written):
        return None
    words: list[str] = []
    for word in written:
        pieces = _pieces(word)
        if not pieces:
            continue
        if words and len(pieces) == 1 and len(pieces[0]) == 1 and not has_cjk(pieces[0]):
            words[-1] = f"{words[-1]} {pieces[0]}"
        else:
            words.append(" ".join(pieces))
    return words


def _pieces(word: str) -> list[str]:
    """A typed word as the index's words: Tesla's → Tesla, covid-19 → covid 19."""
    return _PIECES.findall(_POSSESSIVE.sub("", word))


def word_terms(query: str, languages: Sequence[str] = tuple(STEMMERS)) -> list[str] | None:
    """One FTS5 expression per plain word of `query`, each word as written or as any of its
    stems in `languages`; None for FTS5 syntax. Raises QueryError for a plain query without
    a single word."""
    words = plain_words(query)
    if words is None:
        return None
    if not words:
        raise QueryError(f"invalid query {query!r}: no word to search for")
    distinct: dict[str, str] = {}
    for word in words:
        distinct.setdefault(word.lower(), word)
    return [_word_term(word, languages) for word in distinct.values()]


def _word_term(word: str, languages: Sequence[str]) -> str:
    """One plain word as an FTS5 expression: as written, or as any of its stems in
    `languages` (those the archive holds). Phrases (covid 19) are matched as written: stem
    columns hold each stem once, in no order."""
    if has_cjk(word):
        return f"({fts_query(word)})"
    stems = query_stems(word, languages) if " " not in word else []
    if not stems:
        return f'"{word}"'
    forms = " OR ".join(f'"{stem}"' for stem in stems)
    return f'("{word}" OR {{{" ".join(STEM_COLUMNS.values())}}}: ({forms}))'


def plan(query: str, languages: Sequence[str] = tuple(STEMMERS)) -> tuple[str, list[str]]:
    """(MATCH expression, coverage terms) for a query. A query in FTS5 syntax runs exactly as
    written (QueryError when FTS5 cannot parse it). Plain words become "any of them", and the
    coverage terms rank the articles with all the words first, then those with most:
    requiring every word left an analyst's five-word query with two results, and one missing
    word emptied it."""
    terms = word_terms(query, languages)
    if terms is None:
        return fts_query(check_query(query)), []
    return " OR ".join(terms), terms if len(terms) > 1 else []


def in_headline(term: str) -> str:
    """A word's expression limited to the headline (its exact, CJK and stem columns): among
    articles with as many of the words, those with more of them in the headline come first,
    as alert products read TITLE before the body; counted anywhere, a word mentioned in
    passing deep in a report of another event weighed as much as one in a headline."""
    return f"{{{' '.join(HEADLINE_COLUMNS)}}}: ({term})"


def every_word(query: str) -> str:
    """The MATCH expression of a filter that cannot rank (Datasette's table search box): a
    plain query needs every word, each in any of its forms; FTS5 syntax runs as written."""
    terms = _typed_terms(query)
    return fts_query(query) if terms is None else " AND ".join(terms)


def ranking_terms(query: str) -> list[str]:
    """What Datasette's `search` query counts per article: one expression per plain word
    (all words first, then most), or the whole FTS5 query as one."""
    terms = _typed_terms(query)
    return [fts_query(query)] if terms is None else terms


def _typed_terms(query: str) -> list[str] | None:
    """`word_terms` for text typed into a web page, which cannot answer with a usage error:
    text FTS5 cannot parse is read as its words (a stray quote or parenthesis), and text
    without a word matches nothing."""
    try:
        terms = word_terms(query)
        if terms is None:
            check_query(query)
        return terms
    except QueryError:
        words = " ".join(_PIECES.findall(query)).lower()  # and/or/not: words, not operators
        return word_terms(words) if words else [NEVER]


def split_phrases(query: str) -> list[str]:
    """The phrases of `query` (quoted, or a plain word of several pieces) that the index also
    finds across an apostrophe, each as its quoted FTS5 phrase: Latin words only (CJK
    phrases are bigrams), not prefixes."""
    words = plain_words(query)
    quoted = [f'"{w}"' for w in words] if words is not None else _QUOTED.findall(query)
    return [
        phrase
        for phrase in dict.fromkeys(quoted)
        if len(_PIECES.findall(phrase)) > 1 and not has_cjk(phrase)
    ]


def apostrophe_joins(phrase: str) -> list[str]:
    """What a text holds where a quoted phrase's words meet across an apostrophe (model's
    for "model s"): the text of a false hit holds one of these."""
    pieces = _PIECES.findall(phrase)
    pairs = zip(pieces, pieces[1:], strict=False)
    return [f"{a}{mark}{b}" for a, b in pairs for mark in APOSTROPHES]


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A quoted phrase as a regular expression over `relevance.fold`ed text: its words as
    whole words (a CJK character next to them is no letter of theirs: 特斯拉Model Y), never
    separated by an apostrophe (relevance.term_regex)."""
    words = phrase[1:-1].replace('""', '"')
    return re.compile(rf"(?<!{_LETTER}){term_regex(words)}(?!{_LETTER})")


def holds(pattern: re.Pattern[str], *texts: str | None) -> bool:
    return any(text and pattern.search(fold(text)) for text in texts)
