"""Charts as PNG pictures for Word (python-docx embeds raster images, not SVG).

A chart is a dict: {kind ("line" | "bar"), labels [x labels], series [{name, values}], unit_label,
value_kind ("flow" | "ratio")}. Drawn with matplotlib's Agg backend from the same data the pages draw as
SVG (svg.py), in the same colours; DejaVu Sans (shipped with matplotlib) has every Vietnamese letter.
Pure: data in, bytes out.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen on a server; must precede pyplot

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from doanvu.documents import svg  # noqa: E402
from doanvu.lib import vnnumbers as vn  # noqa: E402

WIDTH_IN = 6.3  # the text width of an A4 page with the official margins
DPI = 150


def _number(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def _axis_text(value: float, _position=None) -> str:
    number = Decimal(str(value))
    return vn.group(number, 0 if number == number.to_integral_value() else 1)


LABEL_CHARS = 32  # a bar's label wraps between words at this many characters, on at most LABEL_LINES lines
# (every work area's name, the longest 58 characters, is written whole)
LABEL_LINES = 2


def bar_label(label: str) -> str:
    """A bar's label on at most LABEL_LINES lines, wrapped between words, the rest shortened with "…"."""
    return textwrap.fill(str(label), LABEL_CHARS, max_lines=LABEL_LINES, placeholder=" …")


def _bar(ax, chart: dict) -> None:
    labels = [bar_label(label) for label in chart["labels"]]
    values = [_number(v) or 0.0 for v in (chart["series"][0]["values"] if chart["series"] else [])]
    colour = svg.PALETTE[2] if chart.get("value_kind") == "ratio" else svg.PALETTE[0]
    positions = list(range(len(values)))
    bars = ax.barh(positions, values, color=colour)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()  # the first label on top, as in the page
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_text))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=chart.get("value_kind") != "ratio"))
    suffix = "%" if chart.get("value_kind") == "ratio" else ""
    ax.bar_label(bars, labels=[_axis_text(v) + suffix for v in values], padding=3, fontsize=8)
    ax.margins(x=0.12)


def _line(ax, chart: dict) -> None:
    positions = list(range(len(chart["labels"])))
    for index, series in enumerate(chart["series"]):
        values = [_number(v) for v in series["values"]]
        ax.plot(
            positions[: len(values)],
            values,
            marker="o",
            markersize=3,
            color=svg.PALETTE[index % len(svg.PALETTE)],
            label=series["name"],
        )
    step = max(1, -(-len(positions) // 12))  # at most twelve labels
    ax.set_xticks(
        positions[::step], [str(label) for label in chart["labels"]][::step], rotation=0, fontsize=8
    )
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_text))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.legend(loc="best", fontsize=8, frameon=False)


def chart_png(chart: dict) -> bytes:
    """One chart (the dict above) as a PNG the width of the page's text."""
    # A bar's row is as tall as its label's lines (no label overlaps the next one).
    lines = (
        sum(bar_label(label).count("\n") + 1 for label in chart["labels"]) if chart["kind"] == "bar" else 0
    )
    height = max(2.2, 0.19 * lines + 0.12 * len(chart["labels"]) + 0.8) if chart["kind"] == "bar" else 2.8
    figure, ax = plt.subplots(figsize=(WIDTH_IN, height), dpi=DPI)
    try:
        with plt.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
            (_line if chart["kind"] == "line" else _bar)(ax, chart)
            ax.spines[["top", "right"]].set_visible(False)
            unit_label = chart.get("unit_label", "")
            if unit_label:
                (ax.set_xlabel if chart["kind"] == "bar" else ax.set_ylabel)(unit_label, fontsize=8)
            figure.tight_layout()
            out = io.BytesIO()
            figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    finally:
        plt.close(figure)
    return out.getvalue()
