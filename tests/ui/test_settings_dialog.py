"""Preferences: live previews, refused values shown and nothing saved, codes where captions read
them, and a new library or language re-opening the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from media.captions import codes_path, load_codes
from media.settings import Settings, load_settings, settings_path
from ui import app as app_module
from ui.app import install_translations
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsData, SettingsDialog, apply_saved_settings
from ui.workers import TaskRunner

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _dialog(qtbot, library: Path, settings: Settings | None = None, **kwargs) -> SettingsDialog:
    library.mkdir(exist_ok=True)
    data = SettingsData(settings or Settings(), {"=alc": "Nombre Apellido, alcaldesa"})
    dialog = SettingsDialog(data, str(library), TaskRunner(), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(qtbot, dialog: SettingsDialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=5000)


def test_live_previews_of_names_and_captions(qtbot, library: Path) -> None:
    dialog = _dialog(qtbot, library, Settings(photographer="Ana María López"))
    assert dialog.rename_preview.text() == "2026-01-15_103205_IMG_0423.JPG"
    dialog.rename_template.setText("{date}_{initials}_{seq}")
    assert dialog.rename_preview.text() == "2026-01-15_AML_0001.JPG"
    dialog.initials.setText("AL")
    assert dialog.rename_preview.text() == "2026-01-15_AL_0001.JPG"
    dialog.rename_template.setText("{date}_{camara}")
    assert dialog.rename_preview.text() == "(la plantilla no es válida)"
    dialog.caption_template.setText("=alc en {evento}, {lugar}. {fecha}")
    assert dialog.caption_preview.text() == (
        "Nombre Apellido, alcaldesa en Entrega de becas, Deportivo Leandro Valle. "
        "15 de enero de 2026"
    )
    dialog.add_code("=dir", "Director de Comunicación")
    dialog.caption_template.setText("Foto: {fotógrafo}, con =dir")
    assert dialog.caption_preview.text() == "Foto: Ana María López, con Director de Comunicación"


def test_a_refused_value_is_shown_and_nothing_is_saved(qtbot, library: Path) -> None:
    dialog = _dialog(qtbot, library)
    dialog.time_zone.setEditText("Marte/Base")
    dialog.add_code("=a lc", "mal")
    _save(qtbot, dialog)
    text = dialog.problems.text()
    assert "zona horaria desconocida: Marte/Base" in text
    assert "un código es una sola palabra, sin espacios: =a lc" in text
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Idioma y hora"
    assert "f85149" in dialog.time_zone.styleSheet() and "f85149" in dialog.codes.styleSheet()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert not Path(settings_path()).exists()
    assert not Path(codes_path(str(library))).exists()


def test_saving_writes_settings_and_the_library_codes(qtbot, library: Path) -> None:
    dialog = _dialog(qtbot, library)
    backup = library.parent / "respaldo"
    dialog.backup_field.edit.setText(str(backup))
    dialog.photographer.setText("Ana López")
    dialog.initials.setText("AL")
    dialog.caption_template.setText("{evento}, {lugar}")
    dialog.before.setValue(45)
    dialog.add_code("=dir", "Director de Comunicación")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    old, new = saved.args
    assert old == Settings() and new.photographer == "Ana López"
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = load_settings()
    assert (stored.backup, stored.initials, stored.caption_template) == (
        str(backup), "AL", "{evento}, {lugar}",
    )  # fmt: skip
    assert stored.match_before_minutes == 45 and stored.time_zone == "America/Mexico_City"
    assert load_codes(str(library)) == {
        "=alc": "Nombre Apellido, alcaldesa",
        "=dir": "Director de Comunicación",
    }


def test_library_cannot_change_while_jobs_run(qtbot, library: Path, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, library, busy=True)
    dialog.library_field.edit.setText(str(tmp_path))
    dialog.save()
    assert "Hay trabajos en curso" in dialog.problems.text()
    assert not Path(settings_path()).exists()


def _reopened(old: MainWindow) -> MainWindow | None:
    return next((w for w in app_module._windows if w is not old), None)


def test_preferences_action_and_a_new_library_reopen_the_window(
    qtbot, demo_library: Path, open_window, tmp_path: Path
) -> None:
    window = open_window(demo_library, title=None)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.findChildren(SettingsDialog)), timeout=5000)
    dialog = window.findChildren(SettingsDialog)[0]
    other = tmp_path / "otra-biblioteca"
    other.mkdir()
    dialog.library_field.edit.setText(str(other))
    dialog.save()
    qtbot.waitUntil(lambda: _reopened(window) is not None, timeout=5000)
    new = _reopened(window)
    assert new is not None
    qtbot.addWidget(new)
    try:
        assert new.library == str(other) and not window.isVisible()
        assert load_settings().library == str(other)
        qtbot.waitUntil(lambda: new.events_loaded, timeout=5000)
    finally:
        app_module._windows.clear()


def test_english_reopens_the_window_in_english(
    qtbot, qapp: QApplication, demo_library: Path, open_window
) -> None:
    window = open_window(demo_library, title=None)
    dialog = _dialog(qtbot, demo_library, parent=window)
    dialog.saved.connect(lambda old, new: apply_saved_settings(window, window.library, old, new))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    try:
        dialog.save()
        qtbot.waitUntil(lambda: _reopened(window) is not None, timeout=5000)
        new = _reopened(window)
        assert new is not None
        qtbot.addWidget(new)
        assert new.import_action.text() == "Import card…"
        assert new.settings_action.text() == "Preferences…"
        assert new.library == window.library
        assert load_settings().language == "en"
    finally:
        app_module._windows.clear()
        install_translations(qapp, "es_MX")
