"""The day's media invitation, in Spanish, ready to paste into an e-mail or a message."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from media.agenda import Event
from media.timeutil import DEFAULT_TZ, spanish_date

INVITE_PRIORITY = 4  # events at or above this priority are worth inviting the press to


def long_date(day: date) -> str:
    """'jueves 15 de enero de 2026'."""
    return spanish_date(day, weekday=True)


def rank_for_press(events: list[Event]) -> list[Event]:
    """Most important first; at equal priority, earlier first."""
    return sorted(events, key=lambda e: (-e.priority, e.start))


def invitation(
    events: list[Event],
    day: date,
    min_priority: int = INVITE_PRIORITY,
    tz: str = DEFAULT_TZ,
    office: str = "Alcaldía Iztacalco",
) -> str:
    """The invitation text for ``day``; says so plainly when no event is worth inviting to."""
    zone = ZoneInfo(tz)
    chosen = rank_for_press([e for e in events if e.priority >= min_priority and not e.cancelled])
    lines = [
        "INVITACIÓN A MEDIOS",
        "",
        f"La {office} invita a las y los representantes de los medios de comunicación "
        f"a cubrir las siguientes actividades del {long_date(day)}:",
        "",
    ]
    if not chosen:
        return "\n".join(
            lines[:1] + ["", f"No hay actividades para invitar a medios el {long_date(day)}."]
        )
    for event in chosen:
        start = event.start_dt.astimezone(zone)
        hour = "Todo el día" if event.all_day else f"{start:%H:%M} h"
        lines.append(f"• {hour} — {event.title}")
        place = event.place + (f", col. {event.colonia}" if event.colonia else "")
        if place:
            lines.append(f"  Lugar: {place}")
        lines.append("")
    lines += [
        "Se agradece su asistencia y difusión.",
        "",
        "Coordinación de Comunicación Social",
        office,
    ]
    return "\n".join(lines)
