"""Append-only: nothing on the share is replaced; conflicts keep both files and are listed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sync_support import EVENT, library_copy, new_share, run_push, share_files

from media.catalog import read_items
from media.edits import journal_path, merged_edits, record_edits
from sync.shared_view import open_event

CONFLICT = re.compile(r"\.conflict-\d{8}-\d{6}-ana@laptop\.JPG$")


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


@pytest.fixture
def lib(tmp_path: Path, factory: Path) -> Path:
    return library_copy(tmp_path, factory)


def _first_photo(lib: Path) -> dict:
    return sorted(read_items(str(lib / EVENT)), key=lambda i: i["folder_path"])[0]


def test_a_different_file_with_the_name_is_kept_beside_it(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    item = _first_photo(lib)
    theirs = share / EVENT / item["folder_path"]
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"someone else's photo with the same name")
    report = run_push(lib, share)
    assert report.complete and len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.path == item["folder_path"] and CONFLICT.search(conflict.kept_as)
    assert conflict.hash == item["hash"] and not conflict.own_version
    # both kept: theirs untouched, ours under the conflict name, verified
    assert theirs.read_bytes() == b"someone else's photo with the same name"
    assert share_files(share)[f"{EVENT}/{conflict.kept_as}"] == item["hash"]
    outcome = next(o for o in report.outcomes if o.status == "conflict")
    assert outcome.problems[0].type.value == "conflict" and not outcome.problems[0].fails
    # listed on the share, and the snapshot points at the copy that is really ours
    view = open_event(str(share), EVENT)
    assert [(c.path, c.kept_as) for c in view.conflicts] == [(conflict.path, conflict.kept_as)]
    mine = next(i for i in view.items if i["id"] == item["id"])
    assert mine["folder_path"] == conflict.kept_as and mine["conflict_copy"] is True
    # a second run finds its copy and makes no other
    before = share_files(share)
    again = run_push(lib, share, full=True)
    assert again.complete and not again.conflicts and again.count("copied") == 0
    assert share_files(share) == before


def test_conflict_note_missed_by_a_killed_run_is_added_once(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    item = _first_photo(lib)
    theirs = share / EVENT / item["folder_path"]
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"x")
    report = run_push(lib, share)
    notes = list((share / EVENT / ".cobertura/conflicts/ana@laptop").iterdir())
    assert len(notes) == 1
    notes[0].unlink()  # as if the run died between the copy and its note
    import shutil

    shutil.rmtree(lib / ".cobertura" / "sync")
    again = run_push(lib, share)
    assert again.complete and not again.conflicts
    notes = list((share / EVENT / ".cobertura/conflicts/ana@laptop").iterdir())
    assert len(notes) == 1
    assert json.loads(notes[0].read_text())["kept_as"] == report.conflicts[0].kept_as


def test_journals_grow_by_appending_only_new_bytes(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    event = lib / EVENT
    item = _first_photo(lib)
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 2})
    assert run_push(lib, share).complete
    on_share = share / EVENT / ".cobertura/edits/ana@laptop.jsonl"
    inode = on_share.stat().st_ino
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 5, "caption": "Entrega"})
    report = run_push(lib, share)
    assert report.complete and report.count("appended") == 1
    appended = next(o for o in report.outcomes if o.status == "appended")
    local = Path(journal_path(str(event), "ana@laptop")).read_bytes()
    assert on_share.read_bytes() == local and on_share.stat().st_ino == inode
    assert appended.size == len(local) - len(local.splitlines(keepends=True)[0])
    assert merged_edits(str(share / EVENT)).values[item["id"]]["stars"] == 5


def test_a_truncated_journal_on_the_share_is_completed(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    event = lib / EVENT
    item = _first_photo(lib)
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 2, "caption": "x" * 300})
    assert run_push(lib, share).complete
    on_share = share / EVENT / ".cobertura/edits/ana@laptop.jsonl"
    data = on_share.read_bytes()
    on_share.write_bytes(data[: len(data) // 2])  # a copy cut short (share vanished mid-append)
    view = open_event(str(share), EVENT)
    assert view.problems and view.problems[0].type.value == "malformed"  # the torn line
    import shutil

    shutil.rmtree(lib / ".cobertura" / "sync")  # the record would not know of the cut
    report = run_push(lib, share)
    assert report.complete and report.count("appended") == 1 and not report.conflicts
    assert on_share.read_bytes() == data
    assert not open_event(str(share), EVENT).problems


def test_a_diverged_journal_is_kept_as_a_conflict_and_still_merged(
    lib: Path, tmp_path: Path
) -> None:
    share = new_share(tmp_path)
    event = lib / EVENT
    item = _first_photo(lib)
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 1})
    assert run_push(lib, share).complete
    on_share = share / EVENT / ".cobertura/edits/ana@laptop.jsonl"
    garbage = (
        b'{"v": 1, "item": "zz", "field": "stars", "value": 3, "at": "2020", '
        b'"writer": "ana@laptop"}\n'
    )
    on_share.write_bytes(garbage)  # someone else's machine wrote under this writer id
    record_edits(str(event), "ana@laptop", item["id"], {"pick": True})
    report = run_push(lib, share)
    assert report.complete and len(report.conflicts) == 1
    kept = report.conflicts[0].kept_as
    assert re.search(r"edits/ana@laptop\.conflict-\d{8}-\d{6}-ana@laptop\.jsonl$", kept)
    assert on_share.read_bytes() == garbage  # never overwritten
    merged = merged_edits(str(share / EVENT))
    assert merged.values[item["id"]]["pick"] is True and merged.values["zz"]["stars"] == 3
    # more edits later are appended to that same conflict copy, not to a new one
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 4})
    again = run_push(lib, share)
    assert again.complete and not again.conflicts and again.count("appended") == 1
    assert merged_edits(str(share / EVENT)).values[item["id"]]["stars"] == 4


def test_a_changed_export_keeps_every_version(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    export = lib / EVENT / "BOLETIN" / "boletin.txt"
    export.parent.mkdir()
    export.write_text("versión 1", encoding="utf-8")
    assert run_push(lib, share).complete
    export.write_text("versión 2, corregida", encoding="utf-8")
    report = run_push(lib, share)
    assert len(report.conflicts) == 1 and report.conflicts[0].own_version
    assert (share / EVENT / "BOLETIN" / "boletin.txt").read_text(encoding="utf-8") == "versión 1"
    kept = share / EVENT / report.conflicts[0].kept_as
    assert kept.read_text(encoding="utf-8") == "versión 2, corregida"
