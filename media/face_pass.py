"""Faces looked for only where they can change what is suggested.

Looking for faces costs a photo as much as decoding it small and measuring its
sharpness and exposure together, and faces never choose between the frames of one
moment (a group's best frame is the sharpest, best exposed one: see ``media.grouping``).
They describe the moment: the total of a suggestion and the kind of shot (close, with
faces, without faces) that makes picks varied. So a pick run measures every photo,
groups the near-duplicates, and only then looks for faces in each group's best frame
and in the photos a person picked, from the small picture the scoring stage kept
(``media.face_views``), or by decoding the photo again when its other scores came from
the cache. Faces found are cached with the other scores.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from media.decode_score import decode_for_scoring
from media.decode_small import DecodeFailed
from media.face_views import FaceViews
from media.faces import Faces, face_view, faces_in_view
from media.grouping import Group, Shot
from media.models import CancelToken
from media.score_cache import ScoreCache
from media.scores import add_faces
from media.scoring import Candidate, Scored, default_workers, opencv_alone

log = logging.getLogger(__name__)


def shots_needing_faces(groups: list[Group]) -> list[Shot]:
    """Each group's best frame and every shot a person picked, when their faces were
    not looked for yet."""
    needed = [g.best for g in groups] + [s for g in groups for s in g.members if s.picked]
    seen: set[int] = set()
    out: list[Shot] = []
    for shot in needed:
        if shot.score.faces is None and id(shot) not in seen:
            seen.add(id(shot))
            out.append(shot)
    return out


def add_missing_faces(
    shots: list[Shot],
    scored: list[Scored],
    views: FaceViews | None,
    cache_for: Callable[[Candidate], ScoreCache],
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> int:
    """Look for faces in the photos of ``shots`` (results of ``scored``), complete their
    scores and cache them; returns how many photos were looked at. A photo that cannot
    be decoded again keeps its faces unknown. Raises ``Cancelled`` when ``cancel`` is set.
    """
    cancel = cancel or CancelToken()
    by_score = {id(r.photo): r for r in scored if r.photo is not None}
    todo = [by_score[id(s.score)] for s in shots if id(s.score) in by_score]
    todo = [r for r in todo if r.photo is not None and r.photo.faces is None]
    if not todo:
        return 0
    workers = workers or default_workers()
    with opencv_alone(workers), ThreadPoolExecutor(workers, "faces") as pool:
        found = list(pool.map(lambda r: _faces(r, views, cancel), todo))
    cancel.raise_if_cancelled()
    touched: dict[int, ScoreCache] = {}
    for result, faces in zip(todo, found, strict=True):
        if faces is None or result.photo is None:
            continue
        add_faces(result.photo, faces)
        cache = cache_for(result.candidate)
        entry = cache.get(result.digest) if result.digest else None
        if entry is not None and result.digest:
            cache.put(result.digest, {**entry, "score": result.photo.to_json()})
            touched[id(cache)] = cache
    for cache in touched.values():
        cache.flush()
    return len(todo)


def _faces(result: Scored, views: FaceViews | None, cancel: CancelToken) -> Faces | None:
    """The faces of one photo, from its kept view or a new decode; None if impossible."""
    if cancel.cancelled:
        return None
    path = result.candidate.path
    try:
        view = views.get(path) if views is not None else None
        if view is None:
            view = face_view(decode_for_scoring(path).gray)
        return faces_in_view(view)
    except DecodeFailed as exc:
        log.info("faces of %s not looked for: %s", result.candidate.shown, exc.detail)
    except Exception:  # a bug or an odd file must not stop the run
        log.exception("looking for faces in %s failed", result.candidate.shown)
    return None
