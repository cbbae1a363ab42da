"""Integration tests: jsv inside SQLAlchemy, pandas, Polars, DuckDB, Dask and Spark.

Each module skips when its optional packages (or, for MariaDB, the server URL in
``JSV_TEST_MARIADB_URL``) are missing, so a plain ``pytest`` on a developer
machine runs what it can.  ``.ci/integrations.sh`` installs everything, starts
the servers and sets ``JSV_REQUIRE_INTEGRATIONS=1``: then any skip here is
reported as a failure, so CI cannot pass with these tests silently skipped.

The integrations call jsv's public API, whose two engines the rest of the suite
compares; these tests run once, on the engine that is active.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from jsv import _engine

REQUIRED = os.environ.get("JSV_REQUIRE_INTEGRATIONS") == "1"


@pytest.fixture(autouse=True)
def engine() -> Iterator[str]:
    """Overrides the suite's per-engine parametrisation: one run, default engine."""
    with _engine.using(_engine.implementation) as name:
        yield name


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if REQUIRED and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under JSV_REQUIRE_INTEGRATIONS=1: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    # A module-level importorskip skips at collection time.
    outcome = yield
    report = outcome.get_result()
    if REQUIRED and report.skipped:
        report.outcome = "failed"


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def ormlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ormlite_db.py's database: UserAuth (1,000 rows) and Customer (5,000 rows)."""
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        ormlite_db = importlib.import_module("ormlite_db")
    finally:
        sys.path.remove(str(ROOT / "examples"))
    path: Path = ormlite_db.build(tmp_path_factory.mktemp("ormlite") / "ormlite.sqlite")
    return path


@pytest.fixture(scope="session")
def example_types() -> Any:
    """The example's module (its dataclasses: Address, OrderLine, ...)."""
    return importlib.import_module("ormlite_db")


def _raw_column(db: Path, table: str, column: str) -> List[Tuple[int, Optional[str]]]:
    con = sqlite3.connect(db)
    try:
        return list(con.execute(f'SELECT "Id", "{column}" FROM "{table}" ORDER BY "Id"'))
    finally:
        con.close()


@pytest.fixture(scope="session")
def raw_column() -> Any:
    """``raw_column(db, table, column)``: (Id, stored text) of every row, read with the
    sqlite3 module alone -- the oracle's input."""
    return _raw_column


@pytest.fixture(scope="session")
def customer_types(example_types: Any) -> Dict[str, Any]:
    """The JSV columns of the example's Customer table and the type of each."""
    return {
        "Tags": List[str],
        "Attributes": Dict[str, str],
        "Address": Optional[example_types.Address],
        "Orders": List[example_types.OrderLine],
    }


@pytest.fixture(scope="session")
def customer_cells(ormlite_db: Path, customer_types: Dict[str, Any]) -> Dict[str, List[Any]]:
    """Each JSV column of Customer as its stored texts, in Id order (sqlite3 alone)."""
    return {
        name: [t for _, t in _raw_column(ormlite_db, "Customer", name)] for name in customer_types
    }
