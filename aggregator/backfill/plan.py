"""A backfill job on disk: its plan, one shard and markers per unit, next to the database.

    data/backfill/<job-id>/plan.json        what the job is: kind, bounds, topics, units
    data/backfill/<job-id>/unit-0007.jsonl  the unit's articles, in `aggregator import` format
    data/backfill/<job-id>/unit-0007.done   its counts; written after the shard: the unit is done
    data/backfill/<job-id>/unit-0007.failed why the unit could not be read at all
    data/backfill/<job-id>/unit-0007.merged the shard is in the database

The job id is a digest of the command (kind, inputs, bounds as typed, topics, database), so
running the same command again finds the same job: done units are not read again and merged
shards not merged again. Every file is written to a temporary name and renamed into place,
so a process killed at any moment leaves either the whole file or none: a unit without its
`.done` marker is simply done again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLAN = "plan.json"


@dataclass(frozen=True)
class Unit:
    """One piece of work: a WARC file (path or URL), or a batch of page URLs."""

    index: int
    kind: str  # "warc" | "sitemap"
    inputs: tuple[str, ...]


@dataclass
class UnitState:
    index: int
    state: str  # planned | done | failed | merged
    detail: dict[str, Any]


def state_root(database: str | Path) -> Path:
    return Path(database).resolve().parent / "backfill"


def job_id(database: str | Path, command: dict[str, Any]) -> str:
    """Stable for the same command on the same database."""
    key = json.dumps({"database": str(Path(database).resolve()), **command}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def write_atomically(path: Path, data: bytes) -> None:
    """Whole or absent, even after a kill or a power cut: temp file, fsync, rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Job:
    """The files of one job. Only the process running the job writes them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.id = directory.name

    @classmethod
    def create(cls, directory: Path, meta: dict[str, Any], units: Iterable[Unit]) -> Job:
        directory.mkdir(parents=True, exist_ok=True)
        plan = {**meta, "units": [{"kind": u.kind, "inputs": list(u.inputs)} for u in units]}
        write_atomically(directory / PLAN, json.dumps(plan, ensure_ascii=False, indent=1).encode())
        return cls(directory)

    @classmethod
    def find(cls, directory: Path) -> Job | None:
        return cls(directory) if (directory / PLAN).is_file() else None

    def plan(self) -> dict[str, Any]:
        return json.loads((self.directory / PLAN).read_text(encoding="utf-8"))

    def units(self) -> list[Unit]:
        return [
            Unit(index, entry["kind"], tuple(entry["inputs"]))
            for index, entry in enumerate(self.plan()["units"])
        ]

    def path(self, unit: int, suffix: str) -> Path:
        return self.directory / f"unit-{unit:04d}.{suffix}"

    def is_done(self, unit: int) -> bool:
        return self.path(unit, "done").exists()

    def is_merged(self, unit: int) -> bool:
        return self.path(unit, "merged").exists()

    def record_done(self, unit: int, shard: bytes, counts: dict[str, Any]) -> None:
        """The shard first, then its marker: a shard without a marker is not counted."""
        write_atomically(self.path(unit, "jsonl"), shard)
        write_atomically(self.path(unit, "done"), json.dumps(counts).encode())
        self.path(unit, "failed").unlink(missing_ok=True)

    def record_failed(self, unit: int, error: str) -> None:
        write_atomically(self.path(unit, "failed"), error.encode())

    def record_merged(self, unit: int, summary: dict[str, Any]) -> None:
        write_atomically(self.path(unit, "merged"), json.dumps(summary).encode())

    def states(self) -> list[UnitState]:
        found = []
        for unit in self.units():
            for state in ("merged", "done", "failed"):
                marker = self.path(unit.index, state)
                if marker.exists():
                    found.append(UnitState(unit.index, state, _detail(marker)))
                    break
            else:
                found.append(UnitState(unit.index, "planned", {}))
        return found

    def remove_leftovers(self) -> None:
        """Temporary files of a process killed while writing them."""
        for leftover in self.directory.glob(".unit-*.tmp"):
            leftover.unlink(missing_ok=True)

    def status(self) -> dict[str, Any]:
        """Units planned / done / failed, shards waiting to merge (for `backfill status`)."""
        plan = self.plan()
        states = self.states()
        count = {s: sum(1 for u in states if u.state == s) for s in ("merged", "done", "failed")}
        return {
            "job": self.id,
            "kind": plan["kind"],
            "created": plan["created"],
            "command": plan["command"],
            "units": len(states),
            "done": count["merged"] + count["done"],
            "failed": count["failed"],
            "pending": sum(1 for u in states if u.state == "planned"),
            "waiting_to_merge": count["done"],
            "merged": count["merged"],
            "errors": [u.detail["error"] for u in states if u.state == "failed"],
        }


def _detail(marker: Path) -> dict[str, Any]:
    text = marker.read_text(encoding="utf-8", errors="replace")
    if marker.suffix == ".failed":
        return {"error": text}
    return json.loads(text)


def jobs(database: str | Path) -> list[Job]:
    """The backfill jobs kept for this database, oldest first."""
    root = state_root(database)
    found = [Job.find(d) for d in sorted(root.iterdir())] if root.is_dir() else []
    mine = [j for j in found if j and j.plan().get("database") == str(Path(database).resolve())]
    return sorted(mine, key=lambda j: j.plan()["created"])
