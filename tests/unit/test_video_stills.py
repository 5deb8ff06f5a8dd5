"""A clip's stills are timed from the clip's start and named so that the frame a player
shows at the named time is the still itself."""

from __future__ import annotations

from pathlib import Path

from media.frames import clip_origin, frame_at, open_clip, video_stream
from media.video_stills import still_key, video_stills


def test_a_still_key_never_names_the_frame_before() -> None:
    assert still_key("VIDEO/a.mov", 2.002) == "VIDEO/a.mov#t=2.01"  # rounded up
    assert still_key("VIDEO/a.mov", 1.0) == "VIDEO/a.mov#t=1.00"  # exact stays exact
    assert still_key("VIDEO/a.mov", 0.0) == "VIDEO/a.mov#t=0.00"


def test_stills_of_an_mpeg_ts_clip_are_timed_from_its_start(samples: Path) -> None:
    clip = samples / "video/sony_a7m3_avchd.mts"  # its first timestamp is about 1.04 s
    stills = video_stills(str(clip))
    assert stills and all(0.0 <= s.t < 0.6 for s in stills)  # the clip lasts 0.54 s


def test_the_frame_at_a_still_key_time_is_the_still(samples: Path) -> None:
    clip = samples / "video/apple_iphone6_gps_rot90.mov"
    stills = video_stills(str(clip))
    assert stills
    for still in stills:
        named = float(still_key("x", still.t).split("#t=")[1])
        with open_clip(str(clip)) as container:
            frame = frame_at(container, video_stream(container), named, exact=True)
            assert abs(float(frame.time) - clip_origin(container) - still.t) < 1e-3
