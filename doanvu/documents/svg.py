"""Small charts as inline SVG strings, drawn on the server: no JavaScript library, nothing from a CDN.

Pure functions (no Django): the dashboard and the work report embed the same SVG. Every label is
escaped; numbers are written the Vietnamese way (2.145, 95,5).

    bar_chart([("Tuyên truyền", 12), ("Thiếu nhi", 3)], title="Hoạt động theo mặt công tác")
    line_chart(["T1", "T2"], [("Đoàn viên", [2145, 2150]), ("Đảng viên", [446, 450])], title="…")
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from doanvu.lib.vnnumbers import group

Number = int | float | Decimal

# Colours of the series, in order (the app's blue, red, green, amber, then greys).
PALETTE = ("#1d4e89", "#c8102e", "#1e7b34", "#a15c00", "#5b6470", "#7a4ea3")
FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


def _fmt(value: Number) -> str:
    number = Decimal(str(value))
    return group(number, 0 if number == number.to_integral_value() else 1)


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 × a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _svg_open(width: int, height: int, title: str) -> list[str]:
    label = escape(title)
    return [
        # Sized by attributes, not a style attribute (the pages' Content-Security-Policy forbids those): the
        # pages' stylesheets shrink it to the width of a phone (max-width: 100%; height: auto).
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}" font-family="{FONT}">',
        f"<title>{label}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="600" fill="#1b1f24">{label}</text>',
    ]


def bar_chart(
    items: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    unit_label: str = "",
    width: int = 640,
    bar_height: int = 22,
    colour: str = PALETTE[0],
) -> str:
    """Horizontal bars, one per (label, value), values written at the end of each bar. None counts as 0
    and is written "—". Horizontal so long Vietnamese labels stay readable on a phone."""
    rows = [(str(label), value) for label, value in items]
    label_width = min(260, max([len(label) for label, _ in rows] + [4]) * 7 + 8)
    top, gap = 28, 6
    height = top + max(1, len(rows)) * (bar_height + gap) + 8
    numbers = [float(value) for _, value in rows if value is not None]
    scale_max = _nice_max(max(numbers + [0.0]))
    plot = width - label_width - 90
    out = _svg_open(width, height, title)
    if not rows:
        out.append(f'<text x="0" y="{top + 14}" font-size="12" fill="#5b6470">Chưa có số liệu</text>')
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_height + gap)
        length = 0.0 if value is None else max(0.0, float(value)) / scale_max * plot
        text = "—" if value is None else _fmt(value) + (f" {escape(unit_label)}" if unit_label else "")
        shown = label if len(label) <= 36 else label[:35] + "…"
        out.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" font-size="12" text-anchor="end" '
            f'fill="#1b1f24"><title>{escape(label)}</title>{escape(shown)}</text>'
        )
        out.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" '
            f'fill="{colour}"/>'
        )
        out.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'fill="#1b1f24">{text}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
) -> str:
    """One line per (name, values) over the x labels; a None value breaks the line (no data that month).
    The last value of each series is written next to its end; a legend sits under the title."""
    left, right, top, bottom = 56, 60, 44, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [float(v) for _, values in series for v in values if v is not None]
    scale_max = _nice_max(max(numbers + [0.0]))
    n = max(1, len(labels))
    step = plot_w / (n - 1) if n > 1 else 0

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: Number) -> float:
        return top + plot_h - float(v) / scale_max * plot_h

    out = _svg_open(width, height, title)
    # Legend.
    lx = 0
    for s, (name, _values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        out.append(f'<rect x="{lx}" y="24" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="33" font-size="12" fill="#1b1f24">{escape(str(name))}</text>')
        lx += 24 + len(str(name)) * 7
    # Axes and gridlines at 0, ½ and the maximum.
    for frac in (0, 0.5, 1):
        gy = top + plot_h - frac * plot_h
        out.append(
            f'<line x1="{left}" y1="{gy:.1f}" x2="{left + plot_w}" y2="{gy:.1f}" stroke="#dde1e6"/>'
            f'<text x="{left - 4}" y="{gy + 4:.1f}" font-size="11" text-anchor="end" fill="#5b6470">'
            f"{_fmt(scale_max * frac)}</text>"
        )
    # Every `every`-th label, at most twelve and never two side by side: the last one too when it stands
    # far enough from the one before it.
    every = max(1, -(-len(labels) // 12))
    for i, label in enumerate(labels):
        if i % every == 0 or (i == len(labels) - 1 and i % every > every // 2):
            out.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" font-size="11" text-anchor="middle" '
                f'fill="#5b6470">{escape(str(label))}</text>'
            )
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        runs: list[list[str]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(i):.1f},{y(value):.1f}")
        for run in runs:
            if len(run) > 1:
                out.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>'
                )
        for i, value in enumerate(values):
            if value is not None:
                out.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}">'
                    f"<title>{escape(str(name))} {escape(str(labels[i]) if i < len(labels) else '')}: "
                    f"{_fmt(value)}</title></circle>"
                )
        last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None), None)
        if last is not None:
            out.append(
                f'<text x="{x(last[0]) + 6:.1f}" y="{y(last[1]) + 4:.1f}" font-size="12" fill="{colour}">'
                f"{_fmt(last[1])}</text>"
            )
    out.append("</svg>")
    return "".join(out)
