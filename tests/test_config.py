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
            "cfg.yaml:6: sources[1].feeds[0] (source 'B'): expected an http:// or https:// URL, got 'ftp://b.example/feed'",
        ),
        (
            "sources:\n  - name: A\n    feedz: [https://a.example/feed]\n",
            "cfg.yaml:3: sources[0].feedz (source 'A'): unknown key (check the spelling)",
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
        (
            "sources:\n  - name: A\n    feeds: [https://a.example/f]\n  - name: Teslarati\n"
            "    feeds: [https://b.example/f]\n    extraction:\n"
            "      drop_selectors: ['.newsletter', 'div[[oops']\n",
            "cfg.yaml:7: sources[1].extraction.drop_selectors[1] (source 'Teslarati'):"
            " not a CSS selector: 'div[[oops'",
        ),
        (
            "sources:\n  - name: A\n    feeds: [https://a.example/f]\n    extraction:\n"
            "      body_selector: 'article >'\n",
            "cfg.yaml:5: sources[0].extraction.body_selector (source 'A'): not a CSS selector: 'article >'",
        ),
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
    assert f"{bad}:4: sources[0].poll (source 'A'): unknown key" in result.output
    assert "Traceback" not in result.output
    assert server.requests == []
    assert not (tmp_path / "x.db").exists()


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("fetch", "--config", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "nope.yaml: file not found" in result.output


SOURCE_A = "sources:\n  - name: A\n    feeds: [https://a.example/f]\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a second `settings:` silently replaced the first (database, address guard)
            "settings:\n  database: news.db\n  allow_private_addresses: false\n"
            + SOURCE_A
            + "settings:\n  respect_robots: false\n",
            "cfg.yaml:7: invalid YAML: duplicate key 'settings' (first on line 1)",
        ),
        (
            "settings:\n  limits:\n    total_timeout: 5\n    read_timeout: 3\n    total_timeout: 50\n"
            + SOURCE_A,
            "cfg.yaml:5: invalid YAML: duplicate key 'total_timeout' (first on line 3)",
        ),
        (
            "settings: {database: a.db, database: b.db}\n" + SOURCE_A,
            "cfg.yaml:1: invalid YAML: duplicate key 'database' (first on line 1)",
        ),
        (
            SOURCE_A
            + "  - name: B\n    feeds:\n      - https://b.example/f\n      - https://a.example/f\n",
            "cfg.yaml:7: sources[1].feeds[1] (source 'B'): feed https://a.example/f is already listed in source 'A'",
        ),
        (
            "sources:\n  - name: A\n    feeds:\n      - https://a.example/f\n      - https://a.example/f\n",
            "cfg.yaml:5: sources[0].feeds[1] (source 'A'): feed https://a.example/f is already listed in source 'A'",
        ),
        (
            "settings:\n  story_window: .inf\n" + SOURCE_A,
            "cfg.yaml:2: settings.story_window: expected a finite duration such as 30m, 2h or 90 (seconds), got inf",
        ),
        (
            "settings:\n  limits:\n    total_timeout: .nan\n" + SOURCE_A,
            "cfg.yaml:3: settings.limits.total_timeout: expected a finite duration such as 30m, 2h or 90 (seconds), got nan",
        ),
        (
            "settings:\n  story_window: 99999999999d\n" + SOURCE_A,
            "cfg.yaml:2: settings.story_window: expected a duration of at most 3650d, got '99999999999d'",
        ),
        (
            "settings:\n  limits:\n    per_host_delay: .inf\n" + SOURCE_A,
            "cfg.yaml:3: settings.limits.per_host_delay: expected a finite number, got inf",
        ),
        (
            "settings:\n  limits:\n    backoff_base: .nan\n" + SOURCE_A,
            "cfg.yaml:3: settings.limits.backoff_base: expected a finite number, got nan",
        ),
        (
            "settings:\n  digest:\n    to:\n      - news@example.com\n      - not an address\n"
            + SOURCE_A,
            "cfg.yaml:5: settings.digest.to[1]: expected an email address such as news@example.com, got 'not an address'",
        ),
        (
            'settings:\n  digest:\n    to: ["a@example.com, b@example.com"]\n' + SOURCE_A,
            "cfg.yaml:3: settings.digest.to[0]: expected an email address such as news@example.com, got 'a@example.com, b@example.com'",
        ),
        (
            'settings:\n  digest:\n    to: ["ann@example.com\\r\\nBcc: all@example.net"]\n'
            + SOURCE_A,
            "cfg.yaml:3: settings.digest.to[0]: must not contain line breaks or other control characters: 'ann@example.com\\r\\nBcc: all@example.net'",
        ),
        (
            'settings:\n  digest:\n    subject: "News\\r\\nBcc: all@example.net"\n' + SOURCE_A,
            "cfg.yaml:3: settings.digest.subject: must not contain line breaks or other control characters: 'News\\r\\nBcc: all@example.net'",
        ),
        (
            'settings:\n  digest:\n    sender: "News \\u001b[2J<news@example.com>"\n' + SOURCE_A,
            "cfg.yaml:3: settings.digest.sender: must not contain line breaks or other control characters: 'News \\x1b[2J<news@example.com>'",
        ),
        (
            "settings:\n  digest:\n    sender: newsroom\n" + SOURCE_A,
            "cfg.yaml:3: settings.digest.sender: expected an email address such as news@example.com, got 'newsroom'",
        ),
        (
            "sources:\n  - name: A\n    feeds: [https://a.example/f]\n  - name: A\n    feeds: [https://b.example/f]\n",
            "cfg.yaml:4: sources[1].name (source 'A'): duplicate source name 'A'",
        ),
        (
            "settings:\n  digest:\n    topics: [Nope]\n" + SOURCE_A,
            "cfg.yaml:3: settings.digest.topics[0]: unknown topic 'Nope'",
        ),
    ],
)
def test_silent_mistakes_are_errors_naming_file_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "cfg.yaml")
    assert str(info.value) == expected


def test_addresses_with_names_and_yaml_merge_keys_are_still_accepted() -> None:
    config = parse_config(
        "settings:\n  digest:\n    sender: 'Newsroom <news@example.com>'\n"
        "    to: [ann@example.com, 'Bo Li <bo@example.org>', root@localhost]\n"
        "sources:\n  - &a {name: A, feeds: [https://a.example/f], poll_interval: 1h}\n"
        "  - {<<: *a, name: B, feeds: [https://b.example/f]}\n"
    )
    assert config.settings.digest.to == [
        "ann@example.com",
        "Bo Li <bo@example.org>",
        "root@localhost",
    ]
    assert [s.poll_interval for s in config.sources] == [3600, 3600]


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
