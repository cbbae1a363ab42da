"""Writes the seed corpus of every fuzz target: ``fuzz/corpus/<target>/``.

Seeds are the conformance cases (``tests/conformance/cases/*.jsv``), the
examples (``examples/*.jsv``) and a few typed samples, each behind the two-byte
header that chooses the target's mode (see ``_fuzzutil``).  The output is
deterministic; files are named by content hash, so re-running adds nothing.

    python fuzz/make_corpus.py [OUTPUT_DIR]     # default: fuzz/corpus
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _fuzzutil as fu

TARGETS = ("fuzz_loads", "fuzz_roundtrip", "fuzz_typed", "fuzz_differential")

#: Typed samples per entry of fu.TYPED_NAMES (besides the examples for the DTOs).
TYPED_SEEDS: Dict[str, List[str]] = {
    "SessionInfo": [
        "{id:s1,dialState:Active,callState:Hold,customerBreadcrumb:[{id:c,name:\"A, B\"}],"
        "members:[{identity:x,muted:True,applicationData:{k:v}}],ended:false}",
        "{__type:\"os.system, posix\",id:1}",
    ],
    "List[SessionInfo]": ["[{id:a},{id:b,log:[{date:2020-01-01,message:\"m,n\"}]},]"],
    "Dict[str, int]": ["{a:1,b:-2,c:007,d:99999999999999999999,e:NaN,f:}", "{}"],
    "List[datetime]": [
        "[2020-01-02T03:04:05Z,2020-01-02T03:04:05.1234567+01:00,/Date(1577934245000)/,"
        "/Date(-62135596800000-0000)/,0001-01-01,9999-12-31T23:59:59.9999999Z]",
    ],
    "timedelta": [
        "P1DT2H3M4.5S", "-PT0.0000001S", "1.02:03:04.5000000", "10675199.02:48:05.4775807"
    ],
    "UUID": ["8f7f2e7a6b1c4d2e9f0a1b2c3d4e5f60", "{8F7F2E7A-6B1C-4D2E-9F0A-1B2C3D4E5F60}"],
    "Perms": ["READ, WRITE", "7", "Read,Admin", "0", "-1"],
    "Any+type_map": [
        "{__type:\"Voice.SessionInfo, Voice\",id:x,log:[{__type:SessionLogInfo,date:d}]}",
        "{__type:\"os.system, posix\",a:1}",
    ],
    "Tuple[int, float, bool, date, time, Decimal, bytes]": [
        "[1,1.5E+300,true,2020-02-29,23:59:59.9999999,-0.000100,AAEC]",
        "[-0,-Infinity,False,0001-01-01,00:00,79228162514264337593543950335,\"\"]",
    ],
    "Dict[str, List[Optional[Union[int, str]]]]": ["{a:[1,,x],b:[],c:[,]}"],
}


def _seed_docs(repo: Path) -> List[tuple[str, bytes]]:
    cases = sorted((repo / "tests" / "conformance" / "cases").glob("*.jsv"))
    examples = sorted((repo / "examples").glob("*.jsv"))
    return [(p.name, p.read_bytes()) for p in cases + examples]


def _variants(name: str, raw: bytes) -> List[bytes]:
    """The headers a seed is written with: its natural mode plus a few others."""
    lenient = name.startswith(("l_", "ln_")) or name in ("get_session.jsv",)
    out = [
        fu.encode_header(lenient=lenient) + raw,
        fu.encode_header(lenient=not lenient, infer=True) + raw,
        fu.encode_header(lenient=lenient, form=1, infer=True, use_decimal=True, aux=7) + raw,
    ]
    try:
        utf16 = raw.decode("utf-8").encode("utf-16-le", "surrogatepass")
        out.append(fu.encode_header(lenient=lenient, form=2) + utf16)
    except UnicodeDecodeError:
        pass
    return out


def build(out_dir: Path) -> Dict[str, int]:
    repo = Path(fu.REPO)
    docs = _seed_docs(repo)
    seeds: Dict[str, List[bytes]] = {t: [] for t in TARGETS}
    for name, raw in docs:
        for v in _variants(name, raw):
            seeds["fuzz_loads"].append(v)
            seeds["fuzz_differential"].append(v)
        seeds["fuzz_roundtrip"].append(fu.encode_header(lenient=name.startswith("l_")) + raw)
        seeds["fuzz_roundtrip"].append(
            fu.encode_header(lenient=name.startswith("l_"), infer=True, extra=1) + raw
        )
    # Amplified seeds for fuzz_loads: bit 5 of byte 0 and bit 7 of byte 1.
    for body in (b"\x40\x80[a,b,c]", b"\x00\xff{a:\"x\"\"y\",b:[1,{c:}]}", b"\x80\x40[[[[[[]]]]]]"):
        seeds["fuzz_loads"].append(fu.encode_header(extra=1, aux=0xFF) + body)
    typed_names = fu.TYPED_NAMES
    for index, type_name in enumerate(typed_names):
        samples = [s.encode() for s in TYPED_SEEDS.get(type_name, [])]
        if type_name in ("SessionInfo", "List[SessionInfo]"):
            names = ("get_session.jsv", "sessions.jsv")
            samples += [(repo / "examples" / n).read_bytes() for n in names]
        for sample in samples:
            seeds["fuzz_typed"].append(fu.encode_header(lenient=True, aux=index) + sample)
            seeds["fuzz_typed"].append(fu.encode_header(form=1, extra=1, aux=index) + sample)
    # A sprinkling of conformance cases into every type.
    for i, (name, raw) in enumerate(docs):
        if i % 3 == 0:
            seeds["fuzz_typed"].append(
                fu.encode_header(lenient=name.startswith("l_"), aux=i % len(typed_names)) + raw
            )
    counts = {}
    for target, items in seeds.items():
        d = out_dir / target
        d.mkdir(parents=True, exist_ok=True)
        for item in items:
            (d / hashlib.sha1(item).hexdigest()).write_bytes(item)
        counts[target] = len(set(items))
    return counts


def main() -> int:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(fu.FUZZ_DIR) / "corpus"
    counts = build(out_dir)
    for target, n in counts.items():
        print(f"{target}: {n} seeds in {out_dir / target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
