"""Runs every test once per engine: the pure-Python reference and, when built, Cython."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from jsv import _engine

ENGINES = _engine.available()


def pytest_report_header() -> str:
    return f"jsv engines under test: {', '.join(ENGINES)}"


@pytest.fixture(params=ENGINES, autouse=True)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test runs with each available engine behind the public API."""
    before = _engine.implementation
    _engine.use(request.param)
    try:
        yield request.param
    finally:
        _engine.use(before)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI"):
        from hypothesis import settings

        settings.load_profile("ci")
