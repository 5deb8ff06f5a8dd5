"""Culling keys in the app reach the XMP sidecars (as ``rate`` does): read back from the files,
a card's own sidecar left byte for byte, a folder that cannot be written said once while the
journal keeps the marks, and the writers' view that writes only its journal on the share."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import media.annotate as annotate
from media.annotate import Found, xmp_target
from media.culling import event_items
from media.demo import DEMO_EVENTS
from media.edits import journal_path, record_edits
from media.verify import verify_library
from sync.push import PushOptions, push
from sync.share import init_share
from tests.unit.marks_support import CARD_SIDE, CARD_XMP, card_library, read_only, xmp_fields
from ui.writer_view import WriterView

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

TITLE = DEMO_EVENTS[0][0]
TIMEOUT = 10_000


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=TIMEOUT)


def _sidecar(window, row: int) -> str:
    folder = str(window.model.folder)
    return xmp_target(Found(folder, window.model.item(row)))[0]


def _press_on(qtbot, window, row: int, key: Qt.Key) -> None:
    window.grid.setCurrentIndex(window.model.index(row))
    qtbot.keyClick(window.grid, key)


def _failures(window) -> list[str]:
    said: list[str] = []
    window.culling.failed.connect(lambda _id, text: said.append(text))
    return said


def test_pick_reject_stars_and_label_keys_reach_the_sidecars(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    said = _failures(window)
    window.grid.setFocus()
    _press_on(qtbot, window, 0, Qt.Key.Key_3)
    _press_on(qtbot, window, 1, Qt.Key.Key_X)
    _press_on(qtbot, window, 2, Qt.Key.Key_P)
    _press_on(qtbot, window, 3, Qt.Key.Key_6)
    _settle(qtbot, window)
    stars, rejected, picked, labelled = (xmp_fields(_sidecar(window, r)) for r in range(4))
    assert stars["Xmp.xmp.Rating"] == "3"
    assert rejected["Xmp.xmp.Rating"] == "-1"
    assert picked["Xmp.xmp.Rating"] == "0"  # a pick has no XMP property of its own
    assert labelled["Xmp.xmp.Label"] == "rojo" and "Xmp.xmp.Rating" not in labelled
    for fields in (stars, rejected, picked, labelled):  # the event's title, from the agenda
        assert fields["Xmp.iptcExt.Event"] == {'lang="x-default"': TITLE}
    _press_on(qtbot, window, 1, Qt.Key.Key_X)  # X again: no longer rejected
    _press_on(qtbot, window, 3, Qt.Key.Key_6)  # the same label again: cleared
    _settle(qtbot, window)
    assert xmp_fields(_sidecar(window, 1))["Xmp.xmp.Rating"] == "0"
    assert "Xmp.xmp.Label" not in xmp_fields(_sidecar(window, 3))
    assert said == []  # nothing to complain about


def test_accepting_suggestions_reads_the_catalog_once_for_the_batch(
    qtbot, demo_library: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(demo_library)
    folder = str(window.model.folder)
    for row in range(4):
        record_edits(folder, "pick@maquina", str(window.model.item(row)["id"]), {"suggested": True})
    record_edits(folder, "pick@maquina", str(window.model.item(0)["id"]), {"stars": 4})
    window.reload_events()
    qtbot.waitUntil(lambda: window.model.item(3).get("suggested") is True, timeout=TIMEOUT)
    reads: list[str] = []
    real = annotate.read_items
    monkeypatch.setattr(annotate, "read_items", lambda where: reads.append(where) or real(where))
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    _settle(qtbot, window)
    assert reads == [folder]
    assert [xmp_fields(_sidecar(window, r))["Xmp.xmp.Rating"] for r in range(4)] == [
        "4",  # another writer's stars, merged in
        "0",
        "0",
        "0",
    ]


def test_a_cards_own_sidecar_is_left_as_it_came_without_a_complaint(
    qtbot, samples: Path, tmp_path: Path, library: Path, open_window, monkeypatch
) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    card_library(samples, tmp_path, library)
    window = open_window(library)
    said = _failures(window)
    window.grid.selectAll()
    qtbot.keyClick(window.grid, Qt.Key.Key_4)
    _settle(qtbot, window)
    rows = range(window.model.rowCount())
    card_row = next(r for r in rows if CARD_SIDE in window.model.item(r)["original_name"])
    assert Path(_sidecar(window, card_row)).read_text(encoding="utf-8") == CARD_XMP
    others = [xmp_fields(_sidecar(window, r)) for r in rows if r != card_row]
    assert [fields["Xmp.xmp.Rating"] for fields in others] == ["4", "4", "4"]
    assert {item["stars"] for item in event_items(str(window.model.folder))} == {4}
    assert said == [] and verify_library(str(library)).ok


def test_a_read_only_folder_keeps_the_marks_and_says_so_once(
    qtbot, demo_library: Path, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(demo_library)
    said = _failures(window)
    photos = Path(_sidecar(window, 0)).parent
    with read_only(photos, monkeypatch):
        window.grid.selectAll()
        qtbot.keyClick(window.grid, Qt.Key.Key_2)
        _settle(qtbot, window)
    assert len(said) == 1
    first = Path(_sidecar(window, 0)).name  # the file, not its whole path: one line
    assert said[0] == (
        "Marcas guardadas, pero 4 XMP no se pudieron actualizar; el primero: "
        f"{first}: no se pudo escribir en el destino ({os.strerror(errno.EACCES)})"
    )
    assert window.statusBar().currentMessage() == said[0]
    assert {item["stars"] for item in event_items(str(window.model.folder))} == {2}
    assert {window.model.item(r)["stars"] for r in range(4)} == {2}  # not put back
    assert not list(photos.glob("*.xmp"))
    qtbot.keyClick(window.grid, Qt.Key.Key_5)  # writable again: the next mark catches up
    _settle(qtbot, window)
    assert {xmp_fields(_sidecar(window, r))["Xmp.xmp.Rating"] for r in range(4)} == {"5"}
    assert len(said) == 1


def _tree(root: Path) -> dict[str, bytes]:
    return {
        os.path.relpath(os.path.join(d, n), root): Path(d, n).read_bytes()
        for d, _dirs, names in os.walk(root)
        for n in names
    }


def test_the_writers_view_writes_only_its_journal_on_the_share(
    qtbot, samples: Path, tmp_path: Path, library: Path
) -> None:
    share = tmp_path / "compartida"
    share.mkdir()
    init_share(str(share), "oficina@nas")
    folder = card_library(samples, tmp_path, library)  # a card's sidecar travels with the push
    burst = os.path.relpath(folder, library)
    pushed = push(PushOptions(str(library), str(share), "ana@laptop", events=[burst]))
    assert not pushed.run_problems
    before = _tree(share)
    assert [name for name in before if name.endswith(".xmp")] == [
        os.path.join(burst, "FOTO", f"2010-03-01_215040_{CARD_SIDE}.xmp")
    ]
    view = WriterView(str(share), "carla@redaccion", cache_dir=str(tmp_path / "cache"))
    qtbot.addWidget(view)
    view.show()
    view.activate()
    qtbot.waitUntil(lambda: view.loaded_for is not None, timeout=15_000)
    try:
        view.grid.setFocus()
        for row, key in ((0, Qt.Key.Key_P), (1, Qt.Key.Key_X), (2, Qt.Key.Key_3)):
            view.grid.setCurrentIndex(view.model.index(row))
            qtbot.keyClick(view.grid, key)
        qtbot.waitUntil(lambda: view.writer.pending == 0, timeout=15_000)
        after = _tree(share)
        journal = os.path.relpath(journal_path(str(share / burst), "carla@redaccion"), share)
        assert set(after) - set(before) == {journal}  # the journal, nothing else
        assert {k: v for k, v in after.items() if k != journal} == before
    finally:
        view.shutdown()
