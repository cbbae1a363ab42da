"""Realistic benchmark data and the ``jsv bench`` command.

The data are Voice API session records shaped like the ``SessionInfo`` DTO of
ServiceStack's ``GET /sessions/{sessionId}`` (about 2 KB each): strings that
need quoting (dates, URLs, "Last, First" names) and strings that do not, enum
names, booleans, nested lists of maps and a string dictionary.  They are
generated deterministically, so every run and every machine measures the same
bytes.  The same records serve the pytest-benchmark suite in ``benchmarks/``.

Every comparison is a ratio measured in one process, side by side on the same
data: absolute times on a shared machine are noise, ratios are not.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import json
import platform
import random
import sys
import time
import tracemalloc
from typing import IO, Any, Callable, Dict, List, Optional

from . import _engine
from ._api import convert, dumps, loads

__all__ = [
    "session_records",
    "snake_keys",
    "untyped",
    "session_types",
    "best_time",
    "peak_memory",
    "measure",
    "format_table",
    "run",
]

_FIRST = ["Ana", "Bo", "Chen", "Dana", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]
_LAST = ["Smith", "O'Neil", "Nguyen", "García", "Müller", "Kowalski", "Ito", "Okafor", "Silva"]
_ENUMS: Dict[str, List[str]] = {
    "SessionDialState": ["None", "Active"],
    "SessionCallState": ["Disconnected", "Ringing", "Connected", "Hold", "Passive"],
    "SessionQueueStates": ["None", "Queued", "Ringing", "Connected", "Hold", "Disconnected"],
    "FlowChannels": ["Voice", "Chat", "Fax"],
    "SessionHoldReasons": ["None", "Transferring"],
    "SessionDirections": ["Incoming", "Outgoing"],
    "SessionMemberCallState": ["None", "Ringing", "Connected", "Hold"],
    "SessionMemberRoles": ["None", "Caller", "Agent", "Transfer"],
}


def _hex(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _date(rng: random.Random) -> str:
    return (
        f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    )


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_LAST)}, {rng.choice(_FIRST)}"


def _phone(rng: random.Random) -> str:
    return "+1" + "".join(rng.choice("0123456789") for _ in range(10))


def _member(rng: random.Random, first: bool) -> Dict[str, Any]:
    return {
        "identity": "user:" + _hex(rng, 12),
        "endpointId": _hex(rng),
        "displayName": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "isOriginalMember": first,
        "avatarUrl": f"https://cdn.example.com/avatars/{_hex(rng, 8)}.png",
        "applicationData": {
            "team": rng.choice(["support", "sales"]),
            "skill": str(rng.randint(1, 9)),
        },
        "callState": rng.choice(_ENUMS["SessionMemberCallState"]),
        "role": rng.choice(_ENUMS["SessionMemberRoles"]),
        "callSid": "CA" + _hex(rng),
        "muted": rng.random() < 0.2,
    }


def session_records(count: int, seed: int = 2026) -> List[Dict[str, Any]]:
    """``count`` session records as ServiceStack sends them (camelCase keys)."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        created = _date(rng)
        rec: Dict[str, Any] = {
            "dialState": rng.choice(_ENUMS["SessionDialState"]),
            "callState": rng.choice(_ENUMS["SessionCallState"]),
            "queueState": rng.choice(_ENUMS["SessionQueueStates"]),
            "accountId": _hex(rng),
            "accountName": rng.choice(["Acme Support", "Globex", "Initech Help Desk"]),
            "customerId": _hex(rng),
            "customerBreadcrumb": [
                {"id": _hex(rng), "name": rng.choice(["Acme", "West Region", "Key Accounts"])}
                for _ in range(rng.randint(1, 3))
            ],
            "customerName": _person(rng),
            "endpointId": _hex(rng),
            "endpointName": f"Desk {rng.randint(1, 400)}",
            "dateCompleted": _date(rng),
            "destination": _phone(rng),
            "toAddress": _phone(rng),
            "fromAddress": _phone(rng),
            "fromName": _person(rng),
            "answeredByName": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "queueMemberId": _hex(rng),
            "channel": rng.choice(_ENUMS["FlowChannels"]),
            "ended": rng.random() < 0.7,
            "outcome": rng.choice(["Answered", "Voicemail", "Abandoned", "Transferred"]),
            "callSid": "CA" + _hex(rng),
            "consoleData": rng.choice(["", "priority=high", "notes: call back after 5pm"]),
            "holdQueueName": rng.choice(["General", "Billing", "Tech [Tier 2]"]),
            "heldByUserId": _hex(rng),
            "holdReason": rng.choice(_ENUMS["SessionHoldReasons"]),
            "conferenceSid": "CF" + _hex(rng),
            "displayName": f"Call with {rng.choice(_FIRST)}",
            "log": [
                {
                    "date": _date(rng),
                    "message": rng.choice(
                        [
                            "Call started",
                            "Ringing agent 12",
                            "Agent joined: Bo Ito",
                            "Transferred, reason: skill",
                        ]
                    ),
                }
                for _ in range(rng.randint(2, 5))
            ],
            "members": [_member(rng, i == 0) for i in range(rng.randint(1, 3))],
            "callbackNumber": _phone(rng),
            "answeredById": _hex(rng),
            "direction": rng.choice(_ENUMS["SessionDirections"]),
            "fromPhoneNumber": _phone(rng),
            "mostRecentParticipantCallSid": "CA" + _hex(rng),
            "wasMissed": rng.random() < 0.1,
            "ringQueueId": _hex(rng),
            "id": _hex(rng),
            "dateCreated": created,
            "dateLastModified": created,
            "createdBy": "user:" + _hex(rng, 12),
            "lastModifiedBy": "user:" + _hex(rng, 12),
        }
        records.append(rec)
    return records


def untyped(value: Any) -> Any:
    """What untyped ``jsv.loads`` gives for ``value``: every scalar as its JSV text."""
    if isinstance(value, list):
        return [untyped(v) for v in value]
    if isinstance(value, dict):
        return {k: untyped(v) for k, v in value.items()}
    if isinstance(value, bool):
        return "True" if value else "False"
    return value


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def snake_keys(value: Any, keep: tuple[str, ...] = ("applicationData",)) -> Any:
    """The same data with snake_case field keys, as msgspec and dacite expect them.

    The keys of string dictionaries (``applicationData``) are data, not field
    names, and stay as they are.
    """
    if isinstance(value, list):
        return [snake_keys(v, keep) for v in value]
    if isinstance(value, dict):
        return {_snake(k): (v if k in keep else snake_keys(v, keep)) for k, v in value.items()}
    return value


def session_types() -> Dict[str, Any]:
    """Plain dataclasses for the records, built from one table so they stay in step.

    Returns a dict of the classes by C# name (``SessionInfo``, enums, ...).
    Fields are snake_case, all optional, as a generated DTO module has them.
    """
    types: Dict[str, Any] = {
        name: enum.Enum(name, {v.upper(): v for v in values}, type=str)
        for name, values in _ENUMS.items()
    }

    def make(name: str, fields: List[tuple[str, Any]], base: Optional[type] = None) -> type:
        spec = [(f, Optional[t], dataclasses.field(default=None)) for f, t in fields]
        return dataclasses.make_dataclass(name, spec, bases=(base,) if base else ())

    t = types
    t["EntityInfo"] = make(
        "EntityInfo",
        [
            (f, str)
            for f in ("id", "date_created", "date_last_modified", "created_by", "last_modified_by")
        ],
    )
    t["CustomerBreadcrumb"] = make("CustomerBreadcrumb", [("id", str), ("name", str)])
    t["SessionLogInfo"] = make("SessionLogInfo", [("date", str), ("message", str)])
    t["SessionMemberInfo"] = make(
        "SessionMemberInfo",
        [
            ("identity", str),
            ("endpoint_id", str),
            ("display_name", str),
            ("is_original_member", bool),
            ("avatar_url", str),
            ("application_data", Dict[str, str]),
            ("call_state", t["SessionMemberCallState"]),
            ("role", t["SessionMemberRoles"]),
            ("call_sid", str),
            ("muted", bool),
        ],
    )
    text_fields = [
        "account_id",
        "account_name",
        "customer_id",
        "customer_name",
        "endpoint_id",
        "endpoint_name",
        "date_completed",
        "destination",
        "to_address",
        "from_address",
        "from_name",
        "answered_by_name",
        "queue_member_id",
        "outcome",
        "call_sid",
        "console_data",
        "hold_queue_name",
        "held_by_user_id",
        "conference_sid",
        "display_name",
        "callback_number",
        "answered_by_id",
        "from_phone_number",
        "most_recent_participant_call_sid",
        "ring_queue_id",
    ]
    t["SessionInfo"] = make(
        "SessionInfo",
        [
            ("dial_state", t["SessionDialState"]),
            ("call_state", t["SessionCallState"]),
            ("queue_state", t["SessionQueueStates"]),
            ("channel", t["FlowChannels"]),
            ("ended", bool),
            ("hold_reason", t["SessionHoldReasons"]),
            ("direction", t["SessionDirections"]),
            ("was_missed", bool),
            ("customer_breadcrumb", list.__class_getitem__(t["CustomerBreadcrumb"])),
            ("log", list.__class_getitem__(t["SessionLogInfo"])),
            ("members", list.__class_getitem__(t["SessionMemberInfo"])),
        ]
        + [(f, str) for f in text_fields],
        base=t["EntityInfo"],
    )
    return types


def best_time(fn: Callable[[], Any], repeat: int, number: int = 1) -> float:
    """The fastest of ``repeat`` rounds of ``number`` calls, in seconds per call."""
    best = float("inf")
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            best = min(best, (time.perf_counter() - t0) / number)
    finally:
        if gc_was:
            gc.enable()
    return best


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated (tracemalloc) while ``fn`` runs and its result lives."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


#: Timing rounds of ``jsv bench`` (the best of each is kept): enough for the
#: minimum of each side to hold still on a shared machine.
DEFAULT_REPEAT = 15

#: The libraries jsv is compared with, in the order of the table's columns.
PEERS = ("json", "orjson", "msgspec")
#: The operations compared, in the order of the table's rows.
OPERATIONS = ("loads", "dumps", "typed loads", "typed dumps", "loads, pure Python")


def _peer_functions(
    data: List[Dict[str, Any]],
    json_text: str,
    json_snake: bytes,
    session_list: Any,
    objects: List[Any],
) -> Dict[str, Dict[str, Callable[[], Any]]]:
    """operation -> peer -> the peer's call doing that operation on the same data."""
    peers: Dict[str, Dict[str, Callable[[], Any]]] = {op: {} for op in OPERATIONS}
    peers["loads"]["json"] = lambda: json.loads(json_text)
    peers["dumps"]["json"] = lambda: json.dumps(data, ensure_ascii=False)
    peers["typed loads"]["json"] = lambda: _json_typed(json_snake, session_list)
    peers["typed dumps"]["json"] = lambda: json.dumps(
        [dataclasses.asdict(o) for o in objects], ensure_ascii=False
    )
    peers["loads, pure Python"]["json"] = peers["loads"]["json"]
    try:
        import orjson
    except ImportError:
        pass
    else:
        peers["loads"]["orjson"] = lambda: orjson.loads(json_text)
        peers["dumps"]["orjson"] = lambda: orjson.dumps(data)
        peers["typed dumps"]["orjson"] = lambda: orjson.dumps(objects)
    try:
        import msgspec
    except ImportError:
        pass
    else:
        decoder = msgspec.json.Decoder(session_list)
        encoder = msgspec.json.Encoder()
        peers["loads"]["msgspec"] = lambda: msgspec.json.decode(json_text)
        peers["dumps"]["msgspec"] = lambda: encoder.encode(data)
        peers["typed loads"]["msgspec"] = lambda: decoder.decode(json_snake)
        peers["typed dumps"]["msgspec"] = lambda: encoder.encode(objects)
    return peers


def _interleaved(fns: Dict[str, Callable[[], Any]], repeat: int) -> Dict[str, float]:
    """The best time of each function, measured in rounds that call each once in turn."""
    best = {name: float("inf") for name in fns}
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            for name, fn in fns.items():
                t0 = time.perf_counter()
                fn()
                best[name] = min(best[name], time.perf_counter() - t0)
    finally:
        if gc_was:
            gc.enable()
    return best


def measure(records: int = 1000, repeat: int = DEFAULT_REPEAT) -> Dict[str, Any]:
    """Times jsv and its peers on the same ``records`` session records, in one run.

    Returns a JSON-ready dict: ``rows`` (operation, jsv's milliseconds and, per
    peer, its milliseconds and the ratio jsv / peer -- below 1 means jsv is
    faster), ``memory`` and ``scaling`` ratios, and what was measured.
    """
    data = session_records(records)
    jsv_text = dumps(data)
    json_text = json.dumps(data, ensure_ascii=False)
    types = session_types()
    session_list = list.__class_getitem__(types["SessionInfo"])
    json_snake = json.dumps(snake_keys(data), ensure_ascii=False).encode()
    if loads(jsv_text) != untyped(data):
        raise AssertionError("jsv.loads does not give back the benchmark records")
    objects = loads(jsv_text, type=session_list)
    engine = _engine.implementation

    def pure_loads() -> Any:
        with _engine.using("python"):
            return loads(jsv_text)

    ours: Dict[str, Callable[[], Any]] = {
        "loads": lambda: loads(jsv_text),
        "dumps": lambda: dumps(data),
        "typed loads": lambda: loads(jsv_text, type=session_list),
        "typed dumps": lambda: dumps(objects),
        "loads, pure Python": pure_loads,
    }
    if dumps(objects) != dumps(loads(dumps(objects), type=session_list)):
        raise AssertionError("typed dumps does not round-trip the benchmark objects")
    peers = _peer_functions(data, json_text, json_snake, session_list, objects)
    rows: List[Dict[str, Any]] = []
    for op in OPERATIONS:
        fns = {"jsv": ours[op], **peers[op]}
        times = _interleaved(fns, repeat)
        rows.append(
            {
                "operation": op,
                "jsv_ms": times["jsv"] * 1e3,
                "peers": {
                    peer: {"ms": times[peer] * 1e3, "ratio": times["jsv"] / times[peer]}
                    for peer in PEERS
                    if peer in times
                },
            }
        )
    memory = [
        {
            "what": "peak of loads / json.loads",
            "ratio": peak_memory(lambda: loads(jsv_text))
            / peak_memory(lambda: json.loads(json_text)),
        }
    ]
    if "msgspec" in peers["typed loads"]:
        msgspec_typed = peers["typed loads"]["msgspec"]
        memory.append(
            {
                "what": "peak of typed loads / msgspec's",
                "ratio": peak_memory(lambda: loads(jsv_text, type=session_list))
                / peak_memory(msgspec_typed),
            }
        )
    small = dumps(data[: max(1, records // 10)])
    t = _interleaved({"small": lambda: loads(small), "large": lambda: loads(jsv_text)}, repeat)
    return {
        "records": records,
        "repeat": repeat,
        "engine": engine,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "jsv_mb": len(jsv_text.encode()) / 1e6,
        "json_mb": len(json_text.encode()) / 1e6,
        "peers": [p for p in PEERS if any(p in r["peers"] for r in rows)],
        "rows": rows,
        "memory": memory,
        "scaling": {"what": "loads of 10x the input / 1x", "ratio": t["large"] / t["small"]},
    }


def format_table(result: Dict[str, Any]) -> str:
    """The ratio table ``jsv bench`` prints, from :func:`measure`'s result."""
    peers = result["peers"]
    lines = [
        f"jsv bench: {result['records']} session records, JSV {result['jsv_mb']:.2f} MB, "
        f"JSON {result['json_mb']:.2f} MB, engine {result['engine']}, {result['python']}",
        "ratio = jsv's time / the other library's time on the same data "
        "(below 1.00x: jsv is faster)",
        f"{'operation':<20} {'jsv ms':>9}" + "".join(f" {'/ ' + p:>10}" for p in peers),
    ]
    for row in result["rows"]:
        cells = []
        for p in peers:
            peer = row["peers"].get(p)
            cells.append(f" {peer['ratio']:>9.2f}x" if peer else f" {'-':>10}")
        lines.append(f"{row['operation']:<20} {row['jsv_ms']:>9.2f}" + "".join(cells))
    for item in result["memory"]:
        lines.append(f"{'memory':<8} {item['what']:<40} {item['ratio']:>6.2f}x")
    scaling = result["scaling"]
    lines.append(f"{'scaling':<8} {scaling['what']:<40} {scaling['ratio']:>6.2f}x")
    lines.append("json's typed loads: json.loads + dacite; its typed dumps: json.dumps of asdict()")
    lines.append("loads, pure Python: jsv's reference engine (JSV_NO_EXTENSIONS=1)")
    return "\n".join(lines) + "\n"


def run(
    records: int = 1000,
    repeat: int = DEFAULT_REPEAT,
    stream: Optional[IO[str]] = None,
    json_path: Optional[str] = None,
) -> int:
    """Prints jsv's speed as ratios to json, orjson and msgspec (those installed).

    With ``json_path``, also writes :func:`measure`'s result there as JSON (the
    input of ``benchmarks/chart.py``).
    """
    out = stream or sys.stdout
    result = measure(records, repeat)
    out.write(format_table(result))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    return 0


def _json_typed(payload: bytes, tp: Any) -> Any:
    """json.loads plus dacite when installed, else jsv.convert, as the baseline."""
    value = json.loads(payload)
    try:
        import dacite
    except ImportError:
        return convert(value, tp)
    (item_type,) = tp.__args__
    config = dacite.Config(cast=[enum.Enum])
    return [dacite.from_dict(item_type, v, config=config) for v in value]
