"""Per-writer edit journals and their merged view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from media.edits import journal_path, merged_edits, record_edits, with_edits


def test_latest_edit_wins_and_every_edit_is_kept(tmp_path: Path) -> None:
    folder = str(tmp_path / "2026-01-15 Evento")
    record_edits(folder, "ana@laptop", "item1", {"stars": 3})
    record_edits(folder, "luis@mesa", "item1", {"stars": 5, "caption": "La alcaldesa"})
    record_edits(folder, "ana@laptop", "item1", {"pick": True})
    merged = merged_edits(folder)
    assert merged.values["item1"] == {
        "stars": 5,
        "caption": "La alcaldesa",
        "pick": True,
        "reject": False,
    }
    assert len(merged.history["item1"]) == 5
    # each writer wrote only its own journal
    names = sorted(os.listdir(os.path.dirname(journal_path(folder, "x"))))
    assert names == ["ana@laptop.jsonl", "luis@mesa.jsonl"]
    assert with_edits({"id": "item1", "path": "a.jpg"}, merged)["stars"] == 5


def test_pick_and_reject_exclude_each_other(tmp_path: Path) -> None:
    folder = str(tmp_path / "ev")
    record_edits(folder, "w", "a", {"pick": True})
    record_edits(folder, "w", "a", {"reject": True})
    assert merged_edits(folder).values["a"]["pick"] is False
    assert merged_edits(folder).values["a"]["reject"] is True


def test_torn_malformed_and_newer_lines_are_skipped(tmp_path: Path) -> None:
    folder = str(tmp_path / "ev")
    record_edits(folder, "w", "a", {"stars": 2})
    path = journal_path(folder, "w")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"v": 1, "item": "a", "field": "stars", "val')  # torn by a crash
    record_edits(folder, "w", "a", {"stars": 4})  # still lands on its own line
    with open(journal_path(folder, "future"), "w", encoding="utf-8") as fh:
        fh.write('{"v": 99, "item": "a", "field": "stars", "value": 1, "at": "9999"}\n')
        fh.write("not json at all\n")
    merged = merged_edits(folder)
    assert merged.values["a"]["stars"] == 4
    assert merged.skipped_lines == 2
    assert merged.newer_journals == ["future.jsonl"]


def test_bad_values_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        record_edits(str(tmp_path), "w", "a", {"stars": 7})
    with pytest.raises(ValueError):
        record_edits(str(tmp_path), "w", "a", {"owner": "x"})
    with pytest.raises(ValueError):
        record_edits(str(tmp_path), "w", "a", {"label": "fucsia"})
    assert merged_edits(str(tmp_path)).values == {}


def test_writer_ids_become_safe_file_names(tmp_path: Path) -> None:
    record_edits(str(tmp_path / "ev"), "../../evil", "a", {"stars": 1})
    journal = Path(journal_path(str(tmp_path / "ev"), "../../evil"))
    assert journal.is_file() and journal.parent.name == "edits"
