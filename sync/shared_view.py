"""The share's events, read-only: what every writer pushed, merged, without copying originals.

An event on the share is the union of its writers' newest catalog snapshots, with the
merge of every writer's edit journal applied (latest edit per field wins; every edit is
kept in ``history``), and the conflicts writers noted. Reading never writes to the share;
a writer who wants the files opens them where they are.

The one write a writer makes from the shared view is an edit (pick, stars, caption…):
``record_share_edits`` appends it to that writer's own journal in the event folder on the
share, ``EVENT/.cobertura/edits/<writer>.jsonl`` — the same file a push from that writer's
library appends to, so sync's design (per-writer journals, merged on read) holds. If the
same writer also edits that event in a library and pushes, the two copies of the journal
diverge and the push keeps the library's as a conflict copy, whose edits still merge.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from media.edits import EDITS_DIR, MergedEdits, merged_edits, record_edits, with_edits
from media.library import STATE_DIR
from sync.conflicts import ConflictRecord, parse_note
from sync.layout import (
    CONFLICTS_DIR,
    MARKER_NAME,
    WRITERS_DIR,
    is_conflict_copy,
    snapshot_names,
)
from sync.problems import SyncProblem, SyncProblemType
from sync.share import ShareError, ShareInfo, open_share
from sync.snapshots import (
    SnapshotError,
    items_on_share,
    parse_catalog,
    parse_manifest,
    writers_in,
)
from sync.transfer import LocalFolderBackend


@dataclass
class SharedEvent:
    """One event folder on the share."""

    path: str  # relative to the share, with '/'
    name: str
    writers: list[str]  # writer folders holding a catalog snapshot
    journals: list[str]  # edit journal file names

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "event",
            "path": self.path,
            "name": self.name,
            "writers": self.writers,
            "journals": self.journals,
        }


@dataclass
class SharedEventView:
    """The merged, read-only view of one event on the share."""

    path: str
    folder: str  # absolute
    items: list[dict[str, Any]] = field(default_factory=list)  # edits applied
    writers: list[str] = field(default_factory=list)
    conflicts: list[ConflictRecord] = field(default_factory=list)
    edits: MergedEdits = field(default_factory=MergedEdits)
    problems: list[SyncProblem] = field(default_factory=list)


def _listdir(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def open_view(share: str) -> ShareInfo:
    """The share's identity; raises ``sync.share.ShareError`` when it is not usable."""
    return open_share(LocalFolderBackend(share, "-"))


def is_share(folder: str) -> bool:
    """True when ``folder`` carries a share marker (usable or not): a share, not a library."""
    return os.path.lexists(os.path.join(folder, MARKER_NAME))


def record_share_edits(
    share: str, rel: str, writer: str, item_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Append ``changes`` of one item of the share's event ``rel`` to ``writer``'s own journal
    on the share (fsynced before returning); returns the changes recorded.

    Nothing is written unless the share's marker is there and the event folder exists, so an
    unmounted share never gets a stray folder. Raises ``ShareError`` (``share_missing`` …),
    ``ValueError`` for invalid edits and ``OSError`` when the share cannot be written."""
    open_view(share)
    folder = os.path.join(share, *rel.split("/"))
    if not os.path.isdir(folder):
        raise ShareError(SyncProblem(SyncProblemType.SHARE_MISSING, rel, "el evento no está"))
    record_edits(folder, writer, item_id, changes)
    return changes


def list_events(share: str) -> list[SharedEvent]:
    """Every event folder on the share that a writer pushed to, oldest first."""
    found: list[SharedEvent] = []
    for year in _listdir(share):
        if not (len(year) == 4 and year.isdigit()):
            continue
        for name in _listdir(os.path.join(share, year)):
            state = os.path.join(share, year, name, STATE_DIR)
            writers = [
                w
                for w in _listdir(os.path.join(state, WRITERS_DIR))
                if any(
                    n.startswith("catalog.") for n in _listdir(os.path.join(state, WRITERS_DIR, w))
                )
            ]
            journals = [j for j in _listdir(os.path.join(state, EDITS_DIR)) if j.endswith(".jsonl")]
            if writers or journals:
                found.append(SharedEvent(f"{year}/{name}", name, writers, journals))
    return found


def find_event(share: str, selector: str) -> str | None:
    """The share path of the event named by ``selector`` (path, folder name or agenda id)."""
    events = list_events(share)
    for ev in events:
        if selector in (ev.path, ev.name):
            return ev.path
    for ev in events:
        view = open_event(share, ev.path)
        if any(item.get("event") == selector for item in view.items):
            return ev.path
    return None


def _writer_items(
    folder: str, rel: str, tag: str, catalogs: tuple[int, ...], view: SharedEventView
) -> list[dict[str, Any]]:
    """The items of one writer's newest snapshot that can be read (those its manifest
    says are on the share); a problem for each newer one that could not."""
    base = os.path.join(folder, STATE_DIR, WRITERS_DIR, tag)
    for seq in catalogs:
        cat_name, man_name = snapshot_names(seq)
        where = f"{rel}/{STATE_DIR}/{WRITERS_DIR}/{tag}/{cat_name}"
        try:
            with open(os.path.join(base, cat_name), "rb") as fh:
                raw = parse_catalog(fh.read())
            with open(os.path.join(base, man_name), "rb") as fh:
                manifest = parse_manifest(fh.read())
        except OSError as exc:
            view.problems.append(SyncProblem(SyncProblemType.READ_ERROR, where, str(exc)))
            continue
        except SnapshotError as exc:
            ptype = SyncProblemType.NEWER_VERSION if exc.newer else SyncProblemType.MALFORMED
            view.problems.append(SyncProblem(ptype, where, str(exc)))
            continue
        return items_on_share(raw, manifest)
    return []


def open_event(share: str, rel: str) -> SharedEventView:
    """The merged view of one event (``rel`` relative to the share); never writes."""
    folder = os.path.join(share, *rel.split("/"))
    view = SharedEventView(rel, folder)
    names = [
        f"{STATE_DIR}/{WRITERS_DIR}/{w}/{n}"
        for w in _listdir(os.path.join(folder, STATE_DIR, WRITERS_DIR))
        for n in _listdir(os.path.join(folder, STATE_DIR, WRITERS_DIR, w))
    ]
    by_id: dict[str, dict[str, Any]] = {}
    for tag, snaps in sorted(writers_in(names).items()):
        items = _writer_items(folder, rel, tag, snaps.catalogs, view)
        if items:
            view.writers.append(tag)
        for item in items:
            key = str(item["id"])
            if key in by_id:
                by_id[key]["writers"].append(tag)
                continue
            by_id[key] = {
                **item,
                "writers": [tag],
                "conflict_copy": is_conflict_copy(item.get("folder_path", "")),
            }
    view.edits = merged_edits(folder)
    if view.edits.skipped_lines:
        view.problems.append(
            SyncProblem(
                SyncProblemType.MALFORMED,
                f"{rel}/{STATE_DIR}/{EDITS_DIR}",
                f"{view.edits.skipped_lines} líneas ilegibles en los diarios de edición",
            )
        )
    for name in view.edits.newer_journals:
        view.problems.append(
            SyncProblem(SyncProblemType.NEWER_VERSION, f"{rel}/{STATE_DIR}/{EDITS_DIR}/{name}")
        )
    view.items = sorted(
        (with_edits(item, view.edits) for item in by_id.values()),
        key=lambda i: (str(i.get("capture_time") or ""), str(i.get("folder_path", ""))),
    )
    notes_root = os.path.join(folder, STATE_DIR, CONFLICTS_DIR)
    for writer in _listdir(notes_root):
        for name in _listdir(os.path.join(notes_root, writer)):
            try:
                with open(os.path.join(notes_root, writer, name), "rb") as fh:
                    note = parse_note(fh.read())
            except OSError:
                note = None
            if note is not None:
                view.conflicts.append(note)
    return view
