"""Search and topic-tagging speed on a large archive: the figures behind the p95 ≤ 50 ms target.

Search is the one interactive path of the aggregator: a person types `aggregator search …` and
waits. Its cost grows with the archive (BM25 scores every match in the rows it looks at), so
this measures it where it hurts — an archive of N articles (default 200,000, about two years
of a busy watch list) — instead of on the test suite's dozens of rows. Re-tagging topics
(`aggregator topics retag`) runs every topic query over the whole archive, so its rate is
measured here too.

The archive is synthetic but shaped like the real thing:

* titles of 8–14 words and bodies of 150–600 words drawn from a Zipf-distributed vocabulary
  (a few hundred common English words, then a long tail of ~45,000 rare words), mixed with a
  domain lexicon (Tesla, BYD, Xiaomi SU7/YU7, NIO, Li Auto, XPeng, legacy carmakers, tech and
  markets, people and places) according to each article's theme — so "tesla" or "battery"
  match a third or more of the rows while a rare word matches a few hundred;
* 30 sources (the ones in sources.yaml and 23 more) with theme affinities, published_at
  increasing with the id over two years (as in a real archive), stories of 1–6 consecutive
  articles from different outlets sharing key words, so story collapsing has work to do.

Rows are bulk-inserted straight into `sources`, `stories` and `articles` (the schema comes from
`store.open_db`, and its triggers fill the FTS5 index), while a worker process generates text.

Then it prints:

1. the build time (skipped when --db names an existing benchmark database),
2. the tagging rate of 20 topics (sources.yaml's and 17 more) applied with
   `store.retag_topic`: articles × topics / seconds, and the seconds of each topic,
3. for 21 representative searches through `aggregator.search.search` — the exact code the
   CLI's `aggregator search` runs — matches returned, p50 and p95 latency over the timed runs,
   how many ranking windows the search needed and how many FTS matches it had to score;
   then p50/p95 over all timed runs against the 50 ms target, and for every query over the
   target its query plan,
4. the SQLite/FTS5 versions and the database size.

    python benchmarks/search.py                       # 200,000 articles in a temp dir
    python benchmarks/search.py --articles 20000
    python benchmarks/search.py --db /tmp/search-bench.db   # built once, reused on reruns

Searches run on a fresh connection opened with `store.open_db` (the CLI's settings, 2 MB page
cache), warmed up before timing: the figures are those of a warm OS page cache.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import itertools
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from aggregator import search as search_module  # noqa: E402
from aggregator import store  # noqa: E402
from aggregator.config import load_config  # noqa: E402
from aggregator.dates import resolve_since, to_iso  # noqa: E402
from aggregator.search import SearchRequest  # noqa: E402
from aggregator.stems import stem_values  # noqa: E402
from aggregator.topics import TopicRule, check_query, rules  # noqa: E402

TARGET_P95_MS = 50.0
SPAN_DAYS = 730
BATCH = 2_000  # articles generated per worker task
COMMIT_EVERY = 20_000  # articles per transaction

# -- vocabulary ----------------------------------------------------------------------------

# The head of an English news vocabulary, roughly in frequency order (Zipf rank 1, 2, …).
COMMON = """
the of to and a in that is for on said it with as was he by at from be his are have has
an not but this its they will were had or their who been more would about which after new
she one her year also we can up there than two over all when first could last people out
into some other like just what so years percent time if company because while i million
them our those only no government since most before told do may these police state week
under where three many world both any did being back then market billion should through
off says made such how even own during group him report between against country president
day including well still officials very make according much next down now several cars
four early around second months later take five best home city another part news top work
get due among high public think month set car plan way way long today former use market
national end help going each business local support price prices sales growth data know
group already service same least used without based global well economic higher low power
major chief executive recent expected late says past good less likely around told deal
show industry far four plans lower called added statement across came half big around
number within foreign near rise demand rose fell share shares investors quarter production
model models electric vehicle vehicles brand brands launch launched new order orders
customers supply chain cost costs sold buy buyers range mile miles kilometers energy
system systems software update technology network users online video app phone 2024 2025
2026 10 20 30 50 100 1 2 3 5 000
"""

# -- the domain lexicon --------------------------------------------------------------------


def lexicon(spec: str) -> list[tuple[str, float]]:
    """Parse `term=weight, term=weight, …` (terms may contain spaces)."""
    pairs = [item.rsplit("=", 1) for item in " ".join(spec.split()).split(", ")]
    return [(term.strip(), float(weight)) for term, weight in pairs]


EV_TERMS = lexicon("""
battery=10, batteries=4, charging=6, charging stations=1, price=6, prices=4, price cut=2,
price cuts=1, price war=1.5, deliveries=5, delivered=2, recall=2, recalls=1, recalled=1,
factory=3, factories=1, production=4, sales=5, registrations=1.5, range=3,
electric vehicle=4, electric vehicles=3, EV=6, EVs=4, lidar=0.5, solid-state=0.4,
sodium-ion=0.2, LFP=0.6, CATL=1, autonomous=1, self-driving=1, software update=0.6,
quarter=3, Q3=0.8, Q2=0.8, subsidy=0.6, subsidies=0.5, tariff=0.8, tariffs=1, discount=0.8,
market share=1, SUV=2, sedan=1.5, hybrid=1.5, plug-in=0.8, dealers=1, showroom=0.4,
gigafactory=0.3, revenue=1, profit=0.8, margins=0.8, earnings=0.7, quarterly results=0.2,
chip=0.5, total recall=0.02, car=6, cars=4, automaker=3, automakers=2, carmaker=1.5,
electric=4, China=4, Chinese=3, Norway=0.5, Germany=1, Europe=1.5, EU=1
""")

PEOPLE = """Sarah Chen|Michael Wong|David Park|Emma Schmidt|Li Wei|Zhang Min|James Carter|Anna
Müller|Carlos Rivera|Priya Nair|Tom Becker|Laura Rossi|Kenji Tanaka|Olivia Brown|Wang Fang|
Lucas Martin|Fatima Khan|Peter Novak|Sofia García|Daniel Kim|Chen Jing|Robert Fischer|Mei
Lin|Hannah Weber|Ahmed Hassan|Julia Costa|Mark Thompson|Yuki Sato|Elena Petrova|Ryan
O'Connor|Liu Yang|Grace Lee|Marco Bianchi|Nina Johansson|Victor Dubois|Isabel Ortiz|Zhou
Xin|Ben Walker|Clara Hoffmann|Samuel Osei""".replace("\n", " ").split("|")
PLACES = """Shanghai|Beijing|Shenzhen|Hefei|Guangzhou|Hangzhou|Wuhan|Berlin|Munich|Paris|
London|Oslo|Amsterdam|Brussels|Detroit|Austin|Fremont|Palo Alto|San Francisco|New York|
Washington|Texas|California|Nevada|Mexico|Brazil|Thailand|Indonesia|Hungary|Turkey|Tokyo|
Seoul|Singapore|Sydney|Toronto|Dubai|India|Norway|Germany|Europe""".replace("\n", "").split("|")


@dataclass
class Theme:
    name: str
    weight: float  # share of stories
    terms: list[tuple[str, float]]
    ev_share: float  # share of body tokens from EV_TERMS
    term_share: float = 0.06  # share of body tokens from `terms`
    tesla_mention: float = 0.0  # chance that an article of another theme brings Tesla up


THEMES = [
    Theme("tesla", 0.19, lexicon("""
        Tesla=30, Elon Musk=8, Musk=8, Model Y=7, Model 3=5, Cybertruck=3, robotaxi=2.5,
        Supercharger=2, Superchargers=1, Giga Berlin=1, Giga Shanghai=1, Giga Texas=0.8,
        FSD=2.5, Autopilot=2, Model S=1, Model X=1, Juniper=0.8, Model Y L=0.3, Optimus=0.6,
        Austin=1, Full Self-Driving=0.8"""), ev_share=0.06),
    Theme("byd", 0.11, lexicon("""
        BYD=30, Seal=3, Dolphin=2.5, Song=2, Qin=2, Han=1.5, Atto 3=2, Blade battery=1.5,
        Shenzhen=2, Wang Chuanfu=1.5, Denza=1, Yangwang=0.6, Sealion 7=1, Shark=0.6,
        比亚迪=0.3"""), ev_share=0.06, tesla_mention=0.3),
    Theme("xiaomi_ev", 0.07, lexicon("""
        Xiaomi=30, SU7=12, YU7=6, Lei Jun=5, SU7 Ultra=2, Xiaomi EV=2, Xiaomi Auto=2,
        Beijing=3, HyperOS=1, 小米汽车=0.3, Yizhuang=0.5"""), ev_share=0.06, tesla_mention=0.35),
    Theme("xiaomi_phone", 0.03, lexicon("""
        Xiaomi=30, smartphone=8, smartphones=5, Redmi=5, HyperOS=3, Xiaomi 15=3, Lei Jun=3,
        Android=3, camera=3, Snapdragon=2, TV=1, Xring=1"""), ev_share=0.0),
    Theme("nio", 0.05, lexicon("""
        NIO=30, William Li=4, Onvo=4, Firefly=3, battery swap=4, battery swapping=2, Hefei=2,
        ET5=2, ES6=2, ET9=1, NOP=0.5"""), ev_share=0.06, tesla_mention=0.3),
    Theme("li_auto", 0.04, lexicon("""
        Li Auto=30, Li Xiang=3, Li L6=3, Li L9=2, Li MEGA=2, Li i8=1.5, Li i6=1, EREV=3,
        extended-range=3, Changzhou=0.6"""), ev_share=0.06, tesla_mention=0.3),
    Theme("xpeng", 0.04, lexicon("""
        XPeng=30, He Xiaopeng=4, Mona M03=3, G6=2, P7=2, G9=1.5, flying car=1.5, Aridge=0.5,
        XNGP=1, Volkswagen=1"""), ev_share=0.06, tesla_mention=0.3),
    Theme("legacy", 0.10, lexicon("""
        Volkswagen=6, VW=3, Toyota=6, GM=5, General Motors=3, Ford=6, Stellantis=4, Hyundai=4,
        Kia=3, BMW=4, Mercedes=4, Mercedes-Benz=2, Rivian=3, Lucid=2, Honda=3, Nissan=3,
        Porsche=2, Volvo=2, Polestar=1.5, Mustang Mach-E=1, F-150 Lightning=1, Detroit=2,
        Wolfsburg=1, Stuttgart=1, UAW=1"""), ev_share=0.06, tesla_mention=0.3),
    Theme("tech", 0.13, lexicon("""
        Apple=6, iPhone=3, Nvidia=5, Google=5, Microsoft=5, OpenAI=4, AI=10,
        artificial intelligence=3, chip=4, chips=4, semiconductor=2, Samsung=3, TSMC=2, Meta=3,
        Amazon=3, cloud=3, data center=2, software=4, startup=3, Sam Altman=1.5,
        Jensen Huang=1.5, Huawei=2, smartphone=2, app=2, Silicon Valley=1"""),
        ev_share=0.015, tesla_mention=0.1),
    Theme("markets", 0.13, lexicon("""
        stock=5, shares=6, investors=5, Wall Street=3, Nasdaq=2, S&P 500=2, earnings=4,
        revenue=4, profit=3, interest rates=3, Federal Reserve=2, Fed=2, inflation=3, tariff=3,
        tariffs=4, Trump=4, White House=2, Washington=2, Brussels=1.5, EU=3,
        European Commission=1.5, Beijing=2, trade=4, trade war=1.5, economy=3, analysts=3,
        quarterly results=0.6"""), ev_share=0.03, tesla_mention=0.1),
    Theme("general", 0.11, lexicon("""
        election=3, court=3, police=2, weather=2, storm=1, football=1, hospital=1, school=2,
        city=3, council=1, Supreme Court=1"""), ev_share=0.0, term_share=0.03),
]  # fmt: skip
THEME_MAIN = {
    "tesla": "Tesla",
    "byd": "BYD",
    "xiaomi_ev": "Xiaomi",
    "xiaomi_phone": "Xiaomi",
    "nio": "NIO",
    "li_auto": "Li Auto",
    "xpeng": "XPeng",
}
EVENTS = {  # what a story is about, "|"-separated
    "ev": "recall|deliveries|price cut|new factory|launch|sales record|earnings|investigation|"
    "software update|tariff|battery deal|crash probe|orders|layoffs|expansion|lawsuit",
    "other": "earnings|lawsuit|launch|deal|investigation|layoffs|ruling|outage|vote|merger|"
    "forecast|record",
}
EV_THEMES = {"tesla", "byd", "xiaomi_ev", "nio", "li_auto", "xpeng", "legacy"}
CHINA_EV = {"byd", "xiaomi_ev", "nio", "li_auto", "xpeng"}
NON_EV = {"tech", "markets", "general", "xiaomi_phone"}


def _outlets(spec: str, affinity: dict[str, float]) -> list[tuple[str, float, dict[str, float]]]:
    return [(name, weight, affinity) for name, weight in lexicon(spec)]


# (name, publishing weight, theme affinities); the first seven are sources.yaml's outlets.
SOURCES: list[tuple[str, float, dict[str, float]]] = [
    *_outlets("Business Insider=3", {"markets": 2, "tech": 2, "general": 2}),
    *_outlets("Teslarati=2", {"tesla": 8} | dict.fromkeys(NON_EV | CHINA_EV | {"legacy"}, 0.2)),
    *_outlets("AOL=3", {"general": 3, "markets": 2}),
    *_outlets(
        "Electrek=2.5, InsideEVs=2", dict.fromkeys(EV_THEMES, 3.0) | dict.fromkeys(NON_EV, 0.1)
    ),
    *_outlets(
        "CnEVPost=2, CarNewsChina=1.5",
        dict.fromkeys(CHINA_EV, 6.0) | dict.fromkeys(NON_EV, 0.05),
    ),
    *_outlets(
        "Reuters=4, Bloomberg=3.5, CNBC=2.5, Financial Times=2, Wall Street Journal=2, "
        "Yahoo Finance=2, Nikkei Asia=1, Caixin Global=1, South China Morning Post=1.5",
        {"markets": 3},
    ),
    *_outlets(
        "The Verge=2, TechCrunch=1.5, Engadget=1, Ars Technica=1, Wired=0.8",
        {"tech": 4, "xiaomi_phone": 3, "markets": 0.3, "general": 0.2},
    ),
    *_outlets(
        "Autocar=1, Car and Driver=1, MotorTrend=1, Jalopnik=0.8, Automotive News=1.2, "
        "Top Gear=0.6, Green Car Reports=0.6, CleanTechnica=1, Gasgoo=0.8",
        {"legacy": 3} | dict.fromkeys(EV_THEMES - {"legacy"}, 1.5) | dict.fromkeys(NON_EV, 0.1),
    ),
]


# -- text generation -----------------------------------------------------------------------


class Corpus:
    """Vocabulary and weights, all derived from the seed (so a db can be described again)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        head = list(dict.fromkeys(COMMON.split()))
        reserved = {w.lower() for w in head}
        for theme in THEMES:
            reserved |= {p.lower() for term, _ in theme.terms for p in term.split()}
        reserved |= {p.lower() for term, _ in EV_TERMS for p in term.split()}
        reserved |= {p.lower() for name in PEOPLE + PLACES for p in name.split()}
        onsets = "b|c|d|f|g|h|j|k|l|m|n|p|r|s|t|v|w|z|br|ch|cl|dr|fl|gr|pl|pr|sh|st|th|tr"
        vowels = "a|e|i|o|u|a|e|i|o|ai|ea|ou|io"
        codas = "||||||n|r|s|t|l|m|nd|rt|st|ng"
        tail: dict[str, None] = {}
        while len(tail) < 45_000:
            word = "".join(
                rng.choice(onsets.split("|"))
                + rng.choice(vowels.split("|"))
                + rng.choice(codas.split("|"))
                for _ in range(rng.choice((2, 2, 3, 3, 4)))
            )
            if word not in reserved:
                tail.setdefault(word, None)
        self.words = head + list(tail)
        # Zipf–Mandelbrot: weight of rank r ∝ 1 / (r + 2.7)
        self.word_weights = [1.0 / (rank + 2.7) for rank in range(1, len(self.words) + 1)]
        self.pools: dict[str, tuple[list[str], list[float]]] = {}
        for theme in THEMES:
            self.pools[theme.name] = self._pool(theme)
        self.rare = self.words[3_000:]  # story key words come from the long tail

    def _pool(self, theme: Theme) -> tuple[list[str], list[float]]:
        parts: list[tuple[list[tuple[str, float]], float]] = [
            (list(zip(self.words, self.word_weights, strict=True)), 0.0),
            (theme.terms, theme.term_share),
            (EV_TERMS, theme.ev_share),
            ([(p, 1.0) for p in PEOPLE], 0.006),
            ([(p, 1.0) for p in PLACES], 0.01),
        ]
        general_share = 1.0 - sum(share for _, share in parts)
        parts[0] = (parts[0][0], general_share)
        words: list[str] = []
        weights: list[float] = []
        for entries, share in parts:
            total = sum(w for _, w in entries)
            for term, w in entries:
                words.append(term)
                weights.append(share * w / total)
        return words, list(itertools.accumulate(weights))

    def narrow_words(self, count: int) -> list[str]:
        """Rare words, each in a few hundred rows of a 200k archive."""
        return self.words[25_000 : 25_000 + count]


_CORPUS: Corpus | None = None


def _init_worker(seed: int) -> None:
    global _CORPUS
    _CORPUS = Corpus(seed)


def _sentences(rng: random.Random, words: list[str]) -> str:
    paragraphs: list[str] = []
    sentences: list[str] = []
    pos = 0
    while pos < len(words):
        size = rng.randint(8, 24)
        text = " ".join(words[pos : pos + size])
        sentences.append(text[:1].upper() + text[1:] + ".")
        pos += size
        if len(sentences) >= rng.randint(3, 6):
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _title_case(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


@dataclass
class BatchSpec:
    seed: int
    index: int
    first_id: int  # ids first_id … first_id + count - 1
    count: int
    total: int
    start: datetime
    source_ids: dict[str, int] = field(default_factory=dict)


def generate_batch(spec: BatchSpec) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(story rows, article rows) for one batch of consecutive ids.

    Stories are runs of 1–6 consecutive articles; a story's id is its first article's id, so
    batches need no coordination (a story never crosses a batch)."""
    corpus = _CORPUS
    assert corpus is not None
    rng = random.Random(spec.seed * 1_000_003 + spec.index)
    theme_cum = list(itertools.accumulate(t.weight for t in THEMES))
    spacing = SPAN_DAYS * 86_400 / spec.total  # seconds between consecutive articles
    source_cum = {
        theme.name: list(
            itertools.accumulate(w * aff.get(theme.name, 1.0) for _, w, aff in SOURCES)
        )
        for theme in THEMES
    }
    source_names = [name for name, _, _ in SOURCES]
    stories: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    article_id = spec.first_id
    end = spec.first_id + spec.count
    while article_id < end:
        size = min(rng.choice((1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6)), end - article_id)
        theme = rng.choices(THEMES, cum_weights=theme_cum)[0]
        pool, cum = corpus.pools[theme.name]
        events = EVENTS["ev" if theme.name in EV_THEMES else "other"].split("|")
        event = rng.choice(events)
        keys = rng.sample(corpus.rare, rng.choice((1, 2, 2, 3)))
        main = THEME_MAIN.get(theme.name) or rng.choices(theme.terms)[0][0]
        place = rng.choice(PLACES)
        outlets: list[str] = []
        for _ in range(size):
            name = rng.choices(source_names, cum_weights=source_cum[theme.name])[0]
            outlets.append(name)
        story_id = article_id
        first_seen = last_seen = ""
        headline = ""
        for offset in range(size):
            aid = article_id + offset
            when = spec.start + timedelta(seconds=(aid - 1) * spacing + rng.random() * spacing)
            fetched = when + timedelta(seconds=rng.randint(60, 1_800))
            published = None if rng.random() < 0.005 else to_iso(when)
            fetched_iso = to_iso(fetched)
            # title: the story's words plus some of its own
            title_words = [*event.split(), *keys]
            if rng.random() < 0.4:
                title_words.append(place)
            lead = [main] if rng.random() < 0.8 else []
            wanted = rng.randint(8, 14) - len(title_words) - len(lead)
            title_words += rng.choices(pool, cum_weights=cum, k=max(2, wanted))
            rng.shuffle(title_words)
            title = _title_case(lead + title_words)
            # body
            length = rng.randint(150, 600)
            words = rng.choices(pool, cum_weights=cum, k=length)
            for term in [*keys, event, main, place] * rng.randint(1, 3):
                words[rng.randrange(length)] = term
            if theme.tesla_mention and rng.random() < theme.tesla_mention:
                for _ in range(rng.randint(1, 3)):
                    words[rng.randrange(length)] = "Tesla"
                if rng.random() < 0.3:
                    words[rng.randrange(length)] = "Model Y"
            text = _sentences(rng, words)
            source = outlets[offset]
            host = source.lower().replace(" ", "") + ".example"
            slug = "-".join(title.lower().split()[:8])
            url = f"https://{host}/{when:%Y/%m}/{slug}-{aid}"
            articles.append(
                (
                    aid,
                    url,
                    url,
                    f"{host}:{aid}",
                    spec.source_ids[source],
                    title,
                    rng.choice(PEOPLE),
                    published,
                    fetched_iso,
                    "en",
                    source,
                    text,
                    text[:200],
                    len(words),
                    "ok",
                    hashlib.sha1(text.encode()).hexdigest(),
                    story_id,
                    title,
                    fetched_iso,
                    *stem_values(title, text, "en").values(),  # the index's word forms
                )
            )
            if offset == 0:
                first_seen, headline = published or fetched_iso, title
            last_seen = published or fetched_iso
        stories.append(
            (story_id, headline, story_id, first_seen, last_seen, size, len(set(outlets)))
        )
        article_id += size
    return stories, articles


ARTICLE_COLUMNS = (
    "id, url, canonical_url, guid, source_id, title, author, published_at, fetched_at, "
    "language, sitename, text, description, word_count, extraction_status, content_hash, "
    "story_id, entry_title, updated_at, title_stem, text_stem"
)


def build(path: Path, articles: int, seed: int, workers: int) -> float:
    """Create the benchmark database at `path`; returns the seconds it took."""
    started = time.perf_counter()
    db = store.open_db(path)
    conn = db.conn
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB while building: FTS segment merges
    now = to_iso(datetime.now(UTC))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO sources (name, poll_interval, created_at) VALUES (?, 1800, ?)",
        [(name, now) for name, _, _ in SOURCES],
    )
    conn.execute("CREATE TABLE benchmark_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany(
        "INSERT INTO benchmark_meta VALUES (?, ?)",
        [("seed", str(seed)), ("articles", str(articles))],
    )
    conn.execute("COMMIT")
    source_ids = {name: int(i) for name, i in conn.execute("SELECT name, id FROM sources")}
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    start = end - timedelta(days=SPAN_DAYS)
    specs = [
        BatchSpec(seed, index, first, min(BATCH, articles - first + 1), articles, start, source_ids)
        for index, first in enumerate(range(1, articles + 1, BATCH))
    ]
    context = multiprocessing.get_context("fork")
    done = 0
    with context.Pool(workers, initializer=_init_worker, initargs=(seed,)) as pool:
        conn.execute("BEGIN")
        for stories, rows in pool.imap(generate_batch, specs):
            conn.executemany(
                "INSERT INTO stories (id, headline, headline_article_id, first_seen, last_seen, "
                "article_count, source_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
                stories,
            )
            conn.executemany(
                f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES "
                f"({', '.join('?' * len(ARTICLE_COLUMNS.split(',')))})",
                rows,
            )
            done += len(rows)
            if done % COMMIT_EVERY == 0 or done == articles:
                conn.execute("COMMIT")
                elapsed = time.perf_counter() - started
                print(
                    f"  {done:>9,} articles  {elapsed:6.1f} s  ({done / elapsed:,.0f}/s)",
                    flush=True,
                )
                if done < articles:
                    conn.execute("BEGIN")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - started


# -- topics --------------------------------------------------------------------------------

EXTRA_TOPICS = [
    TopicRule("BYD", 'byd OR denza OR yangwang OR "wang chuanfu" OR "blade battery"', None, ()),
    TopicRule("NIO", 'nio OR onvo OR firefly OR "william li" OR "battery swap"*', None, ()),
    TopicRule(
        "Li Auto", '"li auto" OR "li xiang" OR "li l6" OR "li l9" OR "li mega" OR erev', None, ()
    ),
    TopicRule("XPeng", 'xpeng OR "he xiaopeng" OR "mona m03" OR xngp', None, ()),
    TopicRule("Recalls", "recall OR recalls OR recalled", '"total recall"', ()),
    TopicRule(
        "Price war",
        '"price war" OR "price cut" OR "price cuts" OR NEAR(price discount, 5)',
        None,
        (),
    ),
    TopicRule(
        "Batteries",
        'battery OR batteries OR catl OR lfp OR "solid state" OR "sodium ion"',
        None,
        (),
    ),
    TopicRule("Charging", "charg* OR supercharger*", None, ()),
    TopicRule(
        "Autonomy",
        'fsd OR autopilot OR robotaxi OR "self driving" OR autonomous OR lidar',
        None,
        (),
    ),
    TopicRule(
        "EV tariffs", 'tariff* AND (ev OR evs OR "electric vehicle" OR china OR eu)', None, ()
    ),
    TopicRule(
        "Deliveries", "title:deliveries OR title:sales OR NEAR(deliveries quarter, 10)", None, ()
    ),
    TopicRule(
        "Factories",
        'factory OR factories OR gigafactory OR "giga berlin" OR "giga shanghai"',
        None,
        (),
    ),
    TopicRule(
        "Legacy EVs",
        "(volkswagen OR toyota OR gm OR ford OR stellantis OR hyundai OR bmw OR mercedes) "
        "AND (ev OR evs OR electric)",
        None,
        (),
    ),
    TopicRule("Xiaomi phones", "xiaomi NOT (su7 OR yu7 OR car OR cars)", None, ()),
    TopicRule("AI chips", "nvidia OR (ai AND chip*)", None, ()),
    TopicRule("Earnings", 'earnings OR "quarterly results" OR NEAR(revenue profit, 10)', None, ()),
    TopicRule(
        "China EV market",
        'deliveries OR registrations OR sales OR "price war"',
        None,
        ("CnEVPost", "CarNewsChina"),
    ),
]


def topic_rules() -> list[TopicRule]:
    config = load_config(ROOT / "sources.yaml")
    result = rules(config.topics) + EXTRA_TOPICS
    for rule in result:
        check_query(rule.query)
    return result


def tag_topics(db: sqlite_utils.Database, topics: list[TopicRule], articles: int) -> None:
    tagged = db.execute("SELECT COUNT(*) FROM article_topics").fetchone()[0]
    replacing = f", replacing {tagged:,} existing tags (a rerun)" if tagged else ""
    print(
        f"\nTagging {len(topics)} topics with store.retag_topic over {articles:,} articles"
        + replacing
    )
    total = 0.0
    for rule in topics:
        started = time.perf_counter()
        count = store.retag_topic(db, rule)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"  {rule.name:<16} {count:>8,} articles  {seconds:6.2f} s   {rule.query[:60]}")
    print(
        f"  total {total:.1f} s, {total / len(topics):.2f} s per topic: "
        f"{articles * len(topics) / total:,.0f} articles/s (articles × topics / seconds)"
    )


# -- searches ------------------------------------------------------------------------------


@dataclass
class Case:
    request: SearchRequest
    note: str = ""  # what it exercises


@dataclass
class Measured:
    case: Case
    hits: int
    timings: list[float]  # seconds
    windows: list[tuple[int, int]]  # (low, high] ranges search_ids was asked for
    scored: int  # FTS matches in those ranges (what BM25, highlight and snippet run on)
    statements: list[str]  # the search_ids SQL, parameters bound


def date_range(db: sqlite_utils.Database) -> tuple[datetime, datetime]:
    low, high = db.execute("SELECT MIN(published_at), MAX(published_at) FROM articles").fetchone()
    return datetime.fromisoformat(low), datetime.fromisoformat(high)


def search_cases(db: sqlite_utils.Database, narrow: list[str]) -> list[Case]:
    _, newest = date_range(db)

    def day(days_back: int) -> str:  # a date as a person types it, resolved like the CLI
        return resolve_since((newest - timedelta(days=days_back)).date().isoformat())

    s = SearchRequest
    return [
        Case(s("tesla"), "broad company name"),
        Case(s("battery"), "broad term"),
        Case(s('"model y"'), "phrase"),
        Case(s('"price war" OR "price cut"'), "phrases, OR"),
        Case(s("byd AND recall"), "AND"),
        Case(s("tesla recall camera software"), "plain words (any, most first, word forms)"),
        Case(s("xiaomi NOT (su7 OR yu7)"), "NOT"),
        Case(s('(nio OR xpeng OR "li auto") AND deliveries'), "OR list, AND"),
        Case(s("charg*"), "broad prefix"),
        Case(s("supercharg*"), "prefix"),
        Case(s("NEAR(tesla recall, 10)"), "NEAR"),
        Case(s("title:xiaomi"), "title column"),
        Case(s("title:tesla AND battery"), "title column, AND"),
        Case(s(" OR ".join(narrow)), "rare words (narrow)"),
        Case(s("battery", topic="Xiaomi EV"), "topic filter"),
        Case(s("recall", topic="Tesla"), "topic filter"),
        Case(s("tesla", sources=["CnEVPost"]), "source filter"),
        Case(
            s("deliveries", sources=["Electrek", "InsideEVs"], since=day(30)),
            "sources, last 30 days",
        ),
        Case(s("tesla", since=day(395), until=day(365)), "a month a year ago"),
        Case(s("byd", newest_first=True), "newest first"),
        Case(s('"model y"', collapse=False), "no collapse"),
    ]


def describe(request: SearchRequest) -> str:
    parts = []
    if request.topic:
        parts.append(f"topic={request.topic}")
    if request.sources:
        parts.append("source=" + ",".join(request.sources))
    if request.since:
        parts.append(f"since={request.since[:10]}")
    if request.until:
        parts.append(f"until={request.until[:10]}")
    if request.newest_first:
        parts.append("newest")
    if not request.collapse:
        parts.append("no-collapse")
    return " ".join(parts) or "-"


def instrumented(
    db: sqlite_utils.Database, request: SearchRequest
) -> tuple[list[tuple[int, int]], list[str]]:
    """One untimed run recording the windows search() asked store.search_ids for, and the
    SQL those calls ran (the module attribute is wrapped, then restored)."""
    windows: list[tuple[int, int]] = []
    statements: list[str] = []
    original: Callable[..., list[Any]] = store.search_ids

    def recording(db_: sqlite_utils.Database, query: str, **kwargs: Any) -> list[Any]:
        windows.append((kwargs["low"], kwargs["high"]))
        db_.conn.set_trace_callback(statements.append)
        try:
            return original(db_, query, **kwargs)
        finally:
            db_.conn.set_trace_callback(None)

    store.search_ids = recording  # type: ignore[assignment]
    try:
        search_module.search(db, request)
    finally:
        store.search_ids = original  # type: ignore[assignment]
    return windows, [sql for sql in statements if "bm25(" in sql]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(db: sqlite_utils.Database, case: Case, warmup: int, runs: int) -> Measured:
    request = case.request
    hits = 0
    for _ in range(warmup):
        hits = len(search_module.search(db, request))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        hits = len(search_module.search(db, request))
        timings.append(time.perf_counter() - started)
    windows, statements = instrumented(db, request)
    scored = sum(
        db.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ? "
            "AND rowid > ? AND rowid <= ?",
            [request.query, low, high],
        ).fetchone()[0]
        for low, high in windows
    )
    return Measured(case, hits, timings, windows, scored, statements)


MARKS = re.compile(r", highlight\(.*?\) AS title_marked, snippet\(.*?\) AS snippet_marked")


def best_of(db: sqlite_utils.Database, sql: str, runs: int = 3) -> float:
    """The fastest of a few runs of a statement, in ms."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        db.execute(sql).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def run_searches(db: sqlite_utils.Database, cases: list[Case], warmup: int, runs: int) -> None:
    print(
        f"\nSearches through aggregator.search.search: {warmup} warm-up + {runs} timed runs "
        "each (limit 20)"
    )
    header = (
        f"  {'#':>2} {'query':<36} {'options':<44} {'hits':>4} {'win':>3} {'scored':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7}  what"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    results: list[Measured] = []
    for number, case in enumerate(cases, 1):
        result = measure(db, case, warmup, runs)
        results.append(result)
        ms = [t * 1000 for t in result.timings]
        p95 = percentile(ms, 95)
        flag = "  SLOW" if p95 > TARGET_P95_MS else ""
        query = case.request.query
        query = query if len(query) <= 36 else query[:33] + "..."
        print(
            f"  {number:>2} {query:<36} {describe(case.request):<44} {result.hits:>4} "
            f"{len(result.windows):>3} {result.scored:>7,} {percentile(ms, 50):7.1f} "
            f"{p95:7.1f}  {case.note}{flag}",
            flush=True,
        )
    every = [t * 1000 for r in results for t in r.timings]
    p50, p95 = percentile(every, 50), percentile(every, 95)
    verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
    print(
        f"\n  all {len(every)} timed runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(every):.1f} ms — target p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict}"
    )
    print(
        f"  win = ranking windows searched (newest {search_module.FIRST_WINDOW:,} ids first, ×8 while too few results); "
        "scored = FTS matches in them"
    )
    slow = [r for r in results if percentile([t * 1000 for t in r.timings], 95) > TARGET_P95_MS]
    for result in slow:
        request = result.case.request
        print(f"\n  Over target: {request.query!r} {describe(request)}")
        for (low, high), sql in zip(result.windows, result.statements, strict=False):
            took = best_of(db, sql)
            print(f"    window ids ({low:,}, {high:,}]: its search_ids SQL takes {took:.1f} ms")
            # The same statement without the marked title and snippet shows what they cost.
            bare = MARKS.sub("", sql)
            if bare != sql:
                print(f"      {best_of(db, bare):.1f} ms without highlight() and snippet()")
            print(
                "      plan: "
                + "; ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
            )


# -- main ----------------------------------------------------------------------------------


def versions(db: sqlite_utils.Database) -> None:
    source_id = db.execute("SELECT sqlite_source_id()").fetchone()[0]
    try:
        fts5 = db.execute("SELECT fts5_source_id()").fetchone()[0]
    except sqlite3.OperationalError:
        fts5 = "?"
    print("\nVersions")
    print(f"  SQLite {sqlite3.sqlite_version} (source {source_id})")
    print(f"  FTS5 (built into SQLite; source {fts5}), tokenizer unicode61 remove_diacritics 2")
    print(
        f"  Python {sys.version.split()[0]}, sqlite-utils {importlib.metadata.version('sqlite-utils')}"
    )


def sizes(db: sqlite_utils.Database, path: Path) -> None:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(f"\nDatabase {path}: {total / 1e6:,.0f} MB on disk (with -wal/-shm)")
    try:
        rows = db.execute(
            "SELECT CASE WHEN name LIKE 'articles_fts%' THEN 'FTS5 index' "
            "WHEN name = 'articles' THEN 'articles' ELSE 'other tables and indexes' END, "
            "SUM(pgsize) FROM dbstat GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    except sqlite3.OperationalError:
        return
    for name, size in rows:
        print(f"  {name:<26} {size / 1e6:8,.0f} MB")


def existing_benchmark(path: Path) -> tuple[int, int] | None:
    """(seed, articles) of a benchmark db at `path`, or None."""
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        seed = conn.execute("SELECT value FROM benchmark_meta WHERE key = 'seed'").fetchone()
        count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()
    return (int(seed[0]), int(count[0])) if seed else None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="archive size to build")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="benchmark db to reuse if present (else built there and kept)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir's db")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per search")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs per search first")
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, min(2, (os.cpu_count() or 2) - 1)),
        help="text-generating processes while building",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    temp_dir: Path | None = None
    if args.db is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="search-bench-"))
        path = temp_dir / "bench.db"
    else:
        path = args.db.resolve()
    try:
        found = existing_benchmark(path)
        if found is None:
            if path.exists():
                sys.exit(f"{path} exists and is not a benchmark database; not touching it")
            print(f"Building {args.articles:,} articles in {path}")
            seconds = build(path, args.articles, args.seed, args.workers)
            seed, articles = args.seed, args.articles
            print(f"  built in {seconds:.1f} s ({articles / seconds:,.0f} articles/s)")
        else:
            seed, articles = found
            print(f"Reusing {path}: {articles:,} articles (seed {seed}); build skipped")
            if articles != args.articles:
                print(f"  (--articles {args.articles:,} ignored: delete the file to rebuild)")
        db = store.open_db(path)
        try:
            tag_topics(db, topic_rules(), articles)
            db.close()
            db = store.open_db(path)  # searches get a connection as the CLI opens it
            cases = search_cases(db, Corpus(seed).narrow_words(4))
            run_searches(db, cases, args.warmup, args.runs)
            versions(db)
            sizes(db, path)
        finally:
            db.close()
    finally:
        if temp_dir is not None:
            if args.keep:
                print(f"\nKept {path}")
            else:
                shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
