"""SMTP delivery with retries. A digest counts as sent only when the server accepted it, and
is never delivered twice by a retry.

A retry is safe only while the server cannot have the message. Once it has been handed over
(the DATA command), a lost or late answer — a timeout while the server scans the message, a
dropped connection — may hide a delivery, so it is not retried: the caller hears
`DeliveryUncertain` instead. An explicit refusal (an SMTP error reply) is retried as before.
The session is closed (QUIT) only after the server's answer, so a failure there changes
nothing.

A server that cannot be reached at all (connection refused, unknown host, no answer within
`connect_timeout`) is a wrong setting or a server that is down: a person at the terminal is told
at once in one line (`retry_unreachable=False`), while the unattended service still retries it.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from email.message import EmailMessage

from ..config import Smtp

Refused = dict[str, tuple[int, bytes]]  # recipient → the server's reply


class SendError(Exception):
    """Delivery failed after the configured retries; the message says where and why."""


class DeliveryUncertain(SendError):
    """The message was handed over but the server never confirmed it: it may have arrived."""


class Unreachable(SendError):
    """No SMTP session could be opened: nothing was handed over, so a retry is always safe."""


def send(
    message: EmailMessage,
    smtp: Smtp,
    *,
    before_data: Callable[[], None] = lambda: None,
    stop: threading.Event | None = None,
    retry_unreachable: bool = True,
) -> Refused:
    """Deliver `message`; returns the recipients the server refused while taking it for the
    others (empty when all were accepted).

    `before_data` runs just before each hand-over, so the caller can record that the server
    may have the message from then on (raising there aborts the delivery). `stop`, once set,
    lets the attempt in progress finish but starts no other. `retry_unreachable=False` gives
    up at the first server that cannot be reached, for a caller with a person waiting."""
    password = _password(smtp)
    stop = stop or threading.Event()
    last = ""
    for attempt in range(smtp.retries + 1):
        try:
            return _deliver(message, smtp, password, before_data)
        except Unreachable as exc:
            if not retry_unreachable:
                raise
            last = str(exc)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"{smtp.host}:{smtp.port} refused the recipients: {exc}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(f"{smtp.host}:{smtp.port} rejected the login: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            last = _describe(exc)
        if attempt < smtp.retries and stop.wait(smtp.retry_delay * (2**attempt)):
            raise SendError(f"{smtp.host}:{smtp.port}: {last} (stopping: not retried)")
    raise SendError(
        f"could not send via {smtp.host}:{smtp.port} after {smtp.retries + 1} attempts: {last}"
    )


def _password(smtp: Smtp) -> str | None:
    """Only a login needs a password: without `username` the variable is never read, so the
    default settings (no username, `password_env` named) send to a local relay as they are."""
    if not (smtp.username and smtp.password_env):
        return None
    password = os.environ.get(smtp.password_env)
    if password is None:
        raise SendError(
            f"SMTP password for {smtp.username}: environment variable {smtp.password_env} "
            "is not set"
        )
    return password


class _HandOver:
    """Marks the moment the message is handed over: before it a failure cannot have delivered
    anything; after it the server may have the message even if its answer is lost."""

    before_data: Callable[[], None]
    handed_over = False

    def data(self, msg: bytes | str) -> tuple[int, bytes]:
        self.before_data()
        self.handed_over = True
        return super().data(msg)  # type: ignore[misc]


class _Client(_HandOver, smtplib.SMTP):
    pass


class _SslClient(_HandOver, smtplib.SMTP_SSL):
    pass


def _deliver(
    message: EmailMessage, smtp: Smtp, password: str | None, before_data: Callable[[], None]
) -> Refused:
    context = ssl.create_default_context()
    client = _connect(smtp, context)
    client.before_data = before_data
    try:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.username:
            client.login(smtp.username, password or "")
        try:
            return client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            if client.handed_over and not isinstance(exc, smtplib.SMTPDataError):
                raise DeliveryUncertain(
                    f"{smtp.host}:{smtp.port} did not confirm the message ({_describe(exc)})"
                ) from exc
            raise
    finally:
        _close(client)


def _connect(smtp: Smtp, context: ssl.SSLContext) -> _Client | _SslClient:
    """Open the session within `connect_timeout`; every later step waits up to `timeout`
    (a server may take long to scan a message, but one that does not answer a connection
    will not answer later either)."""
    try:
        if smtp.security == "ssl":
            client: _Client | _SslClient = _SslClient(
                smtp.host, smtp.port, timeout=smtp.connect_timeout, context=context
            )
        else:
            client = _Client(smtp.host, smtp.port, timeout=smtp.connect_timeout)
    except smtplib.SMTPException:
        raise  # the server answered (a busy greeting, a dropped line): retried as usual
    except OSError as exc:
        raise Unreachable(
            f"cannot connect to {smtp.host}:{smtp.port}: {_unreachable_reason(exc, smtp)}"
        ) from exc
    client.timeout = smtp.timeout
    if client.sock is not None:
        client.sock.settimeout(smtp.timeout)
    return client


def _unreachable_reason(exc: OSError, smtp: Smtp) -> str:
    """The reason in words a person can act on, instead of an errno."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (no SMTP server listening on that port?)"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror})"
    if isinstance(exc, TimeoutError):
        return f"no answer within {smtp.connect_timeout:g} s (smtp.connect_timeout)"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    return exc.strerror or _describe(exc)


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()
