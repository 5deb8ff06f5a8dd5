"""The caption and credit editor of the details panel: for every selected item at once.

A person types the caption ("pie de foto") with template variables (``{evento}``,
``{lugar}``, ``{fecha}``…) and the office's codes (``=alc``); the preview shows the text
the current item will get. Saving (the button, Ctrl+Enter, or Esc) fills and expands the
text per item and writes it through the one writer runner: the edit journal, then the
XMP sidecar (``media.caption_apply``). Edits go to the items selected when typing began;
moving to another item saves them first, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from media.annotate import item_event
from media.caption_apply import (
    CaptionContext,
    CaptionSaved,
    item_changes,
    load_context,
    save_captions,
)
from media.captions import VARIABLES
from media.culling import event_items
from ui.grid_model import GridModel
from ui.grid_view import GridView
from ui.text import tr
from ui.workers import TaskRunner

# Ready-made caption templates (the settings' own template comes first when there is one).
TEMPLATES = (
    "{evento}, {lugar}. {fecha}.",
    "{evento} en {lugar}, {fecha}.",
    "{área}: {evento}. {lugar}, {fecha}.",
)


class CaptionEditor(QWidget):
    """Caption, credit, keywords and place; hidden until ``attach`` gives it a library."""

    finished = Signal()  # saved with Ctrl+Enter or left with Esc: the keyboard goes back
    saved = Signal(int, str)  # items saved, problems in words ("" when none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionEditor")
        self.library: str | None = None
        self.model: GridModel | None = None
        self.view: GridView | None = None
        self.writer: TaskRunner | None = None
        self.context = CaptionContext()
        self.item: dict[str, Any] | None = None
        self.targets: list[str] = []  # ids the typed text will be saved to
        self.dirty: set[str] = set()
        self._loading = False
        self._build()
        self.hide()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        heading = QLabel(tr("Pie de foto y crédito"))
        heading.setObjectName("caption")
        self.target_label = QLabel()
        self.target_label.setObjectName("dim")
        self.template = QComboBox()
        self.template.setToolTip(
            tr("Variables: {0}").format(", ".join("{" + v + "}" for v in VARIABLES))
        )
        self.template.activated.connect(self._insert_template)
        self.caption = QPlainTextEdit()
        self.caption.setObjectName("captionText")
        self.caption.setPlaceholderText(tr("Pie de foto: {evento}, =código…"))
        self.caption.setTabChangesFocus(True)
        self.caption.setFixedHeight(84)
        self.preview = QLabel()
        self.preview.setObjectName("dim")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.credit = QLineEdit()
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(tr("palabras separadas por comas"))
        self.place = QLineEdit()
        self.codes_label = QLabel()
        self.codes_label.setObjectName("dim")
        self.codes_label.setWordWrap(True)
        self.save_button = QPushButton(tr("Guardar (Ctrl+Intro)"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(lambda: self.save())
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(tr("Crédito"), self.credit)
        form.addRow(tr("Palabras clave"), self.keywords)
        form.addRow(tr("Lugar"), self.place)
        above: list[QWidget] = [heading, self.target_label, self.template, self.caption]
        for part in [*above, self.preview]:
            layout.addWidget(part)
        layout.addLayout(form)
        for part in [self.codes_label, self.save_button, self.status]:
            layout.addWidget(part)
        self.fields: dict[str, QPlainTextEdit | QLineEdit] = {
            "caption": self.caption,
            "credit": self.credit,
            "keywords": self.keywords,
            "place": self.place,
        }
        for key, field in self.fields.items():
            field.textChanged.connect(lambda *_text, k=key: self._on_typed(k))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.save(finish=True))
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.activated.connect(lambda: self.save(finish=True))

    # -- wiring ---------------------------------------------------------------------------
    def attach(
        self,
        library: str,
        model: GridModel,
        view: GridView,
        writer: TaskRunner,
        tasks: TaskRunner,
    ) -> None:
        """Work on ``library``'s items shown in ``view``; codes and agenda load on ``tasks``."""
        self.library, self.model, self.view, self.writer = library, model, view, writer
        view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        model.modelReset.connect(lambda: self.reload_context(tasks))
        self.reload_context(tasks)
        self.show()

    def reload_context(self, tasks: TaskRunner) -> None:
        """Read the codes, the agenda and the names again (they may have changed)."""
        library = self.library
        if library is not None:
            tasks.submit(lambda: load_context(library), self._on_context, self._on_context_error)

    def _on_context(self, context: CaptionContext) -> None:
        self.context = context
        self.template.clear()
        self.template.addItem(tr("Insertar plantilla…"), "")
        if context.template:
            mine = tr("Mi plantilla: {0}").format(context.template)
            self.template.addItem(mine, context.template)
        for template in TEMPLATES:
            if template != context.template:
                self.template.addItem(template, template)
        codes = sorted(context.codes.items())
        shown = ", ".join(code for code, _text in codes[:8]) + ("…" if len(codes) > 8 else "")
        self.codes_label.setText(tr("Códigos: {0}").format(shown) if codes else "")
        self.codes_label.setToolTip("\n".join(f"{code} → {text}" for code, text in codes))
        if "credit" not in self.dirty and self.item is not None:
            self._load_fields(self.item)
        self._update_preview()

    def _on_context_error(self, error: BaseException) -> None:
        self.status.setText(tr("No se pueden usar los códigos: {0}").format(error))

    def start(self) -> None:
        """Put the cursor in the caption (key C)."""
        self.caption.setFocus()
        self.caption.moveCursor(QTextCursor.MoveOperation.End)

    # -- the item shown -------------------------------------------------------------------
    def show_item(self, item: dict[str, Any] | None) -> None:
        """Show ``item``'s fields; unsaved edits of another item are saved to it first."""
        same = item is not None and self.item is not None and item.get("id") == self.item.get("id")
        if not same and self.dirty:
            self.save()
        self.item = dict(item) if item else None
        if not self.dirty:
            self._load_fields(item or {})
            self._on_selection()
        self.setEnabled(item is not None)

    def _load_fields(self, item: dict[str, Any]) -> None:
        self._loading = True
        self.caption.setPlainText(str(item.get("caption") or ""))
        self.credit.setText(str(item.get("credit") or ""))
        self.credit.setPlaceholderText(self.context.credit)
        keywords = item.get("keywords") or []
        self.keywords.setText(", ".join(keywords) if isinstance(keywords, list) else str(keywords))
        self.place.setText(str(item.get("place") or ""))
        agenda = self.context.agenda
        event = item_event(agenda, item) if agenda is not None and item else None
        self.place.setPlaceholderText(event.place if event is not None else "")  # XMP default
        self._loading = False
        self._update_preview()

    def _on_selection(self) -> None:
        """Typed text goes to the selection; once typing began, only a selection that still
        holds the item shown changes where it goes (extending it, selecting all)."""
        if self.view is None or self.model is None or self.item is None:
            return
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        ids = [str(self.model.item(r).get("id")) for r in rows]
        if not ids:
            ids = [str(self.item.get("id"))]
        if not self.dirty or str(self.item.get("id")) in ids:
            self.targets = ids
        self._show_targets()

    def _show_targets(self) -> None:
        count = len(self.targets)
        self.target_label.setText(tr("Se guarda en {0} elementos seleccionados.").format(count))
        self.target_label.setVisible(count > 1)

    def _on_typed(self, key: str) -> None:
        if self._loading:
            return
        self.dirty.add(key)
        self.status.setText("")
        self._update_preview()

    def _insert_template(self, index: int) -> None:
        template = str(self.template.itemData(index) or "")
        self.template.setCurrentIndex(0)
        if template:
            self.caption.insertPlainText(template)
            self.caption.setFocus()

    def _update_preview(self) -> None:
        """The caption the current item gets, or why it cannot be saved."""
        text = self.caption.toPlainText()
        if self.item is None or not text.strip():
            self.preview.setText("")
            self.save_button.setEnabled(bool(self.dirty))
            return
        try:
            filled = item_changes(self.item, {"caption": text}, self.context)["caption"]
        except ValueError as exc:
            self.preview.setText(tr("No se puede guardar: {0}").format(exc))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(bool(self.dirty))
        self.preview.setText(tr("Quedará: {0}").format(filled) if filled != text else "")

    # -- saving ---------------------------------------------------------------------------
    def typed(self) -> dict[str, str]:
        """The fields changed since they were shown, as typed."""
        return {key: _text(self.fields[key]) for key in sorted(self.dirty)}

    def save(self, finish: bool = False) -> int:
        """Save the changed fields on the target items (through the writer); returns how
        many items will be written. ``finish`` gives the keyboard back afterwards."""
        typed = self.typed()
        targets = [t for t in self.targets if self.model and self.model.row_of(t) is not None]
        if finish:
            self.finished.emit()
        if not typed or not targets or self.model is None or self.writer is None:
            return 0
        if "caption" in typed:
            try:
                item_changes(self.item or {}, {"caption": typed["caption"]}, self.context)
            except ValueError as exc:
                self.status.setText(tr("No se guardó: {0}").format(exc))
                return 0
        folder, library = self.model.folder, self.library
        if folder is None or library is None:
            return 0
        items = [self.model.item(row) for t in targets if (row := self.model.row_of(t)) is not None]
        self.dirty.clear()
        self.status.setText(tr("Guardando…"))

        def job() -> tuple[list[CaptionSaved], list[dict[str, Any]]]:
            return save_captions(library, folder, items, typed), event_items(folder)

        self.writer.submit(
            job,
            lambda result: self._on_saved(folder, *result),
            lambda error: self._on_failed(set(typed), error),
        )
        return len(items)

    def _on_saved(
        self, folder: str, results: list[CaptionSaved], items: list[dict[str, Any]]
    ) -> None:
        problems = [r.problem for r in results if r.problem]
        model = self.model
        if model is not None and model.folder == folder:
            saved = {r.item_id for r in results}
            for record in items:  # show what the disk holds now
                row = model.row_of(str(record.get("id")))
                if row is not None and record.get("id") in saved:
                    model.update_item(row, {k: record.get(k) for k in _SHOWN if k in record})
        done = len(results) - len(problems)
        text = tr("Pie de foto guardado en {0} elementos.").format(done) if done else ""
        self.status.setText("\n".join([text, *problems]).strip())
        self.saved.emit(done, "\n".join(problems))

    def _on_failed(self, keys: set[str], error: BaseException) -> None:
        self.dirty |= keys  # what is still in the fields can be saved again
        self.status.setText(tr("No se pudo guardar el pie de foto: {0}").format(error))
        self.saved.emit(0, str(error))


_SHOWN = ("caption", "credit", "keywords", "place")


def _text(widget: QPlainTextEdit | QLineEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
