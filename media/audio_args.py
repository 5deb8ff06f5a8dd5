"""The ffmpeg command lines of an audio trim (recorder WAV, MP3, or a clip's sound), as
pure functions. The output format comes from the output's extension."""

from __future__ import annotations

import os

import ffmpeg as ffmpeg_python

from media.clipinfo import AudioInfo
from media.ffargs import base_args, media_path
from media.timecode import ffmpeg_seconds
from media.trim_args import AudioPlan, audio_chain

AUDIO_EXTS = (".wav", ".mp3", ".m4a")
# Rates every MP3 and AAC encoder takes; others (a 7872 Hz voice recorder) go to 48 kHz.
MPEG_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
TRANSCRIPTION_RATE = 16000  # what speech recognisers (Whisper and the like) work at
_DEEP_PCM = ("pcm_s24le", "pcm_s24be", "pcm_s32le", "pcm_s32be", "pcm_f32le", "pcm_f64le")


def is_audio_output(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in AUDIO_EXTS


def output_format(
    out: str, audio: AudioInfo, transcription: bool = False
) -> tuple[int, int, dict[str, str]]:
    """Rate, channels and encoder options for ``out``: WAV keeps 24-bit depth when the
    recorder used it, MP3 and M4A are 192k stereo or 128k mono; ``transcription`` is
    16 kHz mono 16-bit WAV."""
    ext = os.path.splitext(out)[1].lower()
    if transcription:
        return TRANSCRIPTION_RATE, 1, {"c:a": "pcm_s16le"}
    rate = audio.sample_rate if audio.sample_rate in MPEG_RATES else 48000
    channels = min(max(audio.channels, 1), 2)
    if ext == ".wav":
        codec = "pcm_s24le" if audio.codec in _DEEP_PCM else "pcm_s16le"
        return rate, channels, {"c:a": codec}
    bitrate = "192k" if channels == 2 else "128k"
    if ext == ".mp3":
        return rate, channels, {"c:a": "libmp3lame", "b:a": bitrate}
    return rate, channels, {"c:a": "aac", "b:a": bitrate, "movflags": "+faststart"}


def audio_args(
    ffmpeg: str,
    src: str,
    out: str,
    audio: AudioInfo,
    start: float,
    duration: float,
    plan: AudioPlan,
    transcription: bool = False,
) -> list[str]:
    """Trim ``start`` .. ``start + duration`` of one audio stream, with the plan's
    loudness and fades, into the format ``out``'s extension names. Video, cover art and
    data tracks are left out; tags (title, date) are kept."""
    rate, channels, codec = output_format(out, audio, transcription)
    inp = ffmpeg_python.input(media_path(src), ss=ffmpeg_seconds(start), t=ffmpeg_seconds(duration))
    a = audio_chain(inp[str(audio.index)], plan, duration, rate)
    opts = {**codec, "ac": str(channels)}
    return [
        *base_args(ffmpeg),
        *ffmpeg_python.get_args(ffmpeg_python.output(a, media_path(out), **opts)),
    ]
