"""The verified copy itself: exact bytes at every size, with and without O_DIRECT, a bad copy
caught by the read-back, and file systems that refuse O_DIRECT."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path
from typing import Any

import pytest
import xxhash

import media.transfer as transfer
from media.models import Cancelled, CancelToken

CH = 64 * 1024  # a small CHUNK so that every file spans several


def _leftovers(*folders: Path) -> list[Path]:
    return [p for f in folders if f.exists() for p in f.rglob("*") if p.name.endswith(".part")]


class _Os:
    """``media.transfer``'s view of ``os``, with some calls replaced."""

    def __init__(self, **calls: Any) -> None:
        self.calls = calls

    def __getattr__(self, name: str) -> Any:
        return self.calls.get(name) or getattr(os, name)


def _is_temp(fd: int) -> bool:
    return os.readlink(f"/proc/self/fd/{fd}").endswith(".part")


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "CHUNK", CH)


@pytest.mark.parametrize("direct", [True, False], ids=["o_direct", "cache"])
@pytest.mark.parametrize(
    "size", [0, 1, 4095, 4096, 4097, CH - 1, CH, CH + 1, 3 * CH + 5000, 5 * CH]
)
def test_copies_are_exact_at_every_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, direct: bool
) -> None:
    if not direct:
        monkeypatch.setattr(transfer, "_O_DIRECT", 0)
    data = os.urandom(size)
    src = tmp_path / "card" / "C0001.MP4"
    src.parent.mkdir()
    src.write_bytes(data)
    finals = [tmp_path / "lib" / "x.MP4", tmp_path / "backup" / "x.MP4"]
    seen: list[int] = []
    result = transfer.copy_verified(str(src), [str(f) for f in finals], seen.append)
    assert result.size == size and result.hash == xxhash.xxh3_128(data).hexdigest()
    assert sum(seen) == size
    for final in finals:
        assert final.read_bytes() == data
    assert _leftovers(tmp_path) == []
    assert transfer.hash_file(str(finals[0]), from_disk=True) == result.hash


@pytest.mark.parametrize("direct", [True, False], ids=["o_direct", "cache"])
@pytest.mark.parametrize("where", ["start", "end"])
def test_a_copy_that_reads_back_different_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool, where: str
) -> None:
    if not direct:
        monkeypatch.setattr(transfer, "_O_DIRECT", 0)
    size = 4 * CH + 777
    bad = 0 if where == "start" else size - 1
    real_read_chunk = transfer.read_chunk

    def read_chunk(fd: int, buf: memoryview) -> int:
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        n = real_read_chunk(fd, buf)
        if _is_temp(fd) and offset <= bad < offset + n:
            buf[bad - offset] ^= 0xFF  # what a bad cable or bad RAM would do
        return n

    monkeypatch.setattr(transfer, "read_chunk", read_chunk)
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(size))
    final = tmp_path / "lib" / "x.bin"
    with pytest.raises(transfer.VerifyError):
        transfer.copy_verified(str(src), [str(final)])
    assert not final.exists() and _leftovers(tmp_path) == []


def test_a_read_error_on_the_copy_fails_it_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read_chunk = transfer.read_chunk

    def read_chunk(fd: int, buf: memoryview) -> int:
        if _is_temp(fd) and os.lseek(fd, 0, os.SEEK_CUR) >= CH:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_read_chunk(fd, buf)

    monkeypatch.setattr(transfer, "read_chunk", read_chunk)
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(5 * CH))
    before = threading.active_count()
    with pytest.raises(transfer.CopyError) as caught:
        transfer.copy_verified(str(src), [str(tmp_path / "lib" / "x.bin")])
    assert caught.value.side == "write" and caught.value.errno == errno.EIO
    assert _leftovers(tmp_path) == [] and not (tmp_path / "lib" / "x.bin").exists()
    assert threading.active_count() == before  # helper threads were joined


def test_a_file_system_that_refuses_o_direct_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not transfer._O_DIRECT:
        pytest.skip("no O_DIRECT on this platform")
    import fcntl

    refused: list[int] = []

    def write(fd: int, data: Any) -> int:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(fd)
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return os.write(fd, data)

    monkeypatch.setattr(transfer, "os", _Os(write=write))
    data = os.urandom(3 * CH + 10)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    result = transfer.copy_verified(str(src), [str(tmp_path / "dst.bin")])
    assert refused and result.size == len(data)
    assert (tmp_path / "dst.bin").read_bytes() == data


def test_a_file_system_that_refuses_o_direct_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not transfer._O_DIRECT:
        pytest.skip("no O_DIRECT on this platform")
    import fcntl

    real_read_chunk = transfer.read_chunk
    refused: list[int] = []

    def read_chunk(fd: int, buf: memoryview) -> int:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT and os.lseek(fd, 0, os.SEEK_CUR):
            refused.append(fd)  # after a first chunk went through
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return real_read_chunk(fd, buf)

    monkeypatch.setattr(transfer, "read_chunk", read_chunk)
    data = os.urandom(3 * CH + 10)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    result = transfer.copy_verified(str(src), [str(tmp_path / "dst.bin")])
    assert refused and result.hash == xxhash.xxh3_128(data).hexdigest()
    assert transfer.hash_file(str(tmp_path / "dst.bin"), from_disk=True) == result.hash


def test_cancel_in_the_middle_leaves_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(8 * CH))
    cancel = CancelToken()
    before = threading.active_count()
    with pytest.raises(Cancelled):
        transfer.copy_verified(
            str(src), [str(tmp_path / "lib" / "x.bin")], lambda n: cancel.cancel(), cancel
        )
    assert _leftovers(tmp_path) == [] and not (tmp_path / "lib" / "x.bin").exists()
    assert threading.active_count() == before


def test_buffers_are_reused_between_copies(tmp_path: Path) -> None:
    while not transfer._pool.empty():  # buffers of other sizes, left by other tests
        transfer._pool.get_nowait()
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(3 * CH))
    for i in range(5):
        transfer.copy_verified(str(src), [str(tmp_path / f"dst{i}.bin")])
    assert transfer._pool.qsize() == transfer._IN_FLIGHT  # one set, used over and over
