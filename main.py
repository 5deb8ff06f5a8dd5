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
    "still",
    "trim",
    "caption",
    "rate",
    "export",
    "sync",
    "shared",
    "demo",
    "screenshot",
)


def command_modules(only: str | None = None) -> list:
    """The subcommand modules in --help order; just ``only``'s module when it names one
    (a command starts without importing every other command's dependencies)."""
    names = [m.name for m in pkgutil.iter_modules(cli.__path__) if m.name.endswith("_cmd")]
    if only is not None and f"{only}_cmd" in names:
        names = [f"{only}_cmd"]
    rank = {name: i for i, name in enumerate(ORDER)}
    names.sort(key=lambda n: (rank.get(n.removesuffix("_cmd"), len(ORDER)), n))
    return [importlib.import_module(f"cli.{name}") for name in names]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Cobertura: de la tarjeta a la carpeta compartida, verificado en cada paso. "
        "Sin subcomando abre la aplicación de escritorio.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for module in command_modules(only):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # the desktop app: no command module is needed
        from ui.app import run_app

        return run_app()
    parser = build_parser(only=argv[0])
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
