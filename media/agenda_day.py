"""One day of the agenda as the press office looks at it: most important first, with what is in.

Each of the day's events comes with the files already ingested for it (counted from the
catalogs of the event folders dated on the day it starts, where ingest files them) and the
folder that holds most of them, so the app can open it.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from media.agenda import Agenda, Event
from media.catalog import read_items
from media.invite import rank_for_press
from media.library import event_folders
from media.models import CancelToken
from media.timeutil import DEFAULT_TZ


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda event and the files of it already in the library."""

    event: Event
    photos: int = 0
    videos: int = 0
    audios: int = 0
    folders: tuple[str, ...] = field(default=())  # absolute, the fullest first

    @property
    def files(self) -> int:
        return self.photos + self.videos + self.audios

    @property
    def folder(self) -> str | None:
        """The event folder to open for it (the one holding most of its files), if any."""
        return self.folders[0] if self.folders else None


def day_agenda(
    library: str, day: date, tz: str = DEFAULT_TZ, cancel: CancelToken | None = None
) -> list[AgendaEntry]:
    """``day``'s events (cancelled ones left out), by priority (5 first), then start time.

    Reads the agenda and the catalogs of the folders dated on the days the events start;
    an unreadable catalog counts as no files. A cancelled ``cancel`` raises ``Cancelled``
    between folders.
    """
    events = rank_for_press(Agenda(library, tz).on_day(day))
    if not events:
        return []
    wanted = {e.id for e in events}
    days = {e.day(tz).isoformat() for e in events}
    kinds: dict[str, Counter[str]] = {}
    per_folder: dict[str, Counter[str]] = {}
    for folder in event_folders(library):
        if os.path.basename(folder)[:10] not in days:
            continue
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            items = read_items(folder)
        except (OSError, ValueError):
            continue
        for item in items:
            event = item.get("event")
            if event in wanted:
                kinds.setdefault(event, Counter())[str(item.get("kind"))] += 1
                per_folder.setdefault(event, Counter())[folder] += 1
    entries = []
    for event in events:
        count = kinds.get(event.id, Counter())
        folders = per_folder.get(event.id, Counter())
        entries.append(
            AgendaEntry(
                event=event,
                photos=count["photo"],
                videos=count["video"],
                audios=count["audio"],
                folders=tuple(f for f, _ in folders.most_common()),
            )
        )
    return entries
