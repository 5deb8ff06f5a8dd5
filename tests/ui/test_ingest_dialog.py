"""The ingest dialog: plan, copy on a worker, the verdict, cancel, and a GUI that never freezes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from media.culling import event_items
from media.library import event_folders
from media.locking import LibraryBusy
from ui.ingest_child import picklable
from ui.ingest_job import NOT_SAFE, SAFE, IngestJob

pytest_plugins = ("window_fixtures",)  # demo_library, open_window


def _card(tmp_path: Path, samples: Path) -> Path:
    """A small camera card made of real sample files."""
    dcim = tmp_path / "tarjeta" / "DCIM" / "100CANON"
    dcim.mkdir(parents=True)
    for rel in (
        "photos/burst/nikon_d70s_burst_1.jpg",
        "photos/burst/nikon_d70s_burst_2.jpg",
        "photos/jpeg/canon_powershot_a85_orient8.jpg",
        "video/apple_iphone6_gps_rot90.mov",
    ):
        shutil.copy2(samples / rel, dcim)
    (tmp_path / "tarjeta" / ".Trashes").mkdir()
    (tmp_path / "tarjeta" / ".Trashes" / "basura.jpg").write_bytes(b"x")
    return tmp_path / "tarjeta"


@pytest.mark.parametrize("in_child", [True, False], ids=["child-process", "worker-thread"])
def test_ingest_shows_the_plan_then_says_the_card_is_safe_to_format(
    qtbot, library: Path, samples: Path, tmp_path: Path, open_window, monkeypatch, in_child: bool
) -> None:
    monkeypatch.setattr(IngestJob, "in_child", in_child)
    card = _card(tmp_path, samples)
    window = open_window(library, title=None)
    assert window.event_panel.model.events == []
    dialog = window.open_ingest_dialog(str(card))
    qtbot.waitUntil(lambda: dialog.scan_result is not None, timeout=10_000)
    assert "3 fotos · 1 video" in dialog.plan.text()
    assert dialog.start_button.isEnabled()

    job = dialog.start_ingest()
    assert job is not None
    qtbot.waitUntil(lambda: dialog.verdict_text() != "", timeout=30_000)
    assert dialog.verdict_text().startswith(SAFE)
    assert NOT_SAFE not in dialog.verdict_text()
    assert job.report is not None and job.report.count("copied") == 4
    assert dialog.bar.value() == 1000
    row = window.jobs.rows()[0]
    assert row.detail.text().startswith(SAFE)
    assert row.cancel_button.text() == "Quitar"
    # The event list refreshes by itself and the files are in the library's catalogs.
    qtbot.waitUntil(lambda: len(window.event_panel.model.events) >= 1, timeout=10_000)
    copied = [i for f in event_folders(str(library)) for i in event_items(f)]
    assert sorted(i["original_name"] for i in copied) == [
        "apple_iphone6_gps_rot90.mov",
        "canon_powershot_a85_orient8.jpg",
        "nikon_d70s_burst_1.jpg",
        "nikon_d70s_burst_2.jpg",
    ]


# A separate process ticking beside the GUI: when it too missed its ticks, the whole machine
# stalled (this 2-core machine is shared), which says nothing about the app's event loop.
_CONTROL_TICKER = """
import sys, time
end = time.monotonic() + float(sys.argv[1])
last = time.monotonic()
while time.monotonic() < end:
    time.sleep(0.01)
    now = time.monotonic()
    if now - last > 0.05:
        print(last, now, flush=True)
    last = now
"""


def _machine_stalls(control: subprocess.Popen[str]) -> list[tuple[float, float]]:
    control.terminate()
    out, _ = control.communicate(timeout=10)
    return [(float(a), float(b)) for a, b in (line.split() for line in out.splitlines())]


def _gui_freezes(
    ticks: list[float], started: float, stalls: list[tuple[float, float]]
) -> list[float]:
    """Gaps between the GUI timer's ticks, leaving out those the control process shared."""
    gaps = []
    for a, b in zip([started, *ticks], ticks, strict=False):
        shared = sum(max(0.0, min(b, s_end) - max(a, s_start)) for s_start, s_end in stalls)
        gaps.append(b - a - shared)
    return gaps


def test_event_loop_keeps_answering_during_an_ingest_of_the_samples(
    qtbot, library: Path, samples: Path, open_window
) -> None:
    window = open_window(library, title=None)
    dialog = window.open_ingest_dialog(str(samples))
    qtbot.waitUntil(lambda: dialog.scan_result is not None, timeout=10_000)
    ticks: list[float] = []
    control = subprocess.Popen(
        [sys.executable, "-c", _CONTROL_TICKER, "120"], stdout=subprocess.PIPE, text=True
    )
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    dialog.start_ingest()
    qtbot.waitUntil(lambda: dialog.verdict_text() != "", timeout=60_000)
    # Keep measuring while the grid opens a new event and makes its thumbnails.
    qtbot.waitUntil(lambda: window.items_loaded_for is not None, timeout=10_000)
    qtbot.waitUntil(
        lambda: window.model.thumbnails_answered() >= min(4, window.model.rowCount()),
        timeout=20_000,
    )
    timer.stop()
    gaps = _gui_freezes(ticks, started, _machine_stalls(control))
    assert len(ticks) > 50, "the timer hardly ran"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    assert max(gaps) < 0.1, f"the GUI froze for {max(gaps) * 1000:.0f} ms (load {load:.1f})"
    # README.md, LICENSE-SOURCES.md and truth.json are not media: they stay on the "card".
    assert dialog.verdict_text().startswith(NOT_SAFE)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("truth.json: no es foto, video ni audio" in p for p in problems)
    assert dialog.job is not None and dialog.job.report is not None
    assert dialog.job.report.count("copied") == 60


def test_cancel_stops_the_copy_and_the_card_is_not_safe(
    qtbot, library: Path, samples: Path, open_window
) -> None:
    window = open_window(library, title=None)
    dialog = window.open_ingest_dialog(str(samples))
    qtbot.waitUntil(lambda: dialog.scan_result is not None, timeout=10_000)
    job = dialog.start_ingest()
    assert job is not None and dialog.cancel_button.isEnabled()
    dialog.cancel_ingest()
    assert job.token.cancelled
    qtbot.waitUntil(lambda: dialog.verdict_text() != "", timeout=30_000)
    assert dialog.verdict_text().startswith(NOT_SAFE)
    assert "cancel" in dialog.verdict_text()
    assert not dialog.cancel_button.isEnabled()


def test_a_missing_source_cannot_be_started(qtbot, library: Path, open_window) -> None:
    window = open_window(library, title=None)
    dialog = window.open_ingest_dialog(str(library / "no-existe"))
    assert dialog.plan.text().startswith("No existe:")
    assert not dialog.start_button.isEnabled()


def test_errors_cross_from_the_child_process_as_they_are() -> None:
    busy = picklable(LibraryBusy("/biblioteca/.cobertura/ingest.lock"))
    assert isinstance(busy, LibraryBusy)

    class Odd(Exception):
        def __init__(self) -> None:
            super().__init__("raro")
            self.callback = lambda: None  # cannot be pickled

    odd = picklable(Odd())
    assert isinstance(odd, RuntimeError) and "Odd: raro" in str(odd)
