"""The one seam between a push and the place it writes to.

A push only ever asks a backend these few things, with paths relative to the share's
root and ``/`` as separator. ``LocalFolderBackend`` (``sync/transfer.py``) serves a
folder: an SMB/NFS share mounted on the machine, or a synced cloud folder. A backend
for an rclone remote (S3, Google Drive, WebDAV) would implement the same methods with
``rclone lsjson``, ``rclone copyto --immutable`` and ``rclone cat``; nothing else in
``sync/`` would change.

Promises every backend keeps: nothing is ever deleted or replaced except the backend's
own temporary files; a file appears under its final name only complete and verified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from media.models import CancelToken


@dataclass(frozen=True)
class RemoteStat:
    """What a listing says about one file on the share."""

    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Placed:
    """A file written (or appended to) and verified on the share."""

    hash: str  # xxh3-128 of the whole file on the share, read back from it
    size: int
    stat: RemoteStat
    copied: int  # bytes sent in this call


class AlreadyExists(Exception):
    """The final name was taken (by another writer, or an earlier run): nothing written."""


class RemoteChanged(Exception):
    """The share's file is not what the plan saw (someone else wrote it): nothing written."""


class SourceMismatch(Exception):
    """The library file's content is not what was expected (its manifest): nothing written."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"esperado {expected[:12]}…, leído {actual[:12]}…")
        self.actual = actual


class VerifyMismatch(Exception):
    """What was read back from the share differs from what was sent."""


class ShareGone(Exception):
    """The share's marker is missing: it was unmounted or never initialised."""


class LocalReadError(Exception):
    """A library file could not be read (the share was not at fault)."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))
        self.os_error = exc


class Backend(Protocol):
    """Where a push writes. Paths are relative to the share root, with ``/``."""

    location: str  # for people: a folder path or ``remote:path``

    def read_marker(self) -> bytes | None:
        """The share marker's bytes; None when there is none (not mounted, not set up)."""
        ...

    def list_tree(self, rel_dir: str, stats: bool = True) -> dict[str, RemoteStat | None]:
        """Every file under ``rel_dir`` (paths relative to it), temporaries left out;
        an empty dict when the folder does not exist. With ``stats`` False the values
        may be None (names only: cheaper on a network share); ``stat`` gives them."""
        ...

    def stat(self, rel: str) -> RemoteStat | None:
        """The file's size and time, None when absent."""
        ...

    def read(self, rel: str) -> bytes:
        """A small file's bytes (catalogs, manifests)."""
        ...

    def hash(self, rel: str, limit: int | None = None) -> str:
        """xxh3-128 of the file (of its first ``limit`` bytes), read from the share."""
        ...

    def create_new(self, rel: str, data: bytes) -> RemoteStat:
        """Write a small file under a name that must be new; raises ``AlreadyExists``."""
        ...

    def put_new(
        self,
        source: str,
        rel: str,
        expected: str | None,
        on_bytes: Callable[[int], None],
        cancel: CancelToken | None,
    ) -> Placed:
        """Copy a library file to a new name, verified; ``expected`` is its manifest hash.
        Raises ``AlreadyExists``, ``SourceMismatch``, ``VerifyMismatch``, ``ShareGone``,
        ``LocalReadError`` or ``OSError`` (the share's), leaving nothing at ``rel``."""
        ...

    def append(
        self,
        source: str,
        rel: str,
        offset: int,
        on_bytes: Callable[[int], None],
        cancel: CancelToken | None,
    ) -> Placed:
        """Add the library file's bytes from ``offset`` on to ``rel``, which holds exactly
        its first ``offset`` bytes; then verify the whole file against the library's.
        Raises ``RemoteChanged`` when the share's file is no longer ``offset`` bytes long."""
        ...

    def sweep_temporaries(self, rel_dir: str) -> int:
        """Remove this writer's temporary files a killed run left in ``rel_dir``."""
        ...

    def flush(self) -> None:
        """Make every name placed so far durable (before a push records it as done)."""
        ...
