"""Kill ``main.py ingest`` with SIGKILL at random moments, resume, and check the library.

Used by ``tests/unit/test_faults.py``; also runs by hand and prints its figures as JSON:

    python tests/kill_resume.py --kills 20 --seed 7 [--work DIR]

Each round starts ``python main.py ingest SRC --library LIB --json`` and kills it with
SIGKILL by one of three schedules, in turn, with random parameters (fixed seed):

- ``delay``: after a random time since the start (start-up, scan, probe, copy or commit);
- ``lines``: a random moment after the k-th ``{"type": "file"}`` line (between files);
- ``temp``:  as soon as a temporary ``.part`` file shows up in the library (mid-copy).

Before each round the card may grow by a file or two (a camera still shooting), so
later rounds still have copies to interrupt. ``delay`` and ``lines`` also have a random
deadline below the length of the last complete run (``temp`` a later one), so rounds
keep ending in a kill once little is left to copy. After each kill the library must
still verify and its catalogs must hold no duplicate. A round in which the ingest
finished before the kill does not count as a kill.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import xxhash  # noqa: E402

from media.atomic import TMP_PREFIX  # noqa: E402
from media.catalog import read_items, read_manifest  # noqa: E402
from media.library import STATE_DIR, event_folders  # noqa: E402
from media.verify import verify_library  # noqa: E402

SAMPLE_PICKS = (
    # (sample path relative to the samples folder, name on the fake card)
    ("photos/jpeg/canon_eos_7d.jpg", "DCIM/100CANON/IMG_0001.JPG"),
    ("photos/jpeg/canon_powershot_a85_orient8.jpg", "DCIM/100CANON/IMG_0002.JPG"),
    ("photos/jpeg/samsung_sm-g965w_12mp.jpg", "DCIM/100CANON/IMG_0003.JPG"),
    ("photos/jpeg/sony_dsc-hx5v_gps.jpg", "DCIM/100CANON/IMG_0004.JPG"),
    ("photos/jpeg/htc_desire_gps.jpg", "DCIM/100CANON/IMG_0005.JPG"),
    ("photos/jpeg/apple_iphone4_gps.jpg", "DCIM/100CANON/IMG_0006.JPG"),
    ("photos/jpeg/samsung_sm-j327t1_orient6.jpg", "DCIM/100CANON/IMG_0007.JPG"),
    ("photos/jpeg/edge_nikon_e885_zero_date.jpg", "DCIM/100CANON/IMG_0008.JPG"),
    ("photos/jpeg/edge_iphone_xr_1x1_truncated.jpg", "DCIM/100CANON/IMG_0009.JPG"),
    ("photos/burst/nikon_d70s_burst_1.jpg", "DCIM/101NIKON/DSC_0001.JPG"),
    ("photos/burst/nikon_d70s_burst_2.jpg", "DCIM/101NIKON/DSC_0002.JPG"),
    ("photos/burst/nikon_d70s_burst_3.jpg", "DCIM/101NIKON/DSC_0003.JPG"),
    ("photos/burst/nikon_d70s_burst_4.jpg", "DCIM/101NIKON/DSC_0004.JPG"),
    ("photos/blur/honor7x_176_S_sharp.jpg", "DCIM/102HONOR/IMG_0176.JPG"),
    ("video/android_6.0.1_gps.mp4", "DCIM/Camera/VID_0001.MP4"),
    ("video/gopro_max_gpmf_gps.mp4", "DCIM/100GOPRO/GS010001.MP4"),
    ("video/ios_screen_recording_hevc.mp4", "DCIM/Camera/VID_0002.MP4"),
    ("video/apple_iphone6_gps_rot90.mov", "DCIM/Camera/IMG_0100.MOV"),
    ("video/sony_a7m3_avchd.mts", "PRIVATE/AVCHD/BDMV/STREAM/00000.MTS"),
    ("audio/sounddevices_702t_bwf.wav", "ZOOM0001/ZOOM0001.WAV"),
    ("audio/zoom_h4n_bwf_cues.wav", "ZOOM0002/ZOOM0002.WAV"),
    ("audio/soundgrinder_no_date.wav", "ZOOM0003/ZOOM0003.WAV"),
)


PHOTO_HEADS = (
    "photos/jpeg/canon_eos_7d.jpg",
    "photos/jpeg/sony_dsc-hx5v_gps.jpg",
    "photos/jpeg/samsung_sm-g965w_12mp.jpg",
)
CLIP_HEADS = ("video/android_6.0.1_gps.mp4", "video/ios_screen_recording_hevc.mp4")


def media_like(head: bytes, payload: bytes, clip: bool) -> bytes:
    """A real file followed by ``payload``: after a JPEG's end marker, or in an MP4 ``free``
    box, so probing reads the real header and stops (as on a real card) while the size
    and the content are the payload's."""
    if clip:
        return head + (8 + len(payload)).to_bytes(4, "big") + b"free" + payload
    return head + payload


def build_source(samples: Path, dest: Path, seed: int, generated: int = 18) -> Path:
    """A fake card: real samples plus ``generated`` larger files of unique random bytes.

    The generated files (1-4 MB, .JPG and .MP4 with a real header, one clip with an XMP
    sidecar, two clips of pure noise) make copies last long enough for kills to land in
    the middle of one.
    """
    rng = random.Random(seed)
    for rel_sample, rel in SAMPLE_PICKS:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(samples / rel_sample, target)
    for i in range(generated):
        clip = i % 3 != 0
        stem = f"MVI_{9000 + i:04d}.MP4" if clip else f"IMG_{9000 + i:04d}.JPG"
        target = dest / "DCIM/100CANON" / stem
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = rng.randbytes(rng.randint(1_000_000, 4_000_000))
        if i < 2:  # noise: probing says "corrupt", the file is still copied
            target.write_bytes(payload)
            continue
        heads = CLIP_HEADS if clip else PHOTO_HEADS
        head = (samples / heads[i % len(heads)]).read_bytes()
        target.write_bytes(media_like(head, payload, clip))
    sidecar = dest / "DCIM/100CANON/MVI_9004.XMP"
    sidecar.write_text(
        '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<rdf:RDF><!-- {rng.random()} --></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    return dest


def grow_source(source: Path, rng: random.Random, n: int) -> None:
    """Add ``n`` new clips of unique random bytes (0.5-3 MB, a real MP4 header) to the card."""
    folder = source / "DCIM" / "103GROW"
    folder.mkdir(parents=True, exist_ok=True)
    head = (source / "DCIM/Camera/VID_0001.MP4").read_bytes()
    start = len(list(folder.iterdir()))
    for i in range(start, start + n):
        payload = rng.randbytes(rng.randint(500_000, 3_000_000))
        (folder / f"MVI_{i:04d}.MP4").write_bytes(media_like(head, payload, clip=True))


def content_hashes(source: Path) -> dict[str, str]:
    """xxh3-128 of every file of the source (``relative path -> hash``)."""
    out = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            out[path.relative_to(source).as_posix()] = xxhash.xxh3_128(
                path.read_bytes()
            ).hexdigest()
    return out


def temporaries(library: Path) -> list[str]:
    """Temporary files anywhere in the library (copies in flight, atomic writes)."""
    found = []
    for folder, _dirs, names in os.walk(library):
        for name in names:
            if name.startswith(TMP_PREFIX) or name.endswith(".part"):
                found.append(os.path.relpath(os.path.join(folder, name), library))
    return found


def catalog_state(library: Path) -> dict[str, Any]:
    """Catalog items, their duplicates, and the library's files that no manifest lists."""
    items: list[dict[str, Any]] = []
    listed: set[str] = set()
    for folder in event_folders(str(library)):
        items.extend(read_items(folder))
        try:
            entries = read_manifest(folder)
        except FileNotFoundError:
            entries = []
        for _digest, rel in entries:
            listed.add(os.path.relpath(os.path.join(folder, rel), library).replace(os.sep, "/"))
    hashes = [i["hash"] for i in items] + [s["hash"] for i in items for s in i["sidecars"]]
    paths = [i["path"] for i in items] + [s["path"] for i in items for s in i["sidecars"]]
    on_disk = []
    for folder, dirs, names in os.walk(library):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), library).replace(os.sep, "/")
            on_disk.append(rel)
    return {
        "items": items,
        "hashes": hashes,
        "paths": paths,
        "duplicate_hashes": sorted({h for h in hashes if hashes.count(h) > 1}),
        "duplicate_paths": sorted({p for p in paths if paths.count(p) > 1}),
        "unlisted": sorted(set(on_disk) - listed),
        "on_disk": sorted(on_disk),
    }


def ingest_command(source: Path, library: Path) -> list[str]:
    return [sys.executable, "main.py", "ingest", str(source), "--library", str(library), "--json"]


class _Child:
    """An ingest child whose JSON lines a thread drains (so it never blocks on a full pipe)."""

    def __init__(self, source: Path, library: Path) -> None:
        self.proc = subprocess.Popen(
            ingest_command(source, library),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                continue
        self.lines.put(None)

    def running(self) -> bool:
        return self.proc.poll() is None

    def wait_file_lines(self, k: int, deadline: float) -> None:
        """Return after the k-th file line, the end of the output, or at ``deadline``."""
        seen = 0
        while seen < k and time.monotonic() < deadline:
            try:
                obj = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if obj is None:
                return
            if obj.get("type") == "file":
                seen += 1

    def kill(self) -> bool:
        """SIGKILL the child; False when it had already finished."""
        if not self.running():
            self.proc.wait()
            return False
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.thread.join(timeout=5)
        return self.proc.returncode == -signal.SIGKILL


def _wait_for_temporary(library: Path, child: _Child, old: set[str], deadline: float) -> bool:
    """Wait for a copy in flight (a new ``.part`` file); False if the child ended or
    ``deadline`` came first."""
    while child.running() and time.monotonic() < deadline:
        if any(t.endswith(".part") and t not in old for t in temporaries(library)):
            return True
        time.sleep(0.002)
    return False


def kill_and_resume(
    source: Path,
    library: Path,
    kills: int = 20,
    seed: int = 1234,
    max_rounds: int = 60,
    grow: bool = True,
) -> dict[str, Any]:
    """Kill ``kills`` ingest runs at random moments; check the library after each kill.

    Returns figures and any invariant broken between kills (``broken``, empty when fine).
    """
    rng = random.Random(seed)
    rounds: list[dict[str, Any]] = []
    broken: list[str] = []
    done = 0
    horizon = 3.0  # seconds; becomes the length of the last run that was not killed
    while done < kills and len(rounds) < max_rounds:
        how = ("temp", "delay", "lines")[len(rounds) % 3]
        if grow:
            grow_source(source, rng, rng.choice((0, 1, 1, 2, 2)))
        before = set(temporaries(library))  # left by the previous kill; swept at start
        started = time.monotonic()
        saw = False
        child = _Child(source, library)
        if how == "delay":
            deadline = started + rng.uniform(0.05, horizon)
            while child.running() and time.monotonic() < deadline:
                time.sleep(0.005)
        elif how == "lines":
            child.wait_file_lines(rng.randint(1, 30), started + rng.uniform(0.05, 1.5 * horizon))
            time.sleep(rng.uniform(0, 0.05))
        else:
            saw = _wait_for_temporary(library, child, before, started + 2 * horizon + 1)
            time.sleep(rng.choice((0.0, 0.0, rng.uniform(0, 0.02))))
        killed = child.kill()
        if not killed:
            horizon = max(0.3, 0.9 * (time.monotonic() - started))
        left = [t for t in temporaries(library) if t not in before]
        rounds.append(
            {
                "how": how,
                "killed": killed,
                "after_s": round(time.monotonic() - started, 3),
                "saw_copy": saw,
                "new_temporaries_left": len(left),
                "exit": child.proc.returncode,
            }
        )
        if not killed:
            continue
        done += 1
        # Invariants that must hold at every moment, not only after the last run.
        state = catalog_state(library)
        if state["duplicate_hashes"] or state["duplicate_paths"]:
            broken.append(
                f"round {len(rounds)} ({how}): duplicates {state['duplicate_hashes']} "
                f"{state['duplicate_paths']}"
            )
        if library.is_dir():
            verified = verify_library(str(library))
            if not verified.ok:
                broken.append(
                    f"round {len(rounds)} ({how}): verify mismatched {verified.mismatched} "
                    f"missing {verified.missing} manifests {verified.unreadable_manifests}"
                )
    return {
        "kills": done,
        "rounds": rounds,
        "mid_copy_kills": sum(1 for r in rounds if r["killed"] and r["new_temporaries_left"]),
        "broken": broken,
    }


def run_ingest(source: Path, library: Path) -> tuple[int, list[dict[str, Any]]]:
    """One complete ingest; its exit status and JSON lines."""
    done = subprocess.run(
        ingest_command(source, library), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--work", help="work folder (default: a new temporary folder)")
    parser.add_argument(
        "--samples",
        default=os.environ.get("COBERTURA_SAMPLES", str(ROOT.parent / "shared/samples")),
    )
    args = parser.parse_args(argv)
    import tempfile

    work = Path(args.work or tempfile.mkdtemp(prefix="cobertura-kill-"))
    source = build_source(Path(args.samples), work / "card", args.seed)
    library = work / "library"
    figures = kill_and_resume(source, library, args.kills, args.seed)
    code, lines = run_ingest(source, library)
    figures["final_exit"] = code
    figures["final_summary"] = lines[-1] if lines else None
    figures["temporaries_after"] = temporaries(library)
    state = catalog_state(library)
    figures["items"] = len(state["items"])
    figures["unlisted"] = state["unlisted"]
    figures["missing_content"] = sorted(set(content_hashes(source).values()) - set(state["hashes"]))
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
