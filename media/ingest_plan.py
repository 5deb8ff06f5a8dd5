"""Probe and plan stages of ingest: what a file is, and where in the library it goes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from media.agenda import Agenda, Event
from media.clocks import Clocks, implausible
from media.library import KIND_FOLDERS, event_folder
from media.matching import match_event
from media.models import FILE_TIME_SOURCE, Kind, MediaInfo, Problem, ProblemType
from media.naming import NameContext, render_name, safe_name, with_counter
from media.probe import probe
from media.scan import ScannedFile
from media.timeutil import file_time, iso, local_wall_time

if TYPE_CHECKING:
    from media.ingest import IngestOptions


@dataclass
class Described:
    """A scanned file after probing: its metadata and the time used to place it."""

    info: MediaInfo
    when: datetime  # as the file states it (or the file time)
    source: str
    problems: list[Problem] = field(default_factory=list)
    offset: timedelta = timedelta(0)  # the body's clock offset, added to ``when``
    suspicious: bool = False  # an impossible time: not trusted for matching

    @property
    def ledger_time(self) -> str | None:
        """The capture time for the dedup pre-check; file times differ between copies."""
        return None if self.source == FILE_TIME_SOURCE else iso(self.when)


@dataclass
class PlannedFile:
    scanned: ScannedFile
    described: Described
    event: Event | None
    folder: str  # event folder, relative to the library
    rel_path: str  # main file, relative to the library
    companion_paths: list[str]
    local_time: datetime
    adopt_hash: str | None = None  # the destination already holds this very file
    problems: list[Problem] = field(default_factory=list)
    forced: bool = False  # the event was chosen by hand (--event), not by time

    def item(
        self, digest: str, size: int, sidecars: list[dict[str, Any]], ingested_at: str
    ) -> dict[str, Any]:
        """The catalog record of this file once copied and verified."""
        info = self.described.info
        return {
            "id": digest[:16],
            "kind": self.scanned.kind.value,
            "path": self.rel_path,
            "folder_path": os.path.relpath(self.rel_path, self.folder).replace(os.sep, "/"),
            "source_path": self.scanned.source_path,
            "original_name": os.path.basename(self.scanned.rel),
            "size": size,
            "hash": digest,
            "hash_algorithm": "xxh3-128",
            "capture_time": iso(self.described.when),
            "capture_time_source": self.described.source,
            "capture_time_local": iso(self.local_time),
            "clock_offset_seconds": int(self.described.offset.total_seconds()),
            "make": info.make,
            "model": info.model,
            "serial": info.serial,
            "orientation": info.orientation,
            "width": info.width,
            "height": info.height,
            "duration": info.duration,
            "codecs": info.codecs,
            "gps": info.gps,
            "event": self.event.id if self.event else None,
            "event_forced": self.forced,
            "sidecars": sidecars,
            "ingested_at": ingested_at,
            "verified": True,
        }


class Planner:
    """Decides destinations for one ingest run, keeping names unique within the run."""

    def __init__(self, options: IngestOptions, library: str) -> None:
        self.options = options
        self.library = library
        self.agenda = Agenda(library, options.tz)
        self.clocks = Clocks(library)
        self.forced: Event | None = None
        if options.event_id:
            self.forced = self.agenda.get(options.event_id)
            if self.forced is None:
                raise ValueError(f"evento desconocido en la agenda: {options.event_id}")
        self._taken: set[str] = set()  # names of this run's files (in every root)
        self._claimed: dict[str, set[str]] = {}  # sidecar names -> roots they were claimed in
        self._seq: dict[str, int] = {}

    def describe(self, scanned: ScannedFile) -> Described:
        name = os.path.basename(scanned.rel)
        is_sidecar = scanned.kind is Kind.SIDECAR
        info = MediaInfo() if is_sidecar else probe(scanned.path, name, scanned.kind)
        problems = [Problem(t, scanned.source_path, d) for t, d in info.problems]
        if info.capture_time:
            when = datetime.fromisoformat(info.capture_time)
            described = Described(info, when, info.capture_time_source or "", problems)
        else:
            problems.append(Problem(ProblemType.NO_CAPTURE_TIME, scanned.source_path))
            when = file_time(scanned.mtime, self.options.tz)
            described = Described(info, when, FILE_TIME_SOURCE, problems)
        described.offset = self.clocks.offset_for(info.make, info.model, info.serial)
        reason = implausible(when + described.offset)
        if reason:
            described.suspicious = True
            problems.append(Problem(ProblemType.SUSPICIOUS_TIME, scanned.source_path, reason))
        return described

    def place(
        self, scanned: ScannedFile, described: Described, source_hash: Callable[[], str]
    ) -> PlannedFile:
        local = local_wall_time(described.when + described.offset, self.options.tz)
        problems = list(described.problems)
        event = self.forced
        if event is None and not described.suspicious:
            match = match_event(
                local,
                self.agenda.active(),
                timedelta(minutes=self.options.before_minutes),
                timedelta(minutes=self.options.after_minutes),
                self.options.tz,
            )
            event = match.event
            if match.ambiguous and event is not None:
                others = ", ".join(match.others)
                detail = f"{event.id} elegido; también: {others}"
                problems.append(Problem(ProblemType.AMBIGUOUS_EVENT, scanned.source_path, detail))
        day = event.day(self.options.tz) if event else local.date()
        folder = event_folder(day, event.title if event else None)
        kind_folder = KIND_FOLDERS.get(scanned.kind, "FOTO")
        original = os.path.basename(scanned.rel)
        self._seq[folder] = self._seq.get(folder, 0) + 1
        ctx = NameContext(
            original=original,
            when=local,
            event=event.title if event else "",
            camera=described.info.model or "",
            photographer=self.options.photographer,
            seq=self._seq[folder],
            initials=self.options.initials,
        )
        name = render_name(self.options.template, ctx)
        stem = original.rpartition(".")[0] or original
        if safe_name(stem) != stem:
            problems.append(
                Problem(ProblemType.NAME_CHANGED, scanned.source_path, f"{original} -> {name}")
            )
        rel, adopt = self._unique(f"{folder}/{kind_folder}", name, scanned, source_hash, problems)
        new_stem = os.path.basename(rel).rpartition(".")[0]
        companions = [
            f"{os.path.dirname(rel)}/{new_stem}{companion_suffix(c, stem)}"
            for c in scanned.companions
        ]
        return PlannedFile(
            scanned, described, event, folder, rel, companions, local, adopt, problems,
            forced=self.forced is not None,
        )

    def claim(self, rel: str, root: str) -> bool:
        """Reserve the name ``rel`` in ``root`` for a sidecar; False if a file of this
        run took it there already (letter case aside)."""
        key = rel.lower()
        roots = self._claimed.setdefault(key, set())
        if key in self._taken or root in roots:
            return False
        roots.add(root)
        return True

    def _unique(
        self,
        folder: str,
        name: str,
        scanned: ScannedFile,
        source_hash: Callable[[], str],
        problems: list[Problem],
    ) -> tuple[str, str | None]:
        """A name no other file of this run took; reuse a destination holding the same bytes."""
        from media.transfer import hash_file

        candidate, n = name, 1
        while True:
            rel = f"{folder}/{candidate}"
            full = os.path.join(self.library, rel)
            if rel.lower() not in self._taken and rel.lower() not in self._claimed:
                if not os.path.exists(full):
                    break
                if (
                    os.path.getsize(full) == scanned.size
                    and hash_file(full, from_disk=True) == source_hash()
                ):
                    self._taken.add(rel.lower())
                    return rel, source_hash()
            n += 1
            candidate = with_counter(name, n)
        if n > 1:
            problems.append(
                Problem(
                    ProblemType.NAME_CHANGED, scanned.source_path, f"{name} ya existe: {candidate}"
                )
            )
        self._taken.add(rel.lower())
        return rel, None


def companion_suffix(companion: ScannedFile, main_stem: str) -> str:
    """What follows the main file's stem in a companion's name (``.XMP``, ``.JPG.xmp``)."""
    name = os.path.basename(companion.rel)
    if name.upper().startswith(main_stem.upper()) and len(name) > len(main_stem):
        return name[len(main_stem) :]
    return "." + name.rpartition(".")[2]
