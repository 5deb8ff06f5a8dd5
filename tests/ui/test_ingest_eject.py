"""After "safe to format", the ingest dialog offers to eject the card (and only a card)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ui.ingest_dialog as ingest_dialog
from media.eject import EjectResult
from ui.ingest_dialog import IngestDialog
from ui.ingest_job import SAFE, IngestJob
from ui.workers import TaskRunner


@pytest.fixture
def dialog(qtbot, library: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(IngestJob, "in_child", False)  # quicker; the copy is the same
    tasks, ingests = TaskRunner(threads=2), TaskRunner(writer=True)
    view = IngestDialog(str(library), tasks, ingests)
    qtbot.addWidget(view)
    view.show()
    yield view
    ingests.wait(30_000)
    tasks.wait(10_000)


def _ingest(qtbot, dialog: IngestDialog, card: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.set_source(str(card))
    qtbot.waitUntil(lambda: dialog.scan_result is not None, timeout=10_000)
    assert dialog.start_ingest() is not None
    qtbot.waitUntil(lambda: dialog.verdict_text() != "", timeout=30_000)
    assert dialog.verdict_text().startswith(SAFE)


def _card(tmp_path: Path, samples: Path) -> Path:
    folder = tmp_path / "EOS_DIGITAL" / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    shutil.copy2(samples / "photos/burst/nikon_d70s_burst_1.jpg", folder)
    return tmp_path / "EOS_DIGITAL"


def test_a_card_safe_to_format_can_be_ejected(
    qtbot, dialog: IngestDialog, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(tmp_path, samples)
    asked: list[str] = []
    monkeypatch.setattr(ingest_dialog, "can_eject", lambda path: path == str(card))
    answers = iter(
        [
            EjectResult(False, "No se pudo expulsar la tarjeta: la tarjeta está en uso."),
            EjectResult(True, "Tarjeta expulsada: ya puedes sacarla del lector."),
        ]
    )

    def fake_eject(path: str) -> EjectResult:
        asked.append(path)
        return next(answers)

    monkeypatch.setattr(ingest_dialog, "eject", fake_eject)
    _ingest(qtbot, dialog, card)
    qtbot.waitUntil(dialog.eject_button.isVisible, timeout=5000)
    assert dialog.eject_button.text() == "Expulsar tarjeta"

    dialog.eject_button.click()
    qtbot.waitUntil(lambda: "en uso" in dialog.eject_status.text(), timeout=5000)
    assert dialog.eject_status.property("verdict") == "bad"
    assert dialog.eject_button.isVisible() and dialog.eject_button.isEnabled()  # try again

    dialog.eject_button.click()
    qtbot.waitUntil(lambda: "ya puedes sacarla" in dialog.eject_status.text(), timeout=5000)
    assert dialog.eject_status.property("verdict") == "ok"
    assert dialog.eject_button.isHidden()
    assert asked == [str(card), str(card)]


def test_a_plain_folder_is_not_offered_an_eject(
    qtbot, dialog: IngestDialog, samples: Path, tmp_path: Path
) -> None:
    card = _card(tmp_path, samples)
    _ingest(qtbot, dialog, card)
    qtbot.wait(300)  # the check runs on a worker
    assert dialog.eject_button.isHidden()
