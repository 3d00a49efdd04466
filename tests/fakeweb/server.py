"""A real, threaded HTTP/1.1 server on 127.0.0.1 for offline tests.

Routes are registered with :meth:`FakeServer.add`; every request is recorded so
tests can assert on hit counts, request headers and observed concurrency.
"""

from __future__ import annotations

import contextlib
import gzip as gzip_mod
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["FakeServer", "Headers", "RequestRecord", "Route"]

_QUIET_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class Headers(dict[str, str]):
    """A plain ``dict`` of request headers (names lower-cased) with case-insensitive lookup."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        pairs = items.items() if hasattr(items, "items") else items
        for k, v in pairs:
            key = k.lower()
            # Repeated headers are joined the way RFC 9110 allows.
            super().__setitem__(key, f"{self[key]}, {v}" if key in self else v)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class RequestRecord:
    method: str
    path: str  # full path including query string
    headers: dict[str, str]  # a Headers instance: case-insensitive lookup
    time: float  # time.monotonic() at arrival
    body: bytes = b""


HandlerFn = Callable[[RequestRecord, int], tuple[int, dict[str, str], bytes | str]]


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    trickle: float | None = None
    handler: HandlerFn | None = None
    count: int = 0  # how many times this route was hit (since add())


_NOT_FOUND = (
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body><h1>Not Found</h1><p>The requested page does not exist.</p></body></html>"
)
_NO_BODY_STATUSES = {204, 304} | set(range(100, 200))


def _etag_matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    header = header.strip()
    if header == "*" or header == etag:
        return True

    def norm(tag: str) -> str:
        tag = tag.strip()
        return tag[2:] if tag.startswith("W/") else tag

    return norm(etag) in {norm(t) for t in header.split(",")}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeWeb/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are dropped after this
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def handle(self) -> None:
        owner = self.server.owner
        owner._track(self.connection, True)
        try:
            super().handle()
        except _QUIET_ERRORS:
            pass
        except OSError:
            pass
        finally:
            owner._track(self.connection, False)

    def _dispatch(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        record = RequestRecord(
            method=self.command,
            path=self.path,
            headers=Headers(self.headers.items()),
            time=time.monotonic(),
            body=body,
        )
        owner._enter(record)
        try:
            self._respond(owner, record)
        except _QUIET_ERRORS:
            self.close_connection = True
        except Exception as exc:  # a buggy test handler: answer 500 instead of hanging
            self.close_connection = True
            try:
                msg = f"<h1>500</h1><pre>{type(exc).__name__}: {exc}</pre>".encode()
                self._send(500, {"Content-Type": "text/html; charset=utf-8"}, msg)
            except Exception:
                pass
        finally:
            owner._leave()

    def _respond(self, owner: FakeServer, record: RequestRecord) -> None:
        route, n = owner._match(record.path)
        if route is None:
            self._send(404, {"Content-Type": "text/html; charset=utf-8"}, _NOT_FOUND)
            return
        if route.delay:
            time.sleep(route.delay)

        headers: dict[str, str] = {"Content-Type": route.content_type}
        headers.update(route.headers)
        if route.handler is not None:
            status, extra, body = route.handler(record, n)
            headers.update(extra)
        else:
            status, body = route.status, route.body
        if isinstance(body, str):
            body = body.encode("utf-8")

        if route.etag is not None:
            headers["ETag"] = route.etag
        if route.last_modified is not None:
            headers["Last-Modified"] = route.last_modified
        not_modified = (
            route.etag is not None and _etag_matches(self.headers.get("If-None-Match"), route.etag)
        ) or (
            route.last_modified is not None
            and self.headers.get("If-Modified-Since") == route.last_modified
        )
        if not_modified and 200 <= status < 300:
            headers.pop("Content-Type", None)
            self._send(304, headers, b"")
            return

        if route.gzip and body and status not in _NO_BODY_STATUSES:
            body = gzip_mod.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._send(status, headers, body, trickle=route.trickle)

    def _send(
        self, status: int, headers: dict[str, str], body: bytes, *, trickle: float | None = None
    ) -> None:
        no_body = status in _NO_BODY_STATUSES
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        if not no_body:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD" or no_body or not body:
            self.wfile.flush()
            return
        if not trickle:
            self.wfile.write(body)
            self.wfile.flush()
            return
        for i in range(len(body)):
            self.wfile.write(body[i : i + 1])
            self.wfile.flush()
            if i + 1 < len(body):
                time.sleep(trickle)
                if self.server.owner._closed:
                    self.close_connection = True
                    return

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: FakeServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # never print tracebacks for client disconnects


class FakeServer:
    """A local HTTP server started on construction; use as a context manager or call close()."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, Route] = {}
        self._conns: set[socket.socket] = set()
        self._in_flight = 0
        self._closed = False
        self.requests: list[RequestRecord] = []
        self.max_concurrency = 0
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        port = self._httpd.server_address[1]
        self.port: int = port
        self.host = f"127.0.0.1:{port}"
        self.base = f"http://{self.host}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeServer:{port}",
            daemon=True,
        )
        self._thread.start()

    # -- public API ---------------------------------------------------------------------------
    def url(self, path: str) -> str:
        if not path.startswith("/"):
            path = "/" + path
        return self.base + path

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        etag: str | None = None,
        last_modified: str | None = None,
        gzip: bool = False,
        trickle: float | None = None,
        handler: HandlerFn | None = None,
    ) -> None:
        """Register (or replace) a route. ``path`` may include a query string."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(
            body=body,
            status=status,
            content_type=content_type,
            headers=dict(headers or {}),
            delay=delay,
            etag=etag,
            last_modified=last_modified,
            gzip=gzip,
            trickle=trickle,
            handler=handler,
        )
        with self._lock:
            self._routes[path] = route

    def remove(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    def hits(self, path: str) -> int:
        with self._lock:
            reqs = list(self.requests)
        if "?" in path:
            return sum(1 for r in reqs if r.path == path)
        return sum(1 for r in reqs if r.path.split("?", 1)[0] == path)

    def requests_for(self, path: str) -> list[RequestRecord]:
        with self._lock:
            reqs = list(self.requests)
        if "?" in path:
            return [r for r in reqs if r.path == path]
        return [r for r in reqs if r.path.split("?", 1)[0] == path]

    @property
    def in_flight(self) -> int:
        """Requests currently being handled (including their delay/trickle)."""
        with self._lock:
            return self._in_flight

    def reset_stats(self) -> None:
        """Forget recorded requests and max_concurrency (route hit counters are kept), once
        the requests in flight have left: a client has its response a moment before the
        handler is done, and a late leaver would count in the next measurement."""
        deadline = time.monotonic() + 2.0
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.005)
        with self._lock:
            self.requests.clear()
            self.max_concurrency = 0

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:  # unblock keep-alive handler threads
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<FakeServer {self.base} routes={len(self._routes)}>"

    # -- internals used by the handler ---------------------------------------------------------
    def _match(self, full_path: str) -> tuple[Route | None, int]:
        with self._lock:
            route = self._routes.get(full_path)
            if route is None:
                route = self._routes.get(full_path.split("?", 1)[0])
            if route is None:
                return None, 0
            route.count += 1
            return route, route.count

    def _enter(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)
            self._in_flight += 1
            self.max_concurrency = max(self.max_concurrency, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)
