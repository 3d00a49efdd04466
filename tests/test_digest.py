"""The digest through a real SMTP server on 127.0.0.1 (aiosmtpd), parsed as a mail client would."""

from __future__ import annotations

import json
import sqlite3
from email.message import EmailMessage
from pathlib import Path

from tests.conftest import free_port, run_cli

HOSTILE_TITLE = '<script>alert("x")</script> BYD & NIO <b>price</b> war'
LONG_TITLE = "Xiaomi " + "very long headline " * 40


def article(n: int, **fields) -> dict:
    base = dict(
        id=f"a{n}",
        url=f"https://news{n % 3}.example/story-{n}",
        source=f"Outlet {n % 3}",
        published="2026-11-25T08:00:00Z",
        title=f"Xiaomi YU7 story {n}",
        text=f"Xiaomi YU7 deliveries story number {n}. It is the second sentence. "
        "A third sentence follows. And a fourth that the lead leaves out.",
    )
    return {**base, **fields}


def write_setup(
    tmp_path: Path, port: int, when_empty: str = "send", name: str = "sources.yaml"
) -> Path:
    config = tmp_path / name
    config.write_text(
        f"""settings:
  database: {tmp_path / "d.db"}
  timezone: Europe/Berlin
  smtp: {{host: 127.0.0.1, port: {port}, security: none, retries: 1, retry_delay: 0.01, timeout: 5}}
  digest:
    to: [analyst@example.com]
    sender: "Aggregator <digest@example.org>"
    subject: Daily EV digest
    when_empty: {when_empty}
    per_topic_limit: 2
sources:
  - name: Outlet 0
    feeds: [https://news0.example/feed]
topics:
  - name: Xiaomi EV
    query: 'xiaomi OR 小米*'
  - name: BYD
    query: 'byd'
"""
    )
    return config


def import_lines(tmp_path: Path, config: Path, lines: list[dict], name: str) -> None:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    result = run_cli("import", str(path), "--config", str(config))
    assert result.exit_code == 0, result.output


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_digest_sent_parsed_and_not_repeated(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port)
    import_lines(
        tmp_path,
        config,
        [
            article(1),
            article(
                2,
                title="Xiaomi opens its first European showroom in Munich",
                text="Xiaomi opened a showroom in Munich on Monday. The SU7 Ultra is on display.",
            ),
            article(
                3,
                title="BYD cuts prices on Seal",
                text="BYD cut prices on the Seal by 10%. Dealers in Shenzhen confirmed the cut. "
                "Rivals are expected to follow. The lead leaves this fourth sentence out.",
            ),
            article(4, title="小米 SU7 交付", text="小米 SU7 交付量再创新高。Xiaomi said so."),
        ],
        "day1.jsonl",
    )
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 0, result.output
    (message,) = inbox.messages
    assert message["From"] == "Aggregator <digest@example.org>"
    assert message["To"] == "analyst@example.com"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    subject = message["Subject"]
    assert subject.startswith("Daily EV digest 2026-") and "articles" in subject
    text, html = parts(message)
    assert "== Xiaomi EV ==" in text and "== BYD ==" in text
    assert 'href="https://news1.example/story-4"' in html  # the newest of the tie
    assert "style=" in html and "<style" not in html  # CSS inlined
    assert "Dealers in Shenzhen confirmed the cut." in text and "fourth" not in text
    assert "小米 SU7 交付" in text and "小米 SU7 交付" in html
    assert "… and 1 more in Xiaomi EV" in text  # per-topic limit 2 of 3 Xiaomi stories
    conn = sqlite3.connect(tmp_path / "d.db")
    assert conn.execute("SELECT COUNT(*) FROM digests").fetchone()[0] == 1
    # the next run has nothing new: a short "nothing new" mail, no story repeated
    run_cli("digest", "--config", str(config))
    assert len(inbox.messages) == 2
    text2, _ = parts(inbox.messages[1])
    assert "nothing new" in inbox.messages[1]["Subject"] and "Xiaomi YU7 story" not in text2


def test_updates_are_marked_not_repeated_as_new(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port)
    first = article(
        1,
        title="Xiaomi YU7 orders pass 240,000 in 18 hours",
        text=(
            "Xiaomi said orders for the YU7 SUV passed 240,000 within 18 hours of its launch in "
            "Beijing on Thursday. The company priced the YU7 from 253,500 yuan. Lei Jun said "
            "deliveries start in July."
        ),
    )
    import_lines(tmp_path, config, [first], "one.jsonl")
    run_cli("digest", "--config", str(config))
    follow_up = article(
        5,
        source="Outlet 2",
        url="https://other.example/yu7-orders",
        title="Xiaomi YU7 orders top 240,000 within 18 hours of launch",
        text=(
            "Orders for Xiaomi's YU7 topped 240,000 within 18 hours after the Beijing launch on "
            "Thursday, Xiaomi said. The YU7 starts at 253,500 yuan and Lei Jun promised July "
            "deliveries."
        ),
    )
    import_lines(tmp_path, config, [follow_up], "two.jsonl")
    run_cli("digest", "--config", str(config))
    text, html = parts(inbox.messages[1])
    assert "[UPDATE] " in text and "1 new article" in text and "UPDATE</span>" in html
    assert "0 new stories, 1 updated" in inbox.messages[1]["Subject"]


def test_hostile_titles_are_escaped_and_cannot_inject_headers(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port)
    import_lines(
        tmp_path,
        config,
        [
            article(
                1,
                title=HOSTILE_TITLE,  # under BYD alone: the Xiaomi section is full
                text="BYD <img src=x onerror=alert(1)> text. Two.",
            ),
            article(2, title="Xiaomi\r\nBcc: victim@example.com", text="Xiaomi injected. Second."),
            article(3, title=LONG_TITLE, text="Xiaomi long. Second."),
        ],
        "bad.jsonl",
    )
    assert run_cli("digest", "--config", str(config)).exit_code == 0
    (message,) = inbox.messages
    assert inbox.envelopes[0][1] == ["analyst@example.com"]
    assert message["Bcc"] is None
    _, html = parts(message)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "BYD &amp; NIO &lt;b&gt;price&lt;/b&gt; war" in html
    assert "<img src=x" not in html
    assert "very long headline" in html


def test_refused_or_unreachable_server_leaves_digest_unsent(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port)
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    inbox.refuse = True
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 1
    assert "digest not sent:" in result.stderr and "554" in result.stderr
    assert "Traceback" not in result.output
    conn = sqlite3.connect(tmp_path / "d.db")
    assert conn.execute("SELECT COUNT(*) FROM digests").fetchone()[0] == 0
    dead = write_setup(tmp_path, free_port(), name="dead.yaml")
    result = run_cli("digest", "--config", str(dead))
    assert result.exit_code == 1 and "cannot connect to 127.0.0.1:" in result.stderr
    inbox.refuse = False
    assert run_cli("digest", "--config", str(config)).exit_code == 0
    text, _ = parts(inbox.messages[-1])
    assert "Xiaomi YU7 story 1" in text  # nothing was lost by the failures


def test_skip_when_empty_and_file_outputs(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port, when_empty="skip")
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 0 and "no digest sent" in result.output and inbox.messages == []
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    for suffix in (".html", ".txt", ".eml"):
        out = tmp_path / f"digest{suffix}"
        assert run_cli("digest", "--config", str(config), "--output", str(out)).exit_code == 0
        assert "Xiaomi YU7 story 1" in out.read_text()
    dry = run_cli("digest", "--config", str(config), "--dry-run", "--topic", "BYD")
    assert "== BYD ==" not in dry.output and "nothing new" in dry.output
    assert inbox.messages == []  # files and dry runs send nothing and record nothing


def test_ad_hoc_digest_does_not_move_the_regular_mark(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config = write_setup(tmp_path, port)
    import_lines(
        tmp_path,
        config,
        [article(1), article(3, title="BYD cuts prices on Seal", text="BYD cut prices. More.")],
        "day.jsonl",
    )
    result = run_cli("digest", "--config", str(config), "--topic", "BYD", "--to", "me@example.com")
    assert result.exit_code == 0 and "ad hoc" in result.output
    assert run_cli("digest", "--config", str(config)).exit_code == 0
    text, _ = parts(inbox.messages[-1])
    assert "Xiaomi YU7 story 1" in text and "BYD cuts prices on Seal" in text
    assert "[UPDATE]" not in text
