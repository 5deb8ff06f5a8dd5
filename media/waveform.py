"""A sound's waveform for the trim view: peaks read once, kept, and fitted to any width.

The peaks come from ``media.frames.waveform_peaks`` (PyAV, decoded at a low rate and
mono, in bounded memory: one value pair per slice, never the samples). A waveform has
between ``MIN_SLICES`` and ``MAX_SLICES`` slices whatever the length of the recording,
and is cached in memory and on disk (``COBERTURA_CACHE`` or the user cache folder), keyed
by the file's path, size and modification time, so opening a take again costs nothing.
A cache that cannot be read or written costs time, never a result.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import xxhash

from media.atomic import write_json_atomic
from media.clipinfo import ClipProblem, probe_clip
from media.frames import NoPicture, waveform_peaks
from media.library import default_cache_dir

log = logging.getLogger(__name__)

WAVEFORM_DIR = "waveforms"
VERSION = 1
RATE = 8000  # Hz read for the peaks: plenty for a picture, cheap to resample to
SLICES_PER_SECOND = 50
MIN_SLICES = 200
MAX_SLICES = 4000
MEMORY_ENTRIES = 16


@dataclass(frozen=True)
class Waveform:
    """Lowest and highest sample (-1..1) of equal slices of a sound lasting ``duration`` s."""

    duration: float
    peaks: tuple[tuple[float, float], ...]

    def fit(self, width: int) -> list[tuple[float, float]]:
        """``width`` columns, each the lowest and highest of the slices under it."""
        count = len(self.peaks)
        if width <= 0 or count == 0:
            return [(0.0, 0.0)] * max(width, 0)
        columns = []
        for x in range(width):
            first = x * count // width
            last = max(first + 1, (x + 1) * count // width)
            chunk = self.peaks[first:last]
            columns.append((min(p[0] for p in chunk), max(p[1] for p in chunk)))
        return columns


_memory: OrderedDict[str, Waveform] = OrderedDict()
_lock = threading.Lock()


def slices_for(duration: float) -> int:
    return max(MIN_SLICES, min(MAX_SLICES, math.ceil(duration * SLICES_PER_SECOND)))


def _key(path: str) -> str:
    st = os.stat(path)
    text = f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}|{RATE}|{VERSION}"
    return xxhash.xxh3_64_hexdigest(text.encode("utf-8", "surrogateescape"))


def _read(file: str) -> Waveform | None:
    try:
        with open(file, encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != VERSION:
            return None
        peaks = tuple((float(low), float(high)) for low, high in data["peaks"])
        return Waveform(float(data["duration"]), peaks)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(key: str, wave: Waveform) -> None:
    with _lock:
        _memory[key] = wave
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)


def load_waveform(path: str, cache_dir: str | None = None) -> Waveform:
    """The waveform of ``path``'s first sound track, from the caches or read now.

    Raises :class:`media.frames.NoPicture` when the file has no sound or cannot be read
    (the text says why, for people)."""
    try:
        key = _key(path)
    except OSError as exc:
        raise NoPicture(f"no se puede leer: {exc.strerror or exc}") from exc
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    folder = os.path.join(cache_dir or default_cache_dir(), WAVEFORM_DIR)
    file = os.path.join(folder, f"{key}.json")
    wave = _read(file)
    if wave is None:
        wave = _compute(path)
        try:
            write_json_atomic(
                file,
                {
                    "version": VERSION,
                    "duration": wave.duration,
                    "peaks": [[round(lo, 4), round(hi, 4)] for lo, hi in wave.peaks],
                },
            )
        except OSError as exc:
            log.debug("waveform cache %s not written: %s", file, exc)
    _remember(key, wave)
    return wave


def _compute(path: str) -> Waveform:
    try:
        duration = probe_clip(path).duration or 0.0
    except ClipProblem as exc:
        raise NoPicture(exc.detail or str(exc.type)) from exc
    peaks = waveform_peaks(path, slices_for(duration), rate=RATE)
    return Waveform(duration, tuple(peaks))
