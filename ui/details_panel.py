"""The right-hand panel: what the library knows about the selected item, its pick scores,
and the caption editor (``ui.caption_editor``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from media.culling import rating_of
from ui.caption_editor import CaptionEditor
from ui.grid_model import GridModel
from ui.grid_view import GridView
from ui.text import capture_text, clip_duration, human_bytes, problem_text, source_text, tr
from ui.workers import TaskRunner

if TYPE_CHECKING:
    from media.scores import PhotoScore

PREVIEW_WIDTH = 280

FIELDS = (
    ("name", QT_TRANSLATE_NOOP("", "Archivo")),
    ("capture", QT_TRANSLATE_NOOP("", "Fecha de captura")),
    ("source", QT_TRANSLATE_NOOP("", "Fecha tomada de")),
    ("camera", QT_TRANSLATE_NOOP("", "Cámara")),
    ("size", QT_TRANSLATE_NOOP("", "Tamaño")),
    ("duration", QT_TRANSLATE_NOOP("", "Duración")),
    ("gps", QT_TRANSLATE_NOOP("", "GPS")),
    ("rating", QT_TRANSLATE_NOOP("", "Calificación")),
    ("score", QT_TRANSLATE_NOOP("", "Puntuación para el boletín")),
    ("problems", QT_TRANSLATE_NOOP("", "Problemas")),
    ("original", QT_TRANSLATE_NOOP("", "Nombre original")),
    ("verified", QT_TRANSLATE_NOOP("", "Verificación")),
)


LABEL_WORDS = {
    "rojo": QT_TRANSLATE_NOOP("", "etiqueta roja"),
    "amarillo": QT_TRANSLATE_NOOP("", "etiqueta amarilla"),
    "verde": QT_TRANSLATE_NOOP("", "etiqueta verde"),
    "azul": QT_TRANSLATE_NOOP("", "etiqueta azul"),
    "morado": QT_TRANSLATE_NOOP("", "etiqueta morada"),
}


def score_text(score: PhotoScore | None) -> str:
    """A pick score in plain words: the total, then why (as ``pick`` explains it)."""
    if score is None:
        return ""
    numbers = tr("nitidez {0:.2f} · exposición {1:.2f}").format(score.sharpness, score.exposure)
    return f"{score.total:.2f} — {score.why}\n{numbers}"


def describe(item: dict[str, Any], score: PhotoScore | None = None) -> dict[str, str]:
    """The panel's text for each field of ``FIELDS`` (empty when the item says nothing)."""
    make, model = item.get("make") or "", item.get("model") or ""
    camera = (
        model
        if make and model.lower().startswith(make.split()[0].lower())
        else " ".join(x for x in (make, model) if x)
    )
    if item.get("serial"):
        camera += " " + tr("(serie {0})").format(item["serial"])
    size_parts = []
    if item.get("width") and item.get("height"):
        size_parts.append(f"{item['width']} × {item['height']} px")
    if item.get("size"):
        size_parts.append(human_bytes(int(item["size"])))
    gps = item.get("gps") or {}
    rating = rating_of(item)
    marks = []
    if rating.pick:
        marks.append(tr("elegida"))
    if rating.reject:
        marks.append(tr("descartada"))
    marks.append("★" * rating.stars + "☆" * (5 - rating.stars))
    if item.get("label") in LABEL_WORDS:
        marks.append(tr(LABEL_WORDS[str(item["label"])]))
    if item.get("suggested") is True and not rating.pick and not rating.reject:
        marks.append(tr("sugerida"))
    problems = [problem_text(p) for p in item.get("problems") or []]
    return {
        "name": os.path.basename(str(item.get("path", ""))),
        "capture": capture_text(item.get("capture_time")),
        "source": source_text(item.get("capture_time_source")),
        "camera": camera or tr("desconocida"),
        "size": " · ".join(size_parts),
        "duration": clip_duration(float(item["duration"])) if item.get("duration") else "",
        "gps": f"{gps['lat']:.6f}, {gps['lon']:.6f}"
        if "lat" in gps and "lon" in gps
        else tr("sin ubicación"),
        "rating": " · ".join(marks),
        "score": score_text(score),
        "problems": "\n".join(problems) if problems else tr("ninguno"),
        "original": str(item.get("original_name") or ""),
        "verified": tr("copia verificada (xxh3-128)") if item.get("verified") else "",
    }


def breakable(text: str) -> str:
    """Let long file names wrap after ``_``, ``-`` and ``.`` (zero-width spaces)."""
    for mark in ("_", "-", "."):
        text = text.replace(mark, mark + "\u200b")
    return text


class DetailsPanel(QScrollArea):
    """Preview and metadata of one item; empty text when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(260)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(120)
        layout.addWidget(self.preview)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.values: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"detail_{key}")
            caption = QLabel(tr(label))
            caption.setObjectName("caption")
            self.form.addRow(caption, value)
            self.values[key] = value
        layout.addLayout(self.form)
        self.caption_editor = CaptionEditor()
        layout.addWidget(self.caption_editor)
        layout.addStretch(1)
        self.setWidget(inner)
        self.item: dict[str, Any] | None = None
        self.scores: dict[str, PhotoScore] = {}
        self._scores_for: str | None = None
        self._image: QImage | None = None
        self.show_item(None)

    def attach(
        self,
        library: str,
        model: GridModel,
        view: GridView,
        writer: TaskRunner,
        tasks: TaskRunner,
    ) -> None:
        """Edit captions of ``view``'s selection and show the pick scores of ``model``'s event
        (read on ``tasks`` when an event opens)."""
        self.caption_editor.attach(library, model, view, writer, tasks)
        model.modelReset.connect(lambda: self._load_scores(model, tasks))

    def start_caption(self) -> None:
        """Put the cursor in the caption editor (key C)."""
        self.ensureWidgetVisible(self.caption_editor)
        self.caption_editor.start()

    def _load_scores(self, model: GridModel, tasks: TaskRunner) -> None:
        folder = self._scores_for = model.folder
        self.scores = {}
        if folder is not None:
            keys = [{"id": r.get("id"), "hash": r.get("hash")} for r in model.records()]
            tasks.submit(lambda: _event_scores(folder, keys), lambda s: self._on_scores(folder, s))

    def _on_scores(self, folder: str, scores: dict[str, PhotoScore]) -> None:
        if folder == self._scores_for:
            self.scores = scores
            if self.item is not None:
                self.show_item(self.item, self._image)

    def show_item(self, item: dict[str, Any] | None, image: QImage | None = None) -> None:
        """Show ``item`` (None: nothing selected) and its thumbnail when there is one."""
        self.item = item
        self._image = image
        score = self.scores.get(str(item.get("id"))) if item else None
        texts = describe(item, score) if item else {key: "" for key, _ in FIELDS}
        for key, _label in FIELDS:
            text = texts[key]
            self.values[key].setText(breakable(text) if key in ("name", "original") else text)
            row_visible = bool(texts[key]) or item is None
            self.form.setRowVisible(self.values[key], row_visible and item is not None)
        self.set_image(image if item else None)
        self.caption_editor.show_item(item)
        if item is None:
            self.preview.setText(tr("Elige una foto, un video o un audio para ver sus datos."))

    def set_image(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.preview.setPixmap(QPixmap())
            kind = (self.item or {}).get("kind")
            self.preview.setText(tr("Audio: sin imagen") if kind == "audio" else "")
            return
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() > PREVIEW_WIDTH:
            pixmap = pixmap.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)


def _event_scores(folder: str, items: list[dict[str, Any]]) -> dict[str, PhotoScore]:
    """The event's known pick scores (on a worker: the scoring modules load there)."""
    from media.score_cache import event_scores

    return event_scores(folder, items)
