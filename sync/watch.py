"""Watching: push again when the library changes, wait for the share, follow the share.

``watch_push`` runs ``push`` now and again whenever files change in the library
(watchdog), and, while the share's marker is missing (share not mounted, laptop away
from the office), waits for it and resumes the moment it appears. ``ShareWatcher`` calls
back with the share events whose catalogs, journals or conflict notes changed, so a
writer's shared view shows new events and picks as they arrive.

Network file systems do not report other machines' writes to watchdog, so both also poll,
cheaply: the marker, and the few state files of each event.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from media.edits import EDITS_DIR
from media.library import STATE_DIR
from media.locking import LibraryBusy
from media.models import CancelToken, ProgressFn, no_progress
from sync.layout import CONFLICTS_DIR, WRITERS_DIR, is_temporary
from sync.problems import SyncProblemType
from sync.push import OutcomeFn, PushOptions, push
from sync.report import PushReport
from sync.share import share_ready

_WAITING_FOR_SHARE = {SyncProblemType.SHARE_MISSING, SyncProblemType.SHARE_VANISHED}
_CHANGES = {
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_CLOSED,
}


class _Wake(FileSystemEventHandler):
    """Sets ``flag`` for every change but temporary and lock files."""

    def __init__(self, flag: threading.Event) -> None:
        self.flag = flag

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:  # a push reading the library is no change
            return
        name = os.path.basename(os.fsdecode(event.src_path))
        if is_temporary(name) or name.endswith(".lock"):
            return
        self.flag.set()


class _LibraryWatch:
    """Watches the library's year folders (recursively) and its root (for new years),
    but not its ``.cobertura/`` state, which every push writes to."""

    def __init__(self, library: str, flag: threading.Event) -> None:
        self.library = library
        self.handler = _Wake(flag)
        self.watched: set[str] = set()
        self.observer: BaseObserver | None = _observe(library, self.handler, recursive=False)
        self.refresh()

    def refresh(self) -> None:
        """Start watching year folders that appeared since the last look."""
        if self.observer is None:
            return
        try:
            names = os.listdir(self.library)
        except OSError:
            return
        for name in names:
            path = os.path.join(self.library, name)
            if len(name) == 4 and name.isdigit() and path not in self.watched:
                try:
                    self.observer.schedule(self.handler, path, recursive=True)
                    self.watched.add(path)
                except OSError:
                    pass

    def stop(self) -> None:
        _stop(self.observer)


def _observe(path: str, handler: FileSystemEventHandler, recursive: bool) -> BaseObserver | None:
    if not os.path.isdir(path):
        return None
    observer = Observer()
    try:
        observer.schedule(handler, path, recursive=recursive)
        observer.start()
    except OSError:  # too many watches, or a file system watchdog cannot follow
        return None
    return observer


def _stop(observer: BaseObserver | None) -> None:
    if observer is not None:
        observer.stop()
        observer.join(timeout=5)


def _sleep(flag: threading.Event, cancel: CancelToken, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``flag`` (True) or cancel; clears the flag."""
    step = 0.1
    waited = 0.0
    while waited < seconds and not cancel.cancelled:
        if flag.wait(step):
            flag.clear()
            return True
        waited += step
    return False


def watch_push(
    options: PushOptions,
    on_report: Callable[[PushReport], None],
    cancel: CancelToken,
    on_waiting: Callable[[str], None] = lambda share: None,
    progress: ProgressFn = no_progress,
    on_file: OutcomeFn | None = None,
    poll_seconds: float = 2.0,
    settle_seconds: float = 1.0,
    rescan_seconds: float = 300.0,
) -> None:
    """Push, then push again after each burst of library changes, until ``cancel``.

    A missing share is waited for (``on_waiting`` is told once per wait); a push stopped
    by the share vanishing resumes when it is back. A push that left problems is retried
    on the next change, or after ``rescan_seconds``."""
    changed = threading.Event()
    library = _LibraryWatch(options.library, changed)
    try:
        while not cancel.cancelled:
            if not share_ready(options.share):
                on_waiting(options.share)
                share_flag = threading.Event()
                share_observer = _observe(options.share, _Wake(share_flag), recursive=False)
                try:
                    while not cancel.cancelled and not share_ready(options.share):
                        _sleep(share_flag, cancel, poll_seconds)
                finally:
                    _stop(share_observer)
                continue
            try:
                report = push(options, progress, cancel, on_file)
            except LibraryBusy:
                _sleep(changed, cancel, poll_seconds)
                continue
            on_report(report)
            library.refresh()
            if report.stopped is not None and report.stopped.type in _WAITING_FOR_SHARE:
                continue
            if _sleep(changed, cancel, rescan_seconds if library.observer else poll_seconds):
                while _sleep(changed, cancel, settle_seconds):
                    pass  # let a burst (an ingest) settle before pushing
    finally:
        library.stop()


def share_signature(share: str) -> dict[str, tuple[object, ...]]:
    """Per share event, what changes when a writer pushes a catalog, an edit or a conflict."""
    signature: dict[str, tuple[object, ...]] = {}
    for year in _names(share):
        if not (len(year) == 4 and year.isdigit()):
            continue
        for name in _names(os.path.join(share, year)):
            state = os.path.join(share, year, name, STATE_DIR)
            parts: list[object] = []
            for w in _names(os.path.join(state, WRITERS_DIR)):
                parts.append((w, tuple(_names(os.path.join(state, WRITERS_DIR, w)))))
            for j in _names(os.path.join(state, EDITS_DIR)):
                try:
                    st = os.stat(os.path.join(state, EDITS_DIR, j))
                    parts.append((j, st.st_size, st.st_mtime_ns))
                except OSError:
                    continue
            for w in _names(os.path.join(state, CONFLICTS_DIR)):
                parts.append(("c", w, len(_names(os.path.join(state, CONFLICTS_DIR, w)))))
            if parts:
                signature[f"{year}/{name}"] = tuple(parts)
    return signature


def _names(path: str) -> list[str]:
    try:
        return sorted(n for n in os.listdir(path) if not is_temporary(n))
    except OSError:
        return []


class ShareWatcher:
    """Calls ``on_change(events)`` (share paths) when events appear or change on the share."""

    def __init__(
        self, share: str, on_change: Callable[[list[str]], None], poll_seconds: float = 2.0
    ) -> None:
        self.share = share
        self.on_change = on_change
        self.poll_seconds = poll_seconds
        self._cancel = CancelToken()
        self._flag = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: BaseObserver | None = None
        self.signature = share_signature(share)

    def start(self) -> None:
        self._observer = _observe(self.share, _Wake(self._flag), recursive=True)
        self._thread = threading.Thread(target=self._loop, name="share-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._cancel.cancel()
        self._flag.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        _stop(self._observer)

    def check(self) -> list[str]:
        """Compare with the last look; the events that changed (and report them)."""
        now = share_signature(self.share)
        changed = sorted(
            k for k in now.keys() | self.signature.keys() if now.get(k) != self.signature.get(k)
        )
        self.signature = now
        if changed:
            self.on_change(changed)
        return changed

    def _loop(self) -> None:
        while not self._cancel.cancelled:
            if _sleep(self._flag, self._cancel, self.poll_seconds):
                _sleep(self._flag, self._cancel, 0.3)  # let a push finish its burst
            if not self._cancel.cancelled:
                self.check()
