"""The second 100 random programmes of test_aggregate_audit.py (another test name: other examples)."""

from __future__ import annotations

import pytest
from hypothesis import given

from test_aggregate import programmes
from test_aggregate_audit import AUDIT, nothing_small_can_be_bounded


@pytest.mark.slow
@AUDIT
@given(programmes())
def test_no_small_count_or_complement_can_be_bounded_by_a_reader_who_knows_the_order_more(data):
    nothing_small_can_be_bounded(data)
