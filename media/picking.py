"""Choosing an event's picks: the best of different groups, spread over time, varied.

What a person already picked is kept; what a person rejected is never suggested. The
rest are the groups' best shots, chosen one at a time: each next pick is the one with
the best score after weighing what the picks so far lack: a moment of the event not
yet covered, a look not yet shown (rank correlation of signatures) and a kind of shot
not yet there (close, with faces, without faces).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from media.grouping import Group, Shot, signature_vectors
from media.models import Problem

DEFAULT_COUNT = 10
MIN_TOTAL = 0.1  # below this a shot is not worth suggesting (black, blurred beyond use)
QUALITY_SHARE = 0.55  # how much of a candidate's gain is its own score, whatever came before
SHOT_WORDS = {"cerca": "primer plano", "medio": "con rostros", "abierto": "sin rostros"}


@dataclass
class PickReport:
    """What a pick run found: picks, groups, every shot's scores, and problems."""

    picks: list[Shot] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # pick key -> why, in Spanish
    scored: int = 0  # files decoded and scored in this run
    cached: int = 0  # files whose scores came from the cache
    faces_checked: int = 0  # photos whose faces were looked for in this run
    elapsed: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The object ``pick --json`` prints."""
        return {
            "picks": [s.key for s in self.picks],
            "groups": [
                {"best": g.best.key, "members": [s.key for s in g.members]} for g in self.groups
            ],
            "scores": {
                s.key: {**s.score.summary(), "why": s.score.why} for s in self.shots
            },
            "reasons": dict(self.reasons),
            "problems": [p.to_json() for p in self.problems],
            "scored": self.scored,
            "cached": self.cached,
        }


def choose_picks(groups: list[Group], count: int = DEFAULT_COUNT) -> list[Shot]:
    """Kept picks plus at most one suggestion per other group, up to ``count`` in all,
    in time order. Rejected shots and shots below MIN_TOTAL are never suggested."""
    kept = [s for g in groups for s in g.members if s.picked and not s.rejected]
    taken = {id(g) for g in groups if any(s.picked and not s.rejected for s in g.members)}
    candidates = [
        g.best
        for g in groups
        if id(g) not in taken and not g.best.rejected and g.best.score.total >= MIN_TOTAL
    ]
    everyone = kept + candidates
    vectors = signature_vectors(everyone)
    times = [s.seconds for s in everyone]
    known = [t for t in times if t is not None]
    slot = max(1.0, (max(known) - min(known)) / max(1, count)) if len(known) > 1 else 0.0
    chosen = list(range(len(kept)))
    left = list(range(len(kept), len(everyone)))
    while len(chosen) < count and left:
        best = max(left, key=lambda i: (_gain(i, chosen, everyone, vectors, times, slot), -i))
        chosen.append(best)
        left.remove(best)
    picks = [everyone[i] for i in chosen]
    return sorted(picks, key=lambda s: (s.seconds is None, s.seconds or 0.0, s.key))


def _gain(
    i: int,
    chosen: list[int],
    shots: list[Shot],
    vectors: np.ndarray,
    times: list[float | None],
    slot: float,
) -> float:
    shot = shots[i]
    if not chosen:
        return shot.score.total
    look = 1.0 - max(0.0, max(float(vectors[i] @ vectors[j]) for j in chosen) / vectors.shape[1])
    same_kind = sum(1 for j in chosen if shots[j].score.shot == shot.score.shot)
    kind = 1.0 - same_kind / len(chosen)
    when = 1.0
    if slot > 0 and times[i] is not None:
        gaps = [abs((times[i] or 0.0) - (times[j] or 0.0)) for j in chosen if times[j] is not None]
        when = min(1.0, min(gaps) / slot) if gaps else 1.0
    variety = (when + look + kind) / 3.0
    return shot.score.total * (QUALITY_SHARE + (1.0 - QUALITY_SHARE) * variety)


def reasons_for(picks: list[Shot], groups: list[Group]) -> dict[str, str]:
    """Why each pick is there, in plain Spanish."""
    size = {id(s): len(g.members) for g in groups for s in g.members}
    out: dict[str, str] = {}
    for shot in picks:
        if shot.picked:
            out[shot.key] = "elegida por una persona"
            continue
        n = size.get(id(shot), 1)
        group = f"la mejor de {n} tomas parecidas" if n > 1 else "toma única"
        when = f" · {shot.when:%H:%M}" if shot.when_known and shot.when else ""
        out[shot.key] = f"sugerida: {group}{when} · {shot.score.why}"
    return out
