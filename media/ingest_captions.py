"""The caption template applied at ingest (setting ``caption_template``, ``ingest
--caption-template``): each newly ingested photo gets the template filled from its agenda
event, with the office's codes expanded, as an edit in the writer's journal, and its XMP
sidecar updated, as ``python main.py caption --template`` would do.

A caption already there is never overwritten: one in the journals, or one the photo brought
from the card, in its XMP sidecar or inside the file (a JPEG's embedded XMP, as Photo
Mechanic and cameras' caption presets write it). A caption from the card is recorded in the
journal as it is, so the app and the export see it. A photo without a credit gets the
default one (``Foto: NAME / Alcaldía Iztacalco``), as with ``caption``.
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
from media.jpeg_meta import embedded_xmp
from media.library import event_folders
from media.models import Kind
from media.xmp import NS, XmpError, write_sidecar

HEAD_BYTES = 128 * 1024  # embedded XMP sits in the first segments, after EXIF (<= 64 KB)


@dataclass
class TemplateReport:
    """What the template did: photos captioned, photos that kept their own caption."""

    captioned: list[str] = field(default_factory=list)  # library-relative paths
    kept: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # for people, in Spanish

    def to_json(self) -> dict[str, Any]:
        return {"captioned": self.captioned, "kept": self.kept, "problems": self.problems}


def xmp_caption(packet: bytes) -> str:
    """The ``dc:description`` of an XMP packet or sidecar ('' when none or unreadable)."""
    try:
        root = ET.fromstring(packet.strip(b"\x00 \r\n\t"))
    except ET.ParseError:
        return ""
    tag = f"{{{NS['dc']}}}description"
    for element in root.iter():
        if tag in element.attrib and element.attrib[tag].strip():
            return element.attrib[tag].strip()
        if element.tag == tag:
            for li in element.iter(f"{{{NS['rdf']}}}li"):
                if li.text and li.text.strip():
                    return li.text.strip()
            if element.text and element.text.strip():
                return element.text.strip()
    return ""


def card_caption(folder: str, item: dict[str, Any]) -> str:
    """A caption the photo brought from the card: its XMP sidecar's, else its embedded one."""
    for side in item.get("sidecars", []):
        path = str(side.get("folder_path", ""))
        if path.lower().endswith(".xmp"):
            try:
                with open(os.path.join(folder, path), "rb") as fh:
                    found = xmp_caption(fh.read())
            except OSError:
                found = ""
            if found:
                return found
    try:
        with open(os.path.join(folder, str(item.get("folder_path", ""))), "rb") as fh:
            packet = embedded_xmp(fh.read(HEAD_BYTES))
    except OSError:
        return ""
    return xmp_caption(packet) if packet else ""


def new_photo_paths(results: Iterable[FileResult]) -> list[str]:
    """The library paths of the photos an ingest copied (not those already there)."""
    return [r.path for r in results if r.status == "copied" and r.kind == "photo" and r.path]


def summary_text(report: TemplateReport) -> str:
    """'Pie de foto de la plantilla en 12 fotos (3 ya tenían uno).'"""
    text = f"Pie de foto de la plantilla en {len(report.captioned)} fotos"
    if report.kept:
        text += f" ({len(report.kept)} ya tenían uno, que se conservó)"
    return text + "."


def apply_ingest_template(
    library: str, paths: list[str], template: str, writer: str, photographer: str = ""
) -> TemplateReport:
    """Caption the photos at ``paths`` (library-relative, as ingest reports them).

    Raises ``ValueError`` for a bad template or codes file, before anything is written. A
    sidecar that cannot be written is a problem in the report; the journal keeps the edit.
    """
    check_template(template)
    codes = load_codes(library)
    report = TemplateReport()
    wanted = {os.path.normpath(p) for p in paths}
    if not template.strip() or not wanted:
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
            from_card = "" if current.get("caption") else card_caption(folder, item)
            changes: dict[str, Any] = {}
            if current.get("caption") or from_card:
                report.kept.append(shown)
                if from_card:
                    changes["caption"] = from_card
            else:
                values = caption_values(item, item_event(agenda, item), name)
                changes["caption"] = compose_caption(template, codes, values)
                report.captioned.append(shown)
            if not current.get("credit"):
                changes["credit"] = default_credit(photographer, writer)
            if not changes:
                continue
            record_edits(folder, writer, str(item["id"]), changes)
            values = {**current, **changes}
            _refresh_sidecar(Found(folder, item), catalogs[folder], values, agenda, report)
    return report


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
    ingest copied, by this person's writer id; None when there is no template. A bad
    template or codes file, or a library that cannot be written, is a problem in the report:
    the ingest itself is never undone for a caption."""
    from media.settings import load_settings

    settings = load_settings()
    template = settings.caption_template if template is None else template
    if not template.strip():
        return None
    photographer = photographer or settings.photographer
    try:
        return apply_ingest_template(
            library, new_photo_paths(results), template, settings.writer_id, photographer
        )
    except Exception as exc:  # a damaged catalog or journal too: the ingest stays done
        return TemplateReport(problems=[f"no se aplicó la plantilla de pie de foto: {exc}"])
