"""Re-hash the files on the share against what their writers' manifests say was verified.

Each writer's newest complete manifest snapshot of an event
(``EVENT/.cobertura/writers/<writer>/manifest.NNNNNN.xxh128``) lists every file that writer
put (or found) on the share, with its xxh3-128. ``verify_share`` reads each listed file
once, from the disk, and reports the ones that are missing or no longer match. It only
reads: a share is never written by a check.
"""

from __future__ import annotations

import os

from media.library import STATE_DIR
from media.models import CancelToken, ProgressFn, no_progress
from media.transfer import hash_file
from media.verify import VerifyReport
from sync.layout import WRITERS_DIR, snapshot_names
from sync.shared_view import list_events
from sync.snapshots import parse_manifest, writers_in


def _event_manifests(share: str, rel: str, report: VerifyReport) -> dict[str, set[str]]:
    """Share path -> the hashes its writers' newest manifests give it (one event)."""
    folder = os.path.join(share, *rel.split("/"))
    base = os.path.join(folder, STATE_DIR, WRITERS_DIR)
    try:
        names = [
            f"{STATE_DIR}/{WRITERS_DIR}/{w}/{n}"
            for w in os.listdir(base)
            for n in os.listdir(os.path.join(base, w))
        ]
    except OSError:
        return {}
    wanted: dict[str, set[str]] = {}
    for tag, snaps in sorted(writers_in(names).items()):
        if not snaps.catalogs:
            continue
        man_name = snapshot_names(snaps.catalogs[0])[1]
        try:
            with open(os.path.join(base, tag, man_name), "rb") as fh:
                entries = parse_manifest(fh.read())
        except OSError:
            report.unreadable_manifests.append(f"{rel}/{STATE_DIR}/{WRITERS_DIR}/{tag}/{man_name}")
            continue
        for path, digest in entries.items():
            wanted.setdefault(f"{rel}/{path}", set()).add(digest)
    return wanted


def verify_share(
    share: str,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    from_disk: bool = True,
) -> VerifyReport:
    """Check every file the share's manifests list (paths in the report are share-relative).

    A file two writers' manifests give different hashes cannot match both and is listed as
    mismatched. Progress counts bytes; ``cancel`` stops between files."""
    report = VerifyReport()
    wanted: dict[str, set[str]] = {}
    for event in list_events(share):
        wanted.update(_event_manifests(share, event.path, report))
    work: list[tuple[str, set[str], int]] = []
    for rel, digests in sorted(wanted.items()):
        try:
            work.append((rel, digests, os.path.getsize(os.path.join(share, *rel.split("/")))))
        except OSError:
            report.missing.append(rel)
    total = sum(size for _rel, _d, size in work)
    for rel, digests, size in work:
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            actual = hash_file(os.path.join(share, *rel.split("/")), cancel, from_disk=from_disk)
        except OSError:
            report.missing.append(rel)
            continue
        report.checked += 1
        report.bytes += size
        if digests != {actual}:
            report.mismatched.append(rel)
        progress(report.bytes, total)
    return report
