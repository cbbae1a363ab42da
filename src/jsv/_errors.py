"""The exceptions jsv raises.

Every failure jsv reports is a :class:`JSVError`, which is a :class:`ValueError`
so that code written for ``json`` (``except ValueError``) keeps working:

* :class:`JSVDecodeError` -- the text is not well-formed JSV.  It carries the
  document and the position like :class:`json.JSONDecodeError` does.
* :class:`JSVValidationError` -- the text is well-formed but does not fit the
  requested type.  It carries the path of the offending value (``$.members[0].muted``).

Errors raised while decoding many documents at once (``Decoder.decode_many``,
``jsv.arrow.decode``) also carry ``row``, the 0-based index of the document, and
name it at the end of their message (``... - at `$.id` (row 3)``).  Elsewhere
``row`` is ``None``.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["JSVError", "JSVDecodeError", "JSVValidationError"]


class JSVError(ValueError):
    """Base class of every error jsv raises on bad input.

    Attributes:
        row: the 0-based row of the document in a batch, else ``None``.
    """

    row: Optional[int] = None

    def at_row(self, row: int) -> JSVError:
        """A copy of this error that names ``row`` (the cause and traceback kept)."""
        err = JSVError(f"{self} (row {row})")
        err.row = row
        return err


def _row_suffix(row: Optional[int]) -> str:
    return "" if row is None else f" (row {row})"


class JSVDecodeError(JSVError):
    """Malformed JSV text.

    Attributes:
        msg: the message without the position.
        row: the 0-based row of the document in a batch, else ``None``.
        doc: the text being parsed.
        pos: the index in ``doc`` where parsing failed.
        lineno: the 1-based line of ``pos``.
        colno: the 1-based column of ``pos``.
    """

    msg: str
    doc: str
    pos: int
    lineno: int
    colno: int

    def __init__(self, msg: str, doc: str, pos: int, row: Optional[int] = None) -> None:
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos}){_row_suffix(row)}")
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno
        self.row = row

    def at_row(self, row: int) -> JSVDecodeError:
        err = self.__class__(self.msg, self.doc, self.pos, row)
        err.__cause__ = self.__cause__
        err.__suppress_context__ = self.__suppress_context__
        return err

    def __reduce__(
        self,
    ) -> tuple[type[JSVDecodeError], tuple[str, str, int, Optional[int]]]:
        return self.__class__, (self.msg, self.doc, self.pos, self.row)


class JSVValidationError(JSVError):
    """Well-formed JSV that does not match the requested type.

    Attributes:
        msg: the message without the location.
        path: where the value sits, as ``$``, ``$.members[0].muted`` or ``$["key"]``.
        row: the 0-based row of the document in a batch, else ``None``.
    """

    msg: str
    path: str

    def __init__(self, msg: str, path: str = "$", row: Optional[int] = None) -> None:
        super().__init__(f"{msg} - at `{path}`{_row_suffix(row)}")
        self.msg = msg
        self.path = path
        self.row = row

    def at_row(self, row: int) -> JSVValidationError:
        err = self.__class__(self.msg, self.path, row)
        err.__cause__ = self.__cause__
        err.__suppress_context__ = self.__suppress_context__
        return err

    def __reduce__(
        self,
    ) -> tuple[type[JSVValidationError], tuple[str, str, Optional[int]]]:
        return self.__class__, (self.msg, self.path, self.row)


# Show (and pickle) the errors under their public home, ``jsv.JSVDecodeError``.
for _cls in (JSVError, JSVDecodeError, JSVValidationError):
    _cls.__module__ = "jsv"
del _cls
