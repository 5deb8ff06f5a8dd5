"""Each writer's catalog and manifest of an event on the share, as numbered snapshots.

Two crews can push the same event folder, so the library's ``catalog.json`` and
``manifest.xxh128`` never go to the share as they are. Each writer's go to its own folder,
as snapshots that are never replaced::

    EVENT/.cobertura/writers/<writer>/catalog.000003.json
    EVENT/.cobertura/writers/<writer>/manifest.000003.xxh128

The catalog snapshot is a small header wrapped around the library catalog's own text,
byte for byte (TinyDB's layout), so a push never decodes or re-encodes a catalog of
thousands of items::

    {"format": "cobertura-writer-catalog", "version": 1, "writer": …, "event": …,
     "seq": 3, "digest": …, "pushed_at": …, "catalog": {"items": {"1": {…}, …}}}

The manifest snapshot says what of it is verified on the share: ``<xxh3-128>  <path>``
for every file there, under the name it has there (a conflict copy under its conflict
name), so ``xxhsum -c .cobertura/writers/<writer>/manifest.NNNNNN.xxh128`` checks it from
the event folder. It is written last: a snapshot number counts once both files are there.
Readers (``items_on_share``) keep the catalog items whose file and sidecars the manifest
lists, at the paths it gives. A new snapshot is written only when either file would change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import xxhash

from media.library import STATE_DIR
from sync.backend import RemoteStat
from sync.layout import WRITERS_DIR, snapshot_names, snapshot_seq

SNAPSHOT_FORMAT = "cobertura-writer-catalog"
SNAPSHOT_VERSION = 1
_WRITERS_PREFIX = f"{STATE_DIR}/{WRITERS_DIR}/"


class SnapshotError(Exception):
    """A snapshot that cannot be used; ``newer`` when a newer Cobertura wrote it."""

    def __init__(self, detail: str, newer: bool = False) -> None:
        super().__init__(detail)
        self.newer = newer


@dataclass(frozen=True)
class WriterSnapshots:
    """One writer's snapshots of one event, as a listing shows them."""

    tag: str
    catalogs: tuple[int, ...]  # complete snapshots (catalog and manifest), newest first
    highest: int  # highest number used by any snapshot file, complete or not

    def catalog_rel(self, seq: int) -> str:
        return f"{_WRITERS_PREFIX}{self.tag}/{snapshot_names(seq)[0]}"

    def manifest_rel(self, seq: int) -> str:
        return f"{_WRITERS_PREFIX}{self.tag}/{snapshot_names(seq)[1]}"


def writers_in(
    listing: dict[str, RemoteStat | None] | list[str],
) -> dict[str, WriterSnapshots]:
    """Every writer's snapshots found in an event listing (paths relative to the event)."""
    seen: dict[str, dict[int, set[str]]] = {}
    for rel in listing:
        if not rel.startswith(_WRITERS_PREFIX):
            continue
        tag, _, name = rel[len(_WRITERS_PREFIX) :].partition("/")
        parsed = snapshot_seq(name)
        if tag and parsed is not None:
            seen.setdefault(tag, {}).setdefault(parsed[1], set()).add(parsed[0])
    return {
        tag: WriterSnapshots(
            tag,
            tuple(sorted((n for n, kinds in seqs.items() if len(kinds) == 2), reverse=True)),
            max(seqs),
        )
        for tag, seqs in seen.items()
    }


def manifest_text(hashes: dict[str, str], placed: dict[str, str]) -> str:
    """The manifest snapshot: ``<hash>  <path on the share>`` for every file of the
    library's manifest (``hashes``: library path -> hash) that is on the share (``placed``:
    library path -> share path), sorted by share path."""
    lines = sorted((placed[rel], digest) for rel, digest in hashes.items() if rel in placed)
    return "".join(f"{digest}  {path}\n" for path, digest in lines)


def snapshot_digest(catalog: bytes, manifest: str) -> str:
    """Changes exactly when the library catalog or what of it is on the share changes."""
    h = xxhash.xxh3_128(catalog)
    h.update(b"\0" + manifest.encode("utf-8"))
    return h.hexdigest()


def render(event_rel: str, writer: str, seq: int, catalog: bytes, digest: str) -> bytes:
    """The catalog snapshot's bytes: the header, then the library catalog's own text."""
    header = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "writer": writer,
        "event": event_rel,
        "seq": seq,
        "digest": digest,
        "pushed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    body = catalog.strip() or b"{}"
    return head[:-1] + b', "catalog": ' + body + b"}\n"


def looks_like_json_object(data: bytes) -> bool:
    """A cheap check (no decoding) that a catalog file is one JSON object, as the
    catalog's atomic writes leave it; a torn or foreign file is not embedded."""
    text = data.strip()
    return text.startswith(b"{") and text.endswith(b"}")


def parse_catalog(data: bytes) -> dict[str, Any]:
    """A catalog snapshot's content; raises ``SnapshotError`` (malformed or newer)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"no es JSON válido: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError("no es un catálogo de Cobertura")
    try:
        version = int(raw.get("version", 1))
    except (TypeError, ValueError) as exc:
        raise SnapshotError("versión ilegible") from exc
    if version > SNAPSHOT_VERSION:
        raise SnapshotError(f"formato {version}", newer=True)
    if not isinstance(raw.get("catalog"), dict):
        raise SnapshotError("sin catálogo")
    return raw


def parse_manifest(data: bytes) -> dict[str, str]:
    """path -> hash from manifest bytes (``<hash>  <path>`` lines; others skipped)."""
    entries: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        digest, sep, rel = line.partition("  ")
        if sep and len(digest) == 32 and rel and not rel.startswith(("/", "../")):
            entries[rel] = digest
    return entries


def items_on_share(snapshot: dict[str, Any], manifest: dict[str, str]) -> list[dict[str, Any]]:
    """The items of a parsed catalog snapshot whose file and sidecars its manifest lists
    (``manifest``: share path -> hash), with the paths they have on the share."""
    by_hash: dict[str, list[str]] = {}
    for path, digest in manifest.items():
        by_hash.setdefault(digest, []).append(path)

    def where(entry: dict[str, Any]) -> str | None:
        paths = by_hash.get(str(entry.get("hash")))
        if not paths:
            return None
        return entry["folder_path"] if entry.get("folder_path") in paths else sorted(paths)[0]

    event = str(snapshot.get("event", ""))
    table = snapshot["catalog"].get("items")
    out: list[dict[str, Any]] = []
    for item in table.values() if isinstance(table, dict) else []:
        if not isinstance(item, dict) or "id" not in item:
            continue
        main = where(item)
        sidecars = [s for s in item.get("sidecars") or [] if isinstance(s, dict)]
        side_paths = [where(s) for s in sidecars]
        if main is None or None in side_paths:
            continue
        new = dict(item, folder_path=main, path=f"{event}/{main}")
        new["sidecars"] = [
            dict(s, folder_path=p, path=f"{event}/{p}")
            for s, p in zip(sidecars, side_paths, strict=True)
        ]
        out.append(new)
    return sorted(out, key=lambda i: str(i["id"]))
