"""Destination names: valid on Windows, macOS, Linux and SMB shares, from a template.

No metadata value can move a file out of its folder: every token is cleaned of path
separators and dots before it is used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

MAX_NAME_BYTES = 200  # leaves room under the usual 255-byte limit for conflict suffixes
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in range(10)]
    + [f"LPT{i}" for i in range(10)]
)
DEFAULT_TEMPLATE = "{date}_{time}_{original}"
TOKENS = ("date", "time", "event", "camera", "initials", "seq", "original")


def safe_name(name: str, replacement: str = "_") -> str:
    """``name`` made valid as one path component everywhere; never empty, never '.' or '..'."""
    name = unicodedata.normalize("NFC", name)
    name = _FORBIDDEN.sub(replacement, name)
    name = name.strip().rstrip(". ")
    while ".." in name:
        name = name.replace("..", ".")
    name = name.lstrip(".") or "sin_nombre"
    stem, dot, ext = name.rpartition(".")
    base = stem if dot else name
    if base.upper().split(".")[0] in _RESERVED:
        name = f"_{name}"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        ext_part = f".{ext}" if dot and len(ext) <= 10 else ""
        keep = MAX_NAME_BYTES - len(ext_part.encode("utf-8"))
        head = (base if ext_part else name).encode("utf-8")[:keep].decode("utf-8", "ignore")
        name = head.rstrip(". ") + ext_part
    return name


def safe_token(value: str | None) -> str:
    """A metadata value made safe to put inside a name (no separators, no dots)."""
    if not value:
        return ""
    return safe_name(value.replace(".", "_")).replace(" ", "-") if value.strip() else ""


def initials(person: str | None) -> str:
    """'Ana María López' -> 'AML'."""
    if not person:
        return ""
    return "".join(word[0] for word in person.split() if word[:1].isalpha()).upper()


@dataclass(frozen=True)
class NameContext:
    original: str
    when: datetime
    event: str = ""
    camera: str = ""
    photographer: str = ""
    seq: int = 1
    initials: str = ""  # for {initials}; empty: the photographer's initials


def render_name(template: str, ctx: NameContext) -> str:
    """The destination file name for ``ctx`` (extension from the original, case kept)."""
    stem, dot, ext = ctx.original.rpartition(".")
    original_stem = stem if dot else ctx.original
    values = {
        "date": ctx.when.strftime("%Y-%m-%d"),
        "time": ctx.when.strftime("%H%M%S"),
        "event": safe_token(ctx.event),
        "camera": safe_token(ctx.camera),
        "initials": safe_token(ctx.initials or initials(ctx.photographer)),
        "seq": f"{ctx.seq:04d}",
        "original": safe_name(original_stem) if original_stem else "",
    }
    try:
        rendered = template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"plantilla de nombre inválida: {template!r} ({exc})") from exc
    rendered = re.sub(r"_{2,}", "_", rendered).strip("_-") or values["original"] or "archivo"
    return safe_name(f"{rendered}.{ext}" if dot and ext else rendered)


def with_counter(name: str, n: int) -> str:
    """'a.jpg', 2 -> 'a-2.jpg': the name for the n-th different file that wanted ``name``."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{n}.{ext}" if dot and stem else f"{name}-{n}"
