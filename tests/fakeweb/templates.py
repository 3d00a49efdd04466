"""HTML page templates for the fake outlets.

Each outlet has its own markup style, the way real sites differ: a business-news site built
around ``<article>``, a WordPress blog with ``<div class="entry-content">``, a JS-app style
site with ``<main>`` and ``data-`` attributes, and an old European CMS served in
windows-1252. All pages carry the usual boilerplate (consent banner, navigation, ads, related
links, newsletter box, share buttons, comments, footer) so that extraction is really tested.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta, timezone
from html import escape

from .articles import ARTICLES, FakeArticle
from .sites import (
    COMMENTS,
    COOKIE_TEXT,
    FEED_MIME,
    FOOTER_LINKS,
    NEWSLETTER_TEXT,
    OUTLETS,
    article_id,
    article_path,
    feed_path,
    pick,
    text_encoding,
)

__all__ = ["render_article_page", "render_homepage"]

_BEIJING = timezone(timedelta(hours=8), "GMT+8")
_CET = timezone(timedelta(hours=1), "CET")


def e(s: str) -> str:
    return escape(s, quote=True)


def _author_slug(name: str) -> str:
    return "-".join(name.lower().replace(".", "").split())


def _related(a: FakeArticle, k: int = 5) -> list[FakeArticle]:
    others = [x for x in ARTICLES.get(a.outlet, []) if x.slug != a.slug]
    if len(others) < k:  # top up with other outlets' stories (syndicated "partner" links)
        others += [x for lst in ARTICLES.values() for x in lst if x.outlet != a.outlet]
    return pick(others, a.slug, k)


def _json_ld(a: FakeArticle, site: str, canonical: str) -> str:
    name = OUTLETS[a.outlet]["name"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": a.title,
        "description": a.summary,
        "image": [site + a.image],
        "datePublished": a.published.isoformat(),
        "dateModified": (a.published + timedelta(minutes=47)).isoformat(),
        "articleSection": a.section,
        "wordCount": a.word_count,
        "author": [
            {
                "@type": "Person",
                "name": a.author,
                "url": f"{site}/author/{_author_slug(a.author)}",
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": name,
            "logo": {"@type": "ImageObject", "url": f"{site}/static/logo-600x60.png"},
        },
        "isAccessibleForFree": True,
    }
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _head(a: FakeArticle, site: str, canonical: str, title_sep: str = " | ") -> str:
    o = OUTLETS[a.outlet]
    charset = text_encoding(a.outlet)
    feed_type = FEED_MIME[o["feed_format"]]
    img = site + a.image
    pub = a.published.isoformat()
    return f"""<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(a.title)}{title_sep}{e(o["name"])}</title>
<meta name="description" content="{e(a.summary)}">
<meta name="author" content="{e(a.author)}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{e(canonical)}">
<link rel="alternate" type="{feed_type}" title="{e(o["name"])} Feed" href="{site}{feed_path(a.outlet)}">
<meta property="og:site_name" content="{e(o["name"])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(a.title)}">
<meta property="og:description" content="{e(a.summary)}">
<meta property="og:url" content="{e(canonical)}">
<meta property="og:image" content="{img}">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="675">
<meta property="article:published_time" content="{pub}">
<meta property="article:modified_time" content="{(a.published + timedelta(minutes=47)).isoformat()}">
<meta property="article:section" content="{e(a.section)}">
<meta property="article:author" content="{site}/author/{_author_slug(a.author)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="{o["twitter"]}">
<meta name="twitter:title" content="{e(a.title)}">
<link rel="preload" as="image" href="{img}">
<link rel="stylesheet" href="{site}/static/css/main.8f3a91c.css">
<link rel="icon" href="{site}/favicon.ico">
<script type="application/ld+json">{_json_ld(a, site, canonical)}</script>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"pageType":"article","section":{json.dumps(a.section)},"articleId":"{article_id(a)}"}});</script>
<script async src="{site}/static/js/ads.prebid.4.2.js"></script>
</head>"""


def _body_html(
    a: FakeArticle,
    *,
    ad: Callable[[int], str],
    inline_related: Callable[[FakeArticle], str] | None = None,
    figure: Callable[[FakeArticle], str] | None = None,
    h2_class: str = "",
    quote_class: str = "",
    p_attrs: str = "",
) -> str:
    """The article body: paragraphs plus a subheading, blockquote, ad slots, inline links."""
    n = len(a.paragraphs)
    sub_at = a.subheading_before or n // 2
    ad_at = {2, n - 3} if n >= 8 else {2}
    related = _related(a, 6)[-1]
    out: list[str] = []
    for i, para in enumerate(a.paragraphs):
        if a.subheading and i == sub_at:
            cls = f' class="{h2_class}"' if h2_class else ""
            out.append(f"<h2{cls}>{e(a.subheading)}</h2>")
        out.append(f"<p{p_attrs}>{e(para)}</p>")
        if a.quote and i == a.quote_after:
            cls = f' class="{quote_class}"' if quote_class else ""
            out.append(f"<blockquote{cls}><p>{e(a.quote)}</p></blockquote>")
        if i == 1 and inline_related is not None:
            out.append(inline_related(related))
        if i in ad_at and i < n - 1:
            out.append(ad(i))
        if i == 3 and figure is not None and n > 6:
            out.append(figure(a))
    return "\n".join(out)


def _comment_items(a: FakeArticle, render: Callable[[str, str, int], str]) -> str:
    k = 2 + article_id(a) % 3
    chosen = pick(COMMENTS, a.slug + "#comments", k)
    return "\n".join(render(user, text, i) for i, (user, text) in enumerate(chosen))


def _footer_links(site: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return "\n".join(f'<li{c}><a href="{site}{p}">{e(t)}</a></li>' for t, p in FOOTER_LINKS)


def _nav(key: str, site: str, li_cls: str = "") -> str:
    c = f' class="{li_cls}"' if li_cls else ""
    return "\n".join(f'<li{c}><a href="{site}{p}">{e(t)}</a></li>' for t, p in OUTLETS[key]["nav"])


# -------------------------------------------------------------------------------------------
# Template 1: Motor Ledger -- business news, <main> + <article>
# -------------------------------------------------------------------------------------------
def _ledger_chrome_top(key: str, site: str) -> str:
    name = OUTLETS[key]["name"]
    return f"""<div id="cookie-consent" class="consent-banner" role="dialog" aria-label="Cookie consent">
<div class="consent-inner"><h2 class="consent-title">We value your privacy</h2>
<p class="consent-text">{e(COOKIE_TEXT[key])}</p>
<div class="consent-actions"><button class="consent-accept">Accept all</button><button class="consent-reject">Reject all</button><button class="consent-settings">Privacy settings</button></div></div>
</div>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header" role="banner">
<div class="header-top"><a class="logo" href="{site}/" aria-label="{e(name)} homepage">{e(name)}</a>
<div class="header-actions"><a class="btn-subscribe" href="{site}/subscribe">Subscribe</a><a class="btn-login" href="{site}/login">Log in</a><button class="search-toggle" aria-label="Search">Search</button></div></div>
<nav class="primary-nav" aria-label="Main"><ul class="nav-list">
{_nav(key, site, "nav-item")}
</ul></nav>
</header>
<div class="ad-slot ad-leaderboard" data-ad-unit="/21804/ml/leaderboard" aria-hidden="true"><span class="ad-label">Advertisement</span></div>"""


def _ledger_footer(key: str, site: str) -> str:
    name = OUTLETS[key]["name"]
    return f"""<footer class="site-footer" role="contentinfo">
<div class="footer-brand"><a class="logo" href="{site}/">{e(name)}</a><p>{e(OUTLETS[key]["tagline"])}</p></div>
<nav class="footer-nav" aria-label="Footer"><ul>
{_footer_links(site)}
</ul></nav>
<ul class="footer-social"><li><a href="https://x.com/motorledger">X</a></li><li><a href="https://www.facebook.com/motorledger">Facebook</a></li><li><a href="https://www.linkedin.com/company/motorledger">LinkedIn</a></li><li><a href="https://www.instagram.com/motorledger">Instagram</a></li></ul>
<p class="copyright">Copyright &copy; 2026 {e(name)} Media, Inc. All rights reserved. Registration on or use of this site constitutes acceptance of our Terms of Service and Privacy Policy.</p>
</footer>"""


def _render_ledger(a: FakeArticle, site: str, canonical: str) -> str:
    key = a.outlet
    related = _related(a, 5)
    when = f"{a.published:%b} {a.published.day}, {a.published:%Y, %-I:%M %p} UTC"

    def ad(i: int) -> str:
        return (
            f'<div class="ad-slot ad-inline" data-ad-unit="/21804/ml/inline-{i}" '
            f'aria-hidden="true"><span class="ad-label">Advertisement</span></div>'
        )

    def read_next(r: FakeArticle) -> str:
        return (
            f'<aside class="inline-read-next" aria-label="Read next"><span class="label">Read '
            f'next</span><a href="{site}{article_path(r)}">{e(r.title)}</a></aside>'
        )

    body = _body_html(a, ad=ad, inline_related=read_next, quote_class="pull-quote")
    most_read = "\n".join(
        f'<li class="most-read-item"><a href="{site}{article_path(r)}"><span class="rank">{i + 1}</span>'
        f'<h3 class="tout-title">{e(r.title)}</h3></a><p class="tout-teaser">{e(r.summary)}</p></li>'
        for i, r in enumerate(related)
    )
    comments = _comment_items(
        a,
        lambda u, t, i: (
            f'<li class="comment" id="comment-{article_id(a) + i}"><div class="comment-meta">'
            f'<span class="comment-author">{e(u)}</span> <span class="comment-time">'
            f'{2 + i * 3} hours ago</span></div><p class="comment-text">{e(t)}</p>'
            f'<div class="comment-actions"><button>Reply</button><button>Like</button></div></li>'
        ),
    )
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(a, site, canonical)}
<body class="post-template layout-article">
{_ledger_chrome_top(key, site)}
<main id="main-content" class="content-wrapper">
<article class="post" itemscope itemtype="https://schema.org/NewsArticle">
<header class="post-header">
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{site}/">Home</a> <span>/</span> <a href="{site}/{a.section.lower()}">{e(a.section)}</a></nav>
<h1 class="post-headline" itemprop="headline">{e(a.title)}</h1>
<p class="post-dek">{e(a.summary)}</p>
<div class="byline"><img class="byline-avatar" src="{site}/static/authors/{_author_slug(a.author)}.jpg" alt="">
<span>By <a rel="author" class="byline-author" href="{site}/author/{_author_slug(a.author)}" itemprop="author">{e(a.author)}</a></span>
<time class="byline-time" datetime="{a.published.isoformat()}" itemprop="datePublished">{when}</time></div>
<ul class="share-bar" aria-label="Share"><li><a href="https://www.facebook.com/sharer/sharer.php?u={e(canonical)}">Share on Facebook</a></li><li><a href="https://x.com/intent/post?url={e(canonical)}">Share on X</a></li><li><a href="https://www.linkedin.com/shareArticle?url={e(canonical)}">Share on LinkedIn</a></li><li><a href="mailto:?subject={e(a.title)}">Email</a></li><li><button class="copy-link">Copy link</button></li></ul>
</header>
<figure class="lead-image"><img src="{site}{a.image}" alt="{e(a.caption or a.title)}" width="1200" height="675" itemprop="image">
<figcaption>{e(a.caption)} <span class="credit">Photo illustration: {e(OUTLETS[key]["name"])}</span></figcaption></figure>
<div class="post-body" itemprop="articleBody">
{body}
</div>
<div class="post-footer"><p class="tags">Read more: <a href="{site}/tag/ev">Electric Vehicles</a>, <a href="{site}/tag/{a.section.lower()}">{e(a.section)}</a></p></div>
</article>
<aside class="sponsored-box" data-ad-unit="/21804/ml/native"><span class="ad-label">Sponsored</span>
<a href="https://ads.example-adnetwork.com/click?id=8812">Drivers are switching to this insurer and saving an average of $612 a year</a>
<a href="https://ads.example-adnetwork.com/click?id=8813">The one gadget every EV owner should keep in the glovebox</a></aside>
<aside class="most-read" aria-labelledby="most-read-title"><h2 id="most-read-title">Most read</h2><ol>
{most_read}
</ol></aside>
<section class="newsletter-signup" aria-label="Newsletter"><h2>Transportation newsletter</h2><p>{e(NEWSLETTER_TEXT[key])}</p>
<form action="{site}/newsletters/subscribe" method="post"><input type="email" name="email" placeholder="Email address"><button type="submit">Sign up</button></form>
<p class="fine-print">By clicking Sign up, you agree to receive marketing emails from {e(OUTLETS[key]["name"])}.</p></section>
<section id="comments" class="comments-section" aria-label="Comments"><h2>Comments</h2><ul class="comment-list">
{comments}
</ul><a class="comment-login" href="{site}/login">Log in to join the conversation</a></section>
</main>
{_ledger_footer(key, site)}
<script src="{site}/static/js/consent.min.js"></script>
</body>
</html>"""


# -------------------------------------------------------------------------------------------
# Template 2: EV Dispatch -- WordPress, <div class="entry-content">
# -------------------------------------------------------------------------------------------
def _render_wordpress(a: FakeArticle, site: str, canonical: str) -> str:
    key = a.outlet
    pid = article_id(a)
    name = OUTLETS[key]["name"]
    related = _related(a, 6)
    when = f"{a.published:%B} {a.published.day}, {a.published:%Y}"

    def ad(i: int) -> str:
        return (
            f'<div class="code-block code-block-{i}" style="margin:8px auto;text-align:center;">'
            f'<div class="adthrive-ad"><span class="ad-label">Advertisement</span></div></div>'
        )

    def figure(x: FakeArticle) -> str:
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" '
            f'src="{site}/wp-content/uploads/2026/11/{x.slug[:24]}-2.jpg" alt="" '
            f'class="wp-image-{pid + 3}"><figcaption class="wp-element-caption">'
            f"(Credit: {e(x.author)}/{e(name)})</figcaption></figure>"
        )

    body = _body_html(a, ad=ad, figure=figure, h2_class="wp-block-heading")
    rel_html = "\n".join(
        f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
        f'<a href="{site}{article_path(r)}">{e(r.title)}</a></h4>'
        f'<p class="jp-relatedposts-post-excerpt">{e(r.summary)}</p>'
        f'<p class="jp-relatedposts-post-date">{r.published:%B} {r.published.day}, {r.published:%Y}</p></div>'
        for r in related[:3]
    )
    recent = "\n".join(
        f'<li><a href="{site}{article_path(r)}">{e(r.title)}</a> <span class="post-date">{r.published:%b %d}</span></li>'
        for r in related
    )
    comments = _comment_items(
        a,
        lambda u, t, i: (
            f'<li id="comment-{pid + i}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{pid + i}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><b class="fn">{e(u)}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><time>{when} at {9 + i}:{10 + 7 * i} am</time></div></footer>'
            f'<div class="comment-content"><p>{e(t)}</p></div>'
            f'<div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div></article></li>'
        ),
    )
    n_comments = comments.count('class="comment ')
    return f"""<!DOCTYPE html>
<html lang="en-US">
{_head(a, site, canonical, " - ")}
<body class="post-template-default single single-post postid-{pid} single-format-standard wp-embed-responsive">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner cookie-notice" role="dialog" aria-live="polite" aria-labelledby="cmplz-header-1">
<div class="cmplz-header"><div class="cmplz-title" id="cmplz-header-1">Manage Cookie Consent</div></div>
<div class="cmplz-message"><p>{e(COOKIE_TEXT[key])}</p></div>
<div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">Accept All</button><button class="cmplz-btn cmplz-deny">Deny</button><button class="cmplz-btn cmplz-manage-options">Manage Options</button></div></div></div>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{site}/" rel="home">{e(name)}</a></p><p class="site-description">{e(OUTLETS[key]["tagline"])}</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary Menu"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu">
{_nav(key, site, "menu-item menu-item-type-taxonomy")}
</ul></nav>
</header>
<div class="header-ad adthrive-ad" id="AdThrive_Header_1"><span class="ad-label">Advertisement</span></div>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<div id="main" class="site-main">
<div id="post-{pid}" class="post-{pid} post type-post status-publish format-standard has-post-thumbnail hentry category-{a.section.lower()}">
<div class="entry-header">
<span class="cat-links"><a href="{site}/category/{a.section.lower()}/" rel="category tag">{e(a.section)}</a></span>
<h1 class="entry-title">{e(a.title)}</h1>
<div class="entry-meta"><span class="byline">By <span class="author vcard"><a class="url fn n" href="{site}/author/{_author_slug(a.author)}/">{e(a.author)}</a></span></span>
<span class="posted-on">Posted on <time class="entry-date published" datetime="{a.published.isoformat()}">{when}</time></span>
<span class="comments-link"><a href="#comments">{n_comments} Comments</a></span></div>
</div>
<div class="post-thumbnail"><img width="1200" height="675" src="{site}{a.image}" class="attachment-post-thumbnail wp-post-image" alt="{e(a.caption)}" decoding="async"></div>
<div class="entry-content">
{body}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3>
<ul><li class="share-x"><a href="{e(canonical)}?share=x">X</a></li><li class="share-facebook"><a href="{e(canonical)}?share=facebook">Facebook</a></li><li class="share-reddit"><a href="{e(canonical)}?share=reddit">Reddit</a></li><li class="share-email"><a href="{e(canonical)}?share=email">Email</a></li></ul></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>
{rel_html}
</div>
</div>
<div class="entry-footer"><span class="tags-links">Tagged <a href="{site}/tag/tesla/" rel="tag">Tesla</a>, <a href="{site}/tag/{a.section.lower()}/" rel="tag">{e(a.section)}</a></span></div>
</div>
<div class="author-box"><p>{e(a.author)} covers Tesla and the EV industry for {e(name)}. Got a tip? Reach out at tips@evdispatch.example.</p></div>
<div id="comments" class="comments-area">
<h2 class="comments-title">{n_comments} thoughts on &ldquo;{e(a.title)}&rdquo;</h2>
<ol class="comment-list">
{comments}
</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="{site}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p class="comment-form-comment"><label for="comment">Comment *</label><textarea id="comment" name="comment"></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div>
</div>
</div>
</div>
<aside id="secondary" class="widget-area">
<section id="recent-posts-3" class="widget widget_recent_entries"><h2 class="widget-title">Trending</h2><ul>
{recent}
</ul></section>
<section id="newsletter-2" class="widget widget_newsletter"><h2 class="widget-title">Newsletter</h2><p>{e(NEWSLETTER_TEXT[key])}</p><form><input type="email" placeholder="Your email"><button>Subscribe</button></form></section>
<section class="widget widget_ad"><div class="adthrive-ad"><span class="ad-label">Advertisement</span></div></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><ul class="footer-menu">
{_footer_links(site, "menu-item")}
</ul></div>
<div class="site-info">&copy; 2026 {e(name)}. All rights reserved. Proudly powered by WordPress.</div>
</footer>
</div>
<script id="wp-emoji-settings" type="text/javascript">var _wpemojiSettings={{"baseUrl":"https://s.w.org/images/core/emoji/15.0.3/72x72/"}};</script>
</body>
</html>"""


# -------------------------------------------------------------------------------------------
# Template 3: China EV Daily -- JS app markup, <main> + data- attributes
# -------------------------------------------------------------------------------------------
def _render_app(a: FakeArticle, site: str, canonical: str) -> str:
    key = a.outlet
    name = OUTLETS[key]["name"]
    local = a.published.astimezone(_BEIJING)
    when = f"{local:%b %d, %Y %H:%M} (GMT+8)"
    related = _related(a, 5)

    def ad(i: int) -> str:
        return (
            f'<div class="cx-ad" data-ad-slot="article-mid-{i}" data-ad-size="300x250">'
            f'<span class="cx-ad__label">Advertisement</span></div>'
        )

    body = _body_html(a, ad=ad, h2_class="cx-body__h2", quote_class="cx-body__quote")
    rel = "\n".join(
        f'<li class="cx-related__item" data-position="{i}"><a class="cx-card" href="{site}{article_path(r)}">'
        f'<img class="cx-card__img" src="{site}{r.image}" alt="" loading="lazy">'
        f'<span class="cx-card__title">{e(r.title)}</span></a>'
        f'<span class="cx-card__teaser">{e(r.summary)}</span></li>'
        for i, r in enumerate(related)
    )
    hot = "\n".join(
        f'<li data-rank="{i + 1}"><a href="{site}{article_path(r)}">{e(r.title)}</a></li>'
        for i, r in enumerate(reversed(related))
    )
    comments = _comment_items(
        a,
        lambda u, t, i: (
            f'<div class="cx-comment" data-comment-id="c{article_id(a) + i}"><div class="cx-comment__head">'
            f'<span class="cx-comment__user">{e(u)}</span><span class="cx-comment__time">{i + 1}d</span></div>'
            f'<div class="cx-comment__text">{e(t)}</div><div class="cx-comment__actions">'
            f'<button data-action="like">{7 * (i + 2)}</button><button data-action="reply">Reply</button></div></div>'
        ),
    )
    tags = "".join(
        f'<li><a href="{site}/tag/{t.lower().replace(" ", "-")}">{e(t)}</a></li>'
        for t in (a.section, "EV sales", "China")
    )
    return f"""<!DOCTYPE html>
<html lang="en" data-theme="light">
{_head(a, site, canonical, " - ")}
<body data-page-type="article" data-article-id="{article_id(a)}">
<div id="__app">
<div class="cx-consent" id="consent-dialog" data-component="consent-banner" role="dialog" aria-modal="true">
<p class="cx-consent__text">{e(COOKIE_TEXT[key])}</p>
<div class="cx-consent__buttons"><button data-consent="accept">Accept</button><button data-consent="reject">Reject</button><button data-consent="customize">Customize</button></div></div>
<header class="cx-masthead" data-component="masthead">
<a class="cx-logo" href="{site}/" data-track="logo">{e(name)}</a>
<nav class="cx-nav" data-component="nav" aria-label="Sections"><ul class="cx-nav__list">
{_nav(key, site, "cx-nav__item")}
</ul></nav>
<div class="cx-masthead__tools"><a href="{site}/search" data-track="search">Search</a><a href="{site}/app" data-track="app">Get the app</a></div>
</header>
<div class="cx-ad cx-ad--top" data-ad-slot="top-banner" data-ad-size="970x90"><span class="cx-ad__label">Advertisement</span></div>
<div class="cx-layout">
<main class="cx-main" role="main" data-component="article-page" data-article-id="{article_id(a)}">
<div class="cx-article" data-component="article" data-section="{e(a.section)}">
<div class="cx-article__kicker" data-testid="kicker"><a href="{site}/brand/{a.section.lower().replace(" ", "-")}">{e(a.section)}</a></div>
<h1 class="cx-article__title" data-testid="headline">{e(a.title)}</h1>
<div class="cx-article__meta" data-testid="byline"><span class="cx-article__author" data-author-id="{_author_slug(a.author)}">{e(a.author)}</span>
<span class="cx-article__date" data-timestamp="{int(a.published.timestamp())}">{when}</span></div>
<div class="cx-share" data-component="share-buttons"><button data-share="weibo">Weibo</button><button data-share="wechat">WeChat</button><button data-share="x">X</button><button data-share="linkedin">LinkedIn</button><button data-share="copy">Copy link</button></div>
<div class="cx-article__hero" data-testid="hero-image"><img src="{site}{a.image}" alt="{e(a.caption)}" width="1200" height="675"><div class="cx-article__caption" data-testid="caption">{e(a.caption)}</div></div>
<div class="cx-body" data-testid="article-body" data-word-count="{a.word_count}">
{body}
</div>
<ul class="cx-tags" data-component="tags">{tags}</ul>
</div>
<section class="cx-related" data-component="related-articles"><h2 class="cx-section-title">Related stories</h2><ul class="cx-related__list">
{rel}
</ul></section>
<section id="comments" class="cx-comments" data-component="comments"><h2 class="cx-section-title">Comments</h2>
{comments}
<div class="cx-comments__login"><a href="{site}/login">Sign in to comment</a></div></section>
</main>
<aside class="cx-rail" data-component="right-rail">
<div class="cx-rail__block" data-component="hot-list"><h2 class="cx-section-title">Most read</h2><ol>
{hot}
</ol></div>
<div class="cx-newsletter" data-component="newsletter"><h3>Newsletter</h3><p>{e(NEWSLETTER_TEXT[key])}</p><input type="email" placeholder="you@example.com"><button>Subscribe</button></div>
<div class="cx-ad" data-ad-slot="rail-1" data-ad-size="300x600"><span class="cx-ad__label">Advertisement</span></div>
</aside>
</div>
<footer class="cx-footer" data-component="footer"><ul class="cx-footer__links">
{_footer_links(site, "cx-footer__item")}
</ul><p class="cx-footer__copy">&copy; 2026 {e(name)}. All rights reserved. Data sources: CPCA, company announcements, insurance registrations.</p></footer>
</div>
<script id="__APP_STATE__" type="application/json">{{"articleId":{article_id(a)},"section":{json.dumps(a.section)},"ab":"b"}}</script>
<script src="{site}/_next/static/chunks/main-4c1f2a.js" defer></script>
</body>
</html>"""


# -------------------------------------------------------------------------------------------
# Template 4: Auto Gazette -- old European CMS, windows-1252, <section class="story">
# -------------------------------------------------------------------------------------------
def _render_legacy(a: FakeArticle, site: str, canonical: str) -> str:
    key = a.outlet
    name = OUTLETS[key]["name"]
    local = a.published.astimezone(_CET)
    when = f"{local.day} {local:%B %Y, %H:%M} CET"
    related = _related(a, 5)
    cdate = local + timedelta(days=1)

    def ad(i: int) -> str:
        return (
            f'<div class="banner banner-content" id="banner_{i}"><p class="banner-label">'
            f"Advertisement</p><!-- adserver zone {40 + i} --></div>"
        )

    body = _body_html(a, ad=ad, h2_class="zwischentitel", quote_class="citation")
    also = "\n".join(
        f'<li><a href="{site}{article_path(r)}"><strong>{e(r.title)}</strong></a><br>'
        f'<span class="teaser">{e(r.summary)}</span></li>'
        for r in related
    )
    comments = _comment_items(
        a,
        lambda u, t, i: (
            f'<div class="leserkommentar comment" id="kommentar{i + 1}"><p class="comment-head"><b>{e(u)}</b> '
            f"wrote on {cdate:%d.%m.%Y}:</p><p>{e(t)}</p></div>"
        ),
    )
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(a, site, canonical)}
<body id="artikel" class="page-story">
<div id="cookie-layer" class="cookie-overlay"><div class="cookie-box"><p class="cookie-headline"><b>Your privacy choices</b></p><p>{e(COOKIE_TEXT[key])}</p><p><a class="cookie-accept" href="#">Accept</a> | <a class="cookie-reject" href="#">Reject</a> | <a href="{site}/cookies">Settings</a></p></div></div>
<div id="wrapper">
<div id="kopf" class="header"><div class="logo"><a href="{site}/"><img src="{site}/images/logo_gazette.gif" alt="{e(name)}"></a></div>
<div class="claim">{e(OUTLETS[key]["tagline"])}</div>
<div class="top-links"><a href="{site}/abo">Subscribe</a> | <a href="{site}/epaper">E-Paper</a> | <a href="{site}/login">Login</a></div></div>
<div id="navigation" class="menu"><ul>
{_nav(key, site)}
</ul></div>
<div class="banner banner-top" id="banner_top"><p class="banner-label">Advertisement</p></div>
<div id="inhalt">
<div id="leftcol">
<p class="breadcrumb">You are here: <a href="{site}/">Home</a> &raquo; <a href="{site}/{a.section.lower()}/">{e(a.section)}</a></p>
<section class="story" itemscope itemtype="https://schema.org/NewsArticle">
<p class="dachzeile">{e(a.section)}</p>
<h1 class="story-title" itemprop="headline">{e(a.title)}</h1>
<p class="storydate">{when} &middot; By <span class="author" itemprop="author">{e(a.author)}</span></p>
<p class="lead"><strong>{e(a.summary)}</strong></p>
<div class="story-image"><img src="{site}{a.image}" alt="{e(a.caption)}" width="640" height="360"><p class="bildunterschrift">{e(a.caption)}</p></div>
<div class="story-text" itemprop="articleBody">
{body}
</div>
<p class="story-tools"><a href="{site}/print/{article_id(a)}">Print</a> | <a href="mailto:?subject={e(a.title)}">Send by e-mail</a> | <a href="https://www.facebook.com/sharer.php?u={e(canonical)}">Facebook</a> | <a href="https://x.com/share?url={e(canonical)}">X</a> | <a href="https://wa.me/?text={e(canonical)}">WhatsApp</a></p>
</section>
<div class="kasten also-read"><h3>You might also be interested in</h3><ul>
{also}
</ul></div>
<div id="kommentare" class="comments"><h3>Reader comments</h3>
{comments}
<p><a href="{site}/login?next=comments">Log in to write a comment</a></p></div>
</div>
<div id="rightcol" class="sidebar">
<div class="kasten newsletter-box"><h3>Newsletter</h3><p>{e(NEWSLETTER_TEXT[key])}</p><form action="{site}/newsletter" method="post"><input type="text" name="mail"><input type="submit" value="Sign up"></form></div>
<div class="kasten anzeige sponsored"><p class="banner-label">Sponsored</p><p><a href="https://partner.example-leasing.eu/">Lease a new electric car from just €179 a month — compare offers now</a></p></div>
<div class="kasten meistgelesen"><h3>Most read</h3><ol>{"".join(f'<li><a href="{site}{article_path(r)}">{e(r.title)}</a></li>' for r in related)}</ol></div>
</div>
</div>
<div id="fuss" class="footer"><ul class="footer-links">
{_footer_links(site)}
</ul><p class="impressum">&copy; 1987&ndash;2026 {e(name)} Verlagsgesellschaft mbH, Stuttgart. All rights reserved. Reproduction only with written permission of the publisher.</p></div>
</div>
<script type="text/javascript" src="{site}/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript">var ivwCode = "autogazette/{a.section.lower()}/story";</script>
</body>
</html>"""


_TEMPLATES: dict[str, Callable[[FakeArticle, str, str], str]] = {
    "ledger": _render_ledger,
    "wordpress": _render_wordpress,
    "app": _render_app,
    "legacy": _render_legacy,
}


def render_article_page(a: FakeArticle, base_url: str, *, canonical_url: str | None = None) -> str:
    """A full HTML5 page for ``a`` in its outlet's template. ``base_url`` has no trailing slash."""
    site = base_url.rstrip("/")
    canonical = canonical_url or site + article_path(a)
    return _TEMPLATES[OUTLETS[a.outlet]["template"]](a, site, canonical)


def render_homepage(outlet_key: str, articles: list[FakeArticle], base_url: str) -> str:
    """A simple homepage listing the outlet's articles, with feed autodiscovery."""
    o = OUTLETS[outlet_key]
    site = base_url.rstrip("/")
    items = "\n".join(
        f'<li class="story-card"><a href="{site}{article_path(a)}"><h2>{e(a.title)}</h2></a>'
        f'<p>{e(a.summary)}</p><p class="meta">{e(a.author)} &middot; '
        f'<time datetime="{a.published.isoformat()}">{a.published:%b %d, %Y}</time></p></li>'
        for a in sorted(articles, key=lambda x: x.published, reverse=True)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{text_encoding(outlet_key)}">
<title>{e(o["name"])} - {e(o["tagline"])}</title>
<meta name="description" content="{e(o["tagline"])}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{e(o["name"])}">
<link rel="canonical" href="{site}/">
<link rel="alternate" type="{FEED_MIME[o["feed_format"]]}" title="{e(o["name"])}" href="{site}{feed_path(outlet_key)}">
</head>
<body class="home">
<header><a class="logo" href="{site}/">{e(o["name"])}</a><nav><ul>
{_nav(outlet_key, site)}
</ul></nav></header>
<main><h1 class="visually-hidden">Latest news</h1><ul class="story-list">
{items}
</ul></main>
<footer><ul>{_footer_links(site)}</ul><p>&copy; 2026 {e(o["name"])}</p></footer>
</body>
</html>"""
