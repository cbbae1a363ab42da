"""Both sides of every limit of the engines' fixed-width fast paths, with literal results.

The compiled engine takes shortcuts that the reference does not need: integers
of up to 18 digits are read into a C ``long long`` (untyped ``infer=True`` and
typed ``int`` fields alike), ints written through ``long long`` unless they
overflow it, floats formatted from their shortest digits into a fixed buffer,
short keys and values shared through hash caches (keys up to 48 chars, values
up to 16), container frames in arrays that grow from 16, circular references
checked by a scan of the first 48 frames and a set below, and output written
into a buffer that starts at 1024 chars and widens from 1 to 2 to 4 bytes a
char.  Each table holds values on both sides of each such limit; every row runs
on both engines (the ``engine`` fixture) against a literal expectation, so a
fast path that is off by one fails here even where the engines agree.
"""

from __future__ import annotations

import dataclasses
import math
import string
from collections.abc import ItemsView, Iterator, Mapping
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import jsv

pytestmark = pytest.mark.usefixtures("engine")


def same(got: Any, want: Any) -> bool:
    """Equal, of the same type, floats to the bit (sign of zero and NaN included)."""
    if type(got) is not type(want):
        return False
    if isinstance(want, float):
        return math.copysign(1.0, got) == math.copysign(1.0, want) and (
            got == want or (math.isnan(got) and math.isnan(want))
        )
    if isinstance(want, Decimal):
        return str(got) == str(want)
    return bool(got == want)


# --- untyped integers, infer=True: the 18-digit long long path ---------------------

INFER_INTS = [
    ("0", 0),
    ("-0", 0),
    ("7", 7),
    ("99999999999999999", 99999999999999999),  # 17 digits
    ("999999999999999999", 999999999999999999),  # 18: the last on the fast path
    ("1000000000000000000", 1000000000000000000),  # 19
    ("9999999999999999999", 9999999999999999999),  # 19 nines: past 2**63
    ("9223372036854775807", 9223372036854775807),  # 2**63 - 1
    ("9223372036854775808", 9223372036854775808),  # 2**63
    ("18446744073709551615", 18446744073709551615),  # 2**64 - 1
    ("18446744073709551616", 18446744073709551616),  # 2**64
    ("99999999999999999999", 99999999999999999999),  # 20 digits
    ("-999999999999999999", -999999999999999999),
    ("-9999999999999999999", -9999999999999999999),
    ("-9223372036854775808", -9223372036854775808),  # -2**63
    ("-9223372036854775809", -9223372036854775809),
    ("-18446744073709551616", -18446744073709551616),
    ("007", "007"),
    ("00", "00"),
    ("-", "-"),
    ("+1", "+1"),
    ("1_000", "1_000"),
]


@pytest.mark.parametrize(("text", "want"), INFER_INTS, ids=[t for t, _ in INFER_INTS])
def test_inferred_integers(text: str, want: Any) -> None:
    for use_decimal in (False, True):  # use_decimal changes nothing for integers
        got = jsv.loads(text, infer=True, use_decimal=use_decimal)
        assert same(got, want), (text, got)
        got = jsv.loads("[" + text + "]", infer=True, use_decimal=use_decimal)
        assert type(got) is list and len(got) == 1 and same(got[0], want), got
        got = jsv.loads("{k:" + text + "}", infer=True, use_decimal=use_decimal)
        assert type(got) is dict and list(got) == ["k"] and same(got["k"], want), got


def test_inferred_integers_past_the_interpreters_digit_limit() -> None:
    """More digits than int() converts (4300 since 3.11, 3.10.7, 3.9.14): a Decimal."""
    assert same(jsv.loads("9" * 4300, infer=True), 10**4300 - 1)
    assert same(jsv.loads("-" + "9" * 4301, infer=True), Decimal("-" + "9" * 4301))


# --- untyped floats, infer=True: digit counts around 15/17 and 2**53 ---------------

INFER_FLOATS = [
    ("0.1", 0.1, Decimal("0.1")),
    ("-0.0", -0.0, Decimal("-0.0")),
    ("0.3333333333333333", 0.3333333333333333, Decimal("0.3333333333333333")),  # 16 digits
    ("0.30000000000000004", 0.30000000000000004, Decimal("0.30000000000000004")),  # 17
    ("123456789012345.6", 123456789012345.6, Decimal("123456789012345.6")),
    ("9007199254740992.0", 9007199254740992.0, Decimal("9007199254740992.0")),  # 2**53
    ("9007199254740993.0", 9007199254740992.0, Decimal("9007199254740993.0")),  # 2**53 + 1
    ("9.007199254740993E+15", 9007199254740992.0, Decimal("9.007199254740993E+15")),
    ("1E5", 100000.0, Decimal("1E+5")),
    ("1e+05", 100000.0, Decimal("1E+5")),
    ("1e308", 1e308, Decimal("1E+308")),
    ("1.7976931348623158e308", 1.7976931348623157e308, Decimal("1.7976931348623158E+308")),
    ("1e309", math.inf, Decimal("1E+309")),
    ("4.9e-324", 5e-324, Decimal("4.9E-324")),
    ("2.5e-324", 5e-324, Decimal("2.5E-324")),
    ("NaN", math.nan, Decimal("NaN")),
    ("-Infinity", -math.inf, Decimal("-Infinity")),
    ("0.", "0.", "0."),
    (".5", ".5", ".5"),
    ("1e", "1e", "1e"),
    ("-NaN", "-NaN", "-NaN"),
]


@pytest.mark.parametrize(
    ("text", "want", "want_decimal"), INFER_FLOATS, ids=[t for t, _, _ in INFER_FLOATS]
)
def test_inferred_floats(text: str, want: Any, want_decimal: Any) -> None:
    assert same(jsv.loads(text, infer=True), want)
    assert same(jsv.loads("[" + text + "]", infer=True)[0], want)
    assert same(jsv.loads(text, infer=True, use_decimal=True), want_decimal)


# --- typed int: the 18-digit path of int fields ------------------------------------


@dataclasses.dataclass
class Counted:
    n: int


TYPED_INTS = [
    ("0", 0),
    ("-0", 0),
    ("99999999999999999", 99999999999999999),
    ("999999999999999999", 999999999999999999),
    ("-999999999999999999", -999999999999999999),
    ("9999999999999999999", 9999999999999999999),
    ("-9999999999999999999", -9999999999999999999),
    ("9223372036854775807", 9223372036854775807),
    ("9223372036854775808", 9223372036854775808),
    ("-9223372036854775808", -9223372036854775808),
    ("-9223372036854775809", -9223372036854775809),
    ("18446744073709551616", 18446744073709551616),
    ("11111111111111111111", 11111111111111111111),
    ("007", 7),
    (" 12 ", 12),
]


@pytest.mark.parametrize(("text", "want"), TYPED_INTS, ids=[t for t, _ in TYPED_INTS])
def test_typed_integers(text: str, want: int) -> None:
    assert same(jsv.loads(text, type=int), want)
    assert same(jsv.loads("{n:" + text + "}", type=Counted).n, want)
    got = jsv.loads("[" + text + "," + text + "]", type=List[int])
    assert same(got[0], want) and same(got[1], want)


@pytest.mark.parametrize("text", ["+1", "1.0", "1e3", "-", "", "9" * 18 + "x", "--1"])
def test_typed_integers_rejected(text: str) -> None:
    with pytest.raises(jsv.JSVValidationError, match=r"^Expected `int`, got .* - at `\$\.n`$"):
        jsv.loads("{n:" + jsv.dumps(text) + "}", type=Counted)


# --- writing ints: the long long path ----------------------------------------------

WRITE_INTS = [
    (0, "0"),
    (-1, "-1"),
    (999999999999999999, "999999999999999999"),
    (9223372036854775807, "9223372036854775807"),
    (9223372036854775808, "9223372036854775808"),
    (-9223372036854775808, "-9223372036854775808"),
    (-9223372036854775809, "-9223372036854775809"),
    (18446744073709551615, "18446744073709551615"),
    (18446744073709551616, "18446744073709551616"),
    (-18446744073709551616, "-18446744073709551616"),
]


@pytest.mark.parametrize(("value", "want"), WRITE_INTS, ids=[w for _, w in WRITE_INTS])
def test_written_integers(value: int, want: str) -> None:
    assert jsv.dumps(value) == want
    assert jsv.dumps([value, {"k": value}]) == "[" + want + ",{k:" + want + "}]"


# --- writing floats: fixed notation for exponents -4..14, 2 or 3 exponent digits ---

WRITE_FLOATS = [
    (0.0001, "0.0001"),
    (0.00011, "0.00011"),
    (0.00012345678901234567, "0.00012345678901234567"),
    (9.999e-05, "9.999E-05"),
    (1e-05, "1E-05"),
    (-1.5e-07, "-1.5E-07"),
    (0.1, "0.1"),
    (100.0, "100"),
    (100000000000000.0, "100000000000000"),
    (99999999999999.98, "99999999999999.98"),
    (123456789012345.6, "123456789012345.6"),
    (999999999999999.0, "999999999999999"),
    (1e15, "1E+15"),
    (1e16, "1E+16"),
    (9007199254740991.0, "9.007199254740991E+15"),
    (9007199254740992.0, "9.007199254740992E+15"),
    (9007199254740994.0, "9.007199254740994E+15"),
    (12345678901234567.0, "1.2345678901234568E+16"),
    (0.30000000000000004, "0.30000000000000004"),
    (0.3333333333333333, "0.3333333333333333"),
    (1e99, "1E+99"),
    (1e100, "1E+100"),
    (1e-99, "1E-99"),
    (1e-100, "1E-100"),
    (1.7976931348623157e308, "1.7976931348623157E+308"),
    (2.2250738585072014e-308, "2.2250738585072014E-308"),
    (5e-324, "5E-324"),
    (-5e-324, "-5E-324"),
    (0.0, "0"),
    (-0.0, "-0"),
    (math.inf, "Infinity"),
    (-math.inf, "-Infinity"),
    (math.nan, "NaN"),
]


@pytest.mark.parametrize(("value", "want"), WRITE_FLOATS, ids=[w for _, w in WRITE_FLOATS])
def test_written_floats(value: float, want: str) -> None:
    assert jsv.dumps(value) == want
    assert jsv.dumps({"k": [value]}) == "{k:[" + want + "]}"


# --- the key (48 chars) and value (16 chars) caches --------------------------------


def _twins(n: int, fill: str) -> List[str]:
    """Strings of length ``n`` that share their first and last 8 chars (the 1-byte
    cache hash) and differ inside, or, below 17 chars, in their last char."""
    if n >= 17:
        return [fill * 8 + c * (n - 16) + fill * 8 for c in "xyz"]
    return [fill * (n - 1) + c for c in "xyz"]


@pytest.mark.parametrize("n", [1, 8, 15, 16, 17, 18, 47, 48, 49, 64])
@pytest.mark.parametrize(
    "fill", ["a", "\u00e9", "\u0101", "\U0001f600"], ids=["ascii", "latin1", "ucs2", "ucs4"]
)
def test_cached_keys_and_values_keep_their_text(n: int, fill: str) -> None:
    twins = _twins(n, fill)
    doc = "{" + ",".join(f"{t}:{t}" for t in twins) + "}"
    want = {t: t for t in twins}
    for _ in range(2):  # the second read finds the first one's strings in the caches
        got = jsv.loads(doc)
        assert list(got.items()) == list(want.items())
        got_list = jsv.loads("[" + ",".join(twins) + "]")
        assert got_list == twins
        # The same text in another width must not come back from the cache either.
        assert jsv.loads("{" + "a" * n + ":" + "a" * n + "}") == {"a" * n: "a" * n}


# --- typed keys: the address cache (48 chars) and the spelling table (512) ---------


def _field_class(name: str) -> Any:
    return dataclasses.make_dataclass("Long", [(name, str, dataclasses.field(default=""))])


@pytest.mark.parametrize("n", [47, 48, 49, 60])
def test_typed_long_field_names(n: int) -> None:
    name = "f" * (n - 1) + "x"
    cls = _field_class(name)
    twin = "f" * (n - 1) + "y"
    doc = "{" + name + ":a," + twin + ":b}"
    for _ in range(3):
        assert getattr(jsv.loads(doc, type=cls), name) == "a"
        with pytest.raises(
            jsv.JSVValidationError, match=rf"^Object contains unknown field `{twin}`"
        ):
            jsv.loads(doc, type=cls, forbid_unknown_fields=True)


@dataclasses.dataclass
class Named:
    item_id: str = ""


@pytest.mark.parametrize("unknown", [511, 512, 513, 600])
def test_typed_spellings_past_the_table_limit(unknown: int) -> None:
    """Unknown spellings fill the table; known ones still match after it is full."""
    doc = "{" + ",".join(f"k{i}:x" for i in range(unknown)) + ",Item-Id:a,ITEM_ID:b,itemId:c}"
    for _ in range(2):
        assert jsv.loads(doc, type=Named) == Named("c")
        assert jsv.loads("{ItemID:d}", type=Named) == Named("d")
        with pytest.raises(jsv.JSVValidationError, match=r"^Object contains unknown field `k0`"):
            jsv.loads(doc, type=Named, forbid_unknown_fields=True)


# --- reading depth: max_depth, and frame arrays growing from 16 --------------------


def _nested(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "x" + "]" * depth
    if kind == "map":
        return "{k:" * depth + "x" + "}" * depth
    # maps as keys of maps: {{{x:1}:1}:1}
    return "{" * depth + "x:1" + "}:1" * (depth - 1) + "}"


def _is_nested(value: Any, depth: int, kind: str) -> bool:
    """``value`` is ``depth`` one-item lists (or ``{'k': ...}`` maps) around ``'x'``
    (checked level by level: ``==`` would recurse past the interpreter's limit)."""
    for _ in range(depth):
        if kind == "list":
            if type(value) is not list or len(value) != 1:
                return False
            value = value[0]
        else:
            if type(value) is not dict or list(value) != ["k"]:
                return False
            value = value["k"]
    return type(value) is str and value == "x"


def _value(depth: int, kind: str) -> Any:
    v: Any = "x"
    for _ in range(depth):
        v = [v] if kind == "list" else {"k": v}
    return v


DEPTHS = [
    (1, 1),
    (1, 2),
    (2, 2),
    (2, 3),
    (15, 16),
    (16, 16),
    (16, 17),
    (17, 17),
    (17, 18),
    (31, 32),
    (32, 32),
    (32, 33),
    (33, 33),
    (1024, 1024),
    (1024, 1025),
]


@pytest.mark.parametrize("kind", ["list", "map"])
@pytest.mark.parametrize(("max_depth", "depth"), DEPTHS, ids=[f"{m}-{d}" for m, d in DEPTHS])
def test_reading_depth(kind: str, max_depth: int, depth: int) -> None:
    doc = _nested(depth, kind)
    if depth <= max_depth:
        assert _is_nested(jsv.loads(doc, max_depth=max_depth), depth, kind)
        return
    # The opening bracket one level too deep is where reading stops.
    pos = (depth - 1) * (1 if kind == "list" else 3)
    with pytest.raises(
        jsv.JSVDecodeError,
        match=rf"^Maximum nesting depth of {max_depth} "
        rf"exceeded: line 1 column {pos + 1} \(char {pos}\)$",
    ) as info:
        jsv.loads(doc, max_depth=max_depth)
    assert info.value.pos == pos


@pytest.mark.parametrize("depth", [2, 3, 16, 17, 18, 33])
def test_reading_depth_of_keys(depth: int) -> None:
    doc = _nested(depth, "key")
    assert jsv.loads(doc, max_depth=depth) == {
        "{" * (depth - 1) + "x:1" + "}:1" * (depth - 2) + "}": "1"
    }
    with pytest.raises(
        jsv.JSVDecodeError, match=rf"^Maximum nesting depth of {depth - 1} exceeded"
    ) as info:
        jsv.loads(doc, max_depth=depth - 1)
    assert info.value.pos == depth - 1


# --- writing depth: frame arrays from 16, circular checks by scan (48) then set ---


@pytest.mark.parametrize("depth", [1, 15, 16, 17, 47, 48, 49, 50, 100])
def test_written_depth(depth: int) -> None:
    assert jsv.dumps(_value(depth, "list")) == "[" * depth + "x" + "]" * depth
    assert jsv.dumps(_value(depth, "map")) == "{k:" * depth + "x" + "}" * depth


CYCLES = [
    (depth, target)
    for depth in [1, 2, 46, 47, 48, 49, 50, 51, 97]
    for target in [0, 1, 46, 47, 48, 49, 50]
    if target <= depth
]


@pytest.mark.parametrize(("depth", "target"), CYCLES, ids=[f"{d}-to-{t}" for d, t in CYCLES])
def test_circular_reference_at_depth(depth: int, target: int) -> None:
    """A list at ``depth`` that contains the list at ``target`` (itself if equal)."""
    chain: List[Any] = [[]]
    for _ in range(depth):
        chain.append([])
        chain[-2].append(chain[-1])
    chain[-1].append(chain[target])
    with pytest.raises(ValueError, match=r"^Circular reference detected$"):
        jsv.dumps(chain[0])
    # Shared but not circular at the same depths: written twice.
    chain[-1][-1] = shared = ["s"]
    chain[-1].append(shared)
    assert jsv.dumps(chain[0]) == "[" * (depth + 1) + "[s],[s]" + "]" * (depth + 1)


# --- the output buffer: 1024 chars to start, growing, widening 1 -> 2 -> 4 bytes ---


@pytest.mark.parametrize("n", [1, 2, 255, 256, 1021, 1022, 1023, 1024, 1025, 1536, 1537, 4096])
@pytest.mark.parametrize("wide", ["", "\u00e9", "\u0101", "\U0001f600", "\u0101\U0001f600"])
def test_output_buffer_growth_and_widening(n: int, wide: str) -> None:
    """``[aaa...<wide>,b]``: the wide chars land just before, at and after each size."""
    text = "a" * n + wide
    assert jsv.dumps([text, "b"]) == "[" + text + ",b]"
    assert jsv.dumps({text: [wide + "w", "c,d"]}) == "{" + text + ":[" + wide + 'w,"c,d"]}'
    quoted = 'q"' * (n // 2 + 1) + wide
    assert jsv.dumps([quoted]) == '["' + quoted.replace('"', '""') + '"]'


def test_short_copies_of_every_length() -> None:
    """Keys, field names and values of 0 to 70 chars, not one char repeated
    next to itself: the writer's short copies (two overlapping moves up to
    32 bytes) at each size, where a misplaced move shows as a wrong char."""
    chars = string.ascii_letters + string.digits + "_"
    for n in range(71):
        text = (chars * 2)[n % 7 : n % 7 + n]
        assert len(text) == n
        plain = text or '""'
        assert jsv.dumps({"k": text, text or "e": [text, "x"]}) == (
            "{k:" + plain + "," + (text or "e") + ":[" + plain + ",x]}"
        )
        assert jsv.dumps([text + ",", '"' + text]) == (
            '["' + text + ',","""' + text + '"]'
        )
        if n:
            name = "f" + text[:-1]  # an identifier of n chars, never a keyword
            cls = dataclasses.make_dataclass("Row", [(name, str), ("z", str)])
            assert jsv.dumps(cls(text, text)) == "{" + name + ":" + text + ",z:" + text + "}"


def test_many_small_values_grow_the_buffer() -> None:
    value: Dict[str, Any] = {f"k{i}": [i, str(i) * 3, None, 1.5] for i in range(2000)}
    want = "{" + ",".join(f"k{i}:[{i},{str(i) * 3},,1.5]" for i in range(2000)) + "}"
    assert jsv.dumps(value) == want


class CountingMap(Mapping[str, Any]):
    """A mapping that counts how often the writer starts iterating it."""

    def __init__(self) -> None:
        self.data: Dict[str, Any] = {}
        self.iterations = 0

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def items(self) -> ItemsView[str, Any]:
        self.iterations += 1
        return self.data.items()


@pytest.mark.parametrize("depth", [0, 1, 46, 47, 48, 49, 50, 96])
def test_circular_reference_found_at_the_first_repeat(depth: int) -> None:
    """A mapping that contains itself is met twice, at every depth of the id check
    (a scan of the first 48 frames, a set below): written once, refused at the
    repeat (the writer asks a mapping for its items before it checks the id, so
    ``items()`` runs twice), never entered a second time."""
    m = CountingMap()
    m.data["self"] = m
    root: Any = m
    for _ in range(depth):
        root = [root]
    with pytest.raises(ValueError, match=r"^Circular reference detected$"):
        jsv.dumps(root)
    assert m.iterations == 2
