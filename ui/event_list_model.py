"""The event list's rows: the events with their counts, sync state and search hits, drawn.

Data only in the model (``EventListModel``); the filter keeps what the search found; the
delegate paints a row from the model's roles.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from media.event_summary import EventSummary
from sync.event_state import EventSyncState
from ui.text import count_text, long_date, tr

EventRole = Qt.ItemDataRole.UserRole + 1  # the EventSummary
SyncRole = Qt.ItemDataRole.UserRole + 2  # EventSyncState, or None when there is no share
HitsRole = Qt.ItemDataRole.UserRole + 3  # items matching the search by their own text
DetailRole = Qt.ItemDataRole.UserRole + 4  # the second line: counts and picks
AnyIndex = QModelIndex | QPersistentModelIndex

SYNC_LOOK = {  # colour, words (translated when shown)
    EventSyncState.PUSHED: (QColor("#56d364"), QT_TRANSLATE_NOOP("", "Enviado")),
    EventSyncState.CHANGED: (QColor("#e3b341"), QT_TRANSLATE_NOOP("", "Cambios sin enviar")),
    EventSyncState.NOT_PUSHED: (QColor("#8b8b8b"), QT_TRANSLATE_NOOP("", "Sin enviar")),
}


def sync_words(state: EventSyncState) -> str:
    return tr(str(SYNC_LOOK[state][1]))


def detail_line(event: EventSummary) -> str:
    """'120 fotos · 3 videos · 5 elegidas' ('contando…' until counted)."""
    if event.unreadable:
        return tr("catálogo ilegible")
    if not event.counted:
        return tr("contando…")
    parts = [count_text(event.photos or 0, event.videos or 0, event.audios or 0)]
    if event.picks:
        parts.append(tr("{0} elegidas").format(event.picks))
    return " · ".join(parts)


def hits_text(hits: int) -> str:
    return tr("1 foto coincide") if hits == 1 else tr("{0} fotos coinciden").format(hits)


class EventListModel(QAbstractListModel):
    """The events, their sync states and the current search's hits. Data only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.events: list[EventSummary] = []
        self.sync: dict[str, EventSyncState] = {}
        self.hits: dict[str, int] | None = None  # None: no search
        self._rows: dict[str, int] = {}
        self._details: dict[str, str] = {}

    def set_events(self, events: list[EventSummary]) -> None:
        """Replace the list. An event not counted yet keeps the counts it was shown with."""
        known = {e.folder: e for e in self.events if e.counted}
        self.beginResetModel()
        self.events = [e if e.counted else known.get(e.folder, e) for e in events]
        self._rows = {e.folder: row for row, e in enumerate(self.events)}
        self._details.clear()
        self.endResetModel()

    def update_summaries(self, summaries: list[EventSummary]) -> None:
        """Put freshly counted summaries in place of the shown ones."""
        for summary in summaries:
            row = self._rows.get(summary.folder)
            if row is not None:
                self._set_row(row, summary)

    def update_event(self, folder: str, **changes: Any) -> None:
        """Change fields (``picks=3``) of the event in ``folder`` and repaint it."""
        row = self._rows.get(folder)
        if row is not None:
            self._set_row(row, replace(self.events[row], **changes))

    def _set_row(self, row: int, summary: EventSummary) -> None:
        self.events[row] = summary
        self._details.pop(summary.folder, None)
        self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, folder: str) -> int | None:
        return self._rows.get(folder)

    def folders(self) -> set[str]:
        return set(self._rows)

    def set_sync_states(self, states: dict[str, EventSyncState]) -> None:
        self.sync = dict(states)
        self._all_changed()

    def set_hits(self, hits: dict[str, int] | None) -> None:
        self.hits = hits
        self._all_changed()

    def _all_changed(self) -> None:
        if self.events:
            self.dataChanged.emit(self.index(0), self.index(len(self.events) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's idiom)
        return 0 if parent.isValid() else len(self.events)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        event = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return event.title
        if role == EventRole:
            return event
        if role == DetailRole:
            line = self._details.get(event.folder)
            if line is None:
                line = self._details[event.folder] = detail_line(event)
            return line
        if role == SyncRole:
            return self.sync.get(event.folder)
        if role == HitsRole:
            return self.hits.get(event.folder) if self.hits is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            state = self.sync.get(event.folder)
            return event.folder + (f"\n{sync_words(state)}" if state else "")
        return None


class EventFilter(QSortFilterProxyModel):
    """Keeps the events the current search found (every event when there is no search)."""

    def refresh(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, EventListModel) or model.hits is None:
            return True
        return 0 <= source_row < len(model.events) and model.events[source_row].folder in model.hits


class EventDelegate(QStyledItemDelegate):
    """Title; counts and picks; the date, with the sync state (or, while searching, how
    many photos match) on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        return QSize(200, 64)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        event: EventSummary | None = index.data(EventRole)
        if event is None:
            return
        painter.save()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.fillRect(rect, QColor("#44546a"))
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        elide = Qt.TextElideMode.ElideRight
        width = rect.width() - 20
        title_font = QFont(option.font)  # type: ignore[attr-defined]
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#e6e6e6"))
        top = QRect(rect.x() + 10, rect.y() + 5, width, 20)
        painter.drawText(top, left, painter.fontMetrics().elidedText(event.title, elide, width))
        painter.setFont(option.font)  # type: ignore[attr-defined]
        metrics = painter.fontMetrics()
        painter.setPen(QColor("#b0b0b0"))
        middle = QRect(rect.x() + 10, rect.y() + 24, width, 18)
        detail = str(index.data(DetailRole) or "")
        painter.drawText(middle, left, metrics.elidedText(detail, elide, width))
        bottom = QRect(rect.x() + 10, rect.y() + 42, width, 18)
        hits, state = index.data(HitsRole), index.data(SyncRole)
        words, colour = "", QColor("#7fa7e0")
        if hits:
            words = hits_text(int(hits))
        elif state is not None:
            colour, words = SYNC_LOOK[state][0], sync_words(state)
        if words:
            painter.setPen(colour)
            painter.drawText(bottom, right, words)
            bottom.setRight(bottom.right() - metrics.horizontalAdvance(words) - 8)
        if state is not None:  # the state's dot stays while searching (its words in the tip)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SYNC_LOOK[state][0])
            painter.drawEllipse(bottom.right() - 8, bottom.center().y() - 4, 8, 8)
            bottom.setRight(bottom.right() - 16)
        if event.day is not None:
            painter.setPen(QColor("#8b8b8b"))
            day = metrics.elidedText(long_date(event.day), elide, max(0, bottom.width()))
            painter.drawText(bottom, left, day)
        painter.restore()
