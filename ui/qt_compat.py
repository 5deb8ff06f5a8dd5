"""Work-arounds for bugs of particular PySide6 versions, each found by a probe at run time.

PySide6 6.12.0 loses references to Python's singletons: one to ``True`` at every
Python-side ``Signal.emit()`` and ``connect()``, one to ``None`` each time Qt calls a
Python method that returns ``None`` (a model's ``data()`` for an unused role, a timer's
callback). 6.11.3 does not. On Python 3.12+ the singletons are immortal and nothing
happens; on Python 3.11 a count reaches zero after some thousands of calls and the
interpreter aborts ("Fatal Python error: bool_dealloc" / "none_dealloc"), in the middle
of an ingest or while scrolling. ``install_singleton_guard`` recognises the release and
keeps the singletons alive with spare references that a timer tops up.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

LOW_WATER = 100_000  # spare references to keep at least, per singleton (8 bytes each)
TOP_UP = 100_000
CHECK_MS = 250  # the app loses far fewer than LOW_WATER references in this time
SINGLETONS: tuple[Any, ...] = (True, False, None)


class _SingletonGuard(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.spare: list[Any] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.top_up)
        self.top_up()
        self.timer.start()

    def top_up(self) -> None:
        for singleton in SINGLETONS:
            while sys.getrefcount(singleton) < LOW_WATER:
                self.spare.extend([singleton] * TOP_UP)


_guard: _SingletonGuard | None = None


LEAKING_VERSIONS = frozenset({"6.12.0"})


def singletons_leak() -> bool:
    """True for the PySide6 releases known to lose references to ``True`` and ``None``.

    pyproject.toml excludes them; this covers an environment that has one anyway.
    """
    import PySide6

    return PySide6.__version__ in LEAKING_VERSIONS


def install_singleton_guard() -> bool:
    """Guard the singletons against the PySide6 6.12.0 leaks when present (once per process).

    Needs a QCoreApplication (the top-up runs on its event loop). Returns True when the
    guard is (now or already) active.
    """
    global _guard
    if _guard is not None:
        return True
    if sys.version_info >= (3, 12) or not singletons_leak():
        return False
    log.warning("Esta versión de PySide6 pierde referencias a True/None; se activa la protección")
    _guard = _SingletonGuard()
    return True


__all__ = ["install_singleton_guard", "singletons_leak"]
