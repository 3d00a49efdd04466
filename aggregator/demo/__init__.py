"""`aggregator demo`: the whole product on a bundled local news site, without network.

`DemoSite` serves sample outlets on loopback; `write_config` writes the sources.yaml that
points the aggregator at them, with its own database, so the demo never touches the user's.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .site import DemoSite

__all__ = ["DATABASE", "DemoSite", "TOPICS", "write_config"]

DATABASE = "demo.db"
CONFIG = "sources.yaml"
TOPICS = [
    {"name": "Voltara", "terms": ["voltara", "aster"]},
    {"name": "Batteries", "terms": ["battery", "batteries", "cell", "cells", "lithium"]},
    {"name": "Charging", "terms": ["charger", "chargers", "charging"]},
    {"name": "Prices", "terms": ["price cut", "price cuts", "cuts prices", "undercuts"]},
]


def write_config(data_dir: Path, site: DemoSite) -> Path:
    """The demo's sources.yaml under `data_dir`: its outlets, loopback allowed (the site is
    on 127.0.0.1, which a real configuration refuses), no politeness delay (one local server
    stands in for ten hosts) and a few topics for the digest."""
    data_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "settings": {
            "database": str((data_dir / DATABASE).resolve()),
            "allow_private_addresses": ["127.0.0.0/8"],
            "limits": {"per_host_delay": 0, "per_host_concurrency": 8},
            "digest": {"other_stories": {"enabled": True, "min_sources": 2}},
        },
        "sources": [
            {"name": outlet.name, "feeds": [site.feed_url(outlet)]} for outlet in site.outlets()
        ],
        "topics": TOPICS,
    }
    path = data_dir / CONFIG
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
