"""``pies_de_foto.txt`` and ``pies_de_foto.csv``: the file name, caption and credit of each
photo of a bulletin package, for pasting into the bulletin and for a spreadsheet.

The text file is UTF-8 without a byte order mark, one block per photo, so it pastes
cleanly into a web editor. The CSV is UTF-8 **with** a byte order mark, comma-separated,
CRLF line ends: Excel (what the office opens it with, on Windows in Spanish (Mexico), whose
list separator is the comma) reads a CSV without the mark as Windows-1252 and turns every
"ó" into "Ã³"; LibreOffice and Python's ``utf-8-sig`` read it either way. A cell that
starts with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe, so a spreadsheet shows it
as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from media.timeutil import spanish_date

TXT_NAME = "pies_de_foto.txt"
CSV_NAME = "pies_de_foto.csv"
CSV_HEADER = ("archivo", "pie de foto", "crédito")
NO_CAPTION = "(sin pie de foto)"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CaptionRow:
    name: str
    caption: str
    credit: str


def heading(title: str, day: date | None, place: str) -> str:
    """'Entrega de becas · 15 de enero de 2026 · Parque Central' (missing parts left out)."""
    parts = [title.strip()]
    if day is not None:
        parts.append(spanish_date(day))
    if place.strip():
        parts.append(place.strip())
    return " · ".join(p for p in parts if p)


def captions_txt(title: str, rows: list[CaptionRow]) -> bytes:
    """The text file: the heading, then per photo its name, caption and credit."""
    blocks = [title, ""]
    for row in rows:
        blocks += [row.name, row.caption.strip() or NO_CAPTION]
        if row.credit.strip():
            blocks.append(row.credit.strip())
        blocks.append("")
    return "\n".join(blocks).encode("utf-8")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def captions_csv(rows: list[CaptionRow]) -> bytes:
    """The CSV file (see the module's docstring for its encoding)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([_cell(row.name), _cell(row.caption.strip()), _cell(row.credit.strip())])
    return out.getvalue().encode("utf-8-sig")
