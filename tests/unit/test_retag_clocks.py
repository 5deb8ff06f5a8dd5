"""Issue #3, camera clocks and retag: offsets per body, impossible times, moving ingested files."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

import main
from media import catalog
from media.agenda import Agenda
from media.agenda_import import import_agenda
from media.catalog import read_items, read_manifest
from media.clocks import (
    Clocks,
    body_key,
    format_offset,
    implausible,
    offset_from_photo,
    parse_offset,
    suggest_alignment,
)
from media.ingest import IngestOptions, ingest
from media.library import STATE_DIR, event_folders
from media.models import ProblemType
from media.retag import JOURNAL, retag
from media.verify import verify_library

CANON = {"make": "Canon", "model": "Canon EOS R6", "serial": "012345"}
NIKON = {"make": "Nikon", "model": "NIKON Z 6", "serial": "6001234"}


def photo(folder: Path, name: str, when: str, body: dict[str, str] = CANON) -> Path:
    """A small JPEG with EXIF DateTimeOriginal (camera wall time), Make, Model, BodySerialNumber."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = sum(map(ord, name + when + body["model"]))
    img = Image.new("RGB", (32, 24), (seed % 256, seed * 7 % 256, seed * 13 % 256))
    exif = Image.Exif()
    exif[0x010F] = body["make"]
    exif[0x0110] = body["model"]
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when.replace("-", ":", 2).replace("T", " ")
    if body.get("serial"):
        sub[0xA431] = body["serial"]
    path = folder / name
    img.save(path, exif=exif.tobytes())
    return path


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("título;fecha;inicio;fin;lugar;prioridad\n" + "\n".join(rows) + "\n")
    return path


def items_by_name(library: Path) -> dict[str, dict]:
    return {
        item["original_name"]: item
        for folder in event_folders(str(library))
        for item in read_items(folder)
    }


def folders(library: Path) -> list[str]:
    return [os.path.relpath(f, library) for f in event_folders(str(library))]


def media_files(library: Path) -> set[str]:
    return {
        p.relative_to(library).as_posix()
        for p in library.rglob("*")
        if p.is_file() and STATE_DIR not in p.parts
    }


def manifest_paths(library: Path) -> set[str]:
    return {
        f"{os.path.relpath(folder, library)}/{rel}"
        for folder in event_folders(str(library))
        for _, rel in read_manifest(folder)
    }


def assert_consistent(library: Path) -> None:
    """verify passes, manifests list exactly the files, every item is in one catalog only."""
    assert verify_library(str(library)).ok
    assert manifest_paths(library) == media_files(library)
    ids = [item["id"] for f in event_folders(str(library)) for item in read_items(f)]
    assert len(ids) == len(set(ids))
    for folder in event_folders(str(library)):
        rel = os.path.relpath(folder, library)
        for item in read_items(folder):
            assert item["path"] == f"{rel}/{item['folder_path']}"


def snapshot(library: Path) -> dict[str, bytes]:
    return {
        p.relative_to(library).as_posix(): p.read_bytes()
        for p in library.rglob("*")
        if p.is_file() and not p.name.endswith(".lock")
    }


# --- offsets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("+1:12", 4320),
        ("1:12", 4320),
        ("-0:30:15", -1815),
        ("+01:12:30", 4350),
        ("+1h12m", 4320),
        ("1 h 12 min", 4320),
        ("-1h", -3600),
        ("45 min", 2700),
        ("90s", 90),
        ("-4320", -4320),
        ("0", 0),
    ],
)
def test_parse_offset(text: str, seconds: int) -> None:
    assert parse_offset(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "ayer", "1:2", "+1:12:5", "h12"])
def test_parse_offset_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_offset(text)


def test_format_offset_round_trips() -> None:
    assert format_offset(timedelta(hours=1, minutes=12)) == "+1:12:00"
    assert format_offset(timedelta(minutes=-30, seconds=-15)) == "-0:30:15"
    assert format_offset(timedelta(0)) == "+0:00:00"
    assert format_offset(timedelta(hours=26, seconds=1)) == "+26:00:01"
    for seconds in (-90061, -4320, -1, 0, 59, 4320, 86400):
        value = timedelta(seconds=seconds)
        assert parse_offset(format_offset(value)) == value


def test_offsets_are_kept_per_body(library: Path) -> None:
    assert body_key("Canon", "Canon EOS R6", "012345") == "Canon|Canon EOS R6|012345"
    assert body_key(" Canon ", "Canon EOS R6", None) == "Canon|Canon EOS R6|"
    assert body_key(None, "Modelo|raro", None) == "|Modelo/raro|"
    clocks = Clocks(str(library))
    clocks.set(body_key("Canon", "Canon EOS R6", "012345"), timedelta(minutes=72), "manual")
    clocks.set(body_key("Canon", "Canon EOS R6", None), timedelta(minutes=-5), "manual")
    clocks.set(body_key(None, "NIKON Z 6", None), timedelta(seconds=30), "manual")
    again = Clocks(str(library))  # kept in the library
    assert again.offset_for("Canon", "Canon EOS R6", "012345") == timedelta(minutes=72)
    assert again.offset_for("Canon", "Canon EOS R6", "999") == timedelta(minutes=-5)
    assert again.offset_for("Nikon", "NIKON Z 6", "6001234") == timedelta(seconds=30)
    assert again.offset_for("Sony", "ILCE-7M4", "1") == timedelta(0)
    stored = json.loads((library / STATE_DIR / "clocks.json").read_text())
    assert stored["Canon|Canon EOS R6|012345"]["offset_seconds"] == 4320
    assert stored["Canon|Canon EOS R6|012345"]["method"] == "manual"


def test_offset_from_a_photo_of_a_clock() -> None:
    taken = datetime(2026, 1, 15, 8, 53, 0)
    assert offset_from_photo(taken, "10:05") == timedelta(hours=1, minutes=12)
    assert offset_from_photo(taken, "10:05:30") == timedelta(hours=1, minutes=12, seconds=30)
    assert offset_from_photo(taken, "08:23") == timedelta(minutes=-30)
    assert offset_from_photo(taken, "2026-01-15T07:53:00") == timedelta(hours=-1)
    # Near midnight the nearest such time is taken, across the day boundary.
    assert offset_from_photo(datetime(2026, 1, 15, 23, 58), "00:03") == timedelta(minutes=5)
    assert offset_from_photo(datetime(2026, 1, 16, 0, 2), "23:57") == timedelta(minutes=-5)
    with pytest.raises(ValueError):
        offset_from_photo(taken, "las diez")


def test_implausible_times_are_flagged() -> None:
    now = datetime(2026, 1, 15, 12, 0)
    assert "2005" in (implausible(datetime(2003, 6, 1, 12, 0), now) or "")
    assert "futuro" in (implausible(datetime(2026, 1, 20, 12, 0), now) or "")
    assert implausible(datetime(2000, 1, 1, 0, 0), now) is not None
    assert "fábrica" in (implausible(datetime(2015, 1, 1, 0, 3), now) or "")
    assert "fábrica" in (implausible(datetime(2016, 1, 1, 0, 0, 40), now) or "")
    for fine in (
        datetime(2010, 3, 1, 21, 50, 21),  # old is not impossible
        datetime(2005, 1, 31, 5, 51, 17),
        datetime(2015, 1, 1, 12, 0),  # a factory date, but not the power-on midnight
        datetime(2026, 1, 15, 10, 5),
        datetime(2026, 1, 15, 16, 5, tzinfo=UTC),
    ):
        assert implausible(fine, now) is None, fine
    assert implausible(datetime.now(UTC) + timedelta(days=3)) is not None


def shots(count: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 15, 10, 0)
    return sorted(start + timedelta(seconds=rng.randint(0, 3600)) for _ in range(count))


@pytest.mark.parametrize("seed", range(5))
def test_suggest_alignment_finds_the_offset_between_two_bodies(seed: int) -> None:
    rng = random.Random(100 + seed)
    moments = shots(20, seed)  # the speech, the handshake: both crews shoot them
    reference = [m + timedelta(seconds=rng.uniform(-4, 4)) for m in moments]
    behind = timedelta(minutes=47)
    other = [m - behind + timedelta(seconds=rng.uniform(-4, 4)) for m in moments[::2]]
    other += shots(3, seed + 50)  # and a few shots the reference body did not take
    found = suggest_alignment(reference, other)
    assert found is not None
    offset, votes = found
    assert abs(offset - behind) <= timedelta(seconds=8)
    assert votes >= 10


def test_suggest_alignment_none_when_nothing_lines_up() -> None:
    base = datetime(2026, 1, 15, 10, 0)
    assert suggest_alignment([], [base]) is None
    assert suggest_alignment([base], []) is None
    # Different days: beyond the search.
    assert suggest_alignment(shots(10, 1), [t + timedelta(days=2) for t in shots(10, 1)]) is None
    # Differences that never repeat.
    reference = [base + timedelta(seconds=s) for s in (0, 100, 1000)]
    other = [base + timedelta(seconds=s) for s in (5000, 5333, 7777)]
    assert suggest_alignment(reference, other) is None
    # Two shots lining up are not enough.
    assert (
        suggest_alignment(reference[:2], [t - timedelta(minutes=10) for t in reference[:2]]) is None
    )


# --- a camera 1 h 12 min behind ----------------------------------------------------------


@pytest.fixture
def late_camera(tmp_path: Path, library: Path) -> tuple[Path, str]:
    """A card from a Canon 1 h 12 min behind and a Nikon on time, at the becas (10:00-11:00)."""
    card = tmp_path / "card" / "DCIM"
    # True times 10:05, 10:17, 10:32: the Canon wrote 08:53, 09:05, 09:20.
    photo(card / "100CANON", "IMG_0001.JPG", "2026-01-15T08:53:00")
    photo(card / "100CANON", "IMG_0002.JPG", "2026-01-15T09:05:00")
    photo(card / "100CANON", "IMG_0003.JPG", "2026-01-15T09:20:00")
    photo(card / "101NIKON", "DSC_0001.JPG", "2026-01-15T10:10:00", NIKON)
    write_csv(tmp_path / "agenda.csv", "Entrega de becas;15/01/2026;10:00;11:00;Deportivo;alta")
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    [event] = Agenda(str(library)).active()
    return tmp_path / "card", event.id


def test_wrong_camera_clock_fixed_by_an_offset_and_retag(
    late_camera: tuple[Path, str], library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card, becas = late_camera
    first = ingest([str(card)], IngestOptions(library=str(library)))
    assert first.count("copied") == 4
    items = items_by_name(library)
    for name in ("IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG"):
        assert items[name]["path"].startswith("2026/2026-01-15 Sin evento/FOTO/")
        assert items[name]["event"] is None
    assert items["DSC_0001.JPG"]["event"] == becas

    assert main.main(["clock", "set", "Canon EOS R6", "+1:12"]) == 0
    assert "+1:12:00" in capsys.readouterr().err
    assert main.main(["clock", "list", "--json"]) == 0
    listed = {r["camera"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed["Canon|Canon EOS R6|012345"]["offset"] == "+1:12:00"
    assert listed["Canon|Canon EOS R6|012345"]["method"] == "manual"
    assert listed["Canon|Canon EOS R6|012345"]["files"] == 3
    assert listed["Nikon|NIKON Z 6|6001234"]["offset"] == "+0:00:00"

    assert main.main(["retag", "--json"]) == 0
    moved = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(moved) == 3 and {m["event"] for m in moved} == {becas}
    assert all(m["to"].startswith("2026/2026-01-15 Entrega de becas/FOTO/") for m in moved)

    assert folders(library) == ["2026/2026-01-15 Entrega de becas"]
    items = items_by_name(library)
    assert {i["event"] for i in items.values()} == {becas}
    canon = items["IMG_0001.JPG"]
    assert canon["capture_time"] == "2026-01-15T08:53:00"  # what the file says
    assert canon["capture_time_local"] == "2026-01-15T10:05:00"  # corrected
    assert canon["clock_offset_seconds"] == 4320
    assert items["IMG_0003.JPG"]["capture_time_local"] == "2026-01-15T10:32:00"
    assert items["DSC_0001.JPG"]["clock_offset_seconds"] == 0
    assert_consistent(library)
    assert main.main(["verify"]) == 0
    capsys.readouterr()

    # The ledger still knows the files, where they are now: the same card copies nothing.
    second = ingest([str(card)], IngestOptions(library=str(library)))
    assert second.count("copied") == 0 and second.count("already") == 4
    assert {r.path for r in second.results} == {i["path"] for i in items.values()}

    # Nothing more to do.
    again = retag(str(library))
    assert again.moved == [] and again.unchanged == 4


def test_an_offset_set_by_model_before_ingest_is_applied(
    late_camera: tuple[Path, str], library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card, becas = late_camera
    # No Canon file in the library yet: the offset is kept by model.
    assert main.main(["clock", "set", "Canon EOS R6", "1 h 12 min"]) == 0
    capsys.readouterr()
    report = ingest([str(card)], IngestOptions(library=str(library)))
    assert report.count("copied") == 4
    items = items_by_name(library)
    assert {i["event"] for i in items.values()} == {becas}
    assert items["IMG_0002.JPG"]["capture_time_local"] == "2026-01-15T10:17:00"
    assert items["IMG_0002.JPG"]["clock_offset_seconds"] == 4320
    # The file is named by its corrected time.
    assert items["IMG_0002.JPG"]["path"].endswith("/2026-01-15_101700_IMG_0002.JPG")


def test_clock_set_negative_offsets_and_bad_input(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo(tmp_path / "card", "DSC_0001.JPG", "2026-01-15T10:40:00", NIKON)
    ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    # A camera ahead: '-0:30' is the offset, not an option.
    assert main.main(["clock", "set", "NIKON Z 6", "-0:30"]) == 0
    assert Clocks(str(library)).offset_for(**NIKON) == timedelta(minutes=-30)
    assert main.main(["clock", "set", "6001234", "-1h12m"]) == 0  # by serial
    assert Clocks(str(library)).offset_for(**NIKON) == timedelta(minutes=-72)
    capsys.readouterr()
    assert main.main(["clock", "set", "NIKON Z 6", "un rato"]) == 2
    assert "desfase no reconocido" in capsys.readouterr().err


def test_clock_from_photo(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The photographer shot the clock on the stage; it shows 10:05, the camera wrote 08:53.
    clock_photo = photo(tmp_path / "reloj", "IMG_9999.JPG", "2026-01-15T08:53:00")
    assert main.main(["clock", "from-photo", str(clock_photo), "10:05"]) == 0
    assert "+1:12:00" in capsys.readouterr().err
    entry = Clocks(str(library)).offsets["Canon|Canon EOS R6|012345"]
    assert entry.offset == timedelta(hours=1, minutes=12)
    assert entry.method == "photo" and "IMG_9999.JPG" in entry.note
    assert main.main(["clock", "list", "--json"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record == {
        "camera": "Canon|Canon EOS R6|012345",
        "files": 0,
        "offset": "+1:12:00",
        "method": "photo",
        "suspicious_times": 0,
    }

    assert main.main(["clock", "from-photo", str(clock_photo), "diez y cinco"]) == 2
    no_date = tmp_path / "sin-fecha.jpg"
    Image.new("RGB", (8, 8)).save(no_date)
    assert main.main(["clock", "from-photo", str(no_date), "10:05"]) == 2
    assert main.main(["clock", "from-photo", str(tmp_path / "no-existe.jpg"), "10:05"]) == 2


def test_clock_suggest_aligns_two_bodies_at_one_event(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A long event: the Canon, 20 minutes behind, still lands in it with the Nikon.
    write_csv(tmp_path / "agenda.csv", "Informe de gobierno;15/01/2026;10:00;13:00;Teatro;5")
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    card = tmp_path / "card"
    for n, minute in enumerate((5, 17, 32, 48, 61, 75)):
        moment = datetime(2026, 1, 15, 10, 30) + timedelta(minutes=minute, seconds=n * 7)
        photo(card / "NIKON", f"DSC_{n:04d}.JPG", moment.isoformat(), NIKON)
        canon_time = moment - timedelta(minutes=20) + timedelta(seconds=n % 3)
        photo(card / "CANON", f"IMG_{n:04d}.JPG", canon_time.isoformat())
    ingest([str(card)], IngestOptions(library=str(library)))
    assert folders(library) == ["2026/2026-01-15 Informe de gobierno"]
    assert main.main(["clock", "suggest", "--json"]) == 0
    [suggestion] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert suggestion["event_folder"] == "2026/2026-01-15 Informe de gobierno"
    assert suggestion["camera"] in ("Canon|Canon EOS R6|012345", "Nikon|NIKON Z 6|6001234")
    expected = timedelta(minutes=20 if suggestion["camera"].startswith("Canon") else -20)
    assert abs(parse_offset(suggestion["offset"]) - expected) <= timedelta(seconds=3)
    assert suggestion["matching_shots"] >= 5


def test_impossible_times_are_flagged_and_not_matched(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2000-01-01T00:00:00")  # lost its battery: factory date
    photo(card, "IMG_0002.JPG", "2003-06-01T12:00:00")
    photo(card, "IMG_0003.JPG", "2099-01-15T10:05:00")
    photo(card, "IMG_0004.JPG", "2026-01-15T10:05:00")
    # Events that would hold those times if they were trusted.
    write_csv(
        tmp_path / "agenda.csv",
        "Año nuevo;01/01/2000;00:00;01:00;Zócalo;5",
        "Aniversario;01/06/2003;11:00;13:00;Explanada;5",
        "Entrega de becas;15/01/2026;10:00;11:00;Deportivo;5",
    )
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    report = ingest([str(card)], IngestOptions(library=str(library)))
    assert report.count("copied") == 4
    by_name = {os.path.basename(r.source_path): r for r in report.results}
    for name in ("IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG"):
        assert [p.type for p in by_name[name].problems] == [ProblemType.SUSPICIOUS_TIME]
    assert by_name["IMG_0004.JPG"].problems == []
    items = items_by_name(library)
    assert items["IMG_0001.JPG"]["path"].startswith("2000/2000-01-01 Sin evento/")
    assert items["IMG_0002.JPG"]["path"].startswith("2003/2003-06-01 Sin evento/")
    assert items["IMG_0003.JPG"]["path"].startswith("2099/2099-01-15 Sin evento/")
    assert items["IMG_0004.JPG"]["path"].startswith("2026/2026-01-15 Entrega de becas/")
    for name in ("IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG"):
        assert items[name]["event"] is None
        assert items[name]["problems"] == ["suspicious_time"]
    # retag does not trust them either.
    assert retag(str(library)).moved == []
    assert main.main(["clock", "list", "--json"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["files"] == 4 and record["suspicious_times"] == 3


def test_a_reset_clock_fixed_from_a_photo_then_retag(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The battery died: the camera restarted at its factory date, 2000-01-01 00:00.
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2000-01-01T00:00:10")  # a photo of the stage clock: 10:00
    photo(card, "IMG_0002.JPG", "2000-01-01T00:12:00")
    photo(card, "IMG_0003.JPG", "2000-01-01T00:40:00")
    write_csv(tmp_path / "agenda.csv", "Entrega de becas;15/01/2026;10:00;11:00;Deportivo;alta")
    import_agenda(str(tmp_path / "agenda.csv"), str(library))
    ingest([str(card)], IngestOptions(library=str(library)))
    assert folders(library) == ["2000/2000-01-01 Sin evento"]
    assert main.main(["clock", "list", "--json"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["suspicious_times"] == 3

    clock_shot = card / "IMG_0001.JPG"
    assert main.main(["clock", "from-photo", str(clock_shot), "2026-01-15T10:00:10"]) == 0
    assert main.main(["clock", "list", "--json"]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["method"] == "photo" and record["suspicious_times"] == 0
    expected = datetime(2026, 1, 15, 10, 0, 10) - datetime(2000, 1, 1, 0, 0, 10)
    assert parse_offset(record["offset"]) == expected

    assert len(retag(str(library)).moved) == 3
    assert folders(library) == ["2026/2026-01-15 Entrega de becas"]
    items = items_by_name(library)
    assert items["IMG_0003.JPG"]["capture_time_local"] == "2026-01-15T10:40:00"
    assert items["IMG_0003.JPG"]["capture_time"] == "2000-01-01T00:40:00"
    assert_consistent(library)


# --- retag after the agenda changed -------------------------------------------------------


@pytest.fixture
def tagged(tmp_path: Path, library: Path) -> dict[str, str]:
    """Photos at 10:05 and 10:40 (becas, 10:00-11:00), 16:10 and 16:30 (nothing), and one
    at 19:00 ingested with --event becas."""
    card = tmp_path / "card"
    photo(card, "IMG_0001.JPG", "2026-01-15T10:05:00")
    photo(card, "IMG_0002.JPG", "2026-01-15T10:40:00")
    photo(card, "IMG_0003.JPG", "2026-01-15T16:10:00")
    photo(card, "IMG_0004.JPG", "2026-01-15T16:30:00")
    photo(tmp_path / "forced", "IMG_0005.JPG", "2026-01-15T19:00:00")
    path = tmp_path / "agenda.ics"
    path.write_bytes(ics_agenda("20260115T100000", "20260115T110000"))
    import_agenda(str(path), str(library))
    [becas] = Agenda(str(library)).active()
    ingest([str(card)], IngestOptions(library=str(library)))
    ingest([str(tmp_path / "forced")], IngestOptions(library=str(library), event_id=becas.id))
    return {"becas": becas.id, "ics": str(path)}


def ics_agenda(start: str, end: str, title: str = "Entrega de becas", extra: str = "") -> bytes:
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Iztacalco//ES\nBEGIN:VEVENT\n"
        "UID:becas@iztacalco\nDTSTAMP:20260105T000000Z\n"
        f"DTSTART;TZID=America/Mexico_City:{start}\nDTEND;TZID=America/Mexico_City:{end}\n"
        f"SUMMARY:{title}\nPRIORITY:1\nEND:VEVENT\n{extra}END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode()


def test_retag_after_the_event_moved(tagged: dict[str, str], library: Path) -> None:
    items = items_by_name(library)
    assert items["IMG_0001.JPG"]["event"] == items["IMG_0005.JPG"]["event"] == tagged["becas"]
    assert items["IMG_0005.JPG"]["event_forced"] is True
    assert items["IMG_0003.JPG"]["path"].startswith("2026/2026-01-15 Sin evento/")

    # The becas move to 16:00-17:00: the same UID, the same event id.
    Path(tagged["ics"]).write_bytes(ics_agenda("20260115T160000", "20260115T170000"))
    result = import_agenda(tagged["ics"], str(library))
    assert result.updated == [tagged["becas"]] and result.added == []

    report = retag(str(library))
    assert len(report.moved) == 4 and not report.resumed
    items = items_by_name(library)
    becas_folder = "2026/2026-01-15 Entrega de becas/FOTO/"
    for name in ("IMG_0003.JPG", "IMG_0004.JPG"):
        assert items[name]["path"].startswith(becas_folder)
        assert items[name]["event"] == tagged["becas"]
    for name in ("IMG_0001.JPG", "IMG_0002.JPG"):
        assert items[name]["path"].startswith("2026/2026-01-15 Sin evento/FOTO/")
        assert items[name]["event"] is None
    # Forced by hand: it stays with its event.
    assert items["IMG_0005.JPG"]["path"].startswith(becas_folder)
    assert items["IMG_0005.JPG"]["event"] == tagged["becas"]
    assert items["IMG_0005.JPG"]["event_forced"] is True
    assert_consistent(library)


def test_retag_after_a_new_event_and_a_new_title(tagged: dict[str, str], library: Path) -> None:
    # A new event covers the files of 'Sin evento', and the becas get a new title.
    extra = (
        "BEGIN:VEVENT\nUID:salud@iztacalco\nDTSTAMP:20260105T000000Z\n"
        "DTSTART;TZID=America/Mexico_City:20260115T160000\n"
        "DTEND;TZID=America/Mexico_City:20260115T170000\n"
        "SUMMARY:Jornada de salud en Pantitlán\nEND:VEVENT\n"
    )
    Path(tagged["ics"]).write_bytes(
        ics_agenda("20260115T100000", "20260115T110000", "Entrega de becas 2026", extra)
    )
    result = import_agenda(tagged["ics"], str(library))
    assert result.updated == [tagged["becas"]] and len(result.added) == 1
    retag(str(library))
    assert folders(library) == [
        "2026/2026-01-15 Entrega de becas 2026",
        "2026/2026-01-15 Jornada de salud en Pantitlán",
    ]
    items = items_by_name(library)
    for name in ("IMG_0001.JPG", "IMG_0002.JPG", "IMG_0005.JPG"):
        assert items[name]["path"].startswith("2026/2026-01-15 Entrega de becas 2026/FOTO/")
        assert items[name]["event"] == tagged["becas"]
    for name in ("IMG_0003.JPG", "IMG_0004.JPG"):
        assert items[name]["path"].startswith("2026/2026-01-15 Jornada de salud en Pantitlán/")
        assert items[name]["event"] == result.added[0]
    assert_consistent(library)


def test_retag_dry_run_moves_nothing(
    tagged: dict[str, str], library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(tagged["ics"]).write_bytes(ics_agenda("20260115T160000", "20260115T170000"))
    import_agenda(tagged["ics"], str(library))
    before = snapshot(library)
    assert main.main(["retag", "--dry-run", "--json"]) == 0
    planned = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(planned) == 4
    assert snapshot(library) == before
    assert main.main(["retag"]) == 0
    assert "Movidos: 4" in capsys.readouterr().err
    assert snapshot(library) != before


def test_an_interrupted_retag_is_finished_by_the_next(
    tagged: dict[str, str], library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(tagged["ics"]).write_bytes(ics_agenda("20260115T160000", "20260115T170000"))
    import_agenda(tagged["ics"], str(library))

    def power_cut(folder: str, ids: object) -> list:
        raise OSError("se fue la luz")

    # The files and the target catalogs moved; the source catalogs were not yet cleaned.
    monkeypatch.setattr(catalog, "remove_items", power_cut)
    with pytest.raises(OSError):
        retag(str(library))
    monkeypatch.undo()
    assert (library / STATE_DIR / JOURNAL).is_file()
    assert not verify_library(str(library)).ok  # the old manifests list moved files
    before = snapshot(library)
    assert retag(str(library), dry_run=True).resumed is False  # a dry run touches nothing
    assert snapshot(library) == before

    report = retag(str(library))
    assert report.resumed is True
    assert not (library / STATE_DIR / JOURNAL).exists()
    items = items_by_name(library)
    assert items["IMG_0003.JPG"]["path"].startswith("2026/2026-01-15 Entrega de becas/")
    assert items["IMG_0001.JPG"]["path"].startswith("2026/2026-01-15 Sin evento/")
    assert_consistent(library)
    # The ledger follows the files: a second ingest finds them where they are now.
    again = ingest([str(library.parent / "card")], IngestOptions(library=str(library)))
    assert again.count("copied") == 0
    assert {r.path for r in again.results} == {
        items[f"IMG_000{n}.JPG"]["path"] for n in range(1, 5)
    }


def test_a_retag_cut_between_two_files_is_finished_by_the_next(
    tagged: dict[str, str], library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(tagged["ics"]).write_bytes(ics_agenda("20260115T160000", "20260115T170000"))
    import_agenda(tagged["ics"], str(library))
    real_rename = os.rename
    calls: list[str] = []

    def rename_once(src: str, dst: str) -> None:
        if calls:
            raise OSError("se fue la luz")
        calls.append(src)
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_once)
    with pytest.raises(OSError):
        retag(str(library))
    monkeypatch.undo()
    assert len(calls) == 1 and (library / STATE_DIR / JOURNAL).is_file()

    assert retag(str(library)).resumed is True
    items = items_by_name(library)
    assert len(items) == 5
    for name in ("IMG_0003.JPG", "IMG_0004.JPG", "IMG_0005.JPG"):
        assert items[name]["path"].startswith("2026/2026-01-15 Entrega de becas/")
    assert_consistent(library)


def test_retag_on_a_missing_library_cannot_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["retag", "--library", str(tmp_path / "no-existe")]) == 2
    assert "No existe" in capsys.readouterr().err
