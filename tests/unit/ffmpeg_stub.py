"""A stand-in for ffmpeg, for tests of the failure paths (as beets' ``convert_stub.py``).

Run through a small wrapper script (see ``trim_support.stub_executable``), it reads what to
do from ``COBERTURA_STUB_MODE``:

- ``ok``: write ``-progress`` blocks up to the ``-t`` duration (or 2 s), write the output
  file, exit 0.
- ``fail``: start writing the output, print three ffmpeg-style error lines, exit 1.
- ``empty``: exit 0 without writing anything.
- ``hang``: start the output, report some progress, then wait; on SIGINT print
  ffmpeg's "Exiting normally" and exit 255, as ffmpeg does.
- ``stubborn``: like ``hang`` but ignore SIGINT, so only terminate stops it.

Each run appends its argument list as a JSON line to ``COBERTURA_STUB_LOG`` when set.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def _duration_us(args: list[str]) -> int:
    if "-t" in args:
        try:
            return int(float(args[args.index("-t") + 1]) * 1_000_000)
        except (IndexError, ValueError):
            pass
    return 2_000_000


def _progress(out_us: int, end: bool) -> None:
    sys.stdout.write(
        f"frame=1\nout_time_us={out_us}\nout_time_ms={out_us}\nspeed=2.0x\n"
        f"progress={'end' if end else 'continue'}\n"
    )
    sys.stdout.flush()


def main(args: list[str]) -> int:
    mode = os.environ.get("COBERTURA_STUB_MODE", "ok")
    log = os.environ.get("COBERTURA_STUB_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(args) + "\n")
    output = args[-1] if args and args[-1] != "-" else None
    total = _duration_us(args)
    if mode == "empty":
        return 0
    if output:
        with open(output, "wb") as fh:
            fh.write(b"\0" * 1024)  # a partial file, as a real ffmpeg leaves one
    if mode == "ok":
        for step in range(1, 5):
            _progress(total * step // 4, step == 4)
        return 0
    if mode == "fail":
        sys.stderr.write(
            "[in#0 @ 0x1] moov atom not found\n"
            "[in#0 @ 0x1] Error opening input: Invalid data found when processing input\n"
            "Error opening input files: Invalid data found when processing input\n"
        )
        return 1
    if mode == "stubborn":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:

        def interrupted(signum: int, frame: object) -> None:
            sys.stderr.write("Exiting normally, received signal 2.\n")
            sys.stderr.flush()
            sys.exit(255)

        signal.signal(signal.SIGINT, interrupted)
    _progress(total // 10, False)
    while True:
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
