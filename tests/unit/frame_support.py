"""Test helpers for frames saved as photos: a library whose agenda event holds real
sample clips beside the burst and blur photos, ingested the way a card is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from media.catalog import read_items
from media.library import event_folders
from tests.unit.pick_samples import becas_event

EVENT = "becas2010"
CLIPS = {  # name on the card -> sample
    "IMG_0001.MOV": "video/apple_iphone6_gps_rot90.mov",  # portrait (display matrix 90°), +03:00
    "GOPR0001.MP4": "video/gopro_max_gpmf_gps.mp4",  # 10.5 s, naive local time, GoPro Max
    "PICT0001.AVI": "video/mjpeg_spmp_no_date.avi",  # no capture time: the file time is used
}
PHOTO = "honor7x_176_S_sharp.jpg"  # one of the photos: not a clip


def clip_library(library: Path, work: Path, samples: Path) -> Path:
    """``library`` with the agenda event ``EVENT`` holding the burst, the blur set and
    ``CLIPS`` (forced into it, so they share one event folder); the card is made in ``work``."""
    extra = {name: samples / sample for name, sample in CLIPS.items()}
    report = becas_event(library, samples, work, EVENT, extra)
    assert report.count("copied") == 7 + len(CLIPS), report.problems
    return library


def clip_item(library: Path, name: str) -> tuple[str, dict[str, Any]]:
    """(event folder, catalog item) of the card file ``name``."""
    folder = event_folders(str(library))[0]
    return folder, next(i for i in read_items(folder) if i["original_name"] == name)
