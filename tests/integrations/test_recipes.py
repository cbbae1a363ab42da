"""The README's Dask and Spark recipes, run as written: a distributed.LocalCluster with
worker processes, and a local SparkSession (a real JVM).  Few and small, for CI's time."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from integrations.integration_oracle import BAD_CELLS, BAD_CELLS_NULL, as_typed, expected_values

ROOT = Path(__file__).resolve().parents[2]


def recipe(name: str) -> str:
    """The README code block that starts with ``# recipe: NAME``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n# recipe: " + name + r"\n(.*?)```", text, re.S)
    assert found is not None, f"README has no '# recipe: {name}' block"
    return found.group(1)


def namespace(db: Path, example_types: Any) -> Dict[str, Any]:
    return {
        "db": str(db),
        "sqlite3": sqlite3,
        "List": List,
        "Optional": Optional,
        "Address": example_types.Address,
        "OrderLine": example_types.OrderLine,
    }


@pytest.fixture
def workers_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes run this interpreter and can import the example's types.

    Dask's worker processes start with this process's ``sys.path``
    (multiprocessing's spawn); Spark's Python workers with ``PYTHONPATH``.
    """
    examples = str(ROOT / "examples")
    monkeypatch.syspath_prepend(examples)
    path = os.pathsep.join(p for p in (examples, os.environ.get("PYTHONPATH")) if p)
    monkeypatch.setenv("PYTHONPATH", path)
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # Spark binds to loopback only


def check(columns: Dict[str, List[Any]], customer_cells: Dict[str, List[Any]], types: Any) -> None:
    for name, tp in types.items():
        assert as_typed(columns[name], tp) == expected_values(customer_cells[name], tp), name


def test_pandas_recipe(
    ormlite_db: Path, example_types: Any, customer_cells: Dict[str, List[Any]]
) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("sqlalchemy")
    import pyarrow as pa

    ns = namespace(ormlite_db, example_types)
    exec(compile(recipe("pandas"), "README.md (recipe: pandas)", "exec"), ns)
    df = ns["df"]
    types = {"Address": Optional[example_types.Address], "Orders": List[example_types.OrderLine]}
    columns = {n: pa.array(df[n].array).to_pylist(maps_as_pydicts="strict") for n in types}
    check(columns, customer_cells, types)
    addresses = expected_values(customer_cells["Address"], types["Address"])
    assert pa.array(ns["cities"].array).to_pylist() == [
        None if a is None else a.city for a in addresses
    ]
    orders = expected_values(customer_cells["Orders"], types["Orders"])
    assert list(ns["lines"]) == [len(o) for o in orders]
    stored = pa.array(ns["stored"].array).to_pylist()
    assert expected_values(stored, types["Address"]) == addresses


def test_dask_recipe(
    workers_env: None,
    ormlite_db: Path,
    example_types: Any,
    customer_cells: Dict[str, List[Any]],
) -> None:
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    import pandas as pd
    import pyarrow as pa
    from distributed import Client, LocalCluster

    import jsv.pandas

    ns = namespace(ormlite_db, example_types)
    exec(compile(recipe("dask"), "README.md (recipe: dask)", "exec"), ns)
    customers = ns["customers"]
    assert len(customers) == 5000 and list(customers.index) == list(range(1, 5001))
    columns = {
        n: pa.array(customers[n].array).to_pylist(maps_as_pydicts="strict") for n in ns["types"]
    }
    check(columns, customer_cells, ns["types"])

    # bad cells under each policy, on the cluster
    import dask.dataframe as dd

    frame = pd.DataFrame({"c": BAD_CELLS})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(
        cluster
    ):
        ddf = dd.from_pandas(frame, npartitions=2)
        types = {"c": List[str]}
        meta = jsv.pandas.decode_columns(ddf._meta, types)
        got = ddf.map_partitions(
            jsv.pandas.decode_columns, types, on_error="null", meta=meta
        ).compute()
        assert pa.array(got["c"].array).to_pylist() == BAD_CELLS_NULL
        # Either partition's first bad cell may arrive first: both are JSVErrors
        # with the row within their partition.
        with pytest.raises(jsv.JSVError, match=r"\(row [02]\)"):
            ddf.map_partitions(jsv.pandas.decode_columns, types, meta=meta).compute()


def test_spark_recipe(
    workers_env: None,
    ormlite_db: Path,
    example_types: Any,
    customer_cells: Dict[str, List[Any]],
) -> None:
    pytest.importorskip("pyspark")
    from pyspark.errors import PythonException
    from pyspark.sql.pandas.types import from_arrow_type

    from jsv.arrow import decode, schema

    ns = namespace(ormlite_db, example_types)
    try:
        exec(compile(recipe("spark"), "README.md (recipe: spark)", "exec"), ns)
        table = ns["customers"].orderBy("Id").toArrow()
        assert table.num_rows == 5000
        columns = {n: table[n].to_pylist(maps_as_pydicts="strict") for n in ns["types"]}
        check(columns, customer_cells, ns["types"])
        cities = ns["cities"].toArrow()["City"].to_pylist()
        addresses = expected_values(customer_cells["Address"], Optional[example_types.Address])
        assert sorted(cities, key=str) == sorted(
            (a.city if a is not None else None for a in addresses), key=str
        )

        # bad cells under each policy, in Spark's Python workers
        spark = ns["spark"]
        df = spark.createDataFrame([(c,) for c in BAD_CELLS], "c string")
        tags_type = from_arrow_type(schema(List[str]))
        lenient = ns["arrow_udf"](lambda c: decode(c, List[str], on_error="null"), tags_type)
        got = df.select(lenient("c").alias("t")).toArrow()["t"].to_pylist()
        assert got == BAD_CELLS_NULL
        strict = ns["arrow_udf"](lambda c: decode(c, List[str]), tags_type)
        # Either partition's first bad cell may fail the job first.
        bad = r"jsv\.JSV(Decode|Validation)Error: .*\(row [02]\)"
        with pytest.raises(PythonException, match=bad):
            df.select(strict("c")).collect()
    finally:
        if "spark" in ns:
            ns["spark"].stop()
