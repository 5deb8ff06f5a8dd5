"""Caption, credit, keywords and place for several items at once, as the app's editor saves them.

The text a person types may hold template variables (``{evento}``, filled from each item's
own agenda event) and the office's codes (``=alc``); each item gets its own filled and
expanded text. Saving goes through ``media.annotate.save_and_refresh``: the person's edit
journal first (fsynced), then the item's XMP sidecar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from media.agenda import Agenda
from media.annotate import Found, ProtectedSidecar, caption_values, item_event, save_and_refresh
from media.captions import compose_caption, credit_name, default_credit, expand_codes, load_codes
from media.xmp import XmpError

EDITABLE = ("caption", "credit", "keywords", "place")


@dataclass
class CaptionContext:
    """What filling a caption needs besides the item: codes, agenda, names."""

    codes: dict[str, str] = field(default_factory=dict)
    agenda: Agenda | None = None
    photographer: str = ""  # the name {fotógrafo} stands for
    credit: str = ""  # the credit an item without one gets
    template: str = ""  # the caption template of the settings ("" when none)


@dataclass
class CaptionSaved:
    """What happened to one item: the fields recorded, the sidecar written, or the problem."""

    item_id: str
    changes: dict[str, Any]
    sidecar: str = ""
    problem: str = ""


def load_context(library: str) -> CaptionContext:
    """Codes, agenda and this person's names; ``ValueError`` (in Spanish) when the codes
    file or the agenda cannot be read."""
    from media.settings import load_settings

    settings = load_settings()
    try:
        agenda = Agenda(library)
    except (OSError, ValueError) as exc:
        raise ValueError(f"no se puede leer la agenda de la biblioteca: {exc}") from exc
    return CaptionContext(
        codes=load_codes(library),
        agenda=agenda,
        photographer=credit_name(settings.photographer, settings.writer_id),
        credit=default_credit(settings.photographer, settings.writer_id),
        template=settings.caption_template,
    )


def split_keywords(text: str) -> list[str]:
    """``"becas, estudiantes,"`` -> ``["becas", "estudiantes"]``."""
    return [word.strip() for word in text.split(",") if word.strip()]


def item_changes(
    item: Mapping[str, Any], typed: Mapping[str, str], context: CaptionContext
) -> dict[str, Any]:
    """The fields to record for ``item`` from what was typed (only the fields in ``typed``).

    The caption's variables are filled with the item's event, then codes are expanded in
    every field; keywords are split at commas. An item without a credit gets the default
    one. Raises ``ValueError`` for a caption with an unknown variable or a lone brace.
    """
    changes: dict[str, Any] = {}
    codes = context.codes
    if "caption" in typed:
        agenda = context.agenda
        event = item_event(agenda, dict(item)) if agenda is not None else None
        values = caption_values(dict(item), event, context.photographer)
        changes["caption"] = compose_caption(typed["caption"].strip(), codes, values)
    for key in ("credit", "place"):
        if key in typed:
            changes[key] = expand_codes(typed[key].strip(), codes)
    if "keywords" in typed:
        changes["keywords"] = [expand_codes(w, codes) for w in split_keywords(typed["keywords"])]
    if not changes.get("credit") and not item.get("credit") and context.credit:
        changes["credit"] = context.credit
    return changes


def save_captions(
    library: str,
    folder: str,
    items: list[dict[str, Any]],
    typed: Mapping[str, str],
    writer: str | None = None,
) -> list[CaptionSaved]:
    """Save what was typed on every item of ``folder`` given (catalog records, with or
    without edits applied); one result per item, in order. A problem with one item (a
    card's sidecar, a disk error) is reported and the others are still saved; read the
    items back (``media.culling.event_items``) to see what the disk holds."""
    context = load_context(library)
    if writer is None:
        from media.settings import load_settings

        writer = load_settings().writer_id
    agenda = context.agenda if context.agenda is not None else Agenda(library)
    results = []
    for item in items:
        result = CaptionSaved(str(item["id"]), {})
        try:
            result.changes = item_changes(item, typed, context)
            result.sidecar = save_and_refresh(
                library, Found(folder, item), writer, result.changes, agenda
            )
        except ProtectedSidecar as exc:
            result.problem = str(exc)  # the journal holds the edit; the card's XMP is kept
        except (ValueError, XmpError, OSError) as exc:
            result.problem = f"no se pudo guardar: {exc}"
        results.append(result)
    return results
