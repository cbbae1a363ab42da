"""Rows per second of jsv's Polars, DuckDB and Spark paths next to each engine's own JSON.

    python benchmarks/integrations_speed.py [--rows 1000000] [--engines polars,duckdb,spark]
                                            [--repeat 3] [--cache cells.parquet]

The cells are OrmLite-like (``jsv._bench_rows``): a ``List<string>``, a
``Dictionary<string,string>`` and a nested order with lines, dates, decimals
and an enum, one document per row, about 230 bytes of JSV each.  The same
rows as JSON (numbers as numbers; decimals, dates and enums as text) go to
each engine's native JSON reader into the equivalent nested type:

* Polars: ``pl.col(c).jsv.decode(UserAuthRow)`` vs ``pl.col(c).str.json_decode(dtype)``;
* DuckDB: ``jsv.duckdb.register``'s function vs ``from_json(c, structure)``;
* Spark (local[2], bound to 127.0.0.1): ``mapInArrow`` with ``jsv.arrow.decode`` vs
  ``from_json(c, schema)``, both reading the cells from Parquet and writing
  to Spark's ``noop`` sink.

Each figure is the best of ``--repeat`` runs.  jsv's result is typed
(``Decimal``, ``datetime``, enum text checked), the native readers' dates
and decimals stay strings: compare the ratios, on the same machine, in one
run.  Before timing, the script checks that every path decoded every row
and that sampled rows equal ``jsv.loads(cell, type=UserAuthRow)``.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Tuple

import pyarrow as pa
import pyarrow.parquet as pq

import jsv
from jsv._bench_rows import UserAuthRow, cells, json_cells

Timing = Tuple[str, str, float]


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def check_rows(values: List[Any], jsv_cells: List[str], what: str) -> None:
    """Sampled decoded rows (Python values of the engine) equal jsv.loads of their cell."""
    assert len(values) == len(jsv_cells), f"{what}: {len(values)} rows"
    step = max(1, len(values) // 200)
    for i in range(0, len(values), step):
        got = None if values[i] is None else jsv.convert(values[i], UserAuthRow)
        assert got == jsv.loads(jsv_cells[i], type=UserAuthRow), f"{what}: row {i}"


def run_polars(jsv_cells: List[str], js_cells: List[str], repeat: int) -> List[Timing]:
    import polars as pl

    import jsv.polars  # noqa: F401 - registers the .jsv namespace
    from jsv.arrow import schema
    from jsv.polars import _as_layout


    df = pl.DataFrame({"jsv": jsv_cells, "json": js_cells})
    typed = df.select(pl.col("jsv").jsv.decode(UserAuthRow))["jsv"]
    # through Arrow, with maps restored where an old Polars has no Map dtype
    layout = schema(UserAuthRow)
    chunks = [_as_layout(c, layout) for c in pa.chunked_array(typed.to_arrow()).chunks]
    values = [v for c in chunks for v in c.to_pylist(maps_as_pydicts="strict")]
    check_rows(values, jsv_cells, "polars")
    # the native reader's dtype: the JSON's own shape (dates, decimals, enums as text)
    sample = "\n".join(js_cells[:10_000]).encode()
    json_dtype = pl.Struct(pl.read_ndjson(io.BytesIO(sample)).schema)
    native = df.select(pl.col("json").str.json_decode(json_dtype))["json"]
    assert native.len() == len(js_cells) and native.null_count() == 0
    t_jsv = best(lambda: df.select(pl.col("jsv").jsv.decode(UserAuthRow)), repeat)
    t_json = best(lambda: df.select(pl.col("json").str.json_decode(json_dtype)), repeat)
    return [("polars", "jsv .jsv.decode", t_jsv), ("polars", "native str.json_decode", t_json)]


def run_duckdb(jsv_cells: List[str], js_cells: List[str], repeat: int) -> List[Timing]:
    import duckdb

    import jsv.duckdb

    con = duckdb.connect()
    con.register("t", pa.table({"jsv": jsv_cells, "json": js_cells}))
    jsv.duckdb.register(con, "user_row", UserAuthRow)
    got = con.sql("SELECT user_row(jsv) AS r FROM t").to_arrow_table()["r"]
    check_rows(got.to_pylist(maps_as_pydicts="strict"), jsv_cells, "duckdb")
    # DuckDB's structure of the JSON, from the rows themselves
    structure = con.sql(
        "SELECT json_group_structure(json::JSON) FROM (SELECT json FROM t LIMIT 10000)"
    ).fetchall()[0][0]
    count = con.sql(f"SELECT count(from_json(json, '{structure}')) FROM t").fetchall()[0][0]
    assert count == len(js_cells)
    # Materialise the results (to Arrow), as a consumer of the typed column would.
    t_jsv = best(lambda: con.sql("SELECT user_row(jsv) FROM t").to_arrow_table(), repeat)
    native_sql = f"SELECT from_json(json, '{structure}') FROM t"
    t_json = best(lambda: con.sql(native_sql).to_arrow_table(), repeat)
    return [("duckdb", "jsv register() UDF", t_jsv), ("duckdb", "native from_json", t_json)]


def run_spark(jsv_cells: List[str], js_cells: List[str], repeat: int) -> List[Timing]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from jsv.arrow import decode, schema

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "cells.parquet")
            table = pa.table({"jsv": jsv_cells, "json": js_cells})
            pq.write_table(table, path, row_group_size=100_000)
            df = spark.read.parquet(path)
            out = pa.schema([("r", schema(UserAuthRow))])

            def decode_batches(batches: Any) -> Any:
                for b in batches:
                    column = decode(b.column("jsv"), UserAuthRow)
                    yield pa.RecordBatch.from_arrays([column], schema=out)

            typed = df.select("jsv").mapInArrow(decode_batches, from_arrow_schema(out))
            got = typed.toArrow()["r"].to_pylist(maps_as_pydicts="strict")
            check_rows(got, jsv_cells, "spark")
            json_schema = spark.read.json(
                spark.sparkContext.parallelize(js_cells[:10_000], 2)
            ).schema
            native = df.select(F.from_json("json", json_schema).alias("r"))
            assert native.where(F.col("r").isNull()).count() == 0

            def sink(frame: Any) -> None:
                frame.write.format("noop").mode("overwrite").save()

            t_jsv = best(lambda: sink(typed), repeat)
            t_json = best(lambda: sink(native), repeat)
    finally:
        spark.stop()
    return [("spark", "jsv mapInArrow", t_jsv), ("spark", "native from_json", t_json)]


RUNNERS: Dict[str, Callable[[List[str], List[str], int], List[Timing]]] = {
    "polars": run_polars,
    "duckdb": run_duckdb,
    "spark": run_spark,
}


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="polars,duckdb,spark")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cache", metavar="PATH", help="keep the generated cells in this Parquet file"
    )
    args = parser.parse_args(argv)
    t = time.perf_counter()
    if args.cache and os.path.exists(args.cache):
        cached = pq.read_table(args.cache)
        jsv_cells = cached["jsv"].to_pylist()
        js_cells = cached["json"].to_pylist()
        assert len(jsv_cells) == args.rows, f"{args.cache} holds {len(jsv_cells)} rows"
    else:
        jsv_cells = cells(args.rows)
        js_cells = json_cells(args.rows)
        if args.cache:
            pq.write_table(pa.table({"jsv": jsv_cells, "json": js_cells}), args.cache)
    print(
        f"{args.rows:,} rows, {sum(map(len, jsv_cells)) / args.rows:.0f} B of JSV and "
        f"{sum(map(len, js_cells)) / args.rows:.0f} B of JSON per row "
        f"(ready in {time.perf_counter() - t:.0f} s); jsv engine: {jsv.implementation}",
        flush=True,
    )
    results: List[Timing] = []
    print(f"{'engine':8} {'path':26} {'seconds':>8} {'rows/s':>12}", flush=True)
    for name in args.engines.split(","):
        for engine, path, seconds in RUNNERS[name](jsv_cells, js_cells, args.repeat):
            results.append((engine, path, seconds))
            print(f"{engine:8} {path:26} {seconds:8.2f} {args.rows / seconds:12,.0f}", flush=True)
    by_engine: Dict[str, List[float]] = {}
    for engine, _, seconds in results:
        by_engine.setdefault(engine, []).append(seconds)
    for engine, (t_jsv, t_json) in by_engine.items():
        print(f"{engine}: jsv at {t_json / t_jsv:.2f}x the native JSON reader's rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
