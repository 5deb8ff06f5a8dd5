"""Scan a card or folder: list its media, pair sidecars with their clip, skip system files.

Never follows a symlink out of the source, never opens a FIFO or device file, and
never loops on a symlink cycle.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field

from media.formats import (
    HOUSEKEEPING_DIRS,
    RAW_EXTS,
    extension,
    is_housekeeping_name,
    kind_from_content,
    kind_from_extension,
    read_head,
)
from media.models import CancelToken, Kind, Problem, ProblemType, ProgressFn, no_progress


@dataclass
class ScannedFile:
    """One file found on the source. ``path`` is what we read; ``source_path`` what we show."""

    path: str
    source_path: str
    rel: str
    kind: Kind
    size: int
    mtime: float
    companions: list[ScannedFile] = field(default_factory=list)


@dataclass
class ScanResult:
    files: list[ScannedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    skipped_housekeeping: int = 0

    def counts(self) -> dict[str, int]:
        """How many main files of each kind (companions are not counted)."""
        out = {k.value: 0 for k in Kind}
        for f in self.files:
            out[f.kind.value] += 1
        return out

    @property
    def total_bytes(self) -> int:
        return sum(f.size + sum(c.size for c in f.companions) for f in self.files)


_GOPRO_DIR = re.compile(r"^\d{3}GOPRO$", re.IGNORECASE)
_GOPRO_NAME = re.compile(r"^G([A-Z])(\d{6})$", re.IGNORECASE)
_SONY_XML = re.compile(r"^(C\d{4})M\d{2}$", re.IGNORECASE)


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def scan(
    source: str,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> ScanResult:
    """List the media under ``source`` (a card's root, a folder or a single file)."""
    result = ScanResult()
    given = os.path.abspath(source)
    root = os.path.realpath(given)
    if os.path.isfile(root):
        _add_file(result, root, given, os.path.basename(given), os.stat(root))
        _pair_companions(result)
        return result
    visited: set[tuple[int, int]] = set()
    st = os.stat(root)
    visited.add((st.st_dev, st.st_ino))
    stack: list[tuple[str, str, str]] = [(root, given, "")]  # real dir, shown dir, rel
    found = 0
    while stack:
        if cancel is not None:
            cancel.raise_if_cancelled()
        real_dir, shown_dir, rel_dir = stack.pop()
        try:
            entries = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError as exc:
            result.problems.append(Problem(ProblemType.UNREADABLE, shown_dir, exc.strerror or ""))
            continue
        for entry in entries:
            shown = os.path.join(shown_dir, entry.name)
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            real = entry.path
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not _inside(target, root) or not os.path.exists(target):
                    result.problems.append(
                        Problem(ProblemType.SYMLINK_OUTSIDE, shown, f"-> {os.readlink(entry.path)}")
                    )
                    continue
                real = target
            try:
                st = os.stat(real)
            except OSError as exc:
                result.problems.append(Problem(ProblemType.UNREADABLE, shown, exc.strerror or ""))
                continue
            if stat.S_ISDIR(st.st_mode):
                if entry.name.lower() in HOUSEKEEPING_DIRS:
                    result.skipped_housekeeping += 1
                    continue
                key = (st.st_dev, st.st_ino)
                if key in visited:
                    result.problems.append(Problem(ProblemType.SYMLINK_OUTSIDE, shown, "ciclo"))
                    continue
                visited.add(key)
                stack.append((real, shown, rel))
            elif not stat.S_ISREG(st.st_mode):
                result.problems.append(Problem(ProblemType.SPECIAL_FILE, shown))
            elif is_housekeeping_name(entry.name):
                result.skipped_housekeeping += 1
            else:
                _add_file(result, real, shown, rel, st)
                found += 1
                progress(found, 0)
    _pair_companions(result)
    result.layouts = _detect_layouts(result.files)
    return result


def _add_file(result: ScanResult, real: str, shown: str, rel: str, st: os.stat_result) -> None:
    name = rel.rsplit("/", 1)[-1]
    kind = kind_from_extension(name)
    if extension(name) == "xml" and _SONY_XML.match(name.rsplit(".", 1)[0]):
        kind = Kind.SIDECAR
    if kind is None and st.st_size > 0:
        try:
            kind = kind_from_content(read_head(real))
        except OSError as exc:
            result.problems.append(Problem(ProblemType.UNREADABLE, shown, exc.strerror or ""))
            return
    if st.st_size == 0:
        result.problems.append(Problem(ProblemType.EMPTY, shown))
        return
    if kind is None:
        result.problems.append(Problem(ProblemType.NOT_MEDIA, shown))
        return
    result.files.append(ScannedFile(real, shown, rel, kind, st.st_size, st.st_mtime))


def _companion_stem(rel: str) -> str:
    """The stem a sidecar shares with its main file (GoPro and Sony names included)."""
    folder, _, name = rel.rpartition("/")
    stem = name.split(".", 1)[0]
    if m := _GOPRO_NAME.match(stem):
        stem = f"G*{m.group(2)}"  # GL010123.LRV goes with GH/GX/GS010123.MP4
    elif m := _SONY_XML.match(stem):
        stem = m.group(1)  # C0001M01.XML goes with C0001.MP4
    return f"{folder}/{stem}".upper()


def _pair_companions(result: ScanResult) -> None:
    """Attach XMP, THM, LRV (and Sony clip XML) to the main file they belong to."""
    mains: dict[str, ScannedFile] = {}
    for f in result.files:
        if f.kind is Kind.SIDECAR:
            continue
        key = _companion_stem(f.rel)
        current = mains.get(key)
        # Prefer the raw file of a RAW+JPEG pair, then a video, as the owner of sidecars.
        if current is None or (
            extension(f.rel) in RAW_EXTS and extension(current.rel) not in RAW_EXTS
        ):
            mains[key] = f
    kept: list[ScannedFile] = []
    for f in result.files:
        if f.kind is Kind.SIDECAR and (owner := mains.get(_companion_stem(f.rel))) is not None:
            owner.companions.append(f)
        else:
            kept.append(f)
    result.files = kept


def _detect_layouts(files: list[ScannedFile]) -> list[str]:
    layouts: set[str] = set()
    for f in files:
        parts = [p.upper() for p in f.rel.split("/")]
        if "DCIM" in parts:
            i = parts.index("DCIM")
            is_gopro = len(parts) > i + 2 and _GOPRO_DIR.match(parts[i + 1])
            layouts.add("gopro" if is_gopro else "dcim")
        if "/".join(parts).startswith("PRIVATE/M4ROOT/CLIP/"):
            layouts.add("sony_xavc")
        if "/".join(parts).startswith("PRIVATE/AVCHD/BDMV/STREAM/"):
            layouts.add("avchd")
        if f.kind is Kind.AUDIO and extension(f.rel) in ("wav", "bwf"):
            layouts.add("recorder")
    return sorted(layouts)
