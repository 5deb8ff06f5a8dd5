"""A frame of a video clip saved as a photo of the clip's event (issue #4, video stills).

``save_frame`` decodes the frame shown at ``t`` seconds (``media.frames``: exact, full
size, upright), encodes it with its metadata (``media.frame_meta``) in a temporary folder
and hands it to the ingest stage with the clip's event forced. So the photo gets what
every card file gets: the verified copy, the naming rules, the catalog, the manifest, the
ledger (and the backup copy when one is set). The same frame saved twice has the same
bytes: ingest finds it by its content hash and it is reported as already there. The
temporary folder is removed whatever happens; a failure leaves nothing in the library.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image

from media import catalog
from media.agenda import Agenda
from media.frame_meta import frame_jpeg, frame_name, frame_source
from media.frames import (
    NoPicture,
    clip_origin,
    deinterlaced,
    frame_at,
    open_clip,
    to_image,
    video_stream,
)
from media.ingest import IngestOptions, ingest
from media.ingest_report import IngestReport
from media.locking import LibraryBusy, LibraryLock
from media.models import (
    Cancelled,
    CancelToken,
    Problem,
    ProblemType,
    ProgressFn,
    no_progress,
)
from media.score_cache import ScoreCache, event_cache_dir
from media.timeutil import DEFAULT_TZ
from media.transfer import new_hasher

STEPS = 100  # progress: decoding to 40, encoding to 50, the ingest to 100
_DECODED, _ENCODED = 40, 50
END_SLACK = 0.001  # seconds past the clip's end still taken as its end
BUSY_POLL = 0.5  # seconds between tries while another ingest holds the library
TEMP_PREFIX = "cobertura-cuadro-"  # the temporary folder the photo is ingested from


class FrameError(Exception):
    """The frame could not be saved; ``problem`` names why. Nothing was left behind."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class FramePhoto:
    """A frame saved as a photo: where it is and what its catalog says."""

    status: str  # "copied" (a new photo) or "already" (this frame was saved before)
    path: str  # the photo, relative to the library
    item: dict[str, Any]  # its catalog record
    folder: str  # its event folder (absolute)
    t: float  # the frame's own time, in seconds from the clip's start
    width: int
    height: int
    problems: list[Problem] = field(default_factory=list)  # warnings, e.g. no capture time
    notes: list[str] = field(default_factory=list)  # the caption template's problems
    seconds: float = 0.0

    @property
    def duplicate(self) -> bool:
        return self.status == "already"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "item_id": self.item.get("id"),
            "duplicate": self.duplicate,
            "status": self.status,
            "event": self.item.get("event"),
            "folder": self.folder,
            "t": round(self.t, 3),
            "capture_time": self.item.get("capture_time"),
            "width": self.width,
            "height": self.height,
            "problems": [p.to_json() for p in self.problems],
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


def grab_frame(path: str, at: float) -> tuple[Image.Image, float]:
    """The picture shown ``at`` seconds from the clip's start, at full size, upright and
    with square pixels, and that frame's own time from the clip's start. Raises
    ``FrameError``: the clip is missing, unreadable, damaged, or ``at`` is outside it."""
    if not os.path.isfile(path):
        raise FrameError(Problem(ProblemType.MISSING, path))
    try:
        container = open_clip(path)
    except NoPicture as exc:
        raise FrameError(Problem(ProblemType.UNREADABLE, path, str(exc))) from exc
    with container:
        try:
            stream = video_stream(container)
            duration = max(0.0, (container.duration or 0) / 1_000_000)
            if at < 0 or (duration > 0 and at > duration + END_SLACK):
                detail = f"{at:.3f} s; el clip dura {duration:.3f} s"
                raise FrameError(Problem(ProblemType.OUT_OF_RANGE, path, detail))
            stream.thread_type = "AUTO"
            frame = frame_at(container, stream, min(at, duration) if duration else at, True)
            image = to_image(deinterlaced(container, stream, frame), None, frame.rotation)
            shown = max(0.0, float(frame.time) - clip_origin(container))
            sar = Fraction(stream.sample_aspect_ratio or 1)
            turned = int(round(frame.rotation or 0)) % 180 != 0
        except NoPicture as exc:
            raise FrameError(Problem(ProblemType.CORRUPT, path, str(exc))) from exc
    return square_pixels(image, sar, turned), shown


def square_pixels(image: Image.Image, sar: Fraction, turned: bool) -> Image.Image:
    """``image`` stretched to its display shape when the clip's pixels are not square
    (``sar``: the coded pixels' width over height; ``turned``: the picture was rotated a
    quarter turn, so the coded width is now its height). Never made smaller."""
    if sar <= 0 or sar == 1:
        return image
    wide = sar if not turned else 1 / sar  # how much wider than tall each shown pixel is
    width, height = image.size
    size = (round(width * wide), height) if wide > 1 else (width, round(height / wide))
    return image.resize(size, Image.Resampling.LANCZOS)


def ingest_options(library: str) -> IngestOptions:
    """The ingest options a frame is saved with: the settings' naming template,
    photographer, time zone and event windows, and the backup folder when it is there
    (a backup drive that is not plugged in is not created as an empty folder)."""
    from media.settings import load_settings

    settings = load_settings()
    backup = os.path.abspath(os.path.expanduser(settings.backup)) if settings.backup else None
    backup = backup if backup and os.path.isdir(backup) else None
    return IngestOptions.from_settings(library, settings, backup=backup)


def save_frame(
    library: str,
    folder: str,
    item: dict[str, Any],
    at: float,
    options: IngestOptions | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    busy_wait: float = 0.0,
) -> FramePhoto:
    """Save the frame of clip ``item`` (of event folder ``folder``) shown at ``at``
    seconds as a photo of the clip's event, through the ingest stage.

    ``options``: the naming template, photographer, time zone and backup (the library and
    the event are the clip's). Waits up to ``busy_wait`` seconds while another ingest holds
    the library, then raises ``LibraryBusy``. Raises ``FrameError`` (a named problem),
    ``Cancelled``, and ``ValueError`` when ``item`` is not a video.
    """
    cancel = cancel or CancelToken()
    started = time.monotonic()
    if item.get("kind") != "video":
        raise ValueError(f"no es un video: {item.get('path')}")
    clip = os.path.join(folder, str(item.get("folder_path", "")))
    progress(0, STEPS)
    cancel.raise_if_cancelled()
    try:
        image, shown = grab_frame(clip, at)
    except FrameError as exc:  # named by the clip as the library shows it
        raise FrameError(replace(exc.problem, path=str(item.get("path")))) from exc
    progress(_DECODED, STEPS)
    cancel.raise_if_cancelled()
    source = frame_source(item, shown)
    data = frame_jpeg(image, source)
    progress(_ENCODED, STEPS)
    opts = _options_for(library, item, options)
    shown_path = f"{item.get('path')}#t={shown:.3f}"
    try:
        workspace = tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, ignore_cleanup_errors=True)
    except OSError as exc:
        raise FrameError(_os_problem(exc, shown_path, "carpeta temporal")) from exc
    with workspace as tmp:
        path = os.path.join(tmp, frame_name(item, shown))
        _write(path, data, shown_path)
        if source.taken is None and item.get("capture_time"):
            stamp = _instant(str(item["capture_time"]), opts.tz).timestamp() + shown
            os.utime(path, (stamp, stamp))  # the file time ingest falls back on
        cancel.raise_if_cancelled()
        report = _ingest(path, opts, progress, cancel, busy_wait, shown_path)
    result = report.results[0]
    folder_rel = os.path.dirname(os.path.dirname(str(result.path)))
    photo_folder = os.path.join(library, folder_rel)
    digest = new_hasher()
    digest.update(data)
    record = _catalog_record(photo_folder, digest.hexdigest()[:16], str(result.path))
    notes: list[str] = []
    if result.status == "copied":
        record = _record_origin(library, photo_folder, record, item, shown) or record
        notes = _caption(library, report, opts.photographer)
    progress(STEPS, STEPS)
    warnings = [replace(p, path=shown_path) for p in result.problems]
    return FramePhoto(
        result.status, str(result.path), record, photo_folder, shown, image.width,
        image.height, warnings, notes, time.monotonic() - started,
    )  # fmt: skip


def _options_for(
    library: str, item: dict[str, Any], options: IngestOptions | None
) -> IngestOptions:
    """The ingest options for the clip's event: forced when the agenda still has it (an
    event gone from the agenda: the photo is placed by its time, as a card file would be)."""
    base = options or IngestOptions(library=library)
    event = item.get("event") or None
    if event is not None and Agenda(library, base.tz).get(str(event)) is None:
        event = None
    return replace(base, library=library, event_id=event)


def _instant(text: str, tz: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz or DEFAULT_TZ))


def _write(path: str, data: bytes, shown: str) -> None:
    """The photo in the temporary folder; a full or unwritable disk is a named problem."""
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise FrameError(_os_problem(exc, shown, "carpeta temporal")) from exc


def _os_problem(exc: OSError, shown: str, where: str) -> Problem:
    ptype = ProblemType.DISK_FULL if exc.errno == errno.ENOSPC else ProblemType.WRITE_ERROR
    return Problem(ptype, shown, f"{where}: {exc.strerror or exc}")


def _ingest(
    path: str,
    options: IngestOptions,
    progress: ProgressFn,
    cancel: CancelToken,
    busy_wait: float,
    shown: str,
) -> IngestReport:
    """Ingest the one photo; its result copied or already there, else ``FrameError``."""

    def step(done: int, total: int) -> None:
        progress(_ENCODED + (STEPS - _ENCODED) * done // max(total, 1), STEPS)

    deadline = time.monotonic() + busy_wait
    while True:
        try:
            report = ingest([path], options, step, cancel)
            break
        except LibraryBusy:
            if time.monotonic() >= deadline:
                raise
            cancel.raise_if_cancelled()
            time.sleep(BUSY_POLL)
        except OSError as exc:  # the library's own folders cannot be made or written
            raise FrameError(_os_problem(exc, shown, "biblioteca")) from exc
    if report.cancelled:
        raise Cancelled()
    result = report.results[0] if report.results else None
    if result is not None and result.ok and result.path:
        return report
    failing = [p for p in (result.problems if result else []) if p.fails]
    problem = failing[0] if failing else report.stopped
    if problem is None:
        problem = Problem(ProblemType.WRITE_ERROR, shown, "la importación no copió el cuadro")
    raise FrameError(replace(problem, path=shown))


def _catalog_record(folder: str, item_id: str, rel: str) -> dict[str, Any]:
    """The photo's catalog record (by id, else by path)."""
    items = catalog.read_items(folder)
    for record in items:
        if record.get("id") == item_id:
            return record
    return next((r for r in items if r.get("path") == rel), {"id": item_id, "path": rel})


def _record_origin(
    library: str, folder: str, record: dict[str, Any], clip: dict[str, Any], t: float
) -> dict[str, Any] | None:
    """Say in the photo's catalog record which clip and time it came from (ingest wrote the
    temporary file's path there). Under the library's lock, so no ingest rewrites the
    catalog meanwhile; skipped (None) when the lock cannot be had within a few seconds."""
    changes = {
        "source_path": f"{clip.get('path')}#t={t:.3f}",
        "derived_from": {"id": clip.get("id"), "hash": clip.get("hash"), "t": round(t, 3)},
    }
    lock = LibraryLock(library)
    for _ in range(int(5 / BUSY_POLL)):
        try:
            lock.acquire()
            break
        except LibraryBusy:
            time.sleep(BUSY_POLL)
    else:
        return None
    try:
        catalog.update_item(folder, str(record.get("id")), changes)
    finally:
        lock.release()
    return {**record, **changes}


def _caption(library: str, report: IngestReport, photographer: str) -> list[str]:
    """The caption template setting on the new photo, as after any ingest; its problems."""
    from media.ingest_captions import caption_after_ingest

    done = caption_after_ingest(library, report.results, photographer)
    return list(done.problems) if done is not None else []


def still_times(folder: str, item: dict[str, Any]) -> list[float]:
    """The times (seconds) of the stills a pick run found in clip ``item`` of event folder
    ``folder``, best first; empty when the clip was never scored. Decodes nothing."""
    digest = str(item.get("hash") or "")
    entry = ScoreCache(event_cache_dir(folder)).get(digest) if digest else None
    if not entry or entry.get("kind") != "video":
        return []
    times: list[float] = []
    for still in entry.get("stills", []):
        try:
            times.append(float(still["t"]))
        except (KeyError, TypeError, ValueError):
            continue
    return times
