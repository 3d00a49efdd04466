"""The suite's network guard (tests/netguard/sitecustomize.py) refuses traffic beyond loopback,
in the pytest process and in the processes tests start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def own_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Attempts made on purpose go to this test's own file, not the suite's."""
    log = tmp_path / "guard.log"
    monkeypatch.setenv("AGGREGATOR_NETGUARD_LOG", str(log))
    return log


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
        lambda: socket.create_connection(("2001:db8::1", 80), timeout=1),
        lambda: socket.getaddrinfo("example.com", 443),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
    ],
    ids=["ipv4", "ipv6", "name lookup", "udp"],
)
def test_traffic_beyond_loopback_is_refused_and_logged(attempt, own_log: Path) -> None:
    with pytest.raises(OSError, match="network guard"):
        attempt()
    assert "refused (tests may only reach loopback)" in own_log.read_text()


def test_loopback_and_invalid_names_are_allowed(own_log: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        socket.create_connection(listener.getsockname(), timeout=1).close()
    assert socket.getaddrinfo("localhost", 80)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("no-such-host.invalid", 80)
    assert not own_log.exists()


def test_child_processes_are_guarded_too(own_log: Path) -> None:
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, timeout=30
    )
    assert child.returncode != 0
    assert "NetworkGuardError" in child.stderr
    assert "connection to ('192.0.2.1', 80) refused" in own_log.read_text()
