"""The text repairs every feed and page goes through (end to end: test_item_isolation)."""

from __future__ import annotations

import re

import pytest

from aggregator import sanitize
from aggregator.sanitize import clean_link, clean_text, repair_references


@pytest.mark.parametrize(
    ("markup", "repaired"),
    [
        ("Go &#55357;&#56960;!", "Go &#x1F680;!"),  # a surrogate pair: the emoji itself
        ("&#xD83D;&#xDE80;", "&#x1F680;"),
        ("&#55357&#56960 no semicolons", "&#x1F680; no semicolons"),
        ("half &#55357; emoji", "half &#xFFFD; emoji"),
        ("&#xdfff;", "&#xFFFD;"),
        ("&#56960;&#55357;", "&#xFFFD;&#xFFFD;"),  # the wrong order pairs nothing
        ("&#1114112;", "&#xFFFD;"),
        ("&#x110000;", "&#xFFFD;"),
        ("&#" + "9" * 5000 + ";", "&#xFFFD;"),  # past int()'s digit limit
        ("a&#0;b&#x1b;[2J&#7;c&#127;", "ab[2Jc"),
        ("&#65;&#55357;&#56960;&#38;", "&#65;&#x1F680;&#38;"),  # the good ones stay as written
        (
            "tab&#9;and&#10;break &#150; &#39; &#160; &#8217;",
            "tab&#9;and&#10;break &#150; &#39; &#160; &#8217;",
        ),
    ],
)
def test_references_no_parser_should_see_are_repaired(markup: str, repaired: str) -> None:
    assert repair_references(markup) == repaired
    assert repair_references(markup.encode("cp1252")) == repaired.encode("cp1252")


def test_text_and_links_lose_control_characters_and_half_emoji() -> None:
    assert clean_text("a\ud83d\ude80b\ud83d\x00\x1b[2J\tc\r\n\x85d") == "a\U0001f680b\ufffd\tc\r\nd"
    assert clean_link(" https://n.example/a\x00b\n\tc ") == "https://n.example/abc"


def test_text_without_controls_is_read_once_and_returned_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nearly every title and text has no control character; each extracted page's fields
    were rewritten by two substitutions and searched for surrogates (a fifth of a
    millisecond a page, in the extraction worker)."""
    searched: list[str] = []

    class Counted:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str) -> re.Match[str] | None:
            searched.append(text)
            return self.pattern.search(text)

        def sub(self, replacement: str, text: str) -> str:
            searched.append(text)
            return self.pattern.sub(replacement, text)

    monkeypatch.setattr(sanitize, "_SURROGATE", Counted(sanitize._SURROGATE))
    monkeypatch.setattr(sanitize, "_SEQUENCES", Counted(sanitize._SEQUENCES))
    plain = "Xiaomi SU7 deliveries rose.\n\tSales in May: 40,000."
    assert clean_text(plain) is plain and searched == []
    assert clean_text("Škoda Élroq\x1b]0;pwned\x07 arrives") == "Škoda Élroq arrives"
    assert len(searched) == 2  # a surrogate search, then the sequences are removed
