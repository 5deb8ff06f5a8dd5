"""Probing agrees with exiftool's reading of every real sample (samples/truth.json)."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

from media.formats import kind_from_content, kind_from_extension, read_head
from media.models import Kind, ProblemType
from media.probe import probe

TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
WITH_TIME = sorted(k for k, v in TRUTH.items() if v["capture_time"])
WITHOUT_TIME = sorted(k for k, v in TRUTH.items() if not v["capture_time"])
# exiftool gives up on this JPEG ("JPEG format error") before its EXIF; exifread reads a date.
READS_MORE_THAN_EXIFTOOL = {"photos/jpeg/edge_jpeg_format_error.jpg"}


def _kind(rel: str) -> Kind:
    name = rel.rsplit("/", 1)[-1]
    return (
        kind_from_extension(name) or kind_from_content(read_head(str(SAMPLES / rel))) or Kind.PHOTO
    )


def _probe(rel: str):
    return probe(str(SAMPLES / rel), rel.rsplit("/", 1)[-1], _kind(rel))


def test_every_sample_has_a_truth_entry() -> None:
    on_disk = {
        str(p.relative_to(SAMPLES))
        for p in SAMPLES.rglob("*")
        if p.is_file() and p.suffix not in (".md", ".json")
    }
    assert on_disk == set(TRUTH)


@pytest.mark.parametrize("rel", WITH_TIME)
def test_capture_time_matches_exiftool(rel: str) -> None:
    info = _probe(rel)
    assert info.capture_time == TRUTH[rel]["capture_time"], info.capture_time_source


@pytest.mark.parametrize("rel", sorted(set(WITHOUT_TIME) - READS_MORE_THAN_EXIFTOOL))
def test_no_capture_time_where_the_file_has_none(rel: str) -> None:
    """Zero, blank, year-only and RIFF INFO dates are not capture times."""
    assert _probe(rel).capture_time is None


def test_kind_of_every_sample(truth: dict) -> None:
    for rel, entry in truth.items():
        assert _kind(rel).value == entry["kind"], rel


@pytest.mark.parametrize(
    "rel", sorted(k for k, v in TRUTH.items() if v.get("make") and v["kind"] == "photo")
)
def test_photo_make_and_model(rel: str) -> None:
    info = _probe(rel)
    if rel.endswith("edge_iphone7plus_invalid_gps_noext"):
        pass  # the same EXIF as truth, read although the GPS IFD is garbage
    assert (info.make or "").strip() == TRUTH[rel]["make"].strip()
    assert (info.model or "").strip() == (TRUTH[rel]["model"] or "").strip()


@pytest.mark.parametrize(
    "rel",
    [
        "video/apple_iphone6_gps_rot90.mov",
        "video/apple_iphonex_date_conflict.mov",
        "video/sony_a7m3_avchd.mts",
        "video/gopro_max_gpmf_gps.mp4",
    ],
)
def test_video_make_and_model(rel: str) -> None:
    info = _probe(rel)
    assert (info.make, info.model) == (TRUTH[rel]["make"], TRUTH[rel]["model"])


def test_gps_agrees_and_null_island_is_no_fix() -> None:
    checked = 0
    for rel, entry in TRUTH.items():
        gps = entry.get("gps")
        if not gps or entry["kind"] == "video" and rel.endswith("gopro_max_gpmf_gps.mp4"):
            continue  # GoPro GPS is in GPMF telemetry, not read at ingest
        if rel.endswith(".cr3"):
            continue  # CR3 GPS sits in CMT4, not read yet (capture time is)
        info = _probe(rel)
        if gps == {"lat": 0, "lon": 0}:
            assert info.gps is None, rel
        else:
            assert info.gps is not None, rel
            assert info.gps["lat"] == pytest.approx(gps["lat"], abs=1e-4), rel
            assert info.gps["lon"] == pytest.approx(gps["lon"], abs=1e-4), rel
        checked += 1
    assert checked >= 12


def test_orientation_as_exif_states_it() -> None:
    for rel, entry in TRUTH.items():
        if entry["kind"] == "photo" and entry.get("orientation") and entry.get("capture_time"):
            assert _probe(rel).orientation == entry["orientation"], rel


@pytest.mark.parametrize(
    "rel",
    [
        "photos/jpeg/canon_eos_7d.jpg",
        "photos/jpeg/edge_samsung_sm-g900p_broken_orient6.jpg",
        "photos/jpeg/samsung_sm-g965w_12mp.jpg",
        "photos/heic/apple_iphonexr_gps_orient6.heic",
        "photos/heic/apple_iphone11pro_IMG_2927.HEIC",
        "photos/other/apple_iphone12pro_offset.avif",
        "video/android_6.0.1_gps.mp4",
        "video/ios_screen_recording_hevc.mp4",
        "video/sony_a7m3_avchd.mts",
    ],
)
def test_coded_size(rel: str) -> None:
    """Width and height as stored (before rotation), as exiftool reports them."""
    info = _probe(rel)
    assert (info.width, info.height) == (TRUTH[rel]["width"], TRUTH[rel]["height"])


def test_durations_and_codecs() -> None:
    for rel, entry in TRUTH.items():
        if entry["kind"] in ("video", "audio") and entry.get("ffmpeg_decode_ok"):
            info = _probe(rel)
            assert info.duration == pytest.approx(entry["duration_s"], abs=0.05), rel
            assert sorted(set(info.codecs)) == sorted(set(entry["codecs"])), rel


def test_capture_time_sources_are_named() -> None:
    assert (
        _probe("video/apple_iphonex_date_conflict.mov").capture_time_source == "Keys:CreationDate"
    )
    assert _probe("video/sony_a7m3_avchd.mts").capture_time_source == "H264:DateTimeOriginal"
    assert _probe("audio/zoom_h4n_bwf_cues.wav").capture_time_source == "RIFF:DateTimeOriginal"
    gopro = _probe("video/gopro_max_gpmf_gps.mp4").capture_time_source or ""
    assert "local" in gopro


@pytest.mark.parametrize(
    "rel",
    [
        "photos/heic/edge_corrupt_boxes.heif",
        "photos/jpeg/edge_corrupt_height0.jpg",
        "photos/raw/edge_corrupt_368_bytes.rw2",
        "video/edge_32_byte.mov",
        "audio/stub_id3.mp3",
    ],
)
def test_broken_files_give_named_problems_not_exceptions(rel: str) -> None:
    info = _probe(rel)
    kinds = {t for t, _ in info.problems}
    assert kinds & {ProblemType.CORRUPT, ProblemType.TRUNCATED}, info.problems
