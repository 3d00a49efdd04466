"""The demo's news site: ten outlets on one loopback HTTP server, one path prefix each.

Each outlet has an RSS feed (/KEY/feed.xml), a home page and article pages carrying what real
pages carry around the article (consent banner, navigation, ads, related links, newsletter box,
comments), so the demo shows extraction at work, not a clean-room copy. `next_morning()` makes
the outlets publish the second morning's articles.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import jinja2

from .content import Article, Outlet, articles_on, edited_article, outlets

ROBOTS = "User-agent: *\nAllow: /\n"
RELATED_LINKS = 4


class DemoSite:
    """Serves the sample outlets on 127.0.0.1 (a free port) until closed."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        self.morning = 1
        self._environment = jinja2.Environment(
            loader=jinja2.PackageLoader(__package__, "templates"), autoescape=True
        )
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def outlets(self) -> list[Outlet]:
        return outlets()

    def feed_url(self, outlet: Outlet) -> str:
        return f"{self.url}/{outlet.key}/feed.xml"

    def article_url(self, article: Article) -> str:
        return f"{self.url}/{article.outlet}/{article.slug}.html"

    def articles(self) -> list[Article]:
        return articles_on(self.morning, self.now)

    def edited_article(self) -> Article:
        return edited_article(self.now)

    def next_morning(self) -> None:
        self.morning += 1

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> DemoSite:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def render(self, path: str) -> tuple[str, str] | None:
        """(content type, body) for a path, None when there is no such page."""
        if path == "/robots.txt":
            return "text/plain; charset=utf-8", ROBOTS
        key, _, rest = path.strip("/").partition("/")
        outlet = next((o for o in outlets() if o.key == key), None)
        if outlet is None:
            return None
        published = sorted(
            (a for a in self.articles() if a.outlet == key), key=lambda a: a.published, reverse=True
        )
        context = {"site": self.url, "outlet": outlet, "articles": published}
        if rest == "feed.xml":
            return "application/rss+xml; charset=utf-8", self._page("feed.xml", context)
        if rest == "":
            return "text/html; charset=utf-8", self._page("home.html", context)
        article = next((a for a in published if f"{a.slug}.html" == rest), None)
        if article is None:
            return None
        related = [a for a in published if a is not article][:RELATED_LINKS]
        page = {**context, "article": article, "related": related}
        page |= {"url": self.article_url(article), "json_ld": _json_ld(article, outlet)}
        return "text/html; charset=utf-8", self._page("article.html", page)

    def _page(self, template: str, context: dict[str, object]) -> str:
        return self._environment.get_template(template).render(context)


def _json_ld(article: Article, outlet: Outlet) -> str:
    """The NewsArticle block news sites embed; `</` escaped so it cannot close the script."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_iso,
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    return json.dumps(data).replace("</", "<\\/")


def _handler_for(site: DemoSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
            found = site.render(self.path.split("?")[0])
            status, content_type, body = (
                (404, "text/plain; charset=utf-8", "not found") if found is None else (200, *found)
            )
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: the demo's output is the aggregator's, not the site's access log."""

    return Handler
