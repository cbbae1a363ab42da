"""JSV syntax constants and the reader's error texts, shared by both engines.

The bottom layer: it imports nothing of jsv.  The reader, the writer, the typed
layer and the compiled engine take from here the values they must agree on, so
each is spelled once: the escape characters, the default depth limit and the
message of every :class:`~jsv.JSVDecodeError` the readers raise.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DOTNET_WHITESPACE",
    "MAX_DEFAULT_NESTING",
    "MAX_DECIMAL_EXPONENT",
    "Raw",
    "ESCAPE_CHARS",
    "MSG_AFTER_LIST_ITEM",
    "MSG_AFTER_MAP_VALUE",
    "MSG_EXPECTING_COLON",
    "MSG_EXPECTING_KEY",
    "MSG_EXTRA_DATA",
    "MSG_INVALID_UTF8",
    "MSG_KEY_AFTER_COMMA",
    "MSG_MAP_EXPECTING_KEY",
    "MSG_MAP_EXPECTING_VALUE",
    "MSG_TOO_DEEP",
    "MSG_UNTERMINATED_LIST",
    "MSG_UNTERMINATED_MAP",
    "MSG_UNTERMINATED_STRING",
]

#: How deeply maps and lists may nest before reading gives up with an error.
#: The reader is iterative, so this bounds memory, not the Python stack.
DEFAULT_MAX_DEPTH = 1024

#: How many objects handed to the writer's ``default=`` may be in conversion at
#: once, each inside the result of the one before (``default`` returning a new
#: object that needs ``default`` again).  ``json.dumps`` stops such a chain at
#: the interpreter's recursion limit; the writer, which keeps its own stack,
#: stops it here with a ValueError.
MAX_DEFAULT_NESTING = 1024

#: The largest ``abs(Decimal.adjusted())`` jsv reads or writes.  A Decimal is
#: written without an exponent (as .NET writes its decimal), so ``1E+300000000``
#: would be 300 million digits of text: such a value is an error both ways, as
#: CPython bounds int/str conversions (4300 digits by default).  .NET's own
#: decimal stops at 28 digits; this bound is far past it.
MAX_DECIMAL_EXPONENT = 4300

#: Characters .NET's ``char.IsWhiteSpace`` accepts, which ``string.Trim()`` removes.
DOTNET_WHITESPACE = (
    " \t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The nine characters that make ServiceStack.Text quote a string
#: (``JsWriter.EscapeChars``): a string holding any of them is written between
#: double quotes with its own quotes doubled.
ESCAPE_CHARS = '":,{}[]\r\n'


# ---- messages of JSVDecodeError (the position is added by the exception) ----
MSG_UNTERMINATED_STRING = "Unterminated quoted string"
MSG_EXTRA_DATA = "Extra data after the top-level value"
MSG_MAP_EXPECTING_KEY = "Unterminated map: expecting a key"
MSG_KEY_AFTER_COMMA = "Expecting a key after ','"
MSG_EXPECTING_KEY = "Expecting a key"
MSG_EXPECTING_COLON = "Expecting ':' after the key"
MSG_MAP_EXPECTING_VALUE = "Unterminated map: expecting a value"
MSG_UNTERMINATED_MAP = "Unterminated map: expecting ',' or '}'"
MSG_UNTERMINATED_LIST = "Unterminated list: expecting ',' or ']'"
MSG_AFTER_MAP_VALUE = "Expecting ',' or '}' after a map value"
MSG_AFTER_LIST_ITEM = "Expecting ',' or ']' after a list item"
#: ``.format(max_depth)``
MSG_TOO_DEEP = "Maximum nesting depth of {} exceeded"
#: ``.format(byte value, byte offset)``
MSG_INVALID_UTF8 = "Invalid UTF-8 byte 0x{:02x} at byte offset {}"


class Raw(str):
    """Text the writer emits verbatim as a value, without JSV quoting.

    ServiceStack writes some scalars raw even though they contain ``:`` --
    datetimes such as ``2020-01-02T03:04:05Z`` -- which is safe for values
    (a plain value in a map ends only at ``,`` or ``}``).  The typed layer returns
    such text wrapped in :class:`Raw`.  Used as a map key, a ``Raw`` is still
    quoted when needed, since a plain key ends at the first ``:``.
    """

    __slots__ = ()
