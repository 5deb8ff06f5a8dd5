"""Cards appear by themselves: a banner with what is on the card, Importar…, and the banner
goes when the card does. A temporary folder stands in for the mount root."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from media.card_detect import CARD_ROOTS_ENV
from ui.card_watch import CardWatcher

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

BURST = [f"photos/burst/nikon_d70s_burst_{n}.jpg" for n in (1, 2, 3, 4)]


def _make_card(where: Path, samples: Path) -> Path:
    """A camera card of real samples: the demo burst (2010-03-01, 21:5x) and a phone clip."""
    folder = where / "DCIM" / "100NIKON"
    folder.mkdir(parents=True)
    for rel in BURST:
        shutil.copy2(samples / rel, folder)
    shutil.copy2(samples / "video/apple_iphone6_gps_rot90.mov", folder)
    return where


def test_a_card_put_in_shows_the_banner_and_taking_it_out_clears_it(
    qtbot, demo_library: Path, samples: Path, tmp_path: Path, open_window, monkeypatch
) -> None:
    root = tmp_path / "media" / "ana"
    root.mkdir(parents=True)
    monkeypatch.setenv(CARD_ROOTS_ENV, str(root))
    window = open_window(demo_library, title=None)
    banner = window.card_banner
    assert window.card_watcher.roots == [str(root)]
    assert banner.isHidden() and banner.rows == {}

    card = _make_card(tmp_path / "staging" / "NIKON D70", samples)
    inserted = time.monotonic()
    card.rename(root / "NIKON D70")  # the way a mount appears: all at once
    card = root / "NIKON D70"
    qtbot.waitUntil(lambda: str(card) in banner.rows, timeout=5000)
    row = banner.rows[str(card)]
    qtbot.waitUntil(lambda: "4 fotos · 1 video" in row.plain_text(), timeout=5000)
    shown_after = time.monotonic() - inserted
    assert banner.isVisible() and shown_after < 4
    # Then the events, from the capture times read on the card.
    qtbot.waitUntil(
        lambda: "Entrega de becas (demostración) (4)" in row.plain_text(), timeout=10_000
    )
    text = row.plain_text()
    assert text.startswith("Tarjeta «NIKON D70» (cámara o teléfono (DCIM))")
    assert "sin evento: 1" in text and "revisando" not in text

    row.import_button.click()
    dialog = window.dialogs[-1]
    assert dialog.isVisible() and dialog.source_path() == str(card)
    qtbot.waitUntil(lambda: dialog.scan_result is not None, timeout=10_000)
    dialog.close()

    removed = time.monotonic()
    shutil.rmtree(card)
    qtbot.waitUntil(lambda: banner.rows == {}, timeout=6000)
    assert banner.isHidden() and time.monotonic() - removed < 5
    assert window.card_watcher.cards == {}


def test_the_slow_look_finds_a_root_made_after_start_and_a_hidden_banner_stays_hidden(
    qtbot, library: Path, samples: Path, tmp_path: Path
) -> None:
    from ui.card_watch import CardBanner

    root = tmp_path / "run" / "media" / "ana"  # udisks makes it at the first mount
    watcher = CardWatcher(str(library), [str(root)], poll_ms=200)
    banner = CardBanner(watcher)
    qtbot.addWidget(banner)
    found: list[str] = []
    watcher.card_found.connect(lambda card: found.append(card.path))
    watcher.start()
    try:
        qtbot.wait(300)
        assert found == []
        root.mkdir(parents=True)
        recorder = root / "H5"
        (recorder / "ZOOM0001").mkdir(parents=True)
        shutil.copy2(samples / "audio/zoom_h4n_bwf_cues.wav", recorder / "ZOOM0001")
        qtbot.waitUntil(lambda: found == [str(recorder)], timeout=5000)
        qtbot.waitUntil(lambda: str(recorder) in watcher.summaries, timeout=5000)
        summary = watcher.summaries[str(recorder)]
        assert (summary.photos, summary.videos, summary.audios) == (0, 0, 1)
        assert summary.card.layouts == ("recorder",)
        row = banner.rows[str(recorder)]
        qtbot.waitUntil(lambda: "1 audio" in row.plain_text(), timeout=5000)

        row.dismissed.emit(str(recorder))  # ✕: the banner goes, the card is still known
        assert banner.rows == {} and banner.isHidden()
        qtbot.wait(500)
        assert banner.rows == {} and str(recorder) in watcher.cards
    finally:
        watcher.stop()
