"""The text repairs every feed and page goes through (end to end: test_item_isolation)."""

from __future__ import annotations

import pytest

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
