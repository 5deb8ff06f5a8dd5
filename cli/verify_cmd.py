"""``python main.py verify [--library DIR] [--json]``"""

from __future__ import annotations

import argparse

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressBar,
    add_library_option,
    chosen_library,
    existing_library,
    print_json,
    say,
)
from media.verify import VerifyReport, verify_library
from sync.share import ShareError
from sync.share_verify import verify_share
from sync.shared_view import is_share, open_view


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="comprobar cada archivo contra su manifiesto",
        description="Vuelve a calcular el hash de cada archivo. Salida 1 y una lista "
        "si falta alguno o no coincide. Con --library en la carpeta compartida, comprueba "
        "sus archivos contra los manifiestos de cada escritor, sin escribir nada.",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    chosen = chosen_library(args)
    if is_share(chosen):  # a shared folder: checked against its writers' manifests, read-only
        try:
            open_view(chosen)
        except ShareError as exc:
            say(f"{chosen}: {exc}")
            return EXIT_CANNOT_RUN
        bar = ProgressBar(label="Verificando la carpeta compartida ")
        report = verify_share(chosen, bar)
        bar.finish()
        return _report(report, args.json)
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    bar = ProgressBar(label="Verificando ")
    report = verify_library(library, bar)
    bar.finish()
    return _report(report, args.json)


def _report(report: VerifyReport, as_json: bool) -> int:
    if as_json:
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
