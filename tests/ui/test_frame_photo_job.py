"""«Guardar cuadro como foto» in the trim view: the frame at the playhead saved as a photo
of the clip's event as a job, the grid showing it afterwards, a pick run's stills as marks
that move the playhead, and nothing offered while the window shows the shared folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from media.catalog import read_items
from media.score_cache import ScoreCache, event_cache_dir
from media.verify import verify_library
from tests.unit.frame_support import clip_item, clip_library
from ui.frame_photo_job import SHORTCUT, FramePhotoJob, FrameTarget
from ui.main_window import MainWindow
from ui.trim_view import TrimView
from ui.workers import TaskRunner

TIMEOUT = 30_000

pytest_plugins = ("window_fixtures",)  # open_window


@pytest.fixture
def clip_window(library: Path, samples: Path, tmp_path: Path, open_window) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window on a library whose one event holds photos and three clips."""
    clip_library(library, tmp_path, samples)
    return open_window(library, title="Entrega de becas")


def _trim(qtbot, window: MainWindow, name: str) -> tuple[TrimView, dict[str, Any]]:  # type: ignore[no-untyped-def]
    _folder, item = clip_item(Path(window.library), name)
    view = window.open_trim_view(item)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.clip is not None, timeout=TIMEOUT)
    return view, item


def _done(qtbot, job: FramePhotoJob) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not job.running, timeout=TIMEOUT)


def test_the_frame_at_the_playhead_becomes_a_photo_in_the_grid(qtbot, clip_window) -> None:  # type: ignore[no-untyped-def]
    window = clip_window
    view, clip = _trim(qtbot, window, "GOPR0001.MP4")
    saver = view.frame_saver
    assert saver is not None and saver.button.text() == "Guardar cuadro como foto"
    keys = QKeySequence(SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
    assert saver.button.isEnabled() and f"({keys})" in saver.button.toolTip()
    view.set_position(5.5)
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(saver.jobs) == 1
    job = saver.jobs[0]
    assert window.jobs.jobs == [job]
    assert job.title == f"Cuadro de {os.path.basename(clip['path'])} en 00:00:05.500"
    _done(qtbot, job)
    assert job.ok, job.summary
    photo = job.photo
    assert photo is not None and not photo.duplicate
    assert job.summary == f"Foto guardada: {photo.path}" == view.status.text()
    assert window.statusBar().currentMessage() == job.summary
    assert (Path(window.library) / photo.path).is_file()
    assert photo.item["capture_time"] == "2019-11-18T15:45:37"
    qtbot.waitUntil(lambda: window.model.row_of(str(photo.item["id"])) is not None, timeout=TIMEOUT)
    assert window.jobs.rows()[0].detail.text() == job.summary

    saver.button.click()  # the same frame again: found, not copied
    again = saver.jobs[-1]
    _done(qtbot, again)
    assert again.ok and again.photo is not None and again.photo.duplicate
    assert again.summary == f"Ese cuadro ya estaba en la biblioteca: {photo.path}"
    folder = photo.folder
    assert sum(1 for i in read_items(folder) if "_cuadro_" in i["path"]) == 1
    assert verify_library(window.library).ok


def test_a_clip_gone_from_the_disk_is_named_in_the_job(qtbot, clip_window) -> None:  # type: ignore[no-untyped-def]
    window = clip_window
    view, clip = _trim(qtbot, window, "IMG_0001.MOV")
    (Path(window.library) / clip["path"]).unlink()
    view.set_position(1.0)
    job = view.frame_saver.save()
    assert job is not None
    _done(qtbot, job)
    assert not job.ok
    assert job.summary == (
        f"No se guardó el cuadro: {clip['path']}: el archivo no está en la biblioteca"
    )
    assert view.status.text() == job.summary
    assert not any(p.name.count("_cuadro_") for p in Path(window.library).rglob("*.jpg"))


def test_stills_of_a_pick_run_are_marks_that_move_the_playhead(qtbot, clip_window) -> None:  # type: ignore[no-untyped-def]
    window = clip_window
    folder, clip = clip_item(Path(window.library), "GOPR0001.MP4")
    cache = ScoreCache(event_cache_dir(folder))
    stills = [{"t": 7.25, "motion": 0.0, "score": {}}, {"t": 2.0, "motion": 0.0, "score": {}}]
    cache.put(clip["hash"], {"kind": "video", "stills": stills})
    cache.flush()
    view, _ = _trim(qtbot, window, "GOPR0001.MP4")
    view.resize(900, 640)
    qtbot.waitUntil(lambda: view.timeline.stills == [2.0, 7.25], timeout=TIMEOUT)
    timeline = view.timeline
    x = round(timeline.x_of(7.25)) + 3  # near the mark: on it
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, timeline.height() - 4))
    assert view.position == 7.25
    far = round(timeline.x_of(5.0))
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(far, 10))
    assert view.position == pytest.approx(timeline.time_at(far))


def test_not_offered_while_the_window_shows_the_shared_folder(qtbot, clip_window) -> None:  # type: ignore[no-untyped-def]
    window = clip_window
    view, _ = _trim(qtbot, window, "GOPR0001.MP4")
    saver = view.frame_saver
    assert saver is not None and saver.button.isEnabled()
    window.show_shared(True)
    assert not saver.button.isEnabled() and "carpeta compartida" in saver.button.toolTip()
    assert saver.save() is None
    window.show_shared(False)
    assert saver.button.isEnabled()


def test_no_button_for_audio_or_files_outside_the_library(qtbot, samples: Path) -> None:  # type: ignore[no-untyped-def]
    tasks, cuts = TaskRunner(threads=2), TaskRunner(writer=True)
    clip = str(samples / "video/gopro_max_gpmf_gps.mp4")
    outside = TrimView(clip, "video", "/tmp/x", tasks, cuts)  # no catalog item: no target
    take = str(samples / "audio/zoom_h4n_bwf_cues.wav")
    target = FrameTarget("/tmp", "/tmp", {"kind": "audio"}, cuts)
    audio = TrimView(take, "audio", "/tmp/x", tasks, cuts, frame_target=target)
    for view in (outside, audio):
        qtbot.addWidget(view)
        assert view.frame_saver is None
    tasks.wait(10_000)
