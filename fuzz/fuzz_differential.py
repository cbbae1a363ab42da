"""Fuzz target: the Cython engine against the pure-Python reference.

Every input is read by ``jsv._reader.parse`` and ``jsv._speedups.parse`` in all
six modes (strict/lenient x infer off / infer / infer+use_decimal) with the
max_depth of byte 1.  Both must return equal values (same types, same key
order, NaN equal to NaN) or raise the same exception type with the same ``msg``
and ``pos``.  Every parsed value is then written by both writers, which must
produce the same text or the same error.  Finally the input also drives a small
object builder (strings of any code point, huge and small ints, floats from raw
bits, Decimals, bools, None, tuples, sets, nested dicts/lists, keys of several
types) whose JSV must again be identical from both writers.

Without the compiled engine there is nothing to compare: the target says so and
exits with status 2 (CI builds the extension, so that is a failure there).

    python fuzz/fuzz_differential.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import struct
import sys
from decimal import Decimal
from typing import Any, List

import _fuzzutil as fu
import atheris

with atheris.instrument_imports(include=["jsv"]):
    import jsv  # noqa: F401 -- instrumented with its submodules
    from jsv import _engine, _reader, _writer

if "cython" not in _engine.available():
    print(
        "fuzz_differential: only the python engine is available (jsv._speedups is not "
        "built; set up with `pip install -e .` and a C compiler): nothing to compare",
        file=sys.stderr,
    )
    sys.exit(2)

from jsv import _speedups  # type: ignore[attr-defined]

MODES = ((False, False), (True, False), (True, True))


def _compare(what: str, want: tuple[str, Any], got: tuple[str, Any], *context: Any) -> None:
    ok = want[0] == got[0] and (
        fu.same(want[1], got[1]) if want[0] == "ok" else want[1] == got[1]
    )
    if not ok:
        raise AssertionError(
            f"{what}: python {fu.short(want)} != cython {fu.short(got)}; "
            + "; ".join(fu.short(c) for c in context)
        )


def _build(fdp: Any, depth: int = 0) -> Any:
    """An object for the writers, chosen by the fuzzer's bytes."""
    kind = fdp.ConsumeIntInRange(0, 15 if depth < 6 else 9)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 12))  # any code point, surrogates too
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 24))
    if kind == 3:
        return struct.unpack("<d", fdp.ConsumeBytes(8).ljust(8, b"\0"))[0]
    if kind == 4:
        return fdp.ConsumeBool()
    if kind == 5:
        sign = "-" if fdp.ConsumeBool() else ""
        digits = str(fdp.ConsumeIntInRange(0, 10**12))
        exp = fdp.ConsumeIntInRange(-30, 30)
        special = fdp.ConsumeIntInRange(0, 15)
        if special == 0:
            return Decimal(sign + "NaN")
        if special == 1:
            return Decimal(sign + "Infinity")
        return Decimal(f"{sign}{digits}E{exp}")
    if kind == 6:
        return fdp.ConsumeFloat()
    if kind == 7:
        return 10 ** fdp.ConsumeIntInRange(0, 5000) * (-1 if fdp.ConsumeBool() else 1)
    if kind == 8:
        return fdp.PickValueInList(
            ["", " ", '"', ",", ":", "{", "]", "\r\n", "\ufeff", "a b", "\x00"]
        )
    if kind == 9:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 8)).decode("latin-1")
    n = fdp.ConsumeIntInRange(0, 5)
    if kind in (10, 11):
        return [_build(fdp, depth + 1) for _ in range(n)]
    if kind == 12:
        return tuple(_build(fdp, depth + 1) for _ in range(n))
    if kind == 13:
        return {fdp.ConsumeUnicode(3) for _ in range(n)}
    out: dict[Any, Any] = {}
    for _ in range(n):
        key_kind = fdp.ConsumeIntInRange(0, 5)
        key: Any
        if key_kind == 0:
            key = fdp.ConsumeInt(4)
        elif key_kind == 1:
            key = fdp.ConsumeBool()
        elif key_kind == 2:
            key = None
        elif key_kind == 3:
            key = tuple(fdp.ConsumeUnicode(2) for _ in range(fdp.ConsumeIntInRange(0, 3)))
        else:
            key = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 6))
        out[key] = _build(fdp, depth + 1)
    return out


def TestOneInput(data: bytes) -> None:
    inp = fu.decode_input(data)
    doc = inp.doc
    if isinstance(doc, bytes):  # the engines take text; decode as loads() does
        try:
            doc = doc.decode("utf-8")
        except UnicodeDecodeError:
            doc = doc.decode("utf-8", "surrogateescape")
        if doc[:1] == "\ufeff":
            doc = doc[1:]
    values: List[Any] = []
    for lenient in (False, True):
        for infer, use_decimal in MODES:
            if fu.skip_known("decimal-exponent", fu.huge_exponent(doc, infer, use_decimal)):
                continue
            args = (doc, lenient, inp.max_depth, infer, use_decimal)
            want = fu.outcome(_reader.parse, *args)
            got = fu.outcome(_speedups.parse, *args)
            _compare("parse", want, got, args[1:], doc)
            if want[0] == "ok":
                values.append(want[1])
    for value in values:
        _compare(
            "encode",
            fu.outcome(_writer.encode, value, None, None, writer=True),
            fu.outcome(_speedups.encode, value, None, None, writer=True),
            value,
        )
    obj = _build(atheris.FuzzedDataProvider(data))
    _compare(
        "encode(built)",
        fu.outcome(_writer.encode, obj, None, None, writer=True),
        fu.outcome(_speedups.encode, obj, None, None, writer=True),
        obj,
    )


def main() -> None:
    atheris.Setup(fu.setup_argv("fuzz_differential"), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.exit(main())
