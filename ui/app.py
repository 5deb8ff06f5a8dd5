"""Starting the desktop app: check that Qt can open a window, then translations, theme, window.

On Linux, Qt's X11 plugin (xcb) needs system libraries that a plain ``pip install`` does
not bring; without them Qt aborts with a bare "could not load the Qt platform plugin".
``qt_platform_problem`` finds that out first and says, in Spanish, what to install.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow

from media.library import default_library
from media.settings import LANGUAGES, load_settings
from ui.qt_compat import install_singleton_guard
from ui.theme import apply_dark_theme

EXIT_CANNOT_RUN = 2
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(ROOT, "resources", "i18n")
SOURCE_LANGUAGE = "es_MX"  # the words in the code: no Cobertura translator needed
_installed: list[QTranslator] = []  # this process's translators, so a change can replace them
_windows: list[QMainWindow] = []  # the open main windows (Qt does not keep Python objects alive)

# (library name for find_library, Debian/Ubuntu package, Fedora package) that Qt 6's xcb
# plugin loads and PySide6 wheels do not ship.
XCB_LIBRARIES = (
    ("xcb-cursor", "libxcb-cursor0", "xcb-util-cursor"),
    ("xcb-icccm", "libxcb-icccm4", "xcb-util-wm"),
    ("xcb-keysyms", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("xcb-image", "libxcb-image0", "xcb-util-image"),
    ("xcb-render-util", "libxcb-render-util0", "xcb-util-renderutil"),
    ("xcb-randr", "libxcb-randr0", "libxcb"),
    ("xcb-shape", "libxcb-shape0", "libxcb"),
    ("xcb-xkb", "libxcb-xkb1", "libxcb"),
    ("xkbcommon-x11", "libxkbcommon-x11-0", "libxkbcommon-x11"),
)


def qt_platform_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """A message for people when Qt's X11 plugin cannot start here, else None.

    Only checks what Qt would use: Linux with ``QT_QPA_PLATFORM`` unset or ``xcb`` and no
    Wayland session. Runs before ``QApplication`` exists, so Qt cannot abort first.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    wanted = env.get("QT_QPA_PLATFORM", "").strip().lower().split(";")[0]
    if wanted and not wanted.startswith("xcb"):
        return None  # offscreen, wayland, eglfs...: not our business
    if not wanted and env.get("WAYLAND_DISPLAY"):
        return None  # Qt picks its Wayland plugin, which needs none of these
    missing = [(deb, rpm) for name, deb, rpm in XCB_LIBRARIES if not find_library(name)]
    if missing:
        debs = " ".join(deb for deb, _ in missing)
        rpms = " ".join(sorted({rpm for _, rpm in missing}))
        return (
            "Cobertura no puede abrir su ventana: faltan bibliotecas del sistema que Qt "
            "necesita para dibujar en X11 (xcb).\n\n"
            "Instálalas con:\n\n"
            f"    sudo apt install {debs}\n\n"
            f"(En Fedora: sudo dnf install {rpms})\n\n"
            "Después vuelve a abrir Cobertura. La línea de comandos (python main.py ingest ...) "
            "funciona sin ellas."
        )
    if not env.get("DISPLAY"):
        return (
            "Cobertura no encuentra una pantalla donde abrir su ventana (la variable DISPLAY "
            "está vacía). Ábrela desde el escritorio, no desde una sesión remota sin "
            "pantalla; para pruebas sin pantalla usa QT_QPA_PLATFORM=offscreen."
        )
    return None


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (the existing one when there is one), translated and themed.

    Importing Qt is harmless; creating the QApplication is what aborts when the platform
    plugin cannot load, so call ``qt_platform_problem`` first.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    install_singleton_guard()  # before any signal flows: see ui.qt_compat
    app.setApplicationName("Cobertura")
    app.setOrganizationName("Cobertura")
    install_translations(app, load_settings().language)
    apply_dark_theme(app)
    return app


def install_translations(app: QCoreApplication, language: str) -> list[str]:
    """Put the interface in ``language`` ('es_MX' or 'en'); the translation files loaded.

    Spanish is the language of the code, so it needs only Qt's own ``qtbase_es`` (standard
    buttons); English adds ``resources/i18n/cobertura_en.qm``. Replaces what an earlier call
    installed, so the language can change while the app runs (windows made afterwards show
    it). An unknown language falls back to Spanish.
    """
    if language not in LANGUAGES:
        language = SOURCE_LANGUAGE
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    short = language.split("_")[0]
    wanted = [(f"qtbase_{short}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if language != SOURCE_LANGUAGE:
        wanted.append((f"cobertura_{short}", TRANSLATIONS))
    loaded = []
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(name)
    app.setProperty("cobertura_translations", len(loaded))
    app.setProperty("cobertura_language", language)
    return loaded


def run_app(argv: Sequence[str] | None = None) -> int:
    """Open the main window on ``$COBERTURA_LIBRARY`` (or the default library); the exit code."""
    problem = qt_platform_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_RUN
    from ui.main_window import MainWindow

    app = create_application(argv)
    window = MainWindow(default_library())
    _windows.append(window)
    window.show()
    return int(app.exec())


def reopen_main_window(old: QMainWindow, library: str) -> QMainWindow:
    """A new main window on ``library`` (in the language now installed), where ``old`` was.

    ``old`` closes the usual way (pending catalog writes finish first). The new window is
    kept referenced here, as ``run_app`` keeps the first one.
    """
    from ui.main_window import MainWindow

    window = MainWindow(library)
    window.setGeometry(old.geometry())
    if old.isMaximized():
        window.showMaximized()
    else:
        window.show()
    _windows.append(window)
    old.close()  # freed with its last Python reference (it has no Qt parent)
    if old in _windows:
        _windows.remove(old)
    return window
