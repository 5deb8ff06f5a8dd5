"""Sound trims: a recorder's WAV, an MP3, or the sound of a clip, to WAV, MP3 or M4A,
with fades and loudness normalisation; or a clip's whole sound for transcription."""

from __future__ import annotations

from media.audio_args import audio_args
from media.clipinfo import ClipInfo
from media.models import CancelToken, ProgressFn
from media.trim_models import TrimOptions, TrimResult
from media.trim_steps import Passes, audio_plan, finish, run_output, speech_lufs


def trim_audio(
    ffmpeg: str,
    clip: ClipInfo,
    output: str,
    start: float,
    end: float,
    options: TrimOptions,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> None:
    """Write ``start``..``end`` of the clip's first sound track to ``output`` and fill
    ``result`` (mode ``audio``; start and end are sample-exact, so they are the ones
    asked for, and the duration is measured from the output)."""
    audio = clip.audio
    assert audio is not None
    result.mode = "audio"
    lufs = speech_lufs(options)
    passes = Passes(progress, [1.0, 2.0] if lufs is not None else [1.0])
    plan = audio_plan(ffmpeg, clip, start, end, lufs, options, result, passes.next(), cancel)
    if plan is None:
        return
    run = run_output(
        lambda temp: audio_args(
            ffmpeg, clip.path, temp, audio, start, end - start, plan, options.transcription
        ),
        output,
        end - start,
        options,
        result,
        passes.next(),
        cancel,
    )
    if not run.ok:
        return
    finish(result, output, end - start, has_video=False)
    if result.info is not None:
        result.start = start
        result.end = start + (result.info.audio_duration or result.info.duration or end - start)
