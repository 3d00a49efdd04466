"""Sending works with the shipped settings and fails fast and clearly when it cannot."""

from __future__ import annotations

import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from aggregator.config import Smtp
from aggregator.digest.send import SendError, send
from tests.conftest import free_port, run_cli
from tests.test_digest import article, import_lines


def plain_setup(tmp_path: Path, port: int, smtp_extra: str = "") -> Path:
    """Settings as a new user leaves them: no username, `password_env` named as shipped, the
    default retries and delays."""
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""settings:
  database: {tmp_path / "d.db"}
  smtp:
    host: 127.0.0.1
    port: {port}
    security: none
    username: null
    password_env: AGGREGATOR_TEST_UNSET_PASSWORD
{smtp_extra}
  digest:
    to: [analyst@example.com]
sources:
  - name: Outlet 0
    feeds: [https://news0.example/feed]
topics:
  - name: Xiaomi EV
    query: 'xiaomi'
"""
    )
    return config


def test_no_password_is_demanded_without_a_username(tmp_path: Path, smtp, monkeypatch) -> None:
    monkeypatch.delenv("AGGREGATOR_TEST_UNSET_PASSWORD", raising=False)
    inbox, port = smtp
    config = plain_setup(tmp_path, port)
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "password" not in result.output.lower()
    assert len(inbox.messages) == 1


def test_a_login_without_its_password_names_the_variable(tmp_path: Path, smtp, monkeypatch) -> None:
    monkeypatch.delenv("AGGREGATOR_TEST_UNSET_PASSWORD", raising=False)
    inbox, port = smtp
    config = plain_setup(tmp_path, port)
    config.write_text(config.read_text().replace("username: null", "username: news"))
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    result = run_cli("digest", "--config", str(config))
    assert result.exit_code == 1
    assert "AGGREGATOR_TEST_UNSET_PASSWORD is not set" in result.stderr
    assert inbox.messages == []


def test_a_refused_port_fails_within_seconds_in_one_line(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: the connection is refused
    config = plain_setup(tmp_path, port)
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    started = time.monotonic()
    result = run_cli("digest", "--config", str(config))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert elapsed < 3, f"took {elapsed:.1f} s"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        f"error: digest not sent: cannot connect to 127.0.0.1:{port}: connection refused"
    )


def test_an_ad_hoc_digest_to_a_refused_port_fails_fast_too(tmp_path: Path) -> None:
    port = free_port()
    config = plain_setup(tmp_path, port)
    import_lines(tmp_path, config, [article(1)], "one.jsonl")
    started = time.monotonic()
    result = run_cli("digest", "--config", str(config), "--to", "me@example.com")
    assert result.exit_code == 1 and time.monotonic() - started < 3
    assert f"127.0.0.1:{port}: connection refused" in result.stderr


def test_connect_timeout_is_validated(tmp_path: Path) -> None:
    config = plain_setup(tmp_path, 25, smtp_extra="    connect_timeout: soon")
    result = run_cli("digest", "--dry-run", "--config", str(config))
    assert result.exit_code == 2
    assert "connect_timeout" in result.stderr


def test_the_unattended_service_still_retries_an_unreachable_server() -> None:
    smtp = Smtp(host="127.0.0.1", port=free_port(), security="none", retries=1, retry_delay=0.01)
    with pytest.raises(SendError, match="after 2 attempts: cannot connect to 127.0.0.1"):
        send(EmailMessage(), smtp)  # the service's call: retry_unreachable defaults to True
