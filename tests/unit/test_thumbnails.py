"""Thumbnails of the real samples: upright exactly once, read cheaply, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from media.imaging import register_heif
from media.thumbnails import (
    THUMB_SIZE,
    _crop_to_aspect,
    cached_thumbnail,
    encode_jpeg,
    make_thumbnail,
    thumbnail_path,
)


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference (0-255) of two pictures squeezed to 48x48 grey."""
    small_a = a.convert("L").resize((48, 48))
    small_b = b.convert("L").resize((48, 48))
    return sum(ImageStat.Stat(ImageChops.difference(small_a, small_b)).mean)


def test_heic_with_irot_comes_out_portrait_rotated_exactly_once(samples: Path) -> None:
    path = samples / "photos/heic/apple_iphonexr_gps_orient6.heic"
    thumb = make_thumbnail(str(path))
    assert thumb is not None
    assert thumb.height > thumb.width  # coded 4032x3024 + irot: a portrait picture
    assert max(thumb.size) <= THUMB_SIZE
    register_heif()
    upright = Image.open(path).convert("RGB")  # pillow-heif applied irot already
    sideways = upright.transpose(Image.Transpose.ROTATE_270)  # what a second rotation gives
    assert _difference(thumb, upright) < 12
    assert _difference(thumb, sideways) > 2 * _difference(thumb, upright)


def test_jpeg_orientation_8_is_applied(samples: Path) -> None:
    path = samples / "photos/jpeg/canon_powershot_a85_orient8.jpg"
    thumb = make_thumbnail(str(path))
    assert thumb is not None
    with Image.open(path) as original:
        assert original.size == (1704, 2272)  # coded portrait; orientation 8 turns it
        reference = ImageOps.exif_transpose(original)
    assert reference is not None
    assert thumb.width > thumb.height
    assert _difference(thumb, reference) < 15
    assert _difference(thumb, reference.transpose(Image.Transpose.ROTATE_180)) > 25


def test_orientation_6_with_embedded_thumbnail_is_upright(samples: Path) -> None:
    path = samples / "photos/jpeg/samsung_gt-i9000_gps_zero_orient6.jpg"
    thumb = make_thumbnail(str(path))
    assert thumb is not None
    assert thumb.size == (120, 160)  # the 160x120 EXIF thumbnail, turned
    with Image.open(path) as original:
        reference = ImageOps.exif_transpose(original)
    assert reference is not None
    assert _difference(thumb, reference) < 15


def test_embedded_exif_thumbnail_is_used_when_present(samples: Path) -> None:
    # 12 MP phone shot with a 160x120 EXIF thumbnail: nothing of the 4032x3024 is decoded.
    thumb = make_thumbnail(str(samples / "photos/jpeg/samsung_sm-g965w_12mp.jpg"))
    assert thumb is not None and thumb.size == (160, 120)


def test_jpeg_without_embedded_thumbnail_is_decoded_small(samples: Path) -> None:
    thumb = make_thumbnail(str(samples / "photos/blur/honor7x_176_S_sharp.jpg"))
    assert thumb is not None
    assert thumb.size == (THUMB_SIZE, 192)  # 2048x1536 fitted into 256


@pytest.mark.parametrize(
    ("rel", "portrait"),
    [
        ("video/apple_iphone6_gps_rot90.mov", True),  # display matrix -90: turned upright
        ("video/android_6.0.1_gps.mp4", False),
        ("video/apple_iphonex_date_conflict.mov", True),
    ],
)
def test_video_poster_frame_is_upright(samples: Path, rel: str, portrait: bool) -> None:
    thumb = make_thumbnail(str(samples / rel))
    assert thumb is not None
    assert (thumb.height > thumb.width) is portrait
    assert max(thumb.size) == THUMB_SIZE


@pytest.mark.parametrize(
    "rel",
    [
        "photos/jpeg/edge_jpeg_format_error.jpg",
        "photos/jpeg/edge_corrupt_height0.jpg",
        "photos/heic/edge_corrupt_boxes.heif",
        "photos/raw/edge_corrupt_368_bytes.rw2",
        "video/edge_32_byte.mov",
        "video/edge_sony_a7_xavc_header_only.mp4",
        "audio/sounddevices_702t_bwf.wav",  # audio has no picture
    ],
)
def test_broken_files_and_audio_give_none(samples: Path, rel: str) -> None:
    assert make_thumbnail(str(samples / rel)) is None


def test_no_sample_makes_it_raise(samples: Path) -> None:
    made = 0
    for path in sorted(samples.rglob("*")):
        if path.is_file():
            thumb = make_thumbnail(str(path))
            if thumb is not None:
                made += 1
                assert max(thumb.size) <= THUMB_SIZE and thumb.mode == "RGB"
                assert encode_jpeg(thumb).startswith(b"\xff\xd8")  # decoded, file closed
    assert made >= 40  # most samples have a picture


def test_missing_file_gives_none(tmp_path: Path) -> None:
    assert make_thumbnail(str(tmp_path / "nope.jpg")) is None
    assert make_thumbnail(str(tmp_path / "nope"), kind=None) is None


def test_cache_is_written_atomically_and_read_back(
    tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "2026-01-15 Evento"
    (folder / "FOTO").mkdir(parents=True)
    source = samples / "photos/jpeg/canon_powershot_a85_orient8.jpg"
    (folder / "FOTO" / "a.jpg").write_bytes(source.read_bytes())
    item = {"id": "0123456789abcdef", "kind": "photo", "folder_path": "FOTO/a.jpg"}
    data = cached_thumbnail(str(folder), item)
    assert data is not None and data.startswith(b"\xff\xd8")
    cache = Path(thumbnail_path(str(folder), item["id"]))
    assert cache == folder / ".cobertura" / "thumbs" / "0123456789abcdef.jpg"
    assert cache.read_bytes() == data
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]  # no temporary left

    def must_not_decode(*_args: object, **_kw: object) -> None:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("media.thumbnails.make_thumbnail", must_not_decode)
    assert cached_thumbnail(str(folder), item) == data


def test_audio_and_unsafe_ids_are_not_cached(tmp_path: Path, samples: Path) -> None:
    folder = tmp_path / "ev"
    (folder / "AUDIO").mkdir(parents=True)
    wav = samples / "audio/sounddevices_702t_bwf.wav"
    (folder / "AUDIO" / "a.wav").write_bytes(wav.read_bytes())
    audio = {"id": "ab", "kind": "audio", "folder_path": "AUDIO/a.wav"}
    assert cached_thumbnail(str(folder), audio) is None
    (folder / "FOTO").mkdir()
    burst = samples / "photos/burst/nikon_d70s_burst_1.jpg"
    (folder / "FOTO" / "b.jpg").write_bytes(burst.read_bytes())
    unsafe = {"id": "../../x", "kind": "photo", "folder_path": "FOTO/b.jpg"}
    data = cached_thumbnail(str(folder), unsafe)
    assert data is not None  # made, but never written outside the cache folder
    assert not os.path.exists(folder / ".cobertura")


def test_black_bands_of_a_4_3_thumbnail_are_cut_for_a_3_2_photo() -> None:
    thumb = Image.new("RGB", (160, 120), "black")
    thumb.paste(Image.new("RGB", (160, 107), "white"), (0, 6))
    cropped = _crop_to_aspect(thumb, (3000, 2000))
    assert cropped.size == (160, 107)
    assert cropped.getpixel((80, 1)) == (255, 255, 255)
