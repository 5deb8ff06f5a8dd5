"""Event folders as the app's list shows them: day, title, place and counts, kept in a cache.

Counting an event means reading its whole catalog and edit journals (a 20,000-item event
is some 15 MB of JSON), so the counts are kept in ``LIBRARY/.cobertura/index/summaries.json``
with the stamp of what they were counted from: the catalog's inode, size and time, and the
name, size and time of each journal. A catalog is only ever replaced (new inode) and a
journal only ever grows, so a stamp that still matches means counts that still hold.
Checking every stamp costs a few ``stat`` calls per event. The cache is derived: deleting
it costs one recount, never a wrong answer; a library that cannot be written is counted
every time.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from media.agenda import Agenda
from media.atomic import write_atomic
from media.culling import event_items, rating_of
from media.edits import EDITS_DIR
from media.library import CATALOG_FILE, STATE_DIR, event_folders, state_dir
from media.models import CancelToken, ProgressFn

log = logging.getLogger(__name__)

INDEX_DIR = "index"  # LIBRARY/.cobertura/index/: caches derived from the event folders
SUMMARIES_FILE = "summaries.json"
SUMMARY_VERSION = 1
COUNT_NOW_BYTES = 4_000_000  # catalogs and journals counted at once when listing (~0.1 s)
_FOLDER_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (.+)$")

CATALOG_ERRORS = (OSError, ValueError, TypeError, AttributeError, KeyError)  # damaged files
Stamp = list[Any]  # [catalog inode, size, mtime_ns, [[journal, size, mtime_ns], ...]]
ItemsHook = Callable[[str, Stamp, list[dict[str, Any]]], None]


@dataclass(frozen=True)
class EventCounts:
    """What an event folder holds, counted from its catalog with every writer's edits."""

    photos: int = 0
    videos: int = 0
    audios: int = 0
    picks: int = 0
    rejects: int = 0
    problems: int = 0  # items with a problem
    captioned: int = 0  # items with a caption
    event_ids: tuple[str, ...] = ()  # the agenda events the items belong to
    unreadable: bool = False  # the catalog or a journal could not be read


@dataclass(frozen=True)
class EventSummary:
    """One event folder. The counts are None until the folder has been counted."""

    folder: str
    day: date | None
    title: str
    place: str = ""
    colonia: str = ""
    area: str = ""
    photos: int | None = None
    videos: int | None = None
    audios: int | None = None
    picks: int | None = None
    problems: int | None = None
    captioned: int | None = None
    unreadable: bool = False  # counted as empty: its catalog could not be read

    @property
    def counted(self) -> bool:
        return self.photos is not None


def index_dir(library: str) -> str:
    return os.path.join(library, STATE_DIR, INDEX_DIR)


def event_stamp(folder: str) -> Stamp | None:
    """The stamp of the folder's catalog and journals now; None when it has no catalog."""
    state = state_dir(folder)
    try:
        st = os.stat(os.path.join(state, CATALOG_FILE))
    except OSError:
        return None
    journals = []
    try:
        with os.scandir(os.path.join(state, EDITS_DIR)) as entries:
            for entry in entries:
                if entry.name.endswith(".jsonl") and not entry.name.startswith("."):
                    js = entry.stat()
                    journals.append([entry.name, js.st_size, js.st_mtime_ns])
    except OSError:
        pass  # no journal yet
    return [st.st_ino, st.st_size, st.st_mtime_ns, sorted(journals)]


def count_items(items: Iterable[dict[str, Any]]) -> EventCounts:
    """The counts of catalog items (with their edits applied)."""
    kinds = {"photo": 0, "video": 0, "audio": 0}
    picks = rejects = problems = captioned = 0
    ids: set[str] = set()
    for item in items:
        kind = item.get("kind")
        if kind in kinds:
            kinds[str(kind)] += 1
        rating = rating_of(item)
        picks += rating.pick
        rejects += rating.reject
        problems += bool(item.get("problems"))
        captioned += bool(str(item.get("caption") or "").strip())
        if item.get("event"):
            ids.add(str(item["event"]))
    return EventCounts(
        kinds["photo"], kinds["video"], kinds["audio"], picks, rejects, problems, captioned,
        tuple(sorted(ids)),
    )  # fmt: skip


def folder_day_title(folder: str) -> tuple[date | None, str]:
    """``2026-01-15 Entrega de becas`` -> (that day, "Entrega de becas"); else (None, name)."""
    name = os.path.basename(folder.rstrip(os.sep))
    match = _FOLDER_NAME.match(name)
    if not match:
        return None, name
    try:
        return date.fromisoformat(match.group(1)), match.group(2)
    except ValueError:
        return None, name


def summary_of(folder: str, counts: EventCounts | None, agenda: Agenda | None) -> EventSummary:
    """The folder's summary: title and place from the agenda when all its items share one
    agenda event, else the title in the folder's name."""
    day, title = folder_day_title(folder)
    summary = EventSummary(folder=folder, day=day, title=title)
    if counts is None:
        return summary
    if agenda is not None and len(counts.event_ids) == 1:
        event = agenda.get(counts.event_ids[0])
        if event is not None:
            summary = replace(
                summary, title=event.title, place=event.place, colonia=event.colonia,
                area=event.area,
            )  # fmt: skip
    return with_counts(summary, counts)


def with_counts(summary: EventSummary, counts: EventCounts) -> EventSummary:
    """``summary`` with these counts (its title and place as they are)."""
    return replace(
        summary, photos=counts.photos, videos=counts.videos, audios=counts.audios,
        picks=counts.picks, problems=counts.problems, captioned=counts.captioned,
        unreadable=counts.unreadable,
    )  # fmt: skip


class SummaryCache:
    """The counts file of one library: read once, written atomically when changed."""

    def __init__(self, library: str) -> None:
        self.library = library
        self.path = os.path.join(index_dir(library), SUMMARIES_FILE)
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            if isinstance(data, dict) and data.get("version") == SUMMARY_VERSION:
                events = data.get("events")
                self.entries = events if isinstance(events, dict) else {}
        except (OSError, ValueError):
            pass  # none yet, or damaged: everything is counted again

    def _key(self, folder: str) -> str:
        return os.path.relpath(folder, self.library).replace(os.sep, "/")

    def get(self, folder: str, stamp: Stamp) -> EventCounts | None:
        """The counts kept for the folder, when they were made from this very stamp."""
        entry = self.entries.get(self._key(folder))
        if not isinstance(entry, dict) or entry.get("stamp") != stamp:
            return None
        try:
            values = dict(entry["counts"])
            values["event_ids"] = tuple(values.get("event_ids") or ())
            return EventCounts(**values)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, folder: str, stamp: Stamp, counts: EventCounts) -> None:
        self.entries[self._key(folder)] = {"stamp": stamp, "counts": asdict(counts)}
        self.dirty = True

    def keep_only(self, folders: Iterable[str]) -> None:
        """Forget the entries of folders that are gone."""
        wanted = {self._key(f) for f in folders}
        for key in [k for k in self.entries if k not in wanted]:
            del self.entries[key]
            self.dirty = True

    def save(self) -> None:
        """Write the file if anything changed; a library that cannot be written is let be."""
        if not self.dirty:
            return
        data = {"version": SUMMARY_VERSION, "events": self.entries}
        try:
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
            self.dirty = False
        except OSError as exc:
            log.debug("event summaries not cached in %s: %s", self.path, exc)


def load_agenda(library: str) -> Agenda | None:
    """The library's agenda, or None when its file cannot be read."""
    try:
        return Agenda(library)
    except (OSError, ValueError, TypeError) as exc:
        log.warning("agenda of %s not read: %s", library, exc)
        return None


def newest_first(summaries: Iterable[EventSummary]) -> list[EventSummary]:
    return sorted(summaries, key=lambda e: (e.day or date.min, e.title), reverse=True)


def list_events(
    library: str,
    agenda: Agenda | None = None,
    budget: int = COUNT_NOW_BYTES,
    on_items: ItemsHook | None = None,
) -> tuple[list[EventSummary], list[str]]:
    """Every event folder, newest first, with its counts; and the folders left to count
    (for ``count_events``). Counts come from the cache where their stamp still holds;
    changed events are counted now while their catalogs and journals add up to no more
    than ``budget`` bytes (one event changed since the last look: counted at once), the
    rest are left uncounted. Reads the folder names, a few ``stat`` calls per event, the
    cache file and the catalogs within the budget."""
    agenda = agenda if agenda is not None else load_agenda(library)
    cache = SummaryCache(library)
    folders = event_folders(library)
    summaries, stale = [], []
    for folder in folders:
        stamp = event_stamp(folder)
        counts = cache.get(folder, stamp) if stamp is not None else None
        if counts is None and stamp is not None and _stamp_bytes(stamp) <= budget:
            counts = _count(cache, folder, stamp, on_items)
            budget -= _stamp_bytes(stamp)
        if counts is None:
            stale.append(folder)
        summaries.append(summary_of(folder, counts, agenda))
    if len(cache.entries) > len(folders):
        cache.keep_only(folders)
    cache.save()
    return newest_first(summaries), stale


def _stamp_bytes(stamp: Stamp) -> int:
    return int(stamp[1]) + sum(int(j[1]) for j in stamp[3])


def _count(
    cache: SummaryCache, folder: str, stamp: Stamp, on_items: ItemsHook | None
) -> EventCounts:
    """Count one folder and keep the counts (marked unreadable when its catalog or a
    journal cannot be read: kept so until they change)."""
    try:
        items = event_items(folder)
        counts = count_items(items)
    except CATALOG_ERRORS as exc:
        log.warning("catalog of %s not read: %s", folder, exc)
        items, counts = [], EventCounts(unreadable=True)
    cache.put(folder, stamp, counts)
    if on_items is not None:
        on_items(folder, stamp, items)
    return counts


def count_events(
    library: str,
    folders: list[str],
    agenda: Agenda | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    on_items: ItemsHook | None = None,
) -> list[EventSummary]:
    """Count ``folders`` (reading their catalogs and journals) and keep the counts in the
    cache. ``on_items(folder, stamp, items)`` sees each folder's items as they are read
    (the search index is fed from the same read). Stops early when ``cancel`` is set; what
    was counted by then is kept and returned."""
    agenda = agenda if agenda is not None else load_agenda(library)
    cache = SummaryCache(library)
    done: list[EventSummary] = []
    for n, folder in enumerate(folders):
        if cancel is not None and cancel.cancelled:
            break
        stamp = event_stamp(folder)
        if stamp is not None:
            done.append(summary_of(folder, _count(cache, folder, stamp, on_items), agenda))
        if progress is not None:
            progress(n + 1, len(folders))
    cache.save()
    return done


def load_events(library: str) -> list[EventSummary]:
    """Every event folder of ``library`` with its counts, newest first (reads the disk)."""
    agenda = load_agenda(library)
    summaries, stale = list_events(library, agenda)
    counted = {s.folder: s for s in count_events(library, stale, agenda)}
    return [counted.get(s.folder, s) for s in summaries]
