"""Fuzz target: whatever ``jsv.loads`` accepts, jsv writes back and reads again.

For every document ``text`` that ``loads`` (strict or lenient) accepts as ``v``:

* ``loads(dumps(v)) == normalise(v)`` -- JSV cannot tell ``[None]`` from ``[]``
  and the writer omits map entries whose value is ``None``;
* ``dumps(loads(dumps(v))) == dumps(v)`` -- writing is a fixed point;
* ``loads(format(v), lenient=True) == normalise(v)`` (a ``str`` is text to
  :func:`jsv.format`, so a top-level string goes in as ``dumps(v)``);
* ``loads(format(text, lenient=...), lenient=True)`` is ``v`` with only ``[None]``
  normalised (laying out text keeps empty map values);
* with ``infer`` (and ``use_decimal``) the typed scalars are written without error
  and the result reads back.

Equality is exact: same types, same key order, NaN equal to NaN.  Bits 5-6 of
byte 0 choose the engine (cython when built, for half of the inputs).

    python fuzz/fuzz_roundtrip.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import sys

import _fuzzutil as fu
import atheris

with atheris.instrument_imports(include=["jsv"]):
    import jsv
    from jsv import _engine

ENGINES = _engine.available()


def _check(label: str, got: object, want: object, *context: object) -> None:
    if not fu.same(got, want):
        raise AssertionError(
            f"{label}: got {fu.short(got)}, want {fu.short(want)}; "
            + "; ".join(fu.short(c) for c in context)
        )


def TestOneInput(data: bytes) -> None:
    inp = fu.decode_input(data)
    _engine.use(ENGINES[(inp.flags >> 5) % len(ENGINES)])
    doc = inp.doc
    try:
        v = jsv.loads(doc, lenient=inp.lenient, max_depth=inp.max_depth)
    except jsv.JSVDecodeError:
        return
    if fu.skip_known("bom-string", isinstance(v, str) and v.startswith("\ufeff")):
        return
    want = fu.normalise(v)

    text = jsv.dumps(v)
    again = jsv.loads(text)
    _check("loads(dumps(v))", again, want, v, text)
    _check("dumps(loads(dumps(v)))", jsv.dumps(again), text, v)

    pretty = jsv.format(text if isinstance(v, str) else v)
    _check("loads(format(v), lenient=True)", jsv.loads(pretty, lenient=True), want, v, pretty)

    laid_out = jsv.format(doc, lenient=inp.lenient, max_depth=inp.max_depth)
    _check(
        "loads(format(text), lenient=True)",
        jsv.loads(laid_out, lenient=True),
        fu.normalise(v, drop_none_values=False),
        doc,
        laid_out,
    )

    if inp.infer and not fu.skip_known(
        "decimal-exponent", fu.huge_exponent(doc, inp.infer, inp.use_decimal)
    ):
        typed = jsv.loads(doc, lenient=inp.lenient, max_depth=inp.max_depth, infer=True,
                          use_decimal=inp.use_decimal)
        typed_text = jsv.dumps(typed)
        # Text read back, untyped, has the shape of the inferred value.
        jsv.loads(typed_text)
        _check("dumps(infer) fixed point", jsv.dumps(jsv.loads(typed_text)), typed_text, typed)


def main() -> None:
    atheris.Setup(fu.setup_argv("fuzz_roundtrip"), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.exit(main())
