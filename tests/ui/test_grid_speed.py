"""What keeps a 20,000-item grid fast: sorting off the GUI thread, records let go bit by
bit, read-only records through the model, pictures painted once, thumbnails decoded by
Pillow."""

from __future__ import annotations

import io
from types import MappingProxyType

import pytest
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

from ui import grid_model, paint_cache
from ui.grid_model import GridModel, ItemRole, ShootingOrder, shooting_order
from ui.thumbs import ThumbnailLoader, decoded


def records(n: int) -> list[dict[str, object]]:
    return [
        {"id": f"{i:016x}", "kind": "photo", "path": f"2026/E/FOTO/{i:05d}.JPG",
         "capture_time": f"2026-01-15T10:{(n - i) // 60 % 60:02d}:{(n - i) % 60:02d}"}
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def model(qtbot) -> GridModel:
    loader = ThumbnailLoader(threads=1)
    yield GridModel(loader)
    loader.shutdown()


def test_shooting_order_is_made_once_and_adopted(model: GridModel) -> None:
    items = records(50)
    ordered = shooting_order(items)
    assert isinstance(ordered, ShootingOrder) and ordered[0] is not items[0]  # copied
    assert [r["id"] for r in ordered] == [r["id"] for r in reversed(items)]
    assert ordered.rows[str(items[0]["id"])] == 49
    model.set_event("/lib/2026/E", ordered)
    assert model.item(0) is ordered[0]  # adopted as it is: not sorted again on this thread
    assert model.row_of(str(items[0]["id"])) == 49
    plain = records(3)
    model.set_event("/lib/2026/E", plain)  # a plain list is copied and sorted here
    assert model.item(0) is not plain[-1] and model.item(0)["id"] == plain[-1]["id"]


def test_the_records_of_a_replaced_event_are_let_go_a_slice_at_a_time(
    qtbot, model: GridModel, monkeypatch
) -> None:
    monkeypatch.setattr(grid_model, "RETIRE_SLICE", 10)
    old = shooting_order(records(35), copy=False)
    model.set_event("/lib/2026/A", old)
    model.set_event("/lib/2026/B", shooting_order(records(5)))
    assert len(old) == 35  # nothing freed while the new event is being shown
    qtbot.waitUntil(lambda: len(old) == 0, timeout=2000)
    assert model.rowCount() == 5 and not model._retired


def test_records_go_out_read_only(model: GridModel) -> None:
    model.set_event("/lib/2026/E", records(2))
    shown = model.index(0).data(ItemRole)
    assert isinstance(shown, MappingProxyType) and shown["id"] == model.item(0)["id"]
    with pytest.raises(TypeError):
        shown["pick"] = True  # type: ignore[index]
    assert model.records() == [model.item(0), model.item(1)]


def test_pictures_are_scaled_and_drawn_once(qtbot) -> None:
    paint_cache.clear()
    image = QImage(256, 171, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    first = paint_cache.scaled_pixmap(image, QSize(180, 120))
    assert first.size() == QSize(180, 120)
    assert paint_cache.scaled_pixmap(image, QSize(180, 120)).cacheKey() == first.cacheKey()
    calls: list[int] = []

    def draw(painter: QPainter) -> None:
        calls.append(1)
        painter.fillRect(0, 0, 10, 10, QColor("blue"))

    one = paint_cache.drawn_pixmap(("stars", 3), QSize(80, 14), draw)
    two = paint_cache.drawn_pixmap(("stars", 3), QSize(80, 14), draw)
    assert calls == [1] and one.cacheKey() == two.cacheKey()
    assert one.toImage().pixelColor(2, 2) == QColor("blue")
    assert one.toImage().pixelColor(50, 10).alpha() == 0  # the rest stays transparent


def test_thumbnails_are_decoded_by_pillow() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (64, 40), (10, 200, 30)).save(buf, "JPEG", quality=95)
    image = decoded(buf.getvalue())
    assert (image.width(), image.height()) == (64, 40)
    colour = image.pixelColor(30, 20)
    assert abs(colour.green() - 200) < 8 and colour.red() < 30
    with pytest.raises(OSError):
        decoded(b"\xff\xd8 not really a jpeg")
