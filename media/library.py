"""Where things live in a library: its root, event folders and their ``.cobertura/`` state."""

from __future__ import annotations

import os
from datetime import date

from media.models import Kind
from media.naming import safe_name

STATE_DIR = ".cobertura"
NO_EVENT = "Sin evento"
KIND_FOLDERS = {Kind.PHOTO: "FOTO", Kind.VIDEO: "VIDEO", Kind.AUDIO: "AUDIO"}
CATALOG_FILE = "catalog.json"
MANIFEST_FILE = "manifest.xxh128"


def default_cache_dir() -> str:
    """``COBERTURA_CACHE``, else the platform's user cache folder: caches that can be rebuilt."""
    env = os.environ.get("COBERTURA_CACHE")
    if env:
        return os.path.abspath(env)
    from platformdirs import user_cache_dir

    return user_cache_dir("Cobertura", appauthor=False)


def default_library() -> str:
    """``COBERTURA_LIBRARY``, else the settings' library, else the platform's user data folder."""
    env = os.environ.get("COBERTURA_LIBRARY")
    if env:
        return os.path.abspath(env)
    from media.settings import load_settings

    configured = load_settings().library
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("Cobertura", appauthor=False), "Biblioteca")


def event_folder(day: date, title: str | None) -> str:
    """``YYYY/YYYY-MM-DD Title`` (relative to the library), the title made a valid name."""
    label = safe_name(title) if title else NO_EVENT
    return f"{day.year:04d}/{day.isoformat()} {label}"


def state_dir(folder: str) -> str:
    return os.path.join(folder, STATE_DIR)


def event_folders(library: str) -> list[str]:
    """Every event folder (absolute) in the library: those holding a ``.cobertura/`` catalog."""
    found: list[str] = []
    if not os.path.isdir(library):
        return found
    for year in sorted(os.listdir(library)):
        year_dir = os.path.join(library, year)
        if not (len(year) == 4 and year.isdigit() and os.path.isdir(year_dir)):
            continue
        for name in sorted(os.listdir(year_dir)):
            folder = os.path.join(year_dir, name)
            if os.path.isfile(os.path.join(folder, STATE_DIR, CATALOG_FILE)):
                found.append(folder)
    return found
