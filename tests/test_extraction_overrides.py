"""Per-source overrides in sources.yaml: a CSS selector for the body, selectors to drop."""

from __future__ import annotations

from pathlib import Path

from aggregator.config import ExtractionHints
from aggregator.extract import extract_page
from tests.conftest import rows, run_cli, write_config
from tests.fakeweb import FakeServer

OWN = [
    f"Paragraph {n}: the Model Y refresh adds a longer-range battery, a quieter cabin and"
    f" rear-seat screens, and deliveries in Europe start in week {n + 2} of the new year."
    for n in range(4)
]
SIGNUP = "Join 40,000 readers: the Charge Briefing lands in your inbox every weekday morning."
LETTERS = [
    f"Letter {n} from a reader: I drove my old hatchback for twelve years and never once"
    f" thought about charging speeds, range anxiety or which app opens which charger {n}."
    for n in range(5)
]
URL = "https://news.example/2026/11/model-y/"


def page() -> str:
    """The outlet's newsletter box sits among the paragraphs, and a long block of readers'
    letters follows the article in the same column: trafilatura keeps both."""
    paragraphs = [f"<p>{text}</p>" for text in OWN]
    paragraphs.insert(2, f'<div class="signup"><p>{SIGNUP}</p></div>')
    letters = "".join(f"<p>{text}</p>" for text in LETTERS)
    return (
        "<html><head><title>Model Y refresh</title></head><body><div class='column'>"
        f"<div class='s1'><h1>Model Y refresh</h1>{''.join(paragraphs)}</div>"
        f"<div class='s2'><h2>Letters</h2>{letters}</div></div></body></html>"
    )


def test_without_overrides_the_template_stays_in_the_text() -> None:
    text = extract_page(page(), URL).text
    assert SIGNUP in text and LETTERS[0] in text


def test_body_selector_and_drop_selectors_keep_only_the_article() -> None:
    hints = ExtractionHints(body_selector="div.s1", drop_selectors=[".signup"])
    result = extract_page(page(), URL, hints)
    assert all(paragraph in result.text for paragraph in OWN)
    assert SIGNUP not in result.text and "Letter" not in result.text
    assert result.notes == []


def test_a_body_selector_that_matches_nothing_falls_back_to_the_whole_page() -> None:
    result = extract_page(page(), URL, ExtractionHints(body_selector="main.article"))
    assert all(paragraph in result.text for paragraph in OWN)
    assert result.notes == ["body_selector 'main.article' matched nothing: whole page used"]


def test_fetch_applies_a_sources_overrides(tmp_path: Path) -> None:
    with FakeServer() as srv:
        srv.add("/model-y", page())
        srv.add(
            "/feed",
            f"<rss version='2.0'><channel><title>C</title><item><title>Model Y refresh</title>"
            f"<link>{srv.base}/model-y</link><guid>1</guid></item></channel></rss>",
            content_type="application/rss+xml",
        )
        config = write_config(tmp_path / "s.yaml", {"Charge": [srv.url("/feed")]})
        with config.open("a", encoding="utf-8") as file:
            file.write(
                "    extraction:\n      body_selector: '.s1'\n"
                "      drop_selectors: ['div.signup']\n"
            )
        assert run_cli("fetch", "--config", str(config)).exit_code == 0
    [stored] = rows(tmp_path / "test.db", "SELECT text FROM articles")
    assert OWN[3] in stored["text"] and SIGNUP not in stored["text"]
    assert "Letter" not in stored["text"]
