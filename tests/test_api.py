"""The public API around the reader and writer: inputs, files, options, engines."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest

import jsv

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = (EXAMPLES / "get_session.jsv").read_text()


def test_acceptance_example_reads_and_writes() -> None:
    text = '{Name:"Me, Junior",Size:"2"" x 1""",Id:urn:x:1,A:,B:""}'
    value = jsv.loads(text)
    assert value == {"Name": "Me, Junior", "Size": '2" x 1"', "Id": "urn:x:1", "A": None, "B": ""}
    del value["A"]
    assert jsv.dumps(value) == '{Name:"Me, Junior",Size:"2"" x 1""",Id:"urn:x:1",B:""}'


def test_seed_response_sample_reads_leniently() -> None:
    value = jsv.loads(SEED, lenient=True)
    assert isinstance(value, dict)
    assert len(value) == 41
    assert len(value["members"][0]) == 10
    assert value["members"][0]["applicationData"] == {"String": "String"}
    assert value["customerBreadcrumb"] == [{"id": "String", "name": "String"}]
    assert value["ended"] == "False"


def test_seed_response_sample_is_not_strict_jsv() -> None:
    # The metadata page pads every token with blanks: strictly, the first key
    # is " dialState" and ": None" leaves the value " None".
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(SEED)
    assert (info.value.msg, info.value.pos) == ("Extra data after the top-level value", 173)


@pytest.mark.parametrize("deep", ["[" * 100000, "[" * 100000 + "]" * 100000, "{a:" * 100000])
def test_deep_nesting_is_a_decode_error_not_recursion(deep: str) -> None:
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(deep)
    assert info.value.msg == "Maximum nesting depth of 1024 exceeded"
    assert info.value.pos == (1024 if deep[0] == "[" else 3072)


def test_max_depth_is_configurable() -> None:
    assert jsv.loads("[[[a]]]", max_depth=3) == [[["a"]]]
    with pytest.raises(jsv.JSVDecodeError, match=r"^Maximum nesting depth of 2 exceeded: "
                       r"line 1 column 3 \(char 2\)$"):
        jsv.loads("[[[a]]]", max_depth=2)
    deep = "[" * 5000 + "]" * 5000
    value = jsv.loads(deep, max_depth=5000)
    for _ in range(4999):
        value = value[0]
    assert value == []


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", None])
def test_max_depth_must_be_a_positive_int(bad: object) -> None:
    with pytest.raises(ValueError, match="max_depth"):
        jsv.loads("[a]", max_depth=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        b"{a:\xc3\xa9}",
        bytearray(b"{a:\xc3\xa9}"),
        memoryview(b"{a:\xc3\xa9}"),
        b"\xef\xbb\xbf{a:\xc3\xa9}",
    ],
)
def test_bytes_are_utf8_and_a_bom_is_skipped(data: bytes) -> None:
    assert jsv.loads(data) == {"a": "é"}


def test_str_bom_is_skipped() -> None:
    assert jsv.loads("\ufeff[a]") == ["a"]
    assert jsv.loads("\ufeff") is None


def test_invalid_utf8_is_a_decode_error_with_position() -> None:
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(b"{a:b,c:\xff}")
    assert info.value.pos == 7
    assert info.value.msg == "Invalid UTF-8 byte 0xff at byte offset 7"


@pytest.mark.parametrize("bad", [1, None, ["{a:b}"], object()])
def test_other_input_types_are_type_errors(bad: object) -> None:
    with pytest.raises(TypeError, match="must be str, bytes or bytearray"):
        jsv.loads(bad)  # type: ignore[arg-type]


def test_load_and_dump_with_files(tmp_path: Path) -> None:
    value = {"Name": "x:y", "Tags": ["a", None, ""], "Nested": {"k": "v"}}
    buf = io.StringIO()
    jsv.dump(value, buf)
    assert buf.getvalue() == '{Name:"x:y",Tags:[a,,""],Nested:{k:v}}'
    assert jsv.load(io.StringIO(buf.getvalue())) == value
    assert jsv.load(io.BytesIO(buf.getvalue().encode())) == value
    path = tmp_path / "value.jsv"
    with open(path, "w", encoding="utf-8") as fp:
        jsv.dump(value, fp)
    with open(path, "rb") as fb:
        assert jsv.load(fb) == value
    assert jsv.load(io.StringIO(" [ a ] "), lenient=True) == ["a"]


def test_infer_reads_numbers_and_booleans_only_when_unquoted() -> None:
    text = (
        '{i:42,n:-7,f:1.5,e:1E+20,b:True,B:false,q:"42",z:007,p:+5,c:"1,000",nan:NaN,big:'
        + "9" * 5000
        + "}"
    )
    value = jsv.loads(text, infer=True)
    assert value["i"] == 42 and type(value["i"]) is int
    assert value["n"] == -7
    assert value["f"] == 1.5 and value["e"] == 1e20
    assert value["b"] is True and value["B"] is False
    assert value["q"] == "42"
    assert value["z"] == "007" and value["p"] == "+5"
    assert value["c"] == "1,000"
    assert value["nan"] != value["nan"]
    # Beyond the interpreter's int-from-text digit limit the value stays exact.
    assert type(value["big"]) is Decimal and value["big"] == Decimal("9" * 5000)
    assert jsv.loads("[1.5,2]", infer=True, use_decimal=True) == [Decimal("1.5"), 2]
    assert jsv.loads("3.25", infer=True, use_decimal=True) == Decimal("3.25")


def test_implementation_names_the_active_engine(engine: str) -> None:
    assert jsv.implementation == engine


def test_compiled_engine_is_built_unless_disabled() -> None:
    from jsv import _engine

    if os.environ.get("JSV_NO_EXTENSIONS"):
        assert _engine.available() == ("python",)
    else:
        assert _engine.available() == ("python", "cython"), "the Cython extension was not built"


def test_errors_are_value_errors() -> None:
    assert issubclass(jsv.JSVError, ValueError)
    assert issubclass(jsv.JSVDecodeError, jsv.JSVError)
    assert issubclass(jsv.JSVValidationError, jsv.JSVError)


def test_dumps_rename_and_default_are_keyword_only() -> None:
    with pytest.raises(TypeError, match=r"takes 1 positional argument but 2 were given"):
        jsv.dumps({}, None)  # type: ignore[call-arg]
    assert jsv.dumps({1, 2}.__class__([1])) == "[1]"
