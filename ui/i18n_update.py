"""Refresh the English translation files: ``python -m ui.i18n_update``.

Runs Qt's ``lupdate`` over ``ui/`` and ``cli/screenshot_cmd.py`` — plus the sentences that
``media/`` hands to the interface (``ui.text.media_messages``), which no ``tr()`` call spells
out — merging them into ``resources/i18n/cobertura_en.ts`` (existing translations kept,
strings no longer used dropped), then compiles ``cobertura_en.qm`` with ``lrelease``.
Prints the messages that still have no English; fill them in (Qt Linguist, ``pyside6-linguist``,
or any text editor: the ``<translation>`` of each ``<message>``) and run it again.

Exit status: 0 every message translated, 1 some are not, 2 the Qt tools were not found.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(ROOT, "resources", "i18n")
TS_FILE = os.path.join(I18N, "cobertura_en.ts")
SOURCE_LANGUAGE = "es_MX"
TARGET_LANGUAGE = "en"
TIMEOUT = 120  # seconds for each tool run
_NOT_DONE = ("unfinished", "vanished", "obsolete")


def find_tool(name: str) -> str | None:
    """``lupdate`` or ``lrelease``: the binary inside the PySide6 package, else on the PATH."""
    import PySide6

    folder = os.path.dirname(PySide6.__file__)
    for candidate in (name, f"{name}.exe"):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def source_files(root: str = ROOT) -> list[str]:
    """The files whose ``tr()`` calls make the interface's messages."""
    files = sorted(glob.glob(os.path.join(root, "ui", "*.py")))
    files.append(os.path.join(root, "cli", "screenshot_cmd.py"))
    return files


def lupdate_command(tool: str, sources: Sequence[str], ts: str) -> list[str]:
    """Merge the messages of ``sources`` into ``ts``.

    ``-no-obsolete`` drops strings nobody uses any more; ``-locations none`` keeps the file
    free of line numbers, so a change elsewhere in a module does not touch it.
    """
    return [
        tool, *sources, "-ts", ts, "-no-obsolete", "-locations", "none",
        "-source-language", SOURCE_LANGUAGE, "-target-language", TARGET_LANGUAGE,
    ]  # fmt: skip


def lrelease_command(tool: str, ts: str, qm: str) -> list[str]:
    """Compile ``ts`` into ``qm``; untranslated messages are left out (Spanish shows)."""
    return [tool, ts, "-qm", qm, "-silent"]


def media_source(messages: Sequence[str]) -> str:
    """Python text that lupdate reads as one ``QT_TRANSLATE_NOOP`` per message."""
    lines = ["from PySide6.QtCore import QT_TRANSLATE_NOOP", ""]
    lines += [f'QT_TRANSLATE_NOOP("", {_literal(text)})' for text in messages]
    return "\n".join(lines) + "\n"


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def unfinished(ts: str) -> list[str]:
    """The source text of every message in ``ts`` without a finished translation."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        done = translation is not None and translation.get("type") not in _NOT_DONE
        if not (done and translation is not None and (translation.text or "").strip()):
            missing.append(source)
    return missing


def update(ts: str = TS_FILE, root: str = ROOT) -> list[str]:
    """Refresh ``ts`` and its ``.qm``; the messages still untranslated.

    Raises ``FileNotFoundError`` when lupdate or lrelease cannot be found and
    ``subprocess.CalledProcessError`` when one of them fails.
    """
    from ui.text import media_messages

    lupdate, lrelease = find_tool("lupdate"), find_tool("lrelease")
    if lupdate is None or lrelease is None:
        raise FileNotFoundError("lupdate / lrelease (PySide6)")
    os.makedirs(os.path.dirname(ts), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cobertura-i18n-") as tmp:
        extra = os.path.join(tmp, "media_messages.py")
        with open(extra, "w", encoding="utf-8") as fh:
            fh.write(media_source(media_messages()))
        sources = [*source_files(root), extra]
        subprocess.run(lupdate_command(lupdate, sources, ts), check=True, timeout=TIMEOUT,
                       capture_output=True)  # fmt: skip
    qm = os.path.splitext(ts)[0] + ".qm"
    subprocess.run(lrelease_command(lrelease, ts, qm), check=True, timeout=TIMEOUT,
                   capture_output=True)  # fmt: skip
    return unfinished(ts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.i18n_update",
        description="Actualiza resources/i18n/cobertura_en.ts y .qm con los textos de ui/.",
    )
    parser.add_argument("--ts", default=TS_FILE, help="archivo .ts a actualizar")
    args = parser.parse_args(argv)
    try:
        missing = update(args.ts)
    except FileNotFoundError as exc:
        print(f"No se encontró la herramienta de Qt: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"Falló {exc.cmd[0]}:\n{exc.stderr or exc.stdout}", file=sys.stderr)
        return 2
    if missing:
        print(f"{len(missing)} textos sin traducir en {args.ts}:", file=sys.stderr)
        for text in missing:
            print(f"  {text}", file=sys.stderr)
        return 1
    print(f"Todo traducido: {args.ts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
