"""``python main.py retag [--library DIR] [--dry-run] [--json]``"""

from __future__ import annotations

import argparse

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    add_library_option,
    existing_library,
    print_json,
    say,
)
from media.locking import LibraryBusy
from media.retag import retag
from media.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "retag",
        help="mover archivos al evento que les toca tras cambiar la agenda o un reloj",
        description="Vuelve a asignar cada archivo a su evento con la hora corregida. Los "
        "archivos, catálogos y manifiestos se mueven juntos; si se interrumpe, la siguiente "
        "ejecución termina el trabajo.",
    )
    add_library_option(p)
    p.add_argument("--dry-run", action="store_true", help="solo decir qué se movería")
    p.add_argument("--json", action="store_true", help="un objeto JSON por archivo movido")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    settings = load_settings()
    try:
        report = retag(
            library,
            settings.time_zone,
            settings.match_before_minutes,
            settings.match_after_minutes,
            dry_run=args.dry_run,
        )
    except LibraryBusy:
        say("Otra tarea está usando esta biblioteca; espera a que termine.")
        return EXIT_CANNOT_RUN
    for move in report.moved:
        if args.json:
            print_json(
                {
                    "id": move.item_id,
                    "from": move.files[0][0],
                    "to": move.files[0][1],
                    "event": move.item.get("event"),
                }
            )
        else:
            say(f"{move.files[0][0]}  ->  {move.to_folder}")
    verb = "Se moverían" if args.dry_run else "Movidos"
    say(
        f"{verb}: {len(report.moved)}; hora corregida sin mover: {report.updated}; "
        f"sin cambios: {report.unchanged}"
        + ("; se terminó una ejecución interrumpida" if report.resumed else "")
    )
    return EXIT_OK
