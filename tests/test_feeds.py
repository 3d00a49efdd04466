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


def _rss(items: str) -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def _item(title: str, link: str, guid: str, extra: str = "") -> str:
    guid_tag = f'<guid isPermaLink="false">{guid}</guid>'
    return f"<item><title>{title}</title><link>{link}</link>{guid_tag}{extra}</item>"


def test_surrogate_references_are_repaired_and_do_not_cost_the_feed() -> None:
    """Broken CMSs write an emoji as references to its UTF-16 halves: feedparser crashed on
    them, and every item of the feed was lost on every pass."""
    body = _rss(
        _item("Rocket &#55357;&#56960; launch", "https://n.example/1", "1")
        + _item("Half &#xD83D; an emoji", "https://n.example/2", "2")
        + _item("Beyond Unicode &#1114112; &#x110000; &#99999999999;", "https://n.example/3", "3")
        + _item(
            "Escaped markup",
            "https://n.example/4",
            "4",
            "<description>&lt;p&gt;Ride &amp;#55357;&amp;#56960; &amp;#x1b;[2J on&lt;/p&gt;</description>",
        )
        + _item("Good", "https://n.example/5", "5")
    )
    feed = parse_feed(body, {"content-type": "application/rss+xml"}, BASE)
    assert feed.error is None and feed.problems == []
    assert [e.title for e in feed.entries] == [
        "Rocket \U0001f680 launch",
        "Half \ufffd an emoji",
        "Beyond Unicode \ufffd \ufffd \ufffd",
        "Escaped markup",
        "Good",
    ]
    assert feed.entries[3].summary == "Ride \U0001f680 [2J on"


def test_control_characters_are_stripped_from_titles_summaries_links_and_authors() -> None:
    body = _rss(
        _item(
            "Title \x1b]0;pwned\x07 with &#x1b;[2J escapes",
            "https://n.example/a&#0;b\t",
            "g\x00",
            "<description>Sum&#0;mary \x1b[31mred</description><author>x@y (Ann\x00 Lee)</author>",
        )
    )
    (entry,) = parse_feed(body, {}, BASE).entries
    assert entry.title == "Title with [2J escapes"  # the reference is dropped, not its tail
    assert entry.url == "https://n.example/ab" and entry.guid == "g"
    assert entry.summary == "Summary red"
    assert "\x00" not in (entry.author or "") and "Ann" in (entry.author or "")


def test_unreadable_and_out_of_range_dates_keep_the_item_undated_with_a_problem() -> None:
    body = json.dumps(
        {
            "items": [
                {
                    "id": "1",
                    "url": "https://j.example/1",
                    "title": "Old",
                    "date_published": "0001-01-01T00:00:00+01:00",
                },
                {
                    "id": "2",
                    "url": "https://j.example/2",
                    "title": "Late",
                    "date_published": "9999-12-31T23:59:59-01:00",
                },
                {
                    "id": "3",
                    "url": "https://j.example/3",
                    "title": "Fine",
                    "date_published": "2026-11-25T08:00:00+08:00",
                },
            ]
        }
    ).encode()
    feed = parse_feed(body, {"content-type": "application/feed+json"}, BASE)
    assert [(e.title, e.published) for e in feed.entries] == [
        ("Old", None),
        ("Late", None),
        ("Fine", "2026-11-25T00:00:00+00:00"),
    ]
    assert feed.problems == [
        "item 'Old': date '0001-01-01T00:00:00+01:00' is unreadable or out of range; kept undated",
        "item 'Late': date '9999-12-31T23:59:59-01:00' is unreadable or out of range; kept undated",
    ]
    rss = parse_feed(
        _rss(_item("Someday", "https://n.example/s", "s", "<pubDate>yesterday</pubDate>")), {}, BASE
    )
    assert rss.entries[0].published is None
    assert rss.problems == [
        "item 'Someday': date 'yesterday' is unreadable or out of range; kept undated"
    ]


def test_json_feed_surrogates_nuls_and_odd_fields_are_cleaned_per_item() -> None:
    body = (
        b'{"items": ['
        b'{"id": "1", "url": "https://j.example/1\\u0000", "title": "Half \\ud83d emoji"},'
        b'{"id": "2", "url": "https://j.example/2", "title": "Whole \\ud83d\\ude80 emoji",'
        b' "authors": 5, "author": {"name": "Lee\\u001b"}},'
        b'{"id": "3", "url": "http://[oops/", "title": "Broken link"},'
        b'{"id": "4", "url": "https://j.example/4", "title": "Good", "content_text": "Line\\u0000 one\\nTwo"}'
        b"]}"
    )
    feed = parse_feed(body, {"content-type": "application/feed+json"}, BASE)
    assert [(e.url, e.title) for e in feed.entries] == [
        ("https://j.example/1", "Half \ufffd emoji"),
        ("https://j.example/2", "Whole \U0001f680 emoji"),
        ("https://j.example/4", "Good"),
    ]
    assert feed.entries[1].author == "Lee" and feed.entries[2].content_text == "Line one\nTwo"
    assert feed.problems == ["item 'Broken link' has no usable http(s) link; skipped"]


def test_deeply_nested_or_mis_encoded_json_is_a_one_line_problem() -> None:
    deep = parse_feed(b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", {}, BASE)
    assert deep.error == f"{BASE}: malformed JSON Feed: nested too deeply"
    mangled = b'{"items": [{"id": "1", "url": "https://j.example/1", "title": "Caf\xe9"}]}'
    feed = parse_feed(mangled, {"content-type": "application/feed+json"}, BASE)
    assert feed.entries[0].title == "Caf\ufffd"
    at = mangled.index(b"\xe9")
    assert feed.problems == [f"not valid UTF-8 at byte {at}; undecodable bytes replaced"]


def test_a_feed_the_parser_cannot_read_is_a_one_line_error() -> None:
    """UTF-16 hides the surrogate references from the repair: feedparser's crash on them is
    the feed's error, not a traceback."""
    body = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>&#55357;</title><link>https://n.example/1</link></item></channel></rss>"
    ).encode("utf-16")
    feed = parse_feed(body, {"content-type": "application/rss+xml"}, BASE)
    assert feed.entries == [] and feed.error is not None
    assert feed.error.startswith(f"{BASE}: unreadable feed: UnicodeEncodeError: ")
    assert "\n" not in feed.error


def test_an_item_no_reader_foresaw_becomes_a_problem_line() -> None:
    from aggregator.feeds import _each_item

    def read(raw: dict, feed_url: str):
        yield f"note on {raw['n']}"
        yield 1 / raw["n"]  # the second item divides by zero after its note

    assert list(_each_item([{"n": 2}, {"n": 0}, {"n": 4}], read, BASE)) == [
        "note on 2",
        0.5,
        "item 2 could not be read (ZeroDivisionError: division by zero); skipped",
        "note on 4",
        0.25,
    ]
