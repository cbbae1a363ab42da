"""Fuzz target: untyped ``jsv.loads``, strict and lenient, on str and bytes.

Only :class:`jsv.JSVDecodeError` may escape, with a position inside the
document; a value must be built from the types the reader returns.  Every input
runs on every engine the installation has.

Header (see ``_fuzzutil``): lenient / infer / use_decimal / input form from byte 0,
max_depth from byte 1.  Bit 5 of byte 0 (with bit 7 of byte 1) *amplifies* the
input: a slice of the document (chosen by bytes 2 and 3) is repeated until the
document is ~200k characters, so a quadratic scan turns into a ``-timeout``.

    python fuzz/fuzz_loads.py [libFuzzer flags] [corpus dirs]
"""

from __future__ import annotations

import sys

import _fuzzutil as fu
import atheris

with atheris.instrument_imports(include=["jsv"]):
    import jsv
    from jsv import _engine

ENGINES = _engine.available()
AMPLIFIED_SIZE = 200_000


def _amplify(body: bytes) -> bytes:
    """Repeats the slice ``body[i:j]`` of the document to ~AMPLIFIED_SIZE bytes."""
    if len(body) < 3:
        return body
    a, b, rest = body[0], body[1], body[2:]
    i = a * len(rest) // 256
    j = i + 1 + b * (len(rest) - i) // 256
    middle = rest[i:j] or rest[:1]
    times = max(1, AMPLIFIED_SIZE // len(middle))
    return rest[:i] + middle * times + rest[j:]


def TestOneInput(data: bytes) -> None:
    inp = fu.decode_input(data)
    doc = inp.doc
    if inp.flags & 0x20 and inp.aux & 0x80:
        doc = fu.text_of(_amplify(inp.body), inp.form)
    if fu.skip_known("decimal-exponent", fu.huge_exponent(doc, inp.infer, inp.use_decimal)):
        return
    for name in ENGINES:
        _engine.use(name)
        try:
            value = jsv.loads(
                doc,
                lenient=inp.lenient,
                max_depth=inp.max_depth,
                infer=inp.infer,
                use_decimal=inp.use_decimal,
            )
        except jsv.JSVDecodeError as exc:
            fu.check_decode_error(exc, doc)
            continue
        fu.check_untyped(value, inp.infer, inp.use_decimal)


def main() -> None:
    atheris.Setup(fu.setup_argv("fuzz_loads"), TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.exit(main())
