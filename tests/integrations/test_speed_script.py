"""benchmarks/integrations_speed.py runs, and its own checks pass, on a few rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_speed_script_on_a_few_rows() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "integrations_speed.py"),
            "--rows", "1000", "--repeat", "1", "--engines", "polars,duckdb",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("1,000 rows, ")
    paths = [line.split()[:2] for line in lines[2:6]]
    assert paths == [
        ["polars", "jsv"], ["polars", "native"], ["duckdb", "jsv"], ["duckdb", "native"]
    ]
    assert lines[-1].startswith("duckdb: jsv at ")
