"""The day's agenda, above the event list: most important first, with what is already ingested.

The day is read on a worker (``media.agenda_day.day_agenda``); results for a day no longer
shown are dropped. Choosing an event that has files emits ``chosen(folder)``, which the main
window turns into opening that event folder in the grid.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from media.agenda_day import AgendaEntry, day_agenda
from media.settings import load_settings
from ui.text import count_text, tr
from ui.workers import TaskRunner

EntryRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 46
VISIBLE_ROWS = 5  # the list grows to this many events, then scrolls
PRIORITY_WORDS = {
    5: QT_TRANSLATE_NOOP("", "prioridad alta"),
    4: QT_TRANSLATE_NOOP("", "prioridad alta"),
    3: QT_TRANSLATE_NOOP("", "prioridad media"),
    2: QT_TRANSLATE_NOOP("", "prioridad baja"),
    1: QT_TRANSLATE_NOOP("", "prioridad baja"),
}
PRIORITY_COLOURS = {5: "#f85149", 4: "#d29922", 3: "#5b8fd6", 2: "#6a6a6a", 1: "#6a6a6a"}


def load_day(library: str, day: date | None) -> tuple[date, list[AgendaEntry], str]:
    """(the day, its entries, the time zone) — ``None`` is today in the library's zone.

    Reads the settings, the agenda and catalogs: run it on a worker.
    """
    tz = load_settings().time_zone
    if day is None:
        day = datetime.now(ZoneInfo(tz)).date()
    return day, day_agenda(library, day, tz), tz


def time_text(entry: AgendaEntry, tz: str) -> str:
    """'10:00–12:00', or 'Todo el día'."""
    event = entry.event
    if event.all_day:
        return tr("Todo el día")
    zone = ZoneInfo(tz)
    start, end = event.start_dt.astimezone(zone), event.end_dt.astimezone(zone)
    return f"{start:%H:%M}–{end:%H:%M}" if end > start else f"{start:%H:%M}"


def files_text(entry: AgendaEntry) -> str:
    """'3 fotos · 1 video', or that nothing is in yet."""
    if not entry.files:
        return tr("sin archivos todavía")
    return count_text(entry.photos, entry.videos, entry.audios)


class AgendaModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[AgendaEntry] = []
        self.tz = ""

    def set_entries(self, entries: list[AgendaEntry], tz: str) -> None:
        self.beginResetModel()
        self.entries, self.tz = list(entries), tz
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's idiom)
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{time_text(entry, self.tz)} {entry.event.title}"
        if role == EntryRole:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                entry.event.title,
                entry.event.place,
                tr(str(PRIORITY_WORDS.get(entry.event.priority, PRIORITY_WORDS[3]))),
            ]
            if entry.folder is None:
                lines.append(tr("Aún no hay archivos de este evento en la biblioteca."))
            return "\n".join(line for line in lines if line)
        return None


class AgendaDelegate(QStyledItemDelegate):
    """A priority bar; time and title on the first line; place and files on the second."""

    def __init__(self, model: AgendaModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        return QSize(200, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        entry: AgendaEntry | None = index.data(EntryRole)
        if entry is None:
            return
        painter.save()
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#44546a"))
        colour = QColor(PRIORITY_COLOURS.get(entry.event.priority, "#6a6a6a"))
        painter.fillRect(QRect(rect.x() + 3, rect.y() + 6, 4, rect.height() - 12), colour)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#e6e6e6" if entry.files else "#b8b8b8"))
        top = QRect(rect.x() + 14, rect.y() + 4, rect.width() - 22, 20)
        line = f"{time_text(entry, self.model.tz)}  {entry.event.title}"
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(top, align, painter.fontMetrics().elidedText(line, elide, top.width()))
        painter.setFont(option.font)
        painter.setPen(QColor("#56d364" if entry.files else "#9a9a9a"))
        second = " · ".join(p for p in (entry.event.place, files_text(entry)) if p)
        bottom = QRect(rect.x() + 14, rect.y() + 24, rect.width() - 22, 18)
        painter.drawText(
            bottom, align, painter.fontMetrics().elidedText(second, elide, bottom.width())
        )
        painter.restore()


class AgendaPanel(QWidget):
    """The agenda of one day with a date selector. ``chosen(folder)`` opens an event's files."""

    chosen = Signal(str)
    loaded = Signal()

    def __init__(self, library: str, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        self.day: date | None = None  # None until the first load says what today is
        self.error: str | None = None
        self._generation = 0
        title = QLabel(tr("Agenda"))
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setToolTip(tr("Día de la agenda"))
        previous, following = QToolButton(), QToolButton()
        previous.setText("‹")
        previous.setToolTip(tr("Día anterior"))
        following.setText("›")
        following.setToolTip(tr("Día siguiente"))
        today = QToolButton()
        today.setText(tr("Hoy"))
        previous.clicked.connect(lambda: self._step(-1))
        following.clicked.connect(lambda: self._step(1))
        today.clicked.connect(lambda: self.set_day(None))
        header = QHBoxLayout()
        header.setContentsMargins(6, 4, 4, 2)
        header.addWidget(title)
        header.addStretch(1)
        for widget in (previous, self.date_edit, following, today):
            header.addWidget(widget)
        self.model = AgendaModel(self)
        self.view = QListView()
        self.view.setObjectName("agenda")
        self.view.setModel(self.model)
        self.view.setItemDelegate(AgendaDelegate(self.model, self.view))
        self.view.setUniformItemSizes(True)
        self.note = QLabel()
        self.note.setObjectName("dim")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(8, 2, 8, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.view)
        layout.addWidget(self.note)
        self.view.clicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.date_edit.dateChanged.connect(self._on_date_edited)
        self._fit_height()
        self._show_note(tr("Cargando la agenda…"))

    # -- loading --------------------------------------------------------------------------
    def set_day(self, day: date | None) -> None:
        """Show ``day``'s agenda (``None``: today); read on a worker."""
        self._generation += 1
        generation = self._generation
        library = self.library
        self.tasks.submit(
            lambda: load_day(library, day),
            lambda result: self._on_loaded(generation, result),
            lambda error: self._on_error(generation, error),
        )

    def reload(self) -> None:
        """Read the shown day again (after an ingest or an agenda import)."""
        self.set_day(self.day)

    def _on_loaded(self, generation: int, result: tuple[date, list[AgendaEntry], str]) -> None:
        if generation != self._generation:
            return  # another day was asked for meanwhile
        day, entries, tz = result
        self.day, self.error = day, None
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.model.set_entries(entries, tz)
        self._fit_height()
        if entries:
            self._show_note("")
        else:
            self._show_note(tr("No hay eventos en la agenda de este día."))
        self.loaded.emit()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.error = str(error)
        self.model.set_entries([], self.model.tz)
        self._fit_height()
        self._show_note(tr("No se pudo leer la agenda: {0}").format(error))
        self.loaded.emit()

    def _fit_height(self) -> None:
        """As tall as the day's events (up to ``VISIBLE_ROWS``); hidden on a day without any."""
        rows = min(VISIBLE_ROWS, self.model.rowCount())
        self.view.setFixedHeight(rows * ROW_HEIGHT + 2 * self.view.frameWidth())
        self.view.setVisible(rows > 0)

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # -- choosing -------------------------------------------------------------------------
    def _step(self, days: int) -> None:
        self.date_edit.setDate(self.date_edit.date().addDays(days))

    def _on_date_edited(self, value: QDate) -> None:
        self.set_day(date(value.year(), value.month(), value.day()))

    def _open(self, index: QModelIndex) -> None:
        entry: AgendaEntry | None = index.data(EntryRole) if index.isValid() else None
        if entry is None:
            return
        if entry.folder is not None:
            self.chosen.emit(entry.folder)
        else:
            self._show_note(
                tr("Aún no hay archivos de «{0}» en la biblioteca.").format(entry.event.title)
            )
