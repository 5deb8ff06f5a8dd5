"""The copy stage of ingest: one scanned file, and its companions, staged into every root.

``prepare()`` finds where the file already is (the ledger, and the files of this run
not yet committed), plans its name, and copies it and its sidecars to temporary names
(one read of the card, hashed as it goes, flushed to the disk). It returns a ``Unit``:
its copies are read back from the disk and given their names later, in a helper thread
while the next file is copied (see ``media.ingest``); only then do its catalog records
go to the commit. A file and its sidecars are placed together or not at all.

A sidecar (XMP, THM, LRV…) that appears on a card whose main file is already in the
library is copied beside that file and added to its catalog record.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from media import catalog
from media.ingest_plan import Described, PlannedFile, Planner, companion_suffix
from media.ingest_report import FileResult
from media.ledger import Ledger, entries_for
from media.models import CancelToken, Problem, ProblemType
from media.naming import with_counter
from media.scan import ScannedFile
from media.transfer import CopyError, StagedCopy, VerifyError, hash_file, stage_copy

BytesFn = Callable[[int], None]


class DiskFull(Exception):
    """The destination is full: the run stops."""


@dataclass
class Root:
    """A library (or the backup) being ingested into."""

    path: str
    ledger: Ledger
    pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # folder -> items
    catalogs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # read this run

    def find_item(self, entry: dict[str, Any], digest: str) -> tuple[str, dict[str, Any]] | None:
        """The event folder and catalog record (uncommitted ones first) of a main file."""
        for folder, items in self.pending.items():
            for item in items:
                if item["hash"] == digest:
                    return folder, item
        folder = "/".join(str(entry["path"]).split("/")[:2])  # YYYY/YYYY-MM-DD title
        if folder not in self.catalogs:
            self.catalogs[folder] = catalog.read_items(os.path.join(self.path, folder))
        for item in self.catalogs[folder]:
            if item["hash"] == digest:
                return folder, item
        return None

    def commit(self) -> None:
        """Write each touched event folder's catalog and manifest, then the ledger."""
        if not self.pending:
            return
        entries = []
        for folder, items in self.pending.items():
            catalog.upsert_items(os.path.join(self.path, folder), items)
            self.catalogs.pop(folder, None)
            for item in items:
                entries.extend(entries_for(item))
        self.ledger.append(entries)
        self.pending.clear()


@dataclass
class Unit:
    """One scanned file's copies, flushed to temporary names, waiting to be read back."""

    result: FileResult
    staged: list[StagedCopy]
    records: list[Callable[[], None]]  # hand the catalog records to the commit
    main_at_stake: bool  # False when only new sidecars of a catalogued file are staged

    @property
    def read_back_bytes(self) -> int:
        return sum(s.read_back_bytes for s in self.staged)

    def verify_and_place(self, cancel: CancelToken, on_bytes: BytesFn) -> None:
        """Read every copy back from the disk, then give each its name: all, or none."""
        try:
            for staged in self.staged:
                staged.verify(cancel, on_bytes)
            for staged in self.staged:
                staged.place()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        for staged in self.staged:
            staged.discard()

    def land(self) -> FileResult:
        """Once verified and placed: the records go to the commit; the file's result."""
        for record in self.records:
            record()
        return self.result

    def fail(self, exc: CopyError | VerifyError) -> FileResult:
        """The result once reading back or placing failed (``DiskFull`` stops the run)."""
        self.discard()
        return failed(self.result, exc, self.main_at_stake)


def failed(result: FileResult, exc: CopyError | VerifyError, main_at_stake: bool) -> FileResult:
    """``result`` with the problem ``exc`` names; raises ``DiskFull`` for a full disk."""
    if isinstance(exc, VerifyError):
        ptype = ProblemType.VERIFY_FAILED
    elif exc.disk_full:
        raise DiskFull(str(exc)) from exc
    elif exc.at_open:
        ptype = ProblemType.UNREADABLE
    else:
        ptype = ProblemType.READ_ERROR if exc.side == "read" else ProblemType.WRITE_ERROR
    if main_at_stake:
        result.status = "failed"
    result.problems.append(Problem(ptype, result.source_path, str(exc)))
    return result


def prepare(
    scanned: ScannedFile,
    planner: Planner,
    roots: list[Root],
    cancel: CancelToken,
    on_bytes: BytesFn,
    settle: Callable[[int], None],
) -> FileResult | Unit:
    """Stage ``scanned`` and its companions into every root that lacks them.

    A ``FileResult`` when nothing is left to read back (already there, or failed), else
    a ``Unit``. ``settle(size)`` runs before the duplicate check, so that a file of that
    size still being read back can be committed first. Raises ``DiskFull`` and
    ``Cancelled``; any other failure is a problem of the result.
    """
    result = FileResult(scanned.source_path, "copied", kind=scanned.kind.value, size=scanned.size)
    described = planner.describe(scanned)
    digest: list[str] = []  # the source's hash, computed at most once

    def source_hash() -> str:
        if not digest:
            digest.append(hash_file(scanned.path, cancel))
            on_bytes(scanned.size)
        return digest[0]

    settle(scanned.size)
    staged: list[StagedCopy] = []
    plan: PlannedFile | None = None
    try:
        try:
            needs, known = _where_known(scanned, described, roots, source_hash)
            plan = planner.place(scanned, described, source_hash) if needs else None
        except OSError as exc:
            result.status = "failed"
            detail = exc.strerror or str(exc)
            result.problems.append(Problem(ProblemType.UNREADABLE, scanned.source_path, detail))
            return result
        records: list[Callable[[], None]] = []
        if plan is None:
            result.status = "already"
            result.path = str(known[0][1]["path"])
            result.problems.extend(
                p for p in described.problems if p.type is not ProblemType.NO_CAPTURE_TIME
            )
        else:
            result.problems.extend(plan.problems)
            result.path = plan.rel_path
            records.append(_stage_main(scanned, plan, needs, cancel, on_bytes, result, staged))
        added: list[str] = []
        for root, entry in known:
            records += _stage_new_sidecars(
                scanned, planner, root, entry, source_hash(), cancel, on_bytes, staged, added
            )
        if added:
            result.note = "acompañante nuevo copiado: " + ", ".join(dict.fromkeys(added))
        return Unit(result, staged, records, main_at_stake=plan is not None)
    except (CopyError, VerifyError, OSError) as exc:
        for copy in staged:
            copy.discard()
        error = CopyError("write", exc) if isinstance(exc, OSError) else exc
        return failed(result, error, main_at_stake=plan is not None)
    except BaseException:
        for copy in staged:
            copy.discard()
        raise


def _where_known(
    scanned: ScannedFile,
    described: Described,
    roots: list[Root],
    source_hash: Callable[[], str],
) -> tuple[list[Root], list[tuple[Root, dict[str, Any]]]]:
    """The roots that lack the file, and those that hold it (with their ledger entry).

    The quick pre-check (size and capture time) decides whether to read the source. A
    file with companions counts as held only where a catalog record of it can be found,
    since its new sidecars go beside that record.
    """
    needs: list[Root] = []
    known: list[tuple[Root, dict[str, Any]]] = []
    for root in roots:
        if root.ledger.candidates(scanned.size, described.ledger_time) or _pending_has_size(
            root, scanned.size
        ):
            entry = root.ledger.has(source_hash()) or _pending_hash(root, source_hash())
            if entry is not None and (
                not scanned.companions or root.find_item(entry, source_hash()) is not None
            ):
                known.append((root, entry))
                continue
        needs.append(root)
    return needs, known


def _stage_main(
    scanned: ScannedFile,
    plan: PlannedFile,
    roots: list[Root],
    cancel: CancelToken,
    on_bytes: BytesFn,
    result: FileResult,
    staged: list[StagedCopy],
) -> Callable[[], None]:
    """Stage the main file and its companions into ``roots``; the record to commit."""
    finals = [os.path.join(r.path, plan.rel_path) for r in roots]
    if plan.adopt_hash is not None and all(os.path.exists(f) for f in finals):
        main_hash, size = plan.adopt_hash, scanned.size  # placed by a run that was killed
        result.status = "already"
        result.note = "recuperado de una ejecución anterior"
        on_bytes(scanned.size)
    else:
        main = stage_copy(scanned.path, finals, on_bytes, cancel)
        staged.append(main)
        main_hash, size = main.hash, main.size
    sidecars = [
        _stage_companion(companion, rel, plan.folder, roots, cancel, on_bytes, staged)
        for companion, rel in zip(scanned.companions, plan.companion_paths, strict=True)
    ]
    item = plan.item(main_hash, size, sidecars, datetime.now(UTC).isoformat(timespec="seconds"))

    def record() -> None:
        item["problems"] = sorted({p.type.value for p in result.problems})
        for root in roots:
            root.pending.setdefault(plan.folder, []).append(item)

    return record


def _stage_companion(
    companion: ScannedFile,
    rel: str,
    folder: str,
    roots: list[Root],
    cancel: CancelToken,
    on_bytes: BytesFn,
    staged: list[StagedCopy],
) -> dict[str, Any]:
    """Stage one companion at ``rel`` in every root; its sidecar record."""
    targets = [os.path.join(r.path, rel) for r in roots]
    if all(os.path.exists(t) for t in targets):  # left by a run that was killed
        side_hash = _card_hash(companion, cancel)
        if _all_hold(targets, side_hash, cancel):
            return _sidecar(companion, rel, folder, side_hash)
    copy = stage_copy(companion.path, targets, on_bytes, cancel)
    staged.append(copy)
    return _sidecar(companion, rel, folder, copy.hash)


def _stage_new_sidecars(
    scanned: ScannedFile,
    planner: Planner,
    root: Root,
    entry: dict[str, Any],
    main_hash: str,
    cancel: CancelToken,
    on_bytes: BytesFn,
    staged: list[StagedCopy],
    added: list[str],
) -> list[Callable[[], None]]:
    """Stage the companions that the catalogued main file does not list yet, beside it."""
    if not scanned.companions:
        return []
    found = root.find_item(entry, main_hash)
    if found is None:
        return []
    folder, item = found
    main_dir, main_name = os.path.split(str(item["path"]))
    main_stem = main_name.rpartition(".")[0] or main_name
    original = os.path.basename(scanned.rel)
    card_stem = original.rpartition(".")[0] or original
    records: list[Callable[[], None]] = []
    for companion in scanned.companions:
        same_size = [s for s in item["sidecars"] if s["size"] == companion.size]
        side_hash = _card_hash(companion, cancel) if same_size else None
        if any(s["hash"] == side_hash for s in same_size):
            continue
        wanted = f"{main_stem}{companion_suffix(companion, card_stem)}"
        rel, held = _free_name(planner, root, main_dir, wanted, companion, side_hash, cancel)
        if held is not None:
            record = _sidecar(companion, rel, folder, held)
        else:
            copy = stage_copy(companion.path, [os.path.join(root.path, rel)], on_bytes, cancel)
            staged.append(copy)
            record = _sidecar(companion, rel, folder, copy.hash)
        added.append(os.path.basename(rel))
        records.append(_attach(root, folder, item, record))
    return records


def _attach(
    root: Root, folder: str, item: dict[str, Any], side: dict[str, Any]
) -> Callable[[], None]:
    def record() -> None:
        item["sidecars"] = [*item.get("sidecars", []), side]
        pending = root.pending.setdefault(folder, [])
        if not any(other is item for other in pending):
            pending.append(item)

    return record


def _free_name(
    planner: Planner,
    root: Root,
    folder: str,
    name: str,
    companion: ScannedFile,
    side_hash: str | None,
    cancel: CancelToken,
) -> tuple[str, str | None]:
    """A name beside the main file that nothing else holds (letter case aside), and the
    companion's hash when a killed run already left this very file there."""
    full_dir = os.path.join(root.path, folder)
    try:
        present = {n.lower(): n for n in os.listdir(full_dir)}
    except FileNotFoundError:
        present = {}
    candidate, n = name, 1
    while True:
        rel = f"{folder}/{candidate}"
        on_disk = present.get(candidate.lower())
        if on_disk is None:
            if planner.claim(rel, root.path):
                return rel, None
        elif on_disk == candidate and os.path.getsize(os.path.join(full_dir, on_disk)) == (
            companion.size
        ):
            side_hash = side_hash or _card_hash(companion, cancel)
            if _all_hold([os.path.join(full_dir, on_disk)], side_hash, cancel):
                planner.claim(rel, root.path)
                return rel, side_hash
        n += 1
        candidate = with_counter(name, n)


def _card_hash(companion: ScannedFile, cancel: CancelToken) -> str:
    try:
        return hash_file(companion.path, cancel)
    except OSError as exc:
        raise CopyError("read", exc) from exc


def _all_hold(targets: list[str], digest: str, cancel: CancelToken) -> bool:
    """Whether every target already holds ``digest``; one that cannot be read is copied again."""
    try:
        return all(hash_file(t, cancel, from_disk=True) == digest for t in targets)
    except OSError:
        return False


def _sidecar(companion: ScannedFile, rel: str, folder: str, digest: str) -> dict[str, Any]:
    return {
        "path": rel,
        "folder_path": os.path.relpath(rel, folder).replace(os.sep, "/"),
        "hash": digest,
        "size": companion.size,
        "source_path": companion.source_path,
    }


def _pending_has_size(root: Root, size: int) -> bool:
    return any(item["size"] == size for items in root.pending.values() for item in items)


def _pending_hash(root: Root, digest: str) -> dict[str, Any] | None:
    for items in root.pending.values():
        for item in items:
            if item["hash"] == digest:
                return item
    return None
