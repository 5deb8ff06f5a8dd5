"""The main window on the demo library: culling keys that persist, search, details, grid."""

from __future__ import annotations

from pathlib import Path

from cell_painting import count, paint_cell
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from media.culling import Rating, event_items, rating_of
from media.edits import journal_path
from media.thumbnails import thumbnail_path
from ui import grid_model
from ui.grid_delegate import PICK, REJECT
from ui.grid_model import GridModel, RatingRole, ThumbRole, ThumbStateRole
from ui.thumbs import ThumbnailLoader

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _disk_marks(folder: str) -> dict[str, Rating]:
    """The marks as a fresh reader sees them: catalog plus journals, read from the disk."""
    return {item["id"]: rating_of(item) for item in event_items(folder)}


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)


def test_culling_keys_are_saved_at_once_and_survive_reopening(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    folder = window.model.folder
    assert folder is not None and window.model.rowCount() == 4
    grid = window.grid
    first, second = window.model.item(0)["id"], window.model.item(1)["id"]

    qtbot.keyClick(grid, Qt.Key.Key_P)
    assert window.model.index(0).data(RatingRole) == Rating(pick=True)  # shown at once
    _settle(qtbot, window)
    assert _disk_marks(folder)[first] == Rating(pick=True)

    qtbot.keyClick(grid, Qt.Key.Key_X)
    qtbot.keyClick(grid, Qt.Key.Key_3)
    _settle(qtbot, window)
    assert _disk_marks(folder)[first] == Rating(reject=True, stars=3)

    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentIndex().row() == 1
    qtbot.keyClick(grid, Qt.Key.Key_5)
    qtbot.keyClick(grid, Qt.Key.Key_P)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_P)
    qtbot.keyClick(grid, Qt.Key.Key_P)  # pressed twice: the pick is taken back
    _settle(qtbot, window)
    marks = _disk_marks(folder)
    assert marks[second] == Rating(pick=True, stars=5)
    assert marks[window.model.item(2)["id"]] == Rating()
    assert Path(journal_path(folder, "prueba@maquina")).is_file()

    window.close()  # waits for the writer; then a new window reads everything back
    again = open_window(demo_library)
    assert again.model.folder == folder
    shown = {again.model.item(r)["id"]: again.model.index(r).data(RatingRole) for r in range(4)}
    assert shown[first] == Rating(reject=True, stars=3)
    assert shown[second] == Rating(pick=True, stars=5)
    event = next(e for e in again.event_panel.model.events if e.folder == folder)
    assert event.picks == 1


def test_marks_apply_to_every_selected_item(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    window.grid.selectAll()
    qtbot.keyClick(window.grid, Qt.Key.Key_4)
    qtbot.keyClick(window.grid, Qt.Key.Key_P)
    _settle(qtbot, window)
    assert set(_disk_marks(window.model.folder).values()) == {Rating(pick=True, stars=4)}
    # The event list counts the picks as they are made.
    shown = next(e for e in window.event_panel.model.events if e.folder == window.model.folder)
    assert shown.picks == 4


def test_search_filters_events_by_title_place_and_date(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library, title=None)
    panel = window.event_panel
    total = panel.proxy.rowCount()
    assert total == 3  # the demo's three events; its undated photo lands in one of them
    qtbot.keyClicks(panel.search, "becas")
    assert panel.proxy.rowCount() == 1
    panel.search.clear()
    qtbot.keyClicks(panel.search, "demostracion")  # no accent typed: still found
    assert panel.proxy.rowCount() == 3
    panel.search.setText("2017")
    assert [panel.proxy.index(0, 0).data()] == ["Recorrido nocturno de seguridad (demostración)"]
    panel.search.setText("diciembre 2018")
    assert panel.proxy.rowCount() == 1
    panel.search.setText("Calzada de la Viga")  # the agenda's place
    assert panel.proxy.rowCount() == 1
    panel.search.setText("nada parecido")
    assert panel.proxy.rowCount() == 0


def test_details_show_the_selected_item(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    values = window.details.values
    assert values["capture"].text() == "1 de marzo de 2010, 21:50:21"
    assert values["camera"].text() == "NIKON D70s"
    assert values["source"].text() == "EXIF, fecha original"
    assert values["size"].text().startswith("2000 × 3008 px")
    qtbot.keyClick(window.grid, Qt.Key.Key_End)
    assert values["capture"].text() == "1 de marzo de 2010, 21:51:01"
    qtbot.keyClick(window.grid, Qt.Key.Key_2)
    assert "★★☆☆☆" in values["rating"].text()


def test_video_and_audio_events(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library, title="Recorrido nocturno de seguridad (demostración)")
    item = window.model.item(0)
    assert item["kind"] == "video"
    assert window.details.values["duration"].text() == "0.2 s"
    qtbot.waitUntil(lambda: window.model.index(0).data(ThumbStateRole) != "loading")
    assert window.model.index(0).data(ThumbRole).width() == 256  # the poster frame
    mixed = open_window(demo_library, title="Jornada de salud de fin de año (demostración)")
    kinds = {mixed.model.item(r)["kind"]: r for r in range(mixed.model.rowCount())}
    assert set(kinds) == {"audio", "photo"}
    # An audio file has no picture: once the loader answers, the delegate draws an icon.
    audio_index = mixed.model.index(kinds["audio"])
    qtbot.waitUntil(lambda: audio_index.data(ThumbStateRole) != "loading", timeout=10_000)
    assert audio_index.data(ThumbStateRole) == "none"


def test_thumbnails_load_lazily_and_are_cached(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    model = window.model
    qtbot.waitUntil(lambda: model.thumbnails_answered() == 4, timeout=10_000)
    for row in range(4):
        image = model.index(row).data(ThumbRole)
        assert isinstance(image, QImage) and not image.isNull()
        assert image.height() > image.width()  # the burst is portrait
        assert Path(thumbnail_path(model.folder, model.item(row)["id"])).is_file()


def test_answers_for_another_event_are_dropped(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    model = window.model
    old_generation = model.generation
    item_id = model.item(0)["id"]
    model.set_event(model.folder, [model.item(r) for r in range(model.rowCount())])
    assert model.generation == old_generation + 1
    stale = QImage(10, 10, QImage.Format.Format_RGB32)
    model.loader.loaded.emit(old_generation, item_id, stale)
    qtbot.wait(20)
    assert model._thumbs.get(item_id) is not stale


def test_old_pictures_are_forgotten_and_asked_for_again(
    qtbot, demo_library: Path, open_window, monkeypatch
) -> None:
    folder = open_window(demo_library).model.folder
    monkeypatch.setattr(grid_model, "MAX_PICTURES", 2)
    loader = ThumbnailLoader(threads=1)
    model = GridModel(loader)  # no view: only the rows asked for below are drawn
    model.set_event(folder, event_items(folder))
    for row in range(4):
        model.index(row).data(ThumbRole)
    qtbot.waitUntil(lambda: loader.pool.activeThreadCount() == 0, timeout=10_000)
    qtbot.wait(50)  # the last answers cross to this thread
    states = [model.index(row).data(ThumbStateRole) for row in range(4)]
    kept = [row for row in range(4) if isinstance(model._thumbs.get(model.item(row)["id"]), QImage)]
    assert 1 <= len(kept) <= 2
    assert states.count("loading") == 4 - len(kept)  # forgotten ones were asked for again
    forgotten = next(row for row in range(4) if row not in kept)
    assert model.index(forgotten).data(ThumbRole) is None  # drawn again: asked for again
    qtbot.waitUntil(lambda: model.index(forgotten).data(ThumbStateRole) == "ready", timeout=10_000)
    loader.shutdown()


def test_badges_are_drawn_for_pick_and_reject(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() == 4, timeout=10_000)
    assert count(paint_cell(window, 0), PICK) == 0
    window.model.update_item(0, {"pick": True})
    window.model.update_item(1, {"reject": True})
    assert count(paint_cell(window, 0), PICK) > 10
    assert count(paint_cell(window, 1), REJECT) > 10
