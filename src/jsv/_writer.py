"""The pure-Python JSV writer: Python values to the text ServiceStack.Text writes.

This is the reference implementation; :mod:`jsv._speedups` implements the same
contract in Cython.  Output is byte-for-byte what ServiceStack.Text produces for
the same data:

* a string is quoted iff it contains one of ``" : , { } [ ] CR LF``, its quotes
  doubled; the empty string is ``""``;
* ``None`` map values and members are omitted, ``None`` list items are empty
  slots (``[a,,b]``), ``None`` at the top level is the empty text;
* ``True``/``False``; integers as digits; floats as .NET Core formats doubles
  (:func:`format_float`); :class:`~decimal.Decimal` never in exponent form;
* dicts, lists, tuples, sets and dataclasses nest to any depth: the writer keeps
  its own stack, so depth is limited by memory only, and a container that
  contains itself raises :class:`ValueError` instead of looping;
* as in :func:`json.dumps`, an object handed to ``default`` stays marked until
  its replacement is written, so a replacement that leads back to it raises
  ``ValueError("Circular reference detected")``, and more than
  :data:`~jsv._common.MAX_DEFAULT_NESTING` conversions nested in one another
  (``default`` returning a new object that needs ``default`` again) raise
  :class:`ValueError` too, where ``json.dumps`` hits the recursion limit.

Values the writer does not know itself (enums, datetimes, UUIDs, bytes, ...) go
to :func:`jsv._wire.to_builtin`, then to ``default``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import is_dataclass
from decimal import Decimal
from typing import Any, Callable, NamedTuple, Optional, Tuple

from ._common import ESCAPE_CHARS, MAX_DECIMAL_EXPONENT, MAX_DEFAULT_NESTING, Raw
from ._wire import encode_fields, to_builtin

__all__ = ["encode", "quote", "format_float", "format_decimal", "format_int", "WRITER"]

_needs_quotes = re.compile("[" + re.escape(ESCAPE_CHARS) + "]").search


def quote(s: str) -> str:
    """Writes a string as ServiceStack does: bare unless it holds an escape char."""
    if not s:
        return '""'
    if _needs_quotes(s) is None:
        return s
    return '"' + s.replace('"', '""') + '"'


def format_float(x: float) -> str:
    """Formats a float exactly as .NET Core's ``double.ToString()`` does.

    Shortest round-trip digits (Python's ``repr`` finds them); fixed notation for
    ``1e-4 <= |x| < 1e15``, otherwise scientific with ``E``, an explicit sign and
    at least two exponent digits (``1E+15``, ``1E-05``); integral values carry no
    ``.0``; ``NaN``, ``Infinity``, ``-Infinity`` and ``-0``.
    """
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    if x == 0.0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    r = repr(x)
    sign = ""
    if r[0] == "-":
        sign, r = "-", r[1:]
    mantissa, _, exp_text = r.partition("e")
    whole, _, frac = mantissa.partition(".")
    raw = whole + frac
    digits = raw.lstrip("0")
    # Decimal exponent of the first significant digit.
    exp = (int(exp_text) if exp_text else 0) + len(whole) - 1 - (len(raw) - len(digits))
    digits = digits.rstrip("0")
    if -4 <= exp < 15:
        if exp >= 0:
            if len(digits) <= exp + 1:
                return sign + digits + "0" * (exp + 1 - len(digits))
            return sign + digits[: exp + 1] + "." + digits[exp + 1 :]
        return sign + "0." + "0" * (-exp - 1) + digits
    head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{head}E{'+' if exp >= 0 else '-'}{abs(exp):02d}"


def format_decimal(d: Decimal) -> str:
    """Formats a Decimal as .NET's ``decimal.ToString()``: no exponent, scale kept.

    Raises:
        ValueError: the magnitude is beyond ``10**MAX_DECIMAL_EXPONENT`` either
            way, whose text without an exponent would be unboundedly long.
    """
    if d.is_finite() and abs(d.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise ValueError(
            f"Decimal {d} is too large or too small to write without an exponent "
            f"(beyond 1E+/-{MAX_DECIMAL_EXPONENT})"
        )
    return format(d, "f")


def format_int(i: int) -> str:
    """Formats an int of any size, past the interpreter's int-to-str digit limit too."""
    try:
        return int.__repr__(i)
    except ValueError:
        return format(Decimal(i), "f")


_field_cache: dict[tuple[type, Any], tuple[tuple[str, str], ...]] = {}


def _fields(cls: type, rename: Any) -> tuple[tuple[str, str], ...]:
    """The (attribute, ``key:``) pairs of a dataclass, keys already quoted."""
    cache_key = (cls, rename if rename is None or isinstance(rename, str) else id(rename))
    fields = _field_cache.get(cache_key)
    if fields is None:
        pairs = encode_fields(cls, rename)
        fields = tuple((attr, quote(wire) + ":") for attr, wire in pairs)
        if len(_field_cache) < 4096:
            _field_cache[cache_key] = fields
    return fields


def _scalar(value: Any) -> Optional[str]:
    """The text of a scalar the writer knows by its exact type, else None."""
    t = type(value)
    if t is str:
        return quote(value)
    if t is int:
        return format_int(value)
    if t is bool:
        return "True" if value else "False"
    if t is float:
        return format_float(value)
    if t is Decimal:
        return format_decimal(value)
    if t is Raw:
        return str.__str__(value)
    return None


class _Unsupported(Exception):
    """Internal: ``value`` is not something JSV can write."""


_MAP, _LIST, _FIELDS = 0, 1, 2
_DONE = object()  # marks a finished container iterator


def encode(
    obj: Any,
    default: Optional[Callable[[Any], Any]] = None,
    rename: Any = None,
) -> str:
    """Writes ``obj`` as compact JSV text.

    ``default`` converts objects the writer does not know (as in
    :func:`json.dumps`); ``rename`` chooses dataclass key names (see
    :func:`jsv._wire.encode_fields`).  Raises :class:`TypeError` for an object
    nothing converts and :class:`ValueError` for a circular reference.
    """
    out: list[str] = []
    w = out.append
    # Frames of the containers being written: (iterator, kind, closer, id, the
    # number of `converted` objects that end with it).
    stack: list[tuple[Any, int, str, int, int]] = []
    active: set[int] = set()
    # The objects handed to `default` whose replacement is still being written,
    # innermost last (json.dumps's markers), and their ids.  The last `pending`
    # ones led to the value at hand, and end with it.
    converted: list[Any] = []
    converted_ids: set[int] = set()
    pending = 0
    value = obj
    while True:
        # ---- write `value`: a scalar, or open a container ----
        text = _scalar(value)
        opened: Optional[tuple[Any, int, str]] = None
        if text is None:
            if value is None:
                text = ""
            else:
                t = type(value)
                if t is dict:
                    opened = (iter(value.items()), _MAP, "}")
                elif t is list or t is tuple:
                    opened = (iter(value), _LIST, "]")
                else:
                    try:
                        text, opened = _writable(value, rename, key=False)
                    except _Unsupported:
                        if default is None:
                            raise TypeError(
                                f"Object of type {t.__name__} is not JSV serializable"
                            ) from None
                        if id(value) in converted_ids:
                            raise ValueError("Circular reference detected") from None
                        if len(converted) >= MAX_DEFAULT_NESTING:
                            raise ValueError(_TOO_MANY_DEFAULTS) from None
                        converted.append(value)
                        converted_ids.add(id(value))
                        pending += 1
                        value = default(value)
                        continue
                if opened is not None:
                    ident = id(value)
                    if ident in active:
                        raise ValueError("Circular reference detected")
                    active.add(ident)
                    w("{" if opened[2] == "}" else "[")
                    stack.append((opened[0], opened[1], opened[2], ident, pending))
                    pending = 0
        if pending:
            _release(converted, converted_ids, pending)
            pending = 0
        if text is not None:
            w(text)
            if not stack:
                break
            w(",")
        # ---- find the next value, closing finished containers ----
        while stack:
            it, kind, closer, ident, ends = stack[-1]
            if kind == _LIST:
                value = next(it, _DONE)
            elif kind == _MAP:
                for k, value in it:
                    if value is not None:
                        w(_key(k, rename) + ":")
                        break
                else:
                    value = _DONE
            else:  # _FIELDS: (key text, value) pairs of a dataclass
                for keytext, value in it:
                    if value is not None:
                        w(keytext)
                        break
                else:
                    value = _DONE
            if value is not _DONE:
                break
            # The container is finished: its last separator becomes the bracket.
            if out[-1] == ",":
                out[-1] = closer
            else:
                out.append(closer)
            stack.pop()
            active.discard(ident)
            if ends:
                _release(converted, converted_ids, ends)
            if stack:
                w(",")
        else:
            break
    text = "".join(out)
    if text[:1] == "\ufeff":
        # Only a bare top-level string can start with U+FEFF (containers and
        # quoted strings start with a bracket or a quote).  A reader drops it as
        # a byte order mark there, so quote it: ServiceStack would not, and lose it.
        return '"' + text + '"'
    return text


_TOO_MANY_DEFAULTS = (
    f"default= conversions nest more than {MAX_DEFAULT_NESTING} deep: does default "
    "return a new object that needs default again?"
)


def _release(converted: list[Any], ids: set[int], n: int) -> None:
    """Unmarks the last ``n`` objects handed to ``default``: their replacement is written."""
    for _ in range(n):
        ids.discard(id(converted.pop()))


def _writable(value: Any, rename: Any, key: bool) -> tuple[Optional[str], Any]:
    """Handles everything but the exact builtin types.

    Returns ``(text, None)`` for a scalar or ``(None, (iterator, kind, closer))``
    for a container; raises :class:`_Unsupported` when the value is unknown.
    """
    t = type(value)
    if is_dataclass(value) and not isinstance(value, type):
        fields = _fields(t, rename)
        return None, (((kt, getattr(value, a)) for a, kt in fields), _FIELDS, "}")
    built = to_builtin(value)
    if built is not NotImplemented:
        # Raw text (datetimes) is safe as a value but a plain key ends at ':'.
        text = quote(str.__str__(built)) if key and type(built) is Raw else _scalar(built)
        if text is None:
            raise TypeError(f"to_builtin returned an unwritable {type(built).__name__}")
        return text, None
    if isinstance(value, str):
        return quote(value), None
    if isinstance(value, bool):
        return ("True" if value else "False"), None
    if isinstance(value, int):
        return format_int(int(value)), None
    if isinstance(value, float):
        return format_float(float(value)), None
    if isinstance(value, Decimal):
        return format_decimal(value), None
    if isinstance(value, Mapping):
        return None, (iter(value.items()), _MAP, "}")
    if isinstance(value, (list, tuple, AbstractSet)):
        return None, (iter(value), _LIST, "]")
    raise _Unsupported


def _key(k: Any, rename: Any) -> str:
    """Writes a map key: scalars as their text, quoted when needed; tuples as lists."""
    if type(k) is str:
        return quote(k)
    if k is None:
        return ""
    text = _scalar(k)
    if text is not None:
        # Raw text is safe as a value but a plain key ends at the first ':'.
        return quote(str.__str__(k)) if type(k) is Raw else text
    if isinstance(k, (tuple, frozenset)):
        return _nested_key(k, rename)
    try:
        text, _ = _writable(k, rename, key=True)
    except _Unsupported:
        raise TypeError(f"keys must be JSV scalars, not {type(k).__name__}") from None
    if text is None:
        return _nested_key(k, rename)
    return text


def _nested_key(k: Any, rename: Any) -> str:
    """Writes a container used as a key (a tuple, or a hashable dataclass)."""
    try:
        return encode(k, None, rename)
    except RecursionError:  # keys within keys within keys...
        raise ValueError("Map keys are nested too deeply to write") from None


class WriterSupport(NamedTuple):
    """What a compiled writer takes from this one, so that both write the same text.

    The compiled ``encode`` (``jsv._speedups``) writes the exact builtin types,
    dataclasses and enum members itself and hands everything else to these.
    """

    #: ``writable(value, rename, key)``: ``(text, None)`` for a value written as
    #: text, ``(None, (iterator, kind, closer))`` for a container; raises
    #: ``Unsupported`` for a value nothing here knows.
    writable: Callable[[Any, Any, bool], Tuple[Optional[str], Any]]
    #: ``fields(cls, rename)``: a dataclass's ``(attribute, "key:")`` pairs, in order
    fields: Callable[[type, Any], Tuple[Tuple[str, str], ...]]
    #: ``key(k, rename)``: the text of a map key that is not an exact ``str``
    key: Callable[[Any, Any], str]
    Unsupported: type
    format_int: Callable[[int], str]
    format_decimal: Callable[[Decimal], str]
    #: the message of the ValueError for ``default=`` conversions nested too deeply
    too_many_defaults: str
    #: the container kinds ``writable`` returns
    MAP: int
    LIST: int
    FIELDS: int


WRITER = WriterSupport(
    writable=_writable,
    fields=_fields,
    key=_key,
    Unsupported=_Unsupported,
    format_int=format_int,
    format_decimal=format_decimal,
    too_many_defaults=_TOO_MANY_DEFAULTS,
    MAP=_MAP,
    LIST=_LIST,
    FIELDS=_FIELDS,
)
