"""Stories: articles by different outlets about the same event, written in different words.

Independently written reports of one event share only ~30 % of their word trigrams, so
shingles cannot group them; what they do share is the event's specific vocabulary — names,
model designations, figures — concentrated in the headline and the lead. An article is
compared with recent stories on a TF-IDF weighted cosine of its headline (counted twice) and
lead, with unigrams and bigrams, and with the figures it quotes: two Tesla recalls a week apart
share "Tesla", "recall" and "NHTSA" but not their vehicle counts. Merging two events is worse
for an analyst than showing one twice, so the threshold is conservative and a clash of figures
counts against a match.

Candidate stories come from an inverted index of each story's key terms restricted to the time
window (`story_terms`), so assignment cost depends on the window, not on the archive size.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from . import anchors as anchoring
from . import cjk, furniture, languages

LEAD_WORDS = 120
KEY_TERMS = 14
MAX_MEMBERS = 8  # a story is compared through its most recent articles
MATCH_THRESHOLD = 0.27
CLOSE_HOURS = 24  # a story with an article this close in time joins at CLOSE_THRESHOLD
CLOSE_THRESHOLD = 0.21
FOLLOW_UP_HOURS = 168  # older stories a close match still joins (0: none; cross-validated)
FOLLOW_UP_THRESHOLD = 0.7  # a follow-up must be this close (cross-validated)
FOLLOW_UP_CANDIDATES = 4  # older stories looked at, most shared key terms first
KEY_ANCHORS = 16  # the rarest anchors also key the story index: other languages find it
ANCHOR_WEIGHT = 2.0  # an anchor overlap of 0.15 counts as a cosine of 0.3 (cross-validated)
SAME_LANGUAGE_WORDS_FLOOR = 0.1  # within one language anchors only back words this close
SAME_LANGUAGE_ANCHOR_WEIGHT = 1.0  # higher merges the self-written hard negatives
MIN_SHARED_ANCHORS = 2
FIGURE_CLASH_FACTOR = 0.0  # names across languages when the figures clash (0.5: a merge)
NAME_ONLY_FACTS = 3  # across languages, names without a shared figure: this many distinct ones
TOP_PAIRS = 5  # a story's average is over its closest pairs (0: all; cross-validated)
REHOME_MARGIN = 0.1  # a member moves to a story it fits this much better than its own
OUTLIER_MARGIN = 0.2  # a member this far below the threshold of its story leaves it
SPLIT_MARGIN = 0.1  # each part of a split story is this much closer within than across
SPLIT_MEMBERS = 16  # larger stories are not checked for two events (cost: pairs of members)
NUMBER_CLASH_PENALTY = 0.12
NUMBER_AGREEMENT_BONUS = 0.04

_THOUSANDS = re.compile(r"(?<=\d)[,.\u202f\u00a0'](?=\d{3}(?!\d))")  # 46,096 = 46.096
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_TOKEN = re.compile(r"\w+", re.UNICODE)
STOPWORDS = anchoring.WEEKDAYS | frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "said",
        "same",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "according",
        "new",
        "one",
        "two",
        "also",
        "year",
        "years",
        "week",
        "month",
        "company",
        "companies",
        "told",
        "per",
        "cent",
        "percent",
        "like",
        "last",
        "first",
        "next",
        "may",
        "might",
        "still",
        "since",
        "around",
        "about",
        "than",
        "however",
        "including",
    ]
)


@dataclass
class StoryDoc:
    """What story matching looks at in one article."""

    terms: Counter[str]
    numbers: frozenset[str]
    anchors: frozenset[str] = frozenset()  # language-independent: see `anchors`
    language: str = ""  # `languages.guess_language`
    key_terms: list[str] = field(default_factory=list)
    square_sum: float = 0.0  # Σ count², the norm with every IDF weight at 1
    figures: frozenset[str] = frozenset()  # the anchors that are figures
    facts: frozenset[str] = frozenset()  # names, and each figure once (at two digits)
    headline: frozenset[str] = frozenset()  # the headline's anchors: names and figures
    days: frozenset[str] = frozenset()  # the numbers that are days of a month (Nov 30)

    def __post_init__(self) -> None:
        self.square_sum = float(sum(c * c for c in self.terms.values()))
        self.figures = frozenset(x for x in self.anchors if x.startswith("#"))
        self.facts = self.anchors - {
            x for x in self.figures if not anchoring.is_two_digit_figure(x)
        }


def tokens(text: str) -> list[str]:
    text = languages.to_simplified(unicodedata.normalize("NFKC", text))
    text = _DECIMAL.sub("_", _THOUSANDS.sub("", text)).casefold()
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if languages.CJK.search(token):  # Robotaxi奥斯汀: robotaxi, 奥斯, 斯汀
            out.extend(cjk.unspaced_bigrams(token))
        elif measured := anchoring.MEASURED.fullmatch(token):  # 11000lb: 11000, lb
            out.extend(measured.groups())
        else:
            out.append(token)
    return out


def _is_salient_number(token: str) -> bool:
    if not token[0].isdigit() or not token.replace("_", "").isdigit():
        return False
    if len(token) == 4 and 1990 <= int(token) <= 2039:  # years say little about the event
        return False
    return len(token.replace("_", "")) >= 2


_DATE_JOINERS = frozenset(["de", "del", "di"])  # 30 de noviembre, 30 di novembre
# abbreviations that are English words before a count more often than months (out 20,
# set 15, Gen 2 — Portuguese outubro, Italian settembre and gennaio)
_NOT_MONTHS = frozenset(["ago", "gen", "mag", "out", "set"])


@functools.cache
def _month_names() -> frozenset[str]:
    """Month names and abbreviations, as `tokens` writes them, in every Latin-script language
    `languages.guess_language` tells (Babel's CLDR data): Nov, November, novembre, März."""
    from babel.dates import get_month_names

    names: set[str] = set()
    for language in sorted(languages.LATIN_LANGUAGES | {"en"}):
        for width in ("wide", "abbreviated"):
            for name in get_month_names(width, locale=language).values():
                names.update(tokens(name))
    return frozenset(names - _NOT_MONTHS) | {"sept"}


def _days_of_month(raw: list[str]) -> set[str]:
    """The numbers beside a month name (Nov 30, 30 November, 30. November, 30 de noviembre)."""
    months = _month_names()
    days = set()
    for i, token in enumerate(raw):
        if not (token.isdigit() and len(token) <= 2 and 1 <= int(token) <= 31):
            continue
        after = raw[i + 1 : i + 3]
        if after[:1] and after[0] in _DATE_JOINERS:
            after = after[1:]
        if (i and raw[i - 1] in months) or (after and after[0] in months):
            days.add(token)
    return days


def without_headline(text: str, title: str) -> str:
    """Extracted pages often repeat the headline as the first line of the text; imported
    articles don't. Dropping it makes both compare alike (and spares digest readers)."""
    paragraph = " ".join(text.split())
    headline = " ".join(title.split())
    rest = paragraph[len(headline) :]
    if headline and paragraph.startswith(headline) and not rest[:1].isalnum():
        return rest.lstrip(" .:—-")
    return paragraph


# what `compute_features` returns, as stored with each article (`stored_features`): bump it
# when that changes, and stored features are recomputed (tests/test_story_features.py pins it)
FEATURES_VERSION = 5
FEATURES_CACHED = 8192  # documents; a story window's members, many times over
_features: OrderedDict[tuple[str, str], StoryDoc] = OrderedDict()


def features(title: str, text: str) -> StoryDoc:
    """Headline twice plus the lead, unigrams and bigrams without stop words.

    Memoised: a story's recent articles are compared with every new candidate, and
    recomputing their features was most of the cost of placing an article. The result is
    never mutated by callers."""
    key = (title, text)
    doc = _features.get(key)
    if doc is None:
        doc = compute_features(title, text)
        remember_features(title, text, doc)
    else:
        _features.move_to_end(key)
    return doc


def remember_features(title: str, text: str, doc: StoryDoc) -> None:
    """Keep features computed elsewhere (an import's worker processes) for `features`."""
    _features[(title, text)] = doc
    if len(_features) > FEATURES_CACHED:
        _features.popitem(last=False)


def compute_features(title: str, text: str) -> StoryDoc:
    """`features` without the memo: a pure function of its arguments, safe in a worker."""
    text = furniture.without_page_furniture(text)
    text = furniture.without_wire_furniture(without_headline(text, title))
    lead = " ".join(text.split()[:LEAD_WORDS])
    language = languages.guess_language(f"{title} {lead}")
    stop = stop_words(language)
    terms: Counter[str] = Counter()
    numbers: set[str] = set()
    dates: set[str] = set()
    for weight, part in ((2, title), (1, lead)):
        raw = tokens(part)
        dates |= _days_of_month(raw)
        words = [t for t in raw if t not in stop and len(t) > 1]
        for word in words:
            terms[word] += weight
            if _is_salient_number(word):
                numbers.add(word)
        for left, right in zip(words, words[1:], strict=False):
            terms[f"{left} {right}"] += weight
    anchors = anchoring.anchors(title, text)
    headline = anchoring.anchors(title, "")
    days = frozenset(dates & numbers)
    return StoryDoc(terms, frozenset(numbers), anchors, language, headline=headline, days=days)


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    """STOPWORDS, and for an article in another Latin-script language that language's
    function words too (stopwordsiso): German "die", "und", "auf" otherwise weigh as terms
    and key stories. English keeps its own short list: stopwordsiso's 1,300 English words
    include content words news turns on ("million", "help")."""
    if language in languages.LATIN_LANGUAGES and language != "en":
        import stopwordsiso

        return STOPWORDS | frozenset(stopwordsiso.stopwords(language))
    return STOPWORDS


def vocabulary(doc: StoryDoc) -> list[str]:
    """Everything whose document frequency weighs it: terms and anchors."""
    return sorted(doc.terms.keys() | doc.anchors)


def choose_key_terms(doc: StoryDoc, idf: dict[str, float]) -> list[str]:
    """The unigrams that best identify the article, and its rarest anchors: the story index
    is keyed on these, so a report in another language finds the story too."""
    weighted = sorted(
        (
            (count * idf.get(term, 1.0), term)
            for term, count in doc.terms.items()
            if " " not in term
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    rare = sorted(doc.anchors, key=lambda anchor: (-idf.get(anchor, 1.0), anchor))
    return [term for _, term in weighted[:KEY_TERMS]] + rare[:KEY_ANCHORS]


def idf_weights(
    terms: list[str], document_frequency: dict[str, int], total: int
) -> dict[str, float]:
    return {t: math.log((total + 1) / (document_frequency.get(t, 0) + 1)) + 1.0 for t in terms}


def cosine(
    a: StoryDoc,
    b: StoryDoc,
    idf: dict[str, float],
    norms: tuple[float, float] | None = None,
) -> float:
    shared = a.terms.keys() & b.terms.keys()
    if not shared:
        return 0.0
    dot = sum(a.terms[t] * b.terms[t] * idf.get(t, 1.0) ** 2 for t in shared)
    norm_a, norm_b = norms or (weighted_norm(a, idf), weighted_norm(b, idf))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def weighted_norm(doc: StoryDoc, idf: dict[str, float]) -> float:
    """‖count × idf‖ where terms missing from `idf` weigh 1: start from Σ count² and correct
    only the terms `idf` knows (set intersection in C, then a short loop)."""
    terms = doc.terms
    extra = sum(terms[t] ** 2 * (idf[t] ** 2 - 1.0) for t in terms.keys() & idf.keys())
    return math.sqrt(max(doc.square_sum + extra, 0.0))


def anchor_mass(doc: StoryDoc, idf: dict[str, float]) -> float:
    """Σ idf of the anchors (1 where `idf` has none), summed in the set's order as ever; the
    lookups run in C (`map`): placing an article weighs some 60 anchors of each close pair."""
    return sum(map(idf.get, doc.anchors, itertools.repeat(1.0)))


def other_languages(a: StoryDoc, b: StoryDoc) -> bool:
    """Both languages told, and different (an unknown language is not another one)."""
    return bool(a.language and b.language and a.language != b.language)


def shared_facts(a: StoryDoc, b: StoryDoc) -> int:
    """Distinct things two articles both name or quote: a figure counts once though it is
    anchored at two precisions (every three-digit agreement is a two-digit one too), and a
    name of two words once though its words are anchors too (Li Auto: @li, @auto, @li auto)."""
    shared = a.facts & b.facts
    words = {word for fact in shared if " " in fact for word in fact[1:].split(" ")}
    return sum(1 for fact in shared if " " in fact or fact[1:] not in words)


def anchor_overlap(
    a: StoryDoc,
    b: StoryDoc,
    idf: dict[str, float],
) -> float:
    """The IDF-weighted share of the smaller anchor set found in the other (0…1).

    The smaller set, not both: a German report capitalises every noun and so carries many
    anchors no other language can share, which must not hide the few it does share with a
    Chinese one. Fewer than MIN_SHARED_ANCHORS shared facts is no evidence at all, and a
    clash of figures (both quote several, none in common) takes FIGURE_CLASH_FACTOR of it:
    none, as cross-validated (a launch's delivery target and an interview about the same
    SUV's crash test share its brand, model, country and segment, not one figure)."""
    shared = a.anchors & b.anchors
    if len(shared) < MIN_SHARED_ANCHORS:
        return 0.0
    figure = bool(a.figures & b.figures)
    if not figure and not other_languages(a, b):
        return 0.0  # same language: the names are in the words already; a figure must agree
    facts = shared_facts(a, b)
    if facts < MIN_SHARED_ANCHORS or not (figure or facts >= NAME_ONLY_FACTS):
        return 0.0  # two names alone (a brand and its model) are every story about them
    mass_a, mass_b = anchor_mass(a, idf), anchor_mass(b, idf)  # few pairs get this far
    smaller = min(mass_a, mass_b) if other_languages(a, b) else math.sqrt(mass_a * mass_b)
    overlap = sum(idf.get(anchor, 1.0) for anchor in shared) / smaller
    if len(a.figures) >= 2 and len(b.figures) >= 2 and not a.figures & b.figures:
        overlap *= FIGURE_CLASH_FACTOR
    return overlap


def _with_figures(new: StoryDoc, member: StoryDoc, words: float) -> float:
    """A date in one lead and none in the other says nothing (a report written the next
    morning names the day, the first one says "today"), so days of the month count among
    the figures only when both reports give one: then different days clash like other
    figures (a crash report recalling a launch's orders is of another day)."""
    ours, theirs = new.numbers, member.numbers
    if bool(new.days) != bool(member.days):
        ours, theirs = ours - new.days, theirs - member.days
    if len(ours) >= 2 and len(theirs) >= 2:
        shared = len(ours & theirs)
        words += NUMBER_AGREEMENT_BONUS * min(shared, 3) if shared else -NUMBER_CLASH_PENALTY
    return words


def match_score(
    new: StoryDoc,
    member: StoryDoc,
    idf: dict[str, float],
    norms: tuple[float, float] | None = None,
) -> float:
    """Shared words; across languages, where words cannot meet, the stronger of that and the
    shared anchors. Within one language the words already carry the names and figures, and
    anchors alone would join two same-day stories about one company (the self-written set's
    hard negatives)."""
    return from_words(new, member, idf, cosine(new, member, idf, norms))


def from_words(new: StoryDoc, member: StoryDoc, idf: dict[str, float], words: float) -> float:
    """`match_score` from the cosine of the words: one rule for every scorer."""
    return _with_anchors(new, member, idf, _with_figures(new, member, words))


def _with_anchors(new: StoryDoc, member: StoryDoc, idf: dict[str, float], words: float) -> float:
    across = other_languages(new, member)
    weight = ANCHOR_WEIGHT if across else SAME_LANGUAGE_ANCHOR_WEIGHT
    if not weight or (not across and words < SAME_LANGUAGE_WORDS_FLOOR):
        return words
    return max(words, weight * anchor_overlap(new, member, idf))


class Scorer:
    """Pairwise scores under one IDF table, each document's norm computed once.

    The table may grow between calls (a consolidation adds terms as it meets them) as long
    as a term's weight never changes once set: a norm depends only on the document's own
    terms, all present before it is first scored."""

    def __init__(self, idf: dict[str, float]) -> None:
        self.idf = idf
        # keyed by id(); the document is kept alongside so that its id cannot be reused
        self.norms: dict[int, tuple[StoryDoc, float]] = {}
        self.squares = _Squares(idf)

    def norm(self, doc: StoryDoc) -> float:
        key = id(doc)
        if key not in self.norms:
            self.norms[key] = (doc, weighted_norm(doc, self.idf))
        return self.norms[key][1]

    def score(self, a: StoryDoc, b: StoryDoc) -> float:
        """`match_score`, its cosine's squared weights looked up rather than computed per
        pair: a consolidation scores each term again in every pair that shares it, and
        that arithmetic was a third of the settling after an import."""
        return from_words(a, b, self.idf, self._cosine(a, b, self.norm(a), self.norm(b)))

    def _cosine(self, a: StoryDoc, b: StoryDoc, norm_a: float, norm_b: float) -> float:
        """`cosine(a, b, idf, norms)`: the same sum in the same order, so the same value."""
        ours, theirs, squares = a.terms, b.terms, self.squares
        shared = ours.keys() & theirs.keys()
        if not shared:
            return 0.0
        dot = 0.0
        for term in shared:
            dot += ours[term] * theirs[term] * squares[term]
        return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


class _Squares(dict[str, float]):
    """idf[term] ** 2 of each term, computed once; a term outside the table weighs 1 and is
    not kept (the table may learn it later, with another weight)."""

    def __init__(self, idf: dict[str, float]) -> None:
        super().__init__()
        self.idf = idf

    def __missing__(self, term: str) -> float:
        weight = self.idf.get(term)
        if weight is None:
            return 1.0
        square = self[term] = weight**2
        return square


def story_score(scores: list[float]) -> float:
    """Half the closest pair, half the average of the TOP_PAIRS closest: one article that
    mentions a neighbouring event cannot pull that event in on its own, and a big story is
    not held against a report that reads like only some of its members (an angle piece, or
    a language whose reports share few anchors with the rest)."""
    top = sorted(scores, reverse=True)[: TOP_PAIRS or None]
    return 0.5 * top[0] + 0.5 * sum(top) / len(top)


def best_story_for_story(
    members: list[StoryDoc],
    candidates: dict[int, list[StoryDoc]],
    scorer: Scorer,
    threshold: float | None = None,
) -> tuple[int | None, float]:
    """The same rule for a group of articles: over all pairs across the two groups."""
    ranked = ranked_stories(members, candidates, scorer)
    if not ranked:
        return (None, 0.0)
    limit = MATCH_THRESHOLD if threshold is None else threshold
    return ranked[0] if ranked[0][1] >= limit else (None, ranked[0][1])


def ranked_stories(
    members: list[StoryDoc], candidates: dict[int, list[StoryDoc]], scorer: Scorer
) -> list[tuple[int, float]]:
    """(candidate, story score) for every candidate, closest first; among equals the older
    story (lower id) first."""
    return rank_scored(
        {
            story_id: [scorer.score(a, b) for a in members for b in candidates[story_id]]
            for story_id in candidates
        }
    )


def rank_scored(pair_scores: dict[int, list[float]]) -> list[tuple[int, float]]:
    """`ranked_stories` from the pair scores of each candidate."""
    scored = [(key, story_score(scores)) for key, scores in pair_scores.items() if scores]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))


def two_groups(items: list[int], score: Callable[[int, int], float]) -> list[set[int]]:
    """Average-linkage agglomeration of `items` down to two groups (items ≥ 2), closest
    pairs of groups joined first; ties go to the earliest items."""
    groups = [{item} for item in items]
    while len(groups) > 2:
        best = max(
            (
                sum(score(a, b) for a in groups[i] for b in groups[j])
                / (len(groups[i]) * len(groups[j])),
                -i,
                -j,
            )
            for i in range(len(groups))
            for j in range(i + 1, len(groups))
        )
        i, j = -best[1], -best[2]
        groups[i] |= groups.pop(j)
    return groups


def choose_headline(titles: list[tuple[int, str]]) -> int:
    """The article whose headline shares most words with the others (the story's medoid);
    the earliest wins a tie. `titles` is (article id, title) in arrival order."""
    if len(titles) == 1:  # most stories, when they start
        return titles[0][0]
    sets = [{t for t in tokens(title) if t not in STOPWORDS} for _, title in titles]
    scores = [
        sum(len(a & b) / (len(a | b) or 1) for j, b in enumerate(sets) if j != i)
        for i, a in enumerate(sets)
    ]
    best = max(range(len(titles)), key=lambda i: (scores[i], -i))
    return titles[best][0]
