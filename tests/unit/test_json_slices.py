"""Big TinyDB files parsed a document at a time: the same result as json.loads, other
threads running meanwhile."""

from __future__ import annotations

import json
import threading
import time

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


def test_other_threads_run_during_a_big_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ticking thread keeps ticking while 20,000 documents are parsed."""
    monkeypatch.setattr(json_slices, "SLICE_ABOVE", 1_000_000)
    text = json.dumps(catalog(20_000), ensure_ascii=False, indent=1, sort_keys=True)
    assert len(text) > 1_000_000
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    start = time.perf_counter()
    result = loads_in_slices(text)
    elapsed = time.perf_counter() - start
    done.set()
    ticker.join()
    assert len(result["items"]) == 20_000
    # The ticker ran all along (a single json.loads call would leave one gap as long as
    # the whole parse).
    assert len(gaps) > 5 and max(gaps) < max(0.05, elapsed / 3)
