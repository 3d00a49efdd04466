"""sources.yaml validation: every mistake is one line naming file, line, key path, expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.config import ConfigError, load_config, parse_config
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_sources_yaml_is_valid_and_complete() -> None:
    config = load_config(ROOT / "sources.yaml")
    names = {s.name for s in config.sources}
    assert {"Business Insider", "Teslarati", "AOL"} <= names
    assert len(names - {"Business Insider", "Teslarati", "AOL"}) >= 3
    assert {"Xiaomi EV", "Model Y", "Tesla"} <= {t.name for t in config.topics}
    assert config.settings.allow_private_addresses is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n  - name: A\n    feeds: [https://a.example/feed]\n"
            "  - name: B\n    feeds:\n      - ftp://b.example/feed\n",
            "cfg.yaml:6: sources[1].feeds[0]: expected an http:// or https:// URL, got 'ftp://b.example/feed'",
        ),
        (
            "sources:\n  - name: A\n    feedz: [https://a.example/feed]\n",
            "cfg.yaml:3: sources[0].feedz: unknown key (check the spelling)",
        ),
        (
            "settings:\n  limits:\n    total_timeout: soon\nsources:\n  - name: A\n    feeds: https://a.example/f\n",
            "cfg.yaml:3: settings.limits.total_timeout: expected a duration",
        ),
        ("sources: [\n", "cfg.yaml:2: invalid YAML"),
        ("- just a list\n", "cfg.yaml: expected a mapping"),
        (
            "sources:\n  - name: A\n    feeds: [https://a.example/f]\n  - name: A\n    feeds: [https://b.example/f]\n",
            "duplicate source name 'A'",
        ),
        (
            "settings:\n  timezone: Mars/Olympus\nsources:\n  - name: A\n    feeds: [https://a.example/f]\n",
            "cfg.yaml:2: settings.timezone: unknown time zone 'Mars/Olympus'",
        ),
        ("sources: []\n", "cfg.yaml:1: sources:"),
    ],
)
def test_mistakes_are_reported_in_one_line(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "cfg.yaml")
    message = str(info.value)
    assert expected in message and "\n" not in message


def test_durations_in_several_forms() -> None:
    config = parse_config(
        "settings:\n  limits: {total_timeout: 2m, connect_timeout: 5}\n"
        "sources:\n  - name: A\n    feeds: https://a.example/f\n    poll_interval: 1h\n"
    )
    assert config.settings.limits.total_timeout == 120
    assert config.settings.limits.connect_timeout == 5
    assert config.sources[0].poll_interval == 3600
    assert config.sources[0].feeds == ["https://a.example/f"]


def test_bad_config_exits_2_and_fetches_nothing(tmp_path: Path, server) -> None:
    server.add("/feed", "<rss/>")
    bad = tmp_path / "sources.yaml"
    bad.write_text(f"sources:\n  - name: A\n    feeds: [{server.url('/feed')}]\n    poll: 3\n")
    result = run_cli("fetch", "--config", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert f"{bad}:4: sources[0].poll: unknown key" in result.output
    assert "Traceback" not in result.output
    assert server.requests == []
    assert not (tmp_path / "x.db").exists()


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("fetch", "--config", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "nope.yaml: file not found" in result.output


def test_time_budgets_are_durations_with_defaults() -> None:
    source = "sources:\n  - name: A\n    feeds: https://a.example/f\n"
    limits = parse_config(source).settings.limits
    assert (limits.item_timeout, limits.pass_timeout, limits.extraction_timeout) == (180, 600, 20)
    limits = parse_config(
        "settings:\n  limits: {item_timeout: 2m, pass_timeout: 1h, extraction_timeout: 0.5}\n"
        + source
    ).settings.limits
    assert (limits.item_timeout, limits.pass_timeout, limits.extraction_timeout) == (120, 3600, 0.5)
    with pytest.raises(ConfigError) as info:
        parse_config("settings:\n  limits:\n    pass_timeout: 0\n" + source, "cfg.yaml")
    assert str(info.value) == (
        "cfg.yaml:3: settings.limits.pass_timeout: expected a positive duration"
    )
