"""Whether an article is *about* a topic, not merely mentions it: a score from 0 to 1.

FTS5 finds the candidates fast (every article naming any of a topic's terms); this module
then reads each candidate's headline and text and looks at where and how often the terms
stand, the way alert products read TITLE, INGRESS (lead), NEAR and word counts:

- a term in the headline is strong evidence, one in the lead (the first `LEAD_WORDS` words)
  good evidence, and every further mention adds a little (`score`, a noisy-OR: each piece of
  evidence removes a share of the remaining doubt);
- a topic may demand more: a mention in the headline or lead (`require`), a minimum number
  of mentions, a word near another (`near`), and no excluded term.

Text is compared lower-cased and without accents, as the search index does. A word ends at
an apostrophe, and the apostrophe never starts a new word: "Tesla's" is Tesla, and
"model's" is not "model s" (the index splits it into those two words, so its candidate list
holds such false hits; the check here drops them). Chinese and Japanese terms are found
wherever their characters stand together (小米 inside 小米汽车), as in search; Latin words
glued to them are words of their own (SU7 in 小米SU7).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from os.path import commonprefix

from .cjk import CJK_CHARACTERS, count_words, has_cjk, has_unspaced
from .stems import MARK, query_stems, stem_language

# Bump when the scoring below changes: stored topic hashes include it, so `topics retag`
# then rescores every topic.
SCORING_VERSION = 2  # 2: word forms
LEAD_WORDS = 60  # "first paragraph or ~60 words": wire copy puts the news in the first 60
TITLE_WEIGHT = 0.6
LEAD_WEIGHT = 0.35
MENTION_WEIGHT = 0.15
DEFAULT_THRESHOLD = 0.5
# A `query` topic has no rules to weigh: a match in the headline ranks above one in the text.
QUERY_TITLE_SCORE = 1.0
QUERY_TEXT_SCORE = 0.5

_LETTER = rf"[^\W_{CJK_CHARACTERS}]"  # a letter or digit of a spaced script
_IS_LETTER = re.compile(_LETTER)
_LETTERS = re.compile(f"{_LETTER}*")
_PIECE = re.compile(rf"[{CJK_CHARACTERS}]+|{_LETTER}+")
_APOSTROPHE = "'’ʼ"
_WORD_GAP = rf"[^\w{_APOSTROPHE}]+"  # between two Latin words: never an apostrophe
_CJK_GAP = rf"[^\w{_APOSTROPHE}]*"  # next to CJK characters: nothing or punctuation
_ACCENTS = re.compile("[\u0300-\u036f]")
_SPACED_WORDS = re.compile(r"\S+")
_LONGEST_WORD = 40  # characters a word and its spaces take at most (farther is never near)
_ADJACENT = re.compile(rf"[^\w{_APOSTROPHE}]{{0,3}}")
# the rest of a word form after its stem's first letters: Latin letters, as folded (the
# languages with a stemmer are written in Latin script)
_FORM_ENDING = "[a-z\u00c0-\u024f]*"
FORMS_MIN_LETTERS = 3


@dataclass(frozen=True)
class Near:
    """`word` counts as a mention where one of `partners` stands within `distance` words."""

    word: str
    partners: tuple[str, ...]
    distance: int


@dataclass(frozen=True)
class Focus:
    """A topic's rules: what to look for, and how much of it makes an article about it."""

    terms: tuple[str, ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, terms) pairs
    near: tuple[Near, ...] = ()
    exclude: tuple[str, ...] = ()
    require: str = "anywhere"
    min_mentions: int = 1
    threshold: float = DEFAULT_THRESHOLD

    def terms_for(self, language: str | None) -> tuple[str, ...]:
        """The terms plus the aliases of the article's language (all of them when it is
        unknown): a German alias must not fire on an English word that happens to match."""
        base = (language or "").split("-")[0].split("_")[0].lower()
        chosen = [t for lang, terms in self.aliases if not base or lang == base for t in terms]
        return (*self.terms, *chosen)

    @cached_property
    def has_forms(self) -> bool:
        """Whether any of its words is matched in its other forms (see `matches_forms`)."""
        near = (word for rule in self.near for word in (rule.word, *rule.partners))
        aliases = (t for _, terms in self.aliases for t in terms)
        return any(matches_forms(t) for t in (*self.terms, *aliases, *near, *self.exclude))

    def all_words(self) -> tuple[str, ...]:
        """Every term, alias and near word: what FTS5 must find for an article to be read."""
        aliases = (t for _, terms in self.aliases for t in terms)
        return tuple(dict.fromkeys([*self.terms, *aliases, *(n.word for n in self.near)]))


@dataclass(frozen=True)
class Evidence:
    """Where a topic's terms stand in one article, and what follows from it."""

    title: int  # mentions in the headline
    lead: int  # mentions in the lead (the first LEAD_WORDS words of the text)
    text: int  # mentions in the whole text, lead included
    matched: tuple[str, ...]  # the distinct words found, as written
    excluded: tuple[str, ...]  # excluded terms found

    @property
    def mentions(self) -> int:
        return self.title + self.text

    @property
    def score(self) -> float:
        doubt = (1 - TITLE_WEIGHT) if self.title else 1.0
        doubt *= (1 - LEAD_WEIGHT) if self.lead else 1.0
        doubt *= (1 - MENTION_WEIGHT) ** self.text
        return round(1 - doubt, 4)

    def verdict(self, focus: Focus) -> str | None:
        """Why the article is not about the topic, or None when it is."""
        if self.excluded:
            return f"excluded: {', '.join(self.excluded)}"
        if self.mentions < focus.min_mentions:
            return f"{self.mentions} mention(s), min_mentions is {focus.min_mentions}"
        if not self._in_required_place(focus.require):
            return f"not in the {focus.require.replace('_', ' ')}"
        if self.score < focus.threshold:
            return f"score {self.score:.2f} below the threshold {focus.threshold:g}"
        return None

    def _in_required_place(self, place: str) -> bool:
        if place == "title":
            return self.title > 0
        if place == "lead":
            return self.lead > 0
        if place == "title_or_lead":
            return self.title + self.lead > 0
        return self.mentions > 0


@dataclass(frozen=True)
class Folded:
    """An article as the scorer reads it: headline and text folded once (`fold`), then
    scored for every topic it is a candidate of (folding costs as much as a topic's
    reading)."""

    title: str
    text: str
    language: str | None

    @cached_property
    def stem_language(self) -> str | None:
        """The language whose word forms the article's words are read in (as the search
        index's stem columns read them; None for Chinese, Japanese…)."""
        return stem_language(self.language, f"{self.title} {self.text[:2000]}")


def folded(title: str | None, text: str | None, language: str | None) -> Folded:
    return Folded(fold(title or ""), fold(text or ""), language)


def evaluate(focus: Focus, title: str, text: str, language: str | None) -> Evidence:
    """The evidence for `focus` in one article."""
    return evidence(focus, folded(title, text, language))


def evidence(focus: Focus, article: Folded) -> Evidence:
    """The evidence for `focus` in an article already folded."""
    title, text = article.title, article.text
    forms = article.stem_language if focus.has_forms else None
    terms = _present(focus.terms_for(article.language), forms, title, text)
    title_hits = _hits(terms, focus.near, forms, title)
    text_hits = _hits(terms, focus.near, forms, text)
    lead_end = _lead_end(text) if text_hits else 0
    both = f"{title}\n{text}" if focus.exclude else ""
    excluded = _present(focus.exclude, forms, both)
    found_excluded = [span[2] for span in _mentions(excluded, forms, both)]
    matched = [m for _, m in title_hits + text_hits]
    return Evidence(
        title=len(title_hits),
        lead=sum(1 for start, _ in text_hits if start < lead_end),
        text=len(text_hits),
        matched=tuple(dict.fromkeys(matched)),
        excluded=tuple(dict.fromkeys(found_excluded)),
    )


def may_be_about(focus: Focus, article: Folded) -> bool:
    """False when the article cannot be about the topic, whatever a full reading finds:
    the verdict on an upper bound of its evidence, counted with `str.count` (C speed, a
    fiftieth of a reading). Every mention starts with the first word of a term or near
    word, and mentions do not overlap, so the non-overlapping occurrences of those words
    bound the mentions in headline and text; the score and every rule only grow with
    them. Tagging reads in full only the articles that pass."""
    words = _first_words(
        focus, article.language, article.stem_language if focus.has_forms else None
    )
    title = sum(article.title.count(word) for word in words)
    text = sum(article.text.count(word) for word in words)
    bound = Evidence(title=title, lead=min(text, 1), text=text, matched=(), excluded=())
    return bound.verdict(focus) is None


@lru_cache(maxsize=1024)
def _first_words(focus: Focus, language: str | None, forms: str | None) -> tuple[str, ...]:
    """What every mention of the focus's terms and near words starts with."""
    searched = (*focus.terms_for(language), *(rule.word for rule in focus.near))
    return tuple(word for word, _ in _by_first_word(searched, forms))


def fold(text: str) -> str:
    """Lower case without accents (as the index's `remove_diacritics 2` reads text); full-
    width Latin letters become plain ones. Kana and Hangul keep their composed form."""
    text = text.lower()
    if text.isascii() or _folded_already(text):
        return text
    return unicodedata.normalize("NFKC", _ACCENTS.sub("", unicodedata.normalize("NFKD", text)))


def _folded_already(text: str) -> bool:
    """Text that both normal forms leave as it is and that has no combining accent folds to
    itself: most non-ASCII news text (curly quotes, dashes, CJK), checked in a tenth of the
    time the two normalisations take."""
    return (
        unicodedata.is_normalized("NFKD", text)
        and unicodedata.is_normalized("NFKC", text)
        and not _ACCENTS.search(text)
    )


def check_term(term: str) -> str:
    """A term as written in sources.yaml, or ValueError saying what is wrong with it."""
    if not isinstance(term, str) or not _PIECE.search(fold(term)):
        raise ValueError(f"expected a word or phrase with letters or digits, got {term!r}")
    term = term.strip()
    words = unquoted(term)
    if '"' in words:
        raise ValueError(
            f"double quotes go around a whole term to match it exactly "
            f"('\"model y\"'), got {term!r}"
        )
    if "*" in words.rstrip("*") or words.endswith("**"):
        raise ValueError(f"a star may only end a term (batter* for battery), got {term!r}")
    if term.startswith('"') and words.endswith("*"):
        raise ValueError(f"a term in quotes cannot end with a star, got {term!r}")
    return term


def unquoted(term: str) -> str:
    """A term without the double quotes that ask for it exactly."""
    exact = len(term) > 1 and term.startswith('"') and term.endswith('"')
    return term[1:-1] if exact else term


def matches_forms(term: str) -> bool:
    """Whether a term also matches other forms of its words ("delivery" finds
    "deliveries"), as search does: every term but one in double quotes ("model y" only
    as written) or with a prefix star (battery*). Within it, see `has_forms`."""
    return not term.startswith('"') and not term.endswith("*")


def has_forms(word: str) -> bool:
    """Whether a word of such a term is matched in its forms: words of letters (SU7 and
    CJK have none) of three or more (Snowball leaves shorter words as they are: "y" of
    Model Y stays "y", not every possessive's "s")."""
    return len(word) >= FORMS_MIN_LETTERS and word.isalpha() and not has_cjk(word)


@dataclass(frozen=True)
class _Compiled:
    """A term ready to be found in folded text of one language."""

    pattern: re.Pattern[str]
    first: str  # what every occurrence starts with: its first word, or that word's stem
    prefix: bool  # a trailing star: the last word runs to the end of the word in the text
    forms: tuple[tuple[int, str, str], ...]  # (group, word, its stem): found in any form


@lru_cache(maxsize=4096)
def _compiled(term: str, language: str | None) -> _Compiled:
    """A term as a regular expression over folded text: its words in order, separated as
    the index separates them — except by an apostrophe, unless the term itself has one
    there (o'neill). A word matched in its forms (`language` given, see `matches_forms`)
    is its stem's letters shared with the word ("deliver" for delivery, stem "deliveri")
    and any Latin letters, each found word then checked to have the same stem. That the
    first and last words are whole words (or the last a prefix, with a trailing star) is
    checked by `_occurrences`: a look-behind first keeps the regex engine from skipping
    ahead to a term's first letter (25x slower), and a class of "letters but not CJK"
    takes 25 ms to compile."""
    words = unquoted(term)
    folded_term = fold(words.rstrip("*"))
    pieces = list(_PIECE.finditer(folded_term))
    parts: list[str] = []
    forms: list[tuple[int, str, str]] = []
    first = ""
    for i, piece in enumerate(pieces):
        cjk = has_cjk(piece.group())
        if i:
            gap = folded_term[pieces[i - 1].end() : piece.start()]
            latin_pair = not cjk and not has_cjk(pieces[i - 1].group())
            if any(a in gap for a in _APOSTROPHE):
                parts.append(f"[{_APOSTROPHE}]")
            else:
                parts.append(_WORD_GAP if latin_pair else _CJK_GAP)
        forms_wanted = language and matches_forms(term) and has_forms(piece.group())
        stems = query_stems(piece.group(), [language]) if forms_wanted else []
        shared = commonprefix([piece.group(), stems[0].split(MARK, 1)[1]]) if stems else ""
        if shared:
            forms.append((len(forms) + 1, piece.group(), stems[0]))
            parts.append(f"({re.escape(shared)}{_FORM_ENDING})")
        else:
            parts.append(re.escape(piece.group()))
        first = first or shared or piece.group()
    return _Compiled(re.compile("".join(parts)), first, words.endswith("*"), tuple(forms))


def term_regex(term: str) -> str:
    """A term's words exactly as written (no other forms), as a regular expression over
    folded text: what a quoted search phrase must match (`search_query.phrase_pattern`)."""
    return _compiled(term, None).pattern.pattern


def _present(
    terms: tuple[str, ...], language: str | None, text: str, other: str = ""
) -> tuple[str, ...]:
    """The terms whose first word occurs in the text (or the other one) at all. A substring
    test costs ~1.5 µs on a 2 KB text, a regular expression search ~20 ns per character;
    most articles hold one or two of a topic's terms."""
    groups = _by_first_word(terms, language)
    found = [group for word, group in groups if word in text or word in other]
    return tuple(term for group in found for term in group)


@lru_cache(maxsize=512)
def _by_first_word(
    terms: tuple[str, ...], language: str | None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The terms grouped by what they start with (model 3, model y… are looked for once)."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(_compiled(term, language).first, []).append(term)
    return tuple((word, tuple(group)) for word, group in groups.items())


_Span = tuple[int, int, str]  # start, end, the words as written (folded)


def _hits(
    terms: tuple[str, ...], near: tuple[Near, ...], language: str | None, text: str
) -> list[tuple[int, str]]:
    """(position, word) of every mention: each term found, and each near word with a
    partner close enough. Terms written one after the other are one name, one mention
    ("Tesla Model Y" names the Model Y once, not Tesla and then the Model Y)."""
    found = _mentions(terms, language, text)
    for rule in near:
        found.extend(_near_hits(rule, language, text))
    mentions: list[tuple[int, str]] = []
    last_end = -1
    for start, end, word in sorted(found, key=lambda hit: (hit[0], -hit[1])):
        if mentions and _ADJACENT.fullmatch(text, last_end, start):
            mentions[-1] = (mentions[-1][0], f"{mentions[-1][1]} {word}")
        elif start >= last_end:
            mentions.append((start, word))
        last_end = max(last_end, end)
    return mentions


def _mentions(terms: tuple[str, ...], language: str | None, text: str) -> list[_Span]:
    """Where the terms occur as words, leftmost-longest and not overlapping: not inside a
    word ("xtesla", "modely"), a starred term to the end of its word."""
    spans = [span for term in terms for span in _occurrences(_compiled(term, language), text)]
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[_Span] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _occurrences(term: _Compiled, text: str) -> Iterator[_Span]:
    position = 0
    while match := term.pattern.search(text, position):
        start, end = match.span()
        position = start + 1
        if start and _IS_LETTER.match(text, start - 1) and _IS_LETTER.match(text, start):
            continue
        if term.prefix:
            end = _LETTERS.match(text, end).end()
        elif _IS_LETTER.match(text, end) and _IS_LETTER.match(text, end - 1):
            continue
        if term.forms and not all(_form_of(match.group(g), w, s) for g, w, s in term.forms):
            continue
        yield start, end, text[start:end]


def _form_of(found: str, word: str, stem: str) -> bool:
    """Whether a word found in the text is the term's word or one of its forms (`stem`
    tagged with its language, as `stems.query_stems` gives it)."""
    return found == word or _stem(found, stem.split(MARK, 1)[0]) == stem


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str | None:
    """A word's stem tagged with its language (news repeats its words: cached)."""
    stems = query_stems(word, [language])
    return stems[0] if stems else None


def _near_hits(rule: Near, language: str | None, text: str) -> list[_Span]:
    words = _mentions(_present((rule.word,), language, text), language, text)
    partners = _mentions(_present(rule.partners, language, text), language, text) if words else []
    if not partners:
        return []
    starts = [partner[0] for partner in partners]
    hits = []
    for word in words:
        # the closest partner on each side is the closest in words on that side too
        at = bisect_left(starts, word[0])
        neighbours = partners[max(at - 1, 0) : at + 1]
        if any(_within(text, word, partner, rule.distance) for partner in neighbours):
            hits.append(word)
    return hits


def _within(text: str, first: _Span, second: _Span, distance: int) -> bool:
    """Whether at most `distance` words stand between two spans (as FTS5's NEAR)."""
    if first[0] > second[0]:
        first, second = second, first
    if second[0] <= first[1]:
        return True
    if second[0] - first[1] > distance * _LONGEST_WORD:
        return False
    return count_words(text[first[1] : second[0]]) <= distance


def _lead_end(text: str) -> int:
    """Where the lead ends: after LEAD_WORDS words, Chinese and Japanese counted as in
    word counts (one word per 1.8 characters)."""
    if not has_unspaced(text[: LEAD_WORDS * 12]):
        words = text.split(None, LEAD_WORDS)
        return len(text) - len(words[-1]) if len(words) > LEAD_WORDS else len(text)
    words = 0
    for piece in _SPACED_WORDS.finditer(text):
        words += max(count_words(piece.group()), 1)
        if words >= LEAD_WORDS:
            return piece.end()
    return len(text)
