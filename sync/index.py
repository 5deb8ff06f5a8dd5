"""What a push remembers in the library, so that an incremental run reads almost nothing.

Kept in ``LIBRARY/.cobertura/sync/v1/`` (a newer layout would use ``v2/`` beside it, so
versions never read each other's files). Everything here can be lost: it is rebuilt by
hashing and by listing the share, never trusted over them.

- ``index/<event key>.json``: size, modification time and xxh3-128 of each library file
  of an event, so an unchanged file is never hashed twice. An entry is trusted only when
  the file's time was at least two seconds older than the moment it was hashed (a file
  written within the same clock tick as its hashing could change unseen).
- ``shares/<share id>/events.json``: per event, the fingerprint (names, sizes and times)
  of what was last pushed completely and the writer's last catalog snapshot; an event
  whose fingerprint has not changed is not looked at on the share again.
- ``shares/<share id>/<event key>.json``: per library file, the name it has on the share
  (a conflict copy's, when it had to be kept aside), with its size, time and hash there.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from typing import Any

import xxhash

from media.atomic import TMP_PREFIX
from media.library import STATE_DIR

STATE_VERSION = 1
RACY_NS = 2_000_000_000


def state_root(library: str) -> str:
    return os.path.join(library, STATE_DIR, "sync", f"v{STATE_VERSION}")


def event_key(event_rel: str) -> str:
    """A short file name for an event folder (its path hashed)."""
    return xxhash.xxh3_64_hexdigest(event_rel.encode("utf-8"))


def _save(path: str, data: dict[str, Any]) -> None:
    """Replace ``path`` atomically (readers see the old or the new file). Compact, for
    json's fast C encoder. Not fsynced: this is a cache of facts the share and the files
    themselves hold, and losing it to a power cut costs a re-check, never a wrong answer
    (the share's folders are fsynced before anything is recorded as done)."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {}
    return data


class HashIndex:
    """Hashes of one event's library files, keyed by path relative to the event."""

    def __init__(self, library: str, event_rel: str) -> None:
        self.path = os.path.join(state_root(library), "index", event_key(event_rel) + ".json")
        self.event_rel = event_rel
        self._files: dict[str, list[Any]] | None = None  # read when first needed
        self.dirty = False

    @property
    def files(self) -> dict[str, list[Any]]:
        if self._files is None:
            data = _load(self.path)
            files = data.get("files") if data.get("event") == self.event_rel else None
            self._files = files if isinstance(files, dict) else {}
        return self._files

    def lookup(self, rel: str, size: int, mtime_ns: int) -> str | None:
        """The file's hash if it was hashed while it had this size and time (and not racily)."""
        entry = self.files.get(rel)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        e_size, e_mtime, digest, hashed_at = entry
        if e_size != size or e_mtime != mtime_ns or not isinstance(digest, str):
            return None
        if not isinstance(hashed_at, int) or hashed_at - mtime_ns < RACY_NS:
            return None
        return digest

    def record(self, rel: str, size: int, mtime_ns: int, digest: str) -> None:
        """Remember a hash just computed from the file's content."""
        self.files[rel] = [size, mtime_ns, digest, time.time_ns()]
        self.dirty = True

    def save(self) -> None:
        if self.dirty:
            _save(
                self.path, {"version": STATE_VERSION, "event": self.event_rel, "files": self.files}
            )
            self.dirty = False


class ShareRecord:
    """What this library pushed to one share (identified by its marker's id)."""

    def __init__(self, library: str, share_id: str) -> None:
        self.folder = os.path.join(state_root(library), "shares", share_id)
        self.events_path = os.path.join(self.folder, "events.json")
        events = _load(self.events_path).get("events")
        self.events: dict[str, dict[str, Any]] = events if isinstance(events, dict) else {}
        self._files: dict[str, dict[str, list[Any]]] = {}
        self._dirty: set[str] = set()
        self._events_dirty = False

    # -- events --------------------------------------------------------------------------

    def event(self, event_rel: str) -> dict[str, Any]:
        entry = self.events.get(event_rel)
        return entry if isinstance(entry, dict) else {}

    def is_unchanged(self, event_rel: str, fingerprint: str) -> bool:
        """True when the event was last pushed completely with this very fingerprint."""
        entry = self.event(event_rel)
        return bool(entry.get("complete")) and entry.get("fingerprint") == fingerprint

    def set_event(self, event_rel: str, **values: Any) -> None:
        entry = dict(self.event(event_rel))
        entry.update(values)
        self.events[event_rel] = entry
        self._events_dirty = True

    # -- files ---------------------------------------------------------------------------

    def files(self, event_rel: str) -> dict[str, list[Any]]:
        """local rel -> [share rel, size, mtime_ns on the share, hash] for one event."""
        if event_rel not in self._files:
            path = os.path.join(self.folder, event_key(event_rel) + ".json")
            data = _load(path)
            files = data.get("files") if data.get("event") == event_rel else None
            self._files[event_rel] = files if isinstance(files, dict) else {}
        return self._files[event_rel]

    def remember(
        self, event_rel: str, local_rel: str, share_rel: str, size: int, mtime_ns: int, h: str
    ) -> None:
        self.files(event_rel)[local_rel] = [share_rel, size, mtime_ns, h]
        self._dirty.add(event_rel)

    def save(self) -> None:
        """Write what changed (each file atomically)."""
        for event_rel in sorted(self._dirty):
            _save(
                os.path.join(self.folder, event_key(event_rel) + ".json"),
                {"version": STATE_VERSION, "event": event_rel, "files": self._files[event_rel]},
            )
        self._dirty.clear()
        if self._events_dirty:
            _save(self.events_path, {"version": STATE_VERSION, "events": self.events})
            self._events_dirty = False
