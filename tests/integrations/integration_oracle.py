"""The oracle the integration tests share: jsv.loads on each stored cell."""

from __future__ import annotations

from typing import Any, List, Optional

import jsv


def expected_values(cells: List[Optional[str]], tp: Any) -> List[Any]:
    """The oracle: jsv.loads(cell, type=T) for each cell, None for NULL."""
    return [None if c is None else jsv.loads(c, type=tp) for c in cells]


def as_typed(values: List[Any], tp: Any) -> List[Any]:
    """An engine's Python values (dicts for structs, Decimals with the column's
    scale) typed by jsv.convert -- the typed layer, not the Arrow path."""
    return [None if v is None else jsv.convert(v, tp) for v in values]


BAD_CELLS = ["[a,b]", None, "[x", "", '[ok,"c,d"]', "{not:a list}"]
#: What BAD_CELLS read as List[str], row by row (None: NULL or bad)
BAD_CELLS_NULL = [["a", "b"], None, None, None, ["ok", "c,d"], None]
BAD_ROWS = [2, 3, 5]
