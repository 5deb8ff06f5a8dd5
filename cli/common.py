"""What every subcommand shares: the library option, JSON output, a terminal progress bar."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, TextIO

from media.library import default_library
from sync.layout import MARKER_NAME

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def add_library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="carpeta de la biblioteca (por omisión $COBERTURA_LIBRARY o la carpeta de datos)",
    )


def chosen_library(args: argparse.Namespace) -> str:
    """The folder ``--library`` (or the default) names, whatever it holds."""
    return os.path.abspath(args.library) if args.library else default_library()


def library_path(args: argparse.Namespace) -> str:
    """The library the command works on. A shared folder (it holds the share's marker) is
    refused, exit 2: commands write to their library, and nothing but ``sync`` and a
    writer's own edit journal may write to the share. ``catalog`` and ``verify`` read a
    share through ``chosen_library``."""
    path = chosen_library(args)
    if os.path.lexists(os.path.join(path, MARKER_NAME)):
        say(
            f"{path} es la carpeta compartida, no una biblioteca: aquí solo se lee "
            "(catalog, verify, shared) y se envía con sync; las elecciones y los pies de "
            "foto se hacen en la vista «Carpeta compartida» de la aplicación."
        )
        raise SystemExit(EXIT_CANNOT_RUN)
    return path


def existing_library(args: argparse.Namespace) -> str | None:
    """The library the command works on, or None (after telling the person) if it is missing."""
    library = library_path(args)
    if not os.path.isdir(library):
        say(f"No existe la biblioteca: {library}")
        return None
    return library


def print_json(obj: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def say(text: str) -> None:
    """A message for people: always on standard error, so JSON on stdout stays clean."""
    print(text, file=sys.stderr, flush=True)


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def human_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressBar:
    """A one-line bar on a terminal with speed and time left; silent when not a terminal."""

    def __init__(self, stream: TextIO | None = None, label: str = "") -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        speed = done / elapsed
        left = (total - done) / speed if speed > 0 else 0
        frac = done / total if total else 1.0
        bar = "#" * int(frac * 30)
        self.stream.write(
            f"\r{self.label}[{bar:<30}] {frac:6.1%} {human_bytes(speed)}/s "
            f"quedan {human_duration(left)}   "
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class ThrottledJsonProgress:
    """Progress as JSON lines, at most a few per second."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        speed = done / elapsed
        print_json(
            {
                "type": "progress",
                "done": done,
                "total": total,
                "bytes_per_second": round(speed),
                "seconds_left": round((total - done) / speed, 1) if speed > 0 else None,
            }
        )
