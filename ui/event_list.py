"""The left-hand panel: the library's event folders by date, with counts, and a search box."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from media.agenda import Agenda
from media.culling import event_items, rating_of
from media.library import event_folders
from ui.text import count_text, folded, long_date, tr

EventRole = Qt.ItemDataRole.UserRole + 1
_FOLDER_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (.+)$")
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class EventSummary:
    """One event folder as the list shows it."""

    folder: str
    day: date | None
    title: str
    place: str
    photos: int
    videos: int
    audios: int
    picks: int
    problems: int

    @property
    def search_text(self) -> str:
        day = f"{self.day.isoformat()} {long_date(self.day)}" if self.day else ""
        return folded(f"{self.title} {self.place} {day} {os.path.basename(self.folder)}")


def load_events(library: str) -> list[EventSummary]:
    """Every event folder of ``library`` with its counts, newest first (reads the disk)."""
    try:
        agenda: Agenda | None = Agenda(library)
    except (OSError, ValueError, TypeError):
        agenda = None
    summaries = []
    for folder in event_folders(library):
        items = event_items(folder)
        match = _FOLDER_NAME.match(os.path.basename(folder))
        day = date.fromisoformat(match.group(1)) if match else None
        title = match.group(2) if match else os.path.basename(folder)
        place = ""
        ids = {i.get("event") for i in items if i.get("event")}
        if agenda is not None and len(ids) == 1:
            event = agenda.get(str(ids.pop()))
            if event is not None:
                title, place = event.title, event.place
        kinds = [i.get("kind") for i in items]
        summaries.append(
            EventSummary(
                folder=folder, day=day, title=title, place=place,
                photos=kinds.count("photo"), videos=kinds.count("video"),
                audios=kinds.count("audio"),
                picks=sum(1 for i in items if rating_of(i).pick),
                problems=sum(1 for i in items if i.get("problems")),
            )
        )  # fmt: skip
    summaries.sort(key=lambda e: (e.day or date.min, e.title), reverse=True)
    return summaries


class EventListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.events: list[EventSummary] = []

    def set_events(self, events: list[EventSummary]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.endResetModel()

    def update_event(self, folder: str, **changes: Any) -> None:
        """Change fields (``picks=3``) of the event in ``folder`` and repaint it."""
        for row, event in enumerate(self.events):
            if event.folder == folder:
                self.events[row] = replace(event, **changes)
                self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's idiom)
        return 0 if parent.isValid() else len(self.events)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return event.title
        if role == EventRole:
            return event
        if role == Qt.ItemDataRole.ToolTipRole:
            return event.folder
        return None


class EventFilter(QSortFilterProxyModel):
    """Keeps the events whose title, place or date hold every word typed (accents ignored)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.words = folded(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        event = self.sourceModel().index(source_row, 0, source_parent).data(EventRole)
        if event is None:
            return False
        haystack = event.search_text
        return all(word in haystack for word in self.words)


class EventDelegate(QStyledItemDelegate):
    """Title on the first line; date and counts, dimmer, on the second."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        return QSize(200, 50)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        event: EventSummary | None = index.data(EventRole)
        if event is None:
            return
        painter.save()
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#44546a"))
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#e6e6e6"))
        top = QRect(rect.x() + 10, rect.y() + 6, rect.width() - 20, 20)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(event.title, Qt.TextElideMode.ElideRight, top.width()),
        )  # fmt: skip
        painter.setFont(option.font)
        painter.setPen(QColor("#9a9a9a"))
        parts = [long_date(event.day) if event.day else ""]
        parts.append(count_text(event.photos, event.videos, event.audios))
        if event.picks:
            parts.append(tr("{0} elegidas").format(event.picks))
        line = " · ".join(p for p in parts if p)
        bottom = QRect(rect.x() + 10, rect.y() + 26, rect.width() - 20, 18)
        painter.drawText(
            bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, bottom.width()),
        )  # fmt: skip
        painter.restore()


class EventPanel(QWidget):
    """Search box over the event list. ``chosen(folder, by_person)`` when an event is selected."""

    chosen = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Buscar por título, lugar o fecha…"))
        self.search.setClearButtonEnabled(True)
        self.model = EventListModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView()
        self.view.setObjectName("events")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(EventDelegate(self.view))
        self.view.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.clicked.connect(lambda index: self._emit(index, True))
        self.view.activated.connect(lambda index: self._emit(index, True))

    def set_events(self, events: list[EventSummary], keep: str | None = None) -> None:
        """Replace the list; select ``keep`` (a folder) when it is still there, else the first."""
        self.model.set_events(events)
        rows = [i for i, e in enumerate(events) if e.folder == keep]
        if rows:
            self.select(keep or "")
        elif self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def select(self, folder: str) -> bool:
        """Select the event in ``folder``; False when it is not in the (filtered) list."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(EventRole).folder == folder:
                self.view.setCurrentIndex(index)
                return True
        return False

    def current_folder(self) -> str | None:
        event = self.view.currentIndex().data(EventRole)
        return event.folder if event is not None else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._emit(current, False)

    def _emit(self, index: QModelIndex, by_person: bool) -> None:
        event = index.data(EventRole) if index.isValid() else None
        if event is not None:
            self.chosen.emit(event.folder, by_person)
