"""Pillow set-up shared by the stages that open images."""

from __future__ import annotations

_registered = False


def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (pillow-heif), once per process."""
    global _registered
    if not _registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _registered = True

