"""Helpers for the sync tests: small libraries built once from the real samples, shares."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import xxhash

from media.catalog import read_items, read_manifest
from media.ingest import IngestOptions, ingest
from media.library import event_folders
from sync.layout import is_temporary
from sync.push import PushOptions, push
from sync.report import PushReport
from sync.share import init_share

SAMPLES = Path(
    os.environ.get("COBERTURA_SAMPLES")
    or Path(__file__).resolve().parents[3] / "shared" / "samples"
)
if not (SAMPLES / "truth.json").is_file():
    SAMPLES = Path("/work/shared/samples")

CARD_A = {
    "photos/burst/nikon_d70s_burst_1.jpg": "DCIM/100NIKON/DSC_0001.JPG",
    "photos/burst/nikon_d70s_burst_2.jpg": "DCIM/100NIKON/DSC_0002.JPG",
    "photos/jpeg/canon_eos_7d.jpg": "DCIM/101CANON/IMG_0001.JPG",
    "video/apple_iphone6_gps_rot90.mov": "DCIM/101CANON/IMG_0002.MOV",
}
EVENT = "2010/2010-03-01 Sin evento"  # where the Nikon burst lands (no agenda)


def make_card(root: Path, picks: dict[str, str]) -> Path:
    for sample, name in picks.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / sample, target)
    return root


def build_library(root: Path, picks: dict[str, str] = CARD_A) -> Path:
    """A library ingested from a card made of ``picks``, its files made a day old."""
    card = make_card(root / "card", picks)
    lib = root / "lib"
    report = ingest([str(card)], IngestOptions(library=str(lib)))
    assert not report.failed, report.summary()
    age(lib)
    return lib


def age(tree: Path, seconds: float = 86400) -> None:
    """Make every file look old, as files ingested long ago do (the index trusts those)."""
    past = time.time() - seconds
    for folder, dirs, names in os.walk(tree):
        for name in names + dirs:
            os.utime(os.path.join(folder, name), (past, past), follow_symlinks=False)


_TEMPLATES: dict[str, Path] = {}


def library_copy(tmp_path: Path, factory_root: Path, picks: dict[str, str] = CARD_A) -> Path:
    """A fresh copy of a library built once per session (ingest is the slow part)."""
    key = "|".join(f"{k}>{v}" for k, v in sorted(picks.items()))
    if key not in _TEMPLATES:
        _TEMPLATES[key] = build_library(factory_root / f"template{len(_TEMPLATES)}", picks)
    lib = tmp_path / "lib"
    shutil.copytree(_TEMPLATES[key], lib, symlinks=True)
    age(lib)
    return lib


def new_share(tmp_path: Path, name: str = "share", writer: str = "oficina@nas") -> Path:
    share = tmp_path / name
    share.mkdir()
    init_share(str(share), writer)
    return share


def run_push(
    lib: Path, share: Path, writer: str = "ana@laptop", on_file: Any = None, **kw: Any
) -> PushReport:
    return push(PushOptions(str(lib), str(share), writer, **kw), on_file=on_file)


def share_files(share: Path) -> dict[str, str]:
    """Every file on the share (relative path -> xxh3-128), temporaries included."""
    found = {}
    for folder, _dirs, names in os.walk(share):
        for name in names:
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, share).replace(os.sep, "/")
            found[rel] = xxhash.xxh3_128_hexdigest(Path(full).read_bytes())
    return found


def temporaries(share: Path) -> list[str]:
    return [os.path.join(f, n) for f, _d, names in os.walk(share) for n in names if is_temporary(n)]


def assert_library_on_share(lib: Path, share: Path) -> None:
    """Every file of every manifest of the library is on the share, with its content."""
    on_share = share_files(share)
    for folder in event_folders(str(lib)):
        rel = os.path.relpath(folder, lib).replace(os.sep, "/")
        for digest, path in read_manifest(folder):
            assert on_share.get(f"{rel}/{path}") == digest, f"{rel}/{path}"
        assert read_items(folder)


def snapshot_names(share: Path, event: str = EVENT) -> list[str]:
    root = share / event / ".cobertura" / "writers"
    return (
        sorted(f"{w.name}/{n.name}" for w in root.iterdir() for n in w.iterdir())
        if root.is_dir()
        else []
    )


def synthetic_library(lib: Path, events: int, per_event: int, size: int) -> Path:
    """A library of random 'photos' with catalogs and manifests, as ingest leaves them
    (quick to build; the content does not matter to sync)."""
    from media.catalog import upsert_items

    for e in range(events):
        folder = lib / "2026" / f"2026-02-{e + 1:02d} Evento {e}"
        (folder / "FOTO").mkdir(parents=True)
        items = []
        for i in range(per_event):
            data = os.urandom(size - i)
            name = f"2026-02-{e + 1:02d}_1000{i:02d}_IMG_{i:04d}.JPG"
            (folder / "FOTO" / name).write_bytes(data)
            digest = xxhash.xxh3_128_hexdigest(data)
            items.append(
                {
                    "id": digest[:16],
                    "kind": "photo",
                    "path": f"2026/{folder.name}/FOTO/{name}",
                    "folder_path": f"FOTO/{name}",
                    "size": len(data),
                    "hash": digest,
                    "sidecars": [],
                }
            )
        upsert_items(str(folder), items)
    age(lib)
    return lib
