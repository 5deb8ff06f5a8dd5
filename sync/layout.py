"""Names on the share: the marker, per-writer catalogs and manifests, conflicts, temporaries.

The share mirrors the library's event folders (``YYYY/YYYY-MM-DD Title/FOTO/...``). What
one machine's ingest writes once per library (catalog, manifest) goes on the share under
the writer's own folder, as numbered snapshots that are never replaced::

    EVENT/.cobertura/writers/<writer>/catalog.000003.json
    EVENT/.cobertura/writers/<writer>/manifest.000003.xxh128
    EVENT/.cobertura/edits/<writer>.jsonl          (appended to, as in the library)
    EVENT/.cobertura/conflicts/<writer>/<key>.json (one note per copy kept under another name)

Temporary files are ``.cobertura-tmp-sync-<writer's 8 hex>-<random>-<name>.part`` in the
final folder, so each writer can tell (and sweep) its own.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from datetime import datetime

import xxhash

from media.atomic import TMP_PREFIX
from media.library import MANIFEST_FILE, STATE_DIR
from media.naming import safe_name

MARKER_NAME = ".cobertura-share"
WRITERS_DIR = "writers"
CONFLICTS_DIR = "conflicts"
SYNC_TMP_PREFIX = TMP_PREFIX + "sync-"
CONFLICT_INFIX = ".conflict-"
_SNAPSHOT = re.compile(r"^(catalog|manifest)\.(\d{6,})\.(json|xxh128)$")
_MAX_TAG_BYTES = 40

LOCAL_MANIFEST = f"{STATE_DIR}/{MANIFEST_FILE}"


def writer_tag(writer: str) -> str:
    """The writer id as it appears in file names: valid everywhere, at most 40 bytes."""
    tag = safe_name(writer).replace(" ", "_")
    raw = tag.encode("utf-8")
    if len(raw) > _MAX_TAG_BYTES:
        short = xxhash.xxh3_64_hexdigest(writer.encode("utf-8"))[:8]
        tag = raw[: _MAX_TAG_BYTES - 9].decode("utf-8", "ignore") + "-" + short
    return tag


def temp_tag(writer: str) -> str:
    """Eight hex digits naming this writer's temporary files on the share."""
    return xxhash.xxh3_64_hexdigest(writer.encode("utf-8"))[:8]


def is_temporary(name: str) -> bool:
    """True for temporary files (ours or the ingest's): never part of the share's content."""
    return name.startswith(TMP_PREFIX)


def writer_dir(writer: str) -> str:
    """The event-relative folder holding ``writer``'s catalog and manifest snapshots."""
    return f"{STATE_DIR}/{WRITERS_DIR}/{writer_tag(writer)}"


def snapshot_names(seq: int) -> tuple[str, str]:
    """(catalog, manifest) file names of snapshot number ``seq``."""
    return f"catalog.{seq:06d}.json", f"manifest.{seq:06d}.xxh128"


def snapshot_seq(name: str) -> tuple[str, int] | None:
    """('catalog' or 'manifest', number) for a snapshot file name, else None."""
    m = _SNAPSHOT.match(name)
    return (m.group(1), int(m.group(2))) if m else None


def _split_ext(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if dot and stem:
        return stem, "." + ext
    return name, ""


def conflict_name(rel: str, when: datetime, writer: str) -> str:
    """``dir/name.conflict-YYYYMMDD-HHMMSS-<writer>.ext`` beside ``rel`` (syncthing's form)."""
    folder, name = posixpath.split(rel)
    stem, ext = _split_ext(name)
    conflicted = f"{stem}{CONFLICT_INFIX}{when:%Y%m%d-%H%M%S}-{writer_tag(writer)}{ext}"
    return posixpath.join(folder, conflicted) if folder else conflicted


def our_conflict_copies(rel: str, writer: str, names: set[str] | list[str]) -> list[str]:
    """Which of ``names`` (paths relative to the event) are ``writer``'s conflict copies of
    ``rel``, newest first."""
    folder, name = posixpath.split(rel)
    stem, ext = _split_ext(name)
    pattern = re.compile(
        re.escape(stem + CONFLICT_INFIX)
        + r"\d{8}-\d{6}-"
        + re.escape(writer_tag(writer) + ext)
        + "$"
    )
    found = [
        n for n in names if posixpath.dirname(n) == folder and pattern.match(posixpath.basename(n))
    ]
    return sorted(found, reverse=True)


def is_conflict_copy(name: str) -> bool:
    """True for a name made by ``conflict_name``."""
    return re.search(re.escape(CONFLICT_INFIX) + r"\d{8}-\d{6}-", name) is not None


def refused_reason(rel: str) -> str | None:
    """Why a share would refuse ``rel`` (a component Windows, macOS or SMB cannot hold), or
    None. Library names are made valid at ingest; this catches files put there by hand."""
    for part in rel.split("/"):
        if part in ("", ".", ".."):
            return "componente vacío o relativo"
        if not part.startswith(".") and safe_name(part) != unicodedata.normalize("NFC", part):
            return f"«{part}» no es válido en Windows/SMB"
        if len(part.encode("utf-8")) > 255:
            return "nombre de más de 255 bytes"
    return None
