"""``python main.py shared [--share DIR] [--event EVENTO] [--json] [--watch]``: the share's
events, read-only (union of every writer's catalog, merged edits, conflicts)."""

from __future__ import annotations

import argparse
import os
import signal
import threading

from cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, print_json, say
from media.settings import load_settings
from sync.share import ShareError
from sync.shared_view import find_event, list_events, open_event, open_view


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "shared",
        help="ver los eventos de la carpeta compartida (solo lectura)",
        description="Lista los eventos de la carpeta compartida o, con --event, sus "
        "archivos con las ediciones de todos los escritores combinadas (gana la última de "
        "cada campo). Nunca escribe en la carpeta compartida ni copia originales.",
    )
    p.add_argument(
        "--share", metavar="DIR", help="carpeta compartida (por omisión la de la configuración)"
    )
    p.add_argument("--event", metavar="EVENTO", help="nombre de carpeta, ruta o id de agenda")
    p.add_argument(
        "--watch",
        action="store_true",
        help="seguir mostrando los eventos que cambian (Ctrl+C termina)",
    )
    p.add_argument("--json", action="store_true", help="líneas JSON en la salida estándar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    share = args.share or load_settings().shared_folder
    if not share:
        say("Falta la carpeta compartida: usa --share CARPETA (o configúrala).")
        return EXIT_CANNOT_RUN
    share = os.path.abspath(os.path.expanduser(share))
    try:
        open_view(share)
    except ShareError as exc:
        say(f"{share}: {exc}")
        return EXIT_CANNOT_RUN
    if args.watch:
        return _watch(share, args.json)
    if not args.event:
        for event in list_events(share):
            if args.json:
                print_json(event.to_json())
            else:
                print(f"{event.path}\t{', '.join(event.writers)}")
        return EXIT_OK
    rel = find_event(share, args.event)
    if rel is None:
        say(f"No hay ningún evento «{args.event}» en {share}")
        return EXIT_CANNOT_RUN
    view = open_event(share, rel)
    for item in view.items:
        if args.json:
            print_json({"type": "item", **item, "path": f"{rel}/{item.get('folder_path')}"})
        else:
            stars = "*" * int(item.get("stars") or 0)
            pick = "✓" if item.get("pick") else " "
            print(f"{pick} {stars:<5} {item.get('folder_path')}  {item.get('caption') or ''}")
    for conflict in view.conflicts:
        if args.json:
            print_json(conflict.to_json())
        say(str(conflict))
    for problem in view.problems:
        if args.json:
            print_json({"type": "problem", **problem.to_json()})
        say(f"  {problem}")
    say(f"{len(view.items)} archivos de {len(view.writers)} escritores en {rel}")
    return EXIT_PROBLEMS if view.problems else EXIT_OK


def _watch(share: str, as_json: bool) -> int:
    from sync.watch import ShareWatcher

    done = threading.Event()

    def changed(events: list[str]) -> None:
        if as_json:
            print_json({"type": "changed", "events": events})
        for event in events:
            say(f"Cambió: {event}")

    watcher = ShareWatcher(share, changed)
    previous = signal.signal(signal.SIGINT, lambda *_: done.set())
    watcher.start()
    say(f"Vigilando {share}; Ctrl+C termina.")
    try:
        while not done.wait(0.5):
            pass
    finally:
        watcher.stop()
        signal.signal(signal.SIGINT, previous)
    return EXIT_OK
