"""Real ffmpeg on real clips: durations, codecs, sizes, rotation and sync of the outputs,
measured with PyAV (flashes and beeps made at the same instants must stay together)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import av
import pytest
from PIL import ImageChops, ImageStat
from trim_support import FFMPEG, beep_times, flash_times, lavfi_clip, leftovers

from media import presets
from media.frames import poster_frame
from media.loudness import LoudnessTarget, analysis_args, parse_loudnorm
from media.models import ProblemType
from media.presets import Fit, PlatformLimit
from media.trim import TrimError, TrimOptions, TrimResult, trim

SYNC = 0.005  # seconds: how far a beep may be from its flash (a 25 fps frame is 0.04)
IPHONE = "video/apple_iphone6_gps_rot90.mov"


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    return {
        "sync": lavfi_clip(folder / "sync.mp4"),
        "vfr": lavfi_clip(folder / "vfr.mp4", 5.0, flashes=(3.0,), vfr=True),
        "mute": lavfi_clip(folder / "mute.mp4", 4.0, audio=False, flashes=(1.0,)),
    }


def _ok(result: TrimResult) -> TrimResult:
    assert result.ok, result.problems
    assert result.output is not None and result.info is not None
    return result


def _in_sync(path: Path | str, flashes: list[float]) -> None:
    assert flash_times(path) == pytest.approx(flashes, abs=1e-3)
    assert beep_times(path) == pytest.approx(flashes, abs=SYNC)


# --- cuts -----------------------------------------------------------------------------


def test_lossless_starts_on_the_keyframe_before_and_keeps_sync(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "lossless.mp4"
    r = _ok(trim(str(clips["sync"]), str(out), TrimOptions(start=2.3, end=7.0)))
    assert r.mode == "lossless" and r.start == 2.0  # keyframes every 2 s
    assert r.end == pytest.approx(7.0, abs=0.04) and r.duration == pytest.approx(5.0, abs=0.04)
    assert r.info is not None and r.info.frames == 125
    assert (r.info.video_codec, r.info.audio_codec, r.info.width, r.info.height) == (
        "h264",
        "aac",
        320,
        240,
    )
    _in_sync(out, [1.0, 4.2])  # flashes at 3.0 and 6.2 in the clip
    assert leftovers(tmp_path) == []


def test_accurate_starts_on_the_exact_frame_and_keeps_sync(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "accurate.mkv"
    r = _ok(trim(str(clips["sync"]), str(out), TrimOptions(start=2.3, end=7.0, accurate=True)))
    assert r.mode == "accurate" and r.start == pytest.approx(2.32)  # first frame at/after 2.3
    assert r.duration == pytest.approx(4.68, abs=0.041) and r.info and r.info.frames == 117
    _in_sync(out, [0.68, 3.88])


def test_reels_export_size_and_sync(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "reels.mp4"
    r = _ok(trim(str(clips["sync"]), str(out), TrimOptions(start=2.3, end=3.5, preset="reels")))
    info = r.info
    assert info is not None and (info.width, info.height, info.rotation) == (1080, 1920, 0)
    codecs = (info.video_codec, info.audio_codec, info.sample_rate, info.channels)
    assert codecs == ("h264", "aac", 48000, 2)
    assert r.start == pytest.approx(2.32) and r.duration == pytest.approx(1.18, abs=0.041)
    _in_sync(out, [0.68])
    with av.open(str(out)) as container:
        assert container.streams.video[0].average_rate == 25


def test_export_loudness_is_measured_and_reached(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "web.mp4"
    r = _ok(trim(str(clips["sync"]), str(out), TrimOptions(start=2.3, end=5.6, preset="web")))
    assert r.loudness is not None and r.loudness["mode"] == "two-pass linear"
    assert r.loudness["measured_lufs"] == pytest.approx(-42.5, abs=1.5)
    cmd = analysis_args(FFMPEG, str(out), 1, 0, 3.3, LoudnessTarget(-14))
    measured = parse_loudnorm(_stderr(cmd))
    assert measured is not None and measured.i == pytest.approx(-14, abs=1.0)
    _in_sync(out, [0.68])


def _stderr(cmd: list[str]) -> list[str]:
    import subprocess

    return subprocess.run(cmd, capture_output=True, text=True, check=True).stderr.splitlines()


@pytest.mark.parametrize(
    ("preset", "fit", "size"),
    [
        ("square", Fit.CROP, (1080, 1080)),
        ("x", Fit.PAD, (1920, 1080)),
        ("web", Fit.BLUR, (320, 240)),
    ],
)
def test_preset_frames(
    clips: dict[str, Path], tmp_path: Path, preset: str, fit: Fit, size: tuple[int, int]
) -> None:
    out = tmp_path / f"{preset}.mp4"
    r = _ok(
        trim(
            str(clips["sync"]),
            str(out),
            TrimOptions(end=0.6, preset=preset, fit=fit, normalize=False),
        )
    )
    assert r.info is not None and (r.info.width, r.info.height) == size
    assert r.info.frames == 15 and r.loudness is None


def test_rotated_iphone_clip(samples: Path, tmp_path: Path) -> None:
    src = str(samples / IPHONE)
    copy = _ok(trim(src, str(tmp_path / "copy.mov"), TrimOptions(start=1.5, end=3.5)))
    assert copy.start == 1.0 and copy.info is not None
    assert copy.info.rotation == -90 and (copy.info.width, copy.info.height) == (320, 568)
    with av.open(str(tmp_path / "copy.mov")) as c:  # coded landscape + display matrix kept
        assert (
            c.streams.video[0].codec_context.width,
            c.streams.video[0].codec_context.height,
        ) == (568, 320)
    upright = _ok(
        trim(src, str(tmp_path / "acc.mp4"), TrimOptions(start=1.5, end=3.5, accurate=True))
    )
    assert upright.info is not None and upright.info.rotation == 0
    with av.open(str(tmp_path / "acc.mp4")) as c:  # turned for real: portrait pixels
        assert (
            c.streams.video[0].codec_context.width,
            c.streams.video[0].codec_context.height,
        ) == (320, 568)
    assert upright.start == pytest.approx(901 / 600)  # the first frame at/after 1.5
    # The re-encoded picture is the source as a player shows it, not upside down.
    shown = poster_frame(src, 2.5, max_size=None)
    made = poster_frame(str(tmp_path / "acc.mp4"), 2.5 - upright.start, max_size=None)
    diff = ImageStat.Stat(ImageChops.difference(shown, made).convert("L")).mean[0]
    flipped = ImageStat.Stat(ImageChops.difference(shown.rotate(180), made).convert("L")).mean[0]
    assert diff < 5 < flipped
    reels = _ok(
        trim(
            src,
            str(tmp_path / "reels.mp4"),
            TrimOptions(end=0.5, preset="reels", fit=Fit.CROP, normalize=False),
        )
    )
    assert reels.info is not None and (
        reels.info.width,
        reels.info.height,
        reels.info.rotation,
    ) == (1080, 1920, 0)
    with av.open(str(tmp_path / "reels.mp4")) as c:  # published clips carry no GPS position
        assert not any("location" in key for key in c.metadata)
    with av.open(src) as c:
        assert any("location" in key for key in c.metadata)


def test_variable_frame_rate_clip_keeps_sync(clips: dict[str, Path], tmp_path: Path) -> None:
    with av.open(str(clips["vfr"])) as c:
        assert c.streams.video[0].average_rate != c.streams.video[0].guessed_rate  # really VFR
    acc = tmp_path / "vfr.mp4"
    r = _ok(trim(str(clips["vfr"]), str(acc), TrimOptions(start=0.5, end=4.5, accurate=True)))
    assert r.start == pytest.approx(0.52)  # 0.5 falls between two frames
    _in_sync(acc, [3.0 - 0.52])
    web = tmp_path / "vfr_web.mp4"
    _ok(trim(str(clips["vfr"]), str(web), TrimOptions(start=0.5, end=4.5, preset="web")))
    _in_sync(web, [3.0 - 0.52])
    with av.open(str(web)) as c:  # constant frame rate out: every frame lasts 1/25 s
        times = [f.time for f in c.decode(c.streams.video[0])]
    steps = {round(b - a, 4) for a, b in zip(times, times[1:], strict=False)}
    assert steps == {0.04}


def test_clip_without_audio(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "mute.mp4"
    r = trim(str(clips["mute"]), str(out), TrimOptions(start=0.5, end=1.5, preset="square"))
    assert r.ok and [p.type for p in r.problems] == [ProblemType.NO_AUDIO]
    assert r.info is not None and r.info.audio_codec is None and r.info.video_codec == "h264"
    with av.open(str(out)) as c:
        assert len(c.streams.audio) == 0
    lossless = trim(str(clips["mute"]), str(tmp_path / "mute.mov"), TrimOptions(start=1, end=3))
    assert lossless.ok and lossless.start == 0.0  # one keyframe, at the start
    with pytest.raises(TrimError, match="no tiene sonido"):
        trim(str(clips["mute"]), str(tmp_path / "mute.mp3"), TrimOptions())


def test_too_long_for_the_platform_is_a_warning(
    clips: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = dataclasses.replace(presets.PRESETS["x"], limits=(PlatformLimit("X", 0.5, "test"),))
    monkeypatch.setitem(presets.PRESETS, "x", short)
    r = trim(
        str(clips["sync"]),
        str(tmp_path / "x.mp4"),
        TrimOptions(end=0.6, preset="x", normalize=False),
    )
    assert r.ok and [p.type for p in r.problems] == [ProblemType.TOO_LONG]
    assert "X acepta hasta" in r.problems[0].detail


# --- other real clips -----------------------------------------------------------------


def test_avchd_mts_counts_from_its_own_start(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "video/sony_a7m3_avchd.mts"),
            str(tmp_path / "a.mts"),
            TrimOptions(start=0.1, end=0.5),
        )
    )
    # The only keyframe is 0.08 s after the file's first timestamp (its audio starts first).
    assert r.start == pytest.approx(0.08) and r.info is not None
    assert (r.info.video_codec, r.info.audio_codec) == ("h264", "ac3")


def test_mjpeg_avi_is_all_keyframes(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "video/mjpeg_spmp_no_date.avi"),
            str(tmp_path / "m.avi"),
            TrimOptions(start=0.5, end=2.0),
        )
    )
    assert r.start == pytest.approx(7 / 15) and r.info is not None  # the frame at/before 0.5
    assert r.info.frames == 23 and r.info.video_codec == "mjpeg"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("video/edge_sony_a7_xavc_header_only.mp4", ProblemType.TRUNCATED),
        ("video/edge_32_byte.mov", ProblemType.CORRUPT),
        ("video/stub_quicktime.mov", ProblemType.TRUNCATED),
        ("audio/stub_id3.mp3", ProblemType.CORRUPT),
    ],
)
def test_broken_clips_give_a_problem_and_no_output(
    samples: Path, tmp_path: Path, name: str, problem: ProblemType
) -> None:
    out = tmp_path / "out.mp4" if name.startswith("video") else tmp_path / "out.mp3"
    r = trim(str(samples / name), str(out), TrimOptions(start=0.1, end=0.2))
    assert not r.ok and [p.type for p in r.problems] == [problem]
    assert not out.exists() and leftovers(tmp_path) == []


def test_zero_byte_file(tmp_path: Path) -> None:
    empty = tmp_path / "vacío.mov"
    empty.write_bytes(b"")
    r = trim(str(empty), str(tmp_path / "out.mp4"), TrimOptions(end=1))
    assert [p.type for p in r.problems] == [ProblemType.EMPTY] and r.output is None


def test_audio_file_with_a_video_preset_is_refused(samples: Path, tmp_path: Path) -> None:
    with pytest.raises(TrimError, match="solo audio"):
        trim(
            str(samples / "audio/zoom_h4n_bwf_cues.wav"),
            str(tmp_path / "o.mp4"),
            TrimOptions(end=2, preset="reels"),
        )
    with pytest.raises(TrimError, match="preset reels es de video"):
        trim(str(samples / IPHONE), str(tmp_path / "o.mp3"), TrimOptions(preset="reels"))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (5.0, None, "después del final"),
        (1.0, 4.5, "pasa de la duración"),
        (2.0, 1.0, "no es posterior"),
        (-1.0, 2.0, "negativos"),
    ],
)
def test_impossible_times(
    samples: Path, tmp_path: Path, start: float, end: float | None, message: str
) -> None:
    with pytest.raises(TrimError, match=message):
        trim(str(samples / IPHONE), str(tmp_path / "o.mov"), TrimOptions(start=start, end=end))
    assert list(tmp_path.iterdir()) == []


def test_names_with_dash_spaces_accents(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(samples / IPHONE, tmp_path / "-toma ñandú á.mov")
    monkeypatch.chdir(tmp_path)
    r = _ok(trim("-toma ñandú á.mov", "-corte: Iztacalco ñ.mov", TrimOptions(end=1)))
    assert r.output == "-corte: Iztacalco ñ.mov" and (tmp_path / r.output).stat().st_size > 0


def test_existing_output_is_kept_unless_overwrite(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.mov"
    out.write_bytes(b"previous")
    with pytest.raises(TrimError, match="ya existe"):
        trim(str(samples / IPHONE), str(out), TrimOptions(end=1))
    assert out.read_bytes() == b"previous"
    _ok(trim(str(samples / IPHONE), str(out), TrimOptions(end=1, overwrite=True)))
    with pytest.raises(TrimError, match="mismo archivo"):
        trim(str(out), str(out), TrimOptions(end=1, overwrite=True))


# --- sound ----------------------------------------------------------------------------


def test_recorder_wav_to_mp3_with_fades(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "audio/zoom_h4n_bwf_cues.wav"),
            str(tmp_path / "cita.mp3"),
            TrimOptions(start=1, end=4, fade_in=0.5, fade_out=0.5),
        )
    )
    info = r.info
    assert info is not None and (info.audio_codec, info.sample_rate, info.channels) == (
        "mp3",
        48000,
        2,
    )
    assert info.video_codec is None and r.duration == pytest.approx(3.0, abs=0.06)
    assert r.loudness is not None and r.loudness["mode"].startswith("none")  # near silence


def test_bwf_to_wav_keeps_24_bits(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "audio/sounddevices_702t_bwf.wav"),
            str(tmp_path / "a.wav"),
            TrimOptions(start=0.2, end=0.9, normalize=False),
        )
    )
    assert r.info is not None and r.info.audio_codec == "pcm_s24le"
    assert r.duration == pytest.approx(0.7, abs=0.002) and r.loudness is None


def test_clip_sound_to_m4a_with_fade_in_and_loudness(
    clips: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "cita.m4a"
    r = _ok(trim(str(clips["sync"]), str(out), TrimOptions(start=0.5, end=4.0, fade_in=1.0)))
    assert r.info is not None and r.info.audio_codec == "aac" and r.info.video_codec is None
    assert r.duration == pytest.approx(3.5, abs=0.05)
    assert r.loudness is not None and r.loudness["target_lufs"] == -16
    assert beep_times(out) == pytest.approx([2.5], abs=SYNC)
    peaks = _levels(out, [(0.0, 0.1), (1.5, 1.6)])
    assert peaks[0] < peaks[1] / 5  # faded in


def _levels(path: Path, spans: list[tuple[float, float]]) -> list[int]:
    from array import array

    found = [0] * len(spans)
    with av.open(str(path)) as c:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        for frame in c.decode(c.streams.audio[0]):
            for out in resampler.resample(frame):
                samples = array("h", bytes(out.planes[0])[: out.samples * 2])
                for i, (a, b) in enumerate(spans):
                    lo, hi = int((a - out.time) * 48000), int((b - out.time) * 48000)
                    part = samples[max(lo, 0) : max(hi, 0)]
                    if part:
                        found[i] = max(found[i], max(abs(min(part)), max(part)))
    return found


def test_whole_sound_for_transcription(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "video/gopro_max_gpmf_gps.mp4"),
            str(tmp_path / "t.wav"),
            TrimOptions(transcription=True),
        )
    )
    info = r.info
    assert info is not None and (info.audio_codec, info.sample_rate, info.channels) == (
        "pcm_s16le",
        16000,
        1,
    )
    assert r.duration == pytest.approx(10.517, abs=0.05) and r.loudness is None


def test_tiny_mp3_trims(samples: Path, tmp_path: Path) -> None:
    r = _ok(
        trim(
            str(samples / "audio/edge_chirp_id3_bad_year.mp3"),
            str(tmp_path / "c.m4a"),
            TrimOptions(),
        )
    )
    assert r.info is not None and r.info.audio_codec == "aac"
