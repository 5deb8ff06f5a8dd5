"""The event list: shown before the counts, counts and sync state per event, caption search."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from media.catalog import read_items
from media.edits import record_edits
from sync.event_state import EventSyncState
from sync.push import PushOptions, push
from sync.share import init_share
from tests.unit.sync_support import age
from ui import event_list
from ui.event_list_model import SYNC_LOOK, DetailRole, EventDelegate, EventRole, HitsRole, SyncRole

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

BURST = "Entrega de becas (demostración)"


def _row(panel, title: str):
    for row in range(panel.proxy.rowCount()):
        index = panel.proxy.index(row, 0)
        if index.data(EventRole).title == title:
            return index
    raise AssertionError(f"{title} not listed")


def _paint(panel, index) -> QImage:
    canvas = QImage(300, 64, QImage.Format.Format_RGB32)
    canvas.fill(QColor("black"))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 300, 64)
    option.state = QStyle.StateFlag.State_Enabled
    option.font = panel.view.font()
    painter = QPainter(canvas)
    EventDelegate().paint(painter, option, index)
    painter.end()
    return canvas


def _has(image: QImage, colour: QColor) -> bool:
    return any(
        image.pixelColor(x, y) == colour
        for y in range(40, image.height())
        for x in range(image.width())
    )


def test_counts_and_no_sync_state_without_a_share(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library, title=None)
    panel = window.event_panel
    burst = _row(panel, BURST)
    assert str(burst.data(EventRole).day) == "2010-03-01"
    assert burst.data(DetailRole) == "4 fotos"
    qtbot.waitUntil(lambda: panel.index is not None, timeout=10_000)
    assert panel.model.sync == {} and burst.data(SyncRole) is None


def test_sync_state_follows_pushes_and_marks(
    qtbot, demo_library: Path, open_window, tmp_path: Path, monkeypatch
) -> None:
    share = tmp_path / "compartida"
    share.mkdir()
    init_share(str(share), "oficina@nas")
    age(demo_library)  # a push trusts only times older than the clock's tick
    assert push(PushOptions(str(demo_library), str(share), "prueba@maquina")).complete
    monkeypatch.setattr(event_list, "REFRESH_DELAY_MS", 50)
    window = open_window(demo_library)
    panel = window.event_panel
    qtbot.waitUntil(lambda: len(panel.model.sync) == 3, timeout=10_000)
    assert set(panel.model.sync.values()) == {EventSyncState.PUSHED}
    burst = _row(panel, BURST)
    assert burst.data(SyncRole) == EventSyncState.PUSHED
    assert _has(_paint(panel, burst), SYNC_LOOK[EventSyncState.PUSHED][0])

    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_P)  # a pick is a change the share has not seen
    folder = window.model.folder  # (indexes die with each reload: look the row up again)
    changed = EventSyncState.CHANGED
    qtbot.waitUntil(lambda: panel.model.sync.get(folder) == changed, timeout=10_000)
    assert _row(panel, BURST).data(SyncRole) == changed
    others = [s for f, s in panel.model.sync.items() if f != folder]
    assert others == [EventSyncState.PUSHED, EventSyncState.PUSHED]
    assert "1 elegidas" in _row(panel, BURST).data(DetailRole)


def test_search_finds_captions_and_counts_matching_photos(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    folder = window.model.folder
    ids = [i["id"] for i in read_items(folder)]
    record_edits(folder, "prueba@maquina", ids[0], {"caption": "Niñas de la colonia Pantitlán"})
    record_edits(folder, "prueba@maquina", ids[1], {"caption": "Vecinos de Pantitlán"})
    panel = window.event_panel
    old_index = panel.index
    window.reload_events()
    qtbot.waitUntil(
        lambda: panel.index is not None and panel.index is not old_index, timeout=10_000
    )
    panel.search.setText("pantitlan")
    assert panel.proxy.rowCount() == 1
    found = panel.proxy.index(0, 0)
    assert found.data(EventRole).folder == folder and found.data(HitsRole) == 2
    assert _has(_paint(panel, found), QColor("#7fa7e0"))  # "2 fotos coinciden"
    panel.search.setText("niñas PANTITLAN")
    assert panel.proxy.index(0, 0).data(HitsRole) == 1
    panel.search.setText("marzo 2010")  # the date, no caption: the event, no photo count
    assert panel.proxy.rowCount() == 1 and panel.proxy.index(0, 0).data(HitsRole) == 0
    panel.search.clear()
    assert panel.proxy.rowCount() == 3


def test_the_list_is_shown_before_the_counts(
    qtbot, demo_library: Path, monkeypatch, tmp_path: Path
) -> None:
    """A library whose events must all be counted again lists them at once, then counts."""
    from media import event_summary
    from ui.main_window import MainWindow

    monkeypatch.setattr(event_summary, "COUNT_NOW_BYTES", 0)
    real_list = event_summary.list_events
    monkeypatch.setattr(event_list, "list_events", lambda lib, **kw: real_list(lib, budget=0, **kw))
    release = threading.Event()
    real_count = event_summary.count_events

    def slow_count(*args, **kwargs):
        release.wait(10)
        return real_count(*args, **kwargs)

    monkeypatch.setattr(event_list, "count_events", slow_count)
    window = MainWindow(str(demo_library))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.events_loaded, timeout=10_000)
    panel = window.event_panel
    assert panel.proxy.rowCount() == 3
    burst = _row(panel, BURST)
    assert "contando…" in burst.data(DetailRole)
    panel.search.setText("becas")  # searching works on titles already
    assert panel.proxy.rowCount() == 1
    panel.search.clear()
    release.set()
    qtbot.waitUntil(lambda: all(e.counted for e in panel.model.events), timeout=10_000)
    assert "4 fotos" in _row(panel, BURST).data(DetailRole)
    window.close()


def test_a_caption_saved_in_the_app_is_found_without_reading_the_event_again(
    qtbot, demo_library: Path, open_window, monkeypatch
) -> None:
    monkeypatch.setattr(event_list, "REFRESH_DELAY_MS", 50)
    window = open_window(demo_library)
    panel = window.event_panel
    qtbot.waitUntil(lambda: panel.index is not None, timeout=10_000)
    monkeypatch.setattr(event_list, "count_events", lambda *a, **k: pytest.fail("re-read"))
    monkeypatch.setattr(event_list, "build_index", lambda *a, **k: pytest.fail("re-indexed"))
    window.model.update_item(2, {"caption": "Entrega en la colonia Pantitlán"})  # as the editor
    window._refresh_event_list()
    qtbot.waitUntil(lambda: panel.index.item_count() == 1, timeout=10_000)
    panel.search.setText("pantitlan")
    assert panel.proxy.rowCount() == 1 and panel.proxy.index(0, 0).data(HitsRole) == 1
    assert _row(panel, BURST).data(EventRole).captioned == 1


def test_typing_a_search_never_opens_another_event(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    panel, shown = window.event_panel, window.model.folder
    panel.search.setText("2017")  # hides the event shown
    assert panel.proxy.rowCount() == 1 and panel.current_folder() is None
    qtbot.wait(100)
    assert window._wanted_folder == shown and window.model.folder == shown
    panel.search.setText("becas")  # shown again: selected again, still not reopened
    assert panel.current_folder() == shown
    panel.search.clear()
    assert panel.current_folder() == shown and window.model.folder == shown
    other = _row(panel, "Recorrido nocturno de seguridad (demostración)")
    panel.view.setCurrentIndex(other)  # choosing from the list does open it
    qtbot.waitUntil(lambda: window.items_loaded_for == other.data(EventRole).folder)
