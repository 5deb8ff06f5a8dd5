"""External tools, found rather than assumed (ARCHITECTURE principle 7).

``ffmpeg`` comes from ``COBERTURA_FFMPEG``, then the ``PATH``, then the binary that the
``imageio-ffmpeg`` package ships. Probing never needs ``ffprobe``: it runs in-process
with PyAV.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass

ENV_FFMPEG = "COBERTURA_FFMPEG"


@dataclass(frozen=True)
class Place:
    """One place a tool was looked for, and what was found there."""

    where: str  # "COBERTURA_FFMPEG", "PATH", "imageio-ffmpeg"
    detail: str  # the value or folder looked at, and why it did not serve


class ToolNotFound(Exception):
    """No usable executable for ``tool``; ``looked`` says where it was looked for."""

    def __init__(self, tool: str, looked: list[Place]) -> None:
        self.tool = tool
        self.looked = looked
        super().__init__(self.message())

    def message(self) -> str:
        places = "; ".join(f"{p.where}: {p.detail}" for p in self.looked)
        return (
            f"No se encontró {self.tool}. Se buscó en: {places}. Instala ffmpeg, o "
            f"`pip install imageio-ffmpeg`, o define {ENV_FFMPEG} con la ruta del programa."
        )


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_ffmpeg(env: Mapping[str, str] | None = None) -> str:
    """The absolute path of an ffmpeg executable, or :class:`ToolNotFound` naming every
    place looked at. ``COBERTURA_FFMPEG`` wins when set; a value that is not an executable
    file is an error rather than silently skipped, so a typo does not go unnoticed."""
    env = os.environ if env is None else env
    looked: list[Place] = []
    configured = env.get(ENV_FFMPEG, "").strip()
    if configured:
        candidate = shutil.which(configured) if os.sep not in configured else configured
        if candidate and _is_executable(candidate):
            return os.path.abspath(candidate)
        looked.append(Place(ENV_FFMPEG, f"{configured!r} no es un ejecutable"))
        raise ToolNotFound("ffmpeg", looked)
    looked.append(Place(ENV_FFMPEG, "no definida"))
    on_path = shutil.which("ffmpeg", path=env.get("PATH"))
    if on_path:
        return os.path.abspath(on_path)
    looked.append(Place("PATH", env.get("PATH", "") or "(vacío)"))
    try:
        import imageio_ffmpeg

        bundled = imageio_ffmpeg.get_ffmpeg_exe()
    except ImportError:
        looked.append(Place("imageio-ffmpeg", "el paquete no está instalado"))
    except RuntimeError as exc:  # the package is there but holds no binary for this platform
        looked.append(
            Place("imageio-ffmpeg", str(exc).splitlines()[0] if str(exc) else "sin binario")
        )
    else:
        if bundled and _is_executable(bundled):
            return os.path.abspath(bundled)
        looked.append(Place("imageio-ffmpeg", f"{bundled!r} no es un ejecutable"))
    raise ToolNotFound("ffmpeg", looked)
