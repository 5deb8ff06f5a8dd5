"""Shared test set-up: Qt offscreen, the real sample media, temporary libraries."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _find_samples() -> Path:
    for candidate in (
        os.environ.get("COBERTURA_SAMPLES"),
        ROOT.parent / "shared" / "samples",
        "/work/shared/samples",
    ):
        if candidate and (Path(candidate) / "truth.json").is_file():
            return Path(candidate)
    raise RuntimeError(
        "Sample media not found: set COBERTURA_SAMPLES to the shared samples folder "
        "(the one holding truth.json)."
    )


SAMPLES = _find_samples()


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty library folder, also set as COBERTURA_LIBRARY so nothing touches the home."""
    lib = tmp_path / "biblioteca"
    monkeypatch.setenv("COBERTURA_LIBRARY", str(lib))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return lib
