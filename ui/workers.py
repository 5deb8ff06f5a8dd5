"""Running ``media/`` work off the GUI thread and handing back the result or the error.

``TaskRunner.submit(fn, on_done, on_error)`` runs ``fn()`` on a ``QThreadPool`` and calls
``on_done(result)`` or ``on_error(exception)`` on the GUI thread; an answer for a method
of a Qt object deleted meanwhile (a dialog closed before its worker ended) is dropped. A
runner made with ``writer=True`` has one thread, so its jobs (the writes of culling marks,
and the reads that must see them) run one at a time, in order.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

DoneFn = Callable[[Any], None]
ErrorFn = Callable[[BaseException], None]


def _receiver_gone(callback: Callable[..., None]) -> bool:
    """True when ``callback`` is a method of a Qt object that was deleted (a window closed
    before its worker answered): the answer has nobody to go to."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


class TaskRunner(QObject):
    """A pool plus the callbacks of its pending jobs; lives on the GUI thread."""

    _finished = Signal(int, object, object)  # task id, result, error (one of them is None)

    def __init__(self, parent: QObject | None = None, threads: int = 0, writer: bool = False):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        if writer:
            self.pool.setMaxThreadCount(1)
        elif threads:
            self.pool.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[DoneFn | None, ErrorFn | None]] = {}
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(
        self, fn: Callable[[], Any], on_done: DoneFn | None = None, on_error: ErrorFn | None = None
    ) -> int:
        """Queue ``fn``; returns the task id. Callbacks run on the GUI thread."""
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        self.pool.start(lambda: self._run(task_id, fn))
        return task_id

    @property
    def pending(self) -> int:
        """Jobs queued or running whose callbacks have not run yet."""
        return len(self._callbacks)

    def shutdown(self, msecs: int = -1) -> bool:
        """Drop queued jobs, wait for running ones; True when none is left running."""
        self._closed = True
        self.pool.clear()
        return self.pool.waitForDone(msecs)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every queued and running job (tests, closing the window)."""
        return self.pool.waitForDone(msecs)

    def _run(self, task_id: int, fn: Callable[[], Any]) -> None:
        try:
            result, error = fn(), None
        except Exception as exc:  # handed to on_error on the GUI thread, never lost
            log.exception("background task failed")
            result, error = None, exc
        try:
            self._finished.emit(task_id, result, error)
        except RuntimeError:  # the runner was deleted with its window; nobody is listening
            pass

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: Any) -> None:
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        if self._closed:
            return
        callback: Callable[[Any], None] | None = on_error if error is not None else on_done
        if callback is not None and not _receiver_gone(callback):
            callback(error if error is not None else result)
