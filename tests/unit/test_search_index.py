"""Search over titles, places, dates and captions, with item texts cached per event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_event_summary import WRITER, items_of, make_event

from media.agenda import Agenda, Event
from media.edits import record_edits
from media.event_summary import count_events, list_events, load_events
from media.search_index import build_index, event_text, item_text, query_words, store_items


@pytest.fixture
def lib(library: Path) -> Path:
    library.mkdir(parents=True)
    agenda = Agenda(str(library))
    agenda.events["e1"] = Event(
        id="e1", title="Entrega de becas", start="2026-01-15T10:00:00-06:00",
        end="2026-01-15T12:00:00-06:00", place="Explanada de la Alcaldía",
        colonia="Agrícola Oriental", area="Desarrollo Social",
    )  # fmt: skip
    agenda.save()
    becas = make_event(library, "2026-01-15", "Entrega de becas", "pppp", event_id="e1")
    make_event(library, "2025-12-31", "Jornada de salud", "pp")
    ids = [i["id"] for i in items_of(becas)]
    record_edits(becas, WRITER, ids[0], {"caption": "Niñas y niños de la colonia Pantitlán"})
    record_edits(becas, WRITER, ids[1], {"caption": "La alcaldesa entrega becas en Pantitlán"})
    record_edits(becas, WRITER, ids[2], {"keywords": ["deporte", "becas"], "credit": "Foto: Ana"})
    return library


def titles(lib: Path, found: dict[str, int] | None) -> dict[str, int]:
    assert found is not None
    by_folder = {e.folder: e.title for e in load_events(str(lib))}
    return {by_folder[f]: n for f, n in found.items()}


def test_events_are_found_by_title_place_and_date_written_many_ways(lib: Path) -> None:
    index = build_index(str(lib), load_events(str(lib)))
    becas = {"Entrega de becas": 0}
    for query in ("becas", "ENTREGA", "explanada alcaldia", "agricola", "desarrollo social",
                  "enero", "15/01", "15/01/2026", "2026-01-15", "15 de enero", "jueves",
                  "15-01-2026"):  # fmt: skip
        assert titles(lib, index.search(query)).keys() == becas.keys(), query
    assert titles(lib, index.search("diciembre 2025")) == {"Jornada de salud": 0}
    assert titles(lib, index.search("2026 salud")) == {}
    assert index.search("") is None and index.search("   ") is None


def test_captions_find_events_with_a_count_of_matching_photos(lib: Path) -> None:
    index = build_index(str(lib), load_events(str(lib)))
    assert titles(lib, index.search("pantitlan")) == {"Entrega de becas": 2}
    assert titles(lib, index.search("ninos")) == {"Entrega de becas": 1}
    # one word in the title, one in the caption: the photo matches with its event
    assert titles(lib, index.search("jueves alcaldesa")) == {"Entrega de becas": 1}
    assert titles(lib, index.search("foto ana")) == {"Entrega de becas": 1}
    # every word must be found: "salud" is not in any caption of the becas event
    assert titles(lib, index.search("pantitlan salud")) == {}
    # found by its own title: no photo is counted, even those whose captions say it too
    assert titles(lib, index.search("becas")) == {"Entrega de becas": 0}


def test_item_texts_are_cached_and_updated_incrementally(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summaries = load_events(str(lib))
    first = build_index(str(lib), summaries)
    read: list[str] = []
    import media.culling  # build_index imports event_items from there when it needs it

    original = media.culling.event_items

    def counting(folder: str) -> list[dict[str, Any]]:
        read.append(folder)
        return original(folder)

    monkeypatch.setattr(media.culling, "event_items", counting)
    fresh = build_index(str(lib), summaries)  # a new session: texts from the cache files
    assert read == [] and fresh.item_count() == first.item_count() == 3
    becas = summaries[0].folder
    record_edits(becas, WRITER, items_of(becas)[3]["id"], {"caption": "Torneo de futbol"})
    again = build_index(str(lib), summaries, previous=fresh)
    assert read == [becas]  # only the changed event was read
    assert titles(lib, again.search("futbol")) == {"Entrega de becas": 1}


def test_counting_feeds_the_index_in_the_same_read(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def keep(folder: str, stamp: list[Any], items: list[dict[str, Any]]) -> None:
        store_items(str(lib), folder, stamp, items)

    summaries, stale = list_events(str(lib), budget=0)
    count_events(str(lib), stale, on_items=keep)
    import media.culling

    monkeypatch.setattr(media.culling, "event_items", lambda f: pytest.fail(f"read {f}"))
    index = build_index(str(lib), load_events(str(lib)))
    assert titles(lib, index.search("pantitlan")) == {"Entrega de becas": 2}


def test_event_text_and_query_ignore_case_and_accents(lib: Path) -> None:
    becas = load_events(str(lib))[0]
    text = event_text(becas)
    assert "agricola oriental" in text and "15 de enero de 2026" in text and "jueves" in text
    assert query_words("  Niñas  ÁGUILA ") == ["ninas", "aguila"]
    assert (
        item_text({"caption": "Línea uno\n  y   DOS", "keywords": ["Él"]}) == "linea uno y dos el"
    )


def test_a_word_twice_in_a_caption_counts_its_photo_once() -> None:
    from datetime import date

    from media.event_summary import EventSummary
    from media.search_index import EventDoc, SearchIndex

    summary = EventSummary(folder="/x/2026-01-15 Acto", day=date(2026, 1, 15), title="Acto")
    texts = [("a", "becas y mas becas"), ("b", "sin nada"), ("c", "becas al final becas")]
    index = SearchIndex([EventDoc(summary, event_text(summary), None, texts)])
    assert index.search("becas") == {"/x/2026-01-15 Acto": 2}
    assert index.search("becas final") == {"/x/2026-01-15 Acto": 1}
    assert index.search("nada becas") == {}


def test_an_unchanged_index_is_reused_and_gone_events_forgotten(lib: Path) -> None:
    import shutil

    from media.event_summary import index_dir

    summaries = load_events(str(lib))
    first = build_index(str(lib), summaries)
    again = build_index(str(lib), summaries, previous=first)
    assert all(again.docs[f] is first.docs[f] for f in first.docs)  # nothing rebuilt
    search_dir = Path(index_dir(str(lib)), "search")
    assert len(list(search_dir.iterdir())) == 2
    shutil.rmtree(summaries[1].folder)  # the event is gone (moved by retag, deleted)
    build_index(str(lib), load_events(str(lib)), previous=again)
    assert len(list(search_dir.iterdir())) == 1
