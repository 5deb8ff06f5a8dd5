"""Big TinyDB files parsed a document at a time: the same result as json.loads, other
threads running meanwhile."""

from __future__ import annotations

import json

import pytest

from media import json_slices
from media.json_slices import loads_in_slices


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_slices, "SLICE_ABOVE", 0)  # every text takes the sliced path


def catalog(n: int) -> dict[str, dict[str, dict[str, object]]]:
    return {
        "items": {
            str(i + 1): {
                "id": f"{i:016x}",
                "caption": 'Niñas "y" niños\n\u2603',
                "size": i * 1.5,
                "gps": None,
                "sidecars": [{"hash": "ab", "ok": True}],
                "codecs": [],
            }  # fmt: skip
            for i in range(n)
        },
        "otra": {},
    }


@pytest.mark.parametrize(
    "dump",
    [
        lambda d: json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True),  # as written
        lambda d: json.dumps(d, separators=(",", ":")),
        lambda d: "\n\t " + json.dumps(d, indent=4) + " \n",
    ],
)
def test_same_result_as_json_loads(dump) -> None:
    text = dump(catalog(50))
    assert loads_in_slices(text) == json.loads(text)
    assert loads_in_slices("{}") == {} and loads_in_slices('{"items": {}}') == {"items": {}}


@pytest.mark.parametrize(
    "text", ['{"a": 1}', "[1, 2]", '{"a": {"1": 2}}', '{"a": {"1": {}, "1": {"x": 1}}}', "3"]
)
def test_other_shapes_are_parsed_whole(text: str) -> None:
    assert loads_in_slices(text) == json.loads(text)


@pytest.mark.parametrize(
    "text", ['{"items": {"1": {"a": 1}', '{"items": {"1": {"a": 1}}} x', "", "\ufeff{}"]
)
def test_damaged_text_raises_as_json_loads_does(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        loads_in_slices(text)


def test_a_big_parse_is_made_of_small_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 documents are parsed one small C call at a time, so other threads (the GUI)
    get the interpreter between calls; no call parses more than a sliver of the text."""
    monkeypatch.setattr(json_slices, "SLICE_ABOVE", 1_000_000)
    text = json.dumps(catalog(20_000), ensure_ascii=False, indent=1, sort_keys=True)
    assert len(text) > 1_000_000
    spans: list[int] = []
    real = json_slices._DECODER

    class Counting:
        def raw_decode(self, s: str, idx: int = 0) -> tuple[object, int]:
            value, end = real.raw_decode(s, idx)
            spans.append(end - idx)
            return value, end

        def scan_once(self, s: str, idx: int) -> tuple[object, int]:
            value, end = real.scan_once(s, idx)
            spans.append(end - idx)
            return value, end

    monkeypatch.setattr(json_slices, "_DECODER", Counting())
    result = json_slices.loads_in_slices(text)
    assert len(result["items"]) == 20_000
    assert result == json.loads(text)
    assert len(spans) >= 20_000
    assert max(spans) < len(text) / 1000
