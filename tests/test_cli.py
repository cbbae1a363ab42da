"""The command line, run as a real subprocess with the engine under test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import jsv
from helpers import EXAMPLES
from helpers import run_cli as run


def test_subprocess_uses_the_engine_under_test(engine: str) -> None:
    env = dict(os.environ, JSV_NO_EXTENSIONS="1") if engine == "python" else dict(os.environ)
    if engine != "python":
        env.pop("JSV_NO_EXTENSIONS", None)
    out = subprocess.run(
        [sys.executable, "-c", "import jsv; print(jsv.implementation)"],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    assert out.stdout.strip() == engine


def test_to_json_of_the_seed_example(engine: str) -> None:
    proc = run(engine, "to-json", "--lenient", str(EXAMPLES / "get_session.jsv"))
    assert proc.returncode == 0, proc.stderr
    value = json.loads(proc.stdout)
    assert len(value) == 41
    assert value["dialState"] == "None"
    assert value["ended"] == "False"
    assert value["members"][0]["applicationData"] == {"String": "String"}
    assert len(value["members"][0]) == 10


def test_to_json_strict_rejects_the_pasted_layout(engine: str) -> None:
    proc = run(engine, "to-json", str(EXAMPLES / "get_session.jsv"))
    assert proc.returncode == 1
    assert b"get_session.jsv:1:" in proc.stderr


def test_to_json_from_stdin_with_infer_and_compact_output(engine: str) -> None:
    proc = run(engine, "to-json", "--infer", "--indent", "-1", stdin=b'{a:1,b:[True,"2",x],c:}')
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b'{"a": 1, "b": [true, "2", "x"], "c": null}\n'


def test_to_json_of_the_records_example(engine: str) -> None:
    proc = run(engine, "to-json", str(EXAMPLES / "sessions.jsv"))
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert len(records) == 4
    assert all(len(r["id"]) == 32 for r in records)


def test_from_json(engine: str) -> None:
    doc = {"Name": "Me, Junior", "Tags": ["a", None, "b"], "N": None, "X": 1.5, "T": True}
    proc = run(engine, "from-json", stdin=json.dumps(doc).encode())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b'{Name:"Me, Junior",Tags:[a,,b],X:1.5,T:True}\n'


def test_from_json_rejects_bad_json(engine: str) -> None:
    proc = run(engine, "from-json", stdin=b"{not json")
    assert proc.returncode == 1
    assert b"not valid JSON" in proc.stderr


def test_format_output_reads_back_leniently(engine: str, tmp_path: Path) -> None:
    proc = run(engine, "format", str(EXAMPLES / "sessions.jsv"))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert text.startswith("[\n\t{\n\t\tdialState: None,\n")
    original = jsv.loads((EXAMPLES / "sessions.jsv").read_bytes())
    assert jsv.loads(text, lenient=True) == original
    formatted = tmp_path / "formatted.jsv"
    formatted.write_bytes(proc.stdout)
    check = run(engine, "check", "--lenient", str(formatted))
    assert check.returncode == 0, check.stderr
    assert check.stdout == f"{formatted}: ok\n".encode()


def test_format_of_the_seed_with_lenient(engine: str) -> None:
    proc = run(engine, "format", "--lenient", str(EXAMPLES / "get_session.jsv"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert lines[:3] == ["{", "\tdialState: None,", "\tcallState: Disconnected,"]
    assert "\tcustomerBreadcrumb: " in lines


def test_check_reports_line_column_and_caret(engine: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsv"
    bad.write_text('{Id:1,\nName:"unterminated,\nAge:3}')
    good = tmp_path / "good.jsv"
    good.write_text("{Id:1}")
    proc = run(engine, "check", str(good), str(bad))
    assert proc.returncode == 1
    assert proc.stdout == f"{good}: ok\n".encode()
    err = proc.stderr.decode().splitlines()
    assert err[0] == f"{bad}:2:6: Unterminated quoted string"
    assert err[1] == '    Name:"unterminated,'
    assert err[2] == "    " + " " * 5 + "^"


def test_check_of_stdin_and_quiet(engine: str) -> None:
    proc = run(engine, "check", "-q", stdin=b"{a:b}")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    proc = run(engine, "check", stdin=b"[a,b")
    assert proc.returncode == 1
    assert proc.stderr.startswith(b"<stdin>:1:5: Unterminated list")


HINT = " (the text reads with --lenient: try it for pasted or pretty-printed JSV)"


def test_strict_errors_suggest_lenient_when_it_reads(engine: str, tmp_path: Path) -> None:
    pretty = tmp_path / "pretty.jsv"
    pretty.write_text("{\n\tId: 1,\n\tTags: [ a, b ]\n}\n")
    bad = tmp_path / "bad.jsv"
    bad.write_text('{\n\tId: 1,\n\tName:"x\n}')  # unterminated: lenient reading fails too
    proc = run(engine, "check", str(pretty), str(bad))
    assert proc.returncode == 1
    err = proc.stderr.decode().splitlines()
    assert err[0] == f"{pretty}:4:1: Expecting ':' after the key{HINT}"
    assert err[3] == f"{bad}:3:7: Unterminated quoted string"
    proc = run(engine, "to-json", str(pretty))
    assert proc.returncode == 1
    first = proc.stderr.decode().splitlines()[0]
    assert first == f"{pretty}:4:1: Expecting ':' after the key{HINT}"
    proc = run(engine, "to-json", str(EXAMPLES / "get_session.jsv"))
    assert proc.stderr.decode().splitlines()[0].endswith(HINT)
    proc = run(engine, "to-json", "--lenient", str(bad))  # read leniently already: no hint
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines()[0] == f"{bad}:3:7: Unterminated quoted string"
    proc = run(engine, "to-json", "--lenient", str(pretty))
    assert json.loads(proc.stdout) == {"Id": "1", "Tags": ["a", "b"]}


def test_check_lenient_accepts_the_pasted_layout(engine: str) -> None:
    path = str(EXAMPLES / "get_session.jsv")
    assert run(engine, "check", path).returncode == 1
    assert run(engine, "check", "--lenient", path).returncode == 0


def test_missing_file_is_a_clean_error(engine: str, tmp_path: Path) -> None:
    proc = run(engine, "check", str(tmp_path / "absent.jsv"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(b"jsv: ")
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["to-json", "from-json", "format", "check", "bench"])
def test_help_explains_each_command(engine: str, command: str) -> None:
    proc = run(engine, command, "--help")
    assert proc.returncode == 0
    assert b"usage: jsv " + command.encode() in proc.stdout
    assert len(proc.stdout) > 200


def test_top_level_help_lists_the_commands(engine: str) -> None:
    proc = run(engine, "--help")
    assert proc.returncode == 0
    for command in (b"to-json", b"from-json", b"format", b"check", b"bench"):
        assert command in proc.stdout


def test_console_script_is_installed() -> None:
    script = Path(sysconfig.get_path("scripts")) / "jsv"
    proc = subprocess.run(
        [str(script), "to-json", "--lenient", str(EXAMPLES / "get_session.jsv")],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["callState"] == "Disconnected"


def test_bench_prints_the_ratio_table(engine: str, tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    proc = run(engine, "bench", "--records", "20", "--repeat", "1", "--json", str(figures))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert f"engine {engine}" in out
    header = next(line for line in out.splitlines() if line.startswith("operation"))
    assert header.split() == ["operation", "jsv", "ms", "/", "json", "/", "orjson", "/", "msgspec"]
    for row in (
        "loads ",
        "dumps ",
        "typed loads ",
        "typed dumps ",
        "loads, pure Python ",
        "peak of loads / json.loads",
        "peak of typed loads / msgspec's",
        "loads of 10x the input / 1x",
    ):
        assert any(line.startswith(row) or row in line for line in out.splitlines()), row
    typed_dumps = next(line for line in out.splitlines() if line.startswith("typed dumps"))
    assert len(re.findall(r"\d+\.\d\dx", typed_dumps)) == 3
    saved = json.loads(figures.read_text(encoding="utf-8"))
    assert saved["engine"] == engine and saved["records"] == 20
    assert [r["operation"] for r in saved["rows"]] == [
        "loads",
        "dumps",
        "typed loads",
        "typed dumps",
        "loads, pure Python",
    ]
    ratio = saved["rows"][3]["peers"]["msgspec"]["ratio"]
    assert f"{ratio:.2f}x" in typed_dumps


def test_closed_pipe_is_quiet(engine: str) -> None:
    env = dict(os.environ)
    if engine == "python":
        env["JSV_NO_EXTENSIONS"] = "1"
    big = json.dumps([{"n": str(i)} for i in range(200000)]).encode()
    proc = subprocess.run(
        f"{sys.executable} -m jsv from-json | head -c 10",
        shell=True,
        input=big,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.stdout == b"[{n:0},{n:"
    assert proc.stderr == b""
