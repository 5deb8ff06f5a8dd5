"""The writers' view of the shared folder: two crews' pushes merged, followed live, marks and
captions saved in the writer's own journal on the share, a share that goes away and comes back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from media.culling import event_items
from media.edits import journal_path, record_edits
from media.library import event_folders
from sync.layout import MARKER_NAME
from sync.push import PushOptions, push
from sync.share import init_share
from sync.shared_view import open_event
from ui.grid_model import ThumbStateRole
from ui.shared_model import ShareThumbnailLoader, load_share
from ui.writer_view import WriterView

pytest_plugins = ("window_fixtures",)  # demo_template, open_window
pytestmark = pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")  # watchdog

BURST = "2010-03-01 Entrega de becas (demostración)"
TIMEOUT = 15_000


def _files(tree: Path) -> dict[str, int]:
    return {
        os.path.relpath(os.path.join(d, n), tree): os.path.getsize(os.path.join(d, n))
        for d, _dirs, names in os.walk(tree)
        for n in names
    }


@pytest.fixture
def two_crews(tmp_path: Path, demo_template: Path) -> dict[str, object]:
    """Two copies of the demo library (crews Ana and Beto), each with its own edits of the
    burst, both pushed to one share (only the burst event, for now)."""
    share = tmp_path / "compartida"
    share.mkdir()
    init_share(str(share), "oficina@nas")
    crews = {}
    for name, writer, row, caption in (
        ("ana", "ana@laptop", 0, "Entrega de becas en la explanada"),
        ("beto", "beto@pc", 1, "La alcaldesa entrega las becas"),
    ):
        lib = tmp_path / name
        shutil.copytree(demo_template, lib)
        folder = next(f for f in event_folders(str(lib)) if f.endswith(BURST))
        item = sorted(event_items(folder), key=lambda i: str(i["capture_time"]))[row]
        record_edits(folder, writer, item["id"], {"pick": True, "caption": caption})
        report = push(PushOptions(str(lib), str(share), writer, events=[BURST]))
        assert not report.run_problems, report.run_problems
        crews[name] = (lib, writer, item["id"], caption)
    return {"share": share, "crews": crews, "cache": tmp_path / "cache"}


def _open_view(qtbot, share: Path, cache: Path, writer: str = "redaccion@oficina") -> WriterView:
    view = WriterView(str(share), writer, cache_dir=str(cache), poll_seconds=0.2)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    view.activate()
    qtbot.waitUntil(lambda: view.state is not None and view.loaded_for is not None, timeout=TIMEOUT)
    return view


def _settle(qtbot, view: WriterView) -> None:
    qtbot.waitUntil(lambda: view.writer.pending == 0 and view.tasks.pending == 0, timeout=TIMEOUT)


def test_lists_the_event_with_both_writers_picks_and_captions(qtbot, two_crews) -> None:
    share, cache = two_crews["share"], two_crews["cache"]
    before = _files(share)
    view = _open_view(qtbot, share, cache)
    try:
        assert [e.title for e in view.event_panel.model.events] == [BURST[11:]]
        assert view.shown is not None
        assert view.shown.writers == ["ana@laptop", "beto@pc"]
        assert view.model.rowCount() == 4  # the same four photos from both crews: one copy
        items = {view.model.item(r)["id"]: view.model.item(r) for r in range(4)}
        for _lib, _writer, item_id, caption in two_crews["crews"].values():
            assert items[item_id]["pick"] is True and items[item_id]["caption"] == caption
            assert set(items[item_id]["writers"]) == {"ana@laptop", "beto@pc"}
        assert len(view.picks()) == 2
        assert (
            "Enviaron: ana@laptop, beto@pc" in view.info.text()
            and "2 elegidas de 4" in view.info.text()
        )
        # the caption box shows the selected photo's caption, writers and last editor
        view.grid.setCurrentIndex(
            view.model.index(view.model.row_of(two_crews["crews"]["beto"][2]))
        )
        assert view.caption_box.caption.toPlainText() == "La alcaldesa entrega las becas"
        assert "beto@pc" in view.caption_box.last_edit.text()
        # thumbnails come from the share, cached on this machine, never on the share
        qtbot.waitUntil(lambda: view.model.thumbnails_answered() == 4, timeout=TIMEOUT)
        assert all(view.model.index(r).data(ThumbStateRole) == "ready" for r in range(4))
        assert len(list(Path(cache).rglob("*.jpg"))) == 4
        assert _files(share) == before  # looking wrote nothing to the share
    finally:
        view.shutdown()


def test_a_new_push_appears_without_restart(qtbot, two_crews) -> None:
    share, cache = two_crews["share"], two_crews["cache"]
    view = _open_view(qtbot, share, cache)
    try:
        lib, writer, item_id, _caption = two_crews["crews"]["beto"]
        folder = next(f for f in event_folders(str(lib)) if f.endswith(BURST))
        record_edits(folder, writer, item_id, {"caption": "Nuevo pie desde la laptop de Beto"})
        push(PushOptions(str(lib), str(share), writer))  # every event now, and the new edit
        qtbot.waitUntil(lambda: len(view.event_panel.model.events) == 3, timeout=TIMEOUT)
        row = view.model.row_of(item_id)
        assert row is not None
        qtbot.waitUntil(
            lambda: view.model.item(row).get("caption") == "Nuevo pie desde la laptop de Beto",
            timeout=TIMEOUT,
        )
    finally:
        view.shutdown()


def test_marks_and_captions_go_to_this_writers_journal_on_the_share(qtbot, two_crews) -> None:
    from PySide6.QtCore import Qt

    share, cache = two_crews["share"], two_crews["cache"]
    view = _open_view(qtbot, share, cache, writer="carla@redaccion")
    try:
        last = view.model.item(3)
        view.grid.setCurrentIndex(view.model.index(3))
        view.grid.setFocus()
        qtbot.keyClick(view.grid, Qt.Key.Key_P)
        assert view.model.item(3)["pick"] is True  # shown at once
        view.caption_box.caption.setPlainText("Becarios con sus diplomas")
        view.caption_box.credit.setText("Foto: Carla / Alcaldía Iztacalco")
        view.caption_box.save_button.click()
        _settle(qtbot, view)
        event_folder = share / "2010" / BURST
        assert Path(journal_path(str(event_folder), "carla@redaccion")).is_file()
        merged = {i["id"]: i for i in open_event(str(share), f"2010/{BURST}").items}
        assert merged[last["id"]]["pick"] is True
        assert merged[last["id"]]["caption"] == "Becarios con sus diplomas"
        assert merged[last["id"]]["credit"] == "Foto: Carla / Alcaldía Iztacalco"
        # the crews' own journals on the share were not touched
        for _lib, writer, _id, _c in two_crews["crews"].values():
            lines = Path(journal_path(str(event_folder), writer)).read_text().splitlines()
            assert all('"carla@redaccion"' not in line for line in lines)
        assert view.caption_box.caption.toPlainText() == "Becarios con sus diplomas"
    finally:
        view.shutdown()


def test_a_share_without_its_marker_is_shown_as_unavailable_until_it_returns(
    qtbot, two_crews
) -> None:
    share, cache = two_crews["share"], two_crews["cache"]
    view = _open_view(qtbot, share, cache)
    try:
        marker = share / MARKER_NAME
        saved = marker.read_bytes()
        marker.unlink()
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.notice, timeout=TIMEOUT)
        assert "carpeta compartida no está disponible" in view.notice.text().lower()
        # a mark now is refused and writes nothing (an unmounted share gets no folder)
        before = _files(share)
        view.grid.setCurrentIndex(view.model.index(0))
        assert view.culling.apply("pick") == 1  # shown at once, then refused by the share
        _settle(qtbot, view)
        assert _files(share) == before
        assert "no se pudo guardar" in view.last_message.lower()
        marker.write_bytes(saved)
        qtbot.waitUntil(lambda: view.pages.currentWidget() is view.content, timeout=TIMEOUT)
        assert view.model.rowCount() == 4
    finally:
        view.shutdown()


def test_no_shared_folder_configured_says_so(qtbot, tmp_path: Path) -> None:
    view = WriterView(None, "x@y", cache_dir=str(tmp_path / "cache"))
    qtbot.addWidget(view)
    view.set_share(None)
    view._from_settings = False
    view.activate()
    assert "no hay carpeta compartida configurada" in view.notice.text().lower()


def test_thumbnail_loader_reads_the_share_and_caches_locally(tmp_path: Path) -> None:
    loader = ShareThumbnailLoader(str(tmp_path / "cache"))
    first = loader.cache_folder("/mnt/compartida/2026/2026-01-15 Evento")
    assert first.startswith(str(tmp_path / "cache"))
    assert first != loader.cache_folder("/mnt/compartida/2026/2026-01-16 Otro")


def test_main_window_switches_to_the_shared_folder(
    qtbot, demo_library: Path, open_window, two_crews, monkeypatch
) -> None:
    window = open_window(demo_library)
    window.writer_view.loader.cache_root = str(two_crews["cache"])
    window.writer_view.set_share(str(two_crews["share"]))
    window.mode_actions[1].trigger()
    assert window.modes.currentWidget() is window.writer_view
    qtbot.waitUntil(lambda: window.writer_view.loaded_for is not None, timeout=TIMEOUT)
    assert window.writer_view.model.rowCount() == 4
    window.export_action.trigger()  # Ctrl+E here exports the shared event's picks
    assert len(window.writer_view.dialogs) == 1
    assert "2 fotos" in window.writer_view.dialogs[0].summary.text()
    window.mode_actions[0].trigger()
    assert window.modes.currentIndex() == 0


def test_conflicts_are_shown_with_the_event(qtbot, tmp_path: Path, demo_template: Path) -> None:
    share = tmp_path / "compartida"
    share.mkdir()
    init_share(str(share), "oficina@nas")
    lib = tmp_path / "ana"
    shutil.copytree(demo_template, lib)
    folder = next(f for f in event_folders(str(lib)) if f.endswith(BURST))
    first = sorted(event_items(folder), key=lambda i: str(i["folder_path"]))[0]
    theirs = share / "2010" / BURST / first["folder_path"]
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"otra foto con el mismo nombre")
    report = push(PushOptions(str(lib), str(share), "ana@laptop", events=[BURST]))
    assert len(report.conflicts) == 1
    view = _open_view(qtbot, share, tmp_path / "cache")
    try:
        assert "1 conflicto (" in view.info.text()
        assert first["folder_path"] in view.info.toolTip()
        kept = next(view.model.item(r) for r in range(4) if view.model.item(r)["id"] == first["id"])
        assert kept["conflict_copy"] is True
    finally:
        view.shutdown()


def test_the_shared_folder_comes_from_the_settings(
    qtbot, two_crews, library: Path, monkeypatch
) -> None:
    from dataclasses import replace

    from media.settings import load_settings, save_settings

    monkeypatch.setenv("COBERTURA_WRITER", "desde@ajustes")
    save_settings(replace(load_settings(), shared_folder=str(two_crews["share"])))
    view = WriterView(cache_dir=str(two_crews["cache"]), poll_seconds=0.2)
    qtbot.addWidget(view)
    view.activate()
    qtbot.waitUntil(lambda: view.loaded_for is not None, timeout=TIMEOUT)
    assert view.share == str(two_crews["share"]) and view.writer_id == "desde@ajustes"
    elsewhere = library.parent / "otra"
    elsewhere.mkdir()
    save_settings(replace(load_settings(), shared_folder=str(elsewhere)))
    view.activate()  # shown again after the settings changed
    qtbot.waitUntil(
        lambda: view.state is not None and view.share == str(elsewhere), timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.notice, timeout=TIMEOUT)
    assert "no está disponible" in view.notice.text()
    view.shutdown()


def test_load_share_reads_again_only_the_events_that_changed(two_crews) -> None:
    from dataclasses import replace

    share = str(two_crews["share"])
    first = load_share(share)
    assert first.available and [e.picks for e in first.events] == [2]
    line = first.events[0]
    stale = replace(line, picks=99)  # what a cached line would say
    assert load_share(share, {line.folder: stale}).events == [stale]
    assert load_share(share).events == [line]


def test_export_bulletin_from_the_view_writes_the_package(qtbot, two_crews, tmp_path) -> None:
    share, cache = two_crews["share"], two_crews["cache"]
    view = _open_view(qtbot, share, cache)
    try:
        assert view.export_button.isEnabled()
        before = _files(share)
        dialog = view.export_bulletin()
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert "2 fotos" in dialog.summary.text()
        dialog.dest.setText(str(tmp_path / "boletines"))
        job = dialog.start()
        assert job is not None
        qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=60_000)
        assert job.error is None and job.result is not None
        result = job.result
        assert result.folder and result.folder.startswith(str(tmp_path / "boletines"))
        assert sorted(p.caption for p in result.photos) == sorted(
            c for _lib, _w, _id, c in two_crews["crews"].values()
        )
        assert all(os.path.isfile(os.path.join(result.folder, f)) for f in result.files)
        assert _files(share) == before  # the share only read
        # no picks: nothing to export
        for row in range(view.model.rowCount()):
            view.model.update_item(row, {"pick": False})
        assert not view.export_button.isEnabled() and view.export_bulletin() is None
    finally:
        view.shutdown()
