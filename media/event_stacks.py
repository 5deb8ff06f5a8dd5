"""Stacks of near-duplicates in one event folder, from the scores already cached.

The app's grid can collapse each group of near-duplicates (a burst, the same scene shot
again a minute later) to its best frame, as Photo Mechanic and Lightroom stack photos.
The groups are the ones ``pick`` makes: ``media.grouping.group_shots`` over ``Shot``s built
from catalog records the way ``media.pick_run`` builds them, with the scores ``pick`` (or
«Sugerir fotos») cached for the event (``media.score_cache.event_scores``). Nothing is
decoded or scored here: a photo whose score is not cached (never scored, or its cache
entry is damaged or from an older version) is counted and left out of every stack.
Clips are never stacked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from media.grouping import Group, Shot, group_shots
from media.models import CancelToken, Kind
from media.pick_run import item_candidate, shot_of
from media.score_cache import event_scores
from media.scores import PhotoScore


@dataclass(frozen=True)
class Stack:
    """A group of two or more near-duplicate photos."""

    best: str  # item id of the best frame (never a rejected one while another is not)
    members: tuple[str, ...]  # item ids in shooting order, the best included


@dataclass
class Stacks:
    """What ``event_stacks`` found in an event folder."""

    stacks: list[Stack] = field(default_factory=list)  # in shooting order of their first frame
    photos: int = 0  # photos looked at
    unscored: int = 0  # photos without a cached score: in no stack
    # the stacks as groups of shots, so that ``with_marks`` can choose their best again
    groups: list[Group] = field(default_factory=list, repr=False, compare=False)

    @property
    def stacked(self) -> int:
        """Photos that belong to a stack."""
        return sum(len(s.members) for s in self.stacks)

    def stack_of(self) -> dict[str, Stack]:
        """Each stacked item id -> its stack."""
        return {member: stack for stack in self.stacks for member in stack.members}


def event_stacks(
    folder: str,
    items: Iterable[Mapping[str, Any]],
    scores: Mapping[str, PhotoScore] | None = None,
    cancel: CancelToken | None = None,
) -> Stacks:
    """The stacks of ``items`` (catalog records of the event folder ``folder``, with their
    edits merged: ``pick`` and ``reject`` decide as in ``pick``) built from the scores
    cached for the folder, or from ``scores`` (item id -> score) when the caller already
    read them. Promises: only photos with a score are stacked; a stack has at least two
    members, listed in shooting order; its best frame is the one ``pick`` would name for
    that group; a rejected photo is a member like any other but is not the best while a
    member is not rejected; ``unscored`` counts the photos left out for want of a score.
    Never decodes a file; a damaged or missing cache entry only makes its photo unscored.
    Raises ``Cancelled`` when ``cancel`` is set between the reading and the grouping."""
    photos = [dict(i) for i in items if i.get("kind") == Kind.PHOTO.value and i.get("id")]
    known = event_scores(folder, photos) if scores is None else scores
    shots: list[Shot] = []
    for item in photos:
        score = known.get(str(item["id"]))
        if score is None:
            continue
        candidate = item_candidate(folder, folder, item)
        shots.append(shot_of(candidate, candidate.shown, score, candidate.when, candidate.picked))
    if cancel is not None:
        cancel.raise_if_cancelled()
    groups = [g for g in group_shots(shots) if len(g.members) > 1]
    return Stacks([_stack(g) for g in groups], len(photos), len(photos) - len(shots), groups)


def with_marks(stacks: Stacks, items: Iterable[Mapping[str, Any]]) -> Stacks:
    """``stacks`` with each best frame chosen again after picks and rejects changed in
    ``items`` (the same records, marks updated), as ``event_stacks`` would choose it;
    the groups themselves do not depend on marks and are kept. Items not given keep
    their marks."""
    marks = {str(i.get("id")): i for i in items}
    groups: list[Group] = []
    for group in stacks.groups:
        members = []
        for shot in group.members:
            item = marks.get(str(shot.item_id))
            if item is not None:
                picked = item.get("pick") is True
                shot = replace(
                    shot, picked=picked, rejected=item.get("reject") is True and not picked
                )
            members.append(shot)
        groups.append(Group(members))
    return replace(stacks, stacks=[_stack(g) for g in groups], groups=groups)


def _stack(group: Group) -> Stack:
    return Stack(
        best=str(group.best.item_id),
        members=tuple(str(shot.item_id) for shot in group.members),
    )
