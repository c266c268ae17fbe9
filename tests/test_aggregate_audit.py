"""aggregate.py against the reader who knows that counts are whole, never negative and ordered, on
random programmes (test_aggregate.py has the oracle): 100 here and 100 in test_aggregate_audit_more.py,
files of their own so that the suite's longest test runs on both workers beside the others."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from build_scripts.aggregate import aggregate
from test_aggregate import K, bounded_small, programmes


# 100 random programmes a test: slow, and too large for Hypothesis's default health checks
AUDIT = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def nothing_small_can_be_bounded(data) -> None:
    learners, followups = data
    rows = aggregate(learners, followups, k=K).rows()
    assert bounded_small(learners, followups, rows) == []


@pytest.mark.slow
@AUDIT
@given(programmes())
def test_no_small_count_or_complement_can_be_bounded_by_a_reader_who_knows_the_order(data):
    nothing_small_can_be_bounded(data)
