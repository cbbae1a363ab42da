"""jsv.duckdb: vectorised SQL functions, on the example database."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

import pytest

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")

import jsv  # noqa: E402
import jsv.duckdb  # noqa: E402
from integrations.integration_oracle import (  # noqa: E402
    BAD_CELLS,
    BAD_CELLS_NULL,
    as_typed,
    expected_values,
)


def connect(customer_cells: Dict[str, List[Any]]) -> Any:
    con = duckdb.connect()
    customers = pa.table({n: pa.array(c, pa.string()) for n, c in customer_cells.items()})
    con.register("customers", customers)
    return con


def test_typed_functions_on_the_example_table(
    customer_cells: Dict[str, List[Any]], customer_types: Dict[str, Any]
) -> None:
    con = connect(customer_cells)
    for name, tp in customer_types.items():
        jsv.duckdb.register(con, f"jsv_{name.lower()}", tp)
    calls = ", ".join(f'jsv_{n.lower()}("{n}") AS "{n}"' for n in customer_types)
    table = con.sql(f"SELECT {calls} FROM customers").to_arrow_table()
    assert table.num_rows == 5000
    for name, tp in customer_types.items():
        values = table[name].to_pylist(maps_as_pydicts="strict")
        assert as_typed(values, tp) == expected_values(customer_cells[name], tp)
    # the result has the DuckDB type sql_type() names, usable in SQL
    row = con.sql(
        'SELECT jsv_address("Address").city AS city, jsv_address("Address").geo.lat AS lat, '
        'len(jsv_orders("Orders")) AS n, typeof(jsv_orders("Orders")) AS t '
        "FROM customers LIMIT 1 OFFSET 2"
    ).fetchall()[0]
    assert row[:2] == ("New York, NY", 40.7128)
    assert row[2] == len(jsv.loads(customer_cells["Orders"][2], type=List[Any]))
    assert row[3] == str(con.sqltype(jsv.duckdb.sql_type(customer_types["Orders"])))


def test_sql_types() -> None:
    assert jsv.duckdb.sql_type(List[str]) == "VARCHAR[]"
    assert jsv.duckdb.sql_type(Dict[str, int]) == "MAP(VARCHAR, BIGINT)"
    assert jsv.duckdb.sql_type(Optional[float]) == "DOUBLE"


def test_jsv_to_json(customer_cells: Dict[str, List[Any]]) -> None:
    con = connect(customer_cells)
    jsv.duckdb.register(con)
    got = con.sql('SELECT jsv_to_json("Address") FROM customers').fetchall()
    expected = [None if c is None else jsv.loads(c) for c in customer_cells["Address"]]
    assert [None if g is None else json.loads(g) for (g,) in got] == expected
    # DuckDB's own JSON functions take it from there
    city = con.sql(
        """SELECT jsv_to_json("Address") ->> '$.City' FROM customers LIMIT 1 OFFSET 2"""
    ).fetchall()[0]
    assert city == ("New York, NY",)


def test_bad_cells_under_each_policy() -> None:
    con = duckdb.connect()
    con.register("t", pa.table({"i": list(range(len(BAD_CELLS))), "c": pa.array(BAD_CELLS)}))
    jsv.duckdb.register(con, "tags", List[str])
    jsv.duckdb.register(con, "tags_or_null", List[str], on_error="null")
    jsv.duckdb.register(con, on_error="null")
    jsv.duckdb.register(con, "strict_json")
    got = con.sql("SELECT tags_or_null(c), jsv_to_json(c) FROM t ORDER BY i").fetchall()
    assert [g[0] for g in got] == BAD_CELLS_NULL
    # untyped, only malformed text is bad; the empty document is JSON null
    assert [g[1] for g in got] == [
        '["a", "b"]', None, None, "null", '["ok", "c,d"]', '{"not": "a list"}'
    ]
    for fn in ("tags", "strict_json"):
        with pytest.raises(duckdb.Error, match="JSVDecodeError: Unterminated list"):
            con.sql(f"SELECT {fn}(c) FROM t").fetchall()
    with pytest.raises(ValueError, match="on_error"):
        jsv.duckdb.register(con, "x", List[str], on_error="collect")
    with pytest.raises(TypeError, match="needs a name"):
        jsv.duckdb.register(con, None, List[str])
