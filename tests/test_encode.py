"""jsv.dumps: exactly the text ServiceStack.Text writes (JSV-SPEC.md §1.2, §2, §3, §4).

The ``*_VECTORS`` tables are copied from the reference vectors (jsv-vectors.jsonl,
kinds ``encode`` / ``roundtrip`` for str, float, int, decimal, list and dict shapes).
"""

from __future__ import annotations

import collections
import dataclasses
import math
from decimal import Decimal
from typing import Any, Callable

import pytest

import jsv

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

ESCAPE_CHARS = '":,{}[]\r\n'

# --- acceptance -----------------------------------------------------------------


def test_acceptance_dumps() -> None:
    value = {"Name": "Me, Junior", "Size": '2" x 1"', "Id": "urn:x:1", "B": ""}
    assert jsv.dumps(value) == '{Name:"Me, Junior",Size:"2"" x 1""",Id:"urn:x:1",B:""}'


def test_acceptance_loads() -> None:
    text = '{Name:"Me, Junior",Size:"2"" x 1""",Id:urn:x:1,A:,B:""}'
    assert jsv.loads(text) == {
        "Name": "Me, Junior",
        "Size": '2" x 1"',
        "Id": "urn:x:1",
        "A": None,
        "B": "",
    }


# --- strings --------------------------------------------------------------------

# (jsv text, value, kind) -- kind "roundtrip" is also checked through loads()
STR_VECTORS = [
    ("hello", "hello", "roundtrip"),
    ('"a,b"', "a,b", "roundtrip"),
    ('""', "", "roundtrip"),
    ('"x:y"', "x:y", "roundtrip"),
    ('"a""b"', 'a"b', "roundtrip"),
    ('"""q"""', '"q"', "roundtrip"),
    ('"[x]"', "[x]", "roundtrip"),
    ('"line\nbreak"', "line\nbreak", "roundtrip"),
    ("tab\tx", "tab\tx", "roundtrip"),
    (" lead", " lead", "roundtrip"),
    ('"https://url.com"', "https://url.com", "encode"),
    ("null", "null", "encode"),
    ("'single'", "'single'", "roundtrip"),
    ("\u200b", "\u200b", "encode"),
    (
        '"96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16"',
        "96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16",
        "encode",
    ),
    ("a", "a", "roundtrip"),
    ("EnumValue1", "EnumValue1", "roundtrip"),
    ("99161eec285740318cedeae21f954496", "99161eec285740318cedeae21f954496", "roundtrip"),
    ("AEFh/w==", "AEFh/w==", "roundtrip"),
    ("PT1H", "PT1H", "roundtrip"),
    ("2001-01-13", "2001-01-13", "roundtrip"),
]


@pytest.mark.parametrize(("text", "value", "kind"), STR_VECTORS)
def test_str_vectors(text: str, value: str, kind: str) -> None:
    assert jsv.dumps(value) == text
    if kind == "roundtrip":
        assert jsv.loads(text) == value


@pytest.mark.parametrize("char", list(ESCAPE_CHARS))
def test_each_escape_char_forces_quotes(char: str) -> None:
    inner = char.replace('"', '""')
    assert jsv.dumps(char) == f'"{inner}"'
    assert jsv.dumps(f"a{char}b") == f'"a{inner}b"'
    assert jsv.dumps(f"{char}x") == f'"{inner}x"'
    assert jsv.dumps(f"x{char}") == f'"x{inner}"'


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "  two  ",
        "\t",
        " lead",
        "trail ",
        "'",
        "\\",
        "\\n",
        "%",
        "=",
        "&",
        "!",
        "Zoë 東京 😀",
        "\x00",
        "\x01\x1f\x7f",
        "\x0b\x0c",
        "\u0085\u2028\u2029",
        "\u00a0",
        "x\ufeff",
        "\ud800",
        "a\udfffb",
        "null",
        "True",
        "123",
        "-1.5E+20",
        "NaN",
        "#",
        ";",
        "()",
        "<>",
        "a b c",
        "/Date(978307200000)/",
    ],
)
def test_no_quotes_without_escape_chars(text: str) -> None:
    assert jsv.dumps(text) == text


@pytest.mark.parametrize("text", ["\ufeff", "\ufeffabc", "\ufeff\ufeff"])
def test_top_level_string_starting_with_bom_char_is_quoted(text: str) -> None:
    # A reader drops a U+FEFF that starts the document as a byte order mark, so
    # a bare top-level string would lose it: jsv quotes it (ServiceStack does
    # not).  Elsewhere it is ordinary text and stays bare, as in ServiceStack.
    assert jsv.dumps(text) == f'"{text}"'
    assert jsv.loads(jsv.dumps(text)) == text
    assert jsv.dumps([text, {text: text}]) == f"[{text},{{{text}:{text}}}]"
    assert jsv.loads(jsv.dumps([text, {text: text}])) == [text, {text: text}]


def test_quotes_doubled_inside() -> None:
    assert jsv.dumps('"') == '""""'
    assert jsv.dumps('""') == '""""""'
    assert jsv.dumps('2" x 1"') == '"2"" x 1"""'
    assert jsv.dumps('a"b"c') == '"a""b""c"'
    assert jsv.dumps('"q"') == '"""q"""'


def test_cr_lf_stay_raw_inside_quotes() -> None:
    assert jsv.dumps("a\r\nb") == '"a\r\nb"'
    assert jsv.dumps("\r") == '"\r"'
    assert jsv.dumps("\n") == '"\n"'
    assert jsv.dumps('x\n"y"') == '"x\n""y"""'


def test_all_escape_chars_together() -> None:
    assert jsv.dumps(ESCAPE_CHARS) == '"' + ESCAPE_CHARS.replace('"', '""') + '"'


def test_empty_string() -> None:
    assert jsv.dumps("") == '""'
    assert jsv.dumps([""]) == '[""]'
    assert jsv.dumps({"a": ""}) == '{a:""}'
    assert jsv.dumps({"": ""}) == '{"":""}'


def test_long_string() -> None:
    s = "x" * 100_000
    assert jsv.dumps(s) == s
    assert jsv.dumps(s + ",") == '"' + s + ',"'


# --- None -----------------------------------------------------------------------


def test_none() -> None:
    assert jsv.dumps(None) == ""
    assert jsv.loads("") is None


def test_none_dict_values_omitted() -> None:
    assert jsv.dumps({"a": None}) == "{}"
    assert jsv.dumps({"a": None, "b": "x"}) == "{b:x}"
    assert jsv.dumps({"a": "x", "b": None}) == "{a:x}"
    assert jsv.dumps({"a": "x", "b": None, "c": "y"}) == "{a:x,c:y}"
    assert jsv.dumps({"o": {"a": None}}) == "{o:{}}"
    assert jsv.dumps([{"a": None}]) == "[{}]"
    assert jsv.dumps({None: None}) == "{}"


def test_none_list_items_are_empty_slots() -> None:
    assert jsv.dumps(["a", None]) == "[a,]"
    assert jsv.dumps([None, "a"]) == "[,a]"
    assert jsv.dumps(["a", None, "b"]) == "[a,,b]"
    assert jsv.dumps([None, None]) == "[,]"
    assert jsv.dumps([None, None, None]) == "[,,]"
    assert jsv.dumps([None]) == "[]"
    assert jsv.loads("[]") == []
    assert jsv.dumps([[None], [None, None]]) == "[[],[,]]"
    assert jsv.dumps({"a": [None]}) == "{a:[]}"


def test_none_key_written_empty() -> None:
    assert jsv.dumps({None: "a"}) == "{:a}"
    assert jsv.dumps({None: "a", "b": "c"}) == "{:a,b:c}"
    assert jsv.dumps({"": "a", None: "b"}) == '{"":a,:b}'


# --- booleans and integers --------------------------------------------------------


def test_bools() -> None:
    assert jsv.dumps(True) == "True"
    assert jsv.dumps(False) == "False"
    assert jsv.dumps([True, False]) == "[True,False]"
    assert jsv.dumps({"b": True}) == "{b:True}"


INT_VECTORS = [
    ("123", 123),
    ("18446744073709551615", 18446744073709551615),
    ("0", 0),
    ("-5", -5),
    ("7", 7),
    ("-9223372036854775808", -9223372036854775808),
    ("340282366920938463463374607431768211456", 2**128),
]


@pytest.mark.parametrize(("text", "value"), INT_VECTORS)
def test_int_vectors(text: str, value: int) -> None:
    assert jsv.dumps(value) == text
    assert jsv.loads(text) == text
    got = jsv.loads(text, infer=True)
    assert type(got) is int and got == value


def test_huge_ints_beyond_str_digit_limit() -> None:
    big = 10**5000
    assert jsv.dumps(big) == "1" + "0" * 5000
    assert jsv.dumps(-big) == "-1" + "0" * 5000
    assert jsv.dumps([big, 1]) == "[1" + "0" * 5000 + ",1]"
    assert jsv.dumps({"n": big - 1}) == "{n:" + "9" * 5000 + "}"


def test_int_subclass() -> None:
    class MyInt(int):
        pass

    assert jsv.dumps(MyInt(42)) == "42"


# --- floats ---------------------------------------------------------------------

# (jsv text, value, kind)
FLOAT_VECTORS = [
    ("1.1", 1.1, "roundtrip"),
    ("0.30000000000000004", 0.30000000000000004, "encode"),
    ("1E+20", 1e20, "encode"),
    ("1E+15", 1e15, "encode"),
    ("100000000000000", 1e14, "encode"),
    ("1E-05", 1e-05, "encode"),
    ("2", 2.0, "encode"),
    ("NaN", math.nan, "roundtrip"),
    ("Infinity", math.inf, "roundtrip"),
    ("1.7976931348623157E+308", 1.7976931348623157e308, "roundtrip"),
    ("111111.1", 111111.1, "roundtrip"),
    ("2222222.22", 2222222.22, "roundtrip"),
]


@pytest.mark.parametrize(("text", "value", "kind"), FLOAT_VECTORS)
def test_float_vectors(text: str, value: float, kind: str) -> None:
    assert jsv.dumps(value) == text
    if kind == "roundtrip":
        got = jsv.loads(text, infer=True)
        assert isinstance(got, float)
        assert got == value or (math.isnan(got) and math.isnan(value))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (1.0, "1"),
        (-1.0, "-1"),
        (0.1, "0.1"),
        (-0.1, "-0.1"),
        (1.5, "1.5"),
        (-2.5, "-2.5"),
        (3.14159, "3.14159"),
        (1e-4, "0.0001"),
        (-1e-4, "-0.0001"),
        (0.00012345, "0.00012345"),
        (9.99e-5, "9.99E-05"),
        (1.5e-5, "1.5E-05"),
        (-1.5e-7, "-1.5E-07"),
        (1e-10, "1E-10"),
        (5e-324, "5E-324"),
        (2.2250738585072014e-308, "2.2250738585072014E-308"),
        (1e-100, "1E-100"),
        (123456789012345.6, "123456789012345.6"),
        (999999999999999.9, "999999999999999.9"),
        (999999999999999.0, "999999999999999"),
        (1234567890123456.0, "1.234567890123456E+15"),
        (-1e15, "-1E+15"),
        (1e16, "1E+16"),
        (1.5e16, "1.5E+16"),
        (12345678901234567890.0, "1.2345678901234567E+19"),
        (1e100, "1E+100"),
        (1e308, "1E+308"),
        (-1.7976931348623157e308, "-1.7976931348623157E+308"),
        (-math.inf, "-Infinity"),
        (100.0, "100"),
        (1e5, "100000"),
        (0.5, "0.5"),
        (2.0**53, "9.007199254740992E+15"),
        (2.0**49, "562949953421312"),
    ],
)
def test_float_format(value: float, text: str) -> None:
    assert jsv.dumps(value) == text


def test_float_in_containers() -> None:
    assert jsv.dumps([[1.0, 0.0], [0.0, 1.0]]) == "[[1,0],[0,1]]"
    assert jsv.dumps({"f": 1e20, "g": math.nan}) == "{f:1E+20,g:NaN}"
    assert jsv.dumps([math.inf, -math.inf, -0.0]) == "[Infinity,-Infinity,-0]"


# --- decimals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3.30"), "3.30"),  # vector: keeps its scale
        (Decimal("1E+28"), "10000000000000000000000000000"),  # vector: never exponent form
        (Decimal("3.3"), "3.3"),
        (Decimal("33333333.333"), "33333333.333"),
        (Decimal("0"), "0"),
        (Decimal("0.000"), "0.000"),
        (Decimal("-1.0"), "-1.0"),
        (Decimal("1E+2"), "100"),
        (Decimal("1.5E-7"), "0.00000015"),
        (Decimal("12345678901234567890.123456789"), "12345678901234567890.123456789"),
    ],
)
def test_decimal(value: Decimal, text: str) -> None:
    assert jsv.dumps(value) == text


def test_decimal_roundtrip_vector() -> None:
    got = jsv.loads("3.30", infer=True, use_decimal=True)
    assert isinstance(got, Decimal) and str(got) == "3.30"


# --- lists ----------------------------------------------------------------------

# (jsv text, value, kind)
LIST_VECTORS: list[tuple[str, Any, str]] = [
    ("[One,Two,Three,Four,Five]", ["One", "Two", "Three", "Four", "Five"], "roundtrip"),
    ("[]", [], "roundtrip"),
    ("[[1,0],[0,1]]", [[1, 0], [0, 1]], "encode"),
    ('["""1st","2:nd","3r,d",four%]', ['"1st', "2:nd", "3r,d", "four%"], "roundtrip"),
    ("[hello,]", ["hello", None], "roundtrip"),
    ("[1,]", [1, None], "roundtrip"),
    ('[a,"b,c",,"",d]', ["a", "b,c", None, "", "d"], "roundtrip"),
    ("[1,,3]", [1, None, 3], "roundtrip"),
    ("[[1,2],[],[3]]", [[1, 2], [], [3]], "roundtrip"),
    ("[3,1,2]", [3, 1, 2], "roundtrip"),
    (
        "[{Name:A,Age:1},{},{Name:B,Age:0}]",
        [{"Name": "A", "Age": 1}, {}, {"Name": "B", "Age": 0}],
        "encode",
    ),
]


def _as_text(value: Any) -> Any:
    """The untyped reading of a written value: every scalar becomes its JSV text."""
    if isinstance(value, dict):
        return {_as_text(k): _as_text(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    return jsv.dumps(value)


@pytest.mark.parametrize(("text", "value", "kind"), LIST_VECTORS)
def test_list_vectors(text: str, value: Any, kind: str) -> None:
    assert jsv.dumps(value) == text
    if kind == "roundtrip":
        assert jsv.loads(text) == _as_text(value)


def test_sequence_types() -> None:
    assert jsv.dumps(("a", "b")) == "[a,b]"
    assert jsv.dumps(()) == "[]"
    assert jsv.dumps({"x"}) == "[x]"
    assert jsv.dumps(frozenset(["x"])) == "[x]"
    assert jsv.dumps(set()) == "[]"
    assert jsv.dumps(frozenset()) == "[]"
    assert jsv.dumps({"t": (1, (2, 3))}) == "{t:[1,[2,3]]}"
    assert jsv.dumps([("a,b",), {"c"}]) == '[["a,b"],[c]]'
    s = {"a", "b", "c"}
    assert jsv.dumps(s) == "[" + ",".join(s) + "]"  # enumeration order


def test_nested_containers() -> None:
    assert jsv.dumps([[], {}, [[]], [{}]]) == "[[],{},[[]],[{}]]"
    assert jsv.dumps({"a": {"b": {"c": ["d", {"e": "f"}]}}}) == "{a:{b:{c:[d,{e:f}]}}}"


# --- dicts ----------------------------------------------------------------------

DICT_VECTORS: list[tuple[str, Any, str]] = [
    ("{One:1st,Two:2nd,Three:3rd}", {"One": "1st", "Two": "2nd", "Three": "3rd"}, "roundtrip"),
    (
        '{One:"""1st",Two:"2:nd",Three:"3r,d",Four:four%}',
        {"One": '"1st', "Two": "2:nd", "Three": "3r,d", "Four": "four%"},
        "roundtrip",
    ),
    ("{}", {}, "roundtrip"),
    ('{One:1st,"":"","k,x":"v:y"}', {"One": "1st", "Two": None, "": "", "k,x": "v:y"}, "encode"),
    ("{1:a,2:b}", {1: "a", 2: "b"}, "encode"),
    ("{a:{Name:A,Age:1}}", {"a": {"Name": "A", "Age": 1}}, "roundtrip"),
    ("{Key:k,Value:1}", {"Key": "k", "Value": 1}, "roundtrip"),
    (
        "{Float:1.1,Double:2.2,Decimal:3.3}",
        {"Float": 1.1, "Double": 2.2, "Decimal": Decimal("3.3")},
        "roundtrip",
    ),
    (
        "{Float:111111.1,Double:2222222.22,Decimal:33333333.333}",
        {"Float": 111111.1, "Double": 2222222.22, "Decimal": Decimal("33333333.333")},
        "roundtrip",
    ),
    ('{Name:"Me, Junior"}', {"Name": "Me, Junior"}, "roundtrip"),
    ('{Size:"2"" x 1"""}', {"Size": '2" x 1"'}, "roundtrip"),
    ("{Foo:Bar,Greet:Hello World!}", {"Foo": "Bar", "Greet": "Hello World!"}, "roundtrip"),
    ("{Age:3}", {"Name": None, "Age": 3}, "encode"),
    ('{Name:"",Age:3}', {"Name": "", "Age": 3}, "roundtrip"),
    ("{Name:x,Age:0}", {"Name": "x", "Age": 0}, "encode"),
    ("{Day:SUN}", {"Day": "SUN", "NDay": None}, "roundtrip"),
    ("{Date:2001-01-13}", {"Date": "2001-01-13"}, "roundtrip"),
    ("{Id:1,alias:foo}", {"Id": 1, "alias": "foo"}, "roundtrip"),
    ("{Name:x}", {"Name": "x", "Age": None}, "encode"),
    ('{P:"Read,Write"}', {"P": "Read,Write"}, "roundtrip"),
    (
        '{T:"Probe.Poco, P4",E:"boom, bad",Kv:{Key:k,Value:2}}',
        {"T": "Probe.Poco, P4", "E": "boom, bad", "Kv": {"Key": "k", "Value": 2}},
        "roundtrip",
    ),
    (
        '{Star:{__type:"Probe.Dog, P1",Barks:True,Name:Rex},'
        'All:[{__type:"Probe.Dog, P1",Barks:False,Name:A}]}',
        {
            "Star": {"__type": "Probe.Dog, P1", "Barks": True, "Name": "Rex"},
            "All": [{"__type": "Probe.Dog, P1", "Barks": False, "Name": "A"}],
        },
        "roundtrip",
    ),
]


@pytest.mark.parametrize(("text", "value", "kind"), DICT_VECTORS)
def test_dict_vectors(text: str, value: Any, kind: str) -> None:
    assert jsv.dumps(value) == text
    if kind == "roundtrip":
        assert jsv.loads(text) == _as_text(value)


def test_dict_keys() -> None:
    assert jsv.dumps({"": "x"}) == '{"":x}'
    assert jsv.dumps({"k,x": "v"}) == '{"k,x":v}'
    assert jsv.dumps({"k:x": "v"}) == '{"k:x":v}'
    assert jsv.dumps({'a"b': "c"}) == '{"a""b":c}'
    assert jsv.dumps({"{x}": "y"}) == '{"{x}":y}'
    assert jsv.dumps({"a\nb": "c"}) == '{"a\nb":c}'
    assert jsv.dumps({" a ": " b "}) == "{ a : b }"
    assert (
        jsv.dumps({1: "a", -2: "b", 10**30: "c"}) == "{1:a,-2:b,1000000000000000000000000000000:c}"
    )
    assert jsv.dumps({None: "a"}) == "{:a}"


def test_dict_insertion_order() -> None:
    d = {"z": "1", "a": "2", "m": "3"}
    assert jsv.dumps(d) == "{z:1,a:2,m:3}"
    d2 = {}
    d2["b"] = "1"
    d2["a"] = "2"
    del d2["b"]
    d2["b"] = "3"
    assert jsv.dumps(d2) == "{a:2,b:3}"


def test_dict_subclasses() -> None:
    assert jsv.dumps(collections.OrderedDict([("b", "1"), ("a", "2")])) == "{b:1,a:2}"
    assert jsv.dumps(collections.defaultdict(list, {"a": ["x"]})) == "{a:[x]}"


def test_list_subclass() -> None:
    class MyList(list):  # type: ignore[type-arg]
        pass

    assert jsv.dumps(MyList(["a", "b,c"])) == '[a,"b,c"]'


def test_mixed_document() -> None:
    value = {
        "Id": 1,
        "Name": "Me, Junior",
        "Tags": ["a", "b:c", None, ""],
        "Child": {"Ok": True, "Score": 2.5, "Skip": None},
        "Empty": {},
        "Url": "http://x/y?z=1",
    }
    assert (
        jsv.dumps(value)
        == '{Id:1,Name:"Me, Junior",Tags:[a,"b:c",,""],Child:{Ok:True,Score:2.5},Empty:{},Url:"http://x/y?z=1"}'
    )


# --- depth, cycles, unsupported objects -------------------------------------------


def test_deep_list_no_recursion_error() -> None:
    depth = 100_000
    value: Any = []
    for _ in range(depth):
        value = [value]
    assert jsv.dumps(value) == "[" * (depth + 1) + "]" * (depth + 1)


def test_deep_dict_no_recursion_error() -> None:
    depth = 100_000
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    assert jsv.dumps(value) == "{a:" * depth + "x" + "}" * depth


def test_circular_list() -> None:
    a: list[Any] = []
    a.append(a)
    with pytest.raises(ValueError, match=r"^Circular reference detected$"):
        jsv.dumps(a)


def test_circular_dict() -> None:
    d: dict[str, Any] = {}
    d["self"] = {"inner": [d]}
    with pytest.raises(ValueError):
        jsv.dumps(d)


def test_shared_reference_is_not_circular() -> None:
    x = ["1"]
    assert jsv.dumps([x, x, {"a": x, "b": x}]) == "[[1],[1],{a:[1],b:[1]}]"


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y


def test_unsupported_type_error_names_type() -> None:
    with pytest.raises(TypeError, match="Point"):
        jsv.dumps(Point(1, 2))
    with pytest.raises(TypeError, match="Point"):
        jsv.dumps({"p": [Point(1, 2)]})
    with pytest.raises(TypeError, match="object"):
        jsv.dumps(object())
    with pytest.raises(TypeError, match="complex"):
        jsv.dumps(1j)


def test_default_converts() -> None:
    def default(o: Any) -> Any:
        if isinstance(o, Point):
            return {"X": o.x, "Y": o.y}
        raise TypeError(f"no {type(o).__name__}")

    assert jsv.dumps(Point(1, 2), default=default) == "{X:1,Y:2}"
    assert jsv.dumps({"p": [Point(1, 2), "a,b"]}, default=default) == '{p:[{X:1,Y:2},"a,b"]}'
    assert jsv.dumps(["x"], default=default) == "[x]"
    with pytest.raises(TypeError, match="no complex"):
        jsv.dumps([1j], default=default)


def test_default_result_is_encoded_normally() -> None:
    assert jsv.dumps(Point(1, 2), default=lambda o: "a,b") == '"a,b"'
    assert jsv.dumps({"p": Point(1, 2)}, default=lambda o: [o.x, 2.5]) == "{p:[1,2.5]}"


def test_default_not_called_for_supported_types() -> None:
    calls: list[Any] = []

    def default(o: Any) -> Any:
        calls.append(o)
        return "?"

    assert (
        jsv.dumps({"a": [1, 2.5, True, None, "s", Decimal("1.0"), ("t",)]}, default=default)
        == "{a:[1,2.5,True,,s,1.0,[t]]}"
    )
    assert calls == []


# --- default= that never ends: a ValueError, as json.dumps gives ------------------


class Opaque:
    """An object only ``default=`` can write."""


@dataclasses.dataclass
class Wrapper:
    x: Any


class Bounded:
    """A ``default=`` that fails the test, instead of hanging it, past ``limit`` calls."""

    def __init__(self, convert: Callable[[Any], Any], limit: int = 5000) -> None:
        self.convert, self.limit, self.calls = convert, limit, 0

    def __call__(self, o: Any) -> Any:
        self.calls += 1
        if self.calls > self.limit:
            raise AssertionError(f"default= called {self.calls} times: the writer does not stop")
        return self.convert(o)


@pytest.mark.parametrize(
    "wrap",
    [
        lambda o: {"x": o},
        lambda o: [o],
        lambda o: (1, o),
        lambda o: collections.OrderedDict(x=[o]),
        lambda o: Wrapper(o),
        lambda o: {o},
        lambda o: o,
    ],
    ids=["dict", "list", "tuple", "mapping", "dataclass", "set", "itself"],
)
def test_default_leading_back_to_its_object_is_circular(wrap: Callable[[Any], Any]) -> None:
    """``json.dumps([U()], default=lambda o: {'x': o})``: "Circular reference detected"."""
    default = Bounded(wrap)
    with pytest.raises(ValueError, match=r"^Circular reference detected$"):
        jsv.dumps([Opaque()], default=default)
    assert default.calls == 1


@pytest.mark.parametrize(
    "fresh",
    [lambda o: Opaque(), lambda o: {"x": Opaque()}, lambda o: [1, [Opaque()]]],
    ids=["object", "dict", "list"],
)
def test_default_making_new_objects_without_end_stops(fresh: Callable[[Any], Any]) -> None:
    """Each result needs ``default`` again: 1024 conversions in one another, then a ValueError."""
    default = Bounded(fresh)
    with pytest.raises(
        ValueError,
        match=r"^default= conversions nest more than 1024 deep: does default return a new "
        r"object that needs default again\?$",
    ):
        jsv.dumps({"a": Opaque()}, default=default)
    assert default.calls == 1024


class Node:
    def __init__(self, child: Any) -> None:
        self.child = child


def _chain(n: int) -> Any:
    node: Any = "end"
    for _ in range(n):
        node = Node(node)
    return node


def test_default_nesting_limit_is_exact() -> None:
    """1024 conversions nested in one another are written; the 1025th is refused."""
    default = Bounded(lambda o: [o.child])
    assert jsv.dumps(_chain(1024), default=default) == "[" * 1024 + "end" + "]" * 1024
    with pytest.raises(ValueError, match="nest more than 1024 deep"):
        jsv.dumps(_chain(1025), default=Bounded(lambda o: [o.child]))


def test_default_objects_are_unmarked_once_written() -> None:
    """The same object converted again beside itself (not inside) is not circular."""
    u = Opaque()
    calls: list[Any] = []

    def default(o: Any) -> Any:
        calls.append(o)
        return {"k": [1]} if len(calls) % 2 else "s"

    assert jsv.dumps([u, u, {"a": u, "b": [u]}], default=default) == "[{k:[1]},s,{a:{k:[1]},b:[s]}]"
    assert calls == [u, u, u, u]
    # A chain of replacements written as a scalar is released too.
    many = [Opaque() for _ in range(3000)]
    assert jsv.dumps(many, default=lambda o: 7) == "[" + ",".join(["7"] * 3000) + "]"
