"""Shared fixtures: a real HTTP server on 127.0.0.1 and helpers to write configs and run the CLI."""

from __future__ import annotations

import email
import email.policy
import importlib.util
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import IO

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result

from aggregator.cli import main
from tests.fakeweb.server import FakeServer


def _install_network_guard() -> Path:
    """Refuse every connection and name lookup beyond loopback, in this process and in the
    processes tests start (they import `tests/netguard/sitecustomize.py` through PYTHONPATH).
    Attempts are logged to a file the autouse fixture below reads after each test."""
    guard_dir = Path(__file__).parent / "netguard"
    default = Path(tempfile.gettempdir()) / f"aggregator-netguard-{os.getpid()}.log"
    log = Path(os.environ.setdefault("AGGREGATOR_NETGUARD_LOG", str(default)))
    log.touch()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(guard_dir), os.environ.get("PYTHONPATH")])
    )
    spec = importlib.util.spec_from_file_location("netguard", guard_dir / "sitecustomize.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install()
    return log


NETGUARD_LOG = _install_network_guard()


@pytest.fixture(autouse=True)
def no_traffic_beyond_loopback() -> Iterator[None]:
    """Fail the test that tried to leave the machine, even if the code under test swallowed
    the refusal as an ordinary connection error."""
    start = NETGUARD_LOG.stat().st_size
    yield
    with NETGUARD_LOG.open(encoding="utf-8") as log:
        log.seek(start)
        attempts = log.read()
    if attempts:
        pytest.fail(attempts, pytrace=False)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


@pytest.fixture
def second_server() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


def write_config(
    path: Path,
    sources: dict[str, list[str]],
    extra_settings: str = "",
    limits: dict[str, object] | None = None,
) -> Path:
    """A sources.yaml for tests: loopback allowed (the servers are on 127.0.0.1),
    no politeness delay, small timeouts and backoff so failure paths run fast."""
    merged = {
        "per_host_delay": 0,
        "backoff_base": 0.05,
        "read_timeout": 3,
        "total_timeout": 5,
        "max_retries": 2,
        **(limits or {}),
    }
    lines = [
        "settings:",
        f"  database: {path.parent / 'test.db'}",
        # only loopback: a redirect to another private network must still be refused
        '  allow_private_addresses: ["127.0.0.0/8", "::1/128"]',
        "  limits:",
        *(f"    {key}: {json.dumps(value)}" for key, value in merged.items()),
    ]
    lines += ["  " + line for line in textwrap.dedent(extra_settings).strip().splitlines()]
    lines.append("sources:")
    for name, feeds in sources.items():
        lines.append(f"  - name: {json.dumps(name)}")
        lines.append(f"    feeds: {json.dumps(feeds)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plain_config(directory: Path) -> Path:
    """A sources.yaml with default settings and no topics (one source, never fetched): what a
    command reads when a test wants "no configuration" (a --config that does not exist is
    an error)."""
    path = directory / "plain.yaml"
    if not path.exists():
        path.write_text("sources:\n  - name: Unused\n    feeds: [http://127.0.0.1:9/]\n")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rows(db: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def tagged(db: Path, topic: str) -> set[str]:
    """The GUIDs (import ids) of the articles filed under `topic`."""
    found = rows(
        db,
        "SELECT a.guid FROM article_topics t JOIN articles a ON a.id = t.article_id "
        "WHERE t.topic = ?",
        (topic,),
    )
    return {row[0] for row in found}


def slow_pages(server: FakeServer, urls: list[str], delay: float) -> None:
    """Make already installed article pages answer after `delay` seconds."""
    for url in urls:
        path = url.removeprefix(server.base)
        route = server._routes[path]
        server.add(path, route.body, content_type=route.content_type, delay=delay)


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """The first argument of every call to `owner.name` from now on; the calls still go
    through. For tests that work must be done once, not once per ask."""
    calls: list[object] = []
    original = getattr(owner, name)

    def recorded(*args: object, **kwargs: object) -> object:
        calls.append(args[0] if args else next(iter(kwargs.values()), None))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_consistent(db: sqlite3.Connection) -> None:
    """No half-written article: search row, source, story and story counts all agree."""
    assert (
        db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN articles_fts f ON f.rowid = a.id "
            "WHERE f.rowid IS NULL"
        ).fetchone()[0]
        == 0
    )
    assert (
        db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
        == db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    )
    assert (
        db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE s.id IS NULL"
        ).fetchone()[0]
        == 0
    )
    assert (
        db.execute(
            "SELECT COUNT(*) FROM stories s WHERE s.article_count != "
            "(SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id)"
        ).fetchone()[0]
        == 0
    )
    assert (
        db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id WHERE s.id IS NULL"
        ).fetchone()[0]
        == 0
    )


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses it on demand."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        if self.refuse:
            return "554 5.7.1 Message rejected by policy"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) and what it received."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def start_service(config: Path, *args: str) -> subprocess.Popen:
    """`aggregator run` in the background, its output captured for the test to read."""
    return subprocess.Popen(
        [sys.executable, "-m", "aggregator", "run", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_serve(config: Path, db: Path, port: int, log: IO[bytes]) -> subprocess.Popen:
    """`aggregator serve` in the background, its output to a file (a pipe nobody drains
    would block it), returned once it answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aggregator",
            "serve",
            "--config",
            str(config),
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"aggregator serve did not start on port {port}")
