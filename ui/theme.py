"""A dark, neutral theme for judging photos: grey without colour casts, so pictures look true."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

WINDOW = "#262626"
BASE = "#1c1c1c"
PANEL = "#2e2e2e"
TEXT = "#e6e6e6"
DIM = "#9a9a9a"
ACCENT = "#5b8fd6"

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QListView#grid {{ background: #303030; border: none; }}
QListView#events {{ background: {BASE}; border: none; }}
QScrollArea#details, QScrollArea#details > QWidget > QWidget {{ background: {PANEL}; }}
QScrollArea#jobs, QScrollArea#jobs > QWidget > QWidget {{ background: {BASE}; }}
QLabel#caption {{ color: {DIM}; font-size: 9pt; }}
QLabel#dim {{ color: {DIM}; }}
QLabel#plan {{ font-size: 11pt; padding: 6px; background: {PANEL}; border-radius: 4px; }}
QLabel#empty {{ color: {DIM}; font-size: 13pt; }}
QLabel#verdict {{ font-size: 15pt; font-weight: bold; padding: 12px; border-radius: 6px; }}
QLabel#verdict[verdict="ok"] {{ background: #1f5130; color: #ffffff; }}
QLabel#verdict[verdict="bad"] {{ background: #7a1f1f; color: #ffffff; }}
QLabel[verdict="ok"] {{ color: #56d364; font-weight: bold; }}
QLabel[verdict="bad"] {{ color: #ff7b72; font-weight: bold; }}
QLineEdit, QComboBox {{ padding: 4px 6px; border: 1px solid #444; border-radius: 4px;
    background: {BASE}; }}
QLineEdit:focus, QComboBox:focus {{ border-color: {ACCENT}; }}
QPushButton {{ padding: 5px 12px; border: 1px solid #4a4a4a; border-radius: 4px;
    background: #3a3a3a; }}
QPushButton:hover {{ background: #454545; }}
QPushButton:disabled {{ color: #6a6a6a; }}
QPushButton#primary {{ background: #2f5f9e; border-color: #3d74bd; color: white; }}
QPushButton#primary:disabled {{ background: #2c3645; border-color: #3a3a3a; color: #8a8a8a; }}
QProgressBar {{ border: 1px solid #444; border-radius: 4px; background: {BASE};
    text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
QFrame#jobRow {{ border-bottom: 1px solid #333; }}
QToolBar {{ border: none; spacing: 6px; padding: 3px; }}
QSplitter::handle {{ background: #1a1a1a; }}
QStatusBar {{ color: {DIM}; }}
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: PANEL,
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#7a7a7a",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb0ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):  # fmt: skip
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6a6a6a"))
    return palette


def apply_dark_theme(app: QApplication) -> None:
    """Fusion style, a neutral dark palette and the app's style sheet."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    app.setStyleSheet(STYLE_SHEET)


def set_verdict(widget: QWidget, ok: bool | None) -> None:
    """Colour ``widget`` as good news (True), bad news (False) or neither (None)."""
    widget.setProperty("verdict", None if ok is None else "ok" if ok else "bad")
    widget.style().unpolish(widget)
    widget.style().polish(widget)
