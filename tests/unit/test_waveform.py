"""Waveforms for the trim view: peaks read once, cached on disk, fitted to any width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import media.waveform as waveform_module
from media.frames import NoPicture
from media.waveform import MAX_SLICES, MIN_SLICES, Waveform, load_waveform, slices_for

ZOOM = "audio/zoom_h4n_bwf_cues.wav"


@pytest.fixture(autouse=True)
def fresh_memory() -> None:
    waveform_module._memory.clear()


def test_slices_are_bounded_whatever_the_length() -> None:
    assert slices_for(0.0) == MIN_SLICES
    assert slices_for(10.0) == 500
    assert slices_for(3 * 3600) == MAX_SLICES


def test_fit_keeps_the_extremes_under_each_column() -> None:
    wave = Waveform(4.0, ((-0.1, 0.1), (-0.9, 0.2), (-0.2, 0.8), (0.0, 0.0)))
    assert wave.fit(2) == [(-0.9, 0.2), (-0.2, 0.8)]
    assert wave.fit(8)[:3] == [(-0.1, 0.1), (-0.1, 0.1), (-0.9, 0.2)]
    assert wave.fit(0) == []


def test_a_take_is_read_once_then_comes_from_the_cache(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    take = tmp_path / "take.wav"
    take.write_bytes((samples / ZOOM).read_bytes())
    wave = load_waveform(str(take), str(tmp_path / "cache"))
    assert wave.duration == pytest.approx(5.055, abs=0.01)
    assert len(wave.peaks) == slices_for(wave.duration)
    assert all(-1.0 <= low <= high <= 1.0 for low, high in wave.peaks)
    [cached] = (tmp_path / "cache" / "waveforms").iterdir()

    def no_decoding(path: str) -> Waveform:
        raise AssertionError("decoded again")

    monkeypatch.setattr(waveform_module, "_compute", no_decoding)
    waveform_module._memory.clear()
    again = load_waveform(str(take), str(tmp_path / "cache"))  # from the disk cache
    assert again.duration == wave.duration and len(again.peaks) == len(wave.peaks)
    assert load_waveform(str(take), str(tmp_path / "cache")) is again  # from memory

    monkeypatch.undo()
    os.utime(take, (1, 1))  # the file changed: read it again
    fresh = load_waveform(str(take), str(tmp_path / "cache"))
    [newest] = set((tmp_path / "cache" / "waveforms").iterdir()) - {cached}
    newest.write_text("{not json")  # a damaged cache entry costs time, not a result
    waveform_module._memory.clear()
    assert len(load_waveform(str(take), str(tmp_path / "cache")).peaks) == len(fresh.peaks)
    assert json.loads(newest.read_text())["version"] == waveform_module.VERSION


def test_a_cache_that_cannot_be_written_still_gives_the_waveform(
    samples: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    wave = load_waveform(str(samples / ZOOM), str(blocker))
    assert len(wave.peaks) >= MIN_SLICES


def test_video_sound_and_files_without_sound(samples: Path, tmp_path: Path) -> None:
    clip = load_waveform(str(samples / "video/apple_iphone6_gps_rot90.mov"), str(tmp_path))
    assert clip.duration == pytest.approx(4.0, abs=0.05)
    assert max(high for _, high in clip.peaks) > 0
    with pytest.raises(NoPicture, match="no tiene audio"):
        load_waveform(str(samples / "photos/burst/nikon_d70s_burst_1.jpg"), str(tmp_path))
    with pytest.raises(NoPicture):
        load_waveform(str(samples / "video/edge_32_byte.mov"), str(tmp_path))
    with pytest.raises(NoPicture, match="no se puede leer"):
        load_waveform(str(tmp_path / "missing.wav"), str(tmp_path))
