"""The trim's pure parts: exact ffmpeg command lines, geometry, times, presets, parsers of
recorded ffmpeg output, and where ffmpeg is looked for."""

from __future__ import annotations

import os
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trim_support import RECORDED, stub_executable

from media.audio_args import audio_args, output_format
from media.clipinfo import AudioInfo, VideoInfo
from media.ffargs import cover_size, fit_size, media_path
from media.ffrun import ProgressState, RunResult, Status, parse_progress, temp_output
from media.loudness import LoudnessTarget, Measured, analysis_args, parse_loudnorm
from media.models import ProblemType
from media.presets import PRESETS, Fit, get_preset
from media.timecode import TimeError, ffmpeg_seconds, format_time, parse_time
from media.tools import ToolNotFound, find_ffmpeg
from media.trim_args import (
    AudioPlan,
    Logo,
    accurate_args,
    frame_size,
    logo_geometry,
    lossless_args,
    output_fps,
    preset_args,
)
from media.trim_models import TrimResult
from media.trim_steps import record_failure

BASE = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1"]
RUN = [*BASE, "-loglevel", "error", "-y"]
IPHONE = VideoInfo(1, "h264", 568, 320, -90, Fraction(1), Fraction(30000, 1001),
                   Fraction(72000, 2401))  # fmt: skip
FULL_HD = VideoInfo(0, "h264", 1920, 1080, 0, Fraction(1), Fraction(60000, 1001),
                    Fraction(60000, 1001))  # fmt: skip
MEASURED = Measured(i=-30.23, tp=-17.97, lra=7.7, thresh=-44.98, offset=0.02)
LOUDNORM_14 = (
    "loudnorm=I=-14.00:LRA=11.00:TP=-1.00:linear=true:measured_I=-30.23:measured_LRA=7.70:"
    "measured_TP=-17.97:measured_thresh=-44.98:offset=0.02:print_format=none"
)


# --- command lines ------------------------------------------------------------------


def test_lossless_copies_from_the_keyframe_rounded_up() -> None:
    # 1.0016666… (601/600, an iPhone keyframe) must not be written 1.001666: ffmpeg would
    # seek to the keyframe before it. A leading dash stays a file name (absolute path).
    assert lossless_args("ffmpeg", "/clips/a b.mov", "/out/-x.mov", 1, 601 / 600, 3.5) == [
        *RUN, "-ss", "1.001667", "-i", "/clips/a b.mov", "-map", "0:1", "-map", "0:a?",
        "-c", "copy", "-movflags", "+faststart", "-t", "2.498333", "/out/-x.mov",
    ]  # fmt: skip


def test_lossless_into_mkv_has_no_faststart() -> None:
    args = lossless_args("ffmpeg", "/c/a.mts", "/o/a.mkv", 0, 0.08, 0.5)
    assert "-movflags" not in args and args[-3:] == ["-t", "0.420000", "/o/a.mkv"]


def test_accurate_reencodes_from_the_frame_rounded_down() -> None:
    assert accurate_args("ffmpeg", "/clips/a b.mov", "/out/x.mkv", 1, 901 / 600, 3.5) == [
        *RUN, "-ss", "1.501666", "-t", "1.998333", "-i", "/clips/a b.mov",
        "-map", "0:1", "-map", "0:a?", "-b:a", "192k", "-c:a", "aac", "-c:v", "libx264",
        "-crf", "18", "-fps_mode", "passthrough", "-pix_fmt", "yuv420p",
        "-preset", "veryfast", "/out/x.mkv",
    ]  # fmt: skip


def test_reels_with_blur_logo_loudness_and_fades() -> None:
    logo = Logo("/r/logo.png", 600, 200)
    plan = AudioPlan(0, LoudnessTarget(-14), MEASURED, 0.5, 0.5)
    args = preset_args("ffmpeg", "/clips/a.mov", "/out/r.mp4", IPHONE, PRESETS["reels"], 1.5,
                       2.0, fit=Fit.BLUR, audio=plan, logo=logo)  # fmt: skip
    graph = (
        "[0:1]fps=eof_action=pass:fps=30000/1001[s0];[s0]split=2[s1][s2];[s1]scale=136:240[s3];"
        "[s3]crop=134:240[s4];[s4]boxblur=luma_power=2:luma_radius=6[s5];"
        "[s5]scale=1080:1920[s6];[s2]scale=1080:1916[s7];"
        "[s6][s7]overlay=eof_action=repeat:x=0:y=2[s8];[s8]setsar=1[s9];"
        "[1]scale=162:54[s10];[s10]format=rgba[s11];[s11]colorchannelmixer=aa=0.85[s12];"
        "[s9][s12]overlay=eof_action=repeat:x=886:y=32[s13];[s13]format=yuv420p[s14];"
        f"[0:0]{LOUDNORM_14}[s15];[s15]aresample=48000[s16];"
        "[s16]afade=d=0.500:st=0:t=in[s17];[s17]afade=d=0.500:st=1.500:t=out[s18]"
    )
    assert args == [
        *RUN, "-ss", "1.500000", "-t", "2.000000", "-i", "/clips/a.mov",
        "-f", "image2", "-pattern_type", "none", "-i", "/r/logo.png",
        "-filter_complex", graph, "-map", "[s14]", "-map", "[s18]",
        "-ac", "2", "-b:a", "160k", "-bufsize", "16000k", "-c:a", "aac", "-c:v", "libx264",
        "-crf", "21", "-g", "60", "-map_metadata", "-1", "-maxrate", "8000k",
        "-movflags", "+faststart", "-preset", "veryfast", "-profile:v", "high", "/out/r.mp4",
    ]  # fmt: skip


def test_x_crop_without_audio() -> None:
    args = preset_args("ffmpeg", "/c/a.mp4", "/o/x.mp4", FULL_HD, PRESETS["x"], 0, 10,
                       fit=Fit.CROP, audio=AudioPlan(None))  # fmt: skip
    assert args == [
        *RUN, "-ss", "0.000000", "-t", "10.000000", "-i", "/c/a.mp4", "-filter_complex",
        "[0:0]fps=eof_action=pass:fps=60000/1001[s0];[s0]scale=1920:1080[s1];"
        "[s1]crop=1920:1080[s2];[s2]setsar=1[s3];[s3]format=yuv420p[s4]",
        "-map", "[s4]", "-bufsize", "16000k", "-c:v", "libx264", "-crf", "21", "-g", "120",
        "-map_metadata", "-1", "-maxrate", "8000k", "-movflags", "+faststart",
        "-preset", "veryfast", "-profile:v", "high", "/o/x.mp4",
    ]  # fmt: skip


def test_square_pad_and_crop_graphs() -> None:
    pad = preset_args("ffmpeg", "/c/a.mp4", "/o/s.mp4", FULL_HD, PRESETS["square"], 0, 5,
                      fit=Fit.PAD, audio=AudioPlan(None))  # fmt: skip
    assert "[s0]scale=1080:608[s1];[s1]pad=1080:1080:0:236[s2]" in _graph(pad)
    crop = preset_args("ffmpeg", "/c/a.mp4", "/o/s.mp4", FULL_HD, PRESETS["square"], 0, 5,
                       fit=Fit.CROP, audio=AudioPlan(None))  # fmt: skip
    assert "[s0]scale=1920:1080[s1];[s1]crop=1080:1080[s2]" in _graph(crop)
    assert _graph(crop).startswith("[0:0]fps=eof_action=pass:fps=30000/1001[s0]")


def _graph(args: list[str]) -> str:
    return args[args.index("-filter_complex") + 1]


def test_audio_trim_to_mp3_with_loudness_and_fades() -> None:
    wav = AudioInfo(0, "pcm_s24le", 48000, 2)
    plan = AudioPlan(0, LoudnessTarget(-16), MEASURED, 0.5, 1.0)
    assert audio_args("ffmpeg", "/rec/ZOOM0001.WAV", "/out/cita.mp3", wav, 12.5, 30.0, plan) == [
        *RUN, "-ss", "12.500000", "-t", "30.000000", "-i", "/rec/ZOOM0001.WAV",
        "-filter_complex",
        f"[0:0]{LOUDNORM_14.replace('I=-14.00', 'I=-16.00')}[s0];[s0]aresample=48000[s1];"
        "[s1]afade=d=0.500:st=0:t=in[s2];[s2]afade=d=1.000:st=29.000:t=out[s3]",
        "-map", "[s3]", "-ac", "2", "-b:a", "192k", "-c:a", "libmp3lame", "/out/cita.mp3",
    ]  # fmt: skip


def test_audio_for_transcription_is_16k_mono_wav() -> None:
    aac = AudioInfo(1, "aac", 44100, 1)
    assert audio_args("ffmpeg", "/c/clip.mov", "/o/t.wav", aac, 0, 60.0, AudioPlan(1),
                      transcription=True) == [
        *RUN, "-ss", "0.000000", "-t", "60.000000", "-i", "/c/clip.mov",
        "-filter_complex", "[0:1]aresample=16000[s0]", "-map", "[s0]",
        "-ac", "1", "-c:a", "pcm_s16le", "/o/t.wav",
    ]  # fmt: skip


def test_audio_formats_follow_the_extension_and_the_recorder() -> None:
    deep, odd = AudioInfo(0, "pcm_s24le", 48000, 2), AudioInfo(0, "pcm_u8", 7872, 1)
    assert output_format("a.wav", deep) == (48000, 2, {"c:a": "pcm_s24le"})
    assert output_format("a.wav", odd) == (48000, 1, {"c:a": "pcm_s16le"})
    m4a = {"c:a": "aac", "b:a": "128k", "movflags": "+faststart"}
    assert output_format("a.m4a", odd)[2] == m4a
    assert output_format("a.MP3", AudioInfo(0, "aac", 44100, 6))[:2] == (44100, 2)


def test_loudness_analysis_pass() -> None:
    assert analysis_args("ffmpeg", "/c/clip.mov", 1, 2.0, 45.0, LoudnessTarget(-14)) == [
        *BASE, "-loglevel", "info", "-y", "-ss", "2.000000", "-t", "45.000000",
        "-i", "/c/clip.mov", "-filter_complex",
        "[0:1]loudnorm=I=-14.00:LRA=11.00:TP=-1.00:print_format=json[s0]",
        "-map", "[s0]", "-f", "null", "-",
    ]  # fmt: skip


def test_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert media_path("-toma ñ:1.mov") == str(tmp_path / "-toma ñ:1.mov")


# --- geometry, frame rates, logos ---------------------------------------------------


def test_sizes_fit_and_cover() -> None:
    assert fit_size(3840, 2160, 1920, 1080) == (1920, 1080)
    assert fit_size(320, 240, 1920, 1080) == (320, 240)  # never enlarged
    assert fit_size(320, 568, 1080, 1920, upscale=True) == (1080, 1916)
    assert cover_size(1920, 1080, 1080, 1920) == (3414, 1920)
    assert cover_size(848, 480, 1080, 1080) == (1908, 1080)


def test_frame_sizes_follow_rotation_and_orientation() -> None:
    assert IPHONE.display_size == (320, 568)
    assert frame_size(IPHONE, PRESETS["web"]) == (320, 568)
    portrait_4k = VideoInfo(0, "hevc", 3840, 2160, 90, Fraction(1), None, None)
    assert frame_size(portrait_4k, PRESETS["web"]) == (1080, 1920)  # "1080p" is the short side
    assert frame_size(portrait_4k, PRESETS["youtube"]) == (2160, 3840)
    anamorphic = VideoInfo(0, "h264", 1440, 1080, 0, Fraction(4, 3), None, None)
    assert anamorphic.display_size == (1920, 1080)
    assert frame_size(FULL_HD, PRESETS["reels"]) == (1080, 1920)


def test_output_frame_rates() -> None:
    assert output_fps(IPHONE, 30) == Fraction(30000, 1001)  # nominal 29.97, average 29.99
    assert output_fps(FULL_HD, 30) == Fraction(30000, 1001)  # 59.94 halves
    assert output_fps(FULL_HD, 60) == Fraction(60000, 1001)
    screen = VideoInfo(0, "hevc", 886, 1920, 0, Fraction(1), Fraction(600, 7), Fraction(600, 7))
    assert output_fps(screen, 60) == 60
    mjpeg = VideoInfo(0, "mjpeg", 320, 240, 0, Fraction(1), Fraction(15), Fraction(15))
    assert output_fps(mjpeg, 30) == 15
    vfr_phone = VideoInfo(0, "h264", 1920, 1080, 0, Fraction(1), Fraction(30), Fraction(2615, 100))
    assert output_fps(vfr_phone, 60) == 30  # the capture grid, not the 26.15 average
    odd_grid = VideoInfo(0, "h264", 1920, 1080, 0, Fraction(1), Fraction(120), Fraction(2980, 100))
    assert output_fps(odd_grid, 60) == Fraction(30000, 1001)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("top-right", (162, 54, 886, 32)),
        ("top-left", (162, 54, 32, 32)),
        ("bottom-left", (162, 54, 32, 1834)),
        ("bottom-right", (162, 54, 886, 1834)),
        ("center", (162, 54, 459, 933)),
    ],
)
def test_logo_placement(position: str, expected: tuple[int, int, int, int]) -> None:
    assert logo_geometry(1080, 1920, Logo("l.png", 600, 200, position)) == expected


# --- presets ------------------------------------------------------------------------


def test_presets_know_their_platform_limits() -> None:
    assert {"web", "reels", "square", "x", "youtube"} <= set(PRESETS)
    assert [lim.platform for lim in get_preset("X").exceeded(141)] == ["X"]
    assert get_preset("x").exceeded(140) == []
    assert [lim.platform for lim in get_preset("reels").exceeded(200)] == ["Instagram Reels"]
    assert len(get_preset("reels").exceeded(601)) == 2
    assert get_preset("youtube").exceeded(11 * 3600) == []
    assert all(p.lufs == -14 for p in PRESETS.values())
    with pytest.raises(ValueError, match="reels"):
        get_preset("tiktok")


# --- times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("83.5", 83.5), ("83,5", 83.5), ("0", 0.0), ("1:23.5", 83.5), ("00:01:23.500", 83.5),
     ("01:00:00", 3600.0), ("2:03:04.25", 7384.25)],
)  # fmt: skip
def test_times_are_read(text: str, seconds: float) -> None:
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["-1", "-0:01", "abc", "1:75", "", "1:2:3:4", "nan", "inf"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(TimeError):
        parse_time(text)


@given(st.integers(min_value=0, max_value=99 * 3_600_000 - 1))
def test_formatted_times_read_back(ms: int) -> None:
    assert parse_time(format_time(ms / 1000)) == pytest.approx(ms / 1000, abs=1e-9)


def test_ffmpeg_seconds_rounding() -> None:
    assert ffmpeg_seconds(601 / 600) == "1.001667"
    assert ffmpeg_seconds(601 / 600, round_up=True) == "1.001667"
    assert ffmpeg_seconds(601 / 600, round_down=True) == "1.001666"
    assert ffmpeg_seconds(2.0, round_up=True) == ffmpeg_seconds(2.0, round_down=True) == "2.000000"
    assert ffmpeg_seconds(-0.0001) == "0.000000"


# --- recorded ffmpeg output ---------------------------------------------------------


def test_progress_blocks_from_a_real_run() -> None:
    state, reports = ProgressState(), []
    for line in (RECORDED / "progress_accurate.txt").read_text().splitlines():
        if parse_progress(line, state):
            reports.append((state.out_time_us, state.ended))
    assert reports == [(2_432_000, False), (4_680_000, True)]
    assert state.speed is not None and state.speed > 0


def test_progress_ignores_na_and_noise() -> None:
    state = ProgressState()
    for line in ["out_time_us=N/A", "speed=N/A", "bitrate=N/A", "garbage", "progress=continue"]:
        parse_progress(line, state)
    assert state.out_time_us == 0 and state.speed is None and not state.ended


def test_loudnorm_measurement_from_a_real_run() -> None:
    lines = (RECORDED / "loudnorm_analysis.stderr.txt").read_text().splitlines()
    measured = parse_loudnorm(lines)
    assert measured == Measured(i=-30.23, tp=-17.97, lra=7.7, thresh=-44.98, offset=0.02)
    assert not measured.silent and measured.linear_possible(LoudnessTarget(-14))
    assert not measured.linear_possible(LoudnessTarget(-10))  # +20 dB would clip the peaks


def test_loudnorm_of_silence_from_a_real_run() -> None:
    lines = (RECORDED / "loudnorm_silent.stderr.txt").read_text().splitlines()
    measured = parse_loudnorm(lines)
    assert measured is not None and measured.silent
    assert parse_loudnorm(["no json here"]) is None


def test_temporary_output_keeps_folder_and_extension(tmp_path: Path) -> None:
    temp = temp_output(str(tmp_path / "Discurso ñ.mp4"), tag=7)
    assert temp == str(tmp_path / ".cobertura-tmp-7-Discurso ñ.mp4")


# --- finding ffmpeg -----------------------------------------------------------------


def test_ffmpeg_from_the_variable_first(tmp_path: Path) -> None:
    stub = stub_executable(tmp_path / "bin")
    path_dir = tmp_path / "path"
    other = stub_executable(path_dir)
    assert find_ffmpeg({"COBERTURA_FFMPEG": stub, "PATH": str(path_dir)}) == stub
    assert find_ffmpeg({"PATH": str(path_dir)}) == other


def test_a_wrong_variable_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    with pytest.raises(ToolNotFound) as err:
        find_ffmpeg({"COBERTURA_FFMPEG": str(tmp_path / "nope"), "PATH": "/usr/bin"})
    assert "COBERTURA_FFMPEG" in str(err.value) and "nope" in str(err.value)


def test_imageio_ffmpeg_is_the_last_resort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import imageio_ffmpeg

    bundled = os.path.abspath(imageio_ffmpeg.get_ffmpeg_exe())
    assert find_ffmpeg({"PATH": str(tmp_path)}) == bundled
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # as if not installed
    with pytest.raises(ToolNotFound) as err:
        find_ffmpeg({"PATH": str(tmp_path)})
    places = [p.where for p in err.value.looked]
    assert places == ["COBERTURA_FFMPEG", "PATH", "imageio-ffmpeg"]
    assert str(tmp_path) in str(err.value)


def test_failure_reason_is_ffmpegs_own_last_lines() -> None:
    lines = (RECORDED / "invalid_input.stderr.txt").read_text().splitlines()
    failed = RunResult(Status.FAILED, "ffmpeg …", 183, 0.1, lines)
    last = "Error opening input files: Invalid data found when processing input"
    assert failed.error_lines[-1] == last
    assert "moov atom not found" in failed.reason()
    muxer = (RECORDED / "bad_container.stderr.txt").read_text().splitlines()
    reason = RunResult(Status.FAILED, "", 234, 0, muxer).reason()
    assert "Exactly one MP3 audio stream is required" in reason


def test_failures_become_typed_problems() -> None:
    def problem_of(run: RunResult) -> ProblemType:
        result = TrimResult(input="clip.mov")
        record_failure(run, result)
        return result.problems[0].type

    full = ["[out#0/mp4 @ 0x1] Error writing trailer: No space left on device"]
    assert problem_of(RunResult(Status.FAILED, "", 1, 0, full)) is ProblemType.DISK_FULL
    assert problem_of(RunResult(Status.TIMEOUT, "", -15, 9)) is ProblemType.TIMEOUT
    assert problem_of(RunResult(Status.CANCELLED, "", 255, 1)) is ProblemType.CANCELLED
    assert problem_of(RunResult(Status.NOT_STARTED, "", None, 0)) is ProblemType.TOOL_FAILED
