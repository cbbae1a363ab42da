"""Small definitions shared by the reader, the writer and the typed layer."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_DEPTH", "DOTNET_WHITESPACE", "Raw", "ESCAPE_CHARS"]

#: How deeply maps and lists may nest before reading gives up with an error.
#: The reader is iterative, so this bounds memory, not the Python stack.
DEFAULT_MAX_DEPTH = 1024

#: Characters .NET's ``char.IsWhiteSpace`` accepts, which ``string.Trim()`` removes.
DOTNET_WHITESPACE = (
    " \t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The nine characters that make ServiceStack.Text quote a string
#: (``JsWriter.EscapeChars``): a string holding any of them is written between
#: double quotes with its own quotes doubled.
ESCAPE_CHARS = '":,{}[]\r\n'


class Raw(str):
    """Text the writer emits verbatim as a value, without JSV quoting.

    ServiceStack writes some scalars raw even though they contain ``:`` --
    datetimes such as ``2020-01-02T03:04:05Z`` -- which is safe for values
    (a plain value in a map ends only at ``,`` or ``}``).  The typed layer returns
    such text wrapped in :class:`Raw`.  Used as a map key, a ``Raw`` is still
    quoted when needed, since a plain key ends at the first ``:``.
    """

    __slots__ = ()
