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
    with _engine.using(request.param) as name:
        yield name


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import HealthCheck, settings

    # The engine fixture only routes calls; it holds no state that examples could
    # share, so running many examples inside one fixture instance is sound.
    shared = {"suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
    settings.register_profile("jsv-dev", **shared)  # type: ignore[arg-type]
    # Under CI: deterministic examples, no example database, no flaky deadlines.
    settings.register_profile(
        "jsv-ci", derandomize=True, database=None, deadline=None, print_blob=True, **shared  # type: ignore[arg-type]
    )
    settings.load_profile("jsv-ci" if os.environ.get("CI") else "jsv-dev")
