"""``python main.py agenda import FILE | list [--day D] [--json] | invite --day D``"""

from __future__ import annotations

import argparse
import os
from datetime import date

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_library_option,
    library_path,
    print_json,
    say,
)
from media.agenda import Agenda
from media.agenda_import import import_agenda
from media.invite import INVITE_PRIORITY, invitation, rank_for_press
from media.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agenda", help="importar y consultar la agenda de eventos")
    agenda_sub = p.add_subparsers(dest="agenda_command", metavar="ACCIÓN", required=True)

    imp = agenda_sub.add_parser("import", help="importar un archivo .ics o .csv")
    imp.add_argument("file", metavar="FILE")
    add_library_option(imp)
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)

    lst = agenda_sub.add_parser("list", help="eventos en orden de hora, con su prioridad")
    add_library_option(lst)
    lst.add_argument("--day", metavar="YYYY-MM-DD", type=_day)
    lst.add_argument("--json", action="store_true", help="un objeto JSON por evento")
    lst.set_defaults(func=run_list)

    inv = agenda_sub.add_parser("invite", help="invitación a medios del día, en español")
    add_library_option(inv)
    inv.add_argument("--day", metavar="YYYY-MM-DD", type=_day, required=True)
    inv.add_argument(
        "--min-priority",
        type=int,
        default=INVITE_PRIORITY,
        help=f"prioridad mínima para invitar (1 a 5, por omisión {INVITE_PRIORITY})",
    )
    inv.add_argument("-o", "--output", metavar="FILE", help="guardar también en un archivo")
    inv.add_argument("--json", action="store_true")
    inv.set_defaults(func=run_invite)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"fecha inválida: {text} (use AAAA-MM-DD)") from exc


def run_import(args: argparse.Namespace) -> int:
    if not os.path.isfile(args.file):
        say(f"No existe el archivo: {args.file}")
        return EXIT_CANNOT_RUN
    try:
        result = import_agenda(args.file, library_path(args), load_settings().time_zone)
    except (ValueError, OSError) as exc:
        say(f"No se pudo importar la agenda: {exc}")
        return EXIT_CANNOT_RUN
    if args.json:
        print_json(
            {
                "added": result.added,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "cancelled": result.cancelled,
                "problems": [{"line": line, "reason": why} for line, why in result.problems],
            }
        )
    for line, why in result.problems:
        say(f"  línea {line}: {why}" if line else f"  {why}")
    say(
        f"Eventos nuevos: {len(result.added)}, actualizados: {len(result.updated)}, "
        f"sin cambios: {len(result.unchanged)}, cancelados: {len(result.cancelled)}"
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    agenda = Agenda(library_path(args), load_settings().time_zone)
    events = agenda.on_day(args.day) if args.day else agenda.active()
    for event in events:
        if args.json:
            print_json(event.to_json())
        else:
            print(
                f"{event.start[:16].replace('T', ' ')}  P{event.priority}  {event.title}"
                + (f" — {event.place}" if event.place else "")
                + f"  [{event.id}]"
            )
    if not events:
        say("No hay eventos" + (f" el {args.day}" if args.day else "") + ".")
    return EXIT_OK


def run_invite(args: argparse.Namespace) -> int:
    settings = load_settings()
    agenda = Agenda(library_path(args), settings.time_zone)
    day_events = agenda.on_day(args.day)
    text = invitation(day_events, args.day, args.min_priority, settings.time_zone)
    if args.json:
        chosen = [e for e in rank_for_press(day_events) if e.priority >= args.min_priority]
        print_json({"day": args.day.isoformat(), "text": text, "events": [e.id for e in chosen]})
    else:
        print(text)
    if args.output:
        from media.atomic import write_atomic

        write_atomic(os.path.abspath(args.output), (text + "\n").encode("utf-8"))
        say(f"Invitación guardada en {args.output}")
    return EXIT_OK
