"""The loupe on the demo library: prefetching, culling keys, 100 % zoom, compare, full screen."""

from __future__ import annotations

from pathlib import Path

from cell_painting import count
from PySide6.QtCore import QPoint, Qt

from media.culling import Rating, event_items, rating_of
from ui.grid_delegate import LABEL_COLOURS, PICK
from ui.preview_cache import FULL, PREVIEW, PREVIEW_SIZE, PreviewCache, fitted, load_picture

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _open_loupe(qtbot, window):
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() == 4, timeout=10_000)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    mode = window.loupe_mode
    assert mode.is_open and mode.loupe.hasFocus()
    return mode.loupe


def _ids(window) -> list[str]:
    return [str(window.model.item(r)["id"]) for r in range(window.model.rowCount())]


def test_the_next_photo_shows_at_once_when_prefetched(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    ids = _ids(window)
    loupe = _open_loupe(qtbot, window)
    assert loupe.right.item_id == ids[0]
    cache = loupe.cache
    qtbot.waitUntil(lambda: cache.picture(ids[1]) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: loupe.right.shown_quality == PREVIEW, timeout=10_000)
    preview = cache.picture(ids[0])
    assert preview is not None and preview.full_size.toTuple() == (2000, 3008)
    # Shrunk on the worker to the size the pane draws it at: no scaling on the GUI thread.
    ratio = loupe.right.devicePixelRatioF()
    drawn = loupe.right.picture_rect().size() * ratio
    assert abs(preview.image.height() - drawn.height()) <= 1 < PREVIEW_SIZE - drawn.height()

    qtbot.keyClick(loupe, Qt.Key.Key_Right)
    # No event-loop turn in between: the prefetched preview is already on the pane.
    assert loupe.right.item_id == ids[1]
    assert loupe.right.shown_quality == PREVIEW
    assert loupe.right.picture is cache.picture(ids[1])
    assert window.grid.currentIndex().row() == 1  # the grid (and the details) follow
    assert window.details.item is not None and window.details.item["id"] == ids[1]
    # Moving on asks for the photos around the new one, ahead first.
    qtbot.waitUntil(lambda: cache.picture(ids[2]) is not None, timeout=10_000)
    qtbot.keyClick(loupe, Qt.Key.Key_End)
    assert loupe.right.item_id == ids[3]
    qtbot.keyClick(loupe, Qt.Key.Key_Home)
    assert loupe.right.item_id == ids[0] and loupe.right.shown_quality == PREVIEW


def test_culling_keys_in_the_loupe_reach_the_journal(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    ids = _ids(window)
    window.grid.selectAll()  # the loupe marks the photo it shows, not the grid's selection
    loupe = _open_loupe(qtbot, window)
    qtbot.keyClick(loupe, Qt.Key.Key_P)
    qtbot.keyClick(loupe, Qt.Key.Key_3)
    qtbot.keyClick(loupe, Qt.Key.Key_6)  # red label
    assert rating_of(loupe.right.item or {}) == Rating(pick=True, stars=3)  # shown at once
    assert (loupe.right.item or {}).get("label") == "rojo"
    qtbot.keyClick(loupe, Qt.Key.Key_Right)
    qtbot.keyClick(loupe, Qt.Key.Key_X)
    qtbot.keyClick(loupe, Qt.Key.Key_8)
    qtbot.keyClick(loupe, Qt.Key.Key_9)  # another label replaces green
    qtbot.keyClick(loupe, Qt.Key.Key_Right)
    qtbot.keyClick(loupe, Qt.Key.Key_7)
    qtbot.keyClick(loupe, Qt.Key.Key_7)  # the same label again clears it
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)
    on_disk = {item["id"]: item for item in event_items(window.model.folder)}
    assert rating_of(on_disk[ids[0]]) == Rating(pick=True, stars=3)
    assert on_disk[ids[0]]["label"] == "rojo"
    assert rating_of(on_disk[ids[1]]) == Rating(reject=True)
    assert on_disk[ids[1]]["label"] == "azul"
    assert on_disk[ids[2]]["label"] == ""
    assert rating_of(on_disk[ids[3]]) == Rating()  # the rest of the selection was not marked


def test_badges_show_in_the_loupe(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    loupe = _open_loupe(qtbot, window)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: loupe.right.shown_quality == PREVIEW, timeout=10_000)
    before = loupe.right.grab().toImage()
    assert count(before, PICK) == 0
    qtbot.keyClick(loupe, Qt.Key.Key_P)
    qtbot.keyClick(loupe, Qt.Key.Key_8)
    after = loupe.right.grab().toImage()
    assert count(after, PICK) > 10
    assert count(after, LABEL_COLOURS["verde"]) > 10
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)


def test_zoom_to_100_percent_decodes_full_size_and_pans(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    loupe = _open_loupe(qtbot, window)
    pane = loupe.right
    qtbot.waitUntil(lambda: pane.shown_quality == PREVIEW, timeout=10_000)
    fitted = pane.picture_rect()
    assert fitted.height() <= pane.height()
    qtbot.keyClick(loupe, Qt.Key.Key_Z)
    assert pane.zoomed
    qtbot.waitUntil(lambda: pane.shown_quality == FULL, timeout=10_000)
    assert pane.picture is not None
    assert (pane.picture.image.width(), pane.picture.image.height()) == (2000, 3008)
    ratio = pane.devicePixelRatioF()
    assert round(pane.picture_rect().height() * ratio) == 3008  # one photo pixel per pixel
    top_left = pane.picture_rect().topLeft()
    qtbot.mousePress(pane, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    qtbot.mouseMove(pane, QPoint(200, 120))
    qtbot.mouseRelease(pane, Qt.MouseButton.LeftButton, pos=QPoint(200, 120))
    assert pane.picture_rect().topLeft().y() < top_left.y()  # dragged up: the photo follows
    qtbot.mouseDClick(pane, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert not pane.zoomed and pane.picture_rect() == fitted


def test_compare_two_photos_side_by_side(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    ids = _ids(window)
    loupe = _open_loupe(qtbot, window)
    qtbot.keyClick(loupe, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert loupe.compare and loupe.left.isVisible()
    assert (loupe.left.item_id, loupe.right.item_id) == (ids[0], ids[1])
    qtbot.keyClick(loupe, Qt.Key.Key_Right)  # the right one moves, the left one stays
    assert (loupe.left.item_id, loupe.right.item_id) == (ids[0], ids[2])
    qtbot.keyClick(loupe, Qt.Key.Key_P)  # marks the current (right) photo
    qtbot.keyClick(loupe, Qt.Key.Key_Tab)
    assert (loupe.left.item_id, loupe.right.item_id) == (ids[2], ids[0])
    assert window.grid.currentIndex().row() == 0
    assert rating_of(loupe.left.item or {}).pick and not rating_of(loupe.right.item or {}).pick
    qtbot.keyClick(loupe, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert not loupe.compare and not loupe.left.isVisible()
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)


def test_full_screen_and_back_to_the_grid(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    mode = window.loupe_mode
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_F)  # from the grid: the loupe, full screen
    assert mode.is_open and mode.full_screen and window.isFullScreen()
    assert not window.details.isVisible() and not window.event_panel.isVisible()
    assert not window.jobs.isVisible()
    qtbot.keyClick(mode.loupe, Qt.Key.Key_F)
    assert not window.isFullScreen() and window.details.isVisible() and mode.is_open
    qtbot.keyClick(mode.loupe, Qt.Key.Key_Escape)
    assert not mode.is_open and window.grid.hasFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Space)  # Space and Enter toggle, as Esc leaves
    assert mode.is_open
    qtbot.keyClick(mode.loupe, Qt.Key.Key_Space)
    assert not mode.is_open
    window.loupe_mode.command("full_screen")
    qtbot.keyClick(mode.loupe, Qt.Key.Key_Escape)  # Esc leaves full screen and the loupe
    assert not mode.is_open and not window.isFullScreen() and window.details.isVisible()


def test_a_damaged_photo_says_why_instead_of_a_picture(qtbot, tmp_path: Path) -> None:
    (tmp_path / "roto.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    picture = load_picture(str(tmp_path), {"id": "x", "kind": "photo", "folder_path": "roto.jpg"})
    assert picture.image.isNull() and picture.problem
    missing = load_picture(str(tmp_path), {"id": "y", "kind": "photo", "folder_path": "no.jpg"})
    assert missing.image.isNull() and missing.problem
    audio = load_picture(str(tmp_path), {"id": "z", "kind": "audio", "folder_path": "a.wav"})
    assert audio.image.isNull() and audio.problem


def test_the_cache_skips_photos_nobody_wants_any_more(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library)
    folder = str(window.model.folder)
    items = [window.model.item(r) for r in range(4)]
    cache = PreviewCache(threads=1)
    cache.want(folder, items)
    cache.want(folder, items[3:])  # moved on at once: the first three are no longer wanted
    qtbot.waitUntil(lambda: cache.pending() == 0, timeout=10_000)
    assert cache.picture(str(items[3]["id"])) is not None
    decoded = [cache.picture(str(i["id"])) is not None for i in items[:3]]
    assert decoded.count(True) <= 1  # at most the one already running when it changed
    cache.shutdown()


def test_previews_are_fitted_to_the_pane_never_enlarged() -> None:
    assert fitted((2000, 3008), (1000, 700)) == (465, 700)
    assert fitted((6000, 4000), (1500, 1500)) == (1500, 1000)
    assert fitted((300, 200), (1000, 700)) == (300, 200)  # never past 100 %
    assert fitted((300, 200), (0, 0)) == (300, 200)


def test_a_reload_keeps_the_loupe_on_its_photo(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    ids = _ids(window)
    loupe = _open_loupe(qtbot, window)
    qtbot.keyClick(loupe, Qt.Key.Key_Right)
    qtbot.keyClick(loupe, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    generation = window.model.generation
    window.reload_events()  # as after an ingest or F5
    qtbot.waitUntil(lambda: window.model.generation > generation, timeout=10_000)
    assert window.loupe_mode.is_open and loupe.compare
    assert (loupe.left.item_id, loupe.right.item_id) == (ids[1], ids[2])
    window.open_event(
        next(e.folder for e in window.event_panel.model.events if e.folder != window.model.folder),
        by_person=True,
    )
    qtbot.waitUntil(lambda: not window.loupe_mode.is_open, timeout=10_000)  # another event
