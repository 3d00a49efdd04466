"""Story corrections: an analyst's merges and splits, applied and recorded in one transaction,
and the rule later passes read back from them (`stories_kept_apart`).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..stories import FEATURES_VERSION
from .connection import _dicts, transaction
from .stories import MEMBER_COLUMNS, MEMBER_FEATURES, Member, _fold_story, _refresh_story, split_off


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (the message says why, in one line)."""


def merge_stories_by_analyst(
    db: sqlite_utils.Database, *, keep: int, drop: int, by: str, at: str, note: str | None
) -> int:
    """Fold story `drop` into `keep` and record it; returns the correction's id. No pass ever
    splits a story, so nothing else is needed for the merge to last."""
    if keep == drop:
        raise CorrectionError(f"story {keep} cannot be merged into itself")
    with transaction(db):
        moved, stayed = list(_members(db, drop)), list(_members(db, keep))
        for story_id, members in ((keep, stayed), (drop, moved)):
            if not members:
                raise CorrectionError(f"no story {story_id} in the database")
        _fold_story(db, keep=keep, drop=drop)
        _refresh_story(db, keep)
        return _record(db, "merge", keep, drop, moved, stayed, by=by, at=at, note=note)


def split_articles_by_analyst(
    db: sqlite_utils.Database, article_ids: list[int], *, by: str, at: str, note: str | None
) -> tuple[int, int]:
    """Take `article_ids` (one story's articles) and their copies out into a new story;
    returns (correction id, new story id). The story keeps its id and the rest of its
    articles; both are recounted and re-headlined. The new story is found by the same key
    terms as the old one (a superset of its own): which story a later article joins is the
    scores' decision."""
    with transaction(db):
        rows = _dicts(
            db.execute(
                f"SELECT id, story_id, copy_of FROM articles WHERE id IN "
                f"({', '.join('?' for _ in article_ids)})",
                article_ids,
            )
        )
        found = {row["id"]: row for row in rows}
        missing = [a for a in article_ids if a not in found]
        if missing:
            raise CorrectionError(f"no article {missing[0]} in the database")
        old_story = found[article_ids[0]]["story_id"]
        for row in rows:
            if row["story_id"] != old_story:
                raise CorrectionError(
                    f"article {row['id']} is in story {row['story_id']}, not story {old_story}: "
                    "split one story at a time"
                )
            if row["copy_of"] is not None and row["copy_of"] not in found:
                raise CorrectionError(
                    f"article {row['id']} is a copy of article {row['copy_of']}: split "
                    f"{row['copy_of']} (its copies go with it) or name both"
                )
        members = _members(db, old_story)  # copies follow their original:
        moved = [a for a, original in members.items() if a in found or original in found]
        stayed = [a for a in members if a not in moved]
        if not stayed:
            raise CorrectionError(
                f"those are all the articles of story {old_story}: nothing to split"
            )
        new_story = split_off(db, old_story, moved)
        correction = _record(
            db, "split", old_story, new_story, moved, stayed, by=by, at=at, note=note
        )
        return correction, new_story


def undo_correction(db: sqlite_utils.Database, correction_id: int, *, by: str, at: str) -> int:
    """Put back what a correction changed and stop obeying it; returns the story that holds
    the articles it had moved. A split's two stories are merged again (with whatever joined
    them since); a merge's articles that are still in the story are taken out again into a
    story of their own, with their copies."""
    with transaction(db):
        found = _dicts(db.execute("SELECT * FROM story_corrections WHERE id = ?", [correction_id]))
        if not found:
            raise CorrectionError(f"no correction {correction_id} in the database")
        correction = found[0]
        if correction["undone_at"]:
            raise CorrectionError(
                f"correction {correction_id} was undone at {correction['undone_at']}"
            )
        moved, stayed = _sides(db, correction_id)
        home = _main_story(db, stayed)
        if correction["action"] == "split":
            away = _main_story(db, moved)
            if away != home:
                _fold_story(db, keep=home, drop=away)
                _refresh_story(db, home)
            result = home
        else:
            members = _members(db, home)
            back = [a for a, original in members.items() if a in moved or original in moved]
            if not back or len(back) == len(members):
                raise CorrectionError(
                    f"correction {correction_id}: story {home} no longer holds both sides"
                )
            result = split_off(db, home, back)
        db.execute(
            "UPDATE story_corrections SET undone_at = ?, undone_by = ? WHERE id = ?",
            [at, by, correction_id],
        )
        return result


def stories_kept_apart(db: sqlite_utils.Database, story_id: int) -> set[int]:
    """The stories an analyst's split keeps apart from `story_id`: those holding an article
    on the other side of a split from one of its articles."""
    rows = db.execute(
        "SELECT DISTINCT other.story_id FROM articles mine "
        "JOIN story_correction_articles m ON m.article_id = mine.id "
        "JOIN story_corrections c ON c.id = m.correction_id AND c.action = 'split' "
        "AND c.undone_at IS NULL "
        "JOIN story_correction_articles o ON o.correction_id = m.correction_id "
        "AND o.side != m.side "
        "JOIN articles other ON other.id = o.article_id "
        "WHERE mine.story_id = ? AND other.story_id != ?",
        [story_id, story_id],
    )
    return {int(row[0]) for row in rows}


def list_corrections(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every correction, newest first, with the articles it moved and those that stayed."""
    corrections = _dicts(db.execute("SELECT * FROM story_corrections ORDER BY id DESC"))
    for correction in corrections:
        for side in ("moved", "stayed"):
            correction[side] = [
                int(row[0])
                for row in db.execute(
                    "SELECT article_id FROM story_correction_articles "
                    "WHERE correction_id = ? AND side = ? ORDER BY article_id",
                    [correction["id"], side],
                )
            ]
    return corrections


def _sides(db: sqlite_utils.Database, correction_id: int) -> tuple[list[int], list[int]]:
    """The articles a correction moved, and those it left where they were."""
    sides: dict[str, list[int]] = {"moved": [], "stayed": []}
    for article_id, side in db.execute(
        "SELECT article_id, side FROM story_correction_articles WHERE correction_id = ? "
        "ORDER BY article_id",
        [correction_id],
    ):
        sides[side].append(int(article_id))
    return sides["moved"], sides["stayed"]


def _main_story(db: sqlite_utils.Database, article_ids: list[int]) -> int:
    """The story holding most of `article_ids` (the older one on a tie)."""
    marks = ", ".join("?" for _ in article_ids)
    row = db.execute(
        f"SELECT story_id FROM articles WHERE id IN ({marks}) "
        "GROUP BY story_id ORDER BY COUNT(*) DESC, story_id LIMIT 1",
        article_ids,
    ).fetchone()
    return int(row[0])


def _members(db: sqlite_utils.Database, story_id: int) -> dict[int, int | None]:
    """A story's articles, each with the original it is a copy of (None for originals)."""
    return {
        int(row[0]): row[1]
        for row in db.execute(
            "SELECT id, copy_of FROM articles WHERE story_id = ? ORDER BY id", [story_id]
        )
    }


def _record(
    db: sqlite_utils.Database,
    action: str,
    story_id: int,
    other_story_id: int,
    moved: list[int],
    stayed: list[int],
    *,
    by: str,
    at: str,
    note: str | None,
) -> int:
    correction = int(
        db.execute(
            "INSERT INTO story_corrections (action, made_at, made_by, note, story_id, "
            "other_story_id) VALUES (?, ?, ?, ?, ?, ?)",
            [action, at, by, note, story_id, other_story_id],
        ).lastrowid
    )
    db.conn.executemany(
        "INSERT INTO story_correction_articles (correction_id, article_id, side) VALUES (?, ?, ?)",
        [(correction, a, "moved") for a in moved] + [(correction, a, "stayed") for a in stayed],
    )
    return correction


def merged_parts(
    db: sqlite_utils.Database, story_ids: list[int], per_part: int
) -> dict[int, list[list[Member]]]:
    """For those of `story_ids` that an analyst merged: their parts, each as its `per_part`
    most recent originals (`Member`). A part is the articles that sit on the same sides
    of the same merges (what each merged story brought, and what joined since), oldest part
    first."""
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    merged = [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT a.story_id FROM story_corrections c "
            "JOIN story_correction_articles m ON m.correction_id = c.id "
            f"JOIN articles a ON a.id = m.article_id WHERE c.action = 'merge' "
            "AND c.undone_at IS NULL "
            f"AND a.story_id IN ({marks})",
            story_ids,
        )
    ]
    return {story_id: _parts(db, story_id, per_part) for story_id in sorted(merged)}


def _parts(db: sqlite_utils.Database, story_id: int, per_part: int) -> list[list[Member]]:
    rows = db.execute(
        f"SELECT {MEMBER_COLUMNS}, "
        "(SELECT group_concat(m.correction_id || m.side, ' ') FROM story_correction_articles m "
        " JOIN story_corrections c ON c.id = m.correction_id AND c.action = 'merge' "
        " AND c.undone_at IS NULL "
        f" WHERE m.article_id = a.id) FROM articles a {MEMBER_FEATURES} "
        "WHERE a.story_id = ? AND a.copy_of IS NULL ORDER BY a.id DESC",
        [FEATURES_VERSION, story_id],
    ).fetchall()
    parts: dict[frozenset[str], list[Member]] = {}
    for article_id, features, title, lead, sides in rows:
        member = Member(article_id, features, title or "", lead or "")
        parts.setdefault(frozenset((sides or "").split()), []).append(member)
    ordered = sorted(parts.values(), key=lambda part: part[-1].id)  # by its oldest article
    return [part[:per_part] for part in ordered]


def corrections_moving(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, list[int]]:
    """For each of `article_ids` that an analyst moved (merged in or split out): the
    corrections that moved it, oldest first."""
    if not article_ids:
        return {}
    marks = ", ".join("?" for _ in article_ids)
    moved: dict[int, list[int]] = {}
    for article_id, correction in db.execute(
        "SELECT m.article_id, m.correction_id FROM story_correction_articles m "
        "JOIN story_corrections c ON c.id = m.correction_id AND c.undone_at IS NULL "
        f"WHERE m.side = 'moved' AND m.article_id IN ({marks}) ORDER BY m.correction_id",
        article_ids,
    ):
        moved.setdefault(int(article_id), []).append(int(correction))
    return moved
