"""The bulletin package: resized photos with their captions inside, ``pies_de_foto.txt`` and
``.csv``, a contact sheet, and optionally a zip of it all, written atomically.

Everything is built in a hidden temporary folder inside the destination
(``.cobertura-tmp-export-*``), every file fsynced, and only then renamed to its name,
``YYYYMMDD_event-title`` (``-2``, ``-3``... when that name is taken: an existing package is
never touched). A cancelled or failed run removes its temporary folder, so a person never
sees half a package; temporaries left by a killed run are swept by a later one once they
are old. The zip (files at its root) is written the same way beside the folder.

Items are catalog items with edits applied; the file of an item is
``os.path.join(root, item["path"])``: ``root`` is the library for library items
(``media.culling.event_items``, ``media.export_event.items_of_event``) and the share for
shared-view items (``sync.shared_view``), whose paths are relative to the share.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from media.atomic import fsync_dir
from media.contact_sheet import SheetEntry, write_contact_sheet
from media.export_captions import (
    CSV_NAME,
    TXT_NAME,
    CaptionRow,
    captions_csv,
    captions_txt,
    heading,
)
from media.export_event import ExportEvent, event_for_folder, sort_items, stills
from media.export_fields import CAPTION_PROPERTY, exif_bytes, photo_fields
from media.export_files import (
    TMP_PREFIX,
    ExportError,
    free_name,
    package_name,
    place_zip,
    run_error,
    sweep_stale,
    write_new,
    write_zip,
)
from media.export_images import ExportImageError, encode_jpeg, prepare
from media.export_presets import DEFAULT_PRESET, ExportPreset, get_preset
from media.iptc_iim import FIELD_NAMES_ES
from media.jpeg_meta import embed_captions
from media.models import CancelToken, Kind, Problem, ProblemType, ProgressFn, no_progress

__all__ = ["ExportError", "ExportEvent", "ExportResult", "event_for_folder", "export_package"]

SHEET_NAME = "hoja_de_contactos.pdf"
THUMB = 480


@dataclass
class ExportedPhoto:
    item_id: str
    source: str  # the item's path
    name: str  # its name in the package
    width: int
    height: int
    caption: str
    credit: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ExportResult:
    """What was written: ``folder`` is None when nothing was (cancelled, or no photo could be
    exported). ``problems``: photos left out; ``warnings``: photos exported with a note."""

    preset: str
    folder: str | None = None
    zip: str | None = None
    files: list[str] = field(default_factory=list)
    photos: list[ExportedPhoto] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False
    elapsed: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "zip": self.zip,
            "preset": self.preset,
            "files": self.files,
            "photos": [p.to_json() for p in self.photos],
            "warnings": [w.to_json() for w in self.warnings],
            "problems": [p.to_json() for p in self.problems],
            "cancelled": self.cancelled,
            "elapsed": round(self.elapsed, 2),
        }


def export_package(
    items: list[dict[str, Any]],
    root: str,
    event: ExportEvent,
    dest: str,
    preset: str = DEFAULT_PRESET,
    *,
    quality: int = 85,
    watermark: bool = False,
    make_zip: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the bulletin package of ``items`` (in capture order) into ``dest``.

    Raises ``ValueError`` for an unknown preset, a quality outside 1-95 or no photo among
    the items (nothing written), ``ExportError`` when the destination cannot be written
    (nothing left behind). A photo that cannot be read is a problem and the rest go on;
    video and audio items are skipped with a warning. ``progress(done, total)`` counts
    photos, then the captions, the sheet and the zip.
    """
    started = time.monotonic()
    chosen = get_preset(preset)
    if not 1 <= quality <= 95:
        raise ValueError(f"la calidad va de 1 a 95: {quality}")
    progress = progress or no_progress
    photos = sort_items(stills(items))
    result = ExportResult(preset=chosen.name)
    for item in items:
        if item.get("kind") != Kind.PHOTO.value:
            result.warnings.append(Problem(ProblemType.NOT_STILL, str(item.get("path", ""))))
    if not photos:
        raise ValueError("no hay fotos que exportar (solo se exportan fotos)")
    dest = os.path.abspath(dest)
    try:
        os.makedirs(dest, exist_ok=True)
        sweep_stale(dest)
        work = os.path.join(dest, TMP_PREFIX + secrets.token_hex(6))
        os.mkdir(work)  # not mkdtemp: its 0700 would make the package private on a share
    except OSError as exc:
        raise run_error(exc, dest) from exc
    zip_tmp = work + ".zip"
    try:
        base = package_name(event)
        total = len(photos) + 2 + int(make_zip)
        entries: list[SheetEntry] = []
        rows: list[CaptionRow] = []
        width = max(2, len(str(len(photos))))
        for done, item in enumerate(photos):
            if cancel is not None and cancel.cancelled:
                return _cancelled(result, work, zip_tmp, started)
            progress(done, total)
            name = f"{base}_{len(result.photos) + 1:0{width}d}.jpg"
            made = _export_one(item, root, event, chosen, (quality, watermark), name, result)
            if made is None:
                continue
            jpeg, image = made
            try:
                write_new(os.path.join(work, name), jpeg)
            except OSError as exc:
                raise run_error(exc, dest) from exc
            photo = result.photos[-1]
            image.thumbnail((THUMB, THUMB))
            entries.append(SheetEntry(name, photo.caption, photo.credit, image))
            rows.append(CaptionRow(name, photo.caption, photo.credit))
        if not result.photos:
            shutil.rmtree(work, ignore_errors=True)
            result.elapsed = time.monotonic() - started
            return result
        title = heading(event.title, event.day, event.place)
        progress(len(photos), total)
        try:
            write_new(os.path.join(work, TXT_NAME), captions_txt(title, rows))
            write_new(os.path.join(work, CSV_NAME), captions_csv(rows))
            if cancel is not None and cancel.cancelled:
                return _cancelled(result, work, zip_tmp, started)
            progress(len(photos) + 1, total)
            write_contact_sheet(os.path.join(work, SHEET_NAME), entries, event.title, title)
            fsync_dir(work)
            result.files = sorted(os.listdir(work))
            final = free_name(dest, base, ".zip" if make_zip else "")
            if make_zip:
                write_zip(work, zip_tmp, result.files, cancel)
                if cancel is not None and cancel.cancelled:
                    return _cancelled(result, work, zip_tmp, started)
            os.rename(work, os.path.join(dest, final))
            result.folder = os.path.join(dest, final)
            if make_zip:
                result.zip = place_zip(zip_tmp, dest, final)
            fsync_dir(dest)
        except OSError as exc:
            raise run_error(exc, dest) from exc
        progress(total, total)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if os.path.exists(zip_tmp):
            os.unlink(zip_tmp)
        raise
    result.elapsed = time.monotonic() - started
    return result


def _cancelled(result: ExportResult, work: str, zip_tmp: str, started: float) -> ExportResult:
    shutil.rmtree(work, ignore_errors=True)
    if os.path.exists(zip_tmp):
        os.unlink(zip_tmp)
    result.photos, result.files, result.cancelled = [], [], True
    result.problems.append(Problem(ProblemType.CANCELLED, "", "no se escribió el paquete"))
    result.elapsed = time.monotonic() - started
    return result


def _export_one(
    item: dict[str, Any],
    root: str,
    event: ExportEvent,
    preset: ExportPreset,
    options: tuple[int, bool],
    name: str,
    result: ExportResult,
) -> tuple[bytes, Image.Image] | None:
    """One photo as JPEG bytes with its fields embedded, and its picture (for the sheet);
    recorded in ``result`` as ``name``. None, with a problem in ``result``, when it cannot
    be made. ``options``: the JPEG quality and whether to add the logo."""
    quality, watermark = options
    shown = str(item.get("path", ""))
    try:
        prepared = prepare(os.path.join(root, shown), preset, watermark)
    except ExportImageError as exc:
        result.problems.append(Problem(exc.type, shown, exc.detail))
        return None
    fields = photo_fields(item, event.title, event.day, event.place)
    jpeg, shortened = embed_captions(
        encode_jpeg(prepared.image, quality, exif_bytes(item)),
        fields.iim_values(),
        fields.xmp_props(),
        CAPTION_PROPERTY,
    )
    if not fields.caption:
        result.warnings.append(Problem(ProblemType.NO_CAPTION, shown))
    if prepared.small:
        w, h = prepared.image.size
        result.warnings.append(Problem(ProblemType.SMALL_PHOTO, shown, f"{w}×{h} px"))
    shortened = [s for s in shortened if s != "credit"]  # shortened by design: no warning
    if shortened:
        names = ", ".join(FIELD_NAMES_ES.get(s, "pie de foto en XMP") for s in shortened)
        result.warnings.append(Problem(ProblemType.SHORTENED, shown, names))
    for note in prepared.notes:
        result.warnings.append(Problem(ProblemType.COLOUR_PROFILE, shown, note))
    width, height = prepared.image.size
    photo = ExportedPhoto(
        str(item.get("id", "")), shown, name, width, height, fields.caption, fields.credit
    )
    result.photos.append(photo)
    return jpeg, prepared.image
