"""«Sugerir fotos»: the automatic picking (``python main.py pick EVENT --save``) as a job.

``SuggestJob`` scores the event's photos and clips with ``media.pick_run.pick_event`` on a
worker of its own (progress, files per second and time left in the jobs area; Cancel
stops at the next file and keeps the scores computed so far in the event's cache), then
records the suggestions in this person's edit journal with ``save_suggestions`` on the
window's one catalog writer, so they land in order with the culling marks. A cancelled
run records nothing. ``SuggestController`` owns the toolbar action: enabled when an
event of the library is shown, never in the writers' view of the shared folder (read
only there, except journals), and never twice at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from media.models import Cancelled
from ui.grid_model import GridModel
from ui.jobs import Job, JobsPanel, RateMeter
from ui.text import human_duration, problem_line, tr
from ui.workers import TaskRunner

if TYPE_CHECKING:  # the picking modules (numpy, OpenCV) load on the worker, when first used
    from media.picking import PickReport

SHORTCUT = "Ctrl+Shift+S"
PROGRESS_INTERVAL = 0.1  # seconds between updates to the GUI
PICKABLE_KINDS = ("photo", "video")  # what pick_event scores (clips through their frames)


class FilesMeter(RateMeter):
    """Progress in files: '120 de 480 archivos · quedan 0:42' (the time left once known)."""

    def text(self) -> str:
        parts = [tr("{0} de {1} archivos").format(self.done, self.total)]
        left = self.seconds_left
        if left is not None:
            parts.append(tr("quedan {0}").format(human_duration(left)))
        return " · ".join(parts)


@dataclass
class SuggestCounts:
    """What a pick run amounts to for the person who asked: the job's final line."""

    suggested: int  # items newly suggested (a clip counts once, whatever its frames)
    kept: int  # picks a person had made, kept as they are
    files: int  # photos and clips looked at, unreadable ones included
    groups: int  # groups of similar shots
    unreadable: int  # files that could not be read (named in «Ver informe»)


def count_report(report: PickReport) -> SuggestCounts:
    """The figures of ``report`` that the job's final line names."""
    suggested = {(s.folder, s.item_id) for s in report.picks if not s.picked and s.item_id}
    return SuggestCounts(
        suggested=len(suggested),
        kept=sum(1 for s in report.picks if s.picked),
        files=len({s.source for s in report.shots}) + len(report.problems),
        groups=len(report.groups),
        unreadable=len(report.problems),
    )


def summary_text(counts: SuggestCounts) -> str:
    """'12 fotos sugeridas de 480 archivos (35 grupos); 3 archivos no se pudieron leer
    (en «Ver informe»).', in Spanish unless an English translation is loaded. One line: the
    jobs area does not wrap, so the files are named in the report, not here."""
    if counts.suggested == 0 and counts.kept == 0:
        text = tr("Ninguna foto de {0} archivos vale la pena sugerir").format(counts.files)
    else:
        sentence = (
            tr("1 foto sugerida de {1} archivos")
            if counts.suggested == 1
            else tr("{0} fotos sugeridas de {1} archivos")
        )
        text = sentence.format(counts.suggested, counts.files)
        groups = tr("1 grupo") if counts.groups == 1 else tr("{0} grupos").format(counts.groups)
        text += f" ({groups})"
        if counts.kept:
            text += "; " + tr("se conservan {0} elegidas a mano").format(counts.kept)
    if counts.unreadable == 1:
        text += "; " + tr("1 archivo no se pudo leer (en «Ver informe»)")
    elif counts.unreadable:
        text += "; " + tr("{0} archivos no se pudieron leer (en «Ver informe»)").format(
            counts.unreadable
        )
    return text + "."


def report_text(report: PickReport) -> str:
    """Every pick with why it was chosen, then every file that could not be read (files
    named without the event's folder: the report is about one event)."""
    lines = [
        f"• {os.path.basename(s.key)}: {report.reasons.get(s.key, s.score.why)}"
        for s in report.picks
    ]
    if report.problems:
        lines += ["", tr("Archivos que no se pudieron leer:")]
        lines += [
            f"• {problem_line(replace(p, path=os.path.basename(p.path)))}" for p in report.problems
        ]
    return "\n".join(lines)


def _save(report: PickReport) -> int:
    """Record ``report``'s suggestions as this person (runs on the catalog writer)."""
    from media.pick_run import save_suggestions
    from media.settings import load_settings

    return save_suggestions(report, load_settings().writer_id)


class SuggestJob(Job):
    """Suggests the best, varied photos of one event folder of the library."""

    _running = Signal()
    suggested = Signal(str)  # event folder, once its suggestions are in the journal

    def __init__(
        self, library: str, folder: str, count: int | None = None, parent: QObject | None = None
    ) -> None:
        """``count``: how many picks in all (``media.picking.DEFAULT_COUNT`` when None)."""
        title = tr("Sugerir fotos: {0}").format(os.path.basename(folder))
        super().__init__(title, parent, FilesMeter())
        self.library = library
        self.folder = folder
        self.count = count
        self.report: PickReport | None = None
        self.saved: int | None = None  # journal entries changed, once saved
        self._writer: TaskRunner | None = None
        self._running.connect(lambda: self._set_state("running"))

    def start(self, runner: TaskRunner, writer: TaskRunner) -> None:
        """Score on ``runner`` (its own thread: the scoring has a pool of its own), then
        save on ``writer``, the window's one catalog writer."""
        self._writer = writer
        runner.submit(self._score, self._on_scored, self._on_error)

    def _score(self) -> PickReport:
        self._running.emit()
        from media.pick_run import pick_event  # OpenCV and numpy load on the worker
        from media.picking import DEFAULT_COUNT

        event = os.path.relpath(self.folder, self.library)
        progress = self.throttled_progress(PROGRESS_INTERVAL)
        return pick_event(self.library, event, self.count or DEFAULT_COUNT, progress, self.token)

    def _on_scored(self, report: PickReport) -> None:
        self.report = report
        if self.token.cancelled or self._writer is None:  # too late to stop the scoring
            self._cancelled()
            return
        self._writer.submit(lambda: _save(report), self._on_saved, self._on_save_failed)

    def _on_saved(self, changed: int) -> None:
        self.saved = changed
        assert self.report is not None
        self.suggested.emit(self.folder)
        self.finished.emit(not self.report.problems, summary_text(count_report(self.report)))

    def _on_save_failed(self, error: BaseException) -> None:
        self.finished.emit(
            False,
            tr(
                "Las fotos quedaron calificadas, pero no se pudieron anotar las sugerencias "
                "en la carpeta del evento: {0}"
            ).format(error),
        )

    def _cancelled(self) -> None:
        self.finished.emit(
            False,
            tr(
                "Cancelado: no se anotó ninguna sugerencia; las fotos ya calificadas no se "
                "califican de nuevo la próxima vez."
            ),
        )

    def _on_error(self, error: BaseException) -> None:
        from media.pick_run import EventNotFound

        if isinstance(error, Cancelled):
            self._cancelled()
        elif isinstance(error, EventNotFound):
            self.finished.emit(True, tr("Este evento no tiene fotos ni videos que sugerir."))
        else:
            why = f"{type(error).__name__}: {error}"
            self.finished.emit(False, tr("No se pudieron sugerir fotos: {0}").format(why))


class SuggestController(QObject):
    """The «Sugerir fotos» action of the main window and the one job it may run."""

    message = Signal(str)  # for the status bar
    suggested = Signal(str)  # event folder whose suggestions were just recorded

    def __init__(
        self,
        library: str,
        model: GridModel,
        jobs: JobsPanel,
        writer: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.jobs = jobs
        self.writer = writer
        self.runner = TaskRunner(self, writer=True)  # one pick run at a time
        self.job: SuggestJob | None = None
        self.report_box: QMessageBox | None = None
        self.shared = False
        self.action = QAction(tr("Sugerir fotos"), parent)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(lambda _checked=False: self.start())
        model.modelReset.connect(self.update)
        self.update()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def set_shared(self, shared: bool) -> None:
        """The window shows the writers' view of the shared folder (True) or the library."""
        self.shared = shared
        self.update()

    def update(self) -> None:
        """Enable the action when it can run; its tooltip says why when it cannot."""
        if self.shared:
            why = tr(
                "En la carpeta compartida solo se anotan los diarios: sugiere fotos desde "
                "la Biblioteca."
            )
        elif self.running:
            why = tr("Ya se están sugiriendo fotos; espera a que termine o cancélalo.")
        elif self.model.folder is None:
            why = tr("Elige un evento de la biblioteca para sugerir sus mejores fotos.")
        else:
            why = ""
        self.action.setEnabled(not why)
        self.action.setToolTip(
            why
            or tr("Elegir las mejores fotos del evento, variadas, como sugeridas ({0})").format(
                QKeySequence(SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )

    def start(self, count: int | None = None) -> SuggestJob | None:
        """Start suggesting photos for the event shown; None (and a message) when it cannot."""
        folder = self.model.folder
        if self.shared or self.running or folder is None:
            self.update()
            self.message.emit(self.action.toolTip())
            return None
        pickable = any(
            self.model.item(row).get("kind") in PICKABLE_KINDS
            for row in range(self.model.rowCount())
        )
        if not pickable:
            self.message.emit(tr("Este evento no tiene fotos ni videos que sugerir."))
            return None
        job = SuggestJob(self.library, folder, count, self)
        job.suggested.connect(self.suggested)
        job.state_changed.connect(lambda _state: self.update())
        self.job = job
        self.jobs.add(job, on_open=lambda: self.show_report(job))
        job.start(self.runner, self.writer)
        self.update()
        return job

    def show_report(self, job: SuggestJob) -> None:
        """«Ver informe»: the job's line, then each pick with why and each unreadable file."""
        box = QMessageBox(self.jobs.window())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(job.title)
        box.setText(job.summary or tr("Calificando las fotos del evento…"))
        if job.report is not None:
            box.setInformativeText(report_text(job.report))
        box.open()
        self.report_box = box

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the scoring worker (closing the window, after its job was cancelled)."""
        return self.runner.wait(msecs)
