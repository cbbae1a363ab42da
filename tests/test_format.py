"""jsv.format: ServiceStack JsvFormatter's layout, minus its string-mangling bugs (JSV-SPEC §7)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jsv

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

# --- ServiceStack vectors that are not its documented bugs: byte-exact ------------------

FLAT = "{\n\tId: 1,\n\tName: Name\n}"
NESTED_TEXT = '{Child:{Name:c,Age:1},Kids:[{Name:k1,Age:0}],Grid:[],Tags:[a,"b,c"]}'
NESTED = (
    "{\n\tChild: \n\t{\n\t\tName: c,\n\t\tAge: 1\n\t},"
    "\n\tKids: \n\t[\n\t\t{\n\t\t\tName: k1,\n\t\t\tAge: 0\n\t\t}\n\t],"
    '\n\tGrid: [],\n\tTags: \n\t[\n\t\ta,\n\t\t"b,c"\n\t]\n}'
)


def test_flat_vector_from_value() -> None:
    assert jsv.format({"Id": 1, "Name": "Name"}) == FLAT


def test_flat_vector_from_text() -> None:
    assert jsv.format("{Id:1,Name:Name}") == FLAT


def test_nested_vector_from_text() -> None:
    assert jsv.format(NESTED_TEXT) == NESTED


def test_nested_vector_from_value() -> None:
    value = {
        "Child": {"Name": "c", "Age": 1},
        "Kids": [{"Name": "k1", "Age": 0}],
        "Grid": [],
        "Tags": ["a", "b,c"],
    }
    assert jsv.format(value) == NESTED


def test_empty_map_top_level_vector() -> None:
    assert jsv.format({}) == "{\n\t\n}"
    assert jsv.format("{}") == "{\n\t\n}"


def test_empty_list_top_level() -> None:
    assert jsv.format([]) == "[\n\t\n]"
    assert jsv.format("[]") == "[\n\t\n]"


def test_top_level_list() -> None:
    assert jsv.format("[1,2]") == "[\n\t1,\n\t2\n]"
    assert jsv.format(["1", 2]) == "[\n\t1,\n\t2\n]"


# --- where ServiceStack corrupts strings, jsv keeps them --------------------------------


def test_braces_inside_quoted_string_untouched() -> None:
    # ServiceStack: '{\n\tA: "x:\n\t{\n\t\ty\n\t}",\n\tB: []\n}'
    assert jsv.format('{A:"x:{y}",B:[]}') == '{\n\tA: "x:{y}",\n\tB: []\n}'
    assert jsv.format({"A": "x:{y}", "B": []}) == '{\n\tA: "x:{y}",\n\tB: []\n}'


def test_colon_inside_quoted_list_item_untouched() -> None:
    # ServiceStack: '[\n\t"x: y",\n\t{\n\t\tA: 1\n\t}\n]'
    assert jsv.format('["x:y",{A:1}]') == '[\n\t"x:y",\n\t{\n\t\tA: 1\n\t}\n]'


def test_commas_and_newlines_inside_quotes_untouched() -> None:
    assert (
        jsv.format({"A": "a,b", "B": "x\ny", "C": "[1,2]"})
        == '{\n\tA: "a,b",\n\tB: "x\ny",\n\tC: "[1,2]"\n}'
    )


# --- layout rules ---------------------------------------------------------------


def test_three_levels() -> None:
    assert (
        jsv.format({"a": {"b": {"c": "d"}}})
        == "{\n\ta: \n\t{\n\t\tb: \n\t\t{\n\t\t\tc: d\n\t\t}\n\t}\n}"
    )


def test_list_of_lists() -> None:
    assert jsv.format([["a", "b"], ["c"]]) == "[\n\t[\n\t\ta,\n\t\tb\n\t],\n\t[\n\t\tc\n\t]\n]"


def test_list_of_maps() -> None:
    assert jsv.format([{"A": "1"}, {"B": "2"}]) == "[\n\t{\n\t\tA: 1\n\t},\n\t{\n\t\tB: 2\n\t}\n]"


def test_nested_empty_containers_inline() -> None:
    assert jsv.format({"A": {}, "B": []}) == "{\n\tA: {},\n\tB: []\n}"
    assert jsv.format([[], {}]) == "[\n\t[],\n\t{}\n]"
    assert jsv.format({"A": [[]]}) == "{\n\tA: \n\t[\n\t\t[]\n\t]\n}"


def test_scalars() -> None:
    value = {"Id": 1, "F": 1.5, "E": 1e20, "B": True, "D": Decimal("3.30"), "N": None}
    assert jsv.format(value) == "{\n\tId: 1,\n\tF: 1.5,\n\tE: 1E+20,\n\tB: True,\n\tD: 3.30\n}"


def test_tuples_and_sets_are_lists() -> None:
    assert jsv.format({"T": ("a", "b")}) == "{\n\tT: \n\t[\n\t\ta,\n\t\tb\n\t]\n}"
    assert jsv.format({"S": frozenset(["x"])}) == "{\n\tS: \n\t[\n\t\tx\n\t]\n}"


def test_quoting_follows_writer() -> None:
    assert (
        jsv.format({"Url": "http://x/y", "Q": 'a"b', "E": ""})
        == '{\n\tUrl: "http://x/y",\n\tQ: "a""b",\n\tE: ""\n}'
    )
    assert jsv.format({"k,x": "v"}) == '{\n\t"k,x": v\n}'


def test_strings_lenient_reading_would_trim_are_quoted() -> None:
    assert jsv.format({"A": " x"}) == '{\n\tA: " x"\n}'
    assert jsv.format({"A": "x "}) == '{\n\tA: "x "\n}'
    assert jsv.format({"A": "\tx"}) == '{\n\tA: "\tx"\n}'
    assert jsv.format({"A": " "}) == '{\n\tA: " "\n}'
    assert jsv.format([" a", "b "]) == '[\n\t" a",\n\t"b "\n]'
    assert jsv.format({" k": "v"}) == '{\n\t" k": v\n}'
    assert jsv.format({"A": "a b"}) == "{\n\tA: a b\n}"  # inner blanks are kept by lenient reading


def test_text_input_strict_by_default() -> None:
    # strict parsing keeps the blanks, so they get quoted
    assert jsv.format("{ a : b }") == '{\n\t" a ": " b "\n}'
    assert jsv.format("{ a : b }", lenient=True) == "{\n\ta: b\n}"
    assert jsv.format("  [ x , y ]  ", lenient=True) == "[\n\tx,\n\ty\n]"


@pytest.mark.parametrize(
    ("text", "msg", "pos"),
    [
        ("{a:1", "Unterminated map: expecting ',' or '}'", 4),
        ("[a]x", "Extra data after the top-level value", 3),
        ('"abc', "Unterminated quoted string", 0),
        ("{Name}", "Expecting ':' after the key", 5),
    ],
)
def test_text_input_errors(text: str, msg: str, pos: int) -> None:
    for lenient in (False, True):
        with pytest.raises(jsv.JSVDecodeError) as info:
            jsv.format(text, lenient=lenient)
        assert (info.value.msg, info.value.pos) == (msg, pos)


def test_format_is_idempotent_on_its_own_output() -> None:
    out = jsv.format(NESTED_TEXT)
    assert jsv.format(out, lenient=True) == out


# --- the read-back property ----------------------------------------------------------

VECTORS_READ_BACK = [
    {"Id": "1", "Name": "Name"},
    {
        "Child": {"Name": "c", "Age": "1"},
        "Kids": [{"Name": "k1", "Age": "0"}],
        "Grid": [],
        "Tags": ["a", "b,c"],
    },
    {"A": "x:{y}", "B": []},
    ["x:y", {"A": "1"}],
    {},
    [],
    [None, "a", None],
    {"": "", None: "n", " ": [" ", ""]},
    {"A": '" quoted "', "B": "}\n]", "C": "\r\n"},
    [[[[]]], {"a": {"b": {}}}],
]


@pytest.mark.parametrize("value", VECTORS_READ_BACK)
def test_read_back_examples(value: Any) -> None:
    assert jsv.loads(jsv.format(value), lenient=True) == value


_text = st.one_of(
    st.sampled_from(
        ["", " ", " a", "a ", "\t", "\r\n", '"', "a,b", "x:y", "{}", "[]", "a b", "\u00a0"]
    ),
    st.text(st.sampled_from(list('":,{}[]\r\n \tab')), max_size=6),
    st.text(max_size=5),
)
_values = st.recursive(
    _text,
    lambda ch: st.one_of(
        st.lists(st.one_of(st.none(), ch), max_size=4).filter(lambda v: v != [None]),
        st.dictionaries(st.one_of(_text, st.none()), ch, max_size=4),
    ),
    max_leaves=20,
).filter(lambda v: isinstance(v, (list, dict)))


@settings(max_examples=80, deadline=None)
@given(_values)
def test_read_back_property(value: Any) -> None:
    out = jsv.format(value)
    assert jsv.loads(out, lenient=True) == value
    assert "\n" in out and out[0] in "{[" and out[-1] in "}]"
