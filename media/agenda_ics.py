"""Read iCalendar (.ics) agendas: recurring events expanded, time zones honoured."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from media.agenda import Event, event_id
from media.timeutil import iso

# iCalendar PRIORITY: 1 highest .. 9 lowest, 0 undefined -> our 1..5 scale (5 highest).
_ICS_PRIORITY = {1: 5, 2: 5, 3: 4, 4: 4, 5: 3, 6: 2, 7: 2, 8: 1, 9: 1}
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


def _vevent_lines(data: bytes) -> list[int]:
    """The line number of each ``BEGIN:VEVENT``, in file order (the order ``walk`` gives)."""
    return [
        n
        for n, line in enumerate(data.splitlines(), start=1)
        if line.strip().upper() == b"BEGIN:VEVENT"
    ]


def _invalid(vevent: Any, zone: ZoneInfo) -> str | None:
    """Why a VEVENT cannot be imported (no start, unreadable times, end before start), or None."""
    if vevent.get("DTSTART") is None:
        return "evento sin inicio (DTSTART)"
    try:
        start = _as_local(vevent.get("DTSTART").dt, zone)
    except Exception as exc:  # icalendar raises on access for a malformed value
        return f"inicio ilegible: {exc}"
    if vevent.get("DTEND") is not None:
        try:
            end = _as_local(vevent.get("DTEND").dt, zone)
        except Exception as exc:
            return f"fin ilegible: {exc}"
        if end < start:
            return "termina antes de empezar"
    return None


def _priority(component: Any) -> int:
    raw = component.get("PRIORITY")
    try:
        return _ICS_PRIORITY.get(int(raw), 3) if raw is not None else 3
    except (TypeError, ValueError):
        return 3


def read_ics(data: bytes, source: str, tz: str) -> tuple[list[Event], list[tuple[int, str]]]:
    """Events (one per occurrence) and (line, reason) problems (line 0: the file as a whole).

    A VEVENT that cannot be imported is reported at the line of its ``BEGIN:VEVENT`` and
    left out; the others are imported.
    """
    import icalendar
    import recurring_ical_events

    zone = ZoneInfo(tz)
    problems: list[tuple[int, str]] = []
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        return [], [(0, f"no es un iCalendar válido: {exc}")]
    vevents = list(calendar.walk("VEVENT"))
    lines = _vevent_lines(data)
    uid_line: dict[str, int] = {}
    series: set[str] = set()  # UIDs of recurring events: their occurrences get their own ids
    starts = []
    for index, v in enumerate(vevents):
        line = lines[index] if index < len(lines) else 0
        label = _text(v, "SUMMARY") or _text(v, "UID") or "(sin título)"
        reason = _invalid(v, zone)
        if reason:
            problems.append((line, f"«{label}»: {reason}"))
            calendar.subcomponents = [c for c in calendar.subcomponents if c is not v]
            continue
        if v.get("PRIORITY") is not None and not _is_int(v["PRIORITY"]):
            problems.append((line, f"«{label}»: prioridad no reconocida, se usa 3"))
        uid_line.setdefault(_text(v, "UID"), line)
        if v.get("RRULE") or v.get("RDATE") or v.get("RECURRENCE-ID") is not None:
            series.add(_text(v, "UID"))
        starts.append(_as_local(v.get("DTSTART").dt, zone))
    if not starts:
        if vevents and not problems:
            problems.append((0, "el archivo no tiene eventos con inicio (DTSTART)"))
        return [], problems
    first = min(starts)
    window_start = first - timedelta(days=1)
    window_end = max(datetime.now(zone), first) + timedelta(days=EXPAND_DAYS_AFTER)
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(window_start, window_end))
    except Exception:  # a malformed RRULE and the like: find which event it is, keep the rest
        occurrences = []
        for uid in uid_line:
            alone = icalendar.Calendar()
            for v in calendar.walk("VEVENT"):
                if _text(v, "UID") == uid:
                    alone.add_component(v)
            try:
                occurrences += recurring_ical_events.of(alone).between(window_start, window_end)
            except Exception as exc:
                label = _text(alone.subcomponents[0], "SUMMARY") or uid
                reason = f"«{label}»: no se pudieron expandir las repeticiones: {exc}"
                problems.append((uid_line[uid], reason))
    events: list[Event] = []
    for occ in occurrences:
        title = _text(occ, "SUMMARY") or "(sin título)"
        uid = _text(occ, "UID")
        try:
            event = _occurrence(occ, title, uid in series, source, zone)
        except Exception as exc:  # a value icalendar could not read
            problems.append((uid_line.get(uid, 0), f"«{title}»: {exc}"))
            continue
        if event is None:
            problems.append((uid_line.get(uid, 0), f"«{title}»: termina antes de empezar"))
            continue
        events.append(event)
    return events, problems


def _is_int(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _occurrence(occ: Any, title: str, in_series: bool, source: str, zone: ZoneInfo) -> Event | None:
    """The event of one occurrence, or None when it ends before it starts."""
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
    if end < start:
        return None
    uid = _text(occ, "UID") or event_id(title, iso(start))
    # Each occurrence of a series is its own event, named by its original start (a moved
    # occurrence keeps its id); a single event is named by its UID alone, so it keeps its
    # id when its time changes.
    recurrence = occ.get("RECURRENCE-ID")
    original = _as_local(recurrence.dt, zone) if recurrence is not None else start
    occurrence_uid = f"{uid}/{iso(original)}" if in_series else uid
    location = _text(occ, "LOCATION")
    place, _, colonia = location.partition(", col. ")
    return Event(
        id=event_id(occurrence_uid),
        title=title,
        start=iso(start),
        end=iso(end),
        all_day=all_day,
        place=place.strip(),
        colonia=colonia.strip(),
        area=_text(occ, "ORGANIZER").removeprefix("mailto:"),
        priority=_priority(occ),
        notes=_text(occ, "DESCRIPTION"),
        uid=occurrence_uid,
        source=source,
        cancelled=_text(occ, "STATUS").upper() == "CANCELLED",
    )
