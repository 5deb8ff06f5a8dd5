"""``python main.py sync [--library DIR] --to SHARED_DIR [--events ...] [--json]``
and ``python main.py sync --init SHARED_DIR``."""

from __future__ import annotations

import argparse
import os
import signal
from collections.abc import Callable

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressBar,
    ThrottledJsonProgress,
    add_library_option,
    human_bytes,
    library_path,
    print_json,
    say,
)
from media.locking import LibraryBusy
from media.models import CancelToken
from media.settings import load_settings
from sync.config import configured_parts
from sync.localscan import ALL_PARTS, parse_parts
from sync.problems import SyncProblemType
from sync.push import PushOptions, UnknownEvents, push
from sync.report import FileOutcome, PushReport
from sync.share import ShareError, init_share

# The run could not start at all (exit 2) rather than some files having problems (exit 1).
_CANNOT_RUN = {
    SyncProblemType.SHARE_MISSING,
    SyncProblemType.NEWER_VERSION,
    SyncProblemType.MALFORMED,
    SyncProblemType.PERMISSION_DENIED,
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync",
        help="enviar los eventos a la carpeta compartida (solo añade, verificado)",
        description="Copia las carpetas de evento a la carpeta compartida: cada archivo se "
        "escribe con un nombre temporal, se verifica leyéndolo de nuevo y solo entonces "
        "recibe su nombre. Nunca borra ni reemplaza nada; si otro archivo ya tiene el "
        "nombre, se guardan los dos (nombre.conflict-FECHA-HORA-escritor.ext). Sin el "
        "archivo de marca de la carpeta compartida (sync --init) no escribe nada. "
        "Salida: 0 todo enviado, 1 archivos con problemas o conflictos, 2 no se pudo ejecutar.",
    )
    add_library_option(p)
    p.add_argument(
        "--to", metavar="SHARED_DIR", help="carpeta compartida (por omisión la de la configuración)"
    )
    p.add_argument(
        "--init",
        metavar="SHARED_DIR",
        help="preparar una carpeta compartida (crea su archivo de marca; no necesita biblioteca)",
    )
    p.add_argument(
        "--events",
        nargs="+",
        metavar="EVENTO",
        help="solo estos eventos (nombre de carpeta, ruta o id de la agenda)",
    )
    p.add_argument(
        "--parts",
        metavar="PARTES",
        help="qué enviar, separado por comas: "
        f"{','.join(ALL_PARTS)} (por omisión la configuración, o todo)",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="revisar en la carpeta compartida también los eventos sin cambios",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="seguir enviando cuando haya cambios "
        "y esperar a la carpeta compartida si no está conectada (Ctrl+C termina)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=4,
        metavar="N",
        help="archivos en vuelo a la vez (por omisión 4)",
    )
    p.add_argument("--json", action="store_true", help="líneas JSON en la salida estándar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.init:
        return _init(args.init, settings.writer_id, args.json)
    share = args.to or settings.shared_folder
    if not share:
        say("Falta la carpeta compartida: usa --to CARPETA (o configúrala).")
        return EXIT_CANNOT_RUN
    library = library_path(args)
    if not os.path.isdir(library):
        say(f"No existe la biblioteca: {library}")
        return EXIT_CANNOT_RUN
    try:
        parts = parse_parts(args.parts) if args.parts else configured_parts()
    except ValueError as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    options = PushOptions(
        library=library,
        share=os.path.abspath(os.path.expanduser(share)),
        writer=settings.writer_id,
        events=args.events,
        parts=parts,
        full=args.full,
        workers=max(1, args.workers),
    )
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        if args.watch:
            return _watch(options, cancel, args.json)
        return _once(options, cancel, args.json)
    except UnknownEvents as exc:
        say(f"No hay eventos con esos nombres en la biblioteca: {exc}")
        return EXIT_CANNOT_RUN
    except LibraryBusy:
        say("Otro envío está usando esta biblioteca; espera a que termine.")
        return EXIT_CANNOT_RUN
    finally:
        signal.signal(signal.SIGINT, previous)


def _init(folder: str, writer: str, as_json: bool) -> int:
    try:
        info, created = init_share(folder, writer)
    except ShareError as exc:
        say(f"No se pudo preparar {folder}: {exc}")
        return EXIT_CANNOT_RUN
    except FileNotFoundError:
        say(f"No existe la carpeta {folder}; si es una unidad de red, ¿está montada?")
        return EXIT_CANNOT_RUN
    except OSError as exc:
        say(f"No se pudo escribir en {folder}: {exc.strerror or exc}")
        return EXIT_CANNOT_RUN
    if as_json:
        print_json(
            {"type": "share", "path": os.path.abspath(folder), "new": created, **info.to_json()}
        )
    say(
        ("Carpeta compartida preparada: " if created else "Ya estaba preparada: ")
        + f"{os.path.abspath(folder)} (id {info.id})"
    )
    return EXIT_OK


def _printer(as_json: bool, bar: ProgressBar) -> Callable[[FileOutcome], None]:
    def on_file(outcome: FileOutcome) -> None:
        if as_json:
            print_json(outcome.to_json())
        elif outcome.problems:
            bar.finish()
            for problem in outcome.problems:
                say(f"  {problem}")

    return on_file


def _finish(report: PushReport, as_json: bool) -> int:
    if as_json:
        for conflict in report.conflicts:
            print_json(conflict.to_json())
        print_json(report.summary())
    for conflict in report.conflicts:
        say(str(conflict))
    for problem in report.run_problems:
        say(f"  {problem}")
    say(report.summary_text())
    say(f"{human_bytes(report.bytes_sent)} enviados en {report.elapsed:.1f} s")
    if report.stopped is not None and report.stopped.type in _CANNOT_RUN:
        return EXIT_CANNOT_RUN
    return EXIT_OK if report.complete and not report.conflicts else EXIT_PROBLEMS


def _once(options: PushOptions, cancel: CancelToken, as_json: bool) -> int:
    bar = ProgressBar(label="Enviando ")
    progress = ThrottledJsonProgress() if as_json else bar
    say(f"Biblioteca: {options.library}\nCarpeta compartida: {options.share}")
    try:
        report = push(options, progress, cancel, _printer(as_json, bar))
    finally:
        bar.finish()
    return _finish(report, as_json)


def _watch(options: PushOptions, cancel: CancelToken, as_json: bool) -> int:
    from sync.watch import watch_push

    bar = ProgressBar(label="Enviando ")

    def waiting(share: str) -> None:
        if as_json:
            print_json({"type": "waiting", "share": share})
        say(f"Esperando la carpeta compartida {share} (¿está montada?)… Ctrl+C termina.")

    def reported(report: PushReport) -> None:
        bar.finish()
        _finish(report, as_json)

    say(f"Vigilando {options.library}; Ctrl+C termina.")
    watch_push(options, reported, cancel, waiting, bar, _printer(as_json, bar))
    return EXIT_OK
