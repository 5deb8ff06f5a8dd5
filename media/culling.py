"""Culling marks on library items: pick, reject and 0-5 stars, saved at once in the catalog.

The marks live in the item's record in its event folder's catalog (``pick``, ``reject``,
``stars``, ``rated_at``), written with one atomic replace per change, so a mark survives
closing the app or losing power right after the key press.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from media import catalog
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
    """The marks a catalog record carries; defaults for missing or malformed fields."""
    stars = item.get("stars")
    if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= MAX_STARS:
        stars = 0
    pick = item.get("pick") is True
    return Rating(pick=pick, reject=item.get("reject") is True and not pick, stars=stars)


def rating_changes(
    pick: bool | None = None, reject: bool | None = None, stars: int | None = None
) -> dict[str, Any]:
    """The catalog fields to write for the marks given (None leaves a mark as it is).

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
) -> dict[str, Any]:
    """Save marks on one item at once (one atomic catalog write) and return the fields written.

    ``item`` is the item's id, its path relative to the library, or its absolute path.
    ``folder`` (the event folder) spares the search when the caller knows it. Raises
    ``ItemNotFound`` when no catalog holds the item and ``ValueError`` for invalid marks;
    giving no mark writes nothing and returns an empty dict.
    """
    changes = rating_changes(pick, reject, stars)
    if not changes:
        return {}
    changes["rated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    event, record = find_item(library, item, folder)
    if not catalog.update_item(event, record["id"], changes):
        raise ItemNotFound(item)
    return changes


def find_item(library: str, item: str, folder: str | None = None) -> tuple[str, dict[str, Any]]:
    """(event folder, catalog record) of an item given by id or path; raises ``ItemNotFound``."""
    library = os.path.abspath(library)
    as_path = os.path.join(library, item) if not os.path.isabs(item) else item
    looks_like_path = "/" in item or os.sep in item
    folders = [folder] if folder else []
    if looks_like_path and not folder:
        owner = _owning_event_folder(library, os.path.abspath(as_path))
        folders = [owner] if owner else []
    if not folders:
        folders = event_folders(library)
    for candidate in folders:
        for record in catalog.read_items(candidate):
            if record.get("id") == item or (
                looks_like_path
                and os.path.abspath(os.path.join(candidate, str(record.get("folder_path", ""))))
                == os.path.abspath(as_path)
            ):
                return candidate, record
    raise ItemNotFound(item)


def _owning_event_folder(library: str, path: str) -> str | None:
    """The nearest folder above ``path`` (inside the library) that holds a catalog."""
    current = os.path.dirname(path)
    while len(current) > len(library) and current.startswith(library):
        if os.path.isfile(os.path.join(state_dir(current), CATALOG_FILE)):
            return current
        current = os.path.dirname(current)
    return None
