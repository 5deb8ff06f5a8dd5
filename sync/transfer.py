"""``LocalFolderBackend``: the share as a folder (SMB/NFS mount or a synced cloud folder).

Each file is written under a temporary name in its final folder while it is hashed
(one read of the library file), flushed with ``fsync``, read back from the disk with its
cached pages dropped, compared, and only then given its final name with ``link()``, which
never replaces an existing file. Where the file system has no hard links (FAT, some SMB
servers, ``rclone mount``) the name is checked and ``rename()``d instead.

Folders are only ever created after the share's marker file was seen: a share that is
not mounted leaves an empty mount point, and writing into it would fill the local disk.
"""

from __future__ import annotations

import errno
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from media.atomic import TMP_PREFIX, fsync_dir
from media.models import CancelToken
from media.transfer import CHUNK, drop_cache, new_hasher, open_source, read_chunk
from sync.backend import (
    AlreadyExists,
    LocalReadError,
    Placed,
    RemoteChanged,
    RemoteStat,
    ShareGone,
    SourceMismatch,
    VerifyMismatch,
)
from sync.layout import MARKER_NAME, SYNC_TMP_PREFIX, temp_tag

_O_BINARY = getattr(os, "O_BINARY", 0)
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK}
_NO_HARD_LINKS.add(getattr(errno, "ENOTSUP", errno.EOPNOTSUPP))


def link_new(tmp: str, final: str) -> None:
    """Give ``tmp`` the name ``final`` only if no file has it; raises ``AlreadyExists``."""
    try:
        os.link(tmp, final)
    except FileExistsError as exc:
        raise AlreadyExists(final) from exc
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(final):
            raise AlreadyExists(final) from exc
        try:
            os.rename(tmp, final)  # on Windows this refuses an existing name by itself
        except FileExistsError as exc2:
            raise AlreadyExists(final) from exc2


_buffers = threading.local()


def _buffer() -> memoryview:
    """This thread's read buffer: allocating (and zeroing) 8 MB per file would cost more
    than copying a small file."""
    view = getattr(_buffers, "view", None)
    if view is None:
        view = _buffers.view = memoryview(bytearray(CHUNK))
    return view


def hash_prefix(path: str, limit: int | None = None, from_disk: bool = False) -> str:
    """xxh3-128 of the first ``limit`` bytes of ``path`` (all of it when None);
    ``from_disk`` drops the file's cached pages first so the disk is what is read."""
    fd = open_source(path)
    try:
        if from_disk:
            drop_cache(fd)
        hasher = new_hasher()
        view = _buffer()
        left = limit
        while left is None or left > 0:
            n = read_chunk(fd, view if left is None else view[: min(CHUNK, left)])
            if n == 0:
                break
            hasher.update(view[:n])
            if left is not None:
                left -= n
        return hasher.hexdigest()
    finally:
        os.close(fd)


def _write_all(fd: int, data: memoryview | bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class LocalFolderBackend:
    """The ``Backend`` for a folder the machine can open."""

    def __init__(self, root: str, writer: str) -> None:
        self.root = os.path.abspath(root)
        self.location = self.root
        self._tag = temp_tag(writer)
        self._mine = f"{SYNC_TMP_PREFIX}{self._tag}-"  # this writer's temporary files
        self._seen_temporaries: dict[str, list[str]] = {}
        self._touched: set[str] = set()
        self._lock = threading.Lock()

    # -- paths ---------------------------------------------------------------------------

    def _abs(self, rel: str) -> str:
        parts = [p for p in rel.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts) or os.path.isabs(rel):
            raise ValueError(f"ruta inválida en la carpeta compartida: {rel!r}")
        return os.path.join(self.root, *parts)

    def _temp_for(self, final: str) -> str:
        folder, name = os.path.split(final)
        head = name.encode("utf-8")[:150].decode("utf-8", "ignore")
        return os.path.join(folder, f"{self._mine}{secrets.token_hex(4)}-{head}.part")

    def _require_marker(self) -> None:
        if not os.path.isfile(os.path.join(self.root, MARKER_NAME)):
            raise ShareGone(self.root)

    def _ensure_dir(self, folder: str) -> None:
        """Create ``folder`` and any missing parents, only under a share whose marker is
        there; every folder that gained an entry is made durable by ``flush``."""
        if os.path.isdir(folder):
            return
        self._require_marker()
        missing: list[str] = []
        while not os.path.isdir(folder) and folder != self.root:
            missing.append(folder)
            folder = os.path.dirname(folder)
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                pass
            with self._lock:
                self._touched.add(os.path.dirname(path))

    def _placed(self, folder: str) -> None:
        with self._lock:
            self._touched.add(folder)

    # -- reading -------------------------------------------------------------------------

    def read_marker(self) -> bytes | None:
        try:
            with open(os.path.join(self.root, MARKER_NAME), "rb") as fh:
                return fh.read()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def list_tree(self, rel_dir: str, stats: bool = True) -> dict[str, RemoteStat | None]:
        found: dict[str, RemoteStat | None] = {}
        mine: list[str] = []
        top = self._abs(rel_dir)

        def walk(folder: str, prefix: str) -> None:
            try:
                entries = list(os.scandir(folder))
            except (FileNotFoundError, NotADirectoryError):
                return
            for entry in entries:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + name + "/")
                elif name.startswith(TMP_PREFIX):
                    if name.startswith(self._mine):
                        mine.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    if stats:
                        st = entry.stat(follow_symlinks=False)
                        found[prefix + name] = RemoteStat(st.st_size, st.st_mtime_ns)
                    else:
                        found[prefix + name] = None

        walk(top, "")
        self._seen_temporaries[rel_dir] = mine  # so that a sweep needs no second walk
        return found

    def stat(self, rel: str) -> RemoteStat | None:
        try:
            st = os.stat(self._abs(rel))
        except (FileNotFoundError, NotADirectoryError):
            return None
        return RemoteStat(st.st_size, st.st_mtime_ns)

    def read(self, rel: str) -> bytes:
        with open(self._abs(rel), "rb") as fh:
            return fh.read()

    def hash(self, rel: str, limit: int | None = None) -> str:
        return hash_prefix(self._abs(rel), limit)

    # -- writing -------------------------------------------------------------------------

    def create_new(self, rel: str, data: bytes) -> RemoteStat:
        final = self._abs(rel)
        if os.path.lexists(final):
            raise AlreadyExists(final)
        self._require_marker()
        self._ensure_dir(os.path.dirname(final))
        tmp = self._temp_for(final)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            expected = new_hasher()
            expected.update(data)
            if hash_prefix(tmp, from_disk=True) != expected.hexdigest():
                raise VerifyMismatch(final)
            link_new(tmp, final)
        finally:
            _unlink_quietly(tmp)
        self._placed(os.path.dirname(final))
        st = os.stat(final)
        return RemoteStat(st.st_size, st.st_mtime_ns)

    def put_new(
        self,
        source: str,
        rel: str,
        expected: str | None,
        on_bytes: Callable[[int], None],
        cancel: CancelToken | None,
    ) -> Placed:
        final = self._abs(rel)
        if os.path.lexists(final):
            raise AlreadyExists(final)
        self._require_marker()
        self._ensure_dir(os.path.dirname(final))
        try:
            src = open_source(source)
        except OSError as exc:
            raise LocalReadError(exc) from exc
        tmp = self._temp_for(final)
        try:
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o644)
            except FileNotFoundError:
                self._require_marker()  # the folder vanished: was the share unmounted?
                raise
            try:
                hasher, size = new_hasher(), 0
                view = _buffer()
                while True:
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    try:
                        n = read_chunk(src, view)
                    except OSError as exc:
                        raise LocalReadError(exc) from exc
                    if n == 0:
                        break
                    hasher.update(view[:n])
                    _write_all(fd, view[:n])
                    size += n
                    on_bytes(n)
                os.fsync(fd)
            finally:
                os.close(fd)
            digest = hasher.hexdigest()
            if expected is not None and digest != expected:
                raise SourceMismatch(expected, digest)
            if hash_prefix(tmp, from_disk=True) != digest:
                raise VerifyMismatch(final)
            link_new(tmp, final)
        finally:
            os.close(src)
            _unlink_quietly(tmp)
        self._placed(os.path.dirname(final))
        st = os.stat(final)
        return Placed(digest, size, RemoteStat(st.st_size, st.st_mtime_ns), size)

    def append(
        self,
        source: str,
        rel: str,
        offset: int,
        on_bytes: Callable[[int], None],
        cancel: CancelToken | None,
    ) -> Placed:
        final = self._abs(rel)
        self._require_marker()
        try:
            current = os.stat(final).st_size
        except FileNotFoundError as exc:
            raise RemoteChanged(final) from exc
        if current != offset:
            raise RemoteChanged(final)
        try:
            src = open_source(source)
        except OSError as exc:
            raise LocalReadError(exc) from exc
        try:
            hasher, size, sent = new_hasher(), 0, 0
            out = os.open(final, os.O_WRONLY | os.O_APPEND | _O_BINARY)
            try:
                while True:
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    try:
                        data = os.read(src, CHUNK)
                    except OSError as exc:
                        raise LocalReadError(exc) from exc
                    if not data:
                        break
                    hasher.update(data)
                    tail = data[max(0, offset - size) :]
                    size += len(data)
                    if tail:
                        _write_all(out, tail)
                        sent += len(tail)
                        on_bytes(len(tail))
                os.fsync(out)
            finally:
                os.close(out)
        finally:
            os.close(src)
        digest = hasher.hexdigest()
        if hash_prefix(final, from_disk=True) != digest:
            raise VerifyMismatch(final)
        st = os.stat(final)
        return Placed(digest, size, RemoteStat(st.st_size, st.st_mtime_ns), sent)

    def sweep_temporaries(self, rel_dir: str) -> int:
        seen = self._seen_temporaries.pop(rel_dir, None)
        if seen is None:
            seen = [
                os.path.join(folder, name)
                for folder, _dirs, names in os.walk(self._abs(rel_dir))
                for name in names
                if name.startswith(self._mine)
            ]
        removed = 0
        for path in seen:
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                pass
        return removed

    def flush(self) -> None:
        with self._lock:
            touched, self._touched = self._touched, set()
        if len(touched) < 2:
            for folder in touched:
                fsync_dir(folder)
            return
        with ThreadPoolExecutor(max_workers=min(8, len(touched))) as pool:
            list(pool.map(fsync_dir, sorted(touched)))  # the file system joins them up
