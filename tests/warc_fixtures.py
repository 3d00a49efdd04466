"""Small WARC files for the backfill tests, written with warcio: the fake outlets' article
pages as an archive crawler would have captured them, plus the records a real archive
holds around them (requests, images, 404s, metadata) and broken ones."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.fakeweb.articles import ARTICLES, FakeArticle
from tests.fakeweb.outlets import JPEG_BYTES, encode_page
from tests.fakeweb.sites import article_path
from tests.fakeweb.templates import render_article_page

SITES = {  # where each fake outlet "lives" in the archive (never contacted: .example)
    "motor-ledger": "https://www.motorledger.example",
    "ev-dispatch": "https://evdispatch.example",
    "china-ev-daily": "https://www.chinaevdaily.example",
    "auto-gazette": "https://autogazette.example",
}
CAPTURED = "2026-11-26T06:00:00Z"


@dataclass
class Record:
    """One WARC record to write: a response (status, type, body) or another record type."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"
    captured: str = CAPTURED


def page_url(article: FakeArticle) -> str:
    return SITES[article.outlet] + article_path(article)


def article_record(
    article: FakeArticle, url: str | None = None, captured: str = CAPTURED
) -> Record:
    """The article's page as its outlet serves it (template, encoding, boilerplate)."""
    site = SITES[article.outlet]
    html = render_article_page(article, site, canonical_url=url or page_url(article))
    body, content_type = encode_page(article.outlet, html)
    return Record(url or page_url(article), body, content_type, captured=captured)


def near_copy(article: FakeArticle, site: str) -> Record:
    """A syndicated copy on another site: same article, a headline tweak, one sentence more."""
    copy = FakeArticle(
        **{
            **article.__dict__,
            "title": article.title + " (report)",
            "paragraphs": [*article.paragraphs, "This report first appeared on a partner site."],
        }
    )
    url = site + article_path(article)
    html = render_article_page(copy, site, canonical_url=url)
    body, content_type = encode_page(copy.outlet, html)
    return Record(url, body, content_type)


def surroundings(site: str) -> list[Record]:
    """What an archive holds besides article pages: none of it is an article."""
    return [
        Record(f"{site}/img/lead.jpg", JPEG_BYTES, "image/jpeg"),
        Record(f"{site}/gone", b"<html><body>Not Found</body></html>", status="404 Not Found"),
        Record(f"{site}/feed", b"<?xml version='1.0'?><rss/>", "application/rss+xml"),
        Record(f"{site}/", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", kind="request"),
        Record(f"{site}/", b"fetchTimeMs: 12\n", "application/warc-fields", kind="metadata"),
    ]


def write_warc(path: Path, records: list[Record]) -> Path:
    """A .warc.gz (one gzip member per record, as crawlers write them)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for record in records:
            writer.write_record(_warc_record(writer, record))
    return path


def _warc_record(writer: WARCWriter, record: Record):
    headers = {"WARC-Date": record.captured}
    if record.kind != "response":
        return writer.create_warc_record(
            record.url,
            record.kind,
            payload=io.BytesIO(record.body),
            warc_content_type=record.content_type,
            warc_headers_dict=headers,
        )
    http = StatusAndHeaders(
        record.status,
        [("Content-Type", record.content_type), ("Content-Length", str(len(record.body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        record.url,
        "response",
        payload=io.BytesIO(record.body),
        http_headers=http,
        warc_headers_dict=headers,
    )


def malformed_member() -> bytes:
    """A gzip member whose WARC header is garbage, as a broken crawler might leave."""
    return gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n<html>")


def outlet_articles(outlet: str) -> list[FakeArticle]:
    return list(ARTICLES[outlet])
