"""Run one ffmpeg command: progress, timeout, cancel, temporary output, last error lines.

The command line is built elsewhere, by pure functions; this module only runs it. It
reads ffmpeg's ``-progress pipe:1`` blocks from standard output and keeps the tail of
standard error. Cancel and timeout stop ffmpeg the way a person at a terminal would
(interrupt first, so it can close its files), then terminate, then kill.
"""

from __future__ import annotations

import logging
import os
import queue
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from media.atomic import TMP_PREFIX, fsync_dir
from media.models import CancelToken, ProgressFn, no_progress

log = logging.getLogger("cobertura.ffmpeg")

ERROR_TAIL = 8  # error lines reported when ffmpeg fails
_KEEP_STDERR = 400


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"  # ffmpeg exited non-zero, or made no output
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    NOT_STARTED = "not_started"  # the executable could not be launched


@dataclass
class RunResult:
    """How one ffmpeg run ended. ``stderr`` is its tail; ``error_lines`` the last lines."""

    status: Status
    command: str  # a line a person can paste into a shell
    returncode: int | None = None
    elapsed: float = 0.0
    stderr: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def error_lines(self) -> list[str]:
        lines = [line for line in self.stderr if line.strip()]
        return lines[-ERROR_TAIL:]

    def reason(self) -> str:
        """One line for people: ffmpeg's last complaint, or what stopped the run."""
        if self.status is Status.TIMEOUT:
            return f"ffmpeg no terminó a tiempo ({self.elapsed:.0f} s)"
        if self.status is Status.CANCELLED:
            return "cancelado"
        tail = self.error_lines
        if tail:
            return " | ".join(tail[-4:])
        return f"ffmpeg terminó con código {self.returncode}"


@dataclass
class ProgressState:
    """What the ``-progress`` blocks said so far."""

    out_time_us: int = 0
    speed: float | None = None
    ended: bool = False


def parse_progress(line: str, state: ProgressState) -> bool:
    """Fold one ``key=value`` line of ``-progress`` output into ``state``. True at the end
    of a block (``progress=continue`` or ``progress=end``), when a report is due."""
    key, sep, value = line.strip().partition("=")
    if not sep:
        return False
    value = value.strip()
    if key in ("out_time_us", "out_time_ms"):  # both are microseconds (a known ffmpeg misnomer)
        if value.lstrip("-").isdigit():
            state.out_time_us = max(state.out_time_us, int(value))
    elif key == "speed":
        try:
            state.speed = float(value.rstrip("x"))
        except ValueError:
            state.speed = None
    elif key == "progress":
        state.ended = value == "end"
        return True
    return False


def temp_output(output: str, tag: str | int | None = None) -> str:
    """The temporary name ``output`` is written under: same folder (so the rename is
    atomic), hidden, with Cobertura's temporary prefix (ingest and sync skip it) and the
    same extension (ffmpeg picks the container from it)."""
    folder, name = os.path.split(os.path.abspath(output))
    tag = os.getpid() if tag is None else tag
    return os.path.join(folder, f"{TMP_PREFIX}{tag}-{name}")


def _popen_options() -> dict[str, object]:
    # A session of its own: a Ctrl+C at the terminal reaches Cobertura, which then stops
    # ffmpeg through cancel, instead of both racing to handle the same signal.
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _interrupt(proc: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            proc.send_signal(signal.CTRL_BREAK_EVENT)
        else:
            proc.send_signal(signal.SIGINT)
    except OSError:
        pass


def stop_process(
    proc: subprocess.Popen[bytes], interrupt_grace: float = 3.0, terminate_grace: float = 2.0
) -> None:
    """Stop ``proc``: interrupt (ffmpeg closes its output), wait, terminate, wait, kill."""
    if proc.poll() is not None:
        return
    _interrupt(proc)
    try:
        proc.wait(interrupt_grace)
        return
    except subprocess.TimeoutExpired:
        pass
    proc.terminate()
    try:
        proc.wait(terminate_grace)
        return
    except subprocess.TimeoutExpired:
        pass
    proc.kill()
    proc.wait()


_DONE = "\0done"  # put on the queue when ffmpeg's stdout closes


def _pump(stream: object, sink: Callable[[str], None], done: str | None = None) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        sink(raw.decode("utf-8", "replace").rstrip("\r\n"))
    if done is not None:
        sink(done)


def run_ffmpeg(
    cmd: list[str],
    *,
    duration: float | None,
    timeout: float,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    interrupt_grace: float = 3.0,
    terminate_grace: float = 2.0,
) -> RunResult:
    """Run ``cmd`` (an ffmpeg command with ``-progress pipe:1``) to its end, its timeout
    or its cancellation, calling ``progress(done_ms, total_ms)`` from this thread as
    ffmpeg reports output time. ``duration`` is the expected output length in seconds
    (None when unknown: progress then only says when it ends). Never raises for ffmpeg's
    failures: the result says how the run ended."""
    command = shlex.join(cmd)
    log.info("ffmpeg: %s", command)
    total_ms = max(1, round((duration or 0) * 1000))
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **_popen_options(),  # type: ignore[call-overload]
        )
    except OSError as exc:
        return RunResult(Status.NOT_STARTED, command, stderr=[f"{type(exc).__name__}: {exc}"])
    lines: queue.Queue[str] = queue.Queue()
    stderr: deque[str] = deque(maxlen=_KEEP_STDERR)
    readers = [
        threading.Thread(target=_pump, args=(proc.stdout, lines.put, _DONE), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, stderr.append), daemon=True),
    ]
    for reader in readers:
        reader.start()
    state = ProgressState()
    status: Status | None = None
    while True:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            line = None
        if line == _DONE:
            break  # stdout closed: ffmpeg has ended (or is ending)
        if line is not None and parse_progress(line, state) and duration:
            progress(min(state.out_time_us // 1000, total_ms), total_ms)
        if cancel is not None and cancel.cancelled:
            status = Status.CANCELLED
        elif time.monotonic() - started > timeout:
            status = Status.TIMEOUT
        if status is not None:
            log.info("ffmpeg: %s, stopping it", status.value)
            stop_process(proc, interrupt_grace, terminate_grace)
            break
    if status is None:
        try:  # stdout is closed; a process that lingers still has its time limit
            proc.wait(max(0.1, timeout - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            status = Status.TIMEOUT
            stop_process(proc, interrupt_grace, terminate_grace)
    for reader in readers:
        reader.join(timeout=2.0)
    returncode = proc.wait()
    if status is None:
        status = Status.OK if returncode == 0 else Status.FAILED
    if status is Status.OK:
        progress(total_ms, total_ms)
    result = RunResult(status, command, returncode, time.monotonic() - started, list(stderr))
    if not result.ok:
        log.info("ffmpeg %s: %s", status.value, result.reason())
    return result


def run_to_file(
    build: Callable[[str], list[str]],
    output: str,
    *,
    duration: float | None,
    timeout: float,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    interrupt_grace: float = 3.0,
    terminate_grace: float = 2.0,
    durable: bool = True,
) -> RunResult:
    """Run the command ``build(temporary_name)`` and, only when ffmpeg succeeded and left a
    non-empty file, rename it to ``output`` (flushed to the disk first when ``durable``).
    Any other ending removes the temporary file, so a failed, cancelled or timed-out run
    leaves nothing behind."""
    temp = temp_output(output)
    result = run_ffmpeg(
        build(temp),
        duration=duration,
        timeout=timeout,
        progress=progress,
        cancel=cancel,
        interrupt_grace=interrupt_grace,
        terminate_grace=terminate_grace,
    )
    try:
        if result.ok:
            if not os.path.isfile(temp) or os.path.getsize(temp) == 0:
                result.status = Status.FAILED
                result.stderr.append("ffmpeg no escribió ningún dato de salida")
            else:
                if durable:
                    with open(temp, "rb+") as fh:
                        os.fsync(fh.fileno())
                os.replace(temp, output)
                if durable:
                    fsync_dir(os.path.dirname(os.path.abspath(output)))
    finally:
        remove_quietly(temp)
    return result


def remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
