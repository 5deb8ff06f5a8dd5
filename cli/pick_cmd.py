"""``python main.py pick (EVENT_ID | --folder DIR) [--count N] [--library DIR] [--json]``"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from typing import TYPE_CHECKING

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_library_option,
    human_duration,
    library_path,
    print_json,
    say,
)
from media.models import Cancelled, CancelToken

if TYPE_CHECKING:
    from media.picking import PickReport

# media.picking.DEFAULT_COUNT; media.pick_run is imported when the command runs, so
# that OpenCV and numpy do not slow down every other subcommand's start.
DEFAULT_COUNT = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pick",
        help="sugerir las mejores fotos de un evento o de una carpeta",
        description="Califica cada foto (nitidez, exposición, rostros), agrupa las tomas "
        "parecidas y sugiere las mejores de momentos distintos del evento. Las fotos "
        "descartadas nunca se sugieren; las elegidas por una persona se conservan.",
    )
    p.add_argument(
        "event",
        nargs="?",
        metavar="EVENT_ID",
        help="id del evento de la agenda (o su carpeta, relativa a la biblioteca)",
    )
    p.add_argument("--folder", metavar="DIR", help="cualquier carpeta de fotos, importada o no")
    p.add_argument(
        "--count", type=int, default=DEFAULT_COUNT, metavar="N", help="cuántas fotos sugerir"
    )
    p.add_argument(
        "--save",
        action="store_true",
        help="anotar las sugerencias en el diario de ediciones (solo eventos)",
    )
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.event) == bool(args.folder):
        say("Indique un evento o --folder CARPETA (uno de los dos).")
        return EXIT_CANNOT_RUN
    if args.count < 1:
        say("--count debe ser 1 o más.")
        return EXIT_CANNOT_RUN
    from media.pick_run import EventNotFound, pick_event, pick_folder, save_suggestions

    # Damaged EXIF makes Pillow warn on stderr; each such file gets its own problem.
    warnings.filterwarnings("ignore", category=UserWarning, module="PIL")
    bar = FilesProgress()
    cancel = CancelToken()
    try:
        if args.folder:
            if not os.path.isdir(args.folder):
                say(f"No existe la carpeta: {args.folder}")
                return EXIT_CANNOT_RUN
            report = pick_folder(args.folder, args.count, progress=bar, cancel=cancel)
        else:
            library = library_path(args)
            if not os.path.isdir(library):
                say(f"No existe la biblioteca: {library}")
                return EXIT_CANNOT_RUN
            report = pick_event(library, args.event, args.count, progress=bar, cancel=cancel)
    except EventNotFound:
        say(f"El evento {args.event!r} no tiene fotos ni videos en la biblioteca.")
        return EXIT_CANNOT_RUN
    except (KeyboardInterrupt, Cancelled):
        cancel.cancel()
        say("Cancelado.")
        return EXIT_CANNOT_RUN
    finally:
        bar.finish()
    if args.save and args.event:
        from media.settings import load_settings

        changed = save_suggestions(report, load_settings().writer_id)
        say(f"Sugerencias anotadas: {changed} cambios en el diario de ediciones.")
    if args.json:
        print_json(report.to_json())
    _tell(report)
    return EXIT_PROBLEMS if report.problems else EXIT_OK


class FilesProgress:
    """Files scored, photos per second and time left, on one line of a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < total):
            return
        self.last = now
        speed = done / max(now - self.start, 1e-6)
        left = (total - done) / speed if speed > 0 else 0.0
        sys.stderr.write(
            f"\rCalificando {done}/{total} ({speed:.0f} por segundo, "
            f"quedan {human_duration(left)})   "
        )
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _tell(report: PickReport) -> None:
    """The picks and problems in words, on standard error."""
    for shot in report.picks:
        say(f"{shot.key}: {report.reasons.get(shot.key, shot.score.why)}")
    for problem in report.problems:
        say(f"PROBLEMA: {problem}")
    shots = len(report.shots)
    say(
        f"{len(report.picks)} sugeridas de {shots} tomas en {len(report.groups)} grupos "
        f"({report.scored} calificadas, {report.cached} ya calificadas antes; "
        f"{report.elapsed:.1f} s)."
    )
