"""jsv.polars: the expression and Series namespaces, on the example database."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")

import jsv  # noqa: E402
import jsv.polars  # noqa: E402
from integrations.integration_oracle import (  # noqa: E402
    BAD_CELLS,
    BAD_CELLS_NULL,
    as_typed,
    expected_values,
)
from jsv.polars import JSVPolarsError  # noqa: E402


def frame(customer_cells: Dict[str, List[Any]]) -> Any:
    return pl.DataFrame(customer_cells, schema={name: pl.String for name in customer_cells})


def test_expressions_decode_the_example_table_in_the_streaming_engine(
    customer_cells: Dict[str, List[Any]], customer_types: Dict[str, Any]
) -> None:
    out = (
        frame(customer_cells)
        .lazy()
        .with_columns(pl.col(n).jsv.decode(tp) for n, tp in customer_types.items())
        .collect(engine="streaming")
    )
    assert out.height == 5000
    for name, tp in customer_types.items():
        assert out.schema[name] == jsv.polars.dtype(tp)
        assert as_typed(out[name].to_list(), tp) == expected_values(customer_cells[name], tp)
    address = out["Address"].struct.field("city")
    assert address[2] == "New York, NY"
    assert out["Orders"].list.len().sum() > 5000


def test_series_namespace_gives_the_same_column(
    customer_cells: Dict[str, List[Any]], customer_types: Dict[str, Any]
) -> None:
    df = frame(customer_cells)
    tp = customer_types["Orders"]
    by_series = df["Orders"].jsv.decode(tp)
    by_expr = df.select(pl.col("Orders").jsv.decode(tp))["Orders"]
    assert by_series.name == "Orders"
    assert by_series.equals(by_expr)


def test_elementwise_expression_runs_per_batch() -> None:
    seen: List[int] = []

    def spy(s: Any) -> Any:
        seen.append(len(s))
        return s

    cells = ["[a,b]"] * 160_000
    lf = pl.LazyFrame({"c": cells}).with_columns(
        pl.col("c").map_batches(spy, return_dtype=pl.String, is_elementwise=True).alias("s"),
        pl.col("c").jsv.decode(List[str]),
    )
    out = lf.collect(engine="streaming")
    assert len(seen) > 1 and sum(seen) == 160_000  # the engine split the column
    assert out["c"].to_list() == [["a", "b"]] * 160_000


def test_encode_writes_what_ormlite_stores(
    customer_cells: Dict[str, List[Any]], customer_types: Dict[str, Any]
) -> None:
    decoded = frame(customer_cells).with_columns(
        pl.col(n).jsv.decode(tp) for n, tp in customer_types.items()
    )
    for name, tp in customer_types.items():
        texts = decoded.select(pl.col(name).jsv.encode(tp))[name]
        assert texts.dtype == pl.String
        assert expected_values(texts.to_list(), tp) == expected_values(customer_cells[name], tp)
    # Tags are plain strings: the very same text comes back
    tags = decoded.select(pl.col("Tags").jsv.encode())["Tags"].to_list()
    assert tags == customer_cells["Tags"]
    # examples/ormlite_db.py writes its cells with jsv.dumps(value, rename="pascal")
    address = customer_types["Address"]
    out = decoded.select(pl.col("Address").jsv.encode(address, rename="pascal"))
    assert out["Address"].to_list() == customer_cells["Address"]
    series = decoded["Address"].jsv.encode(address, rename="pascal")
    assert series.to_list() == customer_cells["Address"]


def test_bad_cells_under_each_policy() -> None:
    s = pl.Series("c", BAD_CELLS, dtype=pl.String)
    assert s.jsv.decode(List[str], on_error="null").to_list() == BAD_CELLS_NULL
    df = pl.DataFrame({"c": s})
    out = df.select(pl.col("c").jsv.decode(List[str], on_error="null"))
    assert out["c"].to_list() == BAD_CELLS_NULL

    with pytest.raises(jsv.JSVDecodeError) as info:
        s.jsv.decode(List[str])
    assert info.value.row == 2
    with pytest.raises(JSVPolarsError, match=r"Unterminated list.*\(row 2\)") as info2:
        df.select(pl.col("c").jsv.decode(List[str]))
    assert isinstance(info2.value, jsv.JSVError)
    with pytest.raises(ValueError, match="on_error"):
        pl.col("c").jsv.decode(List[str], on_error="collect")


def test_dtype_of_common_types() -> None:
    assert jsv.polars.dtype(List[str]) == pl.List(pl.String)
    assert jsv.polars.dtype(Dict[str, int]) in (
        getattr(pl, "Map", lambda k, v: None)(pl.String, pl.Int64),
        pl.List(pl.Struct({"key": pl.String, "value": pl.Int64})),
    )
