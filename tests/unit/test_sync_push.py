"""Push: verified copies, per-writer snapshots, incremental runs that read almost nothing."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sync_support import (
    EVENT,
    assert_library_on_share,
    library_copy,
    new_share,
    run_push,
    share_files,
    snapshot_names,
    temporaries,
)

from media.catalog import read_items, read_manifest, upsert_items
from media.edits import record_edits
from media.library import event_folders
from sync.localscan import CATALOG, EDITS, ORIGINALS
from sync.push import UnknownEvents
from sync.shared_view import list_events, open_event
from sync.snapshots import parse_catalog


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


@pytest.fixture
def lib(tmp_path: Path, factory: Path) -> Path:
    return library_copy(tmp_path, factory)


def test_push_copies_every_file_verified_with_a_snapshot_per_writer(
    lib: Path, tmp_path: Path
) -> None:
    share = new_share(tmp_path)
    event = lib / EVENT
    item = read_items(str(event))[0]
    record_edits(str(event), "ana@laptop", item["id"], {"stars": 4, "caption": "Entrega"})
    seen: list[str] = []
    report = run_push(lib, share, on_file=lambda o: seen.append(o.status))
    assert report.complete and report.stopped is None, report.summary()
    assert report.count("copied") == len(seen) == 5  # 4 media files and one journal
    assert report.snapshots_written == 3 and report.events_checked == 3
    assert_library_on_share(lib, share)
    assert temporaries(share) == []
    # the library's own catalog and manifest are not copied as they are: each writer's
    # snapshot is, so two crews pushing the same event never overwrite each other
    assert not (share / EVENT / ".cobertura" / "catalog.json").exists()
    assert snapshot_names(share) == [
        "ana@laptop/catalog.000001.json",
        "ana@laptop/manifest.000001.xxh128",
    ]
    snap = parse_catalog(
        (share / EVENT / ".cobertura/writers/ana@laptop/catalog.000001.json").read_bytes()
    )
    # the library catalog goes inside as it is (never decoded and re-encoded)
    assert snap["catalog"] == json.loads((event / ".cobertura" / "catalog.json").read_text())
    assert snap["writer"] == "ana@laptop" and snap["event"] == EVENT
    # the snapshot's manifest is checkable with xxhsum from the event folder
    manifest = (share / EVENT / ".cobertura/writers/ana@laptop/manifest.000001.xxh128").read_text()
    assert manifest == "".join(
        f"{h}  {p}\n" for h, p in sorted(read_manifest(str(event)), key=lambda e: e[1])
    )
    if os.path.exists("/usr/bin/xxhsum"):
        done = subprocess.run(
            ["xxhsum", "-c", ".cobertura/writers/ana@laptop/manifest.000001.xxh128"],
            cwd=share / EVENT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    # the journal went as it is, and the shared view merges it
    assert (share / EVENT / ".cobertura/edits/ana@laptop.jsonl").read_bytes() == (
        event / ".cobertura/edits/ana@laptop.jsonl"
    ).read_bytes()
    view = open_event(str(share), EVENT)
    assert {i["id"]: i.get("stars") for i in view.items}[item["id"]] == 4
    assert [e.path for e in list_events(str(share))] == sorted(
        os.path.relpath(f, lib) for f in event_folders(str(lib))
    )


def test_second_run_reads_nothing_and_copies_nothing(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    first = run_push(lib, share)
    assert first.complete
    before = share_files(share)
    again = run_push(lib, share)
    assert again.complete and again.count("copied") == 0 and again.snapshots_written == 0
    assert again.events_unchanged == again.events_total == 3
    assert again.local_files_hashed == 0 and again.share_files_hashed == 0
    assert share_files(share) == before


def test_incremental_run_copies_only_what_is_new_without_rehashing(
    lib: Path, tmp_path: Path, samples: Path
) -> None:
    share = new_share(tmp_path)
    assert run_push(lib, share).complete
    # an ingest adds a file to an existing event (a new photo, its catalog and manifest)
    event = lib / EVENT
    new = event / "FOTO" / "2010-03-01_215100_extra.jpg"
    new.write_bytes((samples / "photos/burst/nikon_d70s_burst_3.jpg").read_bytes())
    import xxhash

    digest = xxhash.xxh3_128_hexdigest(new.read_bytes())
    upsert_items(
        str(event),
        [
            {
                "id": digest[:16],
                "kind": "photo",
                "path": f"{EVENT}/FOTO/{new.name}",
                "folder_path": f"FOTO/{new.name}",
                "size": new.stat().st_size,
                "hash": digest,
                "sidecars": [],
            }
        ],
    )
    report = run_push(lib, share)
    assert report.complete, report.summary()
    assert report.count("copied") == 1 and report.snapshots_written == 1
    assert report.events_unchanged == 2 and report.events_checked == 1
    assert report.local_files_hashed == 0  # manifest hashes and the index: nothing re-read
    assert report.share_files_hashed == 0
    assert report.files_already == 2  # the event's other files, known from the record
    assert {"ana@laptop/catalog.000002.json", "ana@laptop/manifest.000002.xxh128"} <= set(
        snapshot_names(share)
    )
    assert_library_on_share(lib, share)


def test_a_lost_record_costs_a_check_never_a_copy(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    assert run_push(lib, share).complete
    import shutil

    shutil.rmtree(lib / ".cobertura" / "sync")
    before = share_files(share)
    report = run_push(lib, share)
    assert report.complete and report.count("copied") == 0 and report.snapshots_written == 0
    assert report.files_already == 4
    assert report.share_files_hashed == 0  # the writers' manifests on the share say it
    assert share_files(share) == before


def test_parts_select_what_goes(lib: Path, tmp_path: Path) -> None:
    event = lib / EVENT
    record_edits(str(event), "ana@laptop", read_items(str(event))[0]["id"], {"pick": True})
    (event / "BOLETIN").mkdir()
    (event / "BOLETIN" / "boletin.txt").write_text("Entrega de becas", encoding="utf-8")
    share = new_share(tmp_path)
    only = run_push(lib, share, parts=(ORIGINALS,))
    assert only.complete
    assert only.snapshots_written == 0 and not (share / EVENT / ".cobertura").exists()
    assert not (share / EVENT / "BOLETIN").exists()
    more = run_push(lib, share, parts=(ORIGINALS, CATALOG, EDITS))
    assert more.snapshots_written == 3 and more.count("copied") == 1  # the journal
    everything = run_push(lib, share)
    assert everything.count("copied") == 1  # the export
    assert (share / EVENT / "BOLETIN" / "boletin.txt").read_text(
        encoding="utf-8"
    ) == "Entrega de becas"


def test_events_can_be_chosen_by_folder_name_or_path(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    report = run_push(lib, share, events=["2010-03-01 Sin evento"])
    assert report.events_total == 1 and report.count("copied") == 2
    assert sorted(e.path for e in list_events(str(share))) == [EVENT]
    with pytest.raises(UnknownEvents):
        run_push(lib, share, events=["no existe"])


def test_retagged_items_leave_the_old_snapshot_but_files_stay(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    assert run_push(lib, share).complete
    from media.catalog import remove_items

    event = lib / EVENT
    gone = read_items(str(event))[0]
    remove_items(str(event), [gone["id"]])  # as retag does when an item moves away
    report = run_push(lib, share)
    assert report.complete and report.snapshots_written == 1
    view = open_event(str(share), EVENT)
    assert gone["id"] not in {i["id"] for i in view.items}
    assert (share / EVENT / gone["folder_path"]).is_file()  # append-only: never deleted
    old = json.loads(
        (share / EVENT / ".cobertura/writers/ana@laptop/catalog.000001.json").read_text()
    )
    assert gone["id"] in {i["id"] for i in old["catalog"]["items"].values()}  # every version
