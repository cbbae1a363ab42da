"""``jsv.format``: the readable multi-line layout of ServiceStack's JsvFormatter.

ServiceStack's ``JsvFormatter.Format`` re-indents text character by character,
which re-indents brackets inside quoted strings and leaves values whose blanks
no longer read back.  We lay out the *value* instead, in the same shape (one
member per line, a TAB per level, ``Key: value``, nested containers opening on
their own line, empty ones inline), and quote every string that lenient reading
would otherwise trim, so ``loads(format(x), lenient=True) == x`` always holds.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, cast

from . import _engine
from ._api import _parse_text
from ._common import DEFAULT_MAX_DEPTH
from ._writer import quote

__all__ = ["format"]

_BLANKS = " \t\r\n"


def _text(s: Optional[str]) -> str:
    """A scalar or key: JSV quoting, plus quotes around edge blanks (lenient trims them)."""
    if s is None:
        return ""
    if s and (s[0] in _BLANKS or s[-1] in _BLANKS) and s[0] != '"':
        return '"' + s.replace('"', '""') + '"'
    return quote(s)


def format(
    value_or_text: Any,
    *,
    lenient: bool = False,
    indent: str = "\t",
    newline: str = "\n",
    max_depth: int = DEFAULT_MAX_DEPTH,
    default: Optional[Callable[[Any], Any]] = None,
    rename: Any = None,
) -> str:
    """Lays out JSV for people to read.

    Args:
        value_or_text: a ``str`` is JSV text, read first (with ``lenient``);
            anything else is a value, written as :func:`jsv.dumps` would.
        lenient: how to read text input.
        indent: one level of indentation (ServiceStack uses a TAB).
        newline: the line break (ServiceStack uses the platform's).
        default, rename: as for :func:`jsv.dumps`.

    Returns:
        Text that :func:`jsv.loads` reads back to the same value with
        ``lenient=True``.
    """
    if isinstance(value_or_text, (str, bytes, bytearray)):
        tree = _parse_text(value_or_text, lenient, max_depth)
    else:
        # Going through the writer gives every type its JSV text.
        text = _engine.encode(value_or_text, default, rename)
        tree = _engine.parse(text, False, 2**31 - 1, False, False)
    if not isinstance(tree, (dict, list)):
        text = _text(tree)
        # As in the writer: keep a leading U+FEFF from being read as a BOM.
        return '"' + text + '"' if text[:1] == "\ufeff" else text
    if not tree:
        return ("{" if isinstance(tree, dict) else "[") + newline + indent + newline + (
            "}" if isinstance(tree, dict) else "]"
        )
    out: list[str] = []
    w = out.append
    # Frames: (iterator over entries or items, is_map, depth of the members).
    stack: list[tuple[Any, bool, int]] = []
    value: Any = tree
    depth = 0
    after_key = False
    while True:
        if isinstance(value, (dict, list)) and value:
            is_map = isinstance(value, dict)
            if after_key:
                w(newline + indent * depth)
            w(("{" if is_map else "[") + newline + indent * (depth + 1))
            members = iter(value.items()) if isinstance(value, dict) else iter(value)
            stack.append((members, is_map, depth + 1))
            first = True
        else:
            if isinstance(value, dict):
                w("{}")
            elif isinstance(value, list):
                w("[]")
            else:
                w(_text(value))
            first = False
        # Next member, closing finished containers.
        while stack:
            it, is_map, depth = stack[-1]
            nxt = next(it, _END)
            if nxt is _END:
                stack.pop()
                w(newline + indent * (depth - 1) + ("}" if is_map else "]"))
                first = False
                continue
            if not first:
                w("," + newline + indent * depth)
            if is_map:
                key, value = cast("tuple[Any, Any]", nxt)
                if value is None:
                    w(_text(key) + ":")
                else:
                    w(_text(key) + ": ")
                after_key = True
            else:
                value = nxt
                after_key = False
            break
        else:
            return "".join(out)


_END = object()
