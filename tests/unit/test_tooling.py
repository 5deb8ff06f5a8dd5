"""ruff and mypy stay clean on media/ and sync/ (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_is_clean_on_domain_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "media", "sync", "cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean_on_domain_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "media", "sync"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
