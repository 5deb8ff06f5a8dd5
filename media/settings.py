"""Per-person settings (writer, templates, folders), kept where the platform keeps settings."""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass, fields

from media.atomic import write_json_atomic
from media.naming import DEFAULT_TEMPLATE


@dataclass
class Settings:
    writer: str = ""  # empty: COBERTURA_WRITER, else user@hostname
    photographer: str = ""
    rename_template: str = DEFAULT_TEMPLATE
    library: str = ""
    backup: str = ""
    shared_folder: str = ""
    language: str = "es_MX"
    time_zone: str = "America/Mexico_City"
    match_before_minutes: int = 30
    match_after_minutes: int = 60
    sync_parts: str = "originals,catalog,edits,exports"  # what `sync` sends to the share

    @property
    def writer_id(self) -> str:
        """The id this person's edits carry: ``COBERTURA_WRITER`` > setting > user@hostname."""
        env = os.environ.get("COBERTURA_WRITER")
        if env:
            return env
        if self.writer:
            return self.writer
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "usuario"
        return f"{user}@{socket.gethostname()}"


def settings_path() -> str:
    from platformdirs import user_config_dir

    return os.path.join(user_config_dir("Cobertura", appauthor=False), "settings.json")


def load_settings(path: str | None = None) -> Settings:
    """The saved settings; defaults for anything missing, unknown or unreadable."""
    path = path or settings_path()
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    defaults = asdict(Settings())
    values = {}
    for key, value in data.items():
        if key in known:
            try:
                values[key] = type(defaults[key])(value)
            except (TypeError, ValueError):
                continue
    return Settings(**values)


def save_settings(settings: Settings, path: str | None = None) -> None:
    write_json_atomic(path or settings_path(), asdict(settings))
