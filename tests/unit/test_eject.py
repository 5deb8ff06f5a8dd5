"""Ejecting a card: exact command lines per platform, and a clear sentence whatever fails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from media.eject import EjectResult, can_eject, device_for_mount, eject, eject_commands

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
95 22 0:45 / /run/user/1000 rw,nosuid shared:50 - tmpfs tmpfs rw,size=1628k
120 22 179:1 / /media/ana/NIKON\\040D750 rw,nosuid,nodev shared:70 - vfat /dev/mmcblk0p1 rw
130 22 0:60 / /media/ana/red rw shared:80 - cifs //servidor/prensa rw
"""


def test_device_for_mount_reads_mountinfo_with_escaped_names() -> None:
    assert device_for_mount("/media/ana/NIKON D750", MOUNTINFO) == "/dev/mmcblk0p1"
    assert device_for_mount("/media/ana/NIKON D750/", MOUNTINFO) == "/dev/mmcblk0p1"
    assert device_for_mount("/media/ana/red", MOUNTINFO) is None  # a share, not a device
    assert device_for_mount("/media/ana/OTRA", MOUNTINFO) is None


def test_eject_commands_per_platform() -> None:
    card = "/media/ana/NIKON D750"
    assert eject_commands(card, "linux", "/dev/mmcblk0p1") == [
        ["udisksctl", "unmount", "--no-user-interaction", "-b", "/dev/mmcblk0p1"],
        ["gio", "mount", "-u", card],
    ]
    assert eject_commands(card, "linux") == [["gio", "mount", "-u", card]]
    assert eject_commands("/Volumes/EOS_DIGITAL", "darwin") == [
        ["diskutil", "eject", "/Volumes/EOS_DIGITAL"]
    ]
    [windows] = eject_commands("e:\\", "win32")
    assert windows[:4] == ["powershell", "-NoProfile", "-NonInteractive", "-Command"]
    assert ".Namespace(17).ParseName('E:')" in windows[4] and "InvokeVerb('Eject')" in windows[4]
    with pytest.raises(ValueError, match="unidad completa"):
        eject_commands("E:\\DCIM", "win32")


class FakeRun:
    """Stands in for subprocess.run: answers from a list, records the commands."""

    def __init__(self, *answers: tuple[int, str] | BaseException) -> None:
        self.answers = list(answers)
        self.calls: list[list[str]] = []

    def __call__(self, cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        self.calls.append(cmd)
        assert kwargs["timeout"] and kwargs["capture_output"]
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        code, stderr = answer
        return subprocess.CompletedProcess(cmd, code, "", stderr)


def _eject(run: FakeRun, tools: tuple[str, ...] = ("udisksctl", "gio")) -> EjectResult:
    return eject(
        "/media/ana/NIKON D750",
        platform="linux",
        run=run,
        which=lambda name: f"/usr/bin/{name}" if name in tools else None,
        mountinfo=lambda: MOUNTINFO,
    )


def test_eject_unmounts_the_device() -> None:
    run = FakeRun((0, ""))
    result = _eject(run)
    assert result.ok and "ya puedes sacarla" in result.message
    assert run.calls == [["udisksctl", "unmount", "--no-user-interaction", "-b", "/dev/mmcblk0p1"]]
    assert result.command == "udisksctl unmount --no-user-interaction -b /dev/mmcblk0p1"


def test_a_busy_card_says_what_to_do_and_the_next_tool_is_tried() -> None:
    busy = (1, "Error unmounting /dev/mmcblk0p1: GDBus.Error: target is busy")
    result = _eject(FakeRun(busy, (2, "gio: Error: device busy")))
    assert not result.ok
    assert result.message.startswith("No se pudo expulsar la tarjeta: la tarjeta está en uso")
    run = FakeRun(busy, (0, ""))
    assert _eject(run).ok and [c[0] for c in run.calls] == ["udisksctl", "gio"]


def test_missing_tools_timeouts_and_odd_failures_never_raise() -> None:
    result = _eject(FakeRun(), tools=())
    assert not result.ok and "no se encontró gio ni udisksctl" in result.message
    timeout = subprocess.TimeoutExpired(["udisksctl"], 30)
    result = _eject(FakeRun(timeout, OSError(13, "Permission denied")))
    assert not result.ok and "no se pudo ejecutar gio: Permission denied" in result.message
    result = _eject(FakeRun(timeout), tools=("udisksctl",))
    assert not result.ok and "udisksctl no respondió en 30 s" in result.message
    result = _eject(FakeRun((1, "Error: Not authorized to perform operation")), ("udisksctl",))
    assert result.message.endswith("Error: Not authorized to perform operation.")
    result = eject("E:\\DCIM", platform="win32", which=lambda _n: None)
    assert not result.ok and "unidad completa" in result.message


def test_a_plain_folder_is_not_ejectable(tmp_path: Path) -> None:
    assert not can_eject(str(tmp_path))
    assert can_eject("/")
