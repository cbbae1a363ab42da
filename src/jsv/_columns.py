"""Column layouts: how the typed values of a plan become Arrow columns.

:mod:`jsv.arrow` turns JSV cells into Arrow arrays.  This module holds the
part that needs no pyarrow: a :class:`Column` tree compiled once per plan of
:mod:`jsv._typed` (which Arrow layout each type takes and how to read the typed
value of each child), and the reference conversion of one typed value into the
Python value ``pyarrow.array`` takes for that layout (:func:`arrow_value`).
The compiled engine reads the same :class:`Column` tree and writes the Arrow
buffers directly (``_speedups.arrow_columns``); both raise the same errors.

Values that the typed layer accepts but an Arrow column cannot hold (an
integer beyond int64, a decimal with more places than the column's scale, a
duration beyond int64 microseconds) raise :class:`~jsv.JSVValidationError`
with the path of the value, like a type mismatch does.
"""

from __future__ import annotations

import datetime as _dt
import enum
import uuid
from decimal import Decimal
from typing import Any, Dict, List, Tuple

from . import _typed
from ._errors import JSVError, JSVValidationError
from ._scalars import enum_formatter
from ._typed import _got, _Invalid, _key_segment

__all__ = [
    "Column",
    "compile_columns",
    "arrow_value",
    "arrow_rows",
    "decimal_units",
    "timestamp_us",
    "DEFAULT_DECIMAL",
]

#: decimal128(38, 9): the 29 integer digits of .NET's System.Decimal plus nine
#: places, the widest scale at which every whole System.Decimal still fits.
DEFAULT_DECIMAL = (38, 9)

# Column kinds (the compiled engine uses the same numbers).
STRUCT, LIST, MAP, STR, BINARY, BOOL, INT, FLOAT, DECIMAL = 1, 2, 3, 4, 5, 6, 7, 8, 9
DATE, TIMESTAMP, TIME, DURATION, UUID, TEXT = 10, 11, 12, 13, 14, 15

# How a struct reads its children from the typed value.
ATTR, KEY, INDEX = 0, 1, 2

_UNIX_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_UTC = _dt.timezone.utc


class Column:
    """One Arrow column of a layout.

    Attributes:
        kind: ``STRUCT``, ``LIST``, ... (module constants).
        label: the Arrow type as error messages name it (``int64``,
            ``decimal128(38, 9)``, ``struct``).
        name: the struct field name (the Python field name), ``item``,
            ``key`` or ``value``.
        children: the child columns (struct fields; a list's item; a map's key
            and value).
        access: for a struct, how children are read: ``ATTR`` (attribute),
            ``KEY`` (dict key, absent is null), ``INDEX`` (tuple position).
        keys: for a struct, the attribute names, dict keys or positions.
        texts: for ``TEXT`` (enums, ``Literal``): ``(value, text)`` pairs,
            matched by identity -- the typed layer returns these very objects.
        precision, scale: for ``DECIMAL``.
        plan: the typed layer's plan of the values (``Optional`` removed).
        nullable: the declared type takes an empty value as ``None``.
    """

    __slots__ = (
        "access",
        "children",
        "keys",
        "kind",
        "label",
        "name",
        "nullable",
        "plan",
        "precision",
        "scale",
        "texts",
        "type_name",
    )

    def __init__(self, kind: int, label: str, type_name: str) -> None:
        self.kind = kind
        self.label = label
        #: the Python type this column holds, for error messages
        self.type_name = type_name
        self.name = "item"
        self.children: Tuple[Column, ...] = ()
        self.access = ATTR
        self.keys: Tuple[Any, ...] = ()
        self.texts: Tuple[Tuple[Any, str], ...] = ()
        self.precision = 0
        self.scale = 0
        self.plan: Any = None
        self.nullable = False

    def __repr__(self) -> str:
        return f"<Column {self.name}: {self.label}>"


_SCALAR_KINDS: Dict[str, Tuple[int, str]] = {
    "int": (INT, "int64"),
    "float": (FLOAT, "double"),
    "UUID": (UUID, "uuid"),
    "date": (DATE, "date32"),
    "datetime": (TIMESTAMP, "timestamp[us, tz=UTC]"),
    "time": (TIME, "time64[us]"),
    "timedelta": (DURATION, "duration[us]"),
}


def _text_of(value: Any) -> str:
    """The JSV text of a Literal or enum value: what ``jsv.dumps`` writes for it."""
    if isinstance(value, enum.Enum):
        return str(enum_formatter(type(value))(value))
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


class _Compiler:
    def __init__(self, decimal: Tuple[int, int]) -> None:
        self.decimal = decimal
        self.active: List[Any] = []

    def column(self, plan: Any, path: str) -> Column:
        if isinstance(plan, _typed.OptionalPlan):
            col = self.column(plan.inner, path)
            col.nullable = True
            return col
        if isinstance(plan, _typed.TextKeyPlan):
            col = self.column(plan.inner, path)
            col.plan = plan
            return col
        if any(plan is p for p in self.active):
            raise TypeError(
                f"jsv.arrow: the recursive type `{plan.name}` has no Arrow type - at `{path}`"
            )
        self.active.append(plan)
        try:
            col = self._column(plan, path)
            col.plan = plan
            col.nullable = plan.nullable
            return col
        finally:
            self.active.pop()

    def _column(self, plan: Any, path: str) -> Column:
        t = type(plan)
        if t is _typed.StrPlan:
            return Column(STR, "string", "str")
        if t is _typed.BoolPlan:
            return Column(BOOL, "bool", "bool")
        if t is _typed.ScalarPlan:
            if plan.name == "Decimal":
                p, s = self.decimal
                col = Column(DECIMAL, f"decimal128({p}, {s})", "Decimal")
                col.precision, col.scale = p, s
                return col
            kind, label = _SCALAR_KINDS[plan.name]
            return Column(kind, label, plan.name)
        if t is _typed.BytesPlan:
            return Column(BINARY, "binary", plan.name)
        if t is _typed.EnumPlan:
            col = Column(TEXT, "string", plan.name)
            col.texts = tuple((m, _text_of(m)) for m in plan.cls)
            return col
        if t is _typed.LiteralPlan:
            col = Column(TEXT, "string", "Literal")
            col.texts = tuple((v, _text_of(v)) for v in plan.values if v is not None)
            return col
        if t is _typed.ListPlan:
            col = Column(LIST, "list", plan.name)
            col.children = (self._child(plan.item, path + "[*]", "item"),)
            return col
        if t is _typed.DictPlan:
            col = Column(MAP, "map", "dict")
            col.children = (
                self._child(plan.key, path + ".<key>", "key"),
                self._child(plan.value, path + "[*]", "value"),
            )
            return col
        if t is _typed.TuplePlan:
            col = Column(STRUCT, "struct", plan.name)
            col.access = INDEX
            col.keys = tuple(range(len(plan.items)))
            col.children = tuple(
                self._child(p, f"{path}[{i}]", str(i)) for i, p in enumerate(plan.items)
            )
            return col
        if isinstance(plan, (_typed.DataclassPlan, _typed.TypedDictPlan, _typed.NamedTuplePlan)):
            col = Column(STRUCT, "struct", plan.name)
            col.access = KEY if t is _typed.TypedDictPlan else ATTR
            col.keys = tuple(f.name for f in plan.fields)
            col.children = tuple(
                self._child(f.plan, f"{path}.{f.name}", f.name) for f in plan.fields
            )
            return col
        raise TypeError(f"jsv.arrow: the type `{plan.name}` has no Arrow type - at `{path}`")

    def _child(self, plan: Any, path: str, name: str) -> Column:
        col = self.column(plan, path)
        col.name = name
        return col


def compile_columns(plan: Any, decimal: Tuple[int, int] = DEFAULT_DECIMAL) -> Column:
    """The column layout of a typed-layer plan (a new tree per call).

    Raises:
        TypeError: a type without an Arrow layout (``Any``, a union of several
            types, a recursive dataclass...), naming it and its path.
    """
    p, s = decimal
    if not (type(p) is int and type(s) is int and 1 <= p <= 38 and 0 <= s <= p):
        raise ValueError(
            "decimal must be (precision, scale) with 1 <= precision <= 38 and "
            f"0 <= scale <= precision, not {decimal!r}"
        )
    return _Compiler((p, s)).column(plan, "$")


# ---------------------------------------------------------------------------
# The reference conversion: typed value -> the value pyarrow.array takes
# ---------------------------------------------------------------------------


def _mismatch(col: Column, v: Any) -> _Invalid:
    return _Invalid(f"Expected `{col.label}`, got `{_got(v)}`")


def _utf8(col: Column, v: Any) -> str:
    if not isinstance(v, str):
        raise _mismatch(col, v)
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise _Invalid("Text with a lone surrogate is not UTF-8") from None
    return str.__str__(v)


def decimal_units(col: Column, v: Decimal) -> int:
    """``v`` as an integer count of ``10**-scale``; raises if it does not fit exactly."""
    if v.is_finite():
        sign, digits, exp = v.as_tuple()
        n = 0
        for d in digits:
            n = n * 10 + d
        e = int(exp) + col.scale
        if e >= 0:
            units = n * 10**e if n else 0
            exact = True
        else:
            units, rem = divmod(n, 10**-e)
            exact = rem == 0
        if exact and units < 10**col.precision:
            return -units if sign else units
    raise _Invalid(f"Expected `{col.label}`, got `{v}`")


def arrow_value(col: Column, v: Any) -> Any:
    """The value ``pyarrow.array`` takes for typed value ``v`` in column ``col``.

    Temporal values become integers of the column's unit (days, microseconds);
    structs become dicts by field name, maps lists of pairs.

    Raises:
        _Invalid: ``v`` does not fit the column (its path is appended on the way up).
    """
    if v is None:
        return None
    kind = col.kind
    if kind == STR:
        return _utf8(col, v)
    if kind == STRUCT:
        out: Dict[str, Any] = {}
        access = col.access
        name = ""
        try:
            for child, key in zip(col.children, col.keys):
                name = child.name
                if access == ATTR:
                    x = getattr(v, key, None)
                elif access == KEY:
                    if type(v) is not dict:
                        raise _mismatch(col, v)
                    x = v.get(key)
                else:
                    if not isinstance(v, tuple) or len(v) != len(col.keys):
                        raise _mismatch(col, v)
                    x = v[key]
                out[name] = arrow_value(child, x)
        except _Invalid as e:
            e.segments.append(_typed._field_segment(name) if access != INDEX else f"[{name}]")
            raise
        return out
    if kind == LIST:
        if isinstance(v, (str, bytes, dict)):
            raise _mismatch(col, v)
        try:
            items = list(v)
        except TypeError:
            raise _mismatch(col, v) from None
        (item,) = col.children
        result: List[Any] = []
        try:
            for x in items:
                result.append(arrow_value(item, x))
        except _Invalid as e:
            e.segments.append(f"[{len(result)}]")
            raise
        return result
    if kind == MAP:
        if not isinstance(v, dict):
            raise _mismatch(col, v)
        kcol, vcol = col.children
        pairs: List[Tuple[Any, Any]] = []
        k: Any = None
        try:
            for k, x in v.items():
                if k is None:
                    raise _Invalid("Expected a map key, got `null`")
                pairs.append((arrow_value(kcol, k), arrow_value(vcol, x)))
        except _Invalid as e:
            e.segments.append(_key_segment(k))
            raise
        return pairs
    if kind == TEXT:
        for member, text in col.texts:
            if member is v:
                return text
        raise _Invalid(f"Expected `{col.type_name}`, got `{_got(v)}`")
    if kind == INT:
        if type(v) is not int and not (isinstance(v, int) and not isinstance(v, bool)):
            raise _mismatch(col, v)
        if not _INT64_MIN <= v <= _INT64_MAX:
            raise _Invalid(f"Expected `int64`, got `{int(v)}`")
        return int(v)
    if kind == FLOAT:
        if type(v) is not float:
            raise _mismatch(col, v)
        return v
    if kind == BOOL:
        if type(v) is not bool:
            raise _mismatch(col, v)
        return v
    if kind == BINARY:
        if not isinstance(v, (bytes, bytearray)):
            raise _mismatch(col, v)
        return bytes(v)
    if kind == DECIMAL:
        if type(v) is not Decimal:
            raise _mismatch(col, v)
        decimal_units(col, v)  # the check; pyarrow rescales the value itself
        return v
    if kind == DATE:
        if type(v) is not _dt.date:
            raise _mismatch(col, v)
        return v.toordinal() - _UNIX_EPOCH_ORDINAL
    if kind == TIMESTAMP:
        if type(v) is not _dt.datetime:
            raise _mismatch(col, v)
        return timestamp_us(v)
    if kind == TIME:
        if type(v) is not _dt.time:
            raise _mismatch(col, v)
        return ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
    if kind == DURATION:
        if type(v) is not _dt.timedelta:
            raise _mismatch(col, v)
        us = (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds
        if not _INT64_MIN <= us <= _INT64_MAX:
            raise _Invalid(f"Expected `duration[us]`, got `{v}`")
        return us
    if kind == UUID:
        if not isinstance(v, uuid.UUID):
            raise _mismatch(col, v)
        return v.bytes
    raise AssertionError(f"unknown column kind {kind}")  # pragma: no cover


def timestamp_us(v: _dt.datetime) -> int:
    """Microseconds since 1970-01-01T00:00:00 UTC; a naive value is taken as UTC."""
    offset = v.utcoffset()
    days = v.toordinal() - _UNIX_EPOCH_ORDINAL
    us = ((days * 24 + v.hour) * 60 + v.minute) * 60 + v.second
    us = us * 1_000_000 + v.microsecond
    if offset is not None:
        us -= (offset.days * 86400 + offset.seconds) * 1_000_000 + offset.microseconds
    return us


def arrow_rows(
    col: Column, values: List[Any], errors: List[JSVError], row_base: int, policy: int
) -> Tuple[List[Any], List[JSVError]]:
    """Converts typed rows (``None`` for null and bad rows) with :func:`arrow_value`.

    ``errors`` are the decoding errors of the same rows (rows relative to the
    batch); conversion errors are added under ``policy`` (0 raises) and all
    come back in row order, with ``row_base`` added to their rows.
    """
    out: List[Any] = []
    bad: List[JSVError] = []
    for row, v in enumerate(values):
        try:
            out.append(arrow_value(col, v))
        except _Invalid as e:
            path = "$" + "".join(reversed(e.segments))
            err = JSVValidationError(e.msg, path, row_base + row)
            if policy == 0:
                raise err from None
            bad.append(err)
            out.append(None)
    if row_base or bad:
        errors = [e.at_row(row_base + (e.row or 0)) if row_base else e for e in errors]
        errors.extend(bad)
        errors.sort(key=lambda e: e.row or 0)
    return out, errors
