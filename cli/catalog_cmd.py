"""``python main.py catalog [--library DIR] [--event ID] [--json]``"""

from __future__ import annotations

import argparse

from cli.common import EXIT_CANNOT_RUN, EXIT_OK, add_library_option, existing_library, print_json
from media.catalog import read_items
from media.library import event_folders

FIELDS = ("id", "kind", "path", "source_path", "size", "hash", "capture_time")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="listar lo que hay en la biblioteca")
    add_library_option(p)
    p.add_argument("--event", metavar="ID", help="solo los archivos de este evento")
    p.add_argument("--json", action="store_true", help="un objeto JSON por archivo")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    for folder in event_folders(library):
        for item in sorted(
            read_items(folder), key=lambda i: (i.get("capture_time_local") or "", i["path"])
        ):
            if args.event and item.get("event") != args.event:
                continue
            if args.json:
                print_json(item)
            else:
                print(f"{item['capture_time_local']}  {item['kind']:<6} {item['path']}")
    return EXIT_OK
