"""Move ingested files to the event their corrected time now points at.

When the agenda or a camera's clock offset changes, ``retag`` moves files (with their
sidecars), catalogs and manifests together. A journal written before the first move
lets an interrupted run be finished by the next one, so ``verify`` always passes.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from media import catalog
from media.agenda import Agenda, Event
from media.atomic import fsync_dir, write_json_atomic
from media.clocks import Clocks, implausible
from media.ledger import Ledger
from media.library import KIND_FOLDERS, STATE_DIR, event_folder, event_folders
from media.locking import LibraryLock
from media.matching import match_event
from media.models import CancelToken, Kind, ProgressFn, no_progress
from media.naming import with_counter
from media.timeutil import DEFAULT_TZ, iso, local_wall_time

JOURNAL = "retag-journal.json"


@dataclass
class Move:
    item_id: str
    title: str | None
    from_folder: str  # event folders, relative to the library
    to_folder: str
    files: list[tuple[str, str]]  # (from, to), relative to the library
    item: dict[str, Any]  # the catalog record after the move

    def to_json(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "title": self.title,
            "from_folder": self.from_folder,
            "to_folder": self.to_folder,
            "files": self.files,
            "item": self.item,
        }


@dataclass
class RetagReport:
    moved: list[Move] = field(default_factory=list)
    updated: int = 0  # items whose corrected time changed but stayed in their folder
    unchanged: int = 0
    resumed: bool = False  # an interrupted run was finished first


def retag(
    library: str,
    tz: str = DEFAULT_TZ,
    before_minutes: int = 30,
    after_minutes: int = 60,
    dry_run: bool = False,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> RetagReport:
    """Re-match every item by its corrected time and move those whose event changed."""
    report = RetagReport()
    lock = LibraryLock(library)
    lock.acquire()
    try:
        journal = os.path.join(library, STATE_DIR, JOURNAL)
        if os.path.exists(journal) and not dry_run:
            _apply(library, _read_journal(journal))
            os.unlink(journal)
            report.resumed = True
        agenda, clocks = Agenda(library, tz), Clocks(library)
        events = agenda.active()
        folders = event_folders(library)
        moves: list[Move] = []
        taken: set[str] = set()
        for index, folder in enumerate(folders):
            if cancel is not None:
                cancel.raise_if_cancelled()
            rel_folder = os.path.relpath(folder, library).replace(os.sep, "/")
            changed: list[dict[str, Any]] = []
            for item in catalog.read_items(folder):
                target, updated = _target(
                    item, agenda, events, clocks, tz, before_minutes, after_minutes
                )
                if target is None or target[0] == rel_folder:
                    if updated != item:
                        changed.append(updated)
                        report.updated += 1
                    else:
                        report.unchanged += 1
                    continue
                moves.append(_plan_move(library, item, updated, rel_folder, target, taken))
            if changed and not dry_run:
                catalog.upsert_items(folder, changed)
            progress(index + 1, len(folders))
        report.moved = moves
        if moves and not dry_run:
            write_json_atomic(journal, [m.to_json() for m in moves])
            _apply(library, moves)
            os.unlink(journal)
        if (moves or report.updated or report.resumed) and not dry_run:
            Ledger(library).rebuild()  # the ledger's paths follow the files
    finally:
        lock.release()
    return report


def _target(
    item: dict[str, Any],
    agenda: Agenda,
    events: list[Event],
    clocks: Clocks,
    tz: str,
    before: int,
    after: int,
) -> tuple[tuple[str, Event | None] | None, dict[str, Any]]:
    """Where the item belongs now, and its record with the corrected time and event."""
    offset = clocks.offset_for(item.get("make"), item.get("model"), item.get("serial"))
    when = datetime.fromisoformat(item["capture_time"]) + offset
    updated = dict(item)
    updated["clock_offset_seconds"] = int(offset.total_seconds())
    local = local_wall_time(when, tz)
    updated["capture_time_local"] = iso(local)
    if item.get("event_forced"):
        event = agenda.get(item["event"]) if item.get("event") else None
        if event is None:
            return None, updated
    elif implausible(when):
        event = None
    else:
        event = match_event(
            local, events, timedelta(minutes=before), timedelta(minutes=after), tz
        ).event
    updated["event"] = event.id if event else None
    day = event.day(tz) if event else local.date()
    return (event_folder(day, event.title if event else None), event), updated


def _plan_move(
    library: str,
    item: dict[str, Any],
    updated: dict[str, Any],
    from_folder: str,
    target: tuple[str, Event | None],
    taken: set[str],
) -> Move:
    to_folder, event = target
    kind_dir = KIND_FOLDERS.get(Kind(item["kind"]), "FOTO")
    name = os.path.basename(item["path"])
    candidate, n = name, 1
    while True:
        rel = f"{to_folder}/{kind_dir}/{candidate}"
        if rel.lower() not in taken and not os.path.exists(os.path.join(library, rel)):
            break
        n += 1
        candidate = with_counter(name, n)
    taken.add(rel.lower())
    stem_old = os.path.splitext(name)[0]
    stem_new = os.path.splitext(candidate)[0]
    files = [(item["path"], rel)]
    sidecars = []
    for side in item.get("sidecars", []):
        side_name = os.path.basename(side["path"])
        new_side = f"{to_folder}/{kind_dir}/{stem_new}{side_name[len(stem_old) :]}"
        files.append((side["path"], new_side))
        sidecars.append({**side, "path": new_side, "folder_path": new_side[len(to_folder) + 1 :]})
    updated.update(path=rel, folder_path=rel[len(to_folder) + 1 :], sidecars=sidecars)
    return Move(item["id"], event.title if event else None, from_folder, to_folder, files, updated)


def _read_journal(path: str) -> list[Move]:
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    return [
        Move(
            m["item_id"],
            m["title"],
            m["from_folder"],
            m["to_folder"],
            [tuple(f) for f in m["files"]],
            m["item"],
        )
        for m in raw
    ]


def _apply(library: str, moves: list[Move]) -> None:
    """Move files, then catalogs and manifests; safe to run again on a half-done journal."""
    for move in moves:
        for src_rel, dst_rel in move.files:
            src, dst = os.path.join(library, src_rel), os.path.join(library, dst_rel)
            if os.path.exists(src) and not os.path.exists(dst):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.rename(src, dst)
                fsync_dir(os.path.dirname(dst))
    by_target: dict[str, list[dict[str, Any]]] = {}
    by_source: dict[str, list[str]] = {}
    for move in moves:
        by_target.setdefault(move.to_folder, []).append(move.item)
        by_source.setdefault(move.from_folder, []).append(move.item_id)
    for folder, items in by_target.items():
        catalog.upsert_items(os.path.join(library, folder), items)
    for folder, ids in by_source.items():
        full = os.path.join(library, folder)
        if os.path.isdir(full):
            remaining = catalog.remove_items(full, ids)
            if not remaining:
                _remove_if_empty(full)


def _remove_if_empty(folder: str) -> None:
    """Remove an event folder left with no items (its state files and empty subfolders)."""
    for sub in list(KIND_FOLDERS.values()):
        path = os.path.join(folder, sub)
        if os.path.isdir(path) and not os.listdir(path):
            os.rmdir(path)
    if any(n != STATE_DIR for n in os.listdir(folder)):
        return
    shutil.rmtree(os.path.join(folder, STATE_DIR), ignore_errors=True)  # only derived state left
    try:
        os.rmdir(folder)
    except OSError:
        pass
