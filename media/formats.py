"""What a file is: its kind from its extension, or from its first bytes when that fails."""

from __future__ import annotations

import os

from media.models import Kind

RAW_EXTS = frozenset(
    "dng cr2 cr3 crw nef nrw arw srf sr2 raf rw2 orf pef srw x3f 3fr iiq erf mrw rwl gpr".split()
)
PHOTO_EXTS = frozenset("jpg jpeg jpe heic heif hif avif png tif tiff webp".split()) | RAW_EXTS
VIDEO_EXTS = frozenset("mp4 mov m4v mts m2ts avi mkv 3gp mxf mpg mpeg wmv insv 360 webm".split())
AUDIO_EXTS = frozenset("wav bwf mp3 m4a aac flac ogg opus wma aif aiff amr 3ga".split())
SIDECAR_EXTS = frozenset("xmp thm lrv".split())
# Camera housekeeping: rebuilt by the camera when the card is formatted, never media.
HOUSEKEEPING_EXTS = frozenset("ctg bin cpi mpl bdm tid tdt hprj zdt ind ppn smi pmpd".split())
HOUSEKEEPING_DIRS = frozenset(
    name.lower()
    for name in (
        ".Trashes",
        "System Volume Information",
        ".Spotlight-V100",
        ".fseventsd",
        ".TemporaryItems",
        "$RECYCLE.BIN",
        ".thumbnails",
        "CANONMSC",
        "MISC",
        "THMBNL",
        "CLIPINF",
        "PLAYLIST",
        "BACKUP",
        "AUXDATA",
        "SUB",
        "GENERAL",
        ".cobertura",
    )
)
HOUSEKEEPING_FILES = frozenset(
    {".ds_store", "thumbs.db", "desktop.ini", ".localized", "mediapro.xml", "cueup.xml"}
)


def extension(name: str) -> str:
    """The lower-case extension of ``name`` without the dot ('' when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def is_housekeeping_name(name: str) -> bool:
    """True for system and camera housekeeping files that are never copied."""
    lower = name.lower()
    return (
        lower.startswith("._")
        or lower in HOUSEKEEPING_FILES
        or extension(name) in HOUSEKEEPING_EXTS
    )


def kind_from_extension(name: str) -> Kind | None:
    ext = extension(name)
    if ext in PHOTO_EXTS:
        return Kind.PHOTO
    if ext in VIDEO_EXTS:
        return Kind.VIDEO
    if ext in AUDIO_EXTS:
        return Kind.AUDIO
    if ext in SIDECAR_EXTS:
        return Kind.SIDECAR
    return None


_FTYP_PHOTO = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis", b"crx ")


def kind_from_content(head: bytes) -> Kind | None:
    """Guess the kind from a file's first bytes (at least 16 of them)."""
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG"):
        return Kind.PHOTO
    if head[:4] in (b"II*\x00", b"MM\x00*", b"IIRO", b"IIU\x00") or head.startswith(
        b"FUJIFILMCCD-RAW"
    ):
        return Kind.PHOTO
    if head[4:8] == b"ftyp":
        return Kind.PHOTO if head[8:12] in _FTYP_PHOTO else Kind.VIDEO
    if head[:4] == b"RIFF":
        return {b"WAVE": Kind.AUDIO, b"AVI ": Kind.VIDEO, b"WEBP": Kind.PHOTO}.get(head[8:12])
    if head[:4] in (b"fLaC", b"OggS", b"FORM") or head[:3] == b"ID3":
        return Kind.AUDIO
    if head[:2] == b"\xff\xfb" or head[:2] == b"\xff\xf3":
        return Kind.AUDIO
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return Kind.VIDEO
    if len(head) >= 5 and head[4] == 0x47 and head[:4] != b"RIFF":  # BDAV MPEG-TS (.MTS)
        return Kind.VIDEO
    return None


def read_head(path: str, size: int = 32) -> bytes:
    """The first ``size`` bytes of a regular file, opened so a FIFO can never block us."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)
