"""«Guardar cuadro como foto» in the trim view: the frame under the playhead saved as a photo
of the clip's event (``media.frame_photo.save_frame``) as a job in the jobs area, and the
stills a pick run found in the clip as marks on the timeline that move the playhead there.

Saves queue on the window's ingest runner: saving a frame is an ingest, and ingests run
one at a time (a card being copied holds the library; the save waits its turn, and can be
cancelled while it waits). Not offered while the window shows the shared folder, which is
read-only there except for the journals (as «Sugerir fotos»).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton

from media.frame_meta import clock
from media.frame_photo import FrameError, FramePhoto, ingest_options, save_frame, still_times
from media.locking import LibraryBusy
from media.models import Cancelled
from ui.jobs import Job, ShareMeter
from ui.text import problem_line, tr
from ui.theme import set_verdict
from ui.workers import TaskRunner

if TYPE_CHECKING:
    from ui.trim_view import TrimView

SHORTCUT = "Ctrl+S"
PROGRESS_INTERVAL = 0.1  # seconds between updates to the GUI
BUSY_WAIT = 24 * 3600.0  # a save waits (cancellable) while another ingest holds the library


@dataclass
class FrameTarget:
    """Where a trim view's frames go: the clip's catalog item, its event folder, the
    library, and the runner saves queue on (the window's one-at-a-time ingest runner)."""

    library: str
    folder: str
    item: dict[str, Any]
    runner: TaskRunner


class FramePhotoJob(Job):
    """Saves the frame shown at ``t`` seconds of a clip as a photo of its event, off the GUI
    thread; ``photo`` (or ``error``) at the end."""

    _running = Signal()

    def __init__(self, target: FrameTarget, t: float, parent: QObject | None = None) -> None:
        name = os.path.basename(str(target.item.get("path")))
        super().__init__(tr("Cuadro de {0} en {1}").format(name, clock(t)), parent, ShareMeter())
        self.target = target
        self.t = t
        self.photo: FramePhoto | None = None
        self.error: str | None = None
        self._running.connect(lambda: self._set_state("running"))

    def start(self) -> None:
        """Queue the save on the target's runner."""
        self.target.runner.submit(self._work, self._on_result, self._on_error)

    def _work(self) -> FramePhoto:
        self._running.emit()
        target = self.target
        progress = self.throttled_progress(PROGRESS_INTERVAL)
        options = ingest_options(target.library)
        return save_frame(
            target.library, target.folder, target.item, self.t, options, progress, self.token,
            busy_wait=BUSY_WAIT,
        )  # fmt: skip

    def _on_result(self, photo: FramePhoto) -> None:
        self.photo = photo
        self.finished.emit(True, self.result_text())

    def _on_error(self, error: BaseException) -> None:
        if isinstance(error, FrameError):
            self.error = problem_line(error.problem)
        elif isinstance(error, Cancelled):
            self.error = tr("cancelado; no se guardó nada")
        elif isinstance(error, LibraryBusy):
            self.error = tr("otra importación está usando la biblioteca")
        else:
            self.error = f"{type(error).__name__}: {error}"
        self.finished.emit(False, self.result_text())

    def result_text(self) -> str:
        """One line for people: where the photo is, or why there is none."""
        photo = self.photo
        if photo is None:
            return tr("No se guardó el cuadro: {0}").format(self.error or "")
        if photo.duplicate:
            return tr("Ese cuadro ya estaba en la biblioteca: {0}").format(photo.path)
        return tr("Foto guardada: {0}").format(photo.path)


class FrameSaver(QObject):
    """The trim view's «Guardar cuadro como foto» button, its shortcut and the jobs it
    starts, and the pick run's stills as marks on the view's timeline."""

    saved = Signal(object, str)  # FramePhoto once it is in the library, a line for people

    def __init__(self, target: FrameTarget, view: TrimView) -> None:
        super().__init__(view)
        self.target = target
        self.view = view
        self.jobs: list[FramePhotoJob] = []
        self.ready = False  # the clip was probed and has a picture
        self.shared = False
        self.button = QPushButton(tr("Guardar cuadro como foto"))
        self.button.setAutoDefault(False)
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.clicked.connect(lambda _checked=False: self.save())
        QShortcut(QKeySequence(SHORTCUT), view, self.save)
        self.update()

    def clip_ready(self, duration: float, has_picture: bool) -> None:
        """The clip was probed: saving can start, and the stills of a pick run are looked
        up (on a worker) to be drawn on the timeline."""
        self.ready = has_picture and duration > 0
        self.update()
        if self.ready:
            folder, item = self.target.folder, self.target.item
            self.view.tasks.submit(
                lambda: [t for t in still_times(folder, item) if 0 <= t <= duration],
                self.view.timeline.set_stills,
            )

    def clip_failed(self) -> None:
        self.ready = False
        self.update()

    def set_shared(self, shared: bool) -> None:
        """The window shows the writers' view of the shared folder (True) or the library."""
        self.shared = shared
        self.update()

    def update(self) -> None:
        """Enable the button when a save can start; its tooltip says why when it cannot."""
        keys = QKeySequence(SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        if self.shared:
            why = tr(
                "En la carpeta compartida solo se anotan los diarios: guarda cuadros desde "
                "la Biblioteca."
            )
        elif not self.ready:
            why = tr("El clip no tiene imagen que guardar.") if self.view.clip else ""
        else:
            why = ""
        self.button.setEnabled(self.ready and not why)
        self.button.setToolTip(
            why
            or tr(
                "Guardar el cuadro que se ve como foto JPEG del mismo evento, con la hora y la "
                "cámara del clip ({0})"
            ).format(keys)
        )

    def save(self) -> FramePhotoJob | None:
        """Start saving the frame at the playhead; the job shows in the jobs area."""
        if not self.button.isEnabled():
            return None
        job = FramePhotoJob(self.target, self.view.position, self.view.job_parent)
        self.jobs.append(job)
        job.finished.connect(lambda ok, text: self._on_finished(job, ok, text))
        set_verdict(self.view.status, None)
        self.view.status.setText(tr("Guardando el cuadro en {0}…").format(clock(job.t)))
        job.start()
        self.view.job_started.emit(job)
        return job

    def _on_finished(self, job: FramePhotoJob, ok: bool, text: str) -> None:
        self.view.status.setText(text)
        set_verdict(self.view.status, ok)
        if job.photo is not None:
            self.view.status.setToolTip(os.path.join(self.target.library, job.photo.path))
            self.saved.emit(job.photo, text)

    def running(self) -> bool:
        """True while a save started here is queued or running."""
        return any(job.running for job in self.jobs)
