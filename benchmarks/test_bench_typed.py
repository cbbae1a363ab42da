"""Typed loads and dumps of session records as dataclasses: jsv against msgspec, orjson, json.

The classes come from ``jsv._bench.session_types()``: snake_case fields like a
generated DTO module, all optional, enums as ``str`` enums.  jsv reads the
camelCase JSV a ServiceStack service sends; msgspec and dacite read the same
data as JSON with snake_case keys, since that is what they match fields by.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

import dacite
import msgspec
import orjson
import pytest

import jsv
from jsv import _bench


@pytest.fixture(scope="module")
def types() -> dict[str, Any]:
    return _bench.session_types()


@pytest.fixture(scope="module")
def session_list(types: dict[str, Any]) -> Any:
    return list.__class_getitem__(types["SessionInfo"])


@pytest.fixture(scope="module")
def json_snake(records: list[Any]) -> bytes:
    return json.dumps(_bench.snake_keys(records), ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def expected(json_snake: bytes, session_list: Any) -> Any:
    return msgspec.json.decode(json_snake, type=session_list)


@pytest.mark.benchmark(group="typed loads")
def test_typed_jsv(
    benchmark: Any, jsv_engine: str, jsv_text: str, session_list: Any, expected: Any
) -> None:
    decoder = jsv.Decoder(session_list)
    result = benchmark(decoder.decode, jsv_text)
    assert result == expected
    assert result[0].members[0].call_state.__class__.__name__ == "SessionMemberCallState"


@pytest.mark.benchmark(group="typed loads")
def test_typed_msgspec(benchmark: Any, json_snake: bytes, session_list: Any, expected: Any) -> None:
    decoder = msgspec.json.Decoder(session_list)
    assert benchmark(decoder.decode, json_snake) == expected


@pytest.mark.benchmark(group="typed loads")
def test_typed_json_dacite(
    benchmark: Any, json_snake: bytes, types: dict[str, Any], expected: Any
) -> None:
    cls = types["SessionInfo"]
    config = dacite.Config(cast=[enum.Enum])

    def decode() -> list[Any]:
        return [dacite.from_dict(cls, v, config=config) for v in json.loads(json_snake)]

    assert benchmark(decode) == expected


# Typed dumps: the same dataclass objects written by each library (JSV for jsv,
# JSON for the others; json.dumps needs dataclasses.asdict first).


@pytest.fixture(scope="module")
def objects(jsv_text: str, session_list: Any) -> Any:
    return jsv.loads(jsv_text, type=session_list)


@pytest.mark.benchmark(group="typed dumps")
def test_typed_dumps_jsv(
    benchmark: Any, jsv_engine: str, objects: Any, session_list: Any, expected: Any
) -> None:
    text = benchmark(jsv.dumps, objects)
    assert jsv.loads(text, type=session_list) == expected


@pytest.mark.benchmark(group="typed dumps")
def test_typed_dumps_msgspec(
    benchmark: Any, objects: Any, session_list: Any, expected: Any
) -> None:
    encoder = msgspec.json.Encoder()
    assert msgspec.json.decode(benchmark(encoder.encode, objects), type=session_list) == expected


@pytest.mark.benchmark(group="typed dumps")
def test_typed_dumps_orjson(benchmark: Any, objects: Any, session_list: Any, expected: Any) -> None:
    assert msgspec.json.decode(benchmark(orjson.dumps, objects), type=session_list) == expected


@pytest.mark.benchmark(group="typed dumps")
def test_typed_dumps_json(benchmark: Any, objects: Any, session_list: Any, expected: Any) -> None:
    def encode() -> str:
        return json.dumps([dataclasses.asdict(o) for o in objects], ensure_ascii=False)

    assert msgspec.json.decode(benchmark(encode), type=session_list) == expected
