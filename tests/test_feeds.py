"""Feed parsing across formats, encodings and the sloppiness of real feeds."""

from __future__ import annotations

import json

from aggregator.feeds import parse_feed

BASE = "https://news.example.com/feed"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example News</title>
<item><title>BYD cuts prices &amp; Tesla responds</title><link>/2026/11/25/byd-prices/</link>
<guid isPermaLink="false">byd-1</guid><dc:creator>Jane Roe</dc:creator>
<pubDate>Tue, 25 Nov 2026 09:30:00 +0100</pubDate>
<description>&lt;p&gt;BYD cut prices on &lt;b&gt;six&lt;/b&gt; models.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_rss2_relative_link_html_summary_and_zone() -> None:
    feed = parse_feed(RSS2, {"content-type": "application/rss+xml"}, BASE)
    assert feed.error is None and feed.title == "Example News"
    (entry,) = feed.entries
    assert entry.url == "https://news.example.com/2026/11/25/byd-prices/"
    assert entry.guid == "byd-1" and entry.author == "Jane Roe"
    assert entry.title == "BYD cuts prices & Tesla responds"
    assert entry.summary == "BYD cut prices on six models."
    assert entry.published == "2026-11-25T08:30:00+00:00"


def test_atom_and_rss1_and_rss091() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>tag:a,2026:1</id><title>NIO swaps</title><link rel="alternate" href="https://a.example/nio"/>
    <updated>2026-11-25T10:00:00Z</updated><author><name>Li Wei</name></author><summary>Swap stations</summary></entry></feed>"""
    rss1 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://r.example/"><title>R</title></channel>
    <item rdf:about="https://r.example/one"><title>One</title><link>https://r.example/one</link></item></rdf:RDF>"""
    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
    <item><title>Legacy</title><link>https://o.example/legacy</link><description>d</description></item></channel></rss>"""
    a = parse_feed(atom, {"content-type": "application/atom+xml"}, BASE).entries[0]
    assert (a.url, a.guid, a.author, a.published) == (
        "https://a.example/nio",
        "tag:a,2026:1",
        "Li Wei",
        "2026-11-25T10:00:00+00:00",
    )
    assert parse_feed(rss1, {}, BASE).entries[0].url == "https://r.example/one"
    legacy = parse_feed(rss091, {}, BASE).entries[0]
    assert legacy.url == legacy.guid == "https://o.example/legacy" and legacy.published is None


def test_json_feed() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "items": [
                {
                    "id": "1",
                    "url": "https://j.example/a",
                    "title": "Xiaomi YU7",
                    "content_html": "<p>Orders <i>opened</i></p>",
                    "date_published": "2026-11-25T08:00:00+08:00",
                    "authors": [{"name": "Chen"}],
                },
                {"id": "2", "title": "no link"},
                "garbage",
            ],
        }
    ).encode()
    feed = parse_feed(body, {"content-type": "application/feed+json"}, BASE)
    (entry,) = feed.entries
    assert entry.summary == "Orders opened" and entry.author == "Chen"
    assert entry.published == "2026-11-25T00:00:00+00:00"
    assert len(feed.problems) == 2


def test_windows_1252_feed_is_decoded() -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Caf\u00e9</title>'
        "<item><title>\u201cM\u00fcller\u2019s\u201d \u20ac30,000 EV \u2014 se\u00f1or</title>"
        "<link>https://w.example/a</link></item></channel></rss>"
    ).encode("cp1252")
    feed = parse_feed(body, {"content-type": "application/rss+xml; charset=windows-1252"}, BASE)
    assert (
        feed.entries[0].title == "\u201cM\u00fcller\u2019s\u201d \u20ac30,000 EV \u2014 se\u00f1or"
    )


def test_duplicate_guids_missing_and_hostile_links() -> None:
    body = b"""<rss version="2.0"><channel><title>T</title>
    <item><title>One</title><link>https://t.example/1</link><guid>g1</guid></item>
    <item><title>One again</title><link>https://t.example/1b</link><guid>g1</guid></item>
    <item><title>No link</title><guid isPermaLink="false">g2</guid></item>
    <item><title>Script</title><link>javascript:alert(document.cookie)</link><guid>g3</guid></item>
    <item><title>Data</title><link>data:text/html;base64,PHNjcmlwdD4=</link><guid>g4</guid></item>
    </channel></rss>"""
    feed = parse_feed(body, {}, BASE)
    assert [e.title for e in feed.entries] == ["One"]
    assert len(feed.problems) == 4 and any("duplicate GUID" in p for p in feed.problems)


def test_html_page_suggests_discovered_feeds() -> None:
    page = b"""<!doctype html><html><head><title>Home</title>
    <link rel="alternate" type="application/rss+xml" href="/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom.xml">
    </head><body><h1>Welcome</h1></body></html>"""
    feed = parse_feed(page, {"content-type": "text/html"}, BASE)
    assert feed.entries == []
    assert feed.error == (
        f"{BASE}: got an HTML page, not a feed; feeds found on that page: "
        "https://news.example.com/feed/, https://news.example.com/atom.xml"
    )


def test_malformed_empty_and_huge_feeds() -> None:
    broken = parse_feed(
        b"<rss><channel><item><title>x</ti", {"content-type": "application/xml"}, BASE
    )
    assert broken.entries == [] and broken.error.startswith(f"{BASE}: malformed feed")
    empty = parse_feed(b"   ", {}, BASE)
    assert empty.error == f"{BASE}: empty response where a feed was expected"
    no_items = parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', {}, BASE)
    assert no_items.error is None and no_items.entries == []
    items = "".join(
        f"<item><title>n{i}</title><link>https://h.example/{i}</link></item>" for i in range(10_000)
    )
    huge = parse_feed(f'<rss version="2.0"><channel>{items}</channel></rss>'.encode(), {}, BASE)
    assert len(huge.entries) == 10_000


def test_sloppy_feed_with_entries_is_accepted_despite_bozo() -> None:
    body = b"""<rss version="2.0"><channel><title>T</title>
    <item><title>Fine &nbsp; entry</title><link>https://s.example/1</link></item></channel></rss>"""
    feed = parse_feed(body, {}, BASE)
    assert feed.error is None and len(feed.entries) == 1


def test_per_feed_cap_keeps_the_newest_items() -> None:
    from aggregator.pipeline import newest_first

    items = "".join(
        f"<item><title>n{i}</title><link>https://o.example/{i}</link>"
        f"<pubDate>Mon, {10 + i:02d} Nov 2026 08:00:00 GMT</pubDate></item>"
        for i in range(5)  # oldest first, as some feeds list them
    )
    body = (
        f'<rss version="2.0"><channel><title>O</title>{items}<item><title>undated</title>'
        "<link>https://o.example/u</link></item></channel></rss>"
    )
    entries = newest_first(parse_feed(body.encode(), {}, BASE).entries)
    assert [e.title for e in entries] == ["n4", "n3", "n2", "n1", "n0", "undated"]
