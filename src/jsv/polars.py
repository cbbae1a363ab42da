"""JSV columns in Polars: ``pl.col("Roles").jsv.decode(List[str])``.

``import jsv.polars`` registers a ``jsv`` namespace on Polars expressions and
Series (``pip install 'jsv-text[polars]'``)::

    import polars as pl
    import jsv.polars

    df = pl.read_database_uri('SELECT * FROM "Customer"', "sqlite:///ormlite.sqlite")
    df.with_columns(pl.col("Address").jsv.decode(Address))

* ``.jsv.decode(T, *, on_error="raise", lenient=False, decimal=(38, 9))``
  turns a ``String`` (or ``Binary``) column of JSV cells into a column of
  ``dtype(T)``: a ``Struct`` for a dataclass, ``List`` for ``List[T]``, ...
  Each cell decodes exactly as ``jsv.loads(cell, type=T)`` does; a null cell
  is null.  ``on_error="null"`` makes a bad cell null instead of raising.
* ``.jsv.encode(T=None, *, rename=None)`` turns a column back into JSV
  cells, as :func:`jsv.dumps` writes the typed values: keys are the class's
  wire names (its dataclasses-json metadata, else its field names), so the
  text is what OrmLite stores when those are the C# property names, as for
  :mod:`jsv.servicestack`'s classes; ``rename="pascal"`` writes them for a
  dataclass of snake_case fields.

The expressions are elementwise (``map_batches(..., is_elementwise=True)``),
so they run batch by batch in Polars' streaming engine
(``lazy_frame.collect(engine="streaming")``) and on any slice of a frame.  The
work is :mod:`jsv.arrow`'s: cells go to it through the Arrow C stream
interface, without a copy, and its Arrow array becomes the Polars column.

Polars maps Arrow types as it always does: ``decimal128`` to ``Decimal``,
``timestamp[us, UTC]`` to ``Datetime("us", "UTC")``, ``map`` to ``Map``
where Polars has it (``List(Struct([key, value]))`` before), and the
``arrow.uuid`` extension type to its 16-byte ``Binary`` storage.
"""

from __future__ import annotations

from typing import Any, Tuple

import polars as pl
import pyarrow as pa

from . import arrow as _arrow
from ._columns import DEFAULT_DECIMAL
from ._errors import JSVError
from ._typed import _type_name

__all__ = ["dtype", "decode", "encode", "JSVPolarsError"]


class JSVPolarsError(JSVError):
    """A bad cell met by a ``.jsv`` *expression*, with the cell's error message.

    Polars re-raises an exception from inside an expression as a new instance
    of its class built from the message alone (plus the expression), so the
    cell's :class:`~jsv.JSVDecodeError` or :class:`~jsv.JSVValidationError`
    arrives as this :class:`~jsv.JSVError` instead; its message keeps the
    original's, ``(row N)`` included (rows count within the batch Polars
    passed).  The Series methods raise the original errors.
    """


JSVPolarsError.__module__ = "jsv.polars"

_POLICIES = ("raise", "null")


def _policy(on_error: str) -> str:
    if on_error not in _POLICIES:
        raise ValueError(
            f"on_error must be 'raise' or 'null' in a Polars expression, not {on_error!r}"
        )
    return on_error


def dtype(type: Any, *, decimal: Tuple[int, int] = DEFAULT_DECIMAL) -> pl.DataType:
    """The Polars dtype that ``.jsv.decode(type)`` gives: Polars' reading of
    ``jsv.arrow.schema(type)``.

    Raises:
        TypeError: ``type`` has no Arrow layout (see :mod:`jsv.arrow`).
    """
    empty = pl.Series("", pa.nulls(0, _arrow.schema(type, decimal=decimal)))
    return empty.dtype


def decode(
    series: pl.Series,
    type: Any,
    *,
    on_error: str = "raise",
    lenient: bool = False,
    decimal: Tuple[int, int] = DEFAULT_DECIMAL,
) -> pl.Series:
    """A Series of JSV cells decoded as ``type``; the Series form of ``.jsv.decode``.

    Raises:
        JSVDecodeError, JSVValidationError: a bad cell, with ``on_error="raise"``
            (``row`` is its index in ``series``).
        ValueError: ``on_error`` is not ``"raise"`` or ``"null"``.
        TypeError: ``type`` has no Arrow layout, or the Series holds no text.
    """
    array = _arrow.decode(
        series, type, on_error=_policy(on_error), lenient=lenient, decimal=decimal
    )
    return pl.Series(series.name, array)


def _as_layout(array: pa.Array, target: pa.DataType) -> pa.Array:
    """``array`` (Polars' Arrow export) in jsv.arrow's layout ``target``.

    A Polars without a ``Map`` dtype exports a dict column as
    ``(large_)list<struct<key, value>>``; this rebuilds the maps (and the
    structs and lists around them) so that ``jsv.arrow.encode`` sees maps.
    Everything else is returned as it is.
    """
    t = array.type
    if pa.types.is_map(target) and (pa.types.is_list(t) or pa.types.is_large_list(t)):
        entries = array.values
        if pa.types.is_struct(entries.type) and entries.type.num_fields == 2:
            return pa.MapArray.from_arrays(
                array.offsets.cast(pa.int32()),
                _as_layout(entries.field(0), target.key_type),
                _as_layout(entries.field(1), target.item_type),
                mask=array.is_null() if array.null_count else None,
            )
    if pa.types.is_struct(target) and pa.types.is_struct(t):
        names = [target.field(i).name for i in range(target.num_fields)]
        if names == [t.field(i).name for i in range(t.num_fields)]:
            children = [
                _as_layout(array.field(i), target.field(i).type) for i in range(t.num_fields)
            ]
            return pa.StructArray.from_arrays(
                children, names=names, mask=array.is_null() if array.null_count else None
            )
    if pa.types.is_list(target) and (pa.types.is_list(t) or pa.types.is_large_list(t)):
        values = _as_layout(array.values, target.value_type)
        if values is not array.values:
            return pa.ListArray.from_arrays(
                array.offsets.cast(pa.int32()),
                values,
                mask=array.is_null() if array.null_count else None,
            )
    return array


def encode(series: pl.Series, type: Any = None, *, rename: Any = None) -> pl.Series:
    """A Series written as JSV cells (``String``); the Series form of ``.jsv.encode``.

    ``rename`` gives the key names written for dataclasses, as for
    :func:`jsv.arrow.encode`.

    Raises:
        JSVValidationError: a row that does not fit ``type`` (with its ``row``).
    """
    if type is None:
        cells = _arrow.encode(series, None, rename=rename)
        return pl.Series(series.name, cells, dtype=pl.String)
    target = _arrow.schema(type)
    arrow = series.to_arrow()
    chunked = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    chunks = [_as_layout(c, target) for c in chunked]
    cells = _arrow.encode(pa.chunked_array(chunks) if chunks else arrow, type, rename=rename)
    return pl.Series(series.name, cells, dtype=pl.String)


@pl.api.register_expr_namespace("jsv")
class JSVExprNamespace:
    """``expr.jsv``: decode and encode JSV cells inside Polars expressions."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def decode(
        self,
        type: Any,
        *,
        on_error: str = "raise",
        lenient: bool = False,
        decimal: Tuple[int, int] = DEFAULT_DECIMAL,
    ) -> pl.Expr:
        """Cells of JSV text -> a column of :func:`dtype` ``(type)``; see the module doc."""
        _policy(on_error)
        out = dtype(type, decimal=decimal)
        type_name = f"bad JSV for {_type_name(type)}"

        def run(s: pl.Series) -> pl.Series:
            try:
                return decode(s, type, on_error=on_error, lenient=lenient, decimal=decimal)
            except JSVError as err:
                raise JSVPolarsError(f"{type_name}: {err}") from err

        return self._expr.map_batches(run, return_dtype=out, is_elementwise=True)

    def encode(self, type: Any = None, *, rename: Any = None) -> pl.Expr:
        """A column -> cells of JSV text, as :func:`jsv.dumps` writes the typed values."""

        def run(s: pl.Series) -> pl.Series:
            try:
                return encode(s, type, rename=rename)
            except JSVError as err:
                raise JSVPolarsError(str(err)) from err

        return self._expr.map_batches(run, return_dtype=pl.String, is_elementwise=True)


@pl.api.register_series_namespace("jsv")
class JSVSeriesNamespace:
    """``series.jsv``: decode and encode JSV cells of a Series."""

    def __init__(self, series: pl.Series) -> None:
        self._series = series

    def decode(
        self,
        type: Any,
        *,
        on_error: str = "raise",
        lenient: bool = False,
        decimal: Tuple[int, int] = DEFAULT_DECIMAL,
    ) -> pl.Series:
        """See :func:`decode`."""
        return decode(self._series, type, on_error=on_error, lenient=lenient, decimal=decimal)

    def encode(self, type: Any = None, *, rename: Any = None) -> pl.Series:
        """See :func:`encode`."""
        return encode(self._series, type, rename=rename)
