"""Hostile input: huge, deep, degenerate and malformed documents, on each engine.

Every case ends with a value or a clean :class:`jsv.JSVDecodeError` (typed:
:class:`jsv.JSVValidationError` with a path) -- never another exception, a crash
or a hang -- and, where the input has a size, its time is *linear*: the same
test times size ``n`` and ``k*n`` and asserts the ratio stays below a generous
bound.  That is a complexity check, not a speed assertion: a quadratic scan
gives ``k**2`` (16 or 100), a linear one about ``k``.  Small timings are floored
(``FLOOR``) so timer noise on fast engines cannot fail a test.
"""

from __future__ import annotations

import builtins
import dataclasses
import enum
import gc
import importlib
import importlib.abc
import re
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import jsv
from helpers import load_example
from strategies import subscript

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

# --- timing -----------------------------------------------------------------

#: Timings below this are treated as this (seconds): below it, allocator and
#: scheduler noise dominate (a quadratic case at these sizes takes seconds).
FLOOR = 0.01


def _timed(fn: Callable[[], Any]) -> Tuple[float, Any]:
    # CPU time of this process: other processes on a busy machine do not add to it.
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def assert_linear(
    run: Callable[[Any], Any],
    make: Callable[[int], Any],
    n: int,
    factor: int = 4,
    bound: Optional[float] = None,
    retries: int = 2,
    small_runs: int = 1,
) -> Any:
    """Asserts ``run(make(factor*n))`` takes less than ``bound`` times ``run(make(n))``
    and returns the result of ``run(make(factor*n))`` for the caller to check.

    The default bound is ``3 * factor`` (12 for 4x, 30 for 10x): linear code
    stays near ``factor``, quadratic code lands at ``factor**2``.  The collector
    is paused while timing (its full collections are the interpreter's cost, not
    jsv's), and a failing measurement is retried ``retries`` times (a busy machine).
    """
    bound = bound if bound is not None else 3.0 * factor
    small, large = make(n), make(n * factor)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # One measurement each: noise only ever adds time, and a slow small run
        # makes the check more lenient, never stricter; failures are re-measured.
        t_small = min(_timed(lambda: run(small))[0] for _ in range(small_runs))
        t_large, result = _timed(lambda: run(large))
        for _ in range(retries):
            if t_large <= bound * max(t_small, FLOOR):
                break
            gc.collect()
            t_small = min(t_small, *(_timed(lambda: run(small))[0] for _ in range(2)))
            t_large = min(t_large, _timed(lambda: run(large))[0])
    finally:
        if was_enabled:
            gc.enable()
    assert t_large <= bound * max(t_small, FLOOR), (
        f"not linear: size {n} took {t_small:.4f}s, size {n * factor} took {t_large:.4f}s "
        f"(ratio {t_large / max(t_small, FLOOR):.1f} > {bound})"
    )
    return result


def outcome(fn: Callable[[], Any]) -> Any:
    """The value, or the JSVDecodeError (anything else escapes and fails the test)."""
    try:
        return fn()
    except jsv.JSVDecodeError as exc:
        assert 0 <= exc.pos <= len(exc.doc)
        return exc


def decode_error(value: Any) -> Tuple[str, int]:
    assert isinstance(value, jsv.JSVDecodeError), f"expected a JSVDecodeError, got {value!r:.80}"
    return value.msg, value.pos


def depth_of(value: Any) -> int:
    """How deeply lists and maps nest (iterative: the values are 100000 deep)."""
    best, todo = 0, [(value, 0)]
    while todo:
        v, d = todo.pop()  # d: the number of containers around v
        if isinstance(v, (dict, list)):
            children = list(v.values()) if isinstance(v, dict) else v
            if not children:
                best = max(best, d + 1)
            todo.extend((x, d + 1) for x in children)
        else:
            best = max(best, d)
    return best


M = 1_000_000
MB10 = 10 * M

# =============================================================================
# nesting
# =============================================================================

DEEP = 100_000


@pytest.mark.parametrize(
    ("doc", "pos"),
    [
        ("[" * DEEP + "]" * DEEP, 1024),
        ("{a:" * DEEP + "x" + "}" * DEEP, 3 * 1024),
        ("{a:[" * (DEEP // 2) + "x" + "]}" * (DEEP // 2), 2 * 1024),
        ("{" * DEEP, 1024),
        ("{" + "[" * DEEP + "]" * DEEP + ":x}", 1024),  # a deep container as a key
    ],
)
def test_deep_nesting_stops_at_max_depth(doc: str, pos: int) -> None:
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(doc)
    assert (info.value.msg, info.value.pos) == ("Maximum nesting depth of 1024 exceeded", pos)


@pytest.mark.parametrize(
    ("shape", "make"),
    [
        ("lists", lambda n: "[" * n + "]" * n),
        ("maps", lambda n: "{a:" * n + "x" + "}" * n),
        ("mixed", lambda n: "{a:[" * (n // 2) + "x" + "]}" * (n // 2)),
        ("lenient", lambda n: "[ \r\n" * n + "]\r\n " * n),
    ],
)
def test_100000_deep_nesting(shape: str, make: Callable[[int], str]) -> None:
    lenient = shape == "lenient"
    value = assert_linear(
        lambda d: jsv.loads(d, max_depth=DEEP + 1, lenient=lenient), make, DEEP // 4
    )
    assert depth_of(value) == DEEP


def test_100000_deep_container_as_a_key() -> None:
    # One key that is a 100000-deep list: the key is its source text.
    def make(n: int) -> str:
        return "{" + "[" * n + "]" * n + ":x}"

    value = assert_linear(lambda d: jsv.loads(d, max_depth=DEEP + 2), make, DEEP // 4)
    assert value == {"[" * DEEP + "]" * DEEP: "x"}


def _nested_keys(n: int) -> str:
    """``{{{a:b}:x}:x}``: a map whose key is a map whose key is a map ... n deep."""
    return "{" * n + "a:b" + "}:x" * (n - 1) + "}"


def test_nested_container_keys_read_as_source_text() -> None:
    assert jsv.loads(_nested_keys(3)) == {"{{a:b}:x}": "x"}
    assert jsv.loads(_nested_keys(1000)) == {_nested_keys(999): "x"}
    # Their time is finding 2 (test_regressions): quadratic in the nesting depth.


# =============================================================================
# huge strings
# =============================================================================

_BIG_FORMS: Dict[str, Callable[[str], str]] = {
    "top-level plain": lambda s: s,
    "top-level quoted": lambda s: '"' + s + '"',
    "list item plain": lambda s: "[" + s + ",x]",
    "map value plain": lambda s: "{k:" + s + "}",
    "map value quoted": lambda s: '{k:"' + s + '",j:x}',
    "lenient list item": lambda s: "[ " + s + " ]",
}


@pytest.mark.parametrize("form", list(_BIG_FORMS))
def test_10mb_string(form: str) -> None:
    wrap = _BIG_FORMS[form]
    lenient = form.startswith("lenient")
    # A delimiter every 4 characters: ':' needs no quotes in values, ', ' does.
    unit = "a, b" if "quoted" in form else "a: b"
    size = MB10 // 2 if lenient else MB10  # lenient scans each blank twice: 5 MB
    value = assert_linear(
        lambda d: jsv.loads(d, lenient=lenient), lambda n: wrap(unit * (n // 4)), size // 4
    )
    big = unit * (size // 4)
    want = {
        "top-level plain": big,
        "top-level quoted": big,
        "list item plain": [big, "x"],
        "map value plain": {"k": big},
        "map value quoted": {"k": big, "j": "x"},
        "lenient list item": [big],
    }[form]
    assert value == want


def test_a_million_doubled_quotes() -> None:
    q = '"' + '""' * 1000 + '"'
    assert jsv.loads("{ k : " + q + " , " + q + " : [ " + q + " ] }", lenient=True) == {
        "k": '"' * 1000, '"' * 1000: ['"' * 1000]}
    # Sizes from a million up: below that, the regex engine's backtracking stack
    # fits in cache and a 2x larger input can take 10x longer once (not quadratic).
    value = assert_linear(jsv.loads, lambda n: '"' + '""' * n + '"', M // 2)
    assert value == '"' * (2 * M)


_UNTERMINATED: Dict[str, Tuple[Callable[[int], str], Callable[[int], int], int]] = {
    # name: (document of size ~n, position of the error, n for the timing)
    "top-level": (lambda n: '"' + "a" * n, lambda n: 0, MB10 // 4),
    "map value": (lambda n: '{k:"' + "a" * n, lambda n: 3, M),
    "doubled quotes": (lambda n: '"' + '""' * (n // 2), lambda n: 0, 2 * M),
    "doubled quotes in a list": (lambda n: '["' + 'a""' * (n // 3), lambda n: 1, 0),
    "after 10 MB": (lambda n: "{k:" + "a" * n + ',j:"abc}', lambda n: n + 6, MB10 // 4),
    "after many items": (lambda n: "[" + "ab," * (n // 3) + '"x', lambda n: 1 + 3 * (n // 3),
                         M // 4),
}


@pytest.mark.parametrize("case", list(_UNTERMINATED))
def test_unterminated_quote_at_the_end(case: str) -> None:
    make, pos, n = _UNTERMINATED[case]
    if n == 0:  # the same scan as another case: no second timing
        n = M // 4
        error = outcome(lambda: jsv.loads(make(4 * n)))
    else:
        error = assert_linear(lambda d: outcome(lambda: jsv.loads(d)), make, n)
    assert decode_error(error) == ("Unterminated quoted string", pos(4 * n))


# =============================================================================
# characters and encodings
# =============================================================================


def test_lone_surrogates_and_nul_characters() -> None:
    assert jsv.loads('[\ud800,\x00,"\udfff\x00",\udbff\udfff]') == [
        "\ud800", "\x00", "\udfff\x00", "\udbff\udfff"]
    assert jsv.loads('{\ud800:\x00,"\x00":\udc00,\x00\x00:}') == {
        "\ud800": "\x00", "\x00": "\udc00", "\x00\x00": None}
    assert jsv.loads("\x00" * 10) == "\x00" * 10
    assert jsv.loads("\ud800 \x00", lenient=True) == "\ud800 \x00"
    assert jsv.dumps(["\ud800", "\x00", {"\udfff": "\x00"}]) == "[\ud800,\x00,{\udfff:\x00}]"
    value = assert_linear(jsv.loads, lambda n: "[" + "\x00\ud800," * n + "]", 50_000)
    assert value == ["\x00\ud800"] * 200_000 + [None]


def test_characters_next_to_the_delimiters() -> None:
    # The characters one code point either side of each delimiter, and the two
    # ends of Unicode, are plain text wherever they stand in a key or value.
    edges = sorted(
        {chr(o + d) for o in map(ord, ':,}]{["') for d in (-1, 1)}
        | {"\x00", "\x7f", "\x80", "\xff", "\u0100", "\uffff", "\U00010000", "\U0010ffff"}
    )
    edges = [c for c in edges if c not in ':,}]{["']
    for c in edges:
        text = f"{c}x{c}"
        want = {text: text, "k": text, "l": [text, text]}
        assert jsv.loads(f"{{{text}:{text},k:{text},l:[{text},{text}]}}") == want, repr(c)
        assert jsv.loads(f"{{k:{text}}}") == {"k": text}, repr(c)
        assert jsv.loads(f"[{text}]") == [text], repr(c)
    run = ",".join(f"k{c}:v{c}" for c in edges)
    assert jsv.loads("{" + run + "}") == {f"k{c}": f"v{c}" for c in edges}


@pytest.mark.parametrize(
    ("data", "byte", "offset"),
    [
        (b"\xff", 0xFF, 0),
        (b"{a:\xfe}", 0xFE, 3),
        (b"[a,\xed\xa0\x80]", 0xED, 3),  # an encoded surrogate
        (b"\xc0\x80", 0xC0, 0),  # overlong NUL
        (b"[\xe2\x82]", 0xE2, 1),  # truncated sequence
        (b"\xf4\x90\x80\x80", 0xF4, 0),  # beyond U+10FFFF
        (b"{a:b}\x80", 0x80, 5),  # a lone continuation byte
        (b"\xff\xfe[\x00a\x00]\x00", 0xFF, 0),  # UTF-16 with its BOM
        (b"\xef\xbb\xbf[\xe9]", 0xE9, 4),  # Latin-1 after a UTF-8 BOM
    ],
)
def test_invalid_utf8_in_bytes(data: bytes, byte: int, offset: int) -> None:
    for form in (data, bytearray(data), memoryview(data)):
        with pytest.raises(jsv.JSVDecodeError) as info:
            jsv.loads(form, lenient=True)
        assert info.value.msg == f"Invalid UTF-8 byte 0x{byte:02x} at byte offset {offset}"
        assert 0 <= info.value.pos <= len(info.value.doc)


def test_invalid_utf8_at_the_end_of_10mb() -> None:
    def make(n: int) -> bytes:
        return b"[" + "é,".encode() * (n // 3) + b"\xff]"

    error = assert_linear(lambda d: outcome(lambda: jsv.loads(d)), make, MB10 // 4)
    assert decode_error(error) == (
        f"Invalid UTF-8 byte 0xff at byte offset {1 + 3 * (MB10 // 3)}", 1 + 2 * (MB10 // 3))


def test_byte_order_marks() -> None:
    bom = b"\xef\xbb\xbf"
    assert jsv.loads("\ufeff{a:b}") == {"a": "b"}
    assert jsv.loads(bom + b"{a:b}") == {"a": "b"}
    assert jsv.loads(bytearray(bom + b"[a]")) == ["a"]
    assert jsv.loads("\ufeff") is None and jsv.loads(bom) is None
    assert jsv.loads("\ufeff  {a:b}\r\n", lenient=True) == {"a": "b"}
    # One BOM is skipped; a second one is content (a plain top-level value).
    assert jsv.loads(bom + bom + b"{a:b}") == "\ufeff{a:b}"
    assert jsv.loads("\ufeff\ufeffx") == "\ufeffx"
    # Inside the document a BOM is an ordinary character.
    assert jsv.loads("{a:\ufeff,\ufeff:b}") == {"a": "\ufeff", "\ufeff": "b"}
    assert jsv.loads("[\ufeff]", lenient=True) == ["\ufeff"]
    with pytest.raises(jsv.JSVDecodeError, match=r"^Extra data after the top-level value: "
                       r"line 1 column 6 \(char 5\)$"):
        jsv.loads("{a:b}\ufeff")  # not a blank: extra data
    with pytest.raises(jsv.JSVDecodeError, match=r"^Invalid UTF-8 byte 0xfe at byte offset 0: "):
        jsv.loads(b"\xfe\xff\x00[\x00]")  # UTF-16-BE BOM: not UTF-8


def _crlf_doc(n: int, newline: str = "\r\n") -> str:
    """n records laid out like a pasted metadata page, CRLF after every token."""
    nl = newline
    record = (
        "\t{" + nl + "\t\tName : x{i} ," + nl + "\t\tTags : [ a ," + nl + " b , ] ," + nl
        + '\t\tNote : "q, ""r""" ,' + nl + "\t\tEmpty : " + nl + "\t}"
    )
    records = ("," + nl).join(record.replace("{i}", str(i)) for i in range(n))
    return "[" + nl + records + nl + "]" + nl


def test_crlf_everywhere_lenient() -> None:
    expected = [
        {"Name": f"x{i}", "Tags": ["a", "b", None], "Note": 'q, "r"', "Empty": None}
        for i in range(3)
    ]
    for newline in ("\r\n", "\n", "\r", "\r\r\n", "\n\r"):
        assert jsv.loads(_crlf_doc(3, newline), lenient=True) == expected, repr(newline)
        assert jsv.loads(_crlf_doc(3, newline).encode(), lenient=True) == expected
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(_crlf_doc(3))  # strict: blanks are data, "[\r\n\t{" is no list item
    assert (info.value.msg, info.value.pos) == ("Extra data after the top-level value", 45)
    value = assert_linear(lambda d: jsv.loads(d, lenient=True), _crlf_doc, 2_000)
    assert len(value) == 8_000 and value[-1]["Name"] == "x7999"


# =============================================================================
# many and long keys, empty items
# =============================================================================


def test_very_long_keys() -> None:
    def plain(n: int) -> str:
        return "{" + "k" * n + ":v," + "j" * n + ":{" + "i" * n + ":w}}"

    def quoted(n: int) -> str:  # (doubled quotes: test_a_million_doubled_quotes)
        return '{"' + "k:," * (n // 3) + '":v}'

    value = assert_linear(jsv.loads, plain, M // 2)
    assert value == {"k" * 2 * M: "v", "j" * 2 * M: {"i" * 2 * M: "w"}}
    assert assert_linear(jsv.loads, quoted, M // 2) == {"k:," * (2 * M // 3): "v"}
    value = assert_linear(lambda d: jsv.loads(d, lenient=True),
                          lambda n: "{ " + "k " * n + ": v }", M // 8)
    assert value == {"k " * (M // 2 - 1) + "k": "v"}


@pytest.mark.parametrize(
    "kind", ["distinct", "duplicate", "container keys", "quoted", "nested values"]
)
def test_many_keys(kind: str) -> None:
    def make(n: int) -> str:
        if kind == "distinct":
            return "{" + ",".join(f"k{i}:v{i}" for i in range(n)) + "}"
        if kind == "duplicate":
            return "{" + ",".join(f"a:{i}" for i in range(n)) + "}"
        if kind == "container keys":
            return "{" + ",".join(f"[{i}]:{{{i}:x}}" for i in range(n)) + "}"
        if kind == "quoted":
            return "{" + ",".join(f'"k,{i}":"v"' for i in range(n)) + "}"
        return "{" + ",".join(f"k{i}:{{a:[b]}}" for i in range(n)) + "}"

    value = assert_linear(jsv.loads, make, 6_250)
    if kind == "duplicate":
        assert value == {"a": "24999"}
    else:
        assert len(value) == 25_000
    if kind == "container keys":
        assert value["[7]"] == {"7": "x"}


@pytest.mark.parametrize(
    ("n", "make", "lenient", "want"),
    [
        (M // 8, lambda n: "[" + "," * n + "]", False, lambda n: [None] * (n + 1)),
        (M // 32, lambda n: "[" + " ," * n + " ]", True, lambda n: [None] * (n + 1)),
        (M // 64, lambda n: "{" + ",".join(f"{i}:" for i in range(n)) + "}", False,
         lambda n: dict.fromkeys(map(str, range(n)))),
        (M // 32, lambda n: "[" + "[]," * n + "{}]", False, lambda n: [[]] * n + [{}]),
        (M // 32, lambda n: "[" + '"",' * n + "]", False, lambda n: [""] * n + [None]),
        (M // 32, lambda n: "{" + ":," * n + ":}", False, lambda n: {None: None}),
    ],
)
def test_huge_numbers_of_empty_items(
    n: int, make: Callable[[int], str], lenient: bool, want: Callable[[int], Any]
) -> None:
    value = assert_linear(lambda d: jsv.loads(d, lenient=lenient), make, n)
    assert value == want(4 * n)


def test_infer_on_huge_and_many_numbers() -> None:
    big = "9" * 100_000
    assert jsv.loads(f"[{big},-{big}.5]", infer=True) == [Decimal(big), float("-inf")]
    assert jsv.loads(f"[{big}.5]", infer=True, use_decimal=True) == [Decimal(big + ".5")]
    value = assert_linear(lambda d: jsv.loads(d, infer=True), lambda n: "[" + "9" * n + "]", M // 4)
    assert value == [Decimal("9" * M)]
    value = assert_linear(
        lambda d: jsv.loads(d, infer=True),
        lambda n: "[" + ",".join(["1.5e3", "-7", "true", "x", "NaN"] * (n // 5)) + "]",
        12_500,
    )
    assert value[:4] == [1500.0, -7, True, "x"] and len(value) == 50_000


# =============================================================================
# typed
# =============================================================================


class Perms(enum.IntFlag):
    READ = 1
    WRITE = 2


class Color(enum.Enum):
    RED = "Red"
    BLUE = "Blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class Call:
    id: int
    color: Optional[Color] = None
    started: Optional[datetime] = None
    took: Optional[timedelta] = None
    perms: Optional[Perms] = None


@dataclasses.dataclass
class Node:
    name: str
    children: List[Node] = dataclasses.field(default_factory=list)


def _validation_error(doc: str, tp: Any, path: str, **kwargs: Any) -> jsv.JSVValidationError:
    with pytest.raises(jsv.JSVValidationError) as info:
        jsv.loads(doc, type=tp, **kwargs)
    assert info.value.path == path, (doc[:40], info.value)
    assert info.value.msg
    return info.value


@pytest.mark.parametrize("digits", [4_301, 5_000, 100_000, 1_000_000])
def test_typed_huge_integers(digits: int) -> None:
    big = "9" * digits
    _validation_error(big, int, "$")
    _validation_error("-" + big, int, "$")
    _validation_error(f"[1,{big}]", List[int], "$[1]")
    _validation_error(f"{{a:1,b:{big}}}", Dict[str, int], '$["b"]')
    _validation_error(f"{{id:{big}}}", Call, "$.id")


def test_typed_integers_at_the_digit_limit() -> None:
    assert jsv.loads("9" * 4300, type=int) == int("9" * 4300)
    assert_linear(
        lambda d: _validation_error(d, int, "$"), lambda n: "9" * n, 250_000
    )


@pytest.mark.parametrize(
    "text", ["NaN", "Infinity", "-Infinity", "nan", "1e400", "1.0", "0x10", "+1"]
)
def test_typed_non_integers_into_int(text: str) -> None:
    _validation_error(text, int, "$")
    _validation_error(f"{{id:{text}}}", Call, "$.id")
    _validation_error(f"[{text}]", List[Level], "$[0]")


@pytest.mark.parametrize(
    "text",
    ["0000-01-01", "10000-01-01", "0000-01-01T00:00:00Z", "10000-01-01T00:00:00",
     "/Date(253402300800000)/", "/Date(-62135596800001)/", "/Date(" + "9" * 5000 + ")/",
     "2020-13-01", "2020-02-30", "2020-01-01T24:00:01"],
)
def test_typed_years_0_and_10000_and_other_impossible_dates(text: str) -> None:
    _validation_error(text, datetime, "$")
    _validation_error(text, date, "$")
    _validation_error(f"{{id:1,started:{text}}}", Call, "$.started")
    _validation_error(f"[2020-01-01,{text}]", List[datetime], "$[1]")


@pytest.mark.parametrize(
    "text",
    ["P1000000000D", "1000000000.00:00:00", "99999999999.00:00:00", "P1000000000Y",
     "PT" + "9" * 5000 + "S", "-P999999999DT24H", "P" + "9" * 100_000 + "D"],
)
def test_typed_durations_beyond_timedelta(text: str) -> None:
    _validation_error(text, timedelta, "$")
    _validation_error(f"{{id:1,took:{text}}}", Call, "$.took")


def test_typed_largest_durations() -> None:
    assert jsv.loads("P999999999D", type=timedelta) == timedelta(days=999_999_999)
    assert jsv.loads("999999999.23:59:59.9999999", type=timedelta) == timedelta.max


@pytest.mark.parametrize(
    "text", ["Bogus", "0", "REDD", "Red,Blue", "\x00", "\ud800", "R" * 100_000]
)
def test_typed_junk_enum_values(text: str) -> None:
    _validation_error(f'"{text}"', Color, "$")
    _validation_error(f'{{id:1,color:"{text}"}}', Call, "$.color")
    _validation_error(f'[LOW,"{text}"]', List[Level], "$[1]")
    if not text.isdigit():  # a number is a valid set of flags
        _validation_error(f'"READ, {text}"', Perms, "$")
        _validation_error(f'{{id:1,perms:"WRITE,{text}"}}', Call, "$.perms")


def test_typed_junk_into_generated_dtos() -> None:
    voice = _voice_api()
    _validation_error("{callState:Bogus}", voice.SessionInfo, "$.callState")
    _validation_error("{members:[{},{callState:x}]}", voice.SessionInfo, "$.members[1].callState")
    _validation_error("[{},{ended:maybe}]", subscript(List, voice.SessionInfo), "$[1].ended")
    # one item without brackets is a one-item list (ServiceStack's list readers)
    _validation_error("{members:x}", voice.SessionInfo, "$.members[0]")


def _voice_api() -> Any:
    return load_example("voice_api", "jsv_test_adversarial_voice_api")


class _ImportRecorder(importlib.abc.MetaPathFinder):
    """Records every module lookup while installed (and finds nothing itself)."""

    def __init__(self) -> None:
        self.names: List[str] = []

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        self.names.append(fullname)
        return None


EVIL_TYPES = [
    "os.system, posix",
    "subprocess.Popen, subprocess",
    "smtplib.SMTP, smtplib",
    "jsv_evil_module.Payload, jsv_evil_module",
    "builtins.eval, builtins",
    "System.Diagnostics.Process, System",
]


@pytest.mark.parametrize("type_name", EVIL_TYPES)
def test_type_markers_never_import_or_resolve(
    type_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    voice = _voice_api()
    doc = f'{{__type:"{type_name}",id:1,members:[{{__type:"{type_name}",identity:x}}]}}'
    targets: List[tuple[Any, Dict[str, Any]]] = [
        (voice.SessionInfo, {}),
        (voice.SessionInfo, {"type_map": {"SessionInfo": voice.SessionInfo}}),
        (Any, {}),
        (Any, {"type_map": {"Voice.SessionInfo, Voice": voice.SessionInfo}}),
        (Dict[str, Any], {}),
        (List[Any], {}),
    ]
    for tp, kwargs in targets:  # warm-up: plans compiled, lazy imports of jsv done
        jsv.loads("{id:1}" if tp is not List[Any] else "[]", type=tp, **kwargs)
    recorder = _ImportRecorder()
    requested: List[str] = []
    real_import, real_import_module = builtins.__import__, importlib.import_module

    def spy_import(name: str, *args: Any, **kwargs: Any) -> Any:
        requested.append(name)
        return real_import(name, *args, **kwargs)

    def spy_import_module(name: str, package: Optional[str] = None) -> Any:
        requested.append(name)
        return real_import_module(name, package)

    before = set(sys.modules)
    sys.meta_path.insert(0, recorder)
    monkeypatch.setattr(builtins, "__import__", spy_import)
    monkeypatch.setattr(importlib, "import_module", spy_import_module)
    try:
        results = [
            jsv.loads(doc if tp is not List[Any] else f"[{doc}]", type=tp, **kwargs)
            for tp, kwargs in targets
        ]
    finally:
        monkeypatch.undo()
        sys.meta_path.remove(recorder)
    assert recorder.names == [], f"module lookups during decoding: {recorder.names}"
    assert set(sys.modules) == before
    named = set(re.split(r"[^A-Za-z0-9_]+", type_name)) - {""}
    assert not [r for r in requested if r.split(".")[0] in named], requested
    session = results[0]
    assert type(session) is voice.SessionInfo and session.id == "1"
    assert session.members[0].identity == "x"
    assert results[2] == {"__type": type_name, "id": "1",
                          "members": [{"__type": type_name, "identity": "x"}]}
    assert results[3] == results[2]  # an unknown name selects nothing
    # With forbid_unknown_fields, __type is still not an unknown field.
    assert jsv.loads(doc, type=voice.SessionInfo, forbid_unknown_fields=True).id == "1"


def _chain(n: int) -> str:
    return "{name:a,children:[" * n + "{name:z}" + "]}" * n


def _chain_depth(node: Node) -> int:
    depth = 0
    while node.children:
        node, depth = node.children[0], depth + 1
    assert node.name == "z"
    return depth


def test_typed_deeply_nested_values() -> None:
    assert _chain_depth(jsv.loads(_chain(250), type=Node)) == 250
    # 511 levels are 1023 containers, within max_depth; the typed layer recurses,
    # so it either converts them or says cleanly that it cannot.
    try:
        node = jsv.loads(_chain(511), type=Node)
    except jsv.JSVValidationError as exc:
        assert (exc.msg, exc.path) == ("Value is nested too deeply to convert", "$")
    else:
        assert _chain_depth(node) == 511
    deep = "[" * 1023 + "]" * 1023
    for tp in (Any, List[Any], List[List[Any]], object):
        assert depth_of(jsv.loads(deep, type=tp)) == 1023
    assert depth_of(jsv.loads("{a:" * 1023 + "x" + "}" * 1023, type=Dict[str, Any])) == 1023


# =============================================================================
# dumps
# =============================================================================


def _deep(kind: str, n: int) -> Any:
    v: Any = "x"
    for _ in range(n):
        if kind == "list":
            v = [v]
        elif kind == "dict":
            v = {"a": v}
        elif kind == "tuple":
            v = (v,)
        else:
            v = {"k": [v, None]}
    return v


@pytest.mark.parametrize(
    ("kind", "head"),
    [("list", "["), ("dict", "{a:"), ("mixed", "{k:[")],
)
def test_dumps_100000_deep(kind: str, head: str) -> None:
    text = assert_linear(jsv.dumps, lambda n: _deep(kind, n), DEEP // 4)
    tail = {"list": "]", "dict": "}", "tuple": "]", "mixed": ",]}"}[kind]
    assert text == head * DEEP + "x" + tail * DEEP


def _cycles() -> List[Any]:
    a: List[Any] = []
    a.append(a)
    d: Dict[str, Any] = {}
    d["x"] = d
    b: List[Any] = [1, {"y": [2]}]
    b[1]["y"].append(b)
    t: tuple[Any, ...] = ([],)
    t[0].append(t)
    deep: List[Any] = []
    cur = deep
    for _ in range(DEEP):
        nxt: List[Any] = []
        cur.append(nxt)
        cur = nxt
    cur.append(deep)
    both: Dict[str, Any] = {"l": []}
    both["l"].append({"again": both})
    return [a, d, b, t, deep, both]


def test_dumps_self_referencing_containers() -> None:
    for value in _cycles():
        with pytest.raises(ValueError, match="Circular reference detected"):
            jsv.dumps(value)
    # The same object twice, side by side, is not a cycle.
    shared = ["s"]
    assert jsv.dumps([shared, shared, {"a": shared}]) == "[[s],[s],{a:[s]}]"


def test_dumps_default_that_returns_its_argument() -> None:
    class Opaque:
        pass

    with pytest.raises(ValueError, match="Circular reference detected"):
        jsv.dumps([Opaque()], default=lambda o: o)
    assert jsv.dumps([Opaque()], default=lambda o: "opaque") == "[opaque]"


def test_dumps_huge_integers() -> None:
    for digits in (4_301, 50_000):
        assert jsv.dumps(10 ** (digits - 1)) == "1" + "0" * (digits - 1)
        assert jsv.dumps([-(10 ** (digits - 1))]) == "[-1" + "0" * (digits - 1) + "]"
