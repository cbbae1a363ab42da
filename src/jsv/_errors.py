"""The exceptions jsv raises.

Every failure jsv reports is a :class:`JSVError`, which is a :class:`ValueError`
so that code written for ``json`` (``except ValueError``) keeps working:

* :class:`JSVDecodeError` -- the text is not well-formed JSV.  It carries the
  document and the position like :class:`json.JSONDecodeError` does.
* :class:`JSVValidationError` -- the text is well-formed but does not fit the
  requested type.  It carries the path of the offending value (``$.members[0].muted``).
"""

from __future__ import annotations

__all__ = ["JSVError", "JSVDecodeError", "JSVValidationError"]


class JSVError(ValueError):
    """Base class of every error jsv raises on bad input."""


class JSVDecodeError(JSVError):
    """Malformed JSV text.

    Attributes:
        msg: the message without the position.
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

    def __init__(self, msg: str, doc: str, pos: int) -> None:
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos})")
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self) -> tuple[type[JSVDecodeError], tuple[str, str, int]]:
        return self.__class__, (self.msg, self.doc, self.pos)


class JSVValidationError(JSVError):
    """Well-formed JSV that does not match the requested type.

    Attributes:
        msg: the message without the location.
        path: where the value sits, as ``$``, ``$.members[0].muted`` or ``$["key"]``.
    """

    msg: str
    path: str

    def __init__(self, msg: str, path: str = "$") -> None:
        super().__init__(f"{msg} - at `{path}`")
        self.msg = msg
        self.path = path

    def __reduce__(self) -> tuple[type[JSVValidationError], tuple[str, str]]:
        return self.__class__, (self.msg, self.path)


# Show (and pickle) the errors under their public home, ``jsv.JSVDecodeError``.
for _cls in (JSVError, JSVDecodeError, JSVValidationError):
    _cls.__module__ = "jsv"
del _cls
