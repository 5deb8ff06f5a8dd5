"""«Agrupar parecidas»: stacks of near-duplicates in the grid, their badge, the loupe over them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cell_painting import count, paint_cell
from PySide6.QtCore import Qt

from media.pick_run import pick_event
from media.settings import load_settings
from tests.unit.pick_samples import becas_event
from ui.grid_delegate import picture_rect, thumb_box
from ui.grid_model import StackRole, ThumbRole
from ui.main_window import MainWindow
from ui.stack_badge import STACK, StackMark, badge_rect

TIMEOUT = 30_000
EVENT = "becas"
SINGLE = "canon_eos_7d.jpg"  # a scene of its own: in no stack


def _event(library: Path, samples: Path, work: Path) -> None:
    """The burst (4 photos), the blur set (3) and one other photo, in one event."""
    becas_event(library, samples, work, EVENT, {SINGLE: samples / "photos/jpeg" / SINGLE})


@pytest.fixture(scope="module")
def scored_template(samples: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("grid-stacks")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(work / "config"))
        patch.setenv("XDG_DATA_HOME", str(work / "data"))
        _event(work / "biblioteca", samples, work)
        pick_event(str(work / "biblioteca"), EVENT)  # the scores, cached in the event
        yield work / "biblioteca"


@pytest.fixture
def scored_library(scored_template: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(scored_template, library)
    monkeypatch.setenv("COBERTURA_WRITER", "prueba@maquina")
    return library


def _open(qtbot, library: Path) -> MainWindow:
    window = MainWindow(str(library))
    qtbot.addWidget(window)
    window.resize(1360, 860)
    window.show()
    qtbot.waitUntil(lambda: window.events_loaded, timeout=TIMEOUT)
    folder = window.event_panel.model.events[0].folder
    assert window.select_event(folder)
    qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=TIMEOUT)  # the saved choice
    return window


def _settled(qtbot, window: MainWindow) -> None:
    stacks = window.stacks
    qtbot.waitUntil(
        lambda: stacks.pending == 0 and not stacks._marks_timer.isActive(), timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=TIMEOUT)


def _stack_on(qtbot, window: MainWindow) -> None:
    window.stacks.action.trigger()
    assert window.stacks.action.isChecked()
    _settled(qtbot, window)


def _rows(window: MainWindow, ending: str) -> list[int]:
    model = window.model
    return [r for r in range(model.rowCount()) if str(model.item(r)["path"]).endswith(ending)]


def _row(window: MainWindow, ending: str) -> int:
    (row,) = _rows(window, ending)
    return row


def _id(window: MainWindow, row: int) -> str:
    return str(window.model.item(row)["id"])


def _hidden(window: MainWindow) -> set[int]:
    return {r for r in range(window.model.rowCount()) if window.grid.isRowHidden(r)}


def _mark(window: MainWindow, row: int) -> StackMark | None:
    return window.model.index(row).data(StackRole)


def _click_badge(qtbot, window: MainWindow, row: int) -> None:
    index = window.model.index(row)
    window.grid.scrollTo(index)
    mark = _mark(window, row)
    assert mark is not None and mark.best
    shown = picture_rect(thumb_box(window.grid.visualRect(index)), index.data(ThumbRole))
    centre = badge_rect(shown, mark.size).center().toPoint()
    qtbot.mouseClick(window.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_toggle_hides_members_and_badges_the_best(qtbot, scored_library: Path) -> None:
    window = _open(qtbot, scored_library)
    action = window.stacks.action
    assert action.text() == "Agrupar parecidas" and action.shortcut().toString() == "Ctrl+G"
    assert action.isCheckable() and not action.isChecked()
    assert action in window.toolbar.actions()
    toolbar = window.toolbar.actions()
    # «Sugerir fotos», «Aceptar sugeridas», then «Agrupar parecidas»
    assert toolbar.index(window.suggest.action) + 2 == toolbar.index(action)
    assert toolbar[toolbar.index(action) - 1].text() == "Aceptar sugeridas"
    assert _hidden(window) == set()
    _stack_on(qtbot, window)
    sharp = _row(window, "S_sharp.jpg")
    burst = _rows(window, ".jpg")
    burst = [r for r in burst if "burst" in str(window.model.item(r)["path"])]
    burst_best = next(r for r in burst if _mark(window, r) is not None)
    assert _mark(window, sharp) == StackMark(3, best=True, open=False)
    assert _mark(window, burst_best) == StackMark(4, best=True, open=False)
    blur = _rows(window, "_motion.jpg") + _rows(window, "_defocus.jpg")
    assert _hidden(window) == {*blur, *(r for r in burst if r != burst_best)}
    assert not window.grid.isRowHidden(_row(window, SINGLE))  # a scene of its own
    assert _mark(window, _row(window, SINGLE)) is None
    assert window.statusBar().currentMessage() == "7 fotos en 2 grupos de parecidas."
    assert load_settings().stack_similar is True  # remembered
    action.trigger()  # off: everything shows again
    _settled(qtbot, window)
    assert _hidden(window) == set() and _mark(window, sharp) is None
    assert load_settings().stack_similar is False


def test_a_picked_member_stays_shown_and_a_rejected_best_hands_over(
    qtbot, scored_library: Path
) -> None:
    window = _open(qtbot, scored_library)
    motion = _row(window, "_motion.jpg")
    window.grid.setCurrentIndex(window.model.index(motion))
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_P)  # picked by a person: never hidden
    _stack_on(qtbot, window)
    sharp, defocus = _row(window, "S_sharp.jpg"), _row(window, "_defocus.jpg")
    assert not window.grid.isRowHidden(motion) and window.grid.isRowHidden(defocus)
    assert _mark(window, sharp) == StackMark(3, best=True, open=False)
    window.grid.setCurrentIndex(window.model.index(sharp))
    qtbot.keyClick(window.grid, Qt.Key.Key_X)  # the best frame rejected
    _settled(qtbot, window)
    new_best = window.stacks.stack_of(_id(window, sharp))
    assert new_best is not None and new_best.best != _id(window, sharp)
    assert window.grid.isRowHidden(sharp)  # a rejected member hides like any other
    assert not window.grid.isRowHidden(window.model.row_of(new_best.best) or 0)
    current = window.grid.currentIndex().row()
    assert not window.grid.isRowHidden(current)  # the cursor went to the new best frame
    assert _id(window, current) == new_best.best


def test_a_badge_click_opens_a_stack_and_s_closes_it(qtbot, scored_library: Path) -> None:
    window = _open(qtbot, scored_library)
    _stack_on(qtbot, window)
    sharp = _row(window, "S_sharp.jpg")
    blur = sorted([sharp, _row(window, "_motion.jpg"), _row(window, "_defocus.jpg")])
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() >= 3, timeout=TIMEOUT)
    _click_badge(qtbot, window, sharp)
    assert not _hidden(window) & set(blur)
    assert [_mark(window, r) for r in blur] == [
        StackMark(3, best=r == sharp, open=True, first=r == blur[0], last=r == blur[-1])
        for r in blur
    ]
    assert count(paint_cell(window, blur[0]), STACK) > 20  # the band and the open badge
    assert window.grid.currentIndex().row() == sharp
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_S)  # S on a member of the open stack closes it
    assert _hidden(window) >= set(blur) - {sharp}
    assert _mark(window, sharp) == StackMark(3, best=True, open=False)
    qtbot.keyClick(window.grid, Qt.Key.Key_S)  # and opens it again
    assert not _hidden(window) & set(blur)
    # A collapsed and an expanded stack, as a person sees them.
    window.grid.scrollToTop()
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() >= 6, timeout=TIMEOUT)
    qtbot.wait(50)
    window.grab().save("/tmp/stacks.png")


def test_the_loupe_steps_over_hidden_members(qtbot, scored_library: Path) -> None:
    window = _open(qtbot, scored_library)
    _stack_on(qtbot, window)
    hidden = _hidden(window)
    shown = [r for r in range(window.model.rowCount()) if r not in hidden]
    assert len(shown) == 3  # two best frames and the photo of its own
    window.grid.setCurrentIndex(window.model.index(shown[0]))
    window.grid.setFocus()
    for row in shown[1:]:  # the grid's own arrows step over hidden members too
        qtbot.keyClick(window.grid, Qt.Key.Key_Right)
        assert window.grid.currentIndex().row() == row
    window.grid.setCurrentIndex(window.model.index(shown[0]))
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    loupe = window.loupe_mode.loupe
    assert window.loupe_mode.is_open
    visited = [window.grid.currentIndex().row()]
    for _ in range(len(shown)):
        qtbot.keyClick(loupe, Qt.Key.Key_Right)
        visited.append(window.grid.currentIndex().row())
    assert visited == [*shown, shown[-1]]  # never a hidden row; stops at the last one
    qtbot.keyClick(loupe, Qt.Key.Key_Home)
    assert window.grid.currentIndex().row() == shown[0]
    qtbot.keyClick(loupe, Qt.Key.Key_End)
    assert window.grid.currentIndex().row() == shown[-1]
    qtbot.keyClick(loupe, Qt.Key.Key_X)  # culling keys act on what the loupe shows
    _settled(qtbot, window)
    assert window.model.item(shown[-1]).get("reject") is True
    assert all(not window.model.item(r).get("reject") for r in hidden)


def test_culling_keys_skip_hidden_members_of_a_selection(qtbot, scored_library: Path) -> None:
    window = _open(qtbot, scored_library)
    _stack_on(qtbot, window)
    window.grid.setFocus()
    window.grid.selectAll()  # Ctrl+A selects hidden rows too
    qtbot.keyClick(window.grid, Qt.Key.Key_3)
    _settled(qtbot, window)
    hidden = _hidden(window)
    assert hidden
    for row in range(window.model.rowCount()):
        assert window.model.item(row).get("stars", 0) == (0 if row in hidden else 3)
    assert len(window.export_items()) == window.model.rowCount() - len(hidden)


def test_without_scores_a_message_then_suggest_makes_the_stacks(
    qtbot, library: Path, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "prueba@maquina")
    _event(library, samples, tmp_path)
    window = _open(qtbot, library)
    _stack_on(qtbot, window)
    assert _hidden(window) == set()
    assert all(_mark(window, r) is None for r in range(window.model.rowCount()))
    assert window.grid.isVisible()  # no empty grid
    message = window.statusBar().currentMessage()
    assert "Sugerir fotos" in message and "Ctrl+Shift+S" in message
    job = window.suggest.start()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=TIMEOUT)
    window.suggest.wait()
    _settled(qtbot, window)
    qtbot.waitUntil(lambda: len(_hidden(window)) == 5, timeout=TIMEOUT)  # after the reload
    suggested = [r for r in range(window.model.rowCount()) if window.model.item(r).get("suggested")]
    assert suggested and not set(suggested) & _hidden(window)


def test_open_stacks_and_the_choice_survive_a_reload_and_a_restart(
    qtbot, scored_library: Path
) -> None:
    window = _open(qtbot, scored_library)
    _stack_on(qtbot, window)
    sharp = _row(window, "S_sharp.jpg")
    window.grid.setCurrentIndex(window.model.index(sharp))
    window.stacks.toggle_current()  # the blur set open, the burst closed
    before = _hidden(window)
    assert len(before) == 3
    folder = str(window.model.folder)
    window.open_event(folder, reload=True)
    hidden_now: list[set[int]] = []
    window.stacks.applied.connect(lambda: hidden_now.append(_hidden(window)))
    qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=TIMEOUT)
    _settled(qtbot, window)
    assert hidden_now and all(h == before for h in hidden_now)  # no flash of open stacks
    assert _hidden(window) == before and window.stacks.action.isChecked()
    mark = _mark(window, _row(window, "S_sharp.jpg"))
    assert mark is not None and mark.best and mark.open
    window.close()
    again = _open(qtbot, scored_library)  # the choice is remembered between runs
    assert again.stacks.action.isChecked()
    _settled(qtbot, again)
    assert len(_hidden(again)) == 5  # stacks open in a session start closed in the next
