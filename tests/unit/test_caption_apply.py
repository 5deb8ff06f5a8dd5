"""Captions for several items at once (the app's editor): per-item templates, codes, keywords,
the default credit, and a card's sidecar that stays as it is while the others are saved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from media.caption_apply import CaptionContext, item_changes, save_captions, split_keywords
from media.catalog import read_items
from media.culling import event_items
from media.demo import build_demo_library
from media.ingest import IngestOptions, ingest
from media.library import event_folders

CODES = {"=alc": "Ana Pérez, alcaldesa de Iztacalco"}


def test_item_changes_fill_expand_and_split() -> None:
    context = CaptionContext(codes=CODES, photographer="Lupita", credit="Foto: Lupita / AI")
    item = {"id": "a", "capture_time": "2026-01-15T10:00:00"}
    typed = {
        "caption": "  {fecha}: =alc, {fotógrafo}  ",
        "keywords": "becas, =alc,, ",
        "place": "x",
    }
    changes = item_changes(item, typed, context)
    assert changes == {
        "caption": "15 de enero de 2026: Ana Pérez, alcaldesa de Iztacalco, Lupita",
        "keywords": ["becas", CODES["=alc"]],
        "place": "x",
        "credit": "Foto: Lupita / AI",  # the item had none
    }
    assert "credit" not in item_changes({"credit": "Foto: Otro"}, {"caption": "x"}, context)
    with pytest.raises(ValueError, match="variable desconocida"):
        item_changes(item, {"caption": "{invitado}"}, context)
    assert split_keywords(" a ,b,, c ") == ["a", "b", "c"]


def test_save_captions_fills_each_item_from_its_own_event(library: Path, monkeypatch) -> None:
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    build_demo_library(str(library))
    (library / ".cobertura" / "codes.json").write_text(json.dumps(CODES), encoding="utf-8")
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    items = event_items(folder)
    results = save_captions(str(library), folder, items, {"caption": "{evento} · =alc"})
    assert [r.problem for r in results] == [""] * len(items)
    assert all(Path(r.sidecar).is_file() for r in results)
    saved = event_items(folder)
    assert {i["caption"] for i in saved} == {
        "Entrega de becas (demostración) · Ana Pérez, alcaldesa de Iztacalco"
    }
    assert {i["credit"] for i in saved} == {"Foto: lupita / Alcaldía Iztacalco"}


def test_a_card_sidecar_is_reported_and_the_rest_is_saved(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card = tmp_path / "card" / "DCIM" / "100CANON"
    card.mkdir(parents=True)
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", card / "IMG_0001.JPG")
    shutil.copy(samples / "photos/jpeg/htc_desire_gps.jpg", card / "IMG_0002.JPG")
    xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>\n'
    (card / "IMG_0001.XMP").write_text(xmp, encoding="utf-8")
    ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    folders = event_folders(str(library))
    by_name = {
        item["original_name"]: (folder, item) for folder in folders for item in read_items(folder)
    }
    for name, expect_problem in (("IMG_0001.JPG", True), ("IMG_0002.JPG", False)):
        folder, item = by_name[name]
        (result,) = save_captions(str(library), folder, [item], {"caption": "Hola"}, "w@pc")
        assert bool(result.problem) == expect_problem
        assert next(i for i in event_items(folder) if i["id"] == item["id"])["caption"] == "Hola"
    card_side = (
        Path(by_name["IMG_0001.JPG"][0]) / by_name["IMG_0001.JPG"][1]["sidecars"][0]["folder_path"]
    )
    assert card_side.read_text(encoding="utf-8") == xmp  # the card's XMP is never modified
