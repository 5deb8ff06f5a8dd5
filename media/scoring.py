"""The scoring stage: every photo and clip of a pick run, scored once, in parallel.

``score_candidates`` takes the files of an event or a folder and returns, for each, its
``PhotoScore`` (a photo) or its best stills (a clip), reading the score cache first.
Decoding and measuring run on a small thread pool (libjpeg, OpenCV and numpy release
the GIL), a few files in memory at a time, so memory does not grow with the number of
photos. A file that cannot be scored becomes a ``Problem`` and the run goes on. Given
``FaceViews``, photos are measured without faces and the detector's small picture of
each is kept there for ``media.face_pass``; without, faces are looked for at once.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import cv2
import xxhash

from media.decode_score import decode_for_scoring
from media.decode_small import DecodeFailed
from media.face_views import FaceViews
from media.faces import face_view
from media.models import CancelToken, Kind, Problem, ProblemType, ProgressFn, no_progress
from media.score_cache import FileIndex, ScoreCache
from media.scores import PhotoScore, measure_frame, score_picture
from media.timeutil import iso, local_wall_time
from media.video_stills import Still, sampled_digest, video_stills

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """A file a pick run looks at, and what is already known about it."""

    path: str  # absolute
    shown: str  # as reports show it: relative to the folder or to the library
    kind: Kind  # PHOTO or VIDEO
    digest: str | None = None  # content hash, when the catalog knows it
    when: datetime | None = None  # capture time, naive wall time in the library's zone
    when_known: bool = False  # False when ``when`` is only the file's modification time
    item_id: str | None = None  # catalog id (ingested files)
    folder: str | None = None  # event folder holding the item
    picked: bool = False
    rejected: bool = False


@dataclass
class Scored:
    """A candidate with its scores: ``photo`` for a photo, ``stills`` for a clip."""

    candidate: Candidate
    photo: PhotoScore | None = None
    stills: list[Still] = field(default_factory=list)
    from_cache: bool = False
    digest: str | None = None  # the content hash its scores are cached under


class _Lockable:
    """Serialises the cache and the index, which the workers share."""

    def __init__(self, cache: ScoreCache, index: FileIndex | None, views: FaceViews | None) -> None:
        self.cache = cache
        self.index = index
        self.views = views
        self.lock = threading.Lock()


def default_workers() -> int:
    """Two workers per core: the decoders keep a core busy each, and while one worker
    holds the GIL for its Python steps another has a decode to run (two cores here:
    42.0 photos/s median with four workers, 39.6 with three, 35.5 with two)."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


@contextmanager
def opencv_alone(workers: int) -> Iterator[None]:
    """OpenCV without threads of its own while ``workers`` (more than one) of ours keep
    every core busy; its setting is put back afterwards."""
    before = cv2.getNumThreads()
    if workers > 1:
        cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def score_candidates(
    candidates: list[Candidate],
    cache: ScoreCache,
    index: FileIndex | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    views: FaceViews | None = None,
) -> tuple[list[Scored], list[Problem]]:
    """Scores for every candidate that has a picture, and a problem for each that has not.

    Results come in the order of ``candidates``. With ``views``, photos decoded in this
    run leave their faces unmeasured (None) and their face picture in ``views``. Raises
    ``Cancelled`` when ``cancel`` is set (scores computed so far stay in the cache).
    """
    cancel = cancel or CancelToken()
    shared = _Lockable(cache, index, views)
    results: dict[int, Scored] = {}
    problems: list[Problem] = []
    total = len(candidates)
    workers = workers or default_workers()
    try:
        with opencv_alone(workers), ThreadPoolExecutor(workers, "score") as pool:
            pending: dict[Future[Scored | Problem], int] = {}
            queue = iter(enumerate(candidates))
            outcomes = _run(pool, queue, pending, shared, cancel, workers * 2)
            for done, (position, outcome) in enumerate(outcomes, start=1):
                if isinstance(outcome, Problem):
                    problems.append(outcome)
                else:
                    results[position] = outcome
                progress(done, total)
    finally:
        cache.flush()
        if index is not None:
            index.save()
    return [results[i] for i in sorted(results)], problems


def _run(
    pool: ThreadPoolExecutor,
    queue: Iterator[tuple[int, Candidate]],
    pending: dict[Future[Scored | Problem], int],
    shared: _Lockable,
    cancel: CancelToken,
    window: int,
) -> Iterator[tuple[int, Scored | Problem]]:
    """Keep at most ``window`` files in flight (bounded memory), yield them as they end."""
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            nxt = next(queue, None)
            if nxt is None:
                exhausted = True
                break
            pending[pool.submit(_score_one, nxt[1], shared, cancel)] = nxt[0]
        if not pending:
            return
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in finished:
            position = pending.pop(future)
            if cancel.cancelled:
                for other in pending:
                    other.cancel()
                cancel.raise_if_cancelled()
            yield position, future.result()


def _score_one(cand: Candidate, shared: _Lockable, cancel: CancelToken) -> Scored | Problem:
    """Scores of one file, or the problem that prevents them; never raises."""
    if cancel.cancelled:
        return Problem(ProblemType.CANCELLED, cand.shown)
    try:
        return _score_or_problem(cand, shared)
    except Exception as exc:  # a bug or an odd file must not stop the other files
        log.exception("scoring %s failed", cand.shown)
        return Problem(ProblemType.CORRUPT, cand.shown, f"{type(exc).__name__}: {exc}"[:120])


def _score_or_problem(cand: Candidate, shared: _Lockable) -> Scored | Problem:
    """Scores of one file: from the cache when its content was scored before."""
    try:
        digest, data = _digest(cand, shared)
    except OSError as exc:
        return Problem(ProblemType.UNREADABLE, cand.shown, exc.strerror or str(exc))
    with shared.lock:
        entry = shared.cache.get(digest)
    scored = _from_entry(cand, entry) if entry else None
    if scored is not None:
        scored.digest = digest
        return scored
    try:
        if cand.kind is Kind.VIDEO:
            entry = {"kind": "video", "stills": [s.to_json() for s in video_stills(cand.path)]}
        else:
            entry = _measure_photo(cand, data, shared.views)
    except DecodeFailed as exc:
        return Problem(exc.type, cand.shown, exc.detail)
    del data
    if cand.digest is None:  # a file outside the library: its own date, read once
        entry.update(_capture_time(cand))
    with shared.lock:
        shared.cache.put(digest, entry)
    result = _from_entry(cand, entry)
    assert result is not None
    result.from_cache = False
    result.digest = digest
    return result


def _measure_photo(cand: Candidate, data: bytes | None, views: FaceViews | None) -> dict[str, Any]:
    """The cache entry of a photo decoded now; raises ``DecodeFailed``."""
    picture = decode_for_scoring(cand.path, data)
    if views is None:
        photo = score_picture(picture.rgb, picture.width, picture.height, picture.gray)
    else:
        photo = measure_frame(picture.rgb, picture.gray, picture.width, picture.height)
        views.put(cand.path, face_view(picture.gray))
    return {"kind": "photo", "score": photo.to_json(), "route": picture.route}


def _digest(cand: Candidate, shared: _Lockable) -> tuple[str, bytes | None]:
    """The content hash (from the catalog, the index or a read) and the bytes, if read."""
    if cand.digest:
        return cand.digest, None
    st = os.stat(cand.path)
    if shared.index is not None:
        with shared.lock:
            known = shared.index.lookup(cand.path, st)
        if known:
            return known, None
    if cand.kind is Kind.VIDEO:
        digest, data = sampled_digest(cand.path), None
    else:
        with open(cand.path, "rb") as fh:
            data = fh.read()
        digest = xxhash.xxh3_128_hexdigest(data)
    if shared.index is not None:
        with shared.lock:
            shared.index.remember(cand.path, st, digest)
    return digest, data


def _from_entry(cand: Candidate, entry: dict[str, Any]) -> Scored | None:
    """A result rebuilt from a cache entry; None when the entry is unusable."""
    try:
        if cand.digest is None and entry.get("capture_time"):
            cand.when = datetime.fromisoformat(str(entry["capture_time"]))
            cand.when_known = True
        if entry.get("kind") == "video":
            stills = [Still.from_json(s) for s in entry.get("stills", [])]
            return Scored(cand, stills=stills, from_cache=True)
        return Scored(cand, photo=PhotoScore.from_json(entry["score"]), from_cache=True)
    except (KeyError, TypeError, ValueError) as exc:
        log.info("cache entry for %s ignored: %r", cand.shown, exc)
        return None


def _capture_time(cand: Candidate) -> dict[str, Any]:
    """The capture time the file states (header only), as local wall time."""
    from media.probe import probe

    info = probe(cand.path, os.path.basename(cand.path), cand.kind)
    if not info.capture_time:
        return {"capture_time": None}
    try:
        when = local_wall_time(datetime.fromisoformat(info.capture_time))
    except ValueError:
        return {"capture_time": None}
    return {"capture_time": iso(when), "capture_time_source": info.capture_time_source}
