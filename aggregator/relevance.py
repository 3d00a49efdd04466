"""Whether an article is *about* a topic, not merely mentions it: a score from 0 to 1.

FTS5 finds the candidates fast (every article naming any of a topic's terms); this module
then reads each candidate's headline and text (once for all the topics it is a candidate
of: `Scanner`) and looks at where and how often the terms stand, the way alert products
read TITLE, INGRESS (lead), NEAR and word counts:

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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from os.path import commonprefix
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

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
# a later word of a term in its forms shorter than this is not scanned for (nearly every
# article has a word starting so, and the scan would report each); one that stands whole
# (`WHOLE`) is, whatever its length ("y" of Model Y)
NEEDED_LETTERS = 3


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

    @cached_property
    def plans(self) -> dict[tuple[str | None, str | None], _Plan]:
        """Its `_Plan` per article language (filled by `_plan`)."""
        return {}

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
        return _score(self.title > 0, self.lead > 0, self.text)

    def verdict(self, focus: Focus) -> str | None:
        """Why the article is not about the topic, or None when it is."""
        if self.excluded:
            return f"excluded: {', '.join(self.excluded)}"
        broken = _broken_rule(focus, self.title, self.lead, self.text)
        if broken is _MIN_MENTIONS:
            return f"{self.mentions} mention(s), min_mentions is {focus.min_mentions}"
        if broken is _REQUIRE:
            return f"not in the {focus.require.replace('_', ' ')}"
        if broken is _THRESHOLD:
            return f"score {self.score:.2f} below the threshold {focus.threshold:g}"
        return None


_MIN_MENTIONS, _REQUIRE, _THRESHOLD = "min_mentions", "require", "threshold"


def _broken_rule(focus: Focus, title: int, lead: int, text: int) -> str | None:
    """The first rule of the focus that mentions counted so (in headline, lead and text)
    break, or None. Apart from the evidence so that the upper bound of every candidate
    (`tag_score`) is checked without building one: a quarter of scoring went to that."""
    mentions = title + text
    if mentions < focus.min_mentions:
        return _MIN_MENTIONS
    if not _in_required_place(focus.require, title, lead, mentions):
        return _REQUIRE
    if _score(title > 0, lead > 0, text) < focus.threshold:
        return _THRESHOLD
    return None


def _in_required_place(place: str, title: int, lead: int, mentions: int) -> bool:
    if place == "title":
        return title > 0
    if place == "lead":
        return lead > 0
    if place == "title_or_lead":
        return title + lead > 0
    return mentions > 0


@lru_cache(maxsize=4096)
def _score(in_title: bool, in_lead: bool, text: int) -> float:
    """The noisy-OR of the evidence (see the module docstring): cached, as a few counts
    recur over the whole archive."""
    doubt = (1 - TITLE_WEIGHT) if in_title else 1.0
    doubt *= (1 - LEAD_WEIGHT) if in_lead else 1.0
    doubt *= (1 - MENTION_WEIGHT) ** text
    return round(1 - doubt, 4)


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


def evidence(focus: Focus, article: Folded, reading: Reading | None = None) -> Evidence:
    """The evidence for `focus` in an article already folded (and `read` for a set of
    topics holding this one, when several topics are scored on it)."""
    reading = reading or scanner((focus,)).read(article)
    plan = _plan(focus, article.language, reading.language)
    return _evidence(plan, reading, plan.bound(reading)[3])


def may_be_about(focus: Focus, article: Folded, reading: Reading | None = None) -> bool:
    """False when the article cannot be about the topic, whatever a full reading finds:
    the verdict on an upper bound of its evidence, counted from where the scan found the
    first words of its terms, and of its near words when one of their partners is there
    too. Every mention starts at such a place, and mentions do not
    overlap, so those places bound the mentions in headline and text; the score and every
    rule only grow with them. Tagging reads in full only the articles that pass."""
    reading = reading or scanner((focus,)).read(article)
    title, lead, text, _ = _plan(focus, article.language, reading.language).bound(reading)
    return _broken_rule(focus, title, lead, text) is None


def tag_score(focus: Focus, article: Folded, reading: Reading) -> float | None:
    """The article's score for the topic when it is about it, else None: what tagging
    stores (`may_be_about`, then the full `evidence` only for the articles that pass)."""
    plan = _plan(focus, article.language, reading.language)
    title, lead, text, present = plan.bound(reading)
    if _broken_rule(focus, title, lead, text) is not None:
        return None
    title_hits, text_hits = _all_hits(present, reading, in_title=title > 0)
    if plan.exclude and _excluded(plan.exclude, reading):
        return None
    # only whether the lead holds a mention counts: the first in the text tells
    lead = int(bool(text_hits) and text_hits[0][0] < reading.lead_end)
    if _broken_rule(focus, len(title_hits), lead, len(text_hits)) is not None:
        return None
    return _score(bool(title_hits), lead > 0, len(text_hits))


def _evidence(plan: _Plan, reading: Reading, present: _Present) -> Evidence:
    """The evidence from the terms present."""
    title_hits, text_hits = _all_hits(present, reading)
    matched = [m for _, m in title_hits + text_hits]
    return Evidence(
        title=len(title_hits),
        lead=_in_lead(text_hits, reading),
        text=len(text_hits),
        matched=tuple(dict.fromkeys(matched)),
        excluded=tuple(dict.fromkeys(span[2] for span in _excluded(plan.exclude, reading))),
    )


def _all_hits(
    present: _Present, reading: Reading, *, in_title: bool = True
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The mentions (`_hits`) in the headline and in the text (`in_title`: False when no
    first word starts in the headline, which then holds none)."""
    title_hits = _hits(present.terms, present.near, reading, TITLE) if in_title else []
    return title_hits, _hits(present.terms, present.near, reading, TEXT)


def _in_lead(text_hits: list[tuple[int, str]], reading: Reading) -> int:
    if not text_hits:
        return 0
    lead_end = reading.lead_end
    return sum(1 for start, _ in text_hits if start < lead_end)


def _excluded(exclude: _Grouped, reading: Reading) -> list[_Span]:
    """Where the excluded terms present occur."""
    present = _held(exclude, reading.starts)
    return _mentions(present, reading, BOTH) if present else []


# (first word, the terms it starts: each term matching differently once, `_Compiled.same`)
_Grouped = tuple[tuple[str, tuple["_Compiled", ...]], ...]


@dataclass(frozen=True)
class _Plan:
    """A focus's terms for articles of one language, by the first word that starts them:
    what a reading looks up before checking any (most of a topic's terms are absent from
    most of its candidates)."""

    terms: _Grouped
    near: tuple[_NearPlan, ...]
    exclude: _Grouped

    @cached_property
    def _groups(self) -> dict[str, tuple[_Compiled, ...]]:
        return dict(self.terms)

    @cached_property
    def _firsts(self) -> frozenset[str]:
        return frozenset(self._groups)

    @cached_property
    def _plain(self) -> frozenset[str]:
        """The first words none of whose terms needs later words: all held once it is."""
        return frozenset(first for first, group in self.terms if not any(t.needs for t in group))

    def bound(self, reading: Reading) -> tuple[int, int, int, _Present]:
        """An upper bound of the mentions in headline, lead and text: how many times the
        first words of its terms start in each, each capped by its phrases' later words
        (`_group_bound`), and the first words of its near words with a partner's close
        enough (`_near_bound`); a first word of both, the sum of the two, capped by its
        count (mentions do not overlap: one at most per place); and the terms and near
        rules present (their first words and needs start somewhere in it: a near rule's
        word and one of its partners'), found on the way."""
        starts, counts = reading.starts, reading.counts
        there = starts.keys()
        near = self._near_there(starts) if self.near else ()
        near_counts = _near_counts(reading, near) if near else _NO_COUNTS
        title = lead = text = 0
        terms: list[_Compiled] = []
        groups, plain = self._groups, self._plain
        for first in self._firsts.intersection(starts):
            if first in plain:
                terms += groups[first]
                in_title, in_lead, in_text = counts[first]
            else:
                held = [term for term in groups[first] if there >= term.need_set]
                if held:
                    terms += held
                    in_title, in_lead, in_text = _group_bound(counts, first, held)
                else:
                    in_title = in_lead = in_text = 0
            if first in near_counts:
                near_title, near_lead, near_text = near_counts.pop(first)
                at_most = counts[first]
                in_title = min(in_title + near_title, at_most[0])
                in_lead = min(in_lead + near_lead, at_most[1])
                in_text = min(in_text + near_text, at_most[2])
            title += in_title
            lead += in_lead
            text += in_text
        for in_title, in_lead, in_text in near_counts.values():
            title, lead, text = title + in_title, lead + in_lead, text + in_text
        return title, lead, text, _Present(tuple(terms), near)

    def _near_there(self, starts: dict[str, list[int]]) -> tuple[_NearPlan, ...]:
        """The near rules whose word and one of whose partners both start somewhere in
        the article."""
        return tuple(
            rule
            for rule in self.near
            if rule.word.first in starts and any(first in starts for first in rule.firsts)
        )


class _NearPlan(NamedTuple):
    """A near rule with its word and partners compiled for one language."""

    word: _Compiled
    partners: tuple[_Compiled, ...]
    firsts: tuple[str, ...]  # the partners' first words
    distance: int
    # the word and the partners as written: their mentions are kept under them
    word_key: tuple[str]
    key: tuple[str, ...]
    # whether every partner is one Latin word: a mention of it ends where the word
    # starting there ends (others may run on: "electric vehicle")
    single_partners: bool


def _held(grouped: _Grouped, starts: dict[str, list[int]]) -> tuple[_Compiled, ...]:
    """The terms whose first word and needs all start somewhere in the article."""
    return tuple(
        term
        for first, group in grouped
        if first in starts
        for term in group
        if starts.keys() >= term.need_set
    )


def _group_bound(
    counts: dict[str, tuple[int, int, int]], first: str, held: list[_Compiled]
) -> tuple[int, int, int]:
    """How many mentions of the terms starting with `first` (each term's `needs` given,
    all present) the headline, lead and text may hold: no more than the first word starts
    there, and, when every term has later words scanned for, no more than the sum over the
    terms of their rarest later word's count (each mention holds its own: mentions do not
    overlap). A mention in the headline holds its later words there; one starting in the
    lead may end past it, so the lead is capped by the text's counts. "Price war" is read
    in full only where "war" follows often enough, not wherever "price" does."""
    in_title, in_lead, in_text = counts[first]
    if not all(term.needs for term in held):
        return in_title, in_lead, in_text
    title_cap = text_cap = 0
    for term in held:
        if len(term.needs) == 1:
            counted = counts[term.needs[0]]
            title_cap += counted[0]
            text_cap += counted[2]
        else:
            title_cap += min(counts[need][0] for need in term.needs)
            text_cap += min(counts[need][2] for need in term.needs)
    return min(in_title, title_cap), min(in_lead, text_cap), min(in_text, text_cap)


_NO_COUNTS: dict[str, tuple[int, int, int]] = {}


def _near_counts(reading: Reading, near: tuple[_NearPlan, ...]) -> dict[str, tuple[int, int, int]]:
    """Near word → `_near_bound` of the near rules present with that word."""
    by_word: dict[str, list[_NearPlan]] = {}
    for rule in near:
        by_word.setdefault(rule.word.first, []).append(rule)
    return {word: _near_bound(reading, rules) for word, rules in by_word.items()}


def _near_bound(reading: Reading, rules: list[_NearPlan]) -> tuple[int, int, int]:
    """How many times the near rules' word (the same first word in all) starts in the
    headline, lead and text with the first word of one of a rule's partners close enough
    (`Reading.partners_close`): a bound of its near mentions, found from the scan alone.
    A near word was counted wherever it stands once a partner was anywhere: "tariff*" near
    "ev" read in full 1,553 times on the 20k archive where no tag came of it."""
    first = rules[0].word.first
    if not all(rule.word.single for rule in rules):
        # a phrase starting with the word ("tariff war") may end farther than it
        return reading.counts[first]
    places = reading.starts[first]
    if len(rules) == 1:
        close = reading.partners_close(places, rules[0])
    else:
        close = sorted(set().union(*(reading.partners_close(places, rule) for rule in rules)))
    in_title = bisect_left(close, reading.split)
    if len(close) == in_title:
        return in_title, 0, 0
    in_lead = bisect_left(close, reading.lead_end) - in_title
    return in_title, in_lead, len(close) - in_title


class _Present(NamedTuple):
    terms: tuple[_Compiled, ...]
    near: tuple[_NearPlan, ...]


def _plan(focus: Focus, language: str | None, forms: str | None) -> _Plan:
    """The focus's `_Plan` for an article's declared language and its word forms' one,
    kept with the focus (hashing a focus costs as much as using its plan)."""
    key = (language, forms)
    plan = focus.plans.get(key)
    if plan is None:

        def grouped(terms: tuple[str, ...]) -> _Grouped:
            groups: dict[str, dict[tuple, _Compiled]] = {}
            for term in terms:
                compiled = _compiled(term, forms)
                groups.setdefault(compiled.first, {}).setdefault(compiled.same, compiled)
            return tuple((first, tuple(group.values())) for first, group in groups.items())

        def near_plan(rule: Near) -> _NearPlan:
            partners = tuple(
                {p.same: p for p in (_compiled(p, forms) for p in rule.partners)}.values()
            )
            firsts = tuple(dict.fromkeys(p.first for p in partners))
            word = _compiled(rule.word, forms)
            single = all(partner.single for partner in partners)
            return _NearPlan(
                word, partners, firsts, rule.distance, (rule.word,), rule.partners, single
            )

        near = tuple(near_plan(rule) for rule in focus.near)
        plan = focus.plans[key] = _Plan(
            grouped(focus.terms_for(language)), near, grouped(focus.exclude)
        )
    return plan


def fold(text: str) -> str:
    """Lower case without accents (as the index's `remove_diacritics 2` reads text); full-
    width Latin letters become plain ones. Kana and Hangul keep their composed form."""
    text = text.lower()
    if text.isascii():
        return text
    others = _non_ascii(text)
    if all(char in _FOLDS or _HAN_FIRST <= char <= _HAN_LAST for char in others):
        for char in others:
            alone = _FOLDS.get(char, char)
            if alone != char:
                text = text.replace(char, alone)
        return text
    if _folded_already(text):
        return text
    return _full_fold(text)


def _non_ascii(text: str) -> set[str]:
    """The characters of `text` beyond ASCII (its UTF-8 without the ASCII bytes is theirs:
    a tenth of the time of a search for them)."""
    return set(text.encode().translate(None, _ASCII_BYTES).decode())


_ASCII_BYTES = bytes(range(128))


def _full_fold(text: str) -> str:
    return unicodedata.normalize("NFKC", _ACCENTS.sub("", unicodedata.normalize("NFKD", text)))


def _folds_alone(char: str) -> bool:
    """Whether a character folds to characters that neither combine with nor reorder
    around their neighbours (no combining mark among them), each ASCII or folding to
    itself (so that replacing one character after another never folds one twice)."""
    folded = _full_fold(char)
    return not any(unicodedata.combining(c) for c in char + folded) and all(
        c.isascii() or _full_fold(c) == c for c in folded
    )


# Latin letters with accents (Latin-1, Extended-A and -B) and punctuation (quotes, dashes,
# spaces) each fold by themselves, and Han characters (CJK Unified Ideographs) to
# themselves: text of ASCII and these is folded character by character, its few distinct
# other characters replaced (a non-ASCII field of the 20k archive: 94 us through both
# normalisations, 38 us so)
_FOLDS = {
    char: _full_fold(char)
    for char in map(chr, [*range(0xA0, 0x250), *range(0x2000, 0x2070)])
    if _folds_alone(char)
}
_HAN_FIRST, _HAN_LAST = "\u4e00", "\u9fff"


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
    # one Latin word: an occurrence is the whole word a scan finds it starting (`Reading`)
    single: bool = False
    # what its later Latin words start with (of three letters or more, or standing whole:
    # `WHOLE`): each starts a word wherever the term occurs, so an article without one of
    # them cannot hold the term
    needs: tuple[str, ...] = ()
    # what its second word starts with when a plain gap parts it from a Latin first word:
    # checked before the expression runs (`Reading._followed_by`)
    second: str = ""
    # for a single word in its forms: word in the text → whether it is one of them
    known_forms: dict[str, bool] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def same(self) -> tuple:
        """What decides where the term occurs: terms equal in it occur at the very same
        places ("tesla" and "teslas" both as words whose stem is tesla), and are found
        once. A form's word is not part of it: `_form_of` accepts the word, and only
        words with its stem."""
        return (self.pattern.pattern, self.prefix, tuple((g, s) for g, _, s in self.forms))

    @cached_property
    def need_set(self) -> frozenset[str]:
        """Its needs, to be checked against a reading's first words at once."""
        return frozenset(self.needs)

    def is_form(self, word: str) -> bool:
        """Whether a whole word of the text is this single word in one of its forms: what
        the pattern and `_form_of` accept (cached: news repeats its words)."""
        known = self.known_forms.get(word)
        if known is None:
            _, term_word, stem = self.forms[0]
            known = self.known_forms[word] = bool(
                self.pattern.fullmatch(word) and _form_of(word, term_word, stem)
            )
        return known


@lru_cache(maxsize=4096)
def _compiled(term: str, language: str | None) -> _Compiled:
    """A term as a regular expression over folded text: its words in order, separated as
    the index separates them — except by an apostrophe, unless the term itself has one
    there (o'neill). A word matched in its forms (`language` given, see `matches_forms`)
    is its stem's letters shared with the word ("deliver" for delivery, stem "deliveri")
    and any Latin letters, each found word then checked to have the same stem. That the
    first and last words are whole words (or the last a prefix, with a trailing star) is
    checked outside it (`Reading`, `_matches`): a look-behind first keeps the regex engine
    from skipping ahead to a term's first letter (25x slower), and a class of "letters but
    not CJK" takes 25 ms to compile."""
    words = unquoted(term)
    folded_term = fold(words.rstrip("*"))
    pieces = list(_PIECE.finditer(folded_term))
    parts: list[str] = []
    forms: list[tuple[int, str, str]] = []
    needs: list[str] = []
    first = second = ""
    prefix = words.endswith("*")
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
        starting = shared or piece.group()
        if i == 1 and parts[-2] == _WORD_GAP:  # two Latin words apart
            second = starting
        if not shared and _stands_whole(pieces, i, folded_term, prefix=prefix):
            starting += WHOLE
        if i and not cjk and (starting.endswith(WHOLE) or len(starting) >= NEEDED_LETTERS):
            needs.append(starting)
        first = first or starting
    single = len(pieces) == 1 and not has_cjk(first)
    pattern = re.compile("".join(parts))
    return _Compiled(pattern, first, prefix, tuple(forms), single, tuple(needs), second)


# A word of a term that stands whole wherever the term occurs (`_stands_whole`) is scanned
# for with a space after it ("li " of Li Auto, "y " of Model Y): the scan then skips every
# word that merely starts so (lidar, list; yes, year).
WHOLE = " "


def _stands_whole(pieces: list[re.Match[str]], i: int, term: str, *, prefix: bool) -> bool:
    """Whether the i-th word of a term (in no other form) is a whole word wherever the
    term occurs: a Latin word that is not starred and not followed by an apostrophe (ʼ is a
    letter for the scan). A word then ends right after it, which `_apart` turns into a
    space: after the last word of the term, or at the gap or CJK character before its next
    word."""
    piece = pieces[i]
    if has_cjk(piece.group()):
        return False
    if i == len(pieces) - 1:
        return not prefix
    gap = term[piece.end() : pieces[i + 1].start()]
    return not any(a in gap for a in _APOSTROPHE)


def term_regex(term: str) -> str:
    """A term's words exactly as written (no other forms), as a regular expression over
    folded text: what a quoted search phrase must match (`search_query.phrase_pattern`)."""
    return _compiled(term, None).pattern.pattern


_Span = tuple[int, int, str]  # start, end, the words as written (folded)
TITLE, TEXT, BOTH = "title", "text", "both"  # where a reading looks: headline, text, or both
_WHERE = {TITLE: 0, TEXT: 1, BOTH: 2}
# every ASCII byte that cannot be part of a word becomes a space (others are kept)
_APART = bytes(c if chr(c).isalnum() else 0x20 for c in range(128)) + bytes(range(128, 256))


class _Automata:
    """The first words of a set of terms, as Aho-Corasick automata: one finds every Latin
    first word where a word starts (in the text with its non-word characters made spaces,
    `_apart`, each first word written after a space), one every CJK first word wherever it
    stands."""

    def __init__(self, firsts: tuple[str, ...]) -> None:
        self.latin = [word for word in firsts if not has_cjk(word)]
        self.cjk = [word for word in firsts if has_cjk(word)]
        spaced = [f" {word}" for word in self.latin]
        # a DFA: every pattern starts with a space, so no prefilter skips ahead, and the
        # DFA walks the text fastest (the scan took ~15 % less CPU on the 20k archive)
        dfa = Implementation.DFA
        self._ascii = (
            BytesAhoCorasick([word.encode() for word in spaced], implementation=dfa)
            if spaced
            else None
        )
        self._unicode = AhoCorasick(spaced, implementation=dfa) if spaced else None
        self._cjk = AhoCorasick(self.cjk, implementation=dfa) if self.cjk else None

    def starts(self, text: str, apart: str | bytes) -> dict[str, list[int]]:
        """first word → where it starts in `text` (ascending), given `_apart(text)`."""
        found: dict[str, list[int]] = {}
        automaton = self._ascii if isinstance(apart, bytes) else self._unicode
        if automaton is not None:
            # a match of " word" at i: the word starts at i in `text`
            for index, start, _ in automaton.find_matches_as_indexes(apart, overlapping=True):
                found.setdefault(self.latin[index], []).append(start)
        if self._cjk is not None and not text.isascii():
            for index, start, _ in self._cjk.find_matches_as_indexes(text, overlapping=True):
                found.setdefault(self.cjk[index], []).append(start)
        return found


def _apart(text: str) -> str | bytes:
    """A space, then `text` with every character that is not a letter or digit of a spaced
    script (`_LETTER`: not punctuation, an apostrophe or CJK) replaced by a space, then a
    space: a word of `text` starting at i stands at i + 1 between two spaces. ASCII text
    as bytes (translated in C); other text as a string, so that positions carry over."""
    if text.isascii():
        return f" {text} ".encode().translate(_APART)
    spaced = f" {text} ".encode().translate(_APART).decode()
    for char in _non_ascii(text):
        if not _IS_LETTER.match(char):
            spaced = spaced.replace(char, " ")
    return spaced


class Scanner:
    """A set of topics' terms found in an article in one pass (`read`), whatever the
    number of topics: a multi-pattern search (Aho-Corasick, compiled) finds where the first
    word of any of their terms, near words, partners or exclusions starts, and only there
    is a term checked (a one-word term from the word found there, others by their
    expression), instead of searching each term through the whole text, term after term
    and topic after topic."""

    def __init__(self, focuses: tuple[Focus, ...]) -> None:
        self._terms = tuple(dict.fromkeys(term for focus in focuses for term in _searched(focus)))
        self._forms = any(focus.has_forms for focus in focuses)
        self._automata: dict[str | None, _Automata] = {}

    def read(self, article: Folded) -> Reading:
        language = article.stem_language if self._forms else None
        automata = self._automata.get(language)
        if automata is None:
            compiled = [_compiled(term, language) for term in self._terms]
            firsts = (word for term in compiled for word in (term.first, *term.needs))
            automata = self._automata[language] = _Automata(tuple(dict.fromkeys(firsts)))
        both = f"{article.title}\n{article.text}"
        apart = _apart(both)
        return Reading(article, language, both, apart, automata.starts(both, apart))


def _searched(focus: Focus) -> tuple[str, ...]:
    """Every term a focus may look for, in any language."""
    near = (word for rule in focus.near for word in (rule.word, *rule.partners))
    return (*focus.terms_for(None), *near, *focus.exclude)


@lru_cache(maxsize=256)
def scanner(focuses: tuple[Focus, ...]) -> Scanner:
    return Scanner(focuses)


class Reading:
    """An article as a `Scanner` read it: where the first words of its terms start, and
    each term's occurrences in headline, text or both, found from those places once for
    every topic that asks."""

    def __init__(
        self,
        article: Folded,
        language: str | None,
        both: str,
        apart: str | bytes,
        starts: dict[str, list[int]],
    ) -> None:
        self.language = language  # the language of word forms (None: terms as written)
        self.starts = starts  # first word → where it starts in `both`
        self._texts = {TITLE: article.title, TEXT: article.text, BOTH: both}
        self._split = len(article.title)  # the "\n" between headline and text in `both`
        self._apart = apart
        self._space = b" " if isinstance(apart, bytes) else " "
        self._spans: dict[tuple, tuple[list[_Span], ...]] = {}  # `_Compiled.same` → spans
        self._mentions: dict[tuple[tuple[str, ...], str], list[_Span]] = {}
        self._partners: dict[tuple[str, ...], list[int]] = {}
        self.lead_end = self._split + 1 + _lead_end(article.text)  # in both
        # first word → how many times it starts in the headline, the lead and the text:
        # what bounds read (nearly all of them, for one topic or another)
        self.counts = _counts(starts, self._split, self.lead_end)

    @property
    def both(self) -> str:
        return self._texts[BOTH]

    @property
    def split(self) -> int:
        """Where the headline ends in both (the newline before the text)."""
        return self._split

    def partners_close(self, places: list[int], rule: _NearPlan) -> list[int]:
        """Of the places where the rule's word (one Latin word) starts, those where a near
        mention of it may start: the first word of one of its partners starts close
        enough on either side, in the same part (headline or text). What `_near_hits`
        checks, with every place a partner's first word starts standing for a partner:
        each mention of one starts at such a place, so the closest of those on each side
        is at least as close. On the left, a partner that may run on past its first word
        (a phrase) may reach the word: there, close enough whatever the distance."""
        partners = self._partner_starts(rule)
        split, both, distance = self._split, self.both, rule.distance
        find, space, count = self._apart.find, self._space, len(partners)
        close = []
        for start in places:
            at = bisect_left(partners, start)
            part = start < split
            if (
                at < count
                and (partners[at] < split) == part
                and _close(both, find(space, start + 1) - 1, partners[at], distance)
            ):
                close.append(start)
            elif at and (partners[at - 1] < split) == part:
                before = partners[at - 1]
                if not rule.single_partners or _close(
                    both, find(space, before + 1) - 1, start, distance
                ):
                    close.append(start)
        return close

    def _partner_starts(self, rule: _NearPlan) -> list[int]:
        """Where the first words of the rule's partners start, in order (kept: rules
        and topics share partners)."""
        found = self._partners.get(rule.key)
        if found is None:
            lists = [self.starts.get(first, ()) for first in rule.firsts]
            found = self._partners[rule.key] = sorted(set().union(*lists))
        return found

    def spans(self, term: str, where: str) -> list[_Span]:
        """Where the term occurs as words, as (start, end, words) in the headline, the
        text or both, positions in both (headline, newline, text): at one of the places
        its first word starts, and ending where a word ends (or, starred, running to the
        end of the word)."""
        return self.found(_compiled(term, self.language), where)

    def found(self, term: _Compiled, where: str) -> list[_Span]:
        """`spans` of a compiled term: found once in both, then split, for every term
        that occurs at the same places (`_Compiled.same`)."""
        found = self._spans.get(term.same)
        if found is None:
            found = self._spans[term.same] = self._split_up(term)
        return found[_WHERE[where]]

    def _split_up(self, term: _Compiled) -> tuple[list[_Span], list[_Span], list[_Span]]:
        """(in the headline, in the text, in both)."""
        starts = self.starts.get(term.first)
        if not starts:
            return [], [], []
        everywhere = self._occurrences(term, starts)
        split = self._split
        cut = bisect_left(everywhere, (split,))  # the first span starting after it
        if not cut:
            return [], everywhere, everywhere
        title = everywhere[:cut]
        if not term.single and max(end for _, end, _ in title) > split:
            # a phrase running on into the text: the headline alone may hold a shorter one
            in_title = [start for start in starts if start < split]
            title = _matches(term, self._texts[TITLE], in_title)
        return title, everywhere[cut:], everywhere

    def _occurrences(self, term: _Compiled, starts: list[int]) -> list[_Span]:
        if not term.single:
            if term.second:
                starts = self._followed_by(term.second, starts)
            return _matches(term, self._texts[BOTH], starts)
        # one word: the whole word standing at each start (`_apart` has a space where every
        # word ends), kept when it is the term's word, its prefix (starred) or a form of it
        both, apart, space = self._texts[BOTH], self._apart, self._space
        if term.prefix:
            find = apart.find
            return [
                (start, end, both[start:end])
                for start in starts
                for end in (find(space, start + 1) - 1,)
            ]
        if not term.forms:
            # a whole word (`WHOLE`): the scan found it with a space after it
            word = term.first[: -len(WHOLE)]
            length = len(word)
            return [(start, start + length, word) for start in starts]
        found = []
        for start in starts:
            end = apart.find(space, start + 1) - 1
            word = both[start:end]
            known = term.known_forms.get(word)
            if term.is_form(word) if known is None else known:
                found.append((start, end, word))
        return found

    def _followed_by(self, second: str, starts: list[int]) -> list[int]:
        """The starts of words after which the next word may start with `second`: where it
        does after one character (a space, mostly), or where more than one stand between
        (the expression decides). Most of a phrase's first words are followed by other
        words: four in a hundred "xiaomi" of the 20k archive start a phrase."""
        both, apart, space = self._texts[BOTH], self._apart, self._space
        gap, last = space[0], len(apart) - 2
        kept = []
        for start in starts:
            after = apart.find(space, start + 1)  # in `both`: the character after the word
            if after < last and (apart[after + 1] == gap or both.startswith(second, after)):
                kept.append(start)
        return kept

    def mentions(
        self, key: tuple[str, ...], terms: tuple[_Compiled, ...], where: str
    ) -> list[_Span]:
        """`_mentions` of a near rule's word or partners (`key`: as written), kept: rules
        and topics share them."""
        found = self._mentions.get((key, where))
        if found is None:
            found = self._mentions[key, where] = _mentions(terms, self, where)
        return found


def _counts(
    starts: dict[str, list[int]], split: int, lead_end: int
) -> dict[str, tuple[int, int, int]]:
    """First word → how many times it starts in the headline (before `split`), the lead
    (from `split` to `lead_end`) and the text."""
    counts = {}
    for first, places in starts.items():
        if places[0] >= lead_end:  # most first words: none in the headline or lead
            counts[first] = (0, 0, len(places))
            continue
        in_title = bisect_left(places, split)
        if in_title == len(places):
            counts[first] = (in_title, 0, 0)
        else:
            counts[first] = (
                in_title,
                bisect_left(places, lead_end) - in_title,
                len(places) - in_title,
            )
    return counts


def _matches(term: _Compiled, text: str, starts: list[int]) -> list[_Span]:
    """The term where its expression matches at one of `starts`, ending where a word ends
    (or, starred, running to the end of the word) and, for words in their forms, with the
    same stems."""
    found = []
    match_at, prefix, forms = term.pattern.match, term.prefix, term.forms
    groups, words, stems = zip(*forms, strict=True) if forms else ((), (), ())
    is_letter = _IS_LETTER.match
    for start in starts:
        match = match_at(text, start)
        if match is None:
            continue
        end = match.end()
        if prefix:
            end = _LETTERS.match(text, end).end()
        elif is_letter(text, end) and is_letter(text, end - 1):
            continue
        if forms and not all(map(_form_of, map(match.group, groups), words, stems)):
            continue
        found.append((start, end, text[start:end]))
    return found


def _hits(
    terms: tuple[_Compiled, ...], near: tuple[_NearPlan, ...], reading: Reading, where: str
) -> list[tuple[int, str]]:
    """(position, word) of every mention: each term found, and each near word with a
    partner close enough. Terms written one after the other are one name, one mention
    ("Tesla Model Y" names the Model Y once, not Tesla and then the Model Y)."""
    found = _mentions(terms, reading, where)
    near_hits = [hit for rule in near for hit in _near_hits(rule, reading, where)]
    if near_hits:
        found = sorted(found + near_hits, key=lambda hit: (hit[0], -hit[1]))
    text = reading.both
    mentions: list[tuple[int, str]] = []
    last_end = -1
    for start, end, word in found:
        # more than three characters apart is never adjacent: no expression to run
        if mentions and start - last_end <= 3 and _ADJACENT.fullmatch(text, last_end, start):
            mentions[-1] = (mentions[-1][0], f"{mentions[-1][1]} {word}")
        elif start >= last_end:
            mentions.append((start, word))
        if end > last_end:
            last_end = end
    return mentions


def _mentions(terms: tuple[_Compiled, ...], reading: Reading, where: str) -> list[_Span]:
    """Where the terms occur as words, leftmost-longest and not overlapping: not inside a
    word ("xtesla", "modely"), a starred term to the end of its word."""
    found, starts = reading.found, reading.starts
    there = [term for term in terms if term.first in starts]  # most partners are absent
    if not there:
        return []
    if len(there) == 1:
        spans = found(there[0], where)  # in order: one span at most per start, ascending
    else:
        spans = [span for term in there for span in found(term, where)]
        spans.sort()  # by start, then end: of those starting at one place, the longest last
    kept: list[_Span] = []
    last_start = last_end = -1
    for span in spans:
        start = span[0]
        if start >= last_end:
            kept.append(span)
        elif start == last_start:
            kept[-1] = span
        else:
            continue
        last_start, last_end = start, span[1]
    return kept


@lru_cache(maxsize=65536)
def _form_of(found: str, word: str, stem: str) -> bool:
    """Whether a word found in the text is the term's word or one of its forms (`stem`
    tagged with its language, as `stems.query_stems` gives it). Cached: the words of
    phrases in their forms ("price war") are checked at every match."""
    return found == word or _stem(found, stem.split(MARK, 1)[0]) == stem


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str | None:
    """A word's stem tagged with its language (news repeats its words: cached)."""
    stems = query_stems(word, [language])
    return stems[0] if stems else None


def _near_hits(rule: _NearPlan, reading: Reading, where: str) -> list[_Span]:
    words = reading.mentions(rule.word_key, (rule.word,), where)
    partners = reading.mentions(rule.key, rule.partners, where) if words else []
    if not partners:
        return []
    text = reading.both
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
    return _close(text, first[1], second[0], distance)


def _close(text: str, end: int, start: int, distance: int) -> bool:
    """Whether at most `distance` words stand between a span ending at `end` and one
    starting at `start` (from the first's start on)."""
    if start <= end:
        return True
    if start - end > distance * _LONGEST_WORD:
        return False
    return count_words(text[end:start]) <= distance


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
