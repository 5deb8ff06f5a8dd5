"""Ingest stage by stage: scan -> probe -> plan -> dedup -> copy+hash -> verify -> commit.

``ingest()`` is a plain function: the command line, the tests and the desktop app call
it with a progress callback and a cancel token and get an ``IngestReport`` back.

Copying and verifying overlap: while file N is read back from the disk (in one helper
thread), file N+1 is read from the card and written. File N is committed (catalog,
manifest, ledger) only once every copy of it read back equal, and its result comes out
before N+1's, so the report, the commit and a cancel keep the order of the card.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from media.ingest_copy import DiskFull, Root, Unit, prepare
from media.ingest_plan import Planner
from media.ingest_report import FileResult, IngestReport
from media.ledger import Ledger
from media.locking import LibraryLock
from media.models import (
    Cancelled,
    CancelToken,
    Problem,
    ProblemType,
    ProgressFn,
    no_progress,
)
from media.naming import DEFAULT_TEMPLATE
from media.scan import ScannedFile, scan
from media.timeutil import DEFAULT_TZ
from media.transfer import CopyError, VerifyError

if TYPE_CHECKING:
    from media.settings import Settings

FileFn = Callable[[FileResult], None]


@dataclass
class IngestOptions:
    library: str
    event_id: str | None = None
    backup: str | None = None
    template: str = DEFAULT_TEMPLATE
    photographer: str = ""
    initials: str = ""  # for {initials} in names; empty: the photographer's initials
    tz: str = DEFAULT_TZ
    before_minutes: int = 30  # an event's window opens this long before its start
    after_minutes: int = 60  # and closes this long after its end
    commit_every: int = 25  # files per catalog write: bounds the work a crash can undo
    commit_seconds: float = 5.0

    @classmethod
    def from_settings(cls, library: str, settings: Settings, **changes: Any) -> IngestOptions:
        """The options the person's settings give for ``library`` (naming template,
        photographer and initials, time zone, event windows), with ``changes`` on top
        (an event forced, a backup folder, what a command line overrides)."""
        given: dict[str, Any] = {
            "template": settings.rename_template,
            "photographer": settings.photographer,
            "initials": settings.initials,
            "tz": settings.time_zone,
            "before_minutes": settings.match_before_minutes,
            "after_minutes": settings.match_after_minutes,
        }
        return cls(library=library, **{**given, **changes})


_TICK = 0.1  # seconds between progress reports while a read-back is awaited


def ingest(
    sources: list[str],
    options: IngestOptions,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    on_file: FileFn | None = None,
) -> IngestReport:
    """Copy every media file under ``sources`` into the library, verified; never raises for a file.

    Raises ``LibraryBusy`` when another ingest holds the library, ``FileNotFoundError``
    when a source does not exist.
    """
    cancel = cancel or CancelToken()
    for source in sources:
        if not os.path.exists(source):
            raise FileNotFoundError(source)
    started = time.monotonic()
    report = IngestReport()
    emit = on_file or (lambda r: None)
    roots_paths = [options.library] + ([options.backup] if options.backup else [])
    locks = [LibraryLock(p) for p in roots_paths]
    for lock in locks:
        lock.acquire()
    try:
        for path in roots_paths:
            _sweep_temporaries(path)
        roots = [Root(p, Ledger(p)) for p in roots_paths]
        files: list[ScannedFile] = []
        for source in sources:
            try:
                scanned = scan(source, cancel=cancel)
            except Cancelled:  # cancelled before anything was copied
                report.cancelled = True
                report.stopped = Problem(ProblemType.CANCELLED, "", "cancelado al revisar")
                return report
            report.layouts = sorted(set(report.layouts) | set(scanned.layouts))
            report.skipped_housekeeping += scanned.skipped_housekeeping
            files.extend(scanned.files)
            for problem in scanned.problems:
                result = FileResult(problem.path, "skipped" if not problem.fails else "failed")
                result.problems.append(problem)
                report.add(result)
                emit(result)
        report.total_bytes = sum(f.size + sum(c.size for c in f.companions) for f in files)
        _run(
            files, Planner(options, roots_paths[0]), roots, report, options, progress, cancel, emit
        )
    finally:
        for lock in locks:
            lock.release()
    report.elapsed = time.monotonic() - started
    return report


def _run(
    files: list[ScannedFile],
    planner: Planner,
    roots: list[Root],
    report: IngestReport,
    options: IngestOptions,
    progress: ProgressFn,
    cancel: CancelToken,
    emit: FileFn,
) -> None:
    meter = _Meter(report.total_bytes, progress)
    last_commit = time.monotonic()
    flight: list[tuple[Unit, int, futures.Future[None]]] = []  # being read back: one at most

    def stop(ptype: ProblemType, detail: str) -> None:
        if report.stopped is None:
            report.stopped = Problem(ptype, "", detail)

    def record(result: FileResult, file_bytes: int) -> None:
        nonlocal last_commit
        meter.check_over(file_bytes)
        meter.show()
        report.add(result)
        emit(result)
        pending = sum(len(v) for r in roots for v in r.pending.values())
        if (
            pending >= options.commit_every
            or time.monotonic() - last_commit > options.commit_seconds
        ):
            _commit(roots)
            last_commit = time.monotonic()

    def land() -> None:
        """Wait for the file being read back, and record it (committed when it verified)."""
        if flight:
            unit, file_bytes, future = flight.pop()
            error = _wait(future, meter)
            record(unit.land() if error is None else _unit_failed(unit, error, stop), file_bytes)

    def settle(size: int) -> None:
        """Land the file in flight first when the next one may be a duplicate of it."""
        if flight and flight[0][0].result.size == size:
            land()

    with futures.ThreadPoolExecutor(1, thread_name_prefix="cobertura-verify") as pool:
        for scanned in files:
            file_bytes = scanned.size + sum(c.size for c in scanned.companions)
            meter.begin(file_bytes)
            if report.stopped is None and cancel.cancelled:
                stop(ProblemType.CANCELLED, "cancelado por la persona")
            outcome = None
            if report.stopped is None:
                outcome = _prepare(scanned, planner, roots, cancel, meter, settle, stop)
            meter.copy_over()
            land()  # the previous file, read back while this one was copied
            going_on = report.stopped is None and not cancel.cancelled
            if isinstance(outcome, Unit) and outcome.staged and going_on:
                on_bytes = meter.watch(file_bytes, outcome.read_back_bytes)
                job = pool.submit(outcome.verify_and_place, cancel, on_bytes)
                flight.append((outcome, file_bytes, job))
            elif isinstance(outcome, Unit) and outcome.staged:  # stopped after it was copied
                stop(ProblemType.CANCELLED, "cancelado por la persona")
                outcome.discard()
                record(_stopped(outcome.result, ProblemType.CANCELLED, ""), file_bytes)
            elif isinstance(outcome, Unit):  # nothing to read back: adopted from a killed run
                record(outcome.land(), file_bytes)
            elif outcome is not None:
                record(outcome, file_bytes)
            else:
                assert report.stopped is not None
                result = FileResult(
                    scanned.source_path, "failed", kind=scanned.kind.value, size=scanned.size
                )
                record(_stopped(result, ProblemType.CANCELLED, report.stopped.detail), file_bytes)
        land()
    _commit(roots)
    report.cancelled = report.stopped is not None and report.stopped.type is ProblemType.CANCELLED


def _prepare(
    scanned: ScannedFile,
    planner: Planner,
    roots: list[Root],
    cancel: CancelToken,
    meter: _Meter,
    settle: Callable[[int], None],
    stop: Callable[[ProblemType, str], None],
) -> FileResult | Unit:
    """Copy ``scanned`` to temporary names (see ``media.ingest_copy.prepare``); a cancel
    or a full disk stops the run and fails this file."""
    try:
        return prepare(scanned, planner, roots, cancel, meter.on_copy, settle)
    except Cancelled:
        stop(ProblemType.CANCELLED, "cancelado por la persona")
        ptype, detail = ProblemType.CANCELLED, ""
    except DiskFull as exc:
        stop(ProblemType.DISK_FULL, str(exc))
        ptype, detail = ProblemType.DISK_FULL, str(exc)
    result = FileResult(scanned.source_path, "failed", kind=scanned.kind.value, size=scanned.size)
    return _stopped(result, ptype, detail)


def _wait(future: futures.Future[None], meter: _Meter) -> BaseException | None:
    """Wait for a read-back, reporting progress; the failure it ended with, if any."""
    while not future.done():
        futures.wait([future], timeout=_TICK)
        meter.show()
    error = future.exception()
    if error is None or isinstance(error, (Cancelled, CopyError, VerifyError)):
        return error
    raise error


def _unit_failed(
    unit: Unit, error: BaseException, stop: Callable[[ProblemType, str], None]
) -> FileResult:
    """The result of a file whose read-back failed or was cancelled (nothing was placed)."""
    if isinstance(error, (CopyError, VerifyError)):
        try:
            return unit.fail(error)
        except DiskFull as exc:
            stop(ProblemType.DISK_FULL, str(exc))
            return _stopped(unit.result, ProblemType.DISK_FULL, str(exc), unit.main_at_stake)
    unit.discard()
    stop(ProblemType.CANCELLED, "cancelado por la persona")
    return _stopped(unit.result, ProblemType.CANCELLED, "", unit.main_at_stake)


def _stopped(
    result: FileResult, ptype: ProblemType, detail: str, main_at_stake: bool = True
) -> FileResult:
    if main_at_stake:
        result.status = "failed"
    result.problems.append(Problem(ptype, result.source_path, detail))
    return result


class _Meter:
    """Progress in bytes of the card. A file's bytes count half as it is copied and half
    as its copies are read back from the disk (the two overlap). Reported from the
    ingest's own thread only; the read-back thread just adds to ``checking``."""

    def __init__(self, total: int, progress: ProgressFn) -> None:
        self.total = total
        self.progress = progress
        self.copied = 0  # bytes of the files whose copy is over
        self.checked = 0  # bytes of the files whose read-back is over (or needed none)
        self.copying = 0  # bytes read of the file being copied (a first hashing counts too)
        self.copy_cap = 0
        self.checking = 0  # bytes read back of the file in flight
        self.check_cap = 0  # that file's bytes
        self.check_all = 1  # the bytes its read-back reads: every copy, every root
        self.reported = 0

    def begin(self, file_bytes: int) -> None:
        self.copying, self.copy_cap = 0, file_bytes

    def on_copy(self, n: int) -> None:
        self.copying += n
        self.show()

    def copy_over(self) -> None:
        self.copied += self.copy_cap
        self.copying = self.copy_cap = 0

    def watch(self, file_bytes: int, read_back_bytes: int) -> Callable[[int], None]:
        """Start counting the read-back of a file; the callback the read-back thread calls."""
        self.checking, self.check_cap, self.check_all = 0, file_bytes, max(read_back_bytes, 1)

        def on_bytes(n: int) -> None:
            self.checking += n

        return on_bytes

    def check_over(self, file_bytes: int) -> None:
        self.checked += file_bytes
        self.checking = self.check_cap = 0

    def show(self) -> None:
        check = min(self.checking * self.check_cap // self.check_all, self.check_cap)
        copy = min(self.copying, self.copy_cap)
        done = min((self.copied + copy + self.checked + check) // 2, self.total)
        self.reported = max(self.reported, done)
        self.progress(self.reported, self.total)


def _sweep_temporaries(root: str) -> None:
    """Remove temporary files a killed run left behind (we hold the library's lock)."""
    from media.atomic import TMP_PREFIX

    if not os.path.isdir(root):
        return
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name.startswith(TMP_PREFIX):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass


def _commit(roots: list[Root]) -> None:
    """Write each touched event folder's catalog and manifest, then the ledger."""
    for root in roots:
        root.commit()


__all__ = ["IngestOptions", "IngestReport", "FileResult", "ingest"]
