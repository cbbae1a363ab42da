"""jsv.sqlalchemy.JSV on real databases: a SQLite file and a MariaDB server (PyMySQL).

The expected stored texts are literals: what ServiceStack.Text's JSV serializer,
and so OrmLite, writes for these values.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import pickle
import uuid
from collections.abc import Iterator
from typing import Dict, List, Optional

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import (  # noqa: E402
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column  # noqa: E402

import jsv  # noqa: E402
from jsv.sqlalchemy import JSV, JSVColumnError, bad_rows  # noqa: E402


@dataclasses.dataclass
class Address:
    line1: str
    city: str
    tags: List[str] = dataclasses.field(default_factory=list)
    since: Optional[datetime.date] = None


MARIADB_URL = os.environ.get("JSV_TEST_MARIADB_URL")


@pytest.fixture(params=["sqlite", "mariadb"])
def db(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[Engine]:
    """A SQLAlchemy engine on a SQLite file, or on the MariaDB server CI starts."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/ormlite.sqlite"
    else:
        if not MARIADB_URL:
            pytest.skip("JSV_TEST_MARIADB_URL is not set (.ci/integrations.sh sets it)")
        pytest.importorskip("pymysql")
        url = MARIADB_URL
    eng = create_engine(url)
    yield eng
    if request.param == "mariadb":
        with eng.begin() as con:
            names = [r[0] for r in con.execute(text("SHOW TABLES"))]
            for name in names:
                con.execute(text(f"DROP TABLE `{name}`"))
    eng.dispose()


def make_table(md: MetaData) -> Table:
    return Table(
        "Customer",
        md,
        Column("Id", Integer, primary_key=True, autoincrement=False),
        Column("Roles", JSV(List[str])),
        Column("Meta", JSV(Optional[Dict[str, str]])),
        Column("Address", JSV(Address, rename="pascal")),
        Column("Scores", JSV(Dict[str, List[int]], length=2**24)),
    )


ROWS = [
    {
        "Id": 1,
        "Roles": ["Admin", "a,b", 'say "hi"', ""],
        "Meta": {"k": "v", "when": "2024-01-02T03:04:05Z"},
        "Address": Address("1 Main St, Apt 2", "Zürich", ["x"], datetime.date(2020, 1, 31)),
        "Scores": {"q1": [1, 2], "q2": []},
    },
    {
        "Id": 2,
        "Roles": [],
        "Meta": None,
        "Address": Address("[x]", "{y}"),
        "Scores": {},
    },
    {
        "Id": 3,
        "Roles": ["emoji 😀 𝄞", "日本"],
        "Meta": {"😀": "𝄞"},
        "Address": Address("a\r\nb", "c:d"),
        "Scores": {"z": [-1]},
    },
]

# ServiceStack.Text's JSV for the values above: what OrmLite stores.
STORED = {
    1: (
        '[Admin,"a,b","say ""hi""",""]',
        '{k:v,when:"2024-01-02T03:04:05Z"}',
        '{Line1:"1 Main St, Apt 2",City:Zürich,Tags:[x],Since:2020-01-31}',
        "{q1:[1,2],q2:[]}",
    ),
    2: ("[]", None, '{Line1:"[x]",City:"{y}",Tags:[]}', "{}"),
    3: ("[emoji 😀 𝄞,日本]", "{😀:𝄞}", '{Line1:"a\r\nb",City:"c:d",Tags:[]}', "{z:[-1]}"),
}


def test_values_round_trip_and_are_stored_as_ormlite_stores_them(db: Engine) -> None:
    md = MetaData()
    table = make_table(md)
    md.create_all(db)
    with db.begin() as con:
        con.execute(insert(table), ROWS)
    with db.connect() as con:
        raw_table = Table("Customer", MetaData(), *(Column(c.name, String) for c in table.c))
        raw = con.execute(select(raw_table).order_by(raw_table.c.Id)).all()
        assert {r[0]: tuple(r[1:]) for r in raw} == STORED
        back = [dict(r._mapping) for r in con.execute(select(table).order_by(table.c.Id))]
    assert back == ROWS
    for row in raw:  # the same values as loads(cell, type=T) gives
        assert back[row[0] - 1]["Roles"] == jsv.loads(row[1], type=List[str])
        assert back[row[0] - 1]["Address"] == jsv.loads(row[3], type=Address)


def test_none_is_sql_null(db: Engine) -> None:
    md = MetaData()
    table = make_table(md)
    md.create_all(db)
    with db.begin() as con:
        con.execute(insert(table), [{"Id": 9, "Roles": None, "Meta": None}])
        nulls = con.execute(
            select(table.c.Id).where(table.c.Roles.is_(None), table.c.Meta.is_(None))
        ).all()
        assert nulls == [(9,)]
        assert con.execute(select(table.c.Roles, table.c.Address)).one() == (None, None)


def test_bytes_from_the_driver(db: Engine) -> None:
    """A binary column (BLOB): the driver hands back bytes, read as UTF-8."""
    md = MetaData()
    raw_table = Table(
        "Blobs", md, Column("Id", Integer, primary_key=True), Column("Doc", LargeBinary)
    )
    typed = Table(
        "Blobs", MetaData(), Column("Id", Integer, primary_key=True), Column("Doc", JSV(List[str]))
    )
    md.create_all(db)
    with db.begin() as con:
        con.execute(insert(raw_table), [{"Id": 1, "Doc": "[a,😀,\"b,c\"]".encode()}])
        assert isinstance(con.execute(select(raw_table.c.Doc)).scalar_one(), bytes)
        assert con.execute(select(typed.c.Doc)).scalar_one() == ["a", "😀", "b,c"]


def test_orm_mapping(db: Engine) -> None:
    class Base(DeclarativeBase):
        pass

    class UserAuth(Base):
        __tablename__ = "UserAuth"
        id: Mapped[int] = mapped_column("Id", primary_key=True)
        user_name: Mapped[str] = mapped_column("UserName", String(100))
        roles: Mapped[List[str]] = mapped_column("Roles", JSV(List[str]))
        meta: Mapped[Optional[Dict[str, str]]] = mapped_column(
            "Meta", JSV(Optional[Dict[str, str]])
        )

    Base.metadata.create_all(db)
    with Session(db) as session:
        session.add_all(
            [
                UserAuth(id=1, user_name="ann", roles=["Admin", "x,y"], meta={"a": "1"}),
                UserAuth(id=2, user_name="bob", roles=[], meta=None),
            ]
        )
        session.commit()
    with Session(db) as session:
        ann = session.get(UserAuth, 1)
        assert ann is not None and ann.roles == ["Admin", "x,y"] and ann.meta == {"a": "1"}
        bob = session.scalars(select(UserAuth).where(UserAuth.user_name == "bob")).one()
        assert bob.roles == [] and bob.meta is None
        # comparing against a value binds its JSV text
        found = session.scalars(select(UserAuth.id).where(UserAuth.roles == ["Admin", "x,y"]))
        assert list(found) == [1]


def test_bad_stored_text_names_table_and_column(db: Engine) -> None:
    md = MetaData()
    table = Table(
        "Orders",
        md,
        Column("Id", Integer, primary_key=True, autoincrement=False),
        Column("Lines", JSV(List[int])),
    )
    md.create_all(db)
    with db.begin() as con:
        con.execute(insert(table), [{"Id": 1, "Lines": [1, 2]}])
        # Rows written by something else: malformed, and of the wrong type.
        untyped = Table("Orders", MetaData(), Column("Id", Integer), Column("Lines", String(50)))
        con.execute(insert(untyped), [{"Id": 2, "Lines": "[1,2"}, {"Id": 3, "Lines": "[1,x]"}])

    with db.connect() as con:
        with pytest.raises(JSVColumnError) as info:
            con.execute(select(table).order_by(table.c.Id)).all()
        err = info.value
        assert isinstance(err, jsv.JSVError) and isinstance(err, ValueError)
        assert (err.table, err.column, err.key, err.text) == ("Orders", "Lines", None, "[1,2")
        assert isinstance(err.error, jsv.JSVDecodeError) and err.__cause__ is err.error
        assert "column Orders.Lines" in str(err) and "'[1,2'" in str(err)

        assert con.execute(select(table.c.Lines).where(table.c.Id == 1)).scalar_one() == [1, 2]
        with pytest.raises(JSVColumnError) as info:
            con.execute(select(table.c.Lines).where(table.c.Id == 3)).all()
        assert isinstance(info.value.error, jsv.JSVValidationError)
        assert info.value.error.path == "$[1]"

        found = list(bad_rows(con, table.c.Lines))
        assert [(e.key, e.text, type(e.error)) for e in found] == [
            ((2,), "[1,2", jsv.JSVDecodeError),
            ((3,), "[1,x]", jsv.JSVValidationError),
        ]
        assert "row 2" in str(found[0])
        assert [e.key for e in bad_rows(con, table.c.Lines, limit=1)] == [(2,)]


def test_error_pickles() -> None:
    try:
        jsv.loads("[", type=List[int])
    except jsv.JSVDecodeError as inner:
        err = JSVColumnError(inner, "[", "T", "C", (5,))
    back = pickle.loads(pickle.dumps(err))
    assert (back.table, back.column, back.key, back.text, str(back)) == (
        "T", "C", (5,), "[", str(err),
    )


def test_type_is_cacheable_and_hashable() -> None:
    a = JSV(Address, rename={"line1": "Line1"}, type_map={"X, Y": Address})
    b = JSV(Address, rename={"line1": "Line1"}, type_map={"X, Y": Address})
    c = JSV(Address, rename="pascal")
    assert a._static_cache_key == b._static_cache_key
    assert a._static_cache_key != c._static_cache_key
    hash(a._static_cache_key)
    assert JSV(List[str]).python_type is list
    assert JSV(Address).python_type is Address
    assert JSV(uuid.UUID).python_type is uuid.UUID


def test_bad_rows_rejects_other_columns() -> None:
    md = MetaData()
    table = Table("T", md, Column("Id", Integer, primary_key=True), Column("S", String(5)))
    eng = create_engine("sqlite://")
    with eng.connect() as con, pytest.raises(TypeError):
        list(bad_rows(con, table.c.S))


def test_shared_type_object_names_every_column(tmp_path: os.PathLike[str]) -> None:
    shared = JSV(List[int])
    md = MetaData()
    table = Table(
        "T",
        md,
        Column("Id", Integer, primary_key=True),
        Column("A", shared),
        Column("B", shared),
    )
    eng = create_engine(f"sqlite:///{tmp_path}/t.sqlite")
    md.create_all(eng)
    with eng.begin() as con:
        con.execute(text('INSERT INTO "T" VALUES (1, \'[1]\', \'[x]\')'))
        with pytest.raises(JSVColumnError) as info:
            con.execute(select(table.c.B)).all()
    assert (info.value.table, info.value.column) == ("T", "A or B")
