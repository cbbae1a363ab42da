"""Helpers shared by the fuzz targets (imported outside the instrumented block).

Nothing here imports :mod:`jsv`: the targets import it themselves inside
``atheris.instrument_imports()``, so only jsv's own code is instrumented.

Every target reads its input the same way: a small header chooses the mode, the
rest is the document.  ``make_corpus.py`` writes seeds with these headers.

    byte 0  bit 0      lenient
            bit 1      infer
            bit 2      use_decimal
            bits 3-4   input form: 0 str (UTF-8, undecodable bytes become lone
                       surrogates), 1 bytes, 2 str from UTF-16-LE code units
                       (any code point, lone surrogates included),
                       3 bytes with a UTF-8 BOM in front
            bits 5-7   target-specific (engine, type, amplification, ...)
    byte 1  max_depth: 1..128 when < 128, else the default 1024
            (fuzz_typed: which type to decode into)
    byte 2+ the document
"""

from __future__ import annotations

import math
import os
import re
import shlex
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, List, Union

HEADER = 2
DEFAULT_MAX_DEPTH = 1024
BOM = b"\xef\xbb\xbf"
FUZZ_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(FUZZ_DIR)


@dataclass
class Input:
    flags: int
    aux: int
    lenient: bool
    infer: bool
    use_decimal: bool
    max_depth: int
    form: int
    body: bytes
    doc: Union[str, bytes]


def text_of(body: bytes, form: int) -> Union[str, bytes]:
    """The document ``body`` stands for in input form ``form`` (see the module doc)."""
    if form == 0:
        try:
            return body.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return body.decode("utf-8", "surrogateescape")
    if form == 1:
        return body
    if form == 2:
        return body[: len(body) // 2 * 2].decode("utf-16-le", "surrogatepass")
    return BOM + body


def decode_input(data: bytes) -> Input:
    flags = data[0] if data else 0
    aux = data[1] if len(data) > 1 else 255
    body = data[HEADER:]
    form = (flags >> 3) & 3
    return Input(
        flags=flags,
        aux=aux,
        lenient=bool(flags & 1),
        infer=bool(flags & 2),
        use_decimal=bool(flags & 4),
        max_depth=aux + 1 if aux < 128 else DEFAULT_MAX_DEPTH,
        form=form,
        body=body,
        doc=text_of(body, form),
    )


def encode_header(lenient: bool = False, infer: bool = False, use_decimal: bool = False,
                  form: int = 0, extra: int = 0, aux: int = 255) -> bytes:
    """The two header bytes for a seed (the inverse of :func:`decode_input`)."""
    flags = int(lenient) | int(infer) << 1 | int(use_decimal) << 2
    flags |= (form & 3) << 3 | (extra & 7) << 5
    return bytes((flags, aux))


# --- known findings -------------------------------------------------------------

#: Findings already reported and kept in tests/test_regressions.py.  The targets
#: fail on them as on anything else; to keep fuzzing for *new* findings while one
#: is being fixed, list its name in JSV_FUZZ_SKIP_KNOWN (comma-separated, or
#: ``all``).  Never set it in CI.
KNOWN_FINDINGS = {
    "bom-string": "a top-level string starting with U+FEFF is written bare; reading drops the BOM",
    "decimal-exponent": "infer+use_decimal: decimal.InvalidOperation escapes for exponents >= 1e18",
}
_SKIP = {s.strip() for s in os.environ.get("JSV_FUZZ_SKIP_KNOWN", "").split(",") if s.strip()}


def skip_known(name: str, applies: bool) -> bool:
    """True when finding ``name`` applies to this input and is to be skipped."""
    assert name in KNOWN_FINDINGS, name
    return applies and (name in _SKIP or "all" in _SKIP)


def huge_exponent(doc: Union[str, bytes], infer: bool, use_decimal: bool) -> bool:
    """Whether finding "decimal-exponent" can apply to this document."""
    if not (infer and use_decimal):
        return False
    text = doc if isinstance(doc, str) else doc.decode("utf-8", "replace")
    return re.search(r"[eE][+-]?[0-9]{18,}", text) is not None


# --- comparing values ----------------------------------------------------------


def _same_scalar(a: Any, b: Any) -> bool:
    if type(a) is float:
        return (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
        )
    if type(a) is Decimal:
        return str(a) == str(b)
    return bool(a == b)


def same(a: Any, b: Any) -> bool:
    """Exact equality: same types, same key order, NaN equal to NaN.

    Iterative, because parsed values nest up to ``max_depth`` (1024) deep and
    ``==`` on such values would raise RecursionError.
    """
    todo = [(a, b)]
    while todo:
        x, y = todo.pop()
        if type(x) is not type(y):
            return False
        if type(x) is dict:
            if list(x) != list(y):
                return False
            todo.extend((x[k], y[k]) for k in x)
        elif type(x) is list:
            if len(x) != len(y):
                return False
            todo.extend(zip(x, y))
        elif not _same_scalar(x, y):
            return False
    return True


def normalise(v: Any, drop_none_values: bool = True) -> Any:
    """``v`` as JSV can write it: ``[None]`` is ``[]``; map entries whose value is
    ``None`` are dropped (``drop_none_values``; the writer omits them).  Iterative."""
    holder: List[Any] = [None]
    stack: List[Any] = [(v, holder, 0)]
    while stack:
        src, parent, slot = stack.pop()
        t = type(src)
        if t is dict:
            d: dict[Any, Any] = {}
            parent[slot] = d
            for k, x in src.items():
                if x is None and drop_none_values:
                    continue
                d[k] = None  # keeps the key order; filled below
                stack.append((x, d, k))
        elif t is list:
            if len(src) == 1 and src[0] is None:
                parent[slot] = []
                continue
            out: List[Any] = [None] * len(src)
            parent[slot] = out
            for i, x in enumerate(src):
                stack.append((x, out, i))
        else:
            parent[slot] = src
    return holder[0]


_UNTYPED = (str, type(None), int, float, bool, Decimal)


def check_untyped(v: Any, infer: bool, use_decimal: bool) -> None:
    """Asserts that a parsed value is built from the types the reader may return."""
    allowed: tuple[type, ...] = (str, type(None))
    if infer:
        allowed = (*allowed, int, bool, Decimal if use_decimal else float, Decimal)
    stack = [v]
    while stack:
        x = stack.pop()
        t = type(x)
        if t is dict:
            for k, y in x.items():
                assert type(k) in (str, type(None)), f"map key of type {type(k).__name__}"
                stack.append(y)
        elif t is list:
            stack.extend(x)
        else:
            assert t in allowed, f"value of type {t.__name__} (infer={infer})"


def check_decode_error(exc: Any, doc: Union[str, bytes]) -> None:
    """Asserts that a JSVDecodeError is well-formed for the document it was raised on."""
    assert isinstance(exc.msg, str) and exc.msg, exc
    assert isinstance(exc.doc, str), type(exc.doc)
    assert 0 <= exc.pos <= len(exc.doc), (exc.pos, len(exc.doc))
    assert exc.lineno >= 1 and exc.colno >= 1, (exc.lineno, exc.colno)
    if isinstance(doc, str) and doc[:1] != "\ufeff":
        assert exc.doc == doc, "the error's doc is not the document"


def outcome(
    fn: Callable[..., Any], *args: Any, writer: bool = False, **kwargs: Any
) -> tuple[str, Any]:
    """``('ok', value)`` or ``('error', (type, msg, pos))`` for comparing engines.

    Only jsv's errors count as outcomes (and, with ``writer``, the TypeError and
    ValueError :func:`jsv.dumps` documents); anything else propagates: a finding.
    """
    from jsv import JSVDecodeError, JSVValidationError

    try:
        return "ok", fn(*args, **kwargs)
    except JSVDecodeError as exc:
        return "error", (type(exc), exc.msg, exc.pos)
    except JSVValidationError as exc:
        return "error", (type(exc), exc.msg, exc.path)
    except (TypeError, ValueError) as exc:
        if not writer:
            raise
        return "error", (type(exc), str(exc), None)


def short(x: Any, limit: int = 300) -> str:
    """repr() that survives deep values and stays short."""
    try:
        r = repr(x)
    except RecursionError:
        return f"<{type(x).__name__} nested too deeply to print>"
    return r if len(r) <= limit else r[:limit] + f"... ({len(r)} chars)"


def setup_argv(target: str) -> List[str]:
    """libFuzzer arguments: ``-seed=1`` unless one is given, and the target's
    corpus directory (``fuzz/corpus/<target>``) when none is given and it exists.
    Only for fuzzing runs: a positional argument that is a file reproduces it."""
    argv = list(sys.argv)
    # libFuzzer re-runs argv[0] through the shell for -minimize_crash, -jobs and
    # -fork: name the interpreter too, so the script need not be executable.
    argv[0] = f"{shlex.quote(sys.executable)} {shlex.quote(os.path.abspath(argv[0]))}"
    if not any(a.startswith("-seed=") for a in argv[1:]):
        argv.append("-seed=1")
    has_dirs = any(not a.startswith("-") for a in argv[1:])
    default_corpus = os.path.join(FUZZ_DIR, "corpus", target)
    if not has_dirs and os.path.isdir(default_corpus):
        argv.append(default_corpus)
    return argv


# --- the typed target's types --------------------------------------------------

#: fuzz_typed decodes into ``TYPED_NAMES[aux % len(TYPED_NAMES)]``; make_corpus
#: uses the same table to write typed seeds.
TYPED_NAMES = (
    "SessionInfo",
    "List[SessionInfo]",
    "Dict[str, int]",
    "List[datetime]",
    "timedelta",
    "UUID",
    "Perms",  # an IntFlag
    "Any+type_map",  # __type selects a class only through type_map
    "Tuple[int, float, bool, date, time, Decimal, bytes]",
    "Dict[str, List[Optional[Union[int, str]]]]",
)


def load_voice_api() -> Any:
    """Imports ``examples/voice_api.py`` (the generated Voice API DTOs) by path."""
    import importlib.util

    name = "jsv_fuzz_voice_api"
    if name in sys.modules:
        return sys.modules[name]
    path = os.path.join(REPO, "examples", "voice_api.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module
