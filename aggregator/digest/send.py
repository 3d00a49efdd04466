"""SMTP delivery with retries. A digest counts as sent only when the server accepted it, and
is never delivered twice by a retry.

A retry is safe only while the server cannot have the message. Once it has been handed over
(the DATA command), a lost or late answer — a timeout while the server scans the message, a
dropped connection — may hide a delivery, so it is not retried: the caller hears
`DeliveryUncertain` instead. An explicit refusal (an SMTP error reply) is retried as before.
The session is closed (QUIT) only after the server's answer, so a failure there changes
nothing.
"""

from __future__ import annotations

import os
import smtplib
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


def send(
    message: EmailMessage,
    smtp: Smtp,
    *,
    before_data: Callable[[], None] = lambda: None,
    stop: threading.Event | None = None,
) -> Refused:
    """Deliver `message`; returns the recipients the server refused while taking it for the
    others (empty when all were accepted).

    `before_data` runs just before each hand-over, so the caller can record that the server
    may have the message from then on (raising there aborts the delivery). `stop`, once set,
    lets the attempt in progress finish but starts no other."""
    password = None
    if smtp.password_env:
        password = os.environ.get(smtp.password_env)
        if password is None:
            raise SendError(f"SMTP password: environment variable {smtp.password_env} is not set")
    stop = stop or threading.Event()
    last = ""
    for attempt in range(smtp.retries + 1):
        try:
            return _deliver(message, smtp, password, before_data)
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
    if smtp.security == "ssl":
        client: _Client | _SslClient = _SslClient(
            smtp.host, smtp.port, timeout=smtp.timeout, context=context
        )
    else:
        client = _Client(smtp.host, smtp.port, timeout=smtp.timeout)
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


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()
