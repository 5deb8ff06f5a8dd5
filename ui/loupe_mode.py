"""Puts the loupe in the main window: opening and leaving it, full screen, compare, toolbar.

The loupe takes the grid's place in the centre; the event list, the details (with the
caption editor) and the jobs stay beside it. Full screen hides everything but the loupe.
Keys, as in Photo Mechanic: Enter, Space or a double click open the loupe; Esc, Enter,
Space or G go back to the grid; F full screen (from the grid too); Shift+C compare;
C writes the caption (leaving full screen, since the editor is in the details panel).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from ui.loupe import Loupe
from ui.preview_cache import PreviewCache
from ui.text import tr

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class LoupeMode(QObject):
    """The loupe's life in ``window``: built once, shown instead of the grid on demand."""

    def __init__(self, window: MainWindow, toolbar: QToolBar) -> None:
        super().__init__(window)
        self.window = window
        self.cache = PreviewCache(self)
        self.loupe = Loupe(window.model, window.grid, self.cache)
        self.full_screen = False
        self._was_maximized = False
        self._hidden: list[QWidget] = []
        window.centre.addWidget(self.loupe)
        window.centre.currentChanged.connect(self._on_page)
        window.grid.command.connect(self.command)
        self.loupe.command.connect(self.command)
        self.loupe.culling.connect(window.culling.apply)
        window.culling.accepted.connect(self._on_accepted)
        self.actions = {
            "loupe": (tr("Lupa"), tr("Ver la foto en grande (Intro o Espacio)")),
            "compare": (tr("Comparar"), tr("Dos fotos lado a lado (Mayús+C)")),
            "full_screen": (tr("Pantalla completa"), tr("Pantalla completa (F)")),
            "accept_suggested": (
                tr("Aceptar sugeridas"),
                tr("Elegir todas las fotos sugeridas (Mayús+P)"),
            ),
        }
        # Before the toolbar's key hint (a label), so a narrow window cuts the hint, not these.
        hint = next(
            (a for a in toolbar.actions() if isinstance(toolbar.widgetForAction(a), QLabel)), None
        )
        for name, (text, tip) in self.actions.items():
            action = QAction(text, window)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, n=name: self.command(n))
            stacks = getattr(getattr(window, "stacks", None), "action", None)
            if name == "accept_suggested" and stacks is not None:
                toolbar.insertAction(stacks, action)  # beside «Sugerir fotos», which it follows
            elif hint is None:
                toolbar.addAction(action)
            else:
                toolbar.insertAction(hint, action)
        if hint is not None:
            toolbar.insertSeparator(hint)

    @property
    def is_open(self) -> bool:
        return self.window.centre.currentWidget() is self.loupe

    def command(self, name: str) -> None:
        """Do what a key, a button or a double click asked for."""
        if name == "loupe" and self.is_open:
            self.close()
        elif name == "loupe" and self._current_kind() not in ("video", "audio"):
            self.open()  # clips and takes open the trim view (MainWindow._trim_on_open)
        elif name == "grid":
            self.close()
        elif name == "compare":
            self.open()
            self.loupe.set_compare(not self.loupe.compare)
        elif name == "full_screen":
            self.set_full_screen(not self.full_screen)
        elif name == "caption":
            self.set_full_screen(False)
            self.window.details.start_caption()
        elif name == "accept_suggested":
            self.window.culling.accept_suggested()

    def _current_kind(self) -> str:
        index = self.window.grid.currentIndex()
        return str(self.window.model.item(index.row()).get("kind")) if index.isValid() else ""

    def open(self) -> bool:
        """Show the loupe on the grid's current item; False when the grid shows nothing."""
        window = self.window
        if window.centre.currentWidget() not in (window.grid, self.loupe):
            return False  # an empty event or library: nothing to look at
        if not window.grid.currentIndex().isValid():
            if window.model.rowCount() == 0:
                return False
            window.grid.setCurrentIndex(window.model.index(0))
        if not self.is_open:
            window.centre.setCurrentWidget(self.loupe)
            self.loupe.open()
        self.loupe.setFocus()
        return True

    def close(self) -> None:
        """Back to the grid, on the item the loupe showed."""
        self.set_full_screen(False)
        if self.is_open:
            self.window.centre.setCurrentWidget(self.window.grid)
        self.window.grid.setFocus()

    def return_focus(self) -> None:
        """Give the keyboard back to the loupe or the grid, whichever is shown."""
        (self.loupe if self.is_open else self.window.grid).setFocus()

    def set_full_screen(self, on: bool) -> None:
        """Only the loupe on the whole screen (opening it if needed), or back."""
        window = self.window
        if on == self.full_screen or (on and not self.open()):
            return
        self.full_screen = on
        if on:
            self._was_maximized = window.isMaximized()
            parts = _around(window.centre, window.centralWidget())
            parts += [window.statusBar(), *window.findChildren(QToolBar)]
            self._hidden = [w for w in parts if w.isVisible()]
            for widget in self._hidden:
                widget.hide()
            window.showFullScreen()
            self.loupe.setFocus()
        else:
            for widget in self._hidden:
                widget.show()
            self._hidden = []
            if self._was_maximized:
                window.showMaximized()
            else:
                window.showNormal()

    def shutdown(self) -> None:
        self.cache.shutdown()

    def _on_page(self, _index: int) -> None:
        if not self.is_open and self.loupe.opened:
            self.loupe.close_loupe()  # the grid came back (another event, a reload)
            self.set_full_screen(False)

    def _on_accepted(self, count: int) -> None:
        text = (
            tr("No hay sugeridas por aceptar.")
            if count == 0
            else tr("{0} sugeridas aceptadas como elegidas.").format(count)
        )
        self.window.statusBar().showMessage(text, 5000)


def _around(widget: QWidget, top: QWidget | None) -> list[QWidget]:
    """Every widget beside ``widget`` or beside one of its parents, up to ``top``."""
    found: list[QWidget] = []
    parent = widget.parentWidget()
    while widget is not top and parent is not None:
        found += [w for w in parent.findChildren(QWidget, options=_DIRECT) if w is not widget]
        widget, parent = parent, parent.parentWidget()
    return found


_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
