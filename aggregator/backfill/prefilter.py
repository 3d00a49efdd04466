"""Skip extraction of pages that cannot match any topic, by looking at their raw bytes.

Extraction costs ~20 ms a page and a month of an archive holds millions of pages, most about
something else. A page whose bytes contain none of the topics' phrases cannot match them
after extraction either, so it is dropped before trafilatura sees it. The test errs on the
side of keeping: a phrase counts as present when each of its words is somewhere in the page
(in any order, in the markup too), and letters are compared casefolded. Words are looked for
as the page encodes them (its declared charset: GBK, Shift_JIS, windows-1252), so CJK terms
are found in legacy-encoded pages too. What it cannot see — a word written only as an HTML
entity (`&#23567;`) or with other accents than the query's — is missed, the price of never
parsing a page it skips.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..topics import TopicRule, query_phrases

_WORD = re.compile(r"\w+")


def phrase_words(rules: Sequence[TopicRule]) -> tuple[tuple[str, ...], ...]:
    """Each phrase a topic's query needs (not its NOT parts, nor its exclusion query), as
    casefolded words."""
    phrases = (phrase for rule in rules for phrase in query_phrases(rule.query, required=True))
    found = (tuple(_WORD.findall(phrase.casefold())) for phrase in phrases)
    return tuple(dict.fromkeys(words for words in found if words))


@dataclass
class Prefilter:
    """`matches(body, charset)`: could this page be about one of the topics?"""

    phrases: tuple[tuple[str, ...], ...]
    _encoded: dict[str, list[list[bytes]]] = field(default_factory=dict, repr=False)

    @classmethod
    def for_topics(cls, rules: Sequence[TopicRule]) -> Prefilter | None:
        """None (keep every page) when there are no topics to look for."""
        phrases = phrase_words(rules)
        return cls(phrases) if phrases else None

    def matches(self, body: bytes, charset: str | None = None) -> bool:
        # bytes.lower() folds ASCII letters only, which leaves multi-byte characters intact;
        # non-ASCII words are also looked for as written in the query and in upper case
        haystack = body.lower()
        return any(
            all(any(form in haystack for form in forms) for forms in phrase)
            for phrase in self._needles(charset)
        )

    def _needles(self, charset: str | None) -> list[list[bytes]]:
        """Per phrase, per word: the byte forms to look for in a page in `charset`."""
        encoding = _codec_name(charset)
        if encoding not in self._encoded:
            self._encoded[encoding] = [
                [_forms(word, encoding) for word in phrase] for phrase in self.phrases
            ]
        return self._encoded[encoding]


def _forms(word: str, encoding: str) -> list[bytes]:
    """The word in `encoding` (and in UTF-8, as pages mislabel their charset), lower and
    upper case; a form the encoding cannot write is left out."""
    forms: list[bytes] = []
    for variant in dict.fromkeys((word, word.upper(), word.title())):
        for codec in dict.fromkeys((encoding, "utf-8")):
            try:
                forms.append(variant.encode(codec).lower())
            except UnicodeEncodeError:
                continue
    return list(dict.fromkeys(forms)) or [word.encode("utf-8")]


def _codec_name(charset: str | None) -> str:
    """The Python codec for a declared charset; UTF-8 when it is missing or unknown."""
    if not charset:
        return "utf-8"
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return "utf-8"
