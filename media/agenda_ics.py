"""Read iCalendar (.ics) agendas: recurring events expanded, time zones honoured."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from media.agenda import Event, event_id
from media.timeutil import iso

# iCalendar PRIORITY: 1 highest .. 9 lowest, 0 undefined -> our 1..5 scale (5 highest).
_ICS_PRIORITY = {1: 5, 2: 5, 3: 4, 4: 4, 5: 3, 6: 2, 7: 2, 8: 1, 9: 1}
EXPAND_DAYS_BEFORE = 60
EXPAND_DAYS_AFTER = 400


def _text(component: Any, key: str) -> str:
    value = component.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def _as_local(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating time: the agenda's wall clock
            return value.replace(tzinfo=zone)
        return value.astimezone(zone)
    return datetime.combine(value, datetime.min.time(), zone)


def read_ics(data: bytes, source: str, tz: str) -> tuple[list[Event], list[tuple[int, str]]]:
    """Events (one per occurrence) and problems (line 0: the file as a whole) from .ics bytes."""
    import icalendar
    import recurring_ical_events

    zone = ZoneInfo(tz)
    problems: list[tuple[int, str]] = []
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        return [], [(0, f"no es un iCalendar válido: {exc}")]
    vevents = list(calendar.walk("VEVENT"))
    starts = [v.get("DTSTART").dt for v in vevents if v.get("DTSTART") is not None]
    if not starts:
        return [], [(0, "el archivo no tiene eventos con inicio (DTSTART)")] if vevents else []
    first = min(_as_local(s, zone) for s in starts)
    window_start = first - timedelta(days=1)
    window_end = max(datetime.now(zone), first) + timedelta(days=EXPAND_DAYS_AFTER)
    for v in vevents:
        if v.get("DTSTART") is None:
            problems.append((0, f"evento sin inicio: {_text(v, 'SUMMARY') or _text(v, 'UID')}"))
    try:
        occurrences = recurring_ical_events.of(calendar).between(window_start, window_end)
    except Exception as exc:  # malformed RRULE and the like
        return [], [(0, f"no se pudieron expandir las repeticiones: {exc}")]
    events: list[Event] = []
    for occ in occurrences:
        start_raw = occ.get("DTSTART").dt
        end_prop = occ.get("DTEND")
        all_day = not isinstance(start_raw, datetime)
        start = _as_local(start_raw, zone)
        if end_prop is not None:
            end = _as_local(end_prop.dt, zone)
        elif occ.get("DURATION") is not None:
            end = start + occ.get("DURATION").dt
        else:
            end = start + (timedelta(days=1) if all_day else timedelta(hours=1))
        title = _text(occ, "SUMMARY") or "(sin título)"
        if end < start:
            problems.append((0, f"«{title}»: termina antes de empezar"))
            continue
        uid = _text(occ, "UID") or event_id(title, iso(start))
        recurrence = occ.get("RECURRENCE-ID")
        is_series = bool(occ.get("RRULE") or recurrence is not None or occ.get("RDATE"))
        original = _as_local(recurrence.dt, zone) if recurrence is not None else start
        occurrence_uid = f"{uid}/{iso(original)}" if is_series else uid
        location = _text(occ, "LOCATION")
        place, _, colonia = location.partition(", col. ")
        raw_priority = occ.get("PRIORITY")
        priority = _ICS_PRIORITY.get(int(raw_priority), 3) if raw_priority is not None else 3
        events.append(
            Event(
                id=event_id(occurrence_uid),
                title=title,
                start=iso(start),
                end=iso(end),
                all_day=all_day,
                place=place.strip(),
                colonia=colonia.strip(),
                area=_text(occ, "ORGANIZER").removeprefix("mailto:"),
                priority=priority,
                notes=_text(occ, "DESCRIPTION"),
                uid=occurrence_uid,
                source=source,
                cancelled=_text(occ, "STATUS").upper() == "CANCELLED",
            )
        )
    return events, problems
