"""Which event a bulletin package is about, and which of its photos go in it.

An event is named as ``pick`` names it: by its agenda id, or by its event folder's path
relative to the library (``2026/2026-01-15 Entrega de becas``). Its items are the catalog
items of every event folder holding files of it, with every writer's edits applied
(``media.culling.event_items``), so their ``path`` is relative to the library: the
``root`` that ``export_package`` joins it to.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from media.agenda import Agenda
from media.captions import item_day
from media.culling import event_items
from media.library import NO_EVENT, event_folders
from media.models import Kind

_FOLDER_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (.+)$")


@dataclass
class ExportEvent:
    """What the package is named after and what its captions files and sheet are headed by."""

    title: str
    day: date | None
    place: str = ""


class NoSuchEvent(LookupError):
    """No event folder of the library holds files of this event."""


def event_for_folder(library: str, folder: str) -> ExportEvent:
    """The event of an event folder (absolute, or relative to the library): its agenda
    event when its items point to one, else the date and title in the folder's name."""
    folder = folder if os.path.isabs(folder) else os.path.join(library, folder)
    ids = Counter(str(i["event"]) for i in event_items(folder) if i.get("event"))
    if ids:
        found = _agenda_event(library, ids.most_common(1)[0][0])
        if found is not None:
            return found
    name = os.path.basename(os.path.normpath(folder))
    match = _FOLDER_NAME.match(name)
    if match is None:
        return ExportEvent(title=name, day=None)
    year, month, day, title = match.groups()
    try:
        when: date | None = date(int(year), int(month), int(day))
    except ValueError:
        when = None
    return ExportEvent(title=title, day=when)


def _agenda_event(library: str, event_id: str) -> ExportEvent | None:
    event = Agenda(library).get(event_id)
    if event is None:
        return None
    return ExportEvent(title=event.title, day=event.day(), place=event.place)


def items_of_event(library: str, event: str) -> tuple[ExportEvent, list[dict[str, Any]]]:
    """The event (by agenda id or folder path) and its items with edits applied, sorted by
    capture time. Raises ``NoSuchEvent`` when no catalog holds a file of it."""
    library = os.path.abspath(library)
    as_folder = os.path.normpath(os.path.join(library, event))
    items: list[dict[str, Any]] = []
    folder_hit: str | None = None
    for folder in event_folders(library):
        if os.path.normpath(folder) == as_folder:
            items.extend(event_items(folder))
            folder_hit = folder
        else:
            items.extend(i for i in event_items(folder) if i.get("event") == event)
    if not items:
        raise NoSuchEvent(event)
    if folder_hit is not None:
        found = event_for_folder(library, folder_hit)
    else:
        found = _agenda_event(library, event) or ExportEvent(NO_EVENT, None)
    if found.day is None:
        days = sorted(d for d in (item_day(i) for i in items) if d)
        found.day = days[0] if days else None
    return found, sort_items(items)


def sort_items(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in the order they were taken (those without a time last), then by path."""
    return sorted(
        items,
        key=lambda i: (
            not i.get("capture_time_local"),
            str(i.get("capture_time_local") or ""),
            str(i.get("path") or ""),
        ),
    )


def choose_items(
    items: list[dict[str, Any]], refs: list[str] | None = None
) -> tuple[list[dict[str, Any]], str, list[str]]:
    """The items to export, a note for people on how they were chosen, and the ``refs``
    that matched nothing. ``refs`` (ids or library-relative paths) name the items;
    without them, the picked items (never a rejected one), else the suggested picks."""
    if refs:
        wanted = {os.path.normpath(r.strip()) for r in refs}
        chosen = [
            i
            for i in items
            if str(i.get("id")) in wanted or os.path.normpath(str(i.get("path", ""))) in wanted
        ]
        known = {str(i.get("id")) for i in chosen} | {
            os.path.normpath(str(i.get("path", ""))) for i in chosen
        }
        missing = [r for r in refs if os.path.normpath(r.strip()) not in known]
        return chosen, "", missing
    picked = [i for i in items if i.get("pick") is True]
    if picked:
        return picked, "", []
    suggested = [i for i in items if i.get("suggested") is True and i.get("reject") is not True]
    if suggested:
        note = f"Ninguna foto elegida: se usan las sugeridas ({len(suggested)})."
        return suggested, note, []
    return [], "Ninguna foto elegida ni sugerida.", []


def stills(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the photos among ``items``."""
    return [i for i in items if i.get("kind") == Kind.PHOTO.value]
