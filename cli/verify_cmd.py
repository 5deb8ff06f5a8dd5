"""``python main.py verify [--library DIR] [--json]``"""

from __future__ import annotations

import argparse

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressBar,
    add_library_option,
    existing_library,
    print_json,
    say,
)
from media.verify import verify_library


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="comprobar cada archivo contra su manifiesto",
        description="Vuelve a calcular el hash de cada archivo. Salida 1 y una lista "
        "si falta alguno o no coincide.",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    bar = ProgressBar(label="Verificando ")
    report = verify_library(library, bar)
    bar.finish()
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "bytes": report.bytes,
                "mismatched": report.mismatched,
                "missing": report.missing,
                "unreadable_manifests": report.unreadable_manifests,
            }
        )
    for path in report.mismatched:
        say(f"NO COINCIDE: {path}")
    for path in report.missing:
        say(f"FALTA: {path}")
    for path in report.unreadable_manifests:
        say(f"MANIFIESTO ILEGIBLE: {path}")
    say(f"{report.checked} archivos verificados; {'todo bien' if report.ok else 'hay problemas'}")
    return EXIT_OK if report.ok else EXIT_PROBLEMS
