"""Cards that appear by themselves: mount roots, what a card is, and what is on it."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from media.agenda import Agenda, Event
from media.card_detect import (
    CARD_ROOTS_ENV,
    Card,
    card_layouts,
    find_cards,
    mount_roots,
    refine_survey,
    survey_card,
    volumes,
    windows_drives,
)
from media.ingest import IngestOptions
from media.models import Cancelled, CancelToken

MX = ZoneInfo("America/Mexico_City")


def test_mount_roots_per_platform_and_from_the_environment() -> None:
    assert mount_roots({}, "linux", "ana") == ["/media/ana", "/run/media/ana", "/media"]
    assert mount_roots({}, "darwin", "ana") == ["/Volumes"]
    assert mount_roots({}, "win32", "ana") == []  # drive letters instead
    env = {CARD_ROOTS_ENV: os.pathsep.join(["/tmp/a", "/tmp/b"])}
    assert mount_roots(env, "linux") == ["/tmp/a", "/tmp/b"]
    assert mount_roots({CARD_ROOTS_ENV: ""}, "linux") == []  # set but empty: watch nothing


def test_windows_drives_leave_out_the_system_drive_and_floppies() -> None:
    drives = ["A:\\", "C:\\", "D:\\", "E:\\"]
    assert windows_drives("C:", lambda: drives, "win32") == ["D:\\", "E:\\"]
    assert windows_drives("C:", lambda: drives, "linux") == []


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_what_a_card_is(tmp_path: Path) -> None:
    _touch(tmp_path / "canon" / "DCIM" / "100CANON" / "IMG_0001.JPG")
    _touch(tmp_path / "gopro" / "DCIM" / "100GOPRO" / "GX010001.MP4")
    (tmp_path / "sony" / "PRIVATE" / "M4ROOT" / "CLIP").mkdir(parents=True)
    (tmp_path / "panasonic" / "PRIVATE" / "AVCHD" / "BDMV").mkdir(parents=True)
    (tmp_path / "old_avchd" / "AVCHD").mkdir(parents=True)
    _touch(tmp_path / "zoom_h5" / "ZOOM0001" / "ZOOM0001_LR.WAV")
    _touch(tmp_path / "zoom_h4n" / "STEREO" / "FOLDER01" / "STE-000.wav")
    _touch(tmp_path / "sound_devices" / "240115_001.WAV")
    _touch(tmp_path / "usb_stick" / "Documentos" / "informe.docx")
    _touch(tmp_path / "usb_stick" / "MUSIC" / "cancion.mp3")  # music, not recorder takes
    assert card_layouts(str(tmp_path / "canon")) == ("dcim",)
    assert card_layouts(str(tmp_path / "gopro")) == ("gopro",)
    assert card_layouts(str(tmp_path / "sony")) == ("sony_xavc",)
    assert card_layouts(str(tmp_path / "panasonic")) == ("avchd",)
    assert card_layouts(str(tmp_path / "old_avchd")) == ("avchd",)
    assert card_layouts(str(tmp_path / "zoom_h5")) == ("recorder",)
    assert card_layouts(str(tmp_path / "zoom_h4n")) == ("recorder",)
    assert card_layouts(str(tmp_path / "sound_devices")) == ("recorder",)
    assert card_layouts(str(tmp_path / "usb_stick")) == ()
    assert card_layouts(str(tmp_path / "not_there")) == ()


def test_find_cards_lists_only_cards_under_the_roots(tmp_path: Path) -> None:
    root = tmp_path / "media"
    _touch(root / "NIKON D750" / "DCIM" / "100NIKON" / "DSC_0001.JPG")
    _touch(root / "PENDRIVE" / "notas.txt")
    _touch(root / ".hidden" / "DCIM" / "x.jpg")
    assert volumes([str(root), str(tmp_path / "missing")], lambda: []) == [
        str(root / "NIKON D750"),
        str(root / "PENDRIVE"),
    ]
    cards = find_cards([str(root)], lambda: [])
    assert cards == [Card(str(root / "NIKON D750"), "NIKON D750", ("dcim",))]


# -- what is on a card ------------------------------------------------------------------
# Capture times (truth.json): the burst was shot 2010-03-01 about 21:50 (camera wall time),
# the iPhone clip 2019-07-24T11:25:40+03:00 (02:25:40 in Mexico City), the Zoom take
# 2023-11-05T17:54:35.
BURST = [f"photos/burst/nikon_d70s_burst_{n}.jpg" for n in (1, 2, 3, 4)]


def _event(library: Path, title: str, start: str, end: str) -> Event:
    agenda = Agenda(str(library))
    event = Event(id=title[:8].lower(), title=title, start=start, end=end)
    agenda.events[event.id] = event
    agenda.save()
    return event


def _stamp(path: Path, wall: str) -> None:
    when = datetime.fromisoformat(wall).replace(tzinfo=MX).timestamp()
    os.utime(path, (when, when))


@pytest.fixture
def card(tmp_path: Path, samples: Path) -> Card:
    root = tmp_path / "TARJETA"
    dcim = root / "DCIM" / "100NIKON"
    dcim.mkdir(parents=True)
    for rel in BURST:
        shutil.copy2(samples / rel, dcim)
    apple = root / "DCIM" / "101APPLE"
    apple.mkdir()
    shutil.copy2(samples / "video/apple_iphone6_gps_rot90.mov", apple)
    (root / "ZOOM0001").mkdir()
    shutil.copy2(samples / "audio/zoom_h4n_bwf_cues.wav", root / "ZOOM0001")
    _touch(root / "DCIM" / "100NIKON" / "leeme.txt", b"not media")
    for file in root.rglob("*"):
        if file.is_file():
            _stamp(file, "2024-05-05T12:00:00")  # a reader that lost the cameras' times
    return Card(str(root), "TARJETA", card_layouts(str(root)))


def test_survey_counts_then_refines_events_from_capture_times(card: Card, library: Path) -> None:
    becas = _event(library, "Entrega de becas", "2010-03-01T21:30:00-06:00",
                   "2010-03-01T22:30:00-06:00")  # fmt: skip
    recorrido = _event(library, "Recorrido nocturno", "2019-07-24T02:00:00-06:00",
                       "2019-07-24T03:00:00-06:00")  # fmt: skip
    survey = survey_card(card, IngestOptions(str(library)))
    quick = survey.summary
    assert (quick.photos, quick.videos, quick.audios) == (4, 1, 1)
    assert quick.unreadable == 1  # leeme.txt
    assert quick.total_bytes == sum(
        f.stat().st_size for f in Path(card.path).rglob("*") if f.is_file() and f.suffix != ".txt"
    )
    assert set(quick.card.layouts) == {"dcim", "recorder"}
    assert quick.dates == "file" and quick.events == () and quick.unmatched == 6

    refined = refine_survey(survey)
    assert refined.dates == "capture" and refined.probed == 6
    assert [(e.event_id, e.files) for e in refined.events] == [(becas.id, 4), (recorrido.id, 1)]
    assert refined.unmatched == 1  # the 2023 take fits no event
    assert refined.files == 6


def test_file_times_alone_place_files_when_the_card_kept_them(card: Card, library: Path) -> None:
    event = _event(library, "Jornada de salud", "2024-05-05T11:00:00-06:00",
                   "2024-05-05T14:00:00-06:00")  # fmt: skip
    summary = survey_card(card, IngestOptions(str(library))).summary
    assert [(e.title, e.files) for e in summary.events] == [(event.title, 6)]
    assert summary.unmatched == 0
    other = library.parent / "otra"  # an event at 12:20: the files (12:00) are early
    _event(other, "Inauguración", "2024-05-05T12:20:00-06:00", "2024-05-05T13:00:00-06:00")
    summary = survey_card(card, IngestOptions(str(other))).summary
    assert [(e.title, e.files) for e in summary.events] == [("Inauguración", 6)]
    narrow = IngestOptions(str(other), before_minutes=10)  # the office's own window
    assert survey_card(card, narrow).summary.unmatched == 6


def test_a_big_card_is_refined_from_a_few_probes(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    """600 photos whose file times are 6 h off (a FAT card read as UTC): probing a handful
    is enough to move every photo into its event, and the survey stays fast."""
    root = tmp_path / "GRANDE"
    folder = root / "DCIM" / "100NIKON"
    folder.mkdir(parents=True)
    for i in range(600):
        target = folder / f"DSC_{i:04d}.JPG"
        os.link(samples / BURST[i % 4], target)
    for i, target in enumerate(sorted(folder.iterdir())):
        when = datetime(2010, 3, 2, 3, 50, tzinfo=MX).timestamp() + i  # +6 h, 1 s apart
        os.utime(target, (when, when), follow_symlinks=False)
    _event(library, "Entrega de becas", "2010-03-01T21:30:00-06:00", "2010-03-01T22:30:00-06:00")
    card = Card(str(root), "GRANDE", ("dcim",))
    survey = survey_card(card, IngestOptions(str(library)))
    assert survey.summary.photos == 600 and survey.summary.events == ()
    refined = refine_survey(survey, max_probes=5)
    assert refined.probed <= 6
    assert [(e.title, e.files) for e in refined.events] == [("Entrega de becas", 600)]
    assert survey.summary.seconds + refined.seconds < 5


def test_a_survey_stops_when_cancelled(card: Card, library: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        survey_card(card, IngestOptions(str(library)), cancel=token)
    survey = survey_card(card, IngestOptions(str(library)))
    with pytest.raises(Cancelled):
        refine_survey(survey, cancel=token)
