"""Re-hash every file of a library against its event folders' manifests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from media.catalog import read_manifest
from media.library import event_folders
from media.models import CancelToken, ProgressFn, no_progress
from media.transfer import hash_file


@dataclass
class VerifyReport:
    checked: int = 0
    bytes: int = 0
    mismatched: list[str] = field(default_factory=list)  # library-relative paths
    missing: list[str] = field(default_factory=list)
    unreadable_manifests: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.mismatched or self.missing or self.unreadable_manifests)


def verify_library(
    library: str,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    from_disk: bool = True,
) -> VerifyReport:
    """Check every manifest entry of every event folder; progress counts bytes."""
    report = VerifyReport()
    work: list[tuple[str, str, str, int]] = []  # (hash, full path, library-relative, size)
    for folder in event_folders(library):
        try:
            entries = read_manifest(folder)
        except (OSError, UnicodeDecodeError):
            report.unreadable_manifests.append(os.path.relpath(folder, library))
            continue
        for digest, rel in entries:
            full = os.path.join(folder, rel)
            lib_rel = os.path.relpath(full, library).replace(os.sep, "/")
            try:
                size = os.path.getsize(full)
            except OSError:
                report.missing.append(lib_rel)
                continue
            work.append((digest, full, lib_rel, size))
    total = sum(w[3] for w in work)
    for digest, full, lib_rel, size in work:
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            actual = hash_file(full, cancel, from_disk=from_disk)
        except OSError:
            report.missing.append(lib_rel)
            continue
        report.checked += 1
        report.bytes += size
        if actual != digest:
            report.mismatched.append(lib_rel)
        progress(report.bytes, total)
    return report
