"""Helpers for the tests of marks reaching the XMP sidecars: a library whose event holds a
card's own sidecar, an independent XMP reader (exiv2, as digiKam reads it), a read-only folder."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from media.demo import demo_agenda
from media.ingest import IngestOptions, ingest
from media.library import event_folders

CARD_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="2"/></rdf:RDF></x:xmpmeta>\n'
)
CARD_SIDE = "nikon_d70s_burst_2"  # the photo that came with its own sidecar


def card_library(samples: Path, tmp_path: Path, library: Path) -> str:
    """``library`` with the demo agenda and the four-photo burst ingested from a card where
    one photo has an XMP sidecar; the event folder of the burst."""
    card = tmp_path / "TARJETA" / "DCIM" / "100NIKON"
    card.mkdir(parents=True)
    for n in (1, 2, 3, 4):
        shutil.copy(samples / f"photos/burst/nikon_d70s_burst_{n}.jpg", card)
    (card / f"{CARD_SIDE}.xmp").write_text(CARD_XMP, encoding="utf-8")
    demo_agenda(str(library))
    report = ingest([str(tmp_path / "TARJETA")], IngestOptions(library=str(library)))
    assert not report.failed, report.summary()
    return next(f for f in event_folders(str(library)) if "becas" in f)


def xmp_fields(path: str | Path) -> dict[str, Any]:
    """The XMP properties of a sidecar as exiv2 reads them ({} for a file that is not there)."""
    pyexiv2 = pytest.importorskip("pyexiv2")
    if not os.path.isfile(path):
        return {}
    return dict(pyexiv2.ImageData(Path(path).read_bytes()).read_xmp())


@contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``folder`` cannot take new files. chmod, and since root ignores permissions (the tests
    may run as root), the temporary files of atomic writes are refused there as the kernel
    refuses them to everybody else."""
    real = tempfile.mkstemp
    target = folder.resolve()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        where = kwargs.get("dir")
        if where is not None and Path(where).resolve() == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(where))
        return real(*args, **kwargs)

    mode = folder.stat().st_mode
    folder.chmod(0o555)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    try:
        yield
    finally:
        monkeypatch.setattr(tempfile, "mkstemp", real)
        folder.chmod(mode)
