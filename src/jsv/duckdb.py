"""JSV as SQL functions in DuckDB: ``SELECT roles(Roles) FROM UserAuth``.

``pip install 'jsv-text[duckdb]'`` (DuckDB, pyarrow, and numpy, which DuckDB
needs to run Arrow UDFs), then::

    import duckdb
    import jsv.duckdb

    con = duckdb.connect()
    jsv.duckdb.register(con, "address", Address)   # address(VARCHAR) -> STRUCT(...)
    jsv.duckdb.register(con)                       # jsv_to_json(VARCHAR) -> VARCHAR
    con.sql('SELECT address("Address").city FROM customers')

* ``register(con, name, T)`` adds a scalar function ``name(VARCHAR)`` that
  decodes each cell as ``jsv.loads(cell, type=T)`` does and returns the
  matching DuckDB type (:func:`sql_type`): ``STRUCT`` for a dataclass,
  ``T[]`` for a list, ``MAP`` for a dict, ``DECIMAL(38, 9)``,
  ``TIMESTAMP WITH TIME ZONE``, ``UUID``, ``INTERVAL``...
* ``register(con)`` adds ``jsv_to_json(VARCHAR) -> VARCHAR``: untyped JSV to
  JSON text (every scalar a JSON string, as ``jsv to-json`` writes), for
  DuckDB's own JSON functions (``json_extract``, ``->>``).

Both are vectorised Arrow UDFs: DuckDB hands over a batch of cells at a time
and gets one Arrow array back, built by :mod:`jsv.arrow` (the typed function)
or :meth:`jsv.Decoder.decode_many` (``jsv_to_json``).  A ``NULL`` cell gives
``NULL``.  ``on_error="raise"`` (default) makes a bad cell fail the query with
the cell's JSV error (its ``row`` counts within the batch DuckDB passed);
``on_error="null"`` turns it into ``NULL``.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Set, Tuple

import duckdb
import pyarrow as pa

from . import arrow as _arrow
from ._api import Decoder
from ._columns import DEFAULT_DECIMAL

__all__ = ["register", "sql_type"]

_POLICIES = ("raise", "null")

_SCALARS = {
    pa.bool_(): "BOOLEAN",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.string(): "VARCHAR",
    pa.large_string(): "VARCHAR",
    pa.binary(): "BLOB",
    pa.large_binary(): "BLOB",
    pa.date32(): "DATE",
    pa.time64("us"): "TIME",
    pa.duration("us"): "INTERVAL",
    pa.binary(16): "UUID",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql(t: pa.DataType) -> str:
    if isinstance(t, pa.ExtensionType):
        if t.extension_name == "arrow.uuid":
            return "UUID"
        return _sql(t.storage_type)
    found = _SCALARS.get(t)
    if found is not None:
        return found
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision}, {t.scale})"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP WITH TIME ZONE" if t.tz is not None else "TIMESTAMP"
    if pa.types.is_map(t):
        return f"MAP({_sql(t.key_type)}, {_sql(t.item_type)})"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"{_sql(t.value_type)}[]"
    if pa.types.is_struct(t):
        fields = ", ".join(
            f"{_quote(t.field(i).name)} {_sql(t.field(i).type)}" for i in range(t.num_fields)
        )
        return f"STRUCT({fields})"
    raise TypeError(f"no DuckDB type for Arrow type {t}")  # pragma: no cover


def sql_type(type: Any, *, decimal: Tuple[int, int] = DEFAULT_DECIMAL) -> str:
    """The DuckDB type, as SQL text, of the function :func:`register` adds for ``type``.

    It is DuckDB's reading of ``jsv.arrow.schema(type)``: ``List[str]`` is
    ``VARCHAR[]``, a dataclass a ``STRUCT`` of its fields (Python field names),
    ``Dict[str, int]`` ``MAP(VARCHAR, BIGINT)``, a ``datetime`` ``TIMESTAMP WITH
    TIME ZONE`` (UTC), a ``timedelta`` ``INTERVAL``, an enum ``VARCHAR``.

    Raises:
        TypeError: ``type`` has no Arrow layout (see :mod:`jsv.arrow`).
    """
    return _sql(_arrow.schema(type, decimal=decimal))


def _policy(on_error: str) -> str:
    if on_error not in _POLICIES:
        raise ValueError(f"on_error must be 'raise' or 'null' in DuckDB, not {on_error!r}")
    return on_error


def register(
    con: duckdb.DuckDBPyConnection,
    name: Optional[str] = None,
    type: Any = None,
    *,
    on_error: str = "raise",
    lenient: bool = False,
    decimal: Tuple[int, int] = DEFAULT_DECIMAL,
) -> duckdb.DuckDBPyConnection:
    """Adds a JSV decoding function to a DuckDB connection; returns ``con``.

    Args:
        con: the connection (the function lives as long as it does).
        name: the SQL function's name; with ``type``, default
            ``"jsv_to_json"`` without.
        type: decode into this type (``name(VARCHAR) -> sql_type(type)``); ``None``
            for ``jsv_to_json(VARCHAR) -> VARCHAR``.
        on_error: ``"raise"`` (a bad cell fails the query) or ``"null"``.
        lenient: read pasted or pretty-printed JSV (see :func:`jsv.loads`).
        decimal: ``(precision, scale)`` of ``DECIMAL`` results.

    Raises:
        TypeError: ``type`` has no Arrow layout; a ``type`` without a ``name``.
        ValueError: an unknown ``on_error``.
    """
    policy = _policy(on_error)
    if type is None:
        decoder: Decoder[Any] = Decoder(Any, lenient=lenient)

        def to_json(cells: Any) -> pa.Array:
            texts = cells.to_pylist()
            bad: Set[int] = set()
            if policy == "raise":
                values = decoder.decode_many(texts)
            else:
                values, errors = decoder.decode_many(texts, on_error="collect")
                bad = {e.row for e in errors if e.row is not None}
            out = [
                None if text is None or row in bad else _json(value)
                for row, (text, value) in enumerate(zip(texts, values))
            ]
            return pa.array(out, type=pa.string())

        _create_function(
            con,
            name or "jsv_to_json",
            to_json,
            ["VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
        return con
    if name is None:
        raise TypeError("register(con, name, type): a typed function needs a name")
    return_type = con.sqltype(sql_type(type, decimal=decimal))

    def decode(cells: Any) -> Any:
        return _arrow.decode(cells, type, on_error=policy, lenient=lenient, decimal=decimal)

    _create_function(
        con,
        name,
        decode,
        ["VARCHAR"],
        return_type,
        type="arrow",
        null_handling="special",
        side_effects=False,
    )
    return con


def _create_function(con: duckdb.DuckDBPyConnection, *args: Any, **kwargs: Any) -> None:
    # The UDF-kind enums moved between DuckDB releases (duckdb.functional,
    # duckdb.func); the string spellings work in all of them, typed or not.
    create: Any = con.create_function
    create(*args, **kwargs)


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them as JSON escapes
        text = json.dumps(value)
    return text
