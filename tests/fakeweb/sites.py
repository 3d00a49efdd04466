"""Static configuration of the four fake outlets: names, URL styles, navigation, boilerplate."""

from __future__ import annotations

import zlib
from typing import Any

from .articles import FakeArticle

__all__ = ["OUTLETS", "article_id", "article_path", "feed_path", "pick", "text_encoding"]

OUTLETS: dict[str, dict[str, Any]] = {
    "motor-ledger": {
        "name": "Motor Ledger",
        "feed_format": "rss",
        "template": "ledger",  # <article> + <main>, business-news style
        "tagline": "Business, markets and the future of transportation",
        "twitter": "@motorledger",
        "nav": [
            ("Business", "/business"),
            ("Markets", "/markets"),
            ("Tech", "/tech"),
            ("Transportation", "/transportation"),
            ("Electric Vehicles", "/electric-vehicles"),
            ("Autonomy", "/autonomy"),
            ("Energy", "/energy"),
            ("Policy", "/policy"),
            ("Personal Finance", "/personal-finance"),
            ("Reviews", "/reviews"),
            ("Video", "/video"),
            ("Newsletters", "/newsletters"),
        ],
    },
    "ev-dispatch": {
        "name": "EV Dispatch",
        "feed_format": "atom",
        "template": "wordpress",  # WordPress theme, <div class="entry-content">
        "tagline": "Tesla, electric vehicles and the clean-energy transition",
        "twitter": "@evdispatch",
        "nav": [
            ("News", "/category/news/"),
            ("Tesla", "/category/tesla/"),
            ("Model Y", "/tag/model-y/"),
            ("Model 3", "/tag/model-3/"),
            ("Cybertruck", "/tag/cybertruck/"),
            ("FSD", "/category/software/"),
            ("Charging", "/category/charging/"),
            ("Energy", "/category/energy/"),
            ("SpaceX", "/category/spacex/"),
            ("Reviews", "/category/reviews/"),
            ("Tips", "/tips/"),
            ("Shop", "/shop/"),
        ],
    },
    "china-ev-daily": {
        "name": "China EV Daily",
        "feed_format": "json",
        "template": "app",  # <main> with data- attributes, JS-app style markup
        "tagline": "China's new energy vehicle market, in English",
        "twitter": "@chinaevdaily",
        "nav": [
            ("Latest", "/latest"),
            ("BYD", "/brand/byd"),
            ("NIO", "/brand/nio"),
            ("Xiaomi", "/brand/xiaomi"),
            ("Li Auto", "/brand/li-auto"),
            ("Xpeng", "/brand/xpeng"),
            ("Tesla China", "/brand/tesla"),
            ("Data", "/data"),
            ("Batteries", "/batteries"),
            ("Charging", "/charging"),
            ("Policy", "/policy"),
            ("Price Tracker", "/tools/prices"),
        ],
    },
    "auto-gazette": {
        "name": "Auto Gazette",
        "feed_format": "rss-cp1252",
        "template": "legacy",  # old European CMS, windows-1252, <section class="story">
        "tagline": "Europe's motoring newspaper since 1987",
        "twitter": "@autogazette_eu",
        "nav": [
            ("Home", "/"),
            ("News", "/news/"),
            ("Market", "/market/"),
            ("Policy", "/policy/"),
            ("Industry", "/industry/"),
            ("Charging", "/charging/"),
            ("Road Tests", "/road-tests/"),
            ("Used Cars", "/used-cars/"),
            ("Motorsport", "/motorsport/"),
            ("Fleet", "/fleet/"),
            ("Classifieds", "/classifieds/"),
            ("E-Paper", "/epaper/"),
        ],
    },
}

FEED_PATHS = {"rss": "/feed", "atom": "/atom.xml", "json": "/feed.json", "rss-cp1252": "/rss.xml"}
FEED_MIME = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "rss-cp1252": "application/rss+xml",
}


def feed_path(outlet_key: str) -> str:
    return FEED_PATHS[OUTLETS[outlet_key]["feed_format"]]


def text_encoding(outlet_key: str) -> str:
    return "windows-1252" if OUTLETS[outlet_key]["feed_format"] == "rss-cp1252" else "utf-8"


def article_id(a: FakeArticle) -> int:
    """A stable numeric post id (like a CMS would assign)."""
    return 100_000 + zlib.crc32(f"{a.outlet}/{a.slug}".encode()) % 900_000


def article_path(a: FakeArticle) -> str:
    """The outlet-specific URL path of an article."""
    d = a.published
    template = OUTLETS[a.outlet]["template"]
    if template == "ledger":
        return f"/{a.slug}-{d.year}-{d.month}"
    if template == "wordpress":
        return f"/{d:%Y/%m/%d}/{a.slug}/"
    if template == "app":
        return f"/news/{d:%Y%m%d}/{a.slug}"
    return f"/{a.section.lower().replace(' ', '-')}/{a.slug}-{article_id(a)}.html"


def pick(items: list[Any], key: str, k: int) -> list[Any]:
    """Deterministically pick k distinct items keyed by a string."""
    n = len(items)
    start = zlib.crc32(key.encode()) % n
    step = 1 + zlib.crc32(key[::-1].encode()) % (n - 1) if n > 1 else 1
    while n > 1 and _gcd(step, n) != 1:
        step += 1
    return [items[(start + i * step) % n] for i in range(min(k, n))]


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


COOKIE_TEXT = {
    "motor-ledger": (
        "We and our 842 partners use cookies and similar technologies to store and access "
        "information on your device, to personalise ads and content, to measure ad and "
        "content performance, and to develop and improve our products. With your permission "
        "we and our partners may use precise geolocation data and identification through "
        "device scanning. You can change your choices at any time by clicking Privacy "
        "Settings at the bottom of any page."
    ),
    "ev-dispatch": (
        "This website uses cookies to improve your experience. We and our 312 advertising "
        "partners store and access information on your device for personalised ads and "
        "content, ad and content measurement, audience insights and product development. "
        "By clicking Accept All you consent to this processing. You can withdraw consent at "
        "any time in Manage Options."
    ),
    "china-ev-daily": (
        "We value your privacy. We and our 127 partners use cookies to analyse traffic, "
        "remember your preferences and show you relevant advertising. Some partners process "
        "your data on the basis of legitimate interest, which you can object to in the "
        "settings. Your choices will apply to this site only."
    ),
    "auto-gazette": (
        "Auto Gazette and our 536 partners use cookies and similar technologies. Some are "
        "essential for the site to work; others help us understand how the site is used, "
        "fund our journalism through personalised advertising, and measure the performance "
        "of that advertising. Click “Accept” to agree, or “Reject” to use essential cookies "
        "only. See our cookie policy for details."
    ),
}

NEWSLETTER_TEXT = {
    "motor-ledger": (
        "Get the Motor Ledger Transportation newsletter: the biggest stories in cars, "
        "mobility and the companies behind them, delivered to your inbox every weekday "
        "morning."
    ),
    "ev-dispatch": (
        "Never miss a story. Sign up for the EV Dispatch Daily and get Tesla news, FSD "
        "updates and charging deals in your inbox every evening."
    ),
    "china-ev-daily": (
        "Subscribe to China EV Daily Briefing: weekly delivery numbers, insurance "
        "registrations and price changes from China's EV makers, every Monday."
    ),
    "auto-gazette": (
        "The Gazette Morning Drive: the day’s motoring news from across Europe, curated by "
        "our editors and sent at 7 a.m. — free, every weekday."
    ),
}

COMMENTS: list[tuple[str, str]] = [
    (
        "roadtrip_rick",
        "I've had my car for two years and the software updates alone have made it feel "
        "like a different vehicle. Not everyone will agree, but I'm not going back to gas.",
    ),
    (
        "Sandra K.",
        "Would love to see an honest comparison of total cost of ownership over five years, "
        "including insurance. That's the number my husband keeps asking me about.",
    ),
    (
        "voltage_vince",
        "Nobody is talking about the charging situation in apartment buildings. Until that "
        "gets fixed, half of the city can't realistically own one of these.",
    ),
    (
        "M. Haddad",
        "These numbers always look great in a press release. Check back in a year and see "
        "how many are still on the road and what the resale looks like.",
    ),
    (
        "greenfleet_ops",
        "We run 40 vans on electric now. Maintenance costs dropped by about a third, but the "
        "depot upgrade took eleven months of paperwork with the utility.",
    ),
    (
        "PetervanDijk",
        "Interesting article, but the headline oversells it a bit. The real story is in the "
        "last few paragraphs about margins.",
    ),
    (
        "lfp_believer",
        "Cheaper chemistry is the whole game. Everything else is marketing until batteries "
        "cost less than the rest of the car.",
    ),
    (
        "CautiousBuyer22",
        "Waited nine months for my order and then the price dropped two weeks after "
        "delivery. Customer service just shrugged. Frustrating experience overall.",
    ),
]

FOOTER_LINKS = [
    ("About us", "/about"),
    ("Contact", "/contact"),
    ("Careers", "/careers"),
    ("Advertise with us", "/advertise"),
    ("Newsletters", "/newsletters"),
    ("Terms of Service", "/terms"),
    ("Privacy Policy", "/privacy"),
    ("Cookie Policy", "/cookies"),
    ("Do Not Sell or Share My Personal Information", "/privacy/opt-out"),
    ("Accessibility", "/accessibility"),
    ("Corrections", "/corrections"),
    ("Sitemap", "/sitemap.xml"),
    ("RSS feeds", "/feeds"),
    ("Reprints & Permissions", "/reprints"),
]
