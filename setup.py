"""Builds jsv's optional Cython extension, ``jsv._speedups``.

All metadata lives in pyproject.toml; this file only adds the extension.

* ``JSV_NO_EXTENSIONS=1`` skips the extension: a pure-Python install.
* Without Cython or a working C compiler the install still succeeds, pure
  Python, after one clear warning -- unless ``JSV_REQUIRE_EXTENSIONS=1`` (or
  ``CIBUILDWHEEL=1``, for wheel builds) asks for a hard failure instead.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

PYX = os.path.join("src", "jsv", "_speedups.pyx")


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


REQUIRED = _truthy("JSV_REQUIRE_EXTENSIONS") or _truthy("CIBUILDWHEEL")


def _warn(reason: str) -> None:
    bar = "*" * 75
    sys.stderr.write(
        f"\n{bar}\n"
        f"WARNING: jsv's compiled speedups could not be built ({reason}).\n"
        "jsv is installed as pure Python: same behaviour, slower.\n"
        "Install Cython and a C compiler, then reinstall, to get the fast engine.\n"
        f"{bar}\n\n"
    )


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all, for instance
            if REQUIRED:
                raise
            _warn(f"{type(exc).__name__}: {exc}")

    def build_extension(self, ext: Any) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            if REQUIRED:
                raise
            _warn(f"{type(exc).__name__}: {exc}")


def _extensions() -> list[Any]:
    if _truthy("JSV_NO_EXTENSIONS"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        if REQUIRED:
            raise
        _warn("Cython is not installed")
        return []
    extension = Extension(
        "jsv._speedups",
        [PYX],
        extra_compile_args=["-O2"] if os.name != "nt" else [],
    )
    try:
        return list(
            cythonize(
                [extension],
                language_level=3,
                compiler_directives={
                    "cdivision": True,
                    "initializedcheck": False,
                    "embedsignature": True,
                },
            )
        )
    except Exception as exc:  # the .pyx failed to translate to C
        if REQUIRED:
            raise
        _warn(f"Cython failed: {exc}")
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
