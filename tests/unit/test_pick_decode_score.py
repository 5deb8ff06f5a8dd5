"""Photos decoded for scoring: greyscale plus the Exif thumbnail's colour, and when not."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from media.dcf_exif import dcf_thumbnail, exif_with_thumbnail, insert_exif
from media.decode_score import decode_for_scoring
from media.decode_small import WORK_SIZE, DecodeFailed, decode_reduced
from media.grouping import VISUAL_SIMILARITY, Shot, signature_vectors, similarity
from media.models import ProblemType
from media.scores import measure_frame

THUMB_ROUTE = "jpeg 1/8 gris + miniatura Exif"


def _scene(width: int, height: int, seed: int = 1) -> np.ndarray:
    """A picture with a layout of colours and edges (a coloured block, a gradient, bars)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    rgb = np.empty((height, width, 3), np.float32)
    rgb[..., 0] = 200 * x + 30 * y
    rgb[..., 1] = 120 + 80 * np.sin(6 * x + 3 * y)
    rgb[..., 2] = 220 * y
    for _ in range(6):
        top, left = rng.integers(0, height * 3 // 4), rng.integers(0, width * 3 // 4)
        rgb[top : top + height // 6, left : left + width // 7] = rng.integers(0, 255, 3)
    rgb[:, ::40] = 20  # thin dark bars: edges for sharpness
    return np.clip(rgb, 0, 255).astype(np.uint8)


def _jpeg(rgb: np.ndarray, quality: int = 90) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=quality)
    return out.getvalue()


def _camera_jpeg(
    rgb: np.ndarray, thumbnail_of: np.ndarray | None = None, orientation: int = 1
) -> bytes:
    thumb = dcf_thumbnail(Image.fromarray(rgb if thumbnail_of is None else thumbnail_of))
    return insert_exif(_jpeg(rgb), exif_with_thumbnail(thumb, orientation))


@pytest.fixture(scope="module")
def scene() -> np.ndarray:
    return _scene(3000, 2000)


def test_a_camera_jpeg_takes_its_colour_from_the_thumbnail(scene: np.ndarray) -> None:
    data = _camera_jpeg(scene)
    picture = decode_for_scoring("IMG_0001.JPG", data)
    assert picture.route == THUMB_ROUTE
    assert picture.gray.shape == (427, WORK_SIZE)
    assert (picture.width, picture.height) == (3000, 2000)
    h, w = picture.rgb.shape[:2]
    assert w == 160 and abs(w / h - 1.5) < 0.05  # the letterbox bars are cut away
    assert picture.rgb[0].mean() > 20 and picture.rgb[-1].mean() > 20  # no black bar left


def test_both_routes_give_the_same_scores(scene: np.ndarray) -> None:
    camera = decode_for_scoring("a.jpg", _camera_jpeg(scene))
    plain = decode_for_scoring("b.jpg", _jpeg(scene))
    assert plain.route == "jpeg 1/4" and camera.route == THUMB_ROUTE
    assert np.abs(camera.gray.astype(int) - plain.gray).mean() < 1.0
    one = measure_frame(camera.rgb, camera.gray, camera.width, camera.height)
    two = measure_frame(plain.rgb, plain.gray, plain.width, plain.height)
    assert abs(one.sharpness - two.sharpness) < 0.02
    assert abs(one.exposure - two.exposure) < 0.05
    vectors = signature_vectors([Shot("a", one), Shot("b", two)])
    assert similarity(vectors, 0, 1) >= VISUAL_SIMILARITY


def test_orientation_turns_the_luminance_and_the_thumbnail(scene: np.ndarray) -> None:
    picture = decode_for_scoring("IMG_0002.JPG", _camera_jpeg(scene, orientation=6))
    assert picture.route == THUMB_ROUTE
    assert picture.gray.shape == (WORK_SIZE, 427)
    assert picture.rgb.shape[0] > picture.rgb.shape[1]
    assert (picture.width, picture.height) == (2000, 3000)
    upright = decode_reduced("IMG_0002.JPG", _camera_jpeg(scene, orientation=6))
    assert upright.rgb.shape[:2] == picture.gray.shape


def test_a_thumbnail_of_another_picture_is_not_used(scene: np.ndarray) -> None:
    other = _scene(3000, 2000, seed=9)[::-1]
    picture = decode_for_scoring("edited.jpg", _camera_jpeg(scene, thumbnail_of=other))
    assert picture.route == "jpeg 1/4"
    assert picture.rgb.shape[:2] == (125, 187)  # 750x500 averaged by 4x4 blocks
    own = cv2.resize(scene, (187, 125), interpolation=cv2.INTER_AREA)
    assert np.abs(picture.rgb.astype(int) - own).mean() < 4


def test_a_photo_brightened_after_the_camera_is_decoded_in_colour(scene: np.ndarray) -> None:
    brighter = np.clip(scene.astype(int) + 60, 0, 255).astype(np.uint8)
    picture = decode_for_scoring("edited.jpg", _camera_jpeg(brighter, thumbnail_of=scene))
    assert picture.route == "jpeg 1/4"


def test_a_damaged_thumbnail_falls_back_without_a_problem(scene: np.ndarray) -> None:
    thumb = bytearray(dcf_thumbnail(Image.fromarray(scene)))
    thumb[200:400] = b"\x00" * 200
    data = insert_exif(_jpeg(scene), exif_with_thumbnail(bytes(thumb)))
    assert decode_for_scoring("a.jpg", data).gray.shape == (427, WORK_SIZE)
    pointing_out = exif_with_thumbnail(b"\xff\xd8" + b"\x00" * 10)[:-12]  # cut short
    data = insert_exif(_jpeg(scene), pointing_out)
    assert decode_for_scoring("b.jpg", data).route == "jpeg 1/4"


def test_a_cut_short_camera_jpeg_is_still_named_truncated(scene: np.ndarray) -> None:
    data = _camera_jpeg(scene)
    with pytest.raises(DecodeFailed) as failed:
        decode_for_scoring("cut.jpg", data[: len(data) // 2])
    assert failed.value.type is ProblemType.TRUNCATED


def test_an_unreadable_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(DecodeFailed) as failed:
        decode_for_scoring(str(tmp_path / "gone.jpg"))
    assert failed.value.type is ProblemType.UNREADABLE


def test_real_camera_files_use_their_thumbnail_only_when_it_matches(samples: Path) -> None:
    phone = decode_for_scoring(str(samples / "photos/jpeg/samsung_sm-g965w_12mp.jpg"))
    assert phone.route == THUMB_ROUTE  # an unedited phone photo and its 160x120 thumbnail
    resized = decode_for_scoring(str(samples / "photos/jpeg/canon_eos_7d.jpg"))
    assert resized.gray.shape[0] > resized.gray.shape[1]  # portrait either way
