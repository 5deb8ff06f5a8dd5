from __future__ import annotations

from pathlib import Path

import pytest

from media.settings import Settings, load_settings, save_settings


def test_settings_round_trip_and_defaults(tmp_path: Path) -> None:
    path = str(tmp_path / "settings.json")
    assert load_settings(path) == Settings()
    save_settings(
        Settings(photographer="Ana López", rename_template="{date}_{initials}_{seq}"), path
    )
    loaded = load_settings(path)
    assert (
        loaded.photographer == "Ana López" and loaded.rename_template == "{date}_{initials}_{seq}"
    )
    Path(path).write_text("{not json")
    assert load_settings(path) == Settings()


def test_writer_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COBERTURA_WRITER", raising=False)
    assert "@" in Settings().writer_id
    assert Settings(writer="mesa-1").writer_id == "mesa-1"
    monkeypatch.setenv("COBERTURA_WRITER", "laptop-ana")
    assert Settings(writer="mesa-1").writer_id == "laptop-ana"
