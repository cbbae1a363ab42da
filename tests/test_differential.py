"""Differential tests: the compiled engine against the pure-Python reference.

Both engines get the same input and must give the same result -- equal values
of the same types, map keys in the same order -- or the same error: the same
exception type, and for :class:`~jsv.JSVDecodeError` the same ``msg`` and
``pos`` (for the writer's ``TypeError``/``ValueError`` the same text).  The
inputs are Hypothesis-generated: JSV written from random values, token soup
from a grammar of valid and near-valid pieces, and valid documents mutated by
deleting, duplicating and inserting delimiters, blanks, CR/LF and characters of
every width (astral ones and lone surrogates included), read strict and
lenient, with ``infer`` on and off and small ``max_depth`` limits.

The functions are called directly (``jsv._reader.parse`` / ``jsv._writer.encode``
versus ``jsv._speedups.parse`` / ``encode``), not through :mod:`jsv._engine`.

* When ``JSV_NO_EXTENSIONS`` is unset, a missing or broken ``jsv._speedups`` is
  a failure, never a skip: the compiled engine is part of the product.
* Under ``JSV_NO_EXTENSIONS=1`` there is nothing to compare: no differential
  case is collected, and one test checks that pure Python is what runs.

``JSV_DIFF_EXAMPLES=N`` raises the number of examples per property (a fuzz
burst, e.g. under valgrind).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import os
import random
import string
from decimal import Decimal
from typing import Any, Callable, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jsv
from jsv import _engine, _reader, _writer
from jsv._common import Raw
from jsv._errors import JSVDecodeError
from strategies import same_value

NO_EXTENSIONS = bool(os.environ.get("JSV_NO_EXTENSIONS"))

_speedups: Any = None
_IMPORT_ERROR: Optional[BaseException] = None
if not NO_EXTENSIONS:
    try:
        from jsv import _speedups
    except ImportError as exc:  # a failure, reported by every test that needs it
        _IMPORT_ERROR = exc

EXAMPLES = int(os.environ.get("JSV_DIFF_EXAMPLES", "0")) or None


def _settings(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# =============================================================================
# comparing outcomes
# =============================================================================


def _outcome(fn: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except JSVDecodeError as exc:
        return "error", (type(exc), exc.msg, exc.pos, exc.doc is args[0])
    except (TypeError, ValueError, RecursionError, RuntimeError) as exc:
        return "error", (type(exc), str(exc))


def _fast() -> Any:
    if _speedups is None:
        pytest.fail(
            f"jsv._speedups cannot be imported ({_IMPORT_ERROR}); build it "
            "(python setup.py build_ext --inplace) or set JSV_NO_EXTENSIONS=1"
        )
    return _speedups


def check_parse(doc: str, lenient: bool, max_depth: int, infer: bool, use_decimal: bool) -> None:
    fast = _fast()
    args = (doc, lenient, max_depth, infer, use_decimal)
    want = _outcome(_reader.parse, *args)
    got = _outcome(fast.parse, *args)
    assert got[0] == want[0], (args, want, got)
    if want[0] == "ok":
        assert same_value(got[1], want[1]), (args, want, got)
    else:
        assert got[1] == want[1], (args, want, got)


def check_all_modes(doc: str, max_depth: int = 1024) -> None:
    for lenient in (False, True):
        for infer, use_decimal in ((False, False), (True, False), (True, True)):
            check_parse(doc, lenient, max_depth, infer, use_decimal)


def check_encode(obj: Any, default: Any = None, rename: Any = None) -> None:
    fast = _fast()
    want = _outcome(_writer.encode, obj, default, rename)
    got = _outcome(fast.encode, obj, default, rename)
    assert got[0] == want[0], (obj, want, got)
    if want[0] == "ok":
        assert type(got[1]) is str
        assert got[1] == want[1], (obj, want, got)
    else:
        assert got[1] == want[1], (obj, want, got)


# =============================================================================
# strategies
# =============================================================================

# Characters of every width: ASCII (delimiters, blanks, letters), Latin-1,
# BMP (including lone surrogates), astral.
_CHARS = st.one_of(
    st.sampled_from('":,{}[] \t\r\nabcXYZ019-+.eE'),
    st.characters(min_codepoint=0, max_codepoint=0x7F),
    st.characters(min_codepoint=0x80, max_codepoint=0xFF),
    st.characters(min_codepoint=0x100, max_codepoint=0xFFFF),  # surrogates included
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
)
_TEXT = st.text(_CHARS, max_size=12)

_NUMBER_TEXTS = st.sampled_from(
    [
        "0", "-0", "7", "-12", "007", "+5", "1.5", "-2.50", "1.", ".5", "1e5", "1E+05",
        "2.5e-3", "-1.5E7", "1e", "1e+", "NaN", "nan", "-NaN", "Infinity", "-Infinity",
        "infinity", "true", "TRUE", "False", "fAlSe", "truex", "1" * 25, "-" + "9" * 19,
        "9" * 18, "-" + "9" * 18, "1" * 5000, "1e400", "-1e-400", "0.1e1", "1_000",
    ]
)

_SCALARS = st.one_of(
    st.none(),
    _TEXT,
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.booleans(),
    _NUMBER_TEXTS,
)

_KEYS = st.one_of(_TEXT, _NUMBER_TEXTS, st.integers(-5, 5), st.booleans())


def _containers(children: Any) -> Any:
    return st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(_KEYS, children, max_size=5),
        st.lists(children, max_size=3).map(tuple),
    )


VALUES = st.recursive(_SCALARS, _containers, max_leaves=25)

# Pieces of JSV: delimiters, blanks, quoted strings, plain words and numbers.
_TOKENS = st.one_of(
    st.sampled_from(
        ["{", "}", "[", "]", ",", ":", '"', '""', '"a"', '"a""b"', '"x,y"', " ", "\t", "\r\n",
         "\n", "a", "key", "1", "-2.5e3", "true", "{}", "[]", "{a:b}", "[a,b]", ":,", "é",
         "€", "\U0001f600", "\ud800", "\udfff", "\u200b", "\ufeff"]
    ),
    _NUMBER_TEXTS,
    _TEXT,
)
TOKEN_SOUP = st.lists(_TOKENS, max_size=30).map("".join)

_INSERTS = st.one_of(
    st.sampled_from([*'",:{}[]', " ", "\t", "\r", "\n", "\r\n", '""']),
    st.sampled_from(["é", "ÿ", "Ā", "€", "\ud800", "\udc00", "\U0001f600", "\U0010ffff"]),
    _CHARS,
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """A valid document (written from random values) with a few local edits."""
    doc = _writer.encode(draw(VALUES))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "insert"]))
        n = len(doc)
        i = draw(st.integers(0, n))
        if op == "delete" and n:
            j = draw(st.integers(i, min(n, i + 3)))
            doc = doc[:i] + doc[j:]
        elif op == "duplicate" and n:
            j = draw(st.integers(i, min(n, i + 6)))
            doc = doc[:j] + doc[i:j] + doc[j:]
        else:
            doc = doc[:i] + draw(_INSERTS) + doc[i:]
    return doc


@st.composite
def pretty_documents(draw: st.DrawFn) -> str:
    """A written document with blanks, tabs and newlines around its delimiters."""
    doc = _writer.encode(draw(VALUES))
    blanks = st.sampled_from(["", " ", "  ", "\t", "\n", "\r\n", " \n "])
    out = [draw(blanks)]
    for ch in doc:
        if ch in "{}[],:":
            out.append(draw(blanks) + ch + draw(blanks))
        else:
            out.append(ch)
    out.append(draw(blanks))
    return "".join(out)


DEPTHS = st.one_of(st.integers(1, 5), st.just(1024))
MODES = st.tuples(st.booleans(), st.booleans(), st.booleans())  # lenient, infer, use_decimal


def _short_id(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int past the interpreter's int-to-str digit limit
        text = f"<huge {type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


class Unsupported:
    """An object no engine knows how to write."""

    def __repr__(self) -> str:
        return "Unsupported()"


def _bounded(convert: Callable[[Any], Any], limit: int = 5000) -> Callable[[Any], Any]:
    """``convert``, raising once it has been called more than ``limit`` times."""
    calls = [0]

    def default(o: Any) -> Any:
        calls[0] += 1
        if calls[0] > limit:
            raise AssertionError("default= called without end")
        return convert(o)

    return default


class Color(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: int
    y: Optional[str] = None
    tags: list[str] = dataclasses.field(default_factory=list)


# =============================================================================
# the tests
# =============================================================================


def test_compiled_engine_is_built() -> None:
    """Without JSV_NO_EXTENSIONS the compiled engine must exist and be in use."""
    if NO_EXTENSIONS:
        assert jsv.implementation == "python"
        assert _engine.available() == ("python",)
        return
    _fast()
    assert jsv.implementation == "cython"
    assert "cython" in _engine.available()


class TestParse:
    @_settings(150)
    @given(value=VALUES, depth=DEPTHS, mode=MODES)
    def test_written_values(self, value: Any, depth: int, mode: tuple[bool, bool, bool]) -> None:
        check_parse(_writer.encode(value), mode[0], depth, mode[1], mode[2])

    @_settings(200)
    @given(doc=TOKEN_SOUP, depth=DEPTHS, mode=MODES)
    def test_token_soup(self, doc: str, depth: int, mode: tuple[bool, bool, bool]) -> None:
        check_parse(doc, mode[0], depth, mode[1], mode[2])

    @_settings(250)
    @given(doc=mutated_documents(), depth=DEPTHS, mode=MODES)
    def test_mutated(self, doc: str, depth: int, mode: tuple[bool, bool, bool]) -> None:
        check_parse(doc, mode[0], depth, mode[1], mode[2])

    @_settings(80)
    @given(doc=pretty_documents(), depth=DEPTHS, mode=MODES)
    def test_pretty(self, doc: str, depth: int, mode: tuple[bool, bool, bool]) -> None:
        check_parse(doc, mode[0], depth, mode[1], mode[2])

    @_settings(100)
    @given(doc=st.text(_CHARS, max_size=40), mode=MODES)
    def test_any_text(self, doc: str, mode: tuple[bool, bool, bool]) -> None:
        check_parse(doc, mode[0], 1024, mode[1], mode[2])

    @pytest.mark.parametrize(
        "doc",
        [
            "", " ", "a", " a ", '"', '""', '"a""', '"a"""', '"a" ', '"a"x', "{", "[", "{}", "[]",
            "{ }", "[ ]", "[,]", "[a,]", "{a:}", "{:a}", "{:}", '{"":a}', "{a:b,}", "{,}", "{a}",
            "{a:b]", "[a}", "[}]", "{]:x}", "{a:b]c}", '{a:"b"c}', '["a"b]', "{{a:b}:c}",
            "{[a,b]:c}", "{ { a : b } : c }", "{{a:b}}", "{{a:b}:}", "[[[[]]]]", "[{}]x",
            "{a:b} \r\n", "{a:b}\t,", "{a:[1,2,,]}", "{a:1,a:2}", "{a:{x:1},a:3}", "[a b , c ]",
            "{ a b : c d }", "{a:\r\n}", "[\n]", " [ a , b ", " { a : b ", "\ufeff{a:b}",
            "{é:ü,€:\U0001f600}", "[\ud800,\udfff]", '{"a""b":"c""d"}', "[" * 30 + "]" * 30,
            "{a:1,b:-2.5e3,c:true,d:FALSE,e:NaN,f:-Infinity,g:007,h:" + "1" * 30 + "}",
            "[" + "9" * 5000 + "]", "[-0,0.0,-0.0,1e400,-1e400,1e-400]",
            "[1e9999999999999999999,-1.5E-99999999999999999999,1e999999999999999999]",
            "{{{{{a:b}:c}:d}:e}:f}", "[{{{a:b}:c}:d},{[{x:y}]:z}]", "\ufeff", "[\ufeffa,a\ufeff]",
        ],
    )
    def test_examples(self, doc: str) -> None:
        for depth in (1, 2, 3, 1024):
            check_all_modes(doc, depth)

    def test_deep_nesting_is_an_error_not_a_crash(self) -> None:
        for doc in ("[" * 30_000, "{a:" * 30_000, "[" * 5000 + "]" * 5000):
            check_all_modes(doc, 1024)
            check_parse(doc, False, 10**9, False, False)

    def test_key_cache_collisions(self) -> None:
        # Many distinct keys of every width through the same few cache slots.
        rng = random.Random(7)
        alphabet = string.ascii_letters + "éü€\U0001f600"
        keys = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(1000)
        ]
        value = {k: [k, {k: k}] for k in keys}
        doc = _writer.encode(value)
        check_all_modes(doc)
        check_all_modes(doc)  # again, with the caches full

    @_settings(200)
    @given(
        records=st.lists(
            st.dictionaries(
                st.sampled_from(["a", "ab", "abc", "b", "ab c", "a b", "é", "éa", "ab\"", "a]"]),
                st.one_of(
                    st.sampled_from(["x", "", "1"]),
                    st.dictionaries(st.sampled_from(["a", "ab", "b"]), st.just("y"), max_size=3),
                ),
                max_size=5,
            ),
            max_size=6,
        ),
        glue=st.sampled_from(["", " ", ":", ",", "\n"]),
        mode=MODES,
    )
    def test_records_with_look_alike_keys(
        self, records: list[dict[str, Any]], glue: str, mode: tuple[bool, bool, bool]
    ) -> None:
        """Maps in a list whose keys share prefixes at the same places (the
        compiled reader remembers each place's last key): as written, and with a
        char put after the first key of the last record."""
        doc = _writer.encode(records)
        check_parse(doc, mode[0], 1024, mode[1], mode[2])
        at = doc.rfind("{") + 2
        if at > 1:
            check_parse(doc[:at] + glue + doc[at:], mode[0], 1024, mode[1], mode[2])

    def test_non_str_document(self) -> None:
        with pytest.raises(TypeError, match=r"^the JSV document must be str, not bytes$"):
            _fast().parse(b"{a:b}")


class TestEncode:
    @_settings(200)
    @given(value=VALUES)
    def test_values(self, value: Any) -> None:
        check_encode(value)

    @_settings(100)
    @given(value=st.sets(st.one_of(_TEXT, st.integers(), st.booleans()), max_size=6))
    def test_sets(self, value: set[Any]) -> None:
        check_encode(value)
        check_encode([frozenset(value), value])

    @_settings(150)
    @given(x=st.floats(allow_nan=True, allow_infinity=True))
    def test_floats(self, x: float) -> None:
        check_encode(x)
        assert _fast()._format_float(x) == _writer.format_float(x)

    def test_random_doubles(self) -> None:
        # Random bit patterns cover every exponent; then the fixed/scientific edges.
        rng = random.Random(2026)
        fmt = _fast()._format_float
        import struct

        samples = [
            struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(5000)
        ]
        for e in range(-325, 309):
            for m in ("1", "9.999999999999999", "1.5", "123456789012345678"):
                samples.append(float(f"{m}e{e}"))
        samples += [1e-4, 9.999999999999999e-5, 1e15, 999999999999999.9, 1e16, 0.1, 5e-324]
        for x in samples:
            for y in (x, -x):
                assert fmt(y) == _writer.format_float(y), y

    @pytest.mark.parametrize(
        "value",
        [
            None, "", "a", '"', "a,b", 'a"b', "\r", "\n", " x ", "null", "é", "€\U0001f600",
            "\ud800", 0, -1, 2**63, -(2**63) - 1, 10**5000, -(10**5000), True, False, 0.0, -0.0,
            1e15, 1e16, 1e-5, math.nan, math.inf, -math.inf, Decimal("1E+3"), Decimal("-0.000"),
            Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), [None], [None, None], [1, None],
            {"a": None}, {None: 1}, {"": 1}, {2: 2, 1.5: 3, True: 4, (1, "a"): 5},
            {frozenset([1]): 6}, {Decimal("1.5"): 1}, [[], {}, ()], ([1, [2, {"x": (3,)}]],),
            {"a": [{"b": {"c": []}}]}, [Color.RED], {"k": Color.RED}, Point(1, "a,b", ["x"]),
            [Point(2)], {"p": Point(3, None)}, Raw("2020-01-02T03:04:05Z"),
            {Raw("a:b"): Raw("c:d")},
            ["é" * 3, "€", "\U0001f600", "x"], {"é": {"€": {"\U0001f600": "a:b"}}},
            "\ufeff", "\ufeffa", "a\ufeff", '\ufeff"x', ["\ufeff", "\ufeff\U0001f600"],
            {"\ufeffk": "\ufeffv"}, Raw("\ufeffx"), [Raw("\ufeffx")], Raw("\ufeff"),
        ],
        ids=lambda v: _short_id(v),
    )
    def test_examples(self, value: Any) -> None:
        check_encode(value)

    def test_subclasses_and_mappings(self) -> None:
        import collections

        class S(str):
            pass

        class I(int):  # noqa: E742
            pass

        class F(float):
            pass

        check_encode([S("a,b"), S(""), S("x"), I(5), F(1.5), collections.OrderedDict(a=1, b=None)])
        check_encode(collections.defaultdict(list, {"a": [1]}))
        check_encode({S("k:1"): 1, I(3): 2})

    def test_unsupported_and_default(self) -> None:
        u = Unsupported()
        check_encode(u)
        check_encode([1, {"a": u}])
        check_encode({u: 1})
        check_encode({u: None})  # a None value skips its key entirely
        check_encode([u], default=repr)
        check_encode([u, {"k": u}], default=lambda o: [1, "a,b"])
        check_encode([u], default=lambda o: None)
        check_encode([u], default=lambda o: o)  # default gives back the same object
        # ... inside a new container; a new object each time.  (Bounded: should an
        # engine loop, the test fails instead of hanging; test_encode pins the error.)
        check_encode([u], default=_bounded(lambda o: {"x": o}))
        check_encode([u, u], default=_bounded(lambda o: [1, {"x": [o]}]))
        check_encode([u], default=_bounded(lambda o: Unsupported()))
        check_encode([u], default=_bounded(lambda o: {"x": Unsupported()}))
        check_encode([u, [u, (u,)]], default=lambda o: {"k": [1]})  # shared, not circular

        def fails(o: Any) -> Any:
            raise TypeError("no")

        check_encode([u], default=fails)

    def test_cycles(self) -> None:
        a: list[Any] = [1]
        a.append(a)
        check_encode(a)
        d: dict[str, Any] = {"x": 1}
        d["self"] = [d]
        check_encode(d)
        t: tuple[list[Any]] = ([],)
        t[0].append(t)
        check_encode(t)
        shared = [1, 2]
        check_encode([shared, shared, {"a": shared}])  # shared, not circular
        deep: list[Any] = []
        cur = deep
        for _ in range(200):
            cur.append([])
            cur = cur[0]
        cur.append(deep)
        check_encode(deep)

    def test_deep_nesting(self) -> None:
        value: Any = "x"
        for i in range(100_000):
            value = [value] if i % 2 else {"k": value}
        check_encode(value)

    @pytest.mark.parametrize("how", ["grow", "replace", "shrink", "append"])
    def test_mutation_during_iteration(self, how: str) -> None:
        """A default= that mutates the container being written: the same outcome."""

        def scenario() -> tuple[Any, Callable[[Any], Any]]:
            if how == "append":
                lst: list[Any] = [Unsupported(), 1]

                def append(o: Any) -> Any:
                    if len(lst) < 5:
                        lst.append(len(lst))
                    return 0

                return lst, append
            d: dict[str, Any] = {"a": Unsupported(), "b": 1}

            def mutate(o: Any) -> Any:
                if how == "grow":
                    d["c"] = 3
                elif how == "replace":  # same size, new keys
                    del d["a"]
                    d["c"] = 2
                else:
                    d.pop("b", None)
                return 0

            return d, mutate

        want = _outcome(_writer.encode, *scenario())
        got = _outcome(_fast().encode, *scenario())
        assert got == want


if NO_EXTENSIONS:
    # Nothing to compare: only test_compiled_engine_is_built (checking that pure
    # Python runs) is collected.
    del TestParse, TestEncode
