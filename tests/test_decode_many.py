"""Batch decoding: ``Decoder(T).decode_many(docs, on_error=...)``, in both engines."""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Union

import pytest

import jsv
from jsv import _engine


@dataclass
class Item:
    id: int
    tags: List[str]
    ok: Optional[bool] = None


GOOD = ["{id:1,tags:[a,b]}", b"{id:2,tags:[],ok:True}", None, "{id:3,tags:[x]}"]
GOOD_VALUES = [Item(1, ["a", "b"]), Item(2, [], True), None, Item(3, ["x"])]

SYNTAX = "{id:4,tags:[a"  # unterminated list
TYPE = "{id:four,tags:[]}"  # well-formed, id is not an int
ROWS = {"first": 0, "middle": 2, "last": 4}


def batch(bad: str, where: str) -> tuple[list[Any], int]:
    docs: list[Any] = [
        "{id:10,tags:[]}",
        "{id:11,tags:[u]}",
        "{id:12,tags:[]}",
        None,
        "{id:14,tags:[]}",
    ]
    row = ROWS[where]
    docs[row] = bad
    return docs, row


def test_good_documents(engine: str) -> None:
    d = jsv.Decoder(Item)
    assert d.decode_many(GOOD) == GOOD_VALUES
    assert d.decode_many(iter(GOOD)) == GOOD_VALUES
    assert d.decode_many(GOOD, on_error="collect") == (GOOD_VALUES, [])
    assert d.decode_many([]) == []
    assert d.decode_many(x for x in GOOD if x is not None) == [v for v in GOOD_VALUES if v]


def test_same_as_decode_each(engine: str) -> None:
    from jsv import _bench_rows

    cells = _bench_rows.cells(300)
    d = jsv.Decoder(_bench_rows.UserAuthRow)
    assert d.decode_many(cells) == [d.decode(c) for c in cells] == _bench_rows.rows(300)


@pytest.mark.parametrize("where", sorted(ROWS))
def test_raise_names_the_row(engine: str, where: str) -> None:
    docs, row = batch(SYNTAX, where)
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.Decoder(Item).decode_many(docs)
    err = info.value
    assert err.row == row
    assert err.msg == "Unterminated list: expecting ',' or ']'"
    assert err.pos == 13
    assert str(err) == f"{err.msg}: line 1 column 14 (char 13) (row {row})"

    docs, row = batch(TYPE, where)
    with pytest.raises(jsv.JSVValidationError) as vinfo:
        jsv.Decoder(Item).decode_many(docs, on_error="raise")
    verr = vinfo.value
    assert (verr.row, verr.path, verr.msg) == (row, "$.id", "Expected `int`, got `four`")
    assert str(verr) == f"Expected `int`, got `four` - at `$.id` (row {row})"


@pytest.mark.parametrize("bad", [SYNTAX, TYPE])
@pytest.mark.parametrize("where", sorted(ROWS))
def test_null_and_collect(engine: str, where: str, bad: str) -> None:
    docs, row = batch(bad, where)
    expected = [Item(10, []), Item(11, ["u"]), Item(12, []), None, Item(14, [])]
    expected[row] = None
    d = jsv.Decoder(Item)
    assert d.decode_many(docs, on_error="null") == expected
    values, errors = d.decode_many(docs, on_error="collect")
    assert values == expected
    assert len(errors) == 1
    (err,) = errors
    assert err.row == row
    assert f"(row {row})" in str(err)
    if bad is TYPE:
        assert isinstance(err, jsv.JSVValidationError)
        assert err.path == "$.id"
    else:
        assert isinstance(err, jsv.JSVDecodeError)


def test_collect_several_errors_in_order(engine: str) -> None:
    docs: List[Union[str, bytes]] = [
        TYPE, "{id:1,tags:[]}", SYNTAX, b"\xff", "{id:2,tags:[{a:b}]}", "{id:3,tags:[]}"
    ]
    values, errors = jsv.Decoder(Item).decode_many(docs, on_error="collect")
    assert values == [None, Item(1, []), None, None, None, Item(3, [])]
    assert [e.row for e in errors] == [0, 2, 3, 4]
    assert [type(e) for e in errors] == [
        jsv.JSVValidationError,
        jsv.JSVDecodeError,
        jsv.JSVDecodeError,
        jsv.JSVValidationError,
    ]
    last = errors[3]
    assert isinstance(last, jsv.JSVValidationError) and last.path == "$.tags[0]"
    assert str(errors[2]) == (
        "Invalid UTF-8 byte 0xff at byte offset 0: line 1 column 1 (char 0) (row 3)"
    )


def test_errors_pickle_with_their_row(engine: str) -> None:
    _, errors = jsv.Decoder(Item).decode_many([SYNTAX, TYPE], on_error="collect")
    for err in errors:
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err)
        assert (str(back), back.row) == (str(err), err.row)


def test_single_decode_has_no_row(engine: str) -> None:
    with pytest.raises(jsv.JSVValidationError) as info:
        jsv.Decoder(Item).decode(TYPE)
    assert info.value.row is None
    assert str(info.value) == "Expected `int`, got `four` - at `$.id`"


def test_bad_cell_type_and_policy(engine: str) -> None:
    for policy in ("raise", "null", "collect"):
        with pytest.raises(TypeError, match="row 1: a JSV document must be str"):
            jsv.Decoder(Item).decode_many(["{id:1,tags:[]}", 5], on_error=policy)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="on_error must be"):
        jsv.Decoder(Item).decode_many([], on_error="skip")  # type: ignore[call-overload]


def test_lenient_and_bom(engine: str) -> None:
    d = jsv.Decoder(Item, lenient=True)
    docs = [" { id: 1, tags: [ a ] } ", "\ufeff{id:2,tags:[]}", "\ufeff{id:3,tags:[\u20ac]}"]
    assert d.decode_many(docs) == [Item(1, ["a"]), Item(2, []), Item(3, ["\u20ac"])]


def test_engines_agree_on_messages() -> None:
    docs = [TYPE, SYNTAX, "{id:1,tags:[]", "{id:1}", "[1]", "{id:99999999999999999999999,tags:[]}"]
    seen = []
    for name in _engine.available():
        with _engine.using(name):
            values, errors = jsv.Decoder(Item).decode_many(docs, on_error="collect")
            seen.append((values, [(type(e), str(e), e.row) for e in errors]))
    assert all(s == seen[0] for s in seen)
    assert len(seen[0][1]) == 5


def test_lists_and_maps_without_brackets_read_as_decode_reads_them(engine: str) -> None:
    # A list or map type takes its brackets as optional (ServiceStack's typed
    # readers), in a batch exactly as in one decode.
    lists = jsv.Decoder(List[str]).decode_many(["red,green", "[a]", b"x", None, "\ufeffp,q"])
    assert lists == [["red", "green"], ["a"], ["x"], None, ["p", "q"]]
    maps = jsv.Decoder(Dict[str, int]).decode_many(["Read:5,Write:2", "{A:1}", None])
    assert maps == [{"Read": 5, "Write": 2}, {"A": 1}, None]
    values, errors = jsv.Decoder(List[int]).decode_many(["1,2", "1,x"], on_error="collect")
    assert values == [[1, 2], None]
    assert [(type(e), e.row, str(e)) for e in errors] == [
        (jsv.JSVValidationError, 1, "Expected `int`, got `x` - at `$[1]` (row 1)")
    ]


#: gc.isenabled() as each _Watched object was built.
_GC_SEEN: List[bool] = []


@dataclass
class _Watched:
    id: int

    def __post_init__(self) -> None:
        _GC_SEEN.append(gc.isenabled())


@pytest.mark.parametrize("enabled", [True, False], ids=["gc-on", "gc-off"])
def test_the_collector_is_paused_during_a_batch_and_restored(engine: str, enabled: bool) -> None:
    """decode_many pauses the cyclic collector while it decodes (the batch would
    otherwise be walked by collection after collection), and leaves it as it found
    it, on success and on error."""
    before = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        del _GC_SEEN[:]
        decoder = jsv.Decoder(_Watched)
        values = decoder.decode_many(["{id:1}", "{id:2}"])
        assert _GC_SEEN == [False, False]
        assert values == [_Watched(1), _Watched(2)]
        assert gc.isenabled() is enabled
        with pytest.raises(jsv.JSVValidationError):
            decoder.decode_many(["{id:1}", "{id:x}"])
        assert gc.isenabled() is enabled
        with pytest.raises(TypeError):
            decoder.decode_many(["{id:1}", 5])  # type: ignore[list-item]
        assert gc.isenabled() is enabled
        del _GC_SEEN[:]
        assert decoder.decode("{id:3}").id == 3  # one document: the collector is left alone
        assert [enabled] == _GC_SEEN
    finally:
        if before:
            gc.enable()
        else:
            gc.disable()
