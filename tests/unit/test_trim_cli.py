"""``python main.py trim``: JSON, exit codes and help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IPHONE = "video/apple_iphone6_gps_rot90.mov"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "trim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COBERTURA_FFMPEG": ""},
    )


def test_json_reports_the_cut_as_made(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "corte ñ.mov"
    done = run_cli(
        str(samples / IPHONE), "--start", "1.5", "--end", "00:00:03.500", "-o", str(out), "--json"
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    data = json.loads(line)
    assert data["output"] == str(out) and out.is_file()
    assert data["start"] == 1.0 and data["end"] == 3.501667 and data["duration"] == 2.501667
    assert (data["video_codec"], data["audio_codec"]) == ("h264", "aac")
    assert (data["width"], data["height"], data["rotation"]) == (320, 568, -90)
    assert data["mode"] == "lossless" and data["problems"] == []
    assert "-c copy" in data["commands"][0] and "-ss 1.000000" in data["commands"][0]
    assert "cuadro clave anterior" in done.stderr


def test_exit_codes(samples: Path, tmp_path: Path) -> None:
    clip = str(samples / IPHONE)
    assert run_cli(clip, "--start", "abc", "-o", str(tmp_path / "a.mov")).returncode == 2
    past = run_cli(clip, "--start", "9", "--end", "10", "-o", str(tmp_path / "a.mov"), "--json")
    assert past.returncode == 2 and "después del final" in past.stderr
    assert json.loads(past.stdout) == {
        "ok": False,
        "input": clip,
        "output": None,
        "error": "el inicio 00:00:09.000 está después del final del clip (00:00:04.002)",
    }
    missing = run_cli(str(tmp_path / "nada.mov"), "--end", "1", "-o", str(tmp_path / "a.mov"))
    assert missing.returncode == 2 and "no existe" in missing.stderr
    audio = run_cli(
        str(samples / "audio/zoom_h4n_bwf_cues.wav"),
        "--preset",
        "reels",
        "-o",
        str(tmp_path / "a.mp4"),
    )
    assert audio.returncode == 2 and "solo audio" in audio.stderr
    broken = run_cli(
        str(samples / "video/edge_32_byte.mov"), "-o", str(tmp_path / "a.mov"), "--json"
    )
    assert broken.returncode == 1
    assert json.loads(broken.stdout)["problems"][0]["type"] == "corrupt"
    assert list(tmp_path.iterdir()) == []


def test_help_lists_presets_and_limits() -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "trim", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    for word in ("web", "reels", "square", "x", "youtube", "X 2:20", "TikTok 10:00", "--fit"):
        assert word in done.stdout
