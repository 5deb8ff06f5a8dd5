"""Ingest stage by stage: scan -> probe -> plan -> dedup -> copy+hash -> verify -> commit.

``ingest()`` is a plain function: the command line, the tests and the desktop app call
it with a progress callback and a cancel token and get an ``IngestReport`` back.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from media import catalog
from media.ingest_plan import PlannedFile, Planner
from media.ingest_report import FileResult, IngestReport
from media.ledger import Ledger, entries_for
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
from media.transfer import CopyError, VerifyError, copy_verified, hash_file

FileFn = Callable[[FileResult], None]


@dataclass
class IngestOptions:
    library: str
    event_id: str | None = None
    backup: str | None = None
    template: str = DEFAULT_TEMPLATE
    photographer: str = ""
    tz: str = DEFAULT_TZ
    before_minutes: int = 30  # an event's window opens this long before its start
    after_minutes: int = 60  # and closes this long after its end
    commit_every: int = 25  # files per catalog write: bounds the work a crash can undo
    commit_seconds: float = 5.0


@dataclass
class _Root:
    path: str
    ledger: Ledger
    pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # folder -> items


class _DiskFull(Exception):
    pass


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
        roots = [_Root(p, Ledger(p)) for p in roots_paths]
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
    roots: list[_Root],
    report: IngestReport,
    options: IngestOptions,
    progress: ProgressFn,
    cancel: CancelToken,
    emit: FileFn,
) -> None:
    processed = 0  # bytes of the files already handled
    in_file = 0  # bytes read of the current file (hashing, then copying, may read it twice)
    file_total = 0
    reported = 0
    last_commit = time.monotonic()

    def on_bytes(n: int) -> None:
        nonlocal in_file, reported
        in_file += n
        reported = max(reported, processed + min(in_file, file_total))
        progress(reported, report.total_bytes)

    for scanned in files:
        in_file = 0
        file_total = scanned.size + sum(c.size for c in scanned.companions)
        if report.stopped is None and cancel.cancelled:
            report.stopped = Problem(ProblemType.CANCELLED, "", "cancelado por la persona")
        if report.stopped is not None:
            result = FileResult(
                scanned.source_path, "failed", kind=scanned.kind.value, size=scanned.size
            )
            result.problems.append(
                Problem(ProblemType.CANCELLED, scanned.source_path, report.stopped.detail)
            )
        else:
            try:
                result = _ingest_one(scanned, planner, roots, cancel, on_bytes)
            except Cancelled:
                report.stopped = Problem(ProblemType.CANCELLED, "", "cancelado por la persona")
                result = FileResult(
                    scanned.source_path, "failed", kind=scanned.kind.value, size=scanned.size
                )
                result.problems.append(Problem(ProblemType.CANCELLED, scanned.source_path))
            except _DiskFull as exc:
                report.stopped = Problem(ProblemType.DISK_FULL, "", str(exc))
                result = FileResult(
                    scanned.source_path, "failed", kind=scanned.kind.value, size=scanned.size
                )
                result.problems.append(
                    Problem(ProblemType.DISK_FULL, scanned.source_path, str(exc))
                )
        processed += file_total
        reported = processed
        progress(processed, report.total_bytes)
        report.add(result)
        emit(result)
        pending = sum(len(v) for r in roots for v in r.pending.values())
        if (
            pending >= options.commit_every
            or time.monotonic() - last_commit > options.commit_seconds
        ):
            _commit(roots)
            last_commit = time.monotonic()
    _commit(roots)
    report.cancelled = report.stopped is not None and report.stopped.type is ProblemType.CANCELLED


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


def _ingest_one(
    scanned: ScannedFile,
    planner: Planner,
    roots: list[_Root],
    cancel: CancelToken,
    on_bytes: Callable[[int], None],
) -> FileResult:
    result = FileResult(scanned.source_path, "copied", kind=scanned.kind.value, size=scanned.size)
    described = planner.describe(scanned)
    digest: list[str] = []  # the source's hash, computed at most once

    def source_hash() -> str:
        if not digest:
            digest.append(hash_file(scanned.path, cancel))
            on_bytes(scanned.size)
        return digest[0]

    try:
        # Dedup: the quick pre-check (size and capture time) decides whether to read the source.
        needs = []
        for root in roots:
            if root.ledger.candidates(scanned.size, described.ledger_time) or _pending_has_size(
                root, scanned.size
            ):
                known = root.ledger.has(source_hash()) or _pending_hash(root, source_hash())
                if known is not None:
                    result.path = known["path"]
                    continue
            needs.append(root)
        if not needs:
            result.status = "already"
            result.problems.extend(
                p for p in described.problems if p.type is not ProblemType.NO_CAPTURE_TIME
            )
            return result
        plan = planner.place(scanned, described, source_hash)
    except OSError as exc:
        result.status = "failed"
        result.problems.append(
            Problem(ProblemType.UNREADABLE, scanned.source_path, exc.strerror or str(exc))
        )
        return result
    result.problems.extend(plan.problems)
    result.path = plan.rel_path
    try:
        item = _copy_planned(scanned, plan, needs, cancel, on_bytes, result)
    except CopyError as exc:
        if exc.disk_full:
            raise _DiskFull(str(exc)) from exc
        if exc.at_open:
            ptype = ProblemType.UNREADABLE
        elif exc.side == "read":
            ptype = ProblemType.READ_ERROR
        else:
            ptype = ProblemType.WRITE_ERROR
        result.status = "failed"
        result.problems.append(Problem(ptype, scanned.source_path, str(exc)))
        return result
    except VerifyError as exc:
        result.status = "failed"
        result.problems.append(Problem(ProblemType.VERIFY_FAILED, scanned.source_path, str(exc)))
        return result
    item["problems"] = sorted({p.type.value for p in result.problems})
    for root in needs:
        root.pending.setdefault(plan.folder, []).append(item)
    return result


def _copy_planned(
    scanned: ScannedFile,
    plan: PlannedFile,
    roots: list[_Root],
    cancel: CancelToken,
    on_bytes: Callable[[int], None],
    result: FileResult,
) -> dict[str, Any]:
    """Copy the main file and its companions into every root that lacks them."""
    adopted = plan.adopt_hash
    if adopted is not None and all(
        os.path.exists(os.path.join(r.path, plan.rel_path)) for r in roots
    ):
        main_hash, size = adopted, scanned.size
        result.status = "already"
        result.note = "recuperado de una ejecución anterior"
        on_bytes(scanned.size)
    else:
        copied = copy_verified(
            scanned.path, [os.path.join(r.path, plan.rel_path) for r in roots], on_bytes, cancel
        )
        main_hash, size = copied.hash, copied.size
    sidecars: list[dict[str, Any]] = []
    try:
        for companion, rel in zip(scanned.companions, plan.companion_paths, strict=True):
            sidecars.append(_copy_sidecar(companion, rel, plan, roots, cancel, on_bytes))
    except BaseException:
        # A file and its sidecars go in together or not at all: nothing uncommitted stays
        # in the library (the card still holds them all; the next run copies them again).
        for root in roots:
            for rel in [plan.rel_path] + [s["path"] for s in sidecars]:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root.path, rel))
        raise
    return plan.item(main_hash, size, sidecars, datetime.now(UTC).isoformat(timespec="seconds"))


def _copy_sidecar(
    companion: ScannedFile,
    rel: str,
    plan: PlannedFile,
    roots: list[_Root],
    cancel: CancelToken,
    on_bytes: Callable[[int], None],
) -> dict[str, Any]:
    targets = [os.path.join(r.path, rel) for r in roots]
    if all(os.path.exists(t) for t in targets):  # left by a run that was killed
        try:
            side_hash = hash_file(companion.path, cancel)
        except OSError as exc:
            raise CopyError("read", exc) from exc
        if _all_hold(targets, side_hash, cancel):
            return _sidecar(companion, rel, plan, side_hash)
    copied = copy_verified(companion.path, targets, on_bytes, cancel)
    return _sidecar(companion, rel, plan, copied.hash)


def _all_hold(targets: list[str], digest: str, cancel: CancelToken) -> bool:
    """Whether every target already holds ``digest``; one that cannot be read is copied again."""
    try:
        return all(hash_file(t, cancel, from_disk=True) == digest for t in targets)
    except OSError:
        return False


def _sidecar(companion: ScannedFile, rel: str, plan: PlannedFile, digest: str) -> dict[str, Any]:
    return {
        "path": rel,
        "folder_path": os.path.relpath(rel, plan.folder).replace(os.sep, "/"),
        "hash": digest,
        "size": companion.size,
        "source_path": companion.source_path,
    }


def _pending_has_size(root: _Root, size: int) -> bool:
    return any(item["size"] == size for items in root.pending.values() for item in items)


def _pending_hash(root: _Root, digest: str) -> dict[str, Any] | None:
    for items in root.pending.values():
        for item in items:
            if item["hash"] == digest:
                return item
    return None


def _commit(roots: list[_Root]) -> None:
    """Write each touched event folder's catalog and manifest, then the ledger."""
    for root in roots:
        if not root.pending:
            continue
        entries = []
        for folder, items in root.pending.items():
            catalog.upsert_items(os.path.join(root.path, folder), items)
            for item in items:
                entries.extend(entries_for(item))
        root.ledger.append(entries)
        root.pending.clear()


__all__ = ["IngestOptions", "IngestReport", "FileResult", "ingest"]
