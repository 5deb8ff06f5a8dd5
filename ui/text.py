"""Words and numbers as people read them in Spanish (Mexico): sizes, durations, dates, problems.

Every sentence goes through ``tr()`` so Qt translations (an English ``.qm``) can replace it.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

from media.export_presets import PRESETS as EXPORT_PRESETS
from media.models import MESSAGES_ES, Problem, ProblemType
from media.settings import SETTINGS_MESSAGES, SettingsProblem
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
    """date(2026, 1, 15) -> '15 de enero de 2026' ('January 15, 2026' in English)."""
    app = QCoreApplication.instance()
    language = str(app.property("cobertura_language") or "") if app is not None else ""
    if not language or language.startswith("es"):
        return spanish_date(day)  # the office's words, whatever the system's locale says
    return QLocale(language).toString(QDate(day.year, day.month, day.day), "MMMM d, yyyy")


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
    return tr(str(_SOURCES[source])) if source in _SOURCES else source


def problem_text(value: str) -> str:
    """A catalog problem code ('truncated') as the sentence people read."""
    try:
        return tr(MESSAGES_ES[ProblemType(value)])
    except ValueError:
        return value


def problem_line(problem: Problem) -> str:
    """A file's problem as a report line: 'path: sentence (detail)', the sentence translated."""
    sentence = problem_text(problem.type.value)
    text = f"{problem.path}: {sentence}" if problem.path else sentence
    return text + (f" ({problem.detail})" if problem.detail else "")


def settings_problem_text(problem: SettingsProblem) -> str:
    """Why a setting was refused, translated, with the value at fault."""
    return tr(SETTINGS_MESSAGES[problem.code]).format(problem.value)


def media_messages() -> list[str]:
    """The Spanish sentences ``media/`` hands to the interface; ``ui.i18n_update`` puts them in
    the translation file, since lupdate only sees literal ``tr()`` calls."""
    labels = [preset.label for preset in EXPORT_PRESETS.values()]  # the export dialog's
    return [*MESSAGES_ES.values(), *SETTINGS_MESSAGES.values(), *labels]


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
