"""The bulletin package as a whole (``media.export_run.export_package``): names, captions
files, contact sheet, zip, bad input, never overwriting, cancelling and failed writes."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from media import export_run
from media.export_captions import CaptionRow, captions_csv
from media.export_files import TMP_PREFIX, slug
from media.export_run import ExportError, ExportEvent, export_package
from media.models import CancelToken, ProblemType

EVENT = ExportEvent("Entrega de becas 🎓", date(2026, 1, 15), "Parque Ñ")
PACKAGE = "20260115_entrega-de-becas"
CAPTION = "La alcaldesa entrega becas en la colonia Agrícola Oriental 🎉👍🏽 " + "y más " * 150


def _item(path: str, n: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"id{n}",
        "kind": "photo",
        "path": path,
        "capture_time_local": f"2026-01-15T10:{n:02d}:00",
        **fields,
    }


@pytest.fixture
def root(samples: Path, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """A folder of photos (real samples, a CMYK JPEG, a damaged file, a clip) and its items."""
    folder = tmp_path / "root"
    (folder / "FOTO").mkdir(parents=True)
    for name in (
        "canon_eos_7d.jpg",
        "canon_powershot_a85_orient8.jpg",
        "edge_jpeg_format_error.jpg",
    ):
        shutil.copy(samples / "photos/jpeg" / name, folder / "FOTO" / name)
    shutil.copy(samples / "photos/raw/canon_eos_r6_truncated.cr3", folder / "FOTO/r6.cr3")
    Image.new("CMYK", (800, 600), (0, 80, 255, 0)).save(folder / "FOTO/cmyk.jpg")
    (folder / "VIDEO").mkdir()
    (folder / "VIDEO/clip.mp4").write_bytes(b"\0" * 64)
    credit = "Foto: José Hernández Peña / Alcaldía Iztacalco"
    items = [
        _item("FOTO/canon_powershot_a85_orient8.jpg", 3, caption="Segunda", credit=credit),
        _item("FOTO/canon_eos_7d.jpg", 1, caption=CAPTION, credit=credit, keywords=["becas"]),
        _item("FOTO/edge_jpeg_format_error.jpg", 2, caption="rota"),
        _item("FOTO/cmyk.jpg", 4),
        _item("FOTO/r6.cr3", 5, caption="=alc saluda", creator="Ana"),
        {**_item("VIDEO/clip.mp4", 6), "kind": "video"},
    ]
    return folder, items


def test_package_holds_photos_captions_sheet_and_zip(
    root: tuple[Path, list], tmp_path: Path
) -> None:
    folder, items = root
    dest = tmp_path / "Boletines"
    seen: list[tuple[int, int]] = []
    result = export_package(
        items, str(folder), EVENT, str(dest), "boletin", make_zip=True, watermark=True,
        progress=lambda d, t: seen.append((d, t)),
    )  # fmt: skip
    package = dest / PACKAGE
    assert result.folder == str(package) and result.zip == str(dest / f"{PACKAGE}.zip")
    names = [f"{PACKAGE}_{n:02d}.jpg" for n in (1, 2, 3, 4)]
    assert sorted(os.listdir(package)) == sorted(
        [*names, "hoja_de_contactos.pdf", "pies_de_foto.csv", "pies_de_foto.txt"]
    )
    # In capture order, numbered without gaps; the damaged file is a problem, the clip a note.
    assert [p.source for p in result.photos] == [
        "FOTO/canon_eos_7d.jpg", "FOTO/canon_powershot_a85_orient8.jpg", "FOTO/cmyk.jpg",
        "FOTO/r6.cr3",
    ]  # fmt: skip
    assert [(p.type, p.path) for p in result.problems] == [
        (ProblemType.UNREADABLE, "FOTO/edge_jpeg_format_error.jpg")
    ]
    kinds = {(w.type, w.path) for w in result.warnings}
    assert (ProblemType.NOT_STILL, "VIDEO/clip.mp4") in kinds
    assert (ProblemType.NO_CAPTION, "FOTO/cmyk.jpg") in kinds
    assert (ProblemType.SMALL_PHOTO, "FOTO/r6.cr3") in kinds
    with Image.open(package / names[1]) as photo:
        assert photo.size == (2048, 1536) and photo.format == "JPEG"
    text = (package / "pies_de_foto.txt").read_text(encoding="utf-8")
    assert text.startswith("Entrega de becas 🎓 · 15 de enero de 2026 · Parque Ñ\n")
    assert f"{names[0]}\n{CAPTION.strip()}\nFoto: José Hernández Peña / Alcaldía Iztacalco" in text
    assert f"{names[2]}\n(sin pie de foto)" in text
    raw = (package / "pies_de_foto.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["archivo", "pie de foto", "crédito"]
    assert rows[1][:2] == [names[0], CAPTION.strip()]
    assert rows[4] == [names[3], "'=alc saluda", "Foto: Ana / Alcaldía Iztacalco"]
    pdf = (package / "hoja_de_contactos.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") == 1
    with zipfile.ZipFile(dest / f"{PACKAGE}.zip") as archive:
        assert sorted(archive.namelist()) == sorted(os.listdir(package))
        assert archive.read(names[0]) == (package / names[0]).read_bytes()
    assert [n for n in os.listdir(dest) if n.startswith(".")] == []
    assert seen[-1] == (seen[-1][1], seen[-1][1]) and seen == sorted(seen)


def test_an_existing_package_is_never_replaced(root: tuple[Path, list], tmp_path: Path) -> None:
    folder, items = root
    dest = tmp_path / "out"
    (dest / PACKAGE).mkdir(parents=True)
    (dest / PACKAGE / "mine.txt").write_text("keep")
    (dest / f"{PACKAGE}-2.zip").write_text("keep")
    result = export_package(items[:2], str(folder), EVENT, str(dest), "x", make_zip=True)
    assert result.folder == str(dest / f"{PACKAGE}-3") and result.zip == str(
        dest / f"{PACKAGE}-3.zip"
    )
    assert os.listdir(dest / PACKAGE) == ["mine.txt"]
    assert (dest / f"{PACKAGE}-2.zip").read_text() == "keep"
    with Image.open(Path(result.folder) / f"{PACKAGE}_02.jpg") as photo:
        assert photo.size == (1600, 900)  # the landscape one, cropped to 16:9
    with Image.open(Path(result.folder) / f"{PACKAGE}_01.jpg") as photo:
        assert photo.size == (600, 338)  # a 600x900 portrait: cropped, never enlarged


def test_cancel_leaves_no_package(root: tuple[Path, list], tmp_path: Path) -> None:
    folder, items = root
    cancel = CancelToken()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.cancel()

    dest = tmp_path / "out"
    result = export_package(
        items, str(folder), EVENT, str(dest), make_zip=True, progress=progress, cancel=cancel
    )
    assert result.cancelled and result.folder is None and result.zip is None
    assert result.problems[-1].type == ProblemType.CANCELLED
    assert os.listdir(dest) == []


def test_unwritable_destination_is_a_clear_error(root: tuple[Path, list], tmp_path: Path) -> None:
    folder, items = root
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(ExportError) as caught:
        export_package(items, str(folder), EVENT, str(blocker / "Boletines"))
    assert caught.value.type == ProblemType.WRITE_ERROR
    assert "no se puede escribir" in str(caught.value)


def test_disk_full_midway_leaves_nothing(
    root: tuple[Path, list], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, items = root
    real = export_run.write_new
    calls = []

    def failing(path: str, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(export_run, "write_new", failing)
    dest = tmp_path / "out"
    with pytest.raises(ExportError) as caught:
        export_package(items, str(folder), EVENT, str(dest))
    assert caught.value.type == ProblemType.DISK_FULL
    assert os.listdir(dest) == []


def test_nothing_to_export(root: tuple[Path, list], tmp_path: Path) -> None:
    folder, items = root
    with pytest.raises(ValueError, match="no hay fotos"):
        export_package([items[-1]], str(folder), EVENT, str(tmp_path / "out"))
    with pytest.raises(ValueError, match="calidad"):
        export_package(items, str(folder), EVENT, str(tmp_path / "out"), quality=0)
    result = export_package([items[2]], str(folder), EVENT, str(tmp_path / "out"))
    assert result.folder is None and result.problems and os.listdir(tmp_path / "out") == []


def test_stale_temporaries_are_swept(root: tuple[Path, list], tmp_path: Path) -> None:
    folder, items = root
    dest = tmp_path / "out"
    stale = dest / f"{TMP_PREFIX}dead"
    stale.mkdir(parents=True)
    fresh = dest / f"{TMP_PREFIX}running"
    fresh.mkdir()
    os.utime(stale, (1_000_000, 1_000_000))
    export_package(items[:1], str(folder), EVENT, str(dest))
    assert not stale.exists() and fresh.exists()


def test_names_and_csv_cells() -> None:
    assert slug("Entrega de becas (demostración) 🎓") == "entrega-de-becas-demostracion"
    assert slug("🎉🎉") == "evento"
    assert len(slug("palabra " * 30)) <= 60
    data = captions_csv([CaptionRow("a.jpg", "+52 55 1234", "@prensa")])
    assert data.decode("utf-8-sig").splitlines()[1] == "a.jpg,'+52 55 1234,'@prensa"
