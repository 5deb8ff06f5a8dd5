"""Scores kept by content hash, so a photo is decoded and scored once.

A cache is a folder of small JSON files, one per first hex digits of the hash, each
written atomically (``media.atomic``). An event folder keeps its own in
``EVENT/.cobertura/scores/`` (it travels with the event); ``pick --folder`` runs use
the platform's cache folder. Entries carry ``SCORE_VERSION``: older ones are ignored.
A cache that cannot be read or written costs time, never a result.

For folders that were not ingested, the content hash itself would cost a full read of
every file; ``FileIndex`` remembers (size, modification time) -> hash per path so the
second run reads nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from typing import Any

from media import catalog
from media.atomic import write_json_atomic
from media.library import state_dir
from media.scores import SCORE_VERSION, PhotoScore

log = logging.getLogger(__name__)

SCORES_DIR = "scores"
EVENT_SHARD_CHARS = 1  # an event folder: 16 small files at most
SHARED_SHARD_CHARS = 2  # the user cache, which holds every folder's photos: 256 at most
FLUSH_EVERY = 200  # new entries between writes, so a long interrupted run keeps its work


def event_cache_dir(event_folder: str) -> str:
    """Where an event folder keeps the scores of its files."""
    return os.path.join(state_dir(event_folder), SCORES_DIR)


class ScoreCache:
    """Entries (plain JSON objects) by content hash. Not thread-safe: one owner."""

    def __init__(self, folder: str | None, shard_chars: int = EVENT_SHARD_CHARS) -> None:
        self.folder = folder  # None: remember nothing
        self.shard_chars = shard_chars
        self._shards: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._pending = 0

    def get(self, digest: str) -> dict[str, Any] | None:
        """The current-version entry for ``digest``, or None."""
        entry = self._shard(digest).get(digest)
        if isinstance(entry, dict) and entry.get("v") == SCORE_VERSION:
            return entry
        return None

    def put(self, digest: str, entry: dict[str, Any]) -> None:
        """Remember ``entry``; written to disk by ``flush`` (and every FLUSH_EVERY puts)."""
        key = digest[: self.shard_chars]
        self._shard(digest)[digest] = {**entry, "v": SCORE_VERSION}
        self._dirty.add(key)
        self._pending += 1
        if self._pending >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write every changed shard, merged with what another run may have written."""
        if self.folder is None:
            self._dirty.clear()
            return
        for key in sorted(self._dirty):
            on_disk = _read_json(self._path(key))
            on_disk.update(self._shards.get(key, {}))
            try:
                write_json_atomic(self._path(key), on_disk)
            except OSError as exc:  # a read-only share: the next run scores again
                log.info("score cache %s not written: %s", self._path(key), exc)
        self._dirty.clear()
        self._pending = 0

    def _shard(self, digest: str) -> dict[str, Any]:
        key = digest[: self.shard_chars]
        if key not in self._shards:
            self._shards[key] = _read_json(self._path(key)) if self.folder else {}
        return self._shards[key]

    def _path(self, key: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, f"{key}.json")


class FileIndex:
    """Content hashes of a folder's files by (size, modification time), kept in a cache."""

    def __init__(self, cache_folder: str | None, folder: str) -> None:
        name = hashlib.blake2s(os.path.abspath(folder).encode("utf-8"), digest_size=8).hexdigest()
        self.path = os.path.join(cache_folder, "index", f"{name}.json") if cache_folder else None
        self.entries = _read_json(self.path) if self.path else {}
        self.changed = False

    def lookup(self, path: str, st: os.stat_result) -> str | None:
        entry = self.entries.get(path)
        if isinstance(entry, list) and entry[:2] == [st.st_size, st.st_mtime_ns]:
            return str(entry[2])
        return None

    def remember(self, path: str, st: os.stat_result, digest: str) -> None:
        self.entries[path] = [st.st_size, st.st_mtime_ns, digest]
        self.changed = True

    def save(self) -> None:
        if self.path and self.changed:
            try:
                write_json_atomic(self.path, self.entries)
            except OSError as exc:
                log.info("file index %s not written: %s", self.path, exc)
            self.changed = False


def _read_json(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def event_scores(folder: str, items: list[dict[str, Any]] | None = None) -> dict[str, PhotoScore]:
    """Scores already known for an event folder's items, by item id, without decoding
    anything (for a clip: its best still). Items never scored are absent. ``items``: the
    folder's catalog items when the caller holds them (the app's grid), else read here.
    Loads no image library: the app's details panel calls it."""
    cache = ScoreCache(event_cache_dir(folder))
    found: dict[str, PhotoScore] = {}
    for item in catalog.read_items(folder) if items is None else items:
        entry = cache.get(str(item.get("hash") or "")) if item.get("hash") else None
        if not entry or not item.get("id"):
            continue
        try:
            if entry.get("kind") == "video":
                stills = [PhotoScore.from_json(s["score"]) for s in entry.get("stills", [])]
                if stills:
                    found[str(item["id"])] = max(stills, key=lambda s: s.total)
            else:
                found[str(item["id"])] = PhotoScore.from_json(entry["score"])
        except (KeyError, TypeError, ValueError):
            continue
    return found
