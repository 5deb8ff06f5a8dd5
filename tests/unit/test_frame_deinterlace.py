"""A frame of an interlaced camcorder clip is saved as one picture, without combs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from media.frame_photo import grab_frame
from media.frames import deinterlaced, frame_at, open_clip, to_image, video_stream


def _combs(picture: np.ndarray) -> float:
    """How much each line differs from the mean of its neighbours: interlaced motion
    (two fields 1/50 s apart woven together) makes every other line stand out."""
    grey = picture.astype(float).mean(axis=2)
    return float(np.abs(grey[1:-1] - (grey[:-2] + grey[2:]) / 2).mean())


def test_an_avchd_frame_is_deinterlaced(samples: Path) -> None:
    clip = samples / "video/sony_a7m3_avchd.mts"  # 1080i
    for at in (0.0, 0.5):  # the first frame and the last (yadif is flushed for it)
        with open_clip(str(clip)) as container:
            raw = frame_at(container, video_stream(container), at, exact=True)
            assert raw.interlaced_frame
            woven = to_image(raw, None)
        image, shown = grab_frame(str(clip), at)
        assert image.size == woven.size == (1920, 1080)
        assert _combs(np.asarray(image)) < 0.7 * _combs(np.asarray(woven))
        assert abs(shown - at) < 0.05


def test_a_progressive_frame_is_left_as_it_is(samples: Path) -> None:
    with open_clip(str(samples / "video/android_6.0.1_gps.mp4")) as container:
        stream = video_stream(container)
        frame = frame_at(container, stream, 0.05, exact=True)
        assert deinterlaced(container, stream, frame) is frame
