"""``python main.py catalog [--library DIR] [--event ID] [--json]``

``--library`` may point at the office's shared folder (a folder holding the
``.cobertura-share`` marker): the catalog is then read through the shared view (every
writer's newest catalog snapshot, every edit journal merged), read-only, in the same shape,
with ``path`` relative to the share and ``writers`` naming who pushed each file.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_library_option,
    chosen_library,
    existing_library,
    print_json,
    say,
)
from media.catalog import read_items
from media.library import event_folders
from sync.share import ShareError
from sync.shared_view import is_share, list_events, open_event, open_view

FIELDS = ("id", "kind", "path", "source_path", "size", "hash", "capture_time")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "catalog",
        help="listar lo que hay en la biblioteca (o, de solo lectura, en la carpeta compartida)",
        description="Lista los archivos de la biblioteca. Si --library es la carpeta "
        "compartida, los lee de ahí sin escribir nada: los catálogos de todos los "
        "escritores unidos y sus ediciones combinadas.",
    )
    add_library_option(p)
    p.add_argument(
        "--event",
        metavar="ID",
        help="solo los archivos de este evento (id de agenda; en la carpeta compartida "
        "también el nombre o la ruta de la carpeta del evento)",
    )
    p.add_argument("--json", action="store_true", help="un objeto JSON por archivo")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    chosen = chosen_library(args)
    if is_share(chosen):
        return run_on_share(chosen, args)
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    for folder in event_folders(library):
        for item in sorted(
            read_items(folder), key=lambda i: (i.get("capture_time_local") or "", i["path"])
        ):
            if args.event and item.get("event") != args.event:
                continue
            _show(item, args.json)
    return EXIT_OK


def run_on_share(share: str, args: argparse.Namespace) -> int:
    """The catalog of a shared folder, read-only; exit 1 when a snapshot or journal could
    not be read (listed), 2 when the share is not usable."""
    try:
        open_view(share)
    except ShareError as exc:
        say(f"{share}: {exc}")
        return EXIT_CANNOT_RUN
    say(f"Carpeta compartida {share}: solo lectura.")
    problems = 0
    for item, problem in share_catalog(share, args.event):
        if problem is not None:
            problems += 1
            if args.json:
                print_json({"type": "problem", **problem})
            say(f"  PROBLEMA: {problem['path']}: {problem['message']}")
        elif item is not None:
            _show(item, args.json)
    return EXIT_PROBLEMS if problems else EXIT_OK


def share_catalog(
    share: str, event: str | None = None
) -> Iterator[tuple[dict[str, Any] | None, dict[str, str] | None]]:
    """(item, None) for every file on the share, event by event, in shooting order, and
    (None, problem) for what could not be read. ``event``: agenda id, folder name or path."""
    rels = [e.path for e in list_events(share)]
    agenda_id = event
    if event:
        named = [rel for rel in rels if event in (rel, rel.rsplit("/", 1)[-1])]
        if named:
            rels, agenda_id = named, None
    for rel in rels:
        view = open_event(share, rel)
        for item in sorted(
            view.items, key=lambda i: (i.get("capture_time_local") or "", str(i.get("path")))
        ):
            if agenda_id is None or item.get("event") == agenda_id:
                yield item, None
        for problem in view.problems:
            yield (
                None,
                {
                    "problem": problem.type.value,
                    "path": problem.path,
                    "detail": problem.detail,
                    "message": str(problem),
                },
            )


def _show(item: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(item)
    else:
        print(f"{item.get('capture_time_local')}  {item.get('kind', ''):<6} {item.get('path')}")
