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


def preload_decoders() -> None:
    """Load the HEIF and video decoders now. A module's first import holds the interpreter
    lock for its whole set-up (pillow-heif, PyAV: a tenth of a second or more), so an app
    calls this on a worker while its window opens, not in the middle of someone's work."""
    register_heif()
    import av  # noqa: F401  (imported for its set-up)
