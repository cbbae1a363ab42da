"""Typed reading of lists and maps written without their brackets.

Each expected value is a literal derived from ServiceStack.Text's typed readers
(``DeserializeListWithElements.StripList``/``ParseGenericList``,
``DeserializeDictionary.ParseDictionary``): what ServiceStack gives for that
text, or, where jsv is stricter, the error jsv documents.  Every test runs on
both engines (the ``engine`` fixture), so equal literals mean equal engines.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jsv
from jsv import JSVDecodeError, JSVValidationError


@dataclass
class Line:
    sku: str
    qty: int = 1


@dataclass
class Order:
    lines: List[Line] = field(default_factory=list)
    tags: List[str] = field(default_factory=list)
    limits: Dict[str, int] = field(default_factory=dict)
    grid: List[List[int]] = field(default_factory=list)


# -- lists: the examples and ServiceStack's rules, at the top level ----------------

LISTS = [
    # text, type, value
    ("red,green,blue", List[str], ["red", "green", "blue"]),
    ("4,5,6", List[int], [4, 5, 6]),
    ("4,5,6", Set[int], {4, 5, 6}),
    ("4,5,4", FrozenSet[int], frozenset({4, 5})),
    ("4,5", Tuple[int, int], (4, 5)),
    ("4,5,6", Tuple[int, ...], (4, 5, 6)),
    # a single item is a one-item list
    ("red", List[str], ["red"]),
    ("7", List[int], [7]),
    # quotes protect commas and are removed, as in bracketed lists: ?Tags=x,"y, z"
    ('x,"y, z"', List[str], ["x", "y, z"]),
    ('"a,b"', List[str], ["a,b"]),
    ('"say ""hi"""', List[str], ['say "hi"']),
    ('""', List[str], [""]),
    # empty items are empty values; a trailing comma adds one
    ("a,,b", List[Optional[str]], ["a", None, "b"]),
    ("a,", List[Optional[str]], ["a", None]),
    (",", List[Optional[str]], [None, None]),
    # the whole text is trimmed of .NET whitespace; items keep theirs
    ("  a , b \t", List[str], ["a ", " b"]),
    ("\u3000a\xa0", List[str], ["a"]),
    # bracketed text is an ordinary list, also after outer whitespace
    ("[a,b]", List[str], ["a", "b"]),
    (" [a,b] ", List[str], ["a", "b"]),
    ("[]", List[str], []),
    # nested lists and maps are items
    ("4,[1,2],[3]", List[List[int]], [[4], [1, 2], [3]]),
    ("{A:1},{A:2}", List[Dict[str, int]], [{"A": 1}, {"A": 2}]),
    # a single map for a list of objects: ?Lines={Sku:a1,Qty:2}
    ("{Sku:a1,Qty:2}", List[Line], [Line("a1", 2)]),
    ("{Sku:a1},{Sku:b2,Qty:3}", List[Line], [Line("a1"), Line("b2", 3)]),
    # a run of maps: a final comma adds no item (ServiceStack's map branch)
    ("{Sku:a1},", List[Line], [Line("a1")]),
    ("{Sku:a1},,", List[Optional[Line]], [Line("a1"), None]),
    # empty text is no list: None
    ("", Optional[List[str]], None),
]


@pytest.mark.parametrize("text,tp,expected", LISTS)
def test_bracketless_list(engine: str, text: str, tp: Any, expected: Any) -> None:
    value = jsv.loads(text, type=tp)
    assert value == expected and type(value) is type(expected)


def test_bracketless_list_through_decoder_and_bytes(engine: str) -> None:
    assert jsv.Decoder(List[int]).decode("1,2") == [1, 2]
    assert jsv.loads(b"\xef\xbb\xbfa,\xc3\xa9", type=List[str]) == ["a", "\xe9"]


def test_bracketless_list_lenient(engine: str) -> None:
    assert jsv.loads(" a , b ", type=List[str], lenient=True) == ["a", "b"]
    assert jsv.loads("{ Sku: a1 }, { Sku: b2 }", type=List[Line], lenient=True) == [
        Line("a1"),
        Line("b2"),
    ]


def test_untyped_reading_is_unchanged(engine: str) -> None:
    assert jsv.loads("a,b") == "a,b"
    assert jsv.loads("Host:db1,Port:5432") == "Host:db1,Port:5432"
    assert jsv.loads("a,b", type=str) == "a,b"
    assert jsv.loads("a,b", type=Any) == "a,b"


LIST_ERRORS = [
    # text, type, message, position (in the text as given)
    ("a,\"b", List[str], "Unterminated quoted string", 2),
    ('"a"b,c', List[str], "Expecting ',' or ']' after a list item", 3),
    ("a,[b", List[str], "Unterminated list: expecting ',' or ']'", 4),
    ("  a,\"b ", List[str], "Unterminated quoted string", 4),
    ("[a,b", List[str], "Unterminated list: expecting ',' or ']'", 4),
    # text that starts with '[' is one bracketed list (ServiceStack strips the
    # first and last character and misreads the rest)
    ("[1,2],[3]", List[List[int]], "Extra data after the top-level value", 5),
    # whitespace only: ServiceStack fails too (IndexOutOfRangeException)
    ("   ", List[str], "Expected a list, got only whitespace", 0),
]


@pytest.mark.parametrize("text,tp,msg,pos", LIST_ERRORS)
def test_bracketless_list_errors(engine: str, text: str, tp: Any, msg: str, pos: int) -> None:
    with pytest.raises(JSVDecodeError) as info:
        jsv.loads(text, type=tp)
    assert (info.value.msg, info.value.pos, info.value.doc) == (msg, pos, text)


def test_bracketless_list_item_errors_have_paths(engine: str) -> None:
    with pytest.raises(JSVValidationError) as info:
        jsv.loads("1,x,3", type=List[int])
    assert (info.value.msg, info.value.path) == ("Expected `int`, got `x`", "$[1]")
    with pytest.raises(JSVValidationError) as info:
        jsv.loads("{Sku:a1},{Qty:2}", type=List[Line])
    assert (info.value.msg, info.value.path) == ("Object missing required field `sku`", "$[1]")
    with pytest.raises(JSVValidationError) as info:
        jsv.loads("", type=List[str])
    assert (info.value.msg, info.value.path) == ("Expected `array`, got `null`", "$")


# -- maps ---------------------------------------------------------------------------------

MAPS = [
    ("Host:db1,Port:5432", Dict[str, str], {"Host": "db1", "Port": "5432"}),
    ("Read:5,Write:2", Dict[str, int], {"Read": 5, "Write": 2}),
    ("1:one,2:two", Dict[int, str], {1: "one", 2: "two"}),
    ("Url:http://x/y,Id:urn:a:1", Dict[str, str], {"Url": "http://x/y", "Id": "urn:a:1"}),
    ('Name:"Doe, John"', Dict[str, str], {"Name": "Doe, John"}),
    ("A:[1,2],B:3", Dict[str, List[int]], {"A": [1, 2], "B": [3]}),
    ("A:{B:1}", Dict[str, Dict[str, int]], {"A": {"B": 1}}),
    # nothing is trimmed: keys and values keep their blanks
    (" a : 1", Dict[str, str], {" a ": " 1"}),
    # whitespace only is an empty map; braces are an ordinary map
    ("  ", Dict[str, str], {}),
    ("{A:1}", Dict[str, int], {"A": 1}),
    ("{}", Dict[str, int], {}),
    ("A:", Dict[str, Optional[str]], {"A": None}),
    ("", Optional[Dict[str, str]], None),
]


@pytest.mark.parametrize("text,tp,expected", MAPS)
def test_bracketless_map(engine: str, text: str, tp: Any, expected: Any) -> None:
    assert jsv.loads(text, type=tp) == expected


MAP_ERRORS = [
    ("a:1,b", Dict[str, str], "Expecting ':' after the key", 5),
    ("a:1,", Dict[str, str], "Expecting a key after ','", 4),
    ('a:"x', Dict[str, str], "Unterminated quoted string", 2),
    ("{a:1}x", Dict[str, str], "Extra data after the top-level value", 5),
]


@pytest.mark.parametrize("text,tp,msg,pos", MAP_ERRORS)
def test_bracketless_map_errors(engine: str, text: str, tp: Any, msg: str, pos: int) -> None:
    with pytest.raises(JSVDecodeError) as info:
        jsv.loads(text, type=tp)
    assert (info.value.msg, info.value.pos, info.value.doc) == (msg, pos, text)


# -- nested values: one item without brackets, map entries without braces -------------------


def test_nested_single_item_is_a_one_item_list(engine: str) -> None:
    order = jsv.loads("{Lines:{Sku:a1,Qty:2},Tags:red,Grid:[1,[2]]}", type=Order)
    assert order.lines == [Line("a1", 2)]
    assert order.tags == ["red"]
    assert order.grid == [[1], [2]]


def test_nested_quoted_text_is_one_item(engine: str) -> None:
    # ServiceStack keeps a quoted item whole: "a,b" is one tag, not two.
    assert jsv.loads('{Tags:"a,b"}', type=Order).tags == ["a,b"]
    assert jsv.loads('{Tags:""}', type=Order).tags == [""]


def test_nested_text_keeps_its_blanks(engine: str) -> None:
    # Documented difference: once read, plain and quoted text look alike, and a
    # quoted item keeps its blanks in ServiceStack, so jsv keeps them for both.
    assert jsv.loads("{Tags: a}", type=Order).tags == [" a"]
    assert jsv.loads('{Tags:" a"}', type=Order).tags == [" a"]


def test_nested_map_text_without_braces(engine: str) -> None:
    assert jsv.loads("{Limits:Read:5}", type=Order).limits == {"Read": 5}
    assert jsv.loads("{A:[x],B:y}", type=Dict[str, List[str]]) == {"A": ["x"], "B": ["y"]}


def test_nested_errors_name_the_path(engine: str) -> None:
    with pytest.raises(JSVValidationError) as info:
        jsv.loads("{Lines:{Sku:a1,Qty:x}}", type=Order)
    assert (info.value.msg, info.value.path) == ("Expected `int`, got `x`", "$.Lines[0].Qty")
    with pytest.raises(JSVValidationError) as info:
        jsv.loads('{Limits:"Read:5,x"}', type=Order)
    assert info.value.path == "$.Limits"
    assert info.value.msg.startswith("Invalid map `Read:5,x`: Expecting ':' after the key")
    with pytest.raises(JSVValidationError) as info:
        jsv.loads('{Limits:""}', type=Order)
    assert (info.value.msg, info.value.path) == ("Expected `object`, got ``", "$.Limits")


def test_convert_takes_text_for_collections(engine: str) -> None:
    # jsv.convert gets values already read: text is one item, map text is entries.
    assert jsv.convert("a,b", List[str]) == ["a,b"]
    assert jsv.convert({"A": 1}, List[Dict[str, int]]) == [{"A": 1}]
    assert jsv.convert("A:1", Dict[str, int]) == {"A": 1}
    assert jsv.convert("5", Tuple[int]) == (5,)
    with pytest.raises(JSVValidationError) as info:
        jsv.convert(5, List[int])
    assert info.value.msg == "Expected `array`, got `int`"


JUNK = st.text(alphabet=st.sampled_from(list('ab1 ,:"{}[]\t\n\u3000')), max_size=30)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    JUNK, st.sampled_from([List[str], List[Line], Dict[str, List[int]], Optional[Set[int]], Order])
)
def test_any_text_reads_or_raises_a_jsv_error(engine: str, text: str, tp: Any) -> None:
    for lenient in (False, True):
        with contextlib.suppress(JSVDecodeError, JSVValidationError):
            jsv.loads(text, type=tp, lenient=lenient)
