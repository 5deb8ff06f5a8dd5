"""«Sugerir fotos»: the automatic picking as a job of the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from cell_painting import count, paint_cell

from media.culling import event_items
from media.edits import merged_edits
from media.score_cache import event_scores
from tests.unit.pick_samples import becas_event
from ui.grid_delegate import PICK, SUGGESTED
from ui.main_window import MainWindow
from ui.suggest_job import SuggestCounts, SuggestJob, summary_text

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

TIMEOUT = 30_000
WRITER = "prueba@maquina"
BROKEN = ("edge_jpeg_format_error.jpg", "edge_iphone_xr_1x1_truncated.jpg")


@pytest.fixture
def event_library(
    library: Path, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """One event: the four-photo burst, the three-photo blur set and two broken JPEGs."""
    monkeypatch.setenv("COBERTURA_WRITER", WRITER)
    broken = {name: samples / "photos" / "jpeg" / name for name in BROKEN}
    becas_event(library, samples, tmp_path, "becas", broken)
    return library


def _open(qtbot, library: Path) -> MainWindow:
    window = MainWindow(str(library))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.events_loaded, timeout=TIMEOUT)
    folder = window.event_panel.model.events[0].folder
    assert window.select_event(folder)
    qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=TIMEOUT)
    return window


def _suggested(folder: str) -> set[str]:
    merged = merged_edits(folder)
    return {item for item, values in merged.values.items() if values.get("suggested")}


def _finish(qtbot, window: MainWindow, job: SuggestJob) -> None:
    qtbot.waitUntil(lambda: not job.running, timeout=TIMEOUT)
    window.suggest.wait()
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=TIMEOUT)


def test_suggest_records_suggestions_shows_them_and_shift_p_accepts(
    qtbot, event_library: Path
) -> None:
    window = _open(qtbot, event_library)
    folder = str(window.model.folder)
    action = window.suggest.action
    assert action.text() == "Sugerir fotos" and action.isEnabled()
    assert action in window.toolbar.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    action.trigger()
    job = window.suggest.job
    assert job is not None and window.jobs.jobs == [job]
    assert not action.isEnabled()  # a second press while it runs is refused
    action.trigger()
    assert window.suggest.job is job and len(window.jobs.jobs) == 1
    _finish(qtbot, window, job)
    assert action.isEnabled()
    # Two groups (the burst, the blur set): one suggestion each; the broken files are named.
    assert job.summary == (
        "2 fotos sugeridas de 9 archivos (2 grupos); "
        "2 archivos no se pudieron leer (en «Ver informe»)."
    )
    window.suggest.show_report(job)  # «Ver informe»: the picks and why, the problems
    box = window.suggest.report_box
    assert box is not None
    report = box.informativeText()
    assert "la mejor de 4 tomas parecidas" in report
    assert "edge_jpeg_format_error.jpg: " in report and "formato de imagen no reconocido" in report
    assert "edge_iphone_xr_1x1_truncated.jpg: " in report
    box.close()
    assert job.ok is False  # unreadable files: the line is shown as a problem
    on_disk = _suggested(folder)
    assert len(on_disk) == 2
    qtbot.waitUntil(
        lambda: (
            {
                str(window.model.item(r)["id"])
                for r in range(window.model.rowCount())
                if window.model.item(r).get("suggested")
            }
            == on_disk
        ),
        timeout=TIMEOUT,
    )
    row = next(r for r in range(window.model.rowCount()) if window.model.item(r).get("suggested"))
    window.grid.setCurrentIndex(window.model.index(row))
    qtbot.waitUntil(lambda: window.model.thumbnails_answered() >= 7, timeout=TIMEOUT)
    assert count(paint_cell(window, row), SUGGESTED) > 10  # the dashed ring, no reopening
    qtbot.waitUntil(lambda: window.details.values["score"].text() != "", timeout=TIMEOUT)
    assert "—" in window.details.values["score"].text()  # the score in words
    window.resize(1360, 860)
    window.grab().save("/tmp/suggest_job.png")
    assert window.culling.accept_suggested() == 2  # Shift+P
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=TIMEOUT)
    picked = {item["id"] for item in event_items(folder) if item.get("pick")}
    assert picked == on_disk
    assert count(paint_cell(window, row), PICK) > 10


def test_cancel_keeps_the_scores_and_records_no_suggestion(
    qtbot, event_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, event_library)
    folder = str(window.model.folder)
    plain = SuggestJob.throttled_progress

    def cancelling(self: SuggestJob, interval: float = 0.1):  # Cancel after the first file
        progress = plain(self, interval)

        def step(done: int, total: int) -> None:
            progress(done, total)
            if done >= 1:
                self.cancel()

        return step

    monkeypatch.setattr(SuggestJob, "throttled_progress", cancelling)
    job = window.suggest.start()
    assert job is not None
    _finish(qtbot, window, job)
    assert job.ok is False and job.summary.startswith("Cancelado")
    assert _suggested(folder) == set()
    assert event_scores(folder)  # what was scored before the cancel is kept
    assert window.suggest.action.isEnabled()


def test_a_journal_that_cannot_be_written_is_a_message(
    qtbot, event_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, event_library)
    folder = str(window.model.folder)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permiso denegado")

    monkeypatch.setattr("media.pick_run.record_edits", refuse)
    job = window.suggest.start()
    assert job is not None
    _finish(qtbot, window, job)
    assert job.ok is False
    assert job.summary.startswith("Las fotos quedaron calificadas, pero no se pudieron anotar")
    assert "Permiso denegado" in job.summary
    assert _suggested(folder) == set()
    assert len(event_scores(folder)) == 7  # the scores stay cached for the next run
    assert window.suggest.action.isEnabled()


def test_an_event_without_photos_is_a_message_not_a_job(
    qtbot, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library, "Jornada de salud de fin de año (demostración)")
    for row in range(window.model.rowCount()):  # leave only the audio take
        if window.model.item(row).get("kind") == "photo":
            window.model.item(row)["kind"] = "audio"
    assert window.suggest.start() is None
    assert window.jobs.jobs == []
    assert window.statusBar().currentMessage() == (
        "Este evento no tiene fotos ni videos que sugerir."
    )


def test_not_offered_in_the_writers_view(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    action = window.suggest.action
    assert action.isEnabled()
    window.mode_actions[1].trigger()
    assert not action.isEnabled()
    assert "carpeta compartida" in action.toolTip()
    assert window.suggest.start() is None and window.jobs.jobs == []
    window.mode_actions[0].trigger()
    assert action.isEnabled()


def test_summary_words() -> None:
    one = SuggestCounts(suggested=1, kept=0, files=4, groups=1, unreadable=0)
    assert summary_text(one) == "1 foto sugerida de 4 archivos (1 grupo)."
    many = SuggestCounts(12, 2, 480, 35, 3)
    assert summary_text(many) == (
        "12 fotos sugeridas de 480 archivos (35 grupos); se conservan 2 elegidas a mano; "
        "3 archivos no se pudieron leer (en «Ver informe»)."
    )
    broken = SuggestCounts(3, 0, 4, 3, 1)
    assert summary_text(broken).endswith("; 1 archivo no se pudo leer (en «Ver informe»).")
    assert summary_text(SuggestCounts(0, 0, 3, 1, 0)).startswith("Ninguna foto de 3 archivos")
