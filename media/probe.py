"""Probe stage: read each file's metadata without decoding it, by kind."""

from __future__ import annotations

from media.models import Kind, MediaInfo, ProblemType
from media.probe_av import probe_av
from media.probe_photo import probe_photo


def probe(path: str, name: str, kind: Kind) -> MediaInfo:
    """Metadata of one file; never raises for a damaged file (its problems say what failed)."""
    try:
        if kind is Kind.PHOTO:
            return probe_photo(path, name)
        if kind in (Kind.VIDEO, Kind.AUDIO):
            return probe_av(path, name)
        return MediaInfo()
    except OSError as exc:
        return MediaInfo(problems=[(ProblemType.UNREADABLE, exc.strerror or str(exc))])
    except Exception as exc:  # a parser bug must not stop an ingest
        return MediaInfo(problems=[(ProblemType.CORRUPT, f"{type(exc).__name__}: {exc}")])
