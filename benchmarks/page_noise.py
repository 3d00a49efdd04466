"""Real page furniture for the shared stories set, whose articles are clean rewrites.

Real pages reach the story matcher with what extraction keeps of their furniture: bylines,
headings, captions, links to the outlet's other stories, calls to subscribe. The shared
extraction set (`../shared/benchmarks/extraction`: 181 real pages and their gold text) shows
exactly what: every paragraph our extractor returns that is not part of the gold text. This
module gives each outlet of the stories set the furniture of one real page (a seeded draw among
the pages that have some; several outlets share a page, as articles of one outlet share its
furniture), put where it stood on that page: before the text, between paragraphs, after it.
The self-written set gets the same treatment: its ten sources write many articles each, so
there every article of an outlet carries the same furniture, as on a real outlet's pages.

Pages where most of what was extracted is not the article (a failed extraction, not
furniture) are left out: that is a different failure, measured by `benchmarks/extraction.py`.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator import extract  # noqa: E402

EXTRACTION = ROOT.parent / "shared" / "benchmarks" / "extraction"
_WORD = re.compile(r"\w+")

Page = list[tuple[bool, str]]  # the extracted paragraphs in order: (is furniture, paragraph)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text))


def furnished_pages(folder: Path = EXTRACTION) -> list[Page]:
    """The pages whose extraction keeps some furniture, and less furniture than article."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for key, entry in sorted(gold.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        text = extract.extract_text(html.decode("utf-8", "replace"), entry["url"]) or ""
        body = _words(entry["articleBody"])
        page = [
            (_words(paragraph) not in body, paragraph)
            for paragraph in (line.strip() for line in text.split("\n"))
            if _WORD.search(paragraph)
        ]
        furniture = sum(len(_WORD.findall(p)) for is_furniture, p in page if is_furniture)
        words = sum(len(_WORD.findall(p)) for _, p in page)
        if 0 < furniture <= words / 2:
            pages.append(page)
    return pages


def furnish(text: str, page: Page) -> str:
    """`text` with the page's furniture at the same relative places between its paragraphs."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    article = sum(1 for is_furniture, _ in page if not is_furniture) or 1
    inserted: dict[int, list[str]] = {}
    seen = 0
    for is_furniture, paragraph in page:
        if is_furniture:
            inserted.setdefault(round(seen / article * len(paragraphs)), []).append(paragraph)
        else:
            seen += 1
    out: list[str] = []
    for i in range(len(paragraphs) + 1):
        out += inserted.get(i, [])
        out += paragraphs[i : i + 1]
    return "\n\n".join(out)


def furnished_rows(
    rows: list[dict], pages: list[Page], seed: int, outlet: str = "outlet"
) -> list[dict]:
    """Each outlet's articles (`outlet` names the key that tells it) with the furniture of
    the page drawn for that outlet."""
    order = pages[:]
    random.Random(seed).shuffle(order)
    outlets = sorted({row[outlet] for row in rows})
    page_of = {name: order[i % len(order)] for i, name in enumerate(outlets)}
    return [{**row, "text": furnish(row["text"], page_of[row[outlet]])} for row in rows]
