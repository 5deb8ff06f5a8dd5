"""Agenda events and their store in the library (``.cobertura/events.json``, atomic writes)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from media.atomic import write_json_atomic
from media.library import STATE_DIR
from media.timeutil import DEFAULT_TZ

EVENTS_FILE = "events.json"
PRIORITY_WORDS = {"alta": 5, "media": 3, "baja": 1, "urgente": 5, "normal": 3}
COVERAGE_WORDS = ("foto", "video", "audio", "transmisión en vivo")


@dataclass
class Event:
    """One event of the mayor's agenda. Times are ISO 8601 with the library zone's offset."""

    id: str
    title: str
    start: str
    end: str
    all_day: bool = False
    place: str = ""
    colonia: str = ""
    area: str = ""  # the requesting area
    priority: int = 3  # 1 (lowest) .. 5 (highest) for the press
    coverage: list[str] = field(default_factory=list)
    crew: list[str] = field(default_factory=list)
    notes: str = ""
    uid: str = ""  # iCalendar UID (with the occurrence), or "" for CSV rows
    source: str = ""  # the file it was imported from
    cancelled: bool = False  # gone from a re-imported agenda; kept because files may point here

    @property
    def start_dt(self) -> datetime:
        return datetime.fromisoformat(self.start)

    @property
    def end_dt(self) -> datetime:
        return datetime.fromisoformat(self.end)

    def day(self, tz: str = DEFAULT_TZ) -> date:
        return self.start_dt.astimezone(ZoneInfo(tz)).date()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def event_id(*parts: str) -> str:
    """A short stable id from what identifies an event (UID and occurrence, or title and start)."""
    text = "\x1f".join(p.strip().lower() for p in parts)
    return hashlib.blake2s(text.encode("utf-8"), digest_size=5).hexdigest()


def parse_priority(value: str | int | None, default: int = 3) -> int:
    """1..5 from a number or a word (alta, media, baja)."""
    if value is None:
        return default
    text = str(value).strip().lower()
    if not text:
        return default
    if text in PRIORITY_WORDS:
        return PRIORITY_WORDS[text]
    try:
        number = int(float(text))
    except ValueError as exc:
        raise ValueError(f"prioridad no reconocida: {value!r}") from exc
    if not 1 <= number <= 5:
        raise ValueError(f"prioridad fuera de 1 a 5: {value!r}")
    return number


class Agenda:
    """The library's events, loaded once and saved atomically."""

    def __init__(self, library: str, tz: str = DEFAULT_TZ) -> None:
        self.library = library
        self.tz = tz
        self.path = os.path.join(library, STATE_DIR, EVENTS_FILE)
        self.events: dict[str, Event] = {}
        try:
            with open(self.path, encoding="utf-8") as fh:
                raw = json.load(fh)
        except FileNotFoundError:
            raw = {}
        for key, record in (raw or {}).items():
            if isinstance(record, dict) and record.get("start"):
                record.setdefault("id", key)
                record.setdefault("end", record["start"])
                for name in ("start", "end"):  # a time without offset is the library's wall time
                    value = datetime.fromisoformat(str(record[name]))
                    if value.tzinfo is None:
                        value = value.replace(tzinfo=ZoneInfo(tz))
                    record[name] = value.isoformat(timespec="seconds")
                self.events[key] = Event.from_json(record)

    def save(self) -> None:
        write_json_atomic(self.path, {k: e.to_json() for k, e in sorted(self.events.items())})

    def get(self, event_id: str) -> Event | None:
        return self.events.get(event_id)

    def active(self) -> list[Event]:
        return sorted((e for e in self.events.values() if not e.cancelled), key=lambda e: e.start)

    def on_day(self, day: date) -> list[Event]:
        return [e for e in self.active() if _overlaps_day(e, day, self.tz)]


def _overlaps_day(event: Event, day: date, tz: str) -> bool:
    zone = ZoneInfo(tz)
    begin = datetime.combine(day, datetime.min.time(), zone)
    end = begin + timedelta(days=1)
    return event.start_dt < end and event.end_dt > begin
