"""Caption fields put inside a JPEG's bytes: XMP in APP1 and IPTC-IIM in APP13.

Done on the encoded bytes rather than through the encoder, so it works with every Pillow
the project accepts (Pillow learnt ``xmp=`` for JPEG only in version 11) and is tested on
its own. New segments go after the leading APP0 (JFIF) and APP1 (EXIF) segments, where
readers look first; XMP and Photoshop segments already in the file are replaced, never
doubled.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

from media.iptc_iim import MAX_SEGMENT, PHOTOSHOP, app13_segment, iim_block, truncate_utf8
from media.xmp import xmp_packet

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
MAX_XMP = MAX_SEGMENT - 2 - len(XMP_HEADER)  # the packet's bytes in one standard APP1


class NotJpeg(ValueError):
    """The bytes are not a JPEG whose segments can be walked."""


def segments(jpeg: bytes, partial: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each marker segment between SOI and the start of scan; with
    ``partial``, the whole segments found before ``jpeg`` (the file's head) ends."""
    if not jpeg.startswith(b"\xff\xd8"):
        raise NotJpeg("no SOI marker")
    found: list[tuple[int, int]] = []
    pos = 2
    while pos + 4 <= len(jpeg):
        if jpeg[pos] != 0xFF:
            raise NotJpeg(f"no marker at byte {pos}")
        marker = jpeg[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the picture follows
            return found
        (length,) = struct.unpack(">H", jpeg[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(jpeg):
            if partial and length >= 2:
                return found
            raise NotJpeg(f"segment at byte {pos} runs past the end")
        found.append((pos, end))
        pos = end
    if partial:
        return found
    raise NotJpeg("no start of scan")


def embedded_xmp(head: bytes) -> bytes | None:
    """The XMP packet of a JPEG (given its first bytes), or None when it has none."""
    try:
        spans = segments(head, partial=True)
    except NotJpeg:
        return None
    for start, end in spans:
        if head[start + 1] == 0xE1 and head[start + 4 : end].startswith(XMP_HEADER):
            return head[start + 4 + len(XMP_HEADER) : end]
    return None


def app1_xmp(packet: bytes) -> bytes:
    """A complete APP1 segment carrying an XMP packet (at most ``MAX_XMP`` bytes)."""
    if len(packet) > MAX_XMP:
        raise ValueError("XMP packet larger than one APP1 segment")
    payload = XMP_HEADER + packet
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _is_ours(segment: bytes) -> bool:
    """An XMP APP1 or a Photoshop APP13 segment (the ones ``insert_metadata`` writes)."""
    marker, body = segment[1], segment[4:]
    return (marker == 0xE1 and body.startswith(XMP_HEADER)) or (
        marker == 0xED and body.startswith(PHOTOSHOP)
    )


def insert_metadata(jpeg: bytes, new_segments: list[bytes]) -> bytes:
    """``jpeg`` with ``new_segments`` after its leading APP0/APP1 segments, replacing any
    XMP or Photoshop segment it had."""
    spans = segments(jpeg)
    kept = [(s, e) for s, e in spans if not _is_ours(jpeg[s:e])]
    at = 0
    while at < len(kept) and jpeg[kept[at][0] + 1] in (0xE0, 0xE1):
        at += 1
    head = [jpeg[s:e] for s, e in kept[:at]]
    tail = [jpeg[s:e] for s, e in kept[at:]]
    scan = spans[-1][1] if spans else 2
    return b"".join([b"\xff\xd8", *head, *new_segments, *tail, jpeg[scan:]])


def fitted_xmp(props: dict[str, tuple[str, Any]], caption_key: str) -> tuple[bytes, bool]:
    """The XMP packet for ``props``; when it is too big for one APP1 segment, the caption
    (``props[caption_key]``) is shortened until it fits. Returns (packet, shortened)."""
    packet = xmp_packet(props)
    if len(packet) <= MAX_XMP or caption_key not in props:
        return packet, False
    kind, caption = props[caption_key]
    budget = len(str(caption).encode("utf-8"))
    while len(packet) > MAX_XMP and budget > 0:
        budget -= len(packet) - MAX_XMP + 64
        props = {**props, caption_key: (kind, truncate_utf8(str(caption), max(budget, 0)))}
        packet = xmp_packet(props)
    return packet, True


def embed_captions(
    jpeg: bytes,
    iim_values: Mapping[str, object],
    xmp_props: dict[str, tuple[str, Any]],
    caption_key: str,
) -> tuple[bytes, list[str]]:
    """``jpeg`` carrying the fields in both IPTC-IIM and XMP; also the IIM field names that
    were shortened (``"xmp_caption"`` when even XMP could not hold the whole caption)."""
    iim, shortened = iim_block(iim_values)
    packet, cut = fitted_xmp(xmp_props, caption_key)
    if cut:
        shortened.append("xmp_caption")
    return insert_metadata(jpeg, [app1_xmp(packet), app13_segment(iim)]), shortened
