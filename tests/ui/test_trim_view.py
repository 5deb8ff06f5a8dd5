"""The trim view: frames and waveform on workers, I and O from the keyboard, the cut as a
job whose output really lasts what was marked (measured with PyAV)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import av
import pytest
from PySide6.QtCore import Qt

from ui.jobs import JobsPanel
from ui.trim_output import clock_text, output_name
from ui.trim_view import TrimView
from ui.waveform_view import WaveformView
from ui.workers import TaskRunner

IPHONE = "video/apple_iphone6_gps_rot90.mov"  # 4.0 s, 320x568 as shown, with sound
ZOOM = "audio/zoom_h4n_bwf_cues.wav"  # 5.05 s, 16-bit 48 kHz

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _duration(path: str) -> float:
    with av.open(path) as container:
        return container.duration / 1_000_000


@pytest.fixture
def runners(qtbot):  # type: ignore[no-untyped-def]
    tasks, cuts = TaskRunner(threads=2), TaskRunner(writer=True)
    yield tasks, cuts
    cuts.wait(30_000)
    tasks.wait(10_000)


def _open(qtbot, runners, path: Path, kind: str, out: Path) -> TrimView:  # type: ignore[no-untyped-def]
    view = TrimView(str(path), kind, str(out / "RECORTES"), *runners)
    qtbot.addWidget(view)
    view.resize(900, 680)
    view.show()
    qtbot.waitUntil(lambda: view.clip is not None, timeout=10_000)
    return view


def test_clock_text_and_output_names() -> None:
    assert clock_text(83.45) == "00:01:23.4"
    assert clock_text(3725.0) == "01:02:05.0"
    assert clock_text(None) == "--:--:--.-"
    assert output_name("/a/clip.MOV", 1.0, 3.25, None, ".mov") == "clip_00m01.0s-00m03.2s.mov"
    assert (
        output_name("/a/clip.mp4", None, None, "reels", ".mp4") == "clip_00m00.0s-final_reels.mp4"
    )


def test_marks_by_keys_and_an_exact_cut_lasting_what_was_marked(
    qtbot, runners, samples: Path, tmp_path: Path
) -> None:
    view = _open(qtbot, runners, samples / IPHONE, "video", tmp_path)
    assert view.duration == pytest.approx(4.0, abs=0.01)
    assert "320×568 h264" in view.info.text()
    qtbot.waitUntil(lambda: len(view.timeline.frames) >= 4, timeout=10_000)
    qtbot.waitUntil(
        lambda: view.preview.pixmap() is not None and not view.preview.pixmap().isNull(),
        timeout=10_000,
    )

    view.set_position(1.0)
    qtbot.keyClick(view, Qt.Key.Key_I)
    view.slider.setValue(3000)  # the slider moves the playhead too
    assert view.position == pytest.approx(3.0)
    qtbot.keyClick(view, Qt.Key.Key_O)
    assert (view.in_point, view.out_point) == (1.0, 3.0)
    assert view.in_label.text() == "00:00:01.0" and view.out_label.text() == "00:00:03.0"
    assert view.span_label.text() == "Duración del corte: 2.0 s"
    assert (view.timeline.in_point, view.timeline.out_point) == (1.0, 3.0)
    qtbot.waitUntil(
        lambda: (view.preview.shown_at, view.preview.shown_exact) == (3.0, True), timeout=10_000
    )

    view.accurate.setChecked(True)
    assert view.output.text() == os.path.join(
        "RECORTES", "apple_iphone6_gps_rot90_00m01.0s-00m03.0s.mov"
    )
    jobs = JobsPanel()
    qtbot.addWidget(jobs)
    view.job_started.connect(jobs.add)
    job = view.start_cut()
    assert job is not None and jobs.jobs == [job]
    assert not view.cut_button.isEnabled()
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.ok, job.summary
    result = job.result
    assert result is not None and result.output == str(
        tmp_path / "RECORTES" / "apple_iphone6_gps_rot90_00m01.0s-00m03.0s.mov"
    )
    assert _duration(result.output) == pytest.approx(2.0, abs=0.05)
    assert result.mode == "accurate" and result.start == pytest.approx(1.0, abs=0.04)
    assert view.status.text().startswith("Listo: apple_iphone6_gps_rot90_00m01.0s-00m03.0s.mov")
    assert jobs.rows()[0].detail.text() == view.status.text()
    assert view.cut_button.isEnabled() and view.open_folder.isVisible()

    # The same marks again: a new name, never an overwrite.
    second = view.start_cut()
    assert second is not None
    qtbot.waitUntil(lambda: not second.running, timeout=60_000)
    assert second.ok and second.output.endswith("_00m01.0s-00m03.0s-2.mov")


def test_a_lossless_cut_starts_on_the_keyframe_and_says_where(
    qtbot, runners, samples: Path, tmp_path: Path
) -> None:
    view = _open(qtbot, runners, samples / "video/gopro_max_gpmf_gps.mp4", "video", tmp_path)
    view.set_position(2.5)
    view.mark_in()
    view.set_position(6.0)
    view.mark_out()
    job = view.start_cut()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    result = job.result
    assert job.ok and result is not None and result.mode == "lossless"
    assert result.start is not None and result.start <= 2.5
    assert _duration(result.output) == pytest.approx(result.duration, abs=0.1)


def test_an_audio_take_shows_its_waveform_and_cuts_to_the_marks(
    qtbot, runners, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COBERTURA_CACHE", str(tmp_path / "cache"))
    take = tmp_path / "take.wav"
    shutil.copy2(samples / ZOOM, take)
    view = _open(qtbot, runners, take, "audio", tmp_path)
    assert isinstance(view.timeline, WaveformView) and view.preview.isHidden()
    assert view.preset.isHidden() and view.lossless.isHidden()
    qtbot.waitUntil(lambda: view.timeline.waveform is not None, timeout=10_000)
    assert len(view.timeline.columns()) == view.timeline.width()
    qtbot.mouseClick(view.timeline, Qt.MouseButton.LeftButton, pos=view.timeline.rect().center())
    assert view.position == pytest.approx(view.duration / 2, abs=0.05)
    view.set_position(0.5)
    qtbot.keyClick(view, Qt.Key.Key_I)
    view.set_position(2.0)
    qtbot.keyClick(view, Qt.Key.Key_O)
    view.timeline.grab().save(str(tmp_path / "wave.png"))
    job = view.start_cut()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    assert job.ok, job.summary
    assert job.output.endswith(os.path.join("RECORTES", "take_00m00.5s-00m02.0s.wav"))
    assert _duration(job.output) == pytest.approx(1.5, abs=0.01)


def test_a_damaged_file_says_why_and_cannot_be_cut(
    qtbot, runners, samples: Path, tmp_path: Path
) -> None:
    view = TrimView(str(samples / "video/edge_32_byte.mov"), "video", str(tmp_path), *runners)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "No se puede recortar" in view.info.text(), timeout=10_000)
    assert not view.cut_button.isEnabled() and view.start_cut() is None


def test_cut_marks_out_of_order_are_refused_without_a_job(
    qtbot, runners, samples: Path, tmp_path: Path
) -> None:
    view = _open(qtbot, runners, samples / IPHONE, "video", tmp_path)
    view.set_position(3.0)
    view.mark_in()
    view.set_position(1.0)
    view.mark_out()  # before the in point: the in point goes
    assert (view.in_point, view.out_point) == (None, 1.0)
    view.set_position(2.0)
    view.mark_in()  # after the out point: the out point goes
    assert (view.in_point, view.out_point) == (2.0, None)
    view.clear_marks()
    assert view.span_label.text() == "Duración del corte: 4.0 s"


def test_the_grid_opens_clips_and_takes_in_the_trim_view_and_photos_in_the_loupe(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library, title="Jornada de salud de fin de año (demostración)")
    kinds = {window.model.item(r).get("kind"): r for r in range(window.model.rowCount())}
    assert set(kinds) == {"photo", "audio"}
    window.grid.setCurrentIndex(window.model.index(kinds["audio"]))
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    [view] = window.trim_views
    assert view.isVisible() and view.audio
    assert view.path == os.path.join(str(demo_library), window.model.item(kinds["audio"])["path"])
    assert view.output_folder == os.path.join(window.model.folder, "RECORTES")
    assert window.centre.currentWidget() is window.grid  # not the loupe
    qtbot.waitUntil(lambda: view.clip is not None, timeout=10_000)
    view.close()

    window.grid.setCurrentIndex(window.model.index(kinds["photo"]))
    window.activateWindow()  # the trim view had the keyboard
    window.grid.setFocus()
    qtbot.waitUntil(window.grid.hasFocus, timeout=5000)
    qtbot.keyClick(window.grid, Qt.Key.Key_T)  # T on a photo: nothing to trim
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    assert len(window.trim_views) == 1 and not window.trim_views[0].isVisible()
    assert window.centre.currentWidget() is not window.grid  # the loupe

    video_event = "Recorrido nocturno de seguridad (demostración)"
    folder = next(e.folder for e in window.event_panel.model.events if e.title == video_event)
    window.loupe_mode.close()
    window.select_event(folder)
    qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=10_000)
    window.grid.setCurrentIndex(window.model.index(0))
    window.activateWindow()  # the trim view had the keyboard
    window.grid.setFocus()
    qtbot.waitUntil(window.grid.hasFocus, timeout=5000)
    qtbot.keyClick(window.grid, Qt.Key.Key_T)
    view = window.trim_views[-1]
    assert view.isVisible() and not view.audio and view.path.endswith("android_6.0.1_gps.mp4")
    qtbot.waitUntil(lambda: view.clip is not None, timeout=10_000)


def test_a_cut_running_in_the_jobs_area_shows_time_left_and_can_be_cancelled(
    qtbot, runners, samples: Path, tmp_path: Path
) -> None:
    view = _open(qtbot, runners, samples / "video/gopro_max_gpmf_gps.mp4", "video", tmp_path)
    view.preset.setCurrentIndex(view.preset.findData("reels"))
    assert not view.lossless.isEnabled() and view.output.text().endswith("_reels.mp4")
    jobs = JobsPanel()
    qtbot.addWidget(jobs)
    view.job_started.connect(jobs.add)
    job = view.start_cut()
    assert job is not None
    row = jobs.rows()[0]
    assert row.title.text() == "Recortar gopro_max_gpmf_gps.mp4"
    qtbot.waitUntil(lambda: job.meter.done > 0, timeout=30_000)
    qtbot.waitUntil(lambda: "%" in row.detail.text(), timeout=5000)
    row.cancel_button.click()
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    assert not job.ok and job.result is not None and job.result.output is None
    assert "cancelado" in job.summary
    assert not os.path.exists(job.output)
    assert list((tmp_path / "RECORTES").iterdir()) == []  # no temporary left behind
    assert view.status.property("verdict") == "bad"
