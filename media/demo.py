"""The demo library: a card's worth of sample media that ship in ``resources/demo``."""

from __future__ import annotations

import os

from media.atomic import write_json_atomic
from media.ingest import IngestOptions, ingest
from media.ingest_report import IngestReport
from media.library import STATE_DIR

DEMO_CARD = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "demo"
)
DEMO_EVENT = {
    "demo-becas": {
        "id": "demo-becas",
        "title": "Entrega de becas (demostración)",
        "start": "2010-03-01T21:30:00",
        "end": "2010-03-01T22:30:00",
        "place": "Explanada de la Alcaldía Iztacalco",
    }
}


def build_demo_library(library: str) -> list[IngestReport]:
    """Ingest the demo card into ``library``: the burst into a demo event, the rest by date."""
    events_file = os.path.join(library, STATE_DIR, "events.json")
    if not os.path.exists(events_file):
        write_json_atomic(events_file, DEMO_EVENT)
    burst = os.path.join(DEMO_CARD, "DCIM", "100NIKON")
    others = [
        os.path.join(DEMO_CARD, "DCIM", "101HONOR"),
        os.path.join(DEMO_CARD, "DCIM", "102ANDRO"),
        os.path.join(DEMO_CARD, "ZOOM0001"),
    ]
    return [
        ingest([burst], IngestOptions(library=library, event_id="demo-becas", photographer="Demo")),
        ingest(others, IngestOptions(library=library, photographer="Demo")),
    ]
