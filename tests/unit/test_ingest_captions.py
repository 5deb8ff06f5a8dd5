"""The caption template at ingest: filled from the agenda into the writer's journal and the
sidecars, never over a caption the photo already has (journal, card XMP, embedded XMP)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import main
from media.captions import CREDIT_TEMPLATE
from media.catalog import read_items
from media.demo import demo_agenda
from media.edits import merged_edits
from media.export_fields import CAPTION_PROPERTY, photo_fields
from media.ingest_captions import caption_after_ingest, xmp_caption
from media.ingest_report import FileResult
from media.jpeg_meta import embed_captions
from media.library import event_folders
from media.settings import load_settings, save_settings

pyexiv2 = pytest.importorskip("pyexiv2")
CARD_XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>
 <rdf:li xml:lang="x-default">Pie escrito en la cámara, Ñ</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


@pytest.fixture
def card(samples: Path, tmp_path: Path) -> Path:
    """Four burst photos of the demo event: one with a card sidecar, one with embedded XMP."""
    folder = tmp_path / "TARJETA" / "DCIM" / "100NIKON"
    folder.mkdir(parents=True)
    for n in (1, 2, 3, 4):
        shutil.copy(samples / f"photos/burst/nikon_d70s_burst_{n}.jpg", folder)
    (folder / "nikon_d70s_burst_2.xmp").write_text(CARD_XMP, encoding="utf-8")
    photo = folder / "nikon_d70s_burst_3.jpg"
    fields = photo_fields({"caption": "Pie incrustado por Photo Mechanic"}, "", None, "")
    data, _ = embed_captions(photo.read_bytes(), {}, fields.xmp_props(), CAPTION_PROPERTY)
    photo.write_bytes(data)
    return tmp_path / "TARJETA"


def _captions(library: Path) -> dict[str, dict]:
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    merged = merged_edits(folder)
    return {i["original_name"]: merged.values.get(i["id"], {}) for i in read_items(folder)}


def test_ingest_caption_template(card: Path, library: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    demo_agenda(str(library))
    (library / ".cobertura" / "codes.json").write_text(
        json.dumps({"=alc": "la alcaldesa"}), encoding="utf-8"
    )
    code = main.main(
        ["ingest", str(card), "--photographer", "Ana Ruiz", "--json",
         "--caption-template", "{evento}, {lugar}. {fecha}. =alc"]
    )  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    lines = [json.loads(line) for line in out]
    assert lines[-1]["type"] == "summary"  # still the closing line
    captions = next(line for line in lines if line["type"] == "captions")
    assert len(captions["captioned"]) == 2 and len(captions["kept"]) == 2
    done = _captions(library)
    expected = (
        "Entrega de becas (demostración), Explanada de la Alcaldía. 1 de marzo de 2010. "
        "la alcaldesa"
    )
    assert done["nikon_d70s_burst_1.jpg"]["caption"] == expected
    assert done["nikon_d70s_burst_4.jpg"]["caption"] == expected
    assert done["nikon_d70s_burst_2.jpg"]["caption"] == "Pie escrito en la cámara, Ñ"
    assert done["nikon_d70s_burst_3.jpg"]["caption"] == "Pie incrustado por Photo Mechanic"
    credit = CREDIT_TEMPLATE.format(name="Ana Ruiz")
    assert {d["credit"] for d in done.values()} == {credit}
    folder = Path(next(f for f in event_folders(str(library)) if "becas" in f))
    sidecar = next(folder.glob("FOTO/*burst_1.xmp"))
    image = pyexiv2.ImageData(sidecar.read_bytes())
    try:
        assert image.read_xmp()["Xmp.dc.description"] == {'lang="x-default"': expected}
    finally:
        image.close()
    assert xmp_caption(sidecar.read_bytes()) == expected
    card_sidecar = next(folder.glob("FOTO/*burst_2.xmp"))
    assert "Pie escrito en la cámara" in card_sidecar.read_text(encoding="utf-8")  # untouched


def test_the_setting_applies_and_never_overwrites(card: Path, library: Path, monkeypatch) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    demo_agenda(str(library))
    assert main.main(["ingest", str(card), "--caption-template", ""]) == 0  # none this time
    assert all("caption" not in d for name, d in _captions(library).items() if "_1" in name)
    settings = load_settings()
    settings.caption_template = "{evento}"
    save_settings(settings)
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    results = [
        FileResult("x", "copied", path=i["path"], kind=i["kind"]) for i in read_items(folder)
    ]
    first = caption_after_ingest(str(library), results)
    assert first is not None and len(first.captioned) == 2
    again = caption_after_ingest(str(library), results, template="otro {lugar}")
    assert again is not None and again.captioned == [] and len(again.kept) == 4
    assert _captions(library)["nikon_d70s_burst_1.jpg"]["caption"] == (
        "Entrega de becas (demostración)"
    )
    bad = caption_after_ingest(str(library), results, template="{nada}")
    assert bad is not None and "variable desconocida" in bad.problems[0]
