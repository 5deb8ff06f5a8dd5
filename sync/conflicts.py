"""Conflicts: a different file already had the name on the share, so ours was kept beside it.

Nothing is overwritten: the incoming file gets ``name.conflict-YYYYMMDD-HHMMSS-<writer>.ext``
(``sync.layout.conflict_name``) and a note is left on the share, one small JSON file per
conflict under ``EVENT/.cobertura/conflicts/<writer>/``, so that anyone looking at the
share (``python main.py shared``, the app's shared view) sees the conflict and both files.
Notes are created under a name derived from the kept copy, so a resumed run that finds
its conflict copy already there adds the note it may have missed, and never a second one.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import asdict, dataclass
from typing import Any

import xxhash

from media.library import STATE_DIR
from sync.layout import CONFLICTS_DIR, writer_tag

NOTE_VERSION = 1


@dataclass(frozen=True)
class ConflictRecord:
    """One file kept under a conflict name."""

    event: str  # event folder, relative to the share
    path: str  # the name it wanted, relative to the event folder
    kept_as: str  # the name it got, relative to the event folder
    writer: str
    at: str  # ISO 8601, when the conflict was found
    hash: str  # the incoming file's content
    other_hash: str | None  # the content already under ``path`` (None: not read)
    own_version: bool  # the file under ``path`` was pushed earlier by this library

    def to_json(self) -> dict[str, Any]:
        return {"type": "conflict", **asdict(self)}

    def __str__(self) -> str:
        what = "versión nueva de un archivo ya enviado" if self.own_version else "otro archivo"
        return f"CONFLICTO ({what}): {self.event}/{self.path} → se guardó como {self.kept_as}"


def notes_dir(writer: str) -> str:
    """Event-relative folder of ``writer``'s conflict notes."""
    return f"{STATE_DIR}/{CONFLICTS_DIR}/{writer_tag(writer)}"


def note_path(writer: str, kept_as: str) -> str:
    """Event-relative name of the note for the copy kept as ``kept_as``."""
    key = xxhash.xxh3_64_hexdigest(kept_as.encode("utf-8"))
    return posixpath.join(notes_dir(writer), f"{key}.json")


def note_bytes(record: ConflictRecord) -> bytes:
    data = {"v": NOTE_VERSION, **asdict(record)}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def parse_note(data: bytes) -> ConflictRecord | None:
    """A note's record; None when it does not parse or comes from a newer Cobertura."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if int(raw.get("v", 1)) > NOTE_VERSION:
            return None
        return ConflictRecord(
            event=str(raw["event"]),
            path=str(raw["path"]),
            kept_as=str(raw["kept_as"]),
            writer=str(raw["writer"]),
            at=str(raw["at"]),
            hash=str(raw["hash"]),
            other_hash=raw.get("other_hash"),
            own_version=bool(raw.get("own_version", False)),
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None
