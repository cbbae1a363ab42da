"""Threads: 8 threads decoding and encoding shared data at once get what one thread gets.

The compiled engine keeps process-wide caches (the reader's key and value str
caches, the typed nodes' caches by str address, the plan cache, the spelling
tables), and typed decoding and encoding call back into Python
(``__post_init__``, ``default=``), where the interpreter may switch threads.
Here 8 threads run a fixed mix of untyped ``loads``/``dumps`` and typed
``loads``/``dumps``/``convert`` calls, each in its own order, over the same
documents and values; the switch interval is shortened so the threads
interleave often, the classes are created inside the test so their plans are
compiled while the threads race, and the documents carry more distinct keys
than the caches hold, so entries are evicted while others read them.  Every
result must equal (exact types, key order) the one a single thread computed
first; the run is bounded by a number of rounds, not by time.
"""

from __future__ import annotations

import dataclasses
import enum
import random
import sys
import threading
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import jsv
from jsv import _typed
from strategies import same_value

pytestmark = pytest.mark.usefixtures("engine")

THREADS = 8
ROUNDS = 12


class Opaque:
    def __init__(self, n: int) -> None:
        self.n = n


def _default(o: Any) -> Any:
    if isinstance(o, Opaque):
        return {"opaque": [o.n, str(o.n) * 2]}
    raise TypeError(type(o).__name__)


class Color(enum.Enum):
    RED = "Red"
    DARK_BLUE = "DarkBlue"


@dataclasses.dataclass
class Leaf:
    name: str
    count: int = 0
    ratio: float = 0.5
    color: Optional[Color] = None
    when: Optional[datetime] = None
    amount: Optional[Decimal] = None


@dataclasses.dataclass
class Checked:
    value: int
    doubled: int = dataclasses.field(init=False, default=0)

    def __post_init__(self) -> None:
        self.doubled = self.value * 2  # user code: the interpreter may switch here


@dataclasses.dataclass
class Tree:
    key: str
    leaves: List[Leaf] = dataclasses.field(default_factory=list)
    children: List[Tree] = dataclasses.field(default_factory=list)
    attrs: Dict[str, str] = dataclasses.field(default_factory=dict)
    checked: List[Checked] = dataclasses.field(default_factory=list)


#: The plans of these types are dropped before the race, so threads compile them.
TYPES = (Color, Leaf, Checked, Tree, List[Leaf])


def _forget_plans() -> None:
    with _typed._LOCK:
        for key in [k for k in _typed._PLANS if k[0] in TYPES]:
            del _typed._PLANS[key]


def _tasks() -> List[Tuple[str, Callable[[], Any]]]:
    """(name, call) pairs over the shared documents and values."""

    # More distinct keys and short values than the caches have slots (512 / 1024).
    wide = "{" + ",".join(f"key{i}:v{i % 700}" for i in range(1500)) + "}"
    # Name spellings, and more unknown keys than the spelling tables keep (512).
    spellings = ["name", "Name", "NAME", "na-me", "n_a_m_e"]
    leaf_texts = [
        "{" + spellings[i % len(spellings)] + f":leaf{i},count:{i},ratio:{i}.25,Unknown{i}:x,"
        f"color:{'Red' if i % 2 else 'darkblue'},when:2024-01-0{1 + i % 9}T03:04:05Z,"
        f"amount:{i}.10}}"
        for i in range(600)
    ]
    leaves = "[" + ",".join(leaf_texts) + "]"
    tree = (
        "{key:root,leaves:[" + ",".join(leaf_texts[:20]) + "],"
        "children:[{key:a,children:[{key:b,attrs:{x:1,y:2}}]},{key:c}],"
        "attrs:{" + ",".join(f"a{i}:{i}" for i in range(200)) + "},"
        "checked:[" + ",".join(f"{{value:{i}}}" for i in range(100)) + "]}"
    )
    value = {
        "ints": list(range(-50, 50)),
        "floats": [0.1, -0.0, 1e15, 1e-5, 2.0**53],
        "text": ["a,b", 'q"uote', "[x]", "plain", "\u00e9\u0101\U0001f600"],
        "opaque": [Opaque(i) for i in range(40)],
        "when": datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    }
    typed_tree = jsv.loads(tree, type=Tree)  # built before the race only for dumps
    # One Decoder and one Encoder, shared by all threads.
    decoder: jsv.Decoder[List[Leaf]] = jsv.Decoder(List[Leaf], lenient=True)
    encoder = jsv.Encoder(default=_default, rename="pascal")
    calls: List[Tuple[str, Callable[[], Any]]] = [
        ("Decoder List[Leaf]", lambda: decoder.decode(leaves)),
        ("Encoder value", lambda: encoder.encode(value)),
        ("loads wide", lambda: jsv.loads(wide)),
        ("loads wide infer", lambda: jsv.loads(wide, infer=True)),
        ("loads leaves", lambda: jsv.loads(leaves, lenient=True)),
        ("loads List[Leaf]", lambda: jsv.loads(leaves, type=List[Leaf])),
        ("loads Tree", lambda: jsv.loads(tree, type=Tree)),
        ("convert Tree", lambda: jsv.convert(jsv.loads(tree), Tree)),
        ("dumps value", lambda: jsv.dumps(value, default=_default)),
        ("dumps Tree", lambda: jsv.dumps(typed_tree)),
        ("dumps Tree camel", lambda: jsv.dumps(typed_tree, rename="camel")),
        ("format", lambda: jsv.format(tree)),
    ]
    return calls


def _same(a: Any, b: Any) -> bool:
    typed = isinstance(a, list) and a and dataclasses.is_dataclass(a[0])
    if dataclasses.is_dataclass(a) or typed:
        return type(a) is type(b) and bool(a == b) and jsv.dumps(a) == jsv.dumps(b)
    return same_value(a, b)


def test_threads_get_what_one_thread_gets() -> None:
    tasks = _tasks()
    expected = [call() for _, call in tasks]  # one thread first
    assert all(_same(call(), want) for (_, call), want in zip(tasks, expected))
    _forget_plans()
    start = threading.Barrier(THREADS)
    failures: List[str] = []
    counts = [0] * THREADS

    def work(index: int) -> None:
        order = list(range(len(tasks)))
        rng = random.Random(index)
        try:
            start.wait()
            for _ in range(ROUNDS):
                rng.shuffle(order)
                for i in order:
                    name, call = tasks[i]
                    got = call()
                    if not _same(got, expected[i]):
                        failures.append(f"thread {index}: {name} gave a different result")
                    counts[index] += 1
        except BaseException as e:  # reported below, not lost with the thread
            failures.append(f"thread {index}: {type(e).__name__}: {e}")

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    finally:
        sys.setswitchinterval(interval)
    assert not any(t.is_alive() for t in threads), "a thread never finished: a deadlock"
    assert failures == []
    assert counts == [ROUNDS * len(tasks)] * THREADS
