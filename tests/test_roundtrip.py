"""Hypothesis properties tying jsv.dumps, jsv.loads and jsv.format together."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import jsv
from strategies import same_value

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

ESCAPE_CHARS = '":,{}[]\r\n'
BLANKS = " \t\r\n"

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: For the recursive value strategies, whose generation dominates the run time.
TREES = settings(SETTINGS, max_examples=100)

# --- strategies -----------------------------------------------------------------

lone_surrogates = st.integers(0xD800, 0xDFFF).map(chr)
interesting_chars = st.sampled_from(
    list(ESCAPE_CHARS + BLANKS + "a Z0-\"'\\\x00\x0b\u00a0\u0085\u200b\ufeff\u2028é😀")
)
any_char = st.one_of(interesting_chars, st.characters(), lone_surrogates)

special_strings = st.sampled_from(
    [
        "",
        " ",
        "  ",
        "\t",
        " a",
        "a ",
        " a ",
        "\r\n",
        '"',
        '""',
        '"q"',
        "a,b",
        "x:y",
        "{a:b}",
        "[a]",
        "}",
        "]",
        "null",
        "True",
        "1",
        "-1.5E+20",
        "NaN",
        "\u200b",
        "\ufeff",
        "\ud800",
        "\udfff\ud800",
        ' "a" ',
    ]
)

texts = st.one_of(special_strings, st.text(any_char, max_size=12), st.text(max_size=6))

#: Dict keys JSV can express: any str, and None (written as an empty key).
keys = st.one_of(texts, st.none())


def _not_single_none(items: list[Any]) -> bool:
    return items != [None]


#: Values JSV can express exactly: no None dict values, no list that is exactly [None].
expressible_nonnull = st.recursive(
    texts,
    lambda children: st.one_of(
        st.lists(st.one_of(st.none(), children), max_size=5).filter(_not_single_none),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=15,
)


#: Top level too: JSV writes every such value (a leading U+FEFF included).
expressible = st.one_of(st.none(), expressible_nonnull)

expressible_containers = expressible_nonnull.filter(lambda v: isinstance(v, (list, dict)))

#: Any dict/list/str/None value, including what JSV cannot express.
anything = st.recursive(
    st.one_of(st.none(), texts),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=15,
)


def normalise(value: Any) -> Any:
    """What ``loads(dumps(value))`` gives: None dict values are dropped, [None] becomes []."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        if value == [None]:
            return []
        return [normalise(v) for v in value]
    return value


# --- loads(dumps(x)) ------------------------------------------------------------


def _encodable(value: Any) -> bool:
    """False if a string anywhere in ``value`` holds a lone surrogate (no UTF-8 form)."""
    if isinstance(value, dict):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_encodable(v) for v in value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


@TREES
@given(expressible)
@example("")
@example(None)
@example([None, None])
@example(["a", None])
@example({None: "a", "": ""})
@example({" k ": [" v ", "", None]})
@example([[None, None], {}, []])
@example('"\r\n"')
@example("\ud800,")
@example({"a": "b"})
@example('\ufeff"')
def test_loads_dumps_roundtrip(value: Any) -> None:
    text = jsv.dumps(value)
    assert isinstance(text, str)
    assert same_value(jsv.loads(text), value)
    # the text is canonical: writing what was read gives it back
    assert jsv.dumps(jsv.loads(text)) == text
    # the same as UTF-8 bytes (when there are no lone surrogates), with and without a BOM
    if _encodable(value):
        data = text.encode("utf-8")
        assert same_value(jsv.loads(data), value)
        assert same_value(jsv.loads(bytearray(data)), value)
        assert same_value(jsv.loads(b"\xef\xbb\xbf" + data), value)


@TREES
@given(anything)
@example([None])
@example({"a": None})
@example({"a": [None], "b": {"c": None}})
@example("\ufeffx")
@example("\ufeff")
@example('\ufeff"')
def test_loads_dumps_normalised(value: Any) -> None:
    assert same_value(jsv.loads(jsv.dumps(value)), normalise(value))


# --- loads(format(x), lenient=True) -------------------------------------------------


@TREES
@given(expressible_containers)
@example({})
@example([])
@example({"a": {}, "b": [], "c": [[]], "d": [{}]})
@example({" a": " b", "c ": ["\t", "", None, " "]})
@example([None, None])
@example({None: "x"})
@example({"k": "x\n  y", "q": 'a " b', "e": "}\n]"})
def test_format_reads_back_lenient(value: Any) -> None:
    out = jsv.format(value)
    assert same_value(jsv.loads(out, lenient=True), value)
    # formatting the canonical text gives the same layout as formatting the value
    assert jsv.format(jsv.dumps(value)) == out


# --- loads(dumps(x), infer=True) for scalars -------------------------------------------


@SETTINGS
@given(st.floats())
@example(0.1)
@example(-0.0)
@example(1e15)
@example(1e-4)
@example(9.999999999999999e-05)
@example(999999999999999.9)
@example(5e-324)
@example(1.7976931348623157e308)
def test_float_roundtrip_infer(value: float) -> None:
    text = jsv.dumps(value)
    got = jsv.loads(text, infer=True)
    assert isinstance(got, (int, float)) and not isinstance(got, bool)
    if math.isnan(value):
        assert isinstance(got, float) and math.isnan(got)
        return
    if isinstance(got, int):  # integral values are written without '.0'
        assert value == int(value) and got == int(value)
        # -0.0 is written "-0", which infer reads as the int 0: only that sign is lost
        if value == 0:
            assert text == ("-0" if math.copysign(1.0, value) < 0 else "0")
    else:
        assert type(got) is float and got == value
        assert math.copysign(1.0, got) == math.copysign(1.0, value)


@SETTINGS
@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.0)
@example(-0.0)
@example(1e-4)
@example(1e15)
@example(123.0)
@example(1.5e-5)
def test_float_text_shape(value: float) -> None:
    text = jsv.dumps(value)
    assert Decimal(text) == Decimal(repr(value))  # the shortest round-trip digits
    if value != 0 and not 1e-4 <= abs(value) < 1e15:
        assert re.fullmatch(r"-?[1-9](\.[0-9]*[1-9])?E[+-][0-9]{2,3}", text), text
    else:
        assert re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?", text), text


@SETTINGS
@given(st.integers() | st.integers(-(10**40), 10**40))
def test_int_roundtrip_infer(value: int) -> None:
    text = jsv.dumps(value)
    assert text == str(value)
    got = jsv.loads(text, infer=True)
    assert type(got) is int and got == value
    assert jsv.loads(text) == text


@SETTINGS
@given(st.booleans())
def test_bool_roundtrip_infer(value: bool) -> None:
    assert jsv.loads(jsv.dumps(value), infer=True) is value


@SETTINGS
@given(
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        min_value=Decimal("-1e30"),
        max_value=Decimal("1e30"),
        places=None,
    )
)
@example(Decimal("3.30"))
@example(Decimal("1E+28"))
@example(Decimal("-0.000"))
def test_decimal_roundtrip_infer(value: Decimal) -> None:
    text = jsv.dumps(value)
    assert "E" not in text and "e" not in text
    assert Decimal(text) == value
    got = jsv.loads(text, infer=True, use_decimal=True)
    assert got == value
    assert isinstance(got, (int, Decimal))
    if isinstance(got, Decimal):
        assert got.as_tuple() == Decimal(text).as_tuple()  # the scale is kept


@SETTINGS
@given(
    st.lists(
        st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), texts),
        min_size=1,
        max_size=6,
    )
)
@example(["1", "1.5", "true", "007", "+5", "0x10", "1,000", "NaN", " 1"])
def test_infer_inside_list(values: list[Any]) -> None:
    got = jsv.loads(jsv.dumps(values), infer=True)
    assert len(got) == len(values)
    for g, v in zip(got, values):
        if isinstance(v, bool):
            assert g is v
        elif isinstance(v, (int, float)):
            assert type(g) in (int, float) and g == v
            assert type(g) is type(v) or float(v).is_integer()  # 2.0 is written "2"
        elif jsv.dumps(v).startswith('"') or isinstance(g, str):  # quoted text is never inferred
            assert g == v
        elif isinstance(g, bool):
            assert v.lower() == str(g).lower()
        else:  # an unquoted text that looks like a number
            assert re.fullmatch(
                r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|-?Infinity|NaN", v
            ), v
            assert g == float(v) or (math.isnan(g) and v == "NaN")


# --- loads never fails with anything but JSVDecodeError ---------------------------------

jsv_alphabet = st.sampled_from(list(ESCAPE_CHARS + BLANKS + "ab1-.E\ufeff\u200b"))
jsv_like = st.text(jsv_alphabet, max_size=40)


def _loads_or_decode_error(doc: Any, **kwargs: Any) -> None:
    try:
        result = jsv.loads(doc, **kwargs)
    except jsv.JSVDecodeError as e:
        assert 0 <= e.pos <= len(e.doc)
        return
    assert result is None or isinstance(result, (str, list, dict, int, float, bool, Decimal))
    if not kwargs.get("infer"):
        # What was read is text, lists and maps, which write and read back as themselves
        # (None map values and [None] aside, as loads(dumps(x)) always normalises).
        assert same_value(jsv.loads(jsv.dumps(result)), normalise(result))


@settings(SETTINGS, max_examples=250)
@given(jsv_like, st.booleans(), st.booleans(), st.booleans())
def test_loads_total_on_jsv_like_text(
    doc: str, lenient: bool, infer: bool, use_decimal: bool
) -> None:
    _loads_or_decode_error(doc, lenient=lenient, infer=infer, use_decimal=use_decimal)


@SETTINGS
@given(st.text(st.one_of(st.characters(), lone_surrogates), max_size=30), st.booleans())
def test_loads_total_on_any_text(doc: str, lenient: bool) -> None:
    _loads_or_decode_error(doc, lenient=lenient)


@SETTINGS
@given(st.binary(max_size=30), st.booleans())
def test_loads_total_on_bytes(doc: bytes, lenient: bool) -> None:
    _loads_or_decode_error(doc, lenient=lenient)


@SETTINGS
@given(jsv_like, st.integers(1, 4))
def test_loads_total_with_small_max_depth(doc: str, max_depth: int) -> None:
    _loads_or_decode_error(doc, max_depth=max_depth)


@TREES
@given(expressible, st.integers(0, 200), st.sampled_from(list(ESCAPE_CHARS + BLANKS + "x")))
def test_mutated_documents(value: Any, where: int, char: str) -> None:
    """Documents one edit away from a valid one: must parse or raise JSVDecodeError."""
    text = jsv.dumps(value)
    where = min(where, len(text))
    for doc in (text[:where] + char + text[where:], text[:where] + text[where + 1 :], text[:where]):
        _loads_or_decode_error(doc)
        _loads_or_decode_error(doc, lenient=True)
