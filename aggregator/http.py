"""The one HTTP client: politeness, robots.txt, retries, size and time caps, SSRF guard.

httpx gives us connection pooling and HTTP semantics but none of the manners a crawler owes
the sites it reads, nor the suspicion it owes the links it is handed. Everything here exists
because a real site or a hostile feed needed it: per-host concurrency and spacing (429 storms),
Retry-After, conditional GET, a size cap counted as bodies are inflated (nested gzip bombs), a
deadline per request (servers that trickle a byte a second) and per URL (redirect chains), and
a check that feed-supplied links don't point into the user's own network. Each request is reported through `on_request`, so the caller can log it; this module
never touches the database.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from . import __version__
from .config import Limits
from .content_encoding import BoundedDecoder, DecodeError
from .urls import host_key, is_fetchable

RETRY_STATUSES = {429, 500, 502, 503, 504}
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ROBOTS_LIFETIME = 24 * 3600.0  # RFC 9309 §2.4: a cached robots.txt is used at most 24 h
ROBOTS_MIN_LIFETIME = 3600.0  # "no-cache" (a common CMS default) must not mean one fetch per poll
ROBOTS_RETRY_AFTER = 300.0  # an unreachable robots.txt is asked again this soon
ROBOTS_ORIGINS = 10_000  # remembered hosts: links from feeds may name any number of them


@dataclass
class RequestLog:
    """One HTTP request as it happened, for the `fetch_log` table."""

    url: str
    status: int | None
    bytes: int
    duration: float
    error: str | None
    at: str


@dataclass
class FetchResult:
    """What a fetch produced. `outcome` is one of:

    ok, not_modified, http_error, robots, refused, network, dns, timeout, too_large, redirects.
    """

    url: str
    final_url: str
    outcome: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def transient(self) -> bool:
        """Worth trying again on a later pass (as opposed to a permanent refusal)."""
        return self.outcome in ("network", "dns", "timeout") or (
            self.outcome == "http_error" and self.status in RETRY_STATUSES
        )


class _Refused(Exception):
    def __init__(self, outcome: str, message: str, status: int | None = None):
        super().__init__(message)
        self.outcome = outcome
        self.status = status


@dataclass
class _HostGate:
    """Per-host concurrency slot plus the earliest time the next request may start."""

    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    delay: float = 0.0


RobotsAnswer = Protego | FetchResult | None  # rules, why they could not be read, or "no rules"


@dataclass
class _RobotsEntry:
    answer: RobotsAnswer
    expires: float


class RobotsCache:
    """robots.txt answers per origin, kept for their lifetime across passes.

    A client lives for one pass; the service lives for weeks and polls a host every few minutes,
    so the answers belong to it, as with any polite crawler: a robots.txt is read again after
    24 h or its own Cache-Control/Expires lifetime if shorter (never under an hour), and an
    unreachable one after a few minutes. When a refresh finds the file unreachable, the copy
    already held is used meanwhile, as RFC 9309 §2.4 allows."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, _RobotsEntry] = {}

    def get(self, origin: str) -> _RobotsEntry | None:
        """The answer for `origin`, or None when it was never read or has expired."""
        entry = self._entries.get(origin)
        return entry if entry is not None and entry.expires > self._clock() else None

    def put(self, origin: str, answer: RobotsAnswer, lifetime: float) -> _RobotsEntry:
        previous = self._entries.pop(origin, None)
        if (
            isinstance(answer, FetchResult)
            and previous
            and not isinstance(previous.answer, FetchResult)
        ):
            answer = previous.answer
        entry = self._entries[origin] = _RobotsEntry(answer, self._clock() + lifetime)
        if len(self._entries) > ROBOTS_ORIGINS:
            now = self._clock()
            self._entries = {k: e for k, e in self._entries.items() if e.expires > now}
            while len(self._entries) > ROBOTS_ORIGINS:  # the oldest answers go first
                del self._entries[next(iter(self._entries))]
        return entry


def robots_lifetime(headers: Mapping[str, str], now: datetime | None = None) -> float:
    """Seconds a robots.txt answer may be used: its HTTP freshness (Cache-Control max-age, else
    Expires against Date), 24 h when it has none, and always within [1 h, 24 h]."""
    freshness = _freshness(headers, now or datetime.now(UTC))
    if freshness is None:
        return ROBOTS_LIFETIME
    return min(max(freshness, ROBOTS_MIN_LIFETIME), ROBOTS_LIFETIME)


def _freshness(headers: Mapping[str, str], now: datetime) -> float | None:
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("no-cache", "no-store"):
            return 0.0
        if name.lower() == "max-age":
            value = value.strip().strip('"')
            return float(value) if value.isdigit() else 0.0
    if "expires" not in headers:
        return None
    expires = _http_date(headers["expires"])
    if expires is None:
        return 0.0  # RFC 9111 §5.3: an invalid Expires means already expired
    return (expires - (_http_date(headers.get("date", "")) or now)).total_seconds()


def _http_date(value: str) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def user_agent(contact_url: str) -> str:
    return f"aggregator/{__version__} (+{contact_url}; news aggregator)"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date; both occur in the wild."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def address_is_private(address: str) -> bool:
    """Anything not globally routable: private, loopback, link-local (cloud metadata),
    shared address space (100.64/10, also a metadata range), reserved, multicast."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _LOCAL_ONLY_V6):
            return True
        # IPv6 forms that carry an IPv4 address: judged by that address
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and (int(ip) >> 32 == 0 or ip in _NAT64):  # ::a.b.c.d, NAT64
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_is_private(str(embedded)) or not ip.is_global or ip.is_multicast
    return not ip.is_global or ip.is_multicast


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Ranges Python's is_global (3.11) still calls global, though no packet to them may cross the
# internet: whatever IPv4 address they carry, the translator or site behind them is local.
# Local-use NAT64 (RFC 8215; where the IPv4 address sits depends on the operator's prefix
# length), SIIT's IPv4-translated addresses ::ffff:0:a.b.c.d (RFC 2765), site-local (RFC 3879).
_LOCAL_ONLY_V6 = tuple(
    ipaddress.IPv6Network(network) for network in ("64:ff9b:1::/48", "::ffff:0:0:0/96", "fec0::/10")
)


class PoliteClient:
    """An async HTTP client that behaves like a well-mannered, suspicious crawler."""

    def __init__(
        self,
        limits: Limits,
        contact_url: str,
        *,
        allow_private: bool | Sequence[IPNetwork] = False,
        respect_robots: bool = True,
        robots: RobotsCache | None = None,
        on_request: Callable[[RequestLog], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.limits = limits
        self.allow_private = allow_private
        self.respect_robots = respect_robots
        self.user_agent = user_agent(contact_url)
        self._on_request = on_request or (lambda entry: None)
        self._sleep = sleep
        self._clock = clock
        self._gates: dict[str, _HostGate] = {}
        # taken after a host's turn comes, so a slow host's queue holds no global slot
        self._in_flight = asyncio.Semaphore(limits.total_concurrency)
        self._robots = robots if robots is not None else RobotsCache(clock)
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._transport = transport
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    async def get(
        self,
        url: str,
        *,
        trusted: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """Fetch `url` politely. `trusted` URLs (the user's own config) skip the SSRF guard.

        Everything the fetch takes (robots.txt, every redirect hop and retry, the waits
        between them) shares one deadline, `item_timeout`: `total_timeout` bounds a single
        request, so redirects through spellings of one host, each with its own robots.txt,
        could otherwise hold the item (and the pass waiting for it) for ten times that.
        Never raises for network or HTTP trouble: the outcome is in the result.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        budget = self.limits.item_timeout
        try:
            async with asyncio.timeout(budget):  # also ends waits for a host's turn
                return await self._follow(url, headers, trusted, self._clock() + budget)
        except TimeoutError:
            return FetchResult(url, url, "timeout", error=self._past_deadline(url))

    async def _follow(
        self, url: str, headers: dict[str, str], trusted: bool, deadline: float
    ) -> FetchResult:
        current = url
        seen = {url}
        try:
            for _hop in range(self.limits.max_redirects + 1):
                self._check_url(current)
                if not trusted or host_key(current) != host_key(url):
                    # a trusted URL's own host is the user's choice; where it redirects is not
                    await self._guard_address(current)
                if self.respect_robots and not await self._robots_allow(current, deadline):
                    raise _Refused("robots", f"{current}: disallowed by robots.txt")
                response = await self._get_with_retries(current, headers, deadline)
                if response.status in REDIRECT_STATUSES and "location" in response.headers:
                    target = urljoin(current, response.headers["location"])
                    if target in seen:
                        raise _Refused("redirects", f"{url}: redirect loop at {target}")
                    seen.add(target)
                    current = target
                    continue
                response.url = url
                return response
            raise _Refused("redirects", f"{url}: more than {self.limits.max_redirects} redirects")
        except _Refused as refused:
            return FetchResult(
                url, current, refused.outcome, status=refused.status, error=str(refused)
            )

    def _past_deadline(self, url: str) -> str:
        return (
            f"{url}: not done within {self.limits.item_timeout:g}s "
            "(item_timeout: robots.txt, redirects and retries included)"
        )

    # -- one request, with retries -------------------------------------------------------

    async def _get_with_retries(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> FetchResult:
        attempt = 0
        while True:
            result, retry_after = await self._get_once(url, headers, deadline)
            retryable = result.outcome == "network" or (
                result.outcome == "http_error" and result.status in RETRY_STATUSES
            )
            if not retryable or attempt >= self.limits.max_retries:
                return result
            if retry_after is not None and retry_after > self.limits.max_retry_after:
                result.error = f"{result.error} (server asks to wait {retry_after:.0f}s; giving up)"
                return result
            wait = (
                retry_after
                if retry_after is not None
                else self.limits.backoff_base * (2**attempt) * (1 + random.random() / 2)
            )
            if self._clock() + wait >= deadline:
                result.error = f"{result.error} (no time left to retry in {wait:.0f}s)"
                return result
            self._gate(url).next_start = max(self._gate(url).next_start, self._clock() + wait)
            attempt += 1

    async def _get_once(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult, float | None]:
        gate = self._gate(url)
        async with gate.semaphore:
            await self._wait_turn(gate)
            async with self._in_flight:
                return await self._request(url, headers, gate, deadline)

    async def _request(
        self, url: str, headers: dict[str, str], gate: _HostGate, deadline: float
    ) -> tuple[FetchResult, float | None]:
        started = self._clock()
        status: int | None = None
        body = b""
        retry_after: float | None = None
        limit = min(self.limits.total_timeout, deadline - started)
        result: FetchResult | None = None
        try:
            async with asyncio.timeout(limit):
                client = self._client_for(url)
                async with client.stream("GET", _parsed(url), headers=headers) as response:
                    status = response.status_code
                    body = await self._read_capped(response, url)
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
            retry_after = parse_retry_after(response_headers.get("retry-after"))
            result = self._classify(url, status, response_headers, body)
        except _Refused as refused:
            result = FetchResult(url, url, refused.outcome, status=status, error=str(refused))
        except TimeoutError:
            error = (
                f"{url}: no complete answer within {limit:.0f}s"
                if limit == self.limits.total_timeout
                else self._past_deadline(url)
            )
            result = FetchResult(url, url, "timeout", status=status, error=error)
        except httpx.TimeoutException as exc:
            result = FetchResult(url, url, "timeout", error=f"{url}: {_describe_timeout(exc)}")
        except httpx.HTTPError as exc:
            cause = _describe_error(exc)
            outcome = "dns" if cause.startswith("DNS") else "network"
            result = FetchResult(url, url, outcome, error=f"{url}: {cause}")
        except asyncio.CancelledError:  # the pass ended, or the service is stopping
            result = FetchResult(url, url, "timeout", error=f"{url}: cancelled before an answer")
            raise
        finally:
            gate.next_start = max(gate.next_start, self._clock() + gate.delay)
            if result is not None:  # anything else is a bug, reported by the caller
                self._on_request(
                    RequestLog(
                        url=url,
                        status=status,
                        bytes=len(body),
                        duration=round(self._clock() - started, 4),
                        error=result.error,
                        at=datetime.now(UTC).isoformat(timespec="seconds"),
                    )
                )
        if status == 429 or (status in RETRY_STATUSES and retry_after):
            # The whole host asked us to slow down, not only this URL; but no longer than
            # we are prepared to wait (beyond that the request gives up for this pass).
            pause = min(retry_after or 0, self.limits.max_retry_after)
            gate.next_start = max(gate.next_start, self._clock() + pause)
        return result, retry_after

    async def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        cap = self.limits.max_response_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise _Refused("too_large", f"{url}: response is {int(declared)} bytes, cap is {cap}")
        body = bytearray()
        try:  # decoded here, not by httpx, which inflates a whole chunk before we can count
            decoder = BoundedDecoder(response.headers.get("content-encoding"))
            async for chunk in response.aiter_raw():
                for piece in decoder.decode(chunk):
                    if len(body) + len(piece) > cap:
                        raise _Refused("too_large", f"{url}: response exceeds the {cap}-byte cap")
                    body += piece
        except DecodeError as exc:
            raise _Refused("network", f"{url}: {exc}") from exc
        return bytes(body)

    @staticmethod
    def _classify(url: str, status: int, headers: dict[str, str], body: bytes) -> FetchResult:
        if status == 304:
            return FetchResult(url, url, "not_modified", status, headers)
        if status in REDIRECT_STATUSES or 200 <= status < 300:
            return FetchResult(url, url, "ok", status, headers, body)
        reason = _REASONS.get(status, "HTTP error")
        return FetchResult(
            url, url, "http_error", status, headers, error=f"{url}: HTTP {status} {reason}"
        )

    def _client_for(self, url: str) -> httpx.AsyncClient:
        """One small connection pool per host. httpcore scans its whole pool on every request
        and response, so a single pool shared by dozens of hosts costs more CPU than the
        extraction it feeds (measured: 3.5 s of 8.7 s for 1,000 pages). The pools share one
        TLS context: each would otherwise read the CA certificates again (~50 ms of CPU per
        host and pass, as much as fetching and extracting a few pages)."""
        key = host_key(url)
        client = self._clients.get(key)
        if client is None:
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            size = self.limits.per_host_concurrency
            client = httpx.AsyncClient(
                verify=self._tls,
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=httpx.Timeout(
                    self.limits.read_timeout,
                    connect=self.limits.connect_timeout,
                    pool=self.limits.total_timeout,
                ),
                follow_redirects=False,
                limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                transport=self._transport,
            )
            self._clients[key] = client
        return client

    # -- politeness ----------------------------------------------------------------------

    def _gate(self, url: str) -> _HostGate:
        key = host_key(url)
        gate = self._gates.get(key)
        if gate is None:
            gate = _HostGate(
                asyncio.Semaphore(self.limits.per_host_concurrency),
                delay=self.limits.per_host_delay,
            )
            self._gates[key] = gate
        return gate

    async def _wait_turn(self, gate: _HostGate) -> None:
        async with gate.lock:
            wait = gate.next_start - self._clock()
            if wait > 0:
                await self._sleep(wait)
            gate.next_start = max(gate.next_start, self._clock() + gate.delay)

    async def _robots_allow(self, url: str, deadline: float) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            entry = self._robots.get(origin)
            if entry is None:
                entry = self._robots.put(origin, *await self._load_robots(origin, deadline))
        rules = entry.answer
        if isinstance(rules, FetchResult):
            if rules.outcome == "http_error":
                raise _Refused(
                    "network", f"{url}: robots.txt answered HTTP {rules.status}; not crawling yet"
                )
            cause = (rules.error or "").split(": ", 1)[-1]
            raise _Refused(rules.outcome, f"{url}: {cause}")
        if rules is None:
            return True
        delay = rules.crawl_delay(self.user_agent)
        if delay:  # on every use: the rules may have been read by an earlier pass's client
            gate = self._gate(origin)
            gate.delay = max(gate.delay, min(float(delay), 60.0))
        return rules.can_fetch(url, self.user_agent)

    async def _load_robots(self, origin: str, deadline: float) -> tuple[RobotsAnswer, float]:
        """The answer and how long it holds. RFC 9309: 4xx means no rules; an unreachable
        robots.txt means don't crawl yet.

        A failed fetch is kept (briefly) so that every URL on the host reports the underlying
        cause, such as a DNS failure, without asking again."""
        url = f"{origin}/robots.txt"
        result = await self._get_with_retries(url, {}, deadline)
        for _hop in range(5):  # RFC 9309 asks crawlers to follow at least five redirects
            if result.status not in REDIRECT_STATUSES or "location" not in result.headers:
                break
            url = urljoin(url, result.headers["location"])
            try:  # a redirect is the remote's choice: same checks as any untrusted URL
                self._check_url(url)
                if host_key(url) != host_key(origin):
                    await self._guard_address(url)
            except _Refused:
                return None, ROBOTS_LIFETIME  # robots.txt we may not fetch: no rules
            result = await self._get_with_retries(url, {}, deadline)
        if result.outcome == "ok" and result.status == 200:
            rules = Protego.parse(result.body.decode("utf-8", errors="replace"))
            return rules, robots_lifetime(result.headers)
        if result.outcome == "ok" or (result.outcome == "http_error" and result.status < 500):
            return None, robots_lifetime(result.headers)
        return result, ROBOTS_RETRY_AFTER

    def _allowed(self, address: str) -> bool:
        if not self.allow_private:
            return False
        ip = ipaddress.ip_address(address.split("%")[0])
        return any(ip in network for network in self.allow_private)

    # -- hostile input ---------------------------------------------------------------------

    @staticmethod
    def _check_url(url: str) -> None:
        """Refuse, in one line, what httpx or the resolver would raise on later: a malformed
        port, an octal address (`0177.0.0.1`), a host that is no valid IDNA (`xn--`)."""
        if not is_fetchable(url):
            raise _Refused("refused", f"{url}: not an http(s) URL")
        try:
            _parsed(url).host.encode("idna")  # the name the resolver will be asked for
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise _Refused("refused", f"{url}: invalid URL ({exc})") from None

    async def _guard_address(self, url: str) -> None:
        if self.allow_private is True:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        addresses = await _resolve(host, parts.port or _DEFAULT_PORTS[parts.scheme])
        if isinstance(addresses, _Refused):
            raise _Refused(addresses.outcome, f"{url}: {addresses}")
        for address in addresses:
            if address_is_private(address) and not self._allowed(address):
                raise _Refused(
                    "refused",
                    f"{url}: refused, {host} resolves to private address {address} "
                    "(set allow_private_addresses to permit)",
                )


_DEFAULT_PORTS = {"http": 80, "https": 443}


@functools.lru_cache(maxsize=256)
def _parsed(url: str) -> httpx.URL:
    """httpx's form of a URL, parsed once for the check and the request that follows it
    (httpx parses a string anew for every request: ~40 µs, character by character). As
    many as the most requests a pass may have under way (`total_concurrency`)."""
    return httpx.URL(url)


async def _resolve(host: str, port: int) -> list[str] | _Refused:
    """Looked up again for every URL, never cached: a host that answered with a public
    address may answer with a private one a minute later (DNS rebinding), and a resolver
    hiccup must not fail the host's other articles."""
    try:
        return [str(ipaddress.ip_address(host))]  # a literal address needs no lookup
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return _Refused("dns", f"DNS lookup failed for {host} ({exc.strerror})")
    return [str(info[4][0]) for info in infos]


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _describe_timeout(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connection timed out"
    return "read timed out"


def _describe_error(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    cause: BaseException | None = exc
    while cause is not None:  # anyio hides the OS error behind "All connection attempts failed"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "DNS lookup failed"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        if "Name or service not known" in text or "nodename nor servname" in text:
            return "DNS lookup failed"
        if "Connection refused" in text or "connect call failed" in text.lower():
            return "connection refused"
        return f"cannot connect ({text})"
    return text.splitlines()[0]
