"""What a library event folder offers a push: its files by part, with sizes and times.

Parts (which ones go to the share is a setting, ``sync_parts``, and ``--parts``):

- ``originals``: the files the event's manifest lists (media and their sidecars);
- ``catalog``: the event's catalog and manifest (pushed as this writer's snapshot);
- ``edits``: the edit journals ``.cobertura/edits/*.jsonl`` (appended on the share);
- ``exports``: any other file of the event folder outside ``.cobertura/`` and outside
  ``FOTO/``, ``VIDEO/``, ``AUDIO/`` (boletín packages, clips saved there).

A file in a media folder that the manifest does not list is an ingest not yet committed
and waits for it. Hidden files, temporaries and symbolic links are never pushed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import xxhash

from media.edits import EDITS_DIR
from media.library import CATALOG_FILE, KIND_FOLDERS, MANIFEST_FILE, STATE_DIR

ORIGINALS, CATALOG, EDITS, EXPORTS = "originals", "catalog", "edits", "exports"
ALL_PARTS = (ORIGINALS, CATALOG, EDITS, EXPORTS)
MEDIA_FOLDERS = frozenset(KIND_FOLDERS.values())


class LocalFile:
    """One library file. Its size and time are read when first asked for: an event of
    thousands of photos already on the share is planned without a ``stat`` per photo."""

    __slots__ = ("rel", "path", "_size", "_mtime_ns")

    def __init__(
        self, rel: str, path: str, size: int | None = None, mtime_ns: int | None = None
    ) -> None:
        self.rel = rel  # relative to the event folder, with '/'
        self.path = path  # absolute
        self._size = size
        self._mtime_ns = mtime_ns

    def _stat(self) -> None:
        try:
            st = os.stat(self.path, follow_symlinks=False)
            self._size, self._mtime_ns = st.st_size, st.st_mtime_ns
        except OSError:  # gone since the scan: reading it will say why
            self._size, self._mtime_ns = 0, 0

    @property
    def size(self) -> int:
        if self._size is None:
            self._stat()
        return self._size or 0

    @property
    def mtime_ns(self) -> int:
        if self._mtime_ns is None:
            self._stat()
        return self._mtime_ns or 0

    def __repr__(self) -> str:
        return f"LocalFile({self.rel!r})"


@dataclass
class LocalEvent:
    """One library event folder as scanned."""

    rel: str  # relative to the library, with '/'
    folder: str
    content: list[LocalFile] = field(default_factory=list)  # outside .cobertura/ and media
    journals: list[LocalFile] = field(default_factory=list)
    catalog: LocalFile | None = None
    manifest: LocalFile | None = None


def parse_parts(text: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Parts named in a setting or option (comma separated); all of them when empty.
    Raises ``ValueError`` for an unknown part."""
    if not text:
        return ALL_PARTS
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = tuple(dict.fromkeys(p.strip().lower() for p in items if p.strip()))
    unknown = [p for p in chosen if p not in ALL_PARTS]
    if unknown:
        raise ValueError(f"parte desconocida: {', '.join(unknown)} (use {', '.join(ALL_PARTS)})")
    return chosen or ALL_PARTS


def _stat_file(entry: os.DirEntry[str], rel: str) -> LocalFile | None:
    if not entry.is_file(follow_symlinks=False):
        return None
    st = entry.stat(follow_symlinks=False)
    return LocalFile(rel, entry.path, st.st_size, st.st_mtime_ns)


def scan_event(library: str, folder: str) -> LocalEvent:
    """The event's state files, and its files outside the media folders (exports, or a
    sidecar kept elsewhere). The media folders are not listed at all: what is in them that
    counts is what the manifest lists (anything else is an ingest not yet committed), and
    the planner takes that from the manifest. Unreadable folders are skipped quietly."""
    rel = os.path.relpath(folder, library).replace(os.sep, "/")
    event = LocalEvent(rel, folder)

    def walk(path: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if not (prefix == "" and entry.name in MEDIA_FOLDERS):
                    walk(entry.path, prefix + entry.name + "/")
                continue
            found = _stat_file(entry, prefix + entry.name)
            if found is not None:
                event.content.append(found)

    walk(folder, "")
    state = os.path.join(folder, STATE_DIR)
    for name, attr in ((CATALOG_FILE, "catalog"), (MANIFEST_FILE, "manifest")):
        try:
            st = os.stat(os.path.join(state, name))
        except OSError:
            continue
        setattr(
            event,
            attr,
            LocalFile(f"{STATE_DIR}/{name}", os.path.join(state, name), st.st_size, st.st_mtime_ns),
        )
    try:
        journals = list(os.scandir(os.path.join(state, EDITS_DIR)))
    except OSError:
        journals = []
    for entry in journals:
        if entry.name.endswith(".jsonl") and not entry.name.startswith("."):
            found = _stat_file(entry, f"{STATE_DIR}/{EDITS_DIR}/{entry.name}")
            if found is not None:
                event.journals.append(found)
    event.journals.sort(key=lambda f: f.rel)
    return event


def quick_fingerprint(folder: str, parts: tuple[str, ...], writer: str) -> tuple[str, int]:
    """(fingerprint, newest time seen) of an event folder, from the times of its folders
    and the sizes and times of its files outside the media folders.

    It changes whenever a file appears, vanishes or is renamed anywhere in the event
    (its folder's time changes), and whenever a journal, catalog, manifest or export
    grows or is touched (in ``.cobertura/`` only the catalog, the manifest and the journals
    count: the thumbnail and score caches there change as people look at the event, and
    are never pushed). Files inside FOTO/, VIDEO/, AUDIO/ are not stat'ed one by one:
    ingest and retag only ever place them by renaming and never rewrite them, so a
    library of 20,000 photos costs a few dozen ``stat`` calls here, not 20,000. (An
    original rewritten in place by some other program is what ``verify`` is for.)"""
    h = xxhash.xxh3_128()
    h.update(f"{','.join(sorted(parts))}\0{writer}\0".encode())
    newest = 0

    def walk(path: str, prefix: str, in_media: bool, hidden_ok: bool) -> None:
        nonlocal newest
        try:
            st = os.stat(path)
            if prefix != f"{STATE_DIR}/":  # its files are looked at one by one, caches not
                h.update(f"D{prefix}\0{st.st_mtime_ns}\n".encode())
                newest = max(newest, st.st_mtime_ns)
            if in_media and st.st_nlink == 2:
                return  # where link counts count subfolders (ext4, XFS), 2 means none
            entries = list(os.scandir(path))
        except OSError:
            h.update(f"!{prefix}\n".encode())
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            if entry.name.startswith(".") and not (hidden_ok and entry.name == STATE_DIR):
                continue
            if entry.is_dir(follow_symlinks=False):
                if prefix == f"{STATE_DIR}/" and entry.name != EDITS_DIR:
                    continue  # thumbnail and score caches: never pushed, need no look
                dirs.append(entry)
            elif not in_media:
                files.append(entry)
        for entry in sorted(files, key=lambda e: e.name):
            try:
                fst = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            h.update(f"F{prefix}{entry.name}\0{fst.st_size}\0{fst.st_mtime_ns}\n".encode())
            newest = max(newest, fst.st_mtime_ns)
        for entry in sorted(dirs, key=lambda e: e.name):
            media = in_media or (prefix == "" and entry.name in MEDIA_FOLDERS)
            walk(entry.path, f"{prefix}{entry.name}/", media, False)

    walk(folder, "", False, True)
    return h.hexdigest(), newest
