"""Photos made ready to publish: orientation, sRGB, RAW previews, HEIC, odd TIFFs, damaged
files and decompression bombs (``media.export_images``)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from media.export_images import ExportImageError, add_logo, encode_jpeg, prepare, to_srgb
from media.export_presets import PRESETS
from media.models import ProblemType

BOLETIN = PRESETS["boletin"]


def rgb16_tiff(path: Path, width: int, height: int, rgb: tuple[int, int, int]) -> None:
    """A 16-bit-per-channel RGB TIFF (Pillow reads these, but cannot write them)."""
    data = np.zeros((height, width, 3), "<u2")
    data[:, :] = rgb
    pixels = data.tobytes()
    entries = [
        (256, 3, 1, width), (257, 3, 1, height), (258, 3, 3, 0), (259, 3, 1, 1),
        (262, 3, 1, 2), (273, 4, 1, 0), (277, 3, 1, 3), (278, 3, 1, height),
        (279, 4, 1, len(pixels)), (284, 3, 1, 1),
    ]  # fmt: skip
    bps_at = 8 + 2 + 12 * len(entries) + 4
    out = bytearray(b"II*\x00" + struct.pack("<IH", 8, len(entries)))
    for tag, kind, count, value in entries:
        value = {258: bps_at, 273: bps_at + 6}.get(tag, value)
        packed = (
            struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack("<I", value)
        )
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0) + struct.pack("<HHH", 16, 16, 16) + pixels
    path.write_bytes(bytes(out))


def png_bomb(path: Path, side: int = 30000) -> None:
    """A tiny PNG whose header claims ``side`` x ``side`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def test_exif_orientation_is_applied(samples: Path) -> None:
    # Stored 1704x2272 with orientation 8: upright it is landscape.
    done = prepare(str(samples / "photos/jpeg/canon_powershot_a85_orient8.jpg"), BOLETIN)
    assert done.image.size == (2048, 1536) and done.image.mode == "RGB"
    portrait = prepare(str(samples / "photos/jpeg/samsung_sm-j327t1_orient6.jpg"), BOLETIN)
    assert portrait.image.size == (1536, 2048)


def test_heic_is_turned_once(samples: Path) -> None:
    # pillow-heif applies the rotation itself: turned again, it would come out sideways.
    done = prepare(
        str(samples / "photos/heic/apple_iphonexr_gps_orient6.heic"), PRESETS["instagram"]
    )
    assert done.image.size == (1080, 1350)  # portrait, as the phone was held


def test_raw_uses_its_embedded_preview(samples: Path) -> None:
    done = prepare(str(samples / "photos/raw/canon_eos_r6_truncated.cr3"), BOLETIN)
    assert done.image.size == (1620, 1080) and done.small
    with pytest.raises(ExportImageError) as no_preview:
        prepare(str(samples / "photos/raw/stub_canon_350d.cr2"), BOLETIN)
    assert no_preview.value.type == ProblemType.UNREADABLE
    assert "vista previa" in no_preview.value.detail


def test_cmyk_and_16_bit_tiffs_become_8_bit_rgb(tmp_path: Path) -> None:
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg", quality=95)
    red = prepare(str(tmp_path / "cmyk.jpg"), BOLETIN).image
    assert red.mode == "RGB" and red.getpixel((150, 100))[0] > 230
    assert max(red.getpixel((150, 100))[1:]) < 30
    grey = np.full((120, 160), 40000, np.uint16)
    Image.fromarray(grey).save(tmp_path / "grey16.tif")
    done = prepare(str(tmp_path / "grey16.tif"), BOLETIN).image
    assert done.mode == "RGB" and abs(done.getpixel((5, 5))[0] - 40000 // 256) <= 1
    rgb16_tiff(tmp_path / "rgb16.tif", 96, 64, (60000, 1000, 30000))
    colour = prepare(str(tmp_path / "rgb16.tif"), BOLETIN).image
    assert colour.size == (96, 64)
    r, g, b = colour.getpixel((10, 10))
    assert abs(r - 234) <= 2 and g < 10 and abs(b - 117) <= 2


def test_transparency_is_laid_on_white(tmp_path: Path) -> None:
    Image.new("RGBA", (100, 100), (255, 0, 0, 0)).save(tmp_path / "clear.png")
    assert prepare(str(tmp_path / "clear.png"), BOLETIN).image.getpixel((50, 50)) == (255,) * 3


def test_embedded_profiles_are_converted_to_srgb(samples: Path) -> None:
    p3 = Image.open(samples / "photos/heic/apple_iphone11pro_IMG_2927.HEIC").info["icc_profile"]
    assert "P3" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(p3)))
    notes: list[str] = []
    # Display P3's saturated red lies outside sRGB: the same numbers mean a redder red.
    converted = to_srgb(Image.new("RGB", (8, 8), (200, 40, 40)), p3, notes)
    r, g, b = converted.getpixel((4, 4))
    assert r > 205 and g < 40 and b < 40 and not notes
    kept = to_srgb(Image.new("RGB", (8, 8), (200, 40, 40)), None, notes)
    assert kept.getpixel((4, 4)) == (200, 40, 40)


def test_a_damaged_profile_is_a_note_not_a_failure(tmp_path: Path) -> None:
    Image.new("RGB", (100, 80), (10, 200, 30)).save(
        tmp_path / "bad_icc.jpg", icc_profile=b"not a profile at all" * 10
    )
    done = prepare(str(tmp_path / "bad_icc.jpg"), BOLETIN)
    assert done.notes and done.image.size == (100, 80)


def test_output_carries_srgb(tmp_path: Path) -> None:
    data = encode_jpeg(Image.new("RGB", (64, 64), "white"), 80)
    profile = Image.open(io.BytesIO(data)).info["icc_profile"]
    assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("photos/jpeg/edge_jpeg_format_error.jpg", ProblemType.UNREADABLE),
        ("photos/heic/edge_corrupt_boxes.heif", ProblemType.UNREADABLE),
        ("photos/jpeg/edge_canon_1000d_ifd_loop.jpg", ProblemType.UNREADABLE),  # 1x1 picture
        ("photos/raw/edge_corrupt_368_bytes.rw2", ProblemType.UNREADABLE),
    ],
)
def test_bad_files_are_named_problems(samples: Path, name: str, problem: ProblemType) -> None:
    with pytest.raises(ExportImageError) as caught:
        prepare(str(samples / name), BOLETIN)
    assert caught.value.type == problem and caught.value.detail


def test_truncated_and_missing_files(samples: Path, tmp_path: Path) -> None:
    whole = (samples / "photos/jpeg/canon_eos_7d.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ExportImageError) as cut:
        prepare(str(tmp_path / "cut.jpg"), BOLETIN)
    assert cut.value.type == ProblemType.TRUNCATED
    with pytest.raises(ExportImageError) as gone:
        prepare(str(tmp_path / "gone.jpg"), BOLETIN)
    assert gone.value.type == ProblemType.UNREADABLE


def test_decompression_bomb_is_too_large(tmp_path: Path) -> None:
    png_bomb(tmp_path / "bomb.png")
    with pytest.raises(ExportImageError) as caught:
        prepare(str(tmp_path / "bomb.png"), BOLETIN)
    assert caught.value.type == ProblemType.TOO_LARGE
    assert "900 megapíxeles" in caught.value.detail
    assert "bomba de descompresión" in caught.value.detail


def test_watermark_marks_the_lower_right_corner() -> None:
    plain = Image.new("RGB", (1600, 1000), (90, 90, 90))
    marked = np.asarray(add_logo(plain)).astype(int)
    base = np.asarray(plain).astype(int)
    changed = np.abs(marked - base).sum(axis=2) > 30
    rows, cols = np.nonzero(changed)
    assert changed.any()
    assert rows.min() > 1000 * 0.75 and cols.min() > 1600 * 0.6  # only in the corner
    assert cols.max() < 1600 - 20 and rows.max() < 1000 - 20  # with a margin
