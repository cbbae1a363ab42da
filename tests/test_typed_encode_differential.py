"""Typed writing, differentially: the compiled writer against the reference writer.

The compiled ``encode`` writes dataclasses and enum members itself (see
``_speedups.pyx``); the reference (``jsv._writer.encode``) is the oracle.  Both
get the same random typed values -- dataclasses nested in lists, dicts and each
other, inheritance, ``None`` fields, every kind of enum, datetimes, dates,
times, durations, UUIDs, Decimals, bytes, ``Raw`` text -- under every
``rename``, and must write the same text or raise the same error.  Both engines
are called directly, so the result does not depend on the ``engine`` fixture.

Under ``JSV_NO_EXTENSIONS=1`` there is no compiled writer and no test is
collected here (as in test_differential.py); otherwise a missing one fails them.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, Callable, ClassVar, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsv import _writer
from jsv._common import Raw

NO_EXTENSIONS = bool(os.environ.get("JSV_NO_EXTENSIONS"))

_speedups: Any = None
_IMPORT_ERROR: Optional[BaseException] = None
if not NO_EXTENSIONS:
    try:
        from jsv import _speedups
    except ImportError as exc:  # a failure, reported by every test below
        _IMPORT_ERROR = exc

EXAMPLES = int(os.environ.get("JSV_DIFF_EXAMPLES", "0")) or None


def _settings(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def _fast() -> Any:
    if _speedups is None:
        pytest.fail(f"jsv._speedups cannot be imported ({_IMPORT_ERROR}); build it")
    return _speedups


def _outcome(fn: Callable[..., Any], *args: Any) -> Tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except (TypeError, ValueError, AttributeError, RecursionError, RuntimeError) as exc:
        return "error", (type(exc), str(exc))


def check(obj: Any, default: Any = None, rename: Any = None) -> str:
    want = _outcome(_writer.encode, obj, default, rename)
    got = _outcome(_fast().encode, obj, default, rename)
    assert got == want, (obj, rename, want, got)
    if want[0] == "ok":
        assert type(got[1]) is str
    return str(want[1])


# ---------------------------------------------------------------------------
# types
# ---------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "Red"
    GREEN = "Green, dark"  # needs quotes
    BLUE = "Blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 20


class Perm(enum.Flag):
    R = 1
    W = 2
    X = 4


class Shape(enum.Enum):  # values neither str nor int: written by name
    SQUARE = (1, 1)
    LINE = (1, 0)


class Mode(str, enum.Enum):
    FAST = "fast"
    SLOW = "slow: careful"


class Wrapped(enum.Enum):  # a Raw-typed value
    STAMP = 1.5


@dataclass
class Leaf:
    text: Optional[str] = None
    number: Optional[int] = None
    ratio: Optional[float] = None
    ok: Optional[bool] = None
    color: Optional[Color] = None


@dataclass
class Entity:
    id: Optional[str] = None
    created: Optional[datetime] = None


@dataclass
class Session(Entity):
    dial_state: Optional[Color] = None
    level: Optional[Level] = None
    perm: Optional[Perm] = None
    shape: Optional[Shape] = None
    mode: Optional[Mode] = None
    day: Optional[date] = None
    clock: Optional[time] = None
    span: Optional[timedelta] = None
    ident: Optional[uuid.UUID] = None
    amount: Optional[Decimal] = None
    blob: Optional[bytes] = None
    raw: Optional[Raw] = None
    leaves: List[Leaf] = field(default_factory=list)
    by_key: Dict[str, Any] = field(default_factory=dict)
    tags: Tuple[str, ...] = ()
    child: Optional[Session] = None


@dataclass(frozen=True)
class Frozen:
    a_b: int
    c: Optional[Color] = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


@dataclass
class Camel:
    dataclass_json_config: ClassVar[Dict[str, Any]] = {"letter_case": _camel}
    first_name: str = "x"
    last_name: Optional[str] = None


if hasattr(dataclasses, "KW_ONLY"):  # slots=True needs Python 3.10

    @dataclass(slots=True)
    class Slotted:
        x: int = 0
        y: Optional[Color] = None

else:  # pragma: no cover

    @dataclass
    class Slotted:  # type: ignore[no-redef]
        x: int = 0
        y: Optional[Color] = None


# ---------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------

_text = st.text(max_size=10)
_tz = st.sampled_from([timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5))])
_when = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)) | st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=_tz
)
_leaf = st.builds(
    Leaf,
    text=st.none() | _text,
    number=st.none() | st.integers(-(2**70), 2**70),
    ratio=st.none() | st.floats(),
    ok=st.none() | st.booleans(),
    color=st.none() | st.sampled_from(Color),
)
_perm = st.sampled_from([Perm.R, Perm.W, Perm.R | Perm.X, Perm(0), Perm.R | Perm.W | Perm.X])
_scalars = st.one_of(
    _text,
    st.integers(),
    st.booleans(),
    st.sampled_from(Color),
    st.sampled_from(Level),
    _perm,
    st.sampled_from(Shape),
    st.sampled_from(Mode),
    st.sampled_from(Wrapped),
    _when,
    st.dates(),
    st.uuids(),
    st.decimals(allow_nan=False, places=3),
)


def _sessions(depth: int) -> st.SearchStrategy[Session]:
    child = st.none() if depth == 0 else st.none() | _sessions(depth - 1)
    return st.builds(
        Session,
        id=st.none() | _text,
        created=st.none() | _when,
        dial_state=st.none() | st.sampled_from(Color),
        level=st.none() | st.sampled_from(Level),
        perm=st.none() | _perm,
        shape=st.none() | st.sampled_from(Shape),
        mode=st.none() | st.sampled_from(Mode),
        day=st.none() | st.dates(),
        clock=st.none() | st.times(),
        span=st.none() | st.timedeltas(),
        ident=st.none() | st.uuids(),
        amount=st.none() | st.decimals(allow_nan=False),
        blob=st.none() | st.binary(max_size=8),
        raw=st.none() | _text.map(Raw),
        leaves=st.lists(_leaf, max_size=3),
        by_key=st.dictionaries(_text, st.none() | _scalars | _leaf, max_size=3),
        tags=st.lists(_text, max_size=3).map(tuple),
        child=child,
    )


_values = st.recursive(
    st.one_of(
        _scalars,
        _leaf,
        _sessions(1),
        st.builds(Frozen, st.integers(), st.none() | st.sampled_from(Color)),
        st.builds(Camel, _text, st.none() | _text),
        st.builds(Slotted, st.integers(), st.none() | st.sampled_from(Color)),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)

_renames = st.sampled_from(
    [
        None,
        "camel",
        "pascal",
        "snake",
        {"first_name": "given", "id": "Ident"},
        {"first_name": "prénom", "last_name": "名", "text": "\U0001f600"},
        str.upper,
        lambda name: None if name == "id" else name + "_",
    ]
)


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------


@_settings(300)
@given(value=_values, rename=_renames)
def test_random_typed_values(value: Any, rename: Any) -> None:
    check(value, None, rename)


@_settings(100)
@given(session=_sessions(2))
def test_random_sessions_twice_in_a_row(session: Session) -> None:
    # The second call runs on what the first one remembered per class and member.
    first = check([session, session])
    assert check([session, session]) == first


def test_known_texts() -> None:
    session = Session(
        id="s1",
        created=datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        dial_state=Color.GREEN,
        level=Level.HIGH,
        perm=Perm.R | Perm.W,
        shape=Shape.LINE,
        mode=Mode.SLOW,
        ident=uuid.UUID(int=1),
        amount=Decimal("1.50"),
        leaves=[Leaf(text="a", color=Color.RED), Leaf()],
        by_key={"k": Color.BLUE, "n": None},
    )
    # Own fields first, then the base class's, as ServiceStack orders members.
    assert check(session) == (
        '{dial_state:"Green, dark",level:20,perm:3,shape:LINE,mode:"slow: careful",'
        "ident:00000000000000000000000000000001,amount:1.50,"
        "leaves:[{text:a,color:Red},{}],by_key:{k:Blue},tags:[],"
        "id:s1,created:2020-01-02T03:04:05Z}"
    )
    assert check(Camel("Ann", "Lee")) == "{firstName:Ann,lastName:Lee}"
    assert check(Camel("Ann"), rename="snake") == "{first_name:Ann}"
    assert check(Frozen(1, Color.GREEN), rename="pascal") == '{AB:1,C:"Green, dark"}'
    assert (
        check([Color.RED, Level.LOW, Perm(0), Mode.FAST, Wrapped.STAMP]) == "[Red,1,0,fast,STAMP]"
    )
    assert check({Color.GREEN: Frozen(2)}) == '{"Green, dark":{a_b:2}}'


def test_the_same_errors() -> None:
    loop = Session(id="x")
    loop.child = loop
    check(loop)
    assert _outcome(_writer.encode, loop, None, None) == (
        "error",
        (ValueError, "Circular reference detected"),
    )
    inner = Session()
    inner.leaves = [inner]  # type: ignore[list-item]
    check([inner])
    broken = Leaf()
    del broken.text
    check(broken)  # AttributeError, as getattr raises it
    check(Session(by_key={"x": object()}))  # TypeError: not serializable
    check(Session(by_key={"x": object()}), default=repr)
    check(Session(by_key={"x": object()}), default=lambda o: Leaf(text="d"))
    check(Leaf, None, None)  # a dataclass class is not an instance
    check(Frozen(1), None, 42)  # an invalid rename


def test_a_dataclass_with_many_fields_and_wide_text() -> None:
    cls = dataclasses.make_dataclass(
        "Wide", [(f"f{i}", Optional[str], dataclasses.field(default=None)) for i in range(40)]
    )
    value = cls(
        *[("é" if i % 3 == 0 else "\U0001f600" if i % 3 == 1 else "a,b") for i in range(40)]
    )
    check([value, value])


def test_enum_with_many_members_and_flags() -> None:
    big = enum.Enum("Big", {f"M{i}": f"m{i}" for i in range(60)})  # type: ignore[misc]
    members = list(big) * 2
    check(members)
    flags = [Perm(i) for i in range(8)] * 3
    check(flags)


@dataclass
class _Record:
    a: str = "a"
    b: int = 1
    c: Optional[str] = None
    d: List[Any] = field(default_factory=list)


@dataclass
class _Derived(_Record):
    e: str = "e"
    f: bool = True


def test_instance_dicts_out_of_the_learnt_order() -> None:
    """The compiled writer reads a field at the dict position its name had in the
    first instance it wrote (checking the key found there); instances whose dict
    has another order, holes, extra or missing entries, or changes while it is
    written, must still be written as the reference reads them by name."""

    def reordered(obj: Any) -> Any:
        vars(obj).pop("a")
        obj.a = "moved"  # now last in the dict
        return obj

    def with_hole(obj: Any) -> Any:
        del obj.c
        obj.extra = "x"  # the same size, a hole, and a key that is no field
        return obj

    def without_b(obj: Any) -> Any:
        del obj.b
        return obj

    for cls in (_Record, _Derived):
        values = [
            cls(),
            reordered(cls()),
            with_hole(cls()),
            cls(c="c", d=[cls(a="inner")]),
            without_b(cls()),  # the reference's getattr falls back to the class attribute
        ]
        for value in values:
            check(value)
            check([cls(), value, cls(a="after")])

    def mutate(obj: Any) -> Any:
        # Called for the first field written (its value is unsupported):
        # changes fields still to be written, and the dict's order.
        target = holder[0]
        target.c = "set late"
        vars(target).pop("b")
        target.b = 7
        return "replaced"

    holder: List[Any] = []
    outcomes = []
    for fn in (_writer.encode, _fast().encode):
        texts = []
        for obj in (_Derived(e=object()), _Record(a=object())):  # type: ignore[arg-type]
            holder[:] = [obj]
            texts.append(_outcome(fn, [type(obj)(), obj, type(obj)()], mutate, None))
        outcomes.append(texts)
    assert outcomes[1] == outcomes[0]
    assert str(outcomes[0]).count("c:set late,") == 2  # the case is what it means to be


if NO_EXTENSIONS:
    # Nothing to compare without the compiled writer: collect no test.
    for _name in [n for n in globals() if n.startswith("test_")]:
        del globals()[_name]
