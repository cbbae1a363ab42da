"""Typed JSV columns to and from Apache Arrow (needs ``pip install 'jsv-text[arrow]'``).

OrmLite (before ServiceStack 8.9, and every app still set up that way) stores
each complex-typed property -- ``List<string>``, ``Dictionary<string,string>``,
nested objects -- as JSV text in a database cell.  This module reads a whole
column of such cells into one typed Arrow array, and writes one back:

* :func:`schema` -- the Arrow type of a Python type the typed layer supports;
* :func:`decode` -- JSV cells (an Arrow string array, chunked array, any Arrow
  C-interface producer such as a Polars Series, or a Python sequence) into an
  Arrow array of ``schema(type)``, one row per cell, with per-row errors;
* :func:`encode` -- an Arrow array back into JSV cells, as ``jsv.dumps`` writes
  the typed values (what OrmLite would store).

``import jsv`` never imports this module, nor pyarrow.

How Python types become Arrow types
===================================

=========================================== =====================================
Python type                                 Arrow type
=========================================== =====================================
dataclass, ``TypedDict``, ``NamedTuple``    ``struct``, fields named by the
                                            Python field names (not wire names)
``Tuple[A, B]``                             ``struct`` with fields ``"0"``, ``"1"``
``List[T]``, ``Set[T]``, ``Tuple[T, ...]``  ``list<item: T>``
``Dict[K, V]``                              ``map<K, V>``
``Enum``, ``Literal[...]``                  ``string``: the JSV text of the value
                                            (``jsv.dumps``: the member's value
                                            or name, flags as integers)
``Optional[T]``                             ``T`` (every Arrow field is nullable)
``str`` / ``bool`` / ``int`` / ``float``    ``string`` / ``bool`` / ``int64`` /
                                            ``double``
``Decimal``                                 ``decimal128(38, 9)``, or the
                                            ``decimal=(precision, scale)`` given
``datetime``                                ``timestamp[us, tz=UTC]``
``date`` / ``time`` / ``timedelta``         ``date32`` / ``time64[us]`` /
                                            ``duration[us]``
``UUID``                                    ``arrow.uuid`` (the canonical
                                            extension type) where pyarrow has it
                                            (18+), else ``fixed_size_binary(16)``
``bytes``, ``bytearray``                    ``binary``
=========================================== =====================================

* **Decimals.** ``decimal128(38, 9)`` holds every whole .NET ``System.Decimal``
  (29 digits) with nine places.  A value with more places than the scale, or
  more digits than the precision, is an error for its row (never rounded);
  pass ``decimal=(18, 2)`` for a money column, for example.
* **Date-times.** Arrow stores instants, so aware values (``Z``, ``+02:00``)
  are converted to UTC, and naive values -- JSV written without a zone -- are
  taken as UTC wall time.  Reading them back gives aware UTC datetimes.
* **Times** are naive in JSV.  A duration beyond int64 microseconds (about
  292,000 years) or an integer beyond int64 is an error for its row.
* Types without an Arrow layout -- ``Any``, unions of several types, recursive
  dataclasses -- raise :class:`TypeError` naming the type and its path.
* Enums and literals stay plain ``string`` columns.  Dictionary encoding was
  measured on the benchmark rows (``jsv bench --arrow``): it shrinks the
  ``status`` column from 0.51 MB to 0.21 MB per 50,000 rows, 3% of the whole
  result, and ``pyarrow.compute.dictionary_encode`` does it afterwards for
  0.4% of the decoding time; as a default it would cost more than that, since
  dictionaries must be unified across chunks and consumers (Polars'
  ``Categorical``) treat them differently from text.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import pyarrow as pa

from . import _columns, _engine, _typed
from ._api import Decoder, document_reader, dumps, on_error_policy
from ._columns import DEFAULT_DECIMAL, Column
from ._common import DEFAULT_MAX_DEPTH
from ._errors import JSVError

__all__ = ["schema", "decode", "encode", "DEFAULT_DECIMAL"]

#: How many cells are handed to the engine at a time (bounds the Python
#: strings alive at once).
_SLICE = 8192

_UUID_TYPE: Optional[pa.DataType] = pa.uuid() if hasattr(pa, "uuid") else None

_LAYOUTS: Dict[Tuple[Any, Tuple[int, int]], Tuple[Column, pa.DataType, pa.DataType]] = {}
_LAYOUTS_LIMIT = 1000
_LOCK = threading.Lock()

Strings = Any  # pyarrow arrays, Arrow C-interface producers or a sequence of str/bytes/None


def _arrow_type(col: Column, storage: bool) -> pa.DataType:
    kind = col.kind
    if kind == _columns.STRUCT:
        return pa.struct([pa.field(c.name, _arrow_type(c, storage)) for c in col.children])
    if kind == _columns.LIST:
        return pa.list_(pa.field("item", _arrow_type(col.children[0], storage)))
    if kind == _columns.MAP:
        key, value = col.children
        return pa.map_(_arrow_type(key, storage), _arrow_type(value, storage))
    if kind == _columns.UUID:
        return pa.binary(16) if storage or _UUID_TYPE is None else _UUID_TYPE
    if kind == _columns.DECIMAL:
        return pa.decimal128(col.precision, col.scale)
    return _SIMPLE[kind]


_SIMPLE: Dict[int, pa.DataType] = {
    _columns.STR: pa.string(),
    _columns.TEXT: pa.string(),
    _columns.BINARY: pa.binary(),
    _columns.BOOL: pa.bool_(),
    _columns.INT: pa.int64(),
    _columns.FLOAT: pa.float64(),
    _columns.DATE: pa.date32(),
    _columns.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    _columns.TIME: pa.time64("us"),
    _columns.DURATION: pa.duration("us"),
}


def _layout(tp: Any, decimal: Tuple[int, int]) -> Tuple[Any, Column, pa.DataType, pa.DataType]:
    """(plan, column layout, Arrow type, storage type) of ``tp``, cached per plan."""
    plan = _typed._get_plan(tp, _typed._Options(False, None, None))
    key = (plan, tuple(decimal))
    found = _LAYOUTS.get(key)  # type: ignore[arg-type]
    if found is None:
        col = _columns.compile_columns(plan, decimal)
        found = (col, _arrow_type(col, False), _arrow_type(col, True))
        with _LOCK:
            if len(_LAYOUTS) < _LAYOUTS_LIMIT:
                _LAYOUTS[key] = found  # type: ignore[index]
    return (plan, *found)


def schema(type: Any, *, decimal: Tuple[int, int] = DEFAULT_DECIMAL) -> pa.DataType:
    """The Arrow type that :func:`decode` gives for ``type`` (see the module docs).

    Args:
        type: a dataclass, ``List[X]``, ``Dict[K, V]``, ... as for :func:`jsv.loads`.
        decimal: ``(precision, scale)`` of ``decimal128`` columns for ``Decimal``.

    Raises:
        TypeError: ``type`` has no Arrow layout; the message names the type
            and where it sits (``$.order.extra``).
    """
    return _layout(type, decimal)[2]


# ---------------------------------------------------------------------------
# Input: what decode and encode accept
# ---------------------------------------------------------------------------

_TEXT_TYPES = (pa.string(), pa.large_string(), pa.binary(), pa.large_binary(), pa.null())


def _as_arrow(data: Any) -> Optional[Union[pa.Array, pa.ChunkedArray]]:
    """``data`` as a pyarrow array or chunked array, or None for a Python sequence."""
    if isinstance(data, (pa.Array, pa.ChunkedArray)):
        return data
    if hasattr(data, "__arrow_c_array__"):
        return pa.array(data)
    if hasattr(data, "__arrow_c_stream__"):
        return pa.chunked_array(data)
    return None


def _text_chunk(chunk: pa.Array) -> pa.Array:
    t = chunk.type
    if t in _TEXT_TYPES:
        return chunk
    if hasattr(pa, "string_view") and t == pa.string_view():
        return chunk.cast(pa.large_string())
    if pa.types.is_dictionary(t) and t.value_type in _TEXT_TYPES:
        return chunk.cast(t.value_type)
    raise TypeError(f"jsv.arrow.decode needs an array of strings, not one of {t}")


def _slices(chunk: pa.Array) -> Iterator[List[Any]]:
    for start in range(0, len(chunk), _SLICE):
        yield chunk.slice(start, _SLICE).to_pylist()


def _seq_slices(data: Iterable[Any]) -> Iterator[List[Any]]:
    batch: List[Any] = []
    for cell in data:
        batch.append(cell)
        if len(batch) == _SLICE:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------------------
# decode
# ---------------------------------------------------------------------------


def _policy(on_error: Any) -> int:
    return on_error_policy(on_error)


def _buffer(b: Any) -> Optional[pa.Buffer]:
    return None if b is None else pa.py_buffer(b)


def _assemble(
    col: Column, t: pa.DataType, tree: Tuple[Any, ...], never_null: bool = False
) -> pa.Array:
    """An Arrow array of storage type ``t`` from the buffers of ``ArrowColumn.finish``.

    ``never_null``: the keys of a map, which are given no validity bitmap, as
    older pyarrow versions require.
    """
    length, validity, offsets, values, children = tree
    if never_null:
        validity = None
    kind = col.kind
    if kind == _columns.STRUCT:
        kids = [
            _assemble(c, t.field(i).type, sub)
            for i, (c, sub) in enumerate(zip(col.children, children))
        ]
        return pa.Array.from_buffers(t, length, [_buffer(validity)], children=kids)
    if kind == _columns.LIST:
        (item,) = children
        kid = _assemble(col.children[0], t.value_type, item)
        return pa.Array.from_buffers(
            t, length, [_buffer(validity), _buffer(offsets)], children=[kid]
        )
    if kind == _columns.MAP:
        kcol, vcol = col.children
        keys = _assemble(kcol, t.key_type, children[0], never_null=True)
        items = _assemble(vcol, t.item_type, children[1])
        entries_type = pa.struct([t.key_field, t.item_field])
        entries = pa.Array.from_buffers(entries_type, len(keys), [None], children=[keys, items])
        return pa.Array.from_buffers(
            t, length, [_buffer(validity), _buffer(offsets)], children=[entries]
        )
    if offsets is not None:
        return pa.Array.from_buffers(
            t, length, [_buffer(validity), _buffer(offsets), _buffer(values)]
        )
    return pa.Array.from_buffers(t, length, [_buffer(validity), _buffer(values)])


class _Chunk:
    """Decodes one output chunk, slice by slice, with the active engine."""

    def __init__(
        self, plan: Any, col: Column, storage: pa.DataType, lenient: bool, policy: int
    ) -> None:
        self.plan = plan
        self.col = col
        self.storage = storage
        self.lenient = lenient
        self.policy = policy
        self.errors: List[JSVError] = []
        self.read, self.form = document_reader(plan, lenient, DEFAULT_MAX_DEPTH)
        self.columns = _engine.arrow_columns
        self.builder: Any = None
        self.values: List[Any] = []
        if _engine.arrow_builder is not None:
            self.builder = _engine.arrow_builder(col)

    def add(self, cells: List[Any], row_base: int) -> None:
        if self.columns is not None:
            self.errors.extend(
                self.columns(
                    self.builder,
                    self.plan,
                    cells,
                    self.read,
                    self.form,
                    self.lenient,
                    DEFAULT_MAX_DEPTH,
                    self.policy,
                    row_base,
                )
            )
            return
        try:
            typed, errors = _engine.run_many(
                self.plan,
                cells,
                self.read,
                self.form,
                self.lenient,
                DEFAULT_MAX_DEPTH,
                self.policy,
            )
        except JSVError as e:
            raise e.at_row(row_base + (e.row or 0)) from e.__cause__
        values, errors = _columns.arrow_rows(self.col, typed, errors, row_base, self.policy)
        self.values.extend(values)
        self.errors.extend(errors)

    def finish(self) -> pa.Array:
        if self.builder is not None:
            return _assemble(self.col, self.storage, self.builder.finish())
        return pa.array(self.values, type=self.storage)


def decode(
    strings: Strings,
    type: Any,
    *,
    on_error: str = "raise",
    lenient: bool = False,
    decimal: Tuple[int, int] = DEFAULT_DECIMAL,
) -> Any:
    """Decodes a column of JSV cells into a typed Arrow array.

    Args:
        strings: the cells: a pyarrow ``StringArray``, ``LargeStringArray``,
            string view or binary array, a ``ChunkedArray`` of those, any
            object with ``__arrow_c_array__`` (one array) or
            ``__arrow_c_stream__`` (chunks: a Polars Series, a pandas
            ``ArrowDtype`` Series, a nanoarrow stream), or a Python sequence
            of ``str``/``bytes``/``None``.
        type: the type of each cell, as for :func:`jsv.loads` (see the module
            docs for the Arrow type it gives).
        on_error: as for :meth:`jsv.Decoder.decode_many`: ``"raise"`` (a
            :class:`~jsv.JSVError` with ``row``), ``"null"`` (the row is null)
            or ``"collect"`` (null rows, and ``(array, errors)`` returned).
        lenient: read pasted or pretty JSV (see :func:`jsv.loads`).
        decimal: ``(precision, scale)`` of the ``decimal128`` columns.

    Returns:
        A ``pyarrow.Array`` of type ``schema(type)`` with one row per cell
        (null for a null cell) -- a ``pyarrow.ChunkedArray`` with the same
        chunks when the input is chunked (a ``ChunkedArray`` or a stream) --
        or ``(array, errors)`` with ``on_error="collect"``.  Rows are numbered
        from 0 across all chunks.

    Raises:
        JSVDecodeError, JSVValidationError: a bad cell, with ``on_error="raise"``.
        TypeError: ``type`` has no Arrow type, or the input holds no strings.
    """
    policy = _policy(on_error)
    plan, col, arrow_type, storage = _layout(type, decimal)
    arrow = _as_arrow(strings)
    chunked = isinstance(arrow, pa.ChunkedArray)
    if arrow is None:
        if isinstance(strings, (str, bytes)):
            raise TypeError("jsv.arrow.decode needs a column of cells, not one str")
        sources: List[Iterable[List[Any]]] = [_seq_slices(strings)]
    elif chunked:
        sources = [_slices(_text_chunk(c)) for c in arrow.chunks]
    else:
        sources = [_slices(_text_chunk(arrow))]
    out: List[pa.Array] = []
    errors: List[JSVError] = []
    row_base = 0
    for source in sources:
        chunk = _Chunk(plan, col, storage, lenient, policy)
        for cells in source:
            chunk.add(cells, row_base)
            row_base += len(cells)
        array = chunk.finish()
        if storage != arrow_type:
            array = array.view(arrow_type)
        out.append(array)
        errors.extend(chunk.errors)
    result: Any = pa.chunked_array(out, type=arrow_type) if chunked else out[0]
    if policy == _typed.ON_ERROR["collect"]:
        return result, errors
    return result


# ---------------------------------------------------------------------------
# encode
# ---------------------------------------------------------------------------


def _untyped(t: pa.DataType, v: Any) -> Any:
    """A value of ``to_pylist`` with maps as dicts, ready for ``convert``/``dumps``."""
    if v is None:
        return None
    if pa.types.is_decimal(t):
        # The column's scale is storage, not the value's: 1.500000000 is 1.5.
        return v.to_integral_value() if v == v.to_integral_value() else v.normalize()
    if pa.types.is_map(t):
        return {_untyped(t.key_type, k): _untyped(t.item_type, x) for k, x in v}
    if pa.types.is_struct(t):
        fields = [t.field(i) for i in range(t.num_fields)]
        return {f.name: _untyped(f.type, v.get(f.name)) for f in fields}
    if (
        pa.types.is_list(t)
        or pa.types.is_large_list(t)
        or pa.types.is_fixed_size_list(t)
        or (hasattr(pa.types, "is_list_view") and pa.types.is_list_view(t))
    ):
        return [_untyped(t.value_type, x) for x in v]
    return v


def encode(array: Any, type: Any = None, *, rename: Any = None) -> Any:
    """Writes each row of an Arrow array as a JSV cell.

    Each row is written exactly as :func:`jsv.dumps` writes the equivalent
    typed value: with ``type``, the row is first converted to it (struct
    fields fill the dataclass fields of the same name), so names, enums and
    the field order are those of the class -- what OrmLite stores; without
    it, structs and maps are written as maps by field name.  Null rows stay
    null.  Decimals are written without the trailing zeros the column's scale
    adds (``1.500000000`` in a ``decimal128(38, 9)`` column is written ``1.5``),
    timestamps as UTC (``...Z``).

    Args:
        array: a pyarrow ``Array`` or ``ChunkedArray``, or any Arrow
            C-interface producer (as for :func:`decode`).
        type: the Python type of the rows, or ``None``.
        rename: the key names written for dataclasses, as for
            :func:`jsv.dumps`.  OrmLite writes the C# property names, so rows
            of a dataclass with snake_case fields and no wire-name metadata
            usually want ``rename="pascal"``.

    Returns:
        A ``pyarrow.StringArray``, or a ``ChunkedArray`` of them with the same
        chunks for a chunked input.

    Raises:
        JSVValidationError: a row that does not fit ``type`` (with its ``row``).
        TypeError: ``array`` is not an Arrow array.
        ValueError: an unknown ``rename``, as :func:`jsv.dumps` raises it
            when it writes a dataclass.
    """
    arrow = _as_arrow(array)
    if arrow is None:
        raise TypeError(f"jsv.arrow.encode needs an Arrow array, not {_typed._got(array)}")
    decoder = None if type is None else Decoder(type)
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    out = []
    row = 0
    for chunk in chunks:
        t = chunk.type
        if _UUID_TYPE is not None and t == _UUID_TYPE:
            t = chunk.type.storage_type
        cells: List[Optional[str]] = []
        for v in chunk.to_pylist():
            if v is None:
                cells.append(None)
            else:
                value = _untyped(t, v)
                if decoder is not None:
                    try:
                        value = decoder.convert(value)
                    except JSVError as e:
                        raise e.at_row(row) from e.__cause__
                cells.append(dumps(value, rename=rename))
            row += 1
        out.append(pa.array(cells, type=pa.string()))
    if isinstance(arrow, pa.ChunkedArray):
        return pa.chunked_array(out, type=pa.string())
    return out[0]
