"""``python main.py export EVENT_ID --to DIR [--preset NAME] [--picks | --items ID...] [--zip]
[--quality N] [--watermark] [--library DIR] [--json]``"""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_library_option,
    existing_library,
    print_json,
    say,
)
from media.export_presets import DEFAULT_PRESET, PRESETS
from media.models import CancelToken, ProblemType

if TYPE_CHECKING:  # media.export_run is imported when the command runs (Pillow, ImageCms)
    from media.export_run import ExportResult


def register(sub: argparse._SubParsersAction) -> None:
    presets = "; ".join(f"{p.name}: {p.label}" for p in PRESETS.values())
    p = sub.add_parser(
        "export",
        help="armar el paquete del boletín: fotos, pies de foto y hoja de contactos",
        description="Escribe en DIR una carpeta AAAAMMDD_evento con las fotos elegidas "
        "(redimensionadas, en sRGB, con el pie de foto y el crédito dentro, en IPTC y XMP), "
        "pies_de_foto.txt y .csv y una hoja de contactos en PDF. Nunca reemplaza un paquete "
        f"que ya existe. Formatos: {presets}. Salida: 0 todo bien, 1 algunas fotos con "
        "problemas, 2 no se pudo ejecutar.",
    )
    p.add_argument(
        "event",
        metavar="EVENT_ID",
        help="id del evento de la agenda (o su carpeta, relativa a la biblioteca)",
    )
    p.add_argument("--to", required=True, metavar="DIR", help="carpeta donde dejar el paquete")
    p.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS), help="formato")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--picks",
        action="store_true",
        help="las fotos elegidas (por omisión); sin elegidas, las sugeridas",
    )
    which.add_argument(
        "--items", nargs="+", metavar="ID", help="estas fotos (id o ruta relativa a la biblioteca)"
    )
    p.add_argument("--zip", action="store_true", help="además, un .zip con todo")
    p.add_argument("--quality", type=int, default=85, metavar="N", help="calidad JPEG, 1 a 95")
    p.add_argument("--watermark", action="store_true", help="poner el logo de la oficina")
    add_library_option(p)
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.quality <= 95:
        say("--quality va de 1 a 95.")
        return EXIT_CANNOT_RUN
    library = existing_library(args)
    if library is None:
        return EXIT_CANNOT_RUN
    from media.export_event import NoSuchEvent, choose_items, items_of_event
    from media.export_run import ExportError, export_package

    try:
        event, items = items_of_event(library, args.event)
    except NoSuchEvent:
        say(f"El evento {args.event!r} no tiene archivos en la biblioteca.")
        return EXIT_CANNOT_RUN
    chosen, note, missing = choose_items(items, args.items)
    for ref in missing:
        say(f"No es de este evento: {ref} (use el id o la ruta relativa)")
    if not chosen and not args.items:
        chosen, note = _suggest_now(library, args.event, items)
    if not chosen:
        say("No hay fotos que exportar." + (f" {note}" if note else ""))
        return EXIT_CANNOT_RUN
    if note:
        say(note)
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        result = export_package(
            chosen,
            library,
            event,
            args.to,
            args.preset,
            quality=args.quality,
            watermark=args.watermark,
            make_zip=args.zip,
            progress=None if args.json else _progress,
            cancel=cancel,
        )
    except (ExportError, ValueError) as exc:
        say(f"No se pudo exportar: {exc}")
        return EXIT_CANNOT_RUN
    finally:
        signal.signal(signal.SIGINT, previous)
        if sys.stderr.isatty() and not args.json:
            sys.stderr.write("\n")
    if args.json:
        data: dict[str, Any] = result.to_json()
        day = event.day.isoformat() if isinstance(event.day, date) else None
        data.update(event={"title": event.title, "day": day}, note=note)
        print_json(data)
    _tell(result)
    if result.cancelled:
        return EXIT_CANNOT_RUN
    return EXIT_PROBLEMS if result.problems or missing else EXIT_OK


def _suggest_now(
    library: str, event: str, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str]:
    """Nobody picked and nothing was suggested: suggest now (``pick``), photos only."""
    from media.pick_run import pick_event

    say("Ninguna foto elegida ni sugerida: calculando sugerencias…")
    report = pick_event(library, event)
    by_id = {str(i.get("id")): i for i in items if i.get("kind") == "photo"}
    chosen = [by_id[s.item_id] for s in report.picks if s.item_id in by_id]
    return chosen, f"Ninguna foto elegida ni sugerida: se usan las sugeridas ahora ({len(chosen)})."


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rExportando {done}/{total}…   ")
        sys.stderr.flush()


def _tell(result: ExportResult) -> None:
    """The package, then what was left out and what needs a look, on standard error."""
    if result.folder:
        say(f"Paquete: {result.folder} (fotos: {len(result.photos)})")
    if result.zip:
        say(f"Zip: {result.zip}")
    missing = [w.path for w in result.warnings if w.type == ProblemType.NO_CAPTION]
    if missing:
        say(f"AVISO: fotos sin pie de foto ({len(missing)}):")
        for path in missing:
            say(f"  {path}")
    for warning in result.warnings:
        if warning.type != ProblemType.NO_CAPTION:
            say(f"AVISO: {warning}")
    for problem in result.problems:
        say(f"PROBLEMA: {problem}")
    if result.cancelled:
        say("Cancelado: no se escribió ningún paquete.")
    elif not result.folder:
        say("Ninguna foto se pudo exportar; no se escribió ningún paquete.")
