"""JSV cells into Arrow, and batch decoding: group ``arrow`` and group ``batch``.

The rows are :mod:`jsv._bench_rows`' OrmLite-like cells (2000 here; ``jsv bench
--arrow`` runs a million).  ``arrow``: ``jsv.arrow.decode`` of the JSV cells
against Polars' ``str.json_decode``, DuckDB's ``json_transform`` and
``json.loads`` + ``pyarrow.array`` of the same rows as JSON, same schema.
``batch``: ``Decoder.decode_many`` against a loop of ``Decoder.decode``.  In the
normal test run each body runs once and checks its result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")

import jsv  # noqa: E402
import jsv.arrow  # noqa: E402
from jsv import _bench_arrow, _bench_rows, _cli  # noqa: E402

ROWS = 2000
TP = _bench_rows.UserAuthRow


@pytest.fixture(scope="module")
def jsv_cells() -> list[str]:
    return _bench_rows.cells(ROWS)


@pytest.fixture(scope="module")
def json_cells() -> list[str]:
    return _bench_rows.json_cells(ROWS)


@pytest.fixture(scope="module")
def typed_rows() -> list[Any]:
    return _bench_rows.rows(ROWS)


@pytest.fixture(scope="module")
def target() -> Any:
    return jsv.arrow.schema(TP)


@pytest.mark.benchmark(group="arrow")
def test_arrow_jsv(benchmark: Any, jsv_engine: str, jsv_cells: list[str], target: Any) -> None:
    cells = pa.array(jsv_cells, pa.string())
    result = benchmark(jsv.arrow.decode, cells, TP)
    assert result.type == target and len(result) == ROWS
    assert result[0].as_py()["order"]["id"] == 100_000


@pytest.mark.benchmark(group="arrow")
def test_arrow_json_loads_pyarrow(
    benchmark: Any, json_cells: list[str], jsv_cells: list[str], target: Any
) -> None:
    result = benchmark(_bench_arrow.json_to_arrow, json_cells, target)
    assert result.equals(jsv.arrow.decode(jsv_cells, TP))


@pytest.mark.benchmark(group="arrow")
def test_arrow_polars(benchmark: Any, json_cells: list[str], jsv_cells: list[str]) -> None:
    pl = pytest.importorskip("polars")
    series = pl.Series("cells", _bench_arrow.json_entries(json_cells))
    result = benchmark(series.str.json_decode, _bench_arrow.polars_dtype())
    mine = jsv.arrow.decode(jsv_cells, TP).to_pylist()
    theirs = result.to_list()
    text = _bench_arrow.polars_text_fields()  # what an old Polars leaves as text
    for r in theirs:
        order = r["order"]
        if order and "date" in text:
            order["due"] = dt.date.fromisoformat(order["due"])
        if order and "decimal" in text:
            order["total"] = Decimal(order["total"])
            for line in order["lines"]:
                line["unit_price"] = Decimal(line["unit_price"])
    assert [r["order"] for r in theirs] == [r["order"] for r in mine]
    assert [[(e["key"], e["value"]) for e in r["meta"]] for r in theirs] == [
        r["meta"] for r in mine
    ]


@pytest.mark.benchmark(group="arrow")
def test_arrow_duckdb(benchmark: Any, json_cells: list[str], jsv_cells: list[str]) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.register("cells", pa.table({"c": pa.array(json_cells, pa.string())}))
    sql = f"SELECT json_transform(c, '{_bench_arrow.duckdb_type()}') AS v FROM cells"

    def run() -> Any:
        relation = con.sql(sql)
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
        return fetch()

    result = benchmark(run)
    mine = jsv.arrow.decode(jsv_cells, TP).to_pylist()
    theirs = result.column("v").to_pylist()
    assert [r["order"]["total"] if r["order"] else None for r in theirs] == [
        r["order"]["total"] if r["order"] else None for r in mine
    ]
    assert [r["roles"] for r in theirs] == [r["roles"] for r in mine]


@pytest.mark.benchmark(group="batch")
def test_batch_decode_many(
    benchmark: Any, jsv_engine: str, jsv_cells: list[str], typed_rows: list[Any]
) -> None:
    decoder = jsv.Decoder(TP)
    assert benchmark(decoder.decode_many, jsv_cells) == typed_rows


@pytest.mark.benchmark(group="batch")
def test_batch_loop_of_decode(
    benchmark: Any, jsv_engine: str, jsv_cells: list[str], typed_rows: list[Any]
) -> None:
    decoder = jsv.Decoder(TP)
    decode = decoder.decode
    assert benchmark(lambda: [decode(c) for c in jsv_cells]) == typed_rows


def test_bench_arrow_command(capsys: pytest.CaptureFixture[str]) -> None:

    assert _cli.main(["bench", "--arrow", "--rows", "300"]) == 0
    out = capsys.readouterr().out
    for name in ("jsv.arrow.decode", "json.loads + pyarrow.array", "Decoder.decode_many"):
        assert name in out
    assert "peak memory of jsv.arrow.decode on 300 rows" in out
