"""Sync settings, read from the person's settings file (``media.settings``)."""

from __future__ import annotations

from media.settings import Settings, load_settings
from sync.localscan import parse_parts


def configured_parts(path: str | None = None) -> tuple[str, ...]:
    """The parts named by the ``sync_parts`` setting (``originals``, ``catalog``, ``edits``,
    ``exports``); an unknown part name raises ``ValueError`` so a typo is not ignored."""
    return parse_parts(load_settings(path).sync_parts or None)


def configured_share(settings: Settings | None = None) -> str:
    """The shared folder the settings name ('' when none)."""
    return (settings or load_settings()).shared_folder
