"""Issue #3, matching files to events: windows, overlaps, all-day events, and through ingest."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

import main
from media.agenda import Agenda, Event
from media.agenda_import import import_agenda
from media.catalog import read_items
from media.ingest import IngestOptions, ingest
from media.library import event_folders
from media.matching import match_event
from media.models import ProblemType
from media.verify import verify_library

TZ = "America/Mexico_City"


def ev(
    eid: str,
    start: str,
    end: str,
    priority: int = 3,
    all_day: bool = False,
    cancelled: bool = False,
) -> Event:
    """An event on 15 January 2026 ('HH:MM'), or at full ISO times."""
    return Event(
        eid,
        eid,
        f"2026-01-15T{start}:00-06:00" if len(start) == 5 else start,
        f"2026-01-15T{end}:00-06:00" if len(end) == 5 else end,
        all_day=all_day,
        priority=priority,
        cancelled=cancelled,
    )


def at(hhmm: str, day: int = 15) -> datetime:
    """A camera wall time (no offset) on January ``day``, 2026."""
    return datetime.fromisoformat(f"2026-01-{day:02d}T{hhmm}")


# --- match_event -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "matches"),
    [
        ("09:29", False),  # 31 min before the start
        ("09:30", True),  # the window opens 30 min before
        ("09:31", True),  # 29 min before
        ("10:30", True),
        ("11:59", True),  # 59 min after the end
        ("12:00", True),
        ("12:01", False),  # 61 min after the end
    ],
)
def test_window_margins(when: str, matches: bool) -> None:
    event = ev("becas", "10:00", "11:00")
    found = match_event(at(when), [event], tz=TZ)
    assert (found.event is event) is matches
    assert found.ambiguous is False


def test_margins_can_be_set() -> None:
    event = ev("becas", "10:00", "11:00")
    narrow = {"before": timedelta(minutes=10), "after": timedelta(minutes=5)}
    assert match_event(at("09:45"), [event], tz=TZ, **narrow).event is None
    assert match_event(at("09:51"), [event], tz=TZ, **narrow).event is event
    assert match_event(at("11:06"), [event], tz=TZ, **narrow).event is None
    wide = {"before": timedelta(hours=2), "after": timedelta(hours=3)}
    assert match_event(at("08:01"), [event], tz=TZ, **wide).event is event
    assert match_event(at("13:59"), [event], tz=TZ, **wide).event is event


def test_a_time_with_an_offset_is_an_instant() -> None:
    event = ev("becas", "10:00", "11:00")
    assert match_event(datetime(2026, 1, 15, 16, 5, tzinfo=UTC), [event], tz=TZ).event is event
    # The same wall time read as UTC is 04:05 in Mexico City: no match.
    assert match_event(datetime(2026, 1, 15, 10, 5, tzinfo=UTC), [event], tz=TZ).event is None


def test_overlapping_windows_the_nearer_event_wins_and_it_is_ambiguous() -> None:
    first = ev("becas", "10:00", "11:00", priority=2)
    second = ev("mercado", "11:30", "12:30", priority=5)
    events = [second, first]
    found = match_event(at("11:10"), events, tz=TZ)  # 10 min after one, 20 before the other
    assert found.event is first and found.ambiguous and found.others == ("mercado",)
    found = match_event(at("11:25"), events, tz=TZ)  # 25 min after, 5 min before
    assert found.event is second and found.ambiguous and found.others == ("becas",)
    found = match_event(at("10:20"), events, tz=TZ)  # only the first window holds it
    assert found.event is first and not found.ambiguous and found.others == ()


def test_a_tie_goes_to_the_higher_priority() -> None:
    low = ev("taller", "10:00", "12:00", priority=2)
    high = ev("inauguracion", "11:00", "13:00", priority=5)
    found = match_event(at("11:30"), [low, high], tz=TZ)  # inside both
    assert found.event is high and found.ambiguous and found.others == ("taller",)
    found = match_event(at("11:30"), [high, low], tz=TZ)
    assert found.event is high


def test_all_day_event_takes_what_no_timed_event_takes() -> None:
    becas = ev("becas", "10:00", "11:00")
    feria = ev("feria", "2026-01-15T00:00:00-06:00", "2026-01-16T00:00:00-06:00", all_day=True)
    events = [feria, becas]
    assert match_event(at("10:15"), events, tz=TZ).event is becas
    found = match_event(at("17:00"), events, tz=TZ)
    assert found.event is feria and not found.ambiguous
    assert match_event(at("00:00"), events, tz=TZ).event is feria
    assert match_event(at("23:59"), events, tz=TZ).event is feria
    assert match_event(at("10:00", day=16), events, tz=TZ).event is None
    assert match_event(at("23:59", day=14), events, tz=TZ).event is None


def test_cancelled_events_and_empty_agendas_take_nothing() -> None:
    cancelled = ev("recorrido", "10:00", "11:00", cancelled=True)
    assert match_event(at("10:30"), [cancelled], tz=TZ).event is None
    assert match_event(at("10:30"), [], tz=TZ).event is None


# --- through ingest ----------------------------------------------------------------------


def photo(
    folder: Path,
    name: str,
    when: str,
    model: str = "Canon EOS R6",
    make: str = "Canon",
    serial: str | None = "012345",
) -> Path:
    """A small JPEG with EXIF DateTimeOriginal (camera wall time), make, model and serial."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = sum(map(ord, name + when + model))
    img = Image.new("RGB", (32, 24), (seed % 256, seed * 7 % 256, seed * 13 % 256))
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when.replace("-", ":", 2).replace("T", " ")
    if serial:
        sub[0xA431] = serial
    path = folder / name
    img.save(path, exif=exif.tobytes())
    return path


def items_by_name(library: Path) -> dict[str, dict]:
    return {
        item["original_name"]: item
        for folder in event_folders(str(library))
        for item in read_items(folder)
    }


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("título;fecha;inicio;fin;lugar;prioridad\n" + "\n".join(rows) + "\n")
    return path


def test_ingest_puts_sample_photos_in_the_nearer_event_and_reports_ambiguity(
    tmp_path: Path, library: Path, samples: Path, truth: dict
) -> None:
    card = tmp_path / "card" / "DCIM" / "100NIKON"
    shutil.copytree(samples / "photos" / "burst", card)
    # The burst was shot 21:50:21-21:51:01: 10 min after the dinner, 19 min before the concert.
    write_csv(
        tmp_path / "agenda.csv",
        "Cena de gala de la Cámara de Comercio;01/03/2010;21:00;21:40;Salón Iztacalco;3",
        "Concierto en la explanada;01/03/2010;22:10;23:00;Explanada;5",
    )
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    agenda = {e.title: e for e in Agenda(str(library)).active()}
    cena = agenda["Cena de gala de la Cámara de Comercio"]
    concierto = agenda["Concierto en la explanada"]

    report = ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    assert report.count("copied") == 4 and report.count("failed") == 0
    for result in report.results:
        assert result.path.startswith("2010/2010-03-01 Cena de gala de la Cámara de Comercio/FOTO/")
        [problem] = result.problems
        assert problem.type is ProblemType.AMBIGUOUS_EVENT
        assert cena.id in problem.detail and concierto.id in problem.detail
    items = items_by_name(library)
    assert set(items) == {f"nikon_d70s_burst_{i}.jpg" for i in range(1, 5)}
    for name, item in items.items():
        assert item["event"] == cena.id and item["event_forced"] is False
        assert item["capture_time"] == truth[f"photos/burst/{name}"]["capture_time"]
        assert item["problems"] == ["ambiguous_event"]
    assert verify_library(str(library)).ok


def test_ingest_files_to_events_all_day_and_sin_evento(tmp_path: Path, library: Path) -> None:
    card = tmp_path / "card" / "DCIM" / "100CANON"
    photo(card, "IMG_0001.JPG", "2026-01-15T10:05:00")  # Entrega de becas
    photo(card, "IMG_0002.JPG", "2026-01-15T11:58:30")  # 58 min after the becas end
    photo(card, "IMG_0003.JPG", "2026-01-15T14:00:00")  # nothing: Sin evento
    photo(card, "IMG_0004.JPG", "2026-01-16T17:20:00")  # the all-day fair
    photo(card, "IMG_0005.JPG", "2026-01-16T10:45:00")  # a timed event inside the fair's day
    agenda = tmp_path / "agenda.csv"
    write_csv(
        agenda,
        "Entrega de becas a niñas y niños;15/01/2026;10:00;11:00;Deportivo;alta",
        "Inauguración del mercado de Pantitlán;16/01/2026;10:30;11:30;Mercado;5",
    )
    import_agenda(str(agenda), str(library))
    store = Agenda(str(library))
    store.events["feria"] = Event(
        "feria",
        "Feria del Empleo: Año 2026",
        "2026-01-16T00:00:00-06:00",
        "2026-01-17T00:00:00-06:00",
        all_day=True,
    )
    store.save()
    ids = {e.title: e.id for e in Agenda(str(library)).active()}

    report = ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    assert report.count("copied") == 5
    assert all(r.problems == [] for r in report.results)
    items = items_by_name(library)
    becas = "Entrega de becas a niñas y niños"
    mercado = "Inauguración del mercado de Pantitlán"
    feria = "Feria del Empleo: Año 2026"
    expected = {
        "IMG_0001.JPG": (f"2026/2026-01-15 {becas}", becas),
        "IMG_0002.JPG": (f"2026/2026-01-15 {becas}", becas),
        "IMG_0003.JPG": ("2026/2026-01-15 Sin evento", None),
        # ':' is not valid in a folder name on Windows or SMB shares.
        "IMG_0004.JPG": ("2026/2026-01-16 Feria del Empleo_ Año 2026", feria),
        "IMG_0005.JPG": (f"2026/2026-01-16 {mercado}", mercado),
    }
    for name, (folder, title) in expected.items():
        item = items[name]
        assert item["path"].startswith(folder + "/FOTO/"), (name, item["path"])
        assert (library / item["path"]).is_file()
        assert item["event"] == (ids[title] if title else None), name
    assert items["IMG_0001.JPG"]["capture_time_local"] == "2026-01-15T10:05:00"
    assert verify_library(str(library)).ok


def test_ingest_with_event_forces_the_event(tmp_path: Path, library: Path) -> None:
    card = tmp_path / "card"
    photo(card, "IMG_0100.JPG", "2026-01-15T18:40:00")  # long after the event
    photo(card, "IMG_0101.JPG", "2026-01-15T10:10:00")  # during another event
    write_csv(
        tmp_path / "agenda.csv",
        "Entrega de becas;15/01/2026;10:00;11:00;Deportivo;alta",
        "Jornada de salud;15/01/2026;16:00;17:00;Explanada;4",
    )
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    ids = {e.title: e.id for e in Agenda(str(library)).active()}

    report = ingest(
        [str(card)], IngestOptions(library=str(library), event_id=ids["Jornada de salud"])
    )
    assert report.count("copied") == 2
    for item in items_by_name(library).values():
        assert item["path"].startswith("2026/2026-01-15 Jornada de salud/FOTO/")
        assert item["event"] == ids["Jornada de salud"] and item["event_forced"] is True


def test_unknown_event_id_cannot_run(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2026-01-15T10:05:00")
    with pytest.raises(ValueError, match="no-existe"):
        ingest([str(card)], IngestOptions(library=str(library), event_id="no-existe"))
    assert main.main(["ingest", str(card), "--event", "no-existe"]) == 2
    assert "no-existe" in capsys.readouterr().err
    assert event_folders(str(library)) == []  # nothing was copied


def test_cli_ingest_with_event(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2026-01-15T20:00:00")
    write_csv(tmp_path / "agenda.csv", "Sesión de cabildo;15/01/2026;10:00;11:00;Sala;3")
    assert main.main(["agenda", "import", str(tmp_path / "agenda.csv")]) == 0
    [event] = Agenda(str(library)).active()
    assert main.main(["ingest", str(card), "--event", event.id, "--json"]) == 0
    capsys.readouterr()
    [item] = items_by_name(library).values()
    assert item["path"].startswith("2026/2026-01-15 Sesión de cabildo/FOTO/")
    assert item["event"] == event.id
    assert os.path.isfile(library / item["path"])


def test_margins_from_the_settings_apply_to_ingest_and_retag_alike(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from media.settings import Settings, save_settings

    save_settings(Settings(match_before_minutes=90, match_after_minutes=10))
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2026-01-15T08:45:00")  # 75 min before the start
    write_csv(tmp_path / "agenda.csv", "Entrega de becas;15/01/2026;10:00;11:00;Deportivo;alta")
    assert main.main(["agenda", "import", str(tmp_path / "agenda.csv")]) == 0
    assert main.main(["retag", "--dry-run"]) == 0  # the settings are readable
    assert main.main(["ingest", str(card)]) == 0
    capsys.readouterr()
    [item] = items_by_name(library).values()
    moved = main.main(["retag", "--json"]) == 0 and capsys.readouterr().out
    assert moved == ""  # retag agrees with ingest: nothing to move
    assert item["path"].startswith("2026/2026-01-15 Entrega de becas/FOTO/")
