"""Marks made in the app reach the XMP sidecars (``media.annotate.refresh_sidecars``), as the
``rate`` command's do: every writer's marks plus the event, once per batch, a card's own
sidecar left as it is, and a sidecar that cannot be written reported while the rest go on."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from marks_support import CARD_SIDE, CARD_XMP, card_library, read_only, xmp_fields

import media.annotate as annotate
import media.xmp
from media.annotate import Found, refresh_sidecars, xmp_target
from media.catalog import read_items
from media.demo import DEMO_EVENTS, build_demo_library
from media.edits import merged_edits, record_edits
from media.library import event_folders
from media.models import ProblemType
from media.verify import verify_library

TITLE, _START, _END, PLACE = DEMO_EVENTS[0][:4]


@pytest.fixture
def burst(library: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[dict[str, Any]]]:
    """The demo library's four-photo event folder and its items, in capture order."""
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    build_demo_library(str(library))
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    return folder, sorted(read_items(folder), key=lambda i: str(i["capture_time"]))


def _sidecar(folder: str, item: dict[str, Any]) -> str:
    return xmp_target(Found(folder, item))[0]


def test_every_writers_marks_and_the_event_reach_the_sidecars_in_one_read(
    library: Path, burst: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, items = burst
    ids = [str(i["id"]) for i in items]
    record_edits(folder, "ana@laptop", ids[0], {"stars": 4})
    record_edits(folder, "beto@pc", ids[0], {"label": "verde"})  # another writer's mark
    record_edits(folder, "ana@laptop", ids[1], {"reject": True})
    record_edits(folder, "ana@laptop", ids[2], {"pick": True})
    reads: list[str] = []
    agendas: list[str] = []
    real_read, real_agenda = annotate.read_items, annotate.Agenda

    def counted_read(where: str) -> list[dict[str, Any]]:
        reads.append(where)
        return real_read(where)

    def counted_agenda(where: str) -> Any:
        agendas.append(where)
        return real_agenda(where)

    monkeypatch.setattr(annotate, "read_items", counted_read)
    monkeypatch.setattr(annotate, "Agenda", counted_agenda)
    done = refresh_sidecars(str(library), folder, ids[:3])
    assert reads == [folder] and agendas == [str(library)]  # once for the batch, not per item
    assert done.problems == [] and done.kept == []
    assert done.written == [_sidecar(folder, i) for i in items[:3]]
    first, rejected, picked = (xmp_fields(_sidecar(folder, i)) for i in items[:3])
    assert first["Xmp.xmp.Rating"] == "4" and first["Xmp.xmp.Label"] == "verde"
    assert first["Xmp.iptcExt.Event"] == {'lang="x-default"': TITLE}
    assert first["Xmp.iptc.Location"] == PLACE
    assert rejected["Xmp.xmp.Rating"] == "-1"  # Lightroom's and Bridge's reject
    # A pick has no XMP property (Lightroom keeps its flags in its catalog): rating 0.
    assert picked["Xmp.xmp.Rating"] == "0" and "Xmp.xmp.Label" not in picked
    assert not os.path.exists(_sidecar(folder, items[3]))  # not marked: not written
    record_edits(folder, "ana@laptop", ids[1], {"reject": False, "stars": 2})
    assert refresh_sidecars(str(library), folder, [ids[1]]).problems == []
    assert xmp_fields(_sidecar(folder, items[1]))["Xmp.xmp.Rating"] == "2"


def test_a_cards_sidecar_stays_byte_identical_and_verify_passes(
    samples: Path, tmp_path: Path, library: Path
) -> None:
    folder = card_library(samples, tmp_path, library)
    items = read_items(folder)
    ids = [str(i["id"]) for i in items]
    for item_id in ids:
        record_edits(folder, "lupita@prensa", item_id, {"stars": 5})
    done = refresh_sidecars(str(library), folder, ids)
    card_item = next(i for i in items if i["original_name"].startswith(CARD_SIDE))
    card_path = _sidecar(folder, card_item)
    assert done.kept == [card_path] and done.problems == []
    assert len(done.written) == 3 and card_path not in done.written
    assert Path(card_path).read_text(encoding="utf-8") == CARD_XMP
    assert all(xmp_fields(path)["Xmp.xmp.Rating"] == "5" for path in done.written)
    assert merged_edits(folder).values[str(card_item["id"])]["stars"] == 5  # the journal has it
    assert verify_library(str(library)).ok


def test_a_read_only_folder_is_one_problem_and_the_journal_keeps_the_mark(
    library: Path, burst: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, items = burst
    ids = [str(i["id"]) for i in items]
    for item_id in ids:
        record_edits(folder, "lupita@prensa", item_id, {"stars": 3})
    photos = Path(_sidecar(folder, items[0])).parent
    with read_only(photos, monkeypatch):
        done = refresh_sidecars(str(library), folder, ids)
    assert done.written == [] and done.failed_ids == ids
    assert [p.type for p in done.problems] == [ProblemType.WRITE_ERROR] * 4
    assert done.problems[0].path == os.path.relpath(_sidecar(folder, items[0]), library)
    assert done.problems[0].detail == os.strerror(errno.EACCES)
    assert not list(photos.glob("*.xmp")) and not list(photos.glob(".cobertura-tmp-*"))
    assert {merged_edits(folder).values[i]["stars"] for i in ids} == {3}


def test_a_broken_sidecar_and_a_full_disk_fail_only_their_item(
    library: Path, burst: tuple[str, list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, items = burst
    ids = [str(i["id"]) for i in items]
    broken = Path(_sidecar(folder, items[1]))
    broken.write_text("<x:xmpmeta>roto", encoding="utf-8")
    for item_id in ids:
        record_edits(folder, "lupita@prensa", item_id, {"stars": 1})
    done = refresh_sidecars(str(library), folder, ids)
    assert done.failed_ids == [ids[1]] and len(done.written) == 3
    assert done.problems[0].type == ProblemType.UNREADABLE
    assert "line 1, column 0" in done.problems[0].detail  # what the XML parser says
    assert broken.read_text(encoding="utf-8") == "<x:xmpmeta>roto"  # never overwritten

    real_write = media.xmp.write_atomic

    def full_disk(path: str, data: bytes) -> None:
        if path.endswith(Path(_sidecar(folder, items[2])).name):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_write(path, data)

    monkeypatch.setattr(media.xmp, "write_atomic", full_disk)
    done = refresh_sidecars(str(library), folder, [ids[2], ids[3]])
    assert done.failed_ids == [ids[2]] and done.written == [_sidecar(folder, items[3])]
    assert done.problems[0].type == ProblemType.DISK_FULL
    assert str(done.problems[0]).endswith(f"disco de destino lleno ({os.strerror(errno.ENOSPC)})")


def test_an_unreadable_agenda_still_writes_the_marks(
    library: Path, burst: tuple[str, list[dict[str, Any]]]
) -> None:
    folder, items = burst
    events = library / ".cobertura" / "events.json"
    events.write_text("{roto", encoding="utf-8")
    record_edits(folder, "lupita@prensa", str(items[0]["id"]), {"stars": 2})
    done = refresh_sidecars(str(library), folder, [str(items[0]["id"]), "no-existe"])
    assert [(p.type, p.path) for p in done.problems] == [
        (ProblemType.UNREADABLE, os.path.join(".cobertura", "events.json"))
    ]
    assert done.written == [_sidecar(folder, items[0])]  # the unknown id is skipped
    written = xmp_fields(done.written[0])
    assert written["Xmp.xmp.Rating"] == "2" and "Xmp.iptcExt.Event" not in written
