"""What the writer needs to know about typed values: wire names and writable forms.

The writer (:mod:`jsv._writer`) writes ``dict``, ``list``, ``str``, numbers and
booleans itself.  For a dataclass it asks :func:`encode_fields` which attributes
to write under which keys, in ServiceStack's member order; for an enum member,
datetime, UUID, bytes... it asks :func:`to_builtin` for the text ServiceStack
writes.  The typed layer (:mod:`jsv._typed`) reads the same wire names when it
compiles a plan, so both directions agree on every key.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Dict, List, Mapping, Tuple

from ._common import Raw
from ._scalars import (
    enum_formatter,
    format_bytes,
    format_date,
    format_datetime,
    format_time,
    format_timedelta,
    format_uuid,
)

__all__ = ["encode_fields", "to_builtin", "to_camel", "to_pascal", "to_snake"]


def _own_annotations(cls: type) -> Dict[str, Any]:
    """The annotations written in the body of ``cls`` itself (not inherited).

    Unevaluated where possible: strings under ``from __future__ import
    annotations``, and on Python 3.14+ forward references instead of a
    NameError for names defined later; :func:`_eval_annotation` resolves them.
    """
    try:
        import annotationlib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        annotationlib = None
    if annotationlib is not None:
        return dict(annotationlib.get_annotations(cls, format=annotationlib.Format.FORWARDREF))
    get = getattr(inspect, "get_annotations", None)
    if get is not None:
        return dict(get(cls))
    return dict(vars(cls).get("__annotations__", {}))  # Python 3.9


def _dataclass_json_letter_case(cls: type, field: dataclasses.Field[Any]) -> Any:
    """The ``letter_case`` callable dataclasses-json would apply to ``field``.

    Field-level metadata (``config(field_name=...)`` stores a callable returning
    that name) overrides the class-level ``dataclass_json_config``.
    """
    meta = field.metadata.get("dataclasses_json") if field.metadata else None
    letter_case = meta.get("letter_case") if isinstance(meta, Mapping) else None
    if letter_case is None:
        cfg = getattr(cls, "dataclass_json_config", None)
        if isinstance(cfg, Mapping):
            letter_case = cfg.get("letter_case")
    if isinstance(letter_case, enum.Enum):
        letter_case = letter_case.value
    return letter_case if callable(letter_case) else None


def _metadata_wire_name(cls: type, field: dataclasses.Field[Any]) -> str:
    """The key dataclasses-json metadata gives ``field``, else its name."""
    letter_case = _dataclass_json_letter_case(cls, field)
    if letter_case is None:
        return field.name
    try:
        name = letter_case(field.name)
    except Exception:
        return field.name
    return name if isinstance(name, str) and name else field.name


# ---------------------------------------------------------------------------
# Encoding hooks for the writer
# ---------------------------------------------------------------------------


def _words(name: str) -> List[str]:
    """Splits a Python or .NET name into words: ``dial_state``, ``DialState``, ``URLValue``."""
    words: List[str] = []
    for part in name.replace("-", "_").split("_"):
        if not part:
            continue
        start = 0
        for i in range(1, len(part)):
            prev, ch = part[i - 1], part[i]
            nxt = part[i + 1] if i + 1 < len(part) else ""
            if ch.isupper() and (
                prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower())
            ):
                words.append(part[start:i])
                start = i
        words.append(part[start:])
    return words


def to_camel(name: str) -> str:
    """``dial_state`` -> ``dialState`` (ServiceStack's ``TextCase.CamelCase``)."""
    words = _words(name)
    if not words:
        return name
    first = words[0]
    return first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def to_pascal(name: str) -> str:
    """``dial_state`` -> ``DialState``."""
    words = _words(name)
    if not words:
        return name
    return "".join(w[:1].upper() + w[1:] for w in words)


def to_snake(name: str) -> str:
    """``DialState`` -> ``dial_state``; ``URLValue`` -> ``url_value``."""
    words = _words(name)
    if not words:
        return name
    return "_".join(w.lower() for w in words)


_CASES: Dict[str, Callable[[str], str]] = {
    "camel": to_camel,
    "pascal": to_pascal,
    "snake": to_snake,
}


_RENAME_ERROR = "rename must be 'camel', 'pascal', 'snake', a mapping or a callable, not {!r}"


def _rename_map(cls: type, rename: Any) -> Dict[str, str]:
    """Field name -> wire name under an explicit ``rename``."""
    names = [f.name for f in dataclasses.fields(cls)]
    if isinstance(rename, str):
        case = _CASES.get(rename)
        if case is None:
            raise ValueError(_RENAME_ERROR.format(rename))
        return {n: case(n) for n in names}
    if isinstance(rename, Mapping):
        return {n: str(rename[n]) if n in rename else n for n in names}
    if callable(rename):
        out: Dict[str, str] = {}
        for n in names:
            wire = rename(n)
            out[n] = n if wire is None else str(wire)
        return out
    raise ValueError(_RENAME_ERROR.format(rename))


_ENCODE_FIELDS: Dict[Tuple[type, Any], Tuple[Any, Tuple[Tuple[str, str], ...]]] = {}


def encode_fields(cls: type, rename: Any) -> Tuple[Tuple[str, str], ...]:
    """The ``(attribute, wire name)`` pairs the writer emits for a dataclass.

    Ordered as ServiceStack orders members: the fields declared by the class
    itself first, then those of its base class, and so on up the hierarchy
    (``SessionInfo(EntityInfo)`` writes ``dialState,...,ringQueueId,id,
    dateCreated,...``).  Wire names come from ``rename`` -- ``None`` for the
    dataclasses-json metadata (class ``letter_case``, per-field
    ``config(field_name=...)``) or else the field name; ``'camel'``,
    ``'pascal'``, ``'snake'``; a mapping from field name to wire name (unlisted
    fields keep their names); or a callable.  Cached per class and ``rename``
    (a mapping is cached by identity: do not mutate it afterwards).
    """
    key = (cls, rename if rename is None or isinstance(rename, str) else id(rename))
    cached = _ENCODE_FIELDS.get(key)
    if cached is not None and cached[0] is rename:
        return cached[1]
    fields = dataclasses.fields(cls)
    by_name = {f.name: f for f in fields}
    ordered: List[dataclasses.Field[Any]] = []
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is object:
            continue
        try:
            own = _own_annotations(klass)
        except Exception:
            own = {}
        for name in own:
            f = by_name.get(name)
            if f is not None and name not in seen:
                seen.add(name)
                ordered.append(f)
    for f in fields:  # anything the walk missed keeps declaration order
        if f.name not in seen:
            ordered.append(f)
    if rename is None:
        pairs = tuple((f.name, _metadata_wire_name(cls, f)) for f in ordered)
    else:
        names = _rename_map(cls, rename)
        pairs = tuple((f.name, names[f.name]) for f in ordered)
    if len(_ENCODE_FIELDS) < 4096:
        _ENCODE_FIELDS[key] = (rename, pairs)
    return pairs


def _raw_datetime(v: datetime) -> Raw:
    return Raw(format_datetime(v))


def _raw_time(v: time) -> Raw:
    return Raw(format_time(v))


def _bytes_text(v: Any) -> str:
    return format_bytes(bytes(v))


_TO_BUILTIN: Dict[type, Callable[[Any], Any]] = {
    datetime: _raw_datetime,
    date: format_date,
    time: _raw_time,
    timedelta: format_timedelta,
    uuid.UUID: format_uuid,
    bytes: _bytes_text,
    bytearray: _bytes_text,
    memoryview: _bytes_text,
}


def to_builtin(obj: Any) -> Any:
    """The JSV-writable form of a value the writer does not know, or ``NotImplemented``.

    Enum members -> their ``enum_formatter`` text or number; ``datetime`` ->
    :class:`~jsv._common.Raw` text (written unquoted although it holds ``:``,
    as ServiceStack does); ``date`` -> ``yyyy-MM-dd``; ``time`` -> ``Raw`` XSD
    duration; ``timedelta`` -> XSD duration; ``UUID`` -> 32 hex digits; bytes,
    bytearray and memoryview -> base64.
    """
    fn = _TO_BUILTIN.get(type(obj))
    if fn is not None:
        return fn(obj)
    if isinstance(obj, enum.Enum):
        return enum_formatter(type(obj))(obj)
    for base in (datetime, date, time, timedelta, uuid.UUID, bytes, bytearray, memoryview):
        if isinstance(obj, base):
            return _TO_BUILTIN[base](obj)
    return NotImplemented
