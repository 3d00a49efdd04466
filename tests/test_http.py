"""The polite client against a real local server: retries, caps, robots, SSRF guard."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import gzip
import socket
import ssl
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import TypeVar

import pytest
from httpx import _urls as httpx_urls

from aggregator.config import Limits
from aggregator.content_encoding import BoundedDecoder
from aggregator.http import PoliteClient, RequestLog, parse_retry_after
from tests.conftest import calls_to
from tests.fakeweb import ARTICLES, render_article_page
from tests.fakeweb.server import FakeServer

T = TypeVar("T")

FAST = dict(per_host_delay=0, backoff_base=0.05, read_timeout=2, total_timeout=3, max_retries=2)


def fetch(url: str, *, limits: dict | None = None, allow_private: bool = True, **kwargs):
    log: list[RequestLog] = []

    async def go():
        async with PoliteClient(
            Limits(**{**FAST, **(limits or {})}),
            "https://example.org/contact",
            allow_private=allow_private,
            on_request=log.append,
        ) as client:
            return await client.get(url, **kwargs)

    return asyncio.run(go()), log


def test_user_agent_names_project_and_contact(server: FakeServer) -> None:
    server.add("/page", "<p>hi</p>")
    result, log = fetch(server.url("/page"))
    assert result.ok and result.body == b"<p>hi</p>"
    agent = server.requests_for("/page")[0].headers["user-agent"]
    assert agent.startswith("aggregator/") and "https://example.org/contact" in agent
    assert [entry.url for entry in log] == [server.url("/robots.txt"), server.url("/page")]


def test_conditional_get_gets_304(server: FakeServer) -> None:
    server.add("/feed", "<rss/>", etag='"abc"', last_modified="Tue, 24 Nov 2026 10:00:00 GMT")
    first, _ = fetch(server.url("/feed"))
    assert first.ok and first.headers["etag"] == '"abc"'
    second, _ = fetch(
        server.url("/feed"), etag='"abc"', last_modified=first.headers["last-modified"]
    )
    assert second.outcome == "not_modified" and second.status == 304 and second.body == b""


@pytest.mark.parametrize("as_date", [False, True])
def test_429_retry_after_is_honoured(server: FakeServer, as_date: bool) -> None:
    def handler(record, n):
        if n == 1:
            when = email.utils.formatdate(time.time() + 2, usegmt=True) if as_date else "1"
            return 429, {"Retry-After": when}, b"slow down"
        return 200, {"Content-Type": "text/html"}, b"ok"

    server.add("/limited", handler=handler)
    result, log = fetch(server.url("/limited"))
    assert result.ok and result.body == b"ok"
    times = [r.time for r in server.requests_for("/limited")]
    assert len(times) == 2 and times[1] - times[0] >= 0.9
    assert [entry.status for entry in log if entry.url.endswith("/limited")] == [429, 200]


def test_retry_after_beyond_limit_gives_up(server: FakeServer) -> None:
    server.add("/limited", "no", status=429, headers={"Retry-After": "3600"})
    result, _ = fetch(server.url("/limited"))
    assert result.outcome == "http_error" and result.status == 429
    assert "3600" in result.error and server.hits("/limited") == 1


def test_5xx_retried_with_backoff_then_reported(server: FakeServer) -> None:
    server.add("/flaky", "down", status=503)
    result, _ = fetch(server.url("/flaky"))
    assert result.status == 503 and result.transient
    assert server.hits("/flaky") == 3  # first try + max_retries
    assert result.error == f"{server.url('/flaky')}: HTTP 503 Service Unavailable"


def test_404_is_not_retried(server: FakeServer) -> None:
    result, _ = fetch(server.url("/nowhere"))
    assert result.status == 404 and not result.transient and server.hits("/nowhere") == 1


def test_size_cap_while_streaming(server: FakeServer) -> None:
    server.add("/big", b"x" * 300_000)
    result, _ = fetch(server.url("/big"), limits={"max_response_bytes": 100_000})
    assert result.outcome == "too_large" and "100000" in result.error


def test_gzip_bomb_is_capped_on_decoded_size(server: FakeServer) -> None:
    bomb = b"\0" * 50_000_000  # 50 MB of zeros, ~50 KB on the wire
    server.add("/bomb", bomb, gzip=True)
    result, _ = fetch(server.url("/bomb"), limits={"max_response_bytes": 1_000_000})
    assert len(gzip.compress(bomb)) < 1_000_000
    assert result.outcome == "too_large"


@functools.cache
def zeros_gzipped(megabytes: int) -> bytes:
    """A gzip bomb: `megabytes` MB of zeros in about a thousandth of that, made without ever
    holding the zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def traced_peak(call: Callable[[], T]) -> tuple[T, int]:
    """What `call` returns and the most memory Python held for it at any moment (zlib's
    buffers and every bytes object included), in bytes."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip"])
def test_compression_bomb_never_grows_past_the_cap(server: FakeServer, encoding: str) -> None:
    """100 MB of zeros, gzipped once (~100 KB) or twice (~300 bytes): decoded bytes are
    counted as they are produced, so memory stays near the cap (httpx alone would inflate a
    whole chunk, through every layer, before anyone could count)."""
    body = zeros_gzipped(100)
    if encoding == "gzip, gzip":
        body = gzip.compress(body)
    server.add("/bomb", body, headers={"Content-Encoding": encoding})
    cap = 1_000_000
    fetch(server.url("/robots.txt"))  # one-time imports and caches are not the bomb's doing
    (result, _), peak = traced_peak(
        lambda: fetch(server.url("/bomb"), limits={"max_response_bytes": cap})
    )
    assert result.outcome == "too_large" and f"{cap}-byte cap" in result.error
    assert peak < cap + 2_000_000, f"peak {peak:,} bytes"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip, gzip", lambda data: gzip.compress(gzip.compress(data))),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 says
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw, as some send
        ("x-gzip, identity", gzip.compress),
    ],
)
def test_content_encodings_are_decoded(server: FakeServer, encoding: str, encode) -> None:
    page = render_article_page(ARTICLES["motor-ledger"][0], "https://motor-ledger.example")
    server.add("/page", encode(page.encode()), headers={"Content-Encoding": encoding})
    result, log = fetch(server.url("/page"))
    assert result.ok and result.body == page.encode()
    assert log[-1].bytes == len(page.encode())


@pytest.mark.parametrize("encoding", ["gzip, gzip", "deflate"])
def test_decoder_output_is_bounded_and_complete(encoding: str) -> None:
    """Pieces never exceed the bound, even where zlib holds output back with all input
    consumed (long runs), and nothing is lost across odd chunk boundaries."""
    page = render_article_page(ARTICLES["motor-ledger"][0], "https://motor-ledger.example")
    original = (page.encode() + bytes(50_000)) * 20  # text and long runs, ~1.5 MB
    raw = (
        zlib.compress(original) if encoding == "deflate" else gzip.compress(gzip.compress(original))
    )
    decoder = BoundedDecoder(encoding, piece=1000)
    pieces = [p for i in range(0, len(raw), 777) for p in decoder.decode(raw[i : i + 777])]
    assert max(map(len, pieces)) <= 1000 and b"".join(pieces) == original


@pytest.mark.parametrize(
    ("encoding", "error"),
    [
        ("br", "unsupported Content-Encoding 'br'"),  # we never ask for it
        ("gzip, gzip, gzip, gzip", "4 stacked Content-Encodings"),
        ("gzip", "undecodable body"),
    ],
)
def test_undecodable_bodies_are_refused_in_one_line(
    server: FakeServer, encoding: str, error: str
) -> None:
    server.add("/page", b"<p>not what the header says</p>", headers={"Content-Encoding": encoding})
    result, _ = fetch(server.url("/page"))
    assert result.outcome == "network" and result.error.startswith(f"{server.url('/page')}: ")
    assert error in result.error and "\n" not in result.error


def test_trickling_body_hits_total_deadline(server: FakeServer) -> None:
    server.add("/slow", b"y" * 100, trickle=0.3)
    started = time.monotonic()
    result, _ = fetch(server.url("/slow"), limits={"total_timeout": 1.5, "max_retries": 0})
    assert result.outcome == "timeout" and "1" in result.error
    assert time.monotonic() - started < 5


def test_host_that_accepts_and_never_answers_is_left_at_the_item_deadline() -> None:
    with socket.socket() as silent:  # the kernel completes the handshake; nobody ever reads
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        started = time.monotonic()
        result, log = fetch(
            f"http://127.0.0.1:{silent.getsockname()[1]}/feed",
            limits={"read_timeout": 30, "total_timeout": 30, "item_timeout": 1},
        )
    assert time.monotonic() - started < 3
    assert result.outcome == "timeout" and "not done within 1s (item_timeout" in result.error
    assert log and log[0].url.endswith("/robots.txt")  # the request cut short is logged too


def test_redirects_through_spellings_of_one_host_share_one_deadline(server: FakeServer) -> None:
    """Each spelling of 127.0.0.1 is a new host to the client, with its own robots.txt, and
    every answer comes well within total_timeout: hop by hop the chain would take 12 × 0.4 s."""
    spellings = ["127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1"]
    server.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain", delay=0.4)
    for hop, host in enumerate(spellings[1:], start=1):
        target = f"http://{host}:{server.port}/hop{hop}"
        server.add(f"/hop{hop - 1}", status=301, headers={"Location": target}, delay=0.4)
    server.add(f"/hop{len(spellings) - 1}", "<p>finally</p>", delay=0.4)
    started = time.monotonic()
    result, _ = fetch(
        server.url("/hop0"), limits={"total_timeout": 1, "item_timeout": 1.5, "max_redirects": 6}
    )
    assert result.outcome == "timeout" and "not done within 1.5s" in result.error
    assert time.monotonic() - started < 2.5
    assert server.hits(f"/hop{len(spellings) - 1}") == 0


def test_no_retry_is_waited_for_beyond_the_item_deadline(server: FakeServer) -> None:
    server.add("/busy", "later", status=503, headers={"Retry-After": "3"})
    started = time.monotonic()
    result, _ = fetch(server.url("/busy"), limits={"item_timeout": 2})
    assert result.status == 503 and result.transient and server.hits("/busy") == 1
    assert "no time left to retry in 3s" in result.error and time.monotonic() - started < 1


def test_redirects_followed_and_loops_stopped(server: FakeServer) -> None:
    server.add("/old", status=301, headers={"Location": "/new"})
    server.add("/new", "<p>moved</p>")
    result, _ = fetch(server.url("/old"))
    assert result.ok and result.final_url == server.url("/new") and result.url == server.url("/old")

    server.add("/a", status=302, headers={"Location": "/b"})
    server.add("/b", status=302, headers={"Location": "/a"})
    loop, _ = fetch(server.url("/a"))
    assert loop.outcome == "redirects" and "loop" in loop.error


def test_feed_links_to_private_addresses_are_refused(server: FakeServer) -> None:
    server.add("/page", "<p>secret</p>")
    result, _ = fetch(server.url("/page"), allow_private=False)
    assert result.outcome == "refused" and "private address 127.0.0.1" in result.error
    assert server.requests == []  # nothing was sent


def test_host_names_are_resolved_before_the_guard_decides(server: FakeServer) -> None:
    """`localhost` is a name, not a literal: it must be looked up (via /etc/hosts, no network)
    and refused for what it resolves to, for each article URL on that host."""
    server.add("/a", "<p>secret</p>")
    server.add("/b", "<p>secret</p>")
    log: list[RequestLog] = []

    async def go():
        async with PoliteClient(
            Limits(**FAST), "https://example.org/c", allow_private=False, on_request=log.append
        ) as client:
            return [await client.get(f"http://localhost:{server.port}{p}") for p in ("/a", "/b")]

    results = asyncio.run(go())
    for result, path in zip(results, ("/a", "/b"), strict=True):
        assert result.outcome == "refused", result
        assert result.error.startswith(f"http://localhost:{server.port}{path}: refused")
        assert "localhost resolves to private address" in result.error
    assert server.requests == [] and log == []


def test_every_url_is_resolved_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: a host that first answers with a public address and then with a
    private one must be refused from then on, not trusted for the rest of the pass."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])

    async def resolver(self, host, port, **kwargs):  # stands in for a rebinding DNS server
        if host != "rebind.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", resolver)

    async def go():
        limits = Limits(**{**FAST, "max_retries": 0})
        async with PoliteClient(limits, "https://example.org/c", respect_robots=False) as client:
            return [await client.get(f"http://rebind.invalid/{n}") for n in (1, 2, 3)]

    first, second, third = asyncio.run(go())
    assert first.outcome != "refused"  # public: allowed (the connection itself then fails)
    assert second.outcome == third.outcome == "refused"
    assert "rebind.invalid resolves to private address 127.0.0.1" in second.error


def test_dns_failure_names_each_url_on_the_host() -> None:
    async def go():
        async with PoliteClient(Limits(**FAST), "https://example.org/c") as client:
            return [await client.get(f"http://no-such-host.invalid/{n}") for n in (1, 2)]

    first, second = asyncio.run(go())
    assert first.outcome == second.outcome == "dns"
    assert first.error.startswith("http://no-such-host.invalid/1: DNS lookup failed")
    assert second.error.startswith("http://no-such-host.invalid/2: DNS lookup failed")


def test_trusted_feed_redirecting_to_metadata_address_is_refused(server: FakeServer) -> None:
    server.add("/feed", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data"})
    result, _ = fetch(server.url("/feed"), allow_private=False, trusted=True)
    assert result.outcome == "refused" and "169.254.169.254" in result.error


def test_robots_disallow_and_crawl_delay(server: FakeServer) -> None:
    server.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n",
        content_type="text/plain",
    )
    server.add("/private/x", "<p>no</p>")
    server.add("/public/1", "<p>1</p>")
    server.add("/public/2", "<p>2</p>")

    async def go():
        async with PoliteClient(Limits(**FAST), "https://example.org/c", allow_private=True) as c:
            blocked = await c.get(server.url("/private/x"))
            one = await c.get(server.url("/public/1"))
            two = await c.get(server.url("/public/2"))
            return blocked, one, two

    blocked, one, two = asyncio.run(go())
    assert blocked.outcome == "robots" and server.hits("/private/x") == 0
    assert one.ok and two.ok
    gap = server.requests_for("/public/2")[0].time - server.requests_for("/public/1")[0].time
    assert gap >= 0.95


def test_per_host_concurrency_limit(server: FakeServer) -> None:
    for i in range(8):
        server.add(f"/p{i}", f"<p>{i}</p>", delay=0.2)

    async def go():
        async with PoliteClient(
            Limits(**{**FAST, "per_host_concurrency": 2}), "https://x.org", allow_private=True
        ) as c:
            return await asyncio.gather(*(c.get(server.url(f"/p{i}")) for i in range(8)))

    results = asyncio.run(go())
    assert all(r.ok for r in results)
    assert server.max_concurrency == 2


def test_hosts_share_one_tls_context(
    server: FakeServer, second_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each host has its own connection pool, but the CA certificates are read once per
    client, not once per host (~50 ms of CPU each time)."""
    contexts: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counted(*args: object, **kwargs: object) -> ssl.SSLContext:
        contexts.append(create(*args, **kwargs))
        return contexts[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    server.add("/a", "<p>a</p>")
    second_server.add("/b", "<p>b</p>")
    # three hosts: two servers, and the first again under another name
    urls = [
        server.url("/a"),
        second_server.url("/b"),
        server.url("/a").replace("127.0.0.1", "localhost"),
    ]

    async def go() -> list:
        async with PoliteClient(Limits(**FAST), "https://x.org", allow_private=True) as client:
            return await asyncio.gather(*(client.get(url) for url in urls))

    assert all(result.ok for result in asyncio.run(go()))
    assert len(contexts) == 1


def test_a_pages_address_is_parsed_once_for_its_check_and_its_request(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx parses an address character by character (~40 µs, a sixtieth of a request's
    CPU); the SSRF check's parse serves the request too."""
    parsed = calls_to(monkeypatch, httpx_urls, "urlparse")
    server.add("/page", "<p>hi</p>")
    result, _ = fetch(server.url("/page"), limits={"max_retries": 0})
    assert result.ok
    assert parsed.count(server.url("/page")) == 1


def test_connection_refused_and_dns_failure() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused, log = fetch(f"http://127.0.0.1:{port}/feed", limits={"max_retries": 1})
    assert refused.outcome == "network" and "connection refused" in refused.error
    assert len(log) == 2  # robots.txt tried twice (retry on connect errors), page never reached
    dns, _ = fetch("http://no-such-host.invalid/feed")
    assert dns.outcome == "dns" and "DNS lookup failed" in dns.error


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_shared_address_space_and_mapped_addresses_are_private() -> None:
    from aggregator.http import address_is_private

    for address in (
        "100.100.100.200",
        "100.64.0.1",
        "169.254.169.254",
        "::ffff:10.0.0.1",
        "fd00::1",
        "0.0.0.0",
        "224.0.0.1",
        # IPv6 forms carrying a private IPv4 address
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::7f00:1",  # NAT64
        "64:ff9b::a9fe:a9fe",  # NAT64 to the metadata address
        "2002:7f00:1::",  # 6to4
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        # local-only whatever they carry: local-use NAT64, SIIT (::ffff:0:a.b.c.d), site-local
        "64:ff9b:1::7f00:1",
        "64:ff9b:1:7f00:1::",  # the same address embedded after a /48 prefix (RFC 6052)
        "64:ff9b:1::808:808",
        "::ffff:0:7f00:1",
        "::ffff:0:a9fe:a9fe",
        "::ffff:0:808:808",
        "fec0::1",
        "feff::808:808",
    ):
        assert address_is_private(address), address
    for address in ("8.8.8.8", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1"):
        assert not address_is_private(address), address


def test_malformed_port_is_a_result_not_an_exception() -> None:
    result, log = fetch("http://127.0.0.1:99999/feed")
    assert result.outcome == "refused" and "99999" in result.error and log == []


@pytest.mark.parametrize("allow_private", [True, False], ids=["private allowed", "guarded"])
@pytest.mark.parametrize("url", ["http://0177.0.0.1/feed", "http://xn--/a", "http://a..b/x"])
def test_urls_httpx_or_the_resolver_reject_are_refused_in_one_line(
    url: str, allow_private: bool
) -> None:
    """`get` never raises: before, these escaped as InvalidURL or IDNAError and the item was
    an internal error on every pass."""
    result, log = fetch(url, allow_private=allow_private)
    assert result.outcome == "refused" and not log
    assert result.error.startswith(f"{url}: invalid URL (") and "\n" not in result.error
