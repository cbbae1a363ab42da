"""Typed stubs of the compiled engine (``_speedups.pyx``); same contract as the reference.

``parse`` is :func:`jsv._reader.parse`, ``encode`` is :func:`jsv._writer.encode`,
``run``, ``decode`` and ``run_many`` are :func:`jsv._typed.run`, :func:`jsv._typed.decode`
and :func:`jsv._typed.run_many`, compiled: same values, same errors.
"""

from typing import Any, Callable, Optional

def parse(
    doc: str,
    lenient: bool = False,
    max_depth: int = 1024,
    infer: bool = False,
    use_decimal: bool = False,
) -> Any: ...
def encode(
    obj: Any,
    default: Optional[Callable[[Any], Any]] = None,
    rename: Any = None,
) -> str: ...
def run(plan: Any, obj: Any) -> Any: ...
def decode(
    plan: Any,
    doc: Any,
    read: Callable[[Any], Any],
    form: int,
    lenient: bool,
    max_depth: int,
) -> Any: ...
def run_many(
    plan: Any,
    docs: Any,
    read: Callable[[Any], Any],
    form: int,
    lenient: bool,
    max_depth: int,
    policy: int,
) -> tuple[list[Any], list[Any]]: ...

class ArrowBuffer:
    def __len__(self) -> int: ...
    def __buffer__(self, flags: int) -> memoryview: ...

class ArrowColumn:
    column: Any
    length: int
    def __init__(self, column: Any) -> None: ...
    def finish(self) -> tuple[Any, ...]: ...

def arrow_columns(
    out: ArrowColumn,
    plan: Any,
    docs: Any,
    read: Callable[[Any], Any],
    form: int,
    lenient: bool,
    max_depth: int,
    policy: int,
    row_base: int,
) -> list[Any]: ...
def _format_float(x: float) -> str: ...
def _clear_caches() -> None: ...
