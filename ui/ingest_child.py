"""An ingest run in a child process: its Python work (EXIF parsing, planning) never competes
with the GUI thread for the interpreter lock, so the window keeps answering on a busy
two-core laptop. No Qt here: the child imports only ``media/``.

Messages on the queue, in order: ("progress", done, total) and ("files", [FileResult, ...])
at most ``INTERVAL`` apart, then exactly one ("report", IngestReport) or ("error", exception).
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from typing import Any

from media.ingest import IngestOptions, ingest
from media.ingest_report import FileResult
from media.models import CancelToken

INTERVAL = 0.1  # seconds between messages: a smooth bar, little work for the GUI
CHILD_NICE = 5  # the copy yields the CPU to the window on a busy machine


def run_child(sources: list[str], options: IngestOptions, queue: Any, cancel: Any) -> None:
    """Child process entry: ingest ``sources`` and report through ``queue``.

    ``cancel`` is a multiprocessing Event; once set, the ingest stops at its next safe point.
    """
    if hasattr(os, "nice"):
        try:  # no interpreter lock is shared any more: the GUI process may simply go first
            os.nice(CHILD_NICE)
        except OSError:
            pass
    token = CancelToken()
    finished = threading.Event()

    def watch_cancel() -> None:
        while not finished.is_set():
            if cancel.wait(0.1):
                token.cancel()
                return

    threading.Thread(target=watch_cancel, daemon=True).start()
    state = [0, 0]
    pending: list[FileResult] = []
    last = 0.0

    def flush(force: bool = False) -> None:
        nonlocal last
        now = time.monotonic()
        if force or now - last >= INTERVAL:
            last = now
            queue.put(("progress", state[0], state[1]))
            if pending:
                queue.put(("files", pending[:]))
                pending.clear()

    def progress(done: int, total: int) -> None:
        state[:] = [done, total]
        flush()

    def on_file(result: FileResult) -> None:
        pending.append(result)
        flush()

    try:
        report = ingest(sources, options, progress, token, on_file)
    except BaseException as exc:  # handed to the parent, which shows it to people
        flush(force=True)
        queue.put(("error", picklable(exc)))
    else:
        flush(force=True)
        queue.put(("report", report))
    finally:
        finished.set()


def picklable(exc: BaseException) -> BaseException:
    """``exc`` itself when it can cross to the parent process, else a RuntimeError saying it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
