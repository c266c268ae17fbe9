"""The second 100 random programmes of test_aggregate_audit.py (another test name: other examples)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from build_scripts.aggregate import aggregate
from test_aggregate import K, bounded_small, programmes


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programmes())
def test_no_small_count_or_complement_can_be_bounded_by_a_reader_who_knows_the_order_more(data):
    learners, followups = data
    rows = aggregate(learners, followups, k=K).rows()
    assert bounded_small(learners, followups, rows) == []
