"""Long jobs (ingest now; pick, trim, export and sync later) and the jobs area at the bottom.

A ``Job`` is a QObject on the GUI thread: its worker emits ``progressed`` (throttled) and,
at the end, ``finished``. The jobs area shows one row per job with a progress bar, the
speed, the time left and a Cancel button that sets the job's ``CancelToken``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from media.models import CancelToken
from ui.text import human_bytes, human_duration, tr


class RateMeter:
    """Speed and time left from (done, total) samples, averaged over the last few seconds."""

    WINDOW = 4.0  # seconds of history behind the speed shown

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total = 0
        self._samples: deque[tuple[float, int]] = deque()

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        self.done, self.total = done, total
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self.WINDOW:
            self._samples.popleft()

    @property
    def speed(self) -> float | None:
        """Units per second, or None before there is enough to say."""
        if len(self._samples) < 2:
            return None
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        if t1 - t0 < 0.2:
            elapsed = t1 - self.started
            return d1 / elapsed if elapsed > 0.2 and d1 > 0 else None
        return max(0.0, (d1 - d0) / (t1 - t0))

    @property
    def seconds_left(self) -> float | None:
        speed = self.speed
        if not speed or self.total <= 0:
            return None
        return max(0.0, (self.total - self.done) / speed)

    def text(self) -> str:
        """'12.3 MB de 45.0 MB · 25.1 MB/s · quedan 0:02' (parts appear once known)."""
        parts = [f"{human_bytes(self.done)} {tr('de')} {human_bytes(self.total)}"]
        if self.speed is not None:
            parts.append(f"{human_bytes(self.speed)}/s")
        left = self.seconds_left
        if left is not None:
            parts.append(f"{tr('quedan')} {human_duration(left)}")
        return " · ".join(parts)


class ShareMeter(RateMeter):
    """Time left from progress in any unit (ffmpeg's milliseconds, a 0-1000 scale)."""

    def text(self) -> str:
        """'45 % · quedan 0:12' (the time left once known)."""
        parts = [f"{100 * self.done / self.total:.0f} %" if self.total else tr("Empezando…")]
        left = self.seconds_left
        if left is not None:
            parts.append(tr("quedan {0}").format(human_duration(left)))
        return " · ".join(parts)


class Job(QObject):
    """One long job. Subclasses run the work and emit the signals."""

    progressed = Signal(int, int)  # done, total (bytes)
    finished = Signal(bool, str)  # ok (nothing failed, nothing left behind), summary for people
    state_changed = Signal(str)  # "waiting", "running", "done"

    def __init__(
        self, title: str, parent: QObject | None = None, meter: RateMeter | None = None
    ) -> None:
        """``meter``: how progress reads (bytes by default; ``ShareMeter`` for any unit)."""
        super().__init__(parent)
        self.title = title
        self.token = CancelToken()
        self.meter = meter or RateMeter()
        self.state = "waiting"
        self.ok: bool | None = None
        self.summary = ""
        self.progressed.connect(self.meter.update)
        self.finished.connect(self._on_finished)

    def throttled_progress(self, interval: float = 0.1) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback for the worker thread that emits
        ``progressed`` at most every ``interval`` seconds, and always at the end."""
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= interval or done >= total:
                last = now
                self.progressed.emit(done, total)

        return progress

    def cancel(self) -> None:
        """Ask the worker to stop at its next safe point."""
        self.token.cancel()

    @property
    def running(self) -> bool:
        return self.state != "done"

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _on_finished(self, ok: bool, summary: str) -> None:
        self.ok, self.summary = ok, summary
        self._set_state("done")


class JobRow(QFrame):
    """One job in the jobs area."""

    remove_requested = Signal()

    def __init__(self, job: Job, on_open: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.job = job
        self.setObjectName("jobRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.title = QLabel(job.title)
        self.title.setMinimumWidth(180)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        self.detail = QLabel(tr("En espera…"))
        self.detail.setObjectName("dim")
        self.open_button = QPushButton(tr("Ver informe"))
        self.open_button.setVisible(on_open is not None)
        if on_open is not None:
            self.open_button.clicked.connect(on_open)
        self.cancel_button = QPushButton(tr("Cancelar"))
        self.cancel_button.clicked.connect(self._cancel_or_remove)
        for widget, stretch in (
            (self.title, 0), (self.bar, 2), (self.detail, 3),
            (self.open_button, 0), (self.cancel_button, 0),
        ):  # fmt: skip
            layout.addWidget(widget, stretch)
        job.progressed.connect(self._on_progress)
        job.state_changed.connect(self._on_state)

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)
        self.detail.setText(self.job.meter.text())

    def _on_state(self, state: str) -> None:
        if state == "running":
            self.detail.setText(tr("Empezando…"))
        elif state == "done":
            self.bar.setValue(1000 if self.job.ok else self.bar.value())
            self.detail.setText(self.job.summary)
            self.detail.setProperty("verdict", "ok" if self.job.ok else "bad")
            self.detail.style().unpolish(self.detail)
            self.detail.style().polish(self.detail)
            self.cancel_button.setText(tr("Quitar"))

    def _cancel_or_remove(self) -> None:
        if self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.detail.setText(tr("Cancelando… (termina el archivo en curso)"))
        else:
            self.remove_requested.emit()


class JobsPanel(QScrollArea):
    """The jobs area: one row per job, newest at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobs")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(2)
        self.idle = QLabel(tr("Sin trabajos en curso."))
        self.idle.setObjectName("dim")
        self._layout.addWidget(self.idle)
        self._layout.addStretch(1)
        self.setWidget(inner)
        self.jobs: list[Job] = []
        self._rows: list[JobRow] = []
        self._fit_height()

    def add(self, job: Job, on_open: Callable[[], None] | None = None) -> JobRow:
        """Show ``job`` at the top of the area."""
        self.jobs.append(job)
        row = JobRow(job, on_open)
        self._layout.insertWidget(0, row)
        self.idle.hide()
        self._rows.append(row)
        row.remove_requested.connect(lambda: self.remove(row))
        self._fit_height()
        return row

    def remove(self, row: JobRow) -> None:
        """Take a finished job's row away."""
        if row in self._rows:
            self._rows.remove(row)
            self.jobs.remove(row.job)
            self._layout.removeWidget(row)
            row.deleteLater()
        self.idle.setVisible(not self._rows)
        self._fit_height()

    def rows(self) -> list[JobRow]:
        return list(self._rows)

    def running(self) -> list[Job]:
        return [j for j in self.jobs if j.running]

    def _fit_height(self) -> None:
        """One line when idle; room for up to three jobs, then a scroll bar."""
        rows = len(self._rows)
        self.setFixedHeight(30 if not rows else min(3, rows) * 42 + 10)
