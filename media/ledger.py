"""The library's ledger of ingested content: what is already here, keyed by content hash.

An append-only JSON-lines file: one line per verified file, flushed and fsynced after
each batch. A line cut short by a crash is ignored; the ledger can always be rebuilt
from the event folders' catalogs, which stay the truth.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import Any

from media.atomic import append_lines, write_atomic
from media.catalog import read_items
from media.library import STATE_DIR, event_folders
from media.models import FILE_TIME_SOURCE

LEDGER_FILE = "ledger.jsonl"


class Ledger:
    def __init__(self, library: str) -> None:
        self.library = library
        self.path = os.path.join(library, STATE_DIR, LEDGER_FILE)
        self.by_hash: dict[str, dict[str, Any]] = {}
        self.by_size: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if os.path.isfile(self.path):
            self._load()
        else:
            self.rebuild()

    def _remember(self, entry: dict[str, Any]) -> None:
        if entry["hash"] not in self.by_hash:
            self.by_hash[entry["hash"]] = entry
            self.by_size[int(entry["size"])].append(entry)

    def _load(self) -> None:
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                    self._remember(entry)
                except (ValueError, KeyError, TypeError):
                    continue  # a line torn by a crash

    def rebuild(self) -> None:
        """Recreate the ledger from every event folder's catalog."""
        entries = []
        for folder in event_folders(self.library):
            for item in read_items(folder):
                entries.append(_entry(item))
                for side in item.get("sidecars", []):
                    entries.append(
                        {"hash": side["hash"], "size": side["size"], "path": side["path"]}
                    )
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        write_atomic(self.path, "".join(json.dumps(e) + "\n" for e in entries).encode())
        for e in entries:
            self._remember(e)

    def candidates(self, size: int, capture_time: str | None) -> list[dict[str, Any]]:
        """Entries that may hold the same content: same size and, when both know it, same time."""
        return [
            e
            for e in self.by_size.get(size, [])
            if not (capture_time and e.get("capture_time")) or e["capture_time"] == capture_time
        ]

    def has(self, digest: str) -> dict[str, Any] | None:
        return self.by_hash.get(digest)

    def append(self, entries: list[dict[str, Any]]) -> None:
        """Record verified, committed files (after their catalog was written)."""
        new = [e for e in entries if e["hash"] not in self.by_hash]
        if not new:
            return
        append_lines(self.path, [json.dumps(e) for e in new])
        for e in new:
            self._remember(e)


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "hash": item["hash"],
        "size": item["size"],
        "capture_time": item.get("capture_time")
        if item.get("capture_time_source") != FILE_TIME_SOURCE
        else None,
        "path": item["path"],
    }


def entries_for(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The ledger lines for a catalog item and its sidecars."""
    out = [_entry(item)]
    out += [
        {"hash": s["hash"], "size": s["size"], "path": s["path"]} for s in item.get("sidecars", [])
    ]
    return out
