"""Typed problems of a sync run, with the Spanish text people read.

They have the shape of ``media.models.Problem`` (type, path, detail, ``to_json``) so the
command line and the app show them the same way; the types are sync's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SyncProblemType(StrEnum):
    """Named problems of a push or of the shared view. The value is what JSON shows."""

    SHARE_MISSING = "share_missing"  # no marker: not mounted or never initialised
    SHARE_VANISHED = "share_vanished"  # the marker went away in the middle of the run
    NEWER_VERSION = "newer_version"  # written by a newer Cobertura: left alone
    PERMISSION_DENIED = "permission_denied"  # the share refused to let us write
    NAME_REFUSED = "name_refused"  # the share (or SMB) does not take this name
    DISK_FULL = "disk_full"  # the share is full: the run stopped, no partial file
    WRITE_ERROR = "write_error"  # another error writing the share
    READ_ERROR = "read_error"  # a library file could not be read
    LOCAL_MISMATCH = "local_mismatch"  # a library file no longer matches its manifest
    VERIFY_FAILED = "verify_failed"  # the copy read back from the share differs
    CONFLICT = "conflict"  # a different file had the name: both kept
    MALFORMED = "malformed"  # a catalog, manifest, journal or marker that does not parse
    CANCELLED = "cancelled"  # the run was cancelled first


NOT_FAILING = frozenset({SyncProblemType.CONFLICT})
"""Problems after which nothing is missing on the share (a conflict keeps both files)."""

STOPS_RUN = frozenset(
    {
        SyncProblemType.SHARE_MISSING,
        SyncProblemType.SHARE_VANISHED,
        SyncProblemType.DISK_FULL,
        SyncProblemType.NEWER_VERSION,
        SyncProblemType.CANCELLED,
    }
)

MESSAGES_ES = {
    SyncProblemType.SHARE_MISSING: "la carpeta compartida no está conectada "
    "(falta su archivo de marca; ¿falta montar la unidad o ejecutar sync --init?)",
    SyncProblemType.SHARE_VANISHED: "la carpeta compartida desapareció a mitad de la copia",
    SyncProblemType.NEWER_VERSION: "escrito por una versión más nueva de Cobertura: no se tocó",
    SyncProblemType.PERMISSION_DENIED: "sin permiso para escribir en la carpeta compartida",
    SyncProblemType.NAME_REFUSED: "la carpeta compartida no acepta este nombre",
    SyncProblemType.DISK_FULL: "la carpeta compartida está llena",
    SyncProblemType.WRITE_ERROR: "no se pudo escribir en la carpeta compartida",
    SyncProblemType.READ_ERROR: "no se pudo leer el archivo de la biblioteca",
    SyncProblemType.LOCAL_MISMATCH: "el archivo de la biblioteca ya no coincide con su "
    "manifiesto (no se envió; ejecuta verify)",
    SyncProblemType.VERIFY_FAILED: "la copia en la carpeta compartida no coincide",
    SyncProblemType.CONFLICT: "otro archivo tenía este nombre: se guardaron los dos",
    SyncProblemType.MALFORMED: "archivo dañado o ilegible",
    SyncProblemType.CANCELLED: "cancelado",
}


@dataclass(frozen=True)
class SyncProblem:
    """One named problem with one file (or with the run, when ``path`` is empty)."""

    type: SyncProblemType
    path: str
    detail: str = ""

    @property
    def fails(self) -> bool:
        """True when something that should be on the share is not (yet) there."""
        return self.type not in NOT_FAILING

    def to_json(self) -> dict[str, str]:
        return {"type": self.type.value, "path": self.path, "detail": self.detail}

    def __str__(self) -> str:
        text = MESSAGES_ES[self.type]
        where = f"{self.path}: " if self.path else ""
        return f"{where}{text}" + (f" ({self.detail})" if self.detail else "")
