"""Language-independent anchors: what a German, a Chinese and an English report of one event
still share when they share no word.

Reports of one event in different languages quote the same figures (3.878 Fahrzeuge, 3,878
vehicles, 3878辆), the same model and company names in Latin letters (Cybertruck, ID.4, SU7 —
also inside Chinese and Japanese text), and name the same companies, people and places
(比亚迪 = BYD, 马斯克 = Musk, 德国 = Germany; see `languages.cjk_names`). An anchor is one of these, written
one way for every language: `#3.88e+03` for a figure, `@cybertruck` for a name. Europe Media
Monitor links its per-language clusters the same way, on shared rare entities (Steinberger
et al.; Miranda et al. 2018 for the cluster linking).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import languages

# Units outlets glue to a figure (11,000lb, 6ft, 75kWh): the figure is the same as when spaced.
# Not "m", which may be metres or millions (see _CURRENCY_ONLY).
MEASURES = r"s|lbs?|ft|in|mi|mph|mpg|km|kmh|kg|cm|mm|nm|hp|ps|kw|kwh|mw|mwh|gw|gwh|wh"
MEASURED = re.compile(rf"(\d+(?:[_.,]\d+)*)({MEASURES})", re.IGNORECASE)  # use fullmatch
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.,])"
    r"(?P<currency>[$€£¥]\s?)?"
    r"(?P<int>\d{1,3}(?P<sep>[.,\u202f\u00a0' ])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?:[.,](?P<frac>\d+))?"
    r"(?:(?P<glued>bn|mn|mln|tn|[mbk])(?![A-Za-z0-9])"  # $5bn, €3.9bn, $400m, £20k
    rf"|(?:{MEASURES})(?![A-Za-z0-9])"  # 11,000lb is 11,000 lb
    r"|(?![A-Za-z0-9])"
    r"\s*(?P<unit>万亿|万|亿|億|billions?|bn|milliarden|mrd|milliards?|miliardi"
    r"|millions?|millionen|mio|millones|milioni|trillions?)?)",
    re.IGNORECASE,
)
_CURRENCY_ONLY = frozenset("mbk")  # 5m may be metres and 100k a count: only after $ € £ ¥
_MULTIPLIER = {
    "万": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "万亿": 1e12,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "miliardi": 1e9,
    "million": 1e6,
    "millions": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "millones": 1e6,
    "milioni": 1e6,
    "trillion": 1e12,
    "trillions": 1e12,
    "tn": 1e12,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "b": 1e9,
    "k": 1e3,
}
_CALENDAR = re.compile(r"\s*[年月日号號时時点點分]")  # 5月20日: a date, not a figure
_JOINER = re.compile(r"[ .\-]+")  # what may stand between the words of one name
_LATIN_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+")
_LATIN_TOKEN_SPLIT = re.compile(f"({_LATIN_TOKEN.pattern})")
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
# Calendar words are capitalised in English but name no event.
CALENDAR_WORDS = WEEKDAYS | frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
ANCHOR_CHARS = 1500  # of the text, after the headline: the facts of an event come early


def number_value(match: re.Match[str]) -> float:
    """The value of a figure written in any locale: 116,887 = 116.887 = 116 887; 0,25 = 0.25;
    11.69万 = 116,900; 5 Milliarden = 5 billion = $5bn. A single separator before exactly three
    digits is read as a thousands separator (German 46.096 is forty-six thousand)."""
    whole = re.sub(r"\D", "", match["int"])
    value = float(f"{whole}.{match['frac']}" if match["frac"] else whole)
    unit = match["glued"] or match["unit"] or ""
    return value * _MULTIPLIER.get(unit.casefold(), 1.0)


def number_anchors(text: str) -> set[str]:
    """Salient figures at three and at two significant digits (outlets round differently:
    46,096 and "about 46,000" meet at two). Years, dates and whole numbers below 100 (ages,
    counts, round percentages) say little about which event it is."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        glued = (match["glued"] or "").casefold()
        if glued in _CURRENCY_ONLY and not match["currency"]:
            continue
        unit = match["unit"] or glued
        if _CALENDAR.match(text, match.end()) and not unit:
            continue
        value = number_value(match)
        plain = not unit and not match["frac"] and match["sep"] is None
        if (plain and value < 100) or value < 1 or (plain and 1990 <= value <= 2039):
            continue
        found.update({f"#{value:.2e}", f"#{value:.1e}"})
    return found


@functools.lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """One spelling for a name in every language and number: casefolded, and a plural -s
    dropped (Cybertrucks, Robotaxis). Applied alike everywhere, so 'Mercedes' becomes
    'mercede' in every article and still matches."""
    folded = word.casefold()
    if len(folded) > 4 and folded.endswith("s") and folded[-2] not in "su" and folded.isalpha():
        return folded[:-1]
    return folded


def is_two_digit_figure(anchor: str) -> bool:
    """`#4.6e+04`, not `#4.61e+04`."""
    return anchor.startswith("#") and len(anchor[1:].partition("e")[0]) == 3


def _is_name(token: str, lowercase_words: set[str]) -> bool:
    """Capitalised (and not a common word seen in lower case in the same text), or letters
    mixed with digits (iX3, SU7, i8)."""
    if not token.isalpha():  # tokens are letters and digits only
        return not token.isdigit() and not MEASURED.fullmatch(token)
    folded = token.casefold()
    return (
        token[0].isupper()
        and folded not in lowercase_words
        and folded not in CALENDAR_WORDS
        and len(token) > 1
    )


def name_anchors(text: str) -> set[str]:
    """Names in Latin letters, in any script's text, and pairs of adjacent ones (Model Y,
    ID. Every1 and ID.Every1 alike), casefolded.

    The text is split into what stands between tokens and the tokens (odd places), so that a
    pair's joiner is a string at hand: most tokens are lower-case words, which end the loop's
    work at once (this runs for every article an import or a fetch reads)."""
    parts = _LATIN_TOKEN_SPLIT.split(text)
    tokens = parts[1::2]
    lowercase_words = {token for token in tokens if token.islower()}
    found: set[str] = set()
    previous = ""
    previous_name = False
    for index in range(1, len(parts), 2):
        token = parts[index]
        if token.islower() and token.isalpha():
            previous_name = False  # not a name, and not a name's second word
            continue
        name = _is_name(token, lowercase_words) or (len(token) == 1 and token.isupper())
        if name and len(token) > 1:
            found.add(f"@{name_key(token)}")
        if (
            previous_name
            and len(previous) > 1
            and (name or token.isdigit())
            and _JOINER.fullmatch(parts[index - 1])
        ):
            found.add(f"@{name_key(previous)} {name_key(token)}")
        previous, previous_name = token, name
    return {_in_english(anchor) for anchor in found}


@functools.cache
def _english_country_keys() -> dict[str, str]:
    """`languages.country_names` in the form of name anchors (name_key on each word)."""

    def key(name: str) -> str:
        return " ".join(name_key(word) for word in _JOINER.split(name) if word)

    return {key(local): key(english) for local, english in languages.country_names().items()}


def _in_english(anchor: str) -> str:
    """A country's name anchor as English writes it (@frankreich → @france)."""
    return "@" + _english_country_keys().get(anchor[1:], anchor[1:])


def anchors(title: str, text: str) -> frozenset[str]:
    """The article's anchors: figures, Latin names, and the names of CJK proper nouns."""
    body = unicodedata.normalize("NFKC", f"{title}\n{text[:ANCHOR_CHARS]}")
    if languages.CJK.search(body):
        body = languages.to_simplified(body)
        cjk = {
            f"@{' '.join(name_key(word) for word in words)}"
            for name in languages.cjk_names(body)
            for words in [*((w,) for w in name), *zip(name, name[1:], strict=False)]
            if not CALENDAR_WORDS & set(words)  # 周一 is Monday, which names no event
        }
    else:
        cjk = set()
    return frozenset(number_anchors(body) | name_anchors(body) | cjk)
