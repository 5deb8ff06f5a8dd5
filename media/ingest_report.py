"""What an ingest did to each file, and the answer a photographer waits for: safe to format?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from media.models import HARMLESS_SKIPS, MESSAGES_ES, Problem


@dataclass
class FileResult:
    """``status``: copied, already (in the library before), failed, or skipped (nothing to copy)."""

    source_path: str
    status: str
    path: str | None = None
    kind: str | None = None
    size: int = 0
    problems: list[Problem] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("copied", "already")

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "file",
            "status": self.status,
            "source_path": self.source_path,
            "path": self.path,
            "kind": self.kind,
            "size": self.size,
            "problems": [p.to_json() for p in self.problems],
            "note": self.note,
        }


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    skipped_housekeeping: int = 0
    total_bytes: int = 0
    elapsed: float = 0.0
    cancelled: bool = False
    stopped: Problem | None = None

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def bytes_copied(self) -> int:
        return sum(r.size for r in self.results if r.status == "copied")

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    @property
    def failed(self) -> list[FileResult]:
        """Files not (wholly) in the library: failed, or a companion of theirs failed."""
        return [
            r
            for r in self.results
            if r.status == "failed" or (r.ok and any(p.fails for p in r.problems))
        ]

    @property
    def safe_to_format(self) -> bool:
        """True only when every file on the source is verified in the library (and backup)."""
        if self.cancelled or self.stopped is not None:
            return False
        for r in self.results:
            if r.status == "failed" or any(p.fails for p in r.problems):
                return False
            if r.status == "skipped" and any(p.type not in HARMLESS_SKIPS for p in r.problems):
                return False
        return True

    def summary(self) -> dict[str, Any]:
        return {
            "type": "summary",
            "copied": self.count("copied"),
            "already": self.count("already"),
            "failed": self.count("failed"),
            "skipped": self.count("skipped"),
            "skipped_housekeeping": self.skipped_housekeeping,
            "problems": len(self.problems),
            "bytes_copied": self.bytes_copied,
            "seconds": round(self.elapsed, 3),
            "layouts": self.layouts,
            "cancelled": self.cancelled,
            "stopped": self.stopped.to_json() if self.stopped else None,
            "safe_to_format": self.safe_to_format,
        }

    def summary_text(self) -> str:
        """The closing lines in Spanish, for people."""
        lines = [
            f"Copiados y verificados: {self.count('copied')}",
            f"Ya estaban en la biblioteca: {self.count('already')}",
            f"Con problemas (no copiados): {self.count('failed')}",
        ]
        warnings = [p for r in self.results if r.ok for p in r.problems]
        if warnings:
            lines.append(f"Avisos: {len(warnings)}")
        if self.stopped is not None:
            detail = f" ({self.stopped.detail})" if self.stopped.detail else ""
            lines.append(f"Detenido: {MESSAGES_ES[self.stopped.type]}{detail}")
        verdict = "SÍ" if self.safe_to_format else "NO"
        lines.append(f"¿Se puede formatear la tarjeta? {verdict}")
        return "\n".join(lines)
