"""``python main.py demo [--library DIR] [--json]``: a small library of shipped media."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, EXIT_PROBLEMS, add_library_option, library_path, print_json, say
from media.demo import build_demo_library


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="crear una biblioteca de ejemplo para conocer el programa")
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resumen como un objeto JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = library_path(args)
    reports = build_demo_library(library)
    failed = sum(len(r.failed) for r in reports)
    copied = sum(r.count("copied") for r in reports)
    if args.json:
        print_json({"library": library, "copied": copied, "failed": failed})
    say(f"Biblioteca de ejemplo en {library}: {copied} archivos nuevos.")
    say(f'Ábrela con: COBERTURA_LIBRARY="{library}" python main.py')
    return EXIT_PROBLEMS if failed else EXIT_OK
