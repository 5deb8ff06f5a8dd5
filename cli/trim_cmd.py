"""``python main.py trim INPUT --start T --end T [--preset NAME] [--accurate] -o OUT``"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from typing import TextIO

from cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEMS,
    human_bytes,
    human_duration,
    print_json,
    say,
)
from media.models import CancelToken
from media.presets import PRESETS, Fit
from media.timecode import TimeError, format_time, parse_time
from media.tools import ToolNotFound
from media.trim import TrimError, TrimOptions, TrimResult, describe, trim
from media.trim_args import POSITIONS

DESCRIPTION = """\
Recorta un clip con ffmpeg, o su audio.

Modos (según las opciones y la extensión de la salida):
  sin preset        sin pérdida (copia): empieza en el cuadro clave anterior o igual al
                    inicio pedido; informa el inicio y el final reales. Rápido.
  --accurate        recodifica (H.264 + AAC): exacto al cuadro.
  --preset NOMBRE   versión para una red social o la web (recodifica, exacto al cuadro):
                    tamaño, cuadros por segundo, logo opcional y sonoridad normalizada.
  -o X.wav|.mp3|.m4a  solo el audio (grabadora WAV o MP3, o el sonido de un clip), con
                    fundidos y sonoridad a -16 LUFS (voz); --transcription da el audio
                    completo en WAV 16 kHz mono para transcribir.

Tiempos: segundos (83.5) o HH:MM:SS.mmm (00:01:23.500). Sin --start empieza al
principio; sin --end llega al final. Un nombre que empieza con guion va como ./-clip.mov.
Salida: 0 listo, 1 problemas con el clip o con ffmpeg, 2 no se pudo ejecutar (argumentos
o tiempos inválidos, archivo inexistente, salida ya existente, ffmpeg no encontrado).
"""


def _presets_epilog() -> str:
    lines = ["presets:"]
    for preset in PRESETS.values():
        limits = ", ".join(f"{lim.platform} {human_duration(lim.seconds)}" for lim in preset.limits)
        lines.append(
            f"  {preset.name:<9} {preset.label}; {preset.lufs:g} LUFS"
            + (f"; límite: {limits}" if limits else "")
        )
    return "\n".join(lines)


def _time(text: str) -> float:
    try:
        return parse_time(text)
    except TimeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"no es un número: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("va de 0 a 1 (por ejemplo 0.15)")
    return value


def _seconds(text: str) -> float:
    value = _time(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("debe ser mayor que cero")
    return value


def _loudness(text: str) -> float | str:
    if text.strip().lower() in ("off", "no", "none"):
        return "off"
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("LUFS (por ejemplo -14, -16 o -23) u 'off'") from None
    if not -70 <= value <= -5:
        raise argparse.ArgumentTypeError("la sonoridad va de -70 a -5 LUFS")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trim",
        help="recortar un clip o su audio, o exportarlo para redes sociales (ffmpeg)",
        description=DESCRIPTION,
        epilog=_presets_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT", help="clip de video, WAV o MP3")
    p.add_argument("--start", type=_time, metavar="T", help="inicio (por omisión 0)")
    p.add_argument("--end", type=_time, metavar="T", help="final (por omisión, el del clip)")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="archivo de salida")
    p.add_argument(
        "--preset",
        type=str.lower,
        choices=sorted(PRESETS),
        metavar="NOMBRE",
        help=f"versión para: {', '.join(PRESETS)}",
    )
    p.add_argument("--accurate", action="store_true", help="recodificar: corte exacto al cuadro")
    p.add_argument(
        "--fit",
        choices=[f.value for f in Fit],
        default=Fit.BLUR.value,
        help="cómo llenar un cuadro de otra forma (reels, square, x): crop recorta "
        "al centro, blur pone el fondo desenfocado, pad barras negras "
        "(por omisión blur)",
    )
    p.add_argument(
        "--logo",
        metavar="IMAGEN",
        help="logo o marca de agua: una ruta, o un nombre en resources/logos/",
    )
    p.add_argument("--logo-position", choices=POSITIONS, default="top-right")
    p.add_argument(
        "--logo-size",
        type=_fraction,
        default=0.15,
        metavar="F",
        help="ancho del logo como fracción del ancho del cuadro (0.15)",
    )
    p.add_argument("--logo-opacity", type=_fraction, default=0.85, metavar="F")
    p.add_argument(
        "--loudness",
        type=_loudness,
        metavar="LUFS",
        help="sonoridad integrada (EBU R128): -14 redes y web (por omisión en los "
        "presets), -16 voz (por omisión en audio), -23 radiodifusión, u 'off'",
    )
    p.add_argument("--fade-in", type=_time, default=0.0, metavar="S", help="fundido de entrada")
    p.add_argument("--fade-out", type=_time, default=0.0, metavar="S", help="fundido de salida")
    p.add_argument(
        "--transcription",
        action="store_true",
        help="audio para transcribir: WAV 16 kHz mono, todo el clip por omisión",
    )
    p.add_argument("--overwrite", action="store_true", help="reemplazar la salida si ya existe")
    p.add_argument(
        "--timeout",
        type=_seconds,
        metavar="S",
        help="tiempo máximo de cada paso de ffmpeg (por omisión 120 s + 10 s por "
        "segundo de salida)",
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="mostrar cada comando de ffmpeg, listo para pegar en una terminal",
    )
    p.add_argument("--json", action="store_true", help="resultado como un objeto JSON")
    p.set_defaults(func=run)


class TimeLeftBar:
    """Fraction done and time left on a terminal; silent when not a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < total):
            return
        self.last = now
        frac = done / total if total else 1.0
        elapsed = now - self.start
        left = elapsed * (1 - frac) / frac if frac > 0.01 else None
        bar = "#" * int(frac * 30)
        left_text = human_duration(left) if left is not None else "--:--"
        self.stream.write(f"\r[{bar:<30}] {frac:6.1%} quedan {left_text}   ")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _options(args: argparse.Namespace) -> TrimOptions:
    lufs = args.loudness
    return TrimOptions(
        start=args.start,
        end=args.end,
        accurate=args.accurate,
        preset=args.preset,
        fit=Fit(args.fit),
        logo=args.logo,
        logo_position=args.logo_position,
        logo_size=args.logo_size,
        logo_opacity=args.logo_opacity,
        lufs=lufs if isinstance(lufs, float) else None,
        normalize=lufs != "off",
        fade_in=args.fade_in,
        fade_out=args.fade_out,
        transcription=args.transcription,
        overwrite=args.overwrite,
        timeout=args.timeout,
    )


def _report(result: TrimResult) -> None:
    for problem in result.problems:
        say(f"  {describe(problem)}")
    if result.output is None or result.info is None:
        say("No se escribió ninguna salida.")
        return
    info = result.info
    start, end = result.start or 0.0, result.end or 0.0
    note = ""
    if result.requested_start is not None and abs(start - result.requested_start) > 0.0005:
        why = "cuadro clave anterior" if result.mode == "lossless" else "primer cuadro"
        note = f" (pedido {format_time(result.requested_start)}: {why})"
    picture = f"{info.width}x{info.height} {info.video_codec}, " if info.video_codec else ""
    say(
        f"Listo ({result.mode}{' ' + result.preset if result.preset else ''}): {result.output}\n"
        f"  de {format_time(start)}{note} a {format_time(end)}, dura {end - start:.3f} s; "
        f"{picture}{info.audio_codec or 'sin audio'}; {human_bytes(info.size)} "
        f"en {result.elapsed:.1f} s"
    )


def run(args: argparse.Namespace) -> int:
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    bar = TimeLeftBar()
    try:
        result = trim(args.input, args.output, _options(args), bar, cancel)
    except (TrimError, ToolNotFound, ValueError) as exc:
        bar.finish()
        if args.json:
            print_json({"ok": False, "input": args.input, "output": None, "error": str(exc)})
        say(f"No se pudo recortar: {exc}")
        return EXIT_CANNOT_RUN
    finally:
        signal.signal(signal.SIGINT, previous)
    bar.finish()
    if args.json:
        print_json(result.to_json())
    _report(result)
    return EXIT_OK if result.ok else EXIT_PROBLEMS
