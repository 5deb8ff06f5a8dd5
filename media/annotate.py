"""Find catalog items by id or path, save edits to the writer's journal, refresh sidecars.

What the ``caption`` and ``rate`` commands (and later the UI) share.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from media.agenda import Agenda, Event
from media.captions import item_day, template_values
from media.catalog import read_items
from media.edits import merged_edits, record_edits, with_edits
from media.library import event_folders
from media.xmp import sidecar_path, write_sidecar


@dataclass
class Found:
    """One catalog item and the event folder that holds it."""

    folder: str
    item: dict[str, Any]


def find_items(library: str, refs: list[str]) -> tuple[list[Found], list[str]]:
    """The items named by id or by path (library-relative or absolute), and the refs not found."""
    by_key: dict[str, Found] = {}
    for folder in event_folders(library):
        for item in read_items(folder):
            found = Found(folder, item)
            by_key[str(item["id"])] = found
            if item.get("path"):
                by_key[os.path.normpath(str(item["path"]))] = found
    found_items: list[Found] = []
    missing: list[str] = []
    seen: set[str] = set()
    for ref in refs:
        key = ref.strip()
        if os.path.isabs(key):
            key = os.path.relpath(key, library)
        hit = by_key.get(key) or by_key.get(os.path.normpath(key))
        if hit is None:
            missing.append(ref)
        elif hit.item["id"] not in seen:
            seen.add(hit.item["id"])
            found_items.append(hit)
    return found_items, missing


def item_event(agenda: Agenda, item: dict[str, Any]) -> Event | None:
    event_id = item.get("event")
    return agenda.get(str(event_id)) if event_id else None


def caption_values(item: dict[str, Any], event: Event | None, photographer: str) -> dict[str, str]:
    """Template variables for one item: its event's title, place, area and day."""
    if event is None:
        return template_values(day=item_day(item), photographer=photographer)
    return template_values(
        title=event.title,
        place=event.place,
        day=event.start_dt.date(),
        photographer=photographer,
        area=event.area,
    )


def sidecar_values(item: dict[str, Any], event: Event | None) -> dict[str, Any]:
    """The item with its edits, the event's title and place filling what nobody edited."""
    values = dict(item)
    if event is not None:
        values.setdefault("event_title", event.title)
        if event.place:
            values.setdefault("place", event.place)
    return values


class ProtectedSidecar(Exception):
    """The item's XMP sidecar came from the card and its manifest guards it: left as it is."""


def xmp_target(found: Found, items: list[dict[str, Any]] | None = None) -> tuple[str, bool]:
    """The item's sidecar path, and whether it is a card original listed in the manifest.
    ``items``: the event folder's catalog items, when the caller has them already."""
    photo = os.path.join(found.folder, str(found.item["folder_path"]))
    for side in found.item.get("sidecars", []):
        if str(side["folder_path"]).lower().endswith(".xmp"):
            return os.path.join(found.folder, side["folder_path"]), True
    stem = os.path.splitext(str(found.item["folder_path"]))[0].lower()
    shared = any(
        other["id"] != found.item["id"]
        and os.path.splitext(str(other["folder_path"]))[0].lower() == stem
        for other in (read_items(found.folder) if items is None else items)
    )
    return sidecar_path(photo, shared_stem=shared), False


def save_and_refresh(
    library: str, found: Found, writer: str, changes: dict[str, Any], agenda: Agenda
) -> str:
    """Record ``changes`` in ``writer``'s journal, then rewrite the item's XMP sidecar.

    Returns the sidecar's path. Raises ``ValueError`` for bad changes (nothing written),
    ``ProtectedSidecar`` when the sidecar is a card original (``verify`` and ``sync``
    check it against the manifest, so it is never rewritten), ``media.xmp.XmpError`` or
    ``OSError`` when the sidecar cannot be written. In those three cases the journal
    already holds the edit.
    """
    record_edits(found.folder, writer, str(found.item["id"]), changes)
    path, from_card = xmp_target(found)
    if from_card:
        raise ProtectedSidecar(
            f"edición guardada, pero el XMP de la tarjeta no se modificó "
            f"(lo protege el manifiesto): {os.path.relpath(path, library)}"
        )
    merged = with_edits(found.item, merged_edits(found.folder))
    write_sidecar(path, sidecar_values(merged, item_event(agenda, found.item)))
    return path


def merged_item(found: Found) -> dict[str, Any]:
    """The item as everybody sees it now (all writers' journals merged)."""
    return with_edits(found.item, merged_edits(found.folder))
