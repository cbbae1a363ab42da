"""Builds a SQLite database laid out as ServiceStack's OrmLite lays it out.

    python examples/ormlite_db.py [PATH] [--customers N]

writes PATH (default ``ormlite.sqlite``) with two tables, filled with
deterministic generated rows:

* ``UserAuth``: ServiceStack's user table (``OrmLiteAuthRepository``), 1,000
  users; ``Roles`` and ``Permissions`` (``List<string>``) and ``Meta``
  (``Dictionary<string,string>``) are JSV text columns.
* ``Customer``: an app table with a ``List<string>`` column (``Tags``), a
  ``Dictionary<string,string>`` column (``Attributes``), a nested object
  (``Address``, with a nested ``Geo``) and a list of objects (``Orders``),
  N customers (default 5,000).

Column types are OrmLite's SQLite ones (``VARCHAR(8000)`` for strings, dates
and complex types; ``INTEGER`` for integers and booleans); dates are stored as
Microsoft.Data.Sqlite stores a ``DateTime`` (``yyyy-MM-dd HH:mm:ss.FFFFFFF``);
complex columns hold exactly what ServiceStack.Text's JSV serializer writes for
the C# values, which is what ``jsv.dumps`` writes (PascalCase member names,
``None`` members left out, ``NULL`` for a null property).

The module's dataclasses are the C# classes' Python twins, and what the README's
"JSV in databases and data frames" section decodes the columns into.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional

import jsv
from jsv.servicestack import UserAuth


@dataclass
class Geo:
    lat: float
    lng: float


@dataclass
class Address:
    street: str
    city: str
    country: str
    postal_code: Optional[str] = None
    geo: Optional[Geo] = None


@dataclass
class OrderLine:
    sku: str
    qty: int
    price: Decimal
    shipped: bool = False
    shipped_at: Optional[datetime.datetime] = None


@dataclass
class Customer:
    id: int
    name: str
    email: Optional[str]
    tags: List[str] = field(default_factory=list)
    attributes: Dict[str, str] = field(default_factory=dict)
    address: Optional[Address] = None
    orders: List[OrderLine] = field(default_factory=list)
    created_date: datetime.datetime = datetime.datetime(2020, 1, 1)


CITIES = [
    ("Zürich", "Switzerland", 47.3769, 8.5417),
    ("São Paulo", "Brazil", -23.5505, -46.6333),
    ("Tokyo", "Japan", 35.6762, 139.6503),
    ("New York, NY", "USA", 40.7128, -74.006),
    ("Kraków", "Poland", 50.0647, 19.945),
]
TAGS = ["vip", "wholesale", "retail", "b2b", "net-30", "tax:exempt", "emoji 😀", "[legacy]"]
ROLES = ["Admin", "Manager", "Employee", "Support", "ReadOnly"]
PERMISSIONS = ["ViewOrders", "EditOrders", "Refund", "Export"]


def _sqlite_datetime(v: datetime.datetime) -> str:
    """Microsoft.Data.Sqlite's text for a DateTime: ``yyyy-MM-dd HH:mm:ss.FFFFFFF``."""
    text = v.strftime("%Y-%m-%d %H:%M:%S")
    if v.microsecond:
        text += f".{v.microsecond:06d}".rstrip("0")
    return text


def _cell(value: object) -> Optional[str]:
    """A complex column's text as OrmLite stores it: JSV with the C# names; NULL for None."""
    return None if value is None else jsv.dumps(value, rename="pascal")


def make_users(rng: random.Random, n: int) -> List[UserAuth]:
    users = []
    start = datetime.datetime(2021, 3, 1, 9, 30)
    for i in range(1, n + 1):
        created = start + datetime.timedelta(hours=7 * i, microseconds=123457 * i % 10**6)
        meta = None
        if i % 3 == 0:
            meta = {"Theme": rng.choice(["dark", "light"]), "Locale": "en-US, de-CH"}
        users.append(
            UserAuth(
                id=i,
                user_name=f"user{i}",
                email=f"user{i}@example.org",
                display_name=f"User {i}" if i % 5 else None,
                roles=rng.sample(ROLES, rng.randint(0, 3)),
                permissions=rng.sample(PERMISSIONS, rng.randint(0, 2)),
                created_date=created,
                modified_date=created + datetime.timedelta(days=i % 30),
                invalid_login_attempts=i % 4,
                meta=meta,
            )
        )
    return users


def make_customers(rng: random.Random, n: int) -> List[Customer]:
    customers = []
    for i in range(1, n + 1):
        city, country, lat, lng = CITIES[i % len(CITIES)]
        orders = []
        for j in range(rng.randint(0, 4)):
            shipped = rng.random() < 0.5
            at = datetime.datetime(2024, 1 + j, 1 + i % 28, 12, 0, tzinfo=datetime.timezone.utc)
            orders.append(
                OrderLine(
                    sku=f"SKU-{rng.randint(1, 500):04d}",
                    qty=rng.randint(1, 20),
                    price=Decimal(rng.randint(99, 99999)) / 100,
                    shipped=shipped,
                    shipped_at=at if shipped else None,
                )
            )
        customers.append(
            Customer(
                id=i,
                name=f'Customer "{i}", Ltd' if i % 7 == 0 else f"Customer {i}",
                email=None if i % 11 == 0 else f"c{i}@example.com",
                tags=rng.sample(TAGS, rng.randint(0, 3)),
                attributes={"segment": rng.choice(["smb", "enterprise"]), "source": "web:form"}
                if i % 2
                else {},
                address=None
                if i % 13 == 0
                else Address(
                    street=f"{i} Main St, Apt {i % 9}",
                    city=city,
                    country=country,
                    postal_code=f"{1000 + i % 9000}" if i % 4 else None,
                    geo=Geo(lat, lng),
                ),
                orders=orders,
                created_date=datetime.datetime(2022, 1, 1) + datetime.timedelta(minutes=37 * i),
            )
        )
    return customers


USER_AUTH_DDL = """
CREATE TABLE "UserAuth" (
  "Id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "UserName" VARCHAR(8000) NULL,
  "Email" VARCHAR(8000) NULL,
  "DisplayName" VARCHAR(8000) NULL,
  "Roles" VARCHAR(8000) NULL,
  "Permissions" VARCHAR(8000) NULL,
  "CreatedDate" VARCHAR(8000) NOT NULL,
  "ModifiedDate" VARCHAR(8000) NOT NULL,
  "InvalidLoginAttempts" INTEGER NOT NULL,
  "Meta" VARCHAR(8000) NULL
);
CREATE INDEX idx_userauth_username ON "UserAuth" ("UserName");
CREATE INDEX idx_userauth_email ON "UserAuth" ("Email");
"""

CUSTOMER_DDL = """
CREATE TABLE "Customer" (
  "Id" INTEGER PRIMARY KEY,
  "Name" VARCHAR(8000) NOT NULL,
  "Email" VARCHAR(8000) NULL,
  "Tags" VARCHAR(8000) NULL,
  "Attributes" VARCHAR(8000) NULL,
  "Address" VARCHAR(8000) NULL,
  "Orders" VARCHAR(8000) NULL,
  "CreatedDate" VARCHAR(8000) NOT NULL
);
"""


def build(path: Path, customers: int = 5000, users: int = 1000, seed: int = 12) -> Path:
    """Writes the database to ``path`` (replacing it) and returns ``path``."""
    rng = random.Random(seed)
    path = Path(path)
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        con.executescript(USER_AUTH_DDL + CUSTOMER_DDL)
        con.executemany(
            'INSERT INTO "UserAuth" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    u.id,
                    u.user_name,
                    u.email,
                    u.display_name,
                    _cell(u.roles),
                    _cell(u.permissions),
                    _sqlite_datetime(u.created_date),
                    _sqlite_datetime(u.modified_date),
                    u.invalid_login_attempts,
                    _cell(u.meta),
                )
                for u in make_users(rng, users)
            ],
        )
        con.executemany(
            'INSERT INTO "Customer" VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    c.id,
                    c.name,
                    c.email,
                    _cell(c.tags),
                    _cell(c.attributes),
                    _cell(c.address),
                    _cell(c.orders),
                    _sqlite_datetime(c.created_date),
                )
                for c in make_customers(rng, customers)
            ],
        )
        con.commit()
    finally:
        con.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="ormlite.sqlite")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--users", type=int, default=1000)
    args = parser.parse_args()
    out = build(Path(args.path), args.customers, args.users)
    print(f"wrote {out}: {args.users} UserAuth rows, {args.customers} Customer rows")


if __name__ == "__main__":
    main()
