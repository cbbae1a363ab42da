"""Collections written without their brackets: ``a,b,c`` and ``Host:db1,Port:5432``.

ServiceStack's typed readers take the brackets of a list and the braces of a
map as optional.  Its query-string writer leaves a list's brackets out
(``?Ids=4,5,6``), and AppSettings values are written by hand the same way
(``Hosts a,b`` or ``Limits Read:5,Write:2``).  Untyped JSV has no such
forms: without a type, ``a,b`` is the string ``'a,b'``.  So this module is
used only where a type asks for a list or a map, by the typed layer
(:mod:`jsv._typed`), and it reads the text with the active engine's own reader
(passed in as ``parse``), so both engines give the same values and errors.

The rules, from ServiceStack.Text's ``DeserializeListWithElements.StripList``
and ``ParseGenericList`` (lists) and ``DeserializeDictionary.ParseDictionary``
(maps):

* **Empty text** is no collection at all: ``None``, like an empty JSV value.
* **Lists.**  The text is first trimmed of .NET whitespace (``char.IsWhiteSpace``).
  Text that then starts with ``[`` is an ordinary JSV list.  Any other text
  is the list's content: ``a,b`` is two items, ``a`` one, ``"a,b"`` one item
  ``a,b`` (quotes protect commas), ``,`` two empty items, and
  ``{Sku:a1},{Sku:b2}`` two maps.  ServiceStack reads content that starts
  with ``{`` as a run of maps in which a trailing comma adds no item; jsv does
  the same.  Text that is only whitespace is an error (ServiceStack fails
  with an ``IndexOutOfRangeException``).
* **Maps.**  Nothing is trimmed (ServiceStack trims no map text).  Text that
  starts with ``{`` is an ordinary JSV map; text that is only whitespace is an
  empty map; any other text is the map's content, ``Host:db1,Port:5432``.

Items and entries follow jsv's JSV reading rules, so the bracket-less form
always reads like the same text between brackets, strict errors included
(reported at their position in the original text).  Two consequences that
differ from ServiceStack, which has no error reporting to speak of: a ``]``
inside an unquoted list item must be quoted (ServiceStack keeps it as text),
and an unquoted ``}`` inside a list item is text (ServiceStack splits there).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Union

from ._common import DOTNET_WHITESPACE, MSG_INVALID_UTF8
from ._errors import JSVDecodeError

__all__ = [
    "check_max_depth",
    "dotnet_strip",
    "document_text",
    "read_list_text",
    "read_map_text",
]

#: ``parse(text, lenient, max_depth, infer, use_decimal) -> value``: an engine's reader.
Parse = Callable[[str, bool, int, bool, bool], Any]


def dotnet_strip(text: str) -> str:
    """``text.Trim()`` as .NET does it: .NET whitespace removed at both ends."""
    return text.strip(DOTNET_WHITESPACE)


def document_text(s: Union[str, bytes, bytearray, memoryview]) -> str:
    """The text of a JSV document: bytes decoded as UTF-8, a byte order mark dropped.

    Raises:
        JSVDecodeError: the bytes are not UTF-8 (at the offending byte).
        TypeError: ``s`` is neither text nor bytes.
    """
    if isinstance(s, str):
        text = s
    elif isinstance(s, (bytes, bytearray, memoryview)):
        data = bytes(s)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            doc = data.decode("utf-8", "replace")
            pos = len(data[: exc.start].decode("utf-8", "replace"))
            raise JSVDecodeError(
                MSG_INVALID_UTF8.format(data[exc.start], exc.start), doc, pos
            ) from None
    else:
        raise TypeError(
            f"the JSV document must be str, bytes or bytearray, not {type(s).__name__}"
        )
    if text[:1] == "\ufeff":
        text = text[1:]
    return text


def check_max_depth(max_depth: Any) -> None:
    """Raises ``ValueError`` unless ``max_depth`` is a positive ``int``."""
    if type(max_depth) is not int or max_depth < 1:
        raise ValueError(f"max_depth must be a positive int, not {max_depth!r}")


def _parse_at(
    parse: Parse,
    source: str,
    text: str,
    offset: int,
    lenient: bool,
    max_depth: int,
    infer: bool,
    use_decimal: bool,
) -> Any:
    """``parse(source)``, with errors reported at their position in ``text``.

    ``source[1:]`` is the slice of ``text`` that starts at ``offset``: either
    ``source`` itself is such a slice (and starts at ``offset - 1``), or it is
    a slice between added brackets, and an error at an added bracket is
    reported at the nearest position of ``text``.
    """
    try:
        return parse(source, lenient, max_depth, infer, use_decimal)
    except JSVDecodeError as e:
        pos = min(max(offset + e.pos - 1, 0), len(text))
        raise JSVDecodeError(e.msg, text, pos) from None


def read_list_text(
    text: str,
    parse: Parse,
    lenient: bool,
    max_depth: int,
    infer: bool = False,
    use_decimal: bool = False,
) -> Optional[List[Any]]:
    """Reads the text of a list, brackets optional; ``None`` for empty text.

    See the module documentation for the rules.

    Raises:
        JSVDecodeError: malformed items, or text that is only whitespace.
    """
    if not text:
        return None
    start, stop = 0, len(text)
    while start < stop and text[start] in DOTNET_WHITESPACE:
        start += 1
    if start == stop:
        raise JSVDecodeError("Expected a list, got only whitespace", text, 0)
    while text[stop - 1] in DOTNET_WHITESPACE:
        stop -= 1
    body = text if start == 0 and stop == len(text) else text[start:stop]
    if body[0] == "[":
        value = _parse_at(parse, body, text, start + 1, lenient, max_depth, infer, use_decimal)
    else:
        if body[0] == "{" and body[-1] == ",":
            body = body[:-1]  # a run of maps: ServiceStack adds no item after a final comma
        value = _parse_at(
            parse, "[" + body + "]", text, start, lenient, max_depth, infer, use_decimal
        )
    if type(value) is not list:  # pragma: no cover - text between brackets is a list
        raise JSVDecodeError("Expected a list", text, start)
    return value


def read_map_text(
    text: str,
    parse: Parse,
    lenient: bool,
    max_depth: int,
    infer: bool = False,
    use_decimal: bool = False,
) -> Optional[Dict[Any, Any]]:
    """Reads the text of a map, braces optional; ``None`` for empty text.

    See the module documentation for the rules.

    Raises:
        JSVDecodeError: malformed entries.
    """
    if not text:
        return None
    if text[0] == "{":
        value = _parse_at(parse, text, text, 1, lenient, max_depth, infer, use_decimal)
    elif not dotnet_strip(text):
        return {}
    else:
        value = _parse_at(
            parse, "{" + text + "}", text, 0, lenient, max_depth, infer, use_decimal
        )
    if type(value) is not dict:  # pragma: no cover - text between braces is a map
        raise JSVDecodeError("Expected a map", text, 0)
    return value
