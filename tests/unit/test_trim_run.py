"""Running ffmpeg: progress, failure, cancel, timeout and temporary outputs, made
deterministic with a stub executable (``ffmpeg_stub.py``) in ffmpeg's place."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from trim_support import leftovers, stub_executable

from media.ffrun import Status, run_ffmpeg, run_to_file
from media.models import CancelToken, ProblemType
from media.trim import TrimOptions, trim
from media.trim_args import lossless_args


@pytest.fixture
def stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The stub, also set as COBERTURA_FFMPEG, logging its arguments to stub.log."""
    exe = stub_executable(tmp_path / "bin")
    monkeypatch.setenv("COBERTURA_FFMPEG", exe)
    monkeypatch.setenv("COBERTURA_STUB_LOG", str(tmp_path / "stub.log"))
    return exe


def _mode(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("COBERTURA_STUB_MODE", mode)


def _out(tmp_path: Path) -> Path:
    folder = tmp_path / "salida con espacios"
    folder.mkdir(exist_ok=True)
    return folder / "Discurso del alcalde ñ.mp4"


def test_success_renames_the_temporary_file_and_reports_progress(
    stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "ok")
    out, seen = _out(tmp_path), []
    result = run_to_file(
        lambda temp: [stub, "-t", "2.0", temp],
        str(out),
        duration=2.0,
        timeout=30,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert result.ok and out.stat().st_size == 1024
    assert leftovers(out.parent) == []
    assert seen[-1] == (2000, 2000) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 4  # one report per -progress block
    logged = json.loads((tmp_path / "stub.log").read_text().splitlines()[0])
    assert Path(logged[-1]).name.startswith(".cobertura-tmp-") and logged[-1].endswith(".mp4")
    assert "Discurso" in result.command and "'" in result.command  # quoted for a shell


def test_failure_leaves_nothing_and_keeps_ffmpegs_last_lines(
    stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "fail")
    out = _out(tmp_path)
    result = run_to_file(lambda temp: [stub, temp], str(out), duration=2.0, timeout=30)
    assert result.status is Status.FAILED and result.returncode == 1
    assert result.error_lines[-1] == (
        "Error opening input files: Invalid data found when processing input"
    )
    assert "moov atom not found" in result.reason()
    assert not out.exists() and leftovers(out.parent) == []


def test_success_without_output_is_a_failure(
    stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "empty")
    out = _out(tmp_path)
    result = run_to_file(lambda temp: [stub, temp], str(out), duration=2.0, timeout=30)
    assert result.status is Status.FAILED and not out.exists()


def test_cancel_interrupts_ffmpeg_and_removes_the_partial_output(
    stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "hang")
    out, cancel = _out(tmp_path), CancelToken()
    started = time.monotonic()
    result = run_to_file(
        lambda temp: [stub, temp],
        str(out),
        duration=2.0,
        timeout=30,
        progress=lambda d, t: cancel.cancel(),
        cancel=cancel,
    )
    assert result.status is Status.CANCELLED
    assert time.monotonic() - started < 5
    assert "Exiting normally, received signal 2." in result.stderr  # SIGINT came first
    assert result.returncode == 255
    assert not out.exists() and leftovers(out.parent) == []


def test_cancel_terminates_an_ffmpeg_that_ignores_the_interrupt(
    stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "stubborn")
    out, cancel = _out(tmp_path), CancelToken()
    result = run_to_file(
        lambda temp: [stub, temp],
        str(out),
        duration=2.0,
        timeout=30,
        progress=lambda d, t: cancel.cancel(),
        cancel=cancel,
        interrupt_grace=0.3,
    )
    assert result.status is Status.CANCELLED and result.returncode == -15  # SIGTERM
    assert not out.exists() and leftovers(out.parent) == []


def test_timeout_stops_ffmpeg(stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mode(monkeypatch, "hang")
    out = _out(tmp_path)
    started = time.monotonic()
    result = run_to_file(lambda temp: [stub, temp], str(out), duration=2.0, timeout=0.5)
    assert result.status is Status.TIMEOUT and 0.5 <= time.monotonic() - started < 5
    assert "a tiempo" in result.reason()
    assert not out.exists() and leftovers(out.parent) == []


def test_a_missing_executable_does_not_start(tmp_path: Path) -> None:
    result = run_ffmpeg([str(tmp_path / "no-ffmpeg")], duration=1.0, timeout=5)
    assert result.status is Status.NOT_STARTED and "FileNotFoundError" in result.reason()


# --- the stage, with the stub in ffmpeg's place -------------------------------------

CLIP = "video/apple_iphone6_gps_rot90.mov"


def test_stage_runs_exactly_the_built_command(
    stub: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "ok")
    out = _out(tmp_path)
    result = trim(str(samples / CLIP), str(out), TrimOptions(start=1.5, end=3.5))
    logged = json.loads((tmp_path / "stub.log").read_text().splitlines()[0])
    expected = lossless_args(stub, str(samples / CLIP), logged[-1], 1, 1.0, 3.5)
    assert [stub, *logged] == expected
    # The stub's output is not a video: the stage measures it, refuses it and removes it.
    assert result.output is None and not out.exists()
    assert [p.type for p in result.problems] == [ProblemType.TOOL_FAILED]


def test_stage_reports_ffmpegs_error(
    stub: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "fail")
    out = _out(tmp_path)
    result = trim(str(samples / CLIP), str(out), TrimOptions(end=2, preset="reels"))
    assert not result.ok and not out.exists() and leftovers(out.parent) == []
    # The loudness pass failed first: the export went on in single-pass mode, then failed.
    assert result.loudness is not None and result.loudness["mode"] == "single-pass dynamic"
    (problem,) = result.problems
    assert problem.type is ProblemType.TOOL_FAILED and "moov atom not found" in problem.detail
    assert len(result.commands) == 2


def test_stage_timeout_and_cancel(
    stub: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mode(monkeypatch, "hang")
    out = _out(tmp_path)
    timed = trim(str(samples / CLIP), str(out), TrimOptions(end=2, timeout=0.5))
    assert [p.type for p in timed.problems] == [ProblemType.TIMEOUT] and not out.exists()
    cancel = CancelToken()
    stopped = trim(
        str(samples / CLIP),
        str(out),
        TrimOptions(end=2, preset="x"),
        progress=lambda d, t: cancel.cancel(),
        cancel=cancel,
    )
    assert [p.type for p in stopped.problems] == [ProblemType.CANCELLED]
    assert len(stopped.commands) == 1  # stopped in the loudness pass: no export started
    assert not out.exists() and leftovers(out.parent) == []
    assert sorted(os.listdir(out.parent)) == []
