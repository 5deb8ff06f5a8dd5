"""``python main.py ingest SRC... [--library DIR] [--event ID] [--backup DIR] [--json]``"""

from __future__ import annotations

import argparse
import os
import signal
from datetime import datetime

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
from media.ingest import IngestOptions, ingest
from media.ingest_report import FileResult
from media.locking import LibraryBusy
from media.models import CancelToken
from media.naming import DEFAULT_TEMPLATE, NameContext, render_name
from media.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="copiar y verificar una tarjeta o carpeta en la biblioteca",
        description="Copia fotos, videos y audios a la biblioteca, verifica cada archivo "
        "leyéndolo de nuevo del disco y dice si la tarjeta se puede formatear. "
        "Salida: 0 todo bien, 1 algunos archivos con problemas, 2 no se pudo ejecutar.",
    )
    p.add_argument("sources", nargs="+", metavar="SRC", help="tarjeta, carpeta o archivo")
    add_library_option(p)
    p.add_argument("--event", metavar="ID", help="asignar todos los archivos a este evento")
    p.add_argument("--backup", metavar="DIR", help="segunda copia, escrita en la misma lectura")
    p.add_argument(
        "--template",
        help="plantilla de nombres; fichas: {date} {time} {event} {camera} {initials} {seq} "
        f"{{original}} (por omisión la de la configuración, o {DEFAULT_TEMPLATE})",
    )
    p.add_argument("--photographer", help="nombre de quien fotografió (para {initials})")
    p.add_argument(
        "--caption-template",
        metavar="TEXT",
        help="pie de foto para las fotos nuevas que no traen uno, p. ej. «{evento}, {lugar}. "
        "{fecha}» (por omisión el de la configuración; \"\" para ninguno)",
    )
    p.add_argument("--json", action="store_true", help="líneas JSON en la salida estándar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    missing = [s for s in args.sources if not os.path.exists(s)]
    if missing:
        say(f"No existe: {', '.join(missing)}")
        return EXIT_CANNOT_RUN
    settings = load_settings()
    options = IngestOptions.from_settings(
        library_path(args),
        settings,
        event_id=args.event,
        backup=os.path.abspath(args.backup) if args.backup else None,
        template=args.template or settings.rename_template,
        photographer=args.photographer if args.photographer is not None else settings.photographer,
        initials=settings.initials if args.photographer is None else "",
    )
    try:
        render_name(options.template, NameContext("IMG_0001.JPG", datetime(2026, 1, 15)))
        caption_template = _caption_template(args, settings.caption_template)
    except ValueError as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    bar = ProgressBar(label="Copiando ")
    progress = ThrottledJsonProgress() if args.json else bar

    def on_file(result: FileResult) -> None:
        if args.json:
            print_json(result.to_json())
        elif result.problems:
            bar.finish()
            for problem in result.problems:
                say(f"  {problem}")

    try:
        say(f"Biblioteca: {options.library}")
        report = ingest(args.sources, options, progress, cancel, on_file)
    except LibraryBusy:
        say("Otra importación está usando esta biblioteca; espera a que termine.")
        return EXIT_CANNOT_RUN
    except (OSError, ValueError) as exc:
        say(f"No se pudo importar: {exc}")
        return EXIT_CANNOT_RUN
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.finish()
    # What the photos brought from the card, then the caption template (if any): before
    # the summary, which closes the JSON lines.
    _record_captions(options, report.results, caption_template, args.json)
    if args.json:
        print_json(report.summary())
    say(report.summary_text())
    say(f"{human_bytes(report.bytes_copied)} en {report.elapsed:.1f} s")
    return EXIT_PROBLEMS if report.failed or report.stopped else EXIT_OK


def _caption_template(args: argparse.Namespace, configured: str) -> str:
    """The caption template for this run (``--caption-template`` over the setting), checked:
    ``ValueError`` for an unknown variable or an unpaired brace."""
    from media.captions import check_template

    template = args.caption_template if args.caption_template is not None else configured
    check_template(template)
    return template.strip()


def _record_captions(
    options: IngestOptions, results: list[FileResult], template: str, as_json: bool
) -> None:
    """Record what the photos just copied brought from the card, and caption them with
    ``template`` when there is one (``media.ingest_captions``); never fatal to the ingest."""
    from media.ingest_captions import caption_after_ingest, summary_text

    done = caption_after_ingest(options.library, results, options.photographer, template)
    if done is None:
        return
    if as_json:
        print_json({"type": "captions", **done.to_json()})
    if done.captioned or done.kept:
        say(summary_text(done))
    for problem in done.problems:
        say(f"  {problem}")
