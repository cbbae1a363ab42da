"""Memory stays flat under repeated ``loads``/``dumps`` of the conformance corpus.

Each test runs on each engine (conftest).  One *iteration* is one call: the
iterations walk the corpus (``tests/conformance/cases`` and ``examples``) and a
list of operations -- untyped strict/lenient reading of str and bytes, with and
without ``infer``, the error path of the malformed cases, writing, typed
reading into dicts, lists and the generated Voice API DTOs (successes and
validation errors), typed writing -- so every (document, operation) pair
recurs many times.

After a warm-up of one full pass (caches, plans, interned strings settle),
the growth of ``tracemalloc``'s traced memory over the measured iterations must
stay below ``SLACK_BYTES`` in total: a leak of a single 16-byte block in one
call out of a hundred already exceeds it at 20000 iterations.  The compiled
engine's str caches (the reader's, and the typed nodes' caches by address)
are emptied just before each reading of traced memory: they are bounded, but
which strings they hold depends on the last ones read, which would otherwise
show up as a few KiB that come and go.  RSS, which also
sees memory the extension might take with ``malloc``, must stay within
``RSS_SLACK``.

``JSV_LEAK_ITERATIONS`` (default 20000) sets the number of measured
iterations: ``JSV_LEAK_ITERATIONS=100000 python -m pytest tests/test_leaks.py``
is the full hundred-thousand run.
"""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import jsv
from helpers import load_example
from strategies import subscript

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

ITERATIONS = int(os.environ.get("JSV_LEAK_ITERATIONS", "20000"))
#: Allowed growth of traced memory over the measured iterations, in bytes.
SLACK_BYTES = 8 * 1024
#: Allowed RSS growth; RSS moves in pages and allocator arenas.
RSS_SLACK = 4 * 1024 * 1024 + ITERATIONS * 16

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "conformance" / "cases"


def _voice_api() -> Any:
    return load_example("voice_api", "jsv_test_leaks_voice_api")


def _corpus() -> List[Tuple[bytes, bool]]:
    """(document, lenient) for every conformance case and example."""
    docs = []
    for path in sorted(CASES.glob("*.jsv")):
        docs.append((path.read_bytes(), path.name.startswith(("l_", "ln_"))))
    for path in sorted((ROOT / "examples").glob("*.jsv")):
        docs.append((path.read_bytes(), path.name == "get_session.jsv"))
    return docs


def _operations() -> List[Callable[[bytes, bool, int], Any]]:
    voice = _voice_api()
    types: List[Any] = [
        Dict[str, str],
        List[str],
        Any,
        voice.SessionInfo,
        subscript(List, voice.SessionInfo),  # a run-time module's class
        Dict[str, List[Optional[int]]],
    ]

    def untyped_str(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.loads(doc.decode("utf-8"), lenient=lenient)

    def untyped_bytes(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.loads(doc if i % 2 else b"\xef\xbb\xbf" + doc, lenient=lenient)

    def inferred(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.loads(doc, lenient=lenient, infer=True, use_decimal=bool(i % 2))

    def malformed(doc: bytes, lenient: bool, i: int) -> Any:
        # The other mode, and a truncated copy: mostly errors.
        return jsv.loads(doc[: len(doc) * 2 // 3] if i % 2 else doc, lenient=not lenient)

    def written(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.dumps(jsv.loads(doc, lenient=lenient, infer=bool(i % 2)))

    def typed(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.loads(doc, lenient=lenient, type=types[i % len(types)])

    def typed_written(doc: bytes, lenient: bool, i: int) -> Any:
        value = jsv.loads(doc, lenient=True, type=types[(i // 7) % len(types)])
        return jsv.dumps(value)

    def laid_out(doc: bytes, lenient: bool, i: int) -> Any:
        return jsv.format(doc, lenient=lenient)

    return [untyped_str, untyped_bytes, inferred, malformed, written, typed, typed_written,
            laid_out]


def _run(ops: List[Callable[[bytes, bool, int], Any]], docs: List[Tuple[bytes, bool]],
         start: int, count: int) -> int:
    """Runs iterations start..start+count; returns how many ended in a jsv error."""
    errors = 0
    n_ops, n_docs = len(ops), len(docs)
    for i in range(start, start + count):
        d = i % n_docs
        doc, lenient = docs[d]
        # Pass q over the documents gives document d operation (q + d): any
        # n_ops consecutive passes run every (document, operation) pair once.  The
        # variant an operation picks (str or bytes, which type, ...) depends on the
        # document only, so later passes repeat exactly what the warm-up ran.
        op = ops[(i // n_docs + d) % n_ops]
        try:
            op(doc, lenient, d)
        except jsv.JSVError:
            errors += 1
    return errors


def _rss() -> int:
    """Resident set size in bytes (Linux: /proc; elsewhere the peak, which only grows)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # pragma: no cover - not Linux
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def test_corpus_is_big_enough() -> None:
    docs = _corpus()
    assert len(docs) > 300
    ops = _operations()
    # Both the value and the error paths are exercised.
    errors = _run(ops, docs, 0, len(docs) * len(ops))
    assert 0.1 < errors / (len(docs) * len(ops)) < 0.9


def _settle() -> None:
    """Collects garbage and empties the compiled reader's bounded string caches."""
    speedups = sys.modules.get("jsv._speedups")
    if speedups is not None:
        speedups._clear_caches()
    gc.collect()


def _measure(ops: List[Callable[[bytes, bool, int], Any]], iterations: int) -> Tuple[int, int, str]:
    """Warms up, then runs ``iterations``; returns (traced growth, RSS growth, report)."""
    docs = _corpus()
    warm = len(docs) * len(ops)
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        _run(ops, docs, 0, warm)  # warm-up, traced so that caches fill under tracing
        _settle()
        traced_before, _ = tracemalloc.get_traced_memory()
        rss_before = _rss()
        errors = _run(ops, docs, warm, iterations)
        _settle()
        traced_after, _ = tracemalloc.get_traced_memory()
        rss_after = _rss()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    growth = traced_after - traced_before
    rss_growth = rss_after - rss_before
    report = (
        f"{iterations} iterations ({errors} errors), traced memory "
        f"{traced_before} -> {traced_after} ({growth:+d} bytes, "
        f"{growth / iterations:+.3f} per iteration), RSS {rss_growth / 1024:+.0f} KiB"
    )
    return growth, rss_growth, report


def test_memory_stays_flat(engine: str) -> None:
    growth, rss_growth, report = _measure(_operations(), ITERATIONS)
    print(f"{engine}: {report}")
    assert growth < SLACK_BYTES, report
    assert rss_growth < RSS_SLACK, report


def test_the_measurement_sees_a_small_leak() -> None:
    """Not vacuous: one 16-byte object kept in every 10th call is caught."""
    kept: List[object] = []
    ops = _operations()

    def leaky(doc: bytes, lenient: bool, i: int) -> Any:
        if i % 10 == 0:
            kept.append(object())
        return ops[0](doc, lenient, i)

    growth, _, report = _measure([leaky], 5000)
    assert len(kept) > 300
    assert growth >= SLACK_BYTES, report


@pytest.mark.parametrize("kind", ["decode error", "validation error", "dumps error"])
def test_error_paths_do_not_leak(kind: str) -> None:
    """The three exceptions jsv raises, 1000 times each (tracemalloc only)."""
    voice = _voice_api()
    calls: Dict[str, Callable[[int], Any]] = {
        "decode error": lambda i: jsv.loads('{a:"b' if i % 2 else b"[a,\xff]"),
        "validation error": lambda i: jsv.loads(
            "{members:[{},{callState:Bogus}]}", type=voice.SessionInfo),
        "dumps error": lambda i: jsv.dumps([1, {"a": object()}] if i % 2 else _cycle()),
    }
    call = calls[kind]

    def run(n: int) -> None:
        for i in range(n):
            try:
                call(i)
            except (jsv.JSVError, TypeError, ValueError):
                pass
            else:  # pragma: no cover - every call above fails
                raise AssertionError(f"{kind}: no error")

    tracemalloc.start()
    try:
        run(200)
        gc.collect()
        before, _ = tracemalloc.get_traced_memory()
        run(1000)
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < SLACK_BYTES, f"{kind}: {after - before:+d} bytes"


def _cycle() -> Any:
    a: List[Any] = []
    a.append(a)
    return a


def test_unknown_keys_are_not_pinned_by_the_type() -> None:
    """A type's plan remembers key spellings, but not huge ones: 600 documents
    with distinct 20 KB unknown keys leave nothing of them behind (unbounded,
    the 512 remembered spellings would hold 10 MB)."""
    from dataclasses import dataclass

    @dataclass
    class Small:
        name: str = ""

    assert jsv.loads("{NAME:x}", type=Small) == Small("x")  # plan compiled

    def run(start: int, n: int) -> None:
        for i in range(start, start + n):
            key = f"{i:06d}" + "k" * 20000
            assert jsv.loads(f"{{{key}:v,name:n}}", type=Small) == Small("n")

    tracemalloc.start()
    try:
        run(0, 10)
        _settle()
        before, _ = tracemalloc.get_traced_memory()
        run(10, 600)
        _settle()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 64 * 1024, f"{after - before:+d} bytes kept"
