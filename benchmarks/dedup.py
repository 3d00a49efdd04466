"""Cost per new article of duplicate detection + story assignment, small vs large archive.

Every article that arrives (by `fetch` or `import`) is fingerprinted (content hash, MinHash,
LSH bands), checked against stored articles for copies and matched against recent stories.
`dedup.py` and `stories.py` promise that this costs the same whatever the size of the
archive: copy candidates come from indexed LSH bands, candidate stories from an inverted
index limited to the 72 h story window. This benchmark checks that promise.

For each archive size S (default 1,000 and 100,000) it

1. generates a synthetic EV/auto news stream: titles + 200-600-word bodies built from a domain
   vocabulary (carmakers, models, suppliers, people, places, figures). Most articles are
   unique; some events are reported by 2-5 outlets in their own words (sharing names and
   figures); ~5 % are syndicated near-copies (first line changed, last paragraph dropped).
   Publication times advance steadily (~300 articles a day, so 100k span about a year), so
   the story window holds the same number of stories whatever the archive size;
2. loads the first S articles into a fresh database through `importer.import_jsonl`, the
   same path an archive import takes (100k take a while: progress and load rate are
   printed; `--cache-dir` keeps the built archive for reruns, and a build interrupted
   there is resumed by the next run; an archive cached by code that stored no story
   features, or other ones, gets those this code's writer stores with each article);
3. imports the next `--probe` articles of the same stream (published right after the
   archive's last one, same mix) through `import_jsonl` again, timing the per-article
   steps by wrapping the functions `importer` calls:
   * dedup + story assignment = `dedup.fingerprint` + `store.find_article` (URL lookup)
     + `assign.decide` (exact hash, LSH copy candidates, IDF lookup, story matching);
   * insert = `store.ArticleBatch.insert` (article, FTS row, bands, key terms, features),
   and reports mean / p50 / p95 ms per article of each (after `--warmup` untimed ones), plus
   how many probes were linked as copies and joined an existing story (against what the
   generator planned), so it is clear the work was really done, and how many stories and
   members each article was compared with, and how many of those members' features this
   process had to compute (not yet in the `stories.features` memo: a fresh process's cost,
   which `--warmup` spreads out), and the CPU time of dedup + assignment (this process's:
   steadier than the wall time on a shared machine). Work the importer does
   once per batch after its articles (`assign.consolidate`, merging stories split by
   arrival order) is timed on its own and reported per article of the batch.

The summary compares the dedup + assignment cost at the largest size with the smallest
(target: at most 2x). `--profile N` adds a cProfile of each probe phase (top N functions).

(`story_terms` is indexed by `story_id` since migration m008: consolidation looks a story's
terms up by story, which without the index scanned the whole table per story and made a 100k
load quadratic. This benchmark found it.)

    python benchmarks/dedup.py [--sizes 1000,100000] [--probe 300] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import heapq
import io
import json
import pstats
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator import assign, dedup, importer, store, stories, workers  # noqa: E402
from aggregator.dates import to_iso  # noqa: E402

GENERATOR_VERSION = 1  # bump when the stream below changes: cached archives are keyed on it
START = datetime(2024, 1, 1, tzinfo=UTC)
TARGET_RATIO = 2.0

# -- vocabulary ------------------------------------------------------------------------------


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(";")]


COMPANIES: list[tuple[str, list[str], str]] = [
    ("Tesla", ["Model 3", "Model Y", "Cybertruck", "Model S", "Model X", "Semi"], "Austin"),
    ("BYD", ["Seal", "Atto 3", "Dolphin", "Sealion 7", "Seagull", "Han"], "Shenzhen"),
    ("Xiaomi", ["SU7", "YU7", "SU7 Ultra"], "Beijing"),
    ("NIO", ["ET5", "ES6", "EL8", "ET9", "Onvo L60"], "Hefei"),
    ("Xpeng", ["G6", "G9", "Mona M03", "P7+", "X9"], "Guangzhou"),
    ("Li Auto", ["L6", "L9", "i8", "Mega"], "Beijing"),
    ("Zeekr", ["001", "007", "7X", "Mix"], "Ningbo"),
    ("Volkswagen", ["ID.3", "ID.4", "ID.7", "ID. Buzz", "ID.2all"], "Wolfsburg"),
    ("BMW", ["iX3", "i4", "i5", "iX1", "i7"], "Munich"),
    ("Mercedes-Benz", ["CLA", "EQE", "EQS", "G 580", "eSprinter"], "Stuttgart"),
    ("Audi", ["Q6 e-tron", "A6 e-tron", "Q4 e-tron"], "Ingolstadt"),
    ("Porsche", ["Taycan", "Macan Electric"], "Stuttgart"),
    ("Hyundai", ["Ioniq 5", "Ioniq 6", "Ioniq 9", "Inster", "Kona Electric"], "Seoul"),
    ("Kia", ["EV3", "EV4", "EV6", "EV9", "PV5"], "Seoul"),
    ("Ford", ["Mustang Mach-E", "F-150 Lightning", "E-Transit", "Explorer EV"], "Dearborn"),
    ("General Motors", ["Chevrolet Equinox EV", "Chevrolet Bolt", "Cadillac Lyriq"], "Detroit"),
    ("Rivian", ["R1S", "R1T", "R2", "R3", "EDV"], "Irvine"),
    ("Lucid", ["Air", "Gravity"], "Newark"),
    ("Polestar", ["Polestar 2", "Polestar 3", "Polestar 4"], "Gothenburg"),
    ("Volvo", ["EX30", "EX90", "ES90", "EX40"], "Gothenburg"),
    ("Renault", ["Renault 5", "Renault 4", "Scenic E-Tech", "Twingo"], "Boulogne-Billancourt"),
    (
        "Stellantis",
        ["Peugeot e-208", "Fiat Grande Panda", "Jeep Avenger", "Ram 1500 REV"],
        "Amsterdam",
    ),
    ("Toyota", ["bZ4X", "C-HR+", "Urban Cruiser", "bZ3X"], "Toyota City"),
    ("Honda", ["Prologue", "0 Series Saloon", "e:Ny1"], "Tokyo"),
    ("Nissan", ["Leaf", "Ariya", "N7"], "Yokohama"),
    ("Geely", ["Galaxy E5", "EX5", "Xingyuan"], "Hangzhou"),
    ("Leapmotor", ["C10", "B10", "T03", "C16"], "Hangzhou"),
    ("VinFast", ["VF 3", "VF 6", "VF 8", "VF 9"], "Hai Phong"),
    ("Tata Motors", ["Nexon EV", "Punch EV", "Harrier EV", "Curvv EV"], "Mumbai"),
    ("Mahindra", ["BE 6", "XEV 9e", "XUV400"], "Mumbai"),
]
SUPPLIERS = _names(
    "CATL; LG Energy Solution; Panasonic Energy; Samsung SDI; SK On; Gotion; EVE Energy; "
    "CALB; Sunwoda; Northvolt; Envision AESC; Albemarle; Ganfeng Lithium; Tianqi Lithium; "
    "SQM; Umicore; Redwood Materials; Li-Cycle; Bosch; ZF; Continental; Magna; Valeo; "
    "Infineon; Nvidia; Mobileye; Horizon Robotics"
)
CHARGERS = _names(
    "ChargePoint; EVgo; Electrify America; Ionity; Fastned; Allego; BP Pulse; "
    "Shell Recharge; Tesla Supercharger; Blink; Ionna; Gridserve; Zapmap; Wallbox"
)
FIRMS = _names(
    "Cox Automotive; S&P Global Mobility; BloombergNEF; Rho Motion; JATO Dynamics; Canalys; "
    "Morningstar; Bernstein; UBS; Jefferies; Wedbush; Counterpoint; AlixPartners; "
    "Benchmark Mineral Intelligence; GlobalData; Dataforce; Motor Intelligence; Edmunds; "
    "Kelley Blue Book; Recurrent; Cleantechnica Research; Rystad Energy"
)
REGULATORS = _names(
    "NHTSA; the EPA; the European Commission; China's MIIT; Transport Canada; Germany's KBA; "
    "the UK's DVSA; Japan's transport ministry; the California Air Resources Board; "
    "South Korea's transport ministry; the SAMR"
)
PLACES = _names(
    "Monterrey; Szeged; Rayong; Chennai; Valencia; Zwickau; Chattanooga; Spring Hill; "
    "Kecskemet; Debrecen; Bangkok; Jakarta; Sao Paulo; Melbourne; Toronto; Oslo; Lyon; "
    "Turin; Barcelona; Istanbul; Dubai; Riyadh; Pune; Ho Chi Minh City; Kuala Lumpur; "
    "Warsaw; Prague; Atlanta; Phoenix; Denver; Manchester; Rotterdam; Hamburg; Milan; "
    "Shanghai; Chengdu; Wuhan; Xi'an; Changzhou; Ningde; Queretaro; Tangier; Izmir; "
    "Sunderland; Gyor; Zhengzhou; Marysville; Lordstown; Georgetown; Normal; Casa Grande; "
    "Savannah; Salzgitter; Gigafactory Berlin; Grunheide; Dunkirk; Douai; Ulsan; Nagoya; "
    "Kolar; Hosur"
)
REGIONS = _names(
    "Europe; North America; Southeast Asia; Latin America; the Middle East; Australia; "
    "Japan; South Korea; India; the Nordics; China; the UK; Germany; France; Brazil; Mexico; "
    "Thailand; Indonesia; Turkey; Canada; California"
)
FIRST = _names(
    "Anna; Rahul; Sofia; Kenji; Laura; Mateo; Olga; Tom; Aisha; Felix; Mei; Jonas; Carla; "
    "Yusuf; Ingrid; Diego; Hannah; Wei; Patrick; Elena; Samuel; Noor; Lukas; Rosa; Ivan; "
    "Chloe; Arjun; Bea; Tariq; Greta; Hiroshi; Priya; Marco; Leila; Oskar; Yuki; Daniel; "
    "Fatima; Chen; Astrid"
)
LAST = _names(
    "Lindgren; Mehta; Rossi; Takahashi; Becker; Fernandez; Novak; Harlow; Rahman; Vogel; "
    "Zhang; Eriksen; Moreau; Demir; Haugen; Alvarez; Clarke; Liu; Byrne; Petrova; Okonkwo; "
    "Haddad; Brandt; Ortega; Kowalski; Dubois; Iyer; Santos; Aziz; Nilsson; Yamamoto; "
    "Keller; Park; Wong; Schultz; Moretti; Jensen; Kaur; Lambert; Sato"
)
ROLES = _names(
    "chief executive; chief financial officer; head of sales; chief technology officer; "
    "head of battery development; regional president; head of purchasing; "
    "chief operating officer; head of manufacturing; head of software; spokesperson"
)
ANALYST_ROLES = ["an analyst", "a senior analyst", "research director", "head of auto research"]
FAULTS = _names(
    "a faulty rearview camera; seat belt warning software; a loose trim panel; "
    "a battery cell defect that can cause a fire; an inverter that can fail; "
    "a steering fault; a seat belt pretensioner; a brake booster defect; "
    "wiper motor failures; a charging port that can overheat; "
    "a high-voltage cable that can chafe; a door handle that may not open; "
    "a power loss risk; tail lights that can go dark"
)
MONTHS = _names(
    "January; February; March; April; May; June; July; August; September; October; November; "
    "December"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SUFFIXES = ["X", "Sport", "Plus", "Max", "Air", "GT", "Cross", "L", "Pro", "E", "Touring"]
OUTLETS: list[tuple[str, str]] = [
    ("Motor Ledger", "motorledger.example"),
    ("EV Dispatch", "evdispatch.example"),
    ("China EV Daily", "chinaevdaily.example"),
    ("Auto Gazette", "autogazette.example"),
    ("Charge Weekly", "chargeweekly.example"),
    ("Drive Tribune", "drivetribune.example"),
    ("Battery Post", "batterypost.example"),
    ("Fleet Journal", "fleetjournal.example"),
    ("Volt Times", "volttimes.example"),
    ("Green Car Wire", "greencarwire.example"),
    ("Mobility Report", "mobilityreport.example"),
    ("Carmaker News", "carmakernews.example"),
    ("Asia Auto Review", "asiaautoreview.example"),
    ("Euro Motor Press", "euromotorpress.example"),
    ("Torque Business", "torquebusiness.example"),
    ("Plug Insider", "pluginsider.example"),
    ("Road & Grid", "roadandgrid.example"),
    ("Detroit Ledger", "detroitledger.example"),
    ("Shenzhen Auto Watch", "szautowatch.example"),
    ("Nordic EV", "nordicev.example"),
    ("Wheels Financial", "wheelsfinancial.example"),
    ("Autonomy Today", "autonomytoday.example"),
    ("Electrek Wire", "electrekwire.example"),
    ("Supply Chain Auto", "supplychainauto.example"),
]

# Sentences are short runs of fixed words between slots ({entity}, {figure}), alternatives
# ([a|b|c]) and synonym sets (<said>), so that two unrelated articles share few 5-word
# shingles and few headline words, as unrelated news does; reports of one event share its
# names and figures, not its wording.
SYNONYMS = {
    "said": "said|stated|confirmed|announced|told reporters|disclosed",
    "says": "says|said|confirmed|announced",
    "rose": "rose|climbed|jumped|increased|grew|gained",
    "fell": "fell|dropped|declined|slipped|slid|eased",
    "cars": "vehicles|cars|EVs|units",
    "unveil": "unveils|reveals|presents|shows|introduces|debuts",
    "unveiled": "unveiled|revealed|presented|showed|introduced|launched",
    "plant": "plant|factory|facility|site|works",
    "deal": "deal|agreement|contract|pact|accord",
    "about": "about|roughly|around|some|nearly",
    "cut": "cut|reduced|lowered|trimmed|slashed",
    "plans": "plans|intends|aims|wants|expects",
    "big": "major|large|significant|sizeable",
    "company": "company|group|carmaker|automaker|manufacturer",
}
HEADLINES: dict[str, list[str]] = {
    "recall": [
        "{co} recalls {units} {model} <cars> over {fault}",
        "{co} [to recall|recalling|calls back] {units} {model} [in {region}|after {regulator} review]",
        "{regulator} [orders|announces] recall of {units} {co} {model}",
        "{units} {model} owners [told to|asked to] [visit dealers|bring cars in]: {co} [recall|fix]",
        "{co} {model} recall [widens|expands|grows] to {units}",
    ],
    "earnings": [
        "{co} [posts|reports|books] {quarter} revenue of ${billions} billion, margin {margin}%",
        "{co} {quarter}: margin [slips|rises|moves] to {margin}% on ${billions}bn",
        "{co} [beats|misses|tops|lags] [estimates|forecasts|expectations] with ${billions}bn {quarter}",
        "{co} [earnings|results|numbers]: {units} deliveries, {margin}% margin",
        "[Shares of|Investors in] {co} [react|weigh in] to ${billions}bn {quarter}",
    ],
    "price": [
        "{co} <cut> {model} prices in {region} by {pct}%",
        "{co} {model} now [starts at|costs|lists at] ${price} in {region}",
        "[Price war:|Price cut:|Cheaper:] {co} {model} [down to|now] ${price}",
        "{co} [trims|drops|lowers] {model} sticker {pct}% [as rivals push|amid competition] in {region}",
    ],
    "factory": [
        "{co} to build ${billions} billion <plant> in {place}",
        "{co} picks {place} for ${billions}bn <plant>, {jobs} jobs",
        "{co} [commits|pledges|earmarks] ${billions} billion to {place}",
        "{place} [wins|lands|secures] {co} <plant> with {jobs} jobs",
        "{co} [breaks ground|starts construction|begins work] in {place}; {capacity} a year planned",
    ],
    "battery": [
        "{co} signs {gwh} GWh cell <deal> with {supplier}",
        "{supplier} to supply {co} with {gwh} GWh [from {year}|through {year2}]",
        "{co}, {supplier} [agree|strike|seal] ${billions}bn [supply|sourcing] <deal>",
        "{supplier} wins {co} [order|contract|business] worth ${billions} billion",
    ],
    "launch": [
        "{co} <unveil> {newmodel}: {km} km, ${price}",
        "{co} {newmodel} [debuts|arrives|lands] at ${price}",
        "[First look:|Revealed:|Hands-on:] {co} {newmodel} with {kwh} kWh",
        "{co} {newmodel} [goes on sale|hits showrooms] in {region} [from|at] ${price}",
        "{co} [takes the wraps off|shows off] {newmodel} ({km} km)",
    ],
    "layoffs": [
        "{co} to cut {jobs} jobs [in {place}|worldwide|in {region}]",
        "{co} [announces|confirms] {jobs} layoffs, {pct}% of staff",
        "{co} [shrinks|trims] workforce by {pct}% [in restructuring|to save cash]",
        "{jobs} {co} [workers|employees] [to lose jobs|face layoffs] [in {place}|]",
    ],
    "charging": [
        "{charger} [to add|adds|plans] {stalls} fast chargers [across|in] {region}",
        "{charger} [raises|secures|lands] ${millions} million for {stalls} stalls",
        "{charger} opens {kw} kW hub in {place}",
        "{charger} and {co} [team up|partner|join forces] on {stalls} chargers",
    ],
    "probe": [
        "{regulator} [opens|launches] probe into {incidents} {co} {model} [crashes|incidents]",
        "{regulator} [investigates|examines|scrutinises] {co} {model} after {incidents} [reports|complaints]",
        "{co} {model} [under investigation|faces scrutiny] after {incidents} [crashes|incidents]",
        "{regulator} [upgrades|widens] {model} probe to {units} <cars>",
    ],
    "exec": [
        "{co} names {person} [new|next] {role}",
        "{person} [to leave|quits|steps down at] {co} after {years} years",
        "{co} [appoints|hires|taps] {person} as {role}",
        "{co} {role} {person2} [departs|exits]; {person} [takes over|steps in]",
    ],
    "deliveries": [
        "{co} delivers {units} <cars> in {month}, up {pct}%",
        "{co} {month} deliveries [rise|jump|climb] {pct}% to {units}",
        "{co} [sets record with|reports] {units} {month} deliveries",
        "{co} {month} [sales|handovers]: {units}, +{pct}%",
    ],
    "tariff": [
        "{region} [sets|imposes|approves] {pct}% [duty|tariff|levy] on Chinese EVs",
        "{pct}% [duty|tariff] [takes effect|comes into force|starts] in {region}",
        "{co} [hit by|faces|braces for] {pct}% {region} [tariff|duty]",
        "{region} [tariff|duty] of {pct}% [to cost|could cost] {co} ${billions} billion",
    ],
    "robotaxi": [
        "{co} [gets|wins|receives] driverless permit in {place}",
        "{co} robotaxis [start|begin] paid rides in {place} with {fleet} <cars>",
        "{co} [expands|grows] robotaxi fleet in {place} to {fleet}",
        "{startup} [tests|trials|pilots] driverless {body}s in {place}",
    ],
    "software": [
        "{co} [update|OTA update] {version} [adds|brings] {feature} to {model}",
        "{model} owners get {feature} in {co} software {version}",
        "{co} [rolls out|pushes|ships] {feature} [to|for] {units} {model} <cars>",
        "{co} software {version}: {feature} [arrives|lands|goes live]",
    ],
    "lawsuit": [
        "{co} sued [over|for] {claim} in {court}",
        "{court} [rules against|sides with|fines] {co} [in|over] {claim} case",
        "{co} [settles|resolves] {claim} [suit|case] for ${millions} million",
        "{plaintiffs} {model} owners [sue|take on] {co} over {claim}",
    ],
    "strike": [
        "{union} [strikes|walks out] at {co} {place} <plant>",
        "{jobs} {co} workers [strike|down tools] in {place}",
        "{co} {place} [strike|walkout] [enters|hits] day {days}",
        "{union}, {co} [reach|strike] deal: {pct}% [pay rise|raise]",
    ],
    "funding": [
        "{startup} raises ${millions} million [led by|from] {investor}",
        "{investor} [backs|leads round in] {startup} at ${billions}bn valuation",
        "{startup} [closes|lands] ${millions}m Series [B|C|D]",
        "EV startup {startup} [valued at|worth] ${billions} billion after [new round|raise]",
    ],
    "ipo": [
        "{startup} [files for|plans|prices] IPO on {exchange}",
        "{startup} [shares|stock] [soar|jump|slump|sink] {pct}% in {exchange} debut",
        "{startup} [seeks|targets] ${billions}bn valuation in {exchange} listing",
        "{startup} IPO [raises|brings in] ${millions} million",
    ],
    "fire": [
        "{co} {model} [fire|blaze] in {place} [prompts|triggers] [inquiry|investigation]",
        "[Parked|Charging] {co} {model} [catches fire|burns] in {place}",
        "{place} [car park|garage] fire [traced to|linked to] {co} {model}",
        "{regulator} [examines|reviews] {model} [fire|blaze] in {place}",
    ],
    "subsidy": [
        "{region} [offers|unveils|approves] ${small} EV [grant|subsidy|rebate]",
        "{region} [ends|scraps|halts] EV [subsidy|incentive] from {month}",
        "{region} [budgets|sets aside] ${billions}bn for EV [incentives|grants]",
        "New {region} EV [rebate|grant] of ${small} [starts|begins] in {month}",
    ],
    "mine": [
        "{miner} [starts|begins] [output|production] at {mine} lithium project",
        "{co} [buys stake in|invests in|backs] {miner}'s {mine} project",
        "{mine} lithium [mine|project] [wins|gets] [approval|permit] in {region}",
        "{miner} [sees|targets] {tonnes} tonnes a year from {mine}",
    ],
    "recycling": [
        "{recycler} opens {tonnes}-tonne battery recycling <plant> in {place}",
        "{co} [signs|inks] recycling <deal> with {recycler}",
        "{recycler} [to recover|recovers] {pct}% of lithium from {co} packs",
        "{recycler} [raises|wins] ${millions}m for {place} recycling <plant>",
    ],
    "review": [
        "{co} {model} review: [a|an] [honest|capable|flawed|polished] {body} for ${price}",
        "[Tested|Driven|Road test]: {co} {model} [in {region}|over {km} km]",
        "{co} {model} [long-term test|long-term review] after {mileage} km",
        "{co} {model} vs {rco} {rmodel}: [which to buy|the verdict|head to head]",
    ],
    "venture": [
        "{co} and {rco} [form|set up|announce] joint venture [in {region}|for {tech} cells]",
        "{co}, {rco} [team up|partner] on {tech} [batteries|platform]",
        "{co} [takes|buys] {pct}% stake in {startup}",
        "{co} [invests|puts] ${billions}bn in {rco} [tie-up|alliance|partnership]",
    ],
    "tech": [
        "{supplier} [claims|reports] {tech} [cell|battery] with {wh} Wh/kg",
        "{supplier} {tech} [breakthrough|advance]: {minutes}-minute [charge|charging]",
        "{co} to use {supplier}'s {tech} [cells|batteries] in {model}",
        "{tech} [pilot line|production] [starts|opens] at {supplier} in {place}",
    ],
    "ranking": [
        "{region} EV sales [ranking|chart] for {month}: {co} [leads|tops], {rco} second",
        "{model} is {region}'s best-selling EV in {month} with {units2} [sales|registrations]",
        "{co} [overtakes|passes] {rco} in {region} {month} EV sales",
        "{region} {month} [EV registrations|EV sales] <rose> {pct}%; {model} [on top|leads]",
    ],
    "bankruptcy": [
        "{startup} files for [bankruptcy|insolvency] [in {region}|]",
        "{startup} [seeks|enters] [creditor protection|administration] with ${millions}m debt",
        "{co} [bids for|buys] assets of [failed|insolvent] {startup}",
        "{startup} [lays off|cuts] {jobs} [staff|workers] [before|ahead of] [insolvency|bankruptcy] filing",
    ],
}
LEADS: dict[str, list[str]] = {
    "recall": [
        "{co} is recalling {units} {model} <cars> because of {fault}, [according to|per] [a filing with|documents from] {regulator}.",
        "{regulator} <said> on {weekday} that {co} [will recall|must repair] {units} {model} <cars> to fix {fault}.",
        "[Owners of|Some] {units} {co} {model} <cars> [in {region}|] [will need|are due] a [repair|fix] for {fault}, the <company> <said>.",
    ],
    "earnings": [
        "{co} <said> {quarter} revenue [came to|was|reached] ${billions} billion on {weekday}, with [gross margin|its margin] at {margin}% and {units} <cars> delivered.",
        "[Revenue at|Sales at] {co} [reached|hit|totalled] ${billions} billion in {quarter}; [the gross margin|its margin] [came in at|was] {margin}%.",
        "{co} delivered {units} <cars> in {quarter} and [booked|reported|recorded] ${billions} billion [of revenue|in sales], [with|at] a {margin}% margin.",
    ],
    "price": [
        "{co} <cut> the {model}'s price in {region} by {pct}% on {weekday}, [taking|bringing] the [entry|base] version to ${price}.",
        "The {co} {model} now [costs|sells for|lists at] ${price} in {region}, {pct}% [less than|below] [before|last month].",
        "[In a new round of cuts,|Cutting again,|Under pressure from rivals,] {co} [has|] <cut> {model} prices in {region} by {pct}% to ${price}.",
    ],
    "factory": [
        "{co} will invest ${billions} billion in a [new|] <plant> in {place} [that will employ|with] {jobs} [people|workers] and [build|make] {capacity} <cars> a year.",
        "{co} [has chosen|picked|selected] {place} for a ${billions} billion <plant>, [promising|with] {jobs} jobs and [annual capacity of|room for] {capacity} <cars>.",
        "[Officials in|Authorities in|Leaders in] {place} <said> {co} would spend ${billions} billion on a <plant> [with|employing] {jobs} [jobs|people] and {capacity} <cars> of [capacity|annual output].",
    ],
    "battery": [
        "{co} [has signed|signed|agreed] a <deal> with {supplier} for {gwh} GWh of [cells|batteries] [a year|annually], [worth|valued at] <about> ${billions} billion.",
        "{supplier} will [supply|deliver|provide] {gwh} GWh of cells to {co} [from {year}|starting in {year}], [worth|in a deal valued at] ${billions} billion.",
        "[Under the agreement,|Under a new deal,|In a <big> win,] {supplier} [becomes|is now|joins as] a supplier [of|to] {co}, with {gwh} GWh [a year|annually] [and|worth] ${billions} billion.",
    ],
    "launch": [
        "{co} <unveiled> the {newmodel} on {weekday}, [promising|claiming|quoting] {km} km of range from a {kwh} kWh [battery|pack] and a price of ${price}.",
        "The {co} {newmodel} [goes on sale|arrives|launches] in {region} at ${price}, with a {kwh} kWh [pack|battery] [good for|rated at] {km} km.",
        "{co} [took the wraps off|showed|presented] its {newmodel}, [a|an electric] {body} [with|offering|rated at] {km} km [of range|] and [a|an] {kwh} kWh [battery|pack], [from|at] ${price}.",
    ],
    "layoffs": [
        "{co} will [cut|eliminate|shed] {jobs} jobs, <about> {pct}% of its workforce, [starting|mostly|largely] in {place}, the <company> <said> on {weekday}.",
        "[About|Some|Nearly] {jobs} [employees|workers|staff] at {co} will lose their jobs, <about> {pct}% of staff, as the <company> [cuts costs|restructures|retrenches].",
        "{co} [announced|confirmed|disclosed] {jobs} layoffs on {weekday}, [a cut of|equal to|or] {pct}% of [its workers|staff], [many|most] [of them|] in {place}.",
    ],
    "charging": [
        "{charger} <plans> to [install|add|build] {stalls} fast-charging stalls in {region}, [backed by|funded with] ${millions} million [of new funding|in new capital].",
        "{charger} [opened|switched on|launched] a {kw} kW charging hub in {place} and <said> it would add {stalls} stalls [in {region}|] [with|using] ${millions} million.",
        "[Working with {co},|Together with {co},|In a <deal> with {co},] {charger} will [build|roll out|deploy] {stalls} chargers in {region}, [an investment of|worth] ${millions} million.",
    ],
    "probe": [
        "{regulator} [opened|launched|began] an investigation into {units} {co} {model} <cars> after {incidents} [reports of crashes|complaints|incidents].",
        "{regulator} is [examining|looking into|reviewing] {incidents} [incidents|crashes] involving the {co} {model}, [covering|in a probe covering] {units} <cars>.",
        "[A probe by|An investigation by|A review by] {regulator} into the {co} {model} [covers|affects|spans] {units} <cars> and {incidents} [reported incidents|complaints].",
    ],
    "exec": [
        "{co} [named|appointed|picked] {person} as its {role} on {weekday}, [replacing|succeeding] {person2}, who [leaves|steps down] after {years} years.",
        "{person} [will become|becomes|is the new] {role} of {co}, the <company> <said>, taking over from {person2}.",
        "{person2} is leaving {co} after {years} years and {person} [takes over|will take over|steps in] as {role}, [the company|{co}] <said>.",
    ],
    "deliveries": [
        "{co} delivered {units} <cars> in {month}, up {pct}% from a year earlier, the <company> <said> on {weekday}.",
        "[Deliveries at|Sales at|Handovers at] {co} <rose> {pct}% in {month} to {units} <cars>, [led by|driven by|thanks to] the {model}.",
        "{co} [handed over|shipped|delivered] {units} <cars> to customers in {month}, {pct}% more than [a year ago|in {month} last year].",
    ],
    "tariff": [
        "{region} will [impose|charge|levy] a {pct}% [tariff|duty] on [electric cars|EVs] made in China, [a move|a decision] that [hits|affects|worries] {co} [among others|above all|most].",
        "[Electric cars|EVs] imported from China into {region} now [face|carry] a {pct}% [duty|tariff], which could cost {co} ${billions} billion [a year|annually].",
        "A {pct}% [levy|tariff] on Chinese EVs [takes effect|comes into force|starts] in {region} [on {weekday}|this week], [with|and] {co} [among the most exposed|most affected|worst hit].",
    ],
    "robotaxi": [
        "{co} <said> on {weekday} it [had received|won|secured] a permit to [run|operate] driverless {body}s in {place}, [starting with|beginning with] {fleet} <cars>.",
        "[Paid|Commercial] driverless rides [began|started] in {place} as {co} [put|deployed] {fleet} robotaxis [on the road|into service] [in {month}|this week].",
        "{startup} [is testing|has begun trials of|started piloting] driverless {body}s in {place} with {fleet} <cars>, [backed by|in partnership with] {co}.",
    ],
    "software": [
        "{co} [is rolling out|began pushing|released] software {version} to {units} {model} <cars>, adding {feature} [in {region}|for owners].",
        "Owners of the {co} {model} [are getting|will get|now have] {feature} [through|with|in] [update|software] {version}, the <company> <said>.",
        "[With|In] software {version}, {co} [brings|adds|enables] {feature} [to|on] {units} {model} <cars> [from {weekday}|this week].",
    ],
    "lawsuit": [
        "{plaintiffs} owners of the {co} {model} [sued|filed suit against] {co} in {court}, [alleging|claiming] {claim}.",
        "{court} [ruled|found|decided] on {weekday} [against|in favour of] {co} in a case over {claim}, [with|involving] {plaintiffs} [plaintiffs|owners].",
        "{co} [agreed to pay|will pay|settled for] ${millions} million to [end|resolve|settle] [a lawsuit|claims] over {claim} [brought by|from] {plaintiffs} {model} owners.",
    ],
    "strike": [
        "[Workers|Members of {union}] at {co}'s {place} <plant> [walked out|went on strike|downed tools] on {weekday}, [demanding|seeking] a {pct}% [pay rise|raise].",
        "{jobs} [workers|employees] [struck|walked out] at {co} in {place}, {union} <said>, [halting|stopping] [production|output] of the {model}.",
        "The strike at {co}'s {place} <plant> [entered|reached] day {days} [as|while] {union} [held out|pressed] for {pct}% [more pay|higher wages].",
    ],
    "funding": [
        "{startup} <said> it [had raised|raised|closed] ${millions} million [in a round|in funding] [led by|from] {investor}, [valuing it|for a valuation] at ${billions} billion.",
        "{investor} [led|headed|anchored] a ${millions} million [round|raise] in {startup}, [which makes|a maker of|a developer of] {tech} [cells|systems|drivetrains].",
        "[EV startup|The startup|Start-up] {startup} [has raised|closed|secured] ${millions} million from {investor} [and others|among others] at a ${billions} billion valuation.",
    ],
    "ipo": [
        "{startup} [filed|applied] to list on {exchange}, [seeking|aiming for|targeting] a valuation of ${billions} billion [and|to] raise ${millions} million.",
        "Shares of {startup} [moved|swung] {pct}% on their first day [on|of trading on] {exchange}, after an IPO that raised ${millions} million.",
        "{startup} [priced|set the price of] its {exchange} IPO [to raise|raising] ${millions} million, [valuing the|giving the] company [at|a value of] ${billions} billion.",
    ],
    "fire": [
        "A {co} {model} [caught fire|burned|went up in flames] [while charging|while parked|overnight] in {place} on {weekday}, [and|prompting] {regulator} [to look into it|opened an inquiry].",
        "[Firefighters|Emergency crews] in {place} [spent|needed] {hours} hours [putting out|to put out] a {co} {model} [fire|blaze], [officials|authorities] <said>.",
        "{regulator} is [examining|reviewing|investigating] a {model} fire in {place}, the [latest|second|third] [blaze|incident] involving {co} <cars> [in {region}|this year].",
    ],
    "subsidy": [
        "{region} will [pay|offer|give] ${small} [to buyers of|per] [electric cars|new EVs] [from {month}|starting in {month}], [with|under] a ${billions} billion [budget|programme].",
        "[The government of|Authorities in|Lawmakers in] {region} [ended|scrapped|approved] [an|a new] EV [subsidy|grant|rebate] of ${small}, [effective|from] {month}.",
        "EV buyers in {region} [can claim|will receive|get] ${small} [under|through] a [new|revised] [scheme|programme] [worth|costing] ${billions} billion, [officials|ministers] <said>.",
    ],
    "mine": [
        "{miner} <said> on {weekday} it [had started|began|expects to start] [production|output] at {mine} in {region}, [targeting|aiming for] {tonnes} tonnes of lithium a year.",
        "{co} [will invest|is investing|put] ${millions} million in {miner}'s {mine} [lithium|] project, [securing|for] {tonnes} tonnes a year [of supply|].",
        "{mine}, a lithium project [run|owned] by {miner} in {region}, [won|received|secured] [approval|its permit] [on {weekday}|this week] [for|with] {tonnes} tonnes [a year|of output].",
    ],
    "recycling": [
        "{recycler} [opened|switched on|started] a battery recycling <plant> in {place} [able to process|with capacity for] {tonnes} tonnes a year.",
        "{co} [signed|agreed] a <deal> with {recycler} to recycle [old|used|end-of-life] {model} packs, [recovering|with] {pct}% of [the lithium|metals].",
        "{recycler} [raised|won|secured] ${millions} million for a {tonnes}-tonne recycling <plant> in {place}, [partly|mostly] [funded by|backed by] {investor}.",
    ],
    "review": [
        "[We drove|We tested|We spent a week with] the {co} {model} [for|over] {km} km [in {region}|], and [it|the {body}] [impressed|disappointed|surprised] [on range|in town|on the motorway].",
        "The {co} {model} [costs|starts at] ${price} and [claims|promises] {km} km; [in our test|on our route] it [managed|did] {km2} km.",
        "After {mileage} km [with|in] the {co} {model}, [our tester|the verdict] [is|finds] [a capable|a flawed|an efficient] {body} [that|which] [undercuts|trails|beats] the {rco} {rmodel}.",
    ],
    "venture": [
        "{co} and {rco} <said> on {weekday} they would [form|create|set up] a joint venture [for|to make] {tech} [batteries|cells|platforms], [investing|with] ${billions} billion.",
        "{co} [is buying|will buy|agreed to buy] {pct}% of {startup} [for|at a cost of] ${millions} million, [gaining|securing] [access to|rights to] its {tech} [technology|cells].",
        "[In a <big> tie-up,|Joining forces,] {co} will [invest|put] ${billions} billion in {rco} and [share|co-develop] {tech} [platforms|batteries] [from {year}|starting in {year}].",
    ],
    "tech": [
        "{supplier} <said> its [new|latest|next] {tech} cell [reaches|stores|delivers] {wh} Wh/kg and [charges|recharges] [to 80%|from 10 to 80%] in {minutes} minutes.",
        "{co} will [fit|use|adopt] {tech} cells from {supplier} in the {model} [from {year}|starting {year}], [raising range to|for] {km} km.",
        "[A pilot line for|Production of] {supplier}'s {tech} cells [started|opened|began] in {place}, [at|with] {gwh} GWh [of capacity|a year], [with|rated at] {wh} Wh/kg.",
    ],
    "ranking": [
        "{co} [led|topped|headed] {region}'s EV market in {month} with {units2} registrations, [ahead of|beating] {rco}, [according to|per|says] {firm}.",
        "The {co} {model} was the best-selling EV in {region} in {month}, with {units2} [sales|registrations], [as the market|while the market] <rose> {pct}%.",
        "[Registrations|Sales] of EVs in {region} <rose> {pct}% in {month}, [with|and] {co} [overtaking|passing|beating] {rco} [on|with] {units2} <cars>.",
    ],
    "bankruptcy": [
        "{startup} [filed for|entered] [bankruptcy|insolvency|creditor protection] [in {region}|] on {weekday}, [listing|with] ${millions} million of [debts|liabilities].",
        "[EV maker|Start-up|The startup] {startup} [has collapsed|went bust|is insolvent], [leaving|with] {jobs} [staff|workers] [out of work|facing layoffs] and ${millions} million [owed|of debt].",
        "{co} [offered|bid|agreed to pay] ${millions} million for [the assets of|parts of] {startup}, which [filed for|entered] [bankruptcy|insolvency] [last week|in {month}].",
    ],
}
FACTS: dict[str, list[str]] = {
    "recall": [
        "[The fix|The remedy] [is|will be] [an over-the-air update|a dealer repair|a free replacement] [for|covering] the {units} {model} <cars>.",
        "{co} <said> it knew of {incidents} [incidents|warranty claims|reports] [linked to|tied to] {fault} [but|and] no injuries.",
        "[Dealers|Service centres|Workshops] will [start|begin] [repairs|notifying owners|the work] in {month}.",
        "The {model} recall [follows|comes after] a [review|probe|inquiry] by {regulator}.",
    ],
    "earnings": [
        "[Analysts|Wall Street|Brokers] had expected [revenue of|about|sales of] ${billions2} billion [for {quarter}|].",
        "{person}, {co}'s {role}, [said|told analysts] the {margin}% margin [reflected|showed|came from] [lower battery costs|price cuts|a better mix].",
        "{co} [kept|cut|raised] its [delivery|volume] [target|guidance|forecast] [for the year|for {year}].",
        "[Operating cash flow|Free cash flow] [was|came to|reached] ${billions2} billion in {quarter}.",
    ],
    "price": [
        "The {pct}% cut [brings|puts] the {model} [below|near|close to] the {rco} {rmodel} [in {region}|].",
        "[It is|This is] {co}'s [second|third|latest] [price cut|reduction] in {region} [this year|since {month}].",
        "[Buyers|Customers] [who ordered|with orders] [before the cut|last month] [will get|may get] a [refund|credit] of <about> ${small}.",
        "At ${price}, the {model} [undercuts|matches|sits below] [most rivals|the segment average] [in {region}|].",
    ],
    "factory": [
        "Production in {place} is [due to|set to|expected to] [start|begin] in {year}, with {jobs} [people|workers] [at full capacity|by {year2}].",
        "{person}, {co}'s {role}, [said|called] {place} [the right choice|an ideal location] [because of|given] [its ports|its suppliers|its workforce].",
        "The ${billions} billion [plan|investment] [includes|covers] a battery [assembly|pack] line.",
        "{region} [officials|authorities] [offered|approved] [subsidies|incentives] [worth|of] ${millions} million.",
    ],
    "battery": [
        "The {gwh} GWh <deal> [runs|lasts] [through|until] {year2}.",
        "{supplier} [will make|is to produce] the cells [in {place}|at a <plant> in {place}].",
        "{person}, {co}'s {role}, <said> the ${billions} billion <deal> [secures|locks in] supply [for the {model}|for new models].",
        "[Shares of|Stock in] {supplier} <rose> {pct}% [after the news|on the <deal>].",
    ],
    "launch": [
        "[Deliveries|Sales|Orders] of the {newmodel} [start|begin|open] in {month} in {region}.",
        "The {newmodel} [charges|can charge] from 10 to 80% in {minutes} minutes [at|on] {kw} kW.",
        "At ${price}, the {newmodel} [sits|is priced] [below|above] the {model} in {co}'s [lineup|range].",
        "{person}, {co}'s {role}, [said|expects] the {newmodel} [to sell|will sell] {units} [a year|in its first year].",
    ],
    "layoffs": [
        "The {jobs} cuts [will|are expected to] save {co} ${billions} billion [a year|by {year}].",
        "[Unions|Worker representatives] in {place} [criticised|condemned|attacked] the {pct}% cut.",
        "{person}, {co}'s {role}, [blamed|cited] [weaker EV demand|price competition|high costs] [for the {jobs} layoffs|].",
        "[Severance|Payouts] for the {jobs} [workers|employees] [will be|is to be] [negotiated|agreed] [by {month}|with unions].",
    ],
    "charging": [
        "The {stalls} stalls [will be|are to be] [built|installed] [by the end of {year}|over {years} years].",
        "{charger} [now runs|operates] <about> {stalls2} chargers [in total|across {region}].",
        "[The|Its] {place} hub [has|offers] {per_site} stalls at up to {kw} kW.",
        "The ${millions} million [round|raise] [was led by|came from] {investor}.",
    ],
    "probe": [
        "[The|That] probe [covers|includes] {model} <cars> [built|made] [between {year} and {year2}|since {year}].",
        "{co} [said it was cooperating|did not comment|said it would cooperate] [with {regulator}|].",
        "[Of the|Among the] {incidents} [incidents|reports], [some|several] [involved injuries|led to crashes].",
        "{regulator} could [demand|seek] a recall of the {units} <cars> [if it finds a defect|].",
    ],
    "exec": [
        "{person} [joined|came to] {co} from {rco} [in {year}|{years} years ago].",
        "{person2}'s departure [comes|follows] [weeks|months] after [weak sales|a strategy review|a reorganisation].",
        "[Shares of|Stock in] {co} [rose|fell] {pct}% [on the news|after the announcement].",
        "{person} [will report to|reports to] the [board|chair] [from {month}|starting {month}].",
    ],
    "deliveries": [
        "The {model} [accounted for|made up] <about> {share}% of {co}'s {units} deliveries in {month}.",
        "{co} [has now delivered|has delivered] {units2} <cars> [this year|year to date].",
        "[Exports|Overseas sales] [were|reached] {units3} [in {month}|of the total].",
        "[Analysts at {firm}|{firm}] had expected <about> {units4} [deliveries|<cars>] for {month}.",
    ],
    "tariff": [
        "The {pct}% [duty|tariff] [comes on top of|adds to] [an existing|the standard] 10% [levy|tariff].",
        "{co} [said|told reporters] it [would|may] [raise prices|absorb part of the cost] [in {region}|].",
        "[Imports|Shipments] of Chinese EVs into {region} [reached|totalled] {units} [last year|in {year}].",
        "[China's commerce ministry|Beijing] [criticised|condemned] the {pct}% [tariff|decision].",
    ],
    "robotaxi": [
        "The {fleet} <cars> [operate|run] [without safety drivers|in a {area} square km zone] [in {place}|].",
        "{co} [expects|plans] to [grow|expand] the {place} fleet to {fleet2} <cars> [by {month}|in {year}].",
        "[Rides|Trips] [cost|are priced at] [about|around] ${fare} [for a typical trip|per ride].",
        "{regulator} [will review|monitors] [the service|incidents] [every|each] [month|quarter].",
    ],
    "software": [
        "Software {version} [also|additionally] [improves|fixes] [range estimates|the heat pump|charging curves].",
        "{feature} [costs|is priced at] ${monthly} a month [after a free trial|for owners] [in {region}|].",
        "[Earlier|Previous] [versions|updates] had [limited|delayed] {feature} [to {region}|to beta testers].",
        "{person}, {co}'s {role}, <said> {units} <cars> [would|should] [receive|get] {version} [by {month}|within weeks].",
    ],
    "lawsuit": [
        "The {plaintiffs} plaintiffs [seek|demand] ${millions} million [in damages|in compensation].",
        "{co} [denies|rejected|disputes] [the claims|wrongdoing] and [plans to appeal|will contest the case].",
        "{court} [set|scheduled] [a hearing|the trial] for {month}.",
        "The case [concerns|covers] {model} <cars> [sold|built] [between {year} and {year2}|since {year}].",
    ],
    "strike": [
        "{union} [represents|has] {jobs} [members|workers] at the {place} <plant>.",
        "{co} [had offered|offered] {pct2}% [over {years} years|before talks broke down].",
        "Output of {units3} {model} <cars> [has been lost|is at risk] [so far|each week], {firm} [estimates|says].",
        "[Talks|Negotiations] [resume|are due to resume] on {weekday}.",
    ],
    "funding": [
        "{startup} [plans to use|will spend] the ${millions} million [on|to build] a {tech} pilot line in {place}.",
        "[Existing investors|Earlier backers] [including|such as] {investor2} [also took part|joined].",
        "{startup} [employs|has] {jobs} [staff|people] and [was founded|started] in {year0}.",
        "{person}, {startup}'s [founder|chief executive], <said> production [would|should] [start|begin] in {year2}.",
    ],
    "ipo": [
        "{startup} [sold|offered] {shares} million shares at ${share_price} each.",
        "[Underwriters|Banks] [included|were led by] {investor}.",
        "{startup} [lost|reported a loss of] ${millions2} million [last year|in {year}] on revenue of ${millions3} million.",
        "{person}, {startup}'s [founder|chief executive], [owns|keeps] {share}% [of the company|after the listing].",
    ],
    "fire": [
        "No one was [hurt|injured] [in the {place} fire|], [police|firefighters] <said>.",
        "The {model} [had been|was] [charging|parked] [at a {kw} kW charger|in an underground car park].",
        "{co} <said> it was [working with|assisting] {regulator} and [investigating|examining] the [cause|{model} involved].",
        "[It took|Crews used] {litres} litres of water [to cool the battery|to put out the blaze].",
    ],
    "subsidy": [
        "The ${small} [grant|rebate|bonus] [applies to|covers] cars [priced below|under] ${price}.",
        "[About|An estimated] {units} buyers [could|may] [claim|qualify for] the {region} [subsidy|grant] [by {year2}|this year].",
        "[Dealers|Carmakers] in {region} [welcomed|criticised] the ${small} [scheme|rebate].",
        "The ${billions} billion [budget|fund] [runs|lasts] [until|through] {year2}.",
    ],
    "mine": [
        "{mine} [holds|has] [reserves|resources] of {reserves} million tonnes [of ore|at {grade}% lithium].",
        "{miner} [spent|invested] ${millions} million [developing|building] {mine} [since {year0}|over {years} years].",
        "[Output|Production] from {mine} [will|is to] [go to|supply] {co} [and|as well as] {supplier}.",
        "[Lithium|Spodumene] prices [have|] <fell> {pct}% [this year|since {month}], {firm} [data show|says].",
    ],
    "recycling": [
        "The {place} <plant> [can|will] [recover|extract] lithium, nickel and cobalt from {tonnes} tonnes [of packs|of scrap] a year.",
        "{recycler} [employs|will employ] {jobs} [people|workers] [in {place}|there].",
        "{person}, {recycler}'s [chief executive|founder], <said> recycled [metals|material] [cost|are] {pct}% [less|cheaper] [than mined|].",
        "{co} [will send|plans to send] [scrap|end-of-life packs] from its {place2} <plant> to {recycler}.",
    ],
    "review": [
        "[In our test,|On test,|Over the week,] the {model} [averaged|used|returned] {efficiency} kWh per 100 km.",
        "The {model}'s {kwh} kWh battery [charged|went] from 10 to 80% in {minutes} minutes [on a {kw} kW charger|].",
        "[Cabin|Boot|Rear] space [is|was] [generous|tight|average] [for a {body}|] at {litres} litres.",
        "At ${price}, the {model} [costs|is] ${small} [more|less] than the {rco} {rmodel}.",
    ],
    "venture": [
        "The joint venture [will be|is] [based|headquartered] in {place} and [employ|have] {jobs} [staff|people].",
        "{co} [will hold|holds] {share}% of the venture and {rco} the rest.",
        "[Regulators|Competition authorities] in {region} [must|still need to] [approve|clear] the <deal>.",
        "{person}, {co}'s {role}, <said> the {tech} [platform|cells] [would|will] [debut|appear] in {year2}.",
    ],
    "tech": [
        "The {tech} cell [retained|kept] {soh}% of [its|] capacity after {cycles} cycles [in tests|in lab tests].",
        "{supplier} [plans|aims] to [build|reach] {gwh} GWh of {tech} capacity by {year2}.",
        "{person}, {supplier}'s {role}, <said> the {tech} cells [would|will] cost <about> ${kwh_price} per kWh [at scale|by {year2}].",
        "[Independent|Third-party] [testers|labs] [confirmed|verified] the {wh} Wh/kg [figure|density] [in {month}|].",
    ],
    "ranking": [
        "{rco} [sold|registered] {units3} <cars> in {region} in {month}, [second|third] [behind|after] {co}.",
        "[Battery-electric|Electric] cars [took|had] {share}% of [new-car|all] registrations in {region} in {month}.",
        "The {rco} {rmodel} [came|finished|was] [second|third] with {units4} [sales|registrations].",
        "[Year to date|So far this year], EV registrations in {region} [are|stand] {pct2}% [higher|up].",
    ],
    "bankruptcy": [
        "{startup} [had|delivered] [fewer than|only] {units3} <cars> [since its founding|since {year0}].",
        "[Creditors|Suppliers] [including|such as] {supplier} [are owed|claim] ${millions2} million.",
        "{person}, {startup}'s [founder|chief executive], [blamed|cited] [high interest rates|weak demand|a failed funding round].",
        "[The court|An administrator] [will|is to] [decide|rule] on [the sale|bids] [by {month}|in {month}].",
    ],
}
# Analysis, opinion, guides: most single-outlet pieces are not news of an event at all.
FEATURE_HEADLINES = [
    "Why {co}'s {model} [is struggling|is winning|matters|keeps selling] in {region}",
    "[Opinion|Analysis|Comment]: {co} [needs|lacks|has] a {tech} [plan|strategy|answer]",
    "How {co} [plans to|hopes to|could] [beat|catch|outsell] {rco} in {region}",
    "{n_models} things [we learned|to know] about {co}'s {tech} [plans|push|bet]",
    "[Guide|Explainer]: [charging|buying|leasing|insuring] a {model} in {region}",
    "Is the {co} {model} [worth|a better buy than] the {rco} {rmodel}?",
    "[Inside|A visit to|On the line at] {co}'s {place} <plant>",
    "[Interview|Q&A]: {person} of {firm} on {region}'s EV [market|slowdown|boom]",
    "What {feature} [means|tells us] about {co}'s [software|strategy|ambitions]",
    "[Chart|Data]: {region} [charging|EV|battery] [gaps|trends|prices] in {month}",
    "[The case for|The case against|Rethinking] {tech} batteries in {body}s",
    "[Letter from|Dispatch from|Notes from] {place}: [EVs|chargers|robotaxis] and [taxis|buses|vans]",
]
BACKGROUND = [
    "{co} [shares|stock] [rose|fell|slipped|climbed|edged up|dropped] {pct}% [on {weekday}|in early trading|by midday|over the week].",
    "[Analysts at|A note from|Researchers at] {firm} [estimate|expect|reckon] {co} [could|may|will] [sell|deliver|build] {units} [vehicles|cars|EVs] [in {year}|this year|by {year2}].",
    "{person}, {arole} at {firm}, [said|noted|argued] [that|] {co} [faces|is facing] [tougher|growing|stiff] competition [in {region}|from {rco}].",
    "[Battery|Cell] prices [fell|dropped|declined] to ${kwh_price} per kWh [in {year}|last year], [according to|says|per] {firm}.",
    "The {rco} {rmodel} [remains|is still] the [best-selling|most popular|top-selling] {body} in {region}.",
    "[Registrations|Sales] of [electric cars|EVs|battery-electric vehicles] in {region} [rose|grew|increased|fell] {pct}% in {month}.",
    "{supplier} [opened|announced|is building] a [plant|factory|facility] in {place} [last year|in {year}|this spring].",
    "[Lithium|Lithium carbonate] [traded|sold] at about ${lithium} a [tonne|ton] [in {month}|this week].",
    "{charger} [runs|operates] [about|roughly|some] {stalls} [stalls|chargers] in {region}.",
    "[Used|Second-hand] {model} prices [have fallen|dropped|slid] {pct}% [since {month}|over the past year], [data from|figures from] {firm} [show|suggest].",
    "{co} [builds|assembles|makes] the {model} in {place} [and {place2}|alongside other models|for export].",
    "[Dealers|Retailers] in {region} [report|say] [waiting times|lead times] of {weeks} weeks for the {model}.",
    "{regulator} [has also been|is also] [reviewing|looking at] [driver-assistance|charging|software] [rules|standards] [this year|since {month}].",
    "[Charging|Electricity] costs [average|run at] {cents} cents per kWh [in {region}|at public stations].",
    "{co} [reported|posted] a gross margin of {margin}% in [its last quarter|{quarter}].",
    "[Consumers|Buyers|Drivers] [in {region}|] [cite|name|list] range, price and [charging|resale value] as their [main|top] [concerns|worries].",
    "{person}, {co}'s {role}, [told|said to] [reporters|investors|analysts] [in {place}|on a call] that [demand|orders] [remained|stayed|were] [strong|solid|soft].",
    "The {model} [offers|has|gets] {km} km of [range|WLTP range|EPA range] from a {kwh} kWh [pack|battery].",
    "[Software|Driver-assistance] [subscriptions|packages] [cost|start at] ${monthly} a month [on the {model}|for {co} owners].",
    "{co} [and|has partnered with|works with] {supplier} on [next-generation|solid-state|sodium-ion|LFP] [cells|batteries].",
    "[Exports|Shipments] of Chinese-built EVs [to {region}|abroad] [reached|hit|topped] {units} [in {month}|last month].",
    "[Insurance|Repair] costs for [EVs|electric cars] [remain|are still] [about|roughly] {pct}% [higher|above] [those of|than] [petrol|combustion] cars.",
    "{firm} [counts|lists|tracks] {n_models} [electric|battery-powered] models [on sale|available] in {region}.",
    "[The|Its] {place} [plant|factory|site] [employs|has] {jobs} [workers|people|staff].",
    "[Residual|Resale] values [of EVs|for electric cars] [in {region}|] [stabilised|recovered|weakened] in {month}, [said|according to] {firm}.",
    "{co} [plans|aims|wants] to [launch|introduce|bring] {n_models} [new|] [electric|battery] models by {year2}.",
    "[Public|Fast] chargers in {region} [now number|total|reached] {stalls} [sites|points|units], [up|a rise of] {pct}%.",
    "[Government|State] [incentives|subsidies|tax credits] of ${small} [per car|per vehicle] [expire|end|ran out] [in {month}|this year].",
    "{rco} [cut|raised|held] prices on the {rmodel} [in {region}|] [last week|in {month}|this month].",
    "The [average|typical] [transaction|selling] price of an EV in {region} [was|fell to|rose to] ${price} in {month}.",
    "{supplier} [supplies|provides|makes] [cells|inverters|chips|motors] for the {model} [and|as well as] the {rmodel}.",
    "[Fleet|Company-car] buyers [accounted for|made up] {share}% of [EV|electric] [registrations|sales] in {region}.",
    "[Factory|Plant] utilisation at {co} [was|stood at|ran at] [about|around|roughly] {share}% [in {quarter}|last quarter].",
    "{person} [previously|formerly] [worked|served] at {rco} [as|in the role of] {role}.",
    "[Range|Winter range] [tests|trials] by {firm} [found|showed] the {model} [kept|retained|lost] {share}% of its [rated|official] range.",
    "{co} [said|expects|forecast] [it would|to] [break even|turn a profit|reach positive cash flow] [by {year2}|in {year}].",
    "[Union|Labour] [talks|negotiations] at {co}'s {place} [plant|site] [resume|continue|stalled] [on {weekday}|next week|in {month}].",
    "{co}'s [order book|backlog] [for the {model}|] [stands at|is about|reached] {units} [vehicles|units|orders].",
    "The [EU|US|Chinese] [market|EV market] [grew|expanded|shrank] {pct}% in {quarter}, [according to|says] {firm}.",
    "[Solid-state|Sodium-ion|LFP] [cells|batteries] [from {supplier}|] [could|may|will] [reach|enter] [production|the market] [in {year2}|by {year2}].",
    "{co} [recalled|has recalled] {units2} [vehicles|cars] [in {region}|] [earlier this year|in {month}|last year].",
    "[The {model}|{co}'s {model}] [scored|earned|received] [five stars|four stars|a top rating] in [Euro NCAP|safety] [tests|testing].",
    "[Wholesale|Spot] [power|electricity] prices in {region} [rose|fell] {pct}% [in {month}|this quarter].",
    "{co} [aims|plans] to [cut|lower|reduce] [battery|production] costs by {pct}% [by {year2}|over {years} years].",
    "[Home|Workplace] charging [accounts for|covers] about {share}% of [charging sessions|energy] [in {region}|], {firm} [estimates|says].",
]
STARTUPS = [
    f"{a} {b}"
    for a in _names(
        "Volta; Ampere; Flux; Aurora; Nova; Helio; Lumen; Kinetic; Arcfield; Ionic; Terra; "
        "Quanta; Vektor; Axion; Polaris; Zenith; Boreal; Solis; Cobalt Peak; Argon"
    )
    for b in _names("Motors; Mobility; Energy; Power; Labs; Drive; Robotics; Systems; Cells; Auto")
]
INVESTORS = _names(
    "Sequoia; SoftBank Vision Fund; Temasek; Mubadala; PIF; BlackRock; "
    "Breakthrough Energy Ventures; Lowercarbon Capital; Tiger Global; Hillhouse; HongShan; "
    "Eclipse Ventures; Kleiner Perkins; Fidelity; T. Rowe Price; General Atlantic; EQT; "
    "Goldman Sachs; Morgan Stanley; JPMorgan"
)
TECHS = _names(
    "solid-state; sodium-ion; LFP; LMFP; semi-solid; silicon-anode; 4680; lithium-sulfur; "
    "lithium-metal; condensed; manganese-rich; cell-to-body"
)
FEATURES = _names(
    "hands-free highway driving; vehicle-to-load; bidirectional charging; a new navigation app; "
    "automatic parking; battery preconditioning; a pet mode; wireless CarPlay; "
    "automatic lane changes; a towing mode; one-pedal driving; a route planner; Plug & Charge; "
    "remote climate control; traffic light recognition; a range boost; a new voice assistant; "
    "a sentry camera mode; launch control; a camping mode"
)
CLAIMS = _names(
    "misleading range claims; battery defects; phantom braking; a defective heat pump; "
    "overstated self-driving features; patent infringement; unpaid wages; "
    "discrimination at a plant; software subscription fees; charging speed claims; "
    "price cuts without refunds; data privacy; a cracked windscreen defect; delayed deliveries"
)
COURTS = _names(
    "a California federal court; the High Court in London; a Munich regional court; "
    "a Shanghai court; a Delaware court; the Paris commercial court; a Texas state court; "
    "a Seoul court; an Amsterdam court; a Michigan federal court; a Sydney court"
)
UNIONS = _names(
    "the UAW; IG Metall; Unite; the CGT; FIOM; the Korean Metal Workers' Union; IF Metall; "
    "Unifor; CCOO; the CUT"
)
EXCHANGES = _names(
    "Nasdaq; the NYSE; the Hong Kong exchange; Shanghai's STAR Market; Euronext Amsterdam; "
    "the Frankfurt exchange; the Tokyo exchange; the Bombay Stock Exchange"
)
MINERS = _names(
    "Pilbara Minerals; Sigma Lithium; Atlas Lithium; Piedmont; Vulcan Energy; Liontown; "
    "Core Lithium; Savannah Resources; Keliber; Lithium Americas; Arcadium; "
    "Mineral Resources; Ioneer; Standard Lithium; Latin Resources; Frontier Lithium"
)
MINES = [
    f"{a} {b}"
    for a in _names(
        "Thacker; Kathleen; Greenbushes; Mibra; Barroso; Rhyolite; Cinovec; Jadar; Kings; "
        "Whabouchi; Zinnwald; Mariana; Pastos; Tanco; Bald Hill; Goulamina; Arcadia; Rose"
    )
    for b in _names("Pass; Ridge; Lake; Valley; Flats; Creek; Hill")
]
RECYCLERS = _names(
    "Redwood Materials; Li-Cycle; Ascend Elements; Cirba Solutions; Hydrovolt; Umicore; Brunp; "
    "GEM; Altilium; Fortum; Ecobat; Stena Recycling; Revolt"
)
BODIES = ["SUV", "sedan", "hatchback", "crossover", "wagon", "pickup", "van", "coupe"]
COPY_INTROS = [
    "{co} news from {region}, [syndicated|republished] [with permission|from a partner]",
    "[This story|This article] [first appeared|was first published] on [a partner site|our partner site]",
    "[UPDATED|UPDATE] [with details|with comment] on {co} and the {model}",
    "[Editor's note|Note]: [figures|details] [may change|are preliminary]",
]

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r"\s+([,.;:])|\s{2,}")


_SYNONYM = re.compile(r"<(\w+)>")


def _fill(template: str, ctx: dict[str, str], rng: random.Random) -> str:
    text = _SYNONYM.sub(lambda m: f"[{SYNONYMS[m.group(1)]}]", template)
    while "[" in text:  # innermost alternatives first
        text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = text.format(**ctx)
    text = _SPACES.sub(lambda m: m.group(1) or " ", text).strip()
    return text[0].upper() + text[1:]


def _num(rng: random.Random, low: int, high: int, step: int = 1) -> str:
    return f"{rng.randrange(low, high, step):,}"


def _context(rng: random.Random, year: int) -> dict[str, str]:
    """Entities and figures for one event or one background sentence."""
    co, models, _hq = rng.choice(COMPANIES)
    rco, rmodels, _ = rng.choice([c for c in COMPANIES if c[0] != co])
    model = rng.choice(models)
    month = rng.randrange(12)
    return {
        "co": co,
        "model": model,
        "newmodel": f"{model} {rng.choice(SUFFIXES)}",
        "rco": rco,
        "rmodel": rng.choice(rmodels),
        "supplier": rng.choice(SUPPLIERS),
        "charger": rng.choice(CHARGERS),
        "firm": rng.choice(FIRMS),
        "regulator": rng.choice(REGULATORS),
        "place": rng.choice(PLACES),
        "place2": rng.choice(PLACES),
        "region": rng.choice(REGIONS),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "person2": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "role": rng.choice(ROLES),
        "arole": rng.choice(ANALYST_ROLES),
        "fault": rng.choice(FAULTS),
        "body": rng.choice(BODIES),
        "month": MONTHS[month],
        "quarter": f"Q{month // 3 + 1}",
        "weekday": rng.choice(WEEKDAYS),
        "year": str(year + rng.randrange(0, 2)),
        "year2": str(year + rng.randrange(2, 7)),
        "units": _num(rng, 1_200, 480_000, 7),
        "units2": _num(rng, 3_000, 2_400_000, 11),
        "units3": _num(rng, 300, 90_000, 3),
        "units4": _num(rng, 1_000, 500_000, 13),
        "pct": str(rng.randrange(3, 48)),
        "share": str(rng.randrange(8, 90)),
        "margin": f"{rng.randrange(30, 290) / 10:.1f}",
        "billions": f"{rng.randrange(12, 980) / 10:.1f}",
        "billions2": f"{rng.randrange(12, 980) / 10:.1f}",
        "millions": _num(rng, 20, 2_900, 5),
        "price": _num(rng, 14_000, 120_000, 10),
        "small": _num(rng, 300, 9_000, 50),
        "jobs": _num(rng, 150, 14_000, 10),
        "capacity": _num(rng, 40_000, 900_000, 5_000),
        "gwh": str(rng.randrange(4, 180)),
        "km": str(rng.randrange(240, 820, 5)),
        "kwh": f"{rng.randrange(380, 1250) / 10:.1f}",
        "kw": str(rng.choice([120, 150, 180, 250, 300, 350, 400, 480, 600])),
        "minutes": str(rng.randrange(12, 40)),
        "stalls": _num(rng, 40, 12_000, 10),
        "stalls2": _num(rng, 500, 60_000, 25),
        "per_site": str(rng.randrange(4, 40)),
        "incidents": str(rng.randrange(6, 900)),
        "kwh_price": str(rng.randrange(48, 140)),
        "lithium": _num(rng, 7_000, 80_000, 250),
        "cents": str(rng.randrange(18, 89)),
        "weeks": str(rng.randrange(2, 40)),
        "monthly": str(rng.randrange(5, 199)),
        "n_models": str(rng.randrange(3, 140)),
        "years": str(rng.randrange(2, 30)),
        "year0": str(rng.randrange(2008, 2023)),
        "pct2": str(rng.randrange(2, 30)),
        "startup": rng.choice(STARTUPS),
        "investor": rng.choice(INVESTORS),
        "investor2": rng.choice(INVESTORS),
        "tech": rng.choice(TECHS),
        "feature": rng.choice(FEATURES),
        "version": f"{year}.{rng.randrange(2, 52)}.{rng.randrange(1, 12)}",
        "claim": rng.choice(CLAIMS),
        "court": rng.choice(COURTS),
        "plaintiffs": _num(rng, 40, 90_000, 7),
        "union": rng.choice(UNIONS),
        "exchange": rng.choice(EXCHANGES),
        "miner": rng.choice(MINERS),
        "mine": rng.choice(MINES),
        "recycler": rng.choice(RECYCLERS),
        "fleet": _num(rng, 20, 2_500),
        "fleet2": _num(rng, 500, 12_000, 10),
        "area": str(rng.randrange(30, 900)),
        "fare": str(rng.randrange(5, 40)),
        "days": str(rng.randrange(2, 40)),
        "hours": str(rng.randrange(2, 30)),
        "litres": _num(rng, 300, 60_000, 10),
        "mileage": _num(rng, 5_000, 60_000, 100),
        "km2": str(rng.randrange(200, 700, 5)),
        "efficiency": f"{rng.randrange(130, 260) / 10:.1f}",
        "wh": str(rng.randrange(250, 520)),
        "soh": str(rng.randrange(80, 97)),
        "cycles": _num(rng, 800, 8_000, 50),
        "tonnes": _num(rng, 5_000, 120_000, 500),
        "reserves": f"{rng.randrange(20, 900) / 10:.1f}",
        "grade": f"{rng.randrange(6, 24) / 10:.1f}",
        "shares": str(rng.randrange(5, 90)),
        "share_price": str(rng.randrange(8, 60)),
        "millions2": _num(rng, 20, 2_900, 5),
        "millions3": _num(rng, 5, 900),
    }


# -- the stream ------------------------------------------------------------------------------

P_EVENT = 0.065  # a new original starts an event that 2-5 outlets will report
P_COPY = 0.055  # an original is syndicated (near-copy) by another outlet
P_FEATURE = 0.5  # a single-outlet piece is analysis, opinion or a guide rather than news
KINDS = list(HEADLINES)


@dataclass
class Event:
    id: int
    kind: str
    ctx: dict[str, str]
    size: int
    first_url: str = ""
    outlets: list[int] = field(default_factory=list)


class Synthetic:
    """One generated article. Its words are written on first use, from its own seeded RNG, so
    a rerun with a cached archive can run through the stream without writing the archive."""

    def __init__(
        self,
        index: int,
        kind: str,
        member: int,
        url: str,
        published: str,
        source: str,
        render: Callable[[], tuple[str, str]],
        event_url: str = "",
        original_url: str = "",
    ) -> None:
        self.index = index
        self.kind = kind  # "unique", "event" (one of several outlets' reports) or "copy"
        self.member = member  # position within its event (0: the first report)
        self.url = url
        self.published = published
        self.source = source
        self.event_url = event_url  # the event's first report (kind "event", member > 0)
        self.original_url = original_url  # what a copy copies
        self._render: Callable[[], tuple[str, str]] | None = render
        self._content = ("", "")

    @property
    def content(self) -> tuple[str, str]:
        if self._render is not None:
            self._content, self._render = self._render(), None
        return self._content

    @property
    def title(self) -> str:
        return self.content[0]

    @property
    def text(self) -> str:
        return self.content[1]

    def json_line(self) -> str:
        row = {
            "url": self.url,
            "title": self.title,
            "text": self.text,
            "published": self.published,
            "source": self.source,
        }
        return json.dumps(row, ensure_ascii=False)


def _slug(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _write_article(event: Event, rng: random.Random, year: int) -> tuple[str, str]:
    """One outlet's own report of `event`: its own headline, lead and wording, the event's
    names and figures, then background sentences up to a 200-600-word body."""
    ctx = event.ctx
    if event.kind == "feature":
        title = _fill(rng.choice(FEATURE_HEADLINES), ctx, rng)
        lead, *facts = (_fill(s, ctx, rng) for s in rng.sample(BACKGROUND, rng.randint(3, 5)))
    else:
        title = _fill(rng.choice(HEADLINES[event.kind]), ctx, rng)
        lead = _fill(rng.choice(LEADS[event.kind]), ctx, rng)
        facts = [_fill(s, ctx, rng) for s in rng.sample(FACTS[event.kind], rng.randint(2, 4))]
    target = rng.randint(200, 600)
    background: list[str] = []
    words = len(lead.split()) + sum(len(s.split()) for s in facts)
    while words < target:
        local = _context(rng, year)
        if rng.random() < 0.35:
            local["co"], local["model"] = ctx["co"], ctx["model"]
        sentence = _fill(rng.choice(BACKGROUND), local, rng)
        background.append(sentence)
        words += len(sentence.split())
    body = background
    for i, fact in enumerate(facts[1:]):  # reports lead with the news, background follows
        body.insert(min(len(body), i * 2 + rng.randrange(2)), fact)
    paragraphs = [f"{lead} {facts[0]}"]
    while body:
        size = rng.choice([1, 2, 2, 3, 3, 4])
        paragraphs.append(" ".join(body[:size]))
        body = body[size:]
    return title, "\n\n".join(paragraphs)


def _near_copy(original: Synthetic, event: Event, rng: random.Random) -> tuple[str, str]:
    """Syndication: the same body with a changed first line and the last paragraph dropped."""
    paragraphs = original.text.split("\n\n")
    _, _, rest = paragraphs[0].partition(". ")
    intro = _fill(rng.choice(COPY_INTROS), event.ctx, rng)
    paragraphs[0] = f"{intro}. {rest}" if rest else f"{intro}."
    if len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    title = original.title
    if rng.random() < 0.5 and event.kind in HEADLINES:
        title = _fill(rng.choice(HEADLINES[event.kind]), event.ctx, rng)
    return title, "\n\n".join(paragraphs)


class ArticleStream:
    """A deterministic, time-ordered stream: the archive is its first S items, the probes the
    next ones. Slots are evenly spaced (`per_day`); a slot goes to a scheduled follow-up report
    or copy when one is due, else to a new event (usually reported by one outlet only)."""

    def __init__(self, seed: int, per_day: float) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.interval = 86_400.0 / per_day
        self.pending: list[tuple[float, int, str, Event, Synthetic | None]] = []
        self.sequence = 0
        self.index = 0
        self.events = 0
        self.last_published = ""

    def __iter__(self) -> Iterator[Synthetic]:
        return self

    def __next__(self) -> Synthetic:
        rng = self.rng
        at = self.index * self.interval + rng.uniform(0, self.interval * 0.9)
        when = START + timedelta(seconds=at)
        own_rng = random.Random(f"{self.seed}:{self.index}")
        if self.pending and self.pending[0][0] <= at:
            _, _, kind, event, original = heapq.heappop(self.pending)
            if original is not None:
                item = self._copy(original, event, when, own_rng)
            else:
                item = self._report(event, "event", when, own_rng)
        else:
            self.events += 1
            event = Event(self.events, rng.choice(KINDS), _context(rng, when.year), 1)
            if rng.random() < P_EVENT:
                event.size = rng.randint(2, 5)
                for _ in range(event.size - 1):
                    self._schedule(at + rng.uniform(1_800, 30 * 3_600), "event", event, None)
            elif rng.random() < P_FEATURE:
                event.kind = "feature"
            item = self._report(event, "event" if event.size > 1 else "unique", when, own_rng)
        if item.kind != "copy" and rng.random() < P_COPY:
            self._schedule(at + rng.uniform(600, 12 * 3_600), "copy", event, item)
        self.index += 1
        self.last_published = item.published
        return item

    def _schedule(self, due: float, kind: str, event: Event, original: Synthetic | None) -> None:
        self.sequence += 1
        heapq.heappush(self.pending, (due, self.sequence, kind, event, original))

    def _url(self, outlet: int, when: datetime, event: Event) -> str:
        slug = _slug(f"{event.ctx['co']} {event.kind}")
        return f"https://{OUTLETS[outlet][1]}/{when:%Y/%m/%d}/{slug}-{self.index}"

    def _report(self, event: Event, kind: str, when: datetime, rng: random.Random) -> Synthetic:
        outlet = rng.choice([i for i in range(len(OUTLETS)) if i not in event.outlets])
        event.outlets.append(outlet)
        url = self._url(outlet, when, event)
        item = Synthetic(
            self.index,
            kind,
            len(event.outlets) - 1,
            url,
            to_iso(when),
            OUTLETS[outlet][0],
            lambda: _write_article(event, rng, when.year),
            event_url=event.first_url,
        )
        event.first_url = event.first_url or url
        return item

    def _copy(
        self, original: Synthetic, event: Event, when: datetime, rng: random.Random
    ) -> Synthetic:
        outlet = rng.choice([i for i, o in enumerate(OUTLETS) if o[0] != original.source])
        return Synthetic(
            self.index,
            "copy",
            0,
            self._url(outlet, when, event),
            to_iso(when),
            OUTLETS[outlet][0],
            lambda: _near_copy(original, event, rng),
            original_url=original.url,
        )


# -- building an archive ---------------------------------------------------------------------

CODE_FILES = ["importer.py", "assign.py", "dedup.py", "stories.py", "store/*.py"]


def fixed_clock(stream_end: datetime) -> Callable[[], str]:
    """The importer's "now": after every generated publication time, so none is clamped."""
    now = to_iso(stream_end)
    return lambda: now


def clock_for(per_day: float) -> Callable[[], str]:
    # far enough after START for any archive this script builds (10M articles at 300/day)
    return fixed_clock(START + timedelta(days=10_000_000 / per_day + 30))


def code_digest() -> str:
    """Hash of the code that decides what an archive contains."""
    digest = hashlib.sha1()
    for pattern in CODE_FILES:
        for path in sorted((ROOT / "aggregator").glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_name(size: int, seed: int, per_day: float) -> str:
    return f"dedup-archive-{size}-seed{seed}-pd{per_day:g}-g{GENERATOR_VERSION}.db"


def load_archive(
    path: Path,
    stream: ArticleStream,
    size: int,
    clock: Callable[[], str],
    workdir: Path,
    chunk: int = 2_000,
) -> None:
    """Import the stream's next `size` articles into a fresh database at `path`, in chunks
    through `importer.import_jsonl` (the archive-import path), printing progress.
    """
    db = store.open_db(path)
    done = int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    if done:  # an interrupted build: every stream item became one article, in order
        print(f"    resuming an interrupted build at {done:,} articles", flush=True)
        for _ in range(done):
            next(stream)
    resumed = done
    importing = 0.0
    started = time.perf_counter()
    batch = workdir / "archive-chunk.jsonl"
    while done < size:
        count = min(chunk, size - done)
        with batch.open("w", encoding="utf-8") as handle:
            for _ in range(count):
                handle.write(next(stream).json_line() + "\n")
        t0 = time.perf_counter()
        summary = importer.import_jsonl(db, batch, clock=clock)
        elapsed = time.perf_counter() - t0
        importing += elapsed
        if summary.errors:
            raise SystemExit(f"import errors: {summary.errors[:3]}")
        done += count
        wall = time.perf_counter() - started
        eta = wall / (done - resumed) * (size - done)
        print(
            f"    loaded {done:>9,}/{size:,}  this chunk {count / elapsed:6.0f}/s  "
            f"overall {(done - resumed) / importing:6.0f}/s  elapsed {wall:6.0f} s  "
            f"eta {eta:5.0f} s",
            flush=True,
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    batch.unlink()
    if importing:
        rate = (size - resumed) / importing
        print(f"    load rate {rate:.0f} articles/s ({importing:.0f} s importing)")


def store_missing_features(path: Path, chunk: int = 2_000) -> None:
    """An archive cached by code older than stored story features (migration m025, or an
    older `stories.FEATURES_VERSION`) holds none: store what the writer now stores with each
    article, so the probes meet the archive this code's writer leaves (computed by worker
    processes, once: the cache keeps them)."""
    db = store.open_db(path)
    missing = [
        int(row[0])
        for row in db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_features f ON f.article_id = a.id "
            "AND f.version = ? WHERE f.article_id IS NULL ORDER BY a.id",
            [stories.FEATURES_VERSION],
        )
    ]
    if missing:
        print(f"    storing the story features of {len(missing):,} articles", flush=True)
        with workers.make_executor() as executor:
            for start in range(0, len(missing), chunk):
                ids = missing[start : start + chunk]
                marks = ", ".join("?" for _ in ids)
                rows = db.execute(
                    f"SELECT id, title, substr(text, 1, {store.MEMBER_TEXT_CHARS}) "
                    f"FROM articles WHERE id IN ({marks})",
                    ids,
                ).fetchall()
                titles = [row[1] for row in rows]
                leads = [row[2] for row in rows]
                docs = executor.map(stories.compute_features, titles, leads, chunksize=50)
                with store.transaction(db):
                    for row, doc in zip(rows, docs, strict=True):
                        store.store_features(db, int(row[0]), doc)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def schema_of(path: Path) -> dict[str, str]:
    """Each table, index and trigger of a database and its statement (spacing aside)."""
    db = store.open_db(path)
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
    found = {name: " ".join((sql or "").split()) for name, sql in rows}
    db.conn.close()
    return found


def schema_drift(path: Path, workdir: Path) -> list[str]:
    """What a cached archive holds otherwise than a database this code creates: a migration
    changed after the archive had run it (m025 turned `term_stats` into a WITHOUT ROWID
    table only after a first version had migrated the archives cached that morning, so
    their document frequencies cost two searches per term where this code's cost one)."""
    fresh = workdir / "schema.db"
    ours, cached = schema_of(fresh), schema_of(path)
    fresh.unlink()
    return sorted(
        name for name in ours.keys() | cached.keys() if ours.get(name) != cached.get(name)
    )


def archive_facts(db: Any) -> dict[str, int]:
    tables = ["articles", "stories", "story_terms", "term_stats", "minhash_bands"]
    facts = {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}
    largest = db.execute("SELECT COALESCE(MAX(article_count), 0) FROM stories").fetchone()[0]
    facts["largest story"] = int(largest)
    return facts


# -- timing the per-article path -------------------------------------------------------------


@dataclass
class Probe:
    """What happened to one new article, and how long each step took (seconds)."""

    fingerprint: float = 0.0
    lookup: float = 0.0
    decide: float = 0.0
    insert: float | None = None
    decision: assign.Decision | None = None
    copy_candidates: int = 0
    candidate_stories: int = 0
    members_compared: int = 0
    features_computed: int = 0  # members' features not in this process's memo yet
    cpu: float = 0.0  # this process's CPU time in fingerprint, lookup and decide

    @property
    def dedup_assign(self) -> float:
        return self.fingerprint + self.lookup + self.decide

    @property
    def total(self) -> float:
        return self.dedup_assign + (self.insert or 0.0)


@dataclass
class BatchSteps:
    """Work `import_jsonl` does once per batch, after its articles (story consolidation)."""

    seconds: float = 0.0
    calls: int = 0


@contextmanager
def instrumented(probes: list[Probe], batch: BatchSteps) -> Iterator[None]:
    """Time the functions `importer._import_one` calls, by wrapping them where it looks them
    up (module attributes), so the measured path is exactly the importer's. A per-batch step
    (`assign.consolidate`, where the importer has one) is timed apart from the articles."""
    saved: list[tuple[Any, str, Any]] = []
    in_batch_step = False

    def wrap(module: Any, name: str, after: Callable[[Probe, float, Any], None]) -> None:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if after is new_probe and not in_batch_step:  # the first step: an article begins
                probes.append(Probe())
            t0, c0 = time.perf_counter(), time.process_time()
            result = original(*args, **kwargs)
            if not in_batch_step:
                after(probes[-1], time.perf_counter() - t0, result)
                if after in (new_probe, on_decide):
                    probes[-1].cpu += time.process_time() - c0
            return result

        saved.append((module, name, original))
        setattr(module, name, timed)

    original_fingerprint = dedup.fingerprint
    fingerprints: list[float] = []  # a batch is fingerprinted before its articles are placed

    def fingerprint(text: str) -> dedup.Fingerprint:
        t0, c0 = time.perf_counter(), time.process_time()
        result = original_fingerprint(text)
        fingerprints.append((time.perf_counter() - t0, time.process_time() - c0))
        return result

    original_compute = stories.compute_features
    computed = [0, 0]  # features computed in all, and when the current article began

    def compute_features(title: str, text: str) -> stories.StoryDoc:
        computed[0] += 1
        return original_compute(title, text)

    def new_probe(p: Probe, dt: float, result: Any) -> None:
        p.lookup += dt
        computed[1] = computed[0]  # the batch's own features were computed before

    def on_decide(p: Probe, dt: float, result: Any) -> None:
        p.decide, p.decision = p.decide + dt, result
        p.features_computed += computed[0] - computed[1]

    def on_insert(p: Probe, dt: float, _result: Any) -> None:
        p.insert = (p.insert or 0.0) + dt

    def on_copies(p: Probe, _dt: float, result: Any) -> None:
        p.copy_candidates += len(result)

    def on_stories(p: Probe, _dt: float, result: Any) -> None:
        p.candidate_stories += len(result)
        p.members_compared += sum(len(docs) for _story, docs in result)

    saved.append((dedup, "fingerprint", original_fingerprint))
    dedup.fingerprint = fingerprint
    saved.append((stories, "compute_features", original_compute))
    stories.compute_features = compute_features
    wrap(store, "find_article", new_probe)
    wrap(assign, "decide", on_decide)
    wrap(store.ArticleBatch, "insert", on_insert)  # the importer writes through a batch
    wrap(store.ArticleBatch, "add_aliases", on_insert)  # a duplicate's write (none expected)
    wrap(store, "copy_candidates", on_copies)  # counted only; their time is inside decide
    wrap(assign, "_comparable", on_stories)
    if hasattr(assign, "consolidate"):
        original_consolidate = assign.consolidate

        def consolidate(*args: Any, **kwargs: Any) -> Any:
            nonlocal in_batch_step
            in_batch_step = True
            t0 = time.perf_counter()
            try:
                return original_consolidate(*args, **kwargs)
            finally:
                batch.seconds += time.perf_counter() - t0
                batch.calls += 1
                in_batch_step = False

        saved.append((assign, "consolidate", original_consolidate))
        assign.consolidate = consolidate
    try:
        yield
    finally:
        for module, name, original in reversed(saved):
            setattr(module, name, original)
        for probe, (seconds, cpu) in zip(probes, fingerprints, strict=False):
            probe.fingerprint = seconds
            probe.cpu += cpu


@dataclass
class Outcome:
    copies: int = 0
    copies_linked: int = 0
    copies_right: int = 0
    followers: int = 0
    followers_joined: int = 0
    followers_right: int = 0
    firsts: int = 0
    firsts_merged: int = 0
    exact_duplicates: int = 0


def check_outcomes(db: Any, items: list[Synthetic], probes: list[Probe]) -> Outcome:
    """Did the probes get the links the generator planned? (Sanity, not a quality metric.)"""

    def article(url: str) -> int | None:
        return store.find_article(db, [url])

    def story(url: str) -> int | None:
        row = db.execute("SELECT story_id FROM articles WHERE id = ?", [article(url)]).fetchone()
        return row[0] if row else None

    out = Outcome()
    for item, probe in zip(items, probes, strict=True):
        decision = probe.decision
        assert decision is not None
        if decision.duplicate_of is not None:
            out.exact_duplicates += 1
            continue
        assert decision.placement is not None
        joined = decision.placement.story_id is not None
        if item.kind == "copy":
            out.copies += 1
            out.copies_linked += decision.copy_of is not None
            out.copies_right += decision.copy_of == article(item.original_url)
        elif item.kind == "event" and item.member > 0:
            out.followers += 1
            out.followers_joined += joined and decision.copy_of is None
            out.followers_right += joined and story(item.url) == story(item.event_url)
        else:
            out.firsts += 1
            out.firsts_merged += joined
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Result:
    size: int
    probes: list[Probe]
    outcome: Outcome
    facts: dict[str, int]
    db_bytes: int
    batch: BatchSteps
    batch_articles: int

    def stat(self, pick: Callable[[Probe], float | None]) -> tuple[float, float, float, int]:
        values = [v for v in (pick(p) for p in self.probes) if v is not None]
        if not values:
            return 0.0, 0.0, 0.0, 0
        mean = sum(values) / len(values)
        return (
            mean * 1e3,
            percentile(values, 0.5) * 1e3,
            percentile(values, 0.95) * 1e3,
            len(values),
        )


STEPS: list[tuple[str, Callable[[Probe], float | None]]] = [
    ("fingerprint (hash, MinHash, bands)", lambda p: p.fingerprint),
    ("URL lookup (find_article)", lambda p: p.lookup),
    ("decide (copies + story match)", lambda p: p.decide),
    ("= dedup + story assignment", lambda p: p.dedup_assign),
    ("  its CPU time (steadier under load)", lambda p: p.cpu),
    ("insert (separately)", lambda p: p.insert),
    ("whole per-article path", lambda p: p.total),
]


def report(result: Result, warmup: int) -> None:
    facts = ", ".join(f"{k} {v:,}" for k, v in result.facts.items())
    print(f"  archive: {facts}; {result.db_bytes / 1e6:.0f} MB")
    print(
        f"  {len(result.probes)} new articles timed ({warmup} warm-up articles before them not counted)"
    )
    print(f"    {'ms per new article':38} {'mean':>7} {'p50':>7} {'p95':>7}")
    for label, pick in STEPS:
        mean, p50, p95, _n = result.stat(pick)
        print(f"    {label:38} {mean:7.2f} {p50:7.2f} {p95:7.2f}")
    o = result.outcome
    n = len(result.probes)
    copies = sum(p.copy_candidates for p in result.probes)
    compared = sum(p.candidate_stories for p in result.probes)
    members = sum(p.members_compared for p in result.probes)
    computed = sum(p.features_computed for p in result.probes)
    print(
        f"  work done: {o.copies_linked}/{o.copies} planned copies linked as copies "
        f"({o.copies_right} to the right original); {o.followers_joined}/{o.followers} "
        f"follow-up reports joined an existing story ({o.followers_right} the right one); "
        f"{o.firsts_merged}/{o.firsts} first reports joined an existing story; "
        f"{o.exact_duplicates} exact duplicates"
    )
    print(
        f"  per new article: {copies / n:.2f} LSH copy candidates, "
        f"{compared / n:.2f} candidate stories examined ({members / n:.1f} members, of "
        f"which {computed / n:.1f} had their features computed: not yet in this process's "
        "memo)"
    )
    if result.batch.calls:
        print(
            f"  plus once per import batch: assign.consolidate {result.batch.seconds * 1e3:.0f} ms "
            f"for the {result.batch_articles} articles of the probe batch "
            f"({result.batch.seconds * 1e3 / result.batch_articles:.2f} ms per article; "
            "not in the figures above)"
        )


def run_size(
    size: int, args: argparse.Namespace, workdir: Path, clock: Callable[[], str]
) -> Result:
    print(f"\n== {size:,} articles stored ==", flush=True)
    stream = ArticleStream(args.seed, args.per_day)
    work = workdir / f"work-{size}.db"
    cached = args.cache_dir / cache_name(size, args.seed, args.per_day) if args.cache_dir else None
    stamp = cached.with_suffix(".code") if cached is not None else None
    if cached is not None and cached.exists() and args.rebuild:
        cached.unlink()
    if cached is not None and cached.exists():
        print(f"  using cached archive {cached}")
        built_by = stamp.read_text().strip() if stamp and stamp.exists() else "unknown"
        if built_by != code_digest():
            print(
                f"  NOTE: built by other aggregator code ({built_by}, now {code_digest()}: "
                f"{', '.join(CODE_FILES)}); --rebuild to rebuild it"
            )
        for _ in range(size):
            next(stream)  # lazily rendered: skipping writes no text
        store_missing_features(cached)
        if drift := schema_drift(cached, workdir):
            print(
                f"  NOTE: the cached archive's schema is not this code's ({', '.join(drift)}): "
                "a migration changed after it ran there; --rebuild for this schema's figures"
            )
    else:
        print(f"  building the archive ({size:,} articles through importer.import_jsonl)")
        # in the cache dir, so that an interrupted build is resumed by the next run
        target = work if cached is None else cached.with_suffix(".building")
        if cached is not None and args.rebuild:
            target.unlink(missing_ok=True)
        digest = code_digest()
        load_archive(target, stream, size, clock, workdir)
        if cached is not None and stamp is not None:
            target.replace(cached)  # checkpointed and closed: no -wal file is left
            stamp.write_text(digest + "\n")
            print(f"  cached as {cached}")
    if cached is not None and not work.exists():
        shutil.copyfile(cached, work)  # the probes write: never into the cache
    archive_end = stream.last_published
    items = [next(stream) for _ in range(args.warmup + args.probe)]
    print(
        f"  archive ends {archive_end}; probing with {len(items)} new articles "
        f"published {items[0].published} .. {items[-1].published}"
    )
    batch = workdir / f"probe-{size}.jsonl"
    batch.write_text("".join(item.json_line() + "\n" for item in items), encoding="utf-8")
    db = store.open_db(work)
    facts = archive_facts(db)
    probes: list[Probe] = []
    batch_steps = BatchSteps()
    profiler = cProfile.Profile() if args.profile else None
    # one batch, prepared in this process: worker processes would fingerprint the batches
    # after the first, where the timing wrappers cannot see them
    batch_size, importer.IMPORT_BATCH = importer.IMPORT_BATCH, len(items)
    try:
        with instrumented(probes, batch_steps):
            if profiler:
                profiler.enable()
            summary = importer.import_jsonl(db, batch, clock=clock)
            if profiler:
                profiler.disable()
    finally:
        importer.IMPORT_BATCH = batch_size
    if summary.errors or len(probes) != len(items):
        raise SystemExit(f"probe import went wrong: {summary.errors[:3]}, {len(probes)} timed")
    outcome = check_outcomes(db, items[args.warmup :], probes[args.warmup :])
    db.conn.close()
    result = Result(
        size, probes[args.warmup :], outcome, facts, work.stat().st_size, batch_steps, len(items)
    )
    report(result, args.warmup)
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(args.profile)
        print(f"  profile of the probe phase (top {args.profile} by own time):")
        print("\n".join("    " + line for line in text.getvalue().splitlines() if line.strip()))
    return result


def summarise(results: list[Result]) -> bool:
    base, top = results[0], results[-1]
    print("\n== summary: dedup + story assignment per new article ==")
    for r in results:
        mean, p50, p95, _ = r.stat(lambda p: p.dedup_assign)
        imean, ip50, _, _ = r.stat(lambda p: p.insert)
        cpu = r.stat(lambda p: p.cpu)[0]
        print(
            f"  {r.size:>9,} stored: mean {mean:6.2f} ms  p50 {p50:6.2f}  p95 {p95:6.2f}"
            f"  CPU {cpu:6.2f}   (insert: mean {imean:6.2f}, p50 {ip50:6.2f})"
        )
    ratio = top.stat(lambda p: p.dedup_assign)[0] / base.stat(lambda p: p.dedup_assign)[0]
    ratio50 = top.stat(lambda p: p.dedup_assign)[1] / base.stat(lambda p: p.dedup_assign)[1]
    ok = ratio <= TARGET_RATIO
    print(
        f"  ratio {top.size:,} / {base.size:,}: {ratio:.2f}x on the mean, {ratio50:.2f}x on "
        f"p50 (target <= {TARGET_RATIO:g}x on the mean): {'PASS' if ok else 'FAIL'}"
    )
    insert_ratio = top.stat(lambda p: p.insert)[0] / base.stat(lambda p: p.insert)[0]
    print(f"  (insert, not part of the target: {insert_ratio:.2f}x)")
    if base.batch.calls and top.batch.calls:
        per = [r.batch.seconds * 1e3 / r.batch_articles for r in (base, top)]
        print(
            f"  (assign.consolidate, once per import batch, not part of the target: "
            f"{per[0]:.2f} -> {per[1]:.2f} ms per article, {per[1] / per[0]:.2f}x)"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--probe", type=int, default=300, help="new articles timed per size")
    parser.add_argument("--warmup", type=int, default=10, help="untimed new articles first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-day", type=float, default=300.0, help="articles published a day")
    parser.add_argument("--cache-dir", type=Path, help="keep built archives here for reruns")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached archives")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile the probes: top N rows"
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    if args.probe < 20:
        parser.error("--probe: at least 20 for a p95")
    clock = clock_for(args.per_day)
    print(
        f"dedup + story assignment cost per new article; sizes {', '.join(f'{s:,}' for s in sizes)}; "
        f"{args.probe} probes; {args.per_day:g} articles/day; seed {args.seed}"
    )
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        results = [run_size(size, args, Path(tmp), clock) for size in sizes]
    if len(results) < 2:
        return 0
    return 0 if summarise(results) else 1


if __name__ == "__main__":
    sys.exit(main())
