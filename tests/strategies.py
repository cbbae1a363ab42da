"""Hypothesis strategies that write JSV *text* directly, with the value it stands for.

Nothing here goes through :func:`jsv.dumps` or :func:`jsv.format`: documents
are built from the reading rules, token by token, and the expected results are
computed alongside, so the reader is checked against the grammar rather than
against the writer.

* :func:`strict_docs` -- documents :func:`jsv.loads` reads in strict mode.  With
  ``canonical=True`` only what ServiceStack.Text writes (strings quoted exactly
  when they hold one of ``" : , { } [ ] CR LF`` or are empty, no empty map values,
  no container keys), so ``dumps(doc.value) == doc.text`` must hold too.  Without
  it, every other form strict reading accepts: plain values holding ``:`` or
  ``"`` or brackets after the first character, needless quotes, empty values
  (``{A:}``, ``[a,,b]``), empty keys (``{:x}``), containers used as keys (the
  key is their source text), duplicate keys, blanks after the top-level value.
* :func:`lenient_docs` -- the pasted and pretty forms ``loads(..., lenient=True)``
  reads: blanks, tabs, LF and CRLF around ``{ } [ ] , :`` and around plain keys
  and values (which are trimmed), with either random blanks or the layout of
  ServiceStack's JsvFormatter (one member per line, a TAB per level, ``Key: value``).

Each :class:`Doc` carries ``value`` (the untyped result) and ``inferred`` (the
result with ``infer=True``), and ``decimal`` (``infer=True, use_decimal=True``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, List, Optional, Tuple

from hypothesis import strategies as st

__all__ = ["Doc", "strict_docs", "lenient_docs", "infer_plain"]

#: The characters that make ServiceStack quote a string.
ESCAPE_CHARS = '":,{}[]\r\n'
#: What lenient reading skips and trims.
BLANKS = " \t\r\n"


@dataclass(frozen=True)
class Doc:
    text: str
    value: Any
    inferred: Any
    decimal: Any


# --- what `infer` makes of a plain value (the reading rules, written out) ------

_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT_TEXT = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)|NaN|-?Infinity"
)


def infer_plain(text: str, use_decimal: bool = False) -> Any:
    """The value of a *plain* (unquoted) scalar read with ``infer=True``.

    Exact spellings only: an optional ``-``, no leading zeros, no ``+``, no bare
    ``.5`` or ``1.``; ``NaN``, ``Infinity``, ``-Infinity``; ``true``/``false`` in
    any case.  Anything else stays text.
    """
    if _INT_TEXT.fullmatch(text):
        return int(text)
    if _FLOAT_TEXT.fullmatch(text):
        return Decimal(text) if use_decimal else float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


# --- characters ----------------------------------------------------------------

_DELIMS = st.sampled_from([*'":,{}[]', "\r", "\n", "\r\n", " ", "\t"])
_CHARS = st.one_of(
    _DELIMS,
    st.sampled_from(list("abcXYZ019-+.eE_/#=@&'\\")),
    st.characters(min_codepoint=0, max_codepoint=0x7F),
    st.characters(min_codepoint=0x80, max_codepoint=0xFFFF, blacklist_categories=["Cs"]),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
    st.sampled_from(["\x00", "\x0b", "\x0c", "\xa0", "\u2028", "\u200b", "\ufeff"]),
)
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)

_NUMERIC = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        ["0", "-0", "007", "+5", "1.5", "-2.50", "1.", ".5", "1e5", "1E+05", "2.5e-3",
         "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "true", "FALSE", "True",
         "tRuE", "truex", "1e400", "-1e-400", "0x10", "1_000", "--1"]
    ),
)


def _texts(surrogates: bool, max_size: int = 8) -> st.SearchStrategy[str]:
    chars = st.one_of(_CHARS, _SURROGATES) if surrogates else _CHARS
    pieces = st.lists(st.one_of(chars, _NUMERIC), max_size=max_size)
    return st.one_of(_NUMERIC, pieces.map("".join))


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _plain_ok(s: str, stops: str, lenient: bool) -> bool:
    """Can ``s`` be written unquoted where a plain token ends at one of ``stops``?"""
    if not s or s[0] in '"{[' or any(c in s for c in stops):
        return False
    return not (lenient and (s[0] in BLANKS or s[-1] in BLANKS))


# --- layout: the blanks between tokens ----------------------------------------

# A layout is called with (draw, depth, where) and returns the blanks to write;
# `where` is one of: "open" (after { or [), "close" (before } or ]), "comma"
# (after ,), "before" (before , or : or a plain edge), "colon" (after :),
# "edge" (around the top-level value).
Layout = Callable[[Any, int, str], str]


def _strict_layout(draw: st.DrawFn, depth: int, where: str) -> str:
    return ""


_WS = st.lists(st.sampled_from([" ", "\t", "\n", "\r\n", "\r", "  "]), max_size=3).map("".join)


def _random_layout(draw: st.DrawFn, depth: int, where: str) -> str:
    return str(draw(_WS))


def _formatter_layout(newline: str) -> Layout:
    """The shape of ServiceStack's JsvFormatter: a member per line, a TAB per level."""

    def layout(draw: st.DrawFn, depth: int, where: str) -> str:
        if where in ("open", "comma"):
            return newline + "\t" * (depth + 1)
        if where == "close":
            return newline + "\t" * depth
        if where == "colon":
            return " "
        if where == "edge":
            return newline if draw(st.booleans()) else ""
        return ""

    return layout


# --- the grammar ---------------------------------------------------------------


@dataclass
class _Mode:
    canonical: bool
    lenient: bool
    layout: Layout
    surrogates: bool
    max_depth: int = 4
    max_members: int = 5


_Node = Tuple[str, Any, Any, Any]  # text, value, inferred, decimal


def _scalar(draw: st.DrawFn, mode: _Mode, stops: str, depth: int, allow_empty: bool) -> _Node:
    """A map value or list item that is not a container: plain, quoted or empty."""
    if allow_empty and draw(st.integers(0, 9)) == 0:
        ws = mode.layout(draw, depth, "before") if mode.lenient else ""
        return ws, None, None, None
    s = draw(_texts(mode.surrogates))
    if mode.canonical:
        needs = s == "" or any(c in s for c in ESCAPE_CHARS)
        quoted = needs
        if not needs and not _plain_ok(s, stops, mode.lenient):
            quoted = True  # e.g. a leading blank in lenient mode (never canonical+lenient)
    else:
        quoted = not _plain_ok(s, stops, mode.lenient) or draw(st.integers(0, 3)) == 0
    if quoted:
        text = _quote(s)
        if mode.lenient:
            text = mode.layout(draw, depth, "before") + text + mode.layout(draw, depth, "before")
        return text, s, s, s
    text = s
    if mode.lenient:
        text = mode.layout(draw, depth, "before") + s + mode.layout(draw, depth, "before")
    return text, s, infer_plain(s), infer_plain(s, True)


def _key(draw: st.DrawFn, mode: _Mode, depth: int) -> Tuple[str, Any]:
    """A map key: its text (up to, not including, the ':') and the key it reads as."""
    choice = draw(st.integers(0, 9))
    if choice == 0:  # the empty key reads as None (the writer writes None keys so)
        return (mode.layout(draw, depth, "before") if mode.lenient else ""), None
    if choice == 1 and not mode.canonical and depth + 1 < mode.max_depth:
        # A container as a key: the key is its source text, blanks included.
        text, _, _, _ = _container(draw, mode, depth + 1)
        pad = mode.layout(draw, depth, "before") if mode.lenient else ""
        return text + pad, text
    s = draw(_texts(mode.surrogates, max_size=5))
    plain = _plain_ok(s, ":,}", mode.lenient)
    if mode.canonical:
        quoted = s == "" or any(c in s for c in ESCAPE_CHARS) or not plain
    else:
        quoted = not plain or draw(st.integers(0, 3)) == 0
    text = _quote(s) if quoted else s
    if mode.lenient:
        text = mode.layout(draw, depth, "before") + text + mode.layout(draw, depth, "before")
    return text, s


def _member(draw: st.DrawFn, mode: _Mode, depth: int, stops: str, allow_empty: bool) -> _Node:
    if depth + 1 < mode.max_depth and draw(st.integers(0, 3)) == 0:
        text, v, i, d = _container(draw, mode, depth + 1)
        if mode.lenient:
            text = mode.layout(draw, depth, "before") + text + mode.layout(draw, depth, "before")
        return text, v, i, d
    return _scalar(draw, mode, stops, depth, allow_empty)


def _container(draw: st.DrawFn, mode: _Mode, depth: int) -> _Node:
    """A map or list at nesting ``depth``."""
    layout = mode.layout
    n = draw(st.integers(0, mode.max_members))
    if draw(st.booleans()):
        parts: List[str] = []
        value: dict[Any, Any] = {}
        inferred: dict[Any, Any] = {}
        decimal: dict[Any, Any] = {}
        for _ in range(n):
            ktext, key = _key(draw, mode, depth)
            vtext, v, i, d = _member(draw, mode, depth, ",}", allow_empty=not mode.canonical)
            if mode.canonical and v is None:
                continue
            if mode.canonical and key in value:
                continue  # the writer writes each key once
            colon = layout(draw, depth, "colon") if mode.lenient else ""
            parts.append(ktext + ":" + colon + vtext)
            value[key], inferred[key], decimal[key] = v, i, d
        inner = _join(draw, mode, depth, parts)
        return "{" + inner + "}", value, inferred, decimal
    items = [_member(draw, mode, depth, ",]", allow_empty=True) for _ in range(n)]
    if mode.canonical and len(items) == 1 and items[0][1] is None:
        items = []  # the writer writes [None] as [], which reads as []
    inner = _join(draw, mode, depth, [t for t, _, _, _ in items])
    if len(items) == 1 and items[0][1] is None:
        # One empty item and no comma: `[]` (or `[ ]`) is the empty list.
        return "[" + inner + "]", [], [], []
    return (
        "[" + inner + "]",
        [v for _, v, _, _ in items],
        [i for _, _, i, _ in items],
        [d for _, _, _, d in items],
    )


def _join(draw: st.DrawFn, mode: _Mode, depth: int, parts: List[str]) -> str:
    if not mode.lenient:
        return ",".join(parts)
    layout = mode.layout
    if not parts:
        return layout(draw, depth, "open") if draw(st.booleans()) else ""
    sep = [layout(draw, depth, "before") + "," + layout(draw, depth, "comma") for _ in parts[1:]]
    out = layout(draw, depth, "open") + parts[0]
    for s, p in zip(sep, parts[1:]):
        out += s + p
    return out + layout(draw, depth, "close")


@st.composite
def _document(draw: st.DrawFn, mode: _Mode) -> Doc:
    kind = draw(st.integers(0, 7))

    def edge() -> str:
        return mode.layout(draw, 0, "edge") if mode.lenient else ""

    if kind == 0:  # the empty document (blanks only, leniently)
        text = "" if not mode.lenient else edge() + edge()
        return Doc(text, None, None, None)
    if kind == 1:  # a plain top-level value: the whole (lenient: trimmed) document
        s = draw(_texts(mode.surrogates))
        ok = bool(s) and s[0] not in '"{[\ufeff'
        if mode.lenient:
            ok = ok and s[0] not in BLANKS and s[-1] not in BLANKS
        if mode.canonical:
            ok = ok and not any(c in s for c in ESCAPE_CHARS)
        if ok:
            text = edge() + s + edge()
            return Doc(text, s, infer_plain(s), infer_plain(s, True))
        kind = 2
    if kind == 2:  # a quoted top-level string
        s = draw(_texts(mode.surrogates))
        if mode.canonical and s.startswith("\ufeff"):
            s = "x" + s  # see test_regressions: a leading U+FEFF is written bare
        if mode.canonical and s and not any(c in s for c in ESCAPE_CHARS) and s[0] != "\ufeff":
            return Doc(s, s, infer_plain(s), infer_plain(s, True))
        trail = ""
        if not mode.canonical:
            blanks = st.sampled_from(["", " ", "\r\n", "\t\n"])
            trail = edge() if mode.lenient else str(draw(blanks))
        return Doc(edge() + _quote(s) + trail, s, s, s)
    text, value, inferred, decimal = _container(draw, mode, 0)
    if mode.lenient:
        text = edge() + text + edge()
    elif not mode.canonical and draw(st.integers(0, 4)) == 0:
        text += draw(st.sampled_from([" ", "\n", "\r\n", " \t\r\n"]))  # files end in newlines
    return Doc(text, value, inferred, decimal)


def strict_docs(canonical: bool = False, surrogates: bool = True) -> st.SearchStrategy[Doc]:
    """Documents ``jsv.loads(text)`` reads (see the module docstring)."""
    return _document(_Mode(canonical=canonical, lenient=False, layout=_strict_layout,
                           surrogates=surrogates))


def lenient_docs(layout: Optional[str] = None, surrogates: bool = False) -> st.SearchStrategy[Doc]:
    """Documents ``jsv.loads(text, lenient=True)`` reads.

    ``layout``: ``"random"`` (blanks, tabs, LF, CR, CRLF anywhere structure allows),
    ``"formatter"`` (JsvFormatter's shape, LF), ``"formatter-crlf"`` (the same with
    CRLF), or ``None`` for any of them.
    """
    layouts = {
        "random": _random_layout,
        "formatter": _formatter_layout("\n"),
        "formatter-crlf": _formatter_layout("\r\n"),
    }
    names = [layout] if layout else list(layouts)
    return st.sampled_from(names).flatmap(
        lambda name: _document(
            _Mode(canonical=False, lenient=True, layout=layouts[name], surrogates=surrogates)
        )
    )


def same_value(a: Any, b: Any) -> bool:
    """Exact equality for test oracles: same types at every level, same key
    order, NaN equal to NaN, -0.0 unequal to 0.0, Decimals equal only when
    written alike.  Iterative, so deep values do not hit the recursion limit."""
    todo = [(a, b)]
    while todo:
        x, y = todo.pop()
        if type(x) is not type(y):
            return False
        if type(x) is dict:
            if list(x) != list(y):
                return False
            todo.extend((x[k], y[k]) for k in x)
        elif type(x) is list:
            if len(x) != len(y):
                return False
            todo.extend(zip(x, y))
        elif type(x) is float:
            if not ((math.isnan(x) and math.isnan(y))
                    or (x == y and math.copysign(1.0, x) == math.copysign(1.0, y))):
                return False
        elif type(x) is Decimal:
            if str(x) != str(y):
                return False
        elif x != y:
            return False
    return True


def subscript(generic: Any, arg: Any) -> Any:
    """``generic[arg]``, for a class known only at run time (from a module loaded from a
    file), which a static type checker cannot accept inside ``List[...]``."""
    return generic[arg]
