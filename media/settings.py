"""Per-person settings (writer, templates, folders), kept where the platform keeps settings."""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
import string
from dataclasses import asdict, dataclass, fields
from zoneinfo import ZoneInfo

from media.atomic import write_json_atomic
from media.captions import codes_path, fill_template, load_codes
from media.naming import DEFAULT_TEMPLATE, TOKENS, initials, safe_name

LANGUAGES = {"es_MX": "Español (México)", "en": "English"}  # code -> its name in itself
MAX_MATCH_MINUTES = 12 * 60
MEXICO_TIME_ZONES = (  # offered first; any IANA zone name is accepted
    "America/Mexico_City",
    "America/Cancun",
    "America/Merida",
    "America/Monterrey",
    "America/Matamoros",
    "America/Chihuahua",
    "America/Ciudad_Juarez",
    "America/Ojinaga",
    "America/Mazatlan",
    "America/Bahia_Banderas",
    "America/Hermosillo",
    "America/Tijuana",
)
MAX_INITIALS = 5
MAX_WRITER = 64
_INITIALS = re.compile(rf"^[^\W\d_]{{1,{MAX_INITIALS}}}$")  # letters only, accents too
_CAPTION_FIELD = re.compile(r"\{([^{}]*)\}")

# What a refused setting is told, in Spanish; ``{0}`` is the value at fault. The interface
# shows these through its translations (ui.text.settings_problem_text).
SETTINGS_MESSAGES = {
    "not_absolute": "la carpeta debe escribirse completa, desde la raíz: {0}",
    "not_a_folder": "eso no es una carpeta: {0}",
    "library_missing": "la carpeta de la biblioteca no existe: {0}",
    "inside_library": "no puede ser la biblioteca ni una carpeta dentro de ella: {0}",
    "rename_empty": "la plantilla de nombres está vacía",
    "rename_token": "variable desconocida en la plantilla de nombres: {0}",
    "rename_brace": "llave sin pareja en la plantilla de nombres: {0}",
    "caption_token": "variable desconocida en la plantilla de pie de foto: {0}",
    "caption_brace": "llave sin pareja en la plantilla de pie de foto: {0}",
    "language": "idioma no disponible: {0}",
    "time_zone": "zona horaria desconocida: {0}",
    "match_window": "los minutos antes y después de un evento van de 0 a 720: {0}",
    "initials": "las iniciales son de 1 a 5 letras, sin espacios ni números: {0}",
    "code_token": "un código es una sola palabra, sin espacios: {0}",
    "code_text": "el código no tiene texto: {0}",
    "code_twice": "código repetido: {0}",
    "codes_file": "no se puede leer el archivo de códigos de la biblioteca: {0}",
    "writer": 'el identificador de quien edita no puede llevar / \\ : * ? " < > | ni pasar de '
    "64 caracteres: {0}",
}


@dataclass
class Settings:
    writer: str = ""  # empty: COBERTURA_WRITER, else user@hostname
    photographer: str = ""
    initials: str = ""  # for {initials} in file names; empty: from the photographer's name
    caption_template: str = ""  # e.g. "{evento}, {lugar}. {fecha}"; empty: no caption template
    rename_template: str = DEFAULT_TEMPLATE
    library: str = ""
    backup: str = ""
    shared_folder: str = ""
    export_folder: str = ""  # where bulletin packages go; empty: ~/Documentos/Boletines
    language: str = "es_MX"
    time_zone: str = "America/Mexico_City"
    match_before_minutes: int = 30
    match_after_minutes: int = 60
    sync_parts: str = "originals,catalog,edits,exports"  # what `sync` sends to the share
    stack_similar: bool = False  # the app's grid shows each group of near-duplicates as one

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

    @property
    def name_initials(self) -> str:
        """What ``{initials}`` in a file name becomes: the setting, else the photographer's."""
        return self.initials or initials(self.photographer)


@dataclass(frozen=True)
class SettingsProblem:
    """One refused setting: which field, which message (a ``SETTINGS_MESSAGES`` key), the value."""

    field: str
    code: str
    value: str = ""

    def __str__(self) -> str:
        return SETTINGS_MESSAGES[self.code].format(self.value)


class SettingsError(ValueError):
    """Settings that cannot be saved; ``problems`` says why, one per field at fault."""

    def __init__(self, problems: list[SettingsProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


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
    """Write ``settings`` atomically; raises ``SettingsError`` (nothing written) when refused."""
    problems = refused_changes(settings, path)
    if problems:
        raise SettingsError(problems)
    write_json_atomic(path or settings_path(), asdict(settings))


def refused_changes(settings: Settings, path: str | None = None) -> list[SettingsProblem]:
    """``check_settings`` for the values that differ from the saved ones.

    A value already saved is not judged again: a library on an unplugged drive must not
    stop someone from changing their initials.
    """
    saved = load_settings(path)
    library_changed = settings.library != saved.library
    return [
        p
        for p in check_settings(settings)
        if getattr(settings, p.field) != getattr(saved, p.field)
        or (p.code == "inside_library" and library_changed)
    ]


def check_settings(settings: Settings) -> list[SettingsProblem]:
    """Every refused value in ``settings`` (empty when all can be saved).

    Folders must be written whole; the library must exist; backup and shared folders may be
    missing (a drive unplugged, a share not mounted) but must not be files nor lie in the
    library. Templates may use only their own variables.
    """
    problems = _folder_problems(settings)
    problems += _template_problems(settings)
    if settings.language not in LANGUAGES:
        problems.append(SettingsProblem("language", "language", settings.language))
    try:
        ZoneInfo(settings.time_zone)
    except (KeyError, ValueError, OSError):  # not found is a KeyError; '../x' a ValueError
        problems.append(SettingsProblem("time_zone", "time_zone", settings.time_zone))
    for name in ("match_before_minutes", "match_after_minutes"):
        value = getattr(settings, name)
        if not isinstance(value, int) or not 0 <= value <= MAX_MATCH_MINUTES:
            problems.append(SettingsProblem(name, "match_window", str(value)))
    if settings.initials and not _INITIALS.match(settings.initials):
        problems.append(SettingsProblem("initials", "initials", settings.initials))
    writer = settings.writer
    if writer and (safe_name(writer) != writer or len(writer) > MAX_WRITER):
        problems.append(SettingsProblem("writer", "writer", writer))
    return problems


def _folder_problems(settings: Settings) -> list[SettingsProblem]:
    problems = []
    library = settings.library
    for name in ("library", "backup", "shared_folder"):
        path = getattr(settings, name)
        if not path:
            continue
        if not os.path.isabs(path):
            problems.append(SettingsProblem(name, "not_absolute", path))
        elif os.path.exists(path) and not os.path.isdir(path):
            problems.append(SettingsProblem(name, "not_a_folder", path))
        elif name == "library" and not os.path.isdir(path):
            problems.append(SettingsProblem(name, "library_missing", path))
        elif name != "library" and library and _inside(path, library):
            problems.append(SettingsProblem(name, "inside_library", path))
    return problems


def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives on Windows
        return False


def _template_problems(settings: Settings) -> list[SettingsProblem]:
    problems = []
    rename = _rename_problem(settings.rename_template)
    if rename is not None:
        problems.append(SettingsProblem("rename_template", *rename))
    caption = _caption_problem(settings.caption_template)
    if caption is not None:
        problems.append(SettingsProblem("caption_template", *caption))
    return problems


def _rename_problem(template: str) -> tuple[str, str] | None:
    """(message code, value) for a file-name template ``media.naming`` cannot fill, else None."""
    if not template.strip():
        return "rename_empty", ""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return "rename_brace", template
    unknown = [name for name in names if name not in TOKENS]
    return ("rename_token", f"{{{unknown[0]}}}") if unknown else None


def _caption_problem(template: str) -> tuple[str, str] | None:
    """(message code, value) for a caption template ``media.captions`` refuses, else None."""
    try:
        fill_template(template, {})
        return None
    except ValueError:
        pass
    for name in _CAPTION_FIELD.findall(template.replace("{{", "").replace("}}", "")):
        try:
            fill_template(f"{{{name}}}", {})
        except ValueError:
            return "caption_token", f"{{{name}}}"
    return "caption_brace", template


def check_codes(rows: list[tuple[str, str]]) -> list[SettingsProblem]:
    """Problems in a code replacement table (code, text); fully blank rows are ignored."""
    problems = []
    seen: set[str] = set()
    for code, text in rows:
        code, text = code.strip(), text.strip()
        if not code and not text:
            continue
        if not code or any(c.isspace() for c in code):
            problems.append(SettingsProblem("codes", "code_token", code or text))
        elif not text:
            problems.append(SettingsProblem("codes", "code_text", code))
        elif code in seen:
            problems.append(SettingsProblem("codes", "code_twice", code))
        seen.add(code)
    return problems


def codes_from_rows(rows: list[tuple[str, str]]) -> dict[str, str]:
    """The codes file's content for a table; raises ``SettingsError`` when a row is refused."""
    problems = check_codes(rows)
    if problems:
        raise SettingsError(problems)
    return {code.strip(): text.strip() for code, text in rows if code.strip()}


def read_codes(library: str) -> tuple[dict[str, str], SettingsProblem | None]:
    """The library's codes, and the problem when its file cannot be read (then no codes)."""
    try:
        return load_codes(library), None
    except ValueError as exc:
        return {}, SettingsProblem("codes", "codes_file", str(exc))


def save_codes(library: str, codes: dict[str, str]) -> None:
    """Write ``LIBRARY/.cobertura/codes.json`` atomically (where ``load_codes`` reads it)."""
    write_json_atomic(codes_path(library), codes)


def save_all(
    settings: Settings,
    code_rows: list[tuple[str, str]] | None = None,
    library: str = "",
    path: str | None = None,
) -> None:
    """Save the settings and (when given) the library's codes.

    Nothing is written when any value is refused (``SettingsError`` lists them all). The
    codes file is rewritten only when its content changes (or it could not be read).
    """
    problems = refused_changes(settings, path)
    problems += check_codes(code_rows) if code_rows is not None else []
    if problems:
        raise SettingsError(problems)
    if code_rows is not None and library:
        codes = codes_from_rows(code_rows)
        if read_codes(library) != (codes, None):
            save_codes(library, codes)
    save_settings(settings, path)
