"""Find catalog items by id or path, save edits to the writer's journal, refresh sidecars.

What the ``caption`` and ``rate`` commands and the app's culling keys share.
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from media.agenda import EVENTS_FILE, Agenda, Event
from media.captions import item_day, template_values
from media.catalog import read_items
from media.edits import MergedEdits, merged_edits, record_edits, with_edits
from media.library import STATE_DIR, event_folders
from media.models import Problem, ProblemType
from media.xmp import XmpError, sidecar_path, write_sidecar


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


def xmp_target(
    found: Found,
    items: list[dict[str, Any]] | None = None,
    stems: Mapping[str, int] | None = None,
) -> tuple[str, bool]:
    """The item's sidecar path, and whether it is a card original listed in the manifest.
    ``items``: the event folder's catalog items, when the caller has them already;
    ``stems``: how many of them have each :func:`file_stem`, when it has counted them."""
    photo = os.path.join(found.folder, str(found.item["folder_path"]))
    for side in found.item.get("sidecars", []):
        if str(side["folder_path"]).lower().endswith(".xmp"):
            return os.path.join(found.folder, side["folder_path"]), True
    if stems is None:
        others = read_items(found.folder) if items is None else items
        stems = Counter(file_stem(other) for other in others)
    shared = stems.get(file_stem(found.item), 0) > 1  # the item itself is one of them
    return sidecar_path(photo, shared_stem=shared), False


def file_stem(item: Mapping[str, Any]) -> str:
    """The item's path in its event folder without extension, lower-case: files that share
    it (a RAW+JPEG pair) cannot both have ``stem.xmp``."""
    return os.path.splitext(str(item["folder_path"]))[0].lower()


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
    _write_merged(path, found.item, merged_edits(found.folder), agenda)
    return path


def _write_merged(
    path: str, item: dict[str, Any], merged: MergedEdits, agenda: Agenda | None
) -> None:
    """Write the sidecar at ``path`` with the item's merged edits and its event's title and
    place (none without an agenda)."""
    event = item_event(agenda, item) if agenda is not None else None
    write_sidecar(path, sidecar_values(with_edits(item, merged), event))


def merged_item(found: Found) -> dict[str, Any]:
    """The item as everybody sees it now (all writers' journals merged)."""
    return with_edits(found.item, merged_edits(found.folder))


@dataclass
class SidecarRefresh:
    """What refreshing the sidecars of a batch of items did."""

    written: list[str] = field(default_factory=list)  # sidecars rewritten
    kept: list[str] = field(default_factory=list)  # card originals the manifest guards
    problems: list[Problem] = field(default_factory=list)  # library-relative paths
    failed_ids: list[str] = field(default_factory=list)  # items whose sidecar was not written


def refresh_sidecars(
    library: str, folder: str, item_ids: Iterable[str], agenda: Agenda | None = None
) -> SidecarRefresh:
    """Rewrite the XMP sidecar of each item of ``folder`` named in ``item_ids`` with its merged
    edits (every writer's journal) and its event's title and place, as ``rate`` does.

    Nothing is recorded in a journal here: the edits are there already. The event's catalog
    and journals are read once for the whole batch, and ``agenda`` (the library's) too when not
    given; an agenda that cannot be read is a problem and the sidecars are written without
    event. A card original listed in the manifest is never rewritten (``kept``). A sidecar
    that cannot be written (read-only folder, full disk, a broken existing XMP) is a problem
    and the other items go on. Ids the catalog does not hold are skipped. Never raises for
    a disk or data fault.
    """
    result = SidecarRefresh()
    if agenda is None:
        try:
            agenda = Agenda(library)
        except (OSError, ValueError) as exc:
            where = os.path.join(STATE_DIR, EVENTS_FILE)
            result.problems.append(Problem(ProblemType.UNREADABLE, where, str(exc)))
    try:
        items = read_items(folder)
        merged = merged_edits(folder)
    except (OSError, ValueError) as exc:
        shown = os.path.relpath(folder, library)
        result.problems.append(Problem(ProblemType.UNREADABLE, shown, str(exc)))
        return result
    by_id = {str(item["id"]): item for item in items}
    stems = Counter(file_stem(item) for item in items)
    for item_id in dict.fromkeys(item_ids):
        item = by_id.get(item_id)
        if item is None:
            continue
        path, from_card = xmp_target(Found(folder, item), items, stems)
        if from_card:
            result.kept.append(path)
            continue
        try:
            _write_merged(path, item, merged, agenda)
        except (XmpError, OSError) as exc:
            result.problems.append(_sidecar_problem(os.path.relpath(path, library), exc))
            result.failed_ids.append(item_id)
        else:
            result.written.append(path)
    return result


def _sidecar_problem(shown: str, exc: Exception) -> Problem:
    if isinstance(exc, XmpError):  # the existing sidecar is not XMP: left as it is
        return Problem(ProblemType.UNREADABLE, shown, str(exc.__cause__ or exc))
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Problem(ProblemType.DISK_FULL, shown, exc.strerror or str(exc))
    detail = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    return Problem(ProblemType.WRITE_ERROR, shown, detail)
