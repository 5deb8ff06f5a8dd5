"""Which agenda event a file belongs to, from its corrected capture time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from media.agenda import Event
from media.timeutil import DEFAULT_TZ

BEFORE = timedelta(minutes=30)  # crews arrive early
AFTER = timedelta(minutes=60)  # events run late


@dataclass(frozen=True)
class Match:
    event: Event | None
    ambiguous: bool = False  # more than one window held the time
    others: tuple[str, ...] = ()  # ids of the other candidates


def _distance(event: Event, when: datetime) -> timedelta:
    if when < event.start_dt:
        return event.start_dt - when
    if when > event.end_dt:
        return when - event.end_dt
    return timedelta(0)


def match_event(
    when: datetime,
    events: list[Event],
    before: timedelta = BEFORE,
    after: timedelta = AFTER,
    tz: str = DEFAULT_TZ,
) -> Match:
    """The event whose window (start - before, end + after) holds ``when``.

    ``when`` without an offset is wall time in ``tz``. Between overlapping windows the event
    whose own start-end is nearer wins, then the higher priority; all-day events take what
    no timed event takes on their day.
    """
    zone = ZoneInfo(tz)
    moment = when.replace(tzinfo=zone) if when.tzinfo is None else when
    timed = [e for e in events if not e.all_day and not e.cancelled]
    holding = [e for e in timed if e.start_dt - before <= moment <= e.end_dt + after]
    if not holding:
        day = [
            e for e in events if e.all_day and not e.cancelled and e.start_dt <= moment < e.end_dt
        ]
        holding = day
    if not holding:
        return Match(None)
    ranked = sorted(holding, key=lambda e: (_distance(e, moment), -e.priority, e.start))
    winner = ranked[0]
    others = tuple(e.id for e in ranked[1:])
    return Match(winner, ambiguous=bool(others), others=others)
