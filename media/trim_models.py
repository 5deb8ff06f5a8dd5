"""What a trim is asked and what it reports: options, result, problems, times."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from media.clipinfo import ClipInfo, OutputInfo
from media.models import Problem, ProblemType
from media.presets import Fit
from media.timecode import format_time

END_SLACK = 0.0015  # an end this close past the duration is the duration (rounded display)


# Problem texts where the ingest wording ("copied as it is") does not fit a trim.
MESSAGES_ES = {
    ProblemType.EMPTY: "archivo vacío (0 bytes): no hay nada que recortar",
    ProblemType.CORRUPT: "archivo dañado: no se puede recortar",
    ProblemType.TRUNCATED: "archivo incompleto",
    ProblemType.NOT_MEDIA: "no es video ni audio",
    ProblemType.CANCELLED: "cancelado: no quedó ninguna salida",
}


def describe(problem: Problem) -> str:
    """One line for people about a trim's problem."""
    text = MESSAGES_ES.get(problem.type) or str(problem).removeprefix(f"{problem.path}: ")
    if problem.type in MESSAGES_ES and problem.detail:
        text += f" ({problem.detail})"
    return text


class TrimError(ValueError):
    """The request cannot run as asked (the message says why, in Spanish)."""


@dataclass
class TrimOptions:
    start: float | None = None  # seconds from the clip's start; None: from the beginning
    end: float | None = None  # None: to the end
    accurate: bool = False  # re-encode, exact to the frame (implied by a preset)
    preset: str | None = None
    fit: Fit = Fit.BLUR
    logo: str | None = None  # a path, or a file name in resources/logos/
    logo_position: str = "top-right"
    logo_size: float = 0.15
    logo_opacity: float = 0.85
    lufs: float | None = None  # None: the preset's level (speech level for sound files)
    normalize: bool = True
    fade_in: float = 0.0
    fade_out: float = 0.0
    transcription: bool = False  # sound only: 16 kHz mono WAV, not normalised by default
    overwrite: bool = False
    timeout: float | None = None  # seconds; None: 120 s plus 10 s per second of output


@dataclass
class TrimResult:
    input: str
    output: str | None = None  # set only when the output was written, renamed and measured
    mode: str = ""  # lossless | accurate | preset | audio
    preset: str | None = None
    requested_start: float | None = None
    requested_end: float | None = None
    start: float | None = None  # the cut as made, in seconds from the clip's start
    end: float | None = None
    info: OutputInfo | None = None
    loudness: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.output is not None and not any(p.fails for p in self.problems)

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return round(self.end - self.start, 6)

    def problem(self, type: ProblemType, detail: str = "") -> None:
        self.problems.append(Problem(type, self.input, detail))

    def to_json(self) -> dict[str, Any]:
        info = self.info
        return {
            "ok": self.ok,
            "input": self.input,
            "output": self.output,
            "mode": self.mode,
            "preset": self.preset,
            "requested_start": self.requested_start,
            "requested_end": self.requested_end,
            "start": _r(self.start),
            "end": _r(self.end),
            "duration": _r(self.duration),
            "start_timecode": format_time(self.start) if self.start is not None else None,
            "end_timecode": format_time(self.end) if self.end is not None else None,
            "video_codec": info.video_codec if info else None,
            "audio_codec": info.audio_codec if info else None,
            "width": info.width if info else None,
            "height": info.height if info else None,
            "rotation": info.rotation if info else None,
            "frames": info.frames if info else None,
            "sample_rate": info.sample_rate if info else None,
            "channels": info.channels if info else None,
            "size": info.size if info else None,
            "loudness": self.loudness,
            "problems": [{**p.to_json(), "message": describe(p)} for p in self.problems],
            "commands": self.commands,
            "elapsed": round(self.elapsed, 3),
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def resolve_times(clip: ClipInfo, start: float | None, end: float | None) -> tuple[float, float]:
    """The cut's start and end in seconds, checked against the clip: a negative time, a
    start at or past the end of the clip, an end past its duration, or an end not after
    the start raises :class:`TrimError`."""
    duration = clip.duration
    start = 0.0 if start is None else start
    if start < 0 or (end is not None and end < 0):
        raise TrimError("los tiempos no pueden ser negativos")
    if end is None:
        if duration is None:
            raise TrimError("el clip no dice cuánto dura: indica --end")
        end = duration
    if duration is not None:
        if start >= duration:
            raise TrimError(
                f"el inicio {format_time(start)} está después del final del clip "
                f"({format_time(duration)})"
            )
        if end > duration + END_SLACK:
            raise TrimError(
                f"el final {format_time(end)} pasa de la duración del clip "
                f"({format_time(duration)})"
            )
        end = min(end, duration)
    if end <= start:
        raise TrimError(
            f"el final {format_time(end)} no es posterior al inicio {format_time(start)}"
        )
    return start, end
