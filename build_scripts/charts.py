"""Charts as static SVG, made at build time: no JavaScript, no fonts to fetch, readable when printed.

Each chart has a <title> and <desc>; the page puts a data table and a plain summary beside it.
Missing (suppressed) values leave a gap and are never drawn as zero.
"""

from __future__ import annotations

import math
import re
from html import escape

W, H = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 20, 40
PALETTE = ["#00695c", "#bf360c", "#283593", "#6a1b9a", "#2e7d32", "#5d4037", "#00838f", "#ad1457"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "12 2"]   # told apart without colour too


def _frame(title: str, desc: str, body: str, y_label: str, y_max: float, y_min: float = 0.0) -> str:
    """The chart's frame: gridlines and their values every fifth of y_min..y_max, the axis label."""
    ticks = []
    for i in range(6):
        value = y_min + (y_max - y_min) * i / 5
        y = TOP + (H - TOP - BOTTOM) * (1 - i / 5)
        stroke = "#9e9e9e" if value == 0 and y_min < 0 else "#e0e0e0"      # below zero: the zero line stands out
        ticks.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{stroke}"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    key = "chart-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled")   # ids unique on the page
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
            f'aria-labelledby="{key}-t {key}-d" font-family="system-ui, sans-serif" font-size="12" fill="#212121">'
            f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>'
            f'{"".join(ticks)}<text x="12" y="{TOP + (H - TOP - BOTTOM) / 2:.0f}" '
            f'transform="rotate(-90 12 {TOP + (H - TOP - BOTTOM) / 2:.0f})" text-anchor="middle">{escape(y_label)}</text>'
            f'{body}</svg>')


def line_chart(title: str, desc: str, x_labels: list[str], series: dict[str, list[float | None]],
               y_label: str, y_max: float = 100.0) -> str:
    """One line per series; a None value breaks the line rather than dropping to zero."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    xs = [LEFT + plot_w * (i + 0.5) / len(x_labels) for i in range(len(x_labels))]
    body = [f'<text x="{x:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{escape(lbl)}</text>'
            for x, lbl in zip(xs, x_labels)]
    for n, (name, values) in enumerate(series.items()):
        colour, dash = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]
        points = [(x, TOP + plot_h * (1 - v / y_max)) if v is not None else None for x, v in zip(xs, values)]
        run: list = []
        for p in points + [None]:
            if p is None:
                if len(run) > 1:
                    body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" '
                                f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in run)}"/>')
                run = []
            else:
                run.append(p)
                body.append(f'<circle cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 16 * n
        body.append(f'<line x1="{W - RIGHT + 10}" x2="{W - RIGHT + 34}" y1="{ly + 8}" y2="{ly + 8}" stroke="{colour}" '
                    f'stroke-width="2" stroke-dasharray="{dash}"/><text x="{W - RIGHT + 40}" y="{ly + 12}">{escape(name)}</text>')
    return _frame(title, desc, "".join(body), y_label, y_max)


def nice_max(value: float) -> float:
    """The round number above value that ticks divide evenly (5 ticks): 100, 250, 500, 1000 ..."""
    candidates = sorted(s * 10 ** e for e in range(0, 6) for s in (1, 2, 2.5, 5))
    return next((c for c in candidates if c >= value * 1.1), candidates[-1]) if value > 0 else 1


def bar_chart(title: str, desc: str, labels: list[str], values: list[float | None], y_label: str,
              y_max: float | None = None, unit: str = "") -> str:
    """Vertical bars from zero, down for a negative value, each with its value written at its end;
    a None value is marked 'not shown'."""
    known = [v for v in values if v is not None]
    y_min, y_max = _bar_range(known, y_max)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def y_of(v: float) -> float:
        return TOP + plot_h * (y_max - v) / (y_max - y_min)

    slot = plot_w / max(1, len(labels))
    body = []
    for i, (label, v) in enumerate(zip(labels, values)):
        x = LEFT + slot * i + slot * 0.2
        body.append(f'<text x="{x + slot * 0.3:.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{escape(label)}</text>')
        if v is None:
            body.append(f'<text x="{x + slot * 0.3:.1f}" y="{y_of(0) - 6:.1f}" text-anchor="middle" '
                        f'fill="#616161">not shown</text>')
            continue
        top, bottom = sorted((y_of(v), y_of(0)))
        body.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{slot * 0.6:.1f}" height="{bottom - top:.1f}" fill="{PALETTE[0]}"/>'
                    f'<text x="{x + slot * 0.3:.1f}" y="{top - 4 if v >= 0 else bottom + 14:.1f}" '
                    f'text-anchor="middle">{v:g}{unit}</text>')
    return _frame(title, desc, "".join(body), y_label, y_max, y_min)


def _bar_range(known: list[float], y_max: float | None) -> tuple[float, float]:
    """0 to a round maximum; with a negative value, five round steps that hold every value, zero on one."""
    low = min(known, default=0)
    if low >= 0:
        return 0.0, y_max or nice_max(max(known, default=0))
    high = max(0.0, *known)
    step = nice_max(high - low) / 5
    while math.ceil(high / step) - math.floor(low / step) > 5:      # at most a few rounds: each step is 2-2.5x
        step = max(nice_max(step * 5.5) / 5, step * 2)
    bottom = math.floor(low / step) * step
    return bottom, bottom + 5 * step
