"""``python main.py sync`` and ``python main.py shared``: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sync_support import EVENT, library_copy

from media.catalog import read_items
from media.edits import record_edits

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


def cli(tmp_path: Path, *args: str, writer: str = "ana@laptop") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COBERTURA_WRITER": writer,
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
    }
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_init_push_and_the_shared_view(tmp_path: Path, factory: Path) -> None:
    lib = library_copy(tmp_path, factory)
    share = tmp_path / "share"
    share.mkdir()
    not_yet = cli(tmp_path, "sync", "--library", str(lib), "--to", str(share), "--json")
    assert not_yet.returncode == 2 and "no está conectada" in not_yet.stderr
    assert lines(not_yet.stdout)[-1]["stopped"]["type"] == "share_missing"
    assert list(share.iterdir()) == []

    init = cli(tmp_path, "sync", "--init", str(share), "--json")
    assert init.returncode == 0, init.stderr
    made = lines(init.stdout)[0]
    assert made["new"] is True and made["layout"] == 1 and made["created_by"] == "ana@laptop"
    again = lines(cli(tmp_path, "sync", "--init", str(share), "--json").stdout)[0]
    assert again["new"] is False and again["id"] == made["id"]
    assert cli(tmp_path, "sync", "--init", str(tmp_path / "no-such")).returncode == 2

    item = read_items(str(lib / EVENT))[0]
    record_edits(str(lib / EVENT), "ana@laptop", item["id"], {"stars": 4, "caption": "Becas"})
    done = cli(tmp_path, "sync", "--library", str(lib), "--to", str(share), "--json")
    assert done.returncode == 0, done.stderr
    out = lines(done.stdout)
    files = [o for o in out if o["type"] == "file"]
    assert len(files) == 5 and {f["status"] for f in files} == {"copied"}
    summary = out[-1]
    assert (
        summary["type"] == "summary" and summary["complete"] and summary["share_id"] == made["id"]
    )
    assert summary["writer"] == "ana@laptop" and summary["snapshots"] == 3
    assert "verificado" in done.stderr

    listing = cli(tmp_path, "shared", "--share", str(share), "--json")
    assert listing.returncode == 0
    events = lines(listing.stdout)
    assert EVENT in [e["path"] for e in events] and events[0]["writers"] == ["ana@laptop"]
    shown = cli(
        tmp_path, "shared", "--share", str(share), "--event", "2010-03-01 Sin evento", "--json"
    )
    assert shown.returncode == 0, shown.stderr
    items = {i["id"]: i for i in lines(shown.stdout) if i["type"] == "item"}
    assert items[item["id"]]["stars"] == 4 and items[item["id"]]["caption"] == "Becas"
    assert items[item["id"]]["path"].startswith(EVENT + "/FOTO/")


def test_conflicts_exit_1_and_are_listed(tmp_path: Path, factory: Path) -> None:
    lib = library_copy(tmp_path, factory)
    share = tmp_path / "share"
    share.mkdir()
    assert cli(tmp_path, "sync", "--init", str(share)).returncode == 0
    item = sorted(read_items(str(lib / EVENT)), key=lambda i: i["folder_path"])[0]
    taken = share / EVENT / item["folder_path"]
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"otra foto")
    done = cli(tmp_path, "sync", "--library", str(lib), "--to", str(share), "--json")
    assert done.returncode == 1
    conflicts = [o for o in lines(done.stdout) if o["type"] == "conflict"]
    assert len(conflicts) == 1 and conflicts[0]["path"] == item["folder_path"]
    assert "CONFLICTO" in done.stderr and ".conflict-" in done.stderr
    assert cli(tmp_path, "sync", "--library", str(lib), "--to", str(share)).returncode == 0


def test_bad_arguments_exit_2(tmp_path: Path, factory: Path) -> None:
    lib = library_copy(tmp_path, factory)
    share = tmp_path / "share"
    share.mkdir()
    assert cli(tmp_path, "sync", "--init", str(share)).returncode == 0
    bad_part = cli(tmp_path, "sync", "--library", str(lib), "--to", str(share), "--parts", "fotos")
    assert bad_part.returncode == 2 and "parte desconocida" in bad_part.stderr
    no_event = cli(tmp_path, "sync", "--library", str(lib), "--to", str(share), "--events", "nada")
    assert no_event.returncode == 2
    no_share = cli(tmp_path, "sync", "--library", str(lib))
    assert no_share.returncode == 2 and "--to" in no_share.stderr
    assert cli(tmp_path, "sync", "--help").returncode == 0
    assert cli(tmp_path, "shared", "--share", str(tmp_path)).returncode == 2
