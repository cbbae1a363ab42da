"""Draws ``jsv bench``'s ratios as an SVG bar chart (the one in the README).

One group of bars per operation (loads, dumps, typed loads, typed dumps, pure-
Python loads), one bar per library jsv was compared with: the length is jsv's
time divided by that library's time on the same data, on a logarithmic axis, so
a bar left of the 1x line means jsv is faster.  Plain SVG, written here: no
plotting library needed.

    python benchmarks/chart.py                       # runs jsv bench --records 1000
    python benchmarks/chart.py --from results.json   # draws a saved `jsv bench --json`
    python benchmarks/chart.py --save benchmarks/results.json --markdown  # the README's
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any, Dict, List
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
COLORS = {"json": "#4e79a7", "orjson": "#f28e2b", "msgspec": "#59a14f"}
LOW, HIGH = 0.01, 20.0  # the axis: 0.01x .. 20x


def _x(ratio: float, left: float, width: float) -> float:
    r = min(max(ratio, LOW), HIGH)
    return left + width * (math.log10(r) - math.log10(LOW)) / (math.log10(HIGH) - math.log10(LOW))


def render(result: Dict[str, Any]) -> str:
    """The SVG text of the chart of one ``jsv bench`` result (``jsv._bench.measure``)."""
    peers: List[str] = result["peers"]
    rows = result["rows"]
    bar, gap, left, width, top = 16, 14, 170, 520, 58
    group = bar * len(peers) + gap
    height = top + group * len(rows) + 60
    out: List[str] = []
    w = out.append
    w(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" '
        f'height="{height}" font-family="Helvetica, Arial, sans-serif" font-size="12">'
    )
    w(f'<rect width="{left + width + 80}" height="{height}" fill="white"/>')
    title = (
        f"jsv time / other library's time, {result['records']} session records "
        f"({result['engine']} engine, {result['python']})"
    )
    w(f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>')
    w('<text x="10" y="38" fill="#555">shorter is faster for jsv; left of 1x: jsv is faster</text>')
    for i, peer in enumerate(peers):
        x = left + i * 110
        color = COLORS.get(peer, "#999")
        w(f'<rect x="{x}" y="{top - 14}" width="10" height="10" fill="{color}"/>')
        w(f'<text x="{x + 14}" y="{top - 5}">{escape(peer)}</text>')
    axis_top, axis_bottom = top, top + group * len(rows)
    for tick in (0.01, 0.1, 0.5, 1, 2, 5, 10):
        x = _x(tick, left, width)
        stroke = "#333" if tick == 1 else "#ddd"
        w(
            f'<line class="tick{" one" if tick == 1 else ""}" x1="{x:.1f}" y1="{axis_top}" '
            f'x2="{x:.1f}" y2="{axis_bottom}" stroke="{stroke}"/>'
        )
        w(f'<text x="{x:.1f}" y="{axis_bottom + 16}" text-anchor="middle">{tick:g}x</text>')
    for r, row in enumerate(rows):
        y0 = top + r * group + gap / 2
        label = f"{row['operation']} ({row['jsv_ms']:.1f} ms)"
        w(
            f'<text x="{left - 8}" y="{y0 + bar * len(peers) / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for i, peer in enumerate(peers):
            figure = row["peers"].get(peer)
            if figure is None:
                continue
            y = y0 + i * bar
            x_end = _x(figure["ratio"], left, width)
            w(
                f'<rect class="bar" x="{left}" y="{y:.1f}" width="{x_end - left:.1f}" '
                f'height="{bar - 3}" fill="{COLORS.get(peer, "#999")}"/>'
            )
            w(
                f'<text class="ratio" x="{x_end + 4:.1f}" y="{y + bar - 6:.1f}">'
                f"{figure['ratio']:.2f}x</text>"
            )
    w("</svg>")
    return "\n".join(out) + "\n"


def markdown(result: Dict[str, Any]) -> str:
    """The same figures as a Markdown table (for the README, beside the chart)."""
    peers: List[str] = result["peers"]
    lines = [
        "| operation | jsv ms | " + " | ".join(f"jsv / {p}" for p in peers) + " |",
        "|---|---:|" + "---:|" * len(peers),
    ]
    for row in result["rows"]:
        cells = [f"{row['peers'][p]['ratio']:.2f}x" if p in row["peers"] else "-" for p in peers]
        lines.append(f"| {row['operation']} | {row['jsv_ms']:.2f} | " + " | ".join(cells) + " |")
    lines.append("")
    for item in [*result["memory"], result["scaling"]]:
        lines.append(f"- {item['what']}: {item['ratio']:.2f}x")
    return "\n".join(lines) + "\n"


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="source", help="a saved `jsv bench --json` file")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=None, help="default: jsv bench's")
    parser.add_argument("-o", "--output", default=str(HERE / "ratios.svg"))
    parser.add_argument("--save", help="also save the figures measured to this JSON file")
    parser.add_argument(
        "--markdown", action="store_true", help="also print the figures as a Markdown table"
    )
    args = parser.parse_args(argv)
    if args.source:
        result = json.loads(Path(args.source).read_text(encoding="utf-8"))
    else:
        from jsv import _bench

        result = _bench.measure(args.records, args.repeat or _bench.DEFAULT_REPEAT)
        sys.stdout.write(_bench.format_table(result))
        if args.save:
            Path(args.save).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    Path(args.output).write_text(render(result), encoding="utf-8")
    if args.markdown:
        sys.stdout.write(markdown(result))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
