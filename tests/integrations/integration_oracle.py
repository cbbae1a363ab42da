"""The oracle the integration tests share: jsv.loads on each stored cell."""

from __future__ import annotations

import collections.abc
import dataclasses
import typing
from typing import Any, List, Optional

import jsv


def expected_values(cells: List[Optional[str]], tp: Any) -> List[Any]:
    """The oracle: jsv.loads(cell, type=T) for each cell, None for NULL."""
    return [None if c is None else jsv.loads(c, type=tp) for c in cells]


def _maps_as_dicts(value: Any, tp: Any) -> Any:
    """``value`` with every map the type ``tp`` declares as a dict.

    Engines hand maps back as dicts, as ``(key, value)`` pairs (pyarrow), or as
    ``{"key": k, "value": v}`` structs (a Polars without a Map dtype).
    """
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _maps_as_dicts(value, inner[0]) if len(inner) == 1 else value
    if origin in (dict, collections.abc.Mapping):
        if isinstance(value, dict):
            pairs = list(value.items())
        else:
            pairs = [(p["key"], p["value"]) if isinstance(p, dict) else tuple(p) for p in value]
        return {_maps_as_dicts(k, args[0]): _maps_as_dicts(v, args[1]) for k, v in pairs}
    if origin in (list, tuple, set, frozenset) and args:
        return [_maps_as_dicts(v, args[0]) for v in value]
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        hints = typing.get_type_hints(tp)
        return {k: _maps_as_dicts(v, hints[k]) if k in hints else v for k, v in value.items()}
    return value


def as_typed(values: List[Any], tp: Any) -> List[Any]:
    """An engine's Python values (dicts for structs, Decimals with the column's
    scale) typed by jsv.convert -- the typed layer, not the Arrow path."""
    return [None if v is None else jsv.convert(_maps_as_dicts(v, tp), tp) for v in values]


BAD_CELLS = ["[a,b]", None, "[x", "", '[ok,"c,d"]', "{not:a list}"]
#: What BAD_CELLS read as List[str], row by row (None: NULL or bad)
BAD_CELLS_NULL = [["a", "b"], None, None, None, ["ok", "c,d"], None]
BAD_ROWS = [2, 3, 5]
