"""The push stage: library event folders to the shared folder, verified and append-only.

``push()`` is a plain function (progress callback, cancel token, report of typed problems)
run the same way by ``python main.py sync``, by the tests, by the watcher and by the app.

A run: check the share's marker (no marker: write nothing, report ``share_missing``);
for each event folder whose files changed since its last complete push, list the share's
copy and plan (``sync.planner``); copy, append and keep conflicts (a few files at a time);
then write this writer's catalog snapshot listing only what is verified on the share, and
remember it all in the library (``sync.index``). A killed run leaves only temporary files,
which the next run removes before it finishes the work.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from media.catalog import read_items
from media.library import STATE_DIR, event_folders
from media.locking import LibraryLock
from media.models import CancelToken, ProgressFn, no_progress
from sync.actions import ActionResult, ResultQueue, ShareActions, SnapshotDone
from sync.backend import (
    Backend,
    ShareGone,
)
from sync.conflicts import ConflictRecord
from sync.index import RACY_NS, ShareRecord
from sync.layout import conflict_name
from sync.localscan import ALL_PARTS, CATALOG, ORIGINALS, quick_fingerprint, scan_event
from sync.planner import Action, Counters, EventPlan, EventPlanner
from sync.problems import STOPS_RUN, SyncProblem, SyncProblemType
from sync.report import FileOutcome, PushReport
from sync.share import ShareError, open_share
from sync.transfer import LocalFolderBackend, hash_prefix

OutcomeFn = Callable[[FileOutcome], None]


@dataclass
class PushOptions:
    library: str
    share: str
    writer: str
    events: list[str] | None = None  # folder names, library paths or agenda event ids
    parts: tuple[str, ...] = ALL_PARTS
    full: bool = False  # look at the share again for every event, and stat every file there
    workers: int = 4  # files in flight at once (a share's latency hides behind them)
    save_seconds: float = 2.0  # how often the record of what is done is written


class SyncLock(LibraryLock):
    """One push per library at a time (a killed process releases it by itself)."""

    def __init__(self, library: str) -> None:
        super().__init__(library)
        self.path = os.path.join(library, STATE_DIR, "sync.lock")


class UnknownEvents(ValueError):
    """Some ``events`` selectors matched no event folder of the library."""


def select_events(library: str, selectors: list[str] | None) -> list[str]:
    """The event folders to push: all of them, or those named by folder name, path
    relative to the library, or agenda event id. Raises ``UnknownEvents``."""
    folders = event_folders(library)
    if not selectors:
        return folders
    wanted = set(selectors)
    chosen: list[str] = []
    matched: set[str] = set()
    for folder in folders:
        rel = os.path.relpath(folder, library).replace(os.sep, "/")
        names = {rel, os.path.basename(folder)} & wanted
        if not names:
            try:
                ids = {str(i.get("event")) for i in read_items(folder)}
            except (OSError, ValueError):
                ids = set()
            names = ids & wanted
        if names:
            chosen.append(folder)
            matched |= names
    if wanted - matched:
        raise UnknownEvents(", ".join(sorted(wanted - matched)))
    return chosen


def push(
    options: PushOptions,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    on_file: OutcomeFn | None = None,
    backend: Backend | None = None,
) -> PushReport:
    """Push the library's event folders to the share; never raises for a file.

    Without the share's marker nothing is written and the report is ``stopped`` with
    ``share_missing``. Raises ``FileNotFoundError`` for a missing library, ``UnknownEvents``
    and ``media.locking.LibraryBusy`` (another push of this library is running)."""
    started = time.monotonic()
    backend = backend or LocalFolderBackend(options.share, options.writer)
    report = PushReport(share=backend.location, writer=options.writer, parts=options.parts)
    try:
        info = open_share(backend)
    except ShareError as exc:
        report.stopped = exc.problem
        report.elapsed = time.monotonic() - started
        return report
    report.share_id = info.id
    if not os.path.isdir(options.library):
        raise FileNotFoundError(options.library)
    folders = select_events(options.library, options.events)
    lock = SyncLock(options.library)
    lock.acquire()
    try:
        _Run(options, backend, report, info.id, progress, cancel or CancelToken(), on_file).go(
            folders
        )
    finally:
        lock.release()
    report.elapsed = time.monotonic() - started
    return report


def _warm(pool: ThreadPoolExecutor, n: int) -> None:
    """Have the pool start its threads (each busy task makes it start one more)."""
    try:
        for _ in range(n):
            pool.submit(time.sleep, 0.001)
    except RuntimeError:  # the run was already over
        pass


class _Run(ShareActions):
    """One push: plans events, runs their copies on a pool, closes each event."""

    def __init__(
        self,
        options: PushOptions,
        backend: Backend,
        report: PushReport,
        share_id: str,
        progress: ProgressFn,
        cancel: CancelToken,
        on_file: OutcomeFn | None,
    ) -> None:
        self.o = options
        when = datetime.now().astimezone()
        super().__init__(
            backend, options.writer, when, cancel, report, ShareRecord(options.library, share_id)
        )
        self.progress = progress
        self.emit = on_file or (lambda o: None)
        self.counters = Counters()
        self.planner = EventPlanner(
            options.library,
            backend,
            options.writer,
            options.parts,
            self.record,
            self.when,
            self.counters,
            verify_share=options.full,
        )
        self.last_save = time.monotonic()
        self.plans: list[EventPlan] = []
        self.left: list[int] = []  # copies still running, per plan
        self.failures: list[bool] = []  # per plan
        self.outstanding = 0
        self.pool: ThreadPoolExecutor | None = None
        self.closing: list[tuple[EventPlan, bool, Future[SnapshotDone]]] = []

    # -- the run -------------------------------------------------------------------------

    def go(self, folders: list[str]) -> None:
        """Plan event after event and hand each one's copies to the pool at once, so the
        copies of the first events overlap the planning of the next ones."""
        results: ResultQueue = queue.Queue()
        try:
            with ThreadPoolExecutor(max_workers=max(1, self.o.workers)) as pool:
                self.pool = pool
                # Starting threads costs a few milliseconds each: let a helper start them
                # while this thread plans the first event.
                threading.Thread(target=_warm, args=(pool, self.o.workers), daemon=True).start()
                for folder in folders:
                    if self.halted():
                        break
                    plan = self.plan(folder)
                    if plan is not None:
                        self.start(plan, pool, results)
                    self.drain(results, block=False)
                while self.outstanding:
                    self.drain(results, block=True)
                for plan, failures, future in self.closing:
                    self.finalize(plan, failures, future.result())
        finally:
            self.save()
            c = self.counters
            self.report.local_files_hashed = c.local_files_hashed
            self.report.local_bytes_hashed = c.local_bytes_hashed
            self.report.share_files_hashed = c.share_files_hashed
            self.report.bytes_sent = self.sent

    def plan(self, folder: str) -> EventPlan | None:
        scanned_at = time.time_ns()
        fingerprint, newest = quick_fingerprint(folder, self.o.parts, self.o.writer)
        rel = os.path.relpath(folder, self.o.library).replace(os.sep, "/")
        self.report.events_total += 1
        if not self.o.full and self.record.is_unchanged(rel, fingerprint):
            self.report.events_unchanged += 1
            return None
        event = scan_event(self.o.library, folder)
        try:
            plan = self.planner.plan(event, fingerprint)
            self.report.temporaries_removed += self.backend.sweep_temporaries(event.rel)
        except ShareGone:
            self.stop(SyncProblem(SyncProblemType.SHARE_VANISHED, event.rel))
            return None
        except OSError as exc:
            problem = self.classify(exc, event.rel)
            if problem.type in STOPS_RUN:
                self.stop(problem)
            else:
                self.report.run_problems.append(problem)
            return None
        if newest > scanned_at - RACY_NS:
            plan.fingerprint = ""  # changed within the clock's tick: look again next time
        self.report.events_checked += 1
        self.report.files_already += len(plan.placed)
        self.report.run_problems.extend(plan.problems)
        return plan

    def start(
        self,
        plan: EventPlan,
        pool: ThreadPoolExecutor,
        results: ResultQueue,
    ) -> None:
        """Hand one planned event's copies to the pool (closing it at once if it has none)."""
        i = len(self.plans)
        self.plans.append(plan)
        self.left.append(len(plan.actions))
        self.failures.append(bool(plan.problems) or bool(plan.failed))
        for f, part, problem in plan.failed:
            self.outcome(
                FileOutcome(plan.event.rel, f.rel, "failed", part, f.size, problems=[problem])
            )
        self.report.bytes_to_send += sum(a.local.size - a.offset for a in plan.actions)
        for action in plan.actions:
            pool.submit(self.worker, i, plan.event.rel, action, results)
        self.outstanding += len(plan.actions)
        if not plan.actions:
            self.close_event(plan, self.failures[i])

    def drain(self, results: ResultQueue, block: bool) -> None:
        """Record the copies that finished (waiting for one when ``block``); each event is
        closed (conflict notes, catalog snapshot, record) when its last copy is done."""
        while self.outstanding:
            try:
                i, action, result = results.get(timeout=0.2) if block else results.get_nowait()
            except queue.Empty:
                self.progress(self.sent, self.report.bytes_to_send)
                if block:
                    continue
                return
            block = False
            self.outstanding -= 1
            self.left[i] -= 1
            self.failures[i] |= not self.finish(self.plans[i], action, result)
            self.progress(self.sent, self.report.bytes_to_send)
            if self.left[i] == 0:
                self.close_event(self.plans[i], self.failures[i])
            if time.monotonic() - self.last_save > self.o.save_seconds:
                self.save()

    def close_event(self, plan: EventPlan, failures: bool) -> None:
        """After an event's copies: its conflict notes, then its catalog snapshot, which
        is written on the pool while the next events' copies go on."""
        for note in plan.missing_notes:
            self.write_note(note)
        job = None
        if CATALOG in self.o.parts and not self.halt.is_set():
            job, problem = self.prepare_snapshot(plan)
            if problem is not None:
                self.report.run_problems.append(problem)
                failures = True
        if job is None:
            self.finalize(plan, failures)
        else:
            assert self.pool is not None
            self.closing.append((plan, failures, self.pool.submit(self.write_snapshot, job)))

    def finalize(self, plan: EventPlan, failures: bool, done: SnapshotDone | None = None) -> None:
        """Record the event as pushed completely, or not (main thread)."""
        if done is not None:
            if done.problem is not None:
                self.report.run_problems.append(done.problem)
                failures = True
            elif done.seq is not None:
                self.report.snapshots_written += 1
                self.record.set_event(
                    plan.event.rel, snapshot_seq=done.seq, snapshot_digest=done.job.digest
                )
        complete = not failures and not self.halt.is_set() and bool(plan.fingerprint)
        self.record.set_event(
            plan.event.rel,
            fingerprint=plan.fingerprint if complete else "",
            complete=complete,
            writer=self.o.writer,
        )

    def save(self) -> None:
        """Names placed are made durable first; only then are they recorded as done."""
        try:
            self.backend.flush()
        except OSError:
            return
        self.record.save()
        for plan in self.plans:
            plan.index.save()
        self.last_save = time.monotonic()

    # -- one file ------------------------------------------------------------------------

    def finish(
        self, plan: EventPlan, action: Action, result: ActionResult, retry: bool = True
    ) -> bool:
        """Record one action's result (main thread); False when the file is not on the share."""
        ev, f = plan.event.rel, action.local
        if result.status == "skipped":
            return False
        if result.status == "raced" and retry:
            return self.after_race(plan, action)
        if result.status != "done" or result.placed is None:
            problem = result.problem or SyncProblem(
                SyncProblemType.WRITE_ERROR, f"{ev}/{action.share_rel}", "el nombre se ocupó"
            )
            self.outcome(FileOutcome(ev, f.rel, "failed", action.part, f.size, problems=[problem]))
            return False
        placed = result.placed
        plan.placed[f.rel] = action.share_rel
        self.record.remember(
            ev, f.rel, action.share_rel, placed.stat.size, placed.stat.mtime_ns, placed.hash
        )
        if action.part != ORIGINALS:  # an original's hash is in its manifest already
            try:
                st = os.stat(f.path)
                if st.st_size == placed.size and st.st_mtime_ns == f.mtime_ns:
                    plan.index.record(f.rel, placed.size, f.mtime_ns, placed.hash)
            except OSError:
                pass
        status = "appended" if action.kind == "append" else "copied"
        outcome = FileOutcome(
            ev, f.rel, status, action.part, placed.copied, f"{ev}/{action.share_rel}"
        )
        if action.conflict is not None:
            outcome.status = "conflict"
            outcome.problems.append(
                SyncProblem(
                    SyncProblemType.CONFLICT,
                    f"{ev}/{action.conflict.path}",
                    f"guardado como {action.share_rel}",
                )
            )
            self.report.conflicts.append(action.conflict)
            self.write_note(action.conflict)
        self.outcome(outcome)
        return True

    def after_race(self, plan: EventPlan, action: Action) -> bool:
        """The name was taken between the listing and the copy: same content, or conflict."""
        ev, f = plan.event.rel, action.local
        try:
            theirs = self.backend.hash(f"{ev}/{action.share_rel}")
            mine = action.expected or plan.index.lookup(f.rel, f.size, f.mtime_ns)
            if mine is None:
                mine = hash_prefix(f.path)
        except OSError as exc:
            problem = self.classify(exc, f"{ev}/{action.share_rel}")
            return self.finish(plan, action, ActionResult("failed", problem=problem), retry=False)
        if theirs == mine and action.kind == "put":
            plan.placed[f.rel] = action.share_rel
            self.report.files_already += 1
            return True
        record = ConflictRecord(
            ev,
            action.share_rel,
            conflict_name(action.share_rel, self.when, self.o.writer),
            self.o.writer,
            self.when.isoformat(timespec="seconds"),
            mine,
            theirs,
            False,
        )
        retry = Action("put", f, action.part, record.kept_as, action.expected, conflict=record)
        return self.finish(plan, retry, self.run_action(ev, retry), retry=False)

    def outcome(self, outcome: FileOutcome) -> None:
        self.report.outcomes.append(outcome)
        self.emit(outcome)
