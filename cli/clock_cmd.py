"""``python main.py clock set CAMERA OFFSET | from-photo FILE TIME | list | suggest``"""

from __future__ import annotations

import argparse
import os
import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    add_library_option,
    library_path,
    print_json,
    say,
)
from media.catalog import read_items
from media.clocks import (
    Clocks,
    body_key,
    format_offset,
    implausible,
    offset_from_photo,
    parse_offset,
    suggest_alignment,
)
from media.library import event_folders
from media.probe import probe
from media.scan import scan


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("clock", help="corregir la hora de las cámaras")
    clock_sub = p.add_subparsers(dest="clock_command", metavar="ACCIÓN", required=True)

    st = clock_sub.add_parser(
        "set",
        help="fijar el desfase de una cámara (lo que hay que sumar a su hora)",
        description="CAMERA es el modelo, 'marca modelo' o el número de serie; OFFSET como "
        "+1:12 (la cámara va 1 h 12 min atrasada), -0:30, +1h12m o segundos.",
    )
    st.add_argument("camera", metavar="CAMERA")
    st.add_argument("offset", metavar="OFFSET")
    # A camera ahead has a negative offset: '-0:30' and '-1h12m' are values, not options.
    st._negative_number_matcher = re.compile(r"^-\d")
    add_library_option(st)
    st.set_defaults(func=run_set)

    ph = clock_sub.add_parser(
        "from-photo",
        help="calcular el desfase con la foto de un reloj",
        description="FILE es una foto de un reloj o de la pantalla de un teléfono; TIME es la "
        "hora que se ve en ella (HH:MM[:SS] o fecha y hora ISO).",
    )
    ph.add_argument("file", metavar="FILE")
    ph.add_argument("time", metavar="TIME")
    add_library_option(ph)
    ph.set_defaults(func=run_from_photo)

    ls = clock_sub.add_parser("list", help="cámaras de la biblioteca, su desfase y horas dudosas")
    add_library_option(ls)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)

    sg = clock_sub.add_parser(
        "suggest", help="sugerir desfases alineando cámaras que cubrieron el mismo evento"
    )
    add_library_option(sg)
    sg.add_argument("--json", action="store_true")
    sg.set_defaults(func=run_suggest)


def _label(key: str) -> str:
    """'Canon|Canon EOS R6|123' -> 'Canon Canon EOS R6 123'."""
    return " ".join(part for part in key.split("|") if part)


def _parts(key: str) -> list[str]:
    """Make, model and serial of a body key (never fails on a key written by hand)."""
    return (key.split("|", 2) + ["", ""])[:3]


def _bodies(library: str) -> dict[str, list[dict[str, Any]]]:
    bodies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for folder in event_folders(library):
        for item in read_items(folder):
            if item.get("make") or item.get("model"):
                bodies[body_key(item.get("make"), item.get("model"), item.get("serial"))].append(
                    item
                )
    return bodies


def _resolve(camera: str, bodies: dict[str, list[dict[str, Any]]]) -> list[str]:
    wanted = camera.strip().lower()
    found = []
    for key in bodies:
        make, model, serial = _parts(key.lower())
        if wanted in (model, serial, f"{make} {model}", key.lower()):
            found.append(key)
    return found


def run_set(args: argparse.Namespace) -> int:
    library = library_path(args)
    try:
        offset = parse_offset(args.offset)
    except ValueError as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    keys = _resolve(args.camera, _bodies(library))
    if not keys:
        say(f"No hay fotos de «{args.camera}» en la biblioteca; el desfase se guarda por modelo.")
        keys = [body_key("", args.camera, "")]
    clocks = Clocks(library)
    for key in keys:
        clocks.set(key, offset, "manual")
        say(f"{_label(key)}: {format_offset(offset)}")
    say("Ejecuta `python main.py retag` para mover los archivos ya importados.")
    return EXIT_OK


def run_from_photo(args: argparse.Namespace) -> int:
    if not os.path.isfile(args.file):
        say(f"No existe el archivo: {args.file}")
        return EXIT_CANNOT_RUN
    scanned = scan(args.file).files
    info = probe(args.file, os.path.basename(args.file), scanned[0].kind) if scanned else None
    if info is None or not info.capture_time:
        say("La foto no tiene fecha de captura: no se puede calcular el desfase.")
        return EXIT_CANNOT_RUN
    try:
        offset = offset_from_photo(datetime.fromisoformat(info.capture_time), args.time)
    except ValueError as exc:
        say(str(exc))
        return EXIT_CANNOT_RUN
    key = body_key(info.make, info.model, info.serial)
    Clocks(library_path(args)).set(
        key, offset, "photo", note=f"{os.path.basename(args.file)} = {args.time}"
    )
    say(f"{_label(key)}: {format_offset(offset)} (la foto dice {info.capture_time})")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    library = library_path(args)
    clocks = Clocks(library)
    bodies = _bodies(library)
    for key in sorted(set(bodies) | set(clocks.offsets)):
        items = bodies.get(key, [])
        make, model, serial = _parts(key)
        entry = clocks.entry_for(make, model, serial)  # the body's own, or its model's
        offset = entry.offset if entry else timedelta(0)
        suspicious = [  # by the corrected time: an offset can make a reset clock right
            i["path"]
            for i in items
            if implausible(datetime.fromisoformat(i["capture_time"]) + offset)
        ]
        record = {
            "camera": key,
            "files": len(items),
            "offset": format_offset(offset),
            "method": entry.method if entry else None,
            "suspicious_times": len(suspicious),
        }
        if args.json:
            print_json(record)
        else:
            flag = f"  ¡{len(suspicious)} con hora imposible!" if suspicious else ""
            print(f"{_label(key):<40} {record['offset']:>10}  {len(items)} archivos{flag}")
    return EXIT_OK


def run_suggest(args: argparse.Namespace) -> int:
    library = library_path(args)
    suggestions = 0
    for folder in event_folders(library):
        by_body: dict[str, list[datetime]] = defaultdict(list)
        for item in read_items(folder):
            if item.get("make") or item.get("model"):
                key = body_key(item.get("make"), item.get("model"), item.get("serial"))
                by_body[key].append(datetime.fromisoformat(item["capture_time_local"]))
        if len(by_body) < 2:
            continue
        reference, *others = sorted(by_body, key=lambda k: -len(by_body[k]))
        for other in others:
            found = suggest_alignment(by_body[reference], by_body[other])
            if found is None or abs(found[0].total_seconds()) < 60:
                continue
            suggestions += 1
            offset, votes = found
            record = {
                "event_folder": os.path.relpath(folder, library),
                "camera": other,
                "reference": reference,
                "offset": format_offset(offset),
                "matching_shots": votes,
            }
            if args.json:
                print_json(record)
            else:
                print(
                    f"{record['event_folder']}: {_label(other)} "
                    f"{record['offset']} ({votes} tomas coinciden con {_label(reference)})"
                )
    if not suggestions:
        say("No hay sugerencias: ningún evento tiene dos cámaras desfasadas.")
    return EXIT_OK
