"""Chinese, Japanese and Korean text: word counts, and the form the search index reads.

Chinese and Japanese are written without spaces, so splitting on whitespace sees a whole
paragraph as one "word" (a full Chinese article came out as "only 47 words" and was flagged a
teaser), and SQLite's unicode61 tokenizer sees a whole run of characters as one token (小米
was not found inside 小米汽车). Both are fixed here without a dictionary or a custom
tokenizer, so the database stays readable by plain `sqlite3` and Datasette:

- `count_words` counts Han and kana by characters, one word per `CHARS_PER_WORD`;
- `index_form` rewrites text for the search index's shadow columns (`title_cjk`,
  `text_cjk`): every run of CJK characters becomes its overlapping two-character tokens
  (Lucene's CJKAnalyzer does the same), plus the run's last character on its own;
- `phrase_tokens` rewrites a CJK phrase of a query into the same tokens, so that a query
  matches exactly where its characters occur in the text (`topics.fts_query` applies it).
"""

from __future__ import annotations

import re

# Scripts written without spaces between words: Han (with 々 〆 〇) and kana.
HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KANA = "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HAN_KANA = HAN + KANA
# Hangul is written with spaces, but particles cling to nouns (삼성전자가): searching needs
# the same segmentation, counting words does not.
_HANGUL = "\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
# Every CJK character, as the body of a regular-expression character class.
CJK_CHARACTERS = _HAN_KANA + _HANGUL

# The search index's columns and the shadow column holding each one's `index_form`.
SHADOW_COLUMNS = {"title": "title_cjk", "text": "text_cjk"}

UNSPACED = re.compile(f"[{_HAN_KANA}]")  # one Han or kana character
_UNSPACED_RUN = re.compile(f"([{_HAN_KANA}]+)")
_RUN = re.compile(f"[{_HAN_KANA}{_HANGUL}]+")
_TOKEN_CHAR = re.compile(r"\w")
_WORD = re.compile(f"[{_HAN_KANA}{_HANGUL}]+|[^\\W{_HAN_KANA}{_HANGUL}]+")

# Measured, not assumed: jieba (rjieba 0.2.2) cuts the 26 Chinese articles of the shared
# real-coverage set into words of 1.80 characters on average (1.67–1.93 per article);
# janome cuts the 3 Japanese ones into words of 1.92. One word per 1.8 characters puts a
# Chinese article on the same scale as an English one, so `min_words` means the same thing.
CHARS_PER_WORD = 1.8


def count_words(text: str) -> int:
    """Words in mixed text: whitespace-separated words as before (Latin, Cyrillic, Greek,
    Korean…), plus one word per `CHARS_PER_WORD` Han or kana characters. Text without
    them counts exactly as `len(text.split())` did; in text with them, what is left between
    the characters counts only if it holds a letter or digit (not "," or "「")."""
    if text.isascii():  # no Han or kana: a tenth of the time of the search below
        return len(text.split())
    rest, ideographs = UNSPACED.subn(" ", text)
    if not ideographs:
        return len(text.split())
    pieces = sum(1 for piece in rest.split() if _TOKEN_CHAR.search(piece))
    return pieces + round(ideographs / CHARS_PER_WORD)


def has_unspaced(text: str) -> bool:
    """Whether the text holds Han or kana, the scripts written without spaces (ASCII text
    does not, as most news text checked here: told fifty times faster than by the search)."""
    return not text.isascii() and UNSPACED.search(text) is not None


def unspaced_bigrams(word: str) -> list[str]:
    """A word with its Han and kana runs cut into their open bigrams, the rest kept whole
    (小米su7 → 小米, su7): what copy detection reads as words in Chinese and Japanese.
    Hangul stays whole, as Korean is written with spaces between words."""
    pieces = _UNSPACED_RUN.split(word)  # odd positions hold the runs
    tokens: list[str] = []
    for position, piece in enumerate(pieces):
        if position % 2:
            tokens.extend(run_tokens(piece, closed=False))
        elif piece:
            tokens.append(piece)
    return tokens


def has_cjk(text: str) -> bool:
    """ASCII text (most words, and most news text checked here) holds none: told without
    the search, which visits every character."""
    return not text.isascii() and _RUN.search(text) is not None


def run_tokens(run: str, *, closed: bool) -> list[str]:
    """Overlapping bigrams of a run, plus its last character when the run is known to end
    there (always in the index; in a query, when more words follow the run). Story matching
    uses the open form as its words: Chinese and Japanese have no spaces."""
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if closed or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def index_form(text: str | None) -> str | None:
    """The text as the shadow search columns hold it, or None when it has no CJK run.

    Each run of CJK characters becomes its bigrams followed by its last character
    ("小米汽车" → "小米 米汽 汽车 车"); everything else is kept, so Latin words inside CJK
    text (SU7, Model Y) stay in place and a phrase can span both. A character at position i
    is then the first character of the token at position i, which makes every substring
    findable: a query of n ≥ 2 characters is its n-1 bigrams as a phrase, a single
    character is a prefix query. Bigrams never span two runs, so characters separated by
    punctuation or Latin text never match as a word."""
    if not text or not has_cjk(text):
        return None
    return _RUN.sub(lambda m: " " + " ".join(run_tokens(m.group(), closed=True)) + " ", text)


def shadow_values(**columns: str | None) -> dict[str, str | None]:
    """What the shadow columns hold for these values of indexed columns (title=…, text=…)."""
    return {SHADOW_COLUMNS[name]: index_form(value) for name, value in columns.items()}


def phrase_tokens(phrase: str) -> tuple[str, bool]:
    """A query phrase with CJK runs rewritten to the index's tokens, and whether its last
    token must be read as a prefix (a lone character at the end: 车 is found in 汽车 as the
    start of the token 车 or of a bigram 车X)."""
    parts: list[str] = []
    position = 0
    prefix = False
    for match in _RUN.finditer(phrase):
        parts.append(phrase[position : match.start()])
        position = match.end()
        followed = _TOKEN_CHAR.search(phrase, position) is not None
        parts.append(" " + " ".join(run_tokens(match.group(), closed=followed)) + " ")
        prefix = not followed and len(match.group()) == 1
    parts.append(phrase[position:])
    return " ".join("".join(parts).split()), prefix


def words(text: str) -> list[str]:
    """Latin (any spaced script) words and CJK runs, in order: 小米SU7 → 小米, SU7."""
    return _WORD.findall(text)


def mark(text: str, words: list[str], start: str = "\x02", end: str = "\x03") -> str:
    """`text` with each occurrence of `words` wrapped in start/end marks, ignoring case
    (longest first; a Latin word only where no letter or digit precedes it).

    The search index's highlight() marks whole tokens of the original columns, where a run
    of CJK characters (with any Latin glued to it: 小米SU7) is one token, so text with CJK
    characters is marked here instead."""
    if not words:
        return text
    alternatives = "|".join(
        re.escape(w) if has_cjk(w) else f"(?<![0-9A-Za-z]){re.escape(w)}"
        for w in sorted(set(words), key=len, reverse=True)
    )
    return re.sub(alternatives, lambda m: start + m.group() + end, text, flags=re.I)


def excerpt(text: str, words: list[str], width: int = 40) -> str | None:
    """About `width` characters on each side of the first occurrence of any of `words`."""
    lowered = text.lower()
    found = [at for at in (lowered.find(w.lower()) for w in words) if at >= 0]
    if not found:
        return None
    begin, stop = max(0, min(found) - width), min(len(text), min(found) + width)
    piece = " ".join(text[begin:stop].split())
    return ("…" if begin else "") + piece + ("…" if stop < len(text) else "")
