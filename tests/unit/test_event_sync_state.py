"""Sync state per event (pushed, changed, not pushed) from what pushes record in the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_support import EVENT, age, library_copy, new_share, run_push

from media.catalog import read_items
from media.edits import record_edits
from media.library import event_folders
from media.thumbnails import cached_thumbnail, thumbnail_path
from sync.event_state import EventSyncState, event_sync_states, share_id_for

PUSHED, CHANGED, NOT_PUSHED = (
    EventSyncState.PUSHED,
    EventSyncState.CHANGED,
    EventSyncState.NOT_PUSHED,
)


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-state-templates")


@pytest.fixture
def lib(tmp_path: Path, factory: Path) -> Path:
    return library_copy(tmp_path, factory)


def test_no_share_and_no_push_means_no_state(lib: Path) -> None:
    folders = event_folders(str(lib))
    assert event_sync_states(str(lib), folders) == {}
    assert share_id_for(str(lib), "/nonexistent/share") is None


def test_states_follow_pushes_and_changes(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    folders = event_folders(str(lib))
    event = str(lib / EVENT)
    assert event in folders and len(folders) == 3
    before = event_sync_states(str(lib), folders, share_folder=str(share))
    assert before == dict.fromkeys(folders, NOT_PUSHED)

    assert run_push(lib, share).complete
    assert event_sync_states(str(lib), folders) == dict.fromkeys(folders, PUSHED)

    # Looking at an event (its thumbnail cache fills up) is not a change to push.
    item = read_items(event)[0]
    assert cached_thumbnail(event, item) is not None
    assert Path(thumbnail_path(event, item["id"])).is_file()
    assert event_sync_states(str(lib), folders)[event] == PUSHED

    # A caption is: the event waits for the next push, the others stay pushed.
    record_edits(event, "ana@laptop", item["id"], {"caption": "Entrega de becas"})
    after_edit = event_sync_states(str(lib), folders)
    assert after_edit[event] == CHANGED
    assert [after_edit[f] for f in folders if f != event] == [PUSHED, PUSHED]

    age(lib)  # the push trusts only times older than the clock's tick
    assert run_push(lib, share).complete
    assert event_sync_states(str(lib), folders, share_folder=str(share))[event] == PUSHED


def test_an_unmounted_share_falls_back_to_the_last_record(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    assert run_push(lib, share).complete
    pushed_id = share_id_for(str(lib), str(share))
    assert pushed_id is not None
    share.rename(tmp_path / "elsewhere")  # the share is not mounted now
    assert share_id_for(str(lib), str(share)) == pushed_id
    folders = event_folders(str(lib))
    assert set(event_sync_states(str(lib), folders, share_folder=str(share)).values()) == {PUSHED}
