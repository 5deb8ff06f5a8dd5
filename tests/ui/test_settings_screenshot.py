"""``screenshot --view settings``: the preferences filled from a temporary settings file,
never from nor into the person's own, with no field left empty and no label cut."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from media.captions import codes_path
from media.settings import settings_path
from ui.main_window import MainWindow
from ui.screenshot import run_screenshot, wait_for
from ui.settings_screenshot import EXAMPLE_CODES, open_settings_for_picture
from ui.writer_screenshot import WRITER

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def test_the_dialog_is_filled_from_a_temporary_settings_file(
    qapp: QApplication, demo_library: Path, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window(demo_library, title=None)
    folder = tmp_path / "preferencias"
    folder.mkdir()
    dialog = open_settings_for_picture(qapp, window, wait_for, str(folder))
    try:
        assert dialog.path == str(folder / "settings.json")
        saved = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
        assert saved["writer"] == WRITER and saved["library"] == str(demo_library)
        assert dialog.writer.text() == WRITER
        assert dialog.library_field.text() == str(demo_library)
        assert "Cobertura compartida" in dialog.shared_field.text()
        assert "{evento}" in dialog.caption_template.text()
        assert "la alcaldesa de Iztacalco" in dialog.caption_preview.text()  # a code expanded
        assert dialog.code_rows() == sorted(EXAMPLE_CODES.items())
        empty = [e.objectName() or e.placeholderText() for e in dialog.findChildren(QLineEdit)
                 if not e.text()]  # fmt: skip
        assert empty == []
        shown = dialog.tabs.currentWidget()
        assert shown is not None and shown.isAncestorOf(dialog.caption_template)
        cut = [label.text() for label in shown.findChildren(QLabel)
               if not label.wordWrap() and label.width() < label.sizeHint().width()]  # fmt: skip
        assert cut == []
    finally:
        dialog.close()
    assert not Path(settings_path()).exists()  # the person's settings: neither made nor changed
    assert not Path(codes_path(str(demo_library))).exists()  # example codes only shown


def test_screenshot_of_the_settings_view(
    qapp: QApplication, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "settings.png"
    assert run_screenshot(str(out), "settings", library=str(library)) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    middle, corner = image.pixelColor(640, 400), image.pixelColor(5, 795)
    assert middle != corner  # the dialog is drawn over the dimmed window
    assert out.stat().st_size > 20_000
    assert list(scratch.iterdir()) == []  # the temporary settings folder is gone
    assert not Path(settings_path()).exists()
