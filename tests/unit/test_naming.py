"""Destination names are valid everywhere and can never leave their folder."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from media.library import event_folder
from media.naming import NameContext, initials, render_name, safe_name, safe_token, with_counter

FORBIDDEN = set('/\\:*?"<>|') | {chr(c) for c in range(32)}


def _valid(name: str) -> bool:
    return (
        bool(name)
        and not (set(name) & FORBIDDEN)
        and name not in (".", "..")
        and ".." not in name
        and not name.startswith(".")
        and not name.endswith((".", " "))
        and len(name.encode("utf-8")) <= 200
        and name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    )


@given(st.text(max_size=400))
def test_safe_name_is_always_valid(text: str) -> None:
    assert _valid(safe_name(text))


@given(st.text(max_size=300))
def test_safe_name_is_idempotent(text: str) -> None:
    once = safe_name(text)
    assert safe_name(once) == once


@given(st.text(max_size=100), st.text(max_size=100), st.text(max_size=60))
def test_rendered_names_stay_in_their_folder(camera: str, event: str, original: str) -> None:
    ctx = NameContext(
        original=original + ".JPG",
        when=datetime(2026, 1, 15, 10, 30, 12),
        event=event,
        camera=camera,
        photographer="Ana López",
    )
    name = render_name("{date}_{time}_{event}_{camera}_{initials}_{seq}_{original}", ctx)
    assert _valid(name)
    assert "/" not in name and "\\" not in name


def test_default_name_keeps_the_original_behind_date_and_time() -> None:
    ctx = NameContext(original="IMG_0001.CR3", when=datetime(2026, 1, 15, 10, 30, 12))
    assert render_name("{date}_{time}_{original}", ctx) == "2026-01-15_103012_IMG_0001.CR3"


def test_path_characters_in_metadata_stay_a_name() -> None:
    ctx = NameContext(original="IMG_1.JPG", when=datetime(2026, 1, 15, 10, 30), camera="../../x")
    name = render_name("{camera}_{original}", ctx)
    assert name == "x_IMG_1.JPG" or ("/" not in name and ".." not in name)
    assert safe_token("../../etc/passwd") not in ("", "..")
    assert "/" not in safe_token("../../etc/passwd")


def test_reserved_and_odd_names() -> None:
    assert safe_name("CON.jpg") == "_CON.jpg"
    assert safe_name("nul") == "_nul"
    assert safe_name("photo. ") == "photo"
    assert safe_name("a:b*c?.jpg") == "a_b_c_.jpg"
    assert safe_name("") == "sin_nombre"
    long = safe_name("á" * 300 + ".jpeg")
    assert long.endswith(".jpeg") and len(long.encode()) <= 200


def test_event_folder_names() -> None:
    from datetime import date

    assert event_folder(date(2026, 1, 15), "Entrega de becas") == "2026/2026-01-15 Entrega de becas"
    assert event_folder(date(2026, 1, 15), None) == "2026/2026-01-15 Sin evento"
    assert event_folder(date(2026, 1, 15), "../../Obras: fase 1/2") == (
        "2026/2026-01-15 _._Obras_ fase 1_2"
    )


def test_counter_and_initials() -> None:
    assert with_counter("a.jpg", 2) == "a-2.jpg"
    assert with_counter("README", 3) == "README-3"
    assert initials("Ana María López") == "AML"
