"""The steps a trim is made of: running ffmpeg into the output, measuring loudness,
checking what was written. Failures become typed problems in the result."""

from __future__ import annotations

from collections.abc import Callable

from media.clipinfo import ClipInfo, inspect_output
from media.ffrun import RunResult, Status, remove_quietly, run_ffmpeg, run_to_file
from media.loudness import LoudnessTarget, Measured, analysis_args, parse_loudnorm
from media.models import CancelToken, ProblemType, ProgressFn
from media.presets import SPEECH_LUFS
from media.trim_args import AudioPlan
from media.trim_models import TrimOptions, TrimResult


class Passes:
    """Splits one 0..1000 progress scale between consecutive ffmpeg runs."""

    def __init__(self, progress: ProgressFn, weights: list[float]) -> None:
        self.progress = progress
        total = sum(weights) or 1.0
        self.weights = [w / total for w in weights]
        self.index = 0

    def next(self) -> ProgressFn:
        base = sum(self.weights[: self.index])
        share = self.weights[self.index] if self.index < len(self.weights) else 0.0
        self.index += 1

        def report(done: int, total: int) -> None:
            frac = done / total if total else 1.0
            self.progress(round(1000 * (base + share * frac)), 1000)

        return report


def default_timeout(options: TrimOptions, seconds: float) -> float:
    """The time limit of one ffmpeg run producing ``seconds`` of output."""
    return options.timeout if options.timeout is not None else 120.0 + 10.0 * seconds


def run_output(
    build: Callable[[str], list[str]],
    output: str,
    seconds: float,
    options: TrimOptions,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> RunResult:
    """Run one ffmpeg command writing ``output``; failures become the result's problems."""
    try:
        # Not flushed to the disk before the rename: a trim is made again in seconds from
        # its source, and flushing a 90 MB lossless cut costs a quarter of the copy itself.
        run = run_to_file(
            build,
            output,
            duration=seconds,
            timeout=default_timeout(options, seconds),
            progress=progress,
            cancel=cancel,
            durable=False,
        )
    except OSError as exc:
        result.problem(ProblemType.WRITE_ERROR, exc.strerror or str(exc))
        return RunResult(Status.FAILED, "")
    result.commands.append(run.command)
    record_failure(run, result)
    return run


def record_failure(run: RunResult, result: TrimResult) -> None:
    """Turn an unsuccessful run into the matching typed problem."""
    if run.ok:
        return
    if run.status is Status.CANCELLED:
        result.problem(ProblemType.CANCELLED, "la salida parcial se borró")
    elif run.status is Status.TIMEOUT:
        result.problem(ProblemType.TIMEOUT, run.reason())
    elif any("No space left" in line for line in run.stderr):
        result.problem(ProblemType.DISK_FULL, run.reason())
    else:
        result.problem(ProblemType.TOOL_FAILED, run.reason())


def measure_loudness(
    ffmpeg: str,
    clip: ClipInfo,
    start: float,
    end: float,
    target: LoudnessTarget,
    options: TrimOptions,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> Measured | None:
    """The first loudness pass over the cut's sound; None when it could not measure
    (the export then normalises in single-pass dynamic mode)."""
    assert clip.audio is not None
    cmd = analysis_args(ffmpeg, clip.path, clip.audio.index, start, end - start, target)
    run = run_ffmpeg(
        cmd,
        duration=end - start,
        timeout=default_timeout(options, end - start),
        progress=progress,
        cancel=cancel,
    )
    result.commands.append(run.command)
    if run.status in (Status.CANCELLED, Status.TIMEOUT):
        record_failure(run, result)
        return None
    measured = parse_loudnorm(run.stderr) if run.ok else None
    if measured is None:
        mode = "single-pass dynamic"  # the measurement failed: loudnorm measures as it goes
    elif measured.silent:
        mode = "none: silent or too short to measure"
    elif measured.linear_possible(target):
        mode = "two-pass linear"
    else:
        mode = "two-pass dynamic (one constant gain would break the peak or range limit)"
    result.loudness = {
        "target_lufs": target.lufs,
        "true_peak": target.true_peak,
        "measured_lufs": measured.i if measured and not measured.silent else None,
        "mode": mode,
    }
    return measured


def audio_plan(
    ffmpeg: str,
    clip: ClipInfo,
    start: float,
    end: float,
    lufs: float | None,
    options: TrimOptions,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> AudioPlan | None:
    """The sound of a re-encode: measured and normalised to ``lufs`` (None: untouched)
    with the asked fades. None when the run was stopped during the measurement."""
    if clip.audio is None:
        return AudioPlan(None)
    if lufs is None:
        return AudioPlan(clip.audio.index, None, None, options.fade_in, options.fade_out)
    target = LoudnessTarget(lufs)
    measured = measure_loudness(ffmpeg, clip, start, end, target, options, result, progress, cancel)
    if any(p.fails for p in result.problems):
        return None
    if measured is not None and measured.silent:
        # Silence cannot be brought to a level; normalising would only raise the noise.
        return AudioPlan(clip.audio.index, None, None, options.fade_in, options.fade_out)
    return AudioPlan(clip.audio.index, target, measured, options.fade_in, options.fade_out)


def finish(result: TrimResult, output: str, expected: float, has_video: bool) -> None:
    """Measure the written output; an output that does not open, or lacks the picture it
    should have, is removed and reported rather than claimed."""
    try:
        info = inspect_output(output)
    except Exception as exc:  # PyAV's errors: the file is not a playable output
        remove_quietly(output)
        result.problem(ProblemType.TOOL_FAILED, f"la salida no se puede leer: {exc}")
        return
    if has_video and not info.frames:
        remove_quietly(output)
        result.problem(ProblemType.TOOL_FAILED, "la salida no tiene imágenes")
        return
    result.info = info
    result.output = output
    measured = info.video_duration if has_video else info.audio_duration
    measured = measured if measured is not None else info.duration
    if measured is not None and measured < expected - max(0.5, 0.05 * expected):
        result.problem(
            ProblemType.TRUNCATED,
            f"la salida dura {measured:.2f} s de {expected:.2f} s pedidos (el clip se acaba antes)",
        )


def speech_lufs(options: TrimOptions) -> float | None:
    """The loudness a sound trim is normalised to (None: left as recorded)."""
    if not options.normalize or (options.transcription and options.lufs is None):
        return None
    return options.lufs if options.lufs is not None else SPEECH_LUFS
