"""Copy with one read of the source, hashing as it goes, then prove the copy from the disk.

The source is opened read-only (and non-blocking, so a FIFO swapped in can never hang
us). Each destination gets a temporary name in its final folder; only after ``fsync``,
a read-back from the disk and a matching hash is it renamed into place.
``copy_verified`` does it all; ``stage_copy`` stops after the ``fsync`` and hands back a
``StagedCopy`` to verify and place later, so that ingest reads file N back from the disk
while it copies file N+1 (the disk is the bottleneck on most machines: a verified copy
moves every byte through it twice).

Where the time goes, and what keeps it short (``bench/ingest.py`` measures it):

- a helper thread reads a chunk or two ahead while the previous chunk is hashed and
  written (``os.readv``, ``os.write`` and xxhash release the GIL); every byte of the
  source is still read once;
- where the file system allows it (Linux ``O_DIRECT``), copies are written and read back
  around the page cache: no copy of every byte into the cache, no cache to drop, and the
  read-back comes from the disk for certain (``posix_fadvise`` is only advice). Elsewhere,
  or when the file system refuses, the same steps go through the cache as before;
- buffers are page-aligned (as ``O_DIRECT`` needs) and reused between files: allocating
  and zeroing 8 MiB per file cost as much as writing the file.
"""

from __future__ import annotations

import errno
import mmap
import os
import queue
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import xxhash

from media.atomic import TMP_PREFIX, fsync_dir
from media.models import CancelToken

CHUNK = 8 * 1024 * 1024
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_DIRECT = getattr(os, "O_DIRECT", 0)
_ALIGN = 4096  # O_DIRECT lengths and offsets: a multiple of the block size (512 or 4096)
_IN_FLIGHT = 3  # read-ahead buffers: being read, waiting, being hashed and written
_pool: queue.SimpleQueue[memoryview] = queue.SimpleQueue()


class CopyError(Exception):
    """A copy failed. ``side`` is 'read' (the source) or 'write' (a destination);
    ``at_open`` is set when the source could not even be opened."""

    def __init__(self, side: str, exc: OSError, at_open: bool = False) -> None:
        super().__init__(exc.strerror or str(exc))
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


def _take() -> memoryview:
    """A page-aligned buffer of ``CHUNK`` bytes, reused between files and threads."""
    while True:
        try:
            buf = _pool.get_nowait()
        except queue.Empty:
            return memoryview(mmap.mmap(-1, CHUNK))
        if len(buf) == CHUNK:
            return buf


def _set_direct(fd: int, on: bool) -> bool:
    """Switch ``O_DIRECT`` (Linux) on or off for ``fd``; whether it is on now."""
    if not _O_DIRECT:
        return False
    import fcntl

    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, (flags | _O_DIRECT) if on else (flags & ~_O_DIRECT))
    except OSError:
        return False
    return on


class _ReadAhead:
    """Reads ``fd`` to its end in a helper thread, a chunk or two ahead of the caller.

    Iterating yields views of reused buffers; a buffer is refilled only once the caller
    has asked for the next chunk. A read error is raised in the caller's thread, as
    ``CopyError(side)`` when a side is given, else as it came.
    """

    def __init__(self, fd: int, side: str | None = None) -> None:
        self.fd = fd
        self.side = side
        self.buffers = [_take() for _ in range(_IN_FLIGHT)]
        self.free: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
        self.full: queue.SimpleQueue[tuple[memoryview, int] | BaseException] = (
            queue.SimpleQueue()
        )
        for buf in self.buffers:
            self.free.put(buf)
        self.thread = threading.Thread(target=self._run, name="cobertura-read", daemon=True)

    def __enter__(self) -> _ReadAhead:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.free.put(None)  # stops the reader if it waits for a buffer
        self.thread.join()  # the caller closes ``fd`` next: no read may be in flight
        for buf in self.buffers:
            _pool.put(buf)

    def _run(self) -> None:
        while True:
            buf = self.free.get()
            if buf is None:
                return
            try:
                n = read_chunk(self.fd, buf)
            except BaseException as exc:  # handed over to the caller's thread
                self.full.put(exc)
                return
            self.full.put((buf, n))
            if n == 0:
                return

    def __iter__(self) -> Iterator[memoryview]:
        while True:
            item = self.full.get()
            if isinstance(item, OSError) and self.side is not None:
                raise CopyError(self.side, item) from item
            if isinstance(item, BaseException):
                raise item
            buf, n = item
            if n == 0:
                return
            yield buf[:n]
            self.free.put(buf)


def hash_file(
    path: str,
    cancel: CancelToken | None = None,
    from_disk: bool = False,
    on_bytes: Callable[[int], None] | None = None,
) -> str:
    """The xxh3-128 hex digest of a file; ``from_disk`` reads it from the disk, not the cache.

    ``on_bytes(n)`` is told of every chunk read (a read the cache refused and that starts
    again counts twice).
    """
    fd = open_source(path)
    try:
        direct = False
        if from_disk:
            drop_cache(fd)
            direct = _set_direct(fd, True)
        while True:
            hasher = new_hasher()
            try:
                with _ReadAhead(fd) as chunks:
                    for data in chunks:
                        if cancel is not None:
                            cancel.raise_if_cancelled()
                        hasher.update(data)
                        if on_bytes is not None:
                            on_bytes(len(data))
                return hasher.hexdigest()
            except OSError as exc:
                if not (direct and exc.errno == errno.EINVAL):
                    raise
                direct = _set_direct(fd, False)  # refused around the cache: read it through
                os.lseek(fd, 0, os.SEEK_SET)
    finally:
        os.close(fd)


@dataclass
class CopyResult:
    hash: str
    size: int


def temp_path_for(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f"{TMP_PREFIX}{secrets.token_hex(4)}-{name}.part")


class _Destination:
    """A temporary copy being written: around the page cache while the file system lets us
    and the data comes in whole blocks, through it otherwise (the file's last bytes)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
        self.direct = _set_direct(self.fd, True)
        self.closed = False

    def write(self, data: memoryview) -> None:
        if self.direct and len(data) % _ALIGN:
            whole = len(data) - len(data) % _ALIGN
            self._write_all(data[:whole])
            data = data[whole:]
            self.direct = _set_direct(self.fd, False)  # the end of the file
        self._write_all(data)

    def _write_all(self, data: memoryview) -> None:
        while data:
            try:
                n = os.write(self.fd, data)
            except OSError as exc:
                if self.direct and exc.errno == errno.EINVAL:
                    self.direct = _set_direct(self.fd, False)  # refused: through the cache
                    continue
                raise CopyError("write", exc) from exc
            data = data[n:]
            if self.direct and n % _ALIGN:  # a short write: the next would be unaligned
                self.direct = _set_direct(self.fd, False)

    def sync(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError as exc:
            raise CopyError("write", exc) from exc

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.fd)


@dataclass
class StagedCopy:
    """A source written to temporary names beside ``finals`` and flushed, not yet read back.

    Nothing is at ``finals`` until ``place()``, which the caller runs only after
    ``verify()``; ``discard()`` removes whatever this copy left (temporaries, and the
    finals it placed when the caller gives up on it).
    """

    source: str
    temps: list[str]
    finals: list[str]
    hash: str
    size: int
    placed: list[str] = field(default_factory=list)

    @property
    def read_back_bytes(self) -> int:
        """The bytes ``verify()`` reads: every temporary, whole."""
        return self.size * len(self.temps)

    def verify(
        self, cancel: CancelToken | None = None, on_bytes: Callable[[int], None] | None = None
    ) -> None:
        """Read every temporary back from the disk; ``VerifyError`` if one is not the source."""
        for tmp in self.temps:
            try:
                digest = hash_file(tmp, cancel, from_disk=True, on_bytes=on_bytes)
            except OSError as exc:
                raise CopyError("write", exc) from exc
            if digest != self.hash:
                raise VerifyError(tmp)

    def place(self) -> CopyResult:
        """Give every (verified) temporary its final name, atomically and durably."""
        try:
            for tmp, final in zip(self.temps, self.finals, strict=True):
                os.replace(tmp, final)
                self.placed.append(final)
                fsync_dir(os.path.dirname(final))
        except OSError as exc:
            raise CopyError("write", exc) from exc
        return CopyResult(self.hash, self.size)

    def discard(self) -> None:
        """Remove the temporaries and any final this copy placed (its file did not make it)."""
        _unlink(self.temps + self.placed)
        self.placed.clear()


def _unlink(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # gone already, or left to the next run's sweep of temporaries


def stage_copy(
    source: str,
    finals: list[str],
    on_bytes: Callable[[int], None] = lambda n: None,
    cancel: CancelToken | None = None,
) -> StagedCopy:
    """Copy ``source`` to a temporary name beside every path in ``finals``, in one read of
    the source, hashing it as it goes, and flush them to the disk.

    On any failure the temporaries are removed. ``CopyError`` says which side failed.
    """
    temps = [temp_path_for(f) for f in finals]
    dests: list[_Destination] = []
    try:
        try:
            src = open_source(source)
        except OSError as exc:
            raise CopyError("read", exc, at_open=True) from exc
        try:
            for tmp in temps:
                os.makedirs(os.path.dirname(tmp), exist_ok=True)
                dests.append(_Destination(tmp))
            hasher = new_hasher()
            size = 0
            with _ReadAhead(src, side="read") as chunks:
                for data in chunks:
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    hasher.update(data)
                    for dest in dests:
                        dest.write(data)
                    size += len(data)
                    on_bytes(len(data))
        finally:
            os.close(src)
        for dest in dests:
            dest.sync()
        for dest in dests:
            dest.close()
        return StagedCopy(source, temps, list(finals), hasher.hexdigest(), size)
    except OSError as exc:
        _unlink(temps)
        raise CopyError("write", exc) from exc
    except BaseException:
        _unlink(temps)
        raise
    finally:
        for dest in dests:
            dest.close()


def copy_verified(
    source: str,
    finals: list[str],
    on_bytes: Callable[[int], None] = lambda n: None,
    cancel: CancelToken | None = None,
) -> CopyResult:
    """Copy ``source`` to every path in ``finals`` in one read, verify each from disk, rename.

    On any failure every temporary file is removed and nothing appears at ``finals``.
    """
    staged = stage_copy(source, finals, on_bytes, cancel)
    try:
        staged.verify(cancel)
        return staged.place()
    except BaseException:
        staged.discard()
        raise
