"""Canonical URLs: one address per article, whatever tracking tail or AMP variant a feed used.

The same article reaches us as `...?utm_source=rss`, `.../amp/`, `amp.example.com/...`,
`www.` or `m.example.com/...`; storing each as new is the classic aggregator bug. courlan does the generic
normalisation (case, default ports, tracking parameters, fragments); the AMP/mobile rules and
the "trust rel=canonical only on the same site" rule are ours.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

_AMP_QUERY_KEYS = {"amp", "outputtype", "output"}
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


def canonicalize(url: str) -> str:
    """Return the canonical form of an http(s) URL (idempotent)."""
    url = url.strip()
    try:
        normalized = courlan.normalize_url(url, strict=True)
    except Exception:  # courlan raises assorted errors on odd input; fall back to our own rules
        normalized = url
    parts = urlsplit(normalized)
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
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _AMP_QUERY_KEYS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


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
