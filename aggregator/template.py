"""Each outlet's template, learned from its own pages: blocks that recur on many of them.

A single-page extractor cannot tell an outlet's newsletter box, "read more" list or
disclaimer from a paragraph when the box sits inside the article body; the aggregator reads
the same outlets every day, and a block that appears word for word on several different
articles of one outlet is not any one article's text. The pipeline keeps, per source, how
many distinct pages each block was seen on (`store.template_memory`) and hands that memory
to `clean`, which returns the cleaned text and what this page adds to the memory.

Pure: plain data in, plain data out; reading and writing the memory is the caller's part.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .cjk import count_words

BOILERPLATE_PAGES = 3
"""A block is the outlet's when seen on at least this many distinct pages of it: two
articles may share a quote, three that share a whole paragraph verbatim are a template."""
MAX_REMOVED_SHARE = 0.5
"""Never take more than this share of a page's words: a page that is mostly "template" is
a page the memory misjudges (a series that repeats its intro, a redesign), kept whole."""
SHORT_PAGE_WORDS = 80
"""Shorter texts (teasers, briefs) are too little to clean safely; they only teach."""
MEMORY_PER_SOURCE = 600
"""Blocks remembered per source, least recently seen dropped first: about twenty pages of
article paragraphs, while a template block, seen on every page, always stays fresh."""


@dataclass(frozen=True)
class PageBlocks:
    """What one page teaches the memory: its distinct block keys, and a key for the page's
    whole text, so that the same page read again (a retry, a copy) does not count twice.
    An edited version does count again, which is harmless: its paragraphs appear on no
    other article, and a later version made mostly of them is kept whole by the cap."""

    page: str
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: int
    seen: PageBlocks | None


def block_key(line: str) -> str | None:
    """Case and spacing vary where the template does not. Numbers are kept: articles built on
    one pattern ("shares rose 3%") differ only by them."""
    normal = " ".join(line.casefold().split())
    if not normal:
        return None
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()


def clean(text: str, memory: Mapping[str, int]) -> Cleaned:
    """`text` without the blocks `memory` (block key → distinct pages seen on) marks as the
    outlet's template, unless the page is short or would lose more than MAX_REMOVED_SHARE."""
    lines = text.splitlines()
    keys = [block_key(line) for line in lines]
    seen = _page_blocks(keys)
    if seen is None:
        return Cleaned(text, 0, None)
    words = count_words(text)
    learned = [key is not None and memory.get(key, 0) >= BOILERPLATE_PAGES for key in keys]
    removed_words = sum(
        count_words(line) for line, drop in zip(lines, learned, strict=True) if drop
    )
    if not any(learned) or words < SHORT_PAGE_WORDS or removed_words > MAX_REMOVED_SHARE * words:
        return Cleaned(text, 0, seen)
    kept = "\n".join(line for line, drop in zip(lines, learned, strict=True) if not drop)
    return Cleaned(kept.strip(), sum(learned), seen)


def _page_blocks(keys: list[str | None]) -> PageBlocks | None:
    present = [key for key in keys if key is not None]
    if not present:
        return None
    whole = hashlib.blake2b(" ".join(present).encode("ascii"), digest_size=8).hexdigest()
    return PageBlocks(page=whole, blocks=tuple(dict.fromkeys(present)))


def file_templates(pages: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Per source, the blocks that its pages among these (source, text) pages repeat on at
    least BOILERPLATE_PAGES of them: the memory `clean` needs, learned from all at once.

    An import has its whole file before it writes a line, so every article of an outlet is
    cleaned by what its other articles show: a fetch learns as it goes and leaves the
    template on an outlet's first pages, and the articles an import holds would be cleaned
    or not by their order in the file. Bounded as the store's memory is: per source, the
    MEMORY_PER_SOURCE blocks seen last and as many pages (a page read twice counts once)."""
    blocks: dict[str, OrderedDict[str, int]] = {}
    pages_seen: dict[str, OrderedDict[str, None]] = {}
    for source, text in pages:
        seen = _page_blocks([block_key(line) for line in text.splitlines() if line.strip()])
        if seen is None:
            continue
        known = pages_seen.setdefault(source, OrderedDict())
        if seen.page in known:
            known.move_to_end(seen.page)
            continue
        known[seen.page] = None
        memory = blocks.setdefault(source, OrderedDict())
        for key in seen.blocks:
            memory[key] = memory.pop(key, 0) + 1
        for bounded in (known, memory):
            while len(bounded) > MEMORY_PER_SOURCE:
                bounded.popitem(last=False)
    templates = {
        source: {key: count for key, count in memory.items() if count >= BOILERPLATE_PAGES}
        for source, memory in blocks.items()
    }
    return {source: template for source, template in templates.items() if template}
