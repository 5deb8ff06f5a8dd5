"""Issue #3, importing agendas: iCalendar (.ics) and spreadsheet CSV files, and re-imports."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest

import main
from media.agenda import Agenda, Event, event_id, parse_priority
from media.agenda_csv import parse_date, parse_time, read_csv
from media.agenda_ics import read_ics
from media.agenda_import import import_agenda

TZ = "America/Mexico_City"
MX = timedelta(hours=-6)  # Mexico City has had no daylight saving time since 2022
DOMAIN = "iztacalco.cdmx.gob.mx"

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/Mexico_City
X-LIC-LOCATION:America/Mexico_City
BEGIN:STANDARD
TZOFFSETFROM:-0600
TZOFFSETTO:-0600
TZNAME:CST
DTSTART:19700101T000000
END:STANDARD
END:VTIMEZONE
"""

BECAS = f"""BEGIN:VEVENT
UID:becas-0115@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART;TZID=America/Mexico_City:20260115T100000
DTEND;TZID=America/Mexico_City:20260115T120000
SUMMARY:Entrega de becas a niñas y niños de Pantitlán
LOCATION:Deportivo Leandro Valle\\, col. Agrícola Oriental
ORGANIZER:mailto:desarrollo.social@{DOMAIN}
DESCRIPTION:Cobertura: foto y video\\; la alcaldesa da mensaje.
PRIORITY:1
END:VEVENT
"""

VECINOS_UTC = f"""BEGIN:VEVENT
UID:vecinos-0115@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART:20260115T170000Z
DTEND:20260115T183000Z
SUMMARY:Reunión con vecinos de Santa Anita
PRIORITY:5
END:VEVENT
"""

BOGOTA = f"""BEGIN:VEVENT
UID:hermanamiento@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART;TZID=America/Bogota:20260115T150000
DTEND;TZID=America/Bogota:20260115T160000
SUMMARY:Videollamada de hermanamiento con Bogotá
END:VEVENT
"""


def weekly(exdates: tuple[str, ...] = ("20260126T090000",), moved: bool = True) -> str:
    """Mondays 09:00 from 12 Jan 2026, COUNT=5; 26 Jan excluded; 19 Jan moved to 11:30."""
    text = f"""BEGIN:VEVENT
UID:audiencia@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART;TZID=America/Mexico_City:20260112T090000
DTEND;TZID=America/Mexico_City:20260112T100000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5
"""
    for ex in exdates:
        text += f"EXDATE;TZID=America/Mexico_City:{ex}\n"
    text += """SUMMARY:Audiencia pública de los lunes
LOCATION:Explanada de la alcaldía
PRIORITY:3
END:VEVENT
"""
    if moved:
        text += f"""BEGIN:VEVENT
UID:audiencia@{DOMAIN}
DTSTAMP:20260105T120000Z
RECURRENCE-ID;TZID=America/Mexico_City:20260119T090000
DTSTART;TZID=America/Mexico_City:20260119T113000
DTEND;TZID=America/Mexico_City:20260119T123000
SUMMARY:Audiencia pública de los lunes
LOCATION:Salón de cabildos
PRIORITY:3
END:VEVENT
"""
    return text


FERIA = f"""BEGIN:VEVENT
UID:feria-empleo@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART;VALUE=DATE:20260116
DTEND;VALUE=DATE:20260117
SUMMARY:Feria del Empleo Iztacalco 2026
PRIORITY:9
END:VEVENT
"""

CANCELADO = f"""BEGIN:VEVENT
UID:recorrido-viga@{DOMAIN}
DTSTAMP:20260105T120000Z
DTSTART;TZID=America/Mexico_City:20260115T160000
DTEND;TZID=America/Mexico_City:20260115T170000
STATUS:CANCELLED
SUMMARY:Recorrido por la Calzada de la Viga
PRIORITY:1
END:VEVENT
"""


def ics(*events: str) -> bytes:
    """A calendar as Google or Outlook export it: CRLF lines, VTIMEZONE, UTF-8."""
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Alcaldía Iztacalco//Agenda//ES\n"
        "CALSCALE:GREGORIAN\n" + VTIMEZONE + "".join(events) + "END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode("utf-8")


BECAS_TITLE = "Entrega de becas a niñas y niños de Pantitlán"
FULL = (BECAS, VECINOS_UTC, BOGOTA, weekly(), FERIA, CANCELADO)


def by_title(events: list[Event], title: str) -> list[Event]:
    return sorted((e for e in events if e.title == title), key=lambda e: e.start)


@pytest.fixture
def agenda_ics() -> tuple[list[Event], list[tuple[int, str]]]:
    return read_ics(ics(*FULL), "agenda-enero.ics", TZ)


# --- iCalendar -------------------------------------------------------------------------


def test_ics_times_are_converted_to_mexico_city(agenda_ics) -> None:
    events, problems = agenda_ics
    assert problems == []
    [becas] = by_title(events, BECAS_TITLE)
    assert (becas.start, becas.end) == ("2026-01-15T10:00:00-06:00", "2026-01-15T12:00:00-06:00")
    # 17:00 UTC is 11:00 in Mexico City (UTC-6 all year since 2022).
    [vecinos] = by_title(events, "Reunión con vecinos de Santa Anita")
    assert (vecinos.start, vecinos.end) == (
        "2026-01-15T11:00:00-06:00",
        "2026-01-15T12:30:00-06:00",
    )
    assert vecinos.start_dt.utcoffset() == MX
    # 15:00 in Bogotá (UTC-5) is 14:00 in Mexico City.
    [bogota] = by_title(events, "Videollamada de hermanamiento con Bogotá")
    assert bogota.start == "2026-01-15T14:00:00-06:00"


def test_ics_accents_place_colonia_area_and_notes(agenda_ics) -> None:
    events, _ = agenda_ics
    [becas] = by_title(events, BECAS_TITLE)
    assert becas.place == "Deportivo Leandro Valle"
    assert becas.colonia == "Agrícola Oriental"
    assert becas.area == f"desarrollo.social@{DOMAIN}"
    assert becas.notes == "Cobertura: foto y video; la alcaldesa da mensaje."
    assert becas.all_day is False and becas.cancelled is False
    assert becas.source == "agenda-enero.ics"


def test_ics_weekly_series_is_expanded_into_events_with_their_own_ids(agenda_ics) -> None:
    events, _ = agenda_ics
    series = by_title(events, "Audiencia pública de los lunes")
    # COUNT=5 Mondays from 12 Jan, minus the EXDATE of 26 Jan.
    assert [e.start_dt.date() for e in series] == [
        date(2026, 1, 12),
        date(2026, 1, 19),
        date(2026, 2, 2),
        date(2026, 2, 9),
    ]
    assert len({e.id for e in series}) == 4
    assert all(e.uid.startswith(f"audiencia@{DOMAIN}/") for e in series)
    assert all(e.priority == 4 for e in series)  # iCalendar PRIORITY:3
    assert series[0].start == "2026-01-12T09:00:00-06:00"
    assert series[2].start == "2026-02-02T09:00:00-06:00"
    assert series[2].place == "Explanada de la alcaldía"


def test_ics_moved_occurrence_keeps_its_id(agenda_ics) -> None:
    events, _ = agenda_ics
    moved = by_title(events, "Audiencia pública de los lunes")[1]
    assert (moved.start, moved.end) == ("2026-01-19T11:30:00-06:00", "2026-01-19T12:30:00-06:00")
    assert moved.place == "Salón de cabildos"
    # The same occurrence before it was moved (no RECURRENCE-ID override) has the same id.
    plain, _ = read_ics(ics(weekly(moved=False)), "agenda-enero.ics", TZ)
    [before] = [e for e in plain if e.start_dt.date() == date(2026, 1, 19)]
    assert before.start == "2026-01-19T09:00:00-06:00"
    assert before.id == moved.id


def test_ics_all_day_event(agenda_ics) -> None:
    events, _ = agenda_ics
    [feria] = by_title(events, "Feria del Empleo Iztacalco 2026")
    assert feria.all_day is True
    assert (feria.start, feria.end) == ("2026-01-16T00:00:00-06:00", "2026-01-17T00:00:00-06:00")
    assert feria.day(TZ) == date(2026, 1, 16)


@pytest.mark.parametrize(
    ("ics_priority", "expected"),
    [("1", 5), ("2", 5), ("3", 4), ("4", 4), ("5", 3), ("6", 2), ("7", 2), ("8", 1), ("9", 1)]
    + [("0", 3), (None, 3), ("alta", 3)],
)
def test_ics_priority_maps_to_the_press_scale(ics_priority: str | None, expected: int) -> None:
    line = f"PRIORITY:{ics_priority}\n" if ics_priority is not None else ""
    vevent = (
        "BEGIN:VEVENT\nUID:p@x\nDTSTART:20260115T100000Z\nDTEND:20260115T110000Z\n"
        f"SUMMARY:Prioridad\n{line}END:VEVENT\n"
    )
    data = ics(vevent)
    events, problems = read_ics(data, "p.ics", TZ)
    assert [e.priority for e in events] == [expected]
    if ics_priority == "alta":  # not a number: reported by line, the event still imported
        line = data.split(b"\r\n").index(b"BEGIN:VEVENT") + 1
        assert problems == [(line, "«Prioridad»: prioridad no reconocida, se usa 3")]
    else:
        assert problems == []


def test_ics_cancelled_event_is_kept_but_not_active(tmp_path: Path, library: Path) -> None:
    path = tmp_path / "agenda.ics"
    path.write_bytes(ics(*FULL))
    result = import_agenda(str(path), str(library))
    agenda = Agenda(str(library))
    [cancelled] = by_title(list(agenda.events.values()), "Recorrido por la Calzada de la Viga")
    assert cancelled.cancelled is True
    assert cancelled.id in result.added
    assert cancelled.id not in {e.id for e in agenda.active()}
    assert cancelled.id not in {e.id for e in agenda.on_day(date(2026, 1, 15))}


def test_ics_broken_file_is_a_problem_not_a_crash(tmp_path: Path, library: Path) -> None:
    path = tmp_path / "roto.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nesto no es un calendario\r\n\xff\xfe")
    result = import_agenda(str(path), str(library))
    assert result.added == [] and len(result.problems) == 1
    line, reason = result.problems[0]
    assert line == 0 and "iCalendar" in reason
    assert Agenda(str(library)).events == {}


def test_ics_bad_events_are_reported_by_line_and_the_good_ones_imported() -> None:
    no_start = "BEGIN:VEVENT\nUID:a@x\nSUMMARY:Sin hora de inicio\nEND:VEVENT\n"
    backwards = (
        "BEGIN:VEVENT\nUID:b@x\nDTSTART:20260115T180000Z\nDTEND:20260115T170000Z\n"
        "SUMMARY:Al revés\nEND:VEVENT\n"
    )
    garbled = "BEGIN:VEVENT\nUID:c@x\nDTSTART:2026011XT100000\nSUMMARY:Fecha rota\nEND:VEVENT\n"
    bad_rule = (
        "BEGIN:VEVENT\nUID:d@x\nDTSTART:20260115T100000Z\nRRULE:FREQ=A_VECES\n"
        "SUMMARY:Regla rota\nEND:VEVENT\n"
    )
    data = ics(BECAS, no_start, backwards, garbled, bad_rule)
    events, problems = read_ics(data, "mixto.ics", TZ)
    assert [e.title for e in events] == ["Entrega de becas a niñas y niños de Pantitlán"]
    lines = data.decode().split("\r\n")
    starts = [n for n, text in enumerate(lines, start=1) if text == "BEGIN:VEVENT"]
    by_line = dict(problems)
    assert sorted(by_line) == starts[1:]
    assert "Sin hora de inicio" in by_line[starts[1]] and "inicio" in by_line[starts[1]]
    assert "antes de empezar" in by_line[starts[2]]
    assert "Fecha rota" in by_line[starts[3]]
    assert "Regla rota" in by_line[starts[4]] and "repeticiones" in by_line[starts[4]]


def test_ics_reimport_updates_by_uid_and_cancels_removed_occurrences(
    tmp_path: Path, library: Path
) -> None:
    path = tmp_path / "agenda-enero.ics"
    path.write_bytes(ics(*FULL))
    first = import_agenda(str(path), str(library))
    before = Agenda(str(library))
    [becas] = by_title(list(before.events.values()), BECAS_TITLE)
    series = by_title(list(before.events.values()), "Audiencia pública de los lunes")
    assert len(first.added) == len(before.events) == 9 and first.problems == []

    # The same file again: nothing new, nothing changed.
    again = import_agenda(str(path), str(library))
    assert again.added == [] and again.updated == [] and len(again.unchanged) == 9

    # The agenda changes: the becas move to 11:00 with a new title; 2 Feb is dropped.
    changed = BECAS.replace("20260115T100000", "20260115T110000").replace(
        "20260115T120000", "20260115T130000"
    )
    changed = changed.replace("SUMMARY:Entrega de becas", "SUMMARY:Entrega de becas (cambio)")
    series_text = weekly(exdates=("20260126T090000", "20260202T090000"))
    path.write_bytes(ics(changed, VECINOS_UTC, BOGOTA, series_text, FERIA, CANCELADO))
    result = import_agenda(str(path), str(library))
    after = Agenda(str(library))
    assert result.added == []
    assert result.updated == [becas.id]
    assert result.cancelled == [series[2].id]
    assert len(after.events) == 9  # updated in place, not duplicated
    moved = after.events[becas.id]
    assert moved.title == "Entrega de becas (cambio) a niñas y niños de Pantitlán"
    assert (moved.start, moved.end) == ("2026-01-15T11:00:00-06:00", "2026-01-15T13:00:00-06:00")
    assert after.events[series[2].id].cancelled is True
    active = {e.id for e in after.active()}
    assert series[2].id not in active and {series[0].id, series[1].id, series[3].id} <= active


def test_cli_import_ics_prints_json_and_exits_by_problems(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "agenda.ics"
    good.write_bytes(ics(*FULL))
    assert main.main(["agenda", "import", str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["added"]) == 9 and out["problems"] == []

    bad = tmp_path / "mixto.ics"
    data = ics("BEGIN:VEVENT\nUID:z@x\nSUMMARY:Sin inicio\nEND:VEVENT\n", FERIA)
    bad.write_bytes(data)
    assert main.main(["agenda", "import", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    feria = [e for e in Agenda(str(library)).events.values() if e.title.startswith("Feria")]
    assert out["added"] == [] and out["updated"] == [feria[0].id]  # now from mixto.ics
    assert feria[0].source == "mixto.ics"
    line = data.split(b"\r\n").index(b"BEGIN:VEVENT") + 1
    assert [p["line"] for p in out["problems"]] == [line]

    other = tmp_path / "agenda.xlsx"
    other.write_bytes(b"PK\x03\x04")
    assert main.main(["agenda", "import", str(other)]) == 2
    assert main.main(["agenda", "import", str(tmp_path / "no-existe.ics")]) == 2


# --- CSV -------------------------------------------------------------------------------

HEADER = "título;fecha;inicio;fin;lugar;área;prioridad"


def test_csv_semicolons_utf8_bom_and_12_hour_times(tmp_path: Path, library: Path) -> None:
    rows = [
        HEADER,
        "Entrega de becas a niñas y niños;15/01/2026;10:00 a. m.;12:00 p. m.;"
        "Deportivo Leandro Valle;Desarrollo Social;alta",
        "Jornada de salud en Pantitlán;2026-01-15;4:30 p.m.;6:00 p.m.;"
        "Explanada de la alcaldía;Salud;4",
    ]
    path = tmp_path / "agenda.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    result = import_agenda(str(path), str(library))
    assert result.problems == [] and len(result.added) == 2
    events = Agenda(str(library)).active()
    assert [(e.title, e.start, e.end, e.place, e.area, e.priority) for e in events] == [
        (
            "Entrega de becas a niñas y niños",
            "2026-01-15T10:00:00-06:00",
            "2026-01-15T12:00:00-06:00",  # 12:00 p. m. is noon
            "Deportivo Leandro Valle",
            "Desarrollo Social",
            5,
        ),
        (
            "Jornada de salud en Pantitlán",
            "2026-01-15T16:30:00-06:00",
            "2026-01-15T18:00:00-06:00",
            "Explanada de la alcaldía",
            "Salud",
            4,
        ),
    ]
    assert all(e.id == event_id(e.title, e.start) for e in events)


def test_csv_commas_latin1_from_a_spreadsheet(tmp_path: Path, library: Path) -> None:
    text = (
        "Título,Fecha,Hora de inicio,Hora de término,Lugar,Colonia,Área solicitante,"
        "Prioridad,Cobertura,Equipo,Observaciones\r\n"
        'Campaña de vacunación,15/01/2026,9:00,11:00,"Centro de Salud, planta baja",'
        'Agrícola Pantitlán,Salud,media,"foto, video",Ana Núñez / Luis Peña,Llevar credencial\r\n'
        "Reunión con la Asociación de Charros,2026-01-15,18:00,19:30,Lienzo charro,"
        "Santa Anita,Cultura,baja,foto,Ana Núñez,\r\n"
    )
    path = tmp_path / "agenda-excel.csv"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = import_agenda(str(path), str(library))
    assert result.problems == []
    first, second = Agenda(str(library)).active()
    assert first.title == "Campaña de vacunación"
    assert (first.start, first.end) == ("2026-01-15T09:00:00-06:00", "2026-01-15T11:00:00-06:00")
    assert first.place == "Centro de Salud, planta baja"
    assert first.colonia == "Agrícola Pantitlán"
    assert first.area == "Salud" and first.priority == 3
    assert first.coverage == ["foto", "video"]
    assert first.crew == ["Ana Núñez", "Luis Peña"]
    assert first.notes == "Llevar credencial"
    assert second.title == "Reunión con la Asociación de Charros" and second.priority == 1
    assert second.start == "2026-01-15T18:00:00-06:00"


def test_csv_old_mac_line_endings_and_tabs() -> None:
    mac = "título;fecha;inicio\rUno;15/01/2026;10:00\rDos;16/01/2026;11:00\r".encode("cp1252")
    events, problems = read_csv(mac, "mac.csv", TZ)
    assert problems == [] and [e.title for e in events] == ["Uno", "Dos"]
    tabs = "título\tfecha\tinicio\nTres\t17/01/2026\t12:00\n".encode()
    events, problems = read_csv(tabs, "tabs.tsv", TZ)
    assert problems == [] and [e.start for e in events] == ["2026-01-17T12:00:00-06:00"]


def test_csv_rows_with_extra_cells_keep_the_delimiter() -> None:
    # Spreadsheets leave trailing separators on some rows; titles may hold commas.
    text = (
        "título;fecha;inicio;fin\n"
        "Reunión con vecinos, comerciantes y líderes;15/01/2026;10:00;11:00;;;\n"
        "Recorrido;15/01/2026;12:00;13:00\n"
    )
    events, problems = read_csv(text.encode(), "agenda.csv", TZ)
    assert problems == []
    assert [e.title for e in events] == ["Reunión con vecinos, comerciantes y líderes", "Recorrido"]
    assert events[0].end == "2026-01-15T11:00:00-06:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10, 0)),
        ("10:00 a. m.", time(10, 0)),
        ("10:00 a.m.", time(10, 0)),
        ("4:30 p.m.", time(16, 30)),
        ("4:30 p. m.", time(16, 30)),
        ("12:00 p. m.", time(12, 0)),
        ("12:30 a. m.", time(0, 30)),
        ("16 h", time(16, 0)),
        ("09:15:30", time(9, 15, 30)),
        ("10:00\u00a0a.\u00a0m.", time(10, 0)),  # spreadsheets put non-breaking spaces
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "10:75", "mediodía", ""])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


def test_parse_date_and_priority() -> None:
    assert parse_date("15/01/2026") == parse_date("2026-01-15") == date(2026, 1, 15)
    for bad in ("31/02/2026", "2026-13-01", "mañana"):
        with pytest.raises(ValueError):
            parse_date(bad)
    assert [parse_priority(v) for v in ("alta", "Media", " BAJA ", "1", "5", "4.0", "")] == [
        5,
        3,
        1,
        1,
        5,
        4,
        3,
    ]
    assert parse_priority(None, default=2) == 2
    for bad in ("0", "6", "urgentísima"):
        with pytest.raises(ValueError):
            parse_priority(bad)


def test_csv_bad_rows_are_reported_by_line_and_good_rows_imported() -> None:
    rows = [
        HEADER,
        "Bueno uno;15/01/2026;10:00;11:00;Plaza;Gobierno;3",
        "Sin inicio;15/01/2026;;11:00;Plaza;Gobierno;3",
        "Al revés;15/01/2026;12:00;11:00;Plaza;Gobierno;3",
        "Fecha mala;31/02/2026;10:00;11:00;Plaza;Gobierno;3",
        "",
        "Hora mala;15/01/2026;25:00;;Plaza;Gobierno;3",
        "Prioridad mala;15/01/2026;10:00;;Plaza;Gobierno;urgentísima",
        ";15/01/2026;10:00;11:00;Plaza;Gobierno;3",
        "Bueno dos;16/01/2026;9:00;10:00;Plaza;Gobierno;2",
    ]
    events, problems = read_csv("\n".join(rows).encode(), "agenda.csv", TZ)
    assert [e.title for e in events] == ["Bueno uno", "Bueno dos"]
    reasons = dict(problems)
    assert sorted(reasons) == [3, 4, 5, 7, 8, 9]
    assert "inicio" in reasons[3]
    assert "antes de empezar" in reasons[4]
    assert "fecha" in reasons[5] and "31/02/2026" in reasons[5]
    assert "hora" in reasons[7]
    assert "prioridad" in reasons[8]
    assert "título" in reasons[9]


def test_csv_unknown_columns_are_reported_and_the_rest_imports() -> None:
    text = "título;fecha;inicio;color;responsable de prensa\nUno;15/01/2026;10:00;rojo;Ana\n"
    events, problems = read_csv(text.encode(), "agenda.csv", TZ)
    assert [e.title for e in events] == ["Uno"]
    assert len(problems) == 1
    line, reason = problems[0]
    assert line == 1 and "color" in reason and "responsable de prensa" in reason


def test_csv_missing_required_columns_rejects_the_file(tmp_path: Path, library: Path) -> None:
    path = tmp_path / "sin-hora.csv"
    path.write_text("título;fecha;lugar\nUno;15/01/2026;Plaza\n", encoding="utf-8")
    result = import_agenda(str(path), str(library))
    assert result.added == []
    assert result.problems == [(1, "faltan columnas: inicio")]
    assert Agenda(str(library)).events == {}


def test_csv_broken_encoding_is_reported_by_line() -> None:
    # Rows pasted from a Latin-1 file into a UTF-8 one; and a byte that means nothing.
    data = (
        "título;fecha;inicio\nReunión en Pantitlán;15/01/2026;10:00\n".encode()
        + "Año de la niñez;15/01/2026;11:00\n".encode("cp1252")
        + "Campaña de limpieza;15/01/2026;12:00\n".encode()
    )
    events, problems = read_csv(data, "mixto.csv", TZ)
    assert [e.title for e in events] == ["Reunión en Pantitlán", "Campaña de limpieza"]
    assert [line for line, _ in problems] == [3]
    assert "codificación" in problems[0][1]

    latin1 = b"t\xedtulo;fecha;inicio\nBien;15/01/2026;10:00\nMal \x81;15/01/2026;11:00\n"
    events, problems = read_csv(latin1, "latin1.csv", TZ)
    assert [e.title for e in events] == ["Bien"]
    assert [line for line, _ in problems] == [3]


def test_csv_reimport_updates_by_title_and_start(tmp_path: Path, library: Path) -> None:
    path = tmp_path / "agenda.csv"
    path.write_text(
        HEADER + "\nEntrega de becas;15/01/2026;10:00;12:00;Deportivo;Desarrollo Social;media\n",
        encoding="utf-8",
    )
    first = import_agenda(str(path), str(library))
    [becas_id] = first.added
    path.write_text(
        HEADER + "\nEntrega de becas;15/01/2026;10:00;12:30;Explanada de la alcaldía;"
        "Desarrollo Social;alta\nJornada de salud;15/01/2026;16:00;18:00;Mercado;Salud;4\n",
        encoding="utf-8",
    )
    second = import_agenda(str(path), str(library))
    assert second.updated == [becas_id]
    assert len(second.added) == 1
    agenda = Agenda(str(library))
    assert len(agenda.events) == 2
    becas = agenda.events[becas_id]
    assert (becas.place, becas.priority, becas.end) == (
        "Explanada de la alcaldía",
        5,
        "2026-01-15T12:30:00-06:00",
    )
