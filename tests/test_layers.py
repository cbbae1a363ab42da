"""The package's layers import one way: no import cycle, none hidden in a function.

jsv's modules form layers -- syntax constants and errors; the scalar formats,
the reader, the writer and the wire names it needs; the typed plans; the
engines; the public API; the CLI -- and each imports only from the layers
below it.  A cycle would make ``import jsv`` depend on the order of the lines
in ``__init__.py``.  These tests read the sources themselves: every import
statement of every ``.py`` file, at any depth (function bodies included), and
the ``import``/``cimport`` lines of the Cython sources, where a ``.pxi`` counts
as part of the ``.pyx`` that includes it.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

import jsv

PACKAGE = Path(jsv.__file__).resolve().parent
SRC_ROOT = PACKAGE.parent

#: ``import a.b``, ``from .x import y, z``, ``cimport a``, ``from a cimport b`` in Cython text.
_CY_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+c?import[ \t]+(?P<names>[^#\n]+)"
    r"|c?import[ \t]+(?P<mods>[^#\n]+))",
    re.M,
)
_CY_INCLUDE = re.compile(r"""^[ \t]*include[ \t]+["']([^"']+)["']""", re.M)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(importer: str, is_package: bool, level: int, target: Optional[str]) -> str:
    """The absolute dotted name of a (possibly relative) import in ``importer``."""
    if level == 0:
        return target or ""
    anchor = importer.split(".")
    if not is_package:
        anchor = anchor[:-1]
    if level > 1:
        anchor = anchor[: len(anchor) - (level - 1)]
    return ".".join(anchor + ([target] if target else []))


class Import:
    """One import statement found in a source: what it names and whether a function holds it."""

    def __init__(self, base: str, names: Tuple[str, ...], in_function: bool, line: int) -> None:
        self.base = base
        self.names = names
        self.in_function = in_function
        self.line = line


def _python_imports(source: str, module: str, is_package: bool) -> Iterator[Import]:
    tree = ast.parse(source)

    def visit(node: ast.AST, in_function: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(alias.name, (), inside, child.lineno)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(module, is_package, child.level, child.module)
                names = tuple(alias.name for alias in child.names)
                yield Import(base, names, inside, child.lineno)
            yield from visit(child, inside)

    yield from visit(tree, False)


def _cython_imports(source: str, module: str) -> Iterator[Import]:
    """Import lines of Cython text; whether one sits in a function is read from its indent."""
    for m in _CY_IMPORT.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        indented = m.group(0)[:1] in (" ", "\t")
        if m.group("mods"):
            for part in m.group("mods").split(","):
                name = part.split(" as ")[0].strip()
                if name:
                    yield Import(name, (), indented, line)
        else:
            dots = len(m.group("base")) - len(m.group("base").lstrip("."))
            target = m.group("base").lstrip(".") or None
            base = _absolute(module, False, dots, target)
            names = tuple(
                n.split(" as ")[0].strip()
                for n in re.split(r"[,()]", m.group("names"))
                if n.strip()
            )
            yield Import(base, names, indented, line)


def package_imports(root: Path, package: str) -> Dict[str, List[Tuple[str, Import]]]:
    """Each module of ``package`` under ``root`` -> the package modules it imports.

    A ``.pxi`` is charged to every ``.pyx`` that includes it.
    """
    directory = root.joinpath(*package.split("."))
    sources: Dict[str, Tuple[str, bool, List[Path]]] = {}
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".py", ".pyx"):
            name = _module_name(path, root)
            sources[name] = (
                "py" if path.suffix == ".py" else "pyx",
                path.name == "__init__.py",
                [path],
            )
    for kind, _, paths in sources.values():
        if kind == "pyx":
            text = paths[0].read_text(encoding="utf-8")
            for included in _CY_INCLUDE.findall(text):
                paths.append(paths[0].parent / included)
    known = set(sources)
    graph: Dict[str, List[Tuple[str, Import]]] = {}
    for name, (kind, is_package, paths) in sources.items():
        edges: List[Tuple[str, Import]] = []
        for path in paths:
            text = path.read_text(encoding="utf-8")
            if kind == "py":
                found = _python_imports(text, name, is_package)
            else:
                found = _cython_imports(text, name)
            for imp in found:
                targets = [f"{imp.base}.{n}" for n in imp.names if f"{imp.base}.{n}" in known]
                if not targets and imp.base in known:
                    targets = [imp.base]
                edges.extend((t, imp) for t in targets if t != name)
        graph[name] = edges
    return graph


def find_cycle(graph: Dict[str, List[Tuple[str, Import]]]) -> Optional[List[str]]:
    """A cycle of the import graph as ``[a, b, ..., a]``, or None (depth-first, iterative)."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        state[start] = 1
        todo = [iter(sorted({t for t, _ in graph[start]}))]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(sorted({t for t, _ in graph.get(nxt, [])})))
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = package_imports(SRC_ROOT, "jsv")
    assert {"jsv", "jsv._api", "jsv._typed", "jsv._speedups", "jsv._writer"} <= set(graph)
    assert "jsv._typed" in {t for t, _ in graph["jsv._speedups"]}  # the .pxi is read
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_no_module_imports_the_package_inside_a_function() -> None:
    graph = package_imports(SRC_ROOT, "jsv")
    hidden = [
        f"{module}:{imp.line} imports {target}"
        for module, edges in graph.items()
        for target, imp in edges
        if imp.in_function
    ]
    assert hidden == []


def _write_package(root: Path, files: Dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_sees_cycles_through_functions_and_cython_text(tmp_path: Path) -> None:
    # The same checker on made-up packages: it must report each of these cycles.
    _write_package(
        tmp_path,
        {
            "p/__init__.py": "from . import a\n",
            "p/a.py": "from .b import f\n",
            "p/b.py": "def f():\n    from . import a\n    return a\n",
        },
    )
    assert find_cycle(package_imports(tmp_path, "p")) == ["p.a", "p.b", "p.a"]
    graph = package_imports(tmp_path, "p")
    assert [imp.in_function for t, imp in graph["p.b"]] == [True]

    _write_package(
        tmp_path,
        {
            "q/__init__.py": "",
            "q/low.py": "import q.fast as fast\n",
            "q/fast.pyx": 'from q.other import x\ninclude "fast_more.pxi"\n',
            "q/fast_more.pxi": "cdef f():\n    from q import low\n",
            "q/other.py": "x = 1\n",
        },
    )
    graph = package_imports(tmp_path, "q")
    assert sorted(t for t, _ in graph["q.fast"]) == ["q.low", "q.other"]
    assert find_cycle(graph) == ["q.fast", "q.low", "q.fast"]

    _write_package(tmp_path, {"r/__init__.py": "", "r/a.py": "import os\nfrom . import b\n"})
    _write_package(tmp_path, {"r/b.py": "from .. import r\n"})
    assert find_cycle(package_imports(tmp_path, "r")) is None


def _import_lines(source: str) -> List[int]:
    lines = source.split("\n")
    return [i for i, line in enumerate(lines) if line.startswith("from .")]


def _orders(n: int) -> Iterator[Tuple[int, ...]]:
    if n <= 4:
        yield from itertools.permutations(range(n))
        return
    for shift in range(n):  # rotations, forwards and backwards
        order = tuple((i + shift) % n for i in range(n))
        yield order
        yield tuple(reversed(order))


_SMOKE = (
    "import dataclasses, jsv\n"
    "@dataclasses.dataclass\n"
    "class P:\n"
    "    a: int\n"
    "    b: list\n"
    "assert jsv.loads('{a:1,b:[x]}') == {'a': '1', 'b': ['x']}\n"
    "assert jsv.loads('{a:1,b:[x]}', type=P) == P(1, ['x'])\n"
    "assert jsv.dumps(P(1, ['x'])) == '{a:1,b:[x]}'\n"
    "assert jsv.format('{a:1}') == '{\\n\\ta: 1\\n}'\n"
    "import jsv._cli, jsv._bench\n"
    "print(jsv.implementation)\n"
)


def test_import_jsv_works_whatever_the_order_of_init_imports(tmp_path: Path) -> None:
    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    at = _import_lines(source)
    assert len(at) >= 4
    lines = source.split("\n")
    tried = 0
    engines = set()
    for order in _orders(len(at)):
        copy = tmp_path / f"order{tried}"
        shutil.copytree(PACKAGE, copy / "jsv", ignore=shutil.ignore_patterns("__pycache__"))
        permuted = list(lines)
        for slot, pick in zip(at, order):
            permuted[slot] = lines[at[pick]]
        (copy / "jsv" / "__init__.py").write_text("\n".join(permuted), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(copy))
        if tried % 2:
            env["JSV_NO_EXTENSIONS"] = "1"
        else:
            env.pop("JSV_NO_EXTENSIONS", None)
        done = subprocess.run(
            [sys.executable, "-c", _SMOKE], env=env, capture_output=True, text=True, cwd=copy
        )
        assert done.returncode == 0, (order, done.stderr)
        engines.add(done.stdout.strip())
        tried += 1
    assert tried >= 8
    assert "python" in engines
    if "cython" in jsv._engine.available():
        assert "cython" in engines


#: The integration modules and the optional package each needs (its extra).
OPTIONAL = {
    "jsv.arrow": "pyarrow",
    "jsv.duckdb": "duckdb",
    "jsv.pandas": "pandas",
    "jsv.polars": "polars",
    "jsv.sqlalchemy": "sqlalchemy",
    "jsv._bench_arrow": "pyarrow",
}


@pytest.mark.parametrize("module", sorted(package_imports(SRC_ROOT, "jsv")))
def test_each_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    # Whichever module a program imports first, it imports; an integration
    # whose optional package is not installed fails for that reason alone.
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    if module == "jsv._speedups" and importlib.util.find_spec(module) is None:
        # A pure-Python install (JSV_NO_EXTENSIONS=1) ships the .pyx, not the module.
        assert "No module named 'jsv._speedups'" in done.stderr, done.stderr
        return
    needs = OPTIONAL.get(module)
    if needs is not None and importlib.util.find_spec(needs) is None:
        assert done.returncode == 1
        assert f"ModuleNotFoundError: No module named '{needs}'" in done.stderr, done.stderr
        return
    assert done.returncode == 0, done.stderr


def _cython_sources() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.glob("*.pyx")) + sorted(PACKAGE.glob("*.pxi"))
    )


def test_compiled_code_reads_plans_only_through_the_declared_interface() -> None:
    from jsv import _typed, _writer

    text = re.sub(r'""".*?"""', '""', _cython_sources(), flags=re.S)  # docstrings
    code = "\n".join(line.split("#", 1)[0] for line in text.split("\n"))  # comments
    # What it takes from the typed layer: the two records of the interface.
    taken = re.findall(r"from\s+jsv\._typed\s+c?import\s+([^\n]+)", code)
    names = {n.split(" as ")[0].strip() for line in taken for n in line.split(",")}
    assert names == {"RUNNER", "plan_view"}
    assert not re.search(r"\bimport\s+jsv\._typed\b|from\s+jsv\s+import\s+_typed", code)
    # From the reference writer: its one record of shared helpers.
    taken = re.findall(r"from\s+jsv\._writer\s+c?import\s+([^\n]+)", code)
    assert {n.split(" as ")[0].strip() for line in taken for n in line.split(",")} == {"WRITER"}
    assert not re.search(r"\bimport\s+jsv\._writer\b|from\s+jsv\s+import\s+_writer", code)
    assert set(re.findall(r"\b_WRITER\.(\w+)", code)) == set(_writer.WriterSupport._fields)
    # No plan class and no private name of the typed layer is spelled there.
    plan_classes = [
        name
        for name, value in vars(_typed).items()
        if isinstance(value, type) and issubclass(value, _typed.Plan)
    ]
    assert "DataclassPlan" in plan_classes
    for name in plan_classes:
        assert not re.search(rf"\b{name}\b", code), name
    # Of a plan object itself only the ``compiled`` slot is touched.
    touched = set(re.findall(r"\bplan\.(\w+)", code))
    assert touched == {"compiled"}
    # Fields read from the views exist on the records.
    records = {
        "view": _typed.PlanView._fields,
        "ov": _typed.ObjectView._fields,
        "_TY_RUNNER": _typed.RunnerSupport._fields,
    }
    for holder, fields in records.items():
        read = set(re.findall(rf"\b{holder}\.(\w+)", code))
        assert read, holder
        assert read <= set(fields), (holder, read - set(fields))
