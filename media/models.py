"""Plain data shared by the ingest stages: kinds, problems, probe results, cancel tokens."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

ProgressFn = Callable[[int, int], None]
"""``progress(done, total)``: called by long stages; units are the stage's own (bytes, files)."""


FILE_TIME_SOURCE = "FileModifyDate"
"""``capture_time_source`` when the file has no capture time and its file time is used."""


def no_progress(done: int, total: int) -> None:
    """A progress callback that ignores what it is told."""


class Cancelled(Exception):
    """Raised inside a stage when its cancel token was set."""


class CancelToken:
    """A flag a caller sets to ask a running stage to stop at the next safe point."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Kind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    SIDECAR = "sidecar"


class ProblemType(StrEnum):
    """Named problems a file can have. The value is what reports and JSON show."""

    EMPTY = "empty"  # zero bytes: nothing to copy
    UNREADABLE = "unreadable"  # cannot be opened or read
    TRUNCATED = "truncated"  # the file ends early; copied as it is
    CORRUPT = "corrupt"  # the container or metadata is damaged; copied as it is
    NOT_MEDIA = "not_media"  # not a photo, video, audio or sidecar; not copied
    NO_CAPTURE_TIME = "no_capture_time"  # file time used instead
    NAME_CHANGED = "name_changed"  # name made valid or unique
    SPECIAL_FILE = "special_file"  # FIFO, device or socket: skipped, never opened
    SYMLINK_OUTSIDE = "symlink_outside"  # link leading out of the source or in a loop
    READ_ERROR = "read_error"  # I/O error while copying: that file failed
    DISK_FULL = "disk_full"  # destination full: run stopped, no partial file left
    WRITE_ERROR = "write_error"  # destination could not be written
    VERIFY_FAILED = "verify_failed"  # copy read back differs from the source
    CANCELLED = "cancelled"  # the run was cancelled before this file was done
    AMBIGUOUS_EVENT = "ambiguous_event"  # the time fits more than one event; the nearer won
    SUSPICIOUS_TIME = "suspicious_time"  # before 2005, in the future or a factory date
    # Trims and exports (media/trim.py):
    TOOL_FAILED = "tool_failed"  # ffmpeg failed; its last error lines are the detail
    TIMEOUT = "timeout"  # ffmpeg ran past its time limit and was stopped
    NO_AUDIO = "no_audio"  # the clip has no sound: the output has none either
    TOO_LONG = "too_long"  # the cut is longer than a platform accepts
    # Bulletin exports (media/export_run.py):
    TOO_LARGE = "too_large"  # more pixels than Pillow opens safely (decompression bomb)
    NOT_STILL = "not_still"  # a video or audio item: only photos are exported
    NO_CAPTION = "no_caption"  # exported without a caption
    SMALL_PHOTO = "small_photo"  # smaller than the preset's size: exported without enlarging
    SHORTENED = "shortened"  # a field was shortened to fit IPTC-IIM; XMP holds it whole
    COLOUR_PROFILE = "colour_profile"  # a damaged ICC profile: colours converted without it
    # Frames saved as photos (media/frame_photo.py):
    MISSING = "missing"  # the file is not where the catalog says
    OUT_OF_RANGE = "out_of_range"  # a time before the clip's start or past its end


# Problems after which the file is NOT in the library.
FAILING = frozenset(
    {
        ProblemType.UNREADABLE,
        ProblemType.NOT_MEDIA,
        ProblemType.READ_ERROR,
        ProblemType.DISK_FULL,
        ProblemType.WRITE_ERROR,
        ProblemType.VERIFY_FAILED,
        ProblemType.CANCELLED,
        ProblemType.TOOL_FAILED,
        ProblemType.TIMEOUT,
        ProblemType.MISSING,
        ProblemType.OUT_OF_RANGE,
    }
)
# Problems that mean nothing of value stays behind on the card.
HARMLESS_SKIPS = frozenset(
    {ProblemType.EMPTY, ProblemType.SPECIAL_FILE, ProblemType.SYMLINK_OUTSIDE}
)

MESSAGES_ES = {
    ProblemType.EMPTY: "archivo vacío (0 bytes)",
    ProblemType.UNREADABLE: "no se puede leer",
    ProblemType.TRUNCATED: "archivo incompleto (copiado tal cual)",
    ProblemType.CORRUPT: "datos dañados (copiado tal cual)",
    ProblemType.NOT_MEDIA: "no es foto, video ni audio (no se copió)",
    ProblemType.NO_CAPTURE_TIME: "sin fecha de captura: se usó la fecha del archivo",
    ProblemType.NAME_CHANGED: "nombre ajustado",
    ProblemType.SPECIAL_FILE: "archivo especial (FIFO o dispositivo): omitido",
    ProblemType.SYMLINK_OUTSIDE: "enlace que sale de la tarjeta o forma un ciclo: omitido",
    ProblemType.READ_ERROR: "error de lectura a mitad del archivo",
    ProblemType.DISK_FULL: "disco de destino lleno",
    ProblemType.WRITE_ERROR: "no se pudo escribir en el destino",
    ProblemType.VERIFY_FAILED: "la copia no coincide con el original",
    ProblemType.CANCELLED: "cancelado antes de copiarse",
    ProblemType.AMBIGUOUS_EVENT: "la hora cabe en más de un evento; se eligió el más cercano",
    ProblemType.SUSPICIOUS_TIME: "hora imposible: revisa el reloj de la cámara",
    ProblemType.TOOL_FAILED: "ffmpeg falló",
    ProblemType.TIMEOUT: "ffmpeg tardó demasiado y se detuvo",
    ProblemType.NO_AUDIO: "el clip no tiene sonido: la salida tampoco",
    ProblemType.TOO_LONG: "más largo de lo que acepta la plataforma",
    ProblemType.TOO_LARGE: "imagen demasiado grande para abrirla con seguridad",
    ProblemType.NOT_STILL: "no es una foto (solo se exportan fotos): omitido",
    ProblemType.NO_CAPTION: "sin pie de foto",
    ProblemType.SMALL_PHOTO: "más pequeña que el tamaño del formato: se exportó sin ampliarla",
    ProblemType.SHORTENED: "campo recortado en IPTC-IIM (el XMP lo lleva completo)",
    ProblemType.COLOUR_PROFILE: "perfil de color dañado: se convirtió a sRGB sin él",
    ProblemType.MISSING: "el archivo no está en la biblioteca",
    ProblemType.OUT_OF_RANGE: "el tiempo está fuera del clip",
}


@dataclass(frozen=True)
class Problem:
    """One named problem with one file (or with the run, when ``path`` is empty)."""

    type: ProblemType
    path: str
    detail: str = ""

    @property
    def fails(self) -> bool:
        return self.type in FAILING

    def to_json(self) -> dict[str, str]:
        return {"type": self.type.value, "path": self.path, "detail": self.detail}

    def __str__(self) -> str:
        text = MESSAGES_ES[self.type]
        return f"{self.path}: {text}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class MediaInfo:
    """What probing a file found. Every field may be missing; ``problems`` says why."""

    capture_time: str | None = None  # ISO 8601 as the file states it (offset only if stated)
    capture_time_source: str | None = None
    make: str | None = None
    model: str | None = None
    serial: str | None = None
    orientation: int | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    codecs: list[str] = field(default_factory=list)
    gps: dict[str, float] | None = None
    problems: list[tuple[ProblemType, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("problems")
        return data
