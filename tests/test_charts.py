"""charts.py: static SVG charts that screen readers can tell apart."""

import re

import pytest

from build_scripts.charts import bar_chart, line_chart


def test_each_chart_is_labelled_by_its_own_title_and_description():
    a = line_chart("In work", "Share in work.", ["6 m"], {"All": [50.0]}, "%")
    b = bar_chart("Remote work", "Share remote.", ["6 m"], [40.0], "%")
    ids = [re.findall(r'id="([^"]+)"', svg) for svg in (a, b)]
    assert len(set(ids[0] + ids[1])) == 4                       # no id repeats across charts on one page
    for svg, own in zip((a, b), ids):
        assert re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split() == own


def bars(svg: str) -> list[tuple[float, float]]:
    return [(float(y), float(h)) for y, h in re.findall(r'<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"', svg)]


def gridline(svg: str, value: str) -> float:
    return float(re.search(rf'y="([\d.]+)" text-anchor="end">{re.escape(value)}</text>', svg).group(1)) - 4


def test_a_fall_in_income_is_a_bar_below_the_zero_line():
    svg = bar_chart("Change", "Median change.", ["3 m", "6 m", "12 m"], [-40.0, 120.0, None], "USD")
    (down_y, down_h), (up_y, up_h) = bars(svg)
    zero = gridline(svg, "0")
    assert down_h > 0 and abs(down_y - zero) < 0.2                # hangs from zero, downwards
    assert up_h > 0 and abs(up_y + up_h - zero) < 0.2             # stands on zero
    assert up_h / down_h == pytest.approx(3, rel=0.01)              # to the same scale
    assert float(re.findall(r'>(-?[\d.]+)</text>', svg.split("</desc>")[1])[0]) < 0   # the axis goes below zero
    assert "-40<" in svg and "not shown" in svg


def test_without_a_fall_the_axis_starts_at_zero():
    svg = bar_chart("Remote", "Share.", ["3 m"], [40.0], "%", y_max=100, unit="%")
    assert gridline(svg, "0") > gridline(svg, "100") and "-" not in "".join(re.findall(r'end">([^<]*)<', svg))


def test_any_range_of_values_makes_a_chart():
    # nice_max stops at 500,000: beyond it the steps must still grow, not loop for ever
    for values in ([-1.0, 1e9], [-1e7, 3.0], [-0.001, 0.002]):
        svg = bar_chart("Change", "Median change.", ["a", "b"], values, "USD")
        assert len(bars(svg)) == 2 and all(h >= 0 for _, h in bars(svg))
