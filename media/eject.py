"""Ejecting a card once it is safe to format: the platform's own tool, never a crash.

Linux: ``udisksctl unmount -b DEVICE`` (the device is read from ``/proc/self/mountinfo``),
else ``gio mount -u MOUNT_POINT``. macOS: ``diskutil eject MOUNT_POINT``. Windows:
PowerShell asks the shell to eject the drive (what "Expulsar" in Explorer does).
Command lines are built by pure functions; :func:`eject` runs them with a timeout and
turns a missing tool, a busy card or a failure into a Spanish sentence.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
TIMEOUT = 30.0  # seconds: unmounting flushes what is still in the write cache
_DRIVE = re.compile(r"^([A-Za-z]):\\?$")
_BUSY = ("busy", "ocupado", "in use", "en uso", "couldn't be unmounted", "dissented")

Runner = Callable[..., subprocess.CompletedProcess[str]]


@dataclass(frozen=True)
class EjectResult:
    ok: bool
    message: str  # for people, in Spanish
    command: str = ""  # the command line that ran, ready to paste in a terminal


def _unescape_mountinfo(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def device_for_mount(mount_point: str, mountinfo: str) -> str | None:
    """The block device mounted at ``mount_point`` according to ``mountinfo`` (the text of
    ``/proc/self/mountinfo``), or None when it is not a mounted block device."""
    wanted = os.path.normpath(mount_point)
    found = None
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        if os.path.normpath(_unescape_mountinfo(fields[4])) == wanted:
            source = _unescape_mountinfo(tail[1])
            found = source if source.startswith("/dev/") else None  # the last mount wins
    return found


def eject_commands(mount_point: str, platform: str, device: str | None = None) -> list[list[str]]:
    """The commands to try, in order, to eject the volume at ``mount_point``.

    Raises ValueError for a Windows path that is not a drive root (only whole drives can
    be ejected there)."""
    if platform == "darwin":
        return [["diskutil", "eject", mount_point]]
    if platform.startswith("win"):
        drive = _DRIVE.match(mount_point.rstrip("\\") + "\\")
        if drive is None:
            raise ValueError(
                f"solo se puede expulsar una unidad completa (como E:), no {mount_point}"
            )
        letter = drive.group(1).upper()
        script = (
            "$d = (New-Object -ComObject Shell.Application).Namespace(17)"
            f".ParseName('{letter}:'); if ($d -eq $null) {{ exit 3 }}; $d.InvokeVerb('Eject')"
        )
        return [["powershell", "-NoProfile", "-NonInteractive", "-Command", script]]
    commands = []
    if device:
        commands.append(["udisksctl", "unmount", "--no-user-interaction", "-b", device])
    commands.append(["gio", "mount", "-u", mount_point])
    return commands


def _read_mountinfo() -> str:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def can_eject(path: str) -> bool:
    """True when ``path`` is the root of a mounted volume (a folder on a disk is not)."""
    if sys.platform.startswith("win"):
        return _DRIVE.match(os.path.abspath(path).rstrip("\\") + "\\") is not None
    return os.path.ismount(path)


def _failure_text(output: str) -> str:
    lower = output.lower()
    if any(word in lower for word in _BUSY):
        return (
            "la tarjeta está en uso: cierra las ventanas y programas que tengan archivos "
            "de ella abiertos y vuelve a intentarlo"
        )
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "el sistema no dio más detalles"


def eject(
    mount_point: str,
    platform: str | None = None,
    run: Runner = subprocess.run,
    which: Callable[[str], str | None] = shutil.which,
    mountinfo: Callable[[], str] = _read_mountinfo,
    timeout: float = TIMEOUT,
) -> EjectResult:
    """Eject the volume at ``mount_point``. Never raises: a missing tool, a busy card, a
    timeout or a refusal come back as ``ok=False`` with the reason in Spanish."""
    platform = sys.platform if platform is None else platform
    device = device_for_mount(mount_point, mountinfo()) if platform.startswith("linux") else None
    try:
        commands = eject_commands(mount_point, platform, device)
    except ValueError as exc:
        return EjectResult(False, f"No se pudo expulsar: {exc}.")
    available = [cmd for cmd in commands if which(cmd[0])]
    if not available:
        tools = " ni ".join(sorted({cmd[0] for cmd in commands}))
        return EjectResult(
            False,
            f"No se pudo expulsar: no se encontró {tools} en este equipo. "
            "Expúlsala desde el explorador de archivos antes de sacarla.",
        )
    reason = ""
    command = ""
    for cmd in available:
        command = shlex.join(cmd)
        log.info("eject: %s", command)
        try:
            done = run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            reason = f"{cmd[0]} no respondió en {timeout:.0f} s"
            continue
        except OSError as exc:
            reason = f"no se pudo ejecutar {cmd[0]}: {exc.strerror or exc}"
            continue
        if done.returncode == 0:
            return EjectResult(True, "Tarjeta expulsada: ya puedes sacarla del lector.", command)
        reason = _failure_text(f"{done.stdout or ''}\n{done.stderr or ''}")
    return EjectResult(False, f"No se pudo expulsar la tarjeta: {reason}.", command)
