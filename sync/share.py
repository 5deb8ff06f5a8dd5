"""The share's marker file: proof that the folder is the office's share and is mounted.

``SHARE/.cobertura-share`` is a small JSON file made once by ``sync --init``::

    {"format": "cobertura-share", "layout": 1, "id": "…", "created": "…", "created_by": "…"}

A folder without it is an unmounted mount point (or a wrong path) and nothing is written
there. ``layout`` is the version of the on-share layout; a share with a newer layout than
this Cobertura knows is left alone.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from media.atomic import fsync_dir
from sync.backend import AlreadyExists, Backend
from sync.layout import MARKER_NAME
from sync.problems import SyncProblem, SyncProblemType
from sync.transfer import LocalFolderBackend, link_new

SHARE_FORMAT = "cobertura-share"
LAYOUT_VERSION = 1


@dataclass(frozen=True)
class ShareInfo:
    id: str
    layout: int
    created: str
    created_by: str

    def to_json(self) -> dict[str, object]:
        return {
            "format": SHARE_FORMAT,
            "layout": self.layout,
            "id": self.id,
            "created": self.created,
            "created_by": self.created_by,
        }


class ShareError(Exception):
    """The share cannot be used; ``problem`` says why."""

    def __init__(self, problem: SyncProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def parse_marker(data: bytes, where: str = "") -> ShareInfo:
    """The marker's content; raises ``ShareError`` (malformed or newer layout)."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != SHARE_FORMAT:
            raise ValueError("no es una marca de Cobertura")
        info = ShareInfo(
            id=str(raw["id"]),
            layout=int(raw.get("layout", 1)),
            created=str(raw.get("created", "")),
            created_by=str(raw.get("created_by", "")),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ShareError(SyncProblem(SyncProblemType.MALFORMED, where, str(exc))) from exc
    if info.layout > LAYOUT_VERSION:
        raise ShareError(
            SyncProblem(
                SyncProblemType.NEWER_VERSION,
                where,
                f"formato {info.layout}; esta versión entiende hasta {LAYOUT_VERSION}",
            )
        )
    return info


def open_share(backend: Backend) -> ShareInfo:
    """The share's identity, after checking that it is mounted and of a layout we know.

    Raises ``ShareError`` with ``share_missing``, ``malformed``, ``newer_version`` or
    ``permission_denied``."""
    try:
        data = backend.read_marker()
    except PermissionError as exc:
        raise ShareError(
            SyncProblem(SyncProblemType.PERMISSION_DENIED, MARKER_NAME, str(exc))
        ) from exc
    except OSError as exc:
        raise ShareError(
            SyncProblem(SyncProblemType.SHARE_MISSING, backend.location, str(exc))
        ) from exc
    if data is None:
        raise ShareError(SyncProblem(SyncProblemType.SHARE_MISSING, backend.location))
    return parse_marker(data, MARKER_NAME)


def share_ready(folder: str) -> bool:
    """True when ``folder`` holds a readable marker of a layout this Cobertura knows."""
    try:
        open_share(LocalFolderBackend(folder, "-"))
    except ShareError:
        return False
    return True


def init_share(folder: str, writer: str) -> tuple[ShareInfo, bool]:
    """Put a marker in an existing ``folder`` unless one is there; (identity, created?).

    The folder must exist: creating it could mean writing into an unmounted mount point.
    Raises ``FileNotFoundError``/``NotADirectoryError``, ``ShareError`` for a marker that
    is there but unusable, and ``OSError`` when the folder cannot be written."""
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise (NotADirectoryError if os.path.exists(folder) else FileNotFoundError)(folder)
    backend = LocalFolderBackend(folder, writer)
    existing = backend.read_marker()
    if existing is not None:
        return parse_marker(existing, MARKER_NAME), False
    info = ShareInfo(
        id=uuid.uuid4().hex,
        layout=LAYOUT_VERSION,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        created_by=writer,
    )
    data = (json.dumps(info.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    tmp = os.path.join(folder, f".cobertura-share-{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        link_new(tmp, os.path.join(folder, MARKER_NAME))
    except AlreadyExists:  # someone initialised it at the same moment: theirs stands
        again = backend.read_marker()
        return parse_marker(again or b"", MARKER_NAME), False
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    fsync_dir(folder)
    return info, True
