"""Events found by their day typed in English, beside the Spanish forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_event_summary import make_event

from media.event_summary import EventSummary, load_events
from media.search_index import (
    EventDoc,
    SearchIndex,
    build_index,
    english_day,
    event_text,
    query_words,
)
from media.timeutil import english_date, english_ordinal

DAYS = {
    "becas": date(2026, 1, 15),  # Thursday; the 15th cannot be read day first as a month
    "junio": date(2026, 6, 5),  # 05/06: 5 June here, May 6 in the United States
    "mayo": date(2026, 5, 6),
    "noviembre": date(2026, 11, 22),
}


def index_of(days: dict[str, date]) -> SearchIndex:
    docs = []
    for title, day in days.items():
        summary = EventSummary(folder=f"/lib/{day.year}/{day} {title}", day=day, title=title)
        docs.append(EventDoc(summary, event_text(summary), None))
    return SearchIndex(docs)


def found(index: SearchIndex, query: str) -> set[str]:
    hits = index.search(query)
    assert hits is not None
    return {index.docs[folder].summary.title for folder in hits}


@pytest.mark.parametrize(
    "query",
    ["January 15", "january 15, 2026", "Jan 15", "jan. 15", "15 Jan 2026", "Jan 15th",
     "Thursday", "thu", "THU JAN 15", "Thursday, January 15, 2026", "1/15/2026", "01/15/2026",
     "1/15", "15 de enero", "jueves", "15/01/2026"],
)  # fmt: skip
def test_january_15_is_found_typed_in_english_or_spanish(query: str) -> None:
    assert found(index_of(DAYS), query) == {"becas"}


def test_ambiguous_numeric_days_keep_the_mexican_reading_only() -> None:
    index = index_of(DAYS)
    assert found(index, "05/06/2026") == {"junio"}  # never May 6, as an American reads it
    assert found(index, "06/05/2026") == {"mayo"}
    assert found(index, "June 5") == {"junio"}
    assert found(index, "May 6") == {"mayo"}
    assert "06/05/2026" not in english_day(date(2026, 6, 5))


def test_english_words_find_other_months_and_ordinals() -> None:
    index = index_of(DAYS)
    assert found(index, "Nov 22nd") == {"noviembre"}
    assert found(index, "sunday 11/22/2026") == {"noviembre"}
    assert found(index, "friday jun") == {"junio"}
    assert found(index, "wed") == {"mayo"}
    assert found(index, "december") == set()


def test_date_words_helpers() -> None:
    assert english_date(date(2026, 1, 15)) == "January 15, 2026"
    assert english_date(date(2026, 1, 15), weekday=True) == "Thursday, January 15, 2026"
    ordinals = [english_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 111)]
    assert ordinals == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd",
                        "23rd", "31st", "111th"]  # fmt: skip
    assert query_words("Jan. 15, 2026 ,, jueves;") == ["jan", "15", "2026", "jueves"]


def test_the_english_words_add_a_few_words_per_event_only() -> None:
    summary = EventSummary(folder="/lib/2026/2026-09-30 Feria", day=date(2026, 9, 30), title="x")
    english = english_day(date(2026, 9, 30))
    assert english == "Wednesday, September 30, 2026 30th 09/30/2026"
    assert event_text(summary).endswith(" " + english.lower())
    assert len(english.split()) <= 6 and len(english) <= 50  # per event, never per item


def test_a_library_index_finds_english_dates_from_cached_item_texts(library: Path) -> None:
    library.mkdir(parents=True)
    make_event(library, "2026-01-15", "Entrega de becas", "pp")
    make_event(library, "2026-06-05", "Jornada de salud", "p")
    events = load_events(str(library))
    first = build_index(str(library), events)
    # a second build reads the stored item texts; the date words come from the summary
    again = build_index(str(library), load_events(str(library)))
    for index in (first, again):
        titles = {f: d.summary.title for f, d in index.docs.items()}
        assert {titles[f] for f in index.search("Jan 15th") or {}} == {"Entrega de becas"}
        assert {titles[f] for f in index.search("friday June") or {}} == {"Jornada de salud"}
