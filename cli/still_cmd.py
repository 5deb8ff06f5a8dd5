"""``python main.py still EVENT_ID CLIP --at T [--library DIR] [--json]``: a frame of a
clip saved as a photo of its event (``media.frame_photo``)."""

from __future__ import annotations

import argparse
import os
import signal
from typing import Any

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_library_option,
    existing_library,
    print_json,
    say,
)
from media import catalog
from media.frame_meta import clock
from media.frame_photo import FrameError, FramePhoto, ingest_options, save_frame
from media.library import event_folders
from media.locking import LibraryBusy
from media.models import Cancelled, CancelToken, Problem, ProblemType
from media.timecode import TimeError, parse_time

# Problems that say the command was asked something impossible (exit 2), not that the
# clip or the disk failed (exit 1).
_BAD_REQUEST = {ProblemType.OUT_OF_RANGE}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "still",
        help="guardar un cuadro de un video como foto del evento",
        description="Guarda el cuadro que se ve en el tiempo T de un clip como una foto JPEG "
        "del mismo evento: a resolución completa, derecha, con la hora de captura del clip "
        "más T y la cámara del clip, copiada y verificada como cualquier archivo de una "
        "tarjeta. El mismo cuadro guardado dos veces se informa como «ya estaba». Salida: 0 "
        "guardada (o ya estaba), 1 problema con el clip o el disco, 2 no se pudo ejecutar.",
    )
    p.add_argument("event", metavar="EVENT_ID", help="id del evento (o su carpeta, relativa)")
    p.add_argument(
        "clip",
        metavar="CLIP",
        help="el clip como lo muestra pick (relativo a la biblioteca, con o sin #t=12.50), "
        "relativo a la carpeta del evento, o su id",
    )
    p.add_argument(
        "--at",
        metavar="T",
        help="tiempo del cuadro: segundos (12.5) o HH:MM:SS.mmm; por omisión el #t= de CLIP",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


def split_fragment(clip: str) -> tuple[str, float | None]:
    """``path#t=12.50`` as (path, 12.5); a reference without a media fragment keeps None.
    Raises ``TimeError`` for a fragment whose time cannot be read."""
    path, sep, fragment = clip.partition("#")
    if not sep:
        return clip, None
    if not fragment.startswith("t="):
        raise TimeError(f"fragmento desconocido: #{fragment} (se espera #t=SEGUNDOS)")
    return path, parse_time(fragment[2:].split(",")[0])


def find_clip(library: str, event: str, clip: str) -> tuple[str, dict[str, Any]]:
    """(event folder, catalog item) of ``clip`` in ``event`` (an agenda id, or an event
    folder relative to the library). ``clip``: an item id, a path relative to the library
    or to the event folder, or a file name. Raises ``LookupError`` (the text says why)."""
    as_folder = os.path.normpath(os.path.join(library, event))
    found: list[tuple[str, dict[str, Any]]] = []
    for folder in event_folders(library):
        whole = os.path.normpath(folder) == as_folder
        for item in catalog.read_items(folder):
            if not whole and item.get("event") != event:
                continue
            names = (item.get("id"), item.get("path"), item.get("folder_path"))
            if clip in names or os.path.basename(str(item.get("path"))) == clip:
                found.append((folder, item))
    if not found:
        raise LookupError(f"el evento {event!r} no tiene el archivo {clip!r} en la biblioteca")
    if len(found) > 1:
        paths = ", ".join(str(item.get("path")) for _f, item in found)
        raise LookupError(f"{clip!r} puede ser más de un archivo: {paths}")
    return found[0]


def run(args: argparse.Namespace) -> int:
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    try:
        reference, fragment = split_fragment(args.clip)
        at = parse_time(args.at) if args.at is not None else fragment
        if at is None:
            raise TimeError("falta el tiempo: --at T (o CLIP#t=T)")
        folder, item = find_clip(library, args.event, reference)
    except (TimeError, LookupError) as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    if item.get("kind") != "video":
        say(f"{item.get('path')} no es un video.")
        return EXIT_CANNOT_RUN
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        photo = save_frame(library, folder, item, at, ingest_options(library), cancel=cancel)
    except FrameError as exc:
        _report_failure(exc.problem, args.json)
        return EXIT_CANNOT_RUN if exc.problem.type in _BAD_REQUEST else EXIT_PROBLEMS
    except Cancelled:
        _report_failure(Problem(ProblemType.CANCELLED, str(item.get("path"))), args.json)
        return EXIT_PROBLEMS
    except LibraryBusy:
        say("Otra importación está usando esta biblioteca; espera a que termine.")
        return EXIT_CANNOT_RUN
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.json:
        print_json(photo.to_json())
    _tell(photo)
    return EXIT_OK


def _tell(photo: FramePhoto) -> None:
    where = f"{photo.path} ({photo.width}×{photo.height}, cuadro en {clock(photo.t)})"
    say(f"Ya estaba en la biblioteca: {where}" if photo.duplicate else f"Foto guardada: {where}")
    for problem in photo.problems:
        say(f"  Aviso: {problem}")
    for note in photo.notes:
        say(f"  Aviso: {note}")


def _report_failure(problem: Problem, as_json: bool) -> None:
    if as_json:
        print_json(
            {"path": None, "item_id": None, "duplicate": False, "problems": [problem.to_json()]}
        )
    say(f"No se guardó el cuadro: {problem}")
