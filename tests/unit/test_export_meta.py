"""Export presets' geometry, IPTC-IIM (APP13) and XMP (APP1) inside exported JPEGs, read back
with pyexiv2 (exiv2, as digiKam reads them)."""

from __future__ import annotations

import io
import struct
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from media.export_fields import CAPTION_PROPERTY, photo_fields
from media.export_presets import PRESETS, decode_scale, geometry, get_preset
from media.iptc_iim import app13_segment, iim_block, short_credit, truncate_utf8
from media.jpeg_meta import MAX_XMP, embed_captions, embedded_xmp, insert_metadata, segments

pyexiv2 = pytest.importorskip("pyexiv2")


# --- presets -----------------------------------------------------------------------------


def test_fit_presets_keep_the_whole_frame_and_never_enlarge() -> None:
    boletin = PRESETS["boletin"]
    assert geometry(boletin, 6000, 4000).size == (2048, 1365)
    assert geometry(boletin, 4000, 6000).box == (0, 0, 4000, 6000)
    small = geometry(PRESETS["facebook"], 1200, 800)
    assert small.size == (1200, 800) and small.small
    assert decode_scale(boletin, 6000, 4000) == pytest.approx(2048 / 6000)


def test_instagram_crops_portrait_to_4_5_and_the_rest_to_a_square() -> None:
    insta = PRESETS["instagram"]
    portrait = geometry(insta, 3000, 4000)
    assert portrait.size == (1080, 1350)
    left, top, right, bottom = portrait.box
    assert (right - left, bottom - top) == (3000, 3750)
    assert top == round(250 / 3)  # a third of the cut from the top, two thirds from the bottom
    landscape = geometry(insta, 6000, 4000)
    assert landscape.size == (1080, 1080) and landscape.box == (1000, 0, 5000, 4000)


def test_x_crops_to_16_9_and_unknown_presets_are_refused() -> None:
    x = geometry(PRESETS["x"], 4000, 3000)
    assert x.size == (1600, 900) and x.box == (0, 250, 4000, 2500)
    tiny = geometry(PRESETS["x"], 800, 600)
    assert tiny.small and tiny.size == (800, 450)
    with pytest.raises(ValueError, match="formato desconocido.*instagram"):
        get_preset("tiktok")


# --- IIM pieces --------------------------------------------------------------------------


@given(st.text(max_size=80), st.integers(min_value=0, max_value=90))
def test_truncate_never_splits_a_character(text: str, limit: int) -> None:
    cut = truncate_utf8(text, limit)
    assert len(cut.encode("utf-8")) <= limit
    assert text.startswith(cut)


def test_credit_is_shortened_like_a_person_would() -> None:
    assert short_credit("Foto: Ana Ruiz / Alcaldía Iztacalco") == "Foto: Ana Ruiz"
    assert short_credit("Foto: José Hernández Peña / Alcaldía Iztacalco") == (
        "Foto: José Hernández Peña"
    )
    assert short_credit("Foto: María José Hernández Peñaloza / Alcaldía") == (
        "María José Hernández"  # the whole name is 33 bytes: its last word goes
    )
    long_name = "Foto: Guadalupe Alejandra Hernández Peñaloza / Alcaldía Iztacalco"
    assert short_credit(long_name) == "Guadalupe Alejandra Hernández"
    assert short_credit("Ñ" * 40) == "Ñ" * 16
    assert short_credit("Agencia") == "Agencia"


def test_iim_block_declares_utf8_and_orders_datasets() -> None:
    block, shortened = iim_block(
        {"caption": "Ñandú 🎉", "credit": "Foto: Ana", "keywords": ["a", "b"], "city": ""}
    )
    assert block.startswith(b"\x1c\x01\x00\x00\x02\x00\x04\x1c\x01\x5a\x00\x03\x1b%G")
    numbers = []
    pos = 0
    while pos < len(block):
        marker, record, number, length = struct.unpack(">BBBH", block[pos : pos + 5])
        assert marker == 0x1C
        numbers.append((record, number))
        pos += 5 + length
    assert numbers == sorted(numbers)
    assert numbers.count((2, 25)) == 2 and (2, 90) not in numbers
    assert shortened == []
    segment = app13_segment(block)
    assert segment[:2] == b"\xff\xed" and b"Photoshop 3.0\x00" in segment


# --- embedding and reading back -------------------------------------------------------------


def _jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Cobertura"
    Image.new("RGB", (64, 48), (120, 30, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "out.jpg"
    path.write_bytes(data)
    return path


def test_every_field_reads_back_in_iptc_and_xmp(tmp_path: Path) -> None:
    item = {
        "caption": "La alcaldesa entrega becas en la colonia Agrícola Oriental 🎉👍🏽",
        "credit": "Foto: José Hernández Peña / Alcaldía Iztacalco",
        "keywords": "becas, educación, Iztacalco",
        "capture_time_local": "2026-01-15T11:02:03",
    }
    fields = photo_fields(item, "Entrega de becas", date(2026, 1, 15), "Parque Ñ")
    data, shortened = embed_captions(
        _jpeg(), fields.iim_values(), fields.xmp_props(), CAPTION_PROPERTY
    )
    assert shortened == ["credit"]  # by design: IIM's 32 bytes
    image = pyexiv2.Image(str(_write(tmp_path, data)))
    try:
        iptc = image.read_iptc(encoding="utf-8")
        xmp = image.read_xmp()
        exif = image.read_exif()
    finally:
        image.close()
    assert iptc["Iptc.Envelope.CharacterSet"] == "\x1b%G"
    assert iptc["Iptc.Application2.Caption"] == item["caption"]
    assert iptc["Iptc.Application2.Credit"] == "Foto: José Hernández Peña"
    assert iptc["Iptc.Application2.Byline"] == ["José Hernández Peña"]
    assert iptc["Iptc.Application2.Keywords"] == ["becas", "educación", "Iztacalco"]
    assert iptc["Iptc.Application2.City"] == "Ciudad de México"
    assert iptc["Iptc.Application2.SubLocation"] == "Parque Ñ"
    assert iptc["Iptc.Application2.ObjectName"] == "Entrega de becas"
    assert iptc["Iptc.Application2.DateCreated"] == "2026-01-15"
    assert xmp["Xmp.dc.description"] == {'lang="x-default"': item["caption"]}
    assert xmp["Xmp.photoshop.Credit"] == item["credit"]  # whole in XMP
    assert xmp["Xmp.dc.creator"] == ["José Hernández Peña"]
    assert xmp["Xmp.dc.subject"] == ["becas", "educación", "Iztacalco"]
    assert xmp["Xmp.photoshop.City"] == "Ciudad de México"
    assert xmp["Xmp.iptc.Location"] == "Parque Ñ"
    assert xmp["Xmp.iptcExt.Event"] == {'lang="x-default"': "Entrega de becas"}
    assert xmp["Xmp.dc.title"] == {'lang="x-default"': "Entrega de becas"}
    assert xmp["Xmp.photoshop.DateCreated"] == "2026-01-15"
    assert exif["Exif.Image.Make"] == "Cobertura"  # the EXIF segment is kept in front
    assert Image.open(io.BytesIO(data)).size == (64, 48)  # still a valid picture


def test_long_captions_are_cut_on_a_character_boundary(tmp_path: Path) -> None:
    caption = "Ñandú 🐦 " * 400  # 4,400 bytes: over IIM's 2,000
    fields = photo_fields({"caption": caption}, "Evento", None, "")
    data, shortened = embed_captions(
        _jpeg(), fields.iim_values(), fields.xmp_props(), CAPTION_PROPERTY
    )
    assert "caption" in shortened
    image = pyexiv2.Image(str(_write(tmp_path, data)))
    try:
        iim = image.read_iptc(encoding="utf-8")["Iptc.Application2.Caption"]
        xmp = image.read_xmp()["Xmp.dc.description"]['lang="x-default"']
    finally:
        image.close()
    assert len(iim.encode("utf-8")) <= 2000 and caption.startswith(iim)
    assert "\ufffd" not in iim
    assert xmp == caption.strip()


def test_a_caption_too_big_for_one_xmp_segment_is_shortened() -> None:
    caption = "🎉" * 20000  # 80 KB of emoji
    fields = photo_fields({"caption": caption}, "Evento", None, "")
    data, shortened = embed_captions(
        _jpeg(), fields.iim_values(), fields.xmp_props(), CAPTION_PROPERTY
    )
    assert "xmp_caption" in shortened
    packet = embedded_xmp(data)
    assert packet is not None and len(packet) <= MAX_XMP
    assert Image.open(io.BytesIO(data)).size == (64, 48)


def test_metadata_segments_are_replaced_not_doubled() -> None:
    once, _ = embed_captions(_jpeg(), {"caption": "uno"}, {}, CAPTION_PROPERTY)
    twice = insert_metadata(once, [app13_segment(iim_block({"caption": "dos"})[0])])
    markers = [twice[s + 1] for s, _ in segments(twice)]
    assert markers.count(0xED) == 1
    assert b"dos" in twice and b"uno" not in twice
    assert embedded_xmp(twice) is None  # the XMP of the first pass went with it
