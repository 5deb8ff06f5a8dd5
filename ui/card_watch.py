"""Cards that appear by themselves: a watcher on the places where volumes are mounted,
and the banner that says what is on a card and offers to import it.

``CardWatcher`` watches the mount roots (``media.card_detect.mount_roots``) with a
``QFileSystemWatcher`` and, because a mount is not always reported (and Windows drive
letters are not folders), also looks again every few seconds. Every look and every
survey runs on a worker: looks on one thread, surveys on another, so a big card being
counted never delays noticing that a card was taken out.
"""

from __future__ import annotations

import html
import logging
import os

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from media.card_detect import (
    Card,
    CardSummary,
    CardSurvey,
    find_cards,
    mount_roots,
    refine_survey,
    survey_card,
)
from media.ingest import IngestOptions
from media.models import Cancelled, CancelToken
from media.settings import load_settings
from ui.ingest_dialog import LAYOUT_NAMES
from ui.text import count_text, human_bytes, tr
from ui.workers import TaskRunner

log = logging.getLogger(__name__)
POLL_MS = 3000  # the slow look, for mounts no watcher reported
SETTLE_MS = 400  # after a change is reported: a mount takes a moment to fill in


class CardWatcher(QObject):
    """Says when a card appears (``card_found``), what is on it (``card_summary``, first
    from file times, then again from capture times) and when it goes (``card_gone``)."""

    card_found = Signal(object)  # Card
    card_summary = Signal(object)  # CardSummary
    card_failed = Signal(str, str)  # card path, why (for people)
    card_gone = Signal(str)  # card path

    def __init__(
        self,
        library: str,
        roots: list[str] | None = None,
        parent: QObject | None = None,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.roots = mount_roots() if roots is None else list(roots)
        self.cards: dict[str, Card] = {}
        self.summaries: dict[str, CardSummary] = {}
        self._tokens: dict[str, CancelToken] = {}
        self._looking = False
        self._look_again = False
        self._stopped = False
        self.looks = TaskRunner(self, writer=True)
        self.surveys = TaskRunner(self, writer=True)
        self.fs = QFileSystemWatcher(self)
        self.fs.directoryChanged.connect(lambda _path: self._settle.start())
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.look)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.look)

    def start(self) -> None:
        """Look now, then whenever a root changes, and every ``poll_ms`` in any case."""
        if self._stopped:
            return
        self._poll.start()
        self.look()

    def stop(self) -> None:
        """Stop looking; surveys under way stop at their next file."""
        self._stopped = True
        self._poll.stop()
        self._settle.stop()
        for token in self._tokens.values():
            token.cancel()
        self.looks.shutdown(0)
        self.surveys.shutdown(0)

    # -- looking --------------------------------------------------------------------------
    def look(self) -> None:
        """Find the cards mounted now (on a worker); one look at a time."""
        if self._stopped:
            return
        if self._looking:
            self._look_again = True
            return
        self._looking = True
        roots = list(self.roots)

        def work() -> tuple[list[str], list[Card]]:
            return [r for r in roots if os.path.isdir(r)], find_cards(roots)

        self.looks.submit(work, self._on_look, self._on_look_failed)

    def _on_look_failed(self, error: BaseException) -> None:
        log.warning("looking for cards failed: %s", error)
        self._looking = False

    def _on_look(self, found: tuple[list[str], list[Card]]) -> None:
        self._looking = False
        existing, cards = found
        watched = set(self.fs.directories())
        for root in existing:
            if root not in watched:
                self.fs.addPath(root)
        now = {card.path: card for card in cards}
        for path in [p for p in self.cards if p not in now]:
            self._forget(path)
        for path, card in now.items():
            if path not in self.cards:
                self.cards[path] = card
                self.card_found.emit(card)
                self._survey(card)
        if self._look_again:
            self._look_again = False
            self.look()

    def _forget(self, path: str) -> None:
        self.cards.pop(path, None)
        self.summaries.pop(path, None)
        token = self._tokens.pop(path, None)
        if token is not None:
            token.cancel()
        self.card_gone.emit(path)

    # -- what is on a card ----------------------------------------------------------------
    def _survey(self, card: Card) -> None:
        token = CancelToken()
        self._tokens[card.path] = token
        library = self.library

        def quick() -> CardSurvey:
            settings = load_settings()
            options = IngestOptions(
                library=library,
                tz=settings.time_zone,
                before_minutes=settings.match_before_minutes,
                after_minutes=settings.match_after_minutes,
            )
            return survey_card(card, options, token)

        self.surveys.submit(
            quick,
            lambda survey: self._on_survey(card, token, survey),
            lambda error: self._on_survey_failed(card, token, error),
        )

    def _on_survey(self, card: Card, token: CancelToken, survey: CardSurvey) -> None:
        if self._tokens.get(card.path) is not token:
            return  # taken out (or put in again) meanwhile
        self._publish(survey.summary)
        self.surveys.submit(
            lambda: refine_survey(survey, cancel=token),
            lambda summary: self._on_refined(card, token, summary),
            lambda error: self._on_survey_failed(card, token, error),
        )

    def _on_refined(self, card: Card, token: CancelToken, summary: CardSummary) -> None:
        if self._tokens.get(card.path) is token:
            self._publish(summary)

    def _publish(self, summary: CardSummary) -> None:
        self.summaries[summary.card.path] = summary
        self.card_summary.emit(summary)

    def _on_survey_failed(self, card: Card, token: CancelToken, error: BaseException) -> None:
        if isinstance(error, Cancelled) or self._tokens.get(card.path) is not token:
            return
        if isinstance(error, OSError):
            why = error.strerror or str(error)
        else:
            why = f"{type(error).__name__}: {error}"
        self.card_failed.emit(card.path, why)


def summary_html(summary: CardSummary) -> str:
    """'Tarjeta NIKON: 612 fotos · 5 videos · 2 audios (42.0 GB) · Entrega de becas (600)…'"""
    card = summary.card
    kinds = ", ".join(tr(LAYOUT_NAMES[x]) for x in card.layouts if x in LAYOUT_NAMES)
    head = tr("Tarjeta «{0}»").format(html.escape(card.label))
    if kinds:
        head += f" <span style='color:#9a9a9a'>({html.escape(kinds)})</span>"
    counts = count_text(summary.photos, summary.videos, summary.audios)
    lines = [f"<b>{head}</b>: {counts} ({human_bytes(summary.total_bytes)})"]
    events = [f"{html.escape(e.title)} ({e.files})" for e in summary.events[:3]]
    if len(summary.events) > 3:
        events.append(tr("y {0} eventos más").format(len(summary.events) - 3))
    if summary.unmatched:
        events.append(tr("sin evento: {0}").format(summary.unmatched))
    if events:
        note = tr("según la hora de los archivos; revisando…") if summary.dates == "file" else ""
        text = tr("Eventos: {0}").format(" · ".join(events))
        lines.append(text + (f" <span style='color:#9a9a9a'>({note})</span>" if note else ""))
    if summary.unreadable:
        lines.append(
            tr("{0} archivos no se pueden leer o no son fotos, videos ni audios.").format(
                summary.unreadable
            )
        )
    return "<br>".join(lines)


class CardRow(QFrame):
    """One card in the banner: what is on it, Importar…, and ✕ to hide it."""

    import_requested = Signal(str)
    dismissed = Signal(str)

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card
        self.setObjectName("cardRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.import_button = QPushButton(tr("Importar…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(lambda: self.import_requested.emit(card.path))
        close = QPushButton("✕")
        close.setToolTip(tr("Ocultar este aviso (la tarjeta sigue conectada)"))
        close.setFlat(True)
        close.clicked.connect(lambda: self.dismissed.emit(card.path))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.import_button)
        layout.addWidget(close)
        self.set_counting()

    def _title(self) -> str:
        return "<b>" + html.escape(tr("Tarjeta «{0}»").format(self.card.label)) + "</b>: "

    def set_counting(self) -> None:
        self.text.setText(self._title() + html.escape(tr("contando archivos…")))

    def set_summary(self, summary: CardSummary) -> None:
        self.text.setText(summary_html(summary))

    def set_failed(self, why: str) -> None:
        self.text.setText(self._title() + html.escape(tr("no se pudo leer ({0})").format(why)))

    def plain_text(self) -> str:
        """What the row says, without markup (tests, accessibility)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.text.text())
        return document.toPlainText()


class CardBanner(QWidget):
    """The banner above the grid: one row per card connected; hidden when there is none."""

    import_requested = Signal(str)

    def __init__(self, watcher: CardWatcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#cardBanner { background: #1d3350; border-bottom: 1px solid #3d74bd; }"
            "#cardRow { background: transparent; }"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.rows: dict[str, CardRow] = {}
        watcher.card_found.connect(self.add_card)
        watcher.card_summary.connect(self.show_summary)
        watcher.card_failed.connect(self.show_failure)
        watcher.card_gone.connect(self.remove_card)
        self.hide()

    def add_card(self, card: Card) -> None:
        if card.path in self.rows:
            return
        row = CardRow(card)
        row.import_requested.connect(self.import_requested)
        row.dismissed.connect(self.remove_card)
        self.rows[card.path] = row
        self._layout.addWidget(row)
        self.show()

    def show_summary(self, summary: CardSummary) -> None:
        row = self.rows.get(summary.card.path)
        if row is not None:
            row.set_summary(summary)

    def show_failure(self, path: str, why: str) -> None:
        row = self.rows.get(path)
        if row is not None:
            row.set_failed(why)

    def remove_card(self, path: str) -> None:
        row = self.rows.pop(path, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self.rows))
