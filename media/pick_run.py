"""Pick runs: an agenda event of the library, or any folder of photos, from files to picks.

``pick_event`` reads the catalogs (content hashes and capture times are already there)
and every writer's edits (who picked or rejected what); ``pick_folder`` walks a folder,
ingested or not, and reads capture times from the files. Both score with
``media.scoring``, group with ``media.grouping``, look for faces in the frames that can
be picked (``media.face_pass``) and choose with ``media.picking``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from media import catalog
from media.edits import merged_edits, record_edits, with_edits
from media.face_pass import add_missing_faces, shots_needing_faces
from media.face_views import FaceViews
from media.formats import (
    HOUSEKEEPING_DIRS,
    is_housekeeping_name,
    kind_from_content,
    kind_from_extension,
    read_head,
)
from media.grouping import Shot, group_shots
from media.library import CATALOG_FILE, default_cache_dir, event_folders, state_dir
from media.models import FILE_TIME_SOURCE, CancelToken, Kind, ProgressFn, no_progress
from media.picking import DEFAULT_COUNT, PickReport, choose_picks, reasons_for
from media.score_cache import (
    SHARED_SHARD_CHARS,
    FileIndex,
    ScoreCache,
    event_cache_dir,
)
from media.scores import PhotoScore
from media.scoring import Candidate, Scored, score_candidates
from media.timeutil import file_time, local_wall_time
from media.video_stills import still_key


class EventNotFound(LookupError):
    """No event folder of the library holds files of this event."""


def pick_event(
    library: str,
    event: str,
    count: int = DEFAULT_COUNT,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> PickReport:
    """Picks for an agenda event (its id), or for an event folder given by its path
    relative to the library. Paths in the report are relative to the library. Raises
    ``EventNotFound`` when no catalog holds a file of that event."""
    started = time.monotonic()
    library = os.path.abspath(library)
    by_folder = _event_candidates(library, event)
    if not by_folder:
        raise EventNotFound(event)
    report = PickReport()
    scored: list[Scored] = []
    total = sum(len(c) for c in by_folder.values())
    offset = 0
    caches = {folder: ScoreCache(event_cache_dir(folder)) for folder in by_folder}
    with FaceViews() as views:
        for folder, candidates in by_folder.items():

            def overall(done: int, _: int, before: int = offset) -> None:
                progress(before + done, total)

            results, problems = score_candidates(
                candidates, caches[folder], None, overall, cancel, workers, views
            )
            offset += len(candidates)
            scored.extend(results)
            report.problems.extend(problems)

        def cache_for(cand: Candidate) -> ScoreCache:
            return caches[cand.folder or ""]

        return _finish(report, scored, count, started, views, cache_for, cancel, workers)


def pick_folder(
    folder: str,
    count: int = DEFAULT_COUNT,
    cache_dir: str | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> PickReport:
    """Picks for every photo and clip under ``folder``; paths relative to it. Scores are
    cached in ``cache_dir`` (default: ``default_cache_dir()``). Raises
    ``FileNotFoundError`` when the folder does not exist."""
    started = time.monotonic()
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError(folder)
    cache_dir = cache_dir or default_cache_dir()
    return pick_files(
        _folder_candidates(folder),
        ScoreCache(os.path.join(cache_dir, "scores"), SHARED_SHARD_CHARS),
        FileIndex(cache_dir, folder),
        count,
        progress,
        cancel,
        workers,
        started,
    )


def pick_files(
    candidates: list[Candidate],
    cache: ScoreCache,
    index: FileIndex | None = None,
    count: int = DEFAULT_COUNT,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    started: float | None = None,
) -> PickReport:
    """Picks among ``candidates`` (files with the paths reports show), their scores kept
    in ``cache`` and, for files outside the library, their hashes in ``index``."""
    started = time.monotonic() if started is None else started
    with FaceViews() as views:
        results, problems = score_candidates(
            candidates, cache, index, progress, cancel, workers, views
        )
        report = PickReport(problems=problems)
        return _finish(report, results, count, started, views, lambda _: cache, cancel, workers)


def save_suggestions(report: PickReport, writer: str) -> int:
    """Record the report's suggestions (``suggested``) in ``writer``'s edit journals and
    withdraw earlier suggestions of the same events; returns how many items changed."""
    suggested = {(s.folder, s.item_id) for s in report.picks if not s.picked and s.item_id}
    changed = 0
    folders = {s.folder for s in report.shots if s.folder}
    for folder in sorted(f for f in folders if f):
        merged = merged_edits(folder)
        ids = {s.item_id for s in report.shots if s.folder == folder and s.item_id}
        for item_id in sorted(i for i in ids if i):
            want = (folder, item_id) in suggested
            if bool(merged.values.get(item_id, {}).get("suggested")) != want:
                record_edits(folder, writer, item_id, {"suggested": want})
                changed += 1
    return changed


def _finish(
    report: PickReport,
    scored: list[Scored],
    count: int,
    started: float,
    views: FaceViews,
    cache_for: Callable[[Candidate], ScoreCache],
    cancel: CancelToken | None,
    workers: int | None,
) -> PickReport:
    report.shots = _shots(scored)
    report.groups = group_shots(report.shots)
    needed = shots_needing_faces(report.groups)
    report.faces_checked = add_missing_faces(needed, scored, views, cache_for, cancel, workers)
    report.picks = choose_picks(report.groups, count)
    report.reasons = reasons_for(report.picks, report.groups)
    report.scored = sum(1 for s in scored if not s.from_cache)
    report.cached = sum(1 for s in scored if s.from_cache)
    report.elapsed = time.monotonic() - started
    return report


def _shots(scored: list[Scored]) -> list[Shot]:
    shots: list[Shot] = []
    for result in scored:
        cand = result.candidate
        if result.photo is not None:
            shots.append(shot_of(cand, cand.shown, result.photo, cand.when, cand.picked))
        for still in result.stills:
            when = cand.when + timedelta(seconds=still.t) if cand.when else None
            # A pick marks the clip, not one of its frames: stills are only suggested.
            shots.append(shot_of(cand, still_key(cand.shown, still.t), still.score, when, False))
    return shots


def shot_of(
    cand: Candidate, key: str, score: PhotoScore, when: datetime | None, picked: bool
) -> Shot:
    """The shot grouping and picking see for a candidate's photo (or a clip's still, with
    its own ``key`` and time), with the candidate's marks and where it comes from."""
    return Shot(
        key,
        score,
        when=when,
        when_known=cand.when_known,
        picked=picked,
        rejected=cand.rejected,
        item_id=cand.item_id,
        folder=cand.folder,
        source=cand.shown,
    )


def _event_candidates(library: str, event: str) -> dict[str, list[Candidate]]:
    """The event's photos and clips, by event folder, with their merged edits."""
    as_folder = os.path.abspath(os.path.join(library, event))
    found: dict[str, list[Candidate]] = {}
    for folder in event_folders(library):
        whole = os.path.normpath(folder) == os.path.normpath(as_folder)
        items = [i for i in catalog.read_items(folder) if whole or i.get("event") == event]
        items = [i for i in items if i.get("kind") in (Kind.PHOTO.value, Kind.VIDEO.value)]
        if not items:
            continue
        merged = merged_edits(folder)
        found[folder] = [item_candidate(library, folder, with_edits(i, merged)) for i in items]
    return found


def item_candidate(library: str, folder: str, item: dict[str, Any]) -> Candidate:
    """A catalog record of event folder ``folder`` (its edits merged) as a pick candidate:
    its file, its path as reports show it (relative to ``library``), hash, local capture
    time (known, or only the file's time) and marks."""
    path = os.path.join(folder, str(item.get("folder_path", "")))
    when = _parse(item.get("capture_time_local"))
    return Candidate(
        path=path,
        shown=str(item.get("path") or os.path.relpath(path, library)).replace(os.sep, "/"),
        kind=Kind(item["kind"]),
        digest=item.get("hash") or None,
        when=when,
        when_known=when is not None and item.get("capture_time_source") != FILE_TIME_SOURCE,
        item_id=item.get("id"),
        folder=folder,
        picked=item.get("pick") is True,
        rejected=item.get("reject") is True and item.get("pick") is not True,
    )


def _folder_candidates(folder: str) -> list[Candidate]:
    """Every photo and clip under ``folder`` (housekeeping and ``.cobertura`` skipped),
    with the catalog's marks when the folder is an event folder."""
    marks = _folder_marks(folder)
    found: list[Candidate] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d.lower() not in HOUSEKEEPING_DIRS)
        for name in sorted(files):
            path = os.path.join(root, name)
            if is_housekeeping_name(name) or not os.path.isfile(path) or os.path.islink(path):
                continue
            kind = kind_from_extension(name)
            if kind is None:
                try:
                    kind = kind_from_content(read_head(path))
                except OSError:
                    continue
            if kind not in (Kind.PHOTO, Kind.VIDEO):
                continue
            shown = os.path.relpath(path, folder).replace(os.sep, "/")
            mark = marks.get(shown, {})
            found.append(
                Candidate(
                    path=path,
                    shown=shown,
                    kind=kind,
                    when=local_wall_time(file_time(os.path.getmtime(path))),
                    item_id=mark.get("id"),
                    folder=folder if mark else None,
                    picked=mark.get("pick") is True,
                    rejected=mark.get("reject") is True and mark.get("pick") is not True,
                )
            )
    return found


def _folder_marks(folder: str) -> dict[str, dict[str, Any]]:
    """Catalog items with their merged edits, by path in the folder (an event folder)."""
    if not os.path.isfile(os.path.join(state_dir(folder), CATALOG_FILE)):
        return {}
    merged = merged_edits(folder)
    return {
        str(i.get("folder_path")): with_edits(i, merged)
        for i in catalog.read_items(folder)
        if i.get("folder_path")
    }


def _parse(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None
