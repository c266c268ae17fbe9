"""charts.py: static SVG charts that screen readers can tell apart."""

import re

from build_scripts.charts import bar_chart, line_chart


def test_each_chart_is_labelled_by_its_own_title_and_description():
    a = line_chart("In work", "Share in work.", ["6 m"], {"All": [50.0]}, "%")
    b = bar_chart("Remote work", "Share remote.", ["6 m"], [40.0], "%")
    ids = [re.findall(r'id="([^"]+)"', svg) for svg in (a, b)]
    assert len(set(ids[0] + ids[1])) == 4                       # no id repeats across charts on one page
    for svg, own in zip((a, b), ids):
        assert re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split() == own
