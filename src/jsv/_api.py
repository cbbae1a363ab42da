"""The public functions: ``loads``, ``dumps``, ``load``, ``dump``, ``convert``,
``Decoder`` and ``Encoder``.

They accept what :mod:`json`'s do and route the work to the active engine
(:mod:`jsv._engine`): the reader and writer know JSV syntax only; when a
``type`` is given, the plan the typed layer (:mod:`jsv._typed`) compiled for it
turns the untyped result into that type (``_engine.decode``: the compiled
engine builds the typed value while it scans the text, with the reference's
results).
"""

from __future__ import annotations

import gc
from typing import (
    IO,
    Any,
    Callable,
    Generic,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
    overload,
)

from . import _engine
from ._bare import check_max_depth, document_text
from ._common import DEFAULT_MAX_DEPTH
from ._errors import JSVDecodeError, JSVError, JSVValidationError
from ._typed import (
    FORM_PLAIN,
    ON_ERROR,
    RUNNER,
    Plan,
    _get_plan,
    _Options,
    _type_name,
    bare_kind,
    document_form,
    field_value,
    member_plan,
    read_bare,
)

__all__ = ["loads", "load", "dumps", "dump", "convert", "Decoder", "Encoder"]

T = TypeVar("T")

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


def _read_document(
    plan: Plan, s: Text, lenient: bool, max_depth: int, infer: bool, use_decimal: bool
) -> Any:
    """The untyped value of the document ``s`` that typed decoding into ``plan`` converts.

    The document is read as JSV, except that for a list or map type the
    brackets are optional, as in ServiceStack's typed readers:
    ``red,green,blue`` for ``List[str]``, ``Host:db1,Port:5432`` for
    ``Dict[str, str]`` (see :mod:`jsv._bare`).
    """
    kind = bare_kind(plan)
    if kind is None:
        return _parse_text(s, lenient, max_depth, infer, use_decimal)
    text = document_text(s)
    check_max_depth(max_depth)
    return read_bare(kind, text, _engine.parse, lenient, max_depth, infer, use_decimal)


def document_reader(
    plan: Plan, lenient: bool, max_depth: int
) -> Tuple[Callable[[Text], Any], int]:
    """How typed decoding into ``plan`` reads each document: ``(read, form)``.

    ``read(doc)`` gives the untyped value of one document (the reference's
    first step).  ``form`` (:func:`jsv._typed.document_form`) tells an engine
    which documents are plain JSV, which it may read its own way (the compiled
    engine builds the typed value as it scans them).  Raises ``ValueError``
    for a ``max_depth`` that is not a positive int.
    """
    check_max_depth(max_depth)
    form = document_form(plan)
    if form == FORM_PLAIN:

        def read(doc: Text) -> Any:
            return _parse_text(doc, lenient, max_depth, False, False)

        return read, form

    def read_bare_document(doc: Text) -> Any:
        return _read_document(plan, doc, lenient, max_depth, False, False)

    return read_bare_document, form


def _decode(plan: Plan, s: Text, lenient: bool, max_depth: int) -> Any:
    """Typed decoding of one document: what ``loads(s, type=...)`` returns."""
    read, form = document_reader(plan, lenient, max_depth)
    return _engine.decode(plan, s, read, form, lenient, max_depth)


def on_error_policy(on_error: Any) -> int:
    """The engines' number for an ``on_error`` of batch decoding; ``ValueError`` if unknown."""
    policy = ON_ERROR.get(on_error) if isinstance(on_error, str) else None
    if policy is None:
        raise ValueError(f"on_error must be 'raise', 'null' or 'collect', not {on_error!r}")
    return policy


def bind_text_fields(
    fields: Mapping[str, str],
    type: Any,
    *,
    forbid_unknown_fields: bool = False,
    type_map: Mapping[str, Type[Any]] | None = None,
) -> Any:
    """Binds named text values into ``type`` as ServiceStack binds a request DTO.

    ``fields`` maps names to their text, as query strings and HTML forms give
    them.  Names are matched as in typed decoding; each text is read as
    :func:`jsv._typed.field_value` says; then the whole is converted into
    ``type`` (a dataclass, TypedDict, NamedTuple or dict type).

    Raises:
        JSVValidationError: a value does not fit its member, or is malformed
            JSV; the path names the field (``$.Ids[1]``).
    """
    plan = _get_plan(type, _Options(forbid_unknown_fields, type_map, None))
    values: dict[str, Any] = {}
    for name, text in fields.items():
        try:
            value = field_value(member_plan(plan, name), text, _engine.parse)
        except JSVDecodeError as e:
            path = "$" + RUNNER.field_segment(name)
            raise JSVValidationError(f"Invalid value `{RUNNER.got(text)}`: {e}", path) from e
        if value is not RUNNER.MISSING:
            values[name] = value
    return _engine.run(plan, values)


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
    plan = _get_plan(type, _Options(forbid_unknown_fields, type_map, None))
    if infer:
        return _engine.run(plan, _read_document(plan, s, lenient, max_depth, True, use_decimal))
    return _decode(plan, s, lenient, max_depth)


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


# ---------------------------------------------------------------------------
# Public decoding API
# ---------------------------------------------------------------------------


@overload
def convert(
    obj: Any,
    type: Type[T],
    *,
    forbid_unknown_fields: bool = ...,
    type_map: Mapping[str, Type[Any]] | None = ...,
    rename: Any = ...,
) -> T: ...


@overload
def convert(
    obj: Any,
    type: Any,
    *,
    forbid_unknown_fields: bool = ...,
    type_map: Mapping[str, Type[Any]] | None = ...,
    rename: Any = ...,
) -> Any: ...


def convert(
    obj: Any,
    type: Any,
    *,
    forbid_unknown_fields: bool = False,
    type_map: Mapping[str, Type[Any]] | None = None,
    rename: Any = None,
) -> Any:
    """Converts an untyped value (as :func:`jsv.loads` returns it) into ``type``.

    ``obj`` is normally built from ``dict``, ``list``, ``str`` and ``None``;
    already-typed Python values (``int``, ``bool``, ``float``, ``datetime``,
    ``UUID``, enum members, instances of the target dataclass...) are accepted
    where they are unambiguous, so the output of :func:`json.loads` converts too.

    Args:
        obj: the value to convert.
        type: a dataclass, ``List[X]``, ``Dict[K, V]``, ``Optional[X]``, a
            ``Union``, an enum, ``Literal``, ``NamedTuple``, ``TypedDict``, or
            a scalar type (``int``, ``datetime``, ``bytes``...).
        forbid_unknown_fields: reject map keys that match no field.
        type_map: ``__type`` value (or its short name) -> class; the only way a
            ``__type`` key selects a class (see the module documentation).
        rename: extra wire names to accept, as for :func:`jsv.dumps`
            (``'camel'``, ``'pascal'``, ``'snake'``, a mapping or a callable).

    Raises:
        JSVValidationError: the value does not fit ``type``; its ``path`` says where.
        TypeError: ``type`` is not something jsv can decode into.
    """
    return _engine.run(_get_plan(type, _Options(forbid_unknown_fields, type_map, rename)), obj)


class Decoder(Generic[T]):
    """Decodes JSV text into one type, with the plan compiled once up front.

    ``Decoder(SessionInfo).decode(text)`` is :func:`jsv.loads` with
    ``type=SessionInfo`` minus the per-call lookups; the type is checked (and a
    :class:`TypeError` raised for an unsupported one) when the decoder is made.
    """

    __slots__ = (
        "_plan",
        "forbid_unknown_fields",
        "lenient",
        "max_depth",
        "rename",
        "type",
        "type_map",
    )

    type: Any

    @overload
    def __init__(
        self: Decoder[T],
        type: Type[T],
        *,
        lenient: bool = ...,
        max_depth: int = ...,
        forbid_unknown_fields: bool = ...,
        type_map: Mapping[str, Type[Any]] | None = ...,
        rename: Any = ...,
    ) -> None: ...

    @overload
    def __init__(
        self: Decoder[Any],
        type: Any,
        *,
        lenient: bool = ...,
        max_depth: int = ...,
        forbid_unknown_fields: bool = ...,
        type_map: Mapping[str, Type[Any]] | None = ...,
        rename: Any = ...,
    ) -> None: ...

    def __init__(
        self,
        type: Any,
        *,
        lenient: bool = False,
        max_depth: int = DEFAULT_MAX_DEPTH,
        forbid_unknown_fields: bool = False,
        type_map: Mapping[str, Type[Any]] | None = None,
        rename: Any = None,
    ) -> None:
        self.type = type
        self.lenient = lenient
        self.max_depth = max_depth
        self.forbid_unknown_fields = forbid_unknown_fields
        self.type_map = type_map
        self.rename = rename
        self._plan = _get_plan(type, _Options(forbid_unknown_fields, type_map, rename))

    def decode(self, s: Union[str, bytes, bytearray, memoryview]) -> T:
        """Reads ``s`` (bytes as UTF-8) and converts it; see :func:`jsv.loads`."""
        return cast(T, _decode(self._plan, s, self.lenient, self.max_depth))

    def convert(self, obj: Any) -> T:
        """Converts an untyped value; see :func:`convert`."""
        return cast(T, _engine.run(self._plan, obj))

    @overload
    def decode_many(
        self,
        docs: Iterable[Union[str, bytes, bytearray, None]],
        *,
        on_error: Literal["raise", "null"] = ...,
    ) -> List[Optional[T]]: ...

    @overload
    def decode_many(
        self,
        docs: Iterable[Union[str, bytes, bytearray, None]],
        *,
        on_error: Literal["collect"],
    ) -> Tuple[List[Optional[T]], List[JSVError]]: ...

    def decode_many(
        self,
        docs: Iterable[Union[str, bytes, bytearray, None]],
        *,
        on_error: str = "raise",
    ) -> Any:
        """Decodes many documents, such as the cells of a database column, into a list.

        Each document is read as :meth:`decode` reads it (``bytes`` as UTF-8),
        in one compiled loop that reuses the plan; a ``None`` document (a SQL
        ``NULL``) gives ``None``.  The result has one item per document, in
        order.

        Python's cyclic garbage collector is paused while the batch is decoded
        (if it was enabled; it is enabled again on return, as on error).  A
        batch makes many container objects and no reference cycles of its own,
        and on CPython the collections that many allocations trigger would
        walk the growing result again and again: on 200,000 rows, most of
        the time.  Cyclic garbage that user code (``__post_init__``) makes
        meanwhile is collected afterwards.

        Args:
            docs: any iterable of ``str``, ``bytes``/``bytearray`` and ``None``.
            on_error: what a document that is not valid JSV or does not fit the
                type does:

                * ``"raise"`` (default): raise its :class:`~jsv.JSVError`, whose
                  ``row`` (and message) give the 0-based row;
                * ``"null"``: that row becomes ``None``;
                * ``"collect"``: as ``"null"``, and return ``(values, errors)``,
                  ``errors`` being the :class:`~jsv.JSVError` of each bad row in
                  order, with ``row`` set (and ``path`` for a
                  :class:`~jsv.JSVValidationError`).

        Raises:
            JSVDecodeError, JSVValidationError: with ``on_error="raise"``.
            TypeError: a document that is not ``str``, ``bytes``, ``bytearray``
                or ``None`` (under every policy; the message names the row).
            ValueError: an unknown ``on_error``.
        """
        policy = on_error_policy(on_error)
        read, form = document_reader(self._plan, self.lenient, self.max_depth)
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            values, errors = _engine.run_many(
                self._plan, docs, read, form, self.lenient, self.max_depth, policy
            )
        finally:
            if collecting:
                gc.enable()
        if policy == ON_ERROR["collect"]:
            return values, errors
        return values

    def __repr__(self) -> str:
        return f"Decoder({_type_name(self.type)})"


class Encoder:
    """Writes JSV with fixed options: ``Encoder(rename='camel').encode(obj)``."""

    __slots__ = ("default", "rename")

    def __init__(self, *, default: Callable[[Any], Any] | None = None, rename: Any = None) -> None:
        self.default = default
        self.rename = rename

    def encode(self, obj: Any) -> str:
        """The JSV text of ``obj``; see :func:`jsv.dumps`."""
        return dumps(obj, default=self.default, rename=self.rename)

    def __repr__(self) -> str:
        return f"Encoder(default={self.default!r}, rename={self.rename!r})"
