"""Reading the IPTC-IIM fields a JPEG brings (Photo Mechanic, agencies, cameras' caption
presets): APP13 ``Photoshop 3.0`` image resources, IIM block in resource 0x0404. Only the
file's head is read, never the picture; :mod:`media.iptc_iim` is the writer.

Text is UTF-8 when dataset 1:90 says so (``ESC % G``); without it, UTF-8 when the block's
text is valid UTF-8, else Windows-1252 (latin-1 for the bytes it leaves undefined), as
Photo Mechanic and old Photoshop wrote it. Damage (a dataset or resource running past the
end, a cut APP13, stray bytes, resources without their padding) never raises: what was read
before it is returned, and the damage is described in ``IimFields.damage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from media.iptc_iim import FIELDS, PHOTOSHOP, RESOURCE_IIM, UTF8
from media.jpeg_meta import NotJpeg, segments

HEAD_BYTES = 128 * 1024  # EXIF (<= 64 KB) and XMP usually end well before this
MAX_HEAD = 1024 * 1024  # never read further for metadata (the picture follows)
HEADERS = (PHOTOSHOP, b"Adobe_Photoshop2.5:")
SIGNATURES = (b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa")  # those exiftool accepts
CHARSET = (1, 90)
HEADLINE = (2, 105)
TEXTS = {
    FIELDS["caption"][:2]: "caption",
    HEADLINE: "headline",
    FIELDS["credit"][:2]: "credit",
    FIELDS["city"][:2]: "city",
    FIELDS["sublocation"][:2]: "sublocation",
    FIELDS["object_name"][:2]: "object_name",
}
LISTS = {FIELDS["byline"][:2]: "bylines", FIELDS["keywords"][:2]: "keywords"}


@dataclass
class IimFields:
    """The caption fields of one IIM block; empty datasets count as absent."""

    caption: str = ""  # 2:120 Caption-Abstract
    headline: str = ""  # 2:105
    credit: str = ""  # 2:110
    city: str = ""  # 2:90
    sublocation: str = ""  # 2:92
    object_name: str = ""  # 2:05
    bylines: list[str] = field(default_factory=list)  # 2:80, repeated
    keywords: list[str] = field(default_factory=list)  # 2:25, repeated
    charset: str = ""  # the codec the text was decoded with
    damage: list[str] = field(default_factory=list)  # for people, in Spanish

    def edit_fields(self) -> dict[str, Any]:
        """The non-empty values under the names of the edit journal (``media.edits``)."""
        values: dict[str, Any] = {
            "caption": self.caption,
            "credit": self.credit,
            "creator": self.bylines,
            "keywords": self.keywords,
            "city": self.city,
            "place": self.sublocation,
        }
        return {key: value for key, value in values.items() if value}


def iim_datasets(block: bytes, damage: list[str]) -> list[tuple[int, int, bytes]]:
    """(record, dataset, data) of each dataset of an IIM block, in order, extended lengths
    included; reading stops at the first damaged one (described in ``damage``)."""
    found: list[tuple[int, int, bytes]] = []
    pos = 0
    while pos < len(block):
        if block[pos] != 0x1C:
            if block[pos:].strip(b"\x00"):  # zeros are padding; anything else is not
                damage.append(f"bytes extraños en el byte {pos} del bloque IPTC")
            break
        if pos + 5 > len(block):
            damage.append("el bloque IPTC termina a media cabecera")
            break
        record, number = block[pos + 1], block[pos + 2]
        length = int.from_bytes(block[pos + 3 : pos + 5], "big")
        pos += 5
        if length & 0x8000:  # extended dataset: the next N bytes hold the length
            size = length & 0x7FFF
            if not 0 < size <= 4 or pos + size > len(block):
                damage.append(f"longitud extendida inválida en el dato {record}:{number}")
                break
            length = int.from_bytes(block[pos : pos + size], "big")
            pos += size
        if pos + length > len(block):
            damage.append(f"el dato {record}:{number} sigue más allá del final del bloque")
            break
        found.append((record, number, block[pos : pos + length]))
        pos += length
    return found


def photoshop_resources(data: bytes, damage: list[str]) -> dict[int, bytes]:
    """The image resources (id -> data; the first of each id) of Photoshop APP13 payloads
    (their headers removed). A resource cut by the end gives what there is of it."""
    found: dict[int, bytes] = {}
    pos = 0
    while pos + 4 <= len(data) and data[pos : pos + 4] in SIGNATURES:
        resource_id = int.from_bytes(data[pos + 4 : pos + 6], "big")
        name_length = data[pos + 6] if pos + 6 < len(data) else 0
        pos += 7 + name_length + (1 + name_length) % 2  # the Pascal name is padded to even
        if pos + 4 > len(data):
            damage.append("un recurso de Photoshop termina a media cabecera")
            return found
        size = int.from_bytes(data[pos : pos + 4], "big")
        pos += 4
        if pos + size > len(data):
            damage.append(f"el recurso {resource_id:#06x} está cortado")
        found.setdefault(resource_id, data[pos : pos + size])
        pos += size
        if size % 2 and data[pos : pos + 4] not in SIGNATURES:
            pos += 1  # the pad byte; some writers leave it out, then the next one starts here
    if data[pos:].strip(b"\x00"):
        damage.append("datos ilegibles entre los recursos de Photoshop")
    return found


def _decoder(texts: list[bytes], declared: bytes) -> str:
    if declared == UTF8:
        return "utf-8"
    try:
        b"".join(texts).decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:  # a bad byte in declared UTF-8, or one cp1252 leaves undefined
        text = data.decode("cp1252" if codec == "utf-8" else "latin-1", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\x00 \t\n")


def read_iim(block: bytes) -> IimFields:
    """The caption fields of an IIM block (resource 0x0404's data)."""
    fields = IimFields()
    datasets = iim_datasets(block, fields.damage)
    declared = next((d for r, n, d in datasets if (r, n) == CHARSET), b"")
    texts = [d for r, n, d in datasets if r == 2 and 0 < n < 200]  # 2:200 on: binary previews
    fields.charset = _decoder(texts, declared)
    wanted = [(r, n, d) for r, n, d in datasets if (r, n) in TEXTS or (r, n) in LISTS]
    for record, number, data in wanted:
        text = _decode(data, fields.charset)
        if not text:
            continue
        if (record, number) in LISTS:
            getattr(fields, LISTS[record, number]).append(text)
        elif not getattr(fields, TEXTS[record, number]):  # the first one counts
            setattr(fields, TEXTS[record, number], text)
    return fields


def _pending(head: bytes, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(start, declared end) of the segment after the last whole one in ``head``, when
    ``head`` ends before that segment does; None when the picture starts first."""
    pos = spans[-1][1] if spans else 2
    while head[pos : pos + 2] == b"\xff\xff":  # fill bytes
        pos += 1
    if pos + 4 > len(head):
        return (pos, pos + 4) if head[pos : pos + 1] in (b"", b"\xff") else None
    if head[pos] != 0xFF or head[pos + 1] == 0xDA:
        return None
    end = pos + 2 + int.from_bytes(head[pos + 2 : pos + 4], "big")
    return (pos, end) if end > len(head) else None


def read_jpeg_head(fh: BinaryIO, first: int = HEAD_BYTES, limit: int = MAX_HEAD) -> bytes:
    """A JPEG's first bytes, enough to hold every whole segment before the picture (up to
    ``limit`` bytes). Not a JPEG: its first ``first`` bytes."""
    head = fh.read(first)
    while True:
        try:
            pending = _pending(head, segments(head, partial=True))
        except NotJpeg:
            return head
        if pending is None or pending[1] > limit:
            return head
        more = fh.read(max(pending[1] - len(head), 64 * 1024))
        if not more:
            return head
        head += more


def embedded_iim(head: bytes) -> IimFields | None:
    """The IIM fields of a JPEG, given its head (:func:`read_jpeg_head`); None when it has
    no Photoshop APP13 segment with an IIM resource. Segments split over several APP13s are
    joined; an APP13 cut by the end of the file gives what there is of it."""
    try:
        spans = segments(head, partial=True)
    except NotJpeg:
        return None
    pending = _pending(head, spans)
    damage: list[str] = []
    if pending and head[pending[0] + 1 : pending[0] + 2] == b"\xed":
        spans = [*spans, (pending[0], len(head))]
        damage.append("el segmento APP13 (IPTC) está cortado")
    payloads = []
    for start, end in spans:
        body = head[start + 4 : end] if head[start + 1] == 0xED else b""
        header = next((h for h in HEADERS if body.startswith(h)), None)
        if header is not None:
            payloads.append(body[len(header) :])
    if not payloads:
        return None
    block = photoshop_resources(b"".join(payloads), damage).get(RESOURCE_IIM)
    if block is None:
        return None
    fields = read_iim(block)
    fields.damage[:0] = damage
    return fields
