#!/usr/bin/env python3
"""Mutation check: does the test suite catch deliberate one-line faults?

Each mutant below replaces one line of the engines (``_reader.py``, ``_writer.py``,
``_typed.py``, ``_scalars.py``, ``querystring.py``, ``_speedups.pyx`` and its
``.pxi`` files) with a plausible mistake: an off-by-one at a fast-path limit, a
dropped check, a wrong constant.  For each one the script

1. copies the work tree (the files git knows, committed or not, plus the built
   extension) to a scratch folder,
2. applies the fault, checking that the line it replaces occurs exactly once,
3. rebuilds the Cython extension in place when a ``.pyx``/``.pxi`` changed,
4. runs the test suite there under ``CI=true`` (Hypothesis derandomised, as in
   CI) with ``-x``: first the test files named for the mutant, which usually
   kill it within seconds, and only if they all pass, the whole suite (the
   README's test command).  The first stage is a subset of the second, so the
   verdict is the whole suite's; the split only makes killed mutants fast.

A mutant is *killed* when a test fails (or the run exceeds ``--timeout``: a
hang), and *survives* when the whole suite passes.  Any survivor makes the
exit status 1.

    python scripts/mutants.py                # every mutant
    python scripts/mutants.py -k ndigits     # those whose name contains "ndigits"
    python scripts/mutants.py --list

Needs the project's venv with the test extras, Cython and a C compiler
(``--python`` picks the interpreter, default ``.venv/bin/python``).  Keep the
list growing with the code: a new fast path deserves a mutant at its limit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # relative to src/jsv
    old: str  # must occur exactly once in the file
    new: str
    tests: Tuple[str, ...]  # the files run first (a subset of the suite)


M = Mutant
MUTANTS: List[Mutant] = [
    # --- the compiled reader ------------------------------------------------------
    M("pyx-ndigits-19", "_speedups.pyx", "if ndigits <= 18:", "if ndigits <= 19:",
      ("tests/test_boundaries.py", "tests/test_differential.py")),
    M("pyx-cache-hash-only", "_speedups.pyx",
      "            if jsv_same(data, p, n * sizeof(uchar_t)):",
      "            if True:",
      ("tests/test_boundaries.py",)),
    M("pyx-depth-off-by-one", "_speedups.pyx", "if nframes + 2 > max_depth:",
      "if nframes + 3 > max_depth:", ("tests/test_boundaries.py", "tests/test_errors.py")),
    M("pyx-error-message", "_speedups.pyx",
      "_decode_error(MSG_KEY_AFTER_COMMA, doc, pos)",
      "_decode_error(MSG_MAP_EXPECTING_KEY, doc, pos)",
      ("tests/conformance", "tests/test_errors.py")),
    # --- the compiled writer ------------------------------------------------------
    M("pyx-float-fixed-range", "_speedups.pyx", "    if -4 <= exp < 15:", "    if -4 <= exp < 16:",
      ("tests/test_boundaries.py", "tests/test_encode.py")),
    M("pyx-float-3-digit-exponent", "_speedups.pyx", "    if e >= 100:", "    if e > 100:",
      ("tests/test_boundaries.py", "tests/test_encode.py")),
    M("pyx-id-scan-short", "_speedups.pyx",
      "cdef Py_ssize_t m = self.n if self.n < LINEAR_IDS else LINEAR_IDS",
      "cdef Py_ssize_t m = self.n if self.n < LINEAR_IDS else LINEAR_IDS - 1",
      ("tests/test_boundaries.py",)),
    M("pyx-widen-drops-last", "_speedups.pyx",
      "    for i in range(b.n):\n        PyUnicode_WRITE(kind, wide, i",
      "    for i in range(b.n - 1):\n        PyUnicode_WRITE(kind, wide, i",
      ("tests/test_boundaries.py", "tests/test_encode.py")),
    M("pyx-default-limit", "_speedups.pyx",
      "if len(converted) >= MAX_DEFAULT_NESTING:", "if len(converted) > MAX_DEFAULT_NESTING:",
      ("tests/test_encode.py",)),
    M("pyx-default-unmarked-early", "_speedups.pyx",
      "stack.frames[stack.n - 1].ends = pending", "stack.frames[stack.n - 1].ends = 0",
      ("tests/test_encode.py",)),
    M("pyx-int-write-unsigned", "_speedups.pyx",
      "    u = <unsigned long long>0 - <unsigned long long>v if v < 0",
      "    u = <unsigned long long>(-(v + 1)) if v < 0",
      ("tests/test_boundaries.py", "tests/test_encode.py")),
    # --- the compiled typed runner ------------------------------------------------
    M("pxi-short-int-19", "_speedups_typed.pxi", "if i == n or n - i > 18:",
      "if i == n or n - i > 19:", ("tests/test_boundaries.py", "tests/test_typed.py")),
    M("pxi-value-cache-any-hit", "_speedups_typed.pxi",
      "if n.vkeys[slot] == <PyObject*>v:", "if n.vkeys[slot] != NULL:",
      ("tests/test_typed_differential.py", "tests/test_typed.py")),
    # --- the reference reader -----------------------------------------------------
    M("py-reader-depth-off-by-one", "_reader.py", "if len(stack) + 2 > max_depth:",
      "if len(stack) + 3 > max_depth:", ("tests/test_boundaries.py", "tests/test_errors.py")),
    M("py-reader-error-position", "_reader.py",
      "                    raise JSVDecodeError(MSG_EXPECTING_COLON, s, pos)",
      "                    raise JSVDecodeError(MSG_EXPECTING_COLON, s, pos - 1)",
      ("tests/conformance", "tests/test_errors.py")),
    M("py-reader-int-leading-zeros", "_reader.py",
      '_INT = re.compile(r"-?(?:0|[1-9][0-9]*)").fullmatch',
      '_INT = re.compile(r"-?[0-9]+").fullmatch',
      ("tests/test_boundaries.py", "tests/test_differential.py")),
    M("py-reader-any-but-neighbour", "_reader.py", "        low = ord(c) + 1",
      "        low = ord(c) + 2", ("tests/test_adversarial.py",)),
    M("py-reader-pairs-keep-comma", "_reader.py", """+ ')"?,?'""", """+ ')"?'""",
      ("tests/test_api.py", "tests/test_differential.py")),
    M("py-reader-unquote-once", "_reader.py", """text = text.replace('""', '"')""",
      """text = text.replace('""', '"', 1)""", ("tests/conformance", "tests/test_differential.py")),
    # --- the reference writer -----------------------------------------------------
    M("py-writer-float-fixed-range", "_writer.py", "    if -4 <= exp < 15:",
      "    if -4 <= exp <= 15:", ("tests/test_boundaries.py", "tests/test_encode.py")),
    M("py-writer-cr-unquoted", "_writer.py",
      """_needs_quotes = re.compile("[" + re.escape(ESCAPE_CHARS) + "]").search""",
      '_needs_quotes = re.compile("[" + re.escape(ESCAPE_CHARS.replace("\\r", ""))'
      ' + "]").search',
      ("tests/test_encode.py", "tests/test_roundtrip.py")),
    M("py-writer-default-limit", "_writer.py",
      "if len(converted) >= MAX_DEFAULT_NESTING:", "if len(converted) > MAX_DEFAULT_NESTING:",
      ("tests/test_encode.py",)),
    M("py-writer-default-never-unmarked", "_writer.py",
      "        ids.discard(id(converted.pop()))", "        converted.pop()",
      ("tests/test_encode.py",)),
    # --- the reference typed layer and scalars ------------------------------------
    M("py-typed-forbid-inverted", "_typed.py", "            and self.forbid_unknown\n",
      "            and not self.forbid_unknown\n", ("tests/test_typed.py",)),
    M("py-typed-spelling-unfolded", "_typed.py", "                entry = self.norm.get(folded)",
      "                entry = self.norm.get(key)", ("tests/test_typed.py",)),
    M("py-scalars-bool-y", "_scalars.py", '_TRUE_CHARS = frozenset("1tTyY")',
      '_TRUE_CHARS = frozenset("1tTy")', ("tests/test_scalars.py",)),
    M("py-scalars-int-plus", "_scalars.py",
      '    digits = body[1:] if negative else body\n    if not _is_digits(digits):\n'
      '        raise ValueError("not a valid integer")',
      '    digits = body[1:] if negative else body.lstrip("+")\n    if not _is_digits(digits):\n'
      '        raise ValueError("not a valid integer")',
      ("tests/test_scalars.py", "tests/test_boundaries.py")),
    # --- batch decoding, Arrow columns, bracket-less text, query strings ----------
    M("py-run-many-row", "_typed.py", "            err = e.at_row(row)",
      "            err = e.at_row(row + 1)", ("tests/test_decode_many.py",)),
    M("pyx-run-many-row", "_speedups.pyx", "            err = e.at_row(row)",
      "            err = e.at_row(row + 1)", ("tests/test_decode_many.py",)),
    M("pxi-arrow-row", "_speedups_arrow.pxi", "            err = e.at_row(row)",
      "            err = e.at_row(row + 1)", ("tests/test_arrow.py",)),
    M("py-bare-list-as-map", "_typed.py", "    if kind == _LIST:\n        return read_list_text(",
      "    if kind == _MAP:\n        return read_list_text(", ("tests/test_bare.py",)),
    M("py-querystring-keeps-slash", "querystring.py", 'urllib.parse.quote(text, safe="")',
      'urllib.parse.quote(text, safe="/")', ("tests/test_querystring.py",)),
    # --- the compiled one-pass typed reader, keys by place, canonical scalars --------
    M("pxi-onepass-no-repeat-redo", "_speedups_decode.pxi", "            if given[fld.idx]:",
      "            if False:", ("tests/test_decode_differential.py",)),
    M("pxi-onepass-depth", "_speedups_decode.pxi",
      "        if level >= maxd:  # the reader refuses a container this deep",
      "        if level > maxd:  # the reader refuses a container this deep",
      ("tests/test_decode_differential.py",)),
    M("pxi-canonical-day-31", "_speedups_typed.pxi",
      "if y <= 0 or mo < 1 or mo > 12 or d < 1 or d > _ty_days_in(y, mo):",
      "if y <= 0 or mo < 1 or mo > 12 or d < 1 or d > 31:",
      ("tests/test_typed_differential.py",)),
    M("pyx-key-here-no-colon", "_speedups.pyx",
      "    return n > 0 and pos + n < end and s[pos + n] == CH_COLON and jsv_same(s + pos, text, n)",  # noqa: E501
      "    return n > 0 and pos + n < end and jsv_same(s + pos, text, n)",
      ("tests/test_differential.py", "tests/test_decode_differential.py")),
    M("pyx-keypos-lenient", "_speedups.pyx",
      "                                if not lenient:\n"
      "                                    key = _keypos_hit(s, pos, end, nframes, entry)",
      "                                if True:\n"
      "                                    key = _keypos_hit(s, pos, end, nframes, entry)",
      ("tests/test_regressions.py",)),
    M("pyx-writer-position-no-identity", "_speedups.pyx",
      "and pk == (<_WClass>wcp).names[f.index]):",
      "and True):",
      ("tests/test_typed_encode_differential.py",)),
    M("pyx-short-copy-16", "_speedups.pyx", "        } else if (n > 16) {",
      "        } else if (n > 17) {", ("tests/test_boundaries.py",)),
    M("pyx-pack-skips-middle", "_speedups.pyx",
      "*a = (uint64_t)p[0] | ((uint64_t)p[n / 2] << 8) | ((uint64_t)p[n - 1] << 16);",
      "*a = (uint64_t)p[0] | ((uint64_t)p[n - 1] << 16);",
      ("tests/test_differential.py", "tests/test_boundaries.py")),
    M("pyx-pack-8-skips-tail", "_speedups.pyx",
      "            memcpy(b, p + n - 8, 8);", "            (void)0;",
      ("tests/test_differential.py", "tests/test_boundaries.py")),
    M("pyx-ascii-value-no-escape-check", "_speedups.pyx",
      "    if jsv_first_escape1(<const uint8_t*>data, n) != n:",
      "    if False:",
      ("tests/test_typed_encode_differential.py", "tests/test_encode.py")),
    M("pyx-writer-quoted-no-memchr", "_speedups.pyx",
      "        elif b.kind == 1 and memchr(data + first, CH_QUOTE, n - first) == NULL:",
      "        elif b.kind == 1:", ("tests/test_differential.py", "tests/test_encode.py")),
]


def _tree_files() -> List[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode()
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def _copy_tree(dest: Path) -> None:
    for rel in _tree_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    for built in (ROOT / "src" / "jsv").glob("_speedups*.so"):
        shutil.copy2(built, dest / "src" / "jsv" / built.name)


def _apply(m: Mutant, tree: Path) -> None:
    path = tree / "src" / "jsv" / m.path
    text = path.read_text(encoding="utf-8")
    count = text.count(m.old)
    if count != 1:
        raise SystemExit(f"{m.name}: the line to mutate occurs {count} times in {m.path}")
    path.write_text(text.replace(m.old, m.new), encoding="utf-8")


def _run(cmd: List[str], cwd: Path, env: Dict[str, str], timeout: float) -> Tuple[str, str]:
    """('pass' | 'fail' | 'timeout', last output lines)."""
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    tail = proc.stdout.decode(errors="replace").strip().splitlines()[-3:]
    return ("pass" if proc.returncode == 0 else "fail"), " | ".join(tail)


def check(m: Mutant, python: str, timeout: float) -> Tuple[str, str, float]:
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"jsv-mutant-{m.name}-") as tmp:
        tree = Path(tmp)
        _copy_tree(tree)
        _apply(m, tree)
        env = dict(os.environ, CI="true", PYTHONPATH=str(tree / "src"), PYTHONHASHSEED="0")
        env.pop("JSV_NO_EXTENSIONS", None)
        if m.path.endswith((".pyx", ".pxi")):
            for built in (tree / "src" / "jsv").glob("_speedups*.so"):
                built.unlink()
            build = subprocess.run(
                [python, "setup.py", "build_ext", "--inplace"], cwd=tree, env=dict(
                    env, JSV_REQUIRE_EXTENSIONS="1"), capture_output=True,
            )
            if build.returncode != 0:
                return "ERROR", "the mutant does not compile: " + build.stderr.decode()[-300:], 0.0
        probe = subprocess.run(
            [python, "-c", "import jsv; print(jsv.__file__, jsv.implementation)"],
            cwd=tree, env=env, capture_output=True, text=True,
        )
        where, _, impl = probe.stdout.strip().rpartition(" ")
        if not where.startswith(str(tree)) or impl != "cython":
            why = f"the suite would not test the mutant: {probe.stdout}{probe.stderr}"
            return "ERROR", why, 0.0
        pytest = [python, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
        verdict, tail = _run([*pytest, *m.tests], tree, env, timeout)
        if verdict == "pass":
            verdict, tail = _run(pytest, tree, env, timeout)
    elapsed = time.monotonic() - start
    if verdict == "pass":
        return "SURVIVED", tail, elapsed
    return ("killed" if verdict == "fail" else "killed (timeout)"), tail, elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", default="", help="only mutants whose name contains this")
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per test run")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = ap.parse_args()
    chosen = [m for m in MUTANTS if args.k in m.name]
    if args.list:
        for m in chosen:
            print(f"{m.name:34} {m.path:22} {m.old.strip()!r} -> {m.new.strip()!r}")
        return 0
    start = time.monotonic()
    survived = errors = 0
    for i, m in enumerate(chosen, 1):
        verdict, tail, elapsed = check(m, args.python, args.timeout)
        survived += verdict == "SURVIVED"
        errors += verdict == "ERROR"
        print(f"[{i:2}/{len(chosen)}] {verdict:16} {m.name:34} {elapsed:6.0f}s  {tail[:150]}",
              flush=True)
    minutes = (time.monotonic() - start) / 60
    killed = len(chosen) - survived - errors
    print(f"\n{len(chosen)} mutants: {killed} killed, {survived} survived, {errors} errors, "
          f"in {minutes:.1f} min")
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())
