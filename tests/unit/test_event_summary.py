"""Event summaries: counts from catalogs and journals, kept in a cache that is never wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from media import event_summary
from media.agenda import Agenda, Event
from media.catalog import upsert_items
from media.edits import record_edits
from media.event_summary import (
    SUMMARIES_FILE,
    count_events,
    index_dir,
    list_events,
    load_events,
)

WRITER = "ana@laptop"


def make_event(library: Path, day: str, title: str, kinds: str, event_id: str | None = None) -> str:
    """An event folder whose catalog holds one item per letter of ``kinds`` (p, v, a, x:
    a photo with a problem)."""
    folder = library / day[:4] / f"{day} {title}"
    names = {"p": "photo", "v": "video", "a": "audio", "x": "photo"}
    items = []
    for n, kind in enumerate(kinds):
        item_id = f"{abs(hash((day, title, n))):016x}"[:16]
        items.append(
            {
                "id": item_id, "kind": names[kind], "hash": item_id * 2,
                "folder_path": f"FOTO/{n:04d}.JPG",
                "path": f"{day[:4]}/{day} {title}/FOTO/{n:04d}.JPG",
                "capture_time": f"{day}T10:00:{n:02d}", "event": event_id,
                "problems": ["truncated"] if kind == "x" else [], "sidecars": [],
            }
        )  # fmt: skip
    upsert_items(str(folder), items)
    return str(folder)


@pytest.fixture
def lib(library: Path) -> Path:
    library.mkdir(parents=True)
    agenda = Agenda(str(library))
    agenda.events["e1"] = Event(
        id="e1", title="Entrega de becas", start="2026-01-15T10:00:00-06:00",
        end="2026-01-15T12:00:00-06:00", place="Explanada de la Alcaldía", colonia="Pantitlán",
    )  # fmt: skip
    agenda.save()
    make_event(library, "2026-01-15", "Entrega de becas", "ppvax", event_id="e1")
    make_event(library, "2025-12-31", "Sin evento", "pp")
    return library


def items_of(folder: str) -> list[dict[str, Any]]:
    from media.catalog import read_items

    return read_items(folder)


def test_counts_titles_and_places_newest_first(lib: Path) -> None:
    becas, loose = load_events(str(lib))
    assert (becas.title, becas.place, becas.colonia) == (
        "Entrega de becas", "Explanada de la Alcaldía", "Pantitlán"
    )  # fmt: skip
    assert (becas.photos, becas.videos, becas.audios, becas.problems) == (3, 1, 1, 1)
    assert becas.picks == 0 and becas.counted and not becas.unreadable
    assert str(becas.day) == "2026-01-15"
    assert (loose.title, loose.place, loose.photos) == ("Sin evento", "", 2)


def test_marks_and_captions_are_counted(lib: Path) -> None:
    folder = load_events(str(lib))[0].folder
    first, second = (i["id"] for i in items_of(folder)[:2])
    record_edits(folder, WRITER, first, {"pick": True, "caption": "Niñas y niños"})
    record_edits(folder, "otra@pc", second, {"pick": True})
    record_edits(folder, "otra@pc", second, {"reject": True})  # the latest mark wins
    becas = load_events(str(lib))[0]
    assert (becas.picks, becas.captioned) == (1, 1)


def test_the_cache_spares_reading_unchanged_catalogs(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_events(str(lib))
    assert Path(index_dir(str(lib)), SUMMARIES_FILE).is_file()

    def no_reading(folder: str) -> list[dict[str, Any]]:
        raise AssertionError(f"read {folder}")

    monkeypatch.setattr(event_summary, "event_items", no_reading)
    again, stale = list_events(str(lib))
    assert stale == [] and again == first


def test_a_change_makes_only_that_event_counted_again(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    becas_folder = load_events(str(lib))[0].folder
    record_edits(becas_folder, WRITER, items_of(becas_folder)[0]["id"], {"pick": True})
    loose_folder = load_events(str(lib))[1].folder
    make_event(lib, "2025-12-31", "Sin evento", "ppp")  # an ingest rewrote its catalog
    read: list[str] = []
    real = event_summary.event_items
    monkeypatch.setattr(event_summary, "event_items", lambda f: read.append(f) or real(f))
    summaries, stale = list_events(str(lib), budget=0)  # nothing counted while listing
    assert stale == [loose_folder] and read == []
    assert not summaries[1].counted and summaries[0].picks == 1
    counted = count_events(str(lib), stale)
    assert read == [loose_folder] and counted[0].photos == 3
    assert list_events(str(lib)) == (load_events(str(lib)), [])


def test_small_changes_are_counted_while_listing(lib: Path) -> None:
    folder = load_events(str(lib))[0].folder
    record_edits(folder, WRITER, items_of(folder)[0]["id"], {"pick": True})
    summaries, stale = list_events(str(lib))
    assert stale == [] and summaries[0].picks == 1


def test_a_damaged_cache_or_catalog_costs_a_recount_not_a_crash(lib: Path) -> None:
    load_events(str(lib))
    cache = Path(index_dir(str(lib)), SUMMARIES_FILE)
    cache.write_text("{ torn", encoding="utf-8")
    assert [e.photos for e in load_events(str(lib))] == [3, 2]
    cache.write_text(json.dumps({"version": 1, "events": {"x": "nonsense"}}), encoding="utf-8")
    assert [e.photos for e in load_events(str(lib))] == [3, 2]
    loose = load_events(str(lib))[1].folder
    Path(loose, ".cobertura", "catalog.json").write_text("[1, 2", encoding="utf-8")
    damaged = load_events(str(lib))[1]
    assert damaged.unreadable and damaged.photos == 0 and damaged.title == "Sin evento"


def test_a_library_that_cannot_be_written_is_counted_every_time(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: str, data: bytes) -> None:
        raise PermissionError(path)

    monkeypatch.setattr(event_summary, "write_atomic", refuse)
    assert [e.photos for e in load_events(str(lib))] == [3, 2]
    assert not Path(index_dir(str(lib)), SUMMARIES_FILE).exists()


def test_gone_events_leave_the_cache(lib: Path) -> None:
    import shutil

    loose = load_events(str(lib))[1].folder
    shutil.rmtree(loose)
    assert [e.title for e in load_events(str(lib))] == ["Entrega de becas"]
    data = json.loads(Path(index_dir(str(lib)), SUMMARIES_FILE).read_text(encoding="utf-8"))
    assert list(data["events"]) == ["2026/2026-01-15 Entrega de becas"]


def test_cancel_keeps_what_was_counted(lib: Path) -> None:
    from media.models import CancelToken

    summaries, _stale = list_events(str(lib), budget=0)
    token = CancelToken()
    done = count_events(
        str(lib), [s.folder for s in summaries], progress=lambda n, _t: token.cancel(),
        cancel=token,
    )  # fmt: skip
    assert len(done) == 1
    _again, stale = list_events(str(lib), budget=0)
    assert stale == [summaries[1].folder]
