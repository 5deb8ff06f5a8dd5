"""An event folder's catalog (TinyDB, atomic) and its hash manifest.

The manifest ``.cobertura/manifest.xxh128`` lists ``<xxh3-128>  <path>`` with paths
relative to the event folder, the format ``xxhsum -c`` checks (run it from the folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from tinydb import Query, TinyDB

from media.atomic import AtomicJSONStorage, write_atomic
from media.library import CATALOG_FILE, MANIFEST_FILE, state_dir

ITEMS = "items"


def _open(folder: str) -> TinyDB:
    os.makedirs(state_dir(folder), exist_ok=True)
    return TinyDB(os.path.join(state_dir(folder), CATALOG_FILE), storage=AtomicJSONStorage)


def read_items(folder: str) -> list[dict[str, Any]]:
    """Every item of the event folder's catalog (an empty list when there is none)."""
    if not os.path.isfile(os.path.join(state_dir(folder), CATALOG_FILE)):
        return []
    with _open(folder) as db:
        return [dict(doc) for doc in db.table(ITEMS).all()]


def upsert_items(folder: str, items: Iterable[dict[str, Any]]) -> None:
    """Add or replace items (by ``id``) in one atomic write, then rewrite the manifest."""
    batch = {item["id"]: item for item in items}
    if not batch:
        return
    with _open(folder) as db:
        table = db.table(ITEMS)
        kept = [dict(d) for d in table.all() if d.get("id") not in batch]
        everything = kept + list(batch.values())
        # The manifest first: a crash between the two writes leaves a manifest that lists
        # one batch more than the catalog (verify still passes; the next ingest adopts
        # the files), never a catalog without a manifest.
        write_manifest(folder, everything)
        # One write: TinyDB's truncate + insert_multiple would write twice.
        db.storage.write({ITEMS: {str(i + 1): doc for i, doc in enumerate(everything)}})


def update_item(folder: str, item_id: str, changes: dict[str, Any]) -> bool:
    """Change fields of one item; False when the item is not in this folder's catalog."""
    with _open(folder) as db:
        return bool(db.table(ITEMS).update(changes, Query().id == item_id))


def manifest_entries(items: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(hash, path relative to the event folder) for every file the items own."""
    entries: list[tuple[str, str]] = []
    for item in items:
        entries.append((item["hash"], item["folder_path"]))
        for side in item.get("sidecars", []):
            entries.append((side["hash"], side["folder_path"]))
    return sorted(entries, key=lambda e: e[1])


def write_manifest(folder: str, items: Iterable[dict[str, Any]]) -> None:
    lines = "".join(f"{h}  {p}\n" for h, p in manifest_entries(items))
    write_atomic(os.path.join(state_dir(folder), MANIFEST_FILE), lines.encode("utf-8"))


def read_manifest(folder: str) -> list[tuple[str, str]]:
    path = os.path.join(state_dir(folder), MANIFEST_FILE)
    entries: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            digest, sep, rel = line.rstrip("\n").partition("  ")
            if sep:
                entries.append((digest, rel))
    return entries


def remove_items(folder: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Drop items (by ``id``) in one atomic write and rewrite the manifest; what remains."""
    gone = set(ids)
    with _open(folder) as db:
        kept = [dict(d) for d in db.table(ITEMS).all() if d.get("id") not in gone]
        db.storage.write({ITEMS: {str(i + 1): doc for i, doc in enumerate(kept)}})
    write_manifest(folder, kept)  # after: the files stay listed until the catalog drops them
    return kept
