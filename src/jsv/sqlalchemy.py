"""JSV columns for SQLAlchemy: ``Column("Roles", JSV(List[str]))``.

OrmLite, ServiceStack's ORM, stores every complex property (``List<T>``,
``Dictionary<K,V>``, nested POCOs) of a table in one text column, serialised
with ServiceStack.Text's JSV serializer (its default ``StringSerializer``; the
PostgreSQL dialect alone has used JSON since v5).  :class:`JSV` is a
:class:`~sqlalchemy.types.TypeDecorator` over :class:`~sqlalchemy.types.Text`
that reads such a column into a Python type and writes it back byte for byte as
OrmLite would::

    from sqlalchemy import Column, Integer, MetaData, Table
    from jsv.sqlalchemy import JSV

    user_auth = Table(
        "UserAuth", MetaData(),
        Column("Id", Integer, primary_key=True),
        Column("Roles", JSV(List[str])),
        Column("Meta", JSV(Optional[Dict[str, str]])),
    )

It works the same in ORM mappings (``mapped_column(JSV(Address))``).  Install
with ``pip install 'jsv-text[sqlalchemy]'``; ``import jsv`` does not import
SQLAlchemy.

* Reading: the stored text is decoded with :class:`jsv.Decoder` into the type.
  Text from drivers that hand back ``bytes``/``memoryview`` (binary collations,
  ``BLOB`` columns) is read as UTF-8.  SQL ``NULL`` reads as ``None``.
* Writing: values are written with :func:`jsv.dumps`, which is exactly what
  OrmLite stores; ``None`` is bound as SQL ``NULL`` (OrmLite writes ``NULL``
  for a null property, never an empty string).
* Errors: text that is not JSV, or does not fit the type, raises
  :class:`JSVColumnError`, a :class:`jsv.JSVError` naming the table and column.
  SQLAlchemy hands a type's result processor only the value, not the row, so
  the row's key cannot be known at that point; :func:`bad_rows` scans a column
  and yields each bad row's primary key with its error.
"""

from __future__ import annotations

import typing
from typing import Any, Iterator, List, Mapping, Optional, Tuple, Union

from sqlalchemy import event, select, type_coerce, types
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.schema import Column, Table

from ._api import Decoder, dumps
from ._errors import JSVError

__all__ = ["JSV", "JSVColumnError", "bad_rows"]

_SHOWN_TEXT = 200  # characters of a bad cell quoted in an error message


class JSVColumnError(JSVError):
    """A stored JSV value that cannot be read into the column's type.

    Attributes:
        table: the table's name, or ``None`` when the type is not attached to
            a table column (a bare ``cast(..., JSV(T))`` or ``literal_column``).
        column: the column's name, or ``None`` likewise.
        key: the row's primary key as a tuple, when known (from
            :func:`bad_rows`); ``None`` from an ordinary query, where
            SQLAlchemy does not tell a column type which row it is reading.
        text: the stored text (``bytes`` decoded as UTF-8).
        error: the underlying :class:`jsv.JSVDecodeError` or
            :class:`jsv.JSVValidationError`, also chained as ``__cause__``.
    """

    table: Optional[str]
    column: Optional[str]
    key: Optional[Tuple[Any, ...]]
    text: str
    error: JSVError

    def __init__(
        self,
        error: JSVError,
        text: str,
        table: Optional[str] = None,
        column: Optional[str] = None,
        key: Optional[Tuple[Any, ...]] = None,
    ) -> None:
        where = []
        if table is not None or column is not None:
            where.append(f"column {table or '?'}.{column or '?'}")
        if key is not None:
            where.append(f"row {_key_text(key)}")
        shown = text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "..."
        place = f" in {', '.join(where)}" if where else ""
        super().__init__(f"bad JSV{place}: {error} (stored text: {shown!r})")
        self.table = table
        self.column = column
        self.key = key
        self.text = text
        self.error = error

    def __reduce__(self) -> Any:
        return self.__class__, (self.error, self.text, self.table, self.column, self.key)


JSVColumnError.__module__ = "jsv.sqlalchemy"


def _key_text(key: Tuple[Any, ...]) -> str:
    return repr(key[0]) if len(key) == 1 else repr(key)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return bytes(value).decode("utf-8", "replace")


class JSV(types.TypeDecorator[Any]):
    """A text column holding JSV, read as ``type`` and written as OrmLite writes it.

    Args:
        type: what the column holds: ``List[str]``, ``Dict[str, str]``, a
            dataclass, ``Optional[...]``, anything :func:`jsv.loads` accepts.
        rename: key names written for dataclasses, as in :func:`jsv.dumps`.
            OrmLite writes the C# property names, so a dataclass with
            snake_case fields usually wants ``rename='pascal'``.  Reading
            matches names case-insensitively either way.
        lenient: read whitespace-padded JSV (hand-edited rows).
        type_map: ``__type`` names to classes, as in :func:`jsv.loads`
            (give it as a mapping; it is stored as sorted pairs so that the
            type stays hashable for SQLAlchemy's statement cache).
        length: passed to :class:`~sqlalchemy.types.Text`; on MySQL/MariaDB
            it picks ``TEXT``, ``MEDIUMTEXT`` or ``LONGTEXT`` when SQLAlchemy
            creates the table (OrmLite itself uses ``LONGTEXT`` there).

    ``None`` binds as SQL ``NULL`` and ``NULL`` reads as ``None``.  A bad
    stored value raises :class:`JSVColumnError` from the fetch.
    """

    impl = types.Text
    cache_ok = True

    def __init__(
        self,
        type: Any,
        # Not keyword-only: SQLAlchemy builds the statement-cache key from the
        # positional-or-keyword parameters' values.
        rename: Any = None,
        lenient: bool = False,
        type_map: Union[Mapping[str, type], Tuple[Tuple[str, type], ...], None] = None,
        length: Optional[int] = None,
    ) -> None:
        pairs: Optional[Tuple[Tuple[str, type], ...]]
        if type_map is None:
            pairs = None
        elif isinstance(type_map, Mapping):
            pairs = tuple(sorted(type_map.items()))
        else:
            pairs = tuple(type_map)
        if isinstance(rename, Mapping):
            rename = tuple(sorted(rename.items()))
        super().__init__(length=length)
        self.type = type
        self.rename = rename
        self.lenient = lenient
        self.type_map = pairs
        self.length = length
        self._decoder: Decoder[Any] = Decoder(
            type,
            lenient=lenient,
            type_map=dict(pairs) if pairs is not None else None,
            rename=dict(rename) if isinstance(rename, tuple) else rename,
        )
        # The columns this type object is attached to.  SQLAlchemy copies a
        # TypeDecorator for each dialect (and Column._copy copies it too); the
        # copies share this list, so every copy can name its column.
        self._columns: List[Column[Any]] = []

    # -- SQLAlchemy hooks -------------------------------------------------

    def process_bind_param(self, value: Any, dialect: Dialect) -> Optional[str]:
        """``None`` -> SQL ``NULL``; anything else -> :func:`jsv.dumps` text."""
        if value is None:
            return None
        rename = self.rename
        return dumps(value, rename=dict(rename) if isinstance(rename, tuple) else rename)

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        """The JSV text of a value inlined into SQL (``literal_binds``)."""
        text = self.process_bind_param(value, dialect)
        return "NULL" if text is None else text

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Stored text (``str``, or UTF-8 ``bytes``) -> ``type``; ``NULL`` -> ``None``."""
        if value is None:
            return None
        try:
            return self._decoder.decode(value)
        except JSVError as err:
            table, column = self._place()
            raise JSVColumnError(err, _as_text(value), table, column) from err

    @property
    def python_type(self) -> Any:
        origin = typing.get_origin(self.type)
        if isinstance(origin, type):
            return origin
        return self.type if isinstance(self.type, type) else object

    def __repr__(self) -> str:
        return f"JSV({getattr(self.type, '__name__', None) or self.type!r})"

    # -- where this type sits ---------------------------------------------

    def _place(self) -> Tuple[Optional[str], Optional[str]]:
        """(table, column) of the column this type belongs to, when it is one."""
        names = []
        for col in self._columns:
            table = col.table if isinstance(getattr(col, "table", None), Table) else None
            names.append((table.name if table is not None else None, col.name))
        if len(set(names)) == 1:
            return names[0]
        if names:  # one type object shared by several columns
            return (
                " or ".join(sorted({t or "?" for t, _ in names})),
                " or ".join(sorted({c or "?" for _, c in names})),
            )
        return None, None


@event.listens_for(JSV, "after_parent_attach")
def _remember_column(target: Any, parent: Any) -> None:
    if isinstance(target, JSV) and isinstance(parent, Column):
        target._columns.append(parent)


def bad_rows(
    connection: Connection,
    column: Column[Any],
    *,
    limit: Optional[int] = None,
) -> Iterator[JSVColumnError]:
    """Finds the rows whose ``column`` holds text its :class:`JSV` type cannot read.

    Selects the table's primary key and the column's raw text (bypassing the
    type's decoding), decodes each non-``NULL`` cell, and yields a
    :class:`JSVColumnError` with ``key`` set for each bad one, in primary-key
    order, at most ``limit`` of them.  Memory stays constant: rows are
    streamed (``yield_per``).

    Raises:
        TypeError: ``column`` is not a table column of type :class:`JSV`.
        ValueError: its table has no primary key.
    """
    jsv_type = column.type
    if not isinstance(jsv_type, JSV):
        raise TypeError(f"bad_rows needs a column of type JSV, not {column.type!r}")
    table = column.table
    if not isinstance(table, Table):
        raise TypeError("bad_rows needs a column that belongs to a Table")
    keys = list(table.primary_key.columns)
    if not keys:
        raise ValueError(f"table {table.name} has no primary key")
    # type_coerce to plain Text: the raw stored text, without JSV decoding.
    cell = type_coerce(column, types.Text())
    query = select(*keys, cell).where(column.is_not(None)).order_by(*keys)
    found = 0
    decoder = jsv_type._decoder
    # Per statement: Connection.execution_options() would change the caller's connection.
    result = connection.execute(query, execution_options={"yield_per": 1000})
    for row in result:
        text = row[-1]
        try:
            decoder.decode(text)
        except JSVError as err:
            yield JSVColumnError(err, _as_text(text), table.name, column.name, tuple(row[:-1]))
            found += 1
            if limit is not None and found >= limit:
                result.close()
                return
