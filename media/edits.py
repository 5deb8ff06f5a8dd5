"""Per-writer edit journals: ratings, picks, captions and other edits of an event's items.

Each writer (a person on a machine) appends only to its own file,
``EVENT/.cobertura/edits/<writer>.jsonl``, so several people can work on one shared
folder without ever writing the same file. The view everybody sees is the merge of all
journals: for each item and field the latest edit wins (ties broken by writer id), and
every edit is kept.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from media.atomic import append_lines
from media.library import state_dir
from media.naming import safe_name

JOURNAL_VERSION = 1
EDITS_DIR = "edits"
FIELDS = frozenset(
    {
        "pick",
        "reject",
        "stars",
        "label",
        "caption",
        "credit",
        "creator",
        "keywords",
        "place",
        "city",
        "colonia",
        "event_title",
        "suggested",
    }
)
LABELS = ("", "rojo", "amarillo", "verde", "azul", "morado")


@dataclass
class MergedEdits:
    """The merged view of one event folder's journals."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # item id -> field -> value
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # item id -> edits
    skipped_lines: int = 0  # torn or malformed lines
    newer_journals: list[str] = field(default_factory=list)  # written by a newer Cobertura


def journal_path(folder: str, writer: str) -> str:
    return os.path.join(state_dir(folder), EDITS_DIR, safe_name(writer) + ".jsonl")


def validate(changes: dict[str, Any]) -> None:
    """Refuse unknown fields and out-of-range values, with a message for people."""
    for key, value in changes.items():
        if key not in FIELDS:
            raise ValueError(f"campo desconocido: {key}")
        if key == "stars" and not (isinstance(value, int) and 0 <= value <= 5):
            raise ValueError("las estrellas van de 0 a 5")
        if key in ("pick", "reject", "suggested") and not isinstance(value, bool):
            raise ValueError(f"{key} es sí o no")
        if key == "label" and value not in LABELS:
            raise ValueError(f"etiqueta desconocida: {value} (use {', '.join(LABELS[1:])})")


def record_edits(folder: str, writer: str, item_id: str, changes: dict[str, Any]) -> None:
    """Append ``changes`` for one item to ``writer``'s journal (fsynced before returning).

    A pick clears a reject and the other way round, as in every culling tool.
    """
    changes = dict(changes)
    if changes.get("pick") is True:
        changes.setdefault("reject", False)
    if changes.get("reject") is True:
        changes.setdefault("pick", False)
    validate(changes)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    lines = [
        json.dumps(
            {
                "v": JOURNAL_VERSION,
                "item": item_id,
                "field": key,
                "value": value,
                "at": at,
                "writer": writer,
            },
            ensure_ascii=False,
        )
        for key, value in sorted(changes.items())
    ]
    append_lines(journal_path(folder, writer), lines)


def merged_edits(folder: str) -> MergedEdits:
    """Merge every writer's journal of the event folder; bad lines are counted, not fatal."""
    merged = MergedEdits()
    edits_dir = os.path.join(state_dir(folder), EDITS_DIR)
    if not os.path.isdir(edits_dir):
        return merged
    records: list[dict[str, Any]] = []
    for name in sorted(os.listdir(edits_dir)):
        if not name.endswith(".jsonl"):
            continue
        newer = False
        with open(os.path.join(edits_dir, name), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                    if int(record.get("v", 1)) > JOURNAL_VERSION:
                        newer = True
                        continue
                    if record["field"] not in FIELDS:
                        raise ValueError(record["field"])
                    records.append(record)
                except (ValueError, KeyError, TypeError, AttributeError):
                    merged.skipped_lines += 1
        if newer:
            merged.newer_journals.append(name)
    records.sort(key=lambda r: (str(r["at"]), str(r.get("writer", ""))))
    for record in records:
        item = str(record["item"])
        merged.values.setdefault(item, {})[record["field"]] = record["value"]
        merged.history.setdefault(item, []).append(record)
    return merged


def with_edits(item: dict[str, Any], merged: MergedEdits) -> dict[str, Any]:
    """A catalog item with its merged edits applied (the catalog itself is never edited)."""
    out = dict(item)
    out.update(merged.values.get(item["id"], {}))
    return out
