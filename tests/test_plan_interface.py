"""The records through which the compiled engine sees plans (``jsv._typed.plan_view``).

The compiled runner builds its nodes from these records only, so they must say
exactly what each plan does; the differential tests then check that running
them gives the reference's results.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Optional, Union

from jsv import _typed
from jsv._typed import (
    KIND_ANY,
    KIND_BOOL,
    KIND_DATACLASS,
    KIND_DELEGATE,
    KIND_DICT,
    KIND_ENUM,
    KIND_LIST,
    KIND_OPTIONAL,
    KIND_SCALAR,
    KIND_STR,
    RUNNER,
    plan_view,
)


class Color(enum.Enum):
    RED = "Red"


@dataclass
class Base:
    id: int


@dataclass
class Child(Base):
    name: str = "x"
    tags: List[str] = field(default_factory=list)
    when: Optional[date] = None
    late: int = field(default=0, init=False)


def _plan(tp: Any, type_map: Any = None) -> Any:
    return _typed._get_plan(tp, _typed._Options(False, type_map, None))


def test_kinds_of_the_plans_a_runner_may_run_itself() -> None:
    assert RUNNER.kinds == tuple(range(10))
    cases = {
        str: KIND_STR,
        bool: KIND_BOOL,
        int: KIND_SCALAR,
        date: KIND_SCALAR,
        Color: KIND_ENUM,
        Any: KIND_ANY,
        Optional[int]: KIND_OPTIONAL,
        List[int]: KIND_LIST,
        Dict[str, int]: KIND_DICT,
        Child: KIND_DATACLASS,
        Union[int, str]: KIND_DELEGATE,
        bytes: KIND_DELEGATE,
    }
    for tp, kind in cases.items():
        plan = _plan(tp)
        view = plan_view(plan)
        assert (view.kind, view.plan, view.name) == (kind, plan, plan.name), tp
        assert view.convert == plan.convert


def test_views_carry_what_the_plans_do() -> None:
    view = plan_view(_plan(List[Optional[int]]))
    assert view.build is None and view.as_is is False
    inner = plan_view(view.children[0])
    assert inner.kind == KIND_OPTIONAL
    scalar = plan_view(inner.children[0])
    assert scalar.int_text is True and scalar.parse is not None and scalar.parse("12") == 12
    assert plan_view(_plan(date)).int_text is False
    assert plan_view(_plan(List[Any])).as_is is True
    assert plan_view(_plan(Dict[str, int])).as_is is True
    assert plan_view(_plan(Dict[int, int])).as_is is False
    assert plan_view(_plan(Color)).table == {"Red": Color.RED, "RED": Color.RED}
    bools = {"True": True, "False": False, "true": True, "false": False}
    assert plan_view(_plan(bool)).table == bools
    sets = plan_view(_plan(frozenset[int]))
    assert sets.kind == KIND_LIST and sets.build is frozenset


def test_object_view_of_a_dataclass() -> None:
    ov = plan_view(_plan(Child)).object
    assert ov is not None and ov.cls is Child
    assert [(f.name, f.is_str, f.init) for f in ov.fields] == [
        ("id", False, True),
        ("name", True, True),
        ("tags", False, True),
        ("when", False, True),
        ("late", False, False),
    ]
    assert [f.none_mode for f in ov.fields] == [
        RUNNER.FAIL,
        RUNNER.KEEP_DEFAULT,
        RUNNER.KEEP_DEFAULT,
        RUNNER.SET_NONE,
        RUNNER.KEEP_DEFAULT,
    ]
    assert ov.fields[0].null_name == "int"
    assert ov.template == {"name": "x", "tags": RUNNER.FACTORY, "when": None}
    assert [name for name, _ in ov.factories] == ["tags"]
    assert ov.late == frozenset({"late"}) and ov.late_defaults == {"late": 0}
    assert ov.n_init == 4 and ov.fast is True and ov.post_init is False and ov.poly is None
    assert ov.lookup["id"][0] == "id"
    assert ov.miss("ID")[0] == "id" and "ID" in ov.lookup
    assert ov.miss("unknown") is None
    error = ov.missing_required({"name": "x"})
    assert isinstance(error, _typed._Invalid) and error.msg == "Object missing required field `id`"
    assert ov.convert_other({"id": "1"}) == Child(1)


def test_type_map_and_strict_bools_stay_with_the_reference() -> None:
    assert plan_view(_plan(Any, {"Child": Child})).kind == KIND_DELEGATE
    union = _plan(Union[bool, str])
    assert all(plan_view(p).kind == KIND_DELEGATE for p in union.text if p.name == "bool")
    dataclass_view = plan_view(_plan(Base, {"Child": Child}))
    assert dataclass_view.object is not None
    assert dataclass_view.object.poly is not None and "Child" in dataclass_view.object.poly


def test_a_subclass_of_a_plan_class_is_delegated() -> None:
    class Custom(_typed.ListPlan):
        pass

    plan = Custom(_plan(int), None, "list[int]")
    assert plan_view(plan).kind == KIND_DELEGATE
