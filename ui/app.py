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

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from media.library import default_library
from media.settings import load_settings
from ui.qt_compat import install_singleton_guard
from ui.theme import apply_dark_theme

EXIT_CANNOT_RUN = 2
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(ROOT, "resources", "translations")

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
    locale = QLocale(load_settings().language or "es_MX")
    QLocale.setDefault(locale)
    translators = []
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase", qt_path), ("cobertura", TRANSLATIONS)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    app.setProperty("cobertura_translations", len(translators))
    apply_dark_theme(app)
    return app


def run_app(argv: Sequence[str] | None = None) -> int:
    """Open the main window on ``$COBERTURA_LIBRARY`` (or the default library); the exit code."""
    problem = qt_platform_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_RUN
    from ui.main_window import MainWindow

    app = create_application(argv)
    window = MainWindow(default_library())
    window.show()
    return int(app.exec())
