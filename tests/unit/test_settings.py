from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from media.captions import codes_path, load_codes
from media.naming import NameContext, render_name
from media.settings import (
    Settings,
    SettingsError,
    SettingsProblem,
    check_settings,
    load_settings,
    read_codes,
    save_all,
    save_settings,
)


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


def _codes(problems: list[SettingsProblem]) -> dict[str, str]:
    return {p.field: p.code for p in problems}


def test_every_refused_value_is_named(tmp_path: Path) -> None:
    a_file = tmp_path / "archivo.txt"
    a_file.write_text("x")
    library = tmp_path / "biblioteca"
    library.mkdir()
    bad = Settings(
        library=str(library),
        backup=str(library / "respaldo"),
        shared_folder=str(a_file),
        rename_template="{date}_{camara}",
        caption_template="{evento} en {sitio}",
        language="fr",
        time_zone="America/Ciudad_Gotica",
        match_before_minutes=-5,
        match_after_minutes=721,
        initials="A L",
        writer="ana/pc",
    )
    problems = check_settings(bad)
    assert _codes(problems) == {
        "backup": "inside_library",
        "shared_folder": "not_a_folder",
        "rename_template": "rename_token",
        "caption_template": "caption_token",
        "language": "language",
        "time_zone": "time_zone",
        "match_before_minutes": "match_window",
        "match_after_minutes": "match_window",
        "initials": "initials",
        "writer": "writer",
    }
    texts = [str(p) for p in problems]
    assert "variable desconocida en la plantilla de nombres: {camara}" in texts
    assert "variable desconocida en la plantilla de pie de foto: {sitio}" in texts
    assert "zona horaria desconocida: America/Ciudad_Gotica" in texts


def test_folders_templates_and_defaults(tmp_path: Path) -> None:
    assert check_settings(Settings()) == []
    assert _codes(check_settings(Settings(library="relativa/biblioteca"))) == {
        "library": "not_absolute"
    }
    missing = str(tmp_path / "no-existe")
    assert _codes(check_settings(Settings(library=missing))) == {"library": "library_missing"}
    # A backup drive unplugged or a share not mounted is fine: only the library must exist.
    assert check_settings(Settings(backup=missing, shared_folder=missing + "2")) == []
    assert _codes(check_settings(Settings(rename_template="  "))) == {
        "rename_template": "rename_empty"
    }
    assert _codes(check_settings(Settings(rename_template="{date"))) == {
        "rename_template": "rename_brace"
    }
    assert _codes(check_settings(Settings(caption_template="{evento"))) == {
        "caption_template": "caption_brace"
    }
    good = Settings(
        rename_template="{date}_{initials}_{seq}",
        caption_template="{evento}, {lugar}. {{nota}} {fotografo}",
        initials="ÁLM",
        language="en",
        time_zone="America/Cancun",
        match_before_minutes=0,
        match_after_minutes=720,
        writer="ana@laptop-prensa",
    )
    assert check_settings(good) == []


def test_refused_settings_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(photographer="Ana"), str(path))
    before = path.read_bytes()
    with pytest.raises(SettingsError) as caught:
        save_settings(Settings(photographer="Otra", time_zone="Marte/Base"), str(path))
    assert [p.code for p in caught.value.problems] == ["time_zone"]
    assert "zona horaria desconocida" in str(caught.value)
    assert path.read_bytes() == before


def test_initials_for_file_names() -> None:
    assert Settings(photographer="Ana María López").name_initials == "AML"
    assert Settings(photographer="Ana María López", initials="AL").name_initials == "AL"


def test_code_table_is_saved_where_captions_read_it(tmp_path: Path) -> None:
    library = tmp_path / "biblioteca"
    library.mkdir()
    path = str(tmp_path / "settings.json")
    rows = [("=alc", " Nombre Apellido, alcaldesa de Iztacalco "), ("", ""), ("=dir", "Director")]
    save_all(Settings(library=str(library)), rows, str(library), path)
    assert load_codes(str(library)) == {
        "=alc": "Nombre Apellido, alcaldesa de Iztacalco",
        "=dir": "Director",
    }
    assert load_settings(path).library == str(library)
    codes_file = Path(codes_path(str(library)))
    stamp = codes_file.stat().st_mtime_ns
    save_all(Settings(library=str(library), photographer="Ana"), rows, str(library), path)
    assert codes_file.stat().st_mtime_ns == stamp  # unchanged codes are not rewritten


def test_a_bad_code_row_writes_nothing(tmp_path: Path) -> None:
    library = tmp_path / "biblioteca"
    library.mkdir()
    path = tmp_path / "settings.json"
    rows = [("=alc", "Alcaldesa"), ("=a lc", "x"), ("=dir", ""), ("=alc", "otra")]
    with pytest.raises(SettingsError) as caught:
        save_all(Settings(photographer="Ana"), rows, str(library), str(path))
    assert [p.code for p in caught.value.problems] == ["code_token", "code_text", "code_twice"]
    assert not path.exists() and not Path(codes_path(str(library))).exists()
    Path(codes_path(str(library))).parent.mkdir()
    Path(codes_path(str(library))).write_text("[1, 2]")
    codes, problem = read_codes(str(library))
    assert codes == {} and problem is not None and problem.code == "codes_file"


def test_a_saved_value_gone_stale_does_not_block_other_changes(tmp_path: Path) -> None:
    path = str(tmp_path / "settings.json")
    drive = tmp_path / "disco-externo"
    drive.mkdir()
    save_settings(Settings(library=str(drive)), path)
    drive.rmdir()  # the drive was unplugged
    save_settings(Settings(library=str(drive), initials="AL"), path)
    assert load_settings(path).initials == "AL"
    with pytest.raises(SettingsError):  # a new library must exist
        save_settings(Settings(library=str(tmp_path / "otra")), path)


def test_initials_setting_goes_into_file_names() -> None:
    ctx = NameContext("IMG_0001.JPG", datetime(2026, 1, 15, 10, 0), photographer="Ana López")
    assert render_name("{initials}_{original}", ctx) == "AL_IMG_0001.JPG"
    assert render_name("{initials}_{original}", replace(ctx, initials="ANL")) == "ANL_IMG_0001.JPG"
