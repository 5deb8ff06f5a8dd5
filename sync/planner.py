"""Decide, for one library event folder, what a push must do on the share.

For each file the answer is one of: already there (same content under its name, or under
a conflict name this writer used before), copy it to its name (free on the share), append
to it (an edit journal whose share copy is a prefix of the library's), or copy it to a new
conflict name (a different file has the name). Content is compared by xxh3-128; hashes
come from the library's manifest, the hash index, this library's record of the share or
the writers' manifests on the share, and a file is only read when none of those knows it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime

from media.library import STATE_DIR
from sync.backend import Backend, RemoteStat
from sync.conflicts import ConflictRecord, note_path
from sync.index import HashIndex, ShareRecord
from sync.layout import LOCAL_MANIFEST, conflict_name, our_conflict_copies, refused_reason
from sync.localscan import (
    EDITS,
    EXPORTS,
    ORIGINALS,
    LocalEvent,
    LocalFile,
)
from sync.problems import SyncProblem, SyncProblemType
from sync.snapshots import parse_manifest, writers_in
from sync.transfer import hash_prefix

STATE_PREFIX = STATE_DIR + "/"


@dataclass
class Action:
    """One write on the share, relative to the event folder."""

    kind: str  # "put" (a new name) or "append"
    local: LocalFile
    part: str
    share_rel: str
    expected: str | None = None  # the manifest's hash, for originals
    offset: int = 0  # for "append": bytes the share's copy already holds
    conflict: ConflictRecord | None = None


@dataclass
class Counters:
    """How much a run read to compare (the incremental promise is kept when these stay 0)."""

    local_files_hashed: int = 0
    local_bytes_hashed: int = 0
    share_files_hashed: int = 0


@dataclass
class EventPlan:
    event: LocalEvent
    fingerprint: str
    index: HashIndex
    listing: dict[str, RemoteStat | None]  # names; a None is stat'ed when needed
    actions: list[Action] = field(default_factory=list)
    placed: dict[str, str] = field(default_factory=dict)  # library rel -> share rel
    failed: list[tuple[LocalFile, str, SyncProblem]] = field(default_factory=list)
    manifest: dict[str, str] | None = None  # the library manifest: path -> hash
    missing_notes: list[ConflictRecord] = field(default_factory=list)
    problems: list[SyncProblem] = field(default_factory=list)  # about the event as a whole


class EventPlanner:
    """Plans events for one run (one writer, one share, one set of parts)."""

    def __init__(
        self,
        library: str,
        backend: Backend,
        writer: str,
        parts: tuple[str, ...],
        record: ShareRecord,
        when: datetime,
        counters: Counters,
        verify_share: bool = False,
    ) -> None:
        self.library = library
        self.verify_share = verify_share  # stat every share file the record vouches for
        self.backend = backend
        self.writer = writer
        self.parts = parts
        self.record = record
        self.when = when
        self.counters = counters

    def plan(self, event: LocalEvent, fingerprint: str) -> EventPlan:
        """The plan of one event. Raises ``OSError`` or ``ShareGone`` when the share cannot
        be listed."""
        listing = self.backend.list_tree(event.rel, stats=self.verify_share)
        plan = EventPlan(event, fingerprint, HashIndex(self.library, event.rel), listing)
        _Deciding(self, plan).run()
        return plan


class _Deciding:
    """The state of planning one event."""

    def __init__(self, planner: EventPlanner, plan: EventPlan) -> None:
        self.p = planner
        self.plan = plan
        self.ev = plan.event.rel
        self.listing = plan.listing
        self.rec_files = planner.record.files(self.ev)
        self.known: dict[str, str] = {}  # share path -> hash, trusted
        for srel, size, mtime, digest in (v for v in self.rec_files.values() if len(v) == 4):
            if srel not in self.listing:
                continue
            if not planner.verify_share and not srel.startswith(STATE_PREFIX):
                # A media file this library verified under this name is still that file:
                # nothing on the share is ever rewritten. (``--full`` checks its size and
                # time too.) Journals and other state files grow, so they are stat'ed.
                self.known[srel] = digest
                continue
            st = self.stat(srel)
            if st is not None and st.size == size and st.mtime_ns == mtime:
                self.known[srel] = digest
        self._manifests_read = False

    def stat(self, srel: str) -> RemoteStat | None:
        """A listed file's size and time, read from the share the first time it is needed."""
        st = self.listing.get(srel)
        if st is None and srel in self.listing:
            st = self.listing[srel] = self.p.backend.stat(f"{self.ev}/{srel}")
        return st

    def share_size(self, srel: str) -> int:
        st = self.stat(srel)
        return st.size if st is not None else -1

    # -- hashes --------------------------------------------------------------------------

    def share_hash(self, srel: str) -> str:
        if srel in self.known:
            return self.known[srel]
        if not self._manifests_read:
            self._manifests_read = True
            for snaps in writers_in(self.listing).values():
                if not snaps.catalogs:
                    continue
                try:
                    data = self.p.backend.read(f"{self.ev}/{snaps.manifest_rel(snaps.catalogs[0])}")
                except OSError:
                    continue
                for rel, digest in parse_manifest(data).items():
                    if rel in self.listing:
                        self.known.setdefault(rel, digest)
            if srel in self.known:
                return self.known[srel]
        digest = self.p.backend.hash(f"{self.ev}/{srel}")
        self.p.counters.share_files_hashed += 1
        self.known[srel] = digest
        return digest

    def local_hash(self, f: LocalFile) -> str:
        """The library file's hash, from the index when it is unchanged. Raises OSError."""
        digest = self.plan.index.lookup(f.rel, f.size, f.mtime_ns)
        if digest is not None:
            return digest
        digest = hash_prefix(f.path)
        self.p.counters.local_files_hashed += 1
        self.p.counters.local_bytes_hashed += f.size
        st = os.stat(f.path)
        if st.st_size == f.size and st.st_mtime_ns == f.mtime_ns:
            self.plan.index.record(f.rel, f.size, f.mtime_ns, digest)
        return digest

    def local_prefix_hash(self, f: LocalFile, size: int) -> str:
        self.p.counters.local_files_hashed += 1
        self.p.counters.local_bytes_hashed += size
        return hash_prefix(f.path, size)

    # -- outcomes ------------------------------------------------------------------------

    def already(self, f: LocalFile, srel: str, digest: str) -> None:
        self.plan.placed[f.rel] = srel
        prev = self.rec_files.get(f.rel)
        if prev is not None and prev[0] == srel and prev[3] == digest:
            return
        st = self.stat(srel)
        if st is not None:
            self.p.record.remember(self.ev, f.rel, srel, st.size, st.mtime_ns, digest)

    def fail(self, f: LocalFile, part: str, ptype: SyncProblemType, detail: str = "") -> None:
        self.plan.failed.append((f, part, SyncProblem(ptype, f"{self.ev}/{f.rel}", detail)))

    def conflict_copy(
        self, f: LocalFile, part: str, target: str, mine: str, expected: str | None
    ) -> None:
        prev = self.rec_files.get(f.rel)
        record = ConflictRecord(
            event=self.ev,
            path=target,
            kept_as=conflict_name(target, self.p.when, self.p.writer),
            writer=self.p.writer,
            at=self.p.when.isoformat(timespec="seconds"),
            hash=mine,
            other_hash=self.known.get(target),
            own_version=prev is not None and prev[0] == target,
        )
        self.plan.actions.append(Action("put", f, part, record.kept_as, expected, conflict=record))

    def found_conflict_copy(self, f: LocalFile, srel: str, target: str, digest: str) -> None:
        self.already(f, srel, digest)
        if note_path(self.p.writer, srel) not in self.listing:
            self.plan.missing_notes.append(
                ConflictRecord(
                    self.ev,
                    target,
                    srel,
                    self.p.writer,
                    self.p.when.isoformat(timespec="seconds"),
                    digest,
                    self.known.get(target),
                    False,
                )
            )

    # -- deciding ------------------------------------------------------------------------

    def run(self) -> None:
        ev = self.plan.event
        manifest: dict[str, str] | None = None
        if ev.manifest is not None:
            try:
                with open(ev.manifest.path, "rb") as fh:
                    manifest = parse_manifest(fh.read())
            except OSError as exc:
                self.plan.problems.append(
                    SyncProblem(
                        SyncProblemType.READ_ERROR, f"{self.ev}/{ev.manifest.rel}", str(exc)
                    )
                )
        self.plan.manifest = manifest
        for rel, digest in (manifest or {}).items():
            prev = self.rec_files.get(rel)
            if prev is not None and len(prev) == 4 and self.known.get(prev[0]) == digest:
                self.plan.placed[rel] = prev[0]  # verified there before, and still there
                continue
            parts = rel.split("/")
            if ".." in parts or rel.startswith("/"):
                self.plan.problems.append(
                    SyncProblem(SyncProblemType.MALFORMED, f"{self.ev}/{LOCAL_MANIFEST}", rel)
                )
                continue
            self.decide(LocalFile(rel, os.path.join(ev.folder, *parts)), ORIGINALS, digest)
        if EXPORTS in self.p.parts:
            for f in ev.content:
                if manifest is None or f.rel not in manifest:
                    self.decide(f, EXPORTS, None)
        if EDITS in self.p.parts:
            for f in ev.journals:
                self.decide_append(f)

    def decide(self, f: LocalFile, part: str, expected: str | None) -> None:
        """A file that never changes once written (an original, an export)."""
        pushing = part in self.p.parts
        prev = self.rec_files.get(f.rel)
        if prev and len(prev) == 4 and prev[0] in self.known:
            try:
                mine = expected or self.local_hash(f)
            except OSError as exc:
                return self.fail(f, part, SyncProblemType.READ_ERROR, exc.strerror or str(exc))
            if self.known[prev[0]] == mine:
                self.plan.placed[f.rel] = prev[0]
                return None
        target = f.rel
        reason = refused_reason(f"{self.ev}/{target}")
        if reason:
            return self.fail(f, part, SyncProblemType.NAME_REFUSED, reason) if pushing else None
        if target not in self.listing:
            if pushing:
                self.plan.actions.append(Action("put", f, part, target, expected))
            return None
        try:
            mine = expected or self.local_hash(f)
        except OSError as exc:
            return self.fail(f, part, SyncProblemType.READ_ERROR, exc.strerror or str(exc))
        if self.share_size(target) == f.size and self.share_hash(target) == mine:
            return self.already(f, target, mine)
        for copy in our_conflict_copies(target, self.p.writer, list(self.listing)):
            if self.share_size(copy) == f.size and self.share_hash(copy) == mine:
                return self.found_conflict_copy(f, copy, target, mine)
        if pushing:
            self.conflict_copy(f, part, target, mine, expected)
        return None

    def decide_append(self, f: LocalFile) -> None:
        """An edit journal: only ever grows, so a share copy that is a prefix is continued."""
        target = f.rel
        if target not in self.listing:
            self.plan.actions.append(Action("put", f, EDITS, target))
            return
        try:
            mine = self.local_hash(f)
            for cand in [target, *our_conflict_copies(target, self.p.writer, list(self.listing))]:
                size = self.share_size(cand)
                if size == f.size and self.share_hash(cand) == mine:
                    return self.already(f, cand, mine)
                if size < f.size and self.share_hash(cand) == self.local_prefix_hash(f, size):
                    self.plan.actions.append(Action("append", f, EDITS, cand, offset=size))
                    return None
                if size > f.size:
                    self.p.counters.share_files_hashed += 1
                    if self.p.backend.hash(f"{self.ev}/{cand}", f.size) == mine:
                        return self.already_ahead(f, cand)
        except OSError as exc:
            return self.fail(f, EDITS, SyncProblemType.READ_ERROR, exc.strerror or str(exc))
        self.conflict_copy(f, EDITS, target, mine, None)
        return None

    def already_ahead(self, f: LocalFile, srel: str) -> None:
        """The share's journal holds the library's and more (another machine of this writer,
        or a library restored from a backup): nothing to send."""
        self.plan.placed[f.rel] = srel
