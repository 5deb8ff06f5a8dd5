"""IPTC-IIM (the "IPTC" fields WordPress, Photo Mechanic and older tools read) as a JPEG
APP13 segment: ``Photoshop 3.0`` image resources holding the IIM block (resource 0x0404)
and its MD5 digest (0x0425, so Adobe's tools see that IIM and XMP agree).

Text is UTF-8, declared by dataset 1:90 (``ESC % G``). Every dataset has a maximum length in
bytes (IIM 4.2); a longer value is cut on a UTF-8 character boundary, never in the middle of
a character, and the caller is told which fields were shortened. The credit is the
exception: the architecture asks for a *shortened* credit rather than a cut-off one
(:func:`short_credit`).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable, Mapping
from datetime import date

UTF8 = b"\x1b%G"
RECORD_VERSION = 4
PHOTOSHOP = b"Photoshop 3.0\x00"
RESOURCE_IIM = 0x0404
RESOURCE_DIGEST = 0x0425
MAX_SEGMENT = 65533  # an APPn segment's payload, its two length bytes included
MAX_IIM = 60000  # room for the IIM block in one segment (the rest: headers and digest)

# (record, dataset) of each field, with its maximum length in bytes and whether it repeats.
FIELDS: dict[str, tuple[int, int, int, bool]] = {
    "object_name": (2, 5, 64, False),
    "keywords": (2, 25, 64, True),
    "date_created": (2, 55, 8, False),
    "byline": (2, 80, 32, True),
    "city": (2, 90, 32, False),
    "sublocation": (2, 92, 32, False),
    "credit": (2, 110, 32, False),
    "caption": (2, 120, 2000, False),
}
FIELD_NAMES_ES = {
    "object_name": "título",
    "keywords": "palabras clave",
    "byline": "autor",
    "city": "ciudad",
    "sublocation": "lugar",
    "credit": "crédito",
    "caption": "pie de foto",
}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def truncate_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def _fits(text: str, limit: int) -> bool:
    return len(text.encode("utf-8")) <= limit


def short_credit(credit: str, limit: int = FIELDS["credit"][2]) -> str:
    """A credit that fits IIM's 32 bytes, shortened the way a person would shorten it.

    ``Foto: José Hernández Peña / Alcaldía Iztacalco`` gives, in turn, the part before
    `` / `` (``Foto: José Hernández Peña``), the name alone, the name without its last
    words, and only as a last resort the name cut on a character boundary.
    """
    credit = " ".join(credit.split())
    if _fits(credit, limit):
        return credit
    head = credit.split(" / ")[0].strip()
    if _fits(head, limit):
        return head
    name = re.sub(r"^(foto|fotos|fotografía|imagen)\s*:\s*", "", head, flags=re.I).strip()
    words = name.split()
    while words and not _fits(" ".join(words), limit):
        words.pop()
    if words:
        return " ".join(words)
    return truncate_utf8(name or head, limit).rstrip()


def _dataset(record: int, number: int, data: bytes) -> bytes:
    if len(data) > 0x7FFF:
        raise ValueError("dataset too long for the standard IIM length field")
    return struct.pack(">BBBH", 0x1C, record, number, len(data)) + data


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable):
        return []
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


def iim_block(values: Mapping[str, object]) -> tuple[bytes, list[str]]:
    """The IIM datasets for ``values`` (keys of ``FIELDS``; ``date_created`` a ``date``),
    and the names of the fields that had to be shortened. Empty values are left out."""
    out = [
        _dataset(1, 0, struct.pack(">H", RECORD_VERSION)),
        _dataset(1, 90, UTF8),
        _dataset(2, 0, struct.pack(">H", RECORD_VERSION)),
    ]
    shortened: list[str] = []
    for key, (record, number, limit, repeats) in sorted(FIELDS.items(), key=lambda f: f[1][1]):
        value = values.get(key)
        if value in (None, "", []):
            continue
        if key == "date_created":
            if isinstance(value, date):
                out.append(_dataset(record, number, value.strftime("%Y%m%d").encode("ascii")))
            continue
        texts = _as_list(value) if repeats else [_CONTROL.sub(" ", str(value)).strip()]
        for text in texts:
            if not text:
                continue
            fitted = short_credit(text, limit) if key == "credit" else truncate_utf8(text, limit)
            room = sum(map(len, out)) + len(fitted.encode("utf-8")) + 5 < MAX_IIM
            if (fitted != text or not room) and key not in shortened:
                shortened.append(key)
            if room:
                out.append(_dataset(record, number, fitted.encode("utf-8")))
    return b"".join(out), shortened


def _resource(resource_id: int, data: bytes) -> bytes:
    padded = data + (b"\x00" if len(data) % 2 else b"")
    # Signature, id, an empty Pascal name padded to an even length, size, data.
    return (
        b"8BIM"
        + struct.pack(">H", resource_id)
        + b"\x00\x00"
        + struct.pack(">I", len(data))
        + padded
    )


def app13_segment(iim: bytes) -> bytes:
    """A complete APP13 segment (marker included) carrying ``iim`` and its digest."""
    digest = hashlib.md5(iim, usedforsecurity=False).digest()
    payload = PHOTOSHOP + _resource(RESOURCE_IIM, iim) + _resource(RESOURCE_DIGEST, digest)
    if len(payload) + 2 > MAX_SEGMENT:
        raise ValueError("IPTC-IIM block larger than one APP13 segment")
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
