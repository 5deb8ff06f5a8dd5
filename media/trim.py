"""The trim stage: cut a clip (lossless, accurate or for a platform) or its sound.

``trim(src, output, options, progress, cancel)`` checks the request, probes the clip,
finds the cut points, runs ffmpeg through ``media.ffrun`` (temporary name, rename on
success) and measures the output with PyAV before reporting its start, end, codecs and
size. Requests that cannot run (bad times, a video preset for a sound file, an output
that exists) raise :class:`TrimError`; problems with the clip or with ffmpeg's run are
typed problems in the result.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from media.audio_args import is_audio_output
from media.clipinfo import ClipInfo, ClipProblem, open_media, probe_clip
from media.cutpoints import CutPoints, find_cut_points
from media.ffrun import RunResult
from media.models import CancelToken, ProblemType, ProgressFn, no_progress
from media.presets import Preset, get_preset
from media.timecode import format_clock
from media.tools import find_ffmpeg
from media.trim_args import (
    POSITIONS,
    Logo,
    accurate_args,
    is_reencodable_container,
    lossless_args,
    preset_args,
)
from media.trim_models import (
    MESSAGES_ES,
    TrimError,
    TrimOptions,
    TrimResult,
    describe,
    resolve_times,
)
from media.trim_steps import Passes, audio_plan, finish, run_output

__all__ = [
    "MESSAGES_ES",
    "TrimError",
    "TrimOptions",
    "TrimResult",
    "describe",
    "resolve_times",
    "trim",
]

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resolve_logo(name: str) -> str:
    """A logo by path, or by name in ``resources/logos/`` or ``resources/``."""
    for candidate in (name, RESOURCES / "logos" / name, RESOURCES / name):
        if os.path.isfile(candidate):
            return str(candidate)
    raise TrimError(f"no se encontró el logo {name!r} (ni en {RESOURCES / 'logos'})")


def _load_logo(options: TrimOptions) -> Logo | None:
    if not options.logo:
        return None
    path = resolve_logo(options.logo)
    if options.logo_position not in POSITIONS:
        raise TrimError(f"posición del logo desconocida (hay: {', '.join(POSITIONS)})")
    if not 0 < options.logo_size <= 1 or not 0 < options.logo_opacity <= 1:
        raise TrimError("el tamaño y la opacidad del logo van de 0 a 1")
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
    except OSError as exc:
        raise TrimError(f"el logo no es una imagen legible: {path}") from exc
    return Logo(
        path, width, height, options.logo_position, options.logo_size, opacity=options.logo_opacity
    )


def _check_request(src: str, output: str, options: TrimOptions) -> None:
    if not os.path.exists(src):
        raise TrimError(f"no existe: {src}")
    if os.path.isdir(src):
        raise TrimError(f"es una carpeta, no un clip: {src}")
    if os.path.abspath(src) == os.path.abspath(output) or (
        os.path.exists(output) and os.path.samefile(src, output)
    ):
        raise TrimError("la salida no puede ser el mismo archivo que la entrada")
    if os.path.isdir(output):
        raise TrimError(f"la salida es una carpeta: {output}")
    if os.path.exists(output) and not options.overwrite:
        raise TrimError(f"la salida ya existe: {output} (usa --overwrite para reemplazarla)")
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise TrimError(f"no existe la carpeta de salida: {folder}")
    if options.fade_in < 0 or options.fade_out < 0:
        raise TrimError("los fundidos no pueden ser negativos")
    if not os.path.splitext(output)[1]:
        raise TrimError("la salida necesita extensión (.mp4, .mov, .mkv, .wav, .mp3, .m4a)")


def trim(
    src: str,
    output: str,
    options: TrimOptions,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    ffmpeg: str | None = None,
) -> TrimResult:
    """Cut ``src`` into ``output`` as ``options`` ask; see the module's docstring.

    Raises :class:`TrimError` for a request that cannot run and ``ToolNotFound`` when
    there is no ffmpeg; everything else comes back as problems in the result. The output
    exists only when the result's ``output`` is set."""
    began = time.monotonic()
    _check_request(src, output, options)
    preset = get_preset(options.preset) if options.preset else None
    audio_out = is_audio_output(output)
    if preset is not None and audio_out:
        raise TrimError(f"el preset {preset.name} es de video: usa una salida .mp4")
    if (preset or options.accurate) and not audio_out and not is_reencodable_container(output):
        raise TrimError("una salida recodificada va en .mp4, .mov, .m4v o .mkv")
    logo = _load_logo(options)
    ffmpeg = ffmpeg or find_ffmpeg()
    result = TrimResult(input=src, requested_start=options.start, requested_end=options.end)
    try:
        with open_media(src) as container:  # opened once for the probe and the keyframes
            clip = probe_clip(src, container)
            start, end = resolve_times(clip, options.start, options.end)
            _check_kind(clip, audio_out, preset)
            cut = None if audio_out else find_cut_points(clip, start, container)
    except ClipProblem as problem:
        result.problem(problem.type, problem.detail)
        result.elapsed = time.monotonic() - began
        return result
    if cut is None:
        from media.audio_trim import trim_audio

        trim_audio(ffmpeg, clip, output, start, end, options, result, progress, cancel)
    else:
        _trim_video(ffmpeg, clip, cut, output, end, options, preset, logo, result, progress, cancel)
    result.elapsed = time.monotonic() - began
    return result


def _check_kind(clip: ClipInfo, audio_out: bool, preset: Preset | None) -> None:
    """A sound output needs sound; a video output needs video."""
    if audio_out and clip.audio is None:
        raise TrimError("el clip no tiene sonido: no hay audio que recortar")
    if not audio_out and clip.video is None:
        raise TrimError(
            "el archivo es solo audio: para recortarlo usa una salida .wav, .mp3 o .m4a"
            + (f"; el preset {preset.name} necesita video" if preset else "")
        )


def _trim_video(
    ffmpeg: str,
    clip: ClipInfo,
    cut: CutPoints,
    output: str,
    end: float,
    options: TrimOptions,
    preset: Preset | None,
    logo: Logo | None,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> None:
    """Run the lossless, accurate or preset cut and fill ``result`` from the output."""
    assert clip.video is not None
    index = clip.video.index
    lossless = preset is None and not options.accurate
    first = cut.keyframe if lossless else cut.first_frame
    if first >= end:
        raise TrimError("entre el inicio y el final no hay ningún cuadro")
    if clip.audio is None:
        result.problem(ProblemType.NO_AUDIO)

    def build(temp: str) -> list[str]:
        if lossless:
            return lossless_args(ffmpeg, clip.path, temp, index, first, end)
        return accurate_args(ffmpeg, clip.path, temp, index, first, end)

    if preset is None:
        result.mode = "lossless" if lossless else "accurate"
        run = run_output(build, output, end - first, options, result, progress, cancel)
    else:
        found = _export(
            ffmpeg, clip, first, end, output, options, preset, logo, result, progress, cancel
        )
        if found is None:
            return
        run = found
    if not run.ok:
        return
    finish(result, output, end - first, has_video=True)
    if result.info is not None:
        result.start = first
        span = result.info.video_duration or result.info.duration or (end - first)
        result.end = first + span


def _export(
    ffmpeg: str,
    clip: ClipInfo,
    first: float,
    end: float,
    output: str,
    options: TrimOptions,
    preset: Preset,
    logo: Logo | None,
    result: TrimResult,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> RunResult | None:
    """A preset's export: platform limits checked first, loudness measured (a tenth of
    the progress bar), then the encode. None when stopped during the measurement."""
    assert clip.video is not None
    video = clip.video
    result.mode, result.preset = "preset", preset.name
    for limit in preset.exceeded(end - first):
        result.problem(
            ProblemType.TOO_LONG,
            f"{limit.platform} acepta hasta {format_clock(limit.seconds)}; "
            f"el corte dura {format_clock(end - first)}",
        )
    lufs = None
    if options.normalize and clip.audio is not None:
        lufs = options.lufs if options.lufs is not None else preset.lufs
    passes = Passes(progress, [1.0, 9.0] if lufs is not None else [1.0])
    plan = audio_plan(
        ffmpeg,
        clip,
        first,
        end,
        lufs,
        options,
        result,
        passes.next() if lufs is not None else progress,
        cancel,
    )
    if plan is None:
        return None
    return run_output(
        lambda temp: preset_args(
            ffmpeg,
            clip.path,
            temp,
            video,
            preset,
            first,
            end - first,
            fit=options.fit,
            audio=plan,
            logo=logo,
        ),
        output,
        end - first,
        options,
        result,
        passes.next() if lufs is not None else progress,
        cancel,
    )
