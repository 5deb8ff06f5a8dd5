"""The day's agenda above the event list: ranked by priority, with files, read on a worker."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt

from media.agenda import Agenda, Event
from media.agenda_import import import_agenda
from ui import agenda_panel
from ui.agenda_panel import AgendaPanel, files_text, time_text
from ui.workers import TaskRunner

pytest_plugins = ("window_fixtures",)  # demo_library, open_window

DEMO_DAY = date(2010, 3, 1)  # the demo burst's event: "Entrega de becas (demostración)"
MORE_EVENTS = "\n".join(
    [
        "título;fecha;inicio;fin;lugar;prioridad",
        "Reunión de gabinete;01/03/2010;8:00;9:00;Sala de juntas;baja",
        "Rueda de prensa;01/03/2010;10:00;11:00;Salón de cabildos;alta",
    ]
)


def _panel(qtbot, library: Path, day: date | None = DEMO_DAY) -> AgendaPanel:
    panel = AgendaPanel(str(library), TaskRunner())
    qtbot.addWidget(panel)
    panel.resize(320, 400)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_day(day)
    return panel


def _click(qtbot, panel: AgendaPanel, row: int) -> None:
    rect = panel.view.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_day_with_priority_time_place_and_files(qtbot, demo_library: Path, tmp_path) -> None:
    csv = tmp_path / "agenda.csv"
    csv.write_text(MORE_EVENTS, encoding="utf-8")
    assert import_agenda(str(csv), str(demo_library)).problems == []
    agenda = Agenda(str(demo_library))
    agenda.events["limpieza"] = Event(
        "limpieza", "Jornada de limpieza", "2010-03-01T00:00:00-06:00",
        "2010-03-02T00:00:00-06:00", all_day=True, place="Colonias del norte", priority=3,
    )  # fmt: skip
    agenda.save()
    panel = _panel(qtbot, demo_library)
    entries = panel.model.entries
    assert [(e.event.title, e.event.priority) for e in entries] == [
        ("Rueda de prensa", 5),
        ("Entrega de becas (demostración)", 5),
        ("Jornada de limpieza", 3),
        ("Reunión de gabinete", 1),
    ]
    demo = entries[1]
    assert time_text(demo, panel.model.tz) == "21:30–22:30"
    assert files_text(demo) == "4 fotos" and demo.folder is not None
    assert files_text(entries[0]) == "sin archivos todavía"
    assert time_text(entries[2], panel.model.tz) == "Todo el día"
    assert panel.view.isVisible() and panel.view.height() >= 4 * agenda_panel.ROW_HEIGHT
    assert panel.date_edit.date() == QDate(2010, 3, 1)
    tip = panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Salón de cabildos" in tip and "prioridad alta" in tip
    panel.grab().save(str(tmp_path / "agenda.png"))

    with qtbot.waitSignal(panel.chosen, timeout=2000) as chosen:
        _click(qtbot, panel, 1)
    assert chosen.args == [demo.folder]
    with qtbot.assertNotEmitted(panel.chosen):
        _click(qtbot, panel, 0)  # nothing ingested for it yet: says so instead
    assert "Aún no hay archivos de «Rueda de prensa»" in panel.note.text()


def test_another_day_and_today(qtbot, demo_library: Path) -> None:
    panel = _panel(qtbot, demo_library)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.date_edit.setDate(QDate(2010, 3, 2))  # as the "›" button does
    assert panel.day == date(2010, 3, 2) and panel.model.rowCount() == 0
    assert panel.note.text() == "No hay eventos en la agenda de este día."
    assert not panel.view.isVisible()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_day(None)
    assert panel.day == datetime.now(ZoneInfo("America/Mexico_City")).date()


def test_read_on_a_worker_and_stale_days_dropped(qtbot, demo_library: Path, monkeypatch) -> None:
    threads: list[threading.Thread] = []
    real = agenda_panel.day_agenda

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(agenda_panel, "day_agenda", spy)
    panel = AgendaPanel(str(demo_library), TaskRunner())
    qtbot.addWidget(panel)
    panel.set_day(date(2018, 12, 31))
    panel.set_day(DEMO_DAY)  # asked before the first answered: only this one is shown
    qtbot.waitUntil(lambda: panel.tasks.pending == 0, timeout=10_000)
    assert panel.day == DEMO_DAY
    assert [e.event.title for e in panel.model.entries] == ["Entrega de becas (demostración)"]
    assert threads and threading.main_thread() not in threads


def test_an_unreadable_agenda_is_said(qtbot, library: Path) -> None:
    (library / ".cobertura").mkdir(parents=True)
    (library / ".cobertura" / "events.json").write_text("{roto", encoding="utf-8")
    panel = _panel(qtbot, library)
    assert panel.note.text().startswith("No se pudo leer la agenda:")
    assert panel.model.rowCount() == 0


def test_choosing_an_agenda_event_opens_its_folder(qtbot, demo_library: Path, open_window) -> None:
    window = open_window(demo_library, title="Recorrido nocturno de seguridad (demostración)")
    panel = window.agenda_panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_day(DEMO_DAY)
    window.event_panel.search.setText("recorrido")  # hides the demo burst in the list
    folder = panel.model.entries[0].folder
    _click(qtbot, panel, 0)
    qtbot.waitUntil(lambda: window.items_loaded_for == folder, timeout=10_000)
    assert window.event_panel.current_folder() == folder
    assert window.model.rowCount() == 4
