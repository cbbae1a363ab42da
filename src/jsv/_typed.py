"""Typed decoding: untyped JSV values to dataclasses & co, through compiled plans.

The reader returns what JSV text really holds -- ``dict``, ``list``, ``str`` and
``None`` -- because JSV carries no types: ``{A:1,B:True}`` reads as
``{'A': '1', 'B': 'True'}``.  This module gives those values the types a
schema declares.  The writer's side (field names and scalar texts of typed
values) is :mod:`jsv._wire`; the public ``convert``/``Decoder``/``Encoder``
are in :mod:`jsv._api`.

Plans
=====

For each requested type (and set of options) a *plan* is compiled once and
cached: an object whose attributes hold everything the conversion needs --
field tables, converters of nested types, defaults -- so converting a value
does no reflection and no ``get_type_hints``.  Plans of self-referencing and
mutually recursive dataclasses point at each other directly.  Errors are
reported as :class:`~jsv.JSVValidationError` with the path of the offending
value (``$.members[0].muted``); the path is assembled only when an error is
raised, so the normal path pays nothing for it.

Names
=====

A map key fills a dataclass field when it matches

* the field name (``dial_state``),
* the name the class's metadata gives it on the wire: ServiceStack's Python
  generator emits ``@dataclass_json(letter_case=LetterCase.CAMEL)`` classes
  (wire name ``dialState``) and ``field(metadata=config(field_name='from'))``
  for fields renamed to dodge keywords (``from_``); both are honoured without
  importing dataclasses-json,
* or, failing both, any spelling that is equal once lower-cased and stripped of
  ``_`` and ``-``: ``dialState``, ``DialState``, ``dial_state`` and
  ``DIAL-STATE`` all fill ``dial_state``, as ServiceStack's lenient property
  convention does.  Each new spelling met is remembered, so the usual case is
  one dictionary lookup per key.

Keys that match no field are skipped (as ServiceStack does), or rejected with
``forbid_unknown_fields=True``.  A ``__type`` key never matches a field.

Empty values
============

JSV has no null: an empty value (``{A:}``, ``[a,,b]``) arrives as ``None``.

* into an ``Optional[...]`` (or ``Any``) it is ``None``;
* into a field that is not optional but has a default (or default factory) it
  leaves the default, as ServiceStack leaves a property whose empty value fails
  to convert;
* anywhere else it is an error (``Expected `int`, got `null```).

A key that is absent takes the field's default; a field without a default that
no key fills is an error (``Object missing required field `id```).

Lists and maps without brackets
==============================

ServiceStack's typed readers take the brackets of a list and the braces of a
map as optional, and so does typed decoding here:

* a whole document or field value for a list, set or tuple type that does not
  start with ``[`` is the list's content (``red,green,blue``), and one for a
  dict type that does not start with ``{`` is the map's entries
  (``Host:db1,Port:5432``); :func:`decode_document` and
  :func:`bind_text_fields` read such text with :mod:`jsv._bare`;
* inside a document, a map or a text given for a list is a one-item list
  (``{Lines:{Sku:a1}}``, ``{Tags:red}``), and a text given for a dict is read
  as its entries (``{Limits:Read:5}``).

``__type`` and polymorphism
===========================

ServiceStack writes ``__type:"Namespace.Class, Assembly"`` in front of objects
whose runtime type differs from the declared one, and instantiates whatever
class that names when reading.  jsv never does: a ``__type`` value is ordinary
data that is never resolved, imported or instantiated on its own.  Polymorphism
is opt-in through ``type_map``, a mapping from ``__type`` values -- the full
text, the name before the comma (``Namespace.Class``) or the bare class name
(``Class``) -- to classes you choose:

* where the declared type is a dataclass and the map value carries a
  ``__type`` found in ``type_map`` whose class is that dataclass or a subclass
  of it, the value is decoded as that class;
* where the declared type is ``Any``/``object``, any class in ``type_map`` is
  used for a map carrying its ``__type``; other values stay untyped;
* in every other case (no ``__type``, unknown name, unrelated class) the value
  is decoded as the declared type.

Unions
======

A union of several types is resolved by the shape of the value.  A map tries
the union's map-shaped members (dataclasses, dicts, TypedDicts, NamedTuples),
a list its list-shaped ones, both in declaration order; ``None`` is accepted
when the union includes ``None``.  Text tries the scalar members from the most
to the least specific: ``int``, then ``float``/``Decimal``, ``bool`` (only
``true``/``false`` in any case, so ``1`` and ``y`` stay numbers and text),
``UUID``, ``date``, ``datetime``, ``time``, ``timedelta``, enums and literals,
``bytes``, and ``str`` last.  The first member that converts the value wins.
"""

from __future__ import annotations

import ast
import collections
import collections.abc as cabc
import dataclasses
import enum
import json
import sys
import threading
import types
import typing
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import ModuleType
from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Generic,
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
)

from ._bare import read_list_text, read_map_text
from ._common import DEFAULT_MAX_DEPTH
from ._errors import JSVError, JSVValidationError
from ._reader import parse as _parse_jsv
from ._scalars import (
    enum_formatter,
    enum_parser,
    parse_bool,
    parse_bytes,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_float,
    parse_int,
    parse_time,
    parse_timedelta,
    parse_uuid,
)
from ._wire import _metadata_wire_name, _own_annotations, _rename_map

__all__ = [
    "Plan",
    "run",
    "plan_view",
    "PlanView",
    "ObjectView",
    "FieldView",
    "RUNNER",
    "FORM_PLAIN",
    "FORM_LIST",
    "FORM_MAP",
    "document_form",
    "Parse",
    "bare_kind",
    "read_bare",
    "member_plan",
    "field_value",
    "ON_ERROR",
    "run_many",
    "decode",
]

_NoneType = type(None)
_UnionType: Any = getattr(types, "UnionType", None)  # ``int | None`` (3.10+)
_TypeAliasType: Any = getattr(typing, "TypeAliasType", None)  # ``type X = ...`` (3.12+)

#: Errors the scalar parsers and numeric conversions may raise on bad input.
_BAD_VALUE = (ValueError, ArithmeticError)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class _Invalid(Exception):
    """Internal: a value does not fit its plan.

    Raised at the failing value and re-raised by each enclosing container,
    which appends its own path segment; `run` turns it into a
    :class:`JSVValidationError` with the assembled path.
    """

    def __init__(self, msg: str, cause: BaseException | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.segments: List[str] = []
        self.cause = cause
        #: True while the error concerns the current object itself (unknown or
        #: missing field) rather than one of its values: no key segment then.
        self.here = False


def _got(v: Any) -> str:
    """How an error message names the value it got."""
    t = type(v)
    if t is str:
        text: str = v
        return text if len(text) <= 60 else text[:57] + "..."
    if t is dict:
        return "object"
    if t is list:
        return "array"
    if v is None:
        return "null"
    if isinstance(v, str):
        return _got(str.__str__(v))
    return t.__name__


def _mismatch(expected: str, v: Any, cause: BaseException | None = None) -> _Invalid:
    return _Invalid(f"Expected `{expected}`, got `{_got(v)}`", cause)


def _field_segment(key: Any) -> str:
    if isinstance(key, str) and key.isidentifier():
        return "." + key
    return _key_segment(key)


def _key_segment(key: Any) -> str:
    if isinstance(key, str):
        return "[" + json.dumps(str.__str__(key), ensure_ascii=False) + "]"
    if key is None:
        return "[null]"
    return f"[{key!r}]"


def run(plan: Plan, obj: Any) -> Any:
    """Runs a plan, turning internal failures into :class:`JSVValidationError`.

    The reference: the public functions call ``_engine.run``, which is this
    function or its compiled twin of the same name (``_speedups.run``).
    """
    try:
        return plan.convert(obj)
    except _Invalid as e:
        path = "$" + "".join(reversed(e.segments))
        raise JSVValidationError(e.msg, path) from e.cause
    except RecursionError:
        raise JSVValidationError("Value is nested too deeply to convert", "$") from None


#: ``on_error`` policies of batch decoding, by name: what the engines' batch
#: functions take.  raise: the first bad row raises; null: a bad row becomes
#: ``None``; collect: like null, and the errors are returned too.
ON_ERROR = {"raise": 0, "null": 1, "collect": 2}
_RAISE, _NULL, _COLLECT = 0, 1, 2


def _bad_cell(row: int, doc: Any) -> TypeError:
    return TypeError(
        f"row {row}: a JSV document must be str, bytes, bytearray or None, "
        f"not {type(doc).__name__}"
    )


def decode(
    plan: Plan,
    doc: Any,
    read: Callable[[Any], Any],
    form: int,
    lenient: bool,
    max_depth: int,
) -> Any:
    """Reads (``read(doc)``) and converts one document: the reference of typed decoding.

    ``read`` turns the document into the untyped value the plan converts (the
    public API's reader, which knows bytes, byte order marks and the
    bracket-less forms of list and map types).  ``form``
    (:func:`document_form`), ``lenient`` and ``max_depth`` are for the
    compiled twin (``_engine.decode``), which reads documents that are plain
    JSV itself, building the typed value as it scans the text; here ``read``
    does it all.

    Raises:
        JSVDecodeError: from ``read``.
        JSVValidationError: as :func:`run`.
    """
    return run(plan, read(doc))


def run_many(
    plan: Plan,
    docs: Iterable[Any],
    read: Callable[[Any], Any],
    form: int,
    lenient: bool,
    max_depth: int,
    policy: int,
) -> Tuple[List[Any], List[JSVError]]:
    """Reads (``read(doc)``) and converts each document of ``docs``: ``(values, errors)``.

    The reference of batch decoding (``_engine.run_many``): :func:`decode` for
    each document.  ``read``, ``form``, ``lenient`` and ``max_depth`` as for
    :func:`decode`.  A ``None`` document gives ``None``.  An error
    is re-made with its row (:meth:`JSVError.at_row`) and raised (``policy``
    0), or its row becomes ``None`` and the error is added to ``errors`` (1
    and 2).  A document of another type raises :class:`TypeError` under every
    policy.
    """
    values: List[Any] = []
    errors: List[JSVError] = []
    append = values.append
    row = 0
    for row, doc in enumerate(docs):
        if doc is None:
            append(None)
            continue
        if not isinstance(doc, (str, bytes, bytearray, memoryview)):
            raise _bad_cell(row, doc)
        try:
            append(run(plan, read(doc)))
        except JSVError as e:
            err = e.at_row(row)
            if policy == _RAISE:
                raise err from e.__cause__
            errors.append(err)
            append(None)
    return values, errors


# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------

#: Shapes of untyped values, for resolving unions.
_TEXT, _MAP, _LIST = "text", "map", "list"


class Plan:
    """How to convert one untyped value into one type.

    Subclasses implement :meth:`convert`, which returns the typed value or
    raises :class:`_Invalid`.  ``name`` is the type as error messages spell it;
    ``shapes`` are the untyped shapes (text, map, list) the plan can accept,
    and ``rank`` orders text-accepting members of a union (lower first).
    """

    name: str = "value"
    shapes: frozenset[str] = frozenset()
    rank: int = 1000
    nullable: bool = False
    #: Where a compiled runner keeps its own form of this plan (built from
    #: :func:`plan_view`), so that it lives and dies with the plan.
    compiled: Any = None

    def convert(self, v: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class AnyPlan(Plan):
    """``Any``/``object``: the untyped value as it is (``type_map`` aside)."""

    name = "any"
    shapes = frozenset((_TEXT, _MAP, _LIST))
    nullable = True

    def __init__(self, poly: Dict[str, Plan] | None = None) -> None:
        #: ``__type`` name -> plan of the class to decode such maps as.
        self.poly = poly

    def convert(self, v: Any) -> Any:
        poly = self.poly
        if poly is not None and type(v) is dict:
            plan = _poly_lookup(poly, v.get("__type"))
            if plan is not None:
                return plan.convert(v)
        return v


class NonePlan(Plan):
    """``None``: only an empty value."""

    name = "null"
    nullable = True

    def convert(self, v: Any) -> Any:
        if v is None:
            return None
        raise _mismatch("null", v)


class StrPlan(Plan):
    """``str``: text as it is; a map or a list is an error, never stringified."""

    name = "str"
    shapes = frozenset((_TEXT,))
    rank = 100

    def convert(self, v: Any) -> Any:
        if type(v) is str:
            return v
        if isinstance(v, str):
            return str.__str__(v)
        raise _mismatch("str", v)


class ScalarPlan(Plan):
    """A scalar read from text by ``parse``, or given already typed.

    ``typed`` maps the exact Python types accepted as they are (or converted,
    like an ``int`` given for a ``float``) to the function that does so.
    """

    shapes = frozenset((_TEXT,))

    def __init__(
        self,
        name: str,
        parse: Callable[[str], Any],
        typed: Dict[type, Callable[[Any], Any]],
        rank: int,
        int_like: bool = False,
    ) -> None:
        self.name = name
        self.parse = parse
        self.typed = typed
        self.rank = rank
        #: Also accept ``int`` subclasses (``IntEnum`` members), but never bool.
        self.int_like = int_like

    def convert(self, v: Any) -> Any:
        if type(v) is str:
            try:
                return self.parse(v)
            except _BAD_VALUE as e:
                raise _mismatch(self.name, v, e) from None
        fn = self.typed.get(type(v))
        if fn is None:
            if isinstance(v, str):
                return self.convert(str.__str__(v))
            if self.int_like and isinstance(v, int) and not isinstance(v, bool):
                fn = self.typed[int]
                v = int(v)
            else:
                raise _mismatch(self.name, v)
        try:
            return fn(v)
        except _BAD_VALUE as e:
            raise _mismatch(self.name, v, e) from None


class BoolPlan(ScalarPlan):
    """``bool`` as ServiceStack reads it (``True``, ``false``, ``1``, ``y``, ``on``...).

    Inside a union only ``true``/``false`` (any case) are taken as booleans, so
    that ``Union[bool, str]`` keeps ``y`` as text.
    """

    def __init__(self, strict: bool = False) -> None:
        super().__init__("bool", parse_bool, {bool: _identity}, 30)
        self.strict = strict

    def convert(self, v: Any) -> Any:
        if type(v) is str:
            value = _BOOL_TEXT.get(v)
            if value is not None:
                return value
            if self.strict and v.strip().lower() not in ("true", "false"):
                raise _mismatch("bool", v)
        return super().convert(v)


#: What ServiceStack writes for booleans (and their usual lower-case spelling).
_BOOL_TEXT = {"True": True, "False": False, "true": True, "false": False}


def _identity(v: Any) -> Any:
    return v


def _float_from_int(v: int) -> float:
    return float(v)


def _decimal_from_float(v: float) -> Decimal:
    return Decimal(repr(v))


class BytesPlan(Plan):
    """``bytes``/``bytearray``: base64 text, or a list of byte values ``[0,65,255]``."""

    shapes = frozenset((_TEXT, _LIST))
    rank = 70

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.name = cls.__name__

    def convert(self, v: Any) -> Any:
        t = type(v)
        if t is str:
            try:
                data = parse_bytes(v)
            except _BAD_VALUE as e:
                raise _mismatch(self.name, v, e) from None
            return data if self.cls is bytes else self.cls(data)
        if t is list or t is tuple:
            out = bytearray()
            append = out.append
            try:
                for x in v:
                    if type(x) is str:
                        try:
                            x = parse_int(x)
                        except ValueError as e:
                            raise _mismatch("int", x, e) from None
                    elif type(x) is not int:
                        raise _mismatch("int", x)
                    if not 0 <= x <= 255:
                        raise _Invalid(f"Expected a byte value 0..255, got `{x}`")
                    append(x)
            except _Invalid as e:
                e.segments.append(f"[{len(out)}]")
                raise
            return bytes(out) if self.cls is bytes else self.cls(out)
        if t is bytes or t is bytearray or t is memoryview:
            return self.cls(v)
        raise _mismatch(self.name, v)


class EnumPlan(Plan):
    """An :class:`~enum.Enum`: member value or name, as :func:`enum_parser` reads them."""

    shapes = frozenset((_TEXT,))
    rank = 60

    def __init__(self, cls: type[enum.Enum]) -> None:
        self.cls = cls
        self.name = cls.__name__
        self.parse = enum_parser(cls)
        #: The texts ServiceStack writes (and their exact member names), read
        #: without calling the parser; anything else goes through it.
        self.exact: Dict[str, enum.Enum] = {}
        formatter = enum_formatter(cls)
        for member in cls:
            for text in (str(formatter(member)), member.name):
                try:
                    if self.parse(text) is member:
                        self.exact.setdefault(text, member)
                except ValueError:
                    pass

    def convert(self, v: Any) -> Any:
        if type(v) is str:
            member = self.exact.get(v)
            if member is not None:
                return member
            try:
                return self.parse(v)
            except ValueError as e:
                raise _mismatch(self.name, v, e) from None
        cls = self.cls
        if isinstance(v, cls):
            return v
        if v is None or isinstance(v, (bool, dict, list, enum.Enum)):
            raise _mismatch(self.name, v)
        if isinstance(v, str):
            return self.convert(str.__str__(v))
        try:
            return cls(v)  # a raw member value, e.g. an int from json.loads
        except (ValueError, TypeError) as e:
            raise _mismatch(self.name, v, e) from None


class LiteralPlan(Plan):
    """``Literal[...]``: one of the given values, matched by their text."""

    rank = 60

    def __init__(self, values: Tuple[Any, ...]) -> None:
        self.values = values
        self.name = " | ".join(repr(x) for x in values)
        #: text -> value for str, int, bool and enum literals
        self.by_text: Dict[str, Any] = {}
        #: fallback parsers for text that only matches once read as a number etc.
        self.parsers: List[Callable[[str], Any]] = []
        shapes = set()
        for value in values:
            if value is None:
                self.nullable = True
                continue
            shapes.add(_TEXT)
            if isinstance(value, enum.Enum):
                self.by_text.setdefault(str(enum_formatter(type(value))(value)), value)
                self.by_text.setdefault(value.name, value)
                if enum_parser(type(value)) not in self.parsers:
                    self.parsers.append(enum_parser(type(value)))
            elif isinstance(value, bool):
                self.by_text.setdefault("True" if value else "False", value)
                if parse_bool not in self.parsers:
                    self.parsers.append(parse_bool)
            elif isinstance(value, int):
                self.by_text.setdefault(str(value), value)
                if parse_int not in self.parsers:
                    self.parsers.append(parse_int)
            elif isinstance(value, str):
                self.by_text.setdefault(value, value)
            elif isinstance(value, bytes):
                self.by_text.setdefault(value.decode("latin-1"), value)
        self.shapes = frozenset(shapes)

    def _member(self, v: Any) -> Any:
        for value in self.values:
            if type(value) is type(v) and value == v:
                return value
        raise KeyError(v)

    def convert(self, v: Any) -> Any:
        if type(v) is str:
            found = self.by_text.get(v, _MISSING)
            if found is not _MISSING:
                return found
            for parse in self.parsers:
                try:
                    return self._member(parse(v))
                except (ValueError, KeyError, ArithmeticError):
                    continue
            raise _mismatch(self.name, v)
        try:
            return self._member(v)
        except (KeyError, TypeError):
            raise _mismatch(self.name, v) from None


class OptionalPlan(Plan):
    """``Optional[X]``: ``None`` for an empty value, else ``X``."""

    nullable = True

    def __init__(self, inner: Plan) -> None:
        self.inner = inner
        self.name = f"{inner.name} | None"
        self.shapes = inner.shapes
        self.rank = inner.rank

    def convert(self, v: Any) -> Any:
        if v is None:
            return None
        return self.inner.convert(v)


class UnionPlan(Plan):
    """A union of several types, resolved by the shape of the value (module docs)."""

    def __init__(self, members: List[Plan], nullable: bool) -> None:
        self.members = members
        self.nullable = nullable
        self.name = " | ".join(p.name for p in members) + (" | None" if nullable else "")
        self.shapes = frozenset().union(*(p.shapes for p in members))
        text = [p for p in members if _TEXT in p.shapes]
        text.sort(key=lambda p: p.rank)  # stable: declaration order within a rank
        self.text: Tuple[Plan, ...] = tuple(
            BoolPlan(strict=True) if isinstance(p, BoolPlan) else p for p in text
        )
        self.maps = tuple(p for p in members if _MAP in p.shapes)
        self.lists = tuple(p for p in members if _LIST in p.shapes)
        self.others = tuple(members)

    def convert(self, v: Any) -> Any:
        t = type(v)
        if t is str:
            candidates = self.text
        elif t is dict:
            candidates = self.maps
        elif t is list:
            candidates = self.lists
        elif v is None:
            if self.nullable:
                return None
            raise _mismatch(self.name, v)
        else:
            candidates = self.others
        if len(candidates) == 1:
            return candidates[0].convert(v)
        for plan in candidates:
            try:
                return plan.convert(v)
            except _Invalid:
                continue
        raise _mismatch(self.name, v)


class ListPlan(Plan):
    """``list``/``Sequence``/``tuple[X, ...]``/``set``/``frozenset``: items of one type.

    ``build`` turns the converted list into the declared container (``None``
    for a plain list).
    """

    shapes = frozenset((_LIST,))

    def __init__(self, item: Plan, build: Callable[[List[Any]], Any] | None, name: str) -> None:
        self.item = item
        self.build = build
        self.name = name
        #: Items of type Any (without ``type_map``) are taken as they are.
        self.copy_items = isinstance(item, AnyPlan) and item.poly is None

    def convert(self, v: Any) -> Any:
        if type(v) is not list:
            v = _as_list(v)
        if self.copy_items:
            out = list(v)
        else:
            conv = self.item.convert
            out = []
            append = out.append
            try:
                for x in v:
                    append(conv(x))
            except _Invalid as e:
                e.segments.append(f"[{len(out)}]")
                raise
        build = self.build
        if build is None:
            return out
        try:
            return build(out)
        except TypeError as e:  # e.g. an unhashable item for a set
            raise _Invalid(f"Cannot build `{self.name}`: {e}", e) from None


def _as_list(v: Any) -> List[Any]:
    """The items of a value that is not a ``list``, given for a list-shaped type.

    Other collections give their items.  A map or a text gives itself as the
    only item: ServiceStack's list readers take one item written without
    brackets (``{Tags:a}``, ``{Lines:{Sku:a1}}``) as a one-item list.  (Text
    with several bracket-less items, ``a,b``, only exists as a whole document
    or field value; :func:`decode_document` and :func:`bind_text_fields` read
    it with :mod:`jsv._bare`.  Inside a document such text arrives quoted, and
    ServiceStack keeps a quoted item whole.)
    """
    if isinstance(v, (list, tuple, set, frozenset)) and not isinstance(v, str):
        return list(v)
    if type(v) is dict or isinstance(v, str):
        return [v]
    raise _mismatch("array", v)


class TuplePlan(Plan):
    """``tuple[A, B]``: a list of exactly as many items, each of its own type."""

    shapes = frozenset((_LIST,))

    def __init__(self, items: List[Plan]) -> None:
        self.items = items
        self.name = "tuple[" + ", ".join(p.name for p in items) + "]"

    def convert(self, v: Any) -> Any:
        if type(v) is not list:
            if isinstance(v, (set, frozenset)):
                raise _mismatch("array", v)
            v = _as_list(v)
        if len(v) != len(self.items):
            raise _Invalid(f"Expected `array` of length {len(self.items)}, got {len(v)}")
        out = []
        try:
            for plan, x in zip(self.items, v):
                out.append(plan.convert(x))
        except _Invalid as e:
            e.segments.append(f"[{len(out)}]")
            raise
        return tuple(out)


class DictPlan(Plan):
    """``dict``/``Mapping``: keys converted from their text, values by their plan."""

    shapes = frozenset((_MAP,))
    name = "object"

    def __init__(self, key: Plan, value: Plan) -> None:
        self.key = key
        self.value = value
        self.name = f"dict[{key.name}, {value.name}]"
        self._str_keys = isinstance(key, (StrPlan, AnyPlan))

    def convert(self, v: Any) -> Any:
        if type(v) is not dict:
            if isinstance(v, cabc.Mapping):
                v = dict(v)
            elif isinstance(v, str):
                v = _map_from_text(v)
            else:
                raise _mismatch("object", v)
        kconv = self.key.convert
        vconv = self.value.convert
        str_keys = self._str_keys
        out: Dict[Any, Any] = {}
        k: Any = None
        try:
            for k, x in v.items():
                if str_keys and type(k) is str:
                    ck = k
                else:
                    try:
                        ck = kconv(k)
                    except _Invalid as e:
                        msg = e.msg
                        if msg.startswith("Expected `"):
                            msg = f"Expected `{self.key.name}` key, got `{_got(k)}`"
                        raise _Invalid(msg, e.cause) from None
                out[ck] = vconv(x)
        except _Invalid as e:
            e.segments.append(_key_segment(k))
            raise
        except TypeError as e:  # unhashable key
            raise _Invalid(f"Invalid key `{_got(k)}`: {e}", e) from None
        return out


def _map_from_text(v: str) -> Dict[Any, Any]:
    """The entries of a text given for a map type, read without its braces.

    ServiceStack's dictionary reader takes the braces as optional, so the
    value of ``{Limits:Read:5}`` read as ``Dict[str, int]`` is ``{'Read': 5}``.
    The text is read by the reference reader, which gives the same values and
    errors as the compiled one, so the typed layer needs no engine.
    """
    text = str.__str__(v)
    try:
        value = read_map_text(text, _parse_jsv, False, DEFAULT_MAX_DEPTH)
    except JSVError as e:
        raise _Invalid(f"Invalid map `{_got(text)}`: {e}", e) from None
    if value is None:
        raise _mismatch("object", v)
    return value


class TextKeyPlan(Plan):
    """A map key of a structured type (``{{Name:k}:1}``): the key arrives as JSV text."""

    def __init__(self, inner: Plan) -> None:
        self.inner = inner
        self.name = inner.name

    def convert(self, v: Any) -> Any:
        if type(v) is str and v[:1] in ("{", "["):
            try:
                v = _parse_jsv(v, False, DEFAULT_MAX_DEPTH, False, False)
            except JSVError as e:
                raise _Invalid(f"Invalid key `{_got(v)}`: {e}", e) from None
        return self.inner.convert(v)


# ---------------------------------------------------------------------------
# Object plans: dataclasses, TypedDicts, NamedTuples
# ---------------------------------------------------------------------------

_MISSING: Any = object()
_FACTORY: Any = object()

#: What an empty value does to a field: set None, keep the default, or fail.
_SET_NONE, _KEEP_DEFAULT, _FAIL = 0, 1, 2

#: How many spellings (case variants, unknown keys) a plan remembers.
_SPELLING_CACHE_LIMIT = 512
#: The longest spelling a plan remembers: real field names are short, and a
#: remembered key stays alive as long as the plan (which lives as long as the
#: type), so a document with huge unknown keys must not pin them.
_SPELLING_MAX_LENGTH = 64


def _normalize(key: str) -> str:
    """The spelling-insensitive form of a name: lower case, no ``_``/``-``, trimmed."""
    return key.strip().lower().replace("_", "").replace("-", "")


#: What the conversion loop looks up per key: (attribute, convert or None, none_mode).
_Entry = Tuple[str, Union[Callable[[Any], Any], None], int]


class FieldPlan:
    """One field of an object plan.

    Attributes:
        name: the attribute (or TypedDict key) it fills.
        wire: the name written on the wire and shown in errors.
        plan: the plan of its declared type, ``Optional`` removed.
        none_mode: what an empty value does (``_SET_NONE``, ``_KEEP_DEFAULT``,
            ``_FAIL``).
        default: the default, ``_FACTORY`` when ``factory`` makes it, ``_MISSING``
            when there is none.
        init: False for ``field(init=False)``.
    """

    __slots__ = ("default", "entry", "factory", "init", "name", "none_mode", "plan", "wire")

    def __init__(
        self,
        name: str,
        wire: str,
        plan: Plan,
        nullable: bool,
        default: Any,
        factory: Callable[[], Any] | None,
        init: bool,
    ) -> None:
        self.name = name
        self.wire = wire
        self.plan = plan
        self.default = default
        self.factory = factory
        self.init = init
        has_default = default is not _MISSING
        self.none_mode = _SET_NONE if nullable else (_KEEP_DEFAULT if has_default else _FAIL)
        #: The tuple the conversion loop unpacks: (name, convert, none_mode);
        #: ``convert`` is None for a plain ``str`` field (text is stored as is).
        conv = None if type(plan) is StrPlan else plan.convert
        self.entry: _Entry = (name, conv, self.none_mode)


class _ObjectPlan(Plan):
    """Shared machinery of plans that read maps by field name."""

    shapes = frozenset((_MAP,))
    name = "object"

    fields: Tuple[FieldPlan, ...]
    #: exact key spelling -> entry; grows with spellings met (bounded)
    lookup: Dict[Any, _Entry | None]
    #: normalised spelling -> entry
    norm: Dict[str, _Entry]
    forbid_unknown: bool
    by_name: Dict[str, FieldPlan]

    def _index(
        self, fields: Tuple[FieldPlan, ...], forbid_unknown: bool, extra: Mapping[str, str]
    ) -> None:
        self.fields = fields
        self.forbid_unknown = forbid_unknown
        self.by_name = {f.name: f for f in fields}
        lookup: Dict[Any, Any] = {}
        norm: Dict[str, Any] = {}
        for f in fields:  # attribute names, then wire names (which win)
            lookup.setdefault(f.name, f.entry)
        for f in fields:
            lookup[f.wire] = f.entry
            alias = extra.get(f.name)
            if alias is not None:
                lookup[alias] = f.entry
        for spelling, entry in list(lookup.items()):
            norm.setdefault(_normalize(spelling), entry)
        self.lookup = lookup
        self.norm = norm

    def _miss(self, key: Any) -> _Entry | None:
        """Finds the field of a key spelled differently, or handles an unknown key."""
        entry = None
        if type(key) is str:
            folded = _normalize(key)
            if key.strip().lower() != "__type":
                entry = self.norm.get(folded)
        elif isinstance(key, str):
            return self._miss(str.__str__(key))
        if (
            entry is None
            and self.forbid_unknown
            and not (type(key) is str and key.strip().lower() == "__type")
        ):
            err = _Invalid(f"Object contains unknown field `{_got(key)}`")
            err.here = True
            raise err
        if len(self.lookup) < _SPELLING_CACHE_LIMIT and (
            key is None or (type(key) is str and len(key) <= _SPELLING_MAX_LENGTH)
        ):
            self.lookup[key] = entry
        return entry

    def _missing_required(self, present: Mapping[str, Any]) -> _Invalid:
        for f in self.fields:
            if f.name not in present and f.default is _MISSING and f.init:
                # The path is the object's own: the enclosing field or item
                # adds its segment as the error passes through it.
                return _Invalid(f"Object missing required field `{f.wire}`")
        raise AssertionError("no missing field")  # pragma: no cover

    def _read(self, v: Dict[Any, Any], out: Dict[str, Any]) -> None:
        """Converts the entries of ``v`` into ``out`` (attribute name -> value).

        The hot loop of typed decoding: one dict lookup per key, and text into
        a ``str`` field (most fields of generated DTOs) is stored without a call.
        """
        get = self.lookup.get
        key: Any = None
        try:
            for key, raw in v.items():
                entry = get(key, _MISSING)
                if entry is _MISSING:
                    entry = self._miss(key)
                if entry is None:
                    continue
                name, conv, none_mode = entry
                if type(raw) is str:
                    out[name] = raw if conv is None else conv(raw)
                elif raw is None:
                    if none_mode == _SET_NONE:
                        out[name] = None
                    elif none_mode == _FAIL:
                        raise _mismatch(self.by_name[name].plan.name, None)
                else:
                    out[name] = (conv or self.by_name[name].plan.convert)(raw)
        except _Invalid as e:
            if e.here:
                e.here = False
            else:
                e.segments.append(_field_segment(key))
            raise


class DataclassPlan(_ObjectPlan):
    """A dataclass (also a parameterised generic one, ``ListResponse[SessionInfo]``).

    Conversion fills a dict of attribute values -- starting from a template of
    the plain defaults -- and builds the instance from it: with ``__new__`` and
    the instance ``__dict__`` when ``__init__`` is the dataclass-generated one
    (then ``__post_init__``), else by calling the class.  ``init=False`` fields
    found in the data are set once the instance exists.
    """

    cls: type
    template: Dict[str, Any]
    factories: Tuple[Tuple[str, Callable[[], Any]], ...]
    late: frozenset[str]
    late_defaults: Dict[str, Any]
    late_factories: Tuple[Tuple[str, Callable[[], Any]], ...]
    n_init: int
    fast: bool
    post_init: bool
    initvars: frozenset[str]
    poly: Dict[str, Plan] | None

    def __init__(self, cls: type, display: str) -> None:
        self.cls = cls
        self.name = display
        self.poly = None

    def setup(
        self,
        fields: Tuple[FieldPlan, ...],
        forbid_unknown: bool,
        extra: Mapping[str, str],
        initvars: frozenset[str],
    ) -> None:
        """Fills the tables once the field plans are compiled."""
        self._index(fields, forbid_unknown, extra)
        cls = self.cls
        self.initvars = initvars
        init_fields = [f for f in fields if f.init]
        self.n_init = len(init_fields)
        self.template = {f.name: f.default for f in init_fields if f.default is not _MISSING}
        self.factories = tuple((f.name, f.factory) for f in init_fields if f.factory is not None)
        late_fields = [f for f in fields if not f.init]
        self.late = frozenset(f.name for f in late_fields)
        self.late_defaults = {
            f.name: f.default
            for f in late_fields
            if f.default is not _MISSING and f.factory is None
        }
        self.late_factories = tuple(
            (f.name, f.factory) for f in late_fields if f.factory is not None
        )
        self.post_init = hasattr(cls, "__post_init__")
        self.fast = _has_generated_init(cls) and not initvars

    def convert(self, v: Any) -> Any:
        if type(v) is not dict:
            return self._convert_other(v)
        poly = self.poly
        if poly is not None:
            plan = _poly_lookup(poly, v.get("__type"))
            if plan is not None and plan is not self:
                return plan.convert(v)
        d = self.template.copy()
        self._read(v, d)
        for name, factory in self.factories:
            if d[name] is _FACTORY:
                d[name] = factory()
        late = None
        if self.late:
            late = {n: d.pop(n) for n in self.late if n in d}
        if len(d) != self.n_init:
            raise self._missing_required(d)
        try:
            if self.fast:
                obj = _object_new(self.cls)
                obj.__dict__.update(d)
                if late is not None:
                    obj.__dict__.update(self.late_defaults)
                    for name, factory in self.late_factories:
                        obj.__dict__[name] = factory()
                if self.post_init:
                    obj.__post_init__()
            else:
                obj = self.cls(**d)
            if late:
                for name, value in late.items():
                    object.__setattr__(obj, name, value)
        except (TypeError, ValueError) as e:
            raise _Invalid(f"Cannot build `{self.name}`: {e}", e) from None
        return obj

    def _convert_other(self, v: Any) -> Any:
        if isinstance(v, self.cls):
            return v
        if isinstance(v, cabc.Mapping):
            return self.convert(dict(v))
        raise _mismatch("object", v)


class TypedDictPlan(_ObjectPlan):
    """A :class:`~typing.TypedDict`: a dict with the declared keys and value types."""

    required: frozenset[str]
    n_required: int

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.name = cls.__name__

    def setup(
        self, fields: Tuple[FieldPlan, ...], forbid_unknown: bool, required: frozenset[str]
    ) -> None:
        self._index(fields, forbid_unknown, {})
        self.required = required
        self.n_required = len(required)

    def convert(self, v: Any) -> Any:
        if type(v) is not dict:
            if isinstance(v, cabc.Mapping):
                v = dict(v)
            else:
                raise _mismatch("object", v)
        out: Dict[str, Any] = {}
        self._read(v, out)
        if self.n_required and not self.required.issubset(out):
            for f in self.fields:
                if f.name in self.required and f.name not in out:
                    err = _Invalid(f"Object missing required field `{f.wire}`")
                    raise err
        return out


class NamedTuplePlan(_ObjectPlan):
    """A :class:`~typing.NamedTuple`: from a list (by position) or a map (by name)."""

    shapes = frozenset((_MAP, _LIST))
    n_required: int

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.name = cls.__name__

    def setup(self, fields: Tuple[FieldPlan, ...], forbid_unknown: bool) -> None:
        self._index(fields, forbid_unknown, {})
        self.n_required = sum(1 for f in fields if f.default is _MISSING)

    def convert(self, v: Any) -> Any:
        t = type(v)
        if t is dict:
            out: Dict[str, Any] = {}
            self._read(v, out)
            if len(out) != len(self.fields):
                for f in self.fields:
                    if f.name not in out:
                        if f.default is _MISSING:
                            raise _Invalid(f"Object missing required field `{f.wire}`")
                        out[f.name] = f.default
            return self.cls(**out)
        if t is list or (isinstance(v, tuple) and not isinstance(v, self.cls)):
            n = len(v)
            if not self.n_required <= n <= len(self.fields):
                if self.n_required == len(self.fields):
                    expect = str(len(self.fields))
                else:
                    expect = f"{self.n_required} to {len(self.fields)}"
                raise _Invalid(f"Expected `array` of length {expect}, got {n}")
            items: List[Any] = []
            try:
                for f, x in zip(self.fields, v):
                    if x is None and f.none_mode != _SET_NONE:
                        if f.none_mode == _FAIL:
                            raise _mismatch(f.plan.name, None)
                        items.append(f.default)
                    else:
                        items.append(None if x is None else f.plan.convert(x))
            except _Invalid as e:
                e.segments.append(f"[{len(items)}]")
                raise
            for f in self.fields[n:]:
                items.append(f.default)
            return self.cls(*items)
        if isinstance(v, self.cls):
            return v
        raise _mismatch(self.name, v)


def _poly_lookup(poly: Dict[str, Plan], tag: Any) -> Plan | None:
    """The plan ``type_map`` assigns to a ``__type`` value, if any."""
    if type(tag) is not str:
        return None
    plan = poly.get(tag)
    if plan is None:
        name = tag.split(",", 1)[0].strip()
        plan = poly.get(name)
        if plan is None:
            plan = poly.get(name.rsplit(".", 1)[-1].rsplit("+", 1)[-1])
    return plan


# ---------------------------------------------------------------------------
# The compiled engine's interface to plans
# ---------------------------------------------------------------------------
#
# A compiled runner (``jsv._speedups.run``) executes plans faster; it reads them
# only through the records below, which :func:`plan_view` fills from a plan and
# :data:`RUNNER` from this module.  No other code outside this module reads a
# plan's attributes, so the plan classes may change freely as long as
# ``plan_view`` still describes them.

#: ``PlanView.kind``: what a compiled runner may do with a plan itself.  Any
#: plan it does not know is ``KIND_DELEGATE``: the runner calls ``view.convert``.
(
    KIND_DELEGATE,
    KIND_ANY,
    KIND_STR,
    KIND_BOOL,
    KIND_ENUM,
    KIND_SCALAR,
    KIND_OPTIONAL,
    KIND_LIST,
    KIND_DICT,
    KIND_DATACLASS,
) = range(10)


class FieldView(NamedTuple):
    """One field of a dataclass plan, as a compiled runner sees it."""

    #: the attribute it fills
    name: str
    #: the plan of its declared type, ``Optional`` removed
    plan: Plan
    #: a plain ``str`` field: text is stored as it is, without a call
    is_str: bool
    #: what an empty value does: ``RUNNER.SET_NONE``, ``KEEP_DEFAULT`` or ``FAIL``
    none_mode: int
    #: the type an empty value is reported against (``Expected `x`, got `null```)
    null_name: str
    #: False for ``field(init=False)``
    init: bool


class ObjectView(NamedTuple):
    """The tables of a dataclass plan (``DataclassPlan.convert``, step by step)."""

    cls: type
    fields: Tuple[FieldView, ...]
    #: exact key spelling -> entry (``entry[0]`` is the attribute name) or None
    #: for a key to skip.  The plan's own table: it grows as spellings are met.
    lookup: Dict[Any, Any]
    #: ``miss(key)``: the entry of a key not in ``lookup`` (remembering it), None
    #: to skip it; raises ``RUNNER.Invalid`` for an unknown key when forbidden.
    miss: Callable[[Any], Any]
    #: attribute name -> plain default of the ``init`` fields (dict order kept)
    template: Dict[str, Any]
    #: (attribute, factory) of the ``init`` fields whose default a factory makes
    factories: Tuple[Tuple[str, Callable[[], Any]], ...]
    #: attributes of ``init=False`` fields
    late: frozenset[str]
    late_defaults: Dict[str, Any]
    late_factories: Tuple[Tuple[str, Callable[[], Any]], ...]
    #: how many attributes the ``init`` fields make
    n_init: int
    #: built with ``object.__new__`` and its ``__dict__`` (generated ``__init__``)
    fast: bool
    post_init: bool
    #: ``type_map``: None or the ``__type`` table for ``RUNNER.poly_lookup``
    poly: Dict[str, Plan] | None
    #: ``missing_required(present)``: the error for the first required field absent
    missing_required: Callable[[Mapping[str, Any]], Exception]
    #: ``convert_other(v)``: the plan's conversion of a value that is not a dict
    convert_other: Callable[[Any], Any]


#: The scalar readers whose canonical spellings a compiled runner may read itself.
_TEXT_FORMS: Dict[Callable[[str], Any], str] = {
    parse_datetime: "datetime",
    parse_date: "date",
    parse_decimal: "decimal",
}


class PlanView(NamedTuple):
    """Everything a compiled runner may know of one plan (fields by ``kind``)."""

    kind: int
    plan: Plan
    #: the type as error messages name it
    name: str
    #: the reference conversion of this plan (``plan.convert``)
    convert: Callable[[Any], Any]
    #: BOOL: text -> bool read without parsing; ENUM: text -> member
    table: Mapping[str, Any] | None = None
    #: SCALAR: text -> value (raises one of ``RUNNER.BAD_VALUE``)
    parse: Callable[[str], Any] | None = None
    #: SCALAR: ``parse`` reads integers (short digit runs may be read directly)
    int_text: bool = False
    #: SCALAR: ``"datetime"``, ``"date"`` or ``"decimal"`` when ``parse`` is
    #: :func:`~jsv._scalars.parse_datetime`, ``parse_date`` or ``parse_decimal``
    #: (their canonical spellings may be read directly); else ``""``
    text_form: str = ""
    #: OPTIONAL: (inner,); LIST: (item,); DICT: (key, value)
    children: Tuple[Plan, ...] = ()
    #: LIST: the converted list -> the declared container (None: the list)
    build: Callable[[List[Any]], Any] | None = None
    #: LIST: items are taken as they are; DICT: ``str`` keys are taken as they are
    as_is: bool = False
    #: DATACLASS
    object: ObjectView | None = None


class RunnerSupport(NamedTuple):
    """The helpers and markers of this module that a compiled runner shares."""

    #: the internal error a failing value raises; ``msg``, ``segments``,
    #: ``cause``, ``here`` as :class:`_Invalid` documents
    Invalid: type
    ValidationError: type
    #: ``mismatch(expected, got, cause=None) -> Invalid``
    mismatch: Callable[..., Exception]
    #: how messages name a value
    got: Callable[[Any], str]
    #: path segments of a field and of a map key
    field_segment: Callable[[Any], str]
    key_segment: Callable[[Any], str]
    poly_lookup: Callable[[Dict[str, Plan], Any], Plan | None]
    #: ``template`` values of fields whose factory makes the default
    FACTORY: Any
    MISSING: Any
    #: the exceptions ``parse`` functions raise for bad text
    BAD_VALUE: Tuple[type, ...]
    SET_NONE: int
    KEEP_DEFAULT: int
    FAIL: int
    #: the bounds of a plan's spelling table (how many, how long)
    spelling_cache_limit: int
    spelling_max_length: int
    #: the KIND_* numbers, in order, so a runner can check its own
    kinds: Tuple[int, ...]
    #: ``map_from_text(text) -> dict``: the entries of a text given for a map type
    map_from_text: Callable[[str], Dict[Any, Any]]
    #: the base class of the errors batch decoding reports per row
    JSVError: type
    #: ``bad_cell(row, doc) -> TypeError``: a batch document that is not text
    bad_cell: Callable[[int, Any], Exception]
    #: ``(FORM_PLAIN, FORM_LIST, FORM_MAP)``: the numbers :func:`document_form` gives
    forms: Tuple[int, int, int]


def plan_view(plan: Plan) -> PlanView:
    """What a compiled runner may know of ``plan``: the one place that reads it for one.

    Plans of exact classes only: a subclass (or an unusual configuration, such
    as a strict ``bool`` inside a union or ``Any`` with ``type_map``) is
    ``KIND_DELEGATE`` and keeps its own ``convert``.
    """
    t = type(plan)
    name, conv = plan.name, plan.convert
    if t is StrPlan:
        return PlanView(KIND_STR, plan, name, conv)
    if t is BoolPlan:
        if not cast(BoolPlan, plan).strict:  # strict ones (in unions) stay with the reference
            return PlanView(KIND_BOOL, plan, name, conv, table=_BOOL_TEXT)
    elif t is EnumPlan:
        return PlanView(KIND_ENUM, plan, name, conv, table=cast(EnumPlan, plan).exact)
    elif t is ScalarPlan:
        parse = cast(ScalarPlan, plan).parse
        return PlanView(
            KIND_SCALAR,
            plan,
            name,
            conv,
            parse=parse,
            int_text=parse is parse_int,
            text_form=_TEXT_FORMS.get(parse, ""),
        )
    elif t is AnyPlan:
        if cast(AnyPlan, plan).poly is None:
            return PlanView(KIND_ANY, plan, name, conv)
    elif t is OptionalPlan:
        return PlanView(KIND_OPTIONAL, plan, name, conv, children=(cast(OptionalPlan, plan).inner,))
    elif t is ListPlan:
        lp = cast(ListPlan, plan)
        return PlanView(
            KIND_LIST, plan, name, conv, children=(lp.item,), build=lp.build, as_is=lp.copy_items
        )
    elif t is DictPlan:
        dp = cast(DictPlan, plan)
        return PlanView(
            KIND_DICT, plan, name, conv, children=(dp.key, dp.value), as_is=dp._str_keys
        )
    elif t is DataclassPlan:
        view = _object_view(cast(DataclassPlan, plan))
        return PlanView(KIND_DATACLASS, plan, name, conv, object=view)
    return PlanView(KIND_DELEGATE, plan, name, conv)


def _object_view(plan: DataclassPlan) -> ObjectView:
    fields = tuple(
        FieldView(
            f.name,
            f.plan,
            f.entry[1] is None,
            f.none_mode,
            # _read names the plan of by_name[name]: the last field of that name
            plan.by_name[f.name].plan.name,
            f.init,
        )
        for f in plan.fields
    )
    return ObjectView(
        cls=plan.cls,
        fields=fields,
        lookup=plan.lookup,
        miss=plan._miss,
        template=plan.template,
        factories=tuple(plan.factories),
        late=plan.late,
        late_defaults=plan.late_defaults,
        late_factories=tuple(plan.late_factories),
        n_init=plan.n_init,
        fast=plan.fast,
        post_init=plan.post_init,
        poly=plan.poly,
        missing_required=plan._missing_required,
        convert_other=plan._convert_other,
    )


#: What :func:`document_form` says of a plan's documents: plain JSV, or the text
#: of a list or of a map whose brackets are optional (:func:`bare_kind`).
FORM_PLAIN, FORM_LIST, FORM_MAP = 1, 2, 3


RUNNER = RunnerSupport(
    Invalid=_Invalid,
    ValidationError=JSVValidationError,
    mismatch=_mismatch,
    got=_got,
    field_segment=_field_segment,
    key_segment=_key_segment,
    poly_lookup=_poly_lookup,
    FACTORY=_FACTORY,
    MISSING=_MISSING,
    BAD_VALUE=_BAD_VALUE,
    SET_NONE=_SET_NONE,
    KEEP_DEFAULT=_KEEP_DEFAULT,
    FAIL=_FAIL,
    spelling_cache_limit=_SPELLING_CACHE_LIMIT,
    spelling_max_length=_SPELLING_MAX_LENGTH,
    kinds=tuple(range(KIND_DATACLASS + 1)),
    map_from_text=_map_from_text,
    JSVError=JSVError,
    bad_cell=_bad_cell,
    forms=(FORM_PLAIN, FORM_LIST, FORM_MAP),
)


_object_new: Any = object.__new__


def _is_generated_init(init: Any) -> bool:
    """True for an ``__init__`` that ``@dataclass`` generated (it has no source file)."""
    code = getattr(init, "__code__", None)
    return code is not None and code.co_filename.startswith("<")


def _is_dataclasses_json_ignore_init(init: Any) -> bool:
    """True for dataclasses-json's ``Undefined.EXCLUDE`` wrapper around ``__init__``.

    Every ServiceStack-generated DTO has it.  It drops unknown keyword arguments
    and passes the rest to the wrapped, generated ``__init__``: given only known
    fields, as jsv gives them, it is the generated ``__init__``.  Recognised by
    its code object, without importing dataclasses-json.
    """
    code = getattr(init, "__code__", None)
    return (
        code is not None
        and code.co_name == "_ignore_init"
        and "dataclasses_json" in code.co_filename
        and _is_generated_init(getattr(init, "__wrapped__", None))
    )


def _has_generated_init(cls: type) -> bool:
    """True when instances can be built with ``__new__`` and their ``__dict__``.

    That is when ``__init__`` is the one ``@dataclass`` generated for this very
    class (possibly behind dataclasses-json's ``Undefined.EXCLUDE`` wrapper),
    instances have a ``__dict__`` (no ``slots=True``) and ``__new__`` is not
    customised.
    """
    init = cls.__dict__.get("__init__")
    params = getattr(cls, "__dataclass_params__", None)
    if init is None or params is None or not getattr(params, "init", False):
        return False
    if not (_is_generated_init(init) or _is_dataclasses_json_ignore_init(init)):
        return False
    if getattr(cls, "__dictoffset__", 0) == 0:
        return False
    return getattr(cls, "__new__", None) is _object_new


# ---------------------------------------------------------------------------
# Type introspection
# ---------------------------------------------------------------------------


def _module_globals(cls: Any) -> Dict[str, Any]:
    module = sys.modules.get(getattr(cls, "__module__", "") or "")
    return dict(vars(module)) if isinstance(module, ModuleType) else {}


class _PEP604(ast.NodeTransformer):
    """Rewrites ``A | B`` into ``__jsv_Union__[A, B]`` for Python 3.9."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.BitOr):
            elts = [node.left, node.right]
            return ast.Subscript(
                value=ast.Name(id="__jsv_Union__", ctx=ast.Load()),
                slice=ast.Tuple(elts=elts, ctx=ast.Load()),
                ctx=ast.Load(),
            )
        return node


def _eval_annotation(owner: type, name: str, annotation: Any) -> Any:
    """Evaluates one annotation of ``owner`` in its module's and class's namespaces."""
    globalns = _module_globals(owner)
    # Names of the class body count only when they are types (nested classes,
    # aliases): a field's default must not shadow a global, as in
    # ``date: Optional[date] = None``.
    localns: Dict[str, Any] = {
        k: v
        for k, v in vars(owner).items()
        if isinstance(v, (type, TypeVar)) or hasattr(v, "__origin__")
    }
    localns.setdefault(owner.__name__, owner)
    try:
        return _hints_of(name, annotation, globalns, localns)
    except TypeError:
        if not isinstance(annotation, str):
            raise
        # Evaluate the text ourselves: Python 3.9 cannot evaluate ``X | None``
        # (spell it as a Union), and 3.9/3.10 refuse a string that evaluates to
        # something typing does not call a type, such as ``"InitVar[int]"``.
        tree = ast.parse(annotation, mode="eval")
        if sys.version_info < (3, 10):
            tree = ast.fix_missing_locations(_PEP604().visit(tree))
            localns["__jsv_Union__"] = Union
        value = eval(compile(tree, "<annotation>", "eval"), globalns, localns)
        return _hints_of(name, value, globalns, localns)


def _hints_of(name: str, annotation: Any, globalns: Dict[str, Any], localns: Dict[str, Any]) -> Any:
    """Evaluates one annotation as :func:`typing.get_type_hints` does for a class
    body (string annotations such as ``"InitVar[int]"`` and ``"ClassVar[...]"``
    are allowed there, unlike in function signatures)."""
    holder = type("_AnnotationHolder", (), {"__annotations__": {name: annotation}})
    return typing.get_type_hints(holder, globalns, localns, include_extras=True)[name]


def _subst(tp: Any, mapping: Mapping[Any, Any]) -> Any:
    """Replaces the type variables of ``tp`` by their values in ``mapping``."""
    if not mapping:
        return tp
    if isinstance(tp, TypeVar):
        return mapping.get(tp, tp)
    params = getattr(tp, "__parameters__", None)
    if not params:
        return tp
    try:
        return tp[tuple(mapping.get(p, p) for p in params)]
    except TypeError:
        args = typing.get_args(tp)
        origin = typing.get_origin(tp)
        if origin is not None and args:
            new_args = tuple(_subst(a, mapping) for a in args)
            if origin is Union or (_UnionType is not None and origin is _UnionType):
                return Union[new_args]
        return tp


def _typevar_maps(tp: Any) -> Tuple[type, Dict[type, Dict[Any, Any]]]:
    """For a (possibly parameterised) generic class: the class and, for it and
    each generic base, the values of its type variables."""
    origin = typing.get_origin(tp)
    cls = origin if isinstance(origin, type) else tp
    args = typing.get_args(tp) if origin is not None else ()
    maps: Dict[type, Dict[Any, Any]] = {}

    def walk(klass: type, mapping: Dict[Any, Any]) -> None:
        if klass in maps:
            return
        maps[klass] = mapping
        for base in getattr(klass, "__orig_bases__", ()):
            base_origin = typing.get_origin(base)
            if not isinstance(base_origin, type) or base_origin is Generic:
                continue
            params = getattr(base_origin, "__parameters__", ())
            values = tuple(_subst(a, mapping) for a in typing.get_args(base))
            walk(base_origin, dict(zip(params, values)))

    params = getattr(cls, "__parameters__", ())
    walk(cls, dict(zip(params, args)) if args else {})
    return cls, maps


def _field_types(tp: Any) -> Tuple[type, Dict[str, Any]]:
    """The class of a dataclass type and its fields' resolved types."""
    cls, maps = _typevar_maps(tp)
    relevant = {f.name for f in dataclasses.fields(cls)} | set(_initvars(cls))
    hints: Dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass is object:
            continue
        own = _own_annotations(klass)
        if not own:
            continue
        mapping = maps.get(klass, {})
        for name, annotation in own.items():
            try:
                resolved = _eval_annotation(klass, name, annotation)
            except Exception as e:
                if name not in relevant:
                    continue  # not a field (e.g. an unresolvable ClassVar): irrelevant
                where = f"{klass.__qualname__}.{name}"
                raise TypeError(
                    f"Cannot resolve the annotation {annotation!r} of {where}: {e}"
                ) from e
            hints[name] = _subst(resolved, mapping)
    return cls, hints


def _is_marshmallow(tp: Any, name: str) -> bool:
    return (
        isinstance(tp, type)
        and tp.__name__ == name
        and (getattr(tp, "__module__", "") or "").startswith("marshmallow")
    )


#: marshmallow field classes that older generated DTOs use as annotations
#: (``from marshmallow.fields import *`` makes ``Decimal``, ``DateTime``... mean them).
_MARSHMALLOW_TYPES: Dict[str, Any] = {
    "Decimal": Decimal,
    "DateTime": datetime,
    "NaiveDateTime": datetime,
    "AwareDateTime": datetime,
    "Date": date,
    "Time": time,
    "TimeDelta": timedelta,
    "Float": float,
    "Integer": int,
    "Int": int,
    "Number": float,
    "String": str,
    "Str": str,
    "Boolean": bool,
    "Bool": bool,
    "UUID": uuid.UUID,
    "Url": str,
    "URL": str,
    "Email": str,
    "Raw": Any,
    "Dict": Dict[str, Any],
    "Mapping": Dict[str, Any],
    "List": List[Any],
}


def _mm_field_type(field: dataclasses.Field[Any]) -> Any:
    """The type a dataclasses-json ``mm_field`` imposes (only ``fields.Decimal``)."""
    meta = field.metadata.get("dataclasses_json") if field.metadata else None
    mm = meta.get("mm_field") if isinstance(meta, Mapping) else None
    if mm is not None and _is_marshmallow(type(mm), "Decimal"):
        return Decimal
    return None


# ---------------------------------------------------------------------------
# Compilation
# ---------------------------------------------------------------------------


class _Options:
    """The options a plan depends on; part of the plan cache key."""

    __slots__ = ("forbid_unknown", "key", "rename", "type_map")

    def __init__(
        self,
        forbid_unknown: bool,
        type_map: Mapping[str, Type[Any]] | None,
        rename: Any,
    ) -> None:
        self.forbid_unknown = bool(forbid_unknown)
        self.type_map: Dict[str, type] = dict(type_map) if type_map else {}
        for tag, cls in self.type_map.items():
            if not isinstance(tag, str) or not isinstance(cls, type):
                raise TypeError("type_map must map __type names (str) to classes")
        self.rename = rename
        if rename is None or isinstance(rename, str):
            rename_key: Any = rename
        elif isinstance(rename, Mapping):
            rename_key = tuple(sorted(rename.items()))
        else:
            rename_key = ("callable", id(rename))
        self.key = (
            self.forbid_unknown,
            frozenset(self.type_map.items()),
            rename_key,
        )


_PLANS: Dict[Tuple[Any, Any], Plan] = {}
#: Past this many cached plans (types x options), new ones are compiled per call.
_PLAN_CACHE_LIMIT = 20000
_LOCK = threading.RLock()


def _get_plan(tp: Any, options: _Options) -> Plan:
    """The cached plan of ``tp`` under ``options``, compiled on first use."""
    key = (tp, options.key)
    try:
        plan = _PLANS.get(key)
    except TypeError:  # an unhashable type expression: compile without caching
        return _Compiler(options).plan(tp)
    if plan is None:
        with _LOCK:
            plan = _PLANS.get(key)
            if plan is None:
                compiler = _Compiler(options)
                plan = compiler.plan(tp)
                if len(_PLANS) < _PLAN_CACHE_LIMIT:
                    for built_tp, built in compiler.done.items():
                        _PLANS.setdefault((built_tp, options.key), built)
                    _PLANS[key] = plan
    return plan


def _scalar_plans() -> Dict[Any, Plan]:
    return {
        str: StrPlan(),
        bool: BoolPlan(),
        int: ScalarPlan("int", parse_int, {int: _identity}, 10, int_like=True),
        float: ScalarPlan(
            "float", parse_float, {float: _identity, int: _float_from_int}, 20, int_like=True
        ),
        Decimal: ScalarPlan(
            "Decimal",
            parse_decimal,
            {Decimal: _identity, int: Decimal, float: _decimal_from_float},
            20,
            int_like=True,
        ),
        uuid.UUID: ScalarPlan("UUID", parse_uuid, {uuid.UUID: _identity}, 40),
        date: ScalarPlan("date", parse_date, {date: _identity}, 50),
        datetime: ScalarPlan("datetime", parse_datetime, {datetime: _identity}, 51),
        time: ScalarPlan("time", parse_time, {time: _identity}, 52),
        timedelta: ScalarPlan("timedelta", parse_timedelta, {timedelta: _identity}, 53),
        bytes: BytesPlan(bytes),
        bytearray: BytesPlan(bytearray),
        _NoneType: NonePlan(),
        None: NonePlan(),
    }


_SCALARS = _scalar_plans()

#: Bare container classes and what they mean with no arguments.
_LIST_ORIGINS: Dict[Any, Tuple[Callable[[List[Any]], Any] | None, str]] = {
    list: (None, "list"),
    cabc.Sequence: (None, "list"),
    cabc.MutableSequence: (None, "list"),
    cabc.Collection: (None, "list"),
    cabc.Iterable: (None, "list"),
    set: (set, "set"),
    cabc.Set: (set, "set"),
    cabc.MutableSet: (set, "set"),
    frozenset: (frozenset, "frozenset"),
    collections.deque: (collections.deque, "deque"),
}
_DICT_ORIGINS = (dict, cabc.Mapping, cabc.MutableMapping)


def _strip_wrappers(tp: Any) -> Tuple[Any, bool]:
    """Removes ``Annotated``, ``NewType``, ``Final``, ``Required``... from ``tp``.

    Returns the bare type and whether a ``NotRequired`` wrapper was seen.
    """
    not_required = False
    while True:
        origin = typing.get_origin(tp)
        origin_name = getattr(origin, "_name", None) or getattr(origin, "__name__", None)
        if _is_annotated(tp):
            tp = tp.__origin__
            continue
        if origin_name in ("Required", "NotRequired", "ReadOnly", "Final", "ClassVar"):
            not_required = not_required or origin_name == "NotRequired"
            tp = typing.get_args(tp)[0]
            continue
        supertype = getattr(tp, "__supertype__", None)
        if supertype is not None:  # typing.NewType
            tp = supertype
            continue
        if _TypeAliasType is not None and isinstance(tp, _TypeAliasType):
            tp = tp.__value__
            continue
        if isinstance(tp, dataclasses.InitVar):
            tp = tp.type
            continue
        if tp is typing.Final or tp is ClassVar:
            return Any, not_required
        return tp, not_required


def _is_annotated(tp: Any) -> bool:
    return hasattr(tp, "__metadata__") and hasattr(tp, "__origin__")


def _is_literal(origin: Any) -> bool:
    return origin is typing.Literal or getattr(origin, "_name", None) == "Literal"


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def _is_namedtuple(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields")


class _Compiler:
    """Builds the plans of one type and everything it contains.

    Object plans are registered before their fields are compiled, so a type
    that refers to itself (directly or through others) gets a plan pointing at
    its own, still unfinished, plan object.
    """

    def __init__(self, options: _Options) -> None:
        self.options = options
        #: object plans built here, by type (also the in-progress ones)
        self.done: Dict[Any, Plan] = {}

    def plan(self, tp: Any) -> Plan:
        tp, _ = _strip_wrappers(tp)
        try:
            found = self.done.get(tp) or _PLANS.get((tp, self.options.key))
        except TypeError:
            found = None
        if found is not None:
            return found
        try:
            scalar = _SCALARS.get(tp)
        except TypeError:
            scalar = None
        if scalar is not None:
            return scalar
        return self._compile(tp)

    def _compile(self, tp: Any) -> Plan:
        if tp is Any or tp is object:
            return self._any()
        if isinstance(tp, TypeVar):
            if tp.__bound__ is not None:
                return self.plan(tp.__bound__)
            if tp.__constraints__:
                return self.plan(Union[tp.__constraints__])
            return self._any()
        if isinstance(tp, (str, typing.ForwardRef)):
            raise TypeError(f"Unresolved forward reference {tp!r}: pass the class itself")
        for name, target in _MARSHMALLOW_TYPES.items():
            if _is_marshmallow(tp, name):
                return self.plan(target)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is Union or (_UnionType is not None and origin is _UnionType):
            return self._union(args)
        if _is_literal(origin):
            return LiteralPlan(tuple(_flatten_literal(args)))
        if origin is tuple or tp is tuple:
            if not args or (len(args) == 2 and args[1] is Ellipsis):
                item = self.plan(args[0]) if args else self._any()
                return ListPlan(item, tuple, f"tuple[{item.name}, ...]")
            if args == ((),):
                return TuplePlan([])
            return TuplePlan([self.plan(a) for a in args])
        try:
            list_origin = _LIST_ORIGINS.get(origin if origin is not None else tp)
        except TypeError:
            list_origin = None
        if list_origin is not None:
            item = self.plan(args[0]) if args else self._any()
            build, label = list_origin
            return ListPlan(item, build, f"{label}[{item.name}]")
        if (origin if origin is not None else tp) in _DICT_ORIGINS or (
            isinstance(origin, type) and issubclass(origin, dict) and not _is_typeddict(origin)
        ):
            key = self.plan(args[0]) if args else self._any()
            value = self.plan(args[1]) if len(args) > 1 else self._any()
            return DictPlan(self._key_plan(key), value)
        if isinstance(origin, type) and dataclasses.is_dataclass(origin):
            return self._dataclass(tp)
        if isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return EnumPlan(tp)
            if dataclasses.is_dataclass(tp):
                return self._dataclass(tp)
            if _is_namedtuple(tp):
                return self._namedtuple(tp)
            if _is_typeddict(tp):
                return self._typeddict(tp)
        raise TypeError(f"jsv cannot decode into {tp!r}")

    # -- helpers -----------------------------------------------------------

    def _any(self) -> AnyPlan:
        type_map = self.options.type_map
        if not type_map:
            return _ANY
        poly: Dict[str, Plan] = {}
        for tag, cls in type_map.items():
            poly[tag] = self.plan(cls)
        return AnyPlan(poly)

    def _key_plan(self, plan: Plan) -> Plan:
        if _MAP in plan.shapes or _LIST in plan.shapes:
            return TextKeyPlan(plan)
        return plan

    def _union(self, args: Tuple[Any, ...]) -> Plan:
        nullable = any(a is None or a is _NoneType for a in args)
        members: List[Plan] = []
        for a in args:
            if a is None or a is _NoneType:
                continue
            plan = self.plan(a)
            if isinstance(plan, AnyPlan):
                return plan
            if isinstance(plan, OptionalPlan):
                nullable = True
                plan = plan.inner
            if plan not in members:
                members.append(plan)
        if not members:
            return _SCALARS[None]
        if len(members) == 1:
            return OptionalPlan(members[0]) if nullable else members[0]
        return UnionPlan(members, nullable)

    def _poly(self, cls: type) -> Dict[str, Plan] | None:
        """``type_map`` entries that may stand in for ``cls``."""
        poly: Dict[str, Plan] = {}
        for tag, target in self.options.type_map.items():
            if isinstance(target, type) and issubclass(target, cls):
                poly[tag] = self.plan(target)
        return poly or None

    def _field_plan(self, tp: Any) -> Tuple[Plan, bool]:
        """A field's plan with ``Optional`` split off: (plan, nullable)."""
        plan = self.plan(tp)
        if isinstance(plan, OptionalPlan):
            return plan.inner, True
        return plan, plan.nullable

    def _dataclass(self, tp: Any) -> Plan:
        cls, hints = _field_types(tp)
        display = _type_name(tp)
        plan = DataclassPlan(cls, display)
        self.done[tp] = plan
        rename = self.options.rename
        extra = _rename_map(cls, rename) if rename is not None else {}
        fields: List[FieldPlan] = []
        for f in dataclasses.fields(cls):
            declared = _mm_field_type(f) or hints.get(f.name, Any)
            field_plan, nullable = self._field_plan(declared)
            if f.default is not dataclasses.MISSING:
                default, factory = f.default, None
            elif f.default_factory is not dataclasses.MISSING:
                default, factory = _FACTORY, f.default_factory
            else:
                default, factory = _MISSING, None
            fields.append(
                FieldPlan(
                    f.name,
                    _metadata_wire_name(cls, f),
                    field_plan,
                    nullable,
                    default,
                    factory,
                    f.init,
                )
            )
        initvars = _initvars(cls)
        for name, default in initvars.items():
            field_plan, nullable = self._field_plan(hints.get(name, Any))
            fields.append(FieldPlan(name, name, field_plan, nullable, default, None, True))
        plan.setup(tuple(fields), self.options.forbid_unknown, extra, frozenset(initvars))
        if self.options.type_map:
            plan.poly = self._poly(cls)
        return plan

    def _typeddict(self, cls: type) -> Plan:
        plan = TypedDictPlan(cls)
        self.done[cls] = plan
        hints = typing.get_type_hints(cls, include_extras=True)
        required = set(getattr(cls, "__required_keys__", hints))
        fields = []
        for name, tp in hints.items():
            bare, not_required = _strip_wrappers(tp)
            if not_required:
                required.discard(name)
            field_plan, nullable = self._field_plan(bare)
            fields.append(FieldPlan(name, name, field_plan, nullable, _MISSING, None, True))
        plan.setup(tuple(fields), self.options.forbid_unknown, frozenset(required))
        return plan

    def _namedtuple(self, cls: type) -> Plan:
        plan = NamedTuplePlan(cls)
        self.done[cls] = plan
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception:
            hints = {}
        defaults = getattr(cls, "_field_defaults", {})
        fields = []
        for name in cls._fields:  # type: ignore[attr-defined]
            field_plan, nullable = self._field_plan(hints.get(name, Any))
            fields.append(
                FieldPlan(
                    name, name, field_plan, nullable, defaults.get(name, _MISSING), None, True
                )
            )
        plan.setup(tuple(fields), self.options.forbid_unknown)
        return plan


_ANY = AnyPlan()


def _flatten_literal(args: Tuple[Any, ...]) -> Iterator[Any]:
    for a in args:
        if _is_literal(typing.get_origin(a)):
            yield from _flatten_literal(typing.get_args(a))
        else:
            yield a


def _initvars(cls: type) -> Dict[str, Any]:
    """``InitVar`` pseudo-fields of a dataclass: name -> default (or _MISSING)."""
    marker = getattr(dataclasses, "_FIELD_INITVAR", None)
    found: Dict[str, Any] = {}
    for name, f in getattr(cls, "__dataclass_fields__", {}).items():
        if marker is not None and getattr(f, "_field_type", None) is marker:
            found[name] = f.default if f.default is not dataclasses.MISSING else _MISSING
    return found


def _type_name(tp: Any) -> str:
    if isinstance(tp, type):
        return tp.__name__
    return repr(tp).replace("typing.", "")


# ---------------------------------------------------------------------------
# Text given without brackets, and text fields (query strings, forms): what a
# plan asks of it.  The public functions of :mod:`jsv._api` read the text with
# the active engine's reader (``parse``) and convert the result with ``run``.
# ---------------------------------------------------------------------------

#: ``parse(text, lenient, max_depth, infer, use_decimal) -> value``: an engine's reader.
Parse = Callable[[str, bool, int, bool, bool], Any]


def bare_kind(plan: Plan) -> str | None:
    """``'list'`` or ``'map'`` when text for ``plan`` may leave out its brackets, else None.

    Lists, sets and tuples (``ListPlan``, ``TuplePlan``) and dicts
    (``DictPlan``), optional or not: the collections ServiceStack reads
    without brackets.  Unions are not included (the text alone would have to
    choose the member), nor classes, whose text ServiceStack requires in braces.
    """
    if type(plan) is OptionalPlan:
        plan = plan.inner
    if isinstance(plan, (ListPlan, TuplePlan)):
        return _LIST
    if isinstance(plan, DictPlan):
        return _MAP
    return None


def document_form(plan: Plan) -> int:
    """How a document for ``plan`` is read: ``FORM_PLAIN``, ``FORM_LIST`` or ``FORM_MAP``.

    A document of ``FORM_PLAIN`` is read as JSV.  For the two others
    (:func:`bare_kind`) a document that starts with its bracket (a list's
    ``[`` that also ends it, or a map's ``{``) is read as JSV too, exactly as
    :func:`read_bare` reads it; any other text is the bracket-less form.  An
    engine may read the documents that are plain JSV in its own way.
    """
    kind = bare_kind(plan)
    if kind is None:
        return FORM_PLAIN
    return FORM_LIST if kind == _LIST else FORM_MAP


def read_bare(
    kind: str,
    text: str,
    parse: Parse,
    lenient: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    infer: bool = False,
    use_decimal: bool = False,
) -> Any:
    """Reads ``text`` as the list or map ``kind`` names, brackets optional (:mod:`jsv._bare`)."""
    if kind == _LIST:
        return read_list_text(text, parse, lenient, max_depth, infer, use_decimal)
    return read_map_text(text, parse, lenient, max_depth, infer, use_decimal)


def member_plan(target: Plan, name: str) -> Plan | None:
    """The plan of the member a field named ``name`` fills, or None (unknown, or untyped).

    Names are matched as typed decoding matches map keys; an unknown name is
    left to the conversion, which skips it or reports it.
    """
    if type(target) is OptionalPlan:
        target = target.inner
    if isinstance(target, _ObjectPlan):
        entry = target.lookup.get(name, _MISSING)
        if entry is _MISSING:
            entry = None
            if name.strip().lower() != "__type":
                entry = target.norm.get(_normalize(name))
        return None if entry is None else target.by_name[entry[0]].plan
    if isinstance(target, DictPlan):
        return target.value
    return None


def field_value(plan: Plan | None, text: str, parse: Parse) -> Any:
    """The untyped value that a text field (query string, form) gives to a member of ``plan``.

    As ServiceStack binds request DTOs (``StringMapTypeDeserializer``): text
    for a ``str`` member is taken verbatim, never JSV-unquoted; a ``bool``
    member reads the part before the first comma (an HTML checkbox posts
    ``true,false``); every other member reads the text as JSV with ``parse``,
    brackets of lists and maps optional.  An empty text gives ``''`` to a
    ``str`` member and ``MISSING`` (leave the member out) to the others:
    ServiceStack skips empty values.

    Raises:
        JSVDecodeError: the text is malformed JSV.
    """
    inner = plan.inner if type(plan) is OptionalPlan else plan
    if inner is None or type(inner) is StrPlan:
        return text
    if type(inner) is AnyPlan and inner.poly is None:
        return text
    if not text:
        return _MISSING
    if isinstance(inner, BoolPlan):
        text = text.partition(",")[0]
    kind = bare_kind(inner)
    if kind is not None:
        return read_bare(kind, text, parse)
    return parse(text, False, DEFAULT_MAX_DEPTH, False, False)
