"""Issue #3, the agenda: events stored in the library, `agenda list` and the media invitation.

Importing (.ics, .csv) is in test_agenda_import.py, matching files to events in
test_matching.py, camera clocks and retag in test_retag_clocks.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import main
from media import atomic
from media.agenda import Agenda, Event
from media.agenda_import import import_agenda
from media.invite import invitation, long_date, rank_for_press

ROOT = Path(__file__).resolve().parents[2]
TZ = "America/Mexico_City"

# The office's agenda for Thursday 15 and Friday 16 January 2026 (a CSV kept in a spreadsheet).
AGENDA_CSV = "\n".join(
    [
        "título;fecha;inicio;fin;lugar;colonia;área;prioridad;cobertura;equipo",
        "Jornada de salud;15/01/2026;4:30 p. m.;6:00 p. m.;Explanada de la alcaldía;"
        "Gabriel Ramos Millán;Salud;4;foto;Ana",
        "Entrega de becas a niñas y niños;15/01/2026;10:00 a. m.;12:00 p. m.;"
        "Deportivo Leandro Valle;Agrícola Oriental;Desarrollo Social;alta;foto, video;Ana / Luis",
        "Reunión interna de gabinete;15/01/2026;8:00;9:00;Sala de juntas;;Gobierno;baja;;",
        "Inauguración del mercado de Pantitlán;15/01/2026;12:30;13:30;Mercado Pantitlán;"
        "Pantitlán;Obras;5;foto, video, transmisión en vivo;Luis",
        "Taller de reciclaje;15/01/2026;13:00;14:00;Casa de cultura;Santa Anita;"
        "Medio Ambiente;media;foto;",
        "Feria del empleo;16/01/2026;10:00;14:00;Explanada de la alcaldía;;"
        "Desarrollo Económico;4;foto;Ana",
    ]
)


@pytest.fixture
def office_agenda(tmp_path: Path, library: Path) -> Agenda:
    """The library with the office's agenda imported, plus a cancelled high-priority event."""
    path = tmp_path / "agenda-enero.csv"
    path.write_bytes(AGENDA_CSV.encode("utf-8-sig"))
    result = import_agenda(str(path), str(library))
    assert result.problems == [] and len(result.added) == 6
    agenda = Agenda(str(library))
    agenda.events["cancelado1"] = Event(
        "cancelado1",
        "Recorrido cancelado",
        "2026-01-15T11:00:00-06:00",
        "2026-01-15T12:00:00-06:00",
        priority=5,
        cancelled=True,
    )
    agenda.save()
    return Agenda(str(library))


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- the store -------------------------------------------------------------------------


def test_events_have_every_field_of_the_issue(office_agenda: Agenda) -> None:
    [becas] = [e for e in office_agenda.active() if e.title.startswith("Entrega de becas")]
    record = becas.to_json()
    for key in (
        "id",
        "title",
        "start",
        "end",
        "place",
        "colonia",
        "area",
        "priority",
        "coverage",
        "crew",
        "notes",
    ):
        assert key in record, key
    assert (becas.place, becas.colonia, becas.area) == (
        "Deportivo Leandro Valle",
        "Agrícola Oriental",
        "Desarrollo Social",
    )
    assert becas.coverage == ["foto", "video"] and becas.crew == ["Ana", "Luis"]
    assert Event.from_json({**record, "unknown_future_field": 1}) == becas


def test_events_are_saved_atomically(
    office_agenda: Agenda, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = library / ".cobertura" / "events.json"
    saved = path.read_bytes()
    stored = json.loads(saved)
    assert set(stored) == set(office_agenda.events)
    # A crash at the rename leaves the previous file whole, and no temporary file behind.
    office_agenda.events["nuevo"] = Event(
        "nuevo", "Nuevo", "2026-01-17T10:00:00-06:00", "2026-01-17T11:00:00-06:00"
    )

    def crash(src: str, dst: str) -> None:
        raise OSError("se fue la luz")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError):
        office_agenda.save()
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert [n for n in os.listdir(path.parent) if n.startswith(atomic.TMP_PREFIX)] == []
    office_agenda.save()
    assert "nuevo" in json.loads(path.read_bytes())


def test_naive_times_in_the_store_are_library_wall_time(library: Path) -> None:
    state = library / ".cobertura"
    state.mkdir(parents=True)
    (state / "events.json").write_text(
        json.dumps({"a1": {"title": "Escrito a mano", "start": "2026-01-15T10:00:00"}}),
        encoding="utf-8",
    )
    [event] = Agenda(str(library)).active()
    assert (event.id, event.start, event.end) == (
        "a1",
        "2026-01-15T10:00:00-06:00",
        "2026-01-15T10:00:00-06:00",
    )


# --- agenda list -------------------------------------------------------------------------


def test_agenda_list_json_through_the_command_line(office_agenda: Agenda, library: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "agenda", "list", "--json", "--library", str(library)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    events = _lines(done.stdout)
    assert len(events) == 6  # the cancelled event is not listed
    for event in events:
        for key in ("id", "title", "start", "end", "place", "priority"):
            assert key in event, key
        start, end = datetime.fromisoformat(event["start"]), datetime.fromisoformat(event["end"])
        assert start.utcoffset() == end.utcoffset() == timedelta(hours=-6)
        assert start <= end
    starts = [datetime.fromisoformat(e["start"]) for e in events]
    assert starts == sorted(starts)
    assert [e["title"] for e in events][:3] == [
        "Reunión interna de gabinete",
        "Entrega de becas a niñas y niños",
        "Inauguración del mercado de Pantitlán",
    ]
    becas = events[1]
    assert (becas["start"], becas["end"], becas["place"], becas["priority"]) == (
        "2026-01-15T10:00:00-06:00",
        "2026-01-15T12:00:00-06:00",
        "Deportivo Leandro Valle",
        5,
    )
    assert "Recorrido cancelado" not in done.stdout


def test_agenda_list_day_filter_and_text(
    office_agenda: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["agenda", "list", "--day", "2026-01-16", "--json"]) == 0
    assert [e["title"] for e in _lines(capsys.readouterr().out)] == ["Feria del empleo"]

    assert main.main(["agenda", "list", "--day", "2026-01-15"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert len(text) == 5
    assert text[0].startswith("2026-01-15 08:00  P1  Reunión interna de gabinete")
    assert text[1].startswith("2026-01-15 10:00  P5  Entrega de becas a niñas y niños")

    assert main.main(["agenda", "list", "--day", "2026-01-20", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No hay eventos" in captured.err

    with pytest.raises(SystemExit) as exc:
        main.main(["agenda", "list", "--day", "15/01/2026"])
    assert exc.value.code == 2


def test_an_all_day_event_is_listed_on_its_day_only(library: Path) -> None:
    agenda = Agenda(str(library))
    agenda.events["feria"] = Event(
        "feria", "Feria", "2026-01-16T00:00:00-06:00", "2026-01-17T00:00:00-06:00", all_day=True
    )
    assert [e.id for e in agenda.on_day(date(2026, 1, 16))] == ["feria"]
    assert agenda.on_day(date(2026, 1, 15)) == [] and agenda.on_day(date(2026, 1, 17)) == []


# --- the media invitation ------------------------------------------------------------------


def test_invitation_through_the_command_line(
    office_agenda: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["agenda", "invite", "--day", "2026-01-15"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("INVITACIÓN A MEDIOS")
    assert "jueves 15 de enero de 2026" in text
    assert "medios de comunicación" in text
    # Priority >= 4 only, by priority then time.
    invited = [line for line in text.splitlines() if line.startswith("• ")]
    assert invited == [
        "• 10:00 h — Entrega de becas a niñas y niños",
        "• 12:30 h — Inauguración del mercado de Pantitlán",
        "• 16:30 h — Jornada de salud",
    ]
    assert "Lugar: Deportivo Leandro Valle, col. Agrícola Oriental" in text
    assert "Lugar: Mercado Pantitlán, col. Pantitlán" in text
    assert "Lugar: Explanada de la alcaldía, col. Gabriel Ramos Millán" in text
    for absent in ("Reunión interna", "Taller de reciclaje", "Recorrido cancelado", "Feria"):
        assert absent not in text
    assert text.index("Entrega de becas") < text.index("Inauguración") < text.index("Jornada")


def test_invitation_json_output_file_and_a_day_without_events(
    office_agenda: Agenda, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "invitacion.txt"
    args = ["agenda", "invite", "--day", "2026-01-15", "--json", "-o", str(out_file)]
    assert main.main(args) == 0
    record = json.loads(capsys.readouterr().out)
    titles = {e.id: e.title for e in office_agenda.active()}
    assert [titles[i] for i in record["events"]] == [
        "Entrega de becas a niñas y niños",
        "Inauguración del mercado de Pantitlán",
        "Jornada de salud",
    ]
    assert record["day"] == "2026-01-15"
    assert out_file.read_text(encoding="utf-8") == record["text"] + "\n"

    assert main.main(["agenda", "invite", "--day", "2026-01-15", "--min-priority", "5"]) == 0
    text = capsys.readouterr().out
    assert "Entrega de becas" in text and "Jornada de salud" not in text

    assert main.main(["agenda", "invite", "--day", "2026-01-18"]) == 0
    text = capsys.readouterr().out
    assert "No hay actividades para invitar a medios el domingo 18 de enero de 2026." in text
    assert "•" not in text


def test_invitation_all_day_event_and_ranking() -> None:
    events = [
        Event("a", "Tarde", "2026-01-16T17:00:00-06:00", "2026-01-16T18:00:00-06:00", priority=4),
        Event("b", "Mañana", "2026-01-16T09:00:00-06:00", "2026-01-16T10:00:00-06:00", priority=4),
        Event(
            "c",
            "Feria de la niñez",
            "2026-01-16T00:00:00-06:00",
            "2026-01-17T00:00:00-06:00",
            all_day=True,
            place="Explanada",
            priority=5,
        ),
        Event("d", "Baja", "2026-01-16T08:00:00-06:00", "2026-01-16T09:00:00-06:00", priority=3),
    ]
    assert [e.id for e in rank_for_press(events)] == ["c", "b", "a", "d"]
    text = invitation(events, date(2026, 1, 16), tz=TZ)
    assert "viernes 16 de enero de 2026" in text
    invited = [line for line in text.splitlines() if line.startswith("• ")]
    assert invited == [
        "• Todo el día — Feria de la niñez",
        "• 09:00 h — Mañana",
        "• 17:00 h — Tarde",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 15), "jueves 15 de enero de 2026"),
        (date(2026, 2, 4), "miércoles 4 de febrero de 2026"),
        (date(2026, 3, 21), "sábado 21 de marzo de 2026"),
        (date(2026, 9, 16), "miércoles 16 de septiembre de 2026"),
        (date(2026, 12, 27), "domingo 27 de diciembre de 2026"),
    ],
)
def test_long_date_in_spanish(day: date, expected: str) -> None:
    assert long_date(day) == expected
