"""An ingest run as a job: ``media.ingest.ingest`` on a worker, signals back to the GUI thread."""

from __future__ import annotations

import logging
import multiprocessing
import time
from queue import Empty

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from media.ingest import IngestOptions, ingest
from media.ingest_captions import TemplateReport, caption_after_ingest
from media.ingest_report import FileResult, IngestReport
from media.locking import LibraryBusy
from media.models import HARMLESS_SKIPS, Cancelled
from ui.ingest_child import run_child
from ui.jobs import Job
from ui.text import tr
from ui.workers import TaskRunner

SAFE = QT_TRANSLATE_NOOP("", "Se puede formatear la tarjeta: SÍ")
NOT_SAFE = QT_TRANSLATE_NOOP("", "NO se puede formatear la tarjeta")
log = logging.getLogger(__name__)
PROGRESS_INTERVAL = 0.1  # seconds between updates to the GUI: smooth, and cheap for it


def verdict(report: IngestReport) -> tuple[bool, str, str]:
    """(safe to format, headline, explanation) in words nobody can misread."""
    copied, already = report.count("copied"), report.count("already")
    failed = len(report.failed)
    left_behind = [
        r for r in report.results
        if r.status == "skipped" and any(p.type not in HARMLESS_SKIPS for p in r.problems)
    ]  # fmt: skip
    if report.safe_to_format:
        if copied + already == 0:
            why = tr("No había fotos, videos ni audios que copiar.")
        else:
            why = tr("Todo está copiado y verificado: {0} nuevos, {1} ya estaban en la biblioteca.")
            why = why.format(copied, already)
        return True, tr(SAFE), why
    if report.cancelled:
        why = tr("La copia se canceló antes de terminar; lo que falta sigue solo en la tarjeta.")
    elif report.stopped is not None:
        why = tr("La copia se detuvo: {0}.").format(report.stopped.detail or report.stopped.type)
    elif failed:
        why = tr("{0} archivos no se copiaron; ve la lista de problemas.").format(failed)
    else:
        why = tr("{0} archivos de la tarjeta no se copiaron (no son fotos, videos ni audios); "
                 "revísalos antes de formatear.").format(len(left_behind))  # fmt: skip
    return False, tr(NOT_SAFE), why


class ChildUnavailable(Exception):
    """No child process could be started for the ingest."""


def captions_note(captions: TemplateReport | None) -> str:
    """What the caption step after an ingest did, for the job's line: photos captioned
    by the template, photos that kept the caption they brought, and the first problem
    (a template that could not be applied, a sidecar that could not be written)."""
    if captions is None:
        return ""
    parts = []
    captioned, kept, problems = len(captions.captioned), len(captions.kept), captions.problems
    if captioned:
        parts.append(
            tr("Pie de foto de la plantilla en 1 foto.")
            if captioned == 1
            else tr("Pie de foto de la plantilla en {0} fotos.").format(captioned)
        )
    if kept:
        parts.append(
            tr("1 foto conservó el pie de foto que traía.")
            if kept == 1
            else tr("{0} fotos conservaron el pie de foto que traían.").format(kept)
        )
    if problems:
        parts.append(tr("Pies de foto: {0}.").format(problems[0].rstrip(".")))
        if len(problems) > 1:
            more = len(problems) - 1
            parts.append(
                tr("Y 1 problema más con pies de foto.")
                if more == 1
                else tr("Y {0} problemas más con pies de foto.").format(more)
            )
    return " ".join(parts)


class IngestJob(Job):
    """Copies and verifies ``sources`` into the library off the GUI thread.

    By default the ingest itself runs in a child process (``in_child``), watched from a
    worker thread that relays its messages as signals; without one it runs on the thread.
    """

    in_child = True

    files_done = Signal(list)  # FileResults since the last update, for the problems list
    _running = Signal()  # emitted by the worker when it really starts

    def __init__(
        self, sources: list[str], options: IngestOptions, parent: QObject | None = None
    ) -> None:
        title = tr("Importar {0}").format(", ".join(sources)) if sources else tr("Importar")
        super().__init__(title, parent)
        self.sources = list(sources)
        self.options = options
        self.report: IngestReport | None = None
        self.captions: TemplateReport | None = None
        self.error: str | None = None
        self.headline = ""
        self.explanation = ""
        self._running.connect(lambda: self._set_state("running"))

    def start(self, runner: TaskRunner) -> None:
        """Queue the run on ``runner`` (one ingest at a time: a single-thread runner)."""
        runner.submit(self._work, self._on_report, self._on_error)

    # -- worker thread --------------------------------------------------------------------
    def _work(self) -> IngestReport:
        """Run the ingest; progress and file results reach the GUI in batches, 10 per second."""
        self._running.emit()
        report: IngestReport | None = None
        if self.in_child:
            try:
                report = self._work_in_child()
            except ChildUnavailable:
                log.warning("no child process for the ingest; running it in this process")
        if report is None:
            report = self._work_here()
        # The caption template setting, on the photos just copied (never over a caption).
        self.captions = caption_after_ingest(
            self.options.library, report.results, self.options.photographer
        )
        return report

    def _work_in_child(self) -> IngestReport:
        """Ingest in a child process (see ``ui.ingest_child``) and relay what it says."""
        context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        queue = context.Queue()
        cancel = context.Event()
        child = context.Process(
            target=run_child, args=(self.sources, self.options, queue, cancel), daemon=True
        )
        try:
            child.start()
        except OSError as exc:
            raise ChildUnavailable(str(exc)) from exc
        try:
            while True:
                if self.token.cancelled:
                    cancel.set()
                try:
                    message = queue.get(timeout=0.1)
                except Empty:
                    if not child.is_alive() and queue.empty():
                        raise RuntimeError(
                            tr("el proceso de copia terminó de repente (código {0})").format(
                                child.exitcode
                            )
                        ) from None
                    continue
                kind = message[0]
                if kind == "progress":
                    self.progressed.emit(message[1], message[2])
                elif kind == "files":
                    self.files_done.emit(message[1])
                elif kind == "report":
                    return message[1]
                elif kind == "error":
                    raise message[1]
        finally:
            child.join(10)
            if child.is_alive():  # should never happen: the report was the last thing it did
                child.terminate()
            queue.close()

    def _work_here(self) -> IngestReport:
        """Ingest on this worker thread (when no child process can be started)."""
        last = 0.0
        state = [0, 0]  # done, total
        pending: list[FileResult] = []

        def flush(force: bool = False) -> None:
            nonlocal last
            now = time.monotonic()
            if force or now - last >= PROGRESS_INTERVAL:
                last = now
                self.progressed.emit(state[0], state[1])
                if pending:
                    batch = pending[:]
                    pending.clear()
                    self.files_done.emit(batch)

        def progress(done: int, total: int) -> None:
            state[:] = [done, total]
            flush()

        def on_file(result: FileResult) -> None:
            pending.append(result)
            flush()

        try:
            return ingest(self.sources, self.options, progress, self.token, on_file)
        finally:
            flush(force=True)  # reaches the GUI before the report does

    # -- GUI thread -----------------------------------------------------------------------
    def _on_report(self, report: IngestReport) -> None:
        self.report = report
        ok, self.headline, self.explanation = verdict(report)
        note = captions_note(self.captions)
        if note:
            self.explanation += " " + note
        self.finished.emit(ok, f"{self.headline}. {self.explanation}")

    def _on_error(self, error: BaseException) -> None:
        self.headline = tr(NOT_SAFE)
        if isinstance(error, Cancelled):  # cancelled while still scanning: nothing was copied
            self.error = "cancelled"
            self.explanation = tr("La copia se canceló antes de empezar; no se copió nada.")
            self.finished.emit(False, f"{self.headline}. {self.explanation}")
            return
        if isinstance(error, LibraryBusy):
            reason = tr("otra importación está usando esta biblioteca; espera a que termine")
        elif isinstance(error, FileNotFoundError):
            reason = tr("no existe {0}").format(error.args[0] if error.args else "")
        else:
            reason = str(error) or type(error).__name__
        self.error = reason
        self.explanation = tr("No se pudo importar: {0}.").format(reason)
        self.finished.emit(False, f"{self.headline}. {self.explanation}")
