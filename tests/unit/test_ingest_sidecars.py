"""A sidecar that appears on a card whose main file is already in the library (the camera
wrote a thumbnail later, or someone tagged the photo in Lightroom on the card): it is
copied beside the main file, added to its catalog record and manifest, and verified."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from media.catalog import read_items
from media.ingest import IngestOptions, ingest
from media.ledger import Ledger
from media.library import event_folders
from media.verify import verify_library
from tests.kill_resume import catalog_state, temporaries


def _items(library: Path) -> list[dict[str, Any]]:
    return [item for folder in event_folders(str(library)) for item in read_items(folder)]


def _only_item(library: Path) -> dict[str, Any]:
    items = _items(library)
    assert len(items) == 1, items
    return items[0]


def _sidecar_names(item: dict[str, Any]) -> list[str]:
    return sorted(Path(s["path"]).name for s in item["sidecars"])


def _canon_card_ingested(tmp_path: Path, samples: Path, library: Path) -> tuple[Path, Path]:
    """A card holding one Canon JPEG, ingested once: (the card, its DCIM folder)."""
    card = tmp_path / "card"
    folder = card / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", folder / "IMG_0001.JPG")
    ingest([str(card)], IngestOptions(library=str(library)))
    return card, folder


def _clean(library: Path) -> None:
    """The library's invariants: verify passes, every file listed once, no temporaries."""
    assert verify_library(str(library)).ok
    state = catalog_state(library)
    assert state["unlisted"] == [] and state["duplicate_paths"] == []
    assert temporaries(library) == []


def test_new_gopro_companions_join_a_clip_already_in_the_library(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card = tmp_path / "card"
    folder = card / "DCIM" / "100GOPRO"
    folder.mkdir(parents=True)
    shutil.copy(samples / "video/gopro_max_gpmf_gps.mp4", folder / "GS010042.MP4")
    backup = tmp_path / "respaldo"
    options = IngestOptions(library=str(library), backup=str(backup))
    assert ingest([str(card)], options).count("copied") == 1
    assert _only_item(library)["sidecars"] == []

    (folder / "GS010042.THM").write_bytes(b"\xff\xd8\xff thumbnail written later")
    (folder / "GL010042.LRV").write_bytes(b"low resolution proxy" * 1000)
    again = ingest([str(card)], options)

    [result] = again.results
    assert result.status == "already" and result.problems == []
    stem = Path(str(result.path)).stem
    assert result.note == f"acompañante nuevo copiado: {stem}.LRV, {stem}.THM"
    assert again.safe_to_format
    for root in (library, backup):
        item = _only_item(root)
        stem = Path(item["path"]).stem
        assert _sidecar_names(item) == [f"{stem}.LRV", f"{stem}.THM"]
        main_dir = (root / item["path"]).parent
        for side in item["sidecars"]:
            on_disk = root / side["path"]
            assert on_disk.parent == main_dir
            assert side["folder_path"] == f"VIDEO/{on_disk.name}"
            card_name = "GL010042.LRV" if on_disk.suffix == ".LRV" else "GS010042.THM"
            assert on_disk.read_bytes() == (folder / card_name).read_bytes()
            assert side["source_path"].endswith(card_name)
        assert {s["hash"] for s in item["sidecars"]} <= set(Ledger(str(root)).by_hash)
        _clean(root)

    # Once more: nothing new, nothing copied twice, the record is unchanged.
    before = _only_item(library)
    third = ingest([str(card)], options)
    assert [r.status for r in third.results] == ["already"] and third.results[0].note == ""
    assert _only_item(library) == before and third.safe_to_format


def test_an_xmp_added_then_changed_on_the_card_keeps_every_version(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card, folder = _canon_card_ingested(tmp_path, samples, library)
    options = IngestOptions(library=str(library))
    item = _only_item(library)
    stem = Path(item["path"]).stem
    # Cobertura's own caption sidecar (lower-case .xmp, not a card file, not in the manifest).
    ours = (library / item["path"]).with_suffix(".xmp")
    ours.write_text("<x:xmpmeta>caption written by Cobertura</x:xmpmeta>", encoding="utf-8")

    xmp = folder / "IMG_0001.XMP"
    xmp.write_text("<x:xmpmeta>rating 3</x:xmpmeta>", encoding="utf-8")
    second = ingest([str(card)], options)
    assert second.results[0].status == "already" and second.safe_to_format
    # Same name as Cobertura's sidecar but for the letter case: it gets a name of its own.
    assert _sidecar_names(_only_item(library)) == [f"{stem}-2.XMP"]
    assert ours.read_text(encoding="utf-8").endswith("by Cobertura</x:xmpmeta>")

    xmp.write_text("<x:xmpmeta>rating 5, edited on the card</x:xmpmeta>", encoding="utf-8")
    third = ingest([str(card)], options)
    assert third.results[0].status == "already" and third.safe_to_format
    item = _only_item(library)
    assert _sidecar_names(item) == [f"{stem}-2.XMP", f"{stem}-3.XMP"]
    texts = sorted((library / s["path"]).read_text(encoding="utf-8") for s in item["sidecars"])
    assert texts == [
        "<x:xmpmeta>rating 3</x:xmpmeta>",
        "<x:xmpmeta>rating 5, edited on the card</x:xmpmeta>",
    ]
    assert verify_library(str(library)).ok and temporaries(library) == []


def test_a_new_sidecar_left_by_a_killed_run_is_adopted_not_copied_again(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: Any
) -> None:
    import media.ingest as ingest_mod
    import media.ingest_copy as ingest_copy

    card, folder = _canon_card_ingested(tmp_path, samples, library)
    (folder / "IMG_0001.XMP").write_text("<x:xmpmeta>new</x:xmpmeta>", encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(ingest_mod, "_commit", lambda roots: None)  # dies before committing
        ingest([str(card)], IngestOptions(library=str(library)))
    assert _only_item(library)["sidecars"] == []  # placed on disk, not recorded

    copies: list[str] = []
    real_stage = ingest_copy.stage_copy
    monkeypatch.setattr(
        ingest_copy, "stage_copy", lambda src, *a: copies.append(src) or real_stage(src, *a)
    )
    again = ingest([str(card)], IngestOptions(library=str(library)))
    assert copies == [] and again.safe_to_format
    assert len(_only_item(library)["sidecars"]) == 1
    _clean(library)


def test_a_new_sidecar_that_cannot_be_read_blocks_formatting_only(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: Any
) -> None:
    import errno
    import os

    import media.transfer as transfer

    card, folder = _canon_card_ingested(tmp_path, samples, library)
    xmp = folder / "IMG_0001.XMP"
    xmp.write_text("<x:xmpmeta>new</x:xmpmeta>", encoding="utf-8")
    real_open = transfer.open_source

    def open_source(path: str) -> int:
        if os.path.realpath(path) == os.path.realpath(xmp):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path)

    monkeypatch.setattr(transfer, "open_source", open_source)
    report = ingest([str(card)], IngestOptions(library=str(library)))
    [result] = report.results
    assert result.status == "already"  # the photo itself is safe in the library
    assert [p.type.value for p in result.problems] == ["unreadable"]
    assert not report.safe_to_format and report.failed == [result]
    assert _only_item(library)["sidecars"] == []
    _clean(library)
