"""Scores of one photo: sharpness, exposure, faces, and the words that explain them."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from pick_samples import degrade, exposure_lut

from media.decode_small import decode_reduced
from media.exposure import measure_exposure
from media.faces import cascade_path, find_faces
from media.scores import PhotoScore, explain, score_picture
from media.sharpness import measure_sharpness


def _gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _score(path: Path) -> PhotoScore:
    reduced = decode_reduced(str(path))
    return score_picture(reduced.rgb, reduced.width, reduced.height)


def test_sharp_frame_beats_the_defocused_and_the_shaken_one(samples: Path) -> None:
    blur = samples / "photos/blur"
    sharp = _score(blur / "honor7x_176_S_sharp.jpg")
    defocused = _score(blur / "honor7x_176_F_defocus.jpg")
    shaken = _score(blur / "honor7x_176_M_motion.jpg")
    assert sharp.sharpness > 0.8 > 0.5 > max(defocused.sharpness, shaken.sharpness)
    assert sharp.total > max(defocused.total, shaken.total) + 0.2
    assert (sharp.sharpness_kind, defocused.sharpness_kind, shaken.sharpness_kind) == (
        "nitida",
        "desenfocada",
        "movida",
    )
    assert sharp.why.startswith("nítida") and defocused.why.startswith("desenfocada")
    assert shaken.why.startswith("movida")


def test_sharpness_does_not_depend_on_the_image_size(samples: Path) -> None:
    full = decode_reduced(str(samples / "photos/blur/honor7x_176_S_sharp.jpg"), size=2048).rgb
    values = []
    for side in (2048, 1200, 700):
        h, w = full.shape[:2]
        smaller = cv2.resize(full, (side, round(h * side / w)), interpolation=cv2.INTER_AREA)
        values.append(measure_sharpness(_gray(decode_reduced("x.png", _png(smaller)).rgb)).value)
    assert max(values) - min(values) < 0.15, values


def test_a_sharp_subject_on_a_soft_background_is_sharp(samples: Path) -> None:
    rgb = decode_reduced(str(samples / "photos/blur/honor7x_176_S_sharp.jpg")).rgb
    soft = cv2.GaussianBlur(rgb, (0, 0), 4)
    subject = soft.copy()
    h, w = rgb.shape[:2]
    middle = (slice(h // 3, 2 * h // 3), slice(w // 3, 2 * w // 3))  # a ninth of the frame
    subject[middle] = rgb[middle]
    assert measure_sharpness(_gray(subject)).value > 0.7
    assert measure_sharpness(_gray(soft)).value < 0.3


def test_noise_does_not_pass_for_sharpness(samples: Path) -> None:
    rgb = decode_reduced(str(samples / "photos/blur/honor7x_176_S_sharp.jpg"), size=1600).rgb
    grain = np.random.default_rng(3).normal(0, 8, rgb.shape)
    blurred = degrade(rgb, "desenfoque", random.Random(1))
    noisy_sharp = np.clip(rgb + grain, 0, 255).astype(np.uint8)
    noisy_blurred = np.clip(blurred + grain, 0, 255).astype(np.uint8)
    sharp = measure_sharpness(_gray(decode_reduced("a.png", _png(noisy_sharp)).rgb))
    soft = measure_sharpness(_gray(decode_reduced("b.png", _png(noisy_blurred)).rgb))
    assert sharp.value > 0.8 and soft.value < 0.5 and soft.kind == "desenfocada"


def test_exposure_tells_stops_over_and_under(samples: Path) -> None:
    rgb = decode_reduced(str(samples / "photos/blur/honor7x_176_S_sharp.jpg")).rgb
    normal = measure_exposure(rgb, _gray(rgb))
    dark = exposure_lut(-2)[rgb]
    bright = exposure_lut(2)[rgb]
    under = measure_exposure(dark, _gray(dark))
    over = measure_exposure(bright, _gray(bright))
    assert abs(normal.stops) < 0.75 and normal.value > 0.9
    assert -3.0 <= under.stops <= -1.5 and under.value < 0.3
    assert over.stops >= 1.5 and over.highlights > 0.3 and over.value < 0.3


def test_faces_are_counted_with_their_size(samples: Path) -> None:
    portrait = _score(samples / "photos/jpeg/canon_eos_7d.jpg")
    assert portrait.faces == 1 and portrait.largest_face > 0.1
    assert "1 rostro" in portrait.why
    posters = _score(samples / "photos/blur/honor7x_176_S_sharp.jpg")
    assert posters.faces == 0 and "sin rostros" in posters.why
    assert find_faces(np.zeros((40, 40), np.uint8)).count == 0  # too small to hold a face


def test_the_face_detector_ships_inside_the_opencv_wheel() -> None:
    path = cascade_path()
    assert os.path.isfile(path) and f"{os.sep}cv2{os.sep}" in path


def test_words_for_stops_faces_and_size() -> None:
    base: dict[str, Any] = {
        "sharpness": 0.9,
        "exposure": 0.5,
        "faces": 3,
        "total": 0.5,
        "why": "",
        "sharpness_kind": "nitida",
        "stops": 2.1,
        "highlights": 0.3,
        "shadows": 0.0,
        "largest_face": 0.3,
        "shot": "cerca",
        "signature": "",
        "width": 320,
        "height": 240,
    }
    assert explain(PhotoScore(**base)) == (
        "nítida · sobreexpuesta 2 pasos · luces quemadas (30 %) · 3 rostros · primer plano"
        " · baja resolución (320×240)"
    )
    big = {**base, "highlights": 0.0, "width": 4000, "height": 3000}
    under = PhotoScore(**{**big, "stops": -1.4, "faces": 1, "shot": "medio"})
    assert explain(under) == "nítida · subexpuesta 1,5 pasos · 1 rostro"
    one = PhotoScore(**{**big, "stops": -1.0, "faces": 0, "shot": "abierto"})
    assert explain(one) == "nítida · subexpuesta 1 paso · sin rostros"


@pytest.mark.parametrize("how", ["desenfoque", "movimiento", "menos2", "mas2"])
def test_each_degradation_loses_to_its_original(samples: Path, how: str) -> None:
    rgb = decode_reduced(str(samples / "photos/jpeg/samsung_sm-g965w_12mp.jpg"), size=1600).rgb
    worse = degrade(rgb, how, random.Random(2))
    original = score_picture(decode_reduced("a.png", _png(rgb)).rgb, 4032, 3024)
    copy = score_picture(decode_reduced("b.png", _png(worse)).rgb, 4032, 3024)
    assert original.total > copy.total + 0.1, (original.why, copy.why)


def _png(rgb: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    assert ok
    return data.tobytes()
