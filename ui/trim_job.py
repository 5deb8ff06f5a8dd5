"""A cut as a job: ``media.trim.trim`` on a worker, its progress and time left in the jobs
area, Cancel stopping ffmpeg, and the result (output path, problems) for the trim view."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal

from media.naming import with_counter
from media.tools import ToolNotFound
from media.trim import TrimError, TrimOptions, TrimResult, describe, trim
from ui.jobs import Job, ShareMeter
from ui.text import human_bytes, tr
from ui.workers import TaskRunner

PROGRESS_INTERVAL = 0.1  # seconds between updates to the GUI


def free_name(path: str) -> str:
    """``path``, or ``name-2.ext``, ``name-3.ext``... when taken; its folder is made."""
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    candidate, n = path, 1
    while os.path.lexists(candidate):
        n += 1
        candidate = os.path.join(folder, with_counter(name, n))
    return candidate


class TrimJob(Job):
    """Cuts ``src`` into ``output`` off the GUI thread; ``result`` or ``error`` at the end."""

    _running = Signal()

    def __init__(
        self,
        src: str,
        output: str,
        options: TrimOptions,
        parent: QObject | None = None,
        unique: bool = False,
    ) -> None:
        """``unique``: ``output`` is a planned name; its folder is made and a counter is
        added when a file of that name exists (the view never touches the disk)."""
        super().__init__(tr("Recortar {0}").format(os.path.basename(src)), parent, ShareMeter())
        self.src = src
        self.output = output
        self.options = options
        self.unique = unique
        self.result: TrimResult | None = None
        self.error: str | None = None
        self._running.connect(lambda: self._set_state("running"))

    def start(self, runner: TaskRunner) -> None:
        """Queue the cut on ``runner`` (one with a single thread cuts one clip at a time,
        which is what two cores can take)."""
        runner.submit(self._work, self._on_result, self._on_error)

    def _work(self) -> TrimResult:
        self._running.emit()
        if self.unique:
            self.output = free_name(self.output)
        progress = self.throttled_progress(PROGRESS_INTERVAL)
        return trim(self.src, self.output, self.options, progress, self.token)

    def _on_result(self, result: TrimResult) -> None:
        self.result = result
        self.finished.emit(result.ok, self.result_text())

    def _on_error(self, error: BaseException) -> None:
        if isinstance(error, (TrimError, ToolNotFound, ValueError)):
            self.error = str(error)
        else:
            self.error = f"{type(error).__name__}: {error}"
        self.finished.emit(False, tr("No se pudo recortar: {0}").format(self.error))

    def problem_lines(self) -> list[str]:
        """The cut's problems, one line each, for people."""
        if self.result is None:
            return []
        return [describe(p) for p in self.result.problems]

    def result_text(self) -> str:
        """One line for people: where the cut is and how long it lasts, or why there is none."""
        result = self.result
        if result is None:
            return tr("No se pudo recortar: {0}").format(self.error or "")
        if result.output is None:
            why = "; ".join(describe(p) for p in result.problems) or tr("sin salida")
            return tr("No se escribió ninguna salida: {0}").format(why)
        size = human_bytes(result.info.size) if result.info is not None else ""
        return tr("Listo: {0} ({1:.1f} s, {2})").format(
            os.path.basename(result.output), result.duration or 0.0, size
        )
