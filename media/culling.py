"""Culling marks on library items: pick, reject and 0-5 stars, saved at once.

A mark is appended, fsynced, to this writer's edit journal in the item's event folder
(``media.edits``: ``EVENT/.cobertura/edits/<writer>.jsonl``). The catalog itself is never
edited, so several people can cull one shared event and an ingest that rewrites the
catalog loses no mark. Readers see every writer's journal merged over the catalog
(``event_items``); the latest mark of a field wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from media import catalog
from media.edits import merged_edits, record_edits, with_edits
from media.library import CATALOG_FILE, event_folders, state_dir

MAX_STARS = 5


class ItemNotFound(LookupError):
    """No catalog of the library holds the item asked for."""


@dataclass(frozen=True)
class Rating:
    """The culling marks of one item. ``pick`` and ``reject`` are never both set."""

    pick: bool = False
    reject: bool = False
    stars: int = 0


def rating_of(item: Mapping[str, Any]) -> Rating:
    """The marks an item (with its edits applied) carries; defaults for missing or bad fields."""
    stars = item.get("stars")
    if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= MAX_STARS:
        stars = 0
    pick = item.get("pick") is True
    return Rating(pick=pick, reject=item.get("reject") is True and not pick, stars=stars)


def rating_changes(
    pick: bool | None = None, reject: bool | None = None, stars: int | None = None
) -> dict[str, Any]:
    """The fields to record for the marks given (None leaves a mark as it is).

    Setting ``pick`` clears ``reject`` and the other way round. Raises ``ValueError`` for
    stars outside 0-5 or for pick and reject both set.
    """
    if pick and reject:
        raise ValueError("una toma no puede estar elegida y descartada a la vez")
    changes: dict[str, Any] = {}
    if pick is not None:
        changes["pick"] = bool(pick)
        if pick:
            changes["reject"] = False
    if reject is not None:
        changes["reject"] = bool(reject)
        if reject:
            changes["pick"] = False
    if stars is not None:
        if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= MAX_STARS:
            raise ValueError(f"estrellas fuera de 0 a {MAX_STARS}: {stars!r}")
        changes["stars"] = stars
    return changes


def set_rating(
    library: str,
    item: str,
    *,
    pick: bool | None = None,
    reject: bool | None = None,
    stars: int | None = None,
    folder: str | None = None,
    writer: str | None = None,
) -> dict[str, Any]:
    """Save marks on one item now (fsynced before returning); return the fields recorded.

    ``item`` is the item's id, its path relative to the library, or its absolute path;
    ``folder`` (its event folder) spares the search when the caller knows it. ``writer``
    defaults to this person's writer id (settings, ``COBERTURA_WRITER``). Raises
    ``ItemNotFound`` when no catalog holds the item and ``ValueError`` for invalid marks;
    giving no mark records nothing and returns an empty dict.
    """
    changes = rating_changes(pick, reject, stars)
    if not changes:
        return {}
    event, record = find_item(library, item, folder)
    if writer is None:
        from media.settings import load_settings

        writer = load_settings().writer_id
    record_edits(event, writer, str(record["id"]), changes)
    return changes


def event_items(folder: str) -> list[dict[str, Any]]:
    """The event folder's catalog items with every writer's edits (marks) applied."""
    items = catalog.read_items(folder)
    if not items:
        return items
    merged = merged_edits(folder)
    return [with_edits(item, merged) for item in items]


def find_item(library: str, item: str, folder: str | None = None) -> tuple[str, dict[str, Any]]:
    """(event folder, catalog record) of an item given by id or path; raises ``ItemNotFound``."""
    library = os.path.abspath(library)
    as_path = os.path.abspath(item if os.path.isabs(item) else os.path.join(library, item))
    looks_like_path = "/" in item or os.sep in item
    folders = [folder] if folder else []
    if looks_like_path and not folder:
        owner = _owning_event_folder(library, as_path)
        folders = [owner] if owner else []
    if not folders:
        folders = event_folders(library)
    for candidate in folders:
        for record in catalog.read_items(candidate):
            if record.get("id") == item:
                return candidate, record
            if looks_like_path and as_path == os.path.abspath(
                os.path.join(candidate, str(record.get("folder_path", "")))
            ):
                return candidate, record
    raise ItemNotFound(item)


def _owning_event_folder(library: str, path: str) -> str | None:
    """The nearest folder above ``path`` (inside the library) that holds a catalog."""
    current = os.path.dirname(path)
    while current.startswith(library + os.sep):
        if os.path.isfile(os.path.join(state_dir(current), CATALOG_FILE)):
            return current
        current = os.path.dirname(current)
    return None
