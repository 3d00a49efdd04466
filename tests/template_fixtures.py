"""Outlets whose article pages share a template inside the article body (a newsletter box,
a "read more" list, a disclaimer), as page sequences with the gold text of each article.

For the template-learning tests and `benchmarks/extraction.py`. The bodies are the bulk
generator's invented articles; the templates are written after real outlets' furniture."""

from __future__ import annotations

import html
from dataclasses import dataclass

from tests.fakeweb.bulk import generate_bulk_articles

NEWSLETTER = (
    "Get the Morning Charge newsletter: the day's electric-vehicle news, prices and"
    " launches in your inbox every weekday before 7 a.m. Sign up now, it is free."
)
DISCLAIMER = (
    "Disclosure: some links in this article are affiliate links, and the outlet may earn"
    " a commission on purchases made through them at no extra cost to you."
)
RELATED = ["Read more:", "How fast-charging networks are spreading across Europe"]


@dataclass(frozen=True)
class TemplatedPage:
    path: str
    title: str
    html: str
    gold: str  # the article's own paragraphs


def templated_outlet(count: int, seed: int = 7) -> list[TemplatedPage]:
    """`count` article pages of one outlet, in publication order, each with the outlet's
    newsletter box and related list between its paragraphs and its disclaimer at the end.
    One article quotes the newsletter's first words inside a paragraph of its own."""
    articles = generate_bulk_articles(count, seed=seed)
    pages = []
    for number, article in enumerate(articles):
        paragraphs = list(article.paragraphs[:6])
        if number == count - 1:
            paragraphs[1] = (
                "Analysts at the outlet had asked readers to get the Morning Charge newsletter"
                f" for the figures, and {paragraphs[1][0].lower()}{paragraphs[1][1:]}"
            )
        slug = f"/{number:03d}-{article.slug}"
        pages.append(
            TemplatedPage(
                slug, article.title, _render(article.title, paragraphs), "\n".join(paragraphs)
            )
        )
    _check_distinct(pages)
    return pages


def _render(title: str, paragraphs: list[str]) -> str:
    body = [f"<p>{html.escape(text)}</p>" for text in paragraphs]
    body.insert(2, f'<div class="promo"><p>{html.escape(NEWSLETTER)}</p></div>')
    related = "".join(f"<li>{html.escape(line)}</li>" for line in RELATED)
    body.insert(5, f'<aside class="related"><ul>{related}</ul></aside>')
    body.append(f'<p class="disclosure"><em>{html.escape(DISCLAIMER)}</em></p>')
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(title)}</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2026-11-25T08:00:00Z"></head><body>'
        '<nav><a href="/">Home</a> <a href="/ev">EVs</a> <a href="/tech">Tech</a></nav>'
        f"<main><article><h1>{html.escape(title)}</h1>{''.join(body)}</article></main>"
        "<footer>© 2026 The Charge Report</footer></body></html>"
    )


def _check_distinct(pages: list[TemplatedPage]) -> None:
    """The tests assume every article's paragraphs are its own."""
    seen: set[str] = set()
    for page in pages:
        for paragraph in page.gold.splitlines():
            assert paragraph not in seen, f"the generator repeated a paragraph: {paragraph!r}"
            seen.add(paragraph)
