"""``catalog`` and ``verify`` read a shared folder given as ``--library``, read-only; every
command that would write to a library refuses a share; edits go to the writer's own journal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sync_support import EVENT, library_copy, new_share, run_push, share_files

from cli.common import library_path
from main import main
from media.catalog import read_items
from media.edits import journal_path, record_edits
from sync.layout import MARKER_NAME
from sync.share import ShareError
from sync.share_verify import verify_share
from sync.shared_view import open_event, record_share_edits

CREW_A = {
    "photos/burst/nikon_d70s_burst_1.jpg": "DCIM/100NIKON/DSC_0001.JPG",
    "photos/burst/nikon_d70s_burst_2.jpg": "DCIM/100NIKON/DSC_0002.JPG",
}
CREW_B = {
    "photos/burst/nikon_d70s_burst_2.jpg": "DCIM/100NIKON/DSC_0002.JPG",  # the same photo
    "photos/burst/nikon_d70s_burst_3.jpg": "DCIM/100NIKON/DSC_0003.JPG",
}


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("share-templates")


@pytest.fixture
def share(tmp_path: Path, factory: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One share, two crews pushed to it, each with an edit of the photo both have."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COBERTURA_WRITER", "redaccion@oficina")
    monkeypatch.delenv("COBERTURA_LIBRARY", raising=False)
    shared = new_share(tmp_path)
    for name, crew, writer, changes in (
        ("a", CREW_A, "ana@laptop", {"pick": True, "caption": "Ana"}),
        ("b", CREW_B, "beto@pc", {"stars": 4}),
    ):
        lib = library_copy(tmp_path / name, factory, crew)
        both = next(i for i in read_items(str(lib / EVENT)) if i["original_name"] == "DSC_0002.JPG")
        record_edits(str(lib / EVENT), writer, both["id"], changes)
        assert run_push(lib, shared, writer).complete
    return shared


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse, or a command refusing the share
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines() if x.strip()], err


def test_catalog_of_a_share_is_the_merged_view_and_writes_nothing(share: Path, capsys) -> None:
    before = share_files(share)
    code, items, err = run(["catalog", "--library", str(share), "--json"], capsys)
    assert code == 0, err
    assert "solo lectura" in err
    assert len(items) == 3  # burst 1 and 3 from one crew each, burst 2 from both: one file
    assert all(item["path"].startswith(EVENT + "/") for item in items)
    assert all((share / item["path"]).is_file() for item in items)
    both = next(i for i in items if i["original_name"] == "DSC_0002.JPG")
    assert sorted(both["writers"]) == ["ana@laptop", "beto@pc"]
    assert both["pick"] is True and both["caption"] == "Ana" and both["stars"] == 4
    # the same fields as a library's catalog, plus who pushed the file
    assert {"id", "kind", "path", "size", "hash", "capture_time", "folder_path"} <= set(both)
    assert share_files(share) == before

    assert main(["catalog", "--library", str(share)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert len(text) == 3 and all(f"{EVENT}/FOTO/" in line for line in text)


def test_catalog_event_by_folder_name_or_agenda_id(share: Path, capsys) -> None:
    name = EVENT.split("/")[1]
    code, items, _ = run(["catalog", "--library", str(share), "--event", name, "--json"], capsys)
    assert code == 0 and len(items) == 3
    code, items, _ = run(["catalog", "--library", str(share), "--event", "nope", "--json"], capsys)
    assert code == 0 and items == []


def test_catalog_reports_an_unreadable_snapshot_and_lists_the_rest(share: Path, capsys) -> None:
    snapshots = share / EVENT / ".cobertura" / "writers" / "beto@pc"
    catalog = next(snapshots.glob("catalog.*.json"))
    catalog.write_bytes(b"{ torn")
    code, lines, err = run(["catalog", "--library", str(share), "--json"], capsys)
    assert code == 1
    problems = [x for x in lines if x.get("type") == "problem"]
    assert [p["problem"] for p in problems] == ["malformed"] and "PROBLEMA" in err
    assert problems[0]["path"].startswith(EVENT + "/.cobertura/writers/beto@pc/catalog.")
    assert len([x for x in lines if x.get("type") != "problem"]) == 2  # Ana's two photos


def test_a_share_without_usable_marker_cannot_be_read(share: Path, capsys) -> None:
    (share / MARKER_NAME).write_text('{"format": "cobertura-share", "id": "x", "layout": 99}')
    code, items, err = run(["catalog", "--library", str(share), "--json"], capsys)
    assert code == 2 and items == [] and "versión" in err


def test_verify_a_share_against_its_writers_manifests(share: Path, capsys) -> None:
    code, lines, err = run(["verify", "--library", str(share), "--json"], capsys)
    assert code == 0, err
    assert lines[0]["ok"] is True and lines[0]["checked"] == 3
    photo, *_rest, gone = sorted((share / EVENT / "FOTO").iterdir())
    photo.write_bytes(photo.read_bytes()[:-10] + b"0123456789")
    gone.unlink()
    report = verify_share(str(share))
    rel = f"{EVENT}/FOTO/{photo.name}"
    assert report.mismatched == [rel] and report.missing == [f"{EVENT}/FOTO/{gone.name}"]
    code, lines, err = run(["verify", "--library", str(share), "--json"], capsys)
    assert code == 1 and lines[0]["mismatched"] == [rel] and "NO COINCIDE" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ingest", "CARD"],
        ["rate", "x", "--pick"],
        ["caption", "x", "--text", "pie"],
        ["retag"],
        ["agenda", "import", "AGENDA"],
        ["clock", "list"],
    ],
)
def test_commands_that_write_a_library_refuse_a_share(
    share: Path, capsys, argv: list[str], tmp_path: Path
) -> None:
    card = tmp_path / "card"
    card.mkdir()
    agenda = tmp_path / "agenda.csv"
    agenda.write_text("titulo,inicio,fin\nEvento,2026-01-15 10:00,2026-01-15 11:00\n")
    argv = [{"CARD": str(card), "AGENDA": str(agenda)}.get(a, a) for a in argv]
    before = share_files(share)
    code, _lines, err = run([*argv, "--library", str(share)], capsys)
    assert code == 2
    assert "es la carpeta compartida, no una biblioteca" in err
    assert share_files(share) == before


def test_library_path_refuses_even_a_broken_marker(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / MARKER_NAME).write_text("garbage")

    class Args:
        library = str(folder)

    with pytest.raises(SystemExit):
        library_path(Args())  # type: ignore[arg-type]


def test_edits_on_the_share_go_to_the_writers_own_journal(share: Path) -> None:
    items = open_event(str(share), EVENT).items
    target = next(i for i in items if i["original_name"] == "DSC_0003.JPG")
    record_share_edits(str(share), EVENT, "redaccion@oficina", target["id"], {"caption": "Pie"})
    mine = Path(journal_path(str(share / EVENT), "redaccion@oficina"))
    assert mine.is_file() and json.loads(mine.read_text())["writer"] == "redaccion@oficina"
    again = next(i for i in open_event(str(share), EVENT).items if i["id"] == target["id"])
    assert again["caption"] == "Pie"
    with pytest.raises(ValueError):
        record_share_edits(str(share), EVENT, "redaccion@oficina", target["id"], {"stars": 9})


def test_edits_wait_for_the_marker_and_never_make_folders(share: Path) -> None:
    (share / MARKER_NAME).unlink()
    before = share_files(share)
    with pytest.raises(ShareError):
        record_share_edits(str(share), EVENT, "redaccion@oficina", "x", {"pick": True})
    assert share_files(share) == before
    gone = share.parent / "desmontada"
    with pytest.raises(ShareError):
        record_share_edits(str(gone), EVENT, "redaccion@oficina", "x", {"pick": True})
    assert not os.path.exists(gone)
