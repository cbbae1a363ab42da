"""The ``jsv`` command: convert, lay out and check JSV from a terminal.

``jsv to-json``, ``jsv from-json``, ``jsv format``, ``jsv check`` and
``jsv bench``; ``python -m jsv`` is the same program.  Input is a file or, when
none is given (or ``-``), standard input; output goes to standard output.
Malformed input is reported as ``FILE:LINE:COL: message`` followed by the
offending line and a caret, with exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import stat
import sys
from typing import IO, Any, Callable, Optional, Sequence

from . import __version__
from ._api import Decoder, dumps, loads
from ._bench import DEFAULT_REPEAT
from ._bench import run as _bench_run
from ._errors import JSVDecodeError, JSVError
from ._pretty import format as jsv_format
from ._progress import Progress
from ._tojson import typed_json

__all__ = ["main"]

_DESCRIPTION = """\
Read, write and check ServiceStack's JSV format.

JSV is ServiceStack.Text's "JSON + CSV" text: {Name:"Me, Junior",Tags:[a,b]}.
Each command reads FILE, or standard input when FILE is omitted or '-'.
"""

_EPILOG = """\
examples:
  jsv to-json --lenient examples/get_session.jsv
  jsv to-json --type examples/voice_api.py:SessionInfo --lenient examples/get_session.jsv
  jsv to-json --lines --type myapp.dtos:Order orders.jsvl > orders.jsonl
  jsv from-json records.json > records.jsv
  jsv format examples/sessions.jsv
  jsv check *.jsv
"""


def _read(path: Optional[str]) -> tuple[str, bytes]:
    """The display name and the bytes of an input file or of standard input."""
    if path is None or path == "-":
        return "<stdin>", sys.stdin.buffer.read()
    with open(path, "rb") as fp:
        return path, fp.read()


def _write(text: str) -> None:
    """Writes text to standard output as UTF-8, whatever the terminal's encoding."""
    data = text.encode("utf-8", "surrogatepass")
    sys.stdout.buffer.write(data)
    if not text.endswith("\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.buffer.flush()


#: Added to the message of an error in text that ``--lenient`` reads.
LENIENT_HINT = " (the text reads with --lenient: try it for pasted or pretty-printed JSV)"


def _reads_leniently(text: str) -> bool:
    """Whether ``text`` is well-formed JSV once blanks around the punctuation are skipped."""
    try:
        loads(text, lenient=True)
    except JSVDecodeError:
        return False
    return True


def _report(name: str, err: JSVDecodeError, stream: IO[str], lenient: bool = True) -> None:
    """Prints ``FILE:LINE:COL: message``, then the line with a caret under the column.

    When the text was read strictly (``lenient`` false) and would read
    leniently, the message says so: pretty and pasted JSV fails strict
    reading only because its whitespace is data.
    """
    hint = LENIENT_HINT if not lenient and _reads_leniently(err.doc) else ""
    stream.write(f"{name}:{err.lineno}:{err.colno}: {err.msg}{hint}\n")
    start = err.doc.rfind("\n", 0, err.pos) + 1
    stop = err.doc.find("\n", err.pos)
    line = err.doc[start : stop if stop != -1 else len(err.doc)].rstrip("\r")
    column = err.colno - 1
    # Keep very long lines (minified documents) readable around the error.
    if len(line) > 120:
        lo = max(0, column - 60)
        prefix = "..." if lo else ""
        line = prefix + line[lo : lo + 120]
        column = column - lo + len(prefix)
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")
    stream.write(f"    {line}\n    {' ' * column}^\n")


class _TypeSpecError(Exception):
    """A --type that cannot be imported."""


def _load_type(spec: str) -> Any:
    """The class ``MODULE:QUALNAME`` names; MODULE may be a dotted module or a ``.py`` path.

    A dotted module is imported with the current directory first on the path,
    as ``python -m`` does.  This runs the module's code: name only modules you
    trust, as with any import.  (The type named inside JSV, ``__type``, is never
    imported.)
    """
    module_name, sep, qualname = spec.rpartition(":")
    if not sep or not module_name or not qualname:
        raise _TypeSpecError(f"--type must be MODULE:CLASS, not {spec!r}")
    try:
        if module_name.endswith(".py") or os.sep in module_name or "/" in module_name:
            path = os.path.abspath(module_name)
            name = os.path.splitext(os.path.basename(path))[0]
            found = importlib.util.spec_from_file_location(name, path)
            if found is None or found.loader is None or not os.path.isfile(path):
                raise _TypeSpecError(f"no such module file: {module_name}")
            module = importlib.util.module_from_spec(found)
            # Registered first: dataclasses resolve string annotations through it.
            sys.modules[name] = module
            found.loader.exec_module(module)
        else:
            if os.getcwd() not in sys.path:
                sys.path.insert(0, os.getcwd())
            module = importlib.import_module(module_name)
    except _TypeSpecError:
        raise
    except Exception as exc:
        raise _TypeSpecError(f"cannot import {module_name}: {type(exc).__name__}: {exc}") from exc
    obj: Any = module
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise _TypeSpecError(f"{module_name} has no {qualname}") from None
    return obj


def _json_text(value: Any, typed: bool, indent: Optional[int], compact: bool) -> str:
    """JSON for an untyped (json module) or typed (jsv._tojson) value."""
    separators = (",", ":") if compact else None
    try:
        if typed:
            text = typed_json(value, indent, compact=compact)
        else:
            text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them as JSON escapes
        if typed:
            text = typed_json(value, indent, compact=compact, ensure_ascii=True)
        else:
            text = json.dumps(value, ensure_ascii=True, indent=indent, separators=separators)
    return text


def _to_json(args: argparse.Namespace) -> int:
    indent = None if args.indent < 0 else args.indent
    decode: Callable[[bytes], Any]
    if args.type is not None:
        decoder = Decoder(_load_type(args.type), lenient=args.lenient)
        decode = decoder.decode
    else:
        def decode(data: bytes) -> Any:
            return loads(data, lenient=args.lenient, infer=args.infer)

    if args.lines:
        return _to_json_lines(args, decode)
    _, data = _read(args.file)
    _write(_json_text(decode(data), args.type is not None, indent, compact=False))
    return 0


def _open_input(path: Optional[str]) -> tuple[str, IO[bytes], Optional[int]]:
    """(display name, binary stream, size in bytes when it is a regular file)."""
    if path is None or path == "-":
        fp: IO[bytes] = sys.stdin.buffer
        name = "<stdin>"
    else:
        fp = open(path, "rb")  # noqa: SIM115 - closed by the caller
        name = path
    try:
        info = os.fstat(fp.fileno())
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
    except (OSError, ValueError, AttributeError):
        size = None
    return name, fp, size


def _to_json_lines(args: argparse.Namespace, decode: Callable[[bytes], Any]) -> int:
    """One JSV document per input line -> one JSON document per output line.

    Reads and writes a line at a time, so memory does not grow with the input.
    Empty lines are skipped.
    """
    name, fp, size = _open_input(args.file)
    typed = args.type is not None
    show = args.progress
    if show is None:
        show = sys.stderr.isatty()
    progress = Progress(sys.stderr, size, always=bool(args.progress)) if show else None
    out = sys.stdout.buffer
    bad = 0
    try:
        for lineno, raw in enumerate(fp, 1):
            if progress is not None:
                progress.update(len(raw))
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if line.endswith(b"\r"):
                line = line[:-1]
            if not line:
                continue
            try:
                value = decode(line)
            except JSVError as err:
                bad += 1
                if isinstance(err, JSVDecodeError):
                    report = f"{name}:{lineno}:{err.colno}: {err.msg}\n"
                else:
                    report = f"{name}:{lineno}: {err}\n"
                if progress is not None:
                    progress.message(report)
                else:
                    sys.stderr.write(report)
                if args.on_error == "raise":
                    return 1
                if args.on_error == "skip":
                    continue
                value = None
            out.write(_json_text(value, typed, None, compact=True).encode("utf-8"))
            out.write(b"\n")
    finally:
        if progress is not None:
            progress.close()
        if fp is not sys.stdin.buffer:
            fp.close()
        out.flush()
    if bad:
        action = "skipped" if args.on_error == "skip" else "written as null"
        sys.stderr.write(f"jsv: {bad} bad line{'s' if bad != 1 else ''} {action}\n")
    return 0


def _from_json(args: argparse.Namespace) -> int:
    name, data = _read(args.file)
    try:
        value = json.loads(data)
    except ValueError as exc:
        sys.stderr.write(f"{name}: not valid JSON: {exc}\n")
        return 1
    _write(dumps(value))
    return 0


def _format(args: argparse.Namespace) -> int:
    _, data = _read(args.file)
    _write(jsv_format(data, lenient=args.lenient))
    return 0


def _check(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files or [None]:
        name, data = _read(path)
        try:
            loads(data, lenient=args.lenient)
        except JSVDecodeError as err:
            _report(name, err, sys.stderr, args.lenient)
            status = 1
        else:
            if not args.quiet:
                sys.stdout.write(f"{name}: ok\n")
    return status


def _bench(args: argparse.Namespace) -> int:
    if args.arrow:
        if importlib.util.find_spec("pyarrow") is None:
            sys.stderr.write("jsv bench --arrow needs pyarrow: pip install 'jsv-text[arrow]'\n")
            return 2
        # An optional extra: loaded by name only when asked for, so that the
        # command line never imports pyarrow otherwise.
        bench_arrow = importlib.import_module("jsv._bench_arrow")
        status = bench_arrow.run_arrow(rows=args.rows, repeat=args.repeat or 1, stream=sys.stdout)
        return int(status)
    return _bench_run(
        records=args.records,
        repeat=args.repeat or DEFAULT_REPEAT,
        stream=sys.stdout,
        json_path=args.json,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jsv",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jsv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    lenient_help = (
        "read pasted or pretty-printed JSV: skip blanks and newlines around "
        "{ } [ ] , : and trim keys and values (by default whitespace is data, "
        "as in ServiceStack)"
    )

    p = sub.add_parser(
        "to-json",
        help="convert JSV to JSON",
        description="Convert a JSV document to JSON. Every scalar becomes a JSON "
        "string (JSV has no types) unless --type or --infer is given; an empty value "
        "becomes null. With --lines, each line is one document and one line of output.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="JSV input (default: stdin)")
    p.add_argument("--lenient", action="store_true", help=lenient_help)
    p.add_argument(
        "--infer",
        action="store_true",
        help="write unquoted numbers and true/false as JSON numbers and booleans",
    )
    p.add_argument(
        "--indent",
        type=int,
        default=2,
        help="JSON indentation; -1 for one line (default: 2; --lines writes one line each)",
    )
    p.add_argument(
        "--type",
        metavar="MODULE:CLASS",
        help="decode into this class (a dataclass, e.g. a generated ServiceStack DTO), so "
        "numbers and booleans become JSON numbers and booleans, dates ISO 8601 text, enums "
        "their values, Decimal exact JSON numbers; MODULE is a dotted module (imported from "
        "the current directory) or a .py file",
    )
    p.add_argument(
        "--lines",
        action="store_true",
        help="one JSV document per input line (empty lines skipped) -> one JSON document per "
        "output line (JSON Lines), streamed in constant memory",
    )
    p.add_argument(
        "--on-error",
        choices=("raise", "null", "skip"),
        default="raise",
        help="with --lines, a bad line: stop with status 1 (raise, the default), write null "
        "(null) or leave it out (skip); each bad line is reported on stderr",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="with --lines, a progress bar on stderr; by default shown when stderr is a "
        "terminal and more than 1 MB has been read",
    )
    p.set_defaults(run=_to_json)

    p = sub.add_parser(
        "from-json",
        help="convert JSON to JSV",
        description="Convert a JSON document to compact JSV, exactly as ServiceStack.Text "
        "writes it: null members are omitted, null list items become empty slots.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="JSON input (default: stdin)")
    p.set_defaults(run=_from_json)

    p = sub.add_parser(
        "format",
        help="lay out JSV for reading",
        description="Lay out JSV one member per line with TAB indentation, like "
        "ServiceStack's JsvFormatter, but in a form that reads back unchanged "
        "with --lenient.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="JSV input (default: stdin)")
    p.add_argument("--lenient", action="store_true", help=lenient_help)
    p.set_defaults(run=_format)

    p = sub.add_parser(
        "check",
        help="check that files are well-formed JSV",
        description="Check JSV files. Prints 'FILE: ok' for each good file; for a bad "
        "one prints FILE:LINE:COL: message, the offending line and a caret, and "
        "exits with status 1.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="JSV files (default: stdin)")
    p.add_argument("--lenient", action="store_true", help=lenient_help)
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.set_defaults(run=_check)

    p = sub.add_parser(
        "bench",
        help="measure jsv against json (and orjson, msgspec when installed)",
        description="Time loads, dumps, typed loads and typed dumps of generated "
        "session records against json, orjson and msgspec (those installed) on the same "
        "data, in one run, and print jsv's time as a ratio to each.",
    )
    p.add_argument("--records", type=int, default=1000, help="records per document (default: 1000)")
    p.add_argument(
        "--repeat",
        type=int,
        default=None,
        help=f"timing rounds; the best is kept (default: {DEFAULT_REPEAT}, with --arrow 1)",
    )
    p.add_argument(
        "--arrow",
        action="store_true",
        help="instead: JSV cells into Apache Arrow with jsv.arrow.decode against Polars, "
        "DuckDB and json.loads + pyarrow.array, and decode_many against a loop of decode "
        "(needs pyarrow; polars and duckdb are skipped when missing)",
    )
    p.add_argument(
        "--rows", type=int, default=1_000_000, help="cells for --arrow (default: 1000000)"
    )
    p.add_argument(
        "--json",
        metavar="PATH",
        help="also write the figures to PATH as JSON (benchmarks/chart.py draws them)",
    )
    p.set_defaults(run=_bench)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "type", None) is not None and args.infer:
        parser.error("--infer applies only without --type (the type says what each value is)")
    try:
        status: int = args.run(args)
    except _TypeSpecError as err:
        sys.stderr.write(f"jsv: {err}\n")
        return 2
    except JSVDecodeError as err:
        path = getattr(args, "file", None)
        name = path if path not in (None, "-") else "<stdin>"
        _report(name, err, sys.stderr, getattr(args, "lenient", True))
        return 1
    except JSVError as err:  # well-formed, but not the --type
        path = getattr(args, "file", None)
        sys.stderr.write(f"{path if path not in (None, '-') else '<stdin>'}: {err}\n")
        return 1
    except BrokenPipeError:
        # The reader went away (`jsv to-json big.jsv | head`): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as err:
        sys.stderr.write(f"jsv: {err}\n")
        return 2
    return status


def _entry() -> Any:
    """Console-script entry point."""
    sys.exit(main())
