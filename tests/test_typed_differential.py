"""Differential tests of typed conversion: ``_speedups.run`` against ``_typed.run``.

``jsv._typed.run(plan, value)`` is the reference; ``jsv._speedups.run`` is
its compiled twin.  Both are called directly (not through :mod:`jsv._engine`,
whose choice would make both sides the reference under the Python engine).
Both get the same plan and the same untyped value and must give

* equal results of the same types all the way down (``True`` is not ``1``, an
  enum member is not its value, dict keys in the same order, the attributes of
  dataclass instances including ``init=False`` ones), or
* the same error: :class:`~jsv.JSVValidationError` with the same ``msg`` and
  ``path`` and a ``__cause__`` of the same type and text, or any other
  exception of the same type and text;

and user code must run the same number of times (``__post_init__`` is counted),
on success and on error.

The values are Hypothesis-generated from the schemas below -- nested and
recursive dataclasses, Optional, enums (str, int, str-mixin and flag), lists,
tuples, frozensets, dicts with str and int keys, bools, unions, literals,
datetimes, decimals, defaults and default factories, ``init=False`` and
``InitVar`` fields, frozen classes, dataclasses-json camelCase names -- as
JSV's reader produces them (text, lists, dicts, None), with keys spelled in
every case style, and then made wrong on purpose: junk scalar text, the wrong
shape (a list for a map, a map for text...), missing required fields, unknown
keys (read with and without ``forbid_unknown_fields``), ``__type`` keys, and
already-typed Python values (ints, bools, tuples, mappings) where
:func:`jsv.convert` accepts them.

Under ``JSV_NO_EXTENSIONS=1`` there is nothing to compare and the module is
skipped; otherwise a compiled engine that cannot be imported fails every test
(CI builds it, and checks that it is active).

``JSV_DIFF_EXAMPLES=N`` raises the number of examples per property.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import os
import types
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable, Dict, FrozenSet, List, Literal, NamedTuple, Optional, Tuple, Union

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsv import JSVValidationError, _engine, _typed

if os.environ.get("JSV_NO_EXTENSIONS"):
    pytest.skip("JSV_NO_EXTENSIONS=1: no compiled engine to compare", allow_module_level=True)

_speedups: Any = None
_IMPORT_ERROR: Optional[BaseException] = None
try:
    from jsv import _speedups
except ImportError as exc:  # a failure, reported by every test that needs it
    _IMPORT_ERROR = exc

EXAMPLES = int(os.environ.get("JSV_DIFF_EXAMPLES", "0")) or None


def compiled_run(plan: Any, value: Any) -> Any:
    """The compiled engine's ``convert``; its absence fails the test."""
    if _speedups is None:
        pytest.fail(
            f"jsv._speedups cannot be imported ({_IMPORT_ERROR}); build it "
            "(python setup.py build_ext --inplace) or set JSV_NO_EXTENSIONS=1"
        )
    return _speedups.run(plan, value)


def _settings(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "Red"
    GREEN = "Green"
    DARK_BLUE = "DarkBlue"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


class Mode(str, enum.Enum):
    ON = "on"
    OFF = "off"


class Perm(enum.Flag):
    READ = 1
    WRITE = 2


@dataclass
class Leaf:
    name: str
    count: int
    ratio: float = 0.5
    on: bool = False
    color: Optional[Color] = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


@dataclass
class Inner:
    """Wire names in camelCase, as dataclasses-json's ``letter_case`` gives them."""

    dataclass_json_config = {"letter_case": _camel}  # noqa: RUF012 - read by the typed layer

    item_id: str
    tag_list: List[str] = field(default_factory=list)
    attrs: Dict[str, str] = field(default_factory=dict)
    leaf: Optional[Leaf] = None
    size: Size = Size.SMALL
    mode: Optional[Mode] = None


class Point(NamedTuple):
    x: int
    y: int = 0


@dataclass
class Outer:
    key: str
    items: List[Inner]
    by_name: Dict[str, Leaf] = field(default_factory=dict)
    when: Optional[datetime] = None
    amount: Optional[Decimal] = None
    extra: Any = None
    either: Union[int, str, None] = None
    nums: Tuple[int, ...] = ()
    uniq: FrozenSet[str] = frozenset()
    flags: Dict[int, bool] = field(default_factory=dict)
    perm: Optional[Perm] = None
    lit: Literal["a", "b"] = "a"
    point: Optional[Point] = None
    colors: List[Optional[Color]] = field(default_factory=list)


@dataclass
class Node:
    name: str
    children: List[Node] = field(default_factory=list)
    parent_name: Optional[str] = None


#: Values ``Checked.__post_init__`` saw, to count calls of user code.
POST_INIT_CALLS: List[Any] = []


@dataclass
class Checked:
    value: int
    label: str = ""
    computed: int = field(init=False, default=0)
    stamp: List[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        POST_INIT_CALLS.append(self.value)
        if self.label == "boom":
            raise ValueError("boom label")
        if self.label == "type":
            raise TypeError("bad label type")
        if self.label == "key":
            raise KeyError("not wrapped")
        self.computed = self.value * 2


@dataclass(frozen=True)
class Frozen:
    a: str
    b: Optional[int] = None


@dataclass
class WithInitVar:
    a: int
    scale: InitVar[int] = 1

    def __post_init__(self, scale: int) -> None:
        POST_INIT_CALLS.append(("initvar", self.a))
        self.a *= scale


@dataclass
class Holder:
    checked: List[Checked] = field(default_factory=list)
    frozen: Optional[Frozen] = None
    initvar: Optional[WithInitVar] = None
    node: Optional[Node] = None
    outer: Optional[Outer] = None
    named: Dict[str, Checked] = field(default_factory=dict)


@dataclass
class Base:
    id: str
    kind: Optional[str] = None


@dataclass
class Sub(Base):
    extra: int = 0


@dataclass
class Poly:
    item: Base
    items: List[Base] = field(default_factory=list)
    anything: Any = None


ROOTS: List[Any] = [Leaf, Inner, Outer, Node, Holder, List[Leaf], Dict[str, Optional[Inner]]]
TYPE_MAP = {"Sub": Sub, "My.Base, Lib": Base}


# ---------------------------------------------------------------------------
# Untyped values for a type: right, or wrong on purpose
# ---------------------------------------------------------------------------

_JUNK_TEXT = st.sampled_from(["", " ", "x", "null", "[", "{a:1}", "True", "1.5", "-", "Ünï"])

junk: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    _JUNK_TEXT,
    st.text(max_size=6),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.integers(-3, 3),
    st.booleans(),
    st.floats(allow_nan=True),
)


def _mostly(
    usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], odds: int = 10
) -> st.SearchStrategy[Any]:
    """``usual``, and one time in ``odds`` ``rare``."""
    return st.integers(0, odds - 1).flatmap(lambda i: rare if i == 0 else usual)


def _sometimes_wrong(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``valid``, sometimes junk of any shape."""
    return _mostly(valid, junk, 16)


_INT_TEXT = _mostly(
    st.one_of(st.integers(-(10**20), 10**20).map(str), st.integers(-5, 300).map(str)),
    st.sampled_from(
        [" 12", "-0", "007", "+1", "1.5", "1e3", "\uff11\uff12", "9" * 19, "-" + "9" * 18, ""]
    ),
)
_FLOAT_TEXT = _mostly(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1,000.5", "NaN", "Infinity", "-Infinity", "1e5", ".5", "x", "", "1_0"]),
)
_BOOL_TEXT = _mostly(
    st.sampled_from(["True", "False", "true", "false"]),
    st.sampled_from(["TRUE", "1", "0", "y", "N", "on", "OFF", " true ", "maybe", ""]),
)
_DATETIME_TEXT = _mostly(
    st.sampled_from(
        ["2024-01-02T03:04:05", "2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05+02:00"]
    ),
    st.sampled_from(["/Date(1700000000000)/", "2024-01-02", "2024-13-01T00:00:00", "x"]),
)


def _enum_text(cls: Any) -> st.SearchStrategy[str]:
    written = set()  # what ServiceStack writes, and the exact names
    other = {"Purple", "3", "READ, WRITE", "red", ""}
    for member in cls:
        written.add(member.name)
        written.add(member.value if isinstance(member.value, str) else str(member.value))
        other.update({member.name.lower(), member.name.replace("_", "")})
    return _mostly(st.sampled_from(sorted(written)), st.sampled_from(sorted(other)))


def _spellings(name: str, wire: str) -> List[str]:
    camel = _camel(name)
    return sorted(
        {name, wire, camel, camel[:1].upper() + camel[1:], name.upper(), name.replace("_", "-")}
    )


def _untyped_any(depth: int) -> st.SearchStrategy[Any]:
    leaf = st.one_of(st.none(), st.text(max_size=4))
    if depth <= 0:
        return leaf
    inner = _untyped_any(depth - 1)
    return st.one_of(
        leaf,
        st.lists(inner, max_size=2),
        st.dictionaries(st.sampled_from(["__type", "id", "kind", "x"]), inner, max_size=3),
        st.fixed_dictionaries(
            {
                "__type": st.sampled_from(["Sub", "My.Base, Lib", "Other", "x.Sub, A"]),
                "id": st.text(max_size=3),
            }
        ),
    )


def values(tp: Any, depth: int = 3) -> st.SearchStrategy[Any]:
    """What the reader could produce for ``tp``: right, or wrong in some way."""
    return _sometimes_wrong(_valid(tp, depth))


def _valid(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    origin = getattr(tp, "__origin__", None)
    args: Tuple[Any, ...] = getattr(tp, "__args__", ())
    if tp is str:
        return st.text(max_size=8)
    if tp is int:
        return st.one_of(_INT_TEXT, st.integers(-(10**6), 10**6))
    if tp is float:
        return st.one_of(_FLOAT_TEXT, st.floats(allow_nan=True), st.integers(-5, 5))
    if tp is Decimal:
        return st.one_of(_FLOAT_TEXT, st.decimals(allow_nan=False, places=3))
    if tp is bool:
        return st.one_of(_BOOL_TEXT, st.booleans())
    if tp is datetime:
        return _DATETIME_TEXT
    if tp is Any:
        return _untyped_any(2)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.one_of(_enum_text(tp), st.sampled_from(list(tp)))
    if origin is Union:
        members = [a for a in args if a is not type(None)]
        options = [values(a, depth) for a in members]
        if len(members) < len(args):
            options.append(st.none())
        return st.one_of(*options)
    if origin is Literal:
        return _mostly(st.sampled_from(["a", "b"]), st.sampled_from(["c", "A", ""]))
    if origin in (list, tuple, frozenset):
        item = values(args[0], depth - 1) if depth > 0 else st.nothing()
        items = st.lists(item, max_size=3)
        return st.one_of(items, items.map(tuple)) if depth > 0 else st.just([])
    if origin is dict:
        key = args[0]
        keys = st.text(max_size=4) if key is str else st.one_of(_INT_TEXT, st.none())
        if depth <= 0:
            return st.just({})
        mapping = st.dictionaries(keys, values(args[1], depth - 1), max_size=3)
        return st.one_of(mapping, mapping.map(types.MappingProxyType))
    if isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"):
        as_list = st.lists(values(int, depth), min_size=0, max_size=3)
        as_map = st.fixed_dictionaries(
            {}, optional={"x": values(int, depth), "Y": values(int, depth)}
        )
        return st.one_of(as_list, as_map)
    if dataclasses.is_dataclass(tp):
        return _dataclass_map(tp, depth)
    raise AssertionError(f"no strategy for {tp!r}")  # pragma: no cover


@st.composite
def _dataclass_map(draw: st.DrawFn, cls: Any, depth: int) -> Any:
    """A map for ``cls``: each field present or not, under one of its spellings."""
    plan = _typed._get_plan(cls, _typed._Options(False, None, None))
    assert isinstance(plan, _typed.DataclassPlan)
    out: Dict[Any, Any] = {}
    for f in plan.fields:
        if f.name == "children" and depth <= 0:
            continue
        # Absent: the default, or (now and then) a missing required field.
        if draw(st.integers(0, 3 if f.default is not _typed._MISSING else 24)) == 0:
            continue
        key = draw(st.sampled_from(_spellings(f.name, f.wire)))
        out[key] = draw(values(_declared(cls, f.name), depth - 1))
    if draw(st.integers(0, 5)) == 0:  # unknown keys, __type, non-str keys
        extra = draw(
            st.dictionaries(
                st.one_of(
                    st.sampled_from(["zzz", "__type", " __TYPE ", "Item-ID", "id "]), st.none()
                ),
                st.text(max_size=3),
                max_size=2,
            )
        )
        out.update(extra)
    if draw(st.integers(0, 9)) == 0:
        return types.MappingProxyType(out)
    return out


def _declared(cls: Any, name: str) -> Any:
    hints = dict(_typed._field_types(cls)[1])
    tp = hints[name]
    if isinstance(tp, InitVar):
        return tp.type
    return tp


# ---------------------------------------------------------------------------
# Comparing outcomes
# ---------------------------------------------------------------------------


def canon(x: Any) -> Any:
    """``x`` as nested tuples that compare equal only for equal values of the same types."""
    t = type(x)
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return (t, tuple(sorted((k, canon(v)) for k, v in vars(x).items())))
    if isinstance(x, (list, tuple)):
        return (t, tuple(canon(v) for v in x))
    if isinstance(x, (set, frozenset)):
        return (t, frozenset(canon(v) for v in x))
    if isinstance(x, dict):
        return (t, tuple((canon(k), canon(v)) for k, v in x.items()))
    if isinstance(x, (float, Decimal)):
        return (t, repr(x))
    return (t, x)


def outcome(fn: Callable[[Any, Any], Any], plan: Any, value: Any) -> Tuple[Any, ...]:
    del POST_INIT_CALLS[:]
    try:
        result = fn(plan, value)
    except JSVValidationError as e:
        cause = e.__cause__
        got: Tuple[Any, ...] = ("invalid", e.msg, e.path, type(cause), str(cause))
    except Exception as e:  # any other exception must be the same one too
        got = ("raised", type(e), str(e))
    else:
        got = ("ok", canon(result))
    return (*got, tuple(POST_INIT_CALLS))


def check(plan: Any, value: Any) -> None:
    expected = outcome(_typed.run, plan, value)
    actual = outcome(compiled_run, plan, value)
    assert actual == expected
    # A second run (with whatever the first one cached) gives the same again.
    assert outcome(compiled_run, plan, value) == expected


def _plan(tp: Any, forbid: bool = False, type_map: Any = None) -> Any:
    return _typed._get_plan(tp, _typed._Options(forbid, type_map, None))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def test_engine_convert_is_the_engines(engine: str) -> None:
    """Each engine routes typed conversion to its own runner."""
    if engine == "python":
        assert _engine.run is _typed.run
    else:
        assert _engine.run is _speedups.run


@pytest.mark.parametrize("forbid", [False, True], ids=["lenient-keys", "forbid-unknown"])
@pytest.mark.parametrize("root", ROOTS, ids=lambda tp: getattr(tp, "__name__", repr(tp)))
@_settings(150)
@given(data=st.data())
def test_same_outcome(root: Any, forbid: bool, data: Any) -> None:
    plan = _plan(root, forbid)
    check(plan, data.draw(values(root), label="value"))


@_settings(150)
@given(value=values(Poly))
def test_same_outcome_with_type_map(value: Any) -> None:
    check(_plan(Poly, type_map=TYPE_MAP), value)


@_settings(100)
@given(value=st.lists(values(Checked), max_size=4), forbid=st.booleans())
def test_user_code_runs_once(value: Any, forbid: bool) -> None:
    """``__post_init__`` (which may fail) runs as often in both, on success and on error."""
    check(_plan(List[Checked], forbid), value)


def test_fixed_cases(engine: str) -> None:
    """Cases the generators reach only rarely.

    Container keys (``Dict[Leaf, int]``) are read as JSV text by the engine in
    use, for both runners alike, hence the ``engine`` fixture.
    """
    cases: List[Tuple[Any, Any]] = [
        (Leaf, {"name": "a", "count": "1", "on": "True", "color": "DarkBlue"}),
        (Leaf, {"Name": "a", "COUNT": " 7 ", "Ratio": "1e400", "on": "y", "color": "dark_blue"}),
        (Leaf, {"name": None, "count": "1"}),
        (Leaf, {"name": "a", "count": None}),
        (Leaf, {"name": "a"}),
        (Leaf, ["a", "1"]),
        (Leaf, "text"),
        (Leaf, {"name": "a", "count": "99999999999999999999999999"}),
        (Leaf, {"name": "a", "count": "-999999999999999999"}),
        (Inner, {"itemId": "x", "tagList": ["a", None], "attrs": {"k": ["v"]}}),
        (Inner, {"itemId": "x", "leaf": {"name": "n"}}),
        (Outer, {"key": "k", "items": [{"itemId": "x"}, {"itemId": "y", "size": "3"}]}),
        (Outer, {"key": "k", "items": [], "flags": {"1": "True", "x": "False"}}),
        (Outer, {"key": "k", "items": [], "flags": {None: "True"}}),
        (Outer, {"key": "k", "items": [], "uniq": [["unhashable"]]}),
        (Outer, {"key": "k", "items": [], "by_name": {"a b": {"name": "n"}}}),
        (Node, {"name": "a", "children": [{"name": "b", "children": [{"children": []}]}]}),
        (Holder, {"checked": [{"value": "1"}, {"value": "2", "label": "boom"}]}),
        (Holder, {"checked": [{"value": "1", "label": "type"}]}),
        (Holder, {"checked": [{"value": "1", "label": "key"}]}),
        (Holder, {"checked": [{"value": "1", "computed": "5", "stamp": ["s"]}]}),
        (Holder, {"frozen": {"a": "x", "b": "2"}, "initvar": {"a": "2", "scale": "3"}}),
        (Holder, {"named": {"x": {"value": "1", "label": "boom"}}}),
        (Dict[List[str], int], {"[a,b]": "1"}),  # an unhashable key
        (Dict[Leaf, int], {"{name:a,count:1}": "2"}),
        (Dict[Leaf, int], {"{name:a": "2"}),
        (Dict[Optional[Size], str], {None: "x", "1": "y", "SMALL": "z"}),
    ]
    for forbid in (False, True):
        for tp, value in cases:
            check(_plan(tp, forbid), value)


def test_deep_nesting_gives_the_same_error() -> None:
    data: Dict[str, Any] = {"name": "leaf"}
    for _ in range(5000):
        data = {"name": "n", "children": [data]}
    plan = _plan(Node)
    expected = outcome(_typed.run, plan, data)
    assert expected[0] == "invalid" and expected[1] == "Value is nested too deeply to convert"
    assert outcome(compiled_run, plan, data) == expected


def test_nan_canon() -> None:
    """The comparison itself: NaN equals NaN, True is not 1."""
    assert canon([math.nan]) == canon([math.nan])
    assert canon([True]) != canon([1])


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


#: Texts near the canonical spellings the compiled runner reads itself: every
#: digit random (so days past the month's end, year 0000, hour 24, second 60),
#: 0 to 9 fraction digits, a ``Z``, an offset or a stray char at the end.
_NEAR_ISO = st.builds(
    lambda y, mo, d, tail: f"{y}-{mo}-{d}{tail}",
    st.one_of(_digits(4), st.sampled_from(["2024", "2000", "1900", "0001", "9999", "0000"])),
    st.one_of(_digits(2), st.sampled_from(["01", "02", "12", "13", "00"])),
    st.one_of(_digits(2), st.sampled_from(["28", "29", "30", "31", "00"])),
    st.one_of(
        st.just(""),
        st.builds(
            lambda h, mi, s, frac, zone: f"T{h}:{mi}:{s}{frac}{zone}",
            st.one_of(_digits(2), st.sampled_from(["23", "24", "00"])),
            _digits(2),
            st.one_of(_digits(2), st.sampled_from(["59", "60"])),
            st.one_of(st.just(""), st.integers(0, 9).flatmap(_digits).map(lambda t: "." + t)),
            st.sampled_from(["", "", "Z", "+02:00", "-0130", "z", " ", "Zx"]),
        ),
        st.sampled_from([" ", "T", "T12:00", "x", "\u0660"]),
    ),
)
_NEAR_DECIMAL = st.builds(
    lambda sign, whole, frac, tail: f"{sign}{whole}{frac}{tail}",
    st.sampled_from(["", "", "-", "+", "--"]),
    st.text("0123456789", max_size=40),
    st.one_of(st.just(""), st.text("0123456789", max_size=30).map(lambda t: "." + t)),
    st.sampled_from(["", "", "", "e3", " ", ",", "x", "\u0661"]),
)


@_settings(300)
@given(
    text=st.one_of(_NEAR_ISO, _NEAR_DECIMAL),
    tp=st.sampled_from([datetime, date, Decimal, Optional[datetime], List[Decimal]]),
)
def test_same_outcome_for_dates_and_decimals(text: str, tp: Any) -> None:
    """Canonical date, date-time and decimal texts are read by the compiled runner
    itself; near misses must reach the reference's parser and its error."""
    value: Any = [text, text] if tp == List[Decimal] else text
    check(_plan(tp), value)
