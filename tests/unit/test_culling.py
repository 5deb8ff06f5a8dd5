"""Culling marks: saved at once in the writer's journal, read back merged over the catalog."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from media.catalog import read_items
from media.culling import (
    ItemNotFound,
    Rating,
    event_items,
    find_item,
    rating_changes,
    rating_of,
    set_rating,
)
from media.demo import build_demo_library
from media.edits import journal_path
from media.library import CATALOG_FILE, event_folders, state_dir


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library = tmp_path_factory.mktemp("demo") / "biblioteca"
    build_demo_library(str(library))
    return library


@pytest.fixture
def demo(demo_template: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(demo_template, library)
    monkeypatch.setenv("COBERTURA_WRITER", "ana@laptop")
    return library


def _burst(library: Path) -> tuple[str, list[dict]]:
    for folder in event_folders(str(library)):
        items = sorted(read_items(folder), key=lambda i: i["capture_time"])
        if len(items) == 4:
            return folder, items
    raise AssertionError("the demo burst event is missing")


def test_changes_keep_pick_and_reject_apart() -> None:
    assert rating_changes(pick=True) == {"pick": True, "reject": False}
    assert rating_changes(reject=True) == {"reject": True, "pick": False}
    assert rating_changes(pick=False) == {"pick": False}
    assert rating_changes(stars=0) == {"stars": 0}
    assert rating_changes() == {}
    for bad in ({"stars": 6}, {"stars": -1}, {"stars": True}, {"pick": True, "reject": True}):
        with pytest.raises(ValueError):
            rating_changes(**bad)


def test_rating_of_tolerates_missing_and_malformed_fields() -> None:
    assert rating_of({}) == Rating()
    assert rating_of({"pick": True, "reject": True, "stars": 9}) == Rating(pick=True)
    assert rating_of({"pick": "yes", "stars": True}) == Rating()
    assert rating_of({"reject": True, "stars": 3}) == Rating(reject=True, stars=3)


def test_marks_are_saved_in_the_writers_journal_not_the_catalog(demo: Path) -> None:
    folder, items = _burst(demo)
    catalog_file = Path(state_dir(folder)) / CATALOG_FILE
    before = catalog_file.read_bytes()
    first, second = items[0]["id"], items[1]["id"]
    assert set_rating(str(demo), first, pick=True) == {"pick": True, "reject": False}
    set_rating(str(demo), first, stars=4)
    set_rating(str(demo), second, reject=True)
    set_rating(str(demo), second, pick=True)  # a pick clears the reject
    assert catalog_file.read_bytes() == before
    assert os.path.isfile(journal_path(folder, "ana@laptop"))
    marks = {i["id"]: rating_of(i) for i in event_items(folder)}
    assert marks[first] == Rating(pick=True, stars=4)
    assert marks[second] == Rating(pick=True)
    assert marks[items[2]["id"]] == Rating()


def test_items_can_be_named_by_path(demo: Path) -> None:
    folder, items = _burst(demo)
    relative = items[2]["path"]
    set_rating(str(demo), relative, stars=2)
    set_rating(str(demo), str(demo / items[3]["path"]), reject=True)
    marks = {i["id"]: rating_of(i) for i in event_items(folder)}
    assert marks[items[2]["id"]].stars == 2
    assert marks[items[3]["id"]].reject is True
    assert find_item(str(demo), relative)[0] == folder


def test_unknown_items_and_empty_marks(demo: Path) -> None:
    folder, items = _burst(demo)
    with pytest.raises(ItemNotFound):
        set_rating(str(demo), "0000000000000000", pick=True)
    with pytest.raises(ItemNotFound):
        set_rating(str(demo), "2010/nothing/here.jpg", pick=True)
    assert set_rating(str(demo), items[0]["id"]) == {}
    assert not os.path.exists(journal_path(folder, "ana@laptop"))


def test_latest_mark_wins_across_writers(demo: Path) -> None:
    folder, items = _burst(demo)
    item = items[0]["id"]
    set_rating(str(demo), item, stars=1, writer="luis@mesa", folder=folder)
    set_rating(str(demo), item, stars=5, writer="ana@laptop", folder=folder)
    assert {i["id"]: rating_of(i) for i in event_items(folder)}[item].stars == 5
    names = sorted(os.listdir(os.path.dirname(journal_path(folder, "x"))))
    assert names == ["ana@laptop.jsonl", "luis@mesa.jsonl"]
