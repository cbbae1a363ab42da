"""JSVDecodeError: positions, lines/columns, messages, hierarchy, pickling, depth, bytes input."""

from __future__ import annotations

import copy
import pickle
import re
from typing import Any

import pytest

import jsv

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")


def _error(doc: Any, **kwargs: Any) -> jsv.JSVDecodeError:
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(doc, **kwargs)
    return info.value


# --- hierarchy ------------------------------------------------------------------


def test_hierarchy() -> None:
    assert issubclass(jsv.JSVDecodeError, jsv.JSVError)
    assert issubclass(jsv.JSVError, ValueError)
    assert issubclass(jsv.JSVDecodeError, ValueError)


def test_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Unterminated map: expecting ',' or '}': "):
        jsv.loads("{a:1")
    try:
        jsv.loads('"abc')
    except jsv.JSVError as e:
        assert isinstance(e, jsv.JSVDecodeError)
    else:  # pragma: no cover
        pytest.fail("no error")


# --- exact positions ------------------------------------------------------------

POSITIONS = [
    # unterminated quote: the opening quote
    ('"abc', 0),
    ('"', 0),
    ('"a""', 0),
    ('"""', 0),
    ('{a:"x}', 3),
    ('[a,"b', 3),
    ('["abc]', 1),
    ('{"k:1}', 1),
    ('{a:b,c:"d,e:f}', 7),
    ('[[a,"b]]', 4),
    # missing close: the end of the text
    ("{a:1", 4),
    ("[a,b", 4),
    ("[", 1),
    ("{", 1),
    ("[[a]", 4),
    ("[a,", 3),
    ("{a:{b:c}", 8),
    ('{a:"b"', 6),
    ('["b"', 4),
    ("{a:[b}", 6),
    ("{a:b]", 5),
    ("[{a:b]", 6),
    # text after the top-level value: its first char
    ("{a:1}x", 5),
    ("[a]]", 3),
    ('"a"b', 3),
    ("{a:1} x", 6),
    ("[a] \n x", 6),
    ('"a" \t,', 5),
    ("{a:1}{b:2}", 5),
    ("{}:1}", 2),
    # entry without ':': the ',' or '}'
    ("{Name}", 5),
    ("{a,b:1}", 2),
    ("{a:1,}", 5),
    ("{a:1,b}", 6),
    ("{,}", 1),
    ("{ }", 2),
    ("{a:1,,b:2}", 5),
    # text after a closing quote: that char
    ('{a:"x"y}', 6),
    ('["a"b]', 4),
    ('["a" ]', 4),
    ('{a:"x" }', 6),
    ('{"a"b:1}', 4),
    ('["a",""x]', 7),
    # after a nested map / list: the offending char
    ("{a:{b:c}x}", 8),
    ("[[a]b]", 4),
    ("[{a:b} ,c]", 6),
    ("{a:[b] }", 6),
]


@pytest.mark.parametrize(("doc", "pos"), POSITIONS)
def test_position(doc: str, pos: int) -> None:
    err = _error(doc)
    assert err.pos == pos, (doc, err.pos, err.msg)
    assert err.doc == doc
    assert err.lineno == 1 + doc.count("\n", 0, pos)


@pytest.mark.parametrize(("doc", "pos"), POSITIONS)
def test_position_bytes(doc: str, pos: int) -> None:
    err = _error(doc.encode("utf-8"))
    assert err.pos == pos
    assert err.doc == doc


# Lenient reading ignores blanks at the end of the document, so a missing
# closing bracket is reported right after the last character of content -- where
# the bracket belongs -- rather than after the trailing blanks.
LENIENT_POSITIONS = [
    ('{ a : "x }', 6),
    ('  "abc  ', 2),
    ("[ a , b ", 7),
    ("{ a : b ", 7),
    ("[ a , b \n\t", 7),
    ("{ a }", 4),
    ("{ a , b : c }", 4),
    ("{a:b} x", 6),
    ('[ "a" b ]', 6),
]


@pytest.mark.parametrize(("doc", "pos"), LENIENT_POSITIONS)
def test_position_lenient(doc: str, pos: int) -> None:
    err = _error(doc, lenient=True)
    assert err.pos == pos, (doc, err.pos, err.msg)


# --- lines and columns ------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "pos", "lineno", "colno"),
    [
        ('[a\n,b\n,"c', 7, 3, 2),
        ("{a:1,\nbb}", 8, 2, 3),
        ("{a:1,\r\nb}", 8, 2, 2),
        ('{\n a:"x\n\n', 5, 2, 4),
        ("[a\n,[b\n,c],\n", 12, 4, 1),
        ("[a\n,[b\n,c]\n]", 10, 3, 4),
        (
            "[a,\n[b,\nc]\n]",
            11,
            4,
            1,
        ),  # items after ',\n' are plain: '\n[b', '\nc'; then '\n]' is extra
        ("{a:b}\n\n\n  x", 10, 4, 3),
        ('"a\nb\nc', 0, 1, 1),
        ('["a\n\nb"x]', 7, 3, 3),
    ],
)
def test_lineno_colno(doc: str, pos: int, lineno: int, colno: int) -> None:
    err = _error(doc)
    assert (err.pos, err.lineno, err.colno) == (pos, lineno, colno), (
        doc,
        err.pos,
        err.lineno,
        err.colno,
    )


def test_lineno_colno_lenient_multiline() -> None:
    doc = "{\n\tId: 1,\n\tName: x,\n\tAge\n}"
    err = _error(doc, lenient=True)
    assert err.pos == len(doc) - 1  # the '}' ends the key 'Age' before any ':'
    assert (err.lineno, err.colno) == (5, 1)


# --- messages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc", ['"abc', "{a:1", "{a:1}x", "{Name}", '{a:"x"y}', "[[a]b]", "{a:b\n,c}\n]"]
)
def test_message_format(doc: str) -> None:
    err = _error(doc)
    assert isinstance(err.msg, str) and err.msg
    assert "line" not in err.msg and "(char" not in err.msg
    text = str(err)
    assert text.startswith(err.msg)
    assert text.endswith(f"line {err.lineno} column {err.colno} (char {err.pos})")
    assert re.fullmatch(r".+: line \d+ column \d+ \(char \d+\)", text, re.S)


def test_messages_tell_failures_apart() -> None:
    msgs = {
        "unterminated": _error('"abc').msg,
        "missing close": _error("[a,b").msg,
        "extra data": _error("[a]x").msg,
        "missing colon": _error("{Name}").msg,
    }
    assert len(set(msgs.values())) == len(msgs), msgs


# --- pickling and copying -----------------------------------------------------------


@pytest.mark.parametrize("doc", ['"abc', "{a:1,\nbb}", "[a]x", "{a:1,\r\nb}"])
def test_pickle_roundtrip(doc: str) -> None:
    err = _error(doc)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        clone = pickle.loads(pickle.dumps(err, protocol))
        assert type(clone) is jsv.JSVDecodeError
        assert (clone.msg, clone.doc, clone.pos, clone.lineno, clone.colno) == (
            err.msg,
            err.doc,
            err.pos,
            err.lineno,
            err.colno,
        )
        assert str(clone) == str(err)


def test_copy() -> None:
    err = _error("{a:1")
    for clone in (copy.copy(err), copy.deepcopy(err)):
        assert (clone.msg, clone.doc, clone.pos, str(clone)) == (
            err.msg,
            err.doc,
            err.pos,
            str(err),
        )


def test_constructible_like_json() -> None:
    err = jsv.JSVDecodeError("Boom", "ab\ncd", 4)
    assert (err.msg, err.doc, err.pos, err.lineno, err.colno) == ("Boom", "ab\ncd", 4, 2, 2)
    assert str(err) == "Boom: line 2 column 2 (char 4)"


# --- depth limits -------------------------------------------------------------------


def _depth(value: Any) -> int:
    depth = 0
    while isinstance(value, (list, dict)):
        depth += 1
        if not value:
            break
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
    return depth


def test_default_max_depth_allows_1024() -> None:
    assert _depth(jsv.loads("[" * 1024 + "]" * 1024)) == 1024
    assert _depth(jsv.loads("{a:" * 1024 + "}" * 1024)) == 1024
    assert _depth(jsv.loads("[{a:" * 512 + "}]" * 512)) == 1024


def test_default_max_depth_rejects_1025() -> None:
    for doc, pos in (
        ("[" * 1025 + "]" * 1025, 1024),
        ("{a:" * 1025 + "}" * 1025, 3072),
        ("[{a:" * 512 + "[]" + "}]" * 512, 2048),
    ):
        err = _error(doc)
        assert (err.msg, err.pos) == ("Maximum nesting depth of 1024 exceeded", pos)


@pytest.mark.parametrize("lenient", [False, True])
def test_custom_max_depth(lenient: bool) -> None:
    assert jsv.loads("[[[]]]", max_depth=3, lenient=lenient) == [[[]]]
    assert jsv.loads("{a:{b:{c:d}}}", max_depth=3, lenient=lenient) == {"a": {"b": {"c": "d"}}}
    assert jsv.loads("[{a:[x]}]", max_depth=3, lenient=lenient) == [{"a": ["x"]}]
    _error("[[[[]]]]", max_depth=3, lenient=lenient)
    _error("{a:{b:{c:{d:e}}}}", max_depth=3, lenient=lenient)
    _error("[{a:[{}]}]", max_depth=3, lenient=lenient)
    assert jsv.loads("[]", max_depth=1, lenient=lenient) == []
    assert jsv.loads("[a,b]", max_depth=1, lenient=lenient) == ["a", "b"]
    assert jsv.loads("x", max_depth=1, lenient=lenient) == "x"
    _error("[[]]", max_depth=1, lenient=lenient)
    _error("{a:[]}", max_depth=1, lenient=lenient)


def test_depth_counts_nesting_not_siblings() -> None:
    doc = "[" + ",".join(["[[a]]"] * 2000) + "]"
    assert len(jsv.loads(doc, max_depth=3)) == 2000


def test_huge_depth_is_decode_error_not_recursion_error() -> None:
    for doc in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, "{a:" * 100_000 + "}" * 100_000):
        pos = 1024 if doc[0] == "[" else 3072
        for lenient in (False, True):
            with pytest.raises(jsv.JSVDecodeError) as info:
                jsv.loads(doc, lenient=lenient)
            assert info.value.msg == "Maximum nesting depth of 1024 exceeded"
            assert info.value.pos == pos


def test_huge_depth_allowed_by_max_depth() -> None:
    n = 100_000
    value = jsv.loads("[" * n + "]" * n, max_depth=n)
    assert _depth(value) == n
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads("[" * n, max_depth=n)
    assert info.value.pos == n  # missing close, at the end of the text
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads("[" * (n + 1) + "]" * (n + 1), max_depth=n)
    assert (info.value.msg, info.value.pos) == (f"Maximum nesting depth of {n} exceeded", n)


def test_depth_error_points_into_document() -> None:
    err = _error("[[[[x]]]]", max_depth=2)
    assert 0 <= err.pos < len(err.doc)
    assert err.doc[err.pos] == "["


# --- bytes input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "byte", "offset", "pos"),
    [
        (b"\xff", 0xFF, 0, 0),
        (b"{a:\xc3}", 0xC3, 3, 3),
        (b"[a,\x80]", 0x80, 3, 3),
        (b"\xed\xa0\x80", 0xED, 0, 0),  # an encoded surrogate is not valid UTF-8
        (b"\xc0\xaf", 0xC0, 0, 0),  # overlong
        (b"\xf5\x80\x80\x80", 0xF5, 0, 0),  # beyond U+10FFFF
        (b'"abc\xe2\x82"', 0xE2, 4, 4),  # truncated sequence
        (b"\xef\xbb\xbf\xff", 0xFF, 3, 1),  # BOM, then garbage (pos counts the U+FEFF)
        (bytearray(b"{a:\xfe}"), 0xFE, 3, 3),
    ],
)
def test_invalid_utf8(doc: bytes, byte: int, offset: int, pos: int) -> None:
    for lenient in (False, True):
        with pytest.raises(jsv.JSVDecodeError) as info:
            jsv.loads(doc, lenient=lenient)
        assert info.value.msg == f"Invalid UTF-8 byte 0x{byte:02x} at byte offset {offset}"
        assert info.value.pos == pos


def test_bytes_errors_same_as_str() -> None:
    for doc in ('{a:"x}', "[a,b", "{a:1}x", "{Name}", '{a:"x"y}', "{é:ß,ü}"):
        s, b, ba = _error(doc), _error(doc.encode()), _error(bytearray(doc.encode()))
        assert (
            (s.msg, s.pos, s.lineno, s.colno)
            == (b.msg, b.pos, b.lineno, b.colno)
            == (ba.msg, ba.pos, ba.lineno, ba.colno)
        )


def test_non_ascii_positions_count_characters() -> None:
    doc = '{é:"ü}'
    for d in (doc, doc.encode("utf-8")):
        err = _error(d)
        assert err.pos == 3
        assert err.doc[err.pos] == '"'


@pytest.mark.parametrize("doc", ['{a:"x}', "{a:1", "{Name}", "[a]x"])
def test_bom_errors_point_at_the_same_char(doc: str) -> None:
    plain = _error(doc)
    for d in ("\ufeff" + doc, b"\xef\xbb\xbf" + doc.encode()):
        err = _error(d)
        assert err.msg == plain.msg
        assert err.doc[err.pos :] == plain.doc[plain.pos :]
