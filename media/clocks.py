"""Camera clock offsets, per body, kept in the library (``.cobertura/clocks.json``).

An offset is what to add to a body's clock to get the true time: a camera 1 h 12 min
behind has an offset of +1:12:00.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from media.atomic import write_json_atomic
from media.library import STATE_DIR

CLOCKS_FILE = "clocks.json"
EARLIEST_PLAUSIBLE = datetime(2005, 1, 1)
# Dates cameras fall back to after losing power: their "factory" dates.
FACTORY_DATES = {
    date(2000, 1, 1),
    date(2001, 1, 1),
    date(2010, 1, 1),
    date(2015, 1, 1),
    date(2016, 1, 1),
}
_OFFSET = re.compile(
    r"^\s*([+-])?\s*(?:(\d+)\s*(?:h|hr|hrs|hora|horas)\s*)?(?:(\d+)\s*(?:m|min|mins|minutos?)\s*)?"
    r"(?:(\d+)\s*(?:s|seg|segundos?)\s*)?$",
    re.I,
)
_CLOCK = re.compile(r"^\s*([+-])?(\d+):(\d{2})(?::(\d{2}))?\s*$")


def body_key(make: str | None, model: str | None, serial: str | None = None) -> str:
    """The key of a camera body: make, model and serial where known ('Canon|EOS R6|123')."""
    return "|".join((part or "").strip().replace("|", "/") for part in (make, model, serial))


def parse_offset(text: str) -> timedelta:
    """'+1h12m', '-1:12', '-01:12:30', '90s', '-4320' (seconds), '1 h 12 min'."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return timedelta(seconds=int(text))
    m = _CLOCK.match(text)
    if m:
        value = timedelta(
            hours=int(m.group(2)), minutes=int(m.group(3)), seconds=int(m.group(4) or 0)
        )
        return -value if m.group(1) == "-" else value
    m = _OFFSET.match(text)
    if m and any(m.group(i) for i in (2, 3, 4)):
        value = timedelta(
            hours=int(m.group(2) or 0), minutes=int(m.group(3) or 0), seconds=int(m.group(4) or 0)
        )
        return -value if m.group(1) == "-" else value
    raise ValueError(f"desfase no reconocido: {text!r} (ejemplos: +1:12, -0:30:15, +1h12m)")


def format_offset(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    h, rest = divmod(abs(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}"


def implausible(when: datetime, now: datetime | None = None) -> str | None:
    """Why a capture time cannot be trusted, or None: too early, in the future, a factory date."""
    wall = (
        when.replace(tzinfo=None)
        if when.tzinfo is None
        else when.astimezone(UTC).replace(tzinfo=None)
    )
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if wall < EARLIEST_PLAUSIBLE:
        return f"anterior a {EARLIEST_PLAUSIBLE.year}"
    if wall > now + timedelta(days=1):
        return "en el futuro"
    if when.date() in FACTORY_DATES and when.hour == 0:
        return "fecha de fábrica de la cámara"
    return None


@dataclass
class ClockOffset:
    key: str
    offset: timedelta
    method: str  # "manual", "photo", "aligned"
    set_at: str
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "offset_seconds": int(self.offset.total_seconds()),
            "method": self.method,
            "set_at": self.set_at,
            "note": self.note,
        }


class Clocks:
    def __init__(self, library: str) -> None:
        self.path = os.path.join(library, STATE_DIR, CLOCKS_FILE)
        self.offsets: dict[str, ClockOffset] = {}
        try:
            with open(self.path, encoding="utf-8") as fh:
                raw = json.load(fh)
        except (FileNotFoundError, ValueError):
            raw = {}
        for key, rec in raw.items():
            self.offsets[key] = ClockOffset(
                key,
                timedelta(seconds=int(rec["offset_seconds"])),
                rec.get("method", "manual"),
                rec.get("set_at", ""),
                rec.get("note", ""),
            )

    def entry_for(
        self, make: str | None, model: str | None, serial: str | None
    ) -> ClockOffset | None:
        """The offset entry of this body: by make, model and serial, else make and model, else
        model alone (set before any of its files was ingested)."""
        for key in (
            body_key(make, model, serial),
            body_key(make, model, None),
            body_key(None, model, None),
        ):
            if key in self.offsets:
                return self.offsets[key]
        return None

    def offset_for(self, make: str | None, model: str | None, serial: str | None) -> timedelta:
        """What to add to this body's clock (zero when no offset was set)."""
        entry = self.entry_for(make, model, serial)
        return entry.offset if entry else timedelta(0)

    def set(self, key: str, offset: timedelta, method: str, note: str = "") -> ClockOffset:
        entry = ClockOffset(
            key, offset, method, datetime.now(UTC).isoformat(timespec="seconds"), note
        )
        self.offsets[key] = entry
        write_json_atomic(self.path, {k: v.to_json() for k, v in sorted(self.offsets.items())})
        return entry


def offset_from_photo(capture: datetime, shown: str) -> timedelta:
    """The offset that turns ``capture`` into the time a photographed clock shows.

    ``shown`` is 'HH:MM[:SS]' (the nearest such time to the capture is taken) or a full
    ISO date and time.
    """
    wall = capture.replace(tzinfo=None)
    try:
        target = datetime.fromisoformat(shown).replace(tzinfo=None)
    except ValueError:
        m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", shown)
        if not m:
            raise ValueError(
                f"hora no reconocida: {shown!r} (ejemplo: 14:05 o 2026-01-15T14:05)"
            ) from None
        same_day = wall.replace(
            hour=int(m.group(1)), minute=int(m.group(2)), second=int(m.group(3) or 0)
        )
        target = min(
            (same_day + timedelta(days=d) for d in (-1, 0, 1)), key=lambda t: abs(t - wall)
        )
    return target - wall


def suggest_alignment(
    reference: list[datetime],
    other: list[datetime],
    tolerance: timedelta = timedelta(seconds=20),
    search: timedelta = timedelta(hours=14),
) -> tuple[timedelta, int] | None:
    """The offset to add to ``other`` so its shots line up with ``reference``'s, and how many do.

    Two bodies at one event shoot the same moments (the speech, the handshake); the offset
    that makes the most shots coincide within ``tolerance`` is the suggestion. None when
    fewer than three shots line up.
    """
    if not reference or not other:
        return None
    ref = sorted(reference)
    candidates: dict[int, int] = {}
    for b in other:
        for a in ref:
            delta = a - b
            if abs(delta) <= search:
                bucket = round(delta.total_seconds() / tolerance.total_seconds())
                candidates[bucket] = candidates.get(bucket, 0) + 1
    if not candidates:
        return None
    bucket, votes = max(candidates.items(), key=lambda kv: (kv[1], -abs(kv[0])))
    if votes < 3:
        return None
    # Refine: the median of the differences that fall in the winning bucket.
    step = tolerance.total_seconds()
    diffs = sorted(
        (a - b).total_seconds()
        for b in other
        for a in ref
        if round((a - b).total_seconds() / step) == bucket
    )
    return timedelta(seconds=round(diffs[len(diffs) // 2])), votes
