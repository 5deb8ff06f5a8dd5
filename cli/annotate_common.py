"""What ``caption`` and ``rate`` share: find the items, save each, report and exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, print_json, say
from media.agenda import Agenda
from media.annotate import (
    Found,
    ProtectedSidecar,
    find_items,
    merged_item,
    save_and_refresh,
)
from media.settings import load_settings
from media.xmp import XmpError

Changes = Callable[[Found, Agenda], dict[str, Any]]


def add_items_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "items",
        nargs="+",
        metavar="ITEM",
        help="id del elemento o su ruta relativa a la biblioteca",
    )


def apply_to_items(library: str, args: argparse.Namespace, changes_for: Changes) -> int:
    """Save ``changes_for(item)`` for every item named in ``args.items``; the exit status."""
    found, missing = find_items(library, list(args.items))
    for ref in missing:
        say(f"No se encontró en la biblioteca: {ref} (use el id o la ruta relativa)")
    if not found:
        say("Ningún elemento encontrado; no se guardó nada.")
        return EXIT_CANNOT_RUN
    writer = load_settings().writer_id
    agenda = Agenda(library)
    problems = len(missing)
    for one in found:
        result: dict[str, Any] = {"id": one.item["id"], "path": one.item.get("path")}
        try:
            changes = changes_for(one, agenda)
            result["sidecar"] = save_and_refresh(library, one, writer, changes, agenda)
            result["ok"] = True
        except (ValueError, ProtectedSidecar, XmpError, OSError) as exc:
            problems += 1
            result.update(ok=False, error=str(exc))
            say(f"PROBLEMA con {one.item.get('path')}: {exc}")
        merged = merged_item(one)
        for key in ("caption", "credit", "stars", "pick", "reject", "label"):
            if key in merged:
                result[key] = merged[key]
        if args.json:
            print_json(result)
        elif result["ok"]:
            say(f"Guardado: {one.item.get('path')}")
    for ref in missing:
        if args.json:
            print_json({"item": ref, "ok": False, "error": "no encontrado"})
    say(f"{len(found) - (problems - len(missing))} de {len(found) + len(missing)} guardados")
    return EXIT_PROBLEMS if problems else EXIT_OK
