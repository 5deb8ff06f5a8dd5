"""One measured process of ``bench/app.py``: ``app`` (the real window) or ``baseline``.

Prints one JSON line with its figures (see ``bench/app.py``). Run by ``bench/app.py``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import (  # noqa: E402
    QAbstractListModel,
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QPoint,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QImage, QPixmap  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QListView,
    QMainWindow,
    QSplitter,
)

PAGES = 40
FLING_STEPS = 300
FLING_PX = 60


class PaintWatch(QObject):
    """Calls ``check()`` on each paint of the watched widget."""

    def __init__(self, check: Callable[[], None]) -> None:
        super().__init__()
        self.check = check

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.check()
        return False


class StallMeter(QObject):
    """A 5 ms timer on the GUI thread; remembers the longest gap between its ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def spin(app: QApplication, until: Callable[[], bool], timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return True


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0, "frames": 0}
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "p50": round(ordered[len(ordered) // 2], 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
        "frames": len(ordered),
    }


def timed_repaint(view: QListView) -> float:
    start = time.perf_counter()
    view.viewport().repaint()
    return (time.perf_counter() - start) * 1000


def settle_layout(app: QApplication, view: QListView) -> None:
    """Let a batched layout finish: the scroll range stops changing."""
    last, same = -1, 0
    while same < 5:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        now = view.verticalScrollBar().maximum()
        same = same + 1 if now == last else 0
        last = now


def visible_rows(view: QListView) -> list[int]:
    """The rows whose cells are (partly) on screen."""
    height = view.viewport().height()
    first = view.indexAt(view.viewport().rect().topLeft() + QPoint(8, 8))
    rows = []
    row = max(0, first.row() - 8) if first.isValid() else 0
    model = view.model()
    while row < model.rowCount():
        rect = view.visualRect(model.index(row, 0))
        if rect.top() > height:
            break
        if rect.bottom() >= 0:
            rows.append(row)
        row += 1
    return rows


def scroll_passes(
    app: QApplication, view: QListView, loaded: Callable[[int], bool]
) -> dict[str, dict[str, float]]:
    """Paint times a page at a time (cold, then with the page's pictures) and in a fling."""
    bar = view.verticalScrollBar()
    out: dict[str, dict[str, float]] = {}
    cold = []
    bar.setValue(0)
    for _ in range(PAGES):
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        app.processEvents()
        cold.append(timed_repaint(view))
    out["cold"] = stats(cold)
    warm = []
    for _ in range(PAGES // 2):
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        view.viewport().repaint()  # asks for the page's pictures
        spin(app, lambda: all(loaded(r) for r in visible_rows(view)), timeout=10)
        warm.append(timed_repaint(view))
    out["loaded"] = stats(warm)
    fling = []
    for _ in range(FLING_STEPS):
        bar.setValue(min(bar.maximum(), bar.value() + FLING_PX))
        app.processEvents()
        fling.append(timed_repaint(view))
    out["fling"] = stats(fling)
    return out


SEARCHES = ("pantitlan", "enero", "15/01", "jueves", "ninas y ninos", "explanada becas", "zzz")


def search_times(app: QApplication, panel: Any) -> dict[str, Any]:
    """Typing in the search box: ms until the list is filtered, per query (and matches)."""
    out: dict[str, Any] = {}
    for query in SEARCHES:
        start = time.perf_counter()
        panel.search.setText(query)
        elapsed = (time.perf_counter() - start) * 1000
        app.processEvents()
        out[query] = {"ms": round(elapsed, 2), "events": panel.proxy.rowCount()}
    panel.search.clear()
    out["max_ms"] = max(v["ms"] for v in out.values())
    return out


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_app(args: argparse.Namespace, app: QApplication) -> dict[str, Any]:
    from ui.grid_model import ThumbStateRole
    from ui.main_window import MainWindow

    marks: dict[str, float] = {}
    window = MainWindow(args.library)
    panel = window.event_panel
    model, grid = window.model, window.grid

    def on_paint() -> None:
        now = time.time()
        events = panel.model.events
        if "events_listed_s" not in marks and panel.proxy.rowCount() == args.events:
            marks["events_listed_s"] = now - args.start
        if (
            "counts_shown_s" not in marks
            and len(events) == args.events
            and all(getattr(e, "photos", None) is not None for e in events)
        ):
            marks["counts_shown_s"] = now - args.start

    def on_grid_paint() -> None:
        if "grid_shown_s" not in marks and model.rowCount() == args.big_count:
            marks["grid_shown_s"] = time.time() - args.start

    watch, grid_watch = PaintWatch(on_paint), PaintWatch(on_grid_paint)
    panel.view.viewport().installEventFilter(watch)
    grid.viewport().installEventFilter(grid_watch)
    window.show()
    stall = StallMeter()  # from here on the GUI thread should never wait long
    if not spin(app, lambda: "counts_shown_s" in marks and "grid_shown_s" in marks):
        raise SystemExit("the window never showed every event with its counts and the grid")
    has_index = hasattr(panel, "index")
    if has_index:
        spin(app, lambda: panel.index is not None)
        marks["search_ready_s"] = time.time() - args.start
    marks["loading_max_stall_ms"] = stall.worst * 1000
    search = search_times(app, panel) if has_index else {}
    other = next(e.folder for e in panel.model.events if e.folder != args.big)
    window.select_event(other)
    spin(app, lambda: window.items_loaded_for == other)
    stall.worst = 0.0
    start = time.perf_counter()
    if not window.select_event(args.big):
        raise SystemExit(f"the big event is not in the list: {args.big}")
    spin(app, lambda: window.items_loaded_for == args.big)
    settle_layout(app, grid)
    open_s = time.perf_counter() - start
    marks["open_max_stall_ms"] = stall.worst * 1000
    if model.rowCount() != args.big_count:
        raise SystemExit(f"the grid holds {model.rowCount()} items, not {args.big_count}")
    items = [model.item(r) for r in range(model.rowCount())]
    start = time.perf_counter()
    try:  # sorted on the catalog's worker, as the window does
        from ui.grid_model import shooting_order

        items = shooting_order(items)
    except ImportError:  # an older version sorts in set_event
        pass
    sort_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    model.set_event(model.folder, items)
    set_event_ms = (time.perf_counter() - start) * 1000
    settle_layout(app, grid)
    paint = scroll_passes(app, grid, lambda r: model.index(r).data(ThumbStateRole) != "loading")
    result = {
        **{k: round(v, 3) for k, v in marks.items()},
        "open_event_s": round(open_s, 3),
        "set_event_ms": round(set_event_ms, 1),
        "sort_on_worker_ms": round(sort_ms, 1),
        "search": search,
        "paint": paint,
        "peak_rss_mb": peak_rss_mb(),
    }
    window.close()
    return result


class PictureModel(QAbstractListModel):
    """The baseline grid's model: a name and one shared picture per row."""

    def __init__(self, rows: int, picture: QPixmap) -> None:
        super().__init__()
        self.rows = rows
        self.picture = picture

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.rows

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"2026-01-15_090000_DSC_{index.row():05d}.JPG"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.picture
        return None


def run_baseline(args: argparse.Namespace, app: QApplication) -> dict[str, Any]:
    marks: dict[str, float] = {}
    window = QMainWindow()
    window.resize(1360, 860)
    events = QListView()
    events.setUniformItemSizes(True)
    split = QSplitter()
    grid = QListView()
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setUniformItemSizes(True)
    grid.setLayoutMode(QListView.LayoutMode.Batched)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    grid.setIconSize(QSize(180, 140))
    grid.setGridSize(QSize(200, 196))
    split.addWidget(events)
    split.addWidget(grid)
    split.setSizes([300, 1060])
    window.setCentralWidget(split)
    names = QStringListModel([f"Evento {i}" for i in range(args.events)])
    events.setModel(names)

    picture = QPixmap.fromImage(QImage(256, 171, QImage.Format.Format_RGB32))
    grid.setModel(PictureModel(args.big_count, picture))

    def on_paint() -> None:
        if "events_listed_s" not in marks and names.rowCount() == args.events:
            marks["events_listed_s"] = marks["counts_shown_s"] = time.time() - args.start

    def on_grid_paint() -> None:
        marks.setdefault("grid_shown_s", time.time() - args.start)

    watch, grid_watch = PaintWatch(on_paint), PaintWatch(on_grid_paint)
    events.viewport().installEventFilter(watch)
    grid.viewport().installEventFilter(grid_watch)
    window.show()
    stall = StallMeter()
    spin(app, lambda: "events_listed_s" in marks and "grid_shown_s" in marks)
    marks["loading_max_stall_ms"] = stall.worst * 1000
    start = time.perf_counter()
    grid.setModel(PictureModel(args.big_count, picture))
    set_event_ms = (time.perf_counter() - start) * 1000
    settle_layout(app, grid)
    paint = scroll_passes(app, grid, lambda _r: True)
    return {
        **{k: round(v, 3) for k, v in marks.items()},
        "set_event_ms": round(set_event_ms, 1),
        "paint": paint,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("app", "baseline"))
    ap.add_argument("--library", required=True)
    ap.add_argument("--big", required=True)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--big-count", type=int, required=True)
    ap.add_argument("--start", type=float, required=True)
    args = ap.parse_args()
    if args.kind == "app":
        from ui.app import create_application  # as ``python main.py`` starts it

        result = run_app(args, create_application(sys.argv[:1]))
    else:
        result = run_baseline(args, QApplication(sys.argv[:1]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
