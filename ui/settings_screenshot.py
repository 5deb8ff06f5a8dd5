"""The preferences as ``python main.py screenshot --view settings`` shows them: the dialog
over the window, on its templates tab, filled with an office's values (writer, photographer,
library, backup and shared folders, templates, codes).

The values are saved to a settings file in a temporary folder and read back from it the
way the app reads its own, so they are ones the app would accept; the person's real
settings are neither read for the dialog nor written, and the library's codes file is not
touched (example codes are only shown). Nothing is saved when the picture is taken.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from media.settings import Settings, save_settings
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsData, SettingsDialog, load_settings_data
from ui.writer_screenshot import WRITER

Waiter = Callable[..., bool]  # ui.screenshot.wait_for(app, condition, timeout=...)

DIALOG_SIZE = (720, 520)  # the dialog's least height: its longest tab fits
EXAMPLE_CODES = {
    "=alc": "la alcaldesa de Iztacalco",
    "=dgds": "la Dirección General de Desarrollo Social",
    "=cs": "Coordinación de Comunicación Social",
}


def example_settings(library: str) -> Settings:
    """An office's settings for ``library``. The backup drive and the shared folder are
    named as an office would have them; they need not exist (a drive unplugged, a share
    not mounted) and nothing is written to them."""
    root = os.path.abspath(os.sep)  # '/' here, 'C:\\' on Windows: paths written whole
    return Settings(
        writer=WRITER,
        photographer="Ana Martínez Ruiz",
        initials="AMR",
        caption_template="{evento} con =alc en {lugar}, {fecha}. Foto: {fotógrafo} / =cs.",
        rename_template="{date}_{time}_{initials}_{original}",
        library=library,
        backup=os.path.join(root, "media", "fotografia", "RESPALDO", "Cobertura"),
        shared_folder=os.path.join(root, "mnt", "comunicacion", "Cobertura compartida"),
    )


def open_settings_for_picture(
    app: QApplication, window: MainWindow, wait_for: Waiter, folder: str
) -> SettingsDialog:
    """Save the example settings to ``folder``/settings.json, read them back on the
    window's worker, and open the dialog on its templates tab, ready to be grabbed."""
    path = os.path.join(folder, "settings.json")
    save_settings(example_settings(window.library), path)
    loaded: list[SettingsData] = []
    failed: list[BaseException] = []
    window.tasks.submit(
        lambda: load_settings_data(window.library, path), loaded.append, failed.append
    )
    wait_for(app, lambda: bool(loaded or failed))
    if not loaded:
        raise RuntimeError(f"no se pudieron leer las preferencias de ejemplo: {failed}")
    data = loaded[0]
    if not data.codes and data.codes_problem is None:
        data = replace(data, codes=dict(EXAMPLE_CODES))
    dialog = SettingsDialog(data, window.library, window.tasks, window, path=path)
    dialog.resize(*DIALOG_SIZE)
    for tab in range(dialog.tabs.count()):
        page = dialog.tabs.widget(tab)
        if page is not None and page.isAncestorOf(dialog.caption_template):
            dialog.tabs.setCurrentIndex(tab)
    dialog.show()
    wait_for(app, lambda: False, 0.3)  # let it lay out and paint
    return dialog


def settings_dialog_picture(app: QApplication, window: MainWindow, wait_for: Waiter) -> QPixmap:
    """The dialog's picture; then the dialog is closed and its temporary folder removed."""
    folder = tempfile.mkdtemp(prefix="cobertura-preferencias-")
    try:
        dialog = open_settings_for_picture(app, window, wait_for, folder)
        try:
            return dialog.grab()
        finally:
            dialog.close()
            dialog.deleteLater()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
