"""The caption editor of the details panel: templates, codes, the selection, the journal, XMP."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt

from media.annotate import Found, xmp_target
from media.culling import event_items
from media.edits import journal_path
from media.pick_run import pick_event, save_suggestions

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

CODES = {"=alc": "Ana Pérez, alcaldesa de Iztacalco"}
WANTED = "Entrega de becas (demostración): Ana Pérez, alcaldesa de Iztacalco entrega becas."


def _write_codes(library: Path) -> None:
    state = library / ".cobertura"
    state.mkdir(parents=True, exist_ok=True)
    (state / "codes.json").write_text(json.dumps(CODES, ensure_ascii=False), encoding="utf-8")


def _editor_ready(qtbot, window):
    editor = window.details.caption_editor
    qtbot.waitUntil(lambda: editor.context.codes == CODES, timeout=10_000)
    return editor


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)


def test_caption_with_template_and_code_is_saved_on_the_selection_and_read_back(
    qtbot, demo_library: Path, open_window
) -> None:
    _write_codes(demo_library)
    window = open_window(demo_library)
    editor = _editor_ready(qtbot, window)
    window.grid.selectAll()
    assert editor.targets == [str(window.model.item(r)["id"]) for r in range(4)]
    assert editor.target_label.isVisibleTo(editor)
    qtbot.keyClick(window.grid, Qt.Key.Key_C)  # C: the cursor goes to the caption
    assert editor.caption.hasFocus()
    template = editor.template.findData("{evento}, {lugar}. {fecha}.")
    assert template > 0  # the ready-made templates are offered
    qtbot.keyClicks(editor.caption, "{evento}: =alc entrega becas.")
    assert editor.preview.text() == "Quedará: " + WANTED
    qtbot.keyClicks(editor.keywords, "becas, =alc")
    qtbot.keyClick(editor.caption, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.grid.hasFocus()  # saved: the keyboard goes back to the grid
    _settle(qtbot, window)
    folder = str(window.model.folder)
    on_disk = event_items(folder)
    assert {item["caption"] for item in on_disk} == {WANTED}
    assert {item["credit"] for item in on_disk} == {"Foto: prueba / Alcaldía Iztacalco"}
    assert all(item["keywords"] == ["becas", CODES["=alc"]] for item in on_disk)
    assert "place" not in on_disk[0]  # not typed: not recorded
    assert Path(journal_path(folder, "prueba@maquina")).is_file()
    sidecar, from_card = xmp_target(Found(folder, on_disk[0]))
    assert not from_card
    xmp = Path(sidecar).read_text(encoding="utf-8")
    assert "alcaldesa de Iztacalco entrega becas" in xmp and "Foto: prueba" in xmp
    assert editor.status.text() == "Pie de foto guardado en 4 elementos."

    window.close()  # survives closing: a new window reads it back
    again = open_window(demo_library)
    again_editor = _editor_ready(qtbot, again)
    assert again_editor.caption.toPlainText() == WANTED
    assert again_editor.credit.text() == "Foto: prueba / Alcaldía Iztacalco"
    assert again_editor.keywords.text() == "becas, " + CODES["=alc"]


def test_an_edit_left_unsaved_is_saved_when_moving_on(
    qtbot, demo_library: Path, open_window
) -> None:
    _write_codes(demo_library)
    window = open_window(demo_library)
    editor = _editor_ready(qtbot, window)
    first = str(window.model.item(0)["id"])
    qtbot.keyClicks(editor.place, "Explanada, =alc")
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Right)  # another photo: the typed place is kept
    assert editor.place.text() == ""  # the second photo's own (empty) place
    _settle(qtbot, window)
    saved = {item["id"]: item for item in event_items(str(window.model.folder))}
    assert saved[first]["place"] == "Explanada, " + CODES["=alc"]
    assert "place" not in saved[str(window.model.item(1)["id"])]
    qtbot.keyClick(window.grid, Qt.Key.Key_Left)
    assert editor.place.text() == "Explanada, " + CODES["=alc"]


def test_a_bad_template_is_refused_before_saving(qtbot, demo_library: Path, open_window) -> None:
    _write_codes(demo_library)
    window = open_window(demo_library)
    editor = _editor_ready(qtbot, window)
    qtbot.keyClicks(editor.caption, "{invitado} llega")
    assert "variable desconocida" in editor.preview.text()
    assert not editor.save_button.isEnabled()
    assert editor.save() == 0
    _settle(qtbot, window)
    assert all("caption" not in item for item in event_items(str(window.model.folder)))


def test_accept_suggested_picks_and_show_scores(qtbot, demo_library: Path, open_window) -> None:
    folder_rel = next(p for p in os.listdir(demo_library / "2010"))
    report = pick_event(str(demo_library), os.path.join("2010", folder_rel), workers=1)
    assert save_suggestions(report, "pick@maquina") >= 1  # what `pick --save` records
    window = open_window(demo_library)
    model = window.model
    suggested = [r for r in range(4) if model.item(r).get("suggested") is True]
    assert suggested
    scores = window.details.values["score"]
    qtbot.waitUntil(lambda: "nítida" in scores.text(), timeout=10_000)  # with its reasons
    window.grid.setCurrentIndex(model.index(suggested[0]))
    assert "sugerida" in window.details.values["rating"].text()
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert all(model.item(r).get("pick") is True for r in suggested)
    assert not any(model.item(r).get("pick") for r in range(4) if r not in suggested)
    _settle(qtbot, window)
    on_disk = {item["id"]: item for item in event_items(str(model.folder))}
    assert all(on_disk[model.item(r)["id"]].get("pick") is True for r in suggested)
    assert "aceptadas" in window.statusBar().currentMessage()


def test_c_in_the_loupe_writes_the_caption_and_esc_goes_back(
    qtbot, demo_library: Path, open_window
) -> None:
    _write_codes(demo_library)
    window = open_window(demo_library)
    editor = _editor_ready(qtbot, window)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_F)  # full screen loupe: the details are hidden
    loupe = window.loupe_mode.loupe
    qtbot.keyClick(loupe, Qt.Key.Key_C)
    assert not window.isFullScreen() and editor.caption.hasFocus()
    qtbot.keyClicks(editor.caption, "=alc saluda")
    qtbot.keyClick(editor.caption, Qt.Key.Key_Escape)  # saves, and the loupe has the keys
    assert loupe.hasFocus() and window.loupe_mode.is_open
    _settle(qtbot, window)
    first = event_items(str(window.model.folder))
    shown = str(window.model.item(0)["id"])
    assert next(i for i in first if i["id"] == shown)["caption"] == CODES["=alc"] + " saluda"
