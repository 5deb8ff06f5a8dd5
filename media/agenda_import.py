"""Import an agenda file into the library: new events added, changed ones updated in place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from media.agenda import Agenda, Event
from media.agenda_csv import read_csv
from media.agenda_ics import read_ics
from media.timeutil import DEFAULT_TZ


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason); 0 = file


def import_agenda(path: str, library: str, tz: str = DEFAULT_TZ) -> ImportResult:
    """Read ``path`` (.ics or .csv) and merge its events into the library's agenda.

    Raises ``ValueError`` for a file that is neither, ``OSError`` when it cannot be read.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    source = os.path.basename(path)
    ext = os.path.splitext(path)[1].lower()
    if ext in (".ics", ".ical", ".ifb") or data.lstrip().startswith(b"BEGIN:VCALENDAR"):
        events, problems = read_ics(data, source, tz)
        by_uid = True
    elif ext in (".csv", ".txt", ".tsv"):
        events, problems = read_csv(data, source, tz)
        by_uid = False
    else:
        raise ValueError(f"formato no reconocido (se esperaba .ics o .csv): {source}")
    agenda = Agenda(library, tz)
    result = merge(agenda, events, source, by_uid)
    result.problems = problems
    agenda.save()
    return result


def merge(agenda: Agenda, events: list[Event], source: str, by_uid: bool) -> ImportResult:
    """Add or update ``events``; occurrences of re-imported series that vanished are cancelled."""
    result = ImportResult()
    seen: set[str] = set()
    for event in events:
        seen.add(event.id)
        old = agenda.events.get(event.id)
        if old is None:
            agenda.events[event.id] = event
            result.added.append(event.id)
        elif old.to_json() == event.to_json():
            result.unchanged.append(event.id)
        else:
            agenda.events[event.id] = event
            result.updated.append(event.id)
    if by_uid:
        series = {e.uid.split("/")[0] for e in events}
        for old in agenda.events.values():
            if (
                old.source == source
                and old.uid.split("/")[0] in series
                and old.id not in seen
                and not old.cancelled
            ):
                old.cancelled = True
                result.cancelled.append(old.id)
    return result
