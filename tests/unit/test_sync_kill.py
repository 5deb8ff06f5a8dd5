"""kill -9 in the middle of ``python main.py sync``: nothing half-copied ever has a real
name on the share, and the next run finishes the job without a conflict or a second copy."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sync_support import new_share, share_files, synthetic_library, temporaries

from media.catalog import read_manifest
from media.library import event_folders
from sync.layout import is_conflict_copy, is_temporary

ROOT = Path(__file__).resolve().parents[2]


def _sync(lib: Path, share: Path, tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "COBERTURA_WRITER": "ana@laptop",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "main.py",
            "sync",
            "--library",
            str(lib),
            "--to",
            str(share),
            "--json",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _check_share(lib: Path, share: Path) -> tuple[int, int]:
    """Every file with a real name has its library content; (files there, files expected)."""
    expected = {}
    for folder in event_folders(str(lib)):
        rel = os.path.relpath(folder, lib)
        expected.update({f"{rel}/{p}": h for h, p in read_manifest(folder)})
    files = share_files(share)
    assert not [k for k in files if is_conflict_copy(k)], "a kill must never cause a conflict"
    there = 0
    for path, digest in expected.items():
        if path in files:
            assert files[path] == digest, path
            there += 1
    return there, len(expected)


def _placed(share: Path) -> int:
    return sum(
        1
        for folder, _d, names in os.walk(share)
        if os.path.basename(folder) == "FOTO"
        for name in names
        if not is_temporary(name)
    )


def test_kill_9_mid_sync_then_resume(tmp_path: Path) -> None:
    lib = synthetic_library(tmp_path / "lib", events=3, per_event=30, size=400_000)
    share = new_share(tmp_path)
    rng = random.Random(7)
    kills = partial = 0
    for round_no in range(8):
        before = _placed(share)
        target = before + rng.randint(1, 20)
        proc = _sync(lib, share, tmp_path)
        deadline = time.monotonic() + 20
        while proc.poll() is None and _placed(share) < target and time.monotonic() < deadline:
            time.sleep(0.002)
        if round_no % 2 == 0:  # wait for the next copy to be under way: kill mid-copy
            while proc.poll() is None and not temporaries(share) and time.monotonic() < deadline:
                time.sleep(0.001)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(30)
        there, total = _check_share(lib, share)
        partial += 0 < there < total
        if there == total:
            break
    assert kills >= 3 and partial >= 2
    proc = _sync(lib, share, tmp_path)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out[-2000:]
    summary = [json.loads(line) for line in out.splitlines() if line.strip()][-1]
    assert summary["type"] == "summary" and summary["complete"] and summary["conflicts"] == 0
    there, total = _check_share(lib, share)
    assert there == total == 90
    assert temporaries(share) == []
    snapshots = list(share.glob("2026/*/.cobertura/writers/ana@laptop/catalog.*.json"))
    assert len({p.parent.parent.parent.parent for p in snapshots}) == 3
