"""The command-line contract of ARCHITECTURE.md: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_ingest_json_catalog_and_verify(tmp_path: Path, samples: Path) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card / "DCIM/100NIKON")
    shutil.copy(samples / "video/apple_iphone6_gps_rot90.mov", card / "DCIM/100NIKON/IMG_0005.MOV")
    lib = tmp_path / "lib"

    done = run_cli("ingest", str(card), "--library", str(lib), "--json")
    assert done.returncode == 0, done.stderr
    lines = _json_lines(done.stdout)
    files = [line for line in lines if line["type"] == "file"]
    assert len(files) == 5 and {f["status"] for f in files} == {"copied"}
    summary = lines[-1]
    assert summary["type"] == "summary" and summary["safe_to_format"] is True
    assert summary["copied"] == 5
    assert "¿Se puede formatear la tarjeta? SÍ" in done.stderr

    catalog = run_cli("catalog", "--library", str(lib), "--json")
    assert catalog.returncode == 0
    items = _json_lines(catalog.stdout)
    assert len(items) == 5
    for item in items:
        for key in (
            "id",
            "kind",
            "path",
            "source_path",
            "size",
            "hash",
            "capture_time",
            "capture_time_source",
            "make",
            "model",
            "event",
        ):
            assert key in item
        assert not os.path.isabs(item["path"]) and (lib / item["path"]).is_file()
        assert item["source_path"].startswith(str(card))
    mov = [i for i in items if i["kind"] == "video"][0]
    assert mov["capture_time"] == "2019-07-24T11:25:40+03:00"
    assert mov["capture_time_source"] == "Keys:CreationDate"

    verify = run_cli("verify", "--library", str(lib))
    assert verify.returncode == 0, verify.stderr
    (lib / items[0]["path"]).write_bytes(b"changed")
    verify = run_cli("verify", "--library", str(lib), "--json")
    assert verify.returncode == 1
    result = json.loads(verify.stdout)
    assert result["mismatched"] == [items[0]["path"]] and result["ok"] is False


def test_ingest_with_problems_exits_1(tmp_path: Path, samples: Path, library: Path) -> None:
    card = tmp_path / "card"
    card.mkdir()
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", card)
    (card / "notes.txt").write_text("not media")
    code = main.main(["ingest", str(card), "--json"])
    assert code == 1


def test_missing_source_and_bad_arguments_exit_2(tmp_path: Path, library: Path) -> None:
    assert main.main(["ingest", str(tmp_path / "no-such-card")]) == 2
    with pytest.raises(SystemExit) as exc:
        main.main(["ingest"])
    assert exc.value.code == 2
    assert main.main(["verify", "--library", str(tmp_path / "nothing")]) == 2
    assert main.main(["catalog", "--library", str(tmp_path / "nothing")]) == 2


def test_library_defaults_to_the_environment(
    tmp_path: Path, samples: Path, library: Path, capsys: pytest.CaptureFixture
) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card)
    assert main.main(["ingest", str(card)]) == 0
    assert len(list(library.rglob("*.jpg"))) == 4
    assert main.main(["catalog", "--json"]) == 0
    out = capsys.readouterr().out
    assert len(_json_lines(out)) == 4


def test_every_subcommand_has_help() -> None:
    for command in ("ingest", "catalog", "verify", "demo"):
        done = run_cli(command, "--help")
        assert done.returncode == 0 and "--library" in done.stdout, command


def test_demo_builds_a_library_from_shipped_media(tmp_path: Path) -> None:
    lib = tmp_path / "demo"
    done = run_cli("demo", "--library", str(lib), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["copied"] == 7
    folders = sorted(p.name for p in lib.glob("*/*") if p.is_dir())
    assert "2010-03-01 Entrega de becas (demostración)" in folders
    assert run_cli("verify", "--library", str(lib)).returncode == 0
    again = run_cli("demo", "--library", str(lib), "--json")
    assert json.loads(again.stdout)["copied"] == 0
