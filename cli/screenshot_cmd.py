"""``python main.py screenshot OUT.png [--view grid|ingest|trim|writer|loupe|settings]
[--library DIR]``

The picture is made by ``ui.screenshot`` (Qt); it is imported only when the command runs,
so cli/ itself never loads Qt.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screenshot",
        help="guardar una imagen de la aplicación (sin pantalla, en la biblioteca de ejemplo)",
    )
    p.add_argument("out", metavar="OUT.png", help="archivo PNG de salida")
    p.add_argument(
        "--view",
        choices=("grid", "ingest", "trim", "writer", "loupe", "settings"),
        default="grid",
        help="vista a capturar",
    )
    p.add_argument(
        "--library", metavar="DIR", help="biblioteca (vacía: se crea la de ejemplo en ella)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.screenshot import run_screenshot

    return run_screenshot(args.out, view=args.view, library=args.library)
