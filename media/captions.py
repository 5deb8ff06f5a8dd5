"""Caption templates, the office's code replacements and the default photo credit.

A template is text with variables in braces, filled from the item's agenda event and the
settings: ``{evento}``, ``{lugar}``, ``{fecha}`` (a long Spanish date, "15 de enero de
2026"), ``{fotógrafo}`` and ``{área}`` (the unaccented ``{fotografo}`` and ``{area}`` work
too). ``{{`` and ``}}`` are literal braces. An unknown variable is a ``ValueError``.

Codes are short tokens (``=alc``) the office keeps in ``LIBRARY/.cobertura/codes.json``,
``{"=alc": "Nombre Apellido, alcaldesa de Iztacalco"}``; a code expands only where it
stands as a whole token, so ``=alc`` does not touch ``=alcalde`` or ``x=alc``.

Everything here is pure except :func:`load_codes`, which reads the codes file.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime

from media.library import STATE_DIR
from media.timeutil import spanish_date

CODES_FILE = "codes.json"
CREDIT_TEMPLATE = "Foto: {name} / Alcaldía Iztacalco"
VARIABLES = ("evento", "lugar", "fecha", "fotógrafo", "área")
_ALIASES = {"fotografo": "fotógrafo", "area": "área"}
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def spanish_long_date(day: date) -> str:
    """``date(2026, 1, 15)`` -> ``'15 de enero de 2026'``."""
    return spanish_date(day)


def template_values(
    title: str = "",
    place: str = "",
    day: date | None = None,
    photographer: str = "",
    area: str = "",
) -> dict[str, str]:
    """The variables' values; anything unknown is an empty string."""
    return {
        "evento": title,
        "lugar": place,
        "fecha": spanish_long_date(day) if day else "",
        "fotógrafo": photographer,
        "área": area,
    }


def _variable(name: str) -> str:
    key = unicodedata.normalize("NFC", name.strip()).lower()
    key = _ALIASES.get(key, key)
    if key not in VARIABLES:
        shown = ", ".join("{" + v + "}" for v in VARIABLES)
        raise ValueError(f"variable desconocida en la plantilla: {{{name}}} (use {shown})")
    return key


def check_template(template: str) -> None:
    """Raise ``ValueError`` (in Spanish) for an unknown variable or an unpaired brace."""
    fill_template(template, template_values())


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """The template with each ``{variable}`` replaced by its value."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if match.group(1) is None:
            raise ValueError(f"llave sin pareja en la plantilla: {template!r}")
        return values.get(_variable(match.group(1)), "")

    return _FIELD.sub(replace, template)


def parse_codes(data: object) -> dict[str, str]:
    """Validate the decoded codes file: an object of non-empty code -> text."""
    if not isinstance(data, dict):
        raise ValueError("el archivo de códigos debe ser un objeto JSON {código: texto}")
    codes: dict[str, str] = {}
    for code, text in data.items():
        if not isinstance(text, str) or not code.strip() or any(c.isspace() for c in code):
            raise ValueError(f"código no válido en el archivo de códigos: {code!r}")
        codes[code] = text
    return codes


def codes_path(library: str) -> str:
    return os.path.join(library, STATE_DIR, CODES_FILE)


def load_codes(library: str) -> dict[str, str]:
    """The library's codes; none when the file is missing, ``ValueError`` when it is bad."""
    try:
        with open(codes_path(library), encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ValueError(f"no se puede leer {codes_path(library)}: {exc}") from exc
    return parse_codes(data)


def expand_codes(text: str, codes: Mapping[str, str]) -> str:
    """Replace each code that stands as a whole token (not inside a longer word or code)."""
    if not codes:
        return text
    alternatives = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w=])(?:{alternatives})(?![\w=])")
    return pattern.sub(lambda m: codes[m.group(0)], text)


def compose_caption(
    text: str, codes: Mapping[str, str], values: Mapping[str, str] | None = None
) -> str:
    """A caption: the template filled (when ``values`` is given), then its codes expanded."""
    filled = fill_template(text, values) if values is not None else text
    return expand_codes(filled, codes)


def credit_name(photographer: str, writer_id: str) -> str:
    """The photographer setting, else the user part of the writer id (``ana@pc`` -> ``ana``)."""
    return photographer.strip() or writer_id.split("@", 1)[0].strip()


def default_credit(photographer: str, writer_id: str) -> str:
    """``Foto: NAME / Alcaldía Iztacalco``."""
    return CREDIT_TEMPLATE.format(name=credit_name(photographer, writer_id))


def item_day(item: Mapping[str, object]) -> date | None:
    """The day an item was taken (its local capture time), when known."""
    for key in ("capture_time_local", "capture_time"):
        value = item.get(key)
        if isinstance(value, str) and value:
            try:
                return datetime.fromisoformat(value).date()
            except ValueError:
                continue
    return None
