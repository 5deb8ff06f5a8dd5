"""The demo library: a card's worth of sample media from ``resources/demo`` and a small agenda."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime

from media.agenda import Agenda, Event, event_id
from media.ingest import IngestOptions, ingest
from media.ingest_report import IngestReport

DEMO_CARD = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "demo"
)
DEMO_EVENTS = [
    # (title, start, end, place, colonia, area, priority) in Mexico City time
    (
        "Entrega de becas (demostración)",
        "2010-03-01T21:30:00",
        "2010-03-01T22:30:00",
        "Explanada de la Alcaldía",
        "Gabriel Ramos Millán",
        "Desarrollo Social",
        5,
    ),
    (
        "Recorrido nocturno de seguridad (demostración)",
        "2017-02-22T01:30:00",
        "2017-02-22T03:00:00",
        "Calzada de la Viga",
        "Santa Anita",
        "Seguridad Ciudadana",
        3,
    ),
    (
        "Jornada de salud de fin de año (demostración)",
        "2018-12-31T11:00:00",
        "2018-12-31T14:00:00",
        "Deportivo Leandro Valle",
        "Agrícola Oriental",
        "Salud",
        4,
    ),
]


def demo_agenda(library: str) -> Agenda:
    """The demo library's agenda, created on first use (an existing agenda is kept)."""
    agenda = Agenda(library)
    if not agenda.events:
        for title, start, end, place, colonia, area, priority in DEMO_EVENTS:
            ev = Event(
                id=event_id(title, start),
                title=title,
                start=start + "-06:00",
                end=end + "-06:00",
                place=place,
                colonia=colonia,
                area=area,
                priority=priority,
                coverage=["foto", "video"],
                source="demo",
            )
            agenda.events[ev.id] = ev
        agenda.save()
    return agenda


# The demo card's files get this modification time, so the one photo without a capture date
# lands in the same event on every machine (a checkout sets file times to "now").
DEMO_FILE_TIME = "2018-12-31T12:30:00-06:00"


def build_demo_library(library: str) -> list[IngestReport]:
    """Ingest the demo card into ``library``; files land in the demo agenda's events."""
    demo_agenda(library)
    stamp = datetime.fromisoformat(DEMO_FILE_TIME).timestamp()
    with tempfile.TemporaryDirectory(prefix="cobertura-demo-") as tmp:
        card = os.path.join(tmp, "TARJETA")
        shutil.copytree(DEMO_CARD, card)
        for folder, _dirs, names in os.walk(card):
            for name in names:
                os.utime(os.path.join(folder, name), (stamp, stamp))
        return [ingest([card], IngestOptions(library=library, photographer="Demo"))]
