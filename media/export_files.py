"""Files of a bulletin package: its name, new files written whole, the hidden temporary it is
built in, and the zip, all without ever replacing something already in the destination."""

from __future__ import annotations

import errno
import os
import re
import shutil
import time
import unicodedata
import zipfile

from media.export_event import ExportEvent
from media.models import CancelToken, ProblemType

TMP_PREFIX = ".cobertura-tmp-export-"
EXPORTS_FOLDER = "Boletines"
STALE_SECONDS = 6 * 3600  # a temporary this old belongs to a run that died


class ExportError(Exception):
    """The package could not be written at all (destination missing, not writable, full)."""

    def __init__(self, type: ProblemType, message: str) -> None:
        super().__init__(message)
        self.type = type


def default_export_folder(configured: str = "") -> str:
    """Where packages go: the ``export_folder`` setting, else ``Boletines`` in the person's
    documents folder (``~/Documentos/Boletines`` on a Spanish desktop)."""
    if configured.strip():
        return os.path.abspath(os.path.expanduser(configured.strip()))
    from platformdirs import user_documents_dir

    return os.path.join(user_documents_dir(), EXPORTS_FOLDER)


def slug(text: str, limit: int = 60) -> str:
    """'Entrega de becas (demostración)' -> 'entrega-de-becas-demostracion'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
    return words or "evento"


def package_name(event: ExportEvent) -> str:
    """``20260115_entrega-de-becas``; ``sin-fecha_...`` when the day is unknown."""
    day = event.day.strftime("%Y%m%d") if event.day else "sin-fecha"
    return f"{day}_{slug(event.title)}"


def write_new(path: str, data: bytes) -> None:
    """Create ``path`` (never replacing a file) holding ``data``, flushed to the disk."""
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def run_error(exc: OSError, where: str) -> ExportError:
    """The error that stops a run, in Spanish, for a failed write in ``where``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(ProblemType.DISK_FULL, f"disco de destino lleno: {where}")
    reason = exc.strerror or str(exc)
    return ExportError(ProblemType.WRITE_ERROR, f"no se puede escribir en {where}: {reason}")


def sweep_stale(dest: str) -> None:
    """Remove temporaries in ``dest`` left by runs that died (older than ``STALE_SECONDS``)."""
    now = time.time()
    for name in os.listdir(dest):
        path = os.path.join(dest, name)
        try:
            if name.startswith(TMP_PREFIX) and now - os.path.getmtime(path) > STALE_SECONDS:
                shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)
        except OSError:
            continue


def free_name(dest: str, base: str, zip_ext: str = "") -> str:
    """``base``, else ``base-2``, ``base-3``...: the first name free as a folder (and, with
    ``zip_ext``, as a zip too)."""
    n = 1
    while True:
        name = base if n == 1 else f"{base}-{n}"
        taken = os.path.lexists(os.path.join(dest, name))
        if not taken and not (zip_ext and os.path.lexists(os.path.join(dest, name + zip_ext))):
            return name
        n += 1


def write_zip(work: str, path: str, names: list[str], cancel: CancelToken | None) -> None:
    """A new zip at ``path`` of ``names`` in ``work`` (at its root; JPEGs stored as they are,
    already compressed); stops early when cancelled."""
    with zipfile.ZipFile(path, "x") as archive:
        for name in names:
            if cancel is not None and cancel.cancelled:
                return
            kind = zipfile.ZIP_STORED if name.endswith(".jpg") else zipfile.ZIP_DEFLATED
            archive.write(os.path.join(work, name), name, compress_type=kind)
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def place_zip(zip_tmp: str, dest: str, base: str) -> str:
    """Give the finished zip its name without ever replacing a file: ``link()`` refuses an
    existing name; where there are no hard links, the name is checked, then renamed."""
    n = 1
    while True:
        target = os.path.join(dest, f"{base}.zip" if n == 1 else f"{base}-{n}.zip")
        try:
            os.link(zip_tmp, target)
        except FileExistsError:
            n += 1
            continue
        except OSError:
            if os.path.lexists(target):
                n += 1
                continue
            os.rename(zip_tmp, target)
            return target
        os.unlink(zip_tmp)
        return target
