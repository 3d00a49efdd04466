"""Word forms for search: "delivery" finds "deliveries", "Auslieferung" finds "Auslieferungen".

The search index keeps each article's title and text as written (exact words, phrases, NEAR)
and, beside them, in shadow columns `title_stem` and `text_stem`: every Latin-script word
reduced to its Snowball stem in the article's own language, as `cjk.py` keeps CJK bigrams.
Each stem carries its language (`en~deliveri`, written `enǂdeliveri`: ǂ is a letter to the
index's tokenizer, so the pair stays one token), because stems of different languages
collide: French "car" (because) is the stem of English "cars". A plain query word is looked
up as written and as its stem in every supported language, each only among articles of that
language. Words with digits (SU7) and CJK runs are not stemmed; text in a language without a
stemmer (Chinese, Japanese) gets no stem column; text with no declared language is read with
the language its function words suggest, else English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import Stemmer

from .cjk import has_cjk
from .languages import guess_language

STEM_COLUMNS = {"title": "title_stem", "text": "text_stem"}
MARK = "ǂ"  # joins a language code to a stem; a letter (Lo) to unicode61, so never split
# ISO 639-1 code → Snowball algorithm, for the languages written in Latin script
STEMMERS = {
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
    "tr": "turkish",
}
DEFAULT_LANGUAGE = "en"
STEM_CACHE = 50_000  # recent words each language's stemmer remembers
_TOKEN = re.compile(r"[^\W_]+")  # what unicode61 reads as one word (letters and digits)


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    """PyStemmer: Snowball compiled to C (~3 µs a word; snowballstemmer's pure Python
    takes ~80 µs, a fifth of an article's whole write), with its own cache of recent words."""
    return Stemmer.Stemmer(STEMMERS[language], STEM_CACHE)


def stem_language(declared: str | None, sample: str) -> str | None:
    """The stemmer's language for an article: its declared language ('de', 'de-AT') when
    there is a stemmer for it, else the one its words suggest, else English; None for a
    language without one (Chinese, Japanese) or with one we do not know."""
    code = (declared or "").split("-")[0].split("_")[0].lower()
    if not code:
        code = guess_language(sample) or DEFAULT_LANGUAGE
    return code if code in STEMMERS else None


def stem_form(text: str | None, language: str | None) -> str | None:
    """The text's Latin-script words as language-tagged stems, each once, in the order they
    first occur; None when there are none (or no stemmer for the language). Once is enough:
    the exact columns carry how often a word occurs (BM25), and the shadow columns would
    otherwise double the size of the archive."""
    if not text or language is None:
        return None
    # each distinct word once: an article repeats most of its words, and the check per
    # word was half of an article's search forms
    found = [token for token in dict.fromkeys(_TOKEN.findall(text.lower())) if _stemmable(token)]
    if not found:
        return None
    stems = dict.fromkeys(_stemmer(language).stemWords(found))
    return " ".join(f"{language}{MARK}{stem}" for stem in stems)


def stem_values(title: str | None, text: str | None, language: str | None) -> dict[str, str | None]:
    """What `title_stem` and `text_stem` hold for an article (see the module docstring)."""
    chosen = stem_language(language, f"{title or ''} {(text or '')[:2000]}")
    if chosen is None:
        return dict.fromkeys(STEM_COLUMNS.values())
    return {
        STEM_COLUMNS["title"]: stem_form(title, chosen),
        STEM_COLUMNS["text"]: stem_form(text, chosen),
    }


def _stemmable(token: str) -> bool:
    """Words of letters only: SU7, 2026 or a CJK run have no word forms to fold."""
    return token.isalpha() and not has_cjk(token)


def query_stems(word: str, languages: Iterable[str] = STEMMERS) -> list[str]:
    """A query word's stems in each of `languages` (default: every one with a stemmer),
    tagged as the index holds them: a query does not say its language, and each tag only
    meets its own articles."""
    if not _stemmable(word):
        return []
    lowered = word.lower()
    return [f"{code}{MARK}{_stemmer(code).stemWord(lowered)}" for code in languages]
