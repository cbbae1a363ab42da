"""Checks the wheel and sdist in DIST against the tracked sources (CI, after `python -m build`).

The wheel must hold exactly the files git tracks under src/jsv (no module
deleted from src/ still shipping from a stale build/, no Cython source left out of
the package data) and one compiled ``_speedups`` extension; the sdist must hold every
tracked file under src/jsv and no other module.  Exit status 1 on a mismatch.

    python .ci/check_dist.py DIST
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tracked() -> set[str]:
    out = subprocess.run(
        ["git", "ls-files", "src/jsv"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return {line[len("src/") :] for line in out.splitlines()}


def main() -> int:
    dist = Path(sys.argv[1])
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    problems: list[str] = []
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"expected one wheel and one sdist in {dist}, got {wheels} {sdists}")
        return 1
    sources = tracked()
    modules = {f for f in sources if f.endswith(".py")}
    # Every other tracked file (py.typed, the .pyx and its .pxi files, the .pyi)
    # ships too: pyproject's package data must name each one.
    extras = sources - modules

    with zipfile.ZipFile(wheels[0]) as whl:
        names = {n for n in whl.namelist() if n.startswith("jsv/")}
    compiled = {n for n in names if n.startswith("jsv/_speedups") and n.endswith((".so", ".pyd"))}
    if len(compiled) != 1:
        problems.append(f"wheel: expected one compiled _speedups module, found {sorted(compiled)}")
    wheel_modules = {n for n in names if n.endswith(".py")}
    if wheel_modules != modules:
        problems.append(
            f"wheel: modules not tracked in src/: {sorted(wheel_modules - modules)}; "
            f"tracked modules missing: {sorted(modules - wheel_modules)}"
        )
    other = names - wheel_modules - compiled - extras
    if other or not extras <= names:
        problems.append(f"wheel: unexpected {sorted(other)}, missing {sorted(extras - names)}")

    with tarfile.open(sdists[0]) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    in_src = {m[len("src/") :] for m in members if m.startswith("src/jsv/")}
    if not sources <= in_src:
        problems.append(f"sdist: tracked files missing: {sorted(sources - in_src)}")
    stray = {m for m in in_src - sources if m.endswith(".py")}
    if stray:
        problems.append(f"sdist: modules not tracked in src/: {sorted(stray)}")

    for p in problems:
        print("FAIL:", p)
    if not problems:
        print(f"ok: {wheels[0].name} ({len(names)} files), {sdists[0].name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
