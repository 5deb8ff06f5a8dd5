"""IPTC-IIM inside the JPEG (APP13, 8BIM 0x0404) read at ingest: the reader's charsets and
damage cases, the real samples, and an ingest that keeps the card's caption and credit over
the template, with XMP winning over IIM, through to the exported package."""

from __future__ import annotations

import io
import json
import shutil
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import main
from media.catalog import read_items
from media.culling import set_rating
from media.demo import demo_agenda
from media.edits import merged_edits
from media.export_fields import CAPTION_PROPERTY, photo_fields
from media.ingest_captions import xmp_caption, xmp_fields
from media.iptc_iim import PHOTOSHOP, app13_segment, iim_block
from media.iptc_read import (
    HEAD_BYTES,
    embedded_iim,
    iim_datasets,
    photoshop_resources,
    read_iim,
    read_jpeg_head,
)
from media.jpeg_meta import embed_captions, insert_metadata
from media.library import event_folders

pyexiv2 = pytest.importorskip("pyexiv2")


def _dataset(record: int, number: int, data: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, number, len(data)) + data


def _segment(payload: bytes) -> bytes:
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def _resource(resource_id: int, data: bytes, pad: bool = True) -> bytes:
    tail = b"\x00" if pad and len(data) % 2 else b""
    return b"8BIM" + struct.pack(">HHI", resource_id, 0, len(data)) + data + tail


def _jpeg(size: tuple[int, int] = (16, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 160)).save(out, "JPEG")
    return out.getvalue()


def _with(segment: bytes, jpeg: bytes | None = None) -> bytes:
    return insert_metadata(jpeg or _jpeg(), [segment])


LATIN = b"".join(  # what Photo Mechanic and old Photoshop wrote: cp1252, no 1:90
    [
        _dataset(2, 0, b"\x00\x02"),
        _dataset(2, 80, "José Pérez".encode("cp1252")),
        _dataset(2, 120, "Niños en la “Feria” de la alcaldía".encode("cp1252")),
    ]
)
CAPTION = "Entrega de becas 🎓 en Iztacalco, Ñ"


# --- the reader --------------------------------------------------------------------------


def test_our_writer_round_trips_with_utf8_and_lists() -> None:
    block, _ = iim_block(
        {
            "caption": CAPTION,
            "credit": "Foto: Ana Ruiz / Alcaldía Iztacalco",
            "byline": ["Ana Ruiz", "Luis Gómez"],
            "keywords": ["becas", "educación"],
            "city": "Ciudad de México",
            "sublocation": "Explanada",
        }
    )
    fields = embedded_iim(_with(app13_segment(block + _dataset(2, 105, b"Titular"))))
    assert fields is not None and fields.damage == [] and fields.charset == "utf-8"
    assert fields.caption == CAPTION and fields.headline == "Titular"
    assert fields.credit == "Foto: Ana Ruiz"  # the writer shortened it to 32 bytes
    assert fields.bylines == ["Ana Ruiz", "Luis Gómez"]
    assert fields.keywords == ["becas", "educación"]
    assert (fields.city, fields.sublocation) == ("Ciudad de México", "Explanada")


def test_charsets_without_1_90() -> None:
    latin = read_iim(LATIN)
    assert latin.charset == "cp1252" and latin.bylines == ["José Pérez"]
    assert latin.caption == "Niños en la “Feria” de la alcaldía"
    utf8 = read_iim(_dataset(2, 120, "Pie válido en UTF-8".encode()))
    assert (utf8.charset, utf8.caption) == ("utf-8", "Pie válido en UTF-8")
    undefined = read_iim(_dataset(2, 120, b"caf\xe9 \x81"))  # 0x81: not a cp1252 character
    assert undefined.caption == "café \x81" and undefined.damage == []
    broken = read_iim(_dataset(1, 90, b"\x1b%G") + _dataset(2, 120, b"caf\xe9\r\nok"))
    assert broken.caption == "café\nok"  # declared UTF-8 that is not: read, not raised


def test_damaged_blocks_give_what_came_before() -> None:
    past_end = _dataset(2, 120, b"Pie bueno") + b"\x1c\x02\x6e\x10\x00corto"
    fields = read_iim(past_end)
    assert fields.caption == "Pie bueno" and fields.credit == ""
    assert "sigue más allá del final" in fields.damage[0]
    extended = b"\x1c\x02\xca\x80\x04" + struct.pack(">I", 6) + b"\xff\xd8xxxx"
    fields = read_iim(extended + _dataset(2, 120, b"tras la vista previa"))
    assert fields.caption == "tras la vista previa" and fields.damage == []
    bad_extended = _dataset(2, 80, b"Ana") + b"\x1c\x02\x78\x80\x09" + b"\x00" * 12
    fields = read_iim(bad_extended)
    assert fields.bylines == ["Ana"] and "longitud extendida" in fields.damage[0]
    assert read_iim(_dataset(2, 120, b"pie") + b"\x00\x00\x00").damage == []  # padding
    assert "bytes extraños" in read_iim(_dataset(2, 120, b"pie") + b"basura").damage[0]


def test_resources_with_odd_padding_or_cut_short() -> None:
    iim = _dataset(2, 120, b"Pie tras un recurso impar")
    for pad in (True, False):  # odd-sized resource with and without its pad byte
        payload = PHOTOSHOP + _resource(0x0409, b"abc", pad=pad) + _resource(0x0404, iim)
        fields = embedded_iim(_with(_segment(payload)))
        assert fields is not None and fields.caption == "Pie tras un recurso impar"
        assert fields.damage == []
    cut = PHOTOSHOP + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", 5000) + iim
    fields = embedded_iim(_with(_segment(cut)))
    assert fields is not None and fields.caption == "Pie tras un recurso impar"
    assert "cortado" in fields.damage[0]
    damage: list[str] = []
    assert photoshop_resources(b"8BIM\x04", damage) == {} and "media cabecera" in damage[0]
    assert embedded_iim(_with(_segment(PHOTOSHOP + _resource(0x0409, b"xy")))) is None
    assert embedded_iim(b"no es un JPEG") is None


def test_an_app13_cut_by_the_end_of_the_file() -> None:
    block = _dataset(2, 120, b"Pie antes del corte") + _dataset(2, 25, b"x" * 400)
    data = _with(app13_segment(block))
    at = data.index(b"Pie antes del corte") + 100
    fields = embedded_iim(data[:at])
    assert fields is not None and fields.caption == "Pie antes del corte"
    assert fields.keywords == [] and any("APP13" in d for d in fields.damage)


def test_the_head_grows_past_big_segments_and_stops_at_the_picture() -> None:
    big = [b"\xff\xe2" + struct.pack(">H", 60002) + b"\x00" * 60000 for _ in range(3)]
    iim, _ = iim_block({"caption": "Tras 180 KB de perfiles"})
    data = insert_metadata(_jpeg((1200, 900)), [*big, app13_segment(iim)])
    head = read_jpeg_head(io.BytesIO(data))
    assert HEAD_BYTES < len(head) < len(data)
    fields = embedded_iim(head)
    assert fields is not None and fields.caption == "Tras 180 KB de perfiles"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=400))
def test_garbage_never_raises(noise: bytes, cut: int) -> None:
    iim_datasets(noise, [])
    photoshop_resources(noise, [])
    read_iim(b"\x1c" + noise)
    data = _with(_segment(PHOTOSHOP + _resource(0x0404, b"\x1c\x02\x78" + noise)))
    embedded_iim(data[: len(data) - cut])
    read_jpeg_head(io.BytesIO(b"\xff\xd8\xff\xed" + noise))


def test_real_samples_read_as_exiv2_reads_them(samples: Path) -> None:
    canon = samples / "photos/jpeg/canon_eos_7d.jpg"  # latin-1, no 1:90 (exiftool agrees)
    with canon.open("rb") as fh:
        fields = embedded_iim(read_jpeg_head(fh))
    image = pyexiv2.Image(str(canon))
    try:
        exiv2 = image.read_iptc(encoding="cp1252")
    finally:
        image.close()
    assert fields is not None and fields.charset == "cp1252" and fields.damage == []
    assert fields.caption == exiv2["Iptc.Application2.Caption"] == "mit blauem Kleid"
    assert fields.bylines == exiv2["Iptc.Application2.Byline"] == ["Peter Bemmann"]
    assert fields.headline == exiv2["Iptc.Application2.Headline"] == "Titel - Kyra"
    assert fields.city == exiv2["Iptc.Application2.City"] == "Mainz"
    assert fields.sublocation == exiv2["Iptc.Application2.SubLocation"] == "Fotostudio HS"
    assert fields.credit == "" and fields.keywords == []
    for name in ("burst/nikon_d70s_burst_1.jpg", "jpeg/samsung_sm-g965w_12mp.jpg"):
        with (samples / "photos" / name).open("rb") as fh:
            empty = embedded_iim(read_jpeg_head(fh))  # empty datasets: nothing to keep
        assert empty is not None and empty.edit_fields() == {} and empty.damage == []


# --- at ingest, and through the export -----------------------------------------------------


@pytest.fixture
def card(samples: Path, tmp_path: Path) -> Path:
    """The demo event's burst: IIM from our writer, latin-1 IIM, XMP beside IIM, damaged IIM;
    and the real Canon photo that brings its own IIM caption."""
    folder = tmp_path / "TARJETA" / "DCIM" / "100NIKON"
    folder.mkdir(parents=True)
    for n in (1, 2, 3, 4):
        shutil.copy(samples / f"photos/burst/nikon_d70s_burst_{n}.jpg", folder)
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", folder)
    photo = folder / "nikon_d70s_burst_1.jpg"
    iim, _ = iim_block(
        {"caption": CAPTION, "credit": "Agencia Cuartoscuro", "byline": ["Ana Ruiz"],
         "keywords": ["becas", "educación"], "sublocation": "Explanada"}
    )  # fmt: skip
    photo.write_bytes(insert_metadata(photo.read_bytes(), [app13_segment(iim)]))
    photo = folder / "nikon_d70s_burst_2.jpg"
    photo.write_bytes(insert_metadata(photo.read_bytes(), [app13_segment(LATIN)]))
    photo = folder / "nikon_d70s_burst_3.jpg"
    fields = photo_fields({"caption": "Pie del XMP"}, "", None, "")
    data, _ = embed_captions(
        photo.read_bytes(),
        {"caption": "Pie del IIM", "credit": "Crédito del IIM"},
        fields.xmp_props(),
        CAPTION_PROPERTY,
    )
    photo.write_bytes(data)
    photo = folder / "nikon_d70s_burst_4.jpg"
    damaged = _dataset(2, 120, b"Pie con un bloque roto") + b"\x1c\x02\x6e\x40\x00Cr"
    photo.write_bytes(insert_metadata(photo.read_bytes(), [app13_segment(damaged)]))
    return tmp_path / "TARJETA"


def _journal(library: Path) -> dict[str, dict]:
    found = {}
    for folder in event_folders(str(library)):
        merged = merged_edits(folder)
        for item in read_items(folder):
            found[item["original_name"]] = merged.values.get(item["id"], {})
    return found


def test_ingest_keeps_iim_captions_and_credits(
    card: Path, library: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    demo_agenda(str(library))
    code = main.main(
        ["ingest", str(card), "--photographer", "Beto Luna", "--json",
         "--caption-template", "{evento}. {fecha}."]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    captions = next(line for line in lines if line["type"] == "captions")
    assert captions["captioned"] == [] and len(captions["kept"]) == 5
    assert len(captions["problems"]) == 1 and "burst_4" in captions["problems"][0]
    assert "IPTC-IIM está dañado" in err
    done = _journal(library)
    first = done["nikon_d70s_burst_1.jpg"]
    assert (first["caption"], first["credit"]) == (CAPTION, "Agencia Cuartoscuro")
    assert first["creator"] == ["Ana Ruiz"] and first["keywords"] == ["becas", "educación"]
    assert first["place"] == "Explanada"
    latin = done["nikon_d70s_burst_2.jpg"]
    assert latin["caption"] == "Niños en la “Feria” de la alcaldía"
    assert latin["credit"] == "Foto: José Pérez / Alcaldía Iztacalco"  # the card's by-line
    both = done["nikon_d70s_burst_3.jpg"]
    assert (both["caption"], both["credit"]) == ("Pie del XMP", "Crédito del IIM")
    damaged = done["nikon_d70s_burst_4.jpg"]
    assert damaged["caption"] == "Pie con un bloque roto"
    assert damaged["credit"] == "Foto: Beto Luna / Alcaldía Iztacalco"
    canon = done["canon_eos_7d.jpg"]
    assert (canon["caption"], canon["city"]) == ("mit blauem Kleid", "Mainz")
    assert canon["credit"] == "Foto: Peter Bemmann / Alcaldía Iztacalco"

    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    sidecar = next(Path(folder).glob("FOTO/*burst_1.xmp"))
    assert xmp_fields(sidecar.read_bytes())["credit"] == "Agencia Cuartoscuro"
    assert xmp_caption(sidecar.read_bytes()) == CAPTION
    items = {i["original_name"]: i for i in read_items(folder)}
    for name in ("nikon_d70s_burst_1.jpg", "nikon_d70s_burst_2.jpg"):
        set_rating(str(library), items[name]["id"], pick=True)
    event = items["nikon_d70s_burst_1.jpg"]["event"]
    assert main.main(["export", event, "--to", str(tmp_path / "out"), "--json"]) == 0
    package = json.loads(capsys.readouterr().out)
    exported = []
    for photo in package["photos"]:
        with open(Path(package["folder"]) / photo["name"], "rb") as fh:
            exported.append(embedded_iim(read_jpeg_head(fh)))
    assert [(f.caption, f.credit) for f in exported if f] == [
        (CAPTION, "Agencia Cuartoscuro"),
        ("Niños en la “Feria” de la alcaldía", "Foto: José Pérez"),  # shortened to 32 bytes
    ]
    assert exported[0] is not None and exported[0].bylines == ["Ana Ruiz"]


def test_without_a_template_the_card_captions_are_still_recorded(
    card: Path, library: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    demo_agenda(str(library))
    code = main.main(["ingest", str(card), "--photographer", "Beto Luna", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    captions = next(line for line in lines if line["type"] == "captions")
    assert captions["captioned"] == [] and len(captions["kept"]) == 5
    assert "traían pie de foto" in err
    done = _journal(library)
    first = done["nikon_d70s_burst_1.jpg"]
    assert (first["caption"], first["credit"]) == (CAPTION, "Agencia Cuartoscuro")
    assert "credit" not in done["nikon_d70s_burst_4.jpg"]  # no template: no default credit
    assert lines[-1]["type"] == "summary"
