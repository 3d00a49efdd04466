"""SMTP delivery with retries. A digest counts as sent only when the server accepted it."""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage

from ..config import Smtp


class SendError(Exception):
    """Delivery failed after the configured retries; the message says where and why."""


def send(message: EmailMessage, smtp: Smtp, *, sleep: Callable[[float], None] = time.sleep) -> None:
    password = None
    if smtp.password_env:
        password = os.environ.get(smtp.password_env)
        if password is None:
            raise SendError(f"SMTP password: environment variable {smtp.password_env} is not set")
    last = ""
    for attempt in range(smtp.retries + 1):
        try:
            _deliver(message, smtp, password)
            return
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"{smtp.host}:{smtp.port} refused the recipients: {exc}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(f"{smtp.host}:{smtp.port} rejected the login: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            last = f"{type(exc).__name__}: {exc}".strip()
            if attempt < smtp.retries:
                sleep(smtp.retry_delay * (2**attempt))
    raise SendError(
        f"could not send via {smtp.host}:{smtp.port} after {smtp.retries + 1} attempts: {last}"
    )


def _deliver(message: EmailMessage, smtp: Smtp, password: str | None) -> None:
    context = ssl.create_default_context()
    if smtp.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout, context=context
        )
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    with client:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.username:
            client.login(smtp.username, password or "")
        refused = client.send_message(message)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
