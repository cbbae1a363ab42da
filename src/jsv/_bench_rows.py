"""OrmLite-like cells: the rows of the batch and Arrow benchmarks.

Before ServiceStack 8.9, OrmLite stored every complex-typed property as JSV
text: ``UserAuth.Roles`` (``List<string>``), ``UserAuth.Meta``
(``Dictionary<string,string>``) and an app's own nested objects.  Each cell
here is one such document for :class:`UserAuthRow`: a list of roles, a string
dictionary and a nested order with a list of lines, dates, decimals and an
enum, as ServiceStack writes it.  The rows are generated deterministically, so
every run and machine measures the same bytes; :func:`json_cells` gives the
same rows as JSON with the same field names, for the JSON readers compared.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List, Optional

from ._api import dumps

__all__ = ["OrderStatus", "OrderLine", "Order", "UserAuthRow", "rows", "cells", "json_cells"]


class OrderStatus(enum.Enum):
    """An order's state, written by name as ServiceStack writes enums."""

    PENDING = "Pending"
    PAID = "Paid"
    SHIPPED = "Shipped"
    CANCELLED = "Cancelled"


@dataclasses.dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclasses.dataclass
class Order:
    id: int
    status: OrderStatus
    created: datetime
    due: date
    total: Decimal
    lines: List[OrderLine]
    note: Optional[str] = None


@dataclasses.dataclass
class UserAuthRow:
    """One cell: what an OrmLite table's complex columns hold, as one document."""

    roles: List[str]
    meta: Dict[str, str]
    order: Optional[Order] = None


_ROLES = ["Admin", "Manager", "Employee", "Support", "Sales", "ReadOnly"]
_META_KEYS = ["locale", "theme", "plan", "referrer", "team", "tz"]
_META_VALUES = ["en-US", "dark", "pro", "https://example.com/?a=1,b=2", "north", "Europe/Berlin"]
_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def rows(count: int, seed: int = 2026) -> List[UserAuthRow]:
    """``count`` typed rows, the same for the same arguments."""
    rng = random.Random(seed)
    out: List[UserAuthRow] = []
    statuses = list(OrderStatus)
    for i in range(count):
        roles = rng.sample(_ROLES, rng.randint(0, 3))
        meta = {k: rng.choice(_META_VALUES) for k in rng.sample(_META_KEYS, rng.randint(0, 3))}
        order = None
        if rng.random() < 0.9:
            lines = [
                OrderLine(
                    sku=f"SKU-{rng.randint(1000, 9999)}",
                    quantity=rng.randint(1, 20),
                    unit_price=Decimal(rng.randint(99, 99999)).scaleb(-2),
                )
                for _ in range(rng.randint(1, 4))
            ]
            created = _EPOCH + timedelta(seconds=rng.randint(0, 60_000_000))
            order = Order(
                id=100_000 + i,
                status=rng.choice(statuses),
                created=created,
                due=(created + timedelta(days=rng.randint(1, 30))).date(),
                total=sum((ln.unit_price * ln.quantity for ln in lines), Decimal("0.00")),
                lines=lines,
                note=rng.choice([None, None, "Leave at the door, please", "gift"]),
            )
        out.append(UserAuthRow(roles=roles, meta=meta, order=order))
    return out


def cells(count: int, seed: int = 2026) -> List[str]:
    """The rows as JSV cells, as ServiceStack (and ``jsv.dumps``) writes them."""
    return [dumps(r) for r in rows(count, seed)]


def _json_value(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _json_value(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def json_cells(count: int, seed: int = 2026) -> List[str]:
    """The same rows as JSON cells: numbers as numbers; decimals, dates and enums as text."""
    return [json.dumps(_json_value(r), separators=(",", ":")) for r in rows(count, seed)]
