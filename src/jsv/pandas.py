"""JSV columns in pandas: ``df["Roles"].jsv.decode(List[str])``.

``import jsv.pandas`` registers a ``jsv`` accessor on Series
(``pip install 'jsv-text[pandas]'``)::

    import pandas as pd
    import jsv.pandas

    df = pd.read_sql('SELECT * FROM "Customer"', engine)
    df["Address"] = df["Address"].jsv.decode(Address)
    df["Address"].struct.field("city")

* ``.jsv.decode(T, *, on_error="raise", lenient=False, decimal=(38, 9))``
  gives an Arrow-backed Series (``pd.ArrowDtype(jsv.arrow.schema(T))``) with
  the same index and name: ``struct`` for a dataclass (``.struct.field``),
  ``list`` for a list (``.list``), and so on.  Each cell decodes exactly as
  ``jsv.loads(cell, type=T)`` does; missing cells (``None``, ``NaN``, ``NA``)
  stay missing.  ``on_error="null"`` makes a bad cell missing instead of
  raising; ``on_error="collect"`` returns ``(series, errors)``.
* ``.jsv.encode(T=None, *, rename=None)`` writes each value back as a JSV
  cell (``pd.ArrowDtype(pa.string())``), as :func:`jsv.dumps` writes the
  typed values: keys are the class's wire names (its dataclasses-json
  metadata, else its field names), so the text is what OrmLite stores when
  those are the C# property names, as for :mod:`jsv.servicestack`'s classes;
  ``rename="pascal"`` writes them for a dataclass of snake_case fields.

The work is :mod:`jsv.arrow`'s: the cells become one Arrow string array
(zero-copy when the column is already Arrow-backed).
"""

from __future__ import annotations

from typing import Any, Mapping, Tuple

import pandas as pd
import pyarrow as pa

from . import arrow as _arrow
from ._columns import DEFAULT_DECIMAL

__all__ = ["JSVAccessor", "decode_columns"]


def _cells(series: pd.Series) -> Any:
    """The Series as an Arrow array; NaN/None/NA become nulls."""
    return pa.array(series, from_pandas=True)


def _wrap(array: Any, like: pd.Series) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(array), index=like.index, name=like.name)


@pd.api.extensions.register_series_accessor("jsv")
class JSVAccessor:
    """``series.jsv``: decode and encode JSV cells."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def decode(
        self,
        type: Any,
        *,
        on_error: str = "raise",
        lenient: bool = False,
        decimal: Tuple[int, int] = DEFAULT_DECIMAL,
    ) -> Any:
        """Cells of JSV text -> an Arrow-backed Series of ``jsv.arrow.schema(type)``.

        Raises:
            JSVDecodeError, JSVValidationError: a bad cell, with
                ``on_error="raise"`` (``row`` is its position, not its label).
            TypeError: ``type`` has no Arrow layout, or the cells are not text.
        """
        result = _arrow.decode(
            _cells(self._series), type, on_error=on_error, lenient=lenient, decimal=decimal
        )
        if on_error == "collect":
            array, errors = result
            return _wrap(array, self._series), errors
        return _wrap(result, self._series)

    def encode(self, type: Any = None, *, rename: Any = None) -> pd.Series:
        """Each value -> its JSV cell (``None`` stays missing), as ``jsv.dumps`` writes it.

        ``rename`` gives the key names written for dataclasses, as for
        :func:`jsv.arrow.encode`.

        Raises:
            JSVValidationError: a value that does not fit ``type``.
        """
        cells = _arrow.encode(_cells(self._series), type, rename=rename)
        return _wrap(cells, self._series)


def decode_columns(
    frame: pd.DataFrame,
    types: Mapping[str, Any],
    *,
    on_error: str = "raise",
    lenient: bool = False,
    decimal: Tuple[int, int] = DEFAULT_DECIMAL,
) -> pd.DataFrame:
    """A copy of ``frame`` with each column named in ``types`` decoded as its type.

    ``frame[name].jsv.decode(type)`` for every entry, as one function: hand it
    to ``dask.dataframe.DataFrame.map_partitions`` (it pickles by reference,
    and importing it on a worker registers the accessor there).  Decoding an
    empty frame gives the result's dtypes, which is what Dask's ``meta``
    needs: ``meta=decode_columns(ddf._meta, types)``.

    Raises:
        KeyError: a name that is not a column.
        JSVDecodeError, JSVValidationError: a bad cell, with ``on_error="raise"``.
        ValueError: ``on_error="collect"`` (there is no place for the errors).
    """
    if on_error == "collect":
        raise ValueError("decode_columns takes on_error='raise' or 'null', not 'collect'")
    out = frame.copy(deep=False)
    for name, tp in types.items():
        out[name] = frame[name].jsv.decode(tp, on_error=on_error, lenient=lenient, decimal=decimal)
    return out
