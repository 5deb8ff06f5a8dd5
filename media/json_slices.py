"""Reading a big TinyDB file without holding Python's GIL for the whole parse.

``json.loads`` parses a document in one call into C, during which no other Python
thread runs: a 20,000-item catalog (15 MB) holds the desktop app's GUI thread for a
third of a second or more. TinyDB files have two levels, ``{table: {doc id: document}}``;
``loads_in_slices`` parses the documents one by one (each a short call), so other
threads run between them. The result is exactly ``json.loads``'s; anything that is not
this shape, or not valid JSON, goes to ``json.loads`` (which raises as usual).
"""

from __future__ import annotations

import json
import re
from typing import Any

SLICE_ABOVE = 1_000_000  # characters; smaller texts are parsed in one call
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class _NotTables(ValueError):
    """The text is not ``{name: {id: document}}``: parse it whole."""


def loads_in_slices(text: str) -> Any:
    """``json.loads(text)``, one document at a time when ``text`` is a big TinyDB file."""
    if len(text) < SLICE_ABOVE:
        return json.loads(text)
    try:
        return _tables(text)
    except (_NotTables, ValueError, IndexError):
        return json.loads(text)


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _expect(text: str, pos: int, char: str) -> int:
    """The position after ``char`` (whitespace before it skipped)."""
    pos = _skip(text, pos)
    if text[pos] != char:
        raise _NotTables(pos)
    return pos + 1


def _object(text: str, pos: int, value: Any) -> tuple[dict[str, Any], int]:
    """An object at ``pos`` whose values ``value(text, pos)`` parses; (it, end)."""
    out: dict[str, Any] = {}
    pos = _expect(text, pos, "{")
    pos = _skip(text, pos)
    if text[pos] == "}":
        return out, pos + 1
    while True:
        key, pos = _DECODER.raw_decode(text, _skip(text, pos))
        if not isinstance(key, str):
            raise _NotTables(pos)
        pos = _skip(text, _expect(text, pos, ":"))
        out[key], pos = value(text, pos)
        pos = _skip(text, pos)
        if text[pos] == "}":
            return out, pos + 1
        pos = _expect(text, pos, ",")


def _table(text: str, pos: int) -> tuple[dict[str, Any], int]:
    """``{id: document}`` at ``pos``: the loop of ``_object``, kept tight (20,000 turns)."""
    out: dict[str, Any] = {}
    scan = _DECODER.scan_once  # type: ignore[attr-defined]  # the C scanner, set in __init__
    space = _SPACE.match
    pos = _expect(text, pos, "{")
    pos = space(text, pos).end()  # type: ignore[union-attr]
    if text[pos] == "}":
        return out, pos + 1
    try:
        while True:
            key, pos = scan(text, pos)
            pos = space(text, pos).end()  # type: ignore[union-attr]
            if text[pos] != ":" or not isinstance(key, str):
                raise _NotTables(pos)
            pos = space(text, pos + 1).end()  # type: ignore[union-attr]
            out[key], pos = scan(text, pos)
            pos = space(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return out, pos + 1
            if text[pos] != ",":
                raise _NotTables(pos)
            pos = space(text, pos + 1).end()  # type: ignore[union-attr]
    except StopIteration as exc:  # the C scanner's way of saying "not JSON here"
        raise _NotTables(pos) from exc


def _tables(text: str) -> dict[str, Any]:
    tables, pos = _object(text, 0, _table)
    if _skip(text, pos) != len(text):
        raise _NotTables(pos)
    return tables
