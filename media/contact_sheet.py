"""The package's contact sheet: A4 pages (PDF, written by Pillow) with a thumbnail, the file
name, the caption and the credit of every photo, nine to a page.

Text is drawn in DejaVu Sans (``resources/fonts/``, a Latin subset) so Spanish accents look
right everywhere. A character the font lacks (emoji, other scripts) becomes □, once per
emoji however many code points it is made of; control characters are dropped. Captions
are wrapped to the cell, long words broken, and cut with … after ``CAPTION_LINES`` lines
(the whole caption is in ``pies_de_foto.txt``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

FONTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "fonts"
)
DPI = 150
PAGE = (1240, 1754)  # A4 at 150 dpi
MARGIN = 70
GAP = 28
COLUMNS, ROWS = 3, 3
THUMB_HEIGHT = 250
CAPTION_LINES = 7
MISSING = "□"
# What the shipped subset covers (see resources/fonts/README.md).
COVERED = (
    (0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2010, 0x2027),
    (0x2030, 0x203A), (0x20AC, 0x20AC), (0x2116, 0x2116), (0x2122, 0x2122),
    (0x25A1, 0x25A1), (0xFFFD, 0xFFFD),
)  # fmt: skip
# Parts of an emoji that are not drawn on their own: joiners, variation selectors, skin
# tones, tags, keycap.
_EMOJI_PARTS = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\u20e3]")


@dataclass
class SheetEntry:
    """One photo on the sheet."""

    name: str
    caption: str
    credit: str
    thumb: Image.Image  # RGB, fitted into the cell when drawn


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def _covered(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in COVERED)


def drawable(text: str) -> str:
    """``text`` made safe for the font: NFC, one □ per character it lacks, no controls."""
    text = _EMOJI_PARTS.sub("", unicodedata.normalize("NFC", text))
    out = []
    for char in text:
        if char in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(char if _covered(char) else MISSING)
    return "".join(out)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``; past ``max_lines`` the last ends with …."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # a word wider than the cell: break it
            cut = max(1, len(word) - 1)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _cell(
    draw: ImageDraw.ImageDraw, page: Image.Image, entry: SheetEntry, x: int, y: int, width: int
) -> None:
    thumb = entry.thumb.copy()
    thumb.thumbnail((width, THUMB_HEIGHT), Image.Resampling.LANCZOS)
    left = x + (width - thumb.width) // 2
    top = y + THUMB_HEIGHT - thumb.height
    page.paste(thumb, (left, top))
    draw.rectangle((left - 1, top - 1, left + thumb.width, top + thumb.height), outline="#999999")
    y += THUMB_HEIGHT + 10
    name_font, text_font, small = _font(True, 17), _font(False, 17), _font(False, 15)
    for line in wrap(drawable(entry.name), name_font, width, 2):
        draw.text((x, y), line, font=name_font, fill="#000000")
        y += 22
    caption = drawable(entry.caption) or "(sin pie de foto)"
    color = "#222222" if entry.caption.strip() else "#b00020"
    for line in wrap(caption, text_font, width, CAPTION_LINES):
        draw.text((x, y), line, font=text_font, fill=color)
        y += 22
    for line in wrap(drawable(entry.credit), small, width, 2):
        draw.text((x, y + 2), line, font=small, fill="#555555")
        y += 19


def sheet_pages(entries: Sequence[SheetEntry], title: str, subtitle: str) -> list[Image.Image]:
    """The pages of the sheet as RGB images (at least one, even with no photo)."""
    per_page = COLUMNS * ROWS
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    width = (PAGE[0] - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
    header = 150
    height = (PAGE[1] - 2 * MARGIN - header) // ROWS
    pages: list[Image.Image] = []
    for number, chunk in enumerate(chunks, 1):
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        inner = PAGE[0] - 2 * MARGIN
        head = wrap(drawable(title), _font(True, 34), inner, 1)
        draw.text((MARGIN, MARGIN), head[0] if head else "", font=_font(True, 34), fill="black")
        sub = wrap(drawable(subtitle), _font(False, 20), inner, 1)
        draw.text(
            (MARGIN, MARGIN + 50), sub[0] if sub else "", font=_font(False, 20), fill="#333333"
        )
        foot = f"Hoja de contactos · {len(entries)} fotos · página {number} de {len(chunks)}"
        draw.text((MARGIN, MARGIN + 82), foot, font=_font(False, 16), fill="#666666")
        draw.line((MARGIN, MARGIN + 115, PAGE[0] - MARGIN, MARGIN + 115), fill="#999999")
        for i, entry in enumerate(chunk):
            col, row = i % COLUMNS, i // COLUMNS
            x = MARGIN + col * (width + GAP)
            y = MARGIN + header + row * height
            _cell(draw, page, entry, x, y, width)
        pages.append(page)
    return pages


def write_contact_sheet(
    path: str, entries: Sequence[SheetEntry], title: str, subtitle: str
) -> None:
    """Write the sheet to ``path`` as a PDF of A4 pages."""
    pages = sheet_pages(entries, title, subtitle)
    pages[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(DPI),
        title=drawable(title),
        author="Cobertura",
        subject=subtitle,
        quality=88,
    )
