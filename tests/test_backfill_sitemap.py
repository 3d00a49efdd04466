"""`aggregator backfill sitemap`: an outlet's sitemaps on the local test server (robots.txt
discovery, an index, a news sitemap, a gzipped one, a broken one), pages fetched politely."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import rows, run_cli, write_config
from tests.fakeweb.articles import FakeArticle
from tests.fakeweb.outlets import install_outlet
from tests.fakeweb.server import FakeServer


def _urlset(entries: list[tuple[str, str]], news: bool) -> str:
    """A sitemap of (url, date): news:publication_date in a news sitemap, else lastmod."""
    if news:
        items = "".join(
            f"<url><loc>{url}</loc><news:news><news:publication><news:name>China EV Daily"
            f"</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{date}</news:publication_date><news:title>x</news:title>"
            f"</news:news></url>"
            for url, date in entries
        )
    else:
        items = "".join(
            f"<url><loc>{url}</loc><lastmod>{date}</lastmod></url>" for url, date in entries
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + items + "</urlset>"
    )


def _index(entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<sitemap><loc>{url}</loc><lastmod>{date}</lastmod></sitemap>" for url, date in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + items
        + "</sitemapindex>"
    )


def _published(article: FakeArticle) -> str:
    return article.published.isoformat().replace("+00:00", "Z")


def test_sitemap_backfill_follows_index_news_and_gzip_within_dates(
    tmp_path: Path, server: FakeServer
) -> None:
    robots = f"User-agent: *\nAllow: /\nSitemap: {server.base}/sitemap_index.xml\n"
    outlet = install_outlet(server, "china-ev-daily", robots=robots)
    urls, articles = outlet["article_urls"], outlet["articles"]
    # 0: 25 Nov, 1: 24 Nov, 2: 2 Nov (before --since), 3: 20 Nov, 4: 19 Nov
    news = [(urls[i], _published(articles[i])) for i in (0, 1, 2)]
    server.add("/news-sitemap.xml", _urlset(news, news=True), content_type="application/xml")
    older = _urlset([(urls[i], _published(articles[i])) for i in (3, 4)], news=False)
    server.add(
        "/sitemap-nov.xml.gz", gzip.compress(older.encode()), content_type="application/gzip"
    )
    server.add("/broken-sitemap.xml", "<urlset><url><loc>", content_type="application/xml")
    server.add("/sitemap-2025.xml", _urlset([(server.url("/old"), "2025-01-01")], news=False))
    index = [
        (server.url("/news-sitemap.xml"), "2026-11-25"),
        (server.url("/sitemap-nov.xml.gz"), "2026-11-21"),
        (server.url("/broken-sitemap.xml"), "2026-11-25"),
        (server.url("/sitemap-2025.xml"), "2025-12-31"),  # unchanged since: not read
    ]
    server.add("/sitemap_index.xml", _index(index), content_type="application/xml")
    config = write_config(tmp_path / "sources.yaml", {"China EV Daily": [outlet["feed_url"]]})

    result = run_cli(
        "backfill", "sitemap", "China EV Daily", "--since", "2026-11-10",
        "--config", str(config), "--json", "--workers", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{server.url('/broken-sitemap.xml')}: not a readable sitemap (" in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["imported"], summary["failed"]) == (4, 0)
    stored = rows(
        tmp_path / "test.db",
        "SELECT title FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.name = 'China EV Daily'",
    )
    assert {r[0] for r in stored} == {articles[i].title for i in (0, 1, 3, 4)}
    path_of = urls[2].removeprefix(server.base)
    assert server.hits(path_of) == 0  # published before --since: never fetched
    assert server.hits("/sitemap-2025.xml") == 0


def test_sitemap_without_robots_line_is_found_at_the_root(
    tmp_path: Path, server: FakeServer
) -> None:
    outlet = install_outlet(server, "auto-gazette")
    entries = [(url, "2026-11-25") for url in outlet["article_urls"]]
    server.add("/sitemap.xml", _urlset(entries, news=False), content_type="application/xml")
    config = write_config(tmp_path / "sources.yaml", {"Auto Gazette": [outlet["feed_url"]]})
    result = run_cli(
        "backfill", "sitemap", "Auto Gazette", "--batch", "2", "--config", str(config), "--json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["units"], summary["done"], summary["imported"]) == (2, 2, 4)
    unknown = run_cli("backfill", "sitemap", "Nope", "--config", str(config))
    assert unknown.exit_code == 2
    assert f"{config}: no source named 'Nope'" in unknown.stderr
    close = run_cli("backfill", "sitemap", "Auto Gazete", "--config", str(config))
    assert close.exit_code == 2
    assert "did you mean 'Auto Gazette'?" in close.stderr
    again = run_cli(
        "backfill", "sitemap", "auto gazette", "--batch", "2", "--config", str(config), "--json"
    )
    assert again.exit_code == 0, again.output  # names in any case, as every command reads them
    assert json.loads(again.stdout)["already_done"] == 2  # the same job: nothing to redo
