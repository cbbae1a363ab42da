"""Shared data for the benchmarks: 1000 session records (about 2 MB) in JSV and JSON.

Run with ``python -m pytest benchmarks --benchmark-enable``; in the normal test
run (CI) benchmarks are disabled by default and each body runs once, as a
correctness check.  Compare the rows of one group with each other: they are
measured side by side in one process, on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import jsv
from jsv import _bench, _engine

RECORDS = 1000


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    return _bench.session_records(RECORDS)


@pytest.fixture(scope="session")
def jsv_text(records: list[dict[str, Any]]) -> str:
    return jsv.dumps(records)


@pytest.fixture(scope="session")
def json_text(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False)


@pytest.fixture(params=_engine.available())
def jsv_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs a jsv benchmark once per engine (named in the benchmark's name)."""
    with _engine.using(request.param) as name:
        yield name
