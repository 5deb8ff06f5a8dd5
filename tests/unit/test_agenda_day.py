"""One day of the agenda for the app's agenda panel: ranked by priority, with what is ingested."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from media.agenda import Agenda, Event
from media.agenda_day import day_agenda
from media.agenda_import import import_agenda
from media.catalog import upsert_items
from media.library import event_folder
from media.models import Cancelled, CancelToken

# The CSV says priority with words and numbers; the ICS with iCalendar PRIORITY (1 highest).
AGENDA_CSV = "\n".join(
    [
        "título;fecha;inicio;fin;lugar;prioridad",
        "Reunión de gabinete;15/01/2026;8:00;9:00;Sala de juntas;baja",
        "Entrega de becas;15/01/2026;10:00;12:00;Deportivo Leandro Valle;alta",
        "Taller de reciclaje;15/01/2026;13:00;14:00;Casa de cultura;media",
        "Feria del empleo;16/01/2026;10:00;14:00;Explanada;5",
    ]
)
AGENDA_ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//prueba//ES",
        "BEGIN:VEVENT",
        "UID:mercado@iztacalco",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=America/Mexico_City:20260115T073000",
        "DTEND;TZID=America/Mexico_City:20260115T083000",
        "SUMMARY:Inauguración del mercado",
        "LOCATION:Mercado Pantitlán",
        "PRIORITY:1",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def _item(n: int, kind: str, event: str) -> dict[str, object]:
    return {
        "id": f"i{n}",
        "kind": kind,
        "event": event,
        "hash": f"{n:032x}",
        "folder_path": f"FOTO/{n}.jpg",
    }


@pytest.fixture
def agenda_library(tmp_path: Path, library: Path) -> Path:
    for name, text in (("agenda.csv", AGENDA_CSV), ("agenda.ics", AGENDA_ICS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert import_agenda(str(path), str(library)).problems == []
    agenda = Agenda(str(library))
    agenda.events["x"] = Event(
        "x", "Evento cancelado", "2026-01-15T09:00:00-06:00", "2026-01-15T10:00:00-06:00",
        priority=5, cancelled=True,
    )  # fmt: skip
    agenda.save()
    return library


def _id(library: Path, title: str) -> str:
    return next(e.id for e in Agenda(str(library)).events.values() if e.title == title)


def test_the_day_is_ranked_by_priority_then_time(agenda_library: Path) -> None:
    entries = day_agenda(str(agenda_library), date(2026, 1, 15))
    assert [(e.event.title, e.event.priority) for e in entries] == [
        ("Inauguración del mercado", 5),  # ICS PRIORITY:1, at 7:30
        ("Entrega de becas", 5),  # "alta", at 10:00
        ("Taller de reciclaje", 3),
        ("Reunión de gabinete", 1),
    ]  # the cancelled event is left out, the 16th's too
    assert all(e.files == 0 and e.folder is None for e in entries)
    assert day_agenda(str(agenda_library), date(2026, 1, 17)) == []


def test_files_already_ingested_are_counted_with_their_folder(agenda_library: Path) -> None:
    lib = str(agenda_library)
    becas, taller = (
        _id(agenda_library, "Entrega de becas"),
        _id(agenda_library, "Taller de reciclaje"),
    )
    main = agenda_library / event_folder(date(2026, 1, 15), "Entrega de becas")
    other = agenda_library / event_folder(date(2026, 1, 15), "Entrega de becas (2)")
    upsert_items(str(main), [_item(1, "photo", becas), _item(2, "photo", becas),
                             _item(3, "video", becas), _item(4, "audio", taller)])  # fmt: skip
    upsert_items(str(other), [_item(5, "photo", becas)])
    later = agenda_library / event_folder(date(2026, 1, 16), "Feria del empleo")
    upsert_items(str(later), [_item(6, "photo", becas)])  # another day's folder is not read
    entries = {e.event.title: e for e in day_agenda(lib, date(2026, 1, 15))}
    got = entries["Entrega de becas"]
    assert (got.photos, got.videos, got.audios, got.files) == (3, 1, 0, 4)
    assert got.folders == (str(main), str(other)) and got.folder == str(main)
    assert entries["Taller de reciclaje"].audios == 1
    assert entries["Reunión de gabinete"].folder is None


def test_cancel_stops_between_folders(agenda_library: Path) -> None:
    folder = agenda_library / event_folder(date(2026, 1, 15), "Entrega de becas")
    upsert_items(str(folder), [_item(1, "photo", _id(agenda_library, "Entrega de becas"))])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        day_agenda(str(agenda_library), date(2026, 1, 15), cancel=token)
