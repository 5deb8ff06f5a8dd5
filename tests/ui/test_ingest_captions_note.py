"""The ingest job's line says what the caption step did, problems included."""

from __future__ import annotations

from media.ingest_captions import TemplateReport
from ui.ingest_job import captions_note


def test_the_line_counts_captioned_and_kept_photos(qtbot) -> None:
    note = captions_note(TemplateReport(captioned=["FOTO/a.jpg", "FOTO/b.jpg"], kept=["FOTO/c.jpg"]))
    assert "Pie de foto de la plantilla en 2 fotos." in note
    assert "1 foto conservó el pie de foto que traía." in note


def test_a_caption_problem_is_not_dropped(qtbot) -> None:
    problems = [
        "FOTO/a.jpg: no se pudo escribir el XMP ([Errno 28] No space left on device)",
        "FOTO/b.jpg: no se pudo escribir el XMP ([Errno 28] No space left on device)",
    ]
    note = captions_note(TemplateReport(captioned=["FOTO/a.jpg"], problems=problems))
    assert "FOTO/a.jpg: no se pudo escribir el XMP" in note
    assert "Y 1 problema más con pies de foto." in note


def test_nothing_to_say_without_a_caption_step(qtbot) -> None:
    assert captions_note(None) == ""
    assert captions_note(TemplateReport()) == ""
