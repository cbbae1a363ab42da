"""Findings of the fuzzers (fuzz/) and the adversarial tests, one test each.

Each test holds the minimised input as a literal and the value or error jsv
must give, and runs on both engines.  A finding that is reported but not yet
fixed is marked ``xfail(strict=True)`` with its number: the test states the
behaviour the fix must produce, and it fails as soon as the fix lands (XPASS)
so the marker gets removed.  New findings: see fuzz/README.md, "Turning a
finding into a regression test".
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import jsv
from test_adversarial import assert_linear

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

# -----------------------------------------------------------------------------
# Finding 1 (fuzz_roundtrip, both engines): a string starting with U+FEFF is
# written bare at the top level, and reading skips a leading BOM, so the first
# character is lost: loads('"\ufeff"') == '\ufeff', dumps('\ufeff') == '\ufeff',
# loads('\ufeff') is None.  jsv.format has the same problem through quote().
# -----------------------------------------------------------------------------


def test_finding_1_bom_inside_a_quoted_string_is_content() -> None:
    assert jsv.loads('"\ufeff"') == "\ufeff"
    assert jsv.loads('["\ufeff",\ufeffx]') == ["\ufeff", "\ufeffx"]
    assert jsv.loads("[\ufeff]") == ["\ufeff"]
    assert jsv.dumps(["\ufeff"]) == "[\ufeff]"  # only the top level is at risk


@pytest.mark.parametrize("value", ["\ufeff", "\ufeffx", "\ufeff\ufeff"])
def test_finding_1_top_level_string_starting_with_bom_round_trips(value: str) -> None:
    assert jsv.loads(jsv.dumps(value)) == value
    assert jsv.loads(jsv.format(jsv.dumps(value)), lenient=True) == value


# -----------------------------------------------------------------------------
# Finding 2 (test_adversarial, both engines): a map whose key is a map whose key
# is a map ... reads in time quadratic in the nesting depth: closing each key
# container slices (and the dict then hashes) the source text of everything it
# contains, though only the outermost key's text survives.  40000 levels take
# about 1.3 s, 10000 levels 0.07 s.  Within the default max_depth the cost is
# up to 1024 x the document size: '{'*1000 + 'a:' + 'x'*1_000_000 + '}:x'*999 +
# '}' reads in ~0.8 s instead of ~0.03 s.
# -----------------------------------------------------------------------------


def _nested_keys(n: int) -> str:
    return "{" * n + "a:b" + "}:x" * (n - 1) + "}"


def test_finding_2_nested_container_keys_value() -> None:
    assert jsv.loads("{{{a:b}:x}:x}") == {"{{a:b}:x}": "x"}
    assert jsv.loads("{{[a]:b}:x}") == {"{[a]:b}": "x"}
    assert jsv.loads("{ { {a:b} :x} :x}", lenient=True) == {"{ {a:b} :x}": "x"}
    assert jsv.loads(_nested_keys(1000)) == {_nested_keys(999): "x"}


def test_finding_2_nested_container_keys_linear_time() -> None:
    # Quadratic today: ~0.7 s for 30000 levels against ~0.01 s for 3000 (ratio ~70).
    assert_linear(
        lambda d: jsv.loads(d, max_depth=100_000), _nested_keys, 3_000, factor=10, retries=0,
        small_runs=3,
    )


# -----------------------------------------------------------------------------
# Finding 3 (fuzz_loads, both engines): with infer=True and use_decimal=True, a
# number whose exponent Decimal cannot hold raises decimal.InvalidOperation out
# of loads.  Minimal: jsv.loads('1e1000000000000000000', infer=True,
# use_decimal=True).  Without use_decimal the same text reads as float('inf').
# Expected here: the text is not a number jsv can represent, so it stays text
# (as '007' and '+5' do); see the report for the proposed fix.
# -----------------------------------------------------------------------------


def test_finding_3_largest_decimal_exponent_still_reads() -> None:
    from decimal import Decimal

    assert jsv.loads("1E+999999999999999999", infer=True, use_decimal=True) == Decimal(
        "1E+999999999999999999"
    )
    assert jsv.loads("1e1000000000000000000", infer=True) == float("inf")
    assert jsv.loads("1e1000000000000000000", use_decimal=True) == "1e1000000000000000000"


@pytest.mark.parametrize(
    "doc", ["1e1000000000000000000", "[1e1000000000000000000]", "{a:0e9999999999999999999}"]
)
def test_finding_3_exponent_beyond_decimal_stays_text(doc: str) -> None:
    text = doc.strip("[]").removeprefix("{a:").removesuffix("}")
    want: Any = text
    if doc.startswith("["):
        want = [text]
    elif doc.startswith("{"):
        want = {"a": text}
    assert jsv.loads(doc, infer=True, use_decimal=True) == want


def test_finding_3_tiny_exponents_fit_in_decimal() -> None:
    # Decimal holds exponents down to about -10**18: these stay numbers.
    value = jsv.loads("-1E-1000000000000000000", infer=True, use_decimal=True)
    assert value == Decimal("-1E-1000000000000000000")


# -----------------------------------------------------------------------------
# Finding 4 (test_adversarial, both engines): dumps raises RecursionError when
# objects used as map keys nest other maps keyed by such objects deeply: a key
# that is a dataclass instance (hashable with eq=False) is written by a nested
# call of the writer.  Contrived, but the writer documents only TypeError and
# ValueError (it otherwise keeps its own stack, to any depth).
# -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class _Key:
    inner: Any


def test_finding_4_dataclass_keys_are_written_as_their_text() -> None:
    assert jsv.dumps({_Key("x"): 1}) == "{{inner:x}:1}"
    text = jsv.dumps({_Key({_Key("x"): 2}): 1})
    assert text == "{{inner:{{inner:x}:2}}:1}"
    assert jsv.loads(text) == {"{inner:{{inner:x}:2}}": "1"}


def test_finding_4_deeply_nested_dataclass_keys() -> None:
    key: Any = _Key("x")
    for _ in range(3000):
        key = _Key({key: 1})
    with pytest.raises(ValueError, match=r"^Map keys are nested too deeply to write$"):
        jsv.dumps({key: 1})


# -----------------------------------------------------------------------------
# Finding 5 (fuzz_typed, CI): `7922816E251426433750335` read as a Decimal, then
# written back without an exponent, as .NET writes decimals: 2.5e17 digits, a
# MemoryError.  Decimals beyond 1E+/-4300 (MAX_DECIMAL_EXPONENT) are now an
# error both ways (.NET's own decimal overflows far earlier).
# -----------------------------------------------------------------------------


def test_finding_5_decimal_exponents_are_bounded() -> None:
    with pytest.raises(jsv.JSVValidationError) as info:
        jsv.loads("[-0,7922816E251426433750335]", type=List[Decimal])
    assert (info.value.msg, info.value.path) == (
        "Expected `Decimal`, got `7922816E251426433750335`",
        "$[1]",
    )
    for text in ("1E4301", "1E-4301", "0E-99999999"):
        with pytest.raises(jsv.JSVValidationError, match=r"^Expected `Decimal`, got `"):
            jsv.loads(text, type=Decimal)
    assert jsv.loads("1E4300", type=Decimal) == Decimal("1E+4300")
    assert jsv.dumps(Decimal("1E+4300")) == "1" + "0" * 4300
    assert jsv.dumps(Decimal("-1E-4300")) == "-0." + "0" * 4299 + "1"
    for big in (Decimal("1E+4301"), Decimal("7922816E251426433750335"), Decimal("0E-4301")):
        with pytest.raises(ValueError, match=r"^Decimal .* too large or too small to write"):
            jsv.dumps([big])


# -----------------------------------------------------------------------------
# Finding 6 (fuzz_differential and fuzz_typed, compiled engine): the compiled
# reader remembers the plain key read at each place of a map, and took it again
# when the same chars and ':' followed -- also in lenient reading, where a key
# is trimmed: after a strict read of the key 'a ', a lenient read of '{a :1}'
# gave the key 'a ' instead of 'a'.  Keys are remembered and taken in strict
# reading only.
# -----------------------------------------------------------------------------


def test_finding_6_a_key_remembered_in_strict_reading_is_trimmed_in_lenient() -> None:
    assert jsv.loads("{a :1}") == {"a ": "1"}
    assert jsv.loads("{a :1}", lenient=True) == {"a": "1"}
    doc = '{\x00\x00a b" : 1 }'
    assert jsv.loads(doc) == {'\x00\x00a b" ': " 1 "}
    assert jsv.loads(doc, lenient=True) == {'\x00\x00a b"': "1"}
    assert jsv.loads(";\t:]", type=Dict[str, List[str]]) == {";\t": ["]"]}
    assert jsv.loads(";\t:]", type=Dict[str, List[str]], lenient=True) == {";": ["]"]}
