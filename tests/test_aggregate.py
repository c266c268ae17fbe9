"""aggregate.py: disclosure control, checked on random microdata by an independent exact oracle."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.aggregate import COUNTS, DIMENSIONS, PARENT, RATES, aggregate

K = 5
STATUSES = ["employed_remote", "employed_local", "freelance_remote", "self_employed", "studying", "seeking_work"]
DUE = {"c1": (3, 6, 12), "c2": (3, 6), "c3": (3,)}


@st.composite
def microdata(draw):
    n = draw(st.integers(8, 90))
    learners, followups = [], []
    for i in range(n):
        l = {"learner_id": f"L{i:05d}", "cohort": draw(st.sampled_from(sorted(DUE))),
             "track": draw(st.sampled_from(["t1", "t2", "t3"])), "site": draw(st.sampled_from(["s1", "s2"])),
             "gender": draw(st.sampled_from(["female", "male", "female", "male", "undisclosed"])),
             "completed": draw(st.booleans()), "baseline_income_usd": draw(st.sampled_from([None, 0.0, 150.0]))}
        learners.append(l)
        for m in DUE[l["cohort"]]:
            reached = draw(st.booleans())
            status = draw(st.sampled_from(STATUSES)) if reached else None
            followups.append({"learner_id": l["learner_id"], "months_after": m, "reached": reached, "status": status,
                              "monthly_income_usd": draw(st.sampled_from([0.0, 300.0, 450.0, 800.0])) if reached else None})
    return learners, followups


def _reduce(v: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    v = list(v)
    for pivot, row in basis:
        if v[pivot]:
            f = v[pivot] / row[pivot]
            v = [a - f * b for a, b in zip(v, row)]
    return v


def _span(rows: list[list[int]]) -> list[tuple[int, list[Fraction]]]:
    """An exact echelon basis of the rows' span (Gaussian elimination over the rationals)."""
    basis = []
    for r in rows:
        v = _reduce([Fraction(x) for x in r], basis)
        pivot = next((i for i, x in enumerate(v) if x), None)
        if pivot is not None:
            basis.append((pivot, v))
    return basis


def in_span(v: list[int], basis) -> bool:
    return not any(_reduce([Fraction(x) for x in v], basis))


def oracle_vectors(learners, followups, rows):
    """Each published row's atoms, derived from the microdata alone (not from aggregate's own vectors)."""
    atoms = sorted({tuple(l[d] for d in DIMENSIONS) for l in learners})
    by_id = {l["learner_id"]: l for l in learners}
    due = {}
    for f in followups:
        due.setdefault(f["months_after"], set()).add(by_id[f["learner_id"]]["cohort"])
    out = []
    for row in rows:
        out.append([int(a[0] in due[row["months_after"]] and all(row[d] is None or row[d] == a[i]
                                                                for i, d in enumerate(DIMENSIONS))) for a in atoms])
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(microdata())
def test_no_small_count_is_published_and_none_can_be_recomputed(data):
    learners, followups = data
    rows = aggregate(learners, followups, k=K).rows()
    assert rows
    vectors = oracle_vectors(learners, followups, rows)
    for row in rows:
        for m in COUNTS:
            assert row[m] is None or row[m] == 0 or row[m] >= K, (row, m)
            if m in PARENT and row[m] is not None and row[PARENT[m]] is not None:
                assert not 0 < row[PARENT[m]] - row[m] < K, (row, m)       # complements too
        for name, (num, den) in RATES.items():
            assert row[name] is None or (row[num] is not None and row[den] is not None), (row, name)
        for name in ("median_income_usd", "median_change_usd"):
            assert row[name] is None or row["in_work"] is not None
    # systems an attacker can combine: enrolled and completed across all points; the rest per point
    systems = {}
    for row, vec in zip(rows, vectors):
        for m in COUNTS:
            key = m if m in ("enrolled", "completed") else (m, row["months_after"])
            systems.setdefault(key, []).append((row[m], vec))
    for key, cells in systems.items():
        basis = _span([vec for value, vec in cells if value is not None and any(vec)])
        for value, vec in cells:
            if value is None and any(vec):
                assert not in_span(vec, basis), f"a suppressed {key} cell can be recomputed from published ones"


def test_oracle_detects_a_recoverable_cell():
    # the oracle itself must be able to fail: a margin minus a published cell recovers the other
    basis = _span([[1, 1, 0], [1, 0, 0]])
    assert in_span([0, 1, 0], basis) and not in_span([0, 0, 1], basis)


def test_small_cells_are_suppressed_in_a_known_case():
    learners = [{"learner_id": f"L{i:05d}", "cohort": "c1", "track": "t1", "site": "s1" if i < 20 else "s2",
                 "gender": "female", "completed": True, "baseline_income_usd": 0.0} for i in range(23)]
    followups = [{"learner_id": l["learner_id"], "months_after": 3, "reached": True, "status": "employed_remote",
                  "monthly_income_usd": 500.0 + i} for i, l in enumerate(learners)]
    rows = aggregate(learners, followups, k=K).rows()
    by_site = {r["site"]: r for r in rows if r["breakdown"] == "site"}
    overall = next(r for r in rows if r["breakdown"] == "overall")
    assert by_site["s2"]["enrolled"] is None                     # 3 people: primary
    assert by_site["s1"]["enrolled"] is None                     # else 23 - 20 gives it away
    assert overall["enrolled"] == 23 and overall["median_income_usd"] == 510
