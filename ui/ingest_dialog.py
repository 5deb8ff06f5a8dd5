"""The ingest dialog: choose a card or folder, see what is on it, copy and verify, then the
answer to "can I format the card?" in words nobody can misread.

Scanning and copying run on workers; the dialog only shows what they report. Closing the
dialog does not stop a copy: the job goes on in the jobs area, which can reopen this report.
"""

from __future__ import annotations

import html
import os
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QStorageInfo, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from media.agenda import Agenda
from media.card_detect import card_layouts, find_cards, mount_roots
from media.eject import EjectResult, can_eject, eject
from media.ingest import IngestOptions
from media.ingest_report import FileResult
from media.scan import ScanResult, scan
from media.settings import load_settings
from ui.ingest_job import IngestJob
from ui.text import count_text, human_bytes, long_date, problem_line, tr
from ui.theme import set_verdict
from ui.workers import TaskRunner

LAYOUT_NAMES = {
    "dcim": QT_TRANSLATE_NOOP("", "cámara o teléfono (DCIM)"),
    "gopro": QT_TRANSLATE_NOOP("", "GoPro"),
    "sony_xavc": QT_TRANSLATE_NOOP("", "Sony XAVC"),
    "avchd": QT_TRANSLATE_NOOP("", "AVCHD"),
    "recorder": QT_TRANSLATE_NOOP("", "grabadora de audio"),
}


def detect_cards() -> list[str]:
    """Mounted volumes that look like camera or recorder cards (``media.card_detect``):
    those under the usual mount roots, and any other volume Qt knows of."""
    found = [card.path for card in find_cards(mount_roots())]
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or root in ("/", ""):
            continue
        if root not in found and card_layouts(root):
            found.append(root)
    return found


def agenda_choices(library: str) -> list[tuple[str, str]]:
    """(event id, label) of the library's agenda, newest first."""
    try:
        events = Agenda(library).active()
    except (OSError, ValueError, TypeError):
        return []
    choices = []
    for event in reversed(events):
        try:
            day = long_date(event.start_dt.date())
        except ValueError:
            day = event.start[:10]
        choices.append((event.id, f"{day} · {event.title}"))
    return choices


def plan_text(result: ScanResult) -> str:
    """What the scan found, in one short paragraph."""
    counts = result.counts()
    lines = [
        tr("Se encontraron {0} ({1}).").format(
            count_text(counts["photo"], counts["video"], counts["audio"]),
            human_bytes(result.total_bytes),
        )
    ]
    if result.layouts:
        names = ", ".join(tr(LAYOUT_NAMES.get(x, x)) for x in result.layouts)
        lines.append(tr("Tipo de tarjeta: {0}.").format(names))
    if result.skipped_housekeeping:
        lines.append(tr("Se omiten {0} archivos del sistema.").format(result.skipped_housekeeping))
    blocking = [p for p in result.problems if p.fails]
    if blocking:
        lines.append(
            tr(
                "{0} archivos no son fotos, videos ni audios o no se pueden leer: no se copiarán."
            ).format(len(blocking))
        )
    return "\n".join(lines)


class IngestDialog(QDialog):
    """Plan, progress and verdict of one ingest."""

    job_started = Signal(object)  # IngestJob

    def __init__(
        self,
        library: str,
        tasks: TaskRunner,
        ingest_runner: TaskRunner,
        parent: QWidget | None = None,
        job_parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Importar tarjeta"))
        self.setMinimumSize(680, 600)
        self.library = library
        self.tasks = tasks
        self.ingest_runner = ingest_runner
        self.job_parent = job_parent or parent
        self.scan_result: ScanResult | None = None
        self.job: IngestJob | None = None
        self._scan_serial = 0
        self._verdict_plain = ""
        self._build()
        self.tasks.submit(detect_cards, self._on_cards)
        self.tasks.submit(lambda: agenda_choices(library), self._on_agenda)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.lineEdit().setPlaceholderText(
            tr("Tarjeta o carpeta con fotos, videos o audios")
        )
        self.source.lineEdit().editingFinished.connect(self.rescan)
        self.source.activated.connect(lambda _i: self.rescan())
        choose = QPushButton(tr("Elegir carpeta…"))
        choose.clicked.connect(self._choose_source)
        self.event = QComboBox()
        self.event.addItem(tr("Automático: por la agenda y la fecha de cada archivo"), None)
        self.backup = QLineEdit(load_settings().backup)
        self.backup.setPlaceholderText(tr("Opcional: segunda copia en otro disco"))
        choose_backup = QPushButton(tr("Elegir…"))
        choose_backup.clicked.connect(self._choose_backup)

        form = QFormLayout()
        form.addRow(tr("Origen:"), _row(self.source, choose))
        form.addRow(tr("Evento:"), self.event)
        form.addRow(tr("Respaldo:"), _row(self.backup, choose_backup))

        self.plan = QLabel(tr("Elige la tarjeta o la carpeta que quieres importar."))
        self.plan.setObjectName("plan")
        self.plan.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.rate = QLabel("")
        self.rate.setObjectName("dim")
        self.current = QLabel("")
        self.current.setObjectName("dim")
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.verdict = QLabel("")
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.hide()

        self.start_button = QPushButton(tr("Copiar y verificar"))
        self.start_button.setObjectName("primary")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_ingest)
        self.cancel_button = QPushButton(tr("Cancelar copia"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_ingest)
        close = QPushButton(tr("Cerrar"))
        close.clicked.connect(self.close)
        self.eject_button = QPushButton(tr("Expulsar tarjeta"))
        self.eject_button.hide()
        self.eject_button.clicked.connect(self.eject_card)
        self.eject_status = QLabel("")
        self.eject_status.setWordWrap(True)
        self.eject_status.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.eject_status, 1)
        for button in (self.eject_button, self.start_button, self.cancel_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan)
        layout.addWidget(self.bar)
        layout.addWidget(self.rate)
        layout.addWidget(self.current)
        layout.addWidget(QLabel(tr("Problemas por archivo:")))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)

    # -- source and plan ------------------------------------------------------------------
    def set_source(self, path: str) -> None:
        """Use ``path`` as the source and scan it."""
        self.source.setEditText(path)
        self.rescan()

    def source_path(self) -> str:
        return os.path.expanduser(self.source.currentText().strip())

    def rescan(self) -> None:
        """Look at what the source holds (on a worker); the plan shows it when done."""
        if self.job is not None and self.job.running:
            return
        path = self.source_path()
        self.scan_result = None
        self.start_button.setEnabled(False)
        if not path:
            return
        if not os.path.exists(path):
            self.plan.setText(tr("No existe: {0}").format(path))
            return
        self._scan_serial += 1
        serial = self._scan_serial
        self.plan.setText(tr("Revisando {0}…").format(path))
        self.tasks.submit(
            lambda: scan(path),
            lambda result: self._on_scanned(serial, result),
            lambda error: self._on_scan_error(serial, error),
        )

    def _on_scanned(self, serial: int, result: ScanResult) -> None:
        if serial != self._scan_serial:
            return  # the person chose another source meanwhile
        self.scan_result = result
        self.plan.setText(plan_text(result))
        self.start_button.setEnabled(bool(result.files) and self.job is None)

    def _on_scan_error(self, serial: int, error: BaseException) -> None:
        if serial == self._scan_serial:
            self.plan.setText(tr("No se pudo revisar el origen: {0}").format(error))

    def _on_cards(self, cards: list[str]) -> None:
        for root in cards:
            self.source.addItem(root)
        if cards and not self.source_path():
            self.set_source(cards[0])

    def _on_agenda(self, choices: list[tuple[str, str]]) -> None:
        for event_id, label in choices:
            self.event.addItem(label, event_id)

    def _choose_source(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Elegir tarjeta o carpeta"))
        if folder:
            self.set_source(folder)

    def _choose_backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Elegir carpeta de respaldo"))
        if folder:
            self.backup.setText(folder)

    # -- the run ----------------------------------------------------------------------------
    def start_ingest(self) -> IngestJob | None:
        """Start copying the scanned source; returns the job (None when nothing to start)."""
        path = self.source_path()
        if self.job is not None or not path:
            return None
        settings = load_settings()
        backup = self.backup.text().strip()
        options = IngestOptions.from_settings(
            self.library,
            settings,
            event_id=self.event.currentData(),
            backup=os.path.abspath(os.path.expanduser(backup)) if backup else None,
        )
        job = IngestJob([path], options, self.job_parent)
        self.job = job
        job.progressed.connect(self._on_progress)
        job.files_done.connect(self._on_files)
        job.finished.connect(self._on_finished)
        for widget in (self.start_button, self.source, self.event, self.backup):
            widget.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.verdict.hide()
        self.problems.clear()
        self.rate.setText(tr("Empezando…"))
        job.start(self.ingest_runner)
        self.job_started.emit(job)
        return job

    def cancel_ingest(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.rate.setText(tr("Cancelando… (termina el archivo en curso)"))

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)
        if self.job is not None:
            self.rate.setText(self.job.meter.text())

    def _on_files(self, results: list[FileResult]) -> None:
        if results:
            self.current.setText(os.path.basename(results[-1].source_path))
        for result in results:
            for problem in result.problems:
                entry = QListWidgetItem(problem_line(problem))
                entry.setForeground(QColor("#f85149") if problem.fails else QColor("#d29922"))
                self.problems.addItem(entry)

    def _on_finished(self, ok: bool, _summary: str) -> None:
        job = self.job
        assert job is not None
        self.cancel_button.setEnabled(False)
        if ok:
            self.bar.setValue(1000)
        self.current.setText("")
        if job.report is not None:
            report = job.report
            counts = tr("Copiados y verificados: {0} · ya estaban: {1} · con problemas: {2}")
            self.rate.setText(
                counts.format(report.count("copied"), report.count("already"), len(report.failed))
                + " · "
                + tr("{0} en {1:.1f} s").format(human_bytes(report.bytes_copied), report.elapsed)
            )
        if self.problems.count() == 0:
            self.problems.addItem(tr("Ningún problema."))
        self._verdict_plain = f"{job.headline}\n{job.explanation}"
        self.verdict.setText(
            f'<div style="font-size:17pt">{html.escape(job.headline)}</div>'
            f'<div style="font-size:11pt; font-weight:normal">{html.escape(job.explanation)}</div>'
        )
        set_verdict(self.verdict, ok)
        self.verdict.show()
        if ok:
            source = job.sources[0] if job.sources else ""
            self.tasks.submit(lambda: can_eject(source), lambda yes: self._offer_eject(yes))

    # -- eject ----------------------------------------------------------------------------
    def _offer_eject(self, ejectable: bool) -> None:
        """Offer "Expulsar tarjeta" when the source is a mounted card (not a folder)."""
        self.eject_button.setVisible(ejectable)
        self.eject_button.setEnabled(ejectable)

    def eject_card(self) -> None:
        """Eject the source card on a worker; the answer shows next to the button."""
        source = self.job.sources[0] if self.job is not None and self.job.sources else ""
        if not source:
            return
        self.eject_button.setEnabled(False)
        self._show_eject(tr("Expulsando la tarjeta…"), None)
        self.tasks.submit(
            lambda: eject(source),
            self._on_ejected,
            lambda error: self._on_ejected(EjectResult(False, str(error))),
        )

    def _on_ejected(self, result: EjectResult) -> None:
        self._show_eject(result.message, result.ok)
        self.eject_button.setVisible(not result.ok)
        self.eject_button.setEnabled(not result.ok)

    def _show_eject(self, text: str, ok: bool | None) -> None:
        self.eject_status.setText(text)
        set_verdict(self.eject_status, ok)
        self.eject_status.show()

    def verdict_text(self) -> str:
        """The verdict as shown, as plain text (empty until the run ends)."""
        return self._verdict_plain


def _row(*widgets: Any) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == 0 else 0)
    return holder
