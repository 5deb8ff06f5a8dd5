"""Fixtures for the desktop app's tests: a demo library per test and a window opened on it.

Imported by the test modules (not a conftest.py: tests/unit imports ``conftest`` by name,
and a second conftest module would shadow the top one).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from media.demo import DEMO_EVENTS, build_demo_library
from ui.main_window import MainWindow

DEMO_TITLE = DEMO_EVENTS[0][0]  # "Entrega de becas (demostración)": the four-photo burst


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library = tmp_path_factory.mktemp("demo-template") / "biblioteca"
    build_demo_library(str(library))
    return library


@pytest.fixture
def demo_library(demo_template: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo library, with a known writer id."""
    shutil.copytree(demo_template, library)
    monkeypatch.setenv("COBERTURA_WRITER", "prueba@maquina")
    return library


@pytest.fixture
def open_window(qtbot) -> Callable[..., MainWindow]:
    """Open a main window on a library, wait for its events, select one (the demo burst)."""

    def opener(library: Path, title: str | None = DEMO_TITLE) -> MainWindow:
        window = MainWindow(str(library))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.events_loaded, timeout=10_000)
        if title is not None:
            folder = next(e.folder for e in window.event_panel.model.events if e.title == title)
            assert window.select_event(folder)
            qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=10_000)
        return window

    return opener
