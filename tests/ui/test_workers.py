"""A worker's answer for a window closed meanwhile is dropped, not delivered to a dead object."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from ui.workers import TaskRunner


def test_an_answer_for_a_deleted_widget_is_dropped(qtbot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    label, kept = QLabel(), QLabel()
    runner.submit(lambda: gate.wait(5) and "late", label.setText)
    runner.submit(lambda: gate.wait(5) and "late", kept.setText)
    runner.submit(lambda: 1 / 0, None, label.setText)  # an error for it too
    shiboken6.delete(label)  # the window closed before its worker answered
    gate.set()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert kept.text() == "late"  # a live receiver still gets its answer
    runner.wait()
