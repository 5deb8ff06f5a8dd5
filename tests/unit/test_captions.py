"""Caption templates, code replacements, the default credit, XMP sidecars and the
``caption`` / ``rate`` commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from media.captions import (
    compose_caption,
    default_credit,
    expand_codes,
    fill_template,
    load_codes,
    spanish_long_date,
    template_values,
)
from media.catalog import read_items
from media.demo import build_demo_library
from media.edits import merged_edits
from media.library import event_folders
from media.xmp import XmpError, write_sidecar

ROOT = Path(__file__).resolve().parents[2]
CODES = {"=alc": "Nombre Apellido, alcaldesa de Iztacalco", "=dir": "el director de Obras"}
VALUES = template_values(
    title="Inauguración del tianguis 🎉",
    place="Parque de la Ñora",
    day=date(2026, 1, 15),
    photographer="José Peña",
    area="Desarrollo Económico",
)


def test_spanish_long_date() -> None:
    assert spanish_long_date(date(2026, 1, 15)) == "15 de enero de 2026"
    assert spanish_long_date(date(2025, 9, 1)) == "1 de septiembre de 2025"


def test_fill_template_with_accents_enye_and_emoji() -> None:
    text = "{evento}, {lugar}, {fecha}. Foto: {fotógrafo} ({área}) {{x}}"
    assert fill_template(text, VALUES) == (
        "Inauguración del tianguis 🎉, Parque de la Ñora, 15 de enero de 2026. "
        "Foto: José Peña (Desarrollo Económico) {x}"
    )
    assert fill_template("{fotografo}/{area}", VALUES) == "José Peña/Desarrollo Económico"
    nfd = "{fotógrafo}".replace("ó", "o\u0301")  # typed on a Mac
    assert fill_template(nfd, VALUES) == "José Peña"


def test_unknown_variable_or_brace_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match=r"variable desconocida.*\{lugarr\}.*\{evento\}"):
        fill_template("{lugarr}", VALUES)
    with pytest.raises(ValueError, match="llave sin pareja"):
        fill_template("{evento", VALUES)


def test_codes_expand_only_whole_tokens() -> None:
    assert expand_codes("=alc saluda; =dir, y =alc.", CODES) == (
        "Nombre Apellido, alcaldesa de Iztacalco saluda; el director de Obras, "
        "y Nombre Apellido, alcaldesa de Iztacalco."
    )
    assert expand_codes("=alcalde x=alc =alc=dir ñ=alc", CODES) == "=alcalde x=alc =alc=dir ñ=alc"
    assert expand_codes("(=alc) 🎉=alc", CODES).startswith("(Nombre Apellido")
    assert expand_codes("sin códigos", {}) == "sin códigos"


def test_compose_fills_then_expands() -> None:
    assert compose_caption("=alc en {lugar}", CODES, VALUES) == (
        "Nombre Apellido, alcaldesa de Iztacalco en Parque de la Ñora"
    )
    assert (
        compose_caption("{lugar} =alc", CODES) == "{lugar} Nombre Apellido, alcaldesa de Iztacalco"
    )


def test_load_codes(tmp_path: Path) -> None:
    assert load_codes(str(tmp_path)) == {}
    (tmp_path / ".cobertura").mkdir()
    path = tmp_path / ".cobertura" / "codes.json"
    path.write_text(json.dumps(CODES, ensure_ascii=False), encoding="utf-8")
    assert load_codes(str(tmp_path)) == CODES
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="objeto JSON"):
        load_codes(str(tmp_path))
    path.write_text("{roto", encoding="utf-8")
    with pytest.raises(ValueError, match="no se puede leer"):
        load_codes(str(tmp_path))


def test_default_credit() -> None:
    assert default_credit("María Núñez", "ana@pc") == "Foto: María Núñez / Alcaldía Iztacalco"
    assert default_credit("  ", "ana@pc-prensa") == "Foto: ana / Alcaldía Iztacalco"


# --- XMP sidecars -----------------------------------------------------------------

EXISTING = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmp:Rating="2" aux:SerialNumber="12345" tiff:Make="NIKON">
   <xmp:CreatorTool>Cámara</xmp:CreatorTool>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""


def test_sidecar_keeps_foreign_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.xmp"
    path.write_text(EXISTING, encoding="utf-8")
    write_sidecar(str(path), {"stars": 4, "caption": "Hola & <adiós> 😀"})
    text = path.read_text(encoding="utf-8")
    assert 'aux:SerialNumber="12345"' in text and 'tiff:Make="NIKON"' in text
    assert "<xmp:CreatorTool>Cámara</xmp:CreatorTool>" in text
    assert 'xmp:Rating="2"' not in text and "<xmp:Rating>4</xmp:Rating>" in text
    assert "Hola &amp; &lt;adiós&gt; 😀" in text
    write_sidecar(str(path), {"caption": ""})  # an emptied field goes away
    assert "dc:description" not in path.read_text(encoding="utf-8")


def test_broken_sidecar_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "b.xmp"
    path.write_text("<x:xmpmeta>roto", encoding="utf-8")
    with pytest.raises(XmpError):
        write_sidecar(str(path), {"stars": 1})
    assert path.read_text(encoding="utf-8") == "<x:xmpmeta>roto"


# --- the commands on a demo library ---------------------------------------------------


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.fixture
def demo(library: Path) -> tuple[Path, str, dict, dict[str, str]]:
    """A demo library with codes, its first event folder and photo, and the CLI environment."""
    build_demo_library(str(library))
    (library / ".cobertura" / "codes.json").write_text(
        json.dumps(CODES, ensure_ascii=False), encoding="utf-8"
    )
    folder = next(f for f in event_folders(str(library)) if "becas" in f)
    photo = next(i for i in read_items(folder) if i["kind"] == "photo")
    env = {k: os.environ[k] for k in ("COBERTURA_LIBRARY", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    env["COBERTURA_WRITER"] = "lupita@prensa"
    return library, folder, photo, env


def _sidecar(folder: str, item: dict) -> Path:
    return Path(folder) / (os.path.splitext(item["folder_path"])[0] + ".xmp")


def test_caption_and_rate_commands(demo: tuple[Path, str, dict, dict[str, str]]) -> None:
    library, folder, photo, env = demo
    long_tail = " Ñandú 🐦" * 400  # a very long caption
    done = run_cli(
        "caption",
        photo["path"],
        "--template",
        "{evento}: =alc en {lugar}, {fecha}." + long_tail,
        "--json",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ok"] and out["id"] == photo["id"]
    values = merged_edits(folder).values[photo["id"]]
    expected = (
        "Entrega de becas (demostración): Nombre Apellido, alcaldesa de Iztacalco en "
        "Explanada de la Alcaldía, 1 de marzo de 2010." + long_tail
    )
    assert values["caption"] == expected
    assert values["credit"] == "Foto: lupita / Alcaldía Iztacalco"

    done = run_cli("rate", photo["id"], "--stars", "4", env=env)
    assert done.returncode == 0, done.stderr
    assert merged_edits(folder).values[photo["id"]]["stars"] == 4
    text = _sidecar(folder, photo).read_text(encoding="utf-8")
    assert "<xmp:Rating>4</xmp:Rating>" in text and "🐦" in text

    done = run_cli("rate", photo["id"], "--reject", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert merged_edits(folder).values[photo["id"]]["reject"] is True
    assert "<xmp:Rating>-1</xmp:Rating>" in _sidecar(folder, photo).read_text(encoding="utf-8")

    done = run_cli("caption", photo["id"], "--credit", "Foto: =dir", "--text", "x", env=env)
    assert done.returncode == 0, done.stderr
    assert merged_edits(folder).values[photo["id"]]["credit"] == "Foto: el director de Obras"


def test_unknown_items_and_bad_template(demo: tuple[Path, str, dict, dict[str, str]]) -> None:
    library, folder, photo, env = demo
    done = run_cli("rate", "no-existe", "--pick", env=env)
    assert done.returncode == 2 and "No se encontró en la biblioteca: no-existe" in done.stderr
    done = run_cli("rate", "no-existe", photo["id"], "--pick", "--json", env=env)
    assert done.returncode == 1
    assert merged_edits(folder).values[photo["id"]]["pick"] is True
    done = run_cli("caption", photo["id"], "--template", "{lugarr}", env=env)
    assert done.returncode == 2 and "variable desconocida" in done.stderr
    assert "caption" not in merged_edits(folder).values[photo["id"]]
    done = run_cli("rate", photo["id"], "--stars", "9", env=env)
    assert done.returncode == 2


def test_sidecar_read_back_with_pyexiv2(
    demo: tuple[Path, str, dict, dict[str, str]], tmp_path: Path
) -> None:
    pyexiv2 = pytest.importorskip("pyexiv2", reason="pyexiv2 is not installed")
    pyexiv2.set_log_level(4)
    library, folder, photo, env = demo
    from media.edits import record_edits

    record_edits(
        folder,
        "lupita@prensa",
        photo["id"],
        {"creator": ["José Peña"], "keywords": ["becas", "niñez"], "label": "verde"},
    )
    caption = "Entrega de becas 🎓 en Iztacalco & <más>" + " ñ" * 3000
    done = run_cli("caption", photo["id"], "--text", caption, env=env)
    assert done.returncode == 0, done.stderr
    done = run_cli("rate", photo["id"], "--stars", "5", env=env)
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "copia.jpg"
    shutil.copy(Path(folder) / photo["folder_path"], copy)
    img = pyexiv2.Image(str(copy))
    img.modify_raw_xmp(_sidecar(folder, photo).read_text(encoding="utf-8"))
    img.close()
    img = pyexiv2.Image(str(copy))
    xmp = img.read_xmp()
    img.close()
    assert xmp["Xmp.xmp.Rating"] == "5"
    assert xmp["Xmp.xmp.Label"] == "verde"
    assert xmp["Xmp.dc.description"] == {'lang="x-default"': caption}
    assert xmp["Xmp.dc.creator"] == ["José Peña"]
    assert xmp["Xmp.dc.subject"] == ["becas", "niñez"]
    assert xmp["Xmp.photoshop.Credit"] == "Foto: lupita / Alcaldía Iztacalco"
    assert xmp["Xmp.iptc.Location"] == "Explanada de la Alcaldía"
    assert xmp["Xmp.iptcExt.Event"] == {'lang="x-default"': "Entrega de becas (demostración)"}


def test_sidecar_names_for_raw_and_jpeg_pairs(tmp_path: Path) -> None:
    from media.annotate import Found, xmp_target
    from media.catalog import upsert_items
    from media.xmp import sidecar_path

    assert sidecar_path("/e/FOTO/a.JPG") == "/e/FOTO/a.xmp"
    assert sidecar_path("/e/FOTO/a.JPG", shared_stem=True) == "/e/FOTO/a.JPG.xmp"
    assert sidecar_path("/e/FOTO/a.NEF", shared_stem=True) == "/e/FOTO/a.xmp"
    folder = str(tmp_path / "evento")
    items = [
        {"id": "r", "folder_path": "FOTO/a.NEF", "hash": "1", "sidecars": []},
        {"id": "j", "folder_path": "FOTO/a.JPG", "hash": "2", "sidecars": []},
    ]
    upsert_items(folder, items)
    assert xmp_target(Found(folder, items[0])) == (os.path.join(folder, "FOTO/a.xmp"), False)
    assert xmp_target(Found(folder, items[1])) == (os.path.join(folder, "FOTO/a.JPG.xmp"), False)


def test_card_sidecar_is_protected_by_the_manifest(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    from media.ingest import IngestOptions, ingest
    from media.verify import verify_library

    card = tmp_path / "card" / "DCIM" / "100CANON"
    card.mkdir(parents=True)
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", card / "IMG_0001.JPG")
    (card / "IMG_0001.XMP").write_text(EXISTING, encoding="utf-8")
    ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    (folder,) = event_folders(str(library))
    (item,) = read_items(folder)
    side = Path(folder) / item["sidecars"][0]["folder_path"]
    env = {k: os.environ[k] for k in ("COBERTURA_LIBRARY", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    done = run_cli("caption", item["id"], "--text", "Hola", env=env)
    assert done.returncode == 1 and "lo protege el manifiesto" in done.stderr
    assert merged_edits(folder).values[item["id"]]["caption"] == "Hola"
    assert side.read_text(encoding="utf-8") == EXISTING
    assert verify_library(str(library)).ok
