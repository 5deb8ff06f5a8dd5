"""Near-duplicates grouped: bursts found by time, confirmed by how alike the pictures look.

Two shots join the same group when they look alike and, if both know when they were
taken, were taken close together. "Look alike" compares the 12×12 colour signatures of
``media.scores`` by rank correlation, channel by channel: ranks ignore brightness and
contrast (the same frame two stops darker keeps its order of tones) and a 12×12
thumbnail ignores focus and shake, while a different scene, even shot a second later,
puts its light and dark areas elsewhere. Colour matters: where one channel clips (a
false-colour or stage-lit picture overexposed), luminance alone changes its order of
tones, while each channel keeps its own. Shots with a capture time are compared only
with shots up to ``BURST_WINDOW`` away, with a looser threshold (a burst's subject
moves); shots without one are compared with every other shot, strictly. Groups are the
connected components of these links. A group's best frame is chosen by ``frame`` (the
total without faces: faces are only looked for in best frames, see ``media.face_pass``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from media.scores import SIGNATURE_SIZE, PhotoScore

BURST_WINDOW = 120.0  # seconds: the same scene a minute or two later is still a burst
BURST_SIMILARITY = 0.70  # rank correlation for shots taken within the window
VISUAL_SIMILARITY = 0.80  # for shots whose capture time is unknown
_EPOCH = datetime(2000, 1, 1)
_ROWS = 256


@dataclass
class Shot:
    """One picture that can be picked: a photo, or a still of a clip."""

    key: str  # as reports show it: "FOTO/a.jpg", "VIDEO/b.mp4#t=12.50"
    score: PhotoScore
    when: datetime | None = None  # naive wall time
    when_known: bool = False  # a capture time from the file, not its modification time
    picked: bool = False
    rejected: bool = False
    item_id: str | None = None
    folder: str | None = None
    source: str = ""  # the file it comes from (a clip for stills)

    @property
    def seconds(self) -> float | None:
        return (self.when - _EPOCH).total_seconds() if self.when is not None else None


@dataclass
class Group:
    """Shots of one moment. ``best`` is the best frame (sharpness, exposure, size)
    nobody rejected."""

    members: list[Shot]
    best: Shot = field(init=False)

    def __post_init__(self) -> None:
        usable = [s for s in self.members if not s.rejected] or self.members
        self.best = max(usable, key=lambda s: (s.score.frame, _reverse_key(s.key)))


def _reverse_key(key: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in key)  # ties: the first name wins


def signature_vectors(shots: list[Shot]) -> np.ndarray:
    """Each shot's signature as ranks standardised per channel: rows whose dot product,
    divided by their length, is the mean rank correlation of the three channels."""
    size = SIGNATURE_SIZE * SIGNATURE_SIZE
    out = np.zeros((len(shots), size * 3), np.float32)
    raws = [np.frombuffer(base64.b64decode(shot.score.signature), np.uint8) for shot in shots]
    good = [row for row, raw in enumerate(raws) if raw.size == size * 3]
    if good:  # all at once: one shot at a time took 2 s for 5,000 shots (the app's stacks)
        channels = np.stack([raws[row] for row in good]).reshape(len(good), size, 3)
        by_channel = channels.transpose(0, 2, 1).reshape(len(good) * 3, size)
        ranks = np.empty(by_channel.shape, np.float32)
        for start in range(0, len(by_channel), _ROWS * 3):  # blocks that stay in the cache
            block = slice(start, start + _ROWS * 3)
            ranks[block] = standard_byte_ranks(by_channel[block])
        out[good] = ranks.reshape(len(good), size * 3)
    return out


def standard_byte_ranks(rows: np.ndarray) -> np.ndarray:
    """``standard_ranks`` of each row of a uint8 array, all rows at once: a value's mean
    rank is how many values of its row are smaller plus half its ties."""
    count, width = rows.shape
    offsets = (np.arange(count, dtype=np.intp) * 256)[:, None]
    counts = np.bincount((offsets + rows).ravel(), minlength=count * 256).reshape(count, 256)
    smaller = np.cumsum(counts, axis=1) - counts
    index = rows.astype(np.intp)
    ties = np.take_along_axis(counts, index, axis=1)
    ranks = np.take_along_axis(smaller, index, axis=1) + (ties - 1) / 2.0
    spread = ranks.std(axis=1, keepdims=True)
    centred = ranks - ranks.mean(axis=1, keepdims=True)
    return np.divide(centred, spread, out=np.zeros_like(centred), where=spread > 0)


def standard_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks (ties get their mean rank), shifted and scaled to mean 0, deviation 1."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = ((ends - counts + ends - 1) / 2.0)[inverse]
    spread = ranks.std()
    return (ranks - ranks.mean()) / spread if spread > 0 else np.zeros_like(ranks)


def similarity(vectors: np.ndarray, i: int, j: int) -> float:
    """How alike shots ``i`` and ``j`` look: -1 .. 1 (1: the same picture)."""
    return float(vectors[i] @ vectors[j]) / vectors.shape[1]


def group_shots(shots: list[Shot]) -> list[Group]:
    """Shots grouped into near-duplicates, groups in time order (unknown times last)."""
    vectors = signature_vectors(shots)
    parent = list(range(len(shots)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    for i, j in _linked_pairs(shots, vectors):
        link(i, j)
    members: dict[int, list[Shot]] = {}
    for i, shot in enumerate(shots):
        members.setdefault(find(i), []).append(shot)
    groups = [Group(sorted(m, key=_order)) for m in members.values()]
    return sorted(groups, key=lambda g: _order(g.members[0]))


def _order(shot: Shot) -> tuple[int, float, str]:
    seconds = shot.seconds
    return (0, seconds, shot.key) if seconds is not None else (1, 0.0, shot.key)


def _linked_pairs(shots: list[Shot], vectors: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of shots alike enough to be one moment."""
    pairs: list[tuple[int, int]] = []
    timed = sorted(
        (i for i, s in enumerate(shots) if s.when_known and s.seconds is not None),
        key=lambda i: shots[i].seconds or 0.0,
    )
    for a, i in enumerate(timed):
        ti = shots[i].seconds or 0.0
        for j in timed[a + 1 :]:
            if (shots[j].seconds or 0.0) - ti > BURST_WINDOW:
                break
            if similarity(vectors, i, j) >= BURST_SIMILARITY:
                pairs.append((i, j))
    untimed = [i for i, s in enumerate(shots) if not (s.when_known and s.seconds is not None)]
    for start in range(0, len(untimed), _ROWS):  # a block at a time: memory stays small
        rows = untimed[start : start + _ROWS]
        block = vectors[rows] @ vectors.T / max(1, vectors.shape[1])
        for row, i in enumerate(rows):
            for other in np.flatnonzero(block[row] >= VISUAL_SIMILARITY).tolist():
                if other != i:
                    pairs.append((i, other))
    return pairs
