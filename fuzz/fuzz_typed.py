"""Fuzz target: typed ``jsv.loads(..., type=T)``.

``T`` is one of ``_fuzzutil.TYPED_NAMES`` (byte 1 chooses): the generated Voice
API DTOs from ``examples/voice_api.py`` (``SessionInfo``, ``List[SessionInfo]``),
``Dict[str, int]``, ``List[datetime]``, ``timedelta``, ``UUID``, an ``IntFlag``,
``Any`` with a ``type_map`` (so ``__type`` can select a class), a tuple of
scalars and a nested union.  Only :class:`jsv.JSVDecodeError` and
:class:`jsv.JSVValidationError` (with a ``$`` path) may escape.  With the
compiled engine built, every input is decoded by both engines -- the compiled
one-pass reader against the reference's parse-then-convert -- and the two
outcomes must be the same: equal values of the same types, or the same error
(message and position, or message and path).  A value that
converts must also write (``dumps``) without error and read back, typed, to an
equal value, and the compiled writer must write it exactly as the reference
does.  ``__type`` must never import anything: ``sys.modules`` may not grow.

Byte 0: lenient (bit 0), input form (bits 3-4), forbid_unknown_fields (bit 5),
the engine (bit 6).

    python fuzz/fuzz_typed.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import contextlib
import enum
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple, Union
from uuid import UUID

import _fuzzutil as fu
import atheris

voice = fu.load_voice_api()

with atheris.instrument_imports(include=["jsv"]):
    import jsv
    from jsv import _engine, _writer

_speedups: Any = None
if "cython" in _engine.available():
    from jsv import _speedups

ENGINES = _engine.available()


class Perms(enum.IntFlag):
    READ = 1
    WRITE = 2
    EXECUTE = 4
    ADMIN = 64


TYPE_MAP = {
    "Voice.SessionInfo, Voice": voice.SessionInfo,
    "SessionLogInfo": voice.SessionLogInfo,
    "CustomerBreadcrumb": voice.CustomerBreadcrumb,
}

TYPES: Dict[str, Any] = {
    "SessionInfo": voice.SessionInfo,
    "List[SessionInfo]": List[voice.SessionInfo],
    "Dict[str, int]": Dict[str, int],
    "List[datetime]": List[datetime],
    "timedelta": timedelta,
    "UUID": UUID,
    "Perms": Perms,
    "Any+type_map": Any,
    "Tuple[int, float, bool, date, time, Decimal, bytes]": Tuple[
        int, float, bool, date, time, Decimal, bytes
    ],
    "Dict[str, List[Optional[Union[int, str]]]]": Dict[str, List[Optional[Union[int, str]]]],
}
assert tuple(TYPES) == fu.TYPED_NAMES


def _equal(a: Any, b: Any) -> bool:
    """Typed equality with NaN equal to NaN (floats only occur at the top of a tuple)."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a:
        return b != b
    return bool(a == b)


def _no_import(before: set[str], doc: str | bytes) -> None:
    """Fails when decoding imported a module the document names (``__type`` abuse)."""
    new = set(sys.modules) - before
    if not new:
        return
    text = doc if isinstance(doc, str) else doc.decode("utf-8", "replace")
    named = sorted(m for m in new if m.rsplit(".", 1)[-1] in text)
    assert not named, f"typed decoding imported {named}"


def _warm_up() -> None:
    """Runs every type once so lazy imports of jsv itself happen before fuzzing."""
    for name, target in TYPES.items():
        for doc in ("", "x", "{a:1}", "[1,2]", "2020-01-02T03:04:05.123+01:00", "P1DT2H"):
            with contextlib.suppress(jsv.JSVError):
                jsv.loads(doc, type=target, type_map=TYPE_MAP if name == "Any+type_map" else None)


def _typed_key(x: Any) -> Any:
    """``x`` as nested tuples equal only for equal values of the same types (NaN equal)."""
    t = type(x)
    if hasattr(x, "__dataclass_fields__") and not isinstance(x, type):
        return (t, tuple(sorted((k, _typed_key(v)) for k, v in vars(x).items())))
    if isinstance(x, (list, tuple)):
        return (t, tuple(_typed_key(v) for v in x))
    if isinstance(x, dict):
        return (t, tuple((_typed_key(k), _typed_key(v)) for k, v in x.items()))
    if isinstance(x, (float, Decimal)):
        return (t, repr(x))
    return (t, x)


def _outcome(engine: str, call: Any) -> Any:
    """What ``call()`` gives under ``engine``: a value key or the error's parts."""
    with _engine.using(engine):
        try:
            return ("ok", _typed_key(call()))
        except jsv.JSVDecodeError as exc:
            return ("malformed", exc.msg, exc.pos)
        except jsv.JSVValidationError as exc:
            return ("invalid", exc.msg, exc.path)


def TestOneInput(data: bytes) -> None:
    inp = fu.decode_input(data)
    name = fu.TYPED_NAMES[inp.aux % len(fu.TYPED_NAMES)]
    target = TYPES[name]
    forbid = bool(inp.flags & 0x20)
    type_map = TYPE_MAP if name == "Any+type_map" else None

    def call() -> Any:
        return jsv.loads(
            inp.doc, type=target, lenient=inp.lenient, forbid_unknown_fields=forbid,
            type_map=type_map,
        )

    modules = set(sys.modules)
    if len(ENGINES) > 1 and name != "Any+type_map":
        # The one-pass reader against the reference, on every input.
        want, got = _outcome("python", call), _outcome("cython", call)
        _no_import(modules, inp.doc)
        assert got == want, f"typed decoding into {name}: {got!r} != {want!r}"
    _engine.use(ENGINES[(inp.flags >> 6) % len(ENGINES)])
    try:
        value = call()
    except jsv.JSVDecodeError as exc:
        fu.check_decode_error(exc, inp.doc)
        return
    except jsv.JSVValidationError as exc:
        assert isinstance(exc.path, str) and exc.path.startswith("$"), exc.path
        assert isinstance(exc.msg, str) and exc.msg, exc
        return
    finally:
        _no_import(modules, inp.doc)
    if name == "Any+type_map":
        return  # untyped values and classes chosen by __type: nothing to compare
    if name.startswith("Dict[str, List"):
        value = fu.normalise(value, drop_none_values=False)  # [None] is written as []
    text = jsv.dumps(value)
    if _speedups is not None:  # typed writing: the compiled writer against the reference
        for rename in (None, "pascal"):
            want = _writer.encode(value, None, rename)
            got = _speedups.encode(value, None, rename)
            assert got == want, f"typed writing of {name}: {want!r} != {got!r}"
    back = jsv.loads(text, type=target, forbid_unknown_fields=forbid, type_map=type_map)
    if not _equal(back, value):
        raise AssertionError(
            f"typed round trip into {name}: {fu.short(value)} -> {text!r} -> {fu.short(back)}"
        )


def main() -> None:
    _warm_up()
    atheris.Setup(fu.setup_argv("fuzz_typed"), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.exit(main())
