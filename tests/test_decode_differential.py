"""Differential tests of typed decoding: the compiled one-pass reader against the reference.

The reference (``jsv._typed.decode``, the pure engine) reads a document into
dicts, lists and strings and then converts that tree; the compiled engine
(``jsv._speedups.decode``) builds the typed value while it scans the text.
Both are reached through the public functions -- ``jsv.loads(doc, type=T)``,
``Decoder.decode`` (str and UTF-8 bytes) and ``Decoder.decode_many`` -- under
each engine in turn, on the same documents:

* the typed differential tests' untyped values for the schemas there (right,
  or wrong on purpose: junk text, wrong shapes, unknown keys, ``__type``...)
  written as JSV by the reference writer, and
* the same documents damaged: cut short, a char deleted, a bracket, comma,
  colon, quote or blank put in, a piece of the text repeated elsewhere (which
  repeats keys and nests deeper), an entry of the top map repeated with
  another value; and read with small ``max_depth`` values.

The outcomes must be equal: values of the same types all the way down, or the
same :class:`~jsv.JSVDecodeError` (message, document, position, line and
column), the same :class:`~jsv.JSVValidationError` (message, path, and a
cause of the same type and text), or any other exception of the same type and
text.  User code (``Checked.__post_init__``) runs exactly as in the reference
on a document that decodes and repeats no key; otherwise the one-pass reader
stops and the reference's two steps decode the document again, so the calls
end with exactly the reference's.

Under ``JSV_NO_EXTENSIONS=1`` there is nothing to compare and the module is skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jsv
from jsv import JSVDecodeError, JSVValidationError, _engine, _typed, _writer
from test_typed_differential import (
    POST_INIT_CALLS,
    ROOTS,
    TYPE_MAP,
    Checked,
    Holder,
    Inner,
    Leaf,
    Node,
    Outer,
    Poly,
    _settings,
    canon,
    values,
)

if os.environ.get("JSV_NO_EXTENSIONS"):
    pytest.skip("JSV_NO_EXTENSIONS=1: no compiled engine to compare", allow_module_level=True)

pytestmark = pytest.mark.usefixtures("reference_engine")

Outcome = Tuple[Any, ...]


def _compiled() -> str:
    if "cython" not in _engine.available():
        pytest.fail("jsv._speedups cannot be imported: build it or set JSV_NO_EXTENSIONS=1")
    return "cython"


def _text(value: Any) -> str:
    """``value`` written as JSV by the reference writer (tuples, ints... as it writes them)."""
    return _writer.encode(value, None, None)


def _error(e: BaseException) -> Outcome:
    if isinstance(e, JSVDecodeError):
        return ("malformed", e.msg, e.doc, e.pos, e.lineno, e.colno, e.row)
    if isinstance(e, JSVValidationError):
        cause = e.__cause__
        return ("invalid", e.msg, e.path, e.row, type(cause), str(cause))
    return ("raised", type(e), str(e))


def _decoded(engine: str, call: Any) -> Tuple[Outcome, Tuple[Any, ...]]:
    """``call()`` under ``engine``: (its outcome, the calls of user code it made)."""
    del POST_INIT_CALLS[:]
    with _engine.using(engine):
        try:
            result = call()
        except Exception as e:
            got = _error(e)
        else:
            got = ("ok", canon(result))
    return got, tuple(POST_INIT_CALLS)


def check(call: Any, *, exact_calls: bool = False) -> Outcome:
    """Runs ``call`` under both engines and compares; returns the outcome."""
    want, want_calls = _decoded("python", call)
    got, got_calls = _decoded(_compiled(), call)
    assert got == want
    # A redone document ran the reference's steps last: its calls end the list.
    assert got_calls[len(got_calls) - len(want_calls) :] == want_calls
    if exact_calls and want[0] == "ok":
        assert got_calls == want_calls
    return want


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

_INSERTS = st.sampled_from(["{", "}", "[", "]", ",", ":", '"', " ", "\n", "x", "\ufeff", ",,"])


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """``text`` with up to three random changes."""
    for _ in range(draw(st.integers(1, 3))):
        n = len(text)
        op = draw(st.integers(0, 4))
        if n == 0:
            return draw(_INSERTS)
        i = draw(st.integers(0, n - 1))
        if op == 0:
            text = text[:i]
        elif op == 1:
            text = text[:i] + text[i + 1 :]
        elif op == 2:
            text = text[:i] + draw(_INSERTS) + text[i:]
        elif op == 3:  # a piece repeated elsewhere
            j = draw(st.integers(i, min(n, i + 40)))
            k = draw(st.integers(0, n))
            text = text[:k] + text[i:j] + text[k:]
        else:
            text = text[:i] + text[i].swapcase() + text[i + 1 :]
    return text


@st.composite
def documents(draw: st.DrawFn, tp: Any) -> str:
    """A document for ``tp``: a written value, often damaged or with a repeated key."""
    value = draw(values(tp))
    text = _text(value)
    if isinstance(value, dict) and value and draw(st.integers(0, 4)) == 0:
        # An entry of the map repeated at its end, with another value.
        key = draw(st.sampled_from(sorted(value, key=repr)))
        other = draw(st.sampled_from([value[k] for k in sorted(value, key=repr)]))
        if text.startswith("{") and text.endswith("}"):
            text = text[:-1] + "," + _text({key: other})[1:]
    if draw(st.integers(0, 2)) == 0:
        text = draw(damaged(text))
    return text


_DEPTHS = st.sampled_from([1024, 1024, 1024, 1, 2, 3, 4])


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def test_the_compiled_engine_decodes_with_its_own_reader() -> None:
    with _engine.using(_compiled()):
        compiled = _engine._speedups
        assert compiled is not None
        assert _engine.decode is compiled.decode
    with _engine.using("python"):
        assert _engine.decode is _typed.decode


@pytest.mark.parametrize("forbid", [False, True], ids=["lenient-keys", "forbid-unknown"])
@pytest.mark.parametrize("root", ROOTS, ids=lambda tp: getattr(tp, "__name__", repr(tp)))
@_settings(150)
@given(data=st.data())
def test_same_outcome(root: Any, forbid: bool, data: Any) -> None:
    doc = data.draw(documents(root), label="doc")
    depth = data.draw(_DEPTHS, label="max_depth")
    check(lambda: jsv.loads(doc, type=root, forbid_unknown_fields=forbid, max_depth=depth))


@_settings(150)
@given(doc=documents(Poly))
def test_same_outcome_with_type_map(doc: str) -> None:
    check(lambda: jsv.loads(doc, type=Poly, type_map=TYPE_MAP))


@_settings(100)
@given(doc=documents(Holder), as_bytes=st.booleans(), bom=st.booleans())
def test_same_outcome_from_bytes(doc: str, as_bytes: bool, bom: bool) -> None:
    """``Decoder.decode`` of UTF-8 bytes (and of text), with or without a byte order mark."""
    text = "\ufeff" + doc if bom else doc
    data: Any = text.encode("utf-8", "surrogatepass") if as_bytes else text
    check(lambda: jsv.Decoder(Holder).decode(data))


@_settings(100)
@given(docs=st.lists(st.one_of(documents(Outer), st.none()), max_size=6))
def test_same_outcome_in_batches(docs: List[Optional[str]]) -> None:
    """``decode_many`` with every row kept: the values and each row's error."""

    def call() -> Any:
        values, errors = jsv.Decoder(Outer).decode_many(docs, on_error="collect")
        return [canon(v) for v in values], [_error(e) for e in errors]

    check(call)


@_settings(100)
@given(value=st.lists(values(Checked), max_size=4))
def test_user_code_runs_as_in_the_reference(value: Any) -> None:
    """On documents without repeated keys, ``__post_init__`` runs exactly as in the
    reference when they decode (and ends with the reference's calls when not)."""
    doc = _text(value)
    check(lambda: jsv.loads(doc, type=List[Checked]), exact_calls=True)


@_settings(100)
@given(
    tp=st.sampled_from([List[Leaf], List[str], Dict[str, Optional[Inner]], Dict[str, int]]),
    data=st.data(),
)
def test_same_outcome_for_collection_types(tp: Any, data: Any) -> None:
    """List and map types, whose brackets are optional: the bracketed documents are
    read in one pass, the others as the reference reads them."""
    doc = data.draw(st.one_of(documents(tp), documents(tp).map(lambda t: t[1:-1])))
    check(lambda: jsv.loads(doc, type=tp))


def test_fixed_cases() -> None:
    """Documents the generators reach only rarely."""
    cases: List[Tuple[Any, str]] = [
        (Leaf, "{name:a,count:1,name:b}"),  # a repeated key: the last value, at the first place
        (Leaf, "{name:a,count:x,count:1}"),  # ... which hides a bad first value
        (Leaf, "{name:a,count:1,Count:2}"),  # two spellings of one field
        (Leaf, "{name:a,count:1,ratio:2,ratio:}"),  # the last, empty: the default stays
        (Inner, "{itemId:x,size:2,size:}"),
        (Leaf, "{name:a,count:1,:x}"),  # an empty key
        (Leaf, "{name:a,count:1,[a,b]:x}"),  # a list as a key
        (Leaf, "{name:a,count:1,{x:[1,{}]}:x}"),
        (Leaf, "{name:a,count:1,zzz:{a:[1,2,{b:c}]}}"),  # an unknown key's value is skipped
        (Leaf, "{name:a,count:1}  \r\n"),
        (Leaf, "{name:a,count:1} x"),
        (Leaf, "{name:a,count:1,}"),
        (Leaf, "{name:a,count:}"),
        (Leaf, "{name:,count:1}"),
        (Leaf, '{"name":"a ""b""",count:"1"}'),
        (Leaf, '{name:"a,count:1}'),
        (Leaf, "{name:a,count:1"),
        (Leaf, "{name:a,count:1]"),
        (Leaf, "{name:a count:1}"),
        (Leaf, "[{name:a,count:1}]"),
        (List[Leaf], "[{name:a,count:1},,{name:b,count:2},]"),
        # A key that starts like the one remembered for its place, and one that is it.
        (List[Leaf], "[{name:a,count:1},{namex:b,count:2}]"),
        (List[Leaf], "[{name:a,count:1},{name:b,count:2},{nam:c,count:3}]"),
        (List[Leaf], "[{name:a,count:1},{name:b,count:2}"),
        (List[str], "[a,,b,]"),
        (List[str], '["a,b",c]'),
        (Dict[str, int], "{a:1,b:2,a:3}"),
        (Dict[str, int], "{a:1,:2}"),
        (Dict[int, str], "{1:a,01:b,1:c}"),
        (Dict[int, str], "{1:a,01:b}"),
        (Outer, "{key:k,items:[{itemId:x,tagList:[a,b],attrs:{k:v}}],flags:{1:True}}"),
        (Outer, "{key:k,items:{itemId:x}}"),  # a map given for a list
        (Outer, "{key:k,items:[],extra:{a:[b,{c:d}]},nums:[1,2],uniq:[a,a]}"),
        (Outer, "{key:k,items:[],point:[1,2],either:3,lit:b,perm:READ}"),
        (Node, "{name:a,children:[{name:b,children:[{name:c}]}]}"),
        (Holder, "{checked:[{value:1},{value:2}],checked:[{value:3}]}"),
        (Holder, "{checked:[{value:1},{value:2,label:boom}]}"),
        (Holder, "{checked:[{value:1},{value:2,label:key}]}"),
        (Holder, "{checked:[{value:1},{value:2}]"),
        (Holder, "{named:{a:{value:1},a:{value:2}}}"),
        (Holder, "{frozen:{a:x,b:2},initvar:{a:2,scale:3}}"),
        (Poly, "{item:{__type:Sub,id:a,extra:1},items:[{__type:Sub,id:b}]}"),
        (Optional[Leaf], "{name:a,count:1}"),
        (Leaf, ""),
        (Leaf, "x"),
        (Leaf, "\ufeff{name:a,count:1}"),
        (Leaf, "{name:\u00e9\u4e2d\U0001f600,count:1}"),
    ]
    for tp, doc in cases:
        for depth in (1024, 1, 2, 3):
            check(partial(jsv.loads, doc, type=tp, max_depth=depth, type_map=TYPE_MAP))
        check(partial(jsv.Decoder(tp).decode, doc.encode()))


def test_deep_nesting_gives_the_same_error() -> None:
    doc = "{name:leaf}"
    for _ in range(5000):
        doc = "{name:n,children:[" + doc + "]}"
    for depth in (1024, 20000):
        outcome = check(partial(jsv.loads, doc, type=Node, max_depth=depth))
        assert outcome[0] in ("malformed", "invalid"), outcome


@dataclass
class _Counted:
    value: int

    def __post_init__(self) -> None:
        POST_INIT_CALLS.append(self.value)


def test_a_document_that_fails_is_decoded_again_by_the_reference() -> None:
    """The one-pass reader builds objects as it goes: on a document that turns out
    to be malformed (or to repeat a key), user code has already run for the objects
    before that point, and runs again when the reference decodes the document."""
    malformed = "[{value:1},{value:2},{value:3]"
    assert _decoded("python", lambda: jsv.loads(malformed, type=List[_Counted]))[1] == ()
    got, calls = _decoded(_compiled(), lambda: jsv.loads(malformed, type=List[_Counted]))
    assert got[0] == "malformed"
    assert calls == (1, 2)  # built while scanning; the reference's parse fails first

    repeated = "{a:{value:1},b:{value:2},a:{value:3}}"
    want, want_calls = _decoded("python", lambda: jsv.loads(repeated, type=Dict[str, _Counted]))
    assert want_calls == (3, 2)  # the dict keeps `a` first, with its last value
    got, calls = _decoded(_compiled(), lambda: jsv.loads(repeated, type=Dict[str, _Counted]))
    assert got == want
    assert calls == (1, 2, 3, 3, 2)  # one pass up to the repeat, then the reference
