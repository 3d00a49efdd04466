"""Page furniture that extractors leave at the edges of an article's text.

trafilatura keeps the headline when the outlet puts its <h1> inside the article container,
and the end of the container often holds a comment counter, a newsletter or share prompt, a
"you may also like" heading, a copyright line or the wire's credit line ("Reporting by …").
None of it is the article's own text, and all of it sits at the start or the end: removing
matching lines only from the edges (never the middle) cannot cut a paragraph out of the
story, and the headline is stored apart from the text anyway.

Measured on the shared real-page set: see `extract._main_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .cjk import count_words

FURNITURE_MAX_WORDS = 40
"""Prompts and credit lines are one or two sentences; a longer line is the article's."""

_FURNITURE = re.compile(
    r"^(?:"
    # comment counters and headings
    r"\d*\s*(?:comments?|kommentare?|commentaires?|comentários?|comentarios?)\s*\d*"
    r"|(?:show|view|load|read|add|post|leave) (?:all |the )?(?:\d+ )?comments?\b.*"
    r"|tell us what you think\b.*"
    # newsletters, subscriptions, share and follow prompts
    r"|.*\b(?:sign up|subscribe|signing up)\b.*\b(?:newsletters?|inbox)\b.*"
    r"|.*\b(?:newsletters?)\b.*\b(?:inbox|sign up|subscribe)\b.*"
    r"|(?:subscribe|abonnieren|abonnez-vous|suscr[ií]bete|assine)\b.*"
    r"|.*\bnewsletter (?:abonnieren|abonnez-vous)\b.*"
    r"|follow (?:us|@\w+|[\w.' ]{1,40}) on (?:twitter|facebook|instagram|linkedin|youtube)\b.*"
    r"|like this (?:story|article)\?.*|share (?:this|it) with\b.*"
    r"|if you enjoyed this article\b.*"
    r"|have a (?:news )?tip\?.*"
    # related-content headings
    r"|(?:you (?:may|might) also like|related(?: articles| stories| posts)?|read (?:more|also|next)"
    r"|see (?:more|also)(?: photos)?|more from(?: [\w&.'-]+){1,4}|lesen sie auch|lire aussi|leia (?:mais|também)"
    r"|leer más|vea también|tags|filed under)\W*"
    r"|(?:tags|filed under|schlagwörter|mots-clés)\s*:.*"
    r"|this copy is for your personal, non-commercial use only\b.*"
    r")$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(?:"
    # copyright lines and wire credits: a story can open with "Reporting by local radio…"
    r"(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*|.*무단전재.*"
    r"|\(?(?:additional )?(?:reporting|writing|editing) by\b.*"
    r"|.*\bcontributed (?:reporting|to this (?:report|story))\b.*"
    r"|_{3,}"
    r")$",
    re.IGNORECASE,
)


def trim(text: str, headlines: Iterable[str | None] = ()) -> str:
    """`text` without the leading headline, the furniture lines at either edge and the
    sign-off lines at its end."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    titles = {_normal(h) for h in headlines if h} - {""}
    while start < end and (
        _is_furniture(lines[start], _FURNITURE) or _normal(lines[start]) in titles
    ):
        start += 1
    while end > start and (
        _is_furniture(lines[end - 1], _FURNITURE) or _is_furniture(lines[end - 1], _SIGN_OFF)
    ):
        end -= 1
    return "\n".join(lines[start:end]).strip()


def _is_furniture(line: str, pattern: re.Pattern[str]) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    return count_words(stripped) <= FURNITURE_MAX_WORDS and bool(pattern.match(stripped))


def _normal(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.casefold()))
