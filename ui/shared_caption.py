"""The writers' caption box: who contributed a photo, its caption and credit, and who edited last.

The box only edits text; saving (in this writer's journal on the share) is the view's job,
asked for through ``save_requested``. A reload of the event that arrives while a person is
typing never replaces what they typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.text import tr

FIELD_NAMES = {
    "caption": QT_TRANSLATE_NOOP("", "pie de foto"),
    "credit": QT_TRANSLATE_NOOP("", "crédito"),
    "pick": QT_TRANSLATE_NOOP("", "elección"),
    "reject": QT_TRANSLATE_NOOP("", "descarte"),
    "stars": QT_TRANSLATE_NOOP("", "estrellas"),
    "label": QT_TRANSLATE_NOOP("", "etiqueta"),
}


def last_edit_text(record: dict[str, Any] | None) -> str:
    """'pie de foto, por ana@laptop, 2026-01-15 10:32 (UTC)' for a journal record."""
    if not record:
        return tr("sin ediciones")
    name = tr(FIELD_NAMES.get(str(record.get("field")), str(record.get("field"))))
    try:
        when = datetime.fromisoformat(str(record.get("at"))).strftime("%Y-%m-%d %H:%M (UTC)")
    except ValueError:
        when = str(record.get("at", ""))
    return tr("{0}, por {1}, {2}").format(name, record.get("writer", "?"), when)


class SharedCaptionBox(QWidget):
    """Writers, caption, credit and last edit of the selected item of a share event."""

    save_requested = Signal(str, str, str)  # item id, caption, credit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shared_caption")
        self.item_id: str | None = None
        self._loaded = ("", "")  # caption and credit as last shown from the share
        self.writers = QLabel()
        self.writers.setWordWrap(True)
        self.writers.setObjectName("shared_writers")
        self.caption = QPlainTextEdit()
        self.caption.setObjectName("shared_caption_text")
        self.caption.setPlaceholderText(tr("Pie de foto (los códigos como =alc se expanden)"))
        self.caption.setFixedHeight(90)
        self.credit = QLineEdit()
        self.credit.setObjectName("shared_credit")
        self.credit.setPlaceholderText(tr("Foto: NOMBRE / Alcaldía Iztacalco"))
        self.save_button = QPushButton(tr("Guardar pie de foto"))
        self.save_button.setToolTip(
            tr("Ctrl+Intro. Se guarda en tu diario, en la carpeta compartida.")
        )
        self.save_button.clicked.connect(self.request_save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.request_save).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.last_edit = QLabel()
        self.last_edit.setWordWrap(True)
        self.last_edit.setObjectName("dim")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self._caption_label(tr("Aportada por")), self.writers)
        form.addRow(self._caption_label(tr("Pie de foto")), self.caption)
        form.addRow(self._caption_label(tr("Crédito")), self.credit)
        form.addRow(self._caption_label(tr("Última edición")), self.last_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        self.show_item(None)

    @staticmethod
    def _caption_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("caption")
        return label

    def dirty(self) -> bool:
        """True while the person has typed something not saved yet."""
        return (self.caption.toPlainText(), self.credit.text()) != self._loaded

    def show_item(self, item: dict[str, Any] | None, last: dict[str, Any] | None = None) -> None:
        """Show ``item`` (None: nothing selected). The same item shown again (a reload)
        keeps unsaved typing."""
        same = item is not None and str(item.get("id")) == self.item_id
        self.item_id = str(item["id"]) if item is not None else None
        self.setEnabled(item is not None)
        if item is None:
            self.writers.setText("")
            self.last_edit.setText("")
            self._set_texts("", "")
            return
        self.writers.setText(", ".join(item.get("writers") or []) or tr("desconocido"))
        self.last_edit.setText(last_edit_text(last))
        if not (same and self.dirty()):
            self._set_texts(str(item.get("caption") or ""), str(item.get("credit") or ""))

    def saved(self, caption: str, credit: str) -> None:
        """What was saved is now what the share holds."""
        self._set_texts(caption, credit)

    def request_save(self) -> None:
        if self.item_id is not None:
            self.save_requested.emit(
                self.item_id, self.caption.toPlainText().strip(), self.credit.text().strip()
            )

    def _set_texts(self, caption: str, credit: str) -> None:
        self._loaded = (caption, credit)
        if self.caption.toPlainText() != caption:
            self.caption.setPlainText(caption)
        if self.credit.text() != credit:
            self.credit.setText(credit)
            self.credit.setCursorPosition(0)  # a long credit shows its beginning
