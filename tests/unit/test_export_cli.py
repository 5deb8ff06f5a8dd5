"""``python main.py export`` on the demo library: which photos, JSON, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image

import main
from media.culling import set_rating
from media.demo import build_demo_library
from media.edits import record_edits
from media.export_event import choose_items, event_for_folder, items_of_event
from media.library import event_folders

pyexiv2 = pytest.importorskip("pyexiv2")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo library, built once for the module (each test copies it)."""
    library = tmp_path_factory.mktemp("demo") / "biblioteca"
    build_demo_library(str(library))
    return library


@pytest.fixture
def demo(demo_template: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    import shutil

    shutil.copytree(demo_template, library)
    monkeypatch.setenv("COBERTURA_WRITER", "lupita@prensa")
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    return library, folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_picks_with_json(demo: tuple[Path, str], tmp_path: Path, capsys) -> None:
    library, folder = demo
    event, items = items_of_event(str(library), os.path.relpath(folder, library))
    photos = [i for i in items if i["kind"] == "photo"]
    set_rating(str(library), photos[1]["id"], pick=True)
    set_rating(str(library), photos[3]["id"], pick=True)
    record_edits(folder, "lupita@prensa", photos[1]["id"], {"caption": "Becas 🎓 en Iztacalco"})
    code, out, err = run(
        capsys, "export", photos[0]["event"], "--to", str(tmp_path / "out"), "--json", "--zip"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["event"] == {"title": "Entrega de becas (demostración)", "day": "2010-03-01"}
    assert Path(data["folder"]).name == "20100301_entrega-de-becas-demostracion"
    assert [p["item_id"] for p in data["photos"]] == [photos[1]["id"], photos[3]["id"]]
    assert data["zip"].endswith(".zip") and data["problems"] == []
    assert [w["type"] for w in data["warnings"]] == ["no_caption"]
    assert "fotos sin pie de foto (1):" in err
    first = Path(data["folder"]) / data["photos"][0]["name"]
    image = pyexiv2.Image(str(first))
    try:
        assert image.read_iptc(encoding="utf-8")["Iptc.Application2.Caption"] == (
            "Becas 🎓 en Iztacalco"
        )
    finally:
        image.close()
    with Image.open(first) as photo:
        assert max(photo.size) == 2048


def test_items_and_presets(demo: tuple[Path, str], tmp_path: Path, capsys) -> None:
    library, folder = demo
    rel = os.path.relpath(folder, library)
    _, items = items_of_event(str(library), rel)
    photo = next(i for i in items if i["kind"] == "photo")
    code, out, err = run(
        capsys, "export", rel, "--to", str(tmp_path / "o"), "--items", photo["path"], "nada",
        "--preset", "instagram", "--quality", "70", "--watermark", "--json",
    )  # fmt: skip
    assert code == 1  # one ref matched nothing: exported, and said so
    assert "No es de este evento: nada" in err
    data = json.loads(out)
    assert len(data["photos"]) == 1 and data["preset"] == "instagram"
    with Image.open(Path(data["folder"]) / data["photos"][0]["name"]) as img:
        assert img.size == (1080, 1350)


def test_suggested_when_nothing_is_picked(demo: tuple[Path, str], tmp_path: Path, capsys) -> None:
    library, folder = demo
    rel = os.path.relpath(folder, library)
    _, items = items_of_event(str(library), rel)
    photos = [i for i in items if i["kind"] == "photo"]
    record_edits(folder, "otra@pc", photos[2]["id"], {"suggested": True})
    _, items = items_of_event(str(library), rel)
    assert choose_items(items)[1] == "Ninguna foto elegida: se usan las sugeridas (1)."
    code, out, err = run(capsys, "export", rel, "--to", str(tmp_path / "o"), "--json")
    assert code == 0 and "sugeridas" in err
    assert [p["item_id"] for p in json.loads(out)["photos"]] == [photos[2]["id"]]


def test_cannot_run(demo: tuple[Path, str], tmp_path: Path, capsys) -> None:
    library, folder = demo
    rel = os.path.relpath(folder, library)
    assert run(capsys, "export", "no-existe", "--to", str(tmp_path))[0] == 2
    blocker = tmp_path / "archivo"
    blocker.write_text("x")
    _, items = items_of_event(str(library), rel)
    pick = next(i for i in items if i["kind"] == "photo")
    set_rating(str(library), pick["id"], pick=True)
    code, _, err = run(capsys, "export", rel, "--to", str(blocker / "sub"))
    assert code == 2 and "No se pudo exportar: no se puede escribir" in err
    assert run(capsys, "export", rel, "--to", str(tmp_path), "--quality", "100")[0] == 2
    video_folder = next(f for f in event_folders(str(library)) if "Recorrido" in f)
    code, _, err = run(capsys, "export", os.path.relpath(video_folder, library), "--to",
                       str(tmp_path), "--items", *[i["id"] for i in items_of_event(
                           str(library), os.path.relpath(video_folder, library))[1]])  # fmt: skip
    assert code == 2 and "solo se exportan fotos" in err


def test_event_for_folder_reads_the_agenda_or_the_name(demo: tuple[Path, str], tmp_path) -> None:
    library, folder = demo
    event = event_for_folder(str(library), folder)
    assert event.title == "Entrega de becas (demostración)"
    assert event.place == "Explanada de la Alcaldía" and str(event.day) == "2010-03-01"
    loose = tmp_path / "2026" / "2026-01-15 Sin evento"
    loose.mkdir(parents=True)
    bare = event_for_folder(str(tmp_path), str(loose))
    assert (bare.title, str(bare.day)) == ("Sin evento", "2026-01-15")


def test_suggestions_are_made_when_there_are_none(demo: tuple[Path, str], tmp_path, capsys) -> None:
    library, folder = demo
    code, out, err = run(
        capsys, "export", os.path.relpath(folder, library), "--to", str(tmp_path), "--json"
    )
    assert code == 0 and "calculando sugerencias" in err
    assert json.loads(out)["photos"]  # the best of the burst, as `pick` would suggest
