"""What the grid shows of an event's stacks, worked out off the GUI thread where it can be.

``stack_view`` turns stacks (``media.event_stacks``) into rows to hide and marks to draw,
from the records in the model's order; the worker that reads the stacks
(``read_stacks``, ``restack``) works it out too, so the GUI thread only hides rows.
Also here: the status bar's line and the saved choice, the parts of «Agrupar parecidas»
that need no widget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from media.models import CancelToken
from ui.stack_badge import StackMark
from ui.text import tr

if TYPE_CHECKING:  # numpy and the grouping load on the worker, when first used
    from media.event_stacks import Stack, Stacks
    from media.scores import PhotoScore

SUGGEST_SHORTCUT = "Ctrl+Shift+S"  # ui.suggest_job.SHORTCUT, named in the messages


@dataclass
class StackView:
    """Rows to hide and marks to draw for some stacks."""

    hide: set[int] = field(default_factory=set)
    marks: dict[str, StackMark] = field(default_factory=dict)  # item id -> mark
    best_rows: dict[int, int] = field(default_factory=dict)  # hidden row -> its best's row


@dataclass
class Reading:
    """A worker's answer: the event's scores, its stacks and how the grid shows them."""

    scores: dict[str, PhotoScore]
    stacks: Stacks
    view: StackView


def stays_shown(item: Mapping[str, Any]) -> bool:
    """A member a person picked, or that is suggested, is never hidden."""
    return item.get("pick") is True or item.get("suggested") is True


def stack_view(
    stacks: Iterable[Stack],
    row_of: Callable[[str], int | None],
    item: Callable[[int], Mapping[str, Any]],
    opened: set[str],
) -> StackView:
    """How the grid shows ``stacks`` (rows from ``row_of``, records from ``item``): a closed
    stack hides every member but its best frame and those picked or suggested, and badges
    its best frame; an open one (its first member's id in ``opened``) bands all of them."""
    view = StackView()
    for stack in stacks:
        rows = sorted(r for m in stack.members if (r := row_of(m)) is not None)
        best = row_of(stack.best)
        if len(rows) < 2 or best is None:
            continue  # the event changed since the stacks were read
        if stack.members[0] in opened:
            for row in rows:
                item_id = str(item(row).get("id"))
                first, last = row == rows[0], row == rows[-1]
                view.marks[item_id] = StackMark(len(rows), item_id == stack.best, True, first, last)
            continue
        view.marks[stack.best] = StackMark(len(rows), True, False)
        for row in rows:
            if row != best and not stays_shown(item(row)):
                view.hide.add(row)
                view.best_rows[row] = best
    return view


def records_view(stacks: Stacks, records: list[dict[str, Any]], opened: set[str]) -> StackView:
    """``stack_view`` over the model's records as handed to a worker (rows in order)."""
    rows = {str(r.get("id")): n for n, r in enumerate(records)}
    return stack_view(stacks.stacks, rows.get, records.__getitem__, opened)


def read_stacks(
    folder: str,
    records: list[dict[str, Any]],
    scores: dict[str, PhotoScore] | None,
    opened: set[str],
    cancel: CancelToken,
) -> Reading:
    """The event's cached scores (read unless given), its stacks and their view. Runs on a
    worker; ``records`` are the model's, in its order."""
    from media.event_stacks import event_stacks
    from media.score_cache import event_scores

    photos = [r for r in records if r.get("kind") == "photo"]
    known = event_scores(folder, photos) if scores is None else scores
    stacks = event_stacks(folder, photos, known, cancel)
    return Reading(known, stacks, records_view(stacks, records, opened))


def restack(
    stacks: Stacks,
    records: list[dict[str, Any]],
    scores: dict[str, PhotoScore],
    opened: set[str],
) -> Reading:
    """The same stacks with their best frames chosen again after marks changed. Runs on
    a worker."""
    from media.event_stacks import with_marks

    marked = with_marks(stacks, records)
    return Reading(scores, marked, records_view(marked, records, opened))


def number(n: int) -> str:
    """1240 -> '1 240' (a no-break space between thousands, as Spanish writes them)."""
    return f"{n:,}".replace(",", "\u00a0")


def stack_summary(stacks: Stacks) -> str:
    """The status bar's line for an event's stacks: '1 240 fotos en 312 grupos de
    parecidas', or why there are none."""
    if stacks.photos == 0:
        return tr("Este evento no tiene fotos que agrupar.")
    if stacks.unscored == stacks.photos:
        return tr(
            "Para agrupar parecidas hace falta calificar las fotos: usa «Sugerir fotos» ({0})."
        ).format(SUGGEST_SHORTCUT)
    if not stacks.stacks:
        text = tr("Ninguna foto de este evento tiene parecidas")
    elif len(stacks.stacks) == 1:
        text = tr("{0} fotos en 1 grupo de parecidas").format(number(stacks.stacked))
    else:
        text = tr("{0} fotos en {1} grupos de parecidas").format(
            number(stacks.stacked), number(len(stacks.stacks))
        )
    if stacks.unscored == 1:
        text += "; " + tr("1 foto sin calificar")
    elif stacks.unscored:
        text += "; " + tr("{0} fotos sin calificar").format(number(stacks.unscored))
    if stacks.unscored:
        text += " " + tr("(«Sugerir fotos», {0})").format(SUGGEST_SHORTCUT)
    return text + "."


def remember_choice(on: bool) -> None:
    """Save «Agrupar parecidas» on or off in the settings. Runs on a worker."""
    from media.settings import load_settings, save_settings

    settings = load_settings()
    if settings.stack_similar != on:
        save_settings(replace(settings, stack_similar=on))


def saved_choice() -> bool:
    """Whether «Agrupar parecidas» was left on. Runs on a worker."""
    from media.settings import load_settings

    return load_settings().stack_similar
