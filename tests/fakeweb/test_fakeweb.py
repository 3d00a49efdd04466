"""Self-checks for the fake web: the HTTP server's semantics and the realism of the fixtures."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import feedparser
import pytest
import trafilatura
from bs4 import BeautifulSoup

from tests.fakeweb import (
    ARTICLES,
    OUTLETS,
    FakeArticle,
    FakeServer,
    RequestRecord,
    article_path,
    generate_bulk_articles,
    install_outlet,
    render_article_page,
    render_listing_page,
    render_paywall_teaser,
    render_video_page,
)
from tests.fakeweb.sites import COMMENTS, COOKIE_TEXT, NEWSLETTER_TEXT
from tests.fakeweb.templates import _related

ALL_ARTICLES = [a for lst in ARTICLES.values() for a in lst]


@pytest.fixture
def srv() -> Iterator[FakeServer]:
    with FakeServer() as s:
        yield s


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


# ------------------------------------------------------------------------------- server


def test_routing_query_fallback_and_404(srv: FakeServer) -> None:
    srv.add("/a", "plain a")
    srv.add("/a?page=2", "page two", content_type="text/plain")
    assert srv.base.startswith("http://127.0.0.1:") and srv.host in srv.base
    assert get(srv.url("/a"))[2] == b"plain a"
    assert get(srv.url("/a?page=2"))[2] == b"page two"
    assert get(srv.url("/a?utm_source=rss"))[2] == b"plain a"
    status, headers, body = get(srv.url("/missing"))
    assert (
        status == 404 and b"Not Found" in body and headers["Content-Type"].startswith("text/html")
    )
    assert srv.hits("/a") == 3
    assert srv.hits("/a?page=2") == 1
    assert srv.hits("/missing") == 1
    assert [r.path for r in srv.requests][:2] == ["/a", "/a?page=2"]
    srv.reset_stats()
    assert srv.requests == [] and srv.max_concurrency == 0 and srv.hits("/a") == 0


def test_request_record_headers_case_insensitive(srv: FakeServer) -> None:
    srv.add("/h", "ok")
    get(srv.url("/h"), headers={"User-Agent": "NewsBot/1.0", "X-Test": "1"})
    rec = srv.requests[-1]
    assert isinstance(rec, RequestRecord) and rec.method == "GET"
    assert rec.headers["user-agent"] == "NewsBot/1.0" == rec.headers["User-Agent"]
    assert "X-TEST" in rec.headers and isinstance(rec.time, float)


def test_etag_and_last_modified_give_304(srv: FakeServer) -> None:
    lm = "Wed, 25 Nov 2026 10:00:00 GMT"
    srv.add("/feed", "<rss/>", etag='"v1"', last_modified=lm)
    status, headers, _ = get(srv.url("/feed"))
    assert status == 200 and headers["ETag"] == '"v1"' and headers["Last-Modified"] == lm
    assert get(srv.url("/feed"), {"If-None-Match": '"v1"'})[0] == 304
    assert get(srv.url("/feed"), {"If-Modified-Since": lm})[0] == 304
    assert get(srv.url("/feed"), {"If-None-Match": '"v0"'})[0] == 200


def test_gzip_on_the_wire(srv: FakeServer) -> None:
    body = "<p>" + "electric " * 500 + "</p>"
    srv.add("/z", body, gzip=True)
    conn = http.client.HTTPConnection(srv.host, timeout=10)
    conn.request("GET", "/z", headers={"Accept-Encoding": "gzip"})
    resp = conn.getresponse()
    raw = resp.read()
    assert resp.getheader("Content-Encoding") == "gzip"
    assert int(resp.getheader("Content-Length")) == len(raw) < len(body)
    assert gzip.decompress(raw).decode() == body
    # keep-alive: a second request on the same connection works
    conn.request("HEAD", "/z")
    head = conn.getresponse()
    assert head.read() == b"" and int(head.getheader("Content-Length")) == len(raw)
    conn.close()


def test_handler_sees_hit_count(srv: FakeServer) -> None:
    def flaky(rec: RequestRecord, n: int) -> tuple[int, dict[str, str], bytes]:
        if n == 1:
            return 429, {"Retry-After": "1"}, b"slow down"
        return 200, {"X-Attempt": str(n)}, f"ok {rec.path}".encode()

    srv.add("/api", handler=flaky)
    status, headers, _ = get(srv.url("/api"))
    assert status == 429 and headers["Retry-After"] == "1"
    status, headers, body = get(srv.url("/api?x=1"))
    assert status == 200 and headers["X-Attempt"] == "2" and body == b"ok /api?x=1"


def test_redirect_and_head(srv: FakeServer) -> None:
    srv.add("/old", status=301, headers={"Location": "/new"})
    srv.add("/new", "new page")
    assert get(srv.url("/old"))[2] == b"new page"
    status, headers, body = get(srv.url("/new"), method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == "8"


def test_max_concurrency_counts_delayed_requests(srv: FakeServer) -> None:
    srv.add("/slow", "zzz", delay=0.4)
    start = time.monotonic()
    threads = [threading.Thread(target=get, args=(srv.url(f"/slow?i={i}"),)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - start < 2.0  # served in parallel
    assert srv.max_concurrency == 6
    assert srv.hits("/slow") == 6
    srv.reset_stats()
    get(srv.url("/slow"))
    assert srv.max_concurrency == 1


def test_trickle_and_client_disconnect(srv: FakeServer) -> None:
    srv.add("/drip", b"0123456789", trickle=0.05)
    start = time.monotonic()
    assert get(srv.url("/drip"))[2] == b"0123456789"
    assert time.monotonic() - start >= 0.4
    # A per-read socket timeout never fires on a trickle: only a total deadline helps.
    srv.add("/long-drip", b"x" * 400, trickle=0.02)
    sock = socket.create_connection(("127.0.0.1", srv.port), 5)
    sock.sendall(b"GET /long-drip HTTP/1.1\r\nHost: x\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    sock.close()  # the server must notice and stop quietly
    deadline = time.monotonic() + 3
    while srv.in_flight and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.in_flight == 0
    assert get(srv.url("/drip"))[0] == 200


def test_close_with_idle_keepalive_connection() -> None:
    s = FakeServer()
    s.add("/", "home")
    conn = http.client.HTTPConnection(s.host, timeout=5)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"home"
    start = time.monotonic()
    s.close()
    assert time.monotonic() - start < 3
    conn.close()


# ------------------------------------------------------------------------------- outlets


def test_outlet_catalogue() -> None:
    assert len(OUTLETS) >= 4
    assert {o["feed_format"] for o in OUTLETS.values()} == {"rss", "atom", "json", "rss-cp1252"}
    for key, arts in ARTICLES.items():
        assert 4 <= len(arts) <= 5, key
        for a in arts:
            assert a.outlet == key and a.published.utcoffset() is not None
            assert 6 <= len(a.paragraphs) <= 12
            assert a.image.startswith("/img/")
    assert len({a.slug for a in ALL_ARTICLES}) == len(ALL_ARTICLES)
    assert len({a.paragraphs[0] for a in ALL_ARTICLES}) == len(ALL_ARTICLES)
    for a in ARTICLES["auto-gazette"]:  # really needs windows-1252, and fits in it
        text = render_article_page(a, "http://x")
        text.encode("cp1252")
        assert any(ord(c) > 127 for c in a.text + a.title)


@pytest.mark.parametrize("key", list(OUTLETS))
def test_install_outlet_serves_feed_and_pages(srv: FakeServer, key: str) -> None:
    info = install_outlet(srv, key, link_suffix="?utm_source=rss&utm_medium=feed")
    arts: list[FakeArticle] = info["articles"]
    status, headers, body = get(info["feed_url"])
    assert status == 200
    if OUTLETS[key]["feed_format"] == "json":
        assert headers["Content-Type"] == "application/feed+json"
        doc = json.loads(body)
        assert doc["version"] == "https://jsonfeed.org/version/1.1"
        links = [item["url"] for item in doc["items"]]
    else:
        parsed = feedparser.parse(body, response_headers={"content-type": headers["Content-Type"]})
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == len(arts)
        titles = {a.title for a in arts}
        assert {e.title for e in parsed.entries} == titles
        assert all(
            e.get("author") and e.get("published_parsed") and e.get("id") for e in parsed.entries
        )
        links = [e.link for e in parsed.entries]
    assert all(link.endswith("?utm_source=rss&utm_medium=feed") for link in links)
    for link in links:  # tracking params do not break routing
        assert get(link)[0] == 200
    for url in info["article_urls"]:
        status, headers, page = get(url)
        assert status == 200
        charset = headers["Content-Type"].split("charset=")[1]
        assert f'<meta charset="{charset}">'.encode() in page
    assert get(info["homepage_url"])[0] == 200
    assert get(srv.url(arts[0].image))[1]["Content-Type"] == "image/jpeg"
    assert get(srv.url("/robots.txt"))[2] == b"User-agent: *\nAllow: /\n"


def test_custom_robots_and_prefix(srv: FakeServer) -> None:
    info = install_outlet(srv, "ev-dispatch", robots="User-agent: *\nDisallow: /\n", prefix="/evd")
    assert info["feed_url"] == srv.url("/evd/atom.xml")
    assert info["article_urls"][0].startswith(srv.url("/evd/2026/"))
    assert get(info["article_urls"][0])[0] == 200
    assert b"Disallow: /" in get(srv.url("/robots.txt"))[2]


@pytest.mark.parametrize("a", ALL_ARTICLES, ids=lambda a: f"{a.outlet}/{a.slug[:30]}")
def test_page_metadata(a: FakeArticle) -> None:
    base = "http://127.0.0.1:9"
    soup = BeautifulSoup(render_article_page(a, base), "html.parser")
    canonical = base + article_path(a)
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", property="og:title")["content"] == a.title
    assert (
        soup.find("meta", property="article:published_time")["content"] == a.published.isoformat()
    )
    assert soup.find("link", rel="alternate")["href"].startswith(base + "/")
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert ld["@type"] == "NewsArticle" and ld["headline"] == a.title
    assert ld["author"][0]["name"] == a.author and ld["publisher"]["name"]
    nav = soup.find("nav") or soup.find(id="navigation")  # the old CMS has no <nav>
    assert len(nav.find_all("a")) >= 10
    assert "842 partners" in COOKIE_TEXT["motor-ledger"]
    assert soup.get_text().count("Advertisement") >= 2
    n_comments = sum(1 for _, text in COMMENTS if text in soup.get_text())
    assert 2 <= n_comments <= 4
    other = render_article_page(a, base, canonical_url="https://elsewhere.example/story")
    assert 'rel="canonical" href="https://elsewhere.example/story"' in other


def _check_extraction(a: FakeArticle) -> None:
    html = render_article_page(a, "http://127.0.0.1:8000")
    text = trafilatura.extract(html, favor_precision=True, include_comments=False) or ""
    assert a.paragraphs[0] in text
    assert a.paragraphs[-1] in text
    assert COOKIE_TEXT[a.outlet][:60] not in text
    assert NEWSLETTER_TEXT[a.outlet][:60] not in text
    for _, comment in COMMENTS:
        assert comment[:60] not in text
    for r in _related(a, 6):
        assert r.summary not in text and r.title not in text
    for junk in ("Advertisement", "Sponsored", "Most read", "All rights reserved"):
        assert junk not in text


@pytest.mark.parametrize("a", ALL_ARTICLES, ids=lambda a: f"{a.outlet}/{a.slug[:30]}")
def test_trafilatura_extracts_only_the_article(a: FakeArticle) -> None:
    _check_extraction(a)


def test_trafilatura_on_bulk_sample() -> None:
    for a in generate_bulk_articles(12, seed=3):
        _check_extraction(a)


def test_special_pages() -> None:
    base = "http://127.0.0.1:8000"
    for render, og_type in (
        (render_paywall_teaser, "article"),
        (render_video_page, "video.other"),
        (render_listing_page, "website"),
    ):
        html = render(base)
        soup = BeautifulSoup(html, "html.parser")
        assert html.startswith("<!DOCTYPE html>") and soup.find("footer") and soup.find("nav")
        assert soup.find("meta", property="og:type")["content"] == og_type
    assert "Subscribe to read" in render_paywall_teaser(base)
    assert BeautifulSoup(render_video_page(base), "html.parser").find("video")
    assert render_listing_page(base).count('class="river-item"') == 15
    paywall = trafilatura.extract(render_paywall_teaser(base), favor_precision=True) or ""
    assert len(paywall) < 600


def test_bulk_articles_are_deterministic_and_distinct() -> None:
    arts = generate_bulk_articles(80, seed=1)
    again = generate_bulk_articles(80, seed=1)
    assert [a.text for a in arts] == [a.text for a in again]
    assert generate_bulk_articles(3, seed=2)[0].text != arts[0].text
    assert len({a.slug for a in arts}) == 80 and len({a.title for a in arts}) >= 78
    assert {a.outlet for a in arts} == set(OUTLETS)
    assert all(400 <= a.word_count <= 1300 for a in arts)

    def shingles(a: FakeArticle) -> set[tuple[str, ...]]:
        w = a.text.lower().split()
        return {tuple(w[i : i + 5]) for i in range(len(w) - 4)}

    sh = [shingles(a) for a in arts[:40]]
    worst = max(len(sh[i] & sh[j]) / len(sh[i] | sh[j]) for i in range(len(sh)) for j in range(i))
    assert worst < 0.4


def test_bulk_articles_serve(srv: FakeServer) -> None:
    arts = [a for a in generate_bulk_articles(8) if a.outlet == "auto-gazette"]
    info = install_outlet(srv, "auto-gazette", articles=arts)
    assert len(feedparser.parse(get(info["feed_url"])[2]).entries) == len(arts)
    assert all(get(u)[0] == 200 for u in info["article_urls"])
