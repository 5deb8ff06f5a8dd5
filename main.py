"""Cobertura: `python main.py` opens the desktop app; subcommands run the same stages headless."""

from __future__ import annotations

import argparse
import sys

from cli import agenda_cmd, catalog_cmd, clock_cmd, demo_cmd, ingest_cmd, retag_cmd, verify_cmd


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Cobertura: de la tarjeta a la carpeta compartida, verificado en cada paso. "
        "Sin subcomando abre la aplicación de escritorio.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for module in (ingest_cmd, catalog_cmd, verify_cmd, agenda_cmd, retag_cmd, clock_cmd, demo_cmd):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run_app

        return run_app()
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Interrumpido.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
