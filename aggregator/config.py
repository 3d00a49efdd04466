"""Load and validate `sources.yaml` into typed objects.

Every mistake in the file is reported as one line naming the file, the line, the key path and
what was expected, because the user edits this file by hand and must be able to fix it without
reading a traceback. Nothing else in the package parses YAML.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cssselect import HTMLTranslator, SelectorError
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .relevance import DEFAULT_THRESHOLD, check_term
from .topics import QueryError, check_query

DEFAULT_DB = "data/aggregator.db"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
MAX_DURATION_DAYS = 3650  # far beyond any sensible interval, far within what datetime can add
# a bare address; display names ("News <news@example.com>") are read by parseaddr
_ADDRESS = re.compile(r"^[^@\s\"(),:;<>\[\\\]]+@\w(?:[\w.-]*\w)?$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class ConfigError(Exception):
    """A configuration problem, already phrased for the user (one line)."""


def parse_duration(value: Any) -> float:
    """A duration for a setting: positive, finite and at most MAX_DURATION_DAYS (larger values
    overflow the date arithmetic they feed)."""
    seconds = duration_seconds(value)
    if seconds > MAX_DURATION_DAYS * 86400:
        raise ValueError(f"expected a duration of at most {MAX_DURATION_DAYS}d, got {value!r}")
    return seconds


def duration_seconds(value: Any) -> float:
    """Accept `90`, `"90s"`, `"30m"`, `"2h"`, `"1d"`: people write intervals both ways."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 30m, 2h or 90 (seconds)")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"expected a duration such as 30m, 2h or 90 (seconds), got {value!r}")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if not math.isfinite(seconds):  # YAML's .inf and .nan are floats too
        raise ValueError(
            f"expected a finite duration such as 30m, 2h or 90 (seconds), got {value!r}"
        )
    if seconds <= 0:
        raise ValueError("expected a positive duration")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


def _check_http_url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    return value.strip()


HttpUrl = Annotated[str, BeforeValidator(_check_http_url)]


def check_header_text(value: Any) -> str:
    """Text that goes into a mail header: a CR or LF would start a header of its own."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    if _CONTROL.search(value):
        raise ValueError(f"must not contain line breaks or other control characters: {value!r}")
    return value


def check_address(value: Any) -> str:
    """One email address, bare or with a display name; never two, never a header injection."""
    text = check_header_text(value).strip()
    _, address = parseaddr(text)
    if len(getaddresses([text])) != 1 or not _ADDRESS.match(address):
        raise ValueError(f"expected an email address such as news@example.com, got {text!r}")
    return text


HeaderText = Annotated[str, BeforeValidator(check_header_text)]
EmailAddress = Annotated[str, BeforeValidator(check_address)]


class _Strict(BaseModel):
    # .inf and .nan are valid YAML floats: a timeout or delay of either hangs or spins
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _PlacedError(ValueError):
    """A check across several keys, pointing at the key the user has to change."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


class Limits(_Strict):
    """Politeness and safety limits; the defaults suit real outlets."""

    max_response_bytes: int = Field(5_000_000, gt=0)
    connect_timeout: Duration = 10.0
    read_timeout: Duration = 20.0
    total_timeout: Duration = 60.0  # one request
    item_timeout: Duration = 180.0  # one URL: robots.txt, every redirect and retry, included
    pass_timeout: Duration = 600.0  # one pass; what is left is taken up by the next
    extraction_timeout: Duration = 20.0  # one page in an extraction worker
    max_redirects: int = Field(5, ge=0, le=20)
    per_host_concurrency: int = Field(2, ge=1, le=32)
    per_host_delay: float = Field(1.0, ge=0)
    total_concurrency: int = Field(16, ge=1, le=256)
    max_retries: int = Field(3, ge=0, le=10)
    backoff_base: float = Field(1.0, ge=0)
    max_retry_after: Duration = 300.0
    max_articles_per_feed: int = Field(100, ge=1)
    max_pending_attempts: int = Field(3, ge=1)


class Smtp(_Strict):
    """Where the digest is sent from. The password is never in this file: `password_env`
    names the environment variable that holds it."""

    host: str = "localhost"
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None  # read only when `username` is set
    connect_timeout: Duration = 10.0  # a server that does not answer a connection by then is down
    timeout: Duration = 30.0  # every later reply, the one after the message included
    retries: int = Field(3, ge=0, le=10)
    retry_delay: Duration = 5.0


class OtherStories(_Strict):
    """A last digest section for stories no topic covers but many outlets do (off by default:
    the digest is about the analyst's topics)."""

    enabled: bool = False
    min_sources: int = Field(3, ge=1)

    @property
    def threshold(self) -> int | None:
        """The outlets a story needs to be shown; None when the section is off."""
        return self.min_sources if self.enabled else None


class Digest(_Strict):
    """The morning email."""

    to: list[EmailAddress] = []
    sender: EmailAddress = "aggregator@localhost"
    subject: HeaderText = "News digest"
    time: str = Field("07:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    topics: list[str] = []  # empty: every topic
    per_topic_limit: int = Field(15, ge=1)
    when_empty: Literal["send", "skip"] = "send"
    lead_sentences: int = Field(3, ge=1, le=6)
    other_stories: OtherStories = OtherStories()


class Scheduler(_Strict):
    """How `aggregator run` paces itself."""

    tick: Duration = 30.0  # how often it looks for sources that are due
    adaptive: bool = True  # poll busy outlets more often, quiet ones less
    min_interval: Duration = 600.0
    max_interval: Duration = 6 * 3600.0
    max_backoff: Duration = 24 * 3600.0  # longest wait after repeated failures
    jitter: float = Field(0.1, ge=0, le=0.5)
    digest_grace: Duration = 3 * 3600.0  # a digest missed by less than this is still sent


class Retention(_Strict):
    """How long records that only grow are kept (articles are kept for ever)."""

    fetch_log: Duration = 30 * 86400.0  # one row per HTTP request: ~600 a pass over 100 outlets


class Settings(_Strict):
    database: str = DEFAULT_DB
    contact_url: str = "https://github.com/newsroom-ci/aggregator"
    # false, true, or a list of networks (CIDR) that are allowed, e.g. ["127.0.0.0/8"]
    allow_private_addresses: bool | list[str] = False
    respect_robots: bool = True
    timezone: str = "UTC"
    extraction_workers: int | None = Field(None, ge=1, le=64)
    story_window: Duration = 72 * 3600.0
    limits: Limits = Limits()
    smtp: Smtp = Smtp()
    digest: Digest = Digest()
    scheduler: Scheduler = Scheduler()
    retention: Retention = Retention()

    @field_validator("allow_private_addresses")
    @classmethod
    def _networks(cls, value: bool | list[str]) -> bool | list[str]:
        if isinstance(value, list):
            for network in value:
                try:
                    ipaddress.ip_network(network, strict=False)
                except ValueError as exc:
                    raise ValueError(
                        f"expected a network such as 127.0.0.0/8, got {network!r}"
                    ) from exc
        return value

    def private_networks(self) -> bool | list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """What the HTTP client may reach among private addresses: nothing, all, or these."""
        if isinstance(self.allow_private_addresses, bool):
            return self.allow_private_addresses
        return [ipaddress.ip_network(n, strict=False) for n in self.allow_private_addresses]

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use e.g. Europe/Berlin)") from exc
        return value


@functools.lru_cache(maxsize=256)
def css_xpath(selector: str) -> str:
    """A CSS selector as the XPath lxml and trafilatura's `prune_xpath` run (from the root)."""
    return HTMLTranslator().css_to_xpath(selector)


def check_css_selector(selector: str) -> str:
    try:
        css_xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"not a CSS selector: {selector!r} ({exc})") from None
    return selector


CssSelector = Annotated[str, BeforeValidator(check_css_selector)]


class ExtractionHints(_Strict):
    """Per-outlet hints handed to the extractor: data, not `if host == ...` code."""

    favor: Literal["balanced", "precision", "recall"] = "balanced"
    prune_xpath: list[str] = []
    body_selector: CssSelector | None = None  # the article body, when the outlet needs it
    drop_selectors: list[CssSelector] = []  # page parts to drop before extraction
    min_words: int = Field(60, ge=0)


class Source(_Strict):
    name: str = Field(min_length=1)
    feeds: list[HttpUrl] = Field(min_length=1)
    poll_interval: Duration = 1800.0
    extraction: ExtractionHints = ExtractionHints()

    @field_validator("feeds", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


def _check_terms(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of words or phrases, got {value!r}")
    return [check_term(term) for term in value]


Terms = Annotated[list[str], BeforeValidator(_check_terms)]
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class NearRule(_Strict):
    """`[word, [partner, …], distance]`: the word counts where a partner is that close."""

    word: str
    partners: Terms
    distance: int = Field(ge=1, le=100)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 3:
                raise ValueError(
                    "expected [word, [words near it], distance], e.g. [xiaomi, [car, ev], 8]"
                )
            word, partners, distance = value
            partners = [partners] if isinstance(partners, str) else partners
            return {"word": word, "partners": partners, "distance": distance}
        return value

    @field_validator("word", mode="before")
    @classmethod
    def _term(cls, value: Any) -> str:
        return check_term(value)


class Topic(_Strict):
    """A topic is either a search `query` (FTS5 syntax, every match tagged), or `terms` with
    rules that say how much of them makes an article about the topic (see `relevance`)."""

    name: str = Field(min_length=1)
    query: str | None = Field(None, min_length=1)
    terms: Terms = []
    aliases: dict[str, Terms] = {}
    near: list[NearRule] = []
    require: Literal["anywhere", "title", "lead", "title_or_lead"] = "anywhere"
    min_mentions: int = Field(1, ge=1)
    exclude: str | Terms | None = None
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0, le=1)
    sources: list[str] = []

    @field_validator("query")
    @classmethod
    def _valid_search_query(cls, value: str | None) -> str | None:
        return None if value is None else _checked_query(value)

    @field_validator("exclude", mode="before")
    @classmethod
    def _exclude_query_or_terms(cls, value: Any) -> Any:
        return _checked_query(value) if isinstance(value, str) else value

    @field_validator("aliases")
    @classmethod
    def _language_codes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for language in value:
            if not _LANGUAGE.match(language):
                raise ValueError(f"expected a language code such as zh or de, got {language!r}")
        return value

    @model_validator(mode="after")
    def _query_or_terms(self) -> Topic:
        rules = {
            key: getattr(self, key) != Topic.model_fields[key].default
            for key in ("terms", "aliases", "near", "require", "min_mentions", "threshold")
        }
        if self.query is not None:
            for key, given in rules.items():
                if given:
                    raise _PlacedError(
                        (key,), f"topic {self.name!r} has a query: {key} applies to terms only"
                    )
        elif not (self.terms or self.aliases or self.near):
            raise _PlacedError(
                ("terms",), f"topic {self.name!r} needs terms (or near, aliases) or a query"
            )
        return self

    def definition(self) -> dict[str, Any]:
        """Everything that decides what the topic tags, for its stored hash."""
        return self.model_dump(mode="json", exclude={"name"})


def _checked_query(value: str) -> str:
    try:
        return check_query(value)
    except QueryError as exc:
        raise ValueError(str(exc)) from exc


class Config(_Strict):
    settings: Settings = Settings()
    sources: list[Source] = Field(min_length=1)
    topics: list[Topic] = []

    @model_validator(mode="after")
    def _unique_names_and_known_sources(self) -> Config:
        _reject_duplicates([s.name for s in self.sources], "sources", "source name")
        _reject_duplicates([t.name for t in self.topics], "topics", "topic name")
        self._reject_shared_feeds()
        known = {s.name for s in self.sources}
        topic_names = {t.name for t in self.topics}
        for index, name in enumerate(self.settings.digest.topics):
            if name not in topic_names:
                raise _PlacedError(
                    ("settings", "digest", "topics", index), f"unknown topic {name!r}"
                )
        for index, topic in enumerate(self.topics):
            for position, name in enumerate(topic.sources):
                if name not in known:
                    raise _PlacedError(
                        ("topics", index, "sources", position), f"unknown source {name!r}"
                    )
        return self

    def _reject_shared_feeds(self) -> None:
        """A feed belongs to one source: listed twice, it would be polled twice and its
        articles and health filed under whichever source comes last."""
        owner: dict[str, str] = {}
        for index, source in enumerate(self.sources):
            for position, url in enumerate(source.feeds):
                if url in owner:
                    raise _PlacedError(
                        ("sources", index, "feeds", position),
                        f"feed {url} is already listed in source {owner[url]!r}",
                    )
                owner[url] = source.name

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def _reject_duplicates(names: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise _PlacedError((where, index, "name"), f"duplicate {what} {name!r}")
        seen.add(name)


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise `ConfigError` with a one-line message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found (use --config PATH)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_config(text, str(path))


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word: a second `settings:` silently
    replaced the first (moving the database, resetting allow_private_addresses). YAML itself
    says mapping keys are unique, so a repeated one is invalid YAML."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults` then overriding a key is what merging is for
            key = self.construct_object(key_node, deep=True)
            try:
                earlier = first.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: SafeLoader reports it
            if earlier is not key_node:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key {key!r} (first on line {earlier.start_mark.line + 1})",
                    problem_mark=key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def parse_config(text: str, filename: str = "sources.yaml") -> Config:
    try:
        loader = _UniqueKeyLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{filename}{where}: invalid YAML: {problem}") from exc
    if not isinstance(data, dict):
        raise ConfigError(
            f"{filename}: expected a mapping with 'sources' (and 'topics', 'settings')"
        )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, root, filename, data)) from exc


def _describe(
    exc: ValidationError, root: yaml.Node | None, filename: str, data: dict[str, Any]
) -> str:
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    cause = error.get("ctx", {}).get("error")
    loc = list(error["loc"]) + (list(cause.path) if isinstance(cause, _PlacedError) else [])
    loc = [p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "list[")))]
    line = _line_of(root, loc)
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key (check the spelling)"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "finite_number":
        message = f"expected a finite number, got {error['input']!r}"
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    key = _key_path(loc) or "(top level)"
    named = _entry_named(data, loc)
    if named:
        key = f"{key} ({named})"
    return f"{filename}{f':{line}' if line else ''}: {key}: {message}{suffix}"


_NAMED_LISTS = {"topics": "topic", "sources": "source"}


def _entry_named(data: dict[str, Any], loc: list[Any]) -> str | None:
    """The topic or source an error is in ("topic 'Model Y'"): known by name, not position."""
    if len(loc) < 2 or loc[0] not in _NAMED_LISTS or not isinstance(loc[1], int):
        return None
    entries = data.get(loc[0])
    entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"{_NAMED_LISTS[loc[0]]} {name!r}" if isinstance(name, str) else None


def _key_path(loc: list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: yaml.Node | None, loc: list[Any]) -> int | None:
    """Follow the key path through the YAML node tree to the deepest line we can name."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
