"""loads and dumps of session records: jsv against json, orjson and msgspec."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import orjson
import pytest

import jsv
from jsv import _bench


@pytest.mark.benchmark(group="loads")
def test_loads_jsv(benchmark: Any, jsv_engine: str, jsv_text: str, records: list[Any]) -> None:
    result = benchmark(jsv.loads, jsv_text)
    assert result == _bench.untyped(records)


@pytest.mark.benchmark(group="loads")
def test_loads_json(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert benchmark(json.loads, json_text) == records


@pytest.mark.benchmark(group="loads")
def test_loads_orjson(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert benchmark(orjson.loads, json_text) == records


@pytest.mark.benchmark(group="loads")
def test_loads_msgspec(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert benchmark(msgspec.json.decode, json_text) == records


@pytest.mark.benchmark(group="dumps")
def test_dumps_jsv(benchmark: Any, jsv_engine: str, jsv_text: str, records: list[Any]) -> None:
    assert benchmark(jsv.dumps, records) == jsv_text


@pytest.mark.benchmark(group="dumps")
def test_dumps_json(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert benchmark(json.dumps, records, ensure_ascii=False) == json_text


@pytest.mark.benchmark(group="dumps")
def test_dumps_orjson(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert json.loads(benchmark(orjson.dumps, records)) == records


@pytest.mark.benchmark(group="dumps")
def test_dumps_msgspec(benchmark: Any, json_text: str, records: list[Any]) -> None:
    assert json.loads(benchmark(msgspec.json.encode, records)) == records
