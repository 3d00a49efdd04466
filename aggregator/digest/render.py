"""How a digest looks: a plain-text part and an HTML part, in one multipart/alternative email.

Everything from the web (headlines, leads, outlet names, URLs) is untrusted: Jinja2 escapes it
in HTML, and it never reaches a header — the subject is made of our own words, the date and
counts, so a CR/LF in a headline cannot inject headers. CSS is inlined because Gmail and
Outlook drop <style> blocks.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .build import DigestContent

_ENV = Environment(
    loader=PackageLoader("aggregator", "templates"),
    autoescape=select_autoescape(["html", "j2"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEXT_ENV = Environment(
    loader=PackageLoader("aggregator", "templates"),
    autoescape=False,  # plain text: nothing is interpreted, so nothing to escape
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def subject_line(prefix: str, content: DigestContent, now: datetime) -> str:
    local = now.astimezone(ZoneInfo(content.timezone))
    if content.empty:
        return f"{prefix} {local:%Y-%m-%d}: nothing new"
    updates = f", {content.update_count} updated" if content.update_count else ""
    return (
        f"{prefix} {local:%Y-%m-%d}: {content.story_count} new "
        f"stor{'y' if content.story_count == 1 else 'ies'}{updates}, "
        f"{content.article_count} article{'s' if content.article_count != 1 else ''}"
    )


def overview_line(content: DigestContent) -> str:
    if content.empty:
        return "No new articles on your topics."
    updates = f" and {content.update_count} updated" if content.update_count else ""
    return (
        f"{content.story_count} new stor{'y' if content.story_count == 1 else 'ies'}{updates}, "
        f"{content.article_count} article{'s' if content.article_count != 1 else ''} "
        f"from {content.outlet_count} outlet{'s' if content.outlet_count != 1 else ''}."
    )


def render(content: DigestContent, subject: str) -> tuple[str, str]:
    """(plain text, HTML with inlined CSS)."""
    zone = ZoneInfo(content.timezone)
    context = {
        "content": content,
        "subject": subject,
        "overview": overview_line(content),
        "since_local": _local(content.since, zone),
        "until_local": _local(content.until, zone),
    }
    text = _TEXT_ENV.get_template("digest.txt.j2").render(**context)
    html = _ENV.get_template("digest.html.j2").render(**context)
    return text, css_inline.inline(html)


def _local(iso: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(iso).astimezone(zone).strftime("%a %d %b %Y, %H:%M %Z")


def compose(
    *,
    sender: str,
    recipients: list[str],
    subject: str,
    text: str,
    html: str,
    now: datetime,
    key: str,
) -> EmailMessage:
    """The Message-ID carries the digest's key (which digest this is) and a random part: unique
    across databases, so no mail client ever hides a digest as a duplicate of another
    install's; short enough that the header is never folded."""
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address)) if name else address
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(now)
    domain = address.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{key}.{secrets.token_hex(8)}@{domain}>"
    message["Subject"] = subject
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
