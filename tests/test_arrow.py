"""jsv.arrow: typed JSV columns to and from Apache Arrow, in both engines.

The oracle for decoding is independent of jsv.arrow: each cell is decoded with
``jsv.loads(cell, type=T)`` and the typed value is turned into what
``pyarrow.Array.to_pylist`` gives for the documented Arrow types by
:func:`expected` below (structs as dicts by field name, maps as lists of
pairs, enums as their text, datetimes as UTC instants...).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import (
    Any,
    Dict,
    FrozenSet,
    List,
    Literal,
    NamedTuple,
    Optional,
    Set,
    Tuple,
    Union,
    cast,
)

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

import jsv  # noqa: E402
import jsv.arrow as ja  # noqa: E402
from helpers import load_example  # noqa: E402
from jsv import _bench_rows, _engine  # noqa: E402
from strategies import subscript  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc


def _voice_api() -> Any:
    return load_example("voice_api", "jsv_test_arrow_voice_api")


def expected(value: Any) -> Any:
    """What ``to_pylist`` of the decoded column gives for one typed value."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: expected(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        v = value.value
        return v if isinstance(v, str) else str(int(v)) if isinstance(v, int) else value.name
    if isinstance(value, dict):
        return [(expected(k), expected(v)) for k, v in value.items()]
    if isinstance(value, (list, set, frozenset)) or (
        isinstance(value, tuple) and not hasattr(value, "_fields")
    ):
        return [expected(x) for x in value]
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value


def decode_both(cells: Any, tp: Any, **kw: Any) -> Any:
    """jsv.arrow.decode in every engine; asserts the results are identical."""
    results = []
    for name in _engine.available():
        with _engine.using(name):
            results.append(ja.decode(cells, tp, **kw))
    first = results[0]
    for other in results[1:]:
        if kw.get("on_error") == "collect":
            assert other[0].equals(first[0])
            assert [(type(e), str(e), e.row) for e in other[1]] == [
                (type(e), str(e), e.row) for e in first[1]
            ]
        else:
            assert other.equals(first)
    if kw.get("on_error") == "collect":
        first[0].validate(full=True)
    else:
        first.validate(full=True)
    return first


# ---------------------------------------------------------------------------
# import isolation and schema
# ---------------------------------------------------------------------------


def test_import_jsv_does_not_import_pyarrow() -> None:
    code = (
        "import sys, jsv\n"
        "jsv.loads('{a:[1]}'); jsv.Decoder(dict).decode_many(['{a:b}'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('pyarrow', 'polars', 'duckdb', 'nanoarrow', 'pandas', 'numpy')]\n"
        "assert 'jsv.arrow' not in sys.modules and not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class Color(enum.Enum):
    RED = "Red"
    BLUE = "Blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Point(NamedTuple):
    x: int
    y: int = 0


@dataclasses.dataclass
class Leaf:
    name: str


@dataclasses.dataclass
class Everything:
    s: str
    b: bool
    i: int
    f: float
    d: Decimal
    ts: dt.datetime
    day: dt.date
    clock: dt.time
    span: dt.timedelta
    guid: uuid.UUID
    blob: bytes
    color: Color
    level: Level
    lit: Literal["a", "b"]
    tags: List[str]
    uniq: Set[int]
    frozen: FrozenSet[str]
    var: Tuple[int, ...]
    meta: Dict[str, int]
    leaves: List[Leaf]
    maybe: Optional[Leaf] = None


def test_schema_of_every_supported_type() -> None:
    uuid_type = pa.uuid() if hasattr(pa, "uuid") else pa.binary(16)
    assert ja.schema(Everything) == pa.struct(
        [
            ("s", pa.string()),
            ("b", pa.bool_()),
            ("i", pa.int64()),
            ("f", pa.float64()),
            ("d", pa.decimal128(38, 9)),
            ("ts", pa.timestamp("us", tz="UTC")),
            ("day", pa.date32()),
            ("clock", pa.time64("us")),
            ("span", pa.duration("us")),
            ("guid", uuid_type),
            ("blob", pa.binary()),
            ("color", pa.string()),
            ("level", pa.string()),
            ("lit", pa.string()),
            ("tags", pa.list_(pa.string())),
            ("uniq", pa.list_(pa.int64())),
            ("frozen", pa.list_(pa.string())),
            ("var", pa.list_(pa.int64())),
            ("meta", pa.map_(pa.string(), pa.int64())),
            ("leaves", pa.list_(pa.struct([("name", pa.string())]))),
            ("maybe", pa.struct([("name", pa.string())])),
        ]
    )
    assert ja.schema(Everything, decimal=(18, 2)).field("d").type == pa.decimal128(18, 2)
    assert ja.schema(Optional[int]) == pa.int64()
    assert ja.schema(Dict[int, List[Optional[str]]]) == pa.map_(pa.int64(), pa.list_(pa.string()))


def test_generated_dto_fields_keep_python_names() -> None:
    t = ja.schema(_voice_api().SessionInfo)
    assert t.field("dial_state").type == pa.string()
    assert t.field("members").type.value_type.field("application_data").type == pa.map_(
        pa.string(), pa.string()
    )


@dataclasses.dataclass
class Node:
    value: int
    children: List[Node]


@dataclasses.dataclass
class HasAny:
    ok: int
    inner: Optional[Dict[str, Any]] = None


@dataclasses.dataclass
class HasUnion:
    order: Optional[_bench_rows.Order]
    pick: Optional[Tuple[int, Any]] = None


def test_unsupported_types_name_type_and_path() -> None:
    with pytest.raises(TypeError, match=r"`any` has no Arrow type - at `\$\.inner\[\*\]`"):
        ja.schema(HasAny)
    with pytest.raises(TypeError, match=r"recursive type `Node` .* at `\$\.children\[\*\]`"):
        ja.schema(Node)
    with pytest.raises(TypeError, match=r"`any` has no Arrow type - at `\$\.pick\[1\]`"):
        ja.schema(HasUnion)
    with pytest.raises(TypeError, match=r"`int \| str` has no Arrow type - at `\$\[\*\]`"):
        ja.schema(Dict[str, Union[int, str]])
    with pytest.raises(TypeError, match="has no Arrow type"):
        ja.decode(["{}"], HasAny)
    with pytest.raises(ValueError, match="precision"):
        ja.schema(Decimal, decimal=(39, 2))


# ---------------------------------------------------------------------------
# decoding: the oracle
# ---------------------------------------------------------------------------


def _check(cells: List[Any], tp: Any, **kw: Any) -> Any:
    array = decode_both(pa.array(cells, pa.string()), tp, **kw)
    assert array.equals(decode_both(cells, tp, **kw))
    assert array.type == ja.schema(tp, **kw)
    want = [None if c is None else expected(jsv.loads(c, type=tp)) for c in cells]
    assert array.to_pylist() == want
    return array


def test_seed_session_dtos(reference_engine: str) -> None:
    voice = _voice_api()
    sessions = jsv.loads(
        (ROOT / "examples" / "sessions.jsv").read_text(), type=subscript(List, voice.SessionInfo)
    )
    seed = jsv.loads(
        (ROOT / "examples" / "get_session.jsv").read_text(), type=voice.SessionInfo, lenient=True
    )
    cells = [jsv.dumps(s) for s in [*sessions, seed]] + [None]
    array = _check(cells, voice.SessionInfo)
    assert array.null_count == 1
    assert array.to_pylist()[0]["members"][0]["application_data"] == list(
        sessions[0].members[0].application_data.items()
    )


def test_benchmark_rows(reference_engine: str) -> None:
    cells = _bench_rows.cells(500)
    array = _check(cells, _bench_rows.UserAuthRow)
    assert len(array) == 500


EVERYTHING = (
    "{s:x,b:True,i:-9223372036854775808,f:1.5,d:-12.345678901,ts:2025-01-15T06:16:03.6874989-05:00,"
    "day:2024-02-29,clock:23:59:59.999999,span:P1DT2H3M4.5S,guid:0123456789abcdef0123456789abcdef,"
    "blob:AAEC/w==,color:Blue,level:2,lit:b,tags:[a,c],uniq:[3,1,3],frozen:[z],var:[1,2],"
    "meta:{a:1,b:2},leaves:[{name:n}],maybe:{name:m}}"
)


def test_every_type_decodes_like_loads() -> None:
    cells = [
        EVERYTHING,
        EVERYTHING.replace("-05:00", "").replace("tags:[a,c]", "tags:[]"),
        EVERYTHING.replace("ts:2025-01-15T06:16:03.6874989-05:00", "ts:/Date(1700000000000)/"),
        None,
    ]
    third = cells[2]
    assert third is not None
    cells[2] = third.replace("tags:[a,c]", 'tags:[a,""]')
    array = _check(cells, Everything)
    row = array.to_pylist()[0]
    assert row["ts"] == dt.datetime(2025, 1, 15, 11, 16, 3, 687498, tzinfo=UTC)
    assert row["d"] == Decimal("-12.345678901").quantize(Decimal("1e-9"))
    assert row["guid"] == uuid.UUID("0123456789abcdef0123456789abcdef")
    assert row["level"] == "2" and row["color"] == "Blue"
    assert row["span"] == dt.timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    assert sorted(row["uniq"]) == [1, 3]
    naive = array.to_pylist()[1]["ts"]
    assert naive == dt.datetime(2025, 1, 15, 6, 16, 3, 687498, tzinfo=UTC)


@dataclasses.dataclass
class Shapes:
    pair: Tuple[int, str]
    point: Point
    points: List[Point]


def test_fixed_tuples_and_named_tuples_are_structs() -> None:
    assert ja.schema(Shapes) == pa.struct(
        [
            ("pair", pa.struct([("0", pa.int64()), ("1", pa.string())])),
            ("point", pa.struct([("x", pa.int64()), ("y", pa.int64())])),
            ("points", pa.list_(pa.struct([("x", pa.int64()), ("y", pa.int64())]))),
        ]
    )
    array = decode_both(["{pair:[7,seven],point:[1],points:[{x:2,y:3},[4]]}", None], Shapes)
    assert array.to_pylist() == [
        {
            "pair": {"0": 7, "1": "seven"},
            "point": {"x": 1, "y": 0},
            "points": [{"x": 2, "y": 3}, {"x": 4, "y": 0}],
        },
        None,
    ]


def test_top_level_scalars_and_lists() -> None:
    _check(["1", "-5", None, "9223372036854775807"], int)
    _check(["[a,b]", "[]", None, '[""]'], List[str])
    _check(["{a:1}", "{}", None], Dict[str, int])
    _check(["Red", "blue", None], Color)
    _check(["2020-01-01", None], dt.date)
    _check(["1.25", "100", "-0.000000001", None], Decimal)


def test_decimal_precision_and_scale() -> None:
    array = decode_both(["1.25", "123456789012345.99"], Decimal, decimal=(18, 2))
    assert array.type == pa.decimal128(18, 2)
    assert array.to_pylist() == [Decimal("1.25"), Decimal("123456789012345.99")]
    assert decode_both(["1.2500"], Decimal, decimal=(4, 2)).to_pylist() == [Decimal("1.25")]
    values, errors = decode_both(
        ["1.255", "12345678901234567.5", "1e40", "12.5"],
        Decimal,
        decimal=(18, 2),
        on_error="collect",
    )
    assert values.to_pylist() == [None, None, None, Decimal("12.50")]
    assert [str(e) for e in errors] == [
        "Expected `decimal128(18, 2)`, got `1.255` - at `$` (row 0)",
        "Expected `decimal128(18, 2)`, got `12345678901234567.5` - at `$` (row 1)",
        "Expected `decimal128(18, 2)`, got `1E+40` - at `$` (row 2)",
    ]


def test_values_beyond_arrow_ranges_are_row_errors() -> None:
    values, errors = decode_both(
        ["9223372036854775808", "1", "-9223372036854775809"], int, on_error="collect"
    )
    assert values.to_pylist() == [None, 1, None]
    assert [(e.row, e.path, e.msg) for e in errors] == [
        (0, "$", "Expected `int64`, got `9223372036854775808`"),
        (2, "$", "Expected `int64`, got `-9223372036854775809`"),
    ]
    values, errors = decode_both(["P1D", "P999999999D"], dt.timedelta, on_error="collect")
    assert values.to_pylist() == [dt.timedelta(days=1), None]
    assert errors[0].msg == "Expected `duration[us]`, got `999999999 days, 0:00:00`"


# ---------------------------------------------------------------------------
# on_error, rows and chunks
# ---------------------------------------------------------------------------

GOOD = (
    "{roles:[a],meta:{k:v},order:{id:1,status:Paid,created:2025-01-01T00:00:00Z,"
    "due:2025-01-02,total:1.5,lines:[{sku:s,quantity:2,unit_price:0.75}]}}"
)
SYNTAX = "{roles:[a"
TYPE = "{roles:[a],order:{id:x}}"
# Fails in the Arrow layer, after the typed layer accepted it: the row must be
# rolled back from the middle of the nested list.
RANGE = GOOD.replace(
    "unit_price:0.75}]", "unit_price:0.75},{sku:t,quantity:1,unit_price:0.0000000001}]"
)
BAD = {"syntax": SYNTAX, "type": TYPE, "range": RANGE}
PATHS = {"type": "$.order.id", "range": "$.order.lines[1].unit_price"}


def _cells(bad: str, rows: List[int], n: int = 7) -> List[Optional[str]]:
    cells: List[Optional[str]] = [GOOD.replace("id:1,", f"id:{i},") for i in range(n)]
    cells[3] = None
    for r in rows:
        cells[r] = bad
    return cells


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_on_error_policies(kind: str, where: str) -> None:
    row = {"first": 0, "middle": 4, "last": 6}[where]
    cells = _cells(BAD[kind], [row])
    tp = _bench_rows.UserAuthRow
    for name in _engine.available():
        with _engine.using(name):
            with pytest.raises(jsv.JSVError) as info:
                ja.decode(pa.array(cells), tp)
            assert info.value.row == row
            assert str(info.value).endswith(f"(row {row})")
            if kind in PATHS:
                assert isinstance(info.value, jsv.JSVValidationError)
                assert info.value.path == PATHS[kind]
    good = [
        None if i in (row, 3) else expected(jsv.loads(cast(str, c), type=tp))
        for i, c in enumerate(cells)
    ]
    assert decode_both(cells, tp, on_error="null").to_pylist() == good
    array, errors = decode_both(cells, tp, on_error="collect")
    assert array.to_pylist() == good
    assert [e.row for e in errors] == [row]
    if kind in PATHS:
        assert errors[0].path == PATHS[kind]


@pytest.mark.parametrize("kind", sorted(BAD))
def test_on_error_across_chunk_boundaries(kind: str) -> None:
    bad = BAD[kind]
    tp = _bench_rows.UserAuthRow
    chunks: List[List[Optional[str]]] = [
        [bad, GOOD, bad], [bad], [GOOD, None, bad], [], [bad, GOOD]
    ]
    chunked = pa.chunked_array(chunks, type=pa.string())
    flat = [c for chunk in chunks for c in chunk]
    bad_rows = [i for i, c in enumerate(flat) if c is bad]
    assert bad_rows == [0, 2, 3, 6, 7]
    for name in _engine.available():
        with _engine.using(name):
            with pytest.raises(jsv.JSVError) as info:
                ja.decode(chunked, tp)
            assert info.value.row == 0
            with pytest.raises(jsv.JSVError) as info:
                ja.decode(pa.chunked_array(chunks[1:], type=pa.string()), tp)
            assert info.value.row == 0
            with pytest.raises(jsv.JSVError) as info:
                ja.decode(pa.chunked_array([[GOOD], [GOOD, GOOD], [None, bad]]), tp)
            assert info.value.row == 4
    out = decode_both(chunked, tp, on_error="null")
    assert isinstance(out, pa.ChunkedArray)
    assert [len(c) for c in out.chunks] == [3, 1, 3, 0, 2]
    good = expected(jsv.loads(GOOD, type=tp))
    assert out.to_pylist() == [None, good, None, None, good, None, None, None, good]
    out2, errors = decode_both(chunked, tp, on_error="collect")
    assert out2.equals(out)
    assert [e.row for e in errors] == bad_rows


def test_slices_of_many_rows_keep_row_numbers() -> None:
    n = ja._SLICE * 2 + 5
    cells = ["1"] * n
    for r in (0, ja._SLICE - 1, ja._SLICE, n - 1):
        cells[r] = "x"
    values, errors = decode_both(cells, int, on_error="collect")
    assert [e.row for e in errors] == [0, ja._SLICE - 1, ja._SLICE, n - 1]
    assert values.null_count == 4 and values.to_pylist()[1] == 1


def test_bad_arguments(engine: str) -> None:
    with pytest.raises(ValueError, match="on_error"):
        ja.decode(["1"], int, on_error="ignore")
    with pytest.raises(TypeError, match="array of strings"):
        ja.decode(pa.array([1, 2]), int)
    with pytest.raises(TypeError, match="not one str"):
        ja.decode("[1]", List[int])
    with pytest.raises(TypeError, match="row 1: a JSV document must be"):
        ja.decode(["1", 2], int)


def test_lists_and_maps_without_brackets(reference_engine: str) -> None:
    # As loads reads a list or map type (brackets optional), in every engine.
    cells = ["red,green", "[a]", None, "x", "1,]"]
    want = [None if c is None else jsv.loads(c, type=List[str]) for c in cells[:4]]
    assert want == [["red", "green"], ["a"], None, ["x"]]
    values, errors = decode_both(cells, List[str], on_error="collect")
    assert values.to_pylist() == [*want, None]
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads("1,]", type=List[str])
    assert [(e.row, e.msg, e.pos) for e in errors] == [(4, info.value.msg, info.value.pos)]
    assert info.value.msg == "Extra data after the top-level value"
    maps = decode_both(["Read:5,Write:2", "{A:1}"], Dict[str, int])
    assert maps.to_pylist() == [[("Read", 5), ("Write", 2)], [("A", 1)]]


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

CELLS = ["{id:1,status:Paid,created:2025-01-01,due:2025-01-02,total:1,lines:[]}", None] * 3
ORDER = _bench_rows.Order


def test_inputs_of_every_kind(engine: str) -> None:
    want = [None if c is None else expected(jsv.loads(c, type=ORDER)) for c in CELLS]
    for data in (
        CELLS,
        tuple(CELLS),
        pa.array(CELLS, pa.string()),
        pa.array(CELLS, pa.large_string()),
        pa.array([None if c is None else c.encode() for c in CELLS], pa.binary()),
        pa.array(CELLS, pa.string()).dictionary_encode(),
    ):
        out = decode_both(data, ORDER)
        assert isinstance(out, pa.Array)
        assert out.to_pylist() == want
    if hasattr(pa, "string_view"):
        assert decode_both(pa.array(CELLS, pa.string_view()), ORDER).to_pylist() == want
    assert ja.decode(iter(CELLS), ORDER).to_pylist() == want
    assert ja.decode(pa.array([None, None], pa.null()), ORDER).to_pylist() == [None, None]
    chunked = ja.decode(pa.chunked_array([CELLS[:3], CELLS[3:]]), ORDER)
    assert [len(c) for c in chunked.chunks] == [3, 3]


def test_arrow_c_interface_producers(reference_engine: str) -> None:
    want = [None if c is None else expected(jsv.loads(c, type=ORDER)) for c in CELLS]
    pl = pytest.importorskip("polars")
    out = decode_both(pl.Series("cells", CELLS), ORDER)
    assert isinstance(out, pa.ChunkedArray)
    assert out.to_pylist() == want
    na = pytest.importorskip("nanoarrow")
    out = decode_both(na.c_array(pa.array(CELLS)), ORDER)
    assert isinstance(out, pa.Array)
    assert out.to_pylist() == want


# ---------------------------------------------------------------------------
# encode
# ---------------------------------------------------------------------------


def _plain_decimals(row: _bench_rows.UserAuthRow) -> _bench_rows.UserAuthRow:
    """The canonical form of a row: decimals without trailing fractional zeros."""

    def plain(d: Decimal) -> Decimal:
        return d.normalize() if d != d.to_integral() else d.quantize(Decimal(1))

    if row.order is not None:
        row.order.total = plain(row.order.total)
        for line in row.order.lines:
            line.unit_price = plain(line.unit_price)
    return row


def test_encode_decode_round_trip(reference_engine: str) -> None:
    cells: List[Optional[str]] = [jsv.dumps(_plain_decimals(r)) for r in _bench_rows.rows(300)]
    cells[5] = None
    tp = _bench_rows.UserAuthRow
    array = decode_both(cells, tp)
    assert ja.encode(array, tp).to_pylist() == cells
    assert ja.encode(array).to_pylist() == cells
    chunked = decode_both(pa.chunked_array([cells[:100], cells[100:]]), tp)
    out = ja.encode(chunked, tp)
    assert isinstance(out, pa.ChunkedArray) and [len(c) for c in out.chunks] == [100, 200]
    assert out.to_pylist() == cells


def test_encode_writes_what_dumps_writes(reference_engine: str) -> None:
    voice = _voice_api()
    sessions = jsv.loads(
        (ROOT / "examples" / "sessions.jsv").read_text(), type=subscript(List, voice.SessionInfo)
    )
    cells = [jsv.dumps(s) for s in sessions]
    array = decode_both(cells, voice.SessionInfo)
    # With the type: the generated DTO's camelCase wire names, as ServiceStack writes them.
    assert ja.encode(array, voice.SessionInfo).to_pylist() == cells
    assert ja.encode(array).to_pylist()[0].startswith("{id:")
    # (timestamps come back in UTC: the cell's -05:00 is the same instant)
    everything = ja.encode(decode_both([EVERYTHING], Everything), Everything).to_pylist()
    in_utc = EVERYTHING.replace("06:16:03.6874989-05:00", "11:16:03.6874989Z")
    assert everything == [jsv.dumps(jsv.loads(in_utc, type=Everything))]


def test_encode_rename(engine: str) -> None:
    rows = pa.array([{"value": 1, "children": [{"value": 2, "children": []}]}, None])
    assert ja.encode(rows, Node).to_pylist() == ["{value:1,children:[{value:2,children:[]}]}", None]
    assert ja.encode(rows, Node, rename="pascal").to_pylist() == [
        "{Value:1,Children:[{Value:2,Children:[]}]}",
        None,
    ]
    assert ja.encode(rows, Node, rename={"children": "Kids"}).to_pylist()[0] == (
        "{value:1,Kids:[{value:2,Kids:[]}]}"
    )
    with pytest.raises(ValueError, match="rename must be"):
        ja.encode(rows, Node, rename="kebab")


def test_encode_errors_and_inputs(engine: str) -> None:
    with pytest.raises(TypeError, match="needs an Arrow array"):
        ja.encode(["x"])
    with pytest.raises(jsv.JSVValidationError) as info:
        ja.encode(pa.array([{"id": 1}, {"id": None}]), Leaf)
    assert info.value.row == 0
    assert ja.encode(pa.array([1, None, 3])).to_pylist() == ["1", None, "3"]


# ---------------------------------------------------------------------------
# property: random dataclass schemas and values
# ---------------------------------------------------------------------------

_SCALARS: List[Tuple[Any, Any]] = [
    (str, st.text(st.characters(codec="utf-8"), max_size=8)),
    (int, st.integers(-(2**63), 2**63 - 1)),
    (bool, st.booleans()),
    (float, st.floats(allow_nan=False, width=64)),
    (Decimal, st.decimals(min_value=-(10**20), max_value=10**20, places=4, allow_nan=False)),
    (dt.date, st.dates()),
    (
        dt.datetime,
        st.datetimes(
            min_value=dt.datetime(1, 1, 2),
            max_value=dt.datetime(9999, 12, 30),
            timezones=st.sampled_from([None, UTC, dt.timezone(dt.timedelta(hours=-5))]),
        ),
    ),
    (Color, st.sampled_from(list(Color))),
    (uuid.UUID, st.uuids()),
]


@st.composite
def _schema_and_values(draw: Any, depth: int = 0) -> Tuple[Any, Any]:
    """(type, strategy of its values) for a random type of nested dataclasses."""
    choice = draw(st.integers(0, 4 if depth < 2 else 1))
    if choice <= 1:
        tp, values = draw(st.sampled_from(_SCALARS))
    elif choice == 2:
        item, item_values = draw(_schema_and_values(depth + 1))
        tp, values = List[item], st.lists(item_values, max_size=3)  # type: ignore[valid-type]
    elif choice == 3:
        item, item_values = draw(_schema_and_values(depth + 1))
        tp = Dict[str, item]  # type: ignore[valid-type]
        values = st.dictionaries(
            st.text("abc,:{}", min_size=1, max_size=3), item_values, max_size=3
        )
    else:
        n = draw(st.integers(1, 4))
        fields: List[Any] = []
        optional: List[Any] = []
        strategies = {}
        for i in range(n):
            ftp, fvalues = draw(_schema_and_values(depth + 1))
            if draw(st.booleans()):  # dumps omits None members: these need a default
                optional.append((f"f{i}", Optional[ftp], dataclasses.field(default=None)))
                fvalues = st.none() | fvalues
            else:
                fields.append((f"f{i}", ftp))
            strategies[f"f{i}"] = fvalues
        fields += optional
        cls = dataclasses.make_dataclass(f"D{depth}_{n}_{draw(st.integers(0, 10**6))}", fields)
        tp, values = cls, st.builds(cls, **strategies)
    return tp, values


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_property_random_dataclasses(data: Any) -> None:
    tp, values = data.draw(_schema_and_values())
    if not dataclasses.is_dataclass(tp):
        tp = dataclasses.make_dataclass("Wrapper", [("v", tp)])
        values = st.builds(tp, v=values)
    rows = data.draw(st.lists(st.none() | values, min_size=1, max_size=5))
    cells = [None if r is None else jsv.dumps(r) for r in rows]
    array = decode_both(cells, tp)
    assert array.to_pylist() == [
        None if c is None else expected(jsv.loads(c, type=tp)) for c in cells
    ]


# ---------------------------------------------------------------------------
# the compiled engine's one-pass reader against the reference path
# ---------------------------------------------------------------------------

TRICKY = [
    # quoting, empty values, list and map edge shapes
    '{roles:["a,b","x""y",""],meta:{"k":v,k2:"a""b",k3:},order:}',
    "{roles:[,],meta:{}}",
    "{roles:[a,],meta:{a:b}}",
    "{roles:[a}b,c:d],meta:{x:y:z,u:v w}}",
    '{roles:[x"y],meta:{a:"1"}}',
    "{roles:[],meta:{a:1,a:2}}",
    "{roles:[],meta:{" + ",".join(f"k{i}:{i}" for i in range(20)) + "}}",
    "{roles:[\u00e9\u20ac\U0001f600],meta:{\u00fc:\u00df}}",
    "\ufeff{roles:[a],meta:{}}",
    "{roles:[a],meta:{}} ",
    "{roles:[a],meta:{}}x",
    "{roles:[a],meta:{}",
    # spellings, unknown and duplicate keys
    "{Roles:[a],META:{},Order:{ID:5,Status:paid,CREATED:2025-01-01,Due:2025-01-02,total:1,lines:[]}}",
    "{roles:[a],roles:[b],meta:{}}",
    "{roles:[a],meta:{},junk:{a:[{b:[c,{d:e}]}]},more:[1,,[2]],__type:X}",
    "{roles:[a],meta:{},junk:" + "[" * 40 + "]" * 40 + "}",
    "{roles:[a],meta:{},junk:" + "[" * 2000 + "]" * 2000 + "}",
    "{roles:[a],meta:{}," + '"roles"' + ":[q]}",
    "{roles:[a],meta:{},{k:v}:x}",
    # scalars in every spelling
    "{roles:[],meta:{},order:{id: 7,status:PAID,created:2025-01-01T10:20:30.1234567+14:00,"
    "due:2025-1-2,total:+1.50,lines:[{sku:s,quantity:007,unit_price:1e2}]}}",
    "{roles:[],meta:{},order:{id:-0,status:Shipped,created:/Date(1700000000000)/,"
    "due:20250102,total:-0.000000001,lines:[{sku:s,quantity:9223372036854775807,unit_price:0}]}}",
    "{roles:[],meta:{},order:{id:99999999999999999999,status:Paid,created:2025-01-01,"
    "due:2025-01-02,total:1,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Nope,created:2025-01-01,due:2025-01-02,total:1,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-02-30,due:2025-01-02,total:1,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01T24:00:00,due:2025-01-02,total:1,"
    "lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01T01:02:03+15:00,due:2025-01-02,"
    "total:1,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:0001-01-01T00:00:00Z,due:9999-12-31,"
    "total:99999999999999999999999999999.999999999,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01,due:2025-01-02,"
    "total:100000000000000000000000000000,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01,due:2025-01-02,total:1,"
    "lines:[{sku:s,quantity:1,unit_price:1.0000000001}]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01,due:2025-01-02,total:1,"
    'lines:[{sku:s,quantity:1,unit_price:"2.5"}],note:""}}',
    # missing, empty and misplaced values
    "{roles:[],meta:{},order:{id:1}}",
    "{roles:[],meta:{},order:{id:,status:Paid,created:2025-01-01,due:2025-01-02,total:1,lines:[]}}",
    "{roles:[],meta:{},order:{id:1,status:Paid,created:2025-01-01,due:2025-01-02,total:1,lines:[,]}}",
    "{meta:{}}",
    "{roles:,meta:}",
    "{roles:x,meta:{}}",
    "{roles:[{a:b}],meta:{}}",
    "{roles:[],meta:[a]}",
    "{roles:[],meta:{a:[b]}}",
    "[]",
    "x",
    "",
    None,
]


def test_one_pass_reader_agrees_with_the_reference_on_tricky_cells() -> None:
    tp = _bench_rows.UserAuthRow
    values, errors = decode_both(TRICKY, tp, on_error="collect")
    bad = {e.row for e in errors}
    for row, (cell, got) in enumerate(zip(TRICKY, values.to_pylist())):
        if cell is None or row in bad:
            assert got is None
            continue
        assert got == expected(jsv.loads(cell, type=tp)), cell
    assert len(bad) > 10 and len(bad) < len(TRICKY) - 10


@dataclasses.dataclass
class WithDefaults:
    count: int = 5
    tags: List[str] = dataclasses.field(default_factory=lambda: ["x"])
    level: Level = Level.LOW
    when: Optional[dt.datetime] = None
    flag: bool = False
    ratio: float = 0.5


def test_one_pass_reader_defaults_and_scalars() -> None:
    cells = [
        "{}",
        "{count:,tags:,level:,when:,flag:,ratio:}",
        "{count:1,tags:[a],level:2,when:2025-01-01T00:00:00Z,flag:true,ratio:-1.5e-3}",
        "{level:HIGH,flag:1,ratio:1,}",
        "{level:high,flag:0,ratio:-Infinity}",
        "{ratio:1e400,flag:False}",
        "{ratio:0.1,flag:FALSE}",
        "{level:\ufeffHIGH}",  # a value's byte order mark is data (found by Hypothesis)
    ]
    values, errors = decode_both(cells, WithDefaults, on_error="collect")
    bad = {e.row for e in errors}
    assert bad == {3, 7}
    assert values.to_pylist() == [
        None if i in bad else expected(jsv.loads(c, type=WithDefaults)) for i, c in enumerate(cells)
    ]


def _mutations(cell: str) -> Any:
    alphabet = st.sampled_from([*'{}[],:"" aZ0-.9T', "\u00e9", "\ufeff"])
    pos = st.integers(0, len(cell))
    insert = st.tuples(st.just("insert"), pos, alphabet)
    delete = st.tuples(st.just("delete"), pos, st.just(""))
    return st.lists(st.one_of(insert, delete), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_property_mutated_cells_same_in_both_engines(data: Any) -> None:
    base = data.draw(st.sampled_from([GOOD, *TRICKY[:6], EVERYTHING.replace("tags:[a,c]", "")]))
    tp = Everything if base.startswith("{s:") else _bench_rows.UserAuthRow
    cells = [base]
    for _ in range(3):
        cell = base
        for op, at, ch in data.draw(_mutations(base)):
            at = min(at, len(cell))
            cell = cell[:at] + ch + cell[at:] if op == "insert" else cell[:at] + cell[at + 1 :]
        cells.append(cell)
    values, errors = decode_both(cells, tp, on_error="collect")
    bad = {e.row for e in errors}
    for row, (cell, got) in enumerate(zip(cells, values.to_pylist())):
        if row not in bad:
            assert got == expected(jsv.loads(cell, type=tp))


def test_empty_inputs() -> None:
    tp = _bench_rows.UserAuthRow
    assert decode_both([], tp).to_pylist() == []
    assert len(decode_both(pa.array([], pa.string()), tp)) == 0
    empty = decode_both(pa.chunked_array([], pa.string()), tp)
    assert isinstance(empty, pa.ChunkedArray) and empty.num_chunks == 0
    assert empty.type == ja.schema(tp)
    assert ja.encode(empty, tp).num_chunks == 0
    assert decode_both([], tp, on_error="collect")[1] == []


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_property_random_schemas_mutated_cells(reference_engine: str, data: Any) -> None:
    """Cells of random schemas, edited at random: both engines give the same rows
    and errors, and every row they accept is what loads gives."""
    tp, values = data.draw(_schema_and_values())
    if not dataclasses.is_dataclass(tp):
        tp = dataclasses.make_dataclass("Wrapper", [("v", tp)])
        values = st.builds(tp, v=values)
    cells = []
    for value in data.draw(st.lists(values, min_size=1, max_size=3)):
        cell = jsv.dumps(value)
        for op, at, ch in data.draw(_mutations(cell)):
            at = min(at, len(cell))
            cell = cell[:at] + ch + cell[at:] if op == "insert" else cell[:at] + cell[at + 1 :]
        cells.append(cell)
    array, errors = decode_both(cells, tp, on_error="collect")
    bad = {e.row for e in errors}
    for row, (cell, got) in enumerate(zip(cells, array.to_pylist())):
        if row not in bad:
            assert got == expected(jsv.loads(cell, type=tp)), cell
