"""``jsv bench --arrow``: JSV cells into Arrow against the JSON readers of the data tools.

The same OrmLite-like rows (:mod:`jsv._bench_rows`) are decoded, in one
process and one run, by

* ``jsv.arrow.decode`` from their JSV cells;
* Polars' ``str.json_decode`` from the same rows as JSON, with the same schema
  (Polars has no map type, so ``meta`` is given to it as the list of
  ``{key, value}`` entries that an Arrow map holds);
* DuckDB's ``json_transform`` from the JSON, with the same schema, the result
  fetched as Arrow;
* ``json.loads`` per cell and ``pyarrow.array`` with the schema -- the route a
  user builds by hand -- with the date, date-time and decimal texts made
  ``date``, ``datetime`` and ``Decimal`` in between (``pyarrow.array`` takes no
  text for them, and casting a struct column's text fails on the empty slots
  under null structs);

and ``Decoder.decode_many`` against a loop of ``Decoder.decode`` (interleaved,
best of three, on at most 200,000 of the rows).  Peak memory
is traced (tracemalloc: Python objects and jsv's buffers) while
``jsv.arrow.decode`` runs on a part of the rows, and compared with the size of
the Arrow data it returns.  Whatever is not installed is skipped with a note.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tracemalloc
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Callable, List, Optional, Tuple

import pyarrow as pa

from . import _bench_rows, _engine, arrow
from ._typed import Decoder

__all__ = [
    "run_arrow",
    "polars_dtype",
    "polars_reads",
    "polars_text_fields",
    "duckdb_type",
    "json_to_arrow",
    "json_entries",
]

DUCKDB_TYPE = json.dumps(
    {
        "roles": "VARCHAR[]",
        "meta": "MAP(VARCHAR, VARCHAR)",
        "order": {
            "id": "BIGINT",
            "status": "VARCHAR",
            "created": "TIMESTAMPTZ",
            "due": "DATE",
            "total": "DECIMAL(38,9)",
            "lines": [{"sku": "VARCHAR", "quantity": "BIGINT", "unit_price": "DECIMAL(38,9)"}],
            "note": "VARCHAR",
        },
    }
)


def duckdb_type() -> str:
    """The JSON structure ``json_transform`` is given: the same schema in DuckDB's types."""
    return DUCKDB_TYPE


def polars_reads(dtype: Any, text: str) -> bool:
    """Whether this Polars reads ``dtype`` from the JSON text ``text`` (1.36 reads
    neither dates nor decimals)."""
    import polars as pl

    try:
        pl.Series([f'{{"v":{text}}}']).str.json_decode(pl.Struct({"v": dtype}))
    except BaseException:
        return False
    return True


def polars_text_fields() -> List[str]:
    """The kinds of field (``date``, ``decimal``) this Polars takes as text."""
    import polars as pl

    out = []
    if not polars_reads(pl.Date, '"2025-01-02"'):
        out.append("date")
    if not polars_reads(pl.Decimal(38, 9), '"1.5"'):
        out.append("decimal")
    return out


def polars_dtype() -> Any:
    """The Polars dtype of the rows (``meta`` as a list of key/value structs).

    Dates and decimals are ``pl.String`` on a Polars that cannot read them
    from JSON text (:func:`polars_text_fields`).
    """
    import polars as pl

    text = polars_text_fields()
    money = pl.String if "decimal" in text else pl.Decimal(38, 9)
    due = pl.String if "date" in text else pl.Date
    return pl.Struct(
        {
            "roles": pl.List(pl.String),
            "meta": pl.List(pl.Struct({"key": pl.String, "value": pl.String})),
            "order": pl.Struct(
                {
                    "id": pl.Int64,
                    "status": pl.String,
                    "created": pl.Datetime("us", "UTC"),
                    "due": due,
                    "total": money,
                    "lines": pl.List(
                        pl.Struct({"sku": pl.String, "quantity": pl.Int64, "unit_price": money})
                    ),
                    "note": pl.String,
                }
            ),
        }
    )


def _typed_json(value: Any) -> Any:
    order = value["order"]
    if order is not None:
        order["created"] = datetime.fromisoformat(order["created"].replace("Z", "+00:00"))
        order["due"] = date.fromisoformat(order["due"])
        order["total"] = Decimal(order["total"])
        for line in order["lines"]:
            line["unit_price"] = Decimal(line["unit_price"])
    return value


def json_to_arrow(json_cells: List[str], target: pa.DataType) -> pa.Array:
    """The by-hand route: ``json.loads`` each cell, type its texts, ``pyarrow.array``."""
    loads = json.loads
    return pa.array([_typed_json(loads(c)) for c in json_cells], type=target)


def json_entries(cells: List[str]) -> List[str]:
    """The JSON cells with ``meta`` as the list of ``{key, value}`` entries (for Polars)."""
    out = []
    for cell in cells:
        value = json.loads(cell)
        value["meta"] = [{"key": k, "value": v} for k, v in value["meta"].items()]
        out.append(json.dumps(value, separators=(",", ":")))
    return out


def _timed(fn: Callable[[], Any], repeat: int) -> Tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def _peak(fn: Callable[[], Any]) -> Tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def run_arrow(rows: int = 1_000_000, repeat: int = 1, stream: Optional[IO[str]] = None) -> int:
    """Prints rows/s of each reader and the ratios, from one run on the same rows."""
    out = stream or sys.stdout
    tp = _bench_rows.UserAuthRow
    t0 = time.perf_counter()
    cells = _bench_rows.cells(rows)
    json_cells = _bench_rows.json_cells(rows)
    jsv_array = pa.array(cells, pa.string())
    json_array = pa.array(json_cells, pa.string())
    out.write(
        f"jsv bench --arrow: {rows} OrmLite-like cells, JSV {jsv_array.nbytes / 1e6:.1f} MB, "
        f"JSON {json_array.nbytes / 1e6:.1f} MB, engine {_engine.implementation} "
        f"(data made in {time.perf_counter() - t0:.1f} s)\n"
    )
    results: List[Tuple[str, float]] = []

    seconds, decoded = _timed(lambda: arrow.decode(jsv_array, tp), repeat)
    results.append(("jsv.arrow.decode", seconds))
    if len(decoded) != rows:
        raise AssertionError("jsv.arrow.decode lost rows")

    try:
        import polars as pl

        dtype = polars_dtype()
        text = polars_text_fields()
        if text:
            out.write(f"(polars {pl.__version__} reads {' and '.join(text)} fields as text)\n")
        series = pl.Series("cells", json_entries(json_cells))
        json_decode = series.str.json_decode
        seconds, _ = _timed(lambda: json_decode(dtype), repeat)
        results.append(("polars str.json_decode", seconds))
        del series
    except ImportError:
        out.write("(polars not installed: skipped)\n")

    try:
        import duckdb

        con = duckdb.connect()
        table = pa.table({"c": json_array})
        con.register("cells", table)
        sql = f"SELECT json_transform(c, '{DUCKDB_TYPE}') AS v FROM cells"

        def run_duckdb() -> Any:
            relation = con.sql(sql)
            # DuckDB 2 names it to_arrow_table; 1.x arrow.
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
            return fetch()

        seconds, _ = _timed(run_duckdb, repeat)
        results.append(("duckdb json_transform", seconds))
        con.close()
    except ImportError:
        out.write("(duckdb not installed: skipped)\n")

    target = arrow.schema(tp)
    seconds, _ = _timed(lambda: json_to_arrow(json_cells, target), repeat)
    results.append(("json.loads + pyarrow.array", seconds))

    # Interleaved, best of three or more, on at most 200,000 rows: whichever
    # runs first on a fresh heap pays for growing it, which alone moves the
    # ratio by more than the difference being measured.
    decoder: Decoder[Any] = Decoder(tp)
    decode = decoder.decode
    batch = cells[:200_000]
    t_many = t_loop = float("inf")
    for _ in range(max(repeat, 3)):
        t_loop = min(t_loop, _timed(lambda: [decode(c) for c in batch], 1)[0])
        t_many = min(t_many, _timed(lambda: decoder.decode_many(batch), 1)[0])

    part = pa.array(cells[: min(rows, 100_000)], pa.string())
    peak, small = _peak(lambda: arrow.decode(part, tp))
    size = small.nbytes

    jsv_seconds = results[0][1]
    out.write(f"{'reader':<30} {'seconds':>9} {'rows/s':>12} {'jsv / reader':>13}\n")
    for name, seconds in results:
        out.write(
            f"{name:<30} {seconds:>9.2f} {rows / seconds:>12,.0f} {jsv_seconds / seconds:>12.2f}x\n"
        )
    out.write(
        f"{'Decoder.decode_many':<30} {t_many:>9.2f} {len(batch) / t_many:>12,.0f} "
        f"{t_many / t_loop:>12.2f}x  (/ a loop of Decoder.decode, {len(batch)} rows: "
        f"{t_loop:.2f} s)\n"
    )
    out.write(
        f"peak memory of jsv.arrow.decode on {len(part)} rows: {peak / 1e6:.1f} MB, "
        f"result {size / 1e6:.1f} MB: {peak / size:.2f}x\n"
    )
    return 0
