"""Small definitions shared by the reader, the writer and the typed layer."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_DEPTH", "MAX_DEFAULT_NESTING", "Raw", "ESCAPE_CHARS"]

#: How deeply maps and lists may nest before reading gives up with an error.
#: The reader is iterative, so this bounds memory, not the Python stack.
DEFAULT_MAX_DEPTH = 1024

#: How many objects handed to the writer's ``default=`` may be in conversion at
#: once, each inside the result of the one before (``default`` returning a new
#: object that needs ``default`` again).  ``json.dumps`` stops such a chain at
#: the interpreter's recursion limit; the writer, which keeps its own stack,
#: stops it here with a ValueError.
MAX_DEFAULT_NESTING = 1024

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
