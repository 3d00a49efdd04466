"""Canonical URLs: one address per article, whatever tracking tail or AMP variant a feed used.

The same article reaches us as `...?utm_source=rss`, `.../amp/`, `amp.example.com/...`,
`www.` or `m.example.com/...`; storing each as new is the classic aggregator bug. The opposite
bug loses articles: `news.php?story=5` and `news.php?story=6`, `watch?v=…`, `article.pl?sid=…`
are different articles, so every query parameter is kept except known tracking ones.

courlan does the generic normalisation of scheme, host, port and path. Its query cleaning is
not used: its strict mode keeps a short allow-list (`id`, `p`, `page`, …) and drops `story`,
`v`, `sid`, `newsid`, `docid`, …; its lenient mode matches tracker fragments anywhere in a
name, so `cid`, `eid`, `uid`, `gallery`, `game_id` and `source_id` go too. `TRACKING_PARAMS`
below names the trackers exactly (from the lists courlan cites: ClearURLs, AdGuard's
TrackParamFilter and Firefox's query stripping). The AMP/mobile rules and the "trust
rel=canonical only on the same site" rule are ours too.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

# Parameters that only say how a reader arrived: matched against the whole lower-cased name.
TRACKING_PARAMS = re.compile(
    r"(?:utm|mtm|pk|piwik|matomo|ga|itm|hmb|otm|oly|vero|mc)_[a-z0-9_]*"  # families
    r"|(?:dc|fbc|gc|tt|tw|yc|ysc)lid|(?:click|gbra|wbra|msclk|rb_click)id|gclsrc|gad_source"
    r"|_ga|_gl|_hsenc|_hsmi|__hs(?:fp|sc|tc)|hsctatracking|_openstat|__twitter_impression"
    r"|fb_(?:action_ids|action_types|ref|source)|igshid|igsh|li_fat_id|epik|sccid|srsltid"
    r"|mkt_tok|ml_subscriber(?:_hash)?|wickedid|s_cid|xtor|ncid|ocid|icid|cmpid|smid|spm"
    r"|soc_(?:src|trk)|at_(?:campaign|medium)"
    r"|ref|ref_src|ref_url"
)
# AMP markers: `?amp`, `?amp=1`, `?outputType=amp`, `?output=amp` (any other output is kept)
_AMP_KEYS = {"amp"}
_AMP_VALUED_KEYS = {"outputtype", "output"}
_AMP_PATH = re.compile(r"(/amp)(?=/|$)|(\.amp)(?=\.html?$|$)", re.IGNORECASE)
_SAFE_SCHEMES = {"http", "https"}


def is_fetchable(url: str | None) -> bool:
    """Only http(s) links with a host are worth fetching; javascript:, data:, mailto: are not."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port ("http://0::")
    except ValueError:
        return False
    return parts.scheme.lower() in _SAFE_SCHEMES and bool(parts.hostname)


@functools.lru_cache(maxsize=1024)
def canonicalize(url: str) -> str:
    """Return the canonical form of an http(s) URL (idempotent). Remembered: a fetched
    item's address is canonicalised three times or more (recognising it, its record, its
    aliases), ~50 µs each on the event loop."""
    url = url.strip()
    given = urlsplit(url)
    try:  # the query is ours to clean (see the module docstring): courlan sees none
        normalized = courlan.normalize_url(given._replace(query="", fragment="").geturl())
    except Exception:  # courlan raises assorted errors on odd input; fall back to our own rules
        normalized = url
    parts = urlsplit(normalized)._replace(query=given.query)
    host = (parts.hostname or "").lower()
    for variant in ("www.", "amp.", "m.", "mobile."):  # same site, same article
        if host.startswith(variant) and host.count(".") >= 2:
            host = host[len(variant) :]
            break
    scheme = parts.scheme.lower() or "https"
    shown = f"[{host}]" if ":" in host else host  # IPv6 literals keep their brackets
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = shown if parts.port in (None, default) else f"{shown}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    return urlunsplit((scheme, netloc, path, _identifying_query(parts.query), ""))


def _identifying_query(query: str) -> str:
    """The parameters that name the article, sorted by name (the order of values under one
    name is kept). Undecodable bytes survive (surrogateescape), so two distinct ids never
    collapse into one replacement character."""
    pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
    kept = sorted(
        ((name, value) for name, value in pairs if not _is_noise(name, value)),
        key=lambda pair: pair[0],
    )
    return urlencode(kept, errors="surrogateescape")


def _is_noise(name: str, value: str) -> bool:
    key = name.lower()
    if key in _AMP_KEYS or (key in _AMP_VALUED_KEYS and value.lower() == "amp"):
        return True
    return TRACKING_PARAMS.fullmatch(key) is not None


def registered_domain(url: str) -> str:
    """The site an URL belongs to (`www.x.co.uk` → `x.co.uk`), used to decide trust."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _is_ip_literal(host):  # no registrable domain: the address itself (and port) is the site
        return host_key(url)
    return _domain_of_host(host)


@functools.lru_cache(maxsize=4096)
def _domain_of_host(host: str) -> str:
    """Public-suffix lookups are slow and a pass sees few distinct hosts."""
    try:
        domain = courlan.extract_domain(f"https://{host}/", fast=True)
    except Exception:  # courlan raises assorted errors on odd hosts
        domain = None
    return (domain or host).lower()


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def same_site(a: str, b: str) -> bool:
    return bool(a and b) and registered_domain(a) == registered_domain(b)


def choose_canonical(page_url: str, rel_canonical: str | None, og_url: str | None) -> str:
    """Pick the article's canonical URL.

    A page's own rel=canonical / og:url is trusted only when it stays on the same site:
    a cross-site canonical is how syndicated copies point at their original, and that is a
    relation between two articles (the stories stage), not a reason to rename this one.
    """
    for candidate in (rel_canonical, og_url):
        if candidate and is_fetchable(candidate) and same_site(candidate, page_url):
            return canonicalize(candidate)
    return canonicalize(page_url)


def host_key(url: str) -> str:
    """The politeness key: scheme-less host:port, lower-cased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host
