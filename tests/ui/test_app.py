"""Starting the app: a clear message when Qt cannot open a window, Spanish, dark, screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from ui import app as app_module
from ui.app import XCB_LIBRARIES, create_application, qt_platform_problem, run_app
from ui.screenshot import run_screenshot

ROOT = Path(__file__).resolve().parents[2]


def _only_missing(*missing: str):
    return lambda name: None if name in missing else f"lib{name}.so.0"


def test_missing_xcb_cursor_says_what_to_install() -> None:
    env = {"DISPLAY": ":0"}
    message = qt_platform_problem(env, "linux", _only_missing("xcb-cursor"))
    assert message is not None
    assert "sudo apt install libxcb-cursor0" in message
    assert "xcb-util-cursor" in message  # the Fedora name too
    both = qt_platform_problem(env, "linux", _only_missing("xcb-cursor", "xcb-icccm"))
    assert both is not None and "sudo apt install libxcb-cursor0 libxcb-icccm4" in both


def test_no_message_when_qt_will_not_use_xcb() -> None:
    nothing_found = _only_missing(*(name for name, _deb, _rpm in XCB_LIBRARIES))
    assert qt_platform_problem({"DISPLAY": ":0"}, "win32", nothing_found) is None
    assert qt_platform_problem({"DISPLAY": ":0"}, "darwin", nothing_found) is None
    assert qt_platform_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", nothing_found) is None
    assert qt_platform_problem({"QT_QPA_PLATFORM": "wayland"}, "linux", nothing_found) is None
    assert qt_platform_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", nothing_found) is None
    # Asked for xcb explicitly: checked even in a Wayland session.
    forced = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert qt_platform_problem(forced, "linux", nothing_found) is not None


def test_everything_present_is_fine_and_no_display_is_explained() -> None:
    assert qt_platform_problem({"DISPLAY": ":0"}, "linux", _only_missing()) is None
    message = qt_platform_problem({}, "linux", _only_missing())
    assert message is not None and "DISPLAY" in message and "offscreen" in message


def test_run_app_prints_the_message_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(app_module, "qt_platform_problem", lambda: "instala libxcb-cursor0")
    assert run_app() == 2
    assert "instala libxcb-cursor0" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 (xcb) is Linux's")
def test_main_without_a_screen_gives_the_spanish_message(library: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Cobertura no" in done.stderr  # our words, not Qt's abort
    assert "qt.qpa.plugin" not in done.stderr


def test_application_is_spanish_and_dark(qapp: QApplication) -> None:
    app = create_application()
    assert app is qapp
    assert "QListView#grid" in app.styleSheet()
    window = app.palette().color(QPalette.ColorRole.Window)
    assert window.lightness() < 60
    # Qt's own words (standard buttons) come in Spanish from qtbase_es.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_screenshot_of_the_grid(qapp: QApplication, tmp_path: Path) -> None:
    out = tmp_path / "grid.png"
    assert run_screenshot(str(out), "grid", library=str(tmp_path / "biblioteca")) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert out.stat().st_size > 20_000
    assert (tmp_path / "biblioteca" / ".cobertura" / "events.json").is_file()  # demo built


def test_screenshot_command_of_the_ingest_view(tmp_path: Path) -> None:
    out = tmp_path / "ingest.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it goes offscreen
    done = subprocess.run(
        [sys.executable, "main.py", "screenshot", str(out), "--view", "ingest"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() == 1280
    assert "Fatal Python error" not in done.stderr


def test_bool_guard_keeps_a_signal_heavy_process_alive(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QObject, Signal, QEventLoop\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.qt_compat import install_singleton_guard\n"
        "app = QApplication([])\n"
        "install_singleton_guard()\n"
        "class Ping(QObject):\n"
        "    s = Signal(int)\n"
        "p = Ping()\n"
        "for i in range(50_000):\n"
        "    p.s.emit(i)\n"
        "    if i % 1000 == 0:\n"
        "        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alive"
