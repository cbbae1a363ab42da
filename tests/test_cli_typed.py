"""``jsv to-json --type`` and ``--lines``, run as a real subprocess with the engine under test."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import List

import pytest

from helpers import ROOT
from helpers import run_cli as run

DTOS = textwrap.dedent(
    """
    from __future__ import annotations

    import datetime
    import enum
    import uuid
    from dataclasses import dataclass, field
    from decimal import Decimal
    from typing import Dict, List, Optional, Set


    class Status(enum.Enum):
        OPEN = "Open"
        CLOSED = "Closed"


    class Level(enum.IntEnum):
        LOW = 1
        HIGH = 2


    @dataclass
    class Line:
        sku: str
        qty: int
        price: Decimal


    @dataclass
    class Order:
        id: int
        paid: bool
        total: Decimal
        ratio: float
        status: Status
        level: Level
        created: datetime.datetime
        due: datetime.date
        took: datetime.timedelta
        ref: uuid.UUID
        lines: List[Line] = field(default_factory=list)
        by_slot: Dict[int, str] = field(default_factory=dict)
        tags: Set[str] = field(default_factory=set)
        note: Optional[str] = None
    """
)

ORDER = (
    "{Id:7,Paid:True,Total:1234567890.10,Ratio:0.25,Status:Open,Level:2,"
    "Created:2024-05-01T10:00:00.5Z,Due:2024-06-30,Took:PT1H30M,"
    "Ref:0f8fad5bd9cb469fa16570867728950e,"
    'Lines:[{Sku:"a,b",Qty:2,Price:0.10},{Sku:x,Qty:1,Price:3}],'
    "BySlot:{1:one,2:two},Tags:[z,a]}"
)

# The JSON the typed conversion must give, written out by hand.
ORDER_JSON = (
    '{"id": 7, "paid": true, "total": 1234567890.10, "ratio": 0.25, "status": "Open", '
    '"level": 2, "created": "2024-05-01T10:00:00.500000+00:00", "due": "2024-06-30", '
    '"took": "PT1H30M", "ref": "0f8fad5b-d9cb-469f-a165-70867728950e", '
    '"lines": [{"sku": "a,b", "qty": 2, "price": 0.10}, {"sku": "x", "qty": 1, "price": 3}], '
    '"by_slot": {"1": "one", "2": "two"}, "tags": ["a", "z"], "note": null}'
)


@pytest.fixture
def dtos(tmp_path: Path) -> Path:
    (tmp_path / "shop_dtos.py").write_text(DTOS)
    return tmp_path


def test_typed_values_become_json_types(engine: str, dtos: Path) -> None:
    for spec, cwd in (("shop_dtos:Order", dtos), (f"{dtos}/shop_dtos.py:Order", ROOT)):
        proc = run(
            engine, "to-json", "--type", spec, "--indent", "-1", stdin=ORDER.encode(), cwd=cwd
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.decode() == ORDER_JSON + "\n"
    # Decimals keep their exact digits: read back as Decimal, they are equal.
    value = json.loads(ORDER_JSON, parse_float=Decimal)
    assert value["total"] == Decimal("1234567890.10")


def test_typed_indented_output_is_the_same_document(engine: str, dtos: Path) -> None:
    proc = run(engine, "to-json", "--type", "shop_dtos:Order", stdin=ORDER.encode(), cwd=dtos)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith('{\n  "id": 7,\n  "paid": true,\n')
    assert json.loads(proc.stdout) == json.loads(ORDER_JSON)


def test_type_that_does_not_fit_reports_the_path(engine: str, dtos: Path) -> None:
    bad = ORDER.replace("Qty:2", "Qty:two")
    proc = run(engine, "to-json", "--type", "shop_dtos:Order", stdin=bad.encode(), cwd=dtos)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert proc.stderr.decode() == "<stdin>: Expected `int`, got `two` - at `$.Lines[0].Qty`\n"


@pytest.mark.parametrize(
    "spec, message",
    [
        ("shop_dtos", "--type must be MODULE:CLASS, not 'shop_dtos'"),
        ("no_such_module_xyz:Order", "cannot import no_such_module_xyz: ModuleNotFoundError"),
        ("shop_dtos:Nope", "shop_dtos has no Nope"),
        ("missing/file.py:Order", "no such module file: missing/file.py"),
    ],
)
def test_bad_type_spec_exits_2(engine: str, dtos: Path, spec: str, message: str) -> None:
    proc = run(engine, "to-json", "--type", spec, stdin=b"{}", cwd=dtos)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("jsv: " + message)


def test_infer_and_type_do_not_mix(engine: str) -> None:
    proc = run(engine, "to-json", "--type", "x:Y", "--infer", stdin=b"{}")
    assert proc.returncode == 2
    assert b"--infer applies only without --type" in proc.stderr


LINES = b'{Id:1,Tags:[a,"b,c"]}\n\n[x,,y]\r\n"quoted, text"\n{Empty:}\n'


def test_lines_untyped(engine: str) -> None:
    proc = run(engine, "to-json", "--lines", stdin=LINES)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        b'{"Id":"1","Tags":["a","b,c"]}\n["x",null,"y"]\n"quoted, text"\n{"Empty":null}\n'
    )
    # the last line may lack its newline
    proc = run(engine, "to-json", "--lines", "--infer", stdin=b"{A:1,B:true}\n[2.5]")
    assert proc.stdout == b'{"A":1,"B":true}\n[2.5]\n'


def test_lines_typed(engine: str, dtos: Path) -> None:
    data = (ORDER + "\n" + ORDER.replace("Id:7", "Id:8") + "\n").encode()
    proc = run(engine, "to-json", "--lines", "--type", "shop_dtos:Order", stdin=data, cwd=dtos)
    assert proc.returncode == 0, proc.stderr
    compact = ORDER_JSON.replace('", "', '","').replace(": ", ":").replace(", ", ",")
    lines = proc.stdout.decode().splitlines()
    assert lines == [compact, compact.replace('"id":7', '"id":8')]


BAD_LINES = b"[1]\n[2\n[x]\n[4]\n"


@pytest.mark.parametrize(
    "policy, status, out",
    [
        ("raise", 1, b'[1]\n'),
        ("null", 0, b"[1]\nnull\nnull\n[4]\n"),
        ("skip", 0, b"[1]\n[4]\n"),
    ],
)
def test_lines_on_error(engine: str, tmp_path: Path, policy: str, status: int, out: bytes) -> None:
    f = tmp_path / "in.jsvl"
    f.write_bytes(BAD_LINES)
    (tmp_path / "ints.py").write_text("from typing import Any, List\nInts = List[int]\n")
    proc = run(
        engine, "to-json", "--lines", "--type", "ints:Ints", "--on-error", policy, str(f),
        cwd=tmp_path,
    )
    assert proc.returncode == status
    assert proc.stdout == out
    errors = proc.stderr.decode().splitlines()
    assert errors[0] == f"{f}:2:3: Unterminated list: expecting ',' or ']'"
    if policy == "raise":
        assert len(errors) == 1
    else:
        assert errors[1] == f"{f}:3: Expected `int`, got `x` - at `$[0]`"
        action = "skipped" if policy == "skip" else "written as null"
        assert errors[2] == f"jsv: 2 bad lines {action}"


def big_input(path: Path, lines: int, width: int) -> Path:
    item = "abcdefgh"
    doc = "[" + ",".join([item] * (width // (len(item) + 1))) + "]\n"
    with open(path, "w") as fp:
        for _ in range(lines):
            fp.write(doc)
    return path


def peak_rss_kb(engine: str, *args: str) -> int:
    """Peak resident memory (KiB) of ``python -m jsv ARGS`` run alone under a fresh parent."""
    env = dict(os.environ)
    env.pop("JSV_NO_EXTENSIONS", None)
    if engine == "python":
        env["JSV_NO_EXTENSIONS"] = "1"
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'jsv', *sys.argv[1:]],"
        " stdout=subprocess.DEVNULL)\n"
        "assert p.returncode == 0\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, env=env, check=True, timeout=600
    )
    return int(out.stdout)


def test_lines_run_in_constant_memory(engine: str, tmp_path: Path) -> None:
    small = big_input(tmp_path / "small.jsvl", 10, 16_000)
    large = big_input(tmp_path / "large.jsvl", 1500, 16_000)  # 24 MB
    base = peak_rss_kb(engine, "to-json", "--lines", str(small))
    peak = peak_rss_kb(engine, "to-json", "--lines", str(large))
    # Holding the input, or the output, would add at least 24 MB.
    assert peak - base < 8 * 1024, (base, peak)


def run_on_pty(engine: str, *args: str) -> tuple[int, bytes]:
    """Runs the CLI with standard error on a pseudo-terminal; (status, what the terminal got)."""
    env = dict(os.environ)
    env.pop("JSV_NO_EXTENSIONS", None)
    if engine == "python":
        env["JSV_NO_EXTENSIONS"] = "1"
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jsv", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=300), seen


def test_progress_bar_on_a_terminal_for_large_input(engine: str, tmp_path: Path) -> None:
    large = big_input(tmp_path / "large.jsvl", 200, 8_000)  # 1.6 MB
    status, seen = run_on_pty(engine, "to-json", "--lines", str(large))
    assert status == 0
    final = seen.decode().rsplit("\r\x1b[K", 1)[-1]
    assert final.startswith("100% [########################] 1.6 MB / 1.6 MB  200 lines  ")
    assert final.endswith("/s\r\n")  # the pty turns the final newline into CRLF

    # small input: no bar; --no-progress: no bar
    small = big_input(tmp_path / "small.jsvl", 10, 8_000)
    assert run_on_pty(engine, "to-json", "--lines", str(small)) == (0, b"")
    assert run_on_pty(engine, "to-json", "--lines", "--no-progress", str(large)) == (0, b"")


def test_no_progress_bar_when_stderr_is_not_a_terminal(engine: str, tmp_path: Path) -> None:
    large = big_input(tmp_path / "large.jsvl", 200, 8_000)
    proc = run(engine, "to-json", "--lines", str(large))
    assert proc.returncode == 0 and proc.stderr == b""
    # --progress forces it, even for input of unknown size (a pipe)
    proc = run(engine, "to-json", "--lines", "--progress", stdin=b"[a]\n[b]\n")
    assert proc.returncode == 0
    assert proc.stderr.decode().rsplit("\r\x1b[K", 1)[-1].startswith("8 B  2 lines  ")


def test_typed_json_matches_the_json_module_on_untyped_values(engine: str) -> None:
    from jsv._tojson import typed_json

    samples: List[object] = [
        {"a": [1, 2.5, {"b": None}], "c": {}, "d": [], "e": [[]], "f": "\u2028é\"\\"},
        [],
        {},
        0,
        "x",
        [True, False, None, -0.0, 1e300],
    ]
    for v in samples:
        for indent in (None, 0, 2):
            assert typed_json(v, indent) == json.dumps(v, indent=indent, ensure_ascii=False)
        assert typed_json(v, compact=True) == json.dumps(
            v, separators=(",", ":"), ensure_ascii=False
        )
        assert typed_json(v, ensure_ascii=True) == json.dumps(v)
