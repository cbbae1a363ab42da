"""The reader against JSV text generated from the grammar (tests/strategies.py).

The documents are written token by token from the reading rules, never by
:func:`jsv.dumps`, and carry the value they must read as; every test runs on
each engine (conftest's ``engine`` fixture).  ``JSV_GEN_EXAMPLES=N`` raises the
number of examples per property.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jsv
from strategies import Doc, infer_plain, lenient_docs, same_value, strict_docs

#: Every test here depends on the engine, so each runs once per engine (conftest).
pytestmark = pytest.mark.usefixtures("engine")

#: ``JSV_GEN_EXAMPLES=N`` runs N examples per property instead of the defaults
#: (which keep the suite fast), for a longer hunt.
EXAMPLES = int(os.environ.get("JSV_GEN_EXAMPLES", "0")) or None


def check(doc: Doc, lenient: bool) -> None:
    got = jsv.loads(doc.text, lenient=lenient)
    assert same_value(got, doc.value), (doc.text, got, doc.value)
    inferred = jsv.loads(doc.text, lenient=lenient, infer=True)
    assert same_value(inferred, doc.inferred), (doc.text, inferred, doc.inferred)
    dec = jsv.loads(doc.text, lenient=lenient, infer=True, use_decimal=True)
    assert same_value(dec, doc.decimal), (doc.text, dec, doc.decimal)


@given(strict_docs())
@settings(max_examples=EXAMPLES or 60)
def test_strict_text_reads_as_generated(doc: Doc) -> None:
    check(doc, lenient=False)


@given(strict_docs(canonical=True))
@settings(max_examples=EXAMPLES or 60)
def test_canonical_text_reads_and_writes_back(doc: Doc) -> None:
    check(doc, lenient=False)
    # Canonical text is exactly what the writer writes for the value.
    assert jsv.dumps(doc.value) == doc.text


@given(strict_docs(surrogates=False), st.sampled_from(["bytes", "bom-bytes", "bom-str"]))
@settings(max_examples=EXAMPLES or 30)
def test_strict_text_as_bytes_and_with_bom(doc: Doc, form: str) -> None:
    raw: Any
    if form == "bom-str":
        raw = "\ufeff" + doc.text
    else:
        raw = doc.text.encode("utf-8")
        if form == "bom-bytes":
            raw = b"\xef\xbb\xbf" + raw
    assert same_value(jsv.loads(raw), doc.value)


@given(lenient_docs())
@settings(max_examples=EXAMPLES or 60)
def test_lenient_text_reads_as_generated(doc: Doc) -> None:
    check(doc, lenient=True)


@given(lenient_docs("formatter-crlf", surrogates=True))
@settings(max_examples=EXAMPLES or 30)
def test_formatter_layout_with_crlf(doc: Doc) -> None:
    check(doc, lenient=True)


@given(strict_docs(canonical=True))
@settings(max_examples=EXAMPLES or 20)
def test_canonical_text_also_reads_leniently_after_layout(doc: Doc) -> None:
    # What strict reading accepts, laid out by jsv.format, reads back leniently.
    pretty = jsv.format(doc.text)
    assert same_value(jsv.loads(pretty, lenient=True), jsv.loads(doc.text))


def test_the_generators_cover_the_grammar() -> None:
    """The strategies really produce the forms they promise (not vacuous), and
    every document they produce reads as generated."""
    seen: dict[str, bool] = {}

    def keys(value: Any) -> List[Any]:
        """Every map key in the value, at any depth."""
        out: List[Any] = []
        todo: List[Any] = [value]
        while todo:
            v = todo.pop()
            if isinstance(v, dict):
                out.extend(v)
                todo.extend(v.values())
            elif isinstance(v, list):
                todo.extend(v)
        return out
    # Derandomized in every profile: a coverage check of the generators must
    # not depend on the luck of one run (``container key`` is a rare draw).
    @given(strict_docs())
    @settings(max_examples=100, database=None, derandomize=True)
    def collect_strict(doc: Doc) -> None:
        check(doc, lenient=False)
        t = doc.text
        if t.startswith("{"):
            seen["map"] = True
        if t.startswith("["):
            seen["list"] = True
        if '""' in t:
            seen["doubled quote or empty"] = True
        if ":}" in t or ":," in t:
            seen["empty map value"] = True
        if ",," in t or ",]" in t or "[," in t:
            seen["empty list item"] = True
        inner = list(doc.value.values()) if isinstance(doc.value, dict) else doc.value
        if isinstance(inner, list) and any(isinstance(x, (dict, list)) for x in inner):
            seen["nested"] = True
        all_keys = keys(doc.value)
        if None in all_keys:
            seen["empty key"] = True
        if any(isinstance(k, str) and k[:1] in ("{", "[") for k in all_keys):
            seen["container key"] = True

    @given(lenient_docs())
    @settings(max_examples=60, database=None, derandomize=True)
    def collect_lenient(doc: Doc) -> None:
        check(doc, lenient=True)
        if "\r\n" in doc.text:
            seen["crlf"] = True
        if "\n\t" in doc.text:
            seen["tab layout"] = True
        if ": " in doc.text:
            seen["blank after colon"] = True

    collect_strict()
    collect_lenient()
    assert set(seen) == {
        "map", "list", "doubled quote or empty", "empty map value", "empty list item",
        "nested", "empty key", "container key", "crlf", "tab layout", "blank after colon",
    }, seen


def test_infer_rules_of_the_oracle() -> None:
    """The test oracle for ``infer`` agrees with hand-checked spellings."""
    assert infer_plain("0") == 0 and infer_plain("-12") == -12
    assert infer_plain("007") == "007" and infer_plain("+5") == "+5"
    assert infer_plain("1.5") == 1.5 and infer_plain("1e5") == 1e5
    assert infer_plain(".5") == ".5" and infer_plain("1.") == "1."
    assert infer_plain("tRuE") is True and infer_plain("FALSE") is False
    assert infer_plain("NaN") != infer_plain("NaN")
    assert infer_plain("nan") == "nan"
    assert infer_plain("1.50", use_decimal=True) == Decimal("1.50")
    for text in ("007", "+5", "1.5", "tRuE", "nan", "-Infinity"):
        assert same_value(jsv.loads(f"[{text}]", infer=True), [infer_plain(text)])
