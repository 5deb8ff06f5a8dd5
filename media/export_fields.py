"""The caption fields a published photo carries, from its catalog item (edits applied) and
its event, as IPTC-IIM values and XMP properties holding the same thing.

| field | IPTC-IIM | XMP |
| --- | --- | --- |
| caption | 2:120 Caption/Abstract | dc:description |
| credit | 2:110 Credit (shortened to 32 bytes) | photoshop:Credit |
| creator | 2:80 By-line | dc:creator |
| keywords | 2:25 Keywords | dc:subject |
| city | 2:90 City | photoshop:City |
| place | 2:92 Sub-location | Iptc4xmpCore:Location |
| event title | 2:05 Object Name | dc:title, Iptc4xmpExt:Event |
| date | 2:55 Date Created | photoshop:DateCreated |

Without a credit of its own, an item whose creator is known gets the office's default
credit for that creator; without a creator, the name in its credit ("Foto: NAME / ...") is
the by-line. The city is the item's, else Mexico City (the borough's). EXIF keeps only the
camera and the capture time (``exif_bytes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PIL import Image

from media.captions import default_credit, item_day
from media.xmp import NS, xmp_properties

DEFAULT_CITY = "Ciudad de México"
_CREDIT_NAME = re.compile(r"^\s*(?:foto|fotos|fotografía|imagen)\s*:\s*(.+?)\s*(?:/.*)?$", re.I)
CAPTION_PROPERTY = f"{{{NS['dc']}}}description"


@dataclass
class PhotoFields:
    caption: str = ""
    credit: str = ""
    creators: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    city: str = ""
    place: str = ""
    event_title: str = ""
    day: date | None = None

    def iim_values(self) -> dict[str, object]:
        """Values for ``media.iptc_iim.iim_block``."""
        return {
            "object_name": self.event_title,
            "keywords": self.keywords,
            "date_created": self.day,
            "byline": self.creators,
            "city": self.city,
            "sublocation": self.place,
            "credit": self.credit,
            "caption": self.caption,
        }

    def xmp_props(self) -> dict[str, tuple[str, Any]]:
        """Properties for ``media.xmp.xmp_packet`` (``CAPTION_PROPERTY`` holds the caption)."""
        props = xmp_properties(
            {
                "caption": self.caption,
                "creator": self.creators,
                "keywords": self.keywords,
                "credit": self.credit,
                "city": self.city,
                "place": self.place,
                "event_title": self.event_title,
            }
        )
        if self.event_title:
            props[f"{{{NS['dc']}}}title"] = ("alt", props[f"{{{NS['Iptc4xmpExt']}}}Event"][1])
        if self.day is not None:
            props[f"{{{NS['photoshop']}}}DateCreated"] = ("text", self.day.isoformat())
        return props


def exif_bytes(item: dict[str, Any]) -> bytes:
    """A small EXIF block for a published photo: camera make and model and the capture
    time, nothing else (no GPS, no serial number, no orientation: the photo is upright)."""
    exif = Image.Exif()
    for tag, key in ((0x010F, "make"), (0x0110, "model")):
        value = " ".join(str(item.get(key) or "").split())
        if value and value.isascii():
            exif[tag] = value
    when = str(item.get("capture_time_local") or "")
    if len(when) >= 19 and when[4] == "-" and when[10] == "T":
        stamp = when[:19].replace("-", ":", 2).replace("T", " ")
        exif[0x0132] = stamp
        exif.get_ifd(0x8769)[0x9003] = stamp
    return exif.tobytes()


def _texts(value: object, split: bool) -> list[str]:
    """A list of clean texts from a list, or from one string (split on commas if ``split``)."""
    if isinstance(value, str):
        value = value.split(",") if split else [value]
    if not isinstance(value, list | tuple):
        return []
    return [" ".join(str(v).split()) for v in value if str(v).strip()]


def photo_fields(item: dict[str, Any], title: str, day: date | None, place: str) -> PhotoFields:
    """The fields of one item of an event called ``title``, held on ``day`` at ``place``."""
    creators = _texts(item.get("creator"), split=False)
    credit = " ".join(str(item.get("credit") or "").split())
    if not credit and creators:
        credit = default_credit(creators[0], "")
    if not creators and credit:
        match = _CREDIT_NAME.match(credit)
        if match:
            creators = [match.group(1)]
    return PhotoFields(
        caption=str(item.get("caption") or "").strip(),
        credit=credit,
        creators=creators,
        keywords=_texts(item.get("keywords"), split=True),
        city=str(item.get("city") or "").strip() or DEFAULT_CITY,
        place=str(item.get("place") or "").strip() or place,
        event_title=str(item.get("event_title") or "").strip() or title,
        day=item_day(item) or day,
    )
