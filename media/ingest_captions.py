"""The caption template applied at ingest (setting ``caption_template``, ``ingest
--caption-template``): each newly ingested photo gets the template filled from its agenda
event, with the office's codes expanded, as an edit in the writer's journal, and its XMP
sidecar updated, as ``python main.py caption --template`` would do.

A caption already there is never overwritten: one in the journals, or one the photo brought
from the card, in its XMP sidecar or inside the file (a JPEG's embedded XMP, or its IPTC-IIM
as Photo Mechanic, agencies and cameras' caption presets write it). Field by field, the
journal comes first, then the card's XMP sidecar, the embedded XMP, and last the embedded
IIM: where XMP and IIM both hold a field, XMP wins, as the Metadata Working Group's
guidelines say. What the card brings (caption, credit, by-line, keywords, city, place) and
the journal lacks is recorded in the journal as it is, so the app and the export see it. A
photo without a credit gets the default one (``Foto: NAME / Alcaldía Iztacalco``, NAME the
card's by-line when it has one), as with ``caption``. A damaged IIM block is a problem in
the report; what could be read of it is kept.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from media.agenda import Agenda
from media.annotate import Found, caption_values, item_event, sidecar_values, xmp_target
from media.captions import check_template, compose_caption, credit_name, default_credit, load_codes
from media.catalog import read_items
from media.edits import merged_edits, record_edits, with_edits
from media.ingest_report import FileResult
from media.iptc_read import embedded_iim, read_jpeg_head
from media.jpeg_meta import embedded_xmp
from media.library import event_folders
from media.models import Kind
from media.xmp import NS, XmpError, write_sidecar

# Fields a photo may bring from the card, under the journal's names, and their XMP names.
XMP_FIELDS = {
    "caption": ("dc", "description"),
    "credit": ("photoshop", "Credit"),
    "creator": ("dc", "creator"),
    "keywords": ("dc", "subject"),
    "city": ("photoshop", "City"),
    "place": ("Iptc4xmpCore", "Location"),
}
LIST_FIELDS = ("creator", "keywords")


@dataclass
class TemplateReport:
    """What the template did: photos captioned, photos that kept their own caption."""

    captioned: list[str] = field(default_factory=list)  # library-relative paths
    kept: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # for people, in Spanish

    def to_json(self) -> dict[str, Any]:
        return {"captioned": self.captioned, "kept": self.kept, "problems": self.problems}


@dataclass
class CardFields:
    """What a photo brought from the card (journal field -> value) and the damage met."""

    values: dict[str, Any] = field(default_factory=dict)
    damage: list[str] = field(default_factory=list)  # in the IIM block, for people


def _xmp_texts(root: ET.Element, tag: str) -> list[str]:
    """The texts of one XMP property: an attribute, the items of its array, or its text."""
    li = f"{{{NS['rdf']}}}li"
    for element in root.iter():
        if tag in element.attrib and element.attrib[tag].strip():
            return [element.attrib[tag].strip()]
        if element.tag == tag:
            texts = [i.text.strip() for i in element.iter(li) if i.text and i.text.strip()]
            if texts:
                return texts
            if element.text and element.text.strip():
                return [element.text.strip()]
    return []


def xmp_fields(packet: bytes) -> dict[str, Any]:
    """The fields of ``XMP_FIELDS`` an XMP packet or sidecar holds (``creator`` and
    ``keywords`` as lists); empty when it holds none or is not valid XML."""
    try:
        root = ET.fromstring(packet.strip(b"\x00 \r\n\t"))
    except ET.ParseError:
        return {}
    found: dict[str, Any] = {}
    for key, (prefix, name) in XMP_FIELDS.items():
        texts = _xmp_texts(root, f"{{{NS[prefix]}}}{name}")
        if texts:
            found[key] = texts if key in LIST_FIELDS else texts[0]
    return found


def xmp_caption(packet: bytes) -> str:
    """The ``dc:description`` of an XMP packet or sidecar ('' when none or unreadable)."""
    return str(xmp_fields(packet).get("caption", ""))


def card_fields(folder: str, item: dict[str, Any]) -> CardFields:
    """The fields the photo brought from the card, each from the first source holding it:
    its XMP sidecar, the XMP inside the JPEG, the IPTC-IIM inside the JPEG."""
    sources: list[dict[str, Any]] = []
    for side in item.get("sidecars", []):
        path = str(side.get("folder_path", ""))
        if path.lower().endswith(".xmp"):
            try:
                with open(os.path.join(folder, path), "rb") as fh:
                    sources.append(xmp_fields(fh.read()))
            except OSError:
                pass
    card = CardFields()
    try:
        with open(os.path.join(folder, str(item.get("folder_path", ""))), "rb") as fh:
            head = read_jpeg_head(fh)
    except OSError:
        head = b""
    packet = embedded_xmp(head)
    if packet:
        sources.append(xmp_fields(packet))
    iim = embedded_iim(head)
    if iim is not None:
        sources.append(iim.edit_fields())
        card.damage = iim.damage
    for source in sources:
        for key, value in source.items():
            card.values.setdefault(key, value)
    return card


def new_photo_paths(results: Iterable[FileResult]) -> list[str]:
    """The library paths of the photos an ingest copied (not those already there)."""
    return [r.path for r in results if r.status == "copied" and r.kind == "photo" and r.path]


def summary_text(report: TemplateReport) -> str:
    """'Pie de foto de la plantilla en 12 fotos (3 ya tenían uno).', or without a template
    '3 fotos traían pie de foto, que se conservó.'"""
    if not report.captioned and report.kept:
        return f"{len(report.kept)} fotos traían pie de foto, que se conservó."
    text = f"Pie de foto de la plantilla en {len(report.captioned)} fotos"
    if report.kept:
        text += f" ({len(report.kept)} ya tenían uno, que se conservó)"
    return text + "."


def apply_ingest_template(
    library: str, paths: list[str], template: str, writer: str, photographer: str = ""
) -> TemplateReport:
    """Caption the photos at ``paths`` (library-relative, as ingest reports them). What
    they brought from the card is recorded first, template or not; an empty ``template``
    only does that (no caption, no default credit, no sidecar written).

    Raises ``ValueError`` for a bad template or codes file, before anything is written. A
    sidecar that cannot be written is a problem in the report; the journal keeps the edit.
    """
    check_template(template)
    codes = load_codes(library)
    report = TemplateReport()
    wanted = {os.path.normpath(p) for p in paths}
    if not wanted:
        return report
    agenda = Agenda(library)
    name = credit_name(photographer, writer)
    by_folder: dict[str, list[dict[str, Any]]] = defaultdict(list)
    catalogs: dict[str, list[dict[str, Any]]] = {}
    for folder in event_folders(library):
        items = read_items(folder)
        hits = [i for i in items if os.path.normpath(str(i.get("path", ""))) in wanted]
        hits = [i for i in hits if i.get("kind") == Kind.PHOTO.value]
        if hits:
            by_folder[folder], catalogs[folder] = hits, items
    for folder, hits in by_folder.items():
        merged = merged_edits(folder)
        for item in hits:
            shown = str(item["path"])
            current = with_edits(item, merged)
            changes = _card_changes(folder, item, current, report)
            if current.get("caption") or changes.get("caption"):
                report.kept.append(shown)
            elif template.strip():
                values = caption_values(item, item_event(agenda, item), name)
                changes["caption"] = compose_caption(template, codes, values)
                report.captioned.append(shown)
            if template.strip() and not current.get("credit") and not changes.get("credit"):
                byline = _byline(current, changes) or photographer
                changes["credit"] = default_credit(byline, writer)
            if not changes:
                continue
            record_edits(folder, writer, str(item["id"]), changes)
            if template.strip():  # without one, the card's words are in the file already
                values = {**current, **changes}
                _refresh_sidecar(Found(folder, item), catalogs[folder], values, agenda, report)
    return report


def _card_changes(
    folder: str, item: dict[str, Any], current: dict[str, Any], report: TemplateReport
) -> dict[str, Any]:
    """The fields the card brought that ``current`` (the item, edits applied) lacks; a
    damaged IIM block is noted in ``report``."""
    if all(current.get(key) for key in XMP_FIELDS):
        return {}
    card = card_fields(folder, item)
    if card.damage:
        report.problems.append(
            f"{item.get('path')}: el bloque IPTC-IIM está dañado ({'; '.join(card.damage)}); "
            "se conservó lo que se pudo leer"
        )
    return {key: value for key, value in card.values.items() if not current.get(key)}


def _byline(*sources: dict[str, Any]) -> str:
    """The first creator named in ``sources`` (a list or one name), '' when none."""
    for source in sources:
        creators = source.get("creator") or []
        names = [creators] if isinstance(creators, str) else list(creators)
        if names and str(names[0]).strip():
            return str(names[0]).strip()
    return ""


def _refresh_sidecar(
    found: Found,
    items: list[dict[str, Any]],
    values: dict[str, Any],
    agenda: Agenda,
    report: TemplateReport,
) -> None:
    path, from_card = xmp_target(found, items)
    if from_card:  # the manifest guards it; the journal holds the edit
        return
    try:
        write_sidecar(path, sidecar_values(values, item_event(agenda, found.item)))
    except (XmpError, OSError) as exc:
        report.problems.append(f"{found.item.get('path')}: no se pudo escribir el XMP ({exc})")


def caption_after_ingest(
    library: str, results: Iterable[FileResult], photographer: str = "", template: str | None = None
) -> TemplateReport | None:
    """``template`` (default: the ``caption_template`` setting) applied to the photos an
    ingest copied, by this person's writer id, after recording what they brought from the
    card (with no template, only that). A bad template or codes file, or a library that
    cannot be written, is a problem in the report: the ingest itself is never undone for a
    caption. None when no photo was copied."""
    from media.settings import load_settings

    settings = load_settings()
    template = settings.caption_template if template is None else template
    paths = new_photo_paths(results)
    if not paths:
        return None
    photographer = photographer or settings.photographer
    try:
        return apply_ingest_template(
            library, paths, template, settings.writer_id, photographer
        )
    except Exception as exc:  # a damaged catalog or journal too: the ingest stays done
        return TemplateReport(problems=[f"no se aplicó la plantilla de pie de foto: {exc}"])
