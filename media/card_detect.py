"""Memory cards that appear by themselves: where volumes are mounted, which of them are
camera or recorder cards, and what is on a card (counts, size, agenda events).

No Qt here: ``ui.card_watch`` calls these functions on workers. Every look at a volume
is bounded (a few ``stat`` calls and short directory listings), so a slow or huge
volume never holds a watcher up; the full walk happens only in :func:`survey_card`,
which can be cancelled.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from media.agenda import Event
from media.clocks import implausible
from media.ingest import IngestOptions
from media.ingest_plan import Planner
from media.matching import match_event
from media.models import FILE_TIME_SOURCE, CancelToken, Kind
from media.scan import ScannedFile, scan
from media.timeutil import file_time, local_wall_time

CARD_ROOTS_ENV = "COBERTURA_CARD_ROOTS"
"""Folders whose sub-folders are volumes, separated by ``os.pathsep``; empty: watch none."""

_GOPRO_DIR = re.compile(r"^\d{3}GOPRO$", re.IGNORECASE)
# Folders where audio recorders keep their takes (Zoom, Tascam, Olympus, Sony, Roland...).
_RECORDER_DIR = re.compile(
    r"^(ZOOM\d{4}|FOLDER\d{2}|FOLDER_[A-Z]|STEREO|MONO|4CH|MULTI|MUSIC|RECORDER|REC_FILE|"
    r"VOICE|SOUND|ROLAND|DATA|TASCAM)$",
    re.IGNORECASE,
)
_AUDIO_TAKE = re.compile(r"\.(wav|bwf)$", re.IGNORECASE)
LISTING_CAP = 200  # entries read from any one folder while deciding what a volume is


@dataclass(frozen=True)
class Card:
    """A mounted volume that looks like a card."""

    path: str
    label: str  # the volume's name as people see it ("NIKON D750", "E:")
    layouts: tuple[str, ...]  # "dcim", "gopro", "sony_xavc", "avchd", "recorder"


@dataclass(frozen=True)
class EventCount:
    event_id: str
    title: str
    start: str
    files: int


@dataclass(frozen=True)
class CardSummary:
    """What is on a card, as the banner says it. ``dates`` is "file" while the events come
    from file times only, "capture" once capture times read from the files refined them."""

    card: Card
    photos: int = 0
    videos: int = 0
    audios: int = 0
    total_bytes: int = 0
    events: tuple[EventCount, ...] = ()
    unmatched: int = 0  # files whose time fits no agenda event
    dates: str = "file"
    probed: int = 0  # files whose capture time was read
    unreadable: int = 0  # files the scan could not read or does not know
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return self.photos + self.videos + self.audios


@dataclass
class CardSurvey:
    """A summary plus what refining it needs (the scan and each file's time)."""

    summary: CardSummary
    options: IngestOptions  # the library, its time zone and the matching windows
    files: list[ScannedFile] = field(default_factory=list)


# -- where volumes are ------------------------------------------------------------------
def mount_roots(
    env: Mapping[str, str] | None = None, platform: str | None = None, user: str | None = None
) -> list[str]:
    """The folders whose sub-folders are mounted volumes on this platform.

    ``COBERTURA_CARD_ROOTS`` replaces them (tests, odd set-ups; empty means none). Linux:
    ``/media/USER``, ``/run/media/USER`` (udisks) and ``/media`` (usbmount); macOS:
    ``/Volumes``. Windows has no such folder: its volumes are drive letters
    (:func:`windows_drives`)."""
    env = os.environ if env is None else env
    if CARD_ROOTS_ENV in env:
        return [os.path.abspath(p) for p in env[CARD_ROOTS_ENV].split(os.pathsep) if p.strip()]
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        return ["/Volumes"]
    if platform.startswith("win"):
        return []
    user = user or _user_name()
    return [f"/media/{user}", f"/run/media/{user}", "/media"]


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers): nothing under /media/USER
        return "root"


def windows_drives(
    system_drive: str | None = None,
    listdrives: Callable[[], list[str]] | None = None,
    platform: str | None = None,
) -> list[str]:
    """Drive roots (``E:\\``) other than the system drive and floppies, on Windows; []
    elsewhere. ``os.listdrives`` (Python 3.12+), else the kernel's drive bit mask."""
    platform = sys.platform if platform is None else platform
    if not platform.startswith("win"):
        return []
    system = (system_drive or os.environ.get("SYSTEMDRIVE", "C:")).rstrip("\\").upper()
    listdrives = listdrives or getattr(os, "listdrives", None) or _drives_from_mask
    return [d for d in listdrives() if d.rstrip("\\").upper() not in (system, "A:", "B:")]


def _drives_from_mask() -> list[str]:
    import ctypes

    mask = getattr(ctypes, "windll").kernel32.GetLogicalDrives()  # noqa: B009 (Windows only)
    return [f"{chr(65 + i)}:\\" for i in range(26) if mask >> i & 1]


def volumes(roots: list[str], drives: Callable[[], list[str]] | None = None) -> list[str]:
    """Every volume under ``roots`` (their sub-folders) plus the drive roots ``drives()``
    lists (by default Windows' drive letters, unless ``COBERTURA_CARD_ROOTS`` is set)."""
    if drives is None:
        drives = windows_drives if CARD_ROOTS_ENV not in os.environ else list
    found: list[str] = []
    for root in roots:
        try:
            with os.scandir(root) as entries:
                for entry in entries:
                    if not entry.name.startswith(".") and entry.is_dir():
                        found.append(entry.path)
        except OSError:  # the root does not exist (yet), or cannot be read
            continue
    return sorted(set(found)) + [d for d in drives() if d not in found]


# -- what a card is ----------------------------------------------------------------------
def _names(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [e.name for _, e in zip(range(LISTING_CAP), entries, strict=False)]
    except OSError:
        return []


def _child(folder: str, names: list[str], wanted: str) -> str | None:
    """The entry of ``folder`` called ``wanted`` in any case (FAT cards vary), if a folder."""
    for name in names:
        if name.upper() == wanted and os.path.isdir(os.path.join(folder, name)):
            return os.path.join(folder, name)
    return None


def _holds_takes(folder: str, depth: int) -> bool:
    names = _names(folder)
    if any(_AUDIO_TAKE.search(n) for n in names):
        return True
    if depth == 0:
        return False
    return any(
        _holds_takes(os.path.join(folder, n), depth - 1)
        for n in names[:20]
        if os.path.isdir(os.path.join(folder, n))
    )


def card_layouts(volume: str) -> tuple[str, ...]:
    """What kind of card ``volume`` is: () when it is not a card at all.

    A card has ``DCIM/`` (cameras, phones; "gopro" for ``DCIM/1xxGOPRO``),
    ``PRIVATE/M4ROOT`` (Sony XAVC), ``PRIVATE/AVCHD`` or ``AVCHD/``, or recorder takes
    (WAV files at the root or in a recorder's folders such as ``ZOOM0001``, ``STEREO``,
    ``FOLDER01``)."""
    names = _names(volume)
    layouts: list[str] = []
    dcim = _child(volume, names, "DCIM")
    if dcim is not None:
        gopro = any(_GOPRO_DIR.match(n) for n in _names(dcim))
        layouts.append("gopro" if gopro else "dcim")
    private = _child(volume, names, "PRIVATE")
    private_names = _names(private) if private else []
    if private and _child(private, private_names, "M4ROOT"):
        layouts.append("sony_xavc")
    if (private and _child(private, private_names, "AVCHD")) or _child(volume, names, "AVCHD"):
        layouts.append("avchd")
    takes = any(_AUDIO_TAKE.search(n) for n in names) or any(
        _holds_takes(os.path.join(volume, n), 1)
        for n in names
        if _RECORDER_DIR.match(n) and os.path.isdir(os.path.join(volume, n))
    )
    if takes:
        layouts.append("recorder")
    return tuple(layouts)


def volume_label(path: str) -> str:
    """The name people know a volume by: its folder name, or the drive letter."""
    name = os.path.basename(os.path.normpath(path))
    return name or os.path.splitdrive(path)[0] or path


def find_cards(roots: list[str], drives: Callable[[], list[str]] | None = None) -> list[Card]:
    """The cards mounted now under ``roots`` (and on the extra drives)."""
    cards = []
    for volume in volumes(roots, drives):
        layouts = card_layouts(volume)
        if layouts:
            cards.append(Card(volume, volume_label(volume), layouts))
    return cards


# -- what is on a card -------------------------------------------------------------------
class _Matcher:
    """Agenda matching for many times at once: only events near the card's days, and
    each distinct time matched once."""

    def __init__(self, events: list[Event], options: IngestOptions, times: list[datetime]):
        self.options = options
        if times:
            low, high = min(times) - timedelta(days=1), max(times) + timedelta(days=1)
            events = [
                e
                for e in events
                if local_wall_time(e.start_dt, options.tz) <= high
                and local_wall_time(e.end_dt, options.tz) >= low
            ]
        self.events = events
        self._memo: dict[datetime, Event | None] = {}

    def __call__(self, local: datetime | None) -> Event | None:
        if local is None or not self.events:
            return None
        if local not in self._memo:
            self._memo[local] = match_event(
                local,
                self.events,
                timedelta(minutes=self.options.before_minutes),
                timedelta(minutes=self.options.after_minutes),
                self.options.tz,
            ).event
        return self._memo[local]


def _tally(base: CardSummary, times: list[datetime | None], planner: Planner) -> CardSummary:
    matcher = _Matcher(planner.agenda.active(), planner.options, [t for t in times if t])
    counts: dict[str, int] = {}
    titles: dict[str, Event] = {}
    unmatched = 0
    for when in times:
        event = matcher(when)
        if event is None:
            unmatched += 1
        else:
            counts[event.id] = counts.get(event.id, 0) + 1
            titles[event.id] = event
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], titles[kv[0]].start))
    events = tuple(EventCount(eid, titles[eid].title, titles[eid].start, n) for eid, n in ranked)
    return replace(base, events=events, unmatched=unmatched)


def _file_local(f: ScannedFile, tz: str) -> datetime:
    return local_wall_time(file_time(f.mtime, tz), tz)


def survey_card(
    card: Card, options: IngestOptions, cancel: CancelToken | None = None
) -> CardSurvey:
    """Counts, size and agenda events of ``card``, with events from file times only, as
    an ingest with ``options`` would match them (library, time zone, windows).

    Walks the card (a ``stat`` per file, no file opened except those whose extension says
    nothing); raises ``Cancelled`` when ``cancel`` is set, OSError when the card cannot be
    read at all."""
    began = time.monotonic()
    result = scan(card.path, cancel=cancel)
    media = [f for f in result.files if f.kind is not Kind.SIDECAR]
    counts = result.counts()
    base = CardSummary(
        card=replace(card, layouts=tuple(result.layouts) or card.layouts),
        photos=counts[Kind.PHOTO.value],
        videos=counts[Kind.VIDEO.value],
        audios=counts[Kind.AUDIO.value],
        total_bytes=result.total_bytes,
        unreadable=sum(1 for p in result.problems if p.fails),
    )
    planner = Planner(options, options.library)
    times: list[datetime | None] = [_file_local(f, options.tz) for f in media]
    summary = _tally(base, times, planner)
    summary = replace(summary, seconds=time.monotonic() - began)
    return CardSurvey(summary, options, media)


def refine_survey(
    survey: CardSurvey,
    max_probes: int = 48,
    budget: float = 3.0,
    cancel: CancelToken | None = None,
) -> CardSummary:
    """The survey's summary with events from capture times: up to ``max_probes`` files,
    spread over the card in file-time order, are probed (headers only) within ``budget``
    seconds; every other file takes the clock difference of its nearest probed neighbour
    in the same folder (a camera writes both times from one clock, and each camera writes
    its own folder); files with no probed neighbour keep their file time. Camera clock
    offsets kept in the library apply; an impossible time matches no event."""
    began = time.monotonic()
    tz = survey.options.tz
    files = sorted(survey.files, key=lambda f: f.mtime)
    planner = Planner(survey.options, survey.options.library)
    if not files:
        return replace(survey.summary, dates="capture")
    step = max(1, len(files) / max(1, max_probes))
    picks = sorted({min(len(files) - 1, round(i * step)) for i in range(max_probes)})
    if len(files) - 1 not in picks:
        picks.append(len(files) - 1)
    known: dict[int, datetime | None] = {}  # index -> corrected local time (None: impossible)
    deltas: dict[int, timedelta] = {}  # index -> capture time minus file time
    for index in picks:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if time.monotonic() - began > budget:
            break
        scanned = files[index]
        described = planner.describe(scanned)
        moment = described.when + described.offset
        if described.suspicious or implausible(moment):
            known[index] = None
            continue
        local = known[index] = local_wall_time(moment, tz)
        if described.source != FILE_TIME_SOURCE:
            deltas[index] = local - _file_local(scanned, tz)
    times: list[datetime | None] = []
    for index, scanned in enumerate(files):
        if index in known:
            times.append(known[index])
            continue
        folder = os.path.dirname(scanned.rel)
        anchors = [a for a in deltas if os.path.dirname(files[a].rel) == folder]
        when = _file_local(scanned, tz)
        if anchors:
            when += deltas[min(anchors, key=lambda a: (abs(a - index), a))]
        times.append(when)
    summary = _tally(survey.summary, times, planner)
    return replace(
        summary,
        dates="capture" if known else "file",
        probed=len(known),
        seconds=survey.summary.seconds + time.monotonic() - began,
    )
