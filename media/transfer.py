"""Copy with one read of the source, hashing as it goes, then prove the copy from the disk.

The source is opened read-only (and non-blocking, so a FIFO swapped in can never hang
us). Each destination gets a temporary name in its final folder; only after ``fsync``,
a read-back from the disk and a matching hash is it renamed into place.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import xxhash

from media.atomic import TMP_PREFIX, fsync_dir
from media.models import CancelToken

CHUNK = 8 * 1024 * 1024
_O_BINARY = getattr(os, "O_BINARY", 0)


class CopyError(Exception):
    """A copy failed. ``side`` is 'read' (the source) or 'write' (a destination);
    ``at_open`` is set when the source could not even be opened."""

    def __init__(self, side: str, exc: OSError, at_open: bool = False) -> None:
        super().__init__(f"{side}: {exc.strerror or exc}")
        self.side = side
        self.errno = exc.errno
        self.at_open = at_open
        self.disk_full = exc.errno in (errno.ENOSPC, errno.EDQUOT)


class VerifyError(Exception):
    """A copy read back from the disk did not match the source."""


def new_hasher() -> xxhash.xxh3_128:
    return xxhash.xxh3_128()


def open_source(path: str) -> int:
    """Open a source file read-only; refuses anything that is not a regular file."""
    flags = os.O_RDONLY | _O_BINARY | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    import stat

    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "no es un archivo regular", path)
    return fd


def read_chunk(fd: int, buf: memoryview) -> int:
    """Fill ``buf`` from ``fd``; the number of bytes read (0 at the end). Tests replace it."""
    return os.readv(fd, [buf])


def drop_cache(fd: int) -> None:
    """Ask the kernel to forget the cached pages of ``fd`` so the next read hits the disk."""
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass


def hash_file(path: str, cancel: CancelToken | None = None, from_disk: bool = False) -> str:
    """The xxh3-128 hex digest of a file; ``from_disk`` drops its cached pages first."""
    fd = open_source(path)
    try:
        if from_disk:
            drop_cache(fd)
        hasher = new_hasher()
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            n = read_chunk(fd, view)
            if n == 0:
                break
            hasher.update(view[:n])
        return hasher.hexdigest()
    finally:
        os.close(fd)


@dataclass
class CopyResult:
    hash: str
    size: int


def temp_path_for(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f"{TMP_PREFIX}{secrets.token_hex(4)}-{name}.part")


def copy_verified(
    source: str,
    finals: list[str],
    on_bytes: Callable[[int], None] = lambda n: None,
    cancel: CancelToken | None = None,
) -> CopyResult:
    """Copy ``source`` to every path in ``finals`` in one read, verify each from disk, rename.

    On any failure every temporary file is removed and nothing appears at ``finals``.
    """
    temps = [temp_path_for(f) for f in finals]
    out_fds: list[int] = []
    try:
        try:
            src = open_source(source)
        except OSError as exc:
            raise CopyError("read", exc, at_open=True) from exc
        try:
            for tmp in temps:
                os.makedirs(os.path.dirname(tmp), exist_ok=True)
                out_fds.append(
                    os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
                )
            hasher = new_hasher()
            size = 0
            buf = bytearray(CHUNK)
            view = memoryview(buf)
            while True:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                try:
                    n = read_chunk(src, view)
                except OSError as exc:
                    raise CopyError("read", exc) from exc
                if n == 0:
                    break
                data = view[:n]
                hasher.update(data)
                for fd in out_fds:
                    _write_all(fd, data)
                size += n
                on_bytes(n)
        finally:
            os.close(src)
        for fd in out_fds:
            try:
                os.fsync(fd)
            except OSError as exc:
                raise CopyError("write", exc) from exc
        for fd in out_fds:
            os.close(fd)
        out_fds = []
        digest = hasher.hexdigest()
        for tmp in temps:
            if hash_file(tmp, cancel, from_disk=True) != digest:
                raise VerifyError(tmp)
        for tmp, final in zip(temps, finals, strict=True):
            os.replace(tmp, final)
            fsync_dir(os.path.dirname(final))
        return CopyResult(digest, size)
    except OSError as exc:
        raise CopyError("write", exc) from exc
    finally:
        for fd in out_fds:
            os.close(fd)
        for tmp in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        try:
            written = os.write(fd, data)
        except OSError as exc:
            raise CopyError("write", exc) from exc
        data = data[written:]
