"""A story's lead: its first whole sentences, without what a scraper left in front of them.

Sentence ends come from pysbd's rules for the article's language (they know "U.S. Rep." and
"z. B." do not end a sentence, and that 。！？ do), not from a list of abbreviations kept here.
What is removed in front is the furniture of news pages: a time stamp ("Updated 10:32 a.m.
ET"), a date line ("March 3, 2025 —") and a wire dateline ("BERLIN (Reuters) -"); and
paragraphs that are furniture wherever they stand (`furniture.is_furniture`: a byline, a
heading, "Related: …" and other links to other stories).
"""

from __future__ import annotations

import re
from functools import cache

import pysbd
from pysbd.languages import LANGUAGE_CODES

from ..furniture import without_page_furniture
from ..stories import without_headline

LEAD_CHARS = 360
# Only the start of a text can end up in a lead, and pysbd costs ~30 ms per 2,000 characters.
# A sentence cut off by this limit ends past LEAD_CHARS, so it is never taken whole.
SEGMENTED_CHARS = LEAD_CHARS + 200
FALLBACK_LANGUAGE = "en"  # its rules also end sentences at 。！？

_CJK_ENDS = "。！？"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\.?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4}\b)?)"
_DASH = r"(?:\s*[—–|]\s*|\s+-{1,2}\s+)"  # a hyphen only between spaces: OREANDA-NEWS stays
_AGENCY = r"\([A-Z][\w .&/-]{0,30}\)"
_PREFIXES = [
    # "Updated 10:32 a.m. ET", "Published: March 3, 2025 at 9:15" — up to the sentence
    re.compile(
        rf"^(?:last\s+)?(?:updated|published|posted)\b:?\s*(?:on\s+)?"
        rf"(?:{_DATE}(?:,?\s+(?:at\s+)?{_TIME})?|{_TIME})[\s|·,]*(?:{_DASH})?",
        re.IGNORECASE,
    ),
    # "March 3, 2025 —", "3 March 2025, 10:32 |"
    re.compile(rf"^{_DATE}(?:,?\s+(?:at\s+)?{_TIME})?{_DASH}"),
    # "BERLIN (Reuters) -", "SAN FRANCISCO, March 3 (AP) —", "Shanghai (Reuters) -"
    # (after a parenthesis a hyphen is a dash even without a space: "(EFE).- Por …")
    # (a full stop only inside a name in capitals, "ST. LOUIS": never a sentence before it)
    re.compile(
        rf"^[A-Z](?:[\w ,'’-]|\.(?=\s?[A-Z][A-Z.])){{0,40}}?\s*{_AGENCY}\.?\s*(?:[—–|]|-{{1,2}})\s+"
    ),
    # "BERLIN — Volkswagen said": a city in capitals before a dash and a capitalised word
    re.compile(rf"^[A-Z][A-Z .'’]{{2,30}}(?:,\s*{_DATE})?{_DASH}(?=[A-Z])"),
]


def lead(text: str, sentences: int, title: str = "", language: str | None = None) -> str:
    """The first `sentences` sentences that fit in LEAD_CHARS (always the first one, cut at a
    word with "…" only when it alone is longer), without the headline the reader has just
    read and without a date line or dateline in front of the text or of a sentence (pages
    often put a photo caption before "March 20 (UPI) -- …")."""
    body = without_prefixes(without_headline(without_prefixes(without_page_furniture(text)), title))
    chosen = ""
    for sentence in split_sentences(body[:SEGMENTED_CHARS], language)[:sentences]:
        longer = chosen + _space_after(chosen) + without_prefixes(sentence)
        if chosen and len(longer) > LEAD_CHARS:
            break
        chosen = longer
    if len(chosen) > LEAD_CHARS:
        chosen = chosen[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"
    return chosen


def _space_after(sentence: str) -> str:
    """CJK writes sentences without a space between them."""
    return "" if not sentence or sentence[-1] in _CJK_ENDS else " "


def without_prefixes(text: str) -> str:
    """Strip the page furniture in front of the first sentence, however many pieces of it
    are stacked ("Updated 10:32 a.m. BERLIN (Reuters) - …")."""
    text = " ".join(text.split())
    changed = True
    while changed:
        changed = False
        for pattern in _PREFIXES:
            stripped = pattern.sub("", text, count=1)
            if stripped != text and stripped:
                text, changed = stripped, True
    return text


def split_sentences(text: str, language: str | None) -> list[str]:
    return [s.strip() for s in _segmenter(_rules_for(language)).segment(text) if s.strip()]


def _rules_for(language: str | None) -> str:
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGE_CODES else FALLBACK_LANGUAGE


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    """One per language: building one compiles its rules."""
    return pysbd.Segmenter(language=language, clean=False)
