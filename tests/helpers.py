"""Helpers the test modules share: the example DTO modules and the CLI as a subprocess."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def load_example(name: str, module_name: str) -> ModuleType:
    """Imports ``examples/<name>.py`` once, as ``sys.modules[module_name]``.

    Each test module passes a name of its own, so its dataclasses are its own
    classes (the leak test, for one, counts what their plans keep).
    """
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return module


def run_cli(
    engine: str, *args: str, stdin: bytes = b"", cwd: Path = ROOT, timeout: float = 300, **kw: Any
) -> subprocess.CompletedProcess[bytes]:
    """Runs ``python -m jsv ARGS`` in a subprocess on ``engine`` ("python": pure Python)."""
    env = dict(os.environ)
    env.pop("JSV_NO_EXTENSIONS", None)
    if engine == "python":
        env["JSV_NO_EXTENSIONS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "jsv", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        **kw,
    )
