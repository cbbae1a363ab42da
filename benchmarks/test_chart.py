"""benchmarks/chart.py draws what ``jsv bench --json`` measured (checked on a tiny run)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _chart() -> Any:
    spec = importlib.util.spec_from_file_location("jsv_bench_chart", HERE / "chart.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chart_draws_one_bar_per_ratio(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jsv",
            "bench",
            "--records",
            "10",
            "--repeat",
            "1",
            "--json",
            str(figures),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(figures.read_text(encoding="utf-8"))
    svg = _chart().render(result)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t.text or "" for t in root.iter(ns + "text") if t.get("class") == "ratio"]
    ratios = [
        f"{figure['ratio']:.2f}x" for row in result["rows"] for figure in row["peers"].values()
    ]
    assert len(ratios) >= 5
    assert sorted(labels) == sorted(ratios)
    bars = [r for r in root.iter(ns + "rect") if r.get("class") == "bar"]
    assert len(bars) == len(ratios)
    # A ratio below 1 ends left of the 1x line, one above it right of it.
    (line,) = [x for x in root.iter(ns + "line") if x.get("class") == "tick one"]
    one = float(line.get("x1", "0"))
    for row in result["rows"]:
        for figure in row["peers"].values():
            end = _chart()._x(figure["ratio"], 170, 520)
            assert (end < one) == (figure["ratio"] < 1)
