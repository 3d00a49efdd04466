"""HTML → clean article text and metadata, with an honest quality flag.

trafilatura finds the main text; this module adds what it does not hand back (rel=canonical,
og:url, AMP links, JSON-LD NewsArticle fields, paywall markers) from the same parsed tree, and
decides whether the result is really an article. A blank or cookie-banner "article" is worse
than none, so weak results are flagged (`teaser`, `not_article`, `empty`) for the pipeline to
fall back on the feed's own title and summary instead of dropping the item.

Pure and CPU-bound: it runs in a process pool, takes bytes and returns a picklable dataclass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import html as lxml_html
from trafilatura.utils import load_html

from .config import ExtractionHints
from .dates import to_utc_iso

# Consent walls and newsletter boxes are the usual impostors (trafilatura issue #569).
_BOILERPLATE_XPATH = [
    "//*[contains(@id,'cookie') or contains(@class,'cookie-') or contains(@class,'-cookie')]",
    "//*[contains(@id,'consent') or contains(@class,'consent')]",
    "//*[contains(@class,'gdpr') or contains(@id,'gdpr') or contains(@id,'onetrust')]",
]
_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "techarticle",
    "report",
}
_LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "webpage", "website"}
_CONSENT_WORDS = re.compile(r"\b(cookies?|consent|partners|privacy settings)\b", re.I)


@dataclass
class ExtractedPage:
    status: str  # ok | teaser | not_article | empty
    text: str = ""
    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    language: str | None = None
    sitename: str | None = None
    image: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    og_url: str | None = None
    amp_url: str | None = None
    page_type: str | None = None
    word_count: int = 0
    notes: list[str] = field(default_factory=list)


def extract_text(html: str, url: str) -> str | None:
    """The benchmark entry point: main text only (see ../shared/benchmarks/extraction)."""
    page = extract_page(html, url)
    return page.text or None


def extract_page(
    content: bytes | str, url: str, hints: ExtractionHints | None = None
) -> ExtractedPage:
    hints = hints or ExtractionHints()
    try:
        tree = load_html(content)
    except Exception as exc:  # lxml raises several unrelated types on broken markup
        return ExtractedPage("empty", notes=[f"unparseable HTML: {exc}"])
    if tree is None:
        return ExtractedPage("empty", notes=["unparseable HTML"])
    head = _head_metadata(tree)
    ld = _json_ld(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=hints.favor == "precision",
        favor_recall=hints.favor == "recall",
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        prune_xpath=_BOILERPLATE_XPATH + list(hints.prune_xpath),
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    meta = (
        (lambda name: getattr(document, name, None)) if document is not None else (lambda n: None)
    )
    page = ExtractedPage(
        status="ok",
        text=text,
        title=ld.get("headline") or head.get("og:title") or meta("title"),
        author=ld.get("author") or meta("author"),
        published_at=to_utc_iso(ld.get("datePublished") or head.get("article:published_time"))
        or to_utc_iso(meta("date")),
        modified_at=to_utc_iso(ld.get("dateModified") or head.get("article:modified_time")),
        language=meta("language") or head.get("lang"),
        sitename=meta("sitename") or head.get("og:site_name"),
        image=meta("image") or ld.get("image") or head.get("og:image"),
        description=meta("description") or head.get("description"),
        canonical_url=head.get("canonical"),
        og_url=head.get("og:url"),
        amp_url=head.get("amphtml"),
        page_type=ld.get("@type") or head.get("og:type") or meta("pagetype"),
        word_count=len(text.split()),
    )
    page.status, reason = _judge(page, head, ld, hints)
    if reason:
        page.notes.append(reason)
    return page


def _judge(
    page: ExtractedPage, head: dict[str, str], ld: dict[str, Any], hints: ExtractionHints
) -> tuple[str, str | None]:
    """Decide whether what came out is an article; the reasons end up in the UI."""
    kind = (page.page_type or "").lower()
    if not page.text:
        return "empty", "no main text found"
    if _mostly_consent(page.text):
        page.text = ""
        return "empty", "only a cookie/consent notice was found"
    if kind.startswith("video") and page.word_count < 150:
        return "not_article", "video page"
    if "gallery" in kind or "imagegallery" in kind:
        return "not_article", "photo gallery"
    is_article = (
        kind in _ARTICLE_TYPES
        or bool(ld.get("datePublished"))
        or ("article:published_time" in head)
    )
    if not is_article and kind in _LISTING_TYPES and _link_heavy(page):
        return "not_article", "section or listing page"
    if ld.get("isAccessibleForFree") is False and page.word_count < hints.min_words * 3:
        return "teaser", "paywalled: only a teaser is public"
    if page.word_count < hints.min_words:
        return "teaser", f"only {page.word_count} words of text"
    return "ok", None


def _mostly_consent(text: str) -> bool:
    words = text.split()
    return len(words) < 120 and len(_CONSENT_WORDS.findall(text)) >= 3


def _link_heavy(page: ExtractedPage) -> bool:
    lines = [line for line in page.text.splitlines() if line.strip()]
    short = sum(1 for line in lines if len(line.split()) < 25)
    return len(lines) >= 8 and short / len(lines) > 0.6


def _head_metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    lang = tree.get("lang")
    if lang:
        found["lang"] = lang.split("-")[0].lower()
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    for link in tree.iterfind(".//link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        for name in ("canonical", "amphtml"):
            if name in rel and href and name not in found:
                found[name] = href
    return found


def _json_ld(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first Article-like JSON-LD object, flattened to the fields we use."""
    candidates: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null")
        except (json.JSONDecodeError, ValueError):
            continue
        candidates.extend(_ld_objects(data))
    chosen: dict[str, Any] | None = None
    for obj in candidates:
        types = {t.lower() for t in _as_list(obj.get("@type")) if isinstance(t, str)}
        if types & _ARTICLE_TYPES:
            chosen = obj
            break
        if chosen is None and types & ({"videoobject"} | _LISTING_TYPES):
            chosen = obj
    if chosen is None:
        return {}
    types = [t for t in _as_list(chosen.get("@type")) if isinstance(t, str)]
    return {
        "@type": types[0] if types else None,
        "headline": _first_str(chosen.get("headline")),
        "author": _names(chosen.get("author")),
        "datePublished": _first_str(chosen.get("datePublished") or chosen.get("uploadDate")),
        "dateModified": _first_str(chosen.get("dateModified")),
        "image": _image(chosen.get("image") or chosen.get("thumbnailUrl")),
        "isAccessibleForFree": _free_flag(chosen.get("isAccessibleForFree")),
    }


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [obj for item in data for obj in _ld_objects(item)]
    if isinstance(data, dict):
        return [data, *_ld_objects(data.get("@graph", []))]
    return []


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _first_str(value: Any) -> str | None:
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def _names(value: Any) -> str | None:
    names = []
    for item in _as_list(value):
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return ", ".join(names) or None


def _image(value: Any) -> str | None:
    for item in _as_list(value):
        url = item.get("url") if isinstance(item, dict) else item
        if isinstance(url, str) and url.strip():
            return url.strip()
    return None


def _free_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None
