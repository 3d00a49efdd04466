"""The test suite's network guard: no connection and no name lookup leaves the machine.

Tests run against real servers on 127.0.0.1, and hypothesis invents URLs: without a guard one
generated host name, or a bug that follows a link, would send traffic to the internet. Every
Python process of the suite runs this file: pytest imports it from `tests/conftest.py`, and
the processes tests start (`aggregator run`, `fetch`, `serve`) find it on `PYTHONPATH`, which
the conftest sets, because Python imports `sitecustomize` at start-up.

A refused attempt raises `NetworkGuardError`, and is also written to the file named by
`AGGREGATOR_NETGUARD_LOG`: the aggregator rightly turns connection errors into one-line
results, so the exception alone could be swallowed; the conftest fails the test that made
the attempt by reading that file.

Allowed: loopback addresses (127.0.0.0/8, ::1), Unix sockets, and the names `localhost` and
`*.invalid` (RFC 6761: they never resolve, so the lookup is answered here with "no such name"
and no query is sent). Everything else is refused.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import traceback

LOG_VARIABLE = "AGGREGATOR_NETGUARD_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkGuardError(ConnectionRefusedError):
    """A test tried to reach beyond loopback."""


def _report(what: str) -> NetworkGuardError:
    message = f"network guard: {what} refused (tests may only reach loopback)"
    path = os.environ.get(LOG_VARIABLE)
    if path:
        stack = "".join(traceback.format_stack(limit=12)[:-2])
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{message}\n{stack}\n")
    return NetworkGuardError(message)


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check_address(sock: socket.socket, address: object) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix sockets and socket pairs stay on the machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_loopback(host):
        raise _report(f"connection to {address!r}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check_address(self, address)
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self, address)
    return _connect_ex(self, address)


def _guarded_sendto(self: socket.socket, data: bytes, *args: object) -> int:
    _check_address(self, args[-1])
    return _sendto(self, data, *args)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    name = host.decode() if isinstance(host, bytes) else host
    if name is None or _is_loopback(name) or str(name).lower() in _LOCAL_NAMES:
        return _getaddrinfo(host, *args, **kwargs)
    if str(name).lower().rstrip(".").endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    if not _is_numeric(str(name)):
        raise _report(f"name lookup of {name!r}")
    return _getaddrinfo(host, *args, **kwargs)  # a literal address: no lookup, connect decides


def _is_numeric(name: str) -> bool:
    """Address literals, including the old spellings the resolver reads without a query
    (`127.1`, `2130706433`, `0x7f000001`, as inet_aton does)."""
    try:
        ipaddress.ip_address(name.split("%")[0])
        return True
    except ValueError:
        pass
    try:
        socket.inet_aton(name)
    except OSError:
        return False
    return True


def install() -> None:
    """Idempotent: the conftest and a child's start-up may both call it."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = _guarded_sendto  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


if os.environ.get(LOG_VARIABLE):
    install()
