"""Fuzzing the inputs the outside world controls: no uncaught exception, only clear messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aggregator import store
from aggregator.config import Config, ConfigError, parse_config
from aggregator.feeds import parse_feed
from aggregator.search import SearchRequest, search
from aggregator.topics import QueryError, check_query
from aggregator.urls import canonicalize, choose_canonical, is_fetchable

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

xml_fragments = st.sampled_from(
    [
        "<rss version='2.0'>",
        "<channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<link>",
        "</link>",
        "<guid>",
        "</guid>",
        "<pubDate>",
        "</pubDate>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&bogus;",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "<entry>",
        "<link href='",
        "'/>",
        "javascript:alert(1)",
        "https://a.example/x",
        '{"items": [',
        "]}",
        "<?xml version='1.0' encoding='windows-1252'?>",
        "\x00",
        "\u202e",
        "é",
        "<html>",
    ]
)


@FAST
@given(st.lists(st.one_of(xml_fragments, st.text(max_size=20)), max_size=30), st.text(max_size=40))
def test_feed_parsing_never_raises(parts: list[str], content_type: str) -> None:
    body = "".join(parts).encode("utf-8", "surrogatepass")
    parsed = parse_feed(body, {"content-type": content_type}, "https://feeds.example/rss")
    assert parsed.error is None or (
        "\n" not in parsed.error and parsed.error.startswith("https://")
    )
    for entry in parsed.entries:
        assert is_fetchable(entry.url)


@FAST
@given(st.binary(max_size=300))
def test_feed_parsing_of_arbitrary_bytes(body: bytes) -> None:
    parsed = parse_feed(body, {}, "https://feeds.example/rss")
    assert parsed.entries or parsed.error is None or parsed.error.startswith("https://")


urls = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-[]:@%", max_size=30),
        st.text(max_size=30),
        st.text(max_size=30),
    ),
)


@FAST
@given(urls, st.one_of(st.none(), urls), st.one_of(st.none(), urls))
def test_url_canonicalisation_is_total_and_idempotent(url: str, canonical, og) -> None:
    if not is_fetchable(url):
        return
    first = canonicalize(url)
    assert canonicalize(first) == first
    assert isinstance(choose_canonical(url, canonical, og), str)


@FAST
@given(st.text(max_size=60))
@example("*\n")  # SQLite quotes the offending token raw
def test_query_check_accepts_or_explains(query: str) -> None:
    try:
        assert check_query(query) == query
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> sqlite3.Connection:
    db = store.open_db(tmp_path_factory.mktemp("fuzz") / "f.db")
    yield db
    db.close()


@FAST
@given(query=st.text(max_size=40))
def test_search_never_leaks_sqlite_errors(small_db, query: str) -> None:
    try:
        hits = search(small_db, SearchRequest(query))
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(hits, list)


yaml_pieces = st.sampled_from(
    [
        "settings:\n",
        "  limits:\n",
        "    total_timeout: ",
        "sources:\n",
        "  - name: ",
        "    feeds: ",
        "[https://a.example/feed]",
        "topics:\n",
        "  - name: T\n",
        "    query: ",
        "'\"model y'",
        "tesla",
        "30m",
        "-1",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\t",
        "!!python/object:os.system",
        "&a",
        "*a",
        "'",
        '"',
        "\n",
        "  ",
        "yes",
        "null",
        "~",
        "2026-11-26",
        "poll_interval: 5m\n",
    ]
)


@FAST
@given(st.lists(st.one_of(yaml_pieces, st.text(max_size=10)), max_size=25))
def test_config_loading_accepts_or_explains(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        assert isinstance(parse_config(text, "fuzz.yaml"), Config)
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith("fuzz.yaml") and "\n" not in message


def test_yaml_tags_cannot_run_code(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid YAML"):
        parse_config("sources: !!python/object/apply:os.system ['touch /tmp/pwned']", "x.yaml")
