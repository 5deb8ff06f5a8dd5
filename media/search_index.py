"""Search over the library's events: titles, places, dates, and the captions of their items.

An event's own text is its title, place, colonia, area and folder name, plus its day
written every way people type it, in Spanish first (``2026-01-15``, ``15/01/2026``,
``15/01``, ``15 de enero de 2026``, ``jueves``) and in English (``Thursday, January 15,
2026``, ``15th``, ``01/15/2026``: see ``english_day``). Each item adds the text people
gave it through the edit journals (caption, keywords, place, city, colonia, event title,
credit, creator).

Item texts are kept per event in ``LIBRARY/.cobertura/index/search/<key>.json`` with the
stamp (``media.event_summary.event_stamp``) they were read from, so an update reads only
the events that changed; the files are derived and can be deleted. Matching ignores case
and accents, and every word typed must be found (as a part of a word: "becas" finds
"Becas", "15/01" finds "15/01/2026"). An event matches by its own text or through its
items: then the list says how many of its photos hold the words its own text lacks.
"""

from __future__ import annotations

import json
import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import xxhash

from media.atomic import write_atomic
from media.event_summary import CATALOG_ERRORS, EventSummary, Stamp, event_stamp, index_dir
from media.models import CancelToken, ProgressFn
from media.timeutil import DAYS_ES, english_date, english_ordinal, spanish_date

log = logging.getLogger(__name__)

SEARCH_DIR = "search"
SEARCH_VERSION = 2  # of the stored item texts; an event's own text is never stored
ITEM_FIELDS = (
    "caption",
    "keywords",
    "place",
    "city",
    "colonia",
    "event_title",
    "credit",
    "creator",
)


def folded(text: str) -> str:
    """Lower case without accents: 'Agrícola' and 'agricola' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_words(query: str) -> list[str]:
    """The words of a query as they are matched, without the punctuation that follows
    a word in writing ('Jan. 15,' and 'jueves,' are 'jan' 15 and 'jueves')."""
    words = (w.rstrip(".,;:") for w in folded(query).split())
    return [w for w in words if w]


def item_text(item: dict[str, Any]) -> str:
    """The searchable text people gave an item (folded); '' when there is none."""
    parts: list[str] = []
    for name in ITEM_FIELDS:
        value = item.get(name)
        if isinstance(value, list | tuple):
            parts.extend(str(v) for v in value if v)
        elif value:
            parts.append(str(value))
    return " ".join(folded(" ".join(parts)).split())  # one line, single spaces


def event_text(summary: EventSummary) -> str:
    """The event's own searchable text (folded): names, places and its day in many forms."""
    parts = [summary.title, summary.place, summary.colonia, summary.area]
    parts.append(os.path.basename(summary.folder))
    day = summary.day
    if day is not None:
        parts += [
            day.isoformat(), f"{day:%d/%m/%Y}", f"{day:%d/%m}", f"{day.day}/{day.month}/{day.year}",
            f"{day:%d-%m-%Y}", spanish_date(day), DAYS_ES[day.weekday()], english_day(day),
        ]  # fmt: skip
    return folded(" ".join(p for p in parts if p))


def english_day(day: date) -> str:
    """The day as people type it in English: 'Thursday, January 15, 2026 15th 01/15/2026'.

    Matching by part of a word then finds 'January 15', 'Jan 15', '15 Jan 2026',
    'Jan 15th', 'thursday', 'thu', '1/15/2026' and '1/15' in it. The US numeric form
    (month first) is added only when the day is past the 12th, where no one can read it
    day first: '05/06/2026' is 5 June in Mexico and May 6 in the United States, and
    holding both readings would show the wrong event beside the right one for every
    such query. So '05/06/2026' finds June 5 only, as the office (Spanish first) means
    it, and '1/15/2026' finds January 15 (and, a part of '11/15/2026', November 15 too,
    as '5/01/2026' finds the 15th and 25th: matching is by part of a word)."""
    words = f"{english_date(day, weekday=True)} {english_ordinal(day.day)}"
    return f"{words} {day:%m/%d/%Y}" if day.day > 12 else words


@dataclass
class EventDoc:
    """One event as the index holds it: its own text, and its items' words."""

    summary: EventSummary
    text: str
    stamp: Stamp | None
    items: list[tuple[str, str]] = field(default_factory=list)  # (item id, folded text)

    def __post_init__(self) -> None:
        self.postings: dict[str, list[int]] = {}  # word -> the items whose text holds it
        for n, (_id, text) in enumerate(self.items):
            for word in set(text.split()):
                self.postings.setdefault(word, []).append(n)

    def hits(self, words: list[str], matching: dict[str, list[str]]) -> int | None:
        """None when the event does not match. When its own text (title, place, dates)
        holds every word, 0; else how many of its items hold the words its text lacks.
        ``matching`` gives, for each query word, the index's words that contain it."""
        missing = [w for w in words if w not in self.text]
        if not missing:
            return 0
        found: set[int] | None = None
        for word in sorted(missing, key=lambda w: len(matching[w])):  # fewest first
            items = self._items_with(word, matching[word])
            found = items if found is None else found & items
            if not found:
                return None
        return len(found) if found else None

    def _items_with(self, word: str, candidates: list[str]) -> set[int]:
        """The items holding ``word`` inside one of their words (``candidates``: every
        word of the index that contains it; this event's own words are looked at
        instead when they are fewer)."""
        out: set[int] = set()
        if len(candidates) <= len(self.postings):
            for candidate in candidates:
                items = self.postings.get(candidate)
                if items:
                    out.update(items)
        else:
            for own, items in self.postings.items():
                if word in own:
                    out.update(items)
        return out


class SearchIndex:
    """Every event's text and its items' words, in memory; read-only once built."""

    def __init__(self, docs: Iterable[EventDoc] = ()) -> None:
        self.docs: dict[str, EventDoc] = {d.summary.folder: d for d in docs}
        self._vocabulary: list[str] | None = None

    def vocabulary(self) -> list[str]:
        """Every word of every item's text, once."""
        if self._vocabulary is None:
            words: set[str] = set()
            for doc in self.docs.values():
                words.update(doc.postings)
            self._vocabulary = sorted(words)
        return self._vocabulary

    def search(self, query: str) -> dict[str, int] | None:
        """Matching events (folder -> items matched by their own text, see
        ``EventDoc.hits``); None for an empty query (everything matches)."""
        words = list(dict.fromkeys(query_words(query)))
        if not words:
            return None
        vocabulary = self.vocabulary()
        matching = {w: [v for v in vocabulary if w in v] for w in words}
        found = {}
        for folder, doc in self.docs.items():
            hits = doc.hits(words, matching)
            if hits is not None:
                found[folder] = hits
        return found

    def with_doc(self, doc: EventDoc) -> SearchIndex:
        """A copy with ``doc`` in place of its event's document."""
        docs = dict(self.docs)
        docs[doc.summary.folder] = doc
        return SearchIndex(docs.values())

    def item_count(self) -> int:
        return sum(len(d.items) for d in self.docs.values())


def _doc_path(library: str, folder: str) -> str:
    rel = os.path.relpath(folder, library).replace(os.sep, "/")
    key = xxhash.xxh3_64_hexdigest(rel.encode("utf-8"))
    return os.path.join(index_dir(library), SEARCH_DIR, key + ".json")


def texts_of(items: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(id, text) of the items that have searchable text."""
    out = []
    for item in items:
        text = item_text(item)
        if text:
            out.append((str(item.get("id", "")), text))
    return out


def store_items(library: str, folder: str, stamp: Stamp, items: list[dict[str, Any]]) -> None:
    """Keep the searchable texts of ``folder``'s items, read at ``stamp`` (for
    ``media.event_summary.count_events``'s ``on_items``). A library that cannot be
    written only costs a re-read next time."""
    _write_texts(library, folder, stamp, texts_of(items))


def _write_texts(library: str, folder: str, stamp: Stamp, texts: list[tuple[str, str]]) -> None:
    rel = os.path.relpath(folder, library).replace(os.sep, "/")
    data = {"version": SEARCH_VERSION, "event": rel, "stamp": stamp, "items": texts}
    try:
        write_atomic(
            _doc_path(library, folder),
            json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        )
    except OSError as exc:
        log.debug("search texts of %s not cached: %s", folder, exc)


def _read_texts(library: str, folder: str, stamp: Stamp) -> list[tuple[str, str]] | None:
    try:
        with open(_doc_path(library, folder), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    rel = os.path.relpath(folder, library).replace(os.sep, "/")
    if not isinstance(data, dict) or data.get("version") != SEARCH_VERSION:
        return None
    if data.get("event") != rel or data.get("stamp") != stamp:
        return None
    try:
        return [(str(i), str(t)) for i, t in data.get("items", [])]
    except (TypeError, ValueError):
        return None


def build_index(
    library: str,
    summaries: list[EventSummary],
    previous: SearchIndex | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> SearchIndex:
    """The index of ``summaries``' events. An event whose stamp is unchanged since
    ``previous`` (or since its cached texts) is not read again; the others are read from
    their catalogs and journals and cached. Cancelled: the events indexed so far."""
    from media.culling import event_items

    docs = []
    for n, summary in enumerate(summaries):
        if cancel is not None and cancel.cancelled:
            break
        folder = summary.folder
        stamp = event_stamp(folder)
        old = previous.docs.get(folder) if previous is not None else None
        if old is not None and stamp is not None and old.stamp == stamp:
            same = old.summary == summary  # else its title or place changed: new text
            docs.append(old if same else EventDoc(summary, event_text(summary), stamp, old.items))
        else:
            texts = _read_texts(library, folder, stamp) if stamp is not None else None
            if texts is None and stamp is not None:
                try:
                    texts = texts_of(event_items(folder))
                    _write_texts(library, folder, stamp, texts)
                except CATALOG_ERRORS as exc:
                    log.warning("catalog of %s not indexed: %s", folder, exc)
            docs.append(EventDoc(summary, event_text(summary), stamp, texts or []))
        if progress is not None:
            progress(n + 1, len(summaries))
    if cancel is None or not cancel.cancelled:
        _forget_others(library, [s.folder for s in summaries])
    return SearchIndex(docs)


def _forget_others(library: str, folders: list[str]) -> None:
    """Delete the cached texts of events that are gone (moved by retag, deleted)."""
    keep = {os.path.basename(_doc_path(library, f)) for f in folders}
    folder = os.path.join(index_dir(library), SEARCH_DIR)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(".json") and name not in keep:
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
