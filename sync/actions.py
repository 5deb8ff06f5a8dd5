"""What a push does on the share, one file at a time; safe to call from worker threads.

``ShareActions`` holds the run's stop flag and byte count, turns every expected failure
of the backend into a typed problem (``classify``), and writes the two kinds of small
files a writer leaves beside the media: conflict notes and its catalog snapshots.
``sync.push`` builds on it to run a whole push.
"""

from __future__ import annotations

import errno
import queue
import threading
from dataclasses import dataclass
from datetime import datetime

from media.models import Cancelled, CancelToken
from sync.backend import (
    AlreadyExists,
    Backend,
    LocalReadError,
    Placed,
    RemoteChanged,
    ShareGone,
    SourceMismatch,
    VerifyMismatch,
)
from sync.conflicts import ConflictRecord, note_bytes, note_path
from sync.index import ShareRecord
from sync.layout import writer_tag
from sync.planner import Action, EventPlan
from sync.problems import STOPS_RUN, SyncProblem, SyncProblemType
from sync.report import PushReport
from sync.snapshots import (
    SnapshotError,
    WriterSnapshots,
    looks_like_json_object,
    manifest_text,
    parse_catalog,
    render,
    snapshot_digest,
    writers_in,
)


@dataclass
class ActionResult:
    status: str  # done, raced, skipped, failed
    placed: Placed | None = None
    problem: SyncProblem | None = None


@dataclass
class SnapshotJob:
    """A catalog snapshot to write (see ``sync.snapshots``)."""

    ev: str
    catalog: bytes  # the library catalog's text, as it is
    manifest: str  # what of it is on the share
    digest: str
    snaps: WriterSnapshots  # this writer's snapshots of the event, as listed


@dataclass
class SnapshotDone:
    job: SnapshotJob
    seq: int | None  # None: not written
    problem: SyncProblem | None


ResultQueue = queue.Queue[tuple[int, Action, ActionResult]]
"""Where workers hand back (plan number, action, result)."""


class ShareActions:
    """The share-side work of one run, for one writer."""

    def __init__(
        self,
        backend: Backend,
        writer: str,
        when: datetime,
        cancel: CancelToken,
        report: PushReport,
        record: ShareRecord,
    ) -> None:
        self.backend = backend
        self.writer = writer
        self.when = when
        self.cancel = cancel
        self.report = report
        self.record = record
        self.halt = threading.Event()
        self._lock = threading.Lock()
        self.sent = 0

    def halted(self) -> bool:
        """True once the run must stop (cancelled, share gone, share full)."""
        if self.cancel.cancelled and self.report.stopped is None:
            self.stop(SyncProblem(SyncProblemType.CANCELLED, "", "cancelado por la persona"))
        return self.halt.is_set()

    def stop(self, problem: SyncProblem) -> None:
        """Stop the run; the first reason given is the one reported."""
        with self._lock:
            if self.report.stopped is None:
                self.report.stopped = problem
            self.halt.set()

    # -- one file ------------------------------------------------------------------------

    def on_bytes(self, n: int) -> None:
        """Count bytes sent (called from the workers)."""
        with self._lock:
            self.sent += n

    def worker(
        self,
        i: int,
        ev: str,
        action: Action,
        results: ResultQueue,
    ) -> None:
        """In a worker thread: run one action and always hand a result back."""
        try:
            result = self.run_action(ev, action)
        except BaseException as exc:  # a bug must not leave the run waiting forever
            result = self.failed(SyncProblemType.WRITE_ERROR, f"{ev}/{action.share_rel}", exc)
        results.put((i, action, result))

    def run_action(self, ev: str, action: Action) -> ActionResult:
        """In a worker thread: one copy or append; every expected failure becomes a result."""
        if self.halted():
            return ActionResult("skipped")
        where = f"{ev}/{action.share_rel}"
        try:
            if action.kind == "append":
                placed = self.backend.append(
                    action.local.path, where, action.offset, self.on_bytes, self.cancel
                )
            else:
                placed = self.backend.put_new(
                    action.local.path, where, action.expected, self.on_bytes, self.cancel
                )
            return ActionResult("done", placed)
        except AlreadyExists:
            return ActionResult("raced")
        except SourceMismatch as exc:
            return self.failed(SyncProblemType.LOCAL_MISMATCH, f"{ev}/{action.local.rel}", exc)
        except VerifyMismatch as exc:
            return self.failed(SyncProblemType.VERIFY_FAILED, where, exc)
        except LocalReadError as exc:
            return self.failed(SyncProblemType.READ_ERROR, f"{ev}/{action.local.rel}", exc)
        except RemoteChanged as exc:
            return self.failed(SyncProblemType.WRITE_ERROR, where, f"cambió mientras tanto ({exc})")
        except ShareGone:
            problem = SyncProblem(SyncProblemType.SHARE_VANISHED, where)
            self.stop(problem)
            return ActionResult("failed", problem=problem)
        except Cancelled:
            problem = SyncProblem(SyncProblemType.CANCELLED, where)
            self.stop(problem)
            return ActionResult("failed", problem=problem)
        except OSError as exc:
            problem = self.classify(exc, where)
            if problem.type in STOPS_RUN:
                self.stop(problem)
            return ActionResult("failed", problem=problem)

    @staticmethod
    def failed(ptype: SyncProblemType, path: str, detail: object) -> ActionResult:
        return ActionResult("failed", problem=SyncProblem(ptype, path, str(detail)))

    def classify(self, exc: OSError, path: str) -> SyncProblem:
        """The problem an error writing the share means; any error that comes with the
        marker gone is the share vanishing (unmounted, network lost)."""
        detail = exc.strerror or str(exc)
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
            return SyncProblem(SyncProblemType.PERMISSION_DENIED, path, detail)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return SyncProblem(SyncProblemType.DISK_FULL, path, detail)
        if exc.errno in (errno.EINVAL, errno.ENAMETOOLONG, errno.EILSEQ):
            return SyncProblem(SyncProblemType.NAME_REFUSED, path, detail)
        try:
            gone = self.backend.read_marker() is None
        except OSError:
            gone = True
        if gone:
            return SyncProblem(SyncProblemType.SHARE_VANISHED, path, detail)
        return SyncProblem(SyncProblemType.WRITE_ERROR, path, detail)

    def write_note(self, record: ConflictRecord) -> None:
        """Leave the conflict's note on the share (once: the name comes from the copy's)."""
        try:
            self.backend.create_new(
                f"{record.event}/{note_path(self.writer, record.kept_as)}", note_bytes(record)
            )
        except AlreadyExists:
            pass
        except (OSError, ShareGone) as exc:
            detail = str(exc)
            self.report.run_problems.append(
                SyncProblem(
                    SyncProblemType.WRITE_ERROR,
                    f"{record.event}/{record.kept_as}",
                    f"no se pudo anotar el conflicto: {detail}",
                )
            )

    # -- the writer's catalog snapshot ---------------------------------------------------

    def latest_digest(self, ev: str, snaps: WriterSnapshots, seq: int) -> str | None:
        """The digest of a snapshot this library's record does not know (pushed by
        an earlier record, or by another machine with this writer id)."""
        try:
            raw = parse_catalog(self.backend.read(f"{ev}/{snaps.catalog_rel(seq)}"))
        except (OSError, SnapshotError):
            return None
        return str(raw.get("digest"))

    def prepare_snapshot(self, plan: EventPlan) -> tuple[SnapshotJob | None, SyncProblem | None]:
        """(job, None) for this writer's next catalog snapshot of the event; (None, None)
        when the share already has one saying exactly this; (None, problem) when the
        library catalog cannot be read (main thread)."""
        ev, catalog_file = plan.event.rel, plan.event.catalog
        manifest = manifest_text(plan.manifest or {}, plan.placed)
        if catalog_file is None or not manifest:
            return None, None
        where = f"{ev}/{catalog_file.rel}"
        try:
            with open(catalog_file.path, "rb") as fh:
                catalog = fh.read()
        except OSError as exc:
            return None, SyncProblem(SyncProblemType.READ_ERROR, where, str(exc))
        if not looks_like_json_object(catalog):
            return None, SyncProblem(SyncProblemType.MALFORMED, where, "no es un objeto JSON")
        digest = snapshot_digest(catalog, manifest)
        tag = writer_tag(self.writer)
        snaps = writers_in(plan.listing).get(tag) or WriterSnapshots(tag, (), 0)
        entry = self.record.event(ev)
        if snaps.catalogs:
            latest = snaps.catalogs[0]
            if entry.get("snapshot_seq") == latest:
                if entry.get("snapshot_digest") == digest:
                    return None, None
            elif self.latest_digest(ev, snaps, latest) == digest:
                self.record.set_event(ev, snapshot_seq=latest, snapshot_digest=digest)
                return None, None
        return SnapshotJob(ev, catalog, manifest, digest, snaps), None

    def write_snapshot(self, job: SnapshotJob) -> SnapshotDone:
        """Write the snapshot under the next free number, catalog first and manifest last
        (in a worker thread: it only reports, the caller records)."""
        seq = job.snaps.highest + 1
        for _ in range(20):
            catalog = render(job.ev, self.writer, seq, job.catalog, job.digest)
            try:
                self.backend.create_new(f"{job.ev}/{job.snaps.catalog_rel(seq)}", catalog)
                self.backend.create_new(
                    f"{job.ev}/{job.snaps.manifest_rel(seq)}", job.manifest.encode("utf-8")
                )
            except AlreadyExists:  # the same writer id pushing from elsewhere: next number
                seq += 1
                continue
            except ShareGone:
                problem = SyncProblem(SyncProblemType.SHARE_VANISHED, job.ev)
                self.stop(problem)
                return SnapshotDone(job, None, problem)
            except OSError as exc:
                problem = self.classify(exc, f"{job.ev}/{job.snaps.catalog_rel(seq)}")
                if problem.type in STOPS_RUN:
                    self.stop(problem)
                return SnapshotDone(job, None, problem)
            return SnapshotDone(job, seq, None)
        detail = "demasiados catálogos con el mismo número"
        return SnapshotDone(job, None, SyncProblem(SyncProblemType.WRITE_ERROR, job.ev, detail))
