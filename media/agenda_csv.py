"""Read agendas kept as spreadsheets (CSV with Spanish headers, UTF-8 or Latin-1)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from media.agenda import Event, event_id, parse_priority
from media.timeutil import iso

# Header (without accents, lower case) -> field.
HEADERS = {
    "titulo": "title",
    "evento": "title",
    "nombre": "title",
    "title": "title",
    "fecha": "date",
    "dia": "date",
    "date": "date",
    "inicio": "start",
    "hora": "start",
    "hora inicio": "start",
    "hora de inicio": "start",
    "start": "start",
    "fin": "end",
    "termino": "end",
    "hora fin": "end",
    "hora de termino": "end",
    "end": "end",
    "lugar": "place",
    "sede": "place",
    "direccion": "place",
    "place": "place",
    "colonia": "colonia",
    "area": "area",
    "area solicitante": "area",
    "solicita": "area",
    "prioridad": "priority",
    "importancia": "priority",
    "priority": "priority",
    "cobertura": "coverage",
    "equipo": "crew",
    "personal": "crew",
    "notas": "notes",
    "observaciones": "notes",
    "notes": "notes",
    "id": "id",
    "uid": "id",
}
BROKEN_ENCODING = "codificación dañada (acentos o eñes ilegibles): guarda el archivo como CSV UTF-8"
_TIME = re.compile(
    r"^\s*(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(?:h|hrs?\.?)?\s*([ap])?\.?\s*(?:m\.?)?\s*$", re.I
)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


def decode(data: bytes) -> str:
    """Text of a CSV saved by a spreadsheet: UTF-8 (with or without BOM), else Windows-1252."""
    return decode_lines(data)[0]


def decode_lines(data: bytes) -> tuple[str, set[int]]:
    """The text, and the numbers of the lines whose bytes are broken.

    A file that is not UTF-8 is read as Windows-1252 (what spreadsheets call Latin-1);
    there, a byte that means nothing breaks its line. A UTF-8 file with some lines in
    Latin-1 (rows pasted from another file) has those lines broken.
    """
    try:
        return data.decode("utf-8-sig"), set()
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    mixed = any(not line.isascii() and _is_utf8(line) for line in lines)
    parts: list[str] = []
    broken: set[int] = set()
    for number, line in enumerate(lines, start=1):
        if mixed and _is_utf8(line):
            parts.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            continue
        text = line.decode("cp1252", errors="replace")
        if mixed or "\ufffd" in text:
            broken.add(number)
        parts.append(text)
    return "".join(parts), broken


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most known columns (';', ',' or tab)."""
    header = io.StringIO(text, newline="").readline()
    scores = {}
    for delimiter in (";", ",", "\t"):
        cells = next(csv.reader([header], delimiter=delimiter), [])
        scores[delimiter] = sum(1 for cell in cells if _plain(cell) in HEADERS)
    best = max(scores, key=lambda d: scores[d])
    if scores[best]:
        return best
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"fecha no reconocida: {text!r}")


def parse_time(text: str) -> time:
    """'10:00', '10:00 a. m.', '4:30 p.m.', '16 h', '12:00 p. m.' (noon)."""
    m = _TIME.match(text.replace("\u00a0", " ").replace("\u202f", " "))
    if not m:
        raise ValueError(f"hora no reconocida: {text!r}")
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    meridiem = (m.group(4) or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"hora fuera de rango: {text!r}")
    return time(hour, minute, second)


def read_csv(data: bytes, source: str, tz: str) -> tuple[list[Event], list[tuple[int, str]]]:
    """Events and (line number, reason) problems; good rows are kept when others fail."""
    zone = ZoneInfo(tz)
    text, broken = decode_lines(data)
    # newline="": the csv module handles \r\n, \n and the bare \r of old Mac spreadsheets.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [(1, "el archivo está vacío")]
    except csv.Error as exc:
        return [], [(1, f"cabecera ilegible: {exc}")]
    columns = [HEADERS.get(_plain(h)) for h in header]
    problems: list[tuple[int, str]] = []
    if 1 in broken:
        problems.append((1, BROKEN_ENCODING))
    unknown = [h for h, c in zip(header, columns, strict=True) if c is None and h.strip()]
    if unknown:
        problems.append((1, "columnas desconocidas (ignoradas): " + ", ".join(unknown)))
    missing = {"title", "date", "start"} - set(columns)
    if missing:
        names = {"title": "título", "date": "fecha", "start": "inicio"}
        return [], problems + [
            (1, "faltan columnas: " + ", ".join(names[m] for m in sorted(missing)))
        ]
    events: list[Event] = []
    while True:
        line = reader.line_num + 1  # where the next row starts (a quoted cell may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((line, f"fila ilegible: {exc}"))
            if reader.line_num < line:
                break
            continue
        if not any(cell.strip() for cell in row):
            continue
        if broken.intersection(range(line, reader.line_num + 1)):
            problems.append((line, BROKEN_ENCODING))
            continue
        record = {c: v.strip() for c, v in zip(columns, row, strict=False) if c}
        try:
            events.append(_event(record, source, zone))
        except ValueError as exc:
            problems.append((line, str(exc)))
    return events, problems


def _event(record: dict[str, str], source: str, zone: ZoneInfo) -> Event:
    title = record.get("title", "")
    if not title:
        raise ValueError("falta el título")
    if not record.get("date"):
        raise ValueError("falta la fecha")
    day = parse_date(record["date"])
    if not record.get("start"):
        raise ValueError("falta la hora de inicio")
    start = datetime.combine(day, parse_time(record["start"]), zone)
    end = (
        datetime.combine(day, parse_time(record["end"]), zone)
        if record.get("end")
        else start + timedelta(hours=1)
    )
    if end < start:
        raise ValueError(f"termina ({record['end']}) antes de empezar ({record['start']})")
    coverage = [
        c.strip().lower() for c in re.split(r"[,/;]| y ", record.get("coverage", "")) if c.strip()
    ]
    crew = [c.strip() for c in re.split(r"[,/;]", record.get("crew", "")) if c.strip()]
    return Event(
        id=record.get("id") or event_id(title, iso(start)),
        title=title,
        start=iso(start),
        end=iso(end),
        place=record.get("place", ""),
        colonia=record.get("colonia", ""),
        area=record.get("area", ""),
        priority=parse_priority(record.get("priority")),
        coverage=coverage,
        crew=crew,
        notes=record.get("notes", ""),
        source=source,
    )
