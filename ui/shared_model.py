"""What the writers' view reads from the shared folder, off the GUI thread, and how it follows it.

- ``load_share`` and ``load_shared_event`` read the share through ``sync.shared_view``
  (every writer's newest catalog snapshot, every edit journal merged) and never write.
- ``ShareThumbnailLoader`` makes thumbnails from the originals on the share but keeps its
  cache in a local folder: the share is never written for a thumbnail.
- ``ShareFollower`` watches the share (``sync.watch.ShareWatcher``: watchdog plus a poll,
  since network file systems do not report other machines' writes) and its marker, and
  tells the GUI thread which events changed and when the share goes away or comes back.
- ``ShareCulling`` saves the culling keys' marks in this writer's own journal on the share.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import xxhash
from PySide6.QtCore import QObject, Signal

from media.agenda import Agenda
from media.culling import rating_of
from media.export_event import event_for_folder
from media.export_run import ExportEvent
from sync.share import ShareError, share_ready
from sync.shared_view import (
    SharedEventView,
    list_events,
    open_event,
    open_view,
    record_share_edits,
)
from sync.watch import ShareWatcher
from ui.culling_keys import CullingController
from ui.event_list import EventSummary
from ui.grid_model import GridModel
from ui.grid_view import GridView
from ui.text import tr
from ui.thumbs import ThumbnailLoader
from ui.workers import TaskRunner


@dataclass
class ShareState:
    """The share as last read: usable or not (and why), and its events, newest first."""

    share: str
    available: bool
    reason: str = ""
    events: list[EventSummary] = field(default_factory=list)


@dataclass
class SharedEvent:
    """One event of the share, merged, as the view shows it."""

    rel: str  # relative to the share
    folder: str  # absolute
    items: list[dict[str, Any]]
    writers: list[str]  # who pushed files (catalog snapshots)
    editors: list[str]  # who edited (picks, stars, captions) in a journal
    conflicts: list[str]  # one sentence per conflict copy kept
    problems: list[str]  # snapshots or journals that could not be read
    last_edit: dict[str, dict[str, Any]]  # item id -> its latest journal record
    export_event: ExportEvent  # what its bulletin package is named after


def _day_and_title(name: str) -> tuple[date | None, str]:
    """``2026-01-15 Entrega de becas`` -> (that day, ``Entrega de becas``)."""
    try:
        return date.fromisoformat(name[:10]), name[11:] or name
    except ValueError:
        return None, name


def summary_of(view: SharedEventView) -> EventSummary:
    """The event list's line for one share event (its folder is the absolute path)."""
    day, title = _day_and_title(view.path.rsplit("/", 1)[-1])
    kinds = [i.get("kind") for i in view.items]
    return EventSummary(
        folder=view.folder,
        day=day,
        title=title,
        place="",
        photos=kinds.count("photo"),
        videos=kinds.count("video"),
        audios=kinds.count("audio"),
        picks=sum(1 for i in view.items if rating_of(i).pick),
        problems=len(view.conflicts) + len(view.problems),
    )


def load_share(share: str, known: Mapping[str, EventSummary] | None = None) -> ShareState:
    """Whether the share can be read (its marker) and, when it can, its events (reads disk).

    ``known`` (event folder -> its line) holds events known not to have changed: their
    snapshots and journals are not read again."""
    try:
        open_view(share)
    except ShareError as exc:
        return ShareState(share, False, str(exc))
    known = known or {}
    events = []
    for ev in list_events(share):
        line = known.get(os.path.join(share, *ev.path.split("/")))
        events.append(line or summary_of(open_event(share, ev.path)))
    events.sort(key=lambda e: (e.day or date.min, e.title), reverse=True)
    return ShareState(share, True, events=events)


def export_event_of(
    share: str, folder: str, items: list[dict[str, Any]], library: str | None = None
) -> ExportEvent:
    """What a bulletin package of a share event is named after: the agenda event its items
    point to, when ``library``'s agenda has it, else the date and title of the folder name."""
    ids = Counter(str(i["event"]) for i in items if i.get("event"))
    if library and ids:
        try:
            event = Agenda(library).get(ids.most_common(1)[0][0])
        except (OSError, ValueError, TypeError):
            event = None
        if event is not None:
            return ExportEvent(title=event.title, day=event.day(), place=event.place)
    return event_for_folder(share, folder)


def load_shared_event(share: str, folder: str, library: str | None = None) -> SharedEvent:
    """One event of the share (``folder`` absolute), every writer's catalog and edits merged;
    ``library``'s agenda names it for export."""
    rel = os.path.relpath(folder, share).replace(os.sep, "/")
    view = open_event(share, rel)
    return SharedEvent(
        rel=rel,
        folder=view.folder,
        items=view.items,
        writers=view.writers,
        editors=sorted(
            {str(r.get("writer")) for records in view.edits.history.values() for r in records}
        ),
        conflicts=[str(c) for c in view.conflicts],
        problems=[str(p) for p in view.problems],
        last_edit={item: records[-1] for item, records in view.edits.history.items() if records},
        export_event=export_event_of(share, view.folder, view.items, library),
    )


def event_rel(share: str, folder: str) -> str:
    return os.path.relpath(folder, share).replace(os.sep, "/")


class ShareThumbnailLoader(ThumbnailLoader):
    """Thumbnails of share items, read from the share and cached under ``cache_root``."""

    def __init__(self, cache_root: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_root = cache_root

    def cache_folder(self, folder: str) -> str:
        """The local folder standing for the share's event ``folder`` in the cache."""
        key = xxhash.xxh3_64_hexdigest(os.path.abspath(folder).encode("utf-8"))
        return os.path.join(self.cache_root, key)

    def request(self, generation: int, folder: str, item: dict[str, Any]) -> None:
        """As ``ThumbnailLoader.request``; the item's file is named by its absolute path on
        the share, so the thumbnail is made from it and cached in the local folder."""
        record = dict(item, folder_path=os.path.join(folder, str(item.get("folder_path", ""))))
        super().request(generation, self.cache_folder(folder), record)


class _Watcher(ShareWatcher):
    """``ShareWatcher`` that also follows the marker: ``on_ready(False)`` when the share
    goes away (unmounted, marker gone), ``on_ready(True)`` when it is back."""

    def __init__(
        self,
        share: str,
        on_change: Callable[[list[str]], None],
        on_ready: Callable[[bool], None],
        poll_seconds: float,
    ) -> None:
        self.ready = share_ready(share)
        self.on_ready = on_ready
        super().__init__(share, on_change, poll_seconds)

    def check(self) -> list[str]:
        ready = share_ready(self.share)
        if ready != self.ready:
            self.ready = ready
            self.on_ready(ready)
        return super().check() if ready else []


class ShareFollower(QObject):
    """Follows one share from a background thread; signals arrive on the GUI thread."""

    changed = Signal(list)  # share-relative paths of events that changed
    availability = Signal(bool)  # the share went away (False) or came back (True)

    def __init__(
        self, tasks: TaskRunner, poll_seconds: float = 2.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every follow() and stop()
        self._watchers: list[ShareWatcher] = []

    def follow(self, share: str) -> None:
        """Start following ``share`` (stops following the previous one)."""
        self.stop()
        with self._lock:
            generation = self._generation
        poll = self.poll_seconds

        def start() -> None:  # lists the share and sets up watches: not on the GUI thread
            watcher = _Watcher(share, self.changed.emit, self.availability.emit, poll)
            watcher.start()
            with self._lock:
                current = generation == self._generation
                if current:
                    self._watchers.append(watcher)
            if not current:  # stop() (or another share) came first
                watcher.stop()

        self.tasks.submit(start)

    def stop(self) -> None:
        """Stop following (waits for the watching threads: quick, they poll in 0.1 s steps)."""
        with self._lock:
            self._generation += 1
            watchers, self._watchers = self._watchers, []
        for watcher in watchers:
            watcher.stop()


class ShareCulling(CullingController):
    """P, X and 0-5 on the writers' grid: shown at once, saved in this writer's journal on
    the share (one thread, in key order); a failed save puts the share's marks back."""

    def __init__(
        self,
        share: Callable[[], str | None],
        writer_id: Callable[[], str],
        model: GridModel,
        view: GridView,
        writer: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__("", model, view, writer, parent)
        self.share = share
        self.writer_id = writer_id

    def _save_task(self, folder: str, batch: list[tuple[str, dict[str, Any]]]) -> Callable[[], Any]:
        """Append the marks to this writer's journal on the share, which checks the share's
        marker first (an unmounted share gets nothing). Only the journal: never the sidecars
        on the share (they are the crews' files, pushed and verified), unlike the library's
        ``save_marks``."""
        share, writer_id = self.share(), self.writer_id()

        def save() -> int:
            if share is None:
                raise OSError(tr("no hay carpeta compartida elegida"))
            rel = event_rel(share, folder)
            for item_id, changes in batch:
                record_share_edits(share, rel, writer_id, item_id, changes)
            return len(batch)

        return save

    def _on_failed(self, folder: str, ids: list[str], error: BaseException) -> None:
        for item_id in ids:
            self.failed.emit(
                item_id, tr("No se pudo guardar en la carpeta compartida: {0}").format(error)
            )
        share = self.share()
        if share is None:
            return
        self.writer.submit(
            lambda: load_shared_event(share, folder).items,
            lambda items: self._restore(folder, set(ids), items),
        )
