"""Cobertura: `python main.py` opens the desktop app; subcommands run the same stages headless."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import cli

# Subcommands are the `cli/*_cmd.py` modules, each with `register(subparsers)`. This order
# comes first in `--help`; any other module is listed after it, alphabetically.
ORDER = (
    "ingest",
    "catalog",
    "verify",
    "agenda",
    "retag",
    "clock",
    "pick",
    "trim",
    "caption",
    "rate",
    "export",
    "sync",
    "shared",
    "demo",
    "screenshot",
)


def command_modules() -> list:
    names = [m.name for m in pkgutil.iter_modules(cli.__path__) if m.name.endswith("_cmd")]
    rank = {name: i for i, name in enumerate(ORDER)}
    names.sort(key=lambda n: (rank.get(n.removesuffix("_cmd"), len(ORDER)), n))
    return [importlib.import_module(f"cli.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Cobertura: de la tarjeta a la carpeta compartida, verificado en cada paso. "
        "Sin subcomando abre la aplicación de escritorio.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for module in command_modules():
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
