"""``python main.py rate ITEM... (--stars N | --pick | --reject) [--library DIR] [--json]``"""

from __future__ import annotations

import argparse
from typing import Any

from cli.annotate_common import add_items_argument, apply_to_items
from cli.common import EXIT_CANNOT_RUN, add_library_option, existing_library
from media.agenda import Agenda
from media.annotate import Found


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rate",
        help="calificar, elegir o descartar uno o más elementos",
        description="Guarda estrellas, elección o descarte en su diario de ediciones y "
        "actualiza el XMP junto a cada foto (xmp:Rating; un descarte es -1).",
    )
    add_items_argument(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--stars",
        type=int,
        choices=range(0, 6),
        metavar="N",
        help="estrellas, de 0 a 5 (quita el descarte)",
    )
    what.add_argument("--pick", action="store_true", help="marcar como elegida")
    what.add_argument("--reject", action="store_true", help="marcar como descartada")
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="un objeto JSON por elemento")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    if args.stars is not None:
        changes: dict[str, Any] = {"stars": args.stars, "reject": False}
    elif args.pick:
        changes = {"pick": True}
    else:
        changes = {"reject": True}

    def changes_for(_found: Found, _agenda: Agenda) -> dict[str, Any]:
        return changes

    return apply_to_items(library, args, changes_for)
