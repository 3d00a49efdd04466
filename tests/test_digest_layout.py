"""What the reader sees: each story once, a table of contents, the order, other stories, the
volume strip — checked in the email as a mail client parses it (real SMTP on 127.0.0.1)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import run_cli
from tests.test_digest import import_lines, parts


def setup(
    tmp_path: Path, port: int, topics: str, digest_extra: str = "", name: str = "sources.yaml"
) -> Path:
    config = tmp_path / name
    config.write_text(
        f"""settings:
  database: {tmp_path / "d.db"}
  timezone: UTC
  smtp: {{host: 127.0.0.1, port: {port}, security: none}}
  digest:
    to: [analyst@example.com]
    per_topic_limit: 10
{digest_extra}
sources:
  - name: Outlet 0
    feeds: [https://news0.example/feed]
topics:
{topics}
"""
    )
    return config


def hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def covered(story: str, title: str, text: str, outlets: int, hours: float = 2) -> list[dict]:
    """One story as `outlets` outlets carry it (the same wire copy)."""
    return [
        dict(
            id=f"{story}-{n}",
            url=f"https://outlet{n}.example/{story}",
            source=f"Outlet {n}",
            published=hours_ago(hours + n / 60),
            title=title,
            text=text,
        )
        for n in range(outlets)
    ]


def sent_digest(config: Path, inbox) -> tuple[str, str]:
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 0, result.output
    return parts(inbox.messages[-1])


EV_TOPICS = """  - name: Tesla
    query: tesla
  - name: Model Y
    query: '"model y"'
  - name: Xiaomi EV
    query: xiaomi
"""
SU7 = (
    "Xiaomi SU7 outsells Tesla Model Y in China in October",
    "The Xiaomi sedan sold 24,000 units last month, ahead of the Model Y for the first time. "
    "Tesla did not comment on the registration figures published by the insurers.",
)


def test_a_story_in_several_topics_appears_once_with_also_in(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = setup(tmp_path, port, EV_TOPICS)
    headline = "Xiaomi opens an SU7 showroom in Munich"
    text = "Xiaomi opened its first European car showroom. Tesla and the Model Y sell nearby."
    # Xiaomi in the headline (1.0), Tesla and Model Y in the text only (0.5): it belongs
    # to Xiaomi EV although that topic is listed last
    lines = covered("munich", headline, text, outlets=2)
    lines += covered("recall", "Tesla recalls Model Y seats", "A seat belt may fail.", 1, 30)
    import_lines(tmp_path, config, lines, "day.jsonl")
    text_part, html = sent_digest(config, inbox)
    assert text_part.count(headline) == 1 and html.count(headline) == 1
    section = text_part.split("== Xiaomi EV ==")[1]
    assert headline in section and "also in: Tesla, Model Y" in section
    assert "also in: Tesla, Model Y" in html
    # the recall has Tesla and Model Y in its headline (1.0 each): the first listed wins
    assert text_part.split("== Tesla ==")[1].split("==")[0].count("Tesla recalls") == 1
    assert "also in: Model Y" in text_part
    contents = text_part.split("Contents")[1].split("==")[0]
    assert "Tesla: 1 story" in contents and "Xiaomi EV: 1 story" in contents
    assert "Model Y" not in contents  # nothing is filed there once
    assert re.search(r'<a href="#section-1"[^>]*>Tesla</a>', html)
    assert re.search(r'<h2 id="section-2"[^>]*>Xiaomi EV</h2>', html)


def test_stories_are_ordered_by_topic_score_then_outlets_then_recency(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = setup(tmp_path, port, "  - name: BYD\n    query: byd\n")
    lines = [
        *covered("a", "BYD opens a plant in Hungary", "Szeged will build Dolphins.", 1, 5),
        *covered("b", "Shipping rates rise", "Freight costs hurt BYD and others.", 3, 4),
        *covered("c", "BYD cuts Seal prices", "Discounts reach ten percent.", 2, 8),
        *covered("d", "BYD signs battery deal", "Ford buys Blade cells from Shenzhen.", 2, 3),
    ]
    import_lines(tmp_path, config, lines, "day.jsonl")
    text_part, _ = sent_digest(config, inbox)
    order = [
        text_part.index(title)
        for title in (
            "BYD signs battery deal",  # headline (1.0), 2 outlets, newest
            "BYD cuts Seal prices",  # headline, 2 outlets, older
            "BYD opens a plant in Hungary",  # headline, 1 outlet
            "Shipping rates rise",  # text only (0.5) despite 3 outlets
        )
    ]
    assert order == sorted(order)


def test_other_stories_on_and_off(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    topics = "  - name: BYD\n    query: byd\n"
    lines = [
        *covered("byd", "BYD cuts Seal prices", "Discounts reach ten percent.", 1),
        *covered("storm", "Storm closes Hamburg port", "Ships wait at the Elbe mouth.", 3),
        *covered("quiet", "Local bakery wins award", "The jury liked the rye bread.", 1),
    ]
    config = setup(tmp_path, port, topics, "    other_stories: {enabled: true, min_sources: 2}")
    import_lines(tmp_path, config, lines, "day.jsonl")
    off = setup(tmp_path, port, topics, name="off.yaml")
    dry = run_cli("digest", "--dry-run", "--config", str(off))
    assert "Other stories" not in dry.output and "Storm closes" not in dry.output
    text_part, html = sent_digest(config, inbox)
    other = text_part.split("== Other stories ==")[1]
    assert "Storm closes Hamburg port" in other and "3 outlets" in other
    assert "Local bakery" not in text_part  # one outlet: below min_sources
    assert "Other stories: 1 story" in text_part
    assert "Storm closes Hamburg port" in html
    assert "2 new stories, 4 articles from 3 outlets" in text_part


def test_other_stories_setting_is_validated(tmp_path: Path) -> None:
    config = setup(tmp_path, 25, "", "    other_stories: {enabled: true, min_sources: 0}")
    result = run_cli("digest", "--dry-run", "--config", str(config))
    assert result.exit_code == 2
    assert "other_stories.min_sources" in result.stderr


def test_leads_end_at_a_sentence_end_without_a_date_line(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = setup(tmp_path, port, "  - name: Politics\n    query: gunman OR xiaomi\n")
    lines = covered(
        "shot",
        "Gunman arrested",
        "March 3, 2025 — A gunman tried to kill U.S. Rep. John Smith at a rally in Ohio. "
        "Police said the suspect fled on foot. "
        + "A third sentence that is far too long to fit in the lead " * 6
        + ".",
        1,
    ) + covered(
        "su7",
        "Xiaomi 小米SU7交付",
        "小米SU7交付量再创新高。公司表示将继续扩产！你相信吗？是的。",
        1,
    )
    import_lines(tmp_path, config, lines, "day.jsonl")
    text_part, html = sent_digest(config, inbox)
    lead = "A gunman tried to kill U.S. Rep. John Smith at a rally in Ohio. Police said the suspect fled on foot.\n"
    assert lead in text_part  # not cut after "Rep.", nor mid-sentence with "…"
    assert "March 3, 2025" not in text_part and "March 3, 2025" not in html
    assert "小米SU7交付量再创新高。公司表示将继续扩产！你相信吗？\n" in text_part


def test_volume_strip_per_topic_in_html_and_text(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = setup(tmp_path, port, "  - name: BYD\n    query: byd\n")
    lines = [
        *covered("a", "BYD cuts Seal prices", "Discounts reach ten percent.", 1, 2),
        *covered("b", "BYD opens a plant in Hungary", "Szeged will build cars.", 1, 5),
        *covered("c", "BYD signs battery deal", "Ford buys Blade cells.", 1, 7),
        *covered("d", "BYD recalls Atto 3", "A seat belt may fail.", 1, 3 * 24 + 2),
    ]
    import_lines(tmp_path, config, lines, "day.jsonl")
    text_part, html = sent_digest(config, inbox)
    # 14 days, oldest first: 1 article 3 days ago, 3 in the last 24 h
    assert "▁▁▁▁▁▁▁▁▁▁▄▁▁█  3 articles in the last 24 h (×39.0); 0.1 a day" in text_part
    cells = re.findall(r'<td class="bar"[^>]*>', html)
    assert len(cells) == 14
    heights = [int(re.search(r"height: (\d+)px", cell)[1]) for cell in cells]
    assert heights == [1] * 10 + [9, 1, 1, 28]
    assert 'title="' in cells[-1] and re.search(r'title="[^"]+: 3"', cells[-1])
    assert re.search(r'bgcolor="#[0-9a-f]{6}"', cells[10])
    assert "<img" not in html and "<script" not in html
