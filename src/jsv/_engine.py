"""Chooses the engine behind the public functions: compiled or pure Python.

The pure-Python reader and writer (:mod:`jsv._reader`, :mod:`jsv._writer`) and
the typed layer's plan runner (:func:`jsv._typed.run`) are the reference.  When
the optional Cython module :mod:`jsv._speedups` was built and
``JSV_NO_EXTENSIONS`` is not set, its functions take their place -- the same
contract, faster.  The public API looks the functions up here at call time, so
the test suite can swap engines with :func:`use`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any, Callable, Optional

from . import _reader, _typed, _writer

__all__ = [
    "parse",
    "encode",
    "run",
    "run_many",
    "decode",
    "arrow_builder",
    "arrow_columns",
    "implementation",
    "use",
    "using",
    "available",
]

_speedups: Optional[ModuleType]
if os.environ.get("JSV_NO_EXTENSIONS"):
    _speedups = None
else:
    try:
        from . import _speedups
    except ImportError:
        _speedups = None

#: ``parse(doc, lenient, max_depth, infer, use_decimal) -> value``
parse: Callable[[str, bool, int, bool, bool], Any]
#: ``encode(obj, default, rename) -> str``
encode: Callable[[Any, Optional[Callable[[Any], Any]], Any], str]
#: ``run(plan, value) -> typed value``: runs a typed-decoding plan of :mod:`jsv._typed`.
run: Callable[[Any, Any], Any]
#: ``decode(plan, doc, read, form, lenient, max_depth) -> typed value``: reads
#: (``read(doc)``) and converts one document (:func:`jsv._typed.decode`); the
#: compiled engine reads plain JSV in one pass, building the value as it scans.
decode: Callable[..., Any]
#: ``run_many(plan, docs, read, form, lenient, max_depth, policy) -> (values, errors)``:
#: :func:`decode` for a batch of documents (:func:`jsv._typed.run_many`).
run_many: Callable[..., Any]
#: With the compiled engine, ``arrow_builder(column)`` makes the Arrow buffers of a
#: ``jsv._columns.Column`` layout and ``arrow_columns(builder, plan, docs, read, form,
#: lenient, max_depth, policy, row_base) -> errors`` fills them; ``None`` with pure
#: Python, where :mod:`jsv.arrow` converts through :mod:`jsv._columns` instead.
arrow_builder: Optional[Callable[[Any], Any]] = None
arrow_columns: Optional[Callable[..., Any]] = None
#: ``'cython'`` or ``'python'``: which engine the public functions use.
implementation: str


def available() -> tuple[str, ...]:
    """The engines this installation can run: ``('python',)`` or ``('python', 'cython')``."""
    return ("python",) if _speedups is None else ("python", "cython")


def use(name: str) -> None:
    """Route the public functions to the engine ``name`` (``'python'`` or ``'cython'``)."""
    global parse, encode, run, decode, run_many, implementation, arrow_builder, arrow_columns
    if name == "python":
        parse, encode, run = _reader.parse, _writer.encode, _typed.run
        decode, run_many = _typed.decode, _typed.run_many
        arrow_builder = arrow_columns = None
    elif name == "cython" and _speedups is not None:
        parse, encode, run = _speedups.parse, _speedups.encode, _speedups.run
        decode, run_many = _speedups.decode, _speedups.run_many
        arrow_builder, arrow_columns = _speedups.ArrowColumn, _speedups.arrow_columns
    else:
        raise ValueError(f"engine {name!r} is not available; choose from {available()}")
    implementation = name


@contextmanager
def using(name: str) -> Iterator[str]:
    """Routes the public functions to engine ``name`` inside a ``with`` block."""
    before = implementation
    use(name)
    try:
        yield name
    finally:
        use(before)


use(available()[-1])
