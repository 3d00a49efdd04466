"""How a digest looks: a plain-text part and an HTML part, in one multipart/alternative email.

Everything from the web (headlines, leads, outlet names, URLs) is untrusted: Jinja2 escapes it
in HTML, and it never reaches a header — the subject is made of our own words, the date and
counts, so a CR/LF in a headline cannot inject headers. CSS is inlined because Gmail and
Outlook drop <style> blocks.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .build import DigestContent, Volume

SPARK = "▁▂▃▄▅▆▇█"  # the lowest for a day without articles, the others scaled to the busiest
BAR_PX = 28  # the busiest day's bar in the HTML strip
BAR_COLOURS = {"today": "#0b57d0", "before": "#9db8e8", "none": "#e1e4e8"}


@dataclass
class Bar:
    height: int  # px
    colour: str
    label: str  # "Mon 30 Nov: 12", shown on hover


def sparkline(volume: Volume) -> str:
    """The plain-text strip: one block character per day, zero days flat."""
    top = max(volume.counts, default=0)
    return "".join(
        SPARK[1 + round(count / top * (len(SPARK) - 2))] if count else SPARK[0]
        for count in volume.counts
    )


def bars(volume: Volume, until: str, timezone: str) -> list[Bar]:
    """The HTML strip as table cells with a height and a background colour: what Gmail and
    Outlook render without images, scripts or <style> (no day is ever 0 px, or the strip
    collapses)."""
    top = max(volume.counts, default=0)
    end = datetime.fromisoformat(until).astimezone(ZoneInfo(timezone))
    days = len(volume.counts)
    result = []
    for index, count in enumerate(volume.counts):
        day = end - timedelta(days=days - 1 - index)
        colour = "none" if not count else "today" if index == days - 1 else "before"
        height = max(2, round(count / top * BAR_PX)) if count else 1
        result.append(Bar(height, BAR_COLOURS[colour], f"{day:%a %d %b}: {count}"))
    return result


def volume_line(volume: Volume) -> str:
    """Today against the usual day, in words."""
    average = volume.average
    ratio = f" (×{volume.today / average:.1f})" if average and volume.today else ""
    return (
        f"{volume.today} article{'s' if volume.today != 1 else ''} in the last 24 h{ratio}; "
        f"{average:.1f} a day over the {len(volume.counts) - 1} days before"
    )


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


for _environment in (_ENV, _TEXT_ENV):
    _environment.globals.update(
        sparkline=sparkline, bars=bars, volume_line=volume_line, bar_px=BAR_PX
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
