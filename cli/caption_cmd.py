"""``python main.py caption ITEM... [--text TEXT | --template TEXT] [--credit TEXT]
[--library DIR] [--json]``"""

from __future__ import annotations

import argparse
from typing import Any

from cli.annotate_common import add_items_argument, apply_to_items
from cli.common import EXIT_CANNOT_RUN, add_library_option, existing_library, say
from media.agenda import Agenda
from media.annotate import Found, caption_values, item_event, merged_item
from media.captions import (
    VARIABLES,
    check_template,
    compose_caption,
    credit_name,
    default_credit,
    expand_codes,
    load_codes,
)
from media.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    shown = ", ".join("{" + v + "}" for v in VARIABLES)
    p = sub.add_parser(
        "caption",
        help="escribir el pie de foto y el crédito de uno o más elementos",
        description="Guarda el pie de foto y el crédito en su diario de ediciones y "
        "actualiza el XMP junto a cada foto. Los códigos de .cobertura/codes.json "
        f"(por ejemplo =alc) se expanden. Variables de plantilla: {shown}.",
    )
    add_items_argument(p)
    text = p.add_mutually_exclusive_group()
    text.add_argument("--text", metavar="TEXT", help="el pie de foto tal cual (con códigos)")
    text.add_argument(
        "--template", metavar="TEXT", help="una plantilla llenada con el evento de cada elemento"
    )
    p.add_argument(
        "--credit",
        metavar="TEXT",
        help="crédito (por omisión «Foto: NOMBRE / Alcaldía Iztacalco» si aún no tiene)",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="un objeto JSON por elemento")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    try:
        codes = load_codes(library)
        if args.template is not None:
            check_template(args.template)
    except ValueError as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    settings = load_settings()
    credit = default_credit(settings.photographer, settings.writer_id)
    name = credit_name(settings.photographer, settings.writer_id)

    def changes_for(found: Found, agenda: Agenda) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if args.text is not None:
            changes["caption"] = expand_codes(args.text, codes)
        elif args.template is not None:
            values = caption_values(found.item, item_event(agenda, found.item), name)
            changes["caption"] = compose_caption(args.template, codes, values)
        if args.credit is not None:
            changes["credit"] = expand_codes(args.credit, codes)
        elif not merged_item(found).get("credit"):
            changes["credit"] = credit
        return changes

    return apply_to_items(library, args, changes_for)
