"""The public functions: ``loads``, ``dumps``, ``load``, ``dump``.

They accept what :mod:`json`'s do and route the work to the active engine
(:mod:`jsv._engine`): the reader and writer know JSV syntax only; when a
``type`` is given, the typed layer (:mod:`jsv._typed`) turns the untyped result
into that type.
"""

from __future__ import annotations

from typing import IO, Any, Callable, Mapping, Optional, Union

from . import _engine
from ._bare import check_max_depth, document_text
from ._common import DEFAULT_MAX_DEPTH

__all__ = ["loads", "load", "dumps", "dump"]

Text = Union[str, bytes, bytearray, memoryview]


def _parse_text(
    s: Text,
    lenient: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    infer: bool = False,
    use_decimal: bool = False,
) -> Any:
    """Decodes ``s`` (bytes as UTF-8), drops a byte order mark and reads it untyped."""
    text = document_text(s)
    check_max_depth(max_depth)
    return _engine.parse(text, lenient, max_depth, infer, use_decimal)


def loads(
    s: Text,
    *,
    type: Any = None,
    lenient: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    infer: bool = False,
    use_decimal: bool = False,
    forbid_unknown_fields: bool = False,
    type_map: Optional[Mapping[str, type]] = None,
) -> Any:
    """Reads a JSV document.

    Args:
        s: the text; ``bytes``/``bytearray`` are decoded as UTF-8 and a leading
            byte order mark is skipped.
        type: decode into this type (a dataclass, ``List[int]``, an enum, ...)
            instead of returning untyped values.  See :func:`jsv.convert`.
        lenient: read what people paste: whitespace and newlines around
            ``{ } [ ] , :`` and around keys and values are skipped and plain
            keys and values trimmed (ServiceStack metadata pages, pretty output).
        max_depth: how deeply maps and lists may nest.
        infer: read unquoted numbers and ``true``/``false`` as ``int``,
            ``float`` and ``bool`` (untyped reading only; JSV itself has no types).
        use_decimal: with ``infer``, read non-integers as :class:`~decimal.Decimal`.
        forbid_unknown_fields: with ``type``, reject keys no field matches.
        type_map: with ``type``, the only way ``__type`` values select a class.

    Returns:
        Untyped: ``dict``/``list``/``str``, ``None`` for an empty value (``{A:}``)
        and for an empty document.  Typed: an instance of ``type``.

    Raises:
        JSVDecodeError: the text is malformed.
        JSVValidationError: the value does not fit ``type``.
    """
    if type is None:
        return _parse_text(s, lenient, max_depth, infer, use_decimal)
    from ._typed import decode_document

    return decode_document(
        s,
        type,
        lenient=lenient,
        max_depth=max_depth,
        infer=infer,
        use_decimal=use_decimal,
        forbid_unknown_fields=forbid_unknown_fields,
        type_map=type_map,
    )


def load(fp: IO[Any], **kwargs: Any) -> Any:
    """Reads a JSV document from a text or binary file; see :func:`loads`."""
    return loads(fp.read(), **kwargs)


def dumps(
    obj: Any,
    *,
    default: Optional[Callable[[Any], Any]] = None,
    rename: Any = None,
) -> str:
    """Writes ``obj`` as compact JSV, exactly as ServiceStack.Text would.

    Args:
        obj: dicts, lists, tuples, sets, strings, numbers, booleans, ``None``,
            dataclasses, enums, datetimes, UUIDs, bytes, nested to any depth.
        default: called with any object jsv cannot write; returns something
            it can (as in :func:`json.dumps`).
        rename: dataclass key names: ``None`` for the names the class's
            metadata asks for (camelCase for generated ServiceStack DTOs) else
            the field names; ``'camel'``, ``'pascal'``, ``'snake'``, or a mapping
            from field name to key.

    Raises:
        TypeError: an object neither jsv nor ``default`` can write.
        ValueError: a container contains itself.
    """
    return _engine.encode(obj, default, rename)


def dump(
    obj: Any,
    fp: IO[str],
    *,
    default: Optional[Callable[[Any], Any]] = None,
    rename: Any = None,
) -> None:
    """Writes ``obj`` as JSV to a text file; see :func:`dumps`."""
    fp.write(dumps(obj, default=default, rename=rename))
