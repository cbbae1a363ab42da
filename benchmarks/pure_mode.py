"""Would Cython's pure-Python mode do for the plan runner?  Measures it.

Compiles ``src/jsv/_typed.py`` as it is (Cython's pure-Python mode: the
reference source itself, no hand-written twin) into a throw-away extension
module, then times converting the ``jsv bench`` session records with

* the hand-written compiled runner (``jsv._speedups.run``),
* the compiled copy of the reference (``run`` of the compiled ``_typed``),
* the reference in plain Python (``jsv._typed.run``),

all in one run, and prints the compiled copy's speed as a share of the
hand-written runner's.  Issue 9 asked to adopt pure-Python mode if it keeps at
least 85%.  Needs Cython and a C compiler (the ``dev`` extra)::

    python benchmarks/pure_mode.py [--records 1000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import jsv
from jsv import _bench, _engine, _typed

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "jsv" / "_typed.py"

_SETUP = """
from setuptools import setup
from Cython.Build import cythonize
setup(ext_modules=cythonize(["_typed_pure_mode.py"], language_level=3, quiet=True))
"""


def compile_reference(workdir: Path) -> Any:
    """Cythonizes a copy of ``_typed.py`` (relative imports made absolute) and imports it."""
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"^from \.(\w+) import", r"from jsv.\1 import", text, flags=re.M)
    (workdir / "_typed_pure_mode.py").write_text(text, encoding="utf-8")
    (workdir / "setup.py").write_text(_SETUP, encoding="utf-8")
    subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    (built,) = [p for p in workdir.glob("_typed_pure_mode*") if p.suffix in (".so", ".pyd")]
    spec = importlib.util.spec_from_file_location("_typed_pure_mode", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if "cython" not in _engine.available():
        print("the compiled engine is not built: nothing to compare with")
        return 1
    from jsv import _speedups

    with tempfile.TemporaryDirectory() as tmp:
        pure_mode = compile_reference(Path(tmp))
        data = _bench.session_records(args.records)
        target = list.__class_getitem__(_bench.session_types()["SessionInfo"])
        value = jsv.loads(jsv.dumps(data))
        plan = _typed._get_plan(target, _typed._Options(False, None, None))
        plan_pm = pure_mode._get_plan(target, pure_mode._Options(False, None, None))
        expected = _typed.run(plan, value)
        assert _speedups.run(plan, value) == expected
        assert pure_mode.run(plan_pm, value) == expected
        hand = best(lambda: _speedups.run(plan, value), args.repeat)
        compiled = best(lambda: pure_mode.run(plan_pm, value), args.repeat)
        python = best(lambda: _typed.run(plan, value), args.repeat)
    print(f"typed conversion of {args.records} session records (best of {args.repeat})")
    print(f"  hand-written Cython runner (_speedups.run)   {hand * 1e3:8.2f} ms")
    print(f"  _typed.py compiled in pure-Python mode        {compiled * 1e3:8.2f} ms")
    print(f"  _typed.py as Python                           {python * 1e3:8.2f} ms")
    print(f"pure-Python mode keeps {hand / compiled:.0%} of the hand-written runner's speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
