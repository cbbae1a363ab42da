"""The ``engine`` fixture, opt-in: a test that depends on the engine asks for it.

A test (or a whole module, through ``pytestmark = pytest.mark.usefixtures("engine")``)
that names ``engine`` runs once per available engine: the pure-Python reference
and, when built, Cython.  Every other test runs once.  So that no engine-dependent
test can forget to ask, the public entry points of :mod:`jsv._engine` are blocked
for tests that did not: calling ``jsv.loads``/``dumps``/typed conversion from such
a test fails it with a message that says what to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest

from jsv import _engine

ENGINES = _engine.available()


def pytest_report_header() -> str:
    return f"jsv engines under test: {', '.join(ENGINES)}"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs the test with each available engine behind the public API."""
    with _engine.using(request.param) as name:
        yield name


@pytest.fixture
def reference_engine() -> Iterator[str]:
    """Routes the public API to the pure-Python reference, for a test that runs
    every engine itself (``_engine.using``) and takes its oracle from the reference."""
    with _engine.using("python") as name:
        yield name


def _blocked(*args: Any, **kwargs: Any) -> NoReturn:
    # pytest.fail raises a BaseException, so no `except Exception` in the code
    # under test can swallow it.
    pytest.fail(
        "this test reaches the engine (jsv.loads/dumps/convert...) without asking for the "
        "`engine` fixture: name `engine` in its signature or mark it "
        "@pytest.mark.usefixtures('engine'), so that it runs on both engines"
    )


@pytest.fixture(autouse=True)
def _engine_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests that did not ask for ``engine`` must not reach one."""
    if "engine" in request.fixturenames or "reference_engine" in request.fixturenames:
        yield
        return
    saved = (_engine.parse, _engine.encode, _engine.run, _engine.decode, _engine.run_many)
    _engine.parse = _engine.encode = _engine.run = _engine.decode = _engine.run_many = _blocked
    try:
        yield
    finally:
        _engine.parse, _engine.encode, _engine.run, _engine.decode, _engine.run_many = saved


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import HealthCheck, settings

    # The engine fixture only routes calls; it holds no state that examples could
    # share, so running many examples inside one fixture instance is sound.
    shared = {"suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
    settings.register_profile("jsv-dev", **shared)  # type: ignore[arg-type]
    # Under CI: deterministic examples, no example database, no flaky deadlines.
    settings.register_profile(
        "jsv-ci",
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        **shared,  # type: ignore[arg-type]
    )
    settings.load_profile("jsv-ci" if os.environ.get("CI") else "jsv-dev")
