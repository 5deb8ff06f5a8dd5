"""Pictures for the desktop app: poster frames, frame strips and waveforms (PyAV + Pillow)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from trim_support import lavfi_clip

from media.frames import (
    NoPicture,
    frame_strip,
    poster_frame,
    strip_image,
    waveform_image,
    waveform_peaks,
)

IPHONE = "video/apple_iphone6_gps_rot90.mov"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return lavfi_clip(tmp_path_factory.mktemp("frames") / "flash.mp4", 4.0, flashes=(1.0, 3.0))


def _brightness(image: Image.Image) -> float:
    return ImageStat.Stat(image.convert("L")).mean[0]


def test_poster_frame_is_the_frame_shown_at_that_time(clip: Path) -> None:
    # The flash lasts two frames from 1.0 s: 1.0 and 1.04 are white, 0.96 and 1.08 are not.
    assert _brightness(poster_frame(str(clip), 1.0)) > 235
    assert _brightness(poster_frame(str(clip), 1.079)) > 235
    assert _brightness(poster_frame(str(clip), 0.999)) < 235
    assert _brightness(poster_frame(str(clip), 1.08)) < 235


def test_fast_poster_frame_is_the_keyframe_before(clip: Path) -> None:
    image = poster_frame(str(clip), 3.04, exact=False)  # keyframe at 2.0 (every 50 frames)
    assert _brightness(image) < 235
    assert _brightness(poster_frame(str(clip), 3.04)) > 235


def test_rotated_phone_clip_is_drawn_upright(samples: Path) -> None:
    image = poster_frame(str(samples / IPHONE), 1.0, max_size=(200, 200))
    assert image.size == (113, 200)  # 320x568 as shown, fitted into 200x200
    full = poster_frame(str(samples / IPHONE), 1.0, max_size=None)
    assert full.size == (320, 568)


def test_frame_strip(samples: Path, clip: Path) -> None:
    started = time.monotonic()
    images = frame_strip(str(samples / "video/gopro_max_gpmf_gps.mp4"), 8, height=60)
    assert time.monotonic() - started < 5  # generous: the point is keyframes, not a decode pass
    assert len(images) == 8 and {im.size for im in images} == {(106, 60)}
    strip = strip_image(images, gap=2)
    assert strip.size == (8 * 106 + 7 * 2, 60)
    portrait = frame_strip(str(samples / IPHONE), 3, height=90)
    assert {im.size for im in portrait} == {(51, 90)}
    assert frame_strip(str(clip), 0) == []


def test_waveform_shows_the_beeps(clip: Path) -> None:
    peaks = waveform_peaks(str(clip), 40)  # 0.1 s per bucket
    spans = [high - low for low, high in peaks]
    loud = [i for i, span in enumerate(spans) if span > max(spans) / 2]
    onsets = [i for i in loud if i - 1 not in loud]
    assert onsets == [10, 30] and len(loud) <= 4  # 0.1 s beeps at 1.0 s and 3.0 s
    image = waveform_image(str(clip), 400, 100)
    assert image.size == (400, 100)


def test_nothing_to_draw(samples: Path, tmp_path: Path) -> None:
    empty = tmp_path / "vacío.mov"
    empty.write_bytes(b"")
    for path in (empty, samples / "video/edge_32_byte.mov"):
        with pytest.raises(NoPicture):
            poster_frame(str(path), 0)
    with pytest.raises(NoPicture):
        poster_frame(str(samples / "video/edge_sony_a7_xavc_header_only.mp4"), 0.5)
    with pytest.raises(NoPicture):
        poster_frame(str(samples / "audio/zoom_h4n_bwf_cues.wav"), 0.5)
    mute = lavfi_clip(tmp_path / "mute.mp4", 1.0, audio=False)
    with pytest.raises(NoPicture):
        waveform_peaks(str(mute), 10)
