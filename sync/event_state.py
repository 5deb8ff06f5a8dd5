"""Whether each library event is on the shared folder as it is now, from the push's own record.

A push keeps, per share and per event, the fingerprint of the event as it was last pushed
completely (``sync.index.ShareRecord``). Comparing it with the event's fingerprint now
(``sync.localscan.quick_fingerprint``: a few dozen ``stat`` calls, no hashing, the share
not touched) says, per event:

- ``pushed``: pushed completely and nothing changed since;
- ``changed``: pushed before, but something changed since (new files, marks, captions,
  exports) or the last push did not finish;
- ``not_pushed``: never pushed to that share.

The share is the one the settings name when its marker can be read, else the share this
library pushed to most recently. A library that never pushed anywhere, with no share set,
has no sync state at all (an empty answer).
"""

from __future__ import annotations

import os
from enum import StrEnum

from media.models import CancelToken
from media.settings import load_settings
from sync.config import configured_share
from sync.index import ShareRecord, state_root
from sync.localscan import ALL_PARTS, parse_parts, quick_fingerprint
from sync.share import ShareError, open_share
from sync.transfer import LocalFolderBackend


class EventSyncState(StrEnum):
    PUSHED = "pushed"
    CHANGED = "changed"
    NOT_PUSHED = "not_pushed"


def pushed_share_ids(library: str) -> list[str]:
    """The shares this library has a push record for, most recently written first."""
    folder = os.path.join(state_root(library), "shares")
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        try:
            found.append((os.stat(os.path.join(folder, name, "events.json")).st_mtime_ns, name))
        except OSError:
            continue
    return [name for _t, name in sorted(found, reverse=True)]


def share_id_for(library: str, share_folder: str = "") -> str | None:
    """The id of the share to compare with: the configured one when its marker can be
    read, else the one pushed to most recently; None when there is neither."""
    if share_folder:
        try:
            return open_share(LocalFolderBackend(os.path.abspath(share_folder), "-")).id
        except (ShareError, OSError):
            pass  # not mounted now: the record still says what was pushed
    pushed = pushed_share_ids(library)
    return pushed[0] if pushed else None


def event_sync_states(
    library: str,
    folders: list[str],
    share_folder: str = "",
    parts: tuple[str, ...] = ALL_PARTS,
    writer: str = "",
    cancel: CancelToken | None = None,
) -> dict[str, EventSyncState]:
    """The sync state of each event folder (absolute paths) against the share (see the
    module's text); empty when there is no share to compare with. ``parts`` and ``writer``
    are what pushes use (the record's own writer wins when it names one)."""
    library = os.path.abspath(library)
    share_id = share_id_for(library, share_folder)
    if share_id is None:
        return {}
    record = ShareRecord(library, share_id)
    states: dict[str, EventSyncState] = {}
    for folder in folders:
        if cancel is not None and cancel.cancelled:
            break
        rel = os.path.relpath(folder, library).replace(os.sep, "/")
        entry = record.event(rel)
        if not entry:
            states[folder] = EventSyncState.NOT_PUSHED
            continue
        pushed = entry.get("fingerprint") if entry.get("complete") else ""
        if pushed:
            now, _newest = quick_fingerprint(folder, parts, str(entry.get("writer") or writer))
            if now == pushed:
                states[folder] = EventSyncState.PUSHED
                continue
        states[folder] = EventSyncState.CHANGED
    return states


def configured_sync_states(
    library: str, folders: list[str], cancel: CancelToken | None = None
) -> dict[str, EventSyncState]:
    """``event_sync_states`` against the share, parts and writer the settings name (all
    parts when the ``sync_parts`` setting is not valid: the push refuses to run then)."""
    settings = load_settings()
    try:
        parts = parse_parts(settings.sync_parts or None)
    except ValueError:
        parts = ALL_PARTS
    return event_sync_states(
        library, folders, configured_share(settings), parts, settings.writer_id, cancel
    )
