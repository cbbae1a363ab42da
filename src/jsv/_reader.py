"""The pure-Python JSV reader: text to untyped Python values.

This is the reference implementation; :mod:`jsv._speedups` implements the same
contract in Cython.  The result is built from ``dict``, ``list``, ``str`` and
``None`` only (``int``/``float``/``bool`` too when ``infer`` is on), because JSV
text carries no types: a schema decides what ``1`` or ``True`` means, and that
is the typed layer's job (:mod:`jsv._typed`).

How it reads (see the README's "Reading rules" for the full list):

* ``{k:v,...}`` is a map, ``[a,b]`` a list, ``"..."`` a quoted string whose
  doubled quotes stand for one; anything else is plain text.
* A plain map value ends at ``,`` or ``}`` only, a plain list item at ``,`` or
  ``]`` only, so ``{Url:http://x/y}`` reads as ServiceStack writes it.
* An empty value (``{A:}``, ``[a,,b]``) is ``None``; ``""`` is ``''``.
* Whitespace is data unless ``lenient`` is on, which skips it around
  structure and trims plain keys and values (pasted and pretty-printed JSV).

Speed comes from never looking at characters one by one in Python: runs of
simple entries (``key:plain`` or ``key:"quoted"``) are validated by one regex
match and split by one ``findall``, so whole records are read in C.  Nesting is
handled with an explicit stack, never Python recursion, and every scan moves
forward, so time is linear in the input whatever its shape.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any, Callable, Optional, Union, cast

from ._common import (
    DEFAULT_MAX_DEPTH,
    MSG_AFTER_LIST_ITEM,
    MSG_AFTER_MAP_VALUE,
    MSG_EXPECTING_COLON,
    MSG_EXPECTING_KEY,
    MSG_EXTRA_DATA,
    MSG_KEY_AFTER_COMMA,
    MSG_MAP_EXPECTING_KEY,
    MSG_MAP_EXPECTING_VALUE,
    MSG_TOO_DEEP,
    MSG_UNTERMINATED_LIST,
    MSG_UNTERMINATED_MAP,
    MSG_UNTERMINATED_STRING,
)
from ._errors import JSVDecodeError

__all__ = ["parse"]

_WS = "[ \\t\\r\\n]"


def _any_but(excluded: str) -> str:
    """A regex class matching any character except those of ``excluded``.

    It is spelt as ranges of the allowed characters, never as ``[^...]``: the
    regex engine tests a negated class of one or two characters by walking a
    list, but a set of three or more ranges through a bitmap, which reads plain
    text about twice as fast.  The two spellings match the same characters.
    """
    ranges = []
    low = 0
    for c in sorted(set(excluded)):
        if ord(c) > low:
            ranges.append(f"\\U{low:08x}-\\U{ord(c) - 1:08x}")
        low = ord(c) + 1
    ranges.append(f"\\U{low:08x}-\\U0010ffff")
    return "[" + "".join(ranges) + "]"


# Possessive repeats (Python 3.11 and later) never give back what they took,
# which spares the regex engine its bookkeeping for backtracking.  Each repeat
# spelt with _ALL either stops at a character its class excludes, which is
# the only one that may follow, or is followed by an optional tail only; a
# greedy repeat would never give back there either, so both match the same.
_ALL = "*+" if sys.version_info >= (3, 11) else "*"

# --- strict patterns ---------------------------------------------------------
# A plain key: the text up to the first ':' (it cannot contain ',' or '}'),
# not starting with a quote or a bracket (those start quoted or container keys).
_KEY = _any_but(':,}"{[') + _any_but(":,}") + _ALL
# A plain value in a map ends at ',' or '}'; in a list at ',' or ']'.
_MVAL = _any_but(',}"{[') + _any_but(",}") + _ALL
_LVAL = _any_but(',]"{[') + _any_but(",]") + _ALL
# A quoted value without doubled quotes, the common case.
_SIMPLE_Q = '"[^"]' + _ALL + '"'
# Splits a run of strict entries already validated by ``map_run``: there, a
# key is all up to the first ':', a quoted value all up to the next '"', and a
# plain value all up to the next ','.  Single-character classes are the regex
# engine's fastest scans.
_PAIRS = '([^:]' + _ALL + '):"?((?<=")[^"]' + _ALL + "|[^,]" + _ALL + ')"?,?'

# --- lenient patterns: the same, trimmed of surrounding whitespace ----------
_KEY_L = r'[^:,}"{\[ \t\r\n](?:[^:,}]*[^:,} \t\r\n])?'
_MVAL_L = r'[^,}"{\[ \t\r\n](?:[^,}]*[^,} \t\r\n])?'
_LVAL_L = r'[^,\]"{\[ \t\r\n](?:[^,\]]*[^,\] \t\r\n])?'
_PAIRS_L = f'({_KEY_L}){_WS}*:{_WS}*"?((?<=")[^"]*(?=")|{_MVAL_L})"?'


# Scanners whose pattern can match the empty string never return None.
_Always = Callable[..., "re.Match[str]"]
_Maybe = Callable[..., "Optional[re.Match[str]]"]


class _Patterns:
    """The compiled scanners of one reading mode (strict or lenient)."""

    map_run: _Always
    list_run: _Always
    key: _Maybe
    mval: _Maybe
    lval: _Maybe

    def __init__(self, key: str, mval: str, lval: str, pairs: str, ws: str) -> None:
        entry = f"(?:{key}){ws}:{ws}(?:{_SIMPLE_Q}|{mval}){ws}"
        item = f"(?:{_SIMPLE_Q}|{lval}){ws}"
        # A run of simple entries: each followed by ',' (and, leniently, blanks),
        # then optionally the last entry of the map, followed by '}' (group 1),
        # or the key of an entry whose value is a nested container (group 2)
        # with the container's opening bracket (group 3): one match per run.
        self.map_run = cast(
            _Always,
            re.compile(
                f"(?:{entry},{ws}){_ALL}(?:({entry}(?=}}))|({key}){ws}:{ws}([{{\\[]))?"
            ).match,
        )
        # Splits a validated run into (key, value) pairs, unquoting simple
        # quoted values: the lookbehind is true only when a quote was consumed.
        self.map_pairs = re.compile(pairs).findall
        # The same split keeping quoted and plain values apart, for ``infer``.
        self.map_triples = re.compile(f'({key}){ws}:{ws}(?:"([^"]*)"|({mval}))').findall
        self.list_run = cast(_Always, re.compile(f"(?:{item},{ws}){_ALL}({item}(?=\\]))?").match)
        self.list_items = re.compile(f'"([^"]*)"|({lval})').findall
        self.key = re.compile(key).match
        self.mval = re.compile(mval).match
        self.lval = re.compile(lval).match


_STRICT = _Patterns(_KEY, _MVAL, _LVAL, _PAIRS, "")
_LENIENT = _Patterns(_KEY_L, _MVAL_L, _LVAL_L, _PAIRS_L, _WS + "*")

_skip_ws = cast(_Always, re.compile(_WS + "*").match)
# A quoted string; see _quoted for why a following '"' means "unterminated".
_quoted_match = re.compile(r'"([^"]*(?:""[^"]*)*)"').match
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)").fullmatch
_FLOAT = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)|NaN|-?Infinity"
).fullmatch

_Container = Union["dict[Any, Any]", "list[Any]"]
# The key of a stack frame whose child container is itself a map key.
_KEY_FRAME = object()


def _infer(text: str, use_decimal: bool) -> Any:
    """Reads a plain value as int, float (or Decimal) or bool when it spells one.

    Only exact spellings count (``007`` and ``+5`` stay text), so inference never
    changes a value that ServiceStack would write as text for a string.
    """
    if _INT(text):
        try:
            return int(text)
        except ValueError:  # more digits than the interpreter converts
            return Decimal(text)
    if _FLOAT(text):
        if not use_decimal:
            return float(text)
        try:
            return Decimal(text)
        except ArithmeticError:  # an exponent beyond what Decimal holds
            return text
    low = text.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    return text


def _quoted(s: str, pos: int, end: int) -> tuple[str, int]:
    """Reads the quoted string whose opening quote is at ``pos``.

    Returns the unquoted text and the position after the closing quote.  The
    regex consumes doubled quotes greedily, so it can only stop before a ``"``
    when it had to back off a doubled pair: the string is then unterminated.
    """
    m = _quoted_match(s, pos, end)
    if m is None or (m.end() < end and s[m.end()] == '"'):
        raise JSVDecodeError(MSG_UNTERMINATED_STRING, s, pos)
    text = m.group(1)
    if '"' in text:
        text = text.replace('""', '"')
    return text, m.end()


def parse(
    doc: str,
    lenient: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    infer: bool = False,
    use_decimal: bool = False,
) -> Any:
    """Reads one JSV document into dicts, lists, strings and ``None``.

    ``doc`` must already be a ``str`` without a byte order mark (the public
    :func:`jsv.loads` takes care of bytes and BOMs).  Raises
    :class:`~jsv.JSVDecodeError` on malformed text.
    """
    end = len(doc)
    pos = 0
    if lenient:
        pos = _skip_ws(doc).end()
        while end > pos and doc[end - 1] in " \t\r\n":
            end -= 1
    if pos >= end:
        return None
    c = doc[pos]
    if c == "{" or c == "[":
        value, pos = _container(doc, pos, end, lenient, max_depth, infer, use_decimal)
    elif c == '"':
        value, pos = _quoted(doc, pos, end)
    else:
        # A plain top-level value is the whole (lenient: trimmed) document.
        text = doc[pos:end]
        return _infer(text, use_decimal) if infer else text
    if pos < end:
        # Blanks may follow a closed top-level value (files end in newlines).
        pos = _skip_ws(doc, pos, end).end()
        if pos < end:
            raise JSVDecodeError(MSG_EXTRA_DATA, doc, pos)
    return value


def _delimiter_error(s: str, pos: int, end: int, is_map: bool) -> JSVDecodeError:
    """The error for what follows a value where ``,`` or the closing bracket belongs."""
    if pos < end:
        what = MSG_AFTER_MAP_VALUE if is_map else MSG_AFTER_LIST_ITEM
    else:
        what = MSG_UNTERMINATED_MAP if is_map else MSG_UNTERMINATED_LIST
    return JSVDecodeError(what, s, pos)


def _container(
    s: str,
    pos: int,
    end: int,
    lenient: bool,
    max_depth: int,
    infer: bool,
    use_decimal: bool,
) -> tuple[Any, int]:
    """Reads the map or list opening at ``pos``; returns it and the position after it.

    Iterative: ``stack`` holds the enclosing containers with the key (or
    ``_KEY_FRAME``) under which the one being read will be stored.
    """
    p = _LENIENT if lenient else _STRICT
    map_run, map_pairs, map_triples = p.map_run, p.map_pairs, p.map_triples
    list_run, list_items = p.list_run, p.list_items
    match_key, match_mval, match_lval = p.key, p.mval, p.lval
    skip_ws = _skip_ws
    # (container, its key in the parent or None, start of a key container)
    stack: list[tuple[_Container, Any, int]] = []
    key: Any = None
    value: Any = None
    # Keys of entries read one by one share one string object per spelling
    # (as json's do), which saves memory when records repeat their keys.
    share = cast("dict[str, str]", {}).setdefault

    # Open the first container; 'opened' marks that `cur` was just opened.
    is_map = s[pos] == "{"
    cur: Any = {} if is_map else []
    pos += 1
    opened = True
    pending_key = False  # a key container just closed: expect ':' and a value
    in_key = 0  # how many key containers enclose the one being read

    while True:
        closed = False  # set when `cur` is complete and `value` holds it
        opening = ""  # set to "{" or "[" (at `pos`) to open a nested container
        role: Any = None  # where that container goes: a map key, None, or _KEY_FRAME
        if lenient:
            pos = skip_ws(s, pos, end).end()
        if opened:
            opened = False
            if pos < end and s[pos] == ("}" if is_map else "]"):
                pos += 1
                value = cur
                closed = True
        if not closed and is_map:
            if pending_key:
                pending_key = False
            else:
                # ---- expect an entry: first a run of simple entries ----
                m = map_run(s, pos, end)
                last = m.lastindex
                e = m.start(2) if last == 3 else m.end()
                if e != pos:
                    if infer:
                        for k, q, v in map_triples(s, pos, e):
                            cur[share(k, k)] = _infer(v, use_decimal) if v else q
                    else:
                        # Keys from runs are not shared (see `share`): doing
                        # it costs 12% of the whole parse in pure Python.
                        cur.update(map_pairs(s, pos, e))
                    pos = e
                    if last == 1:  # the run read the map's last entry
                        pos += 1
                        value = cur
                        closed = True
                if not closed:
                    if last == 3:
                        # `key:{` or `key:[`: open the value right away.
                        key = m.group(2)
                        role = share(key, key)
                        pos = m.start(3)
                        opening = m.group(3)
                    elif pos >= end:
                        raise JSVDecodeError(MSG_MAP_EXPECTING_KEY, s, pos)
                    else:
                        # ---- one entry the run could not take: its key ----
                        c = s[pos]
                        if c == '"':
                            key, pos = _quoted(s, pos, end)
                        elif c == "{" or c == "[":
                            # A container used as a key: read it, keep its text.
                            role = _KEY_FRAME
                            opening = c
                        elif c == ":":
                            key = None
                        elif c == "}" or c == ",":
                            raise JSVDecodeError(MSG_KEY_AFTER_COMMA, s, pos)
                        else:
                            km = match_key(s, pos, end)
                            if km is None:  # lenient: only blanks before the delimiter
                                raise JSVDecodeError(MSG_EXPECTING_KEY, s, pos)
                            key = km.group()
                            key = share(key, key)
                            pos = km.end()
            if not closed and not opening:
                # ---- ':' before the value ----
                if lenient:
                    pos = skip_ws(s, pos, end).end()
                if pos >= end or s[pos] != ":":
                    raise JSVDecodeError(MSG_EXPECTING_COLON, s, pos)
                pos += 1
                if lenient:
                    pos = skip_ws(s, pos, end).end()
                if pos >= end:
                    raise JSVDecodeError(MSG_MAP_EXPECTING_VALUE, s, pos)
        elif not closed:
            # ---- expect a list item: first a run of simple items ----
            if pos < end and (s[pos] == "{" or s[pos] == "["):
                opening = s[pos]  # a nested container: no run to try
            else:
                m = list_run(s, pos, end)
                e = m.end()
                if e != pos:
                    if infer:
                        cur.extend(
                            [_infer(v, use_decimal) if v else q for q, v in list_items(s, pos, e)]
                        )
                    else:
                        cur.extend([v or q for q, v in list_items(s, pos, e)])
                    pos = e
                    if m.lastindex:
                        pos += 1
                        value = cur
                        closed = True
                if not closed and pos >= end:
                    raise JSVDecodeError(MSG_UNTERMINATED_LIST, s, pos)

        if not closed and not opening:
            # ---- one value: of the map entry `key`, or the next list item ----
            closer = "}" if is_map else "]"
            c = s[pos]
            if c == "," or c == closer:
                # An empty value; a comma right before ']' leaves an empty item.
                if is_map:
                    cur[key] = None
                else:
                    cur.append(None)
                pos += 1
                if c == ",":
                    continue
                value = cur
                closed = True
            elif c == "{" or c == "[":
                role = key if is_map else None
                opening = c
            else:
                if c == '"':
                    text, pos = _quoted(s, pos, end)
                else:
                    vm = (match_mval if is_map else match_lval)(s, pos, end)
                    text = vm.group() if vm is not None else ""
                    pos = vm.end() if vm is not None else pos
                    if infer:
                        text = _infer(text, use_decimal)
                if is_map:
                    cur[key] = text
                else:
                    cur.append(text)
                if lenient:
                    pos = skip_ws(s, pos, end).end()
                if pos < end and s[pos] == ",":
                    pos += 1
                    continue
                if pos >= end or s[pos] != closer:
                    raise _delimiter_error(s, pos, end, is_map)
                pos += 1
                value = cur
                closed = True

        if opening:
            # ---- a nested map or list starts at `pos` ----
            if len(stack) + 2 > max_depth:
                raise JSVDecodeError(MSG_TOO_DEEP.format(max_depth), s, pos)
            stack.append((cur, role, pos))
            if role is _KEY_FRAME:
                in_key += 1
            is_map = opening == "{"
            cur = {} if is_map else []
            pos += 1
            opened = True
            continue

        # ---- `value` (= cur) is complete: hand it to the enclosing containers ----
        while closed:
            if not stack:
                return value, pos
            parent, pkey, pstart = stack.pop()
            cur = parent
            is_map = type(parent) is dict
            if pkey is _KEY_FRAME:
                # Only the outermost key container's text is kept: the maps of
                # keys inside it are thrown away, so slicing (and hashing) their
                # text would only make deeply nested keys quadratic.
                in_key -= 1
                key = s[pstart:pos] if in_key == 0 else None
                pending_key = True
                closed = False
                break
            if is_map:
                cur[pkey] = value
            else:
                cur.append(value)
            if lenient:
                pos = skip_ws(s, pos, end).end()
            if pos < end:
                c = s[pos]
                if c == ",":
                    pos += 1
                    closed = False
                    break
                if c == ("}" if is_map else "]"):
                    pos += 1
                    value = cur
                    continue
            raise _delimiter_error(s, pos, end, is_map)
