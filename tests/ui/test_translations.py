"""English through Qt translations: every message translated, the .qm loaded by the app."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from media.models import MESSAGES_ES, Problem, ProblemType
from media.settings import SETTINGS_MESSAGES, SettingsProblem
from ui.app import install_translations
from ui.i18n_update import TS_FILE, lrelease_command, lupdate_command, unfinished, update
from ui.text import long_date, media_messages, problem_line, problem_text, settings_problem_text, tr

QM_FILE = Path(TS_FILE).with_suffix(".qm")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _messages(ts: str | Path) -> dict[str, str]:
    return {
        m.findtext("source") or "": m.findtext("translation") or ""
        for m in ET.parse(ts).iter("message")
    }


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    """The app in English for one test, back in Spanish after it."""
    assert install_translations(qapp, "en") == ["qtbase_en", "cobertura_en"]
    try:
        yield qapp
    finally:
        install_translations(qapp, "es_MX")


def test_every_message_has_a_finished_translation() -> None:
    assert Path(TS_FILE).is_file() and QM_FILE.is_file()
    assert unfinished(TS_FILE) == []
    for source, translation in _messages(TS_FILE).items():
        # {0}, {1:.1f}, {initials}...: the same placeholders, or .format() breaks in English.
        assert sorted(_PLACEHOLDER.findall(source)) == sorted(_PLACEHOLDER.findall(translation)), (
            source
        )


def test_the_translation_file_holds_every_string_of_the_interface(tmp_path: Path) -> None:
    """lupdate over today's ui/ finds nothing new: run ``python -m ui.i18n_update`` if it does."""
    copy = tmp_path / "cobertura_en.ts"
    shutil.copy(TS_FILE, copy)
    missing = update(str(copy))
    assert missing == [], "textos sin traducir (python -m ui.i18n_update): " + "; ".join(missing)
    assert set(_messages(copy)) == set(_messages(TS_FILE))
    assert (tmp_path / "cobertura_en.qm").stat().st_size > 1000


def test_media_sentences_are_in_the_file() -> None:
    sources = set(_messages(TS_FILE))
    assert set(MESSAGES_ES.values()) <= sources
    assert set(SETTINGS_MESSAGES.values()) <= sources
    assert set(media_messages()) <= sources


def test_english_is_loaded_and_spanish_comes_back(english: QApplication) -> None:
    assert tr("Importar tarjeta…") == "Import card…"
    assert tr("Preferencias…") == "Preferences…"
    assert tr("{0} elegidas").format(3) == "3 picked"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert long_date(date(2026, 1, 15)) == "January 15, 2026"
    # Sentences that media/ hands over are translated too.
    assert problem_text("truncated") == "incomplete file (copied as it is)"
    line = problem_line(Problem(ProblemType.EMPTY, "DCIM/A.JPG", "0 B"))
    assert line == "DCIM/A.JPG: empty file (0 bytes) (0 B)"
    refused = SettingsProblem("time_zone", "time_zone", "Marte/Base")
    assert settings_problem_text(refused) == "unknown time zone: Marte/Base"
    install_translations(english, "es_MX")
    assert tr("Importar tarjeta…") == "Importar tarjeta…"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert long_date(date(2026, 1, 15)) == "15 de enero de 2026"
    assert settings_problem_text(refused) == "zona horaria desconocida: Marte/Base"


def test_unknown_language_is_spanish(qapp: QApplication) -> None:
    assert install_translations(qapp, "fr") == ["qtbase_es"]
    assert tr("Importar tarjeta…") == "Importar tarjeta…"


def test_tool_command_lines() -> None:
    assert lupdate_command("lupdate", ["ui/a.py", "ui/b.py"], "x_en.ts") == [
        "lupdate", "ui/a.py", "ui/b.py", "-ts", "x_en.ts", "-no-obsolete", "-locations", "none",
        "-source-language", "es_MX", "-target-language", "en",
    ]  # fmt: skip
    assert lrelease_command("lrelease", "x_en.ts", "x_en.qm") == [
        "lrelease", "x_en.ts", "-qm", "x_en.qm", "-silent",
    ]  # fmt: skip


def test_unfinished_lists_what_needs_words(tmp_path: Path) -> None:
    ts = tmp_path / "t_en.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="en">'
        "<context><name></name>"
        "<message><source>Hola</source><translation>Hello</translation></message>"
        '<message><source>Nuevo</source><translation type="unfinished"></translation></message>'
        "<message><source>Vacío</source><translation></translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    assert unfinished(str(ts)) == ["Nuevo", "Vacío"]
