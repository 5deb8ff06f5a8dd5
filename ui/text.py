"""Words and numbers as people read them in Spanish (Mexico): sizes, durations, dates, problems.

Every sentence goes through ``tr()`` so Qt translations (an English ``.qm``) can replace it.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from media.models import MESSAGES_ES, ProblemType
from media.timeutil import spanish_date

_CONTEXT = ""  # what pyside6-lupdate files bare tr() calls under
_SOURCES = {
    "FileModifyDate": QT_TRANSLATE_NOOP(
        "", "fecha de modificación del archivo (no trae fecha de captura)"
    ),
    "ExifIFD:DateTimeOriginal": QT_TRANSLATE_NOOP("", "EXIF, fecha original"),
    "ExifIFD:CreateDate": QT_TRANSLATE_NOOP("", "EXIF, fecha de creación"),
    "Keys:CreationDate": QT_TRANSLATE_NOOP("", "fecha de creación de Apple"),
    "QuickTime:CreateDate": QT_TRANSLATE_NOOP("", "fecha del contenedor QuickTime"),
}


def tr(text: str) -> str:
    """``text`` translated into the interface language (Spanish when no translation is loaded)."""
    return QCoreApplication.translate(_CONTEXT, text)


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KB'."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def human_duration(seconds: float | None) -> str:
    """65.2 -> '1:05'; an hour or more -> '1:02:03'."""
    total = int(round(max(0.0, seconds or 0.0)))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def clip_duration(seconds: float) -> str:
    """A clip's length: '0.2 s' for very short ones, else as ``human_duration``."""
    return f"{seconds:.1f} s" if seconds < 10 else human_duration(seconds)


def long_date(day: date) -> str:
    """date(2026, 1, 15) -> '15 de enero de 2026'."""
    return spanish_date(day)


def capture_text(value: str | None) -> str:
    """An ISO capture time as '1 de marzo de 2010, 21:50:21' (plus its UTC offset when known)."""
    if not value:
        return tr("sin fecha")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    text = f"{long_date(when.date())}, {when:%H:%M:%S}"
    offset = when.strftime("%z")  # '+0800', or '' when the file states no offset
    if offset:
        text += f" (UTC{offset[:3]}:{offset[3:5]})"
    return text


def source_text(source: str | None) -> str:
    """Where a capture time came from, in words."""
    if not source:
        return tr("desconocido")
    return tr(_SOURCES[source]) if source in _SOURCES else source


def problem_text(value: str) -> str:
    """A catalog problem code ('truncated') as the sentence people read."""
    try:
        return tr(MESSAGES_ES[ProblemType(value)])
    except ValueError:
        return value


def count_text(photos: int, videos: int, audios: int) -> str:
    """'4 fotos · 1 video' (kinds with none are left out; 'vacío' when all are)."""
    parts = []
    for n, one, many in (
        (photos, tr("foto"), tr("fotos")),
        (videos, tr("video"), tr("videos")),
        (audios, tr("audio"), tr("audios")),
    ):
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return " · ".join(parts) if parts else tr("vacío")


def folded(text: str) -> str:
    """Lower case without accents, so 'demostracion' finds 'Demostración'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
