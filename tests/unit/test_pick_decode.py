"""Photos decoded small for scoring: draft JPEG, RAW previews, HEIC rotation, bad files."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
from pick_samples import BROKEN
from PIL import Image

from media.decode_score import decode_for_scoring
from media.decode_small import WORK_SIZE, DecodeFailed, decode_reduced
from media.models import ProblemType
from media.raw_preview import raw_preview


def _jpeg(width: int, height: int, exif: Image.Exif | None = None) -> bytes:
    gradient = np.linspace(0, 255, width, dtype=np.uint8)[None, :, None]
    rgb = np.broadcast_to(gradient, (height, width, 3)).copy()
    rgb[: height // 2, : width // 3, 0] = 30  # a block, to know up from down
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=80, exif=exif.tobytes() if exif else b"")
    return out.getvalue()


def test_a_24_megapixel_jpeg_is_decoded_at_one_eighth(tmp_path: Path) -> None:
    data = _jpeg(6000, 4000)
    reduced = decode_reduced("big.jpg", data)
    assert reduced.route == "jpeg 1/8"
    assert reduced.rgb.shape == (427, WORK_SIZE, 3)
    assert (reduced.width, reduced.height) == (6000, 4000)
    full = decode_reduced("big.jpg", data, full=True)
    assert full.route == "imagen" and full.rgb.shape == reduced.rgb.shape


def test_exif_orientation_is_applied(samples: Path) -> None:
    reduced = decode_reduced(str(samples / "photos/jpeg/samsung_gt-i9000_gps_zero_orient6.jpg"))
    assert reduced.rgb.shape[0] > reduced.rgb.shape[1]  # stored 640x480, shown upright
    assert (reduced.width, reduced.height) == (480, 640)


def test_heic_is_not_turned_twice(samples: Path) -> None:
    # pillow-heif applies the container's rotation; EXIF says 6 as well (see samples/README).
    reduced = decode_reduced(str(samples / "photos/heic/apple_iphonexr_gps_orient6.heic"))
    assert reduced.route == "heif"
    assert reduced.rgb.shape[0] > reduced.rgb.shape[1]
    assert (reduced.width, reduced.height) == (3024, 4032)


def test_cr3_is_read_from_its_embedded_preview(samples: Path) -> None:
    reduced = decode_reduced(str(samples / "photos/raw/canon_eos_r6_truncated.cr3"))
    assert reduced.route == "vista previa RAW"
    assert (reduced.width, reduced.height) == (1620, 1080)


def _tiff_raw(preview: bytes, orientation: int) -> bytes:
    """A minimal little-endian TIFF RAW: IFD0 points to a JPEG preview, and a lossless
    JPEG strip (raw data, which must not be taken for the preview) follows."""
    lossless = b"\xff\xd8\xff\xc3\x00\x0b" + b"\x00" * 5000
    entries = [
        (0x0112, 3, 1, orientation),
        (0x0201, 4, 1, 0),  # JPEGInterchangeFormat, patched below
        (0x0202, 4, 1, len(preview)),
        (0x0103, 3, 1, 7),
        (0x0111, 4, 1, 0),  # StripOffsets of the lossless data, patched below
        (0x0117, 4, 1, len(lossless)),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    preview_at = 8 + ifd_size
    lossless_at = preview_at + len(preview)
    entries[1] = (0x0201, 4, 1, preview_at)
    entries[4] = (0x0111, 4, 1, lossless_at)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + preview + lossless


def test_tiff_raw_preview_and_its_orientation() -> None:
    preview = _jpeg(1200, 800)
    raw = _tiff_raw(preview, orientation=6)
    found = raw_preview(io.BytesIO(raw))
    assert found is not None and found.jpeg == preview and found.orientation == 6
    reduced = decode_reduced("photo.nef", raw)
    assert reduced.route == "vista previa RAW"
    assert (reduced.width, reduced.height) == (800, 1200)  # turned upright
    assert raw_preview(io.BytesIO(raw[:40])) is None  # cut short: no preview, no exception


def test_an_ifd_chain_that_loops_ends() -> None:
    # IFD0 at offset 8 lists its SubIFD and its next IFD as itself.
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x014A, 4, 1, 8) + struct.pack("<I", 8)
    assert raw_preview(io.BytesIO(b"II*\x00" + struct.pack("<I", 8) + ifd)) is None


@pytest.mark.parametrize("rel", BROKEN)
def test_broken_files_are_named_problems(samples: Path, rel: str) -> None:
    with pytest.raises(DecodeFailed) as failed:
        decode_reduced(str(samples / "photos" / rel))
    assert failed.value.type in (ProblemType.UNREADABLE, ProblemType.CORRUPT, ProblemType.TRUNCATED)
    assert failed.value.detail
    with pytest.raises(DecodeFailed) as scoring:  # the pick run's own route names it the same
        decode_for_scoring(str(samples / "photos" / rel))
    assert scoring.value.type is failed.value.type


def test_a_cut_jpeg_is_truncated(samples: Path) -> None:
    data = (samples / "photos/jpeg/samsung_sm-g965w_12mp.jpg").read_bytes()
    with pytest.raises(DecodeFailed) as failed:
        decode_reduced("cut.jpg", data[: len(data) // 2])
    assert failed.value.type is ProblemType.TRUNCATED
    with pytest.raises(DecodeFailed) as scoring:
        decode_for_scoring("cut.jpg", data[: len(data) // 2])
    assert scoring.value.type is ProblemType.TRUNCATED


def test_stubs_without_a_real_picture_are_refused(samples: Path) -> None:
    for rel in ("jpeg/stub_gopro_hero6_gps.jpg", "raw/stub_nikon_d70.nef"):
        with pytest.raises(DecodeFailed) as failed:
            decode_reduced(str(samples / "photos" / rel))
        assert failed.value.type is ProblemType.UNREADABLE


def _mpo(main: Image.Image, second: Image.Image) -> bytes:
    out = io.BytesIO()
    main.save(out, "MPO", quality=80, save_all=True, append_images=[second])
    return out.getvalue()


def test_a_camera_preview_inside_the_jpeg_is_used() -> None:
    main = Image.open(io.BytesIO(_jpeg(4000, 3000)))
    with_preview = _mpo(main, main.resize((1600, 1200)))
    reduced = decode_reduced("DSC_0001.JPG", with_preview)
    assert reduced.route == "vista previa JPEG"
    assert (reduced.width, reduced.height) == (4000, 3000)
    assert reduced.rgb.shape == (480, WORK_SIZE, 3)
    stereo = _mpo(main, main.copy())  # a 3-D camera's second eye is no preview
    assert decode_reduced("DSCF0001.MPO", stereo).route == "jpeg 1/4"
    odd_shape = _mpo(main, main.resize((1600, 900)))
    assert decode_reduced("DSC_0002.JPG", odd_shape).route == "jpeg 1/4"


def test_opencv_and_pillow_decode_a_jpeg_to_the_same_picture(tmp_path: Path) -> None:
    data = _jpeg(3000, 2000)
    fast = decode_reduced("a.jpg", data)  # a whole, well-formed JPEG: OpenCV
    path = tmp_path / "a.jpg"
    path.write_bytes(data)
    assert decode_reduced(str(path)).rgb.tobytes() == fast.rgb.tobytes()  # from a path too
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (750, 500))
    pillow = np.asarray(image.convert("RGB").resize((640, 427), Image.Resampling.BOX))
    assert fast.route == "jpeg 1/4" and fast.rgb.shape == pillow.shape
    assert np.abs(fast.rgb.astype(int) - pillow).mean() < 1.5


def test_stray_bytes_in_a_jpeg_header_print_no_warning(capfd: pytest.CaptureFixture[str]) -> None:
    data = _jpeg(1600, 1200)
    dqt = data.index(b"\xff\xdb")
    odd = data[:dqt] + b"\x00\x00" + data[dqt:]  # as some cameras write them
    reduced = decode_reduced("odd.jpg", odd)
    assert reduced.rgb.shape == (480, WORK_SIZE, 3)
    assert capfd.readouterr().err == ""  # libjpeg's "Corrupt JPEG data" would go to stderr


def test_a_cut_24_megapixel_jpeg_is_truncated_not_filled_with_grey() -> None:
    data = _jpeg(6000, 4000)
    for cut in (len(data) // 2, len(data) - 40):
        for decode in (decode_reduced, decode_for_scoring):
            with pytest.raises(DecodeFailed) as failed:
                decode("cut.jpg", data[:cut])
            assert failed.value.type is ProblemType.TRUNCATED
