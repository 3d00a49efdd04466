"""Text from the web reaches the terminal as text: rich markup in a URL, headline or error
(`[/x]`, `[bold]`) is shown literally and never crashes a command; escape sequences in feed
titles and page text (`ESC ]0;title BEL` renames the terminal, `ESC [2J` clears it, the 8-bit
CSI `\\x9b`) never reach stdout or stderr, and titles are stored without them."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aggregator.cli import main
from aggregator.sanitize import clean_text, json_safe, one_line, strip_controls
from tests.conftest import write_config
from tests.fakeweb import ARTICLES, FakeServer, article_path, install_outlet

RENAME_TERMINAL = "\x1b]0;pwned\x07"
CLEAR_SCREEN = "\x1b[2J"
RED_8BIT = "\x9b31m"
HOSTILE_TITLE = f"BYD [/x] cuts {RENAME_TERMINAL}prices{CLEAR_SCREEN} [bold]again{RED_8BIT}"
HOSTILE_FEED_TITLE = f"Xiaomi {RENAME_TERMINAL}recall [/x] widens{CLEAR_SCREEN}"
HOSTILE_PARAGRAPH = f"Dealers said {CLEAR_SCREEN}\x1b[31mthe cuts[/x] hurt{RED_8BIT} margins badly."
HOSTILE_SUMMARY = f"The recall {CLEAR_SCREEN}covers [/x] 1,200 cars{RED_8BIT}."
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\x9d")


@dataclasses.dataclass
class Archive:
    config: Path
    db: Path
    first_fetch: Result
    lost_page_url: str  # the article whose page answers 404: stored from the feed


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """One healthy outlet and one hostile one (a JSON Feed: JSON carries any control
    character), fetched once with `fetch --json`."""
    tmp = tmp_path_factory.mktemp("terminal")
    base = ARTICLES["china-ev-daily"]
    served = dataclasses.replace(
        base[0],
        slug="byd-[/x]-price-cuts",
        title=HOSTILE_TITLE,
        paragraphs=[*base[0].paragraphs, HOSTILE_PARAGRAPH],
    )
    lost = dataclasses.replace(
        base[1], slug="xiaomi-[bold]-recall", title=HOSTILE_FEED_TITLE, summary=HOSTILE_SUMMARY
    )
    with FakeServer() as server:
        healthy = install_outlet(server, "motor-ledger")
        evil = install_outlet(server, "china-ev-daily", articles=[served, lost], prefix="/evil")
        server.remove("/evil" + article_path(lost))
        config = write_config(
            tmp / "sources.yaml",
            {
                "Motor Ledger": [healthy["feed_url"]],
                "China EV Daily": [evil["feed_url"], server.url("/evil/feed[/x].json")],
            },
        )
        first = cli(config, "fetch", "--json")
        yield Archive(config, tmp / "test.db", first, evil["base"] + article_path(lost))


def cli(config: Path, *args: str) -> Result:
    # wide enough that no table cell is cut: the test looks for whole URLs in them
    return CliRunner(env={"COLUMNS": "400"}).invoke(main, [*args, "--config", str(config)])


def assert_inert(result: Result) -> None:
    assert result.exit_code == 0, (result.exception, result.output)
    for char in FORBIDDEN:
        assert char not in result.stdout, (char, result.stdout)
        assert char not in result.stderr, (char, result.stderr)


def article_id(archive: Archive, url_part: str) -> int:
    with sqlite3.connect(archive.db) as db:
        return db.execute("SELECT id FROM articles WHERE url LIKE ?", [f"%{url_part}%"]).fetchone()[
            0
        ]


def test_fetch_json_keeps_hostile_text_exact_and_inert(archive: Archive) -> None:
    assert_inert(archive.first_fetch)
    summary = json.loads(archive.first_fetch.stdout)
    evil = next(s for s in summary["sources"] if s["name"] == "China EV Daily")
    assert any("/evil/feed[/x].json: HTTP 404" in error for error in evil["errors"])
    assert "feed[/x].json: HTTP 404" in archive.first_fetch.stderr  # the error line, literally


def test_titles_are_stored_without_control_characters(archive: Archive) -> None:
    with sqlite3.connect(archive.db) as db:
        titles = dict(db.execute("SELECT url, title FROM articles").fetchall())
    stored = {url: title for url, title in titles.items() if "/evil/" in url}
    assert sorted(stored.values()) == [
        "BYD [/x] cuts prices [bold]again",  # from the page
        "Xiaomi recall [/x] widens",  # from the feed (the page answered 404)
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["fetch"], ["China EV Daily: http://", "feed[/x].json: HTTP 404 Not Found"]),
        (["status"], ["feed[/x].json: HTTP 404 Not Found"]),
        (["status", "--json"], ["feed[/x].json: HTTP 404 Not Found"]),
        (["search", "byd cuts"], ["BYD [/x] cuts prices [bold]again", "byd-[/x]-price-cuts"]),
        (["search", "xiaomi recall", "--csv"], ["Xiaomi recall [/x] widens", "[bold]-recall"]),
        (["search", "dealers", "--json"], ["the cuts[/x] hurt"]),
        (["topics", "test", "margins"], ["BYD [/x] cuts prices [bold]again"]),
        (["topics", "test", "margins", "--json"], ["byd-[/x]-price-cuts"]),
        (
            ["stories", "--since", "3650d", "--articles"],
            ["Xiaomi recall [/x] widens", "[bold]-recall"],
        ),
        (["show", "https://unknown.example/[/x]"], []),  # not found: exit 1, checked below
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_commands_show_hostile_text_literally(
    archive: Archive, args: list[str], expected: list[str]
) -> None:
    result = cli(archive.config, *args)
    if args[0] == "show":  # the error quotes the URL given; it must not be read as markup
        assert result.exit_code == 1
        assert "no article 'https://unknown.example/[/x]' in the database" in result.stderr
        return
    assert_inert(result)
    for text in expected:
        assert text in result.stdout + result.stderr, (text, result.output)


def test_show_prints_stored_text_without_escape_sequences(archive: Archive) -> None:
    served = article_id(archive, "byd-[/x]")
    result = cli(archive.config, "show", str(served))
    assert_inert(result)
    assert f"article {served}: BYD [/x] cuts prices [bold]again" in result.stdout
    assert "the cuts[/x] hurt" in result.stdout  # page text (lxml already drops ESC there)

    lost = cli(archive.config, "show", archive.lost_page_url)
    assert_inert(lost)
    assert f"{archive.lost_page_url}: HTTP 404 Not Found" in lost.stdout  # the note
    assert "The recall covers [/x] 1,200 cars." in lost.stdout  # text from the feed

    as_json = cli(archive.config, "show", archive.lost_page_url, "--json")
    assert_inert(as_json)
    # the feed's summary lost its escape sequences when the feed was read, not only on output
    assert json.loads(as_json.stdout)["summary"] == clean_text(HOSTILE_SUMMARY)
    assert "[2J" not in as_json.stdout and "31m" not in as_json.stdout


def test_bad_queries_and_names_quoting_markup_are_one_line_errors(archive: Archive) -> None:
    # a plain query reads [/x] as the word x: with an operator, it is FTS5 syntax again
    queries = (["search", "[/x] AND"], ["topics", "test", "[/x]"], ["stories", "--topic", "[/x]"])
    for args in queries:
        result = cli(archive.config, *args)
        assert result.exit_code == 2, result.output
        assert "[/x]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (HOSTILE_TITLE, "BYD [/x] cuts prices [bold]again"),
        ("bell\x07 and NUL\x00 and DEL\x7f and C1\x85", "bell and NUL and DEL and C1"),
        ("unterminated \x1b]0;title", "unterminated 0;title"),
        ("string terminator \x1b]2;x\x1b\\ ok", "string terminator ok"),
        ("line\none\ttab\r\n", "line one tab"),
        ("", ""),
    ],
)
def test_one_line_strips_every_control_sequence(raw: str, clean: str) -> None:
    assert one_line(raw) == clean
    assert not any(char in strip_controls(raw) for char in "\x1b\x07\x00\x7f\x85\x9b\r")


def test_json_safe_writes_c1_and_del_as_escapes() -> None:
    dumped = json_safe(json.dumps({"t": "a\x9b31m\x7fb\x1b"}, ensure_ascii=False))
    assert "\x9b" not in dumped and "\x7f" not in dumped and "\x1b" not in dumped
    assert json.loads(dumped) == {"t": "a\x9b31m\x7fb\x1b"}
