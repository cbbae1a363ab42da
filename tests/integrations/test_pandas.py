"""jsv.pandas: the Series accessor, on the example database read with pandas.read_sql."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
sqlalchemy = pytest.importorskip("sqlalchemy")

import jsv  # noqa: E402
import jsv.arrow  # noqa: E402
import jsv.pandas  # noqa: E402
from integrations.integration_oracle import (  # noqa: E402
    BAD_CELLS,
    BAD_CELLS_NULL,
    BAD_ROWS,
    as_typed,
    expected_values,
)


def pylist(series: Any) -> List[Any]:
    """An Arrow-backed Series' values as Python (None for missing, maps as dicts)."""
    return list(pa.array(series.array).to_pylist(maps_as_pydicts="strict"))


def test_accessor_on_read_sql(
    ormlite_db: Path, customer_cells: Dict[str, List[Any]], customer_types: Dict[str, Any]
) -> None:
    engine = sqlalchemy.create_engine(f"sqlite:///{ormlite_db}")
    df = pd.read_sql('SELECT * FROM "Customer" ORDER BY "Id"', engine, index_col="Id")
    for name, tp in customer_types.items():
        col = df[name].jsv.decode(tp)
        assert isinstance(col.dtype, pd.ArrowDtype)
        assert col.dtype.pyarrow_dtype == jsv.arrow.schema(tp)
        assert col.index.equals(df.index) and col.name == name
        values = pylist(col)
        assert as_typed(values, tp) == expected_values(customer_cells[name], tp)
        df[name] = col
    assert df.loc[3, "Address"]["city"] == "New York, NY"
    assert df["Address"].struct.field("city").loc[3] == "New York, NY"
    # and back: what OrmLite stored reads the same
    for name, tp in customer_types.items():
        texts = df[name].jsv.encode(tp)
        assert texts.dtype == pd.ArrowDtype(pa.string())
        assert expected_values(pylist(texts), tp) == expected_values(
            customer_cells[name], tp
        )
    # examples/ormlite_db.py writes its cells with jsv.dumps(value, rename="pascal")
    for name in ("Tags", "Attributes", "Address"):
        texts = df[name].jsv.encode(customer_types[name], rename="pascal")
        assert pylist(texts) == customer_cells[name]


def test_bad_cells_under_each_policy() -> None:
    s = pd.Series(BAD_CELLS, index=[f"k{i}" for i in range(len(BAD_CELLS))], dtype=object)
    got = s.jsv.decode(List[str], on_error="null")
    assert pylist(got) == BAD_CELLS_NULL
    assert list(got.index) == list(s.index)
    col, errors = s.jsv.decode(List[str], on_error="collect")
    assert pylist(col) == BAD_CELLS_NULL
    assert [e.row for e in errors] == BAD_ROWS
    assert [type(e) for e in errors] == [
        jsv.JSVDecodeError, jsv.JSVValidationError, jsv.JSVValidationError
    ]
    with pytest.raises(jsv.JSVDecodeError) as info:
        s.jsv.decode(List[str])
    assert info.value.row == 2
    # NaN and pd.NA are missing cells, like None
    missing = pd.Series(["[a]", float("nan"), pd.NA], dtype=object)
    assert pylist(missing.jsv.decode(List[str])) == [["a"], None, None]
