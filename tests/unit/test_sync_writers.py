"""Many writers: two libraries push the same event to one share at the same time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sync_support import EVENT, library_copy, new_share, run_push, share_files

from media.catalog import read_items
from media.edits import record_edits
from sync.report import PushReport
from sync.shared_view import list_events, open_event

CREW_A = {
    "photos/burst/nikon_d70s_burst_1.jpg": "DCIM/100NIKON/DSC_0001.JPG",
    "photos/burst/nikon_d70s_burst_2.jpg": "DCIM/100NIKON/DSC_0002.JPG",
}
CREW_B = {
    "photos/burst/nikon_d70s_burst_2.jpg": "DCIM/100NIKON/DSC_0002.JPG",  # the same photo
    "photos/burst/nikon_d70s_burst_3.jpg": "DCIM/100NIKON/DSC_0003.JPG",
    "photos/burst/nikon_d70s_burst_4.jpg": "DCIM/100NIKON/DSC_0004.JPG",
}


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


def _together(*jobs: tuple[Path, Path, str]) -> list[PushReport]:
    reports: list[PushReport] = [None] * len(jobs)  # type: ignore[list-item]
    start = threading.Barrier(len(jobs))

    def go(i: int, lib: Path, share: Path, writer: str) -> None:
        start.wait()
        reports[i] = run_push(lib, share, writer, workers=2)

    threads = [threading.Thread(target=go, args=(i, *job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return reports


def test_two_libraries_at_once_with_edits_to_the_same_photo(tmp_path: Path, factory: Path) -> None:
    lib_a = library_copy(tmp_path / "a", factory, CREW_A)
    lib_b = library_copy(tmp_path / "b", factory, CREW_B)
    # crew B's camera also named a different frame like crew A's first one
    odd = next(i for i in read_items(str(lib_a / EVENT)) if i["original_name"] == "DSC_0001.JPG")
    clash = lib_b / EVENT / odd["folder_path"]
    clash.write_bytes((lib_a / EVENT / odd["folder_path"]).read_bytes() + b"another camera")
    import xxhash

    from media.catalog import upsert_items

    digest = xxhash.xxh3_128_hexdigest(clash.read_bytes())
    upsert_items(
        str(lib_b / EVENT),
        [{**odd, "id": digest[:16], "hash": digest, "size": clash.stat().st_size}],
    )
    shared = next(i for i in read_items(str(lib_a / EVENT)) if i["original_name"] == "DSC_0002.JPG")
    record_edits(str(lib_a / EVENT), "ana@laptop", shared["id"], {"stars": 3, "caption": "Ana"})
    record_edits(str(lib_b / EVENT), "luis@mesa", shared["id"], {"stars": 5})
    record_edits(str(lib_a / EVENT), "ana@laptop", shared["id"], {"pick": True})
    share = new_share(tmp_path)

    report_a, report_b = _together((lib_a, share, "ana@laptop"), (lib_b, share, "luis@mesa"))
    assert report_a.complete and report_b.complete, (report_a.summary(), report_b.summary())
    # the same photo from both crews is one file on the share, copied by one of them:
    # 7 files in all (4 photos, a conflict copy, 2 journals), one found already there
    reports = (report_a, report_b)
    assert sum(r.count("copied") + r.count("conflict") for r in reports) == 7
    assert sum(r.files_already for r in reports) == 1
    # the different file under the same name: both kept, one conflict, listed
    conflicts = report_a.conflicts + report_b.conflicts
    assert len(conflicts) == 1 and conflicts[0].path == odd["folder_path"]
    files = share_files(share)
    assert files[f"{EVENT}/{odd['folder_path']}"] in (odd["hash"], digest)
    assert {odd["hash"], digest} <= set(files.values())
    # each writer wrote only its own files
    state = share / EVENT / ".cobertura"
    assert sorted(p.name for p in (state / "writers").iterdir()) == ["ana@laptop", "luis@mesa"]
    assert sorted(p.name for p in (state / "edits").iterdir()) == [
        "ana@laptop.jsonl",
        "luis@mesa.jsonl",
    ]
    # the shared view: the union of both catalogs, edits merged (latest per field wins)
    view = open_event(str(share), EVENT)
    assert view.writers == ["ana@laptop", "luis@mesa"]
    ids = {i["id"] for i in view.items}
    assert ids == {i["id"] for i in read_items(str(lib_a / EVENT))} | {
        i["id"] for i in read_items(str(lib_b / EVENT))
    }
    photo = next(i for i in view.items if i["id"] == shared["id"])
    assert photo["stars"] == 5 and photo["caption"] == "Ana" and photo["pick"] is True
    assert sorted(photo["writers"]) == ["ana@laptop", "luis@mesa"]
    assert len(view.edits.history[shared["id"]]) == 5  # every edit kept
    assert [e.path for e in list_events(str(share))] == [EVENT]
    assert [(c.path, c.kept_as) for c in view.conflicts] == [
        (conflicts[0].path, conflicts[0].kept_as)
    ]

    # both push again, at once, after more edits: only the journals grow
    record_edits(str(lib_a / EVENT), "ana@laptop", shared["id"], {"stars": 2})
    before = {k: v for k, v in share_files(share).items() if "/edits/" not in k}
    again_a, again_b = _together((lib_a, share, "ana@laptop"), (lib_b, share, "luis@mesa"))
    assert again_a.complete and again_b.complete
    assert again_a.count("appended") == 1 and again_a.count("copied") == 0
    assert not again_a.conflicts and not again_b.conflicts
    after = {k: v for k, v in share_files(share).items() if "/edits/" not in k}
    assert {k: after[k] for k in before} == before  # nothing replaced
    assert open_event(str(share), EVENT).items[0] is not None
    assert (
        next(i for i in open_event(str(share), EVENT).items if i["id"] == shared["id"])["stars"]
        == 2
    )
