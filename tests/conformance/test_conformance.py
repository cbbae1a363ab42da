"""Runs every case in ``cases/`` (see README.md) as str, as UTF-8 bytes and as bytes with a BOM."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import jsv

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

CASES = Path(__file__).resolve().parent / "cases"
README = Path(__file__).resolve().parent / "README.md"
BOM = b"\xef\xbb\xbf"
PREFIXES = ("y_", "n_", "i_", "l_", "ln_")


def _prefix(name: str) -> str:
    return name.split("_", 1)[0] + "_"


def _names(*prefixes: str) -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.jsv") if _prefix(p.stem) in prefixes)


def _raw(name: str) -> bytes:
    return (CASES / f"{name}.jsv").read_bytes()


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__jsv_pairs__"}:
            return {k: _from_json(v) for k, v in value["__jsv_pairs__"]}
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def _expected(name: str) -> Any:
    return _from_json(json.loads((CASES / f"{name}.json").read_text(encoding="utf-8")))


def _same(got: Any, want: Any) -> bool:
    """Equality that also insists on the exact type (so '1' != 1 and True != 'True'),
    the order of map keys, and the sign of a zero."""
    if type(got) is not type(want):
        return False
    if isinstance(want, dict):
        return list(got) == list(want) and all(_same(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want))
    if isinstance(want, float):
        if math.isnan(want):
            return math.isnan(got)
        return got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
    return bool(got == want)


def _check_rejection(name: str, doc: Any, lenient: bool) -> None:
    """``doc`` raises JSVDecodeError with the case's message and position."""
    want = _expected(name)
    with pytest.raises(jsv.JSVDecodeError) as info:
        jsv.loads(doc, lenient=lenient)
    err = info.value
    assert (err.msg, err.pos) == (want["error"], want["pos"]), name
    # lineno/colno follow from pos as json.JSONDecodeError counts them.
    before = err.doc[: err.pos]
    assert err.lineno == before.count("\n") + 1
    assert err.colno == err.pos - (before.rfind("\n") + 1) + 1
    assert str(err) == f"{err.msg}: line {err.lineno} column {err.colno} (char {err.pos})"


def _inputs(name: str, extra: bool = False) -> list[tuple[str, Any]]:
    """The forms a case is read in: str, bytes, bytes with a BOM (and with ``extra``, two more)."""
    raw = _raw(name)
    variants: list[tuple[str, Any]] = [("str", raw.decode("utf-8")), ("bytes", raw)]
    if extra:
        variants.append(("bytearray", bytearray(raw)))
    if not raw.startswith(BOM):  # one BOM is skipped, a second one would be content
        variants.append(("bytes+bom", BOM + raw))
        if extra:
            variants.append(("str+bom", "\ufeff" + raw.decode("utf-8")))
    return variants


def _accept_params(*prefixes: str) -> list[Any]:
    return [
        pytest.param(name, form, doc, id=f"{name}-{form}")
        for name in _names(*prefixes)
        for form, doc in _inputs(name)
    ]


@pytest.mark.parametrize(("name", "form", "doc"), _accept_params("y_", "i_"))
def test_accept(name: str, form: str, doc: Any) -> None:
    got = jsv.loads(doc)
    want = _expected(name)
    assert got == want and _same(got, want), f"{name} ({form}): {got!r} != {want!r}"


@pytest.mark.parametrize(("name", "form", "doc"), _accept_params("n_"))
def test_reject(name: str, form: str, doc: Any) -> None:
    _check_rejection(name, doc, lenient=False)


@pytest.mark.parametrize(("name", "form", "doc"), _accept_params("l_"))
def test_lenient_accept(name: str, form: str, doc: Any) -> None:
    got = jsv.loads(doc, lenient=True)
    want = _expected(name)
    assert got == want and _same(got, want), f"{name} ({form}): {got!r} != {want!r}"


@pytest.mark.parametrize(("name", "form", "doc"), _accept_params("ln_"))
def test_lenient_reject(name: str, form: str, doc: Any) -> None:
    _check_rejection(name, doc, lenient=True)


def test_other_input_forms() -> None:
    """bytearray input and a str with a leading U+FEFF, for every case in one test."""
    for name in _names("y_", "i_", "n_", "l_", "ln_"):
        lenient = _prefix(name) in ("l_", "ln_")
        for form, doc in _inputs(name, extra=True)[2:]:
            if _prefix(name) in ("n_", "ln_"):
                _check_rejection(name, doc, lenient)
            else:
                got, want = jsv.loads(doc, lenient=lenient), _expected(name)
                assert got == want and _same(got, want), f"{name} ({form}): {got!r} != {want!r}"


# --- the suite itself ---------------------------------------------------------


def test_suite_is_complete() -> None:
    names = [p.stem for p in CASES.glob("*.jsv")]
    assert len(names) >= 150
    for name in names:
        assert _prefix(name) in PREFIXES, name
        assert (CASES / f"{name}.json").exists(), name
        if _prefix(name) in ("n_", "ln_"):
            want = _expected(name)
            assert set(want) == {"error", "pos"} and want["error"], name
    for path in CASES.glob("*.json"):
        assert (CASES / f"{path.stem}.jsv").exists(), path.name
    for prefix in PREFIXES:
        assert _names(prefix), prefix


def test_every_i_case_is_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in _names("i_"):
        assert f"`{name}`" in readme, name


def test_case_files_are_utf8() -> None:
    for path in CASES.glob("*.jsv"):
        path.read_bytes().decode("utf-8")
