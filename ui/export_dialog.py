"""The export dialog: the bulletin package of an event's chosen photos, made as a job.

The person chooses the preset, the destination (the ``export_folder`` setting, else
``Documentos/Boletines``), the JPEG quality, the logo and the zip. ``export_package`` runs on
a worker as a job in the jobs area (progress, time left, Cancel; closing the dialog does
not stop it); the dialog then shows
where the package is, with a button that opens the folder, and lists the photos without a
caption and any photo that could not be exported.
"""

from __future__ import annotations

import html
import os
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from media.export_event import stills
from media.export_files import default_export_folder
from media.export_presets import DEFAULT_PRESET, PRESETS
from media.export_run import ExportError, ExportEvent, ExportResult, export_package
from media.models import ProblemType
from media.settings import load_settings
from ui.jobs import Job, JobsPanel, ShareMeter
from ui.text import long_date, problem_line, tr
from ui.theme import set_verdict
from ui.workers import TaskRunner

PROGRESS_INTERVAL = 0.1  # seconds between updates to the GUI


class ExportJob(Job):
    """``export_package`` off the GUI thread; ``result`` or ``error`` at the end."""

    _running = Signal()

    def __init__(
        self,
        items: list[dict[str, Any]],
        root: str,
        event: ExportEvent,
        dest: str,
        options: dict[str, Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(tr("Exportar {0}").format(event.title), parent, ShareMeter())
        self.items, self.root, self.export_event, self.dest = items, root, event, dest
        self.options = options  # preset, quality, watermark, make_zip
        self.result: ExportResult | None = None
        self.error: str | None = None
        self._running.connect(lambda: self._set_state("running"))

    def start(self, runner: TaskRunner) -> None:
        runner.submit(self._work, self._on_result, self._on_error)

    def _work(self) -> ExportResult:
        self._running.emit()
        progress = self.throttled_progress(PROGRESS_INTERVAL)
        options = dict(self.options)
        preset = options.pop("preset")
        return export_package(
            self.items,
            self.root,
            self.export_event,
            self.dest,
            preset,
            progress=progress,
            cancel=self.token,
            **options,
        )

    def _on_result(self, result: ExportResult) -> None:
        self.result = result
        self.finished.emit(bool(result.folder) and not result.problems, result_text(result))

    def _on_error(self, error: BaseException) -> None:
        self.error = str(error) if isinstance(error, ExportError | ValueError) else repr(error)
        self.finished.emit(False, tr("No se pudo exportar: {0}").format(self.error))


def result_text(result: ExportResult) -> str:
    """One line for people: where the package is, or why there is none."""
    if result.cancelled:
        return tr("Cancelado: no se escribió ningún paquete.")
    if not result.folder:
        return tr("Ninguna foto se pudo exportar; no se escribió ningún paquete.")
    text = tr("Listo: {0} ({1} fotos)").format(os.path.basename(result.folder), len(result.photos))
    missing = sum(1 for w in result.warnings if w.type == ProblemType.NO_CAPTION)
    if missing:
        text += " · " + tr("{0} sin pie de foto").format(missing)
    if result.problems:
        text += " · " + tr("{0} no se pudieron exportar").format(len(result.problems))
    return text


class ExportDialog(QDialog):
    """Options, progress and result of one bulletin package."""

    job_started = Signal(object)  # ExportJob

    def __init__(
        self,
        items: list[dict[str, Any]],
        root: str,
        event: ExportEvent,
        jobs: JobsPanel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Exportar boletín"))
        self.setMinimumWidth(560)
        self.items, self.root, self.export_event, self.jobs = items, root, event, jobs
        self.runner = TaskRunner(self, writer=True)
        self.job: ExportJob | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{html.escape(event.title)}</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        photos = len(stills(items))
        summary = tr("{0} fotos se exportarán.").format(photos)
        if len(items) > photos:
            summary += " " + tr("Los {0} videos y audios se omiten.").format(len(items) - photos)
        if event.day is not None:
            summary = f"{long_date(event.day)} · {summary}"
        self.summary = QLabel(summary if photos else tr("No hay fotos elegidas para exportar."))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addLayout(self._options())
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        layout.addWidget(self.bar)
        self.status = QLabel()
        self.status.setObjectName("verdict")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.notes = QListWidget()
        self.notes.hide()
        layout.addWidget(self.notes, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("Abrir carpeta"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(tr("Exportar"))
        self.export_button.setDefault(True)
        self.export_button.setEnabled(photos > 0)
        self.export_button.clicked.connect(self.start)
        close = QPushButton(tr("Cerrar"))
        close.clicked.connect(self.close)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _options(self) -> QFormLayout:
        form = QFormLayout()
        self.preset = QComboBox()
        for preset in PRESETS.values():
            self.preset.addItem(tr(preset.label), preset.name)
        self.preset.setCurrentIndex(list(PRESETS).index(DEFAULT_PRESET))
        form.addRow(tr("Formato:"), self.preset)
        row = QHBoxLayout()
        self.dest = QLineEdit(default_export_folder(load_settings().export_folder))
        choose = QPushButton(tr("Elegir…"))
        choose.clicked.connect(self._choose_folder)
        row.addWidget(self.dest, 1)
        row.addWidget(choose)
        form.addRow(tr("Guardar en:"), row)
        self.quality = QSpinBox()
        self.quality.setRange(1, 95)
        self.quality.setValue(85)
        form.addRow(tr("Calidad JPEG:"), self.quality)
        self.watermark = QCheckBox(tr("Poner el logo de la oficina"))
        self.zip = QCheckBox(tr("Hacer también un .zip"))
        form.addRow("", self.watermark)
        form.addRow("", self.zip)
        return form

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Carpeta del paquete"), self.dest.text())
        if folder:
            self.dest.setText(folder)

    def options(self) -> dict[str, Any]:
        """What ``export_package`` is asked for, from the controls."""
        return {
            "preset": self.preset.currentData(),
            "quality": self.quality.value(),
            "watermark": self.watermark.isChecked(),
            "make_zip": self.zip.isChecked(),
        }

    def start(self) -> ExportJob | None:
        """Queue the export as a job (also in the jobs area); None when one is running."""
        if self.job is not None and self.job.running:
            return None
        dest = self.dest.text().strip()
        if not dest:
            self._show(False, tr("Elige la carpeta donde guardar el paquete."))
            return None
        job = ExportJob(self.items, self.root, self.export_event, dest, self.options(), self)
        self.job = job
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        self.export_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.notes.clear()
        self.notes.hide()
        self.bar.setValue(0)
        self.bar.show()
        self._show(None, tr("Exportando…"))
        if self.jobs is not None:
            self.jobs.add(job, on_open=lambda: (self.show(), self.raise_()))
        self.job_started.emit(job)
        job.start(self.runner)
        return job

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)
        if self.job is not None:
            self.status.setText(tr("Exportando…") + " " + self.job.meter.text())

    def _on_finished(self, ok: bool, summary: str) -> None:
        self.export_button.setEnabled(True)
        self.bar.setValue(1000 if ok else self.bar.value())
        self._show(ok, summary)
        result = self.job.result if self.job is not None else None
        if result is None:
            return
        self.open_button.setEnabled(bool(result.folder))
        missing = [w for w in result.warnings if w.type == ProblemType.NO_CAPTION]
        if missing:
            self.notes.addItem(tr("Sin pie de foto ({0}):").format(len(missing)))
            self.notes.addItems(["    " + os.path.basename(w.path) for w in missing])
        others = [w for w in result.warnings if w.type != ProblemType.NO_CAPTION]
        self.notes.addItems([problem_line(p) for p in result.problems + others])
        self.notes.setVisible(self.notes.count() > 0)

    def _show(self, ok: bool | None, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        set_verdict(self.status, ok)

    def open_folder(self) -> None:
        """Show the package in the desktop's file manager."""
        result = self.job.result if self.job is not None else None
        if result is not None and result.folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(result.folder))


def open_export_dialog(
    parent: QWidget | None,
    items: list[dict[str, Any]],
    root: str,
    event: ExportEvent,
    jobs: JobsPanel | None = None,
) -> QDialog:
    """Open (non-modal) the export dialog for ``items`` of ``event``; files are
    ``os.path.join(root, item["path"])``."""
    dialog = ExportDialog(items, root, event, jobs, parent)
    dialog.show()
    return dialog
