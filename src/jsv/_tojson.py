"""Typed values as JSON text: what ``jsv to-json --type`` writes.

After typed decoding, a value holds Python types that JSON lacks.  They are
written as JSON consumers expect them:

* ``bool`` -> ``true``/``false``; ``int``, ``float`` and ``Decimal`` -> JSON
  numbers (a ``Decimal`` keeps its exact digits; NaN and infinities are written
  ``NaN``/``Infinity`` as :func:`json.dumps` does);
* ``datetime``, ``date``, ``time`` -> ISO 8601 text (``datetime.isoformat``);
  ``timedelta`` -> an ISO 8601 duration (``P1DT2H``), ServiceStack's form;
* enums -> their values (flags as integers), as ServiceStack writes them;
* ``UUID`` -> the dashed form; ``bytes`` -> base64;
* dataclasses -> objects keyed by the names :func:`jsv.dumps` writes (the
  class's wire names), ``None`` members as ``null``; ``NamedTuple``, ``tuple``,
  ``list`` -> arrays; ``set``/``frozenset`` -> arrays, sorted when the items
  can be; ``dict`` -> objects, keys written as their values' text.

The writer keeps its own stack, so nesting as deep as the reader allows
(``max_depth``) never meets Python's recursion limit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Callable, Iterator, List, Optional, Tuple

from ._scalars import enum_formatter, format_bytes, format_timedelta
from ._wire import encode_fields

__all__ = ["typed_json_chunks", "typed_json"]

_encode_str: Callable[[str], str] = json.encoder.encode_basestring
_encode_str_ascii: Callable[[str], str] = json.encoder.encode_basestring_ascii


def _float(v: float) -> str:
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "Infinity" if v > 0 else "-Infinity"
    return float.__repr__(v)


def _decimal(v: Decimal) -> str:
    if v.is_nan():
        return "NaN"
    if v.is_infinite():
        return "-Infinity" if v.is_signed() else "Infinity"
    return str(v)


def _key(k: Any) -> str:
    """The JSON object key of a dict key."""
    if isinstance(k, str):
        return k
    if isinstance(k, enum.Enum):
        return str(enum_formatter(type(k))(k))
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, float):
        return _float(k)
    if isinstance(k, (int, Decimal)):
        return str(k)
    if k is None:
        return "null"
    scalar = _scalar(k)
    if scalar is not None:
        return scalar
    return str(k)


def _scalar(v: Any) -> Optional[str]:
    """ISO/duration/UUID/base64 text of a non-JSON scalar, else None."""
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, timedelta):
        return format_timedelta(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return format_bytes(v)
    return None


def _sorted_if_possible(items: Any) -> List[Any]:
    out = list(items)
    with contextlib.suppress(TypeError):  # mixed types: keep iteration order
        out.sort()
    return out


_END: Any = object()

_Frame = Tuple[Iterator[Tuple[Optional[str], Any]], str, int]


def typed_json_chunks(
    value: Any,
    indent: Optional[int] = None,
    *,
    compact: bool = False,
    ensure_ascii: bool = False,
) -> Iterator[str]:
    """Yields the JSON text of a typed value in pieces; see the module doc.

    ``indent`` ``None`` writes one line with ``", "`` and ``": "`` separators,
    like :func:`json.dumps` (``compact=True``: ``","`` and ``":"``); an int
    indents nested levels by that many spaces.  ``ensure_ascii`` escapes every
    non-ASCII character (needed for text holding lone surrogates).

    Raises:
        TypeError: a value of a type typed decoding never produces.
    """
    item_sep = "," if indent is not None or compact else ", "
    key_sep = ":" if compact and indent is None else ": "
    encode_str = _encode_str_ascii if ensure_ascii else _encode_str
    stack: List[_Frame] = []

    def newline(level: int) -> str:
        return "" if indent is None else "\n" + " " * (indent * level)

    def start(v: Any, level: int) -> Optional[str]:
        """Text of a scalar, or None after pushing a container's frame."""
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, enum.Enum):
            v = enum_formatter(type(v))(v)
        if isinstance(v, str):
            return encode_str(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return int.__repr__(v)
        if isinstance(v, float):
            return _float(v)
        if isinstance(v, Decimal):
            return _decimal(v)
        scalar = _scalar(v)
        if scalar is not None:
            return encode_str(scalar)
        pairs: Iterator[Tuple[Optional[str], Any]]
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            fields = encode_fields(type(v), None)
            pairs = ((wire, getattr(v, attr)) for attr, wire in fields)
            close = "}"
        elif isinstance(v, dict):
            pairs = ((_key(k), item) for k, item in v.items())
            close = "}"
        elif isinstance(v, (list, tuple)):
            pairs = ((None, item) for item in v)
            close = "]"
        elif isinstance(v, (set, frozenset)):
            pairs = ((None, item) for item in _sorted_if_possible(v))
            close = "]"
        else:
            raise TypeError(f"Object of type {type(v).__name__} is not JSON serializable")
        stack.append((pairs, close, level + 1))
        return None

    first = True
    text = start(value, 0)
    if text is not None:
        yield text
        return
    yield "{" if stack[-1][1] == "}" else "["
    while stack:
        pairs, close, level = stack[-1]
        item = next(pairs, _END)
        if item is _END:
            stack.pop()
            yield (newline(level - 1) if not first else "") + close
            first = False
            continue
        key, v = item
        prefix = "" if first else item_sep
        prefix += newline(level)
        if key is not None:
            prefix += encode_str(key) + key_sep
        text = start(v, level)
        if text is not None:
            yield prefix + text
            first = False
        else:
            yield prefix + ("{" if stack[-1][1] == "}" else "[")
            first = True


def typed_json(
    value: Any,
    indent: Optional[int] = None,
    *,
    compact: bool = False,
    ensure_ascii: bool = False,
) -> str:
    """The JSON text of a typed value; see :func:`typed_json_chunks`."""
    return "".join(typed_json_chunks(value, indent, compact=compact, ensure_ascii=ensure_ascii))

