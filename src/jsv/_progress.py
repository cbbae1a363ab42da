"""A one-line progress bar on standard error, for long conversions.

``jsv to-json --lines`` draws it when standard error is a terminal and the
input turns out to be large (``MIN_BYTES`` read); ``--progress`` draws it
regardless and ``--no-progress`` never.  It redraws at most every
``INTERVAL`` seconds, so it costs nothing measurable, and it is erased (with
a final summary line left in place) when the conversion ends.
"""

from __future__ import annotations

import time
from typing import IO, Callable, Optional

__all__ = ["Progress", "MIN_BYTES", "INTERVAL"]

#: Input smaller than this never shows a bar in automatic mode.
MIN_BYTES = 1 << 20
#: Seconds between redraws.
INTERVAL = 0.2
_BAR = 24


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError  # pragma: no cover


class Progress:
    """Tracks bytes and lines read and draws ``45% [#####     ] 12.3/27.1 MB ...``.

    Args:
        stream: where to draw (standard error).
        total: the input's size in bytes, when known (a regular file).
        always: draw from the start, whatever the size (``--progress``).
        clock: seconds, monotonic (for tests).
    """

    def __init__(
        self,
        stream: IO[str],
        total: Optional[int],
        *,
        always: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.total = total
        self.clock = clock
        self.started = clock()
        self.shown = always
        self.done = 0
        self.lines = 0
        self._next = self.started  # draw at the first update once shown
        self._drawn = False

    def update(self, nbytes: int) -> None:
        """Counts one more line of ``nbytes`` bytes; redraws when it is time."""
        self.done += nbytes
        self.lines += 1
        if not self.shown:
            if self.done < MIN_BYTES:
                return
            self.shown = True
        now = self.clock()
        if now >= self._next:
            self._next = now + INTERVAL
            self._draw(now)

    def message(self, text: str) -> None:
        """Writes a line of text (an error report) without garbling the bar."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False
            self._next = self.clock()
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        """Draws the final state, if the bar was ever shown, and ends its line."""
        if self.shown:
            self._draw(self.clock())
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = f"{_size(self.done / elapsed)}/s"
        counts = f"{self.lines:,} lines"
        if self.total:
            frac = min(self.done / self.total, 1.0)
            filled = int(frac * _BAR)
            bar = "#" * filled + " " * (_BAR - filled)
            text = (
                f"{frac * 100:3.0f}% [{bar}] {_size(self.done)} / {_size(self.total)}"
                f"  {counts}  {rate}"
            )
        else:
            text = f"{_size(self.done)}  {counts}  {rate}"
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self._drawn = True
