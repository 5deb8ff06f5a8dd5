"""Faces looked for after grouping, only in the frames that can be picked."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from media.decode_small import decode_reduced
from media.face_views import FaceViews
from media.faces import FACE_SIZE, face_view, find_faces
from media.grouping import Group, Shot
from media.models import Cancelled, CancelToken
from media.pick_run import pick_folder
from media.scores import add_faces, measure_frame, score_picture


def _portrait_folder(samples: Path, folder: Path) -> Path:
    """The portrait (one face) three times over, sharp, softer and blurred, without
    capture times, and the blur set: two groups, the portrait's best frame has a face."""
    folder.mkdir()
    rgb = decode_reduced(str(samples / "photos/jpeg/canon_eos_7d.jpg"), size=900).rgb
    for name, sigma in (("retrato_a.jpg", 0), ("retrato_b.jpg", 1.5), ("retrato_c.jpg", 4)):
        picture = cv2.GaussianBlur(rgb, (0, 0), sigma) if sigma else rgb
        out = io.BytesIO()
        Image.fromarray(picture).save(out, "JPEG", quality=92)
        (folder / name).write_bytes(out.getvalue())
    for photo in (samples / "photos/blur").iterdir():
        shutil.copy(photo, folder / photo.name)
    return folder


def test_faces_are_looked_for_in_each_groups_best_frame_only(samples: Path, tmp_path: Path) -> None:
    folder = _portrait_folder(samples, tmp_path / "fotos")
    report = pick_folder(str(folder), count=5, cache_dir=str(tmp_path / "c"))
    assert len(report.groups) == 2 and report.faces_checked == 2
    bests = {g.best.key for g in report.groups}
    assert bests == {"retrato_a.jpg", "honor7x_176_S_sharp.jpg"}
    for shot in report.shots:
        if shot.key in bests:
            assert shot.score.faces is not None and shot.score.shot
        else:  # never looked for: no count, and no words about faces
            assert shot.score.faces is None and shot.score.shot == ""
            assert "rostro" not in shot.score.why
    portrait = next(s for s in report.shots if s.key == "retrato_a.jpg")
    assert portrait.score.faces == 1 and "1 rostro" in portrait.score.why
    assert report.to_json()["scores"]["retrato_c.jpg"]["faces"] is None
    # The faces found are cached: a second run decodes nothing and looks for none.
    again = pick_folder(str(folder), count=5, cache_dir=str(tmp_path / "c"))
    assert again.scored == 0 and again.faces_checked == 0
    assert next(s for s in again.shots if s.key == "retrato_a.jpg").score.faces == 1


def test_a_best_frame_scored_in_an_earlier_run_is_decoded_again_for_its_faces(
    samples: Path, tmp_path: Path
) -> None:
    folder = _portrait_folder(samples, tmp_path / "fotos")
    first = pick_folder(str(folder), count=5, cache_dir=str(tmp_path / "c"))
    assert first.faces_checked == 2
    (folder / "retrato_a.jpg").unlink()  # the next frame of the portrait becomes the best
    again = pick_folder(str(folder), count=5, cache_dir=str(tmp_path / "c"))
    assert again.scored == 0 and again.faces_checked == 1
    best = next(g.best for g in again.groups if g.best.key.startswith("retrato"))
    assert best.key == "retrato_b.jpg" and best.score.faces == 1


def test_the_best_frame_is_chosen_without_faces(samples: Path) -> None:
    rgb = decode_reduced(str(samples / "photos/jpeg/canon_eos_7d.jpg")).rgb
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    sharp = measure_frame(rgb, gray, 4000, 6000)
    soft_rgb = cv2.GaussianBlur(rgb, (0, 0), 1.2)
    soft = measure_frame(soft_rgb, cv2.cvtColor(soft_rgb, cv2.COLOR_RGB2GRAY), 4000, 6000)
    assert sharp.frame > soft.frame
    before = soft.total
    add_faces(soft, find_faces(gray))  # a face found in the softer frame only...
    assert soft.faces == 1 and soft.total > before and soft.frame == pytest.approx(before / 0.9)
    group = Group([Shot("blanda.jpg", soft), Shot("nitida.jpg", sharp)])
    assert group.best.key == "nitida.jpg"  # ...does not make it the best frame
    assert sharp.frame == pytest.approx(sharp.total / 0.9)  # faces unknown: the 0.9 floor


def test_scores_with_faces_at_once_match_the_two_steps(samples: Path) -> None:
    reduced = decode_reduced(str(samples / "photos/burst/nikon_d70s_burst_2.jpg"))
    gray = cv2.cvtColor(reduced.rgb, cv2.COLOR_RGB2GRAY)
    at_once = score_picture(reduced.rgb, reduced.width, reduced.height)
    later = measure_frame(reduced.rgb, gray, reduced.width, reduced.height)
    add_faces(later, find_faces(gray))
    assert later == at_once


def test_face_views_are_kept_in_a_file_not_in_memory(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    first = rng.integers(0, 256, (213, 320), dtype=np.uint8)
    second = rng.integers(0, 256, (320, 240), dtype=np.uint8)
    with FaceViews(str(tmp_path)) as views:
        views.put("a.jpg", first)
        views.put("b.jpg", second)
        first[:] = 0  # the caller's array is not what is kept
        got = views.get("a.jpg")
        assert got is not None and got.shape == (213, 320) and got.any()
        assert np.array_equal(views.get("b.jpg"), second)
        assert views.get("c.jpg") is None and len(views) == 2 and "a.jpg" in views
    assert list(tmp_path.iterdir()) == []  # an anonymous file: nothing is left behind


def test_the_face_view_of_a_working_size_picture_halves_it() -> None:
    gray = np.full((427, 640), 128, np.uint8)
    assert face_view(gray).shape == (213, FACE_SIZE)
    assert face_view(np.zeros((300, 200), np.uint8)).shape == (300, 200)  # never enlarged
    assert face_view(np.zeros((1000, 500), np.uint8)).shape == (FACE_SIZE, 160)


def test_a_cancelled_run_stops(samples: Path, tmp_path: Path) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        pick_folder(str(samples / "photos/blur"), cache_dir=str(tmp_path / "c"), cancel=cancel)
