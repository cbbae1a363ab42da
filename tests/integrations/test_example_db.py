"""End to end on examples/ormlite_db.py's database, through SQLAlchemy.

The oracle: each stored text read with sqlite3 alone and decoded by jsv.loads(cell, type=T).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

pytest.importorskip("sqlalchemy")

from sqlalchemy import Column, MetaData, Table, create_engine, select

import jsv
from jsv.servicestack import UserAuth
from jsv.sqlalchemy import JSV


def test_customer_columns_equal_loads(
    ormlite_db: Path, example_types: Any, raw_column: Any
) -> None:
    types = {
        "Tags": List[str],
        "Attributes": Dict[str, str],
        "Address": Optional[example_types.Address],
        "Orders": List[example_types.OrderLine],
    }
    engine = create_engine(f"sqlite:///{ormlite_db}")
    table = Table(
        "Customer",
        MetaData(),
        *(Column(name, JSV(tp)) for name, tp in types.items()),
        autoload_with=engine,
    )
    with engine.connect() as con:
        rows = con.execute(select(table).order_by(table.c.Id)).all()
    assert len(rows) == 5000
    for name, tp in types.items():
        raw = raw_column(ormlite_db, "Customer", name)
        expected = [None if text is None else jsv.loads(text, type=tp) for _, text in raw]
        assert [getattr(r, name) for r in rows] == expected
    # the nested values really are typed
    assert any(o.shipped_at is not None for r in rows for o in r.Orders)


def test_user_auth_rows_convert_to_servicestack_dataclass(
    ormlite_db: Path, raw_column: Any
) -> None:
    engine = create_engine(f"sqlite:///{ormlite_db}")
    users = Table(
        "UserAuth",
        MetaData(),
        Column("Roles", JSV(List[str])),
        Column("Permissions", JSV(List[str])),
        Column("Meta", JSV(Optional[Dict[str, str]])),
        autoload_with=engine,
    )
    with engine.connect() as con:
        got = [jsv.convert(dict(r._mapping), UserAuth) for r in con.execute(select(users))]
    assert len(got) == 1000
    roles = raw_column(ormlite_db, "UserAuth", "Roles")
    assert [u.roles for u in got] == [jsv.loads(t, type=List[str]) for _, t in roles]
    assert sum(u.meta is not None for u in got) == 333
