"""Reading the many ways files write a date, and turning them into ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DEFAULT_TZ = "America/Mexico_City"
DAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_EXIF_DT = re.compile(
    r"^\s*(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")


def parse_offset(text: str | None) -> timezone | None:
    """'+02:00' / '-0400' / 'Z' as a fixed offset, or None when absent or malformed."""
    if not text:
        return None
    text = text.strip().rstrip("\x00")
    if text == "Z":
        return UTC
    m = _OFFSET.match(text)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def parse_datetime(text: str | None, offset: str | None = None) -> datetime | None:
    """An EXIF/QuickTime/ISO date-time, or None for missing, zero, blank or impossible values.

    The result carries an offset only when the text (or ``offset``) states one.
    """
    if not text:
        return None
    m = _EXIF_DT.match(str(text).replace("\x00", ""))
    if not m:
        return None
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    if year < 1900:  # 0000:00:00 and the QuickTime/Unix epochs are "no date"
        return None
    try:
        value = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    tz = parse_offset(m.group(7)) if m.group(7) else parse_offset(offset)
    return value.replace(tzinfo=tz) if tz else value


def iso(value: datetime) -> str:
    """ISO 8601 to the second, with ``+HH:MM`` only when the value has an offset."""
    return value.isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def local_wall_time(value: datetime, tz_name: str = DEFAULT_TZ) -> datetime:
    """The naive wall-clock time in the library's zone: instants are converted, naive kept."""
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(tz_name)).replace(tzinfo=None)


def file_time(mtime: float, tz_name: str = DEFAULT_TZ) -> datetime:
    """A file's modification time as an instant in the library's zone."""
    return datetime.fromtimestamp(mtime, ZoneInfo(tz_name)).replace(microsecond=0)


def spanish_date(day: date, weekday: bool = False) -> str:
    """'15 de enero de 2026', or 'jueves 15 de enero de 2026' with ``weekday``."""
    text = f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{DAYS_ES[day.weekday()]} {text}" if weekday else text


def english_date(day: date, weekday: bool = False) -> str:
    """'January 15, 2026', or 'Thursday, January 15, 2026' with ``weekday``; the same
    words whatever the system's locale (``strftime('%B')`` would follow it)."""
    text = f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    return f"{DAYS_EN[day.weekday()]}, {text}" if weekday else text


def english_ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 3 -> '3rd', 11 -> '11th', 22 -> '22nd'."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
