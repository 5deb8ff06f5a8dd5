"""Culling keys shared by the grid and the loupe: labels 6-9, accept suggested, grid badges."""

from __future__ import annotations

from pathlib import Path

from cell_painting import count, paint_cell
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from media.culling import event_items
from media.edits import record_edits
from ui.culling_keys import key_action, next_marks
from ui.grid_delegate import LABEL_COLOURS, PICK, SUGGESTED

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

_PLAIN = Qt.KeyboardModifier.NoModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = _PLAIN) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers)


def test_keys_map_to_the_photo_mechanic_actions(qapp) -> None:
    assert key_action(_key(Qt.Key.Key_P)) == ("pick", 0)
    assert key_action(_key(Qt.Key.Key_X)) == ("reject", 0)
    assert key_action(_key(Qt.Key.Key_0)) == ("stars", 0)
    assert key_action(_key(Qt.Key.Key_5)) == ("stars", 5)
    assert key_action(_key(Qt.Key.Key_6)) == ("label", 6)
    assert key_action(_key(Qt.Key.Key_9, Qt.KeyboardModifier.KeypadModifier)) == ("label", 9)
    assert key_action(_key(Qt.Key.Key_P, _SHIFT)) == ("accept_suggested", 0)
    assert key_action(_key(Qt.Key.Key_C)) == ("caption", 0)
    assert key_action(_key(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)) is None
    assert key_action(_key(Qt.Key.Key_Right)) is None


def test_labels_toggle_and_pick_clears_reject() -> None:
    assert next_marks({}, "label", 6) == {"label": "rojo"}
    assert next_marks({"label": "rojo"}, "label", 6) == {"label": ""}  # same key: cleared
    assert next_marks({"label": "rojo"}, "label", 8) == {"label": "verde"}
    assert next_marks({}, "label", 9) == {"label": "azul"}
    assert next_marks({"label": "azul"}, "label", 7) == {"label": "amarillo"}
    assert next_marks({"reject": True}, "pick") == {"pick": True, "reject": False}
    assert next_marks({"pick": True}, "pick") == {"pick": False}


def test_label_keys_in_the_grid_are_saved_and_drawn(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() == 4, timeout=10_000)
    red = LABEL_COLOURS["rojo"]
    assert count(paint_cell(window, 0), red) == 0
    window.grid.selectAll()
    qtbot.keyClick(window.grid, Qt.Key.Key_6)
    assert count(paint_cell(window, 0), red, step=1) > 50  # the band under the cell and the dot
    qtbot.keyClick(window.grid, Qt.Key.Key_6)  # again: cleared on every selected item
    assert count(paint_cell(window, 0), red) == 0
    qtbot.keyClick(window.grid, Qt.Key.Key_8)
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)
    assert {item.get("label") for item in event_items(str(window.model.folder))} == {"verde"}
    assert "etiqueta verde" in window.details.values["rating"].text()


def test_suggested_picks_are_marked_and_accepted_from_the_toolbar(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    folder = str(window.model.folder)
    ids = [str(window.model.item(r)["id"]) for r in range(4)]
    for item_id in ids[:2]:  # as `pick --save` records its suggestions
        record_edits(folder, "pick@maquina", item_id, {"suggested": True})
    record_edits(folder, "otra@maquina", ids[1], {"reject": True})  # rejected: left alone
    window.reload_events()
    qtbot.waitUntil(lambda: window.model.item(0).get("suggested") is True, timeout=10_000)
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() == 4, timeout=10_000)
    assert count(paint_cell(window, 0), SUGGESTED) > 10  # the dashed ring
    assert count(paint_cell(window, 2), SUGGESTED) == 0
    accept = next(a for a in window.toolbar.actions() if a.text() == "Aceptar sugeridas")
    accept.trigger()
    assert window.model.item(0).get("pick") is True
    assert not window.model.item(1).get("pick")  # a reject wins over a suggestion
    assert count(paint_cell(window, 0), PICK) > 10
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)
    on_disk = {item["id"]: item for item in event_items(folder)}
    assert on_disk[ids[0]]["pick"] is True and not on_disk[ids[1]].get("pick")
    assert window.statusBar().currentMessage() == "1 sugeridas aceptadas como elegidas."
