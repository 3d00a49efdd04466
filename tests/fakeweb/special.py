"""Special pages for negative tests: a paywalled teaser, a video page, a section front and
two interstitials shown instead of any article (a geo-block, an edition chooser); and an
article made pathologically slow to extract by a huge data table.

The first five use Motor Ledger's site chrome, so they look like real pages of a real outlet but
carry no extractable article body.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from .articles import ARTICLES
from .sites import article_path
from .templates import _ledger_chrome_top, _ledger_footer, e

__all__ = [
    "render_edition_notice",
    "render_geo_block_page",
    "render_listing_page",
    "render_paywall_teaser",
    "render_video_page",
    "with_registration_table",
]

_KEY = "motor-ledger"


def _page(site: str, *, title: str, og_type: str, path: str, head_extra: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | Motor Ledger</title>
<meta name="description" content="{e(title)}">
<link rel="canonical" href="{site}{path}">
<link rel="alternate" type="application/rss+xml" title="Motor Ledger Feed" href="{site}/feed">
<meta property="og:site_name" content="Motor Ledger">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{e(title)}">
<meta property="og:url" content="{site}{path}">
{head_extra}
<link rel="stylesheet" href="{site}/static/css/main.8f3a91c.css">
</head>
<body class="layout-{og_type.split(".")[0]}">
{_ledger_chrome_top(_KEY, site)}
<main id="main-content" class="content-wrapper">
{main}
</main>
{_ledger_footer(_KEY, site)}
</body>
</html>"""


PAYWALL_TITLE = (
    "Inside Rivian's secret plan to build a $30,000 EV without losing money on every car"
)
PAYWALL_PATH = "/rivian-r3-cost-cutting-plan-2026-11"
PAYWALL_TEASER = (
    "Rivian executives have spent the past 18 months quietly redesigning how the company "
    "builds cars, according to internal documents viewed by Motor Ledger."
)


def render_paywall_teaser(base_url: str) -> str:
    """Only a one-sentence teaser, then a subscription wall."""
    site = base_url.rstrip("/")
    pub = datetime(2026, 11, 25, 10, 0, tzinfo=UTC).isoformat()
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": PAYWALL_TITLE,
        "datePublished": pub,
        "author": [{"@type": "Person", "name": "Priscilla Novak"}],
        "publisher": {"@type": "Organization", "name": "Motor Ledger"},
        "isAccessibleForFree": False,
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        },
    }
    head = (
        f'<meta property="article:published_time" content="{pub}">\n'
        f'<meta property="og:image" content="{site}/img/ml-rivian-r3.jpg">\n'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    main = f"""<article class="post post--premium">
<header class="post-header"><span class="premium-badge">Subscribers only</span>
<h1 class="post-headline">{e(PAYWALL_TITLE)}</h1>
<div class="byline">By <a rel="author" href="{site}/author/priscilla-novak">Priscilla Novak</a> <time datetime="{pub}">Nov 25, 2026, 10:00 AM UTC</time></div></header>
<div class="post-body post-body--truncated"><p>{e(PAYWALL_TEASER)}</p></div>
<div class="paywall" data-paywall="hard">
<h2>Subscribe to read</h2>
<p>This story is available exclusively to Motor Ledger subscribers.</p>
<ul class="paywall-benefits"><li>Unlimited access to every story</li><li>Exclusive investigations and data</li><li>Ad-light reading</li></ul>
<p class="paywall-price">$1 for your first month, then $24.99/month. Cancel anytime.</p>
<a class="btn-subscribe" href="{site}/subscribe?ref=paywall">Subscribe now</a>
<p class="paywall-login">Already a subscriber? <a href="{site}/login">Log in</a></p>
</div>
</article>"""
    return _page(
        site, title=PAYWALL_TITLE, og_type="article", path=PAYWALL_PATH, head_extra=head, main=main
    )


VIDEO_TITLE = "Watch: We put the Xiaomi YU7 through a 100-to-0 braking test"
VIDEO_PATH = "/video/xiaomi-yu7-braking-test"
VIDEO_CAPTION = "The Xiaomi YU7 stops from 100 km/h in 33.9 meters on a wet test track in Hebei."


def render_video_page(base_url: str) -> str:
    """A video page: og:type video.other, a player and a one-line caption."""
    site = base_url.rstrip("/")
    head = (
        f'<meta property="og:video" content="{site}/media/yu7-braking-1080p.mp4">\n'
        f'<meta property="og:video:type" content="video/mp4">\n'
        f'<meta property="og:image" content="{site}/img/ml-yu7-video-poster.jpg">\n'
        '<meta name="twitter:card" content="player">'
    )
    main = f"""<div class="video-page" data-video-id="v-88213">
<h1 class="video-title">{e(VIDEO_TITLE)}</h1>
<div class="video-player"><video controls preload="metadata" poster="{site}/img/ml-yu7-video-poster.jpg" width="1280" height="720">
<source src="{site}/media/yu7-braking-1080p.mp4" type="video/mp4">
<track kind="captions" src="{site}/media/yu7-braking.en.vtt" srclang="en" label="English">
Your browser does not support HTML5 video.</video></div>
<p class="video-caption">{e(VIDEO_CAPTION)}</p>
<p class="video-meta">2:47 &middot; Nov 24, 2026</p>
<ul class="share-bar"><li><a href="https://x.com/intent/post?url={site}{VIDEO_PATH}">Share on X</a></li><li><button class="copy-link">Copy link</button></li></ul>
</div>"""
    return _page(
        site, title=VIDEO_TITLE, og_type="video.other", path=VIDEO_PATH, head_extra=head, main=main
    )


def render_listing_page(base_url: str) -> str:
    """A section front: 15 headlines with teasers and no article body."""
    site = base_url.rstrip("/")
    stories = sorted(
        (a for lst in ARTICLES.values() for a in lst), key=lambda a: a.published, reverse=True
    )[:15]
    cards = "\n".join(
        f'<li class="river-item"><a class="river-link" href="{site}{article_path(a)}">'
        f'<img src="{site}{a.image}" alt="" loading="lazy"><h2 class="river-title">{e(a.title)}</h2></a>'
        f'<p class="river-teaser">{e(a.summary)}</p><p class="river-meta">{e(a.author)} &middot; '
        f"{(datetime(2026, 11, 26, tzinfo=UTC) - a.published) // timedelta(hours=1)}h ago</p></li>"
        for a in stories
    )
    main = f"""<section class="section-front" data-section="electric-vehicles">
<h1 class="section-title">Electric Vehicles</h1>
<p class="section-description">The latest news on EVs, batteries, charging and the companies racing to electrify transportation.</p>
<ul class="river">
{cards}
</ul>
<nav class="pagination"><a href="{site}/electric-vehicles?page=2">Next page</a></nav>
</section>"""
    return _page(
        site,
        title="Electric Vehicles",
        og_type="website",
        path="/electric-vehicles",
        head_extra="",
        main=main,
    )


_MODELS = ("Tesla Model Y", "BYD Seal U", "Xiaomi SU7", "Volkswagen ID.4", "Nio ET5", "Kia EV6")


def with_registration_table(page: str, rows: int) -> str:
    """`page` (an article page) with a registrations-by-month-model-and-region table in its
    body, as outlets attach to sales stories. About 100 bytes a row; trafilatura needs ~3 s
    for 10,000 rows, the slowest kind of real page we know (a 5 MB one took 47 s)."""
    body = "".join(
        f"<tr><td>2026-{i % 12 + 1:02d}</td><td>{_MODELS[i % 6]}</td><td>Region {i % 97}</td>"
        f"<td>{1000 + i * 7 % 5000}</td><td>{i % 13}.{i % 10}%</td><td>+{i % 40}%</td></tr>"
        for i in range(rows)
    )
    table = (
        '<table class="registrations"><caption>New registrations by model and region</caption>'
        "<thead><tr><th>Month</th><th>Model</th><th>Region</th><th>Units</th><th>Share</th>"
        f"<th>Change</th></tr></thead><tbody>{body}</tbody></table>"
    )
    return page.replace("</article>", table + "</article>", 1)


# What a US outlet shows European readers instead of every article (answered with 200, as
# many do, not 451), in the outlet's own chrome.
GEO_BLOCK_TITLE = "Not available in your region"
GEO_BLOCK_TEXT = (
    "We're sorry, but this content is not available in your region. Motor Ledger is "
    "currently unavailable to visitors from the European Economic Area, the United Kingdom "
    "and Switzerland while we review how we can comply with local data protection "
    "requirements. We are engaged on the issue and committed to looking at options that "
    "support our full range of digital offerings in your market. We apologise for any "
    "inconvenience and thank you for your patience. Our print edition and licensed partners "
    "continue to carry our reporting in Europe."
)

# The same kind of page worded in a way no list of phrases knows: an "edition" chooser that a
# regional outlet serves for every story of its other edition.
EDITION_TITLE = "Choose your Motor Ledger edition"
EDITION_TEXT = (
    "You followed a link to a story from the Motor Ledger U.S. edition. That edition is "
    "published for readers located in the United States under our distribution agreements "
    "with syndication clients. Readers elsewhere can continue on the International edition, "
    "where our correspondents in London, Munich, Shanghai and Tokyo follow the same markets "
    "with a regional focus. Pick an edition below and we will remember your choice on this "
    "device, or return to the homepage to see today's top stories from the team."
)


def _notice_page(base_url: str, *, title: str, text: str, css: str, actions: str) -> str:
    site = base_url.rstrip("/")
    main = f"""<section class="{css}" role="alert">
<h1 class="{css}__title">{e(title)}</h1>
<p class="{css}__text">{e(text)}</p>
<div class="{css}__actions">{actions}</div>
<p class="{css}__help">Need help? <a href="{site}/contact">Contact our reader services team</a>.</p>
</section>"""
    head = '<meta name="robots" content="noindex, nofollow">'
    return _page(site, title=title, og_type="website", path="/", head_extra=head, main=main)


def render_geo_block_page(base_url: str) -> str:
    """A geo-block notice, identical for every article URL it replaces."""
    site = base_url.rstrip("/")
    actions = (
        f'<a class="btn" href="{site}/">Go to the homepage</a>'
        f'<a class="btn" href="{site}/newsletters">Get our newsletter instead</a>'
    )
    return _notice_page(
        base_url, title=GEO_BLOCK_TITLE, text=GEO_BLOCK_TEXT, css="geo-block", actions=actions
    )


def render_edition_notice(base_url: str) -> str:
    """An edition chooser, identical for every article URL it replaces."""
    site = base_url.rstrip("/")
    actions = (
        f'<a class="btn" href="{site}/?edition=us">U.S. edition</a>'
        f'<a class="btn" href="{site}/?edition=intl">International edition</a>'
    )
    return _notice_page(
        base_url, title=EDITION_TITLE, text=EDITION_TEXT, css="edition-gate", actions=actions
    )
