"""The export dialog and the main window's "Exportar boletín…" (Ctrl+E)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from media.culling import event_items
from media.export_event import event_for_folder
from media.library import event_folders
from ui.export_dialog import ExportDialog, open_export_dialog
from ui.jobs import JobsPanel

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _becas(library: Path) -> str:
    return next(f for f in event_folders(str(library)) if "becas" in f)


def test_export_runs_as_a_job_and_shows_the_result(qtbot, demo_library: Path, tmp_path) -> None:
    folder = _becas(demo_library)
    items = event_items(folder)
    items[0]["caption"] = "Entrega de becas en Iztacalco 🎓"
    jobs = JobsPanel()
    qtbot.addWidget(jobs)
    dialog = open_export_dialog(None, items, str(demo_library), event_for_folder(
        str(demo_library), folder), jobs)  # fmt: skip
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert "4 fotos se exportarán" in dialog.summary.text()
    dialog.dest.setText(str(tmp_path / "Boletines"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("instagram"))
    dialog.zip.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    assert job is not None and jobs.jobs == [job] and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    result = job.result
    assert result is not None and result.folder and result.zip
    assert job.ok  # warnings (missing captions) are not a failure
    assert sorted(os.listdir(tmp_path / "Boletines")) == [
        "20100301_entrega-de-becas-demostracion",
        "20100301_entrega-de-becas-demostracion.zip",
    ]
    assert len(result.photos) == 4 and result.preset == "instagram"
    assert dialog.open_button.isEnabled() and dialog.export_button.isEnabled()
    lines = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert lines[0] == "Sin pie de foto (3):"
    assert "20100301_entrega-de-becas-demostracion" in dialog.status.text()
    assert "3 sin pie de foto" in jobs.rows()[0].detail.text()
    dialog.grab().save(str(tmp_path / "export_dialog.png"))


def test_cancel_leaves_nothing(qtbot, demo_library: Path, tmp_path) -> None:
    folder = _becas(demo_library)
    dialog = ExportDialog(event_items(folder), str(demo_library), event_for_folder(
        str(demo_library), folder))  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.dest.setText(str(tmp_path / "out"))
    job = dialog.start()
    assert job is not None
    job.cancel()
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    assert job.result is not None and job.result.cancelled
    assert os.listdir(tmp_path / "out") == []
    assert "Cancelado" in dialog.status.text() and not dialog.open_button.isEnabled()


def test_unwritable_destination_is_shown(qtbot, demo_library: Path, tmp_path) -> None:
    folder = _becas(demo_library)
    dialog = ExportDialog(event_items(folder), str(demo_library), event_for_folder(
        str(demo_library), folder))  # fmt: skip
    qtbot.addWidget(dialog)
    (tmp_path / "file").write_text("x")
    dialog.dest.setText(str(tmp_path / "file" / "sub"))
    job = dialog.start()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    assert job.ok is False and "no se puede escribir" in dialog.status.text()


def test_ctrl_e_exports_the_picks_or_the_selection(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library)
    window.grid.setCurrentIndex(window.model.index(2))
    assert window.export_items() == [window.model.item(2)]  # nothing picked: the selection
    window.grid.setCurrentIndex(window.model.index(1))
    qtbot.keyClick(window.grid, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10_000)
    qtbot.keyClick(window.grid, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "export_dialog", None) is not None, timeout=10_000)
    dialog = window.export_dialog
    assert [i["id"] for i in dialog.items] == [window.model.item(1)["id"]]
    assert (
        dialog.export_event.title == "Entrega de becas (demostración)"
        and dialog.jobs is window.jobs
    )
    dialog.close()
    window.grid.selectAll()
    assert len(window.export_items()) == 4
