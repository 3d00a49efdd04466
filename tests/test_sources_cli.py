"""`aggregator sources`: add an outlet by its homepage, list, remove, OPML in and out —
against the local fake web, with sources.yaml's comments kept."""

from __future__ import annotations

import json
from pathlib import Path

import listparser

from aggregator.config import load_config
from tests.conftest import run_cli, write_config
from tests.fakeweb import FakeServer, install_outlet


def _config(tmp_path: Path) -> Path:
    config = write_config(tmp_path / "sources.yaml", {"Existing": ["http://127.0.0.1:9/feed"]})
    text = config.read_text().replace("sources:\n", "sources:  # the outlets we watch\n")
    # a list wrapped by hand, after the sources: kept exactly as it is
    topics = "topics:\n  - name: EVs\n    terms: [tesla, byd,\n            xiaomi ev]\n"
    config.write_text("# team watch list, edited by hand too\n" + text + topics)
    return config


def _sources(config: Path) -> dict[str, list[str]]:
    return {s.name: [str(f) for f in s.feeds] for s in load_config(config).sources}


def test_add_finds_the_feed_of_a_homepage_and_keeps_comments(
    tmp_path: Path, server: FakeServer, second_server: FakeServer
) -> None:
    config = _config(tmp_path)
    site = install_outlet(server, "motor-ledger")
    added = run_cli("sources", "add", site["homepage_url"], "--config", str(config))
    assert added.exit_code == 0, added.output
    assert added.output.strip() == f"added Motor Ledger: {site['feed_url']}"
    assert _sources(config)["Motor Ledger"] == [site["feed_url"]]
    text = config.read_text()
    assert text.startswith("# team watch list, edited by hand too\n")
    assert "sources:  # the outlets we watch" in text
    again = run_cli("sources", "add", site["feed_url"], "--config", str(config))
    assert again.exit_code == 2 and "already in" in again.output and "Motor Ledger" in again.output
    # a homepage that advertises no feed: the common paths (/feed) are tried
    other = install_outlet(second_server, "motor-ledger")
    second_server.add("/", "<html><head><title>EV news</title></head><body>hi</body></html>")
    found = run_cli(
        "sources", "add", other["base"] + "/", "--name", "Ledger Two", "--config", str(config)
    )
    assert found.exit_code == 0, found.output
    assert _sources(config)["Ledger Two"] == [other["feed_url"]]


def test_add_without_a_feed_fails_and_leaves_the_file(tmp_path: Path, server: FakeServer) -> None:
    config = _config(tmp_path)
    before = config.read_text()
    server.add("/", "<html><body>no feed here</body></html>")
    result = run_cli("sources", "add", server.url("/"), "--config", str(config))
    assert result.exit_code == 1 and "no feed with items found (tried " in result.output
    assert config.read_text() == before


def test_list_remove_export_import(tmp_path: Path) -> None:
    config = _config(tmp_path)
    original = config.read_text()
    listed = json.loads(run_cli("sources", "list", "--json", "--config", str(config)).output)
    assert [(s["name"], s["failure_streak"]) for s in listed] == [("Existing", 0)]
    opml = tmp_path / "feedly.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="1.0"><head><title>Feedly</title></head><body>'
        '<outline text="EVs"><outline type="rss" text="Electrek" title="Electrek" '
        'xmlUrl="https://electrek.co/feed/"/>'
        '<outline type="rss" text="Old" xmlUrl="http://127.0.0.1:9/feed"/></outline>'
        "</body></opml>"
    )
    imported = run_cli("sources", "import", str(opml), "--config", str(config))
    assert imported.exit_code == 0, imported.output
    assert "1 added, 1 skipped" in imported.output
    assert _sources(config)["Electrek"] == ["https://electrek.co/feed/"]
    exported = run_cli("sources", "export", "--config", str(config)).output
    assert {f.url: f.title for f in listparser.parse(exported).feeds} == {
        "http://127.0.0.1:9/feed": "Existing",
        "https://electrek.co/feed/": "Electrek",
    }
    removed = run_cli("sources", "remove", "electrek", "--config", str(config))
    assert removed.exit_code == 0 and removed.output.strip() == "removed Electrek"
    assert config.read_text() == original  # added and removed again: byte for byte
    last = run_cli("sources", "remove", "Existing", "--config", str(config))
    assert last.exit_code == 2 and "sources" in last.output  # a config needs one source
    assert list(_sources(config)) == ["Existing"]
