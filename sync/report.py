"""What a push did: per file (when it did something or failed), per run, with typed problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.conflicts import ConflictRecord
from sync.problems import SyncProblem


@dataclass
class FileOutcome:
    """``status``: copied, appended, conflict (copied under a conflict name), or failed."""

    event: str  # event folder, relative to the library and to the share
    path: str  # relative to the event folder, in the library
    status: str
    part: str
    size: int = 0
    share_path: str | None = None  # relative to the share root
    problems: list[SyncProblem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "file",
            "status": self.status,
            "event": self.event,
            "path": self.path,
            "part": self.part,
            "size": self.size,
            "share_path": self.share_path,
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass
class PushReport:
    share: str
    writer: str
    share_id: str = ""
    parts: tuple[str, ...] = ()
    outcomes: list[FileOutcome] = field(default_factory=list)
    conflicts: list[ConflictRecord] = field(default_factory=list)
    run_problems: list[SyncProblem] = field(default_factory=list)  # not about one file
    stopped: SyncProblem | None = None
    events_total: int = 0
    events_unchanged: int = 0  # skipped: nothing changed since their last complete push
    events_checked: int = 0
    files_already: int = 0  # already on the share (found while checking changed events)
    bytes_to_send: int = 0
    bytes_sent: int = 0
    snapshots_written: int = 0
    local_files_hashed: int = 0
    local_bytes_hashed: int = 0
    share_files_hashed: int = 0
    temporaries_removed: int = 0
    elapsed: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def problems(self) -> list[SyncProblem]:
        """Every problem: the run's first, then each file's."""
        found = list(self.run_problems)
        if self.stopped is not None and self.stopped not in found:
            found.insert(0, self.stopped)
        return found + [p for o in self.outcomes for p in o.problems]

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def complete(self) -> bool:
        """True when everything asked for is on the share, verified (conflicts included)."""
        return self.stopped is None and not any(p.fails for p in self.problems)

    def summary(self) -> dict[str, Any]:
        return {
            "type": "summary",
            "share": self.share,
            "share_id": self.share_id,
            "writer": self.writer,
            "parts": list(self.parts),
            "complete": self.complete,
            "stopped": self.stopped.to_json() if self.stopped else None,
            "events": self.events_total,
            "events_unchanged": self.events_unchanged,
            "events_checked": self.events_checked,
            "copied": self.count("copied"),
            "appended": self.count("appended"),
            "conflicts": len(self.conflicts),
            "failed": len(self.failed),
            "already": self.files_already,
            "bytes_sent": self.bytes_sent,
            "snapshots": self.snapshots_written,
            "local_files_hashed": self.local_files_hashed,
            "share_files_hashed": self.share_files_hashed,
            "problems": [p.to_json() for p in self.problems],
            "elapsed": round(self.elapsed, 3),
        }

    def summary_text(self) -> str:
        lines = [
            f"Carpeta compartida: {self.share}",
            f"{self.count('copied')} copiados, {self.count('appended')} ampliados "
            f"(ediciones), {self.files_already} ya estaban, {len(self.conflicts)} en conflicto, "
            f"{len(self.failed)} con problemas; {self.events_unchanged} de "
            f"{self.events_total} eventos sin cambios.",
        ]
        if self.stopped is not None:
            lines.append(f"DETENIDO: {self.stopped}")
        lines.append(
            "Todo está en la carpeta compartida, verificado."
            if self.complete
            else "Faltan archivos: vuelve a ejecutar sync cuando se resuelva el problema."
        )
        return "\n".join(lines)
