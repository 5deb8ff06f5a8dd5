"""A synthetic library for ``bench/app.py``: many events, catalogs shaped like real ones.

Catalogs, manifests, edit journals (picks and captions) and the agenda are written as
ingest and culling write them. Only the one big event gets files on disk: small real
JPEGs (hard links to a few pictures) and its thumbnail cache, so the grid draws real
thumbnails; the other events' files are never opened by the window.
"""

from __future__ import annotations

import io
import json
import os
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from media.agenda import Agenda, Event, event_id
from media.atomic import write_json_atomic
from media.catalog import ITEMS, write_manifest
from media.library import event_folder, state_dir
from media.thumbnails import thumbnail_path
from sync.index import ShareRecord
from sync.localscan import ALL_PARTS, quick_fingerprint

WRITER = "bench@cobertura"
LAYOUT = 3  # bump when the generated library changes shape, so a cached one is rebuilt
TITLES = (
    "Entrega de becas", "Jornada de salud", "Recorrido de obra", "Faena comunitaria",
    "Inauguración de luminarias", "Audiencia pública", "Festival cultural",
    "Entrega de apoyos", "Mesa de seguridad", "Rehabilitación de parque",
    "Torneo deportivo", "Feria del empleo", "Jornada de vacunación", "Bacheo nocturno",
)  # fmt: skip
COLONIAS = (
    "Agrícola Oriental", "Santa Anita", "Pantitlán", "Granjas México", "Militar Marte",
    "Juventino Rosas", "Gabriel Ramos Millán", "Reforma Iztaccíhuatl", "Viaducto Piedad",
    "Campamento 2 de Octubre", "INFONAVIT Iztacalco", "Tlazintla",
)  # fmt: skip
PLACES = (
    "Explanada de la Alcaldía", "Deportivo Leandro Valle", "Parque Ecológico Iztacalco",
    "Calzada de la Viga", "Centro Social Iztacalco", "Mercado de Santa Anita",
)  # fmt: skip
CAPTION_WORDS = (
    "vecinas y vecinos de la colonia {colonia} durante {title_lower}",
    "la alcaldesa saluda a estudiantes en {place}",
    "personal de la alcaldía trabaja en {place}",
    "niñas y niños participan en {title_lower}",
)


def _pictures(count: int = 16) -> list[bytes]:
    """Small JPEGs (256 x 171, the size of a made thumbnail), each a different colour."""
    out = []
    for i in range(count):
        image = Image.new("RGB", (256, 171), (40 + i * 12 % 200, 90 + i * 29 % 150, 140))
        draw = ImageDraw.Draw(image)
        draw.ellipse((60 + i * 5, 30, 180 + i * 3, 150), fill=(230, 200 - i * 7, 80))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=85)
        out.append(buf.getvalue())
    return out


def _item(
    rng: random.Random, rel_event: str, day: date, n: int, ev_id: str, with_problem: bool
) -> dict[str, Any]:
    kind = rng.choices(("photo", "video", "audio"), (0.86, 0.1, 0.04))[0]
    ext, sub = {"photo": ("JPG", "FOTO"), "video": ("MP4", "VIDEO"), "audio": ("WAV", "AUDIO")}[
        kind
    ]
    seconds = 9 * 3600 + n * 3
    clock = f"{seconds // 3600:02d}{seconds // 60 % 60:02d}{seconds % 60:02d}"
    name = f"{day.isoformat()}_{clock}_DSC_{n:05d}.{ext}"
    digest = f"{rng.getrandbits(128):032x}"
    when = f"{day.isoformat()}T{clock[:2]}:{clock[2:4]}:{clock[4:]}"
    return {
        "capture_time": when, "capture_time_local": when,
        "capture_time_source": "ExifIFD:DateTimeOriginal", "clock_offset_seconds": 0,
        "codecs": ["h264", "aac"] if kind == "video" else [],
        "duration": round(rng.uniform(4, 300), 2) if kind != "photo" else None,
        "event": ev_id, "event_forced": False, "folder_path": f"{sub}/{name}",
        "gps": None, "hash": digest, "hash_algorithm": "xxh3-128",
        "height": 4000, "width": 6000, "id": digest[:16],
        "ingested_at": f"{day.isoformat()}T20:00:00+00:00", "kind": kind,
        "make": "Canon", "model": "Canon EOS R6", "orientation": 1,
        "original_name": f"DSC_{n:05d}.{ext}", "path": f"{rel_event}/{sub}/{name}",
        "problems": ["no_capture_time"] if with_problem else [], "serial": "012345678901",
        "sidecars": [], "size": rng.randint(3_000_000, 12_000_000),
        "source_path": f"/media/fotografo/EOS_DIGITAL/DCIM/100CANON/DSC_{n:05d}.{ext}",
        "verified": True,
    }  # fmt: skip


def _journal(rng: random.Random, items: list[dict[str, Any]], values: dict[str, str]) -> str:
    """This writer's edits: a few picks and stars, captions on about a third of the photos."""
    lines = []
    for k, item in enumerate(items):
        at = f"2026-01-20T10:{k // 60 % 60:02d}:{k % 60:02d}.000000+00:00"
        edits: dict[str, Any] = {}
        if rng.random() < 0.05:
            edits["pick"] = True
        if rng.random() < 0.1:
            edits["stars"] = rng.randint(1, 5)
        if item["kind"] == "photo" and rng.random() < 0.3:
            edits["caption"] = rng.choice(CAPTION_WORDS).format(**values)
        for key, value in sorted(edits.items()):
            record = {"v": 1, "item": item["id"], "field": key, "value": value, "at": at}
            lines.append(json.dumps({**record, "writer": WRITER}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def build(library: Path, events: int, items: int, big: int, seed: int = 8) -> str:
    """Write the library; return the big event's folder (absolute)."""
    rng = random.Random(seed)
    pictures = _pictures()
    picture_files = []
    os.makedirs(library / ".cobertura" / "bench", exist_ok=True)
    for i, data in enumerate(pictures):
        path = library / ".cobertura" / "bench" / f"picture_{i:02d}.jpg"
        path.write_bytes(data)
        picture_files.append(path)
    agenda = Agenda(str(library))
    per_event = (items - big) // max(1, events - 1)
    first_day = date(2026, 1, 15)
    big_folder = ""
    for e in range(events):
        day = first_day - timedelta(days=e * 2 + (e % 3))
        title = f"{TITLES[e % len(TITLES)]} {COLONIAS[e % len(COLONIAS)]}"
        place, colonia = PLACES[e % len(PLACES)], COLONIAS[(e * 7) % len(COLONIAS)]
        start = f"{day.isoformat()}T10:00:00-06:00"
        ev = Event(
            id=event_id(title, start), title=title, start=start,
            end=f"{day.isoformat()}T13:00:00-06:00", place=place, colonia=colonia,
            area="Desarrollo Social", priority=1 + e % 5, source="bench",
        )  # fmt: skip
        agenda.events[ev.id] = ev
        rel = event_folder(day, title)
        folder = library / rel
        count = big if e == 0 else per_event
        records = [_item(rng, rel, day, n, ev.id, rng.random() < 0.01) for n in range(count)]
        os.makedirs(state_dir(str(folder)), exist_ok=True)
        write_manifest(str(folder), records)
        catalog_path = os.path.join(state_dir(str(folder)), "catalog.json")
        write_json_atomic(catalog_path, {ITEMS: {str(i + 1): r for i, r in enumerate(records)}})
        values = {"colonia": colonia, "place": place, "title_lower": title.lower()}
        journal = Path(state_dir(str(folder))) / "edits" / f"{WRITER}.jsonl"
        journal.parent.mkdir(parents=True, exist_ok=True)
        journal.write_text(_journal(rng, records, values), encoding="utf-8")
        if e == 0:
            big_folder = str(folder)
            _link_files(big_folder, records, picture_files)
    agenda.save()
    _push_record(library)
    return big_folder


def _push_record(library: Path) -> None:
    """What a push to a share would have recorded: a third of the events pushed and
    unchanged since, a third pushed and changed since, a third never pushed."""
    from media.library import event_folders

    record = ShareRecord(str(library), "bench-share")
    for n, folder in enumerate(event_folders(str(library))):
        rel = os.path.relpath(folder, library).replace(os.sep, "/")
        if n % 3 == 1:
            fingerprint = quick_fingerprint(folder, ALL_PARTS, WRITER)[0]
            record.set_event(rel, fingerprint=fingerprint, complete=True, writer=WRITER)
        elif n % 3 == 2:
            record.set_event(rel, fingerprint="changed-since", complete=True, writer=WRITER)
    record.save()


def _link_files(folder: str, records: list[dict[str, Any]], pictures: list[Path]) -> None:
    """Media files and cached thumbnails of the big event, as hard links to small JPEGs."""
    for sub in ("FOTO", "VIDEO", "AUDIO"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    os.makedirs(os.path.dirname(thumbnail_path(folder, "x")), exist_ok=True)
    for n, record in enumerate(records):
        source = pictures[n % len(pictures)]
        os.link(source, os.path.join(folder, record["folder_path"]))
        if record["kind"] != "audio":
            os.link(source, thumbnail_path(folder, record["id"]))
