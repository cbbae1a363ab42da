"""ServiceStack query strings and form fields: request DTOs to ``Name=value&...`` and back.

A ServiceStack service binds the query string (and the fields of a form post)
of a request to its request DTO: each parameter fills the property of that
name, a ``string`` property takes the text as it is, and every other property
reads the text as JSV, with the brackets of lists and the braces of maps
optional (``?Ids=4,5,6&Tags=x,"y, z"&Lines={Sku:a1,Qty:2}``).

:func:`encode` writes such query strings in one of two styles:

* ``"client"`` (default) -- what ServiceStack's .NET service clients send for a
  GET request (``UrlExtensions.ToUrl``, ``RestRoute.FormatQueryParameterValue``):
  strings as they are, every other value as JSV with the outer list brackets
  trimmed, all of it percent-encoded as RFC 3986 (``Uri.EscapeDataString``).
  This style is lossless: :func:`decode` gives back the value encoded, within
  what JSV carries (``None`` members and map values are left out, and
  ``[None]`` is written ``[]``, as ServiceStack writes them).
* ``"serializer"`` -- ServiceStack.Text's ``QueryStringSerializer``: strings
  URL-encoded with its own alphabet (letters, digits and ``,-.`` kept, space as
  ``+``, every other byte of the UTF-8 text as ``%xx`` in lower case); values
  of other types as JSV written in its query-string mode, in which structural
  characters and non-string scalars are written as they are, and strings
  inside them are URL-encoded and wrapped in quotes only when they hold a
  comma (or start and end with a quote).  It is lossy where ServiceStack's
  writer is (see :func:`encode`).

:func:`decode` binds a query string, or the mapping of names to values that
:func:`urllib.parse.parse_qs` and web frameworks give, into a type.

>>> from dataclasses import dataclass, field
>>> from typing import List
>>> @dataclass
... class Search:
...     Query: str
...     Ids: List[int] = field(default_factory=list)
>>> encode(Search("red, green", [4, 5, 6]))
'Query=red%2C%20green&Ids=4%2C5%2C6'
>>> encode(Search("red, green", [4, 5, 6]), style="serializer")
'Query=red,+green&Ids=4,5,6'
>>> decode("?Query=red,+green&Ids=4,5,6", Search)
Search(Query='red, green', Ids=[4, 5, 6])
"""

from __future__ import annotations

import dataclasses
import enum
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, Dict, List, Tuple, Type, TypeVar, Union, overload

from ._api import bind_text_fields, dumps
from ._common import DOTNET_WHITESPACE
from ._wire import encode_fields

__all__ = ["encode", "encode_value", "decode"]

T = TypeVar("T")

#: What :func:`decode` takes: a query string, or names mapped to one text or several.
Query = Union[str, Mapping[str, Union[str, Sequence[str], None]]]

_STYLES = ("client", "serializer")


def _check_style(style: str) -> None:
    if style not in _STYLES:
        raise ValueError(f"style must be 'client' or 'serializer', not {style!r}")


# ---------------------------------------------------------------------------
# Members of the object to encode
# ---------------------------------------------------------------------------


def _is_dataclass_instance(obj: Any) -> bool:
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


def _dataclass_members(obj: Any, rename: Any) -> List[Tuple[str, Any]]:
    """``(wire name, value)`` of a dataclass instance in ServiceStack's order, ``None`` left out."""
    members = []
    for attr, wire in encode_fields(type(obj), rename):
        value = getattr(obj, attr)
        if value is not None:
            members.append((wire, value))
    return members


# ---------------------------------------------------------------------------
# Client style: RestRoute.FormatQueryParameterValue and Uri.EscapeDataString
# ---------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    """``Uri.EscapeDataString``: RFC 3986, every byte but ``A-Z a-z 0-9 - _ . ~`` as ``%XX``."""
    return urllib.parse.quote(text, safe="")


def _trim_list_brackets(text: str) -> str:
    """The JSV of a value without its outer list brackets, where that reads back the same.

    ServiceStack's client trims ``[`` and ``]`` from both ends of the JSV text
    of every non-string value, except the empty list ``[]``.  It trims them
    all, so ``[[1,2],[3]]`` becomes ``1,2],[3``, which no reader gets back.
    jsv trims the outer pair only, and keeps it where the trimmed text would
    read differently: when the first item is a list or starts with blanks,
    when the last item is a list or ends with blanks, and for a run of maps
    that ends with an empty item.  ServiceStack's server reads the text jsv
    keeps whole correctly.
    """
    if len(text) < 3 or text[0] != "[" or text[-1] != "]":
        return text
    inner = text[1:-1]
    if inner[0] == "[" or inner[-1] == "]":
        return text
    if inner[0] in DOTNET_WHITESPACE or inner[-1] in DOTNET_WHITESPACE:
        return text
    if inner[0] == "{" and inner[-1] == ",":
        return text
    return inner


def _client_text(value: Any, rename: Any) -> str:
    """One value as ServiceStack's client formats it, before percent-encoding."""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return str.__str__(value)
    return _trim_list_brackets(dumps(value, rename=rename))


# ---------------------------------------------------------------------------
# Serializer style: QueryStringSerializer
# ---------------------------------------------------------------------------


def _url_encode_table() -> Tuple[str, ...]:
    table = []
    for byte in range(256):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in ",-."):
            table.append(char)
        elif byte == 32:
            table.append("+")
        else:
            table.append(f"%{byte:02x}")
    return tuple(table)


_URL_ENCODE = _url_encode_table()


def _url_encode(text: str) -> str:
    """ServiceStack's ``StringExtensions.UrlEncode``: its own alphabet, lower-case hex."""
    return "".join([_URL_ENCODE[b] for b in text.encode("utf-8")])


def _qs_string(text: str) -> str:
    """A string inside a value in query-string mode (``JsvTypeSerializer.WriteString``).

    Wrapped in one pair of quotes when it holds a comma or starts and ends with
    a quote (its own quotes are not doubled), then URL-encoded; ``""`` when empty.
    """
    if text and ("," in text or (text[0] == '"' and text[-1] == '"')):
        text = '"' + text + '"'
    return '""' if not text else _url_encode(text)


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset)) and not hasattr(value, "_fields")


def _qs_value(value: Any, rename: Any) -> str:
    """JSV in ServiceStack's query-string mode: strings as :func:`_qs_string`, all else raw."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return _qs_string(str.__str__(value))
    if _is_dataclass_instance(value):
        parts = [f"{wire}:{_qs_value(v, rename)}" for wire, v in _dataclass_members(value, rename)]
        return "{" + ",".join(parts) + "}"
    if isinstance(value, Mapping):
        parts = [
            f"{_qs_key(k)}:{_qs_value(v, rename)}" for k, v in value.items() if v is not None
        ]
        return "{" + ",".join(parts) + "}"
    if _is_sequence(value):
        return "[" + ",".join(_qs_value(v, rename) for v in value) + "]"
    return dumps(value, rename=rename)


def _qs_key(key: Any) -> str:
    """A map key in query-string mode: text keys as strings, others as their JSV."""
    if isinstance(key, str) and not isinstance(key, enum.Enum):
        return _qs_string(str.__str__(key))
    return dumps(key)


def _is_enumerable(value: Any) -> bool:
    """Whether .NET would see an ``IEnumerable`` that is not a string."""
    return isinstance(value, (Mapping, bytes, bytearray, memoryview)) or _is_sequence(value)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def encode_value(value: Any, *, style: str = "client") -> str:
    """One value as ServiceStack writes it in a query string or a route's path.

    ``style="client"``: a string as it is, any other value as JSV with the
    outer list brackets trimmed (``[4,5,6]`` -> ``4,5,6``; the empty list stays
    ``[]``), then percent-encoded as RFC 3986, as ServiceStack's .NET clients
    format query parameters (``RestRoute.FormatQueryParameterValue``) and path
    variables (``FormatVariable``, which differs only in writing ``[]`` as
    nothing).  ``style="serializer"``: as ``QueryStringSerializer`` writes a
    property (see :func:`encode`).  ``None`` gives ``''``.

    >>> encode_value([1, 2, 3])
    '1%2C2%2C3'
    >>> encode_value("Doe, John", style="serializer")
    'Doe,+John'

    Raises:
        ValueError: an unknown ``style``.
        TypeError: a value jsv cannot write as JSV.
    """
    _check_style(style)
    if value is None:
        return ""
    if style == "client":
        return _escape_data(_client_text(value, None))
    return _serializer_member(value, None)


def _serializer_member(value: Any, rename: Any) -> str:
    """A property of a DTO as ``WriteType.WriteQueryString`` writes it."""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return _url_encode(str.__str__(value))
    text = _qs_value(value, rename)
    if _is_enumerable(value):
        text = text.strip("[]")  # .NET's Trim('[', ']'): every bracket at both ends
    return text


def encode(obj: Any, *, style: str = "client", rename: Any = None) -> str:
    """A dataclass instance or a mapping as a query string, ``Name=value&Name2=value2``.

    Members that are ``None`` are left out.  Dataclass members come in
    ServiceStack's order (a class's own fields first, then its bases') under the
    names :func:`jsv.dumps` writes: the class's dataclasses-json metadata, else
    the field names, or ``rename`` (``'camel'``, ``'pascal'``, ``'snake'``, a
    mapping or a callable), which also names the members of nested dataclasses.
    ServiceStack's .NET clients camelCase the parameter names of .NET DTOs:
    ``rename='camel'`` does the same for PascalCase fields.

    ``style="client"`` writes what the .NET clients send (see :func:`encode_value`).
    Unlike them, jsv writes members equal to their .NET type's default (``0``,
    ``False``), which a Python dataclass cannot tell apart, and percent-encodes
    mapping keys, which the clients write as they are.

    ``style="serializer"`` writes what ``QueryStringSerializer.SerializeToString``
    writes, byte for byte: for a dataclass, strings URL-encoded, collections as
    JSV in query-string mode with every ``[``/``]`` trimmed from both ends, other
    values as JSV in query-string mode; for a mapping, keys as strings in
    query-string mode and list values with their brackets.  What
    that text cannot carry back through :func:`decode` (nor to ServiceStack):

    * strings inside collections and nested objects that hold ``" { } [ ] :``,
      a line break, or start or end with blanks (only commas are protected);
    * lists of lists, and lists whose first or last item is a list (the
      brackets are trimmed away), and empty lists (nothing is left);
    * values whose JSV holds ``+``, which reads back as a space: floats of
      ``1E+15`` and up, datetimes with a positive offset, base64 bytes.

    >>> encode({"Id": 1, "Tags": ["a", "b,c"]}, style="serializer")
    'Id=1&Tags=[a,%22b,c%22]'

    Raises:
        TypeError: ``obj`` is neither a dataclass instance nor a mapping, or a
            value jsv cannot write as JSV.
        ValueError: an unknown ``style`` or ``rename``.
    """
    _check_style(style)
    members: List[Tuple[str, Any]]
    if _is_dataclass_instance(obj):
        members = _dataclass_members(obj, rename)
        is_mapping = False
    elif isinstance(obj, Mapping):
        members = [(k, v) for k, v in obj.items() if v is not None]
        is_mapping = True
    else:
        raise TypeError(
            f"encode() takes a dataclass instance or a mapping, not {type(obj).__name__}"
        )
    parts = []
    for name, value in members:
        if style == "client":
            key = _escape_data(name if isinstance(name, str) else dumps(name))
            parts.append(f"{key}={_escape_data(_client_text(value, rename))}")
        elif is_mapping:
            if isinstance(value, str) and not isinstance(value, enum.Enum):
                text = _url_encode(str.__str__(value))
            else:
                text = _qs_value(value, rename)
            parts.append(f"{_qs_key(name)}={text}")
        else:
            parts.append(f"{name}={_serializer_member(value, rename)}")
    return "&".join(parts)


def _join(values: Union[str, Sequence[str], None]) -> Union[str, None]:
    """Several values of one name joined with commas, as ASP.NET's ``NameValueCollection`` does."""
    if values is None or isinstance(values, str):
        return values
    return ",".join(values)


def _fields(query: Query) -> Dict[str, str]:
    """Names and texts of a query string or mapping, repeated names joined with commas."""
    if isinstance(query, str):
        text = query[1:] if query.startswith("?") else query
        grouped: Dict[str, List[str]] = {}
        for part in text.split("&"):
            if not part:
                continue
            name, _, value = part.partition("=")
            name = urllib.parse.unquote_plus(name)
            if name:
                grouped.setdefault(name, []).append(urllib.parse.unquote_plus(value))
        return {name: ",".join(values) for name, values in grouped.items()}
    if not isinstance(query, Mapping):
        raise TypeError(f"decode() takes a query string or a mapping, not {type(query).__name__}")
    fields = {}
    for name, values in query.items():
        joined = _join(values)
        if joined is not None:
            fields[str(name)] = joined
    return fields


@overload
def decode(query: Query, type: Type[T]) -> T: ...


@overload
def decode(query: Query, type: Any) -> Any: ...


def decode(query: Query, type: Any) -> Any:
    """Binds a query string or form fields into ``type``, as ServiceStack binds a request DTO.

    ``query`` is a query string (a leading ``?`` is skipped; ``+`` and ``%xx``
    are decoded, as both styles of :func:`encode` need), or a mapping of names
    to a text or a list of texts (:func:`urllib.parse.parse_qs`, a web
    framework's form).  A name given several times gets its texts joined with
    commas, as ASP.NET does, so ``?Ids=1&Ids=2`` is ``Ids=1,2``.

    ``type`` is a dataclass (a generated DTO), TypedDict, NamedTuple or dict
    type.  Names are matched as typed decoding matches keys (wire names, any
    case, ``_`` and ``-`` ignored); unknown names are skipped.  A ``str``
    member takes its text verbatim; a ``bool`` member the text before the first
    comma (an HTML checkbox posts ``true,false``); every other member reads its
    text as JSV, the brackets of lists and maps optional (see the README's
    reading rules).  An empty text is the empty string for a ``str`` member;
    for any other member it counts as absent, as ServiceStack skips empty
    values (so the member keeps its default).  ServiceStack skips them for
    ``str`` members too; jsv keeps ``''`` so that every string round-trips.

    Raises:
        JSVValidationError: a text does not fit its member or is not valid JSV;
            the path starts with the parameter's name (``$.Ids[1]``).
        TypeError: ``type`` is not something jsv can decode into.
    """
    return bind_text_fields(_fields(query), type)

