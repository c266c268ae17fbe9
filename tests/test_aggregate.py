"""aggregate.py: disclosure control, checked on random microdata by two independent exact oracles.

The first finds a hidden count that adding and subtracting published counts recovers; the second
is the reader who also knows that counts are whole, never negative, and ordered (completed and
reached <= enrolled, in work <= reached, remote <= in work): an integer program per hidden count
and per complement, built from the microdata and the published rows alone.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import coo_matrix

from build_scripts.aggregate import COUNTS, DIMENSIONS, FOLDED, PARENT, RATES, aggregate
from build_scripts.outcomes import REMOTE, WORK

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
    # s2 (3 people) is hidden, so s1 is too (else 23 - 20 gives it away), in every measure: both
    # are folded into one row that names neither
    assert list(by_site) == [FOLDED] and by_site[FOLDED]["enrolled"] is None
    assert overall["enrolled"] == 23 and overall["median_income_usd"] == 510


def test_the_remembered_table_is_recomputed_when_the_data_or_settings_change(tmp_path):
    from types import SimpleNamespace

    from build_scripts.impact import published_rows
    learners = [{"learner_id": f"L{i:05d}", "cohort": "c1", "track": "t1", "site": "s1", "gender": "female",
                 "completed": True, "baseline_income_usd": 0.0} for i in range(12)]
    followups = [{"learner_id": l["learner_id"], "months_after": 3, "reached": True, "status": "employed_remote",
                  "monthly_income_usd": 500.0} for l in learners]
    micro = SimpleNamespace(learners=learners, followups=followups)
    settings = {"k": K, "pairs": []}
    first = published_rows(micro, settings, tmp_path)
    assert first == aggregate(learners, followups, k=K, pairs=[]).rows() and len(list(tmp_path.iterdir())) == 1
    assert published_rows(micro, settings, tmp_path) == first
    # one more learner, a different k: never the remembered table
    learners.append(dict(learners[0], learner_id="L99999"))
    followups.append(dict(followups[0], learner_id="L99999"))
    assert next(r for r in published_rows(micro, settings, tmp_path) if r["breakdown"] == "overall")["enrolled"] == 13
    assert next(r for r in published_rows(micro, {"k": 20, "pairs": []}, tmp_path)
                if r["breakdown"] == "overall")["enrolled"] is None
    # a damaged file is computed again, not trusted; so is one that shows a small count (planted)
    for f in tmp_path.iterdir():
        f.write_text("{not json")
    assert published_rows(micro, settings, tmp_path)[0]["enrolled"] == 13
    [kept] = [f for f in tmp_path.iterdir() if "enrolled\": 13" in f.read_text()]
    kept.write_text(kept.read_text().replace('"enrolled": 13', '"enrolled": 3'))
    assert published_rows(micro, settings, tmp_path)[0]["enrolled"] == 13


def test_a_remembered_table_that_git_tracks_is_not_used(tmp_path):
    import subprocess
    from types import SimpleNamespace

    from build_scripts.impact import published_rows
    learners = [{"learner_id": f"L{i:05d}", "cohort": "c1", "track": "t1", "site": "s1", "gender": "female",
                 "completed": True, "baseline_income_usd": 0.0} for i in range(12)]
    followups = [{"learner_id": l["learner_id"], "months_after": 3, "reached": True, "status": "employed_remote",
                  "monthly_income_usd": 500.0} for l in learners]
    micro, settings = SimpleNamespace(learners=learners, followups=followups), {"k": K, "pairs": []}
    published_rows(micro, settings, tmp_path)
    [kept] = list(tmp_path.iterdir())
    kept.write_text(kept.read_text().replace('"enrolled": 12', '"enrolled": 99'))    # planted, and committed
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", kept.name], check=True)
    assert published_rows(micro, settings, tmp_path)[0]["enrolled"] == 12


def test_a_category_whose_every_count_is_hidden_is_not_named():
    learners, followups = package([("A", "female", 20, 10), ("A", "male", 20, 10), ("A", "other", 2, 1)])
    followups[-2]["status"] = "employed_remote"          # the one of 'other' reached: nothing about them is 0
    rows = aggregate(learners, followups, k=K).rows()
    # 'other' (2) is hidden, so is one of the others (else 42 - 20 - 20), and then the last: all
    # three are one row, "other or undisclosed", with nothing in it
    assert "other" not in {r["gender"] for r in rows}
    assert [r["gender"] for r in rows if r["breakdown"] == "gender"] == [FOLDED]
    assert all(r[m] is None for r in rows if r["gender"] == FOLDED for m in COUNTS)


# --- the reader who knows that counts are whole, non-negative and ordered ------------------------

SHARED = ("enrolled", "completed")     # the same people at every follow-up point


class Reader:
    """Everything a reader knows, as an integer program: one unknown per atom (cohort x track x site
    x gender) for enrolled and completed, and per atom and follow-up point for the survey measures.
    Each published count fixes the sum of its atoms; every unknown is a whole number >= 0; a
    measure is at most its parent, atom by atom; a category with a row has someone in it. The
    reader is even told which atoms may have anyone in them: a stronger reader than a real one, so
    what this one cannot bound, no one can."""

    def __init__(self, learners, followups, rows):
        self.atoms = sorted({tuple(l[d] for d in DIMENSIONS) for l in learners})
        by_id = {l["learner_id"]: l for l in learners}
        self.due: dict[int, set] = {}
        for f in followups:
            self.due.setdefault(f["months_after"], set()).add(by_id[f["learner_id"]]["cohort"])
        self.column = {}
        for a in self.atoms:
            for m in SHARED:
                self.column[(m, None, a)] = len(self.column)
            for months in sorted(self.due):
                if a[0] in self.due[months]:
                    for m in ("reached", "in_work", "remote"):
                        self.column[(m, months, a)] = len(self.column)
        self.truth = self._truth(learners, followups)
        self.named = {d: {r[d] for r in rows if r[d] is not None} - {FOLDED} for d in DIMENSIONS}
        self.rows = rows

    def _truth(self, learners, followups) -> np.ndarray:
        x = np.zeros(len(self.column), dtype=np.int64)
        surveys = {(f["learner_id"], f["months_after"]): f for f in followups}
        for l in learners:
            a = tuple(l[d] for d in DIMENSIONS)
            x[self.column[("enrolled", None, a)]] += 1
            x[self.column[("completed", None, a)]] += bool(l["completed"])
            for months, cohorts in self.due.items():
                f = surveys.get((l["learner_id"], months)) or {}
                if l["cohort"] in cohorts and f.get("reached"):
                    x[self.column[("reached", months, a)]] += 1
                    x[self.column[("in_work", months, a)]] += f.get("status") in WORK
                    x[self.column[("remote", months, a)]] += f.get("status") in REMOTE
        return x

    def _covers(self, row, atom) -> bool:
        """A row's label names the atom's value, or is the folded label and the value is not named."""
        return all(row[d] is None or row[d] == atom[i] or (row[d] == FOLDED and atom[i] not in self.named[d])
                   for i, d in enumerate(DIMENSIONS))

    def vector(self, row, measure) -> np.ndarray:
        v = np.zeros(len(self.column), dtype=np.int64)
        months = None if measure in SHARED else row["months_after"]
        for a in self.atoms:
            if a[0] in self.due[row["months_after"]] and self._covers(row, a):
                v[self.column[(measure, months, a)]] = 1
        return v

    def hidden_quantities(self):
        """(vector, label) for every hidden count and every complement with a hidden side."""
        for row in self.rows:
            for m in COUNTS:
                if row[m] is None:
                    yield self.vector(row, m), (row, m)
                if m in PARENT and (row[m] is None or row[PARENT[m]] is None):
                    yield self.vector(row, PARENT[m]) - self.vector(row, m), (row, f"{PARENT[m]} minus {m}")

    def constraints(self) -> list[LinearConstraint]:
        published = [(self.vector(r, m), r[m]) for r in self.rows for m in COUNTS if r[m] is not None]
        for v, value in published:
            assert v @ self.truth == value           # the oracle reads the rows as aggregate meant them
        pairs = [(i, self.column[(PARENT[m], None if PARENT[m] in SHARED else months, a)])
                 for (m, months, a), i in self.column.items() if m in PARENT]
        n = len(self.column)
        order = coo_matrix(([1] * len(pairs) + [-1] * len(pairs),
                            (list(range(len(pairs))) * 2, [c for c, _ in pairs] + [p for _, p in pairs])),
                           shape=(len(pairs), n)).tocsr()
        out = [LinearConstraint(order, -np.inf, 0), self._named()]
        if published:
            values = [value for _, value in published]
            out.append(LinearConstraint(np.array([v for v, _ in published]), values, values))
        return out

    def _named(self) -> LinearConstraint:
        """A category that has a row, named or folded, has someone in it: its enrolled is >= 1."""
        groups = [[a for a in self.atoms if self._covers({**dict.fromkeys(DIMENSIONS), d: value}, a)]
                  for d in DIMENSIONS for value in {r[d] for r in self.rows if r[d] is not None}]
        matrix = np.zeros((len(groups), len(self.column)))
        for i, atoms in enumerate(groups):
            for a in atoms:
                matrix[i, self.column[("enrolled", None, a)]] = 1
        return LinearConstraint(matrix, 1, np.inf)

    def range_of(self, v: np.ndarray, constraints, solutions: list) -> tuple[int, float]:
        """The smallest and largest whole values v can take (inf: no upper bound); the upper one
        only when the lower is not 0. Each solution found is added to `solutions`."""
        n = len(self.column)
        low = milp(v, constraints=constraints, integrality=np.ones(n), bounds=(0, np.inf))
        assert low.status == 0, low.message     # the truth is a solution: status 4 below means unbounded
        solutions.append(low.x)
        if round(low.fun) == 0:
            return 0, np.nan
        high = milp(-v, constraints=constraints, integrality=np.ones(n), bounds=(0, np.inf))
        assert high.status in (0, 3, 4), high.message
        if high.status:
            return round(low.fun), np.inf
        solutions.append(high.x)
        return round(low.fun), round(-high.fun)


def bounded_small(learners, followups, rows, k=K) -> list[tuple]:
    """Every hidden count or complement whose whole range, for a reader, lies inside 1..k-1.

    Only a quantity whose true value is in 1..k-1 can have such a range (the truth is in it); and
    one that some whole-number solution makes 0 or at least k cannot: every solution found on the
    way (each an exact integer program's) is kept and rules such quantities out."""
    reader = Reader(learners, followups, rows)
    constraints = reader.constraints()
    small = {}
    for v, (row, what) in reader.hidden_quantities():
        if 0 < v @ reader.truth < k:
            small.setdefault(v.tobytes(), (v, (row["months_after"], row["breakdown"],
                                              tuple(row[d] for d in DIMENSIONS), what)))
    solutions, found = [], []
    for v, where in small.values():
        if any(not 0 < round(v @ x) < k for x in solutions):
            continue
        low, high = reader.range_of(v, constraints, solutions)
        if low >= 1 and high <= k - 1:
            found.append((*where, low, high))
    return found


def package(groups) -> tuple[list, list]:
    """Learners of one site, from (cohort, gender, enrolled, reached at 3 months[, track: t1]).
    Everyone completed; everyone reached is studying, so no one is in work."""
    learners, followups = [], []
    for cohort, gender, enrolled, reached, *track in groups:
        for i in range(enrolled):
            lid = f"L{len(learners):05d}"
            learners.append({"learner_id": lid, "cohort": cohort, "track": (track or ["t1"])[0], "site": "s1",
                             "gender": gender,
                             "completed": True, "baseline_income_usd": None})
            followups.append({"learner_id": lid, "months_after": 3, "reached": i < reached,
                              "status": "studying" if i < reached else None, "monthly_income_usd": None})
    return learners, followups


def test_a_hidden_count_pinned_by_a_full_response_rate_is_suppressed_further():
    # cohort B answered in full (100%): each of its cells was reached in full, so B's men reached
    # 10; men reached 13 in all, so cohort A's men reached 3, though every cohort x gender 'reached'
    # is hidden and no sum or difference of published counts gives it
    learners, followups = package([("A", "female", 17, 17), ("A", "male", 8, 3),
                                   ("B", "female", 12, 12), ("B", "male", 10, 10)])
    rows = aggregate(learners, followups, k=K).rows()
    a_men = next(r for r in rows if r["breakdown"] == "cohort×gender" and r["cohort"] == "A" and r["gender"] == "male")
    assert a_men["reached"] is None
    assert bounded_small(learners, followups, rows) == []


def test_small_not_reached_counts_bounded_by_a_zero_rate_and_named_tracks_are_suppressed_further():
    # no one was reached (0%), so 'not reached' is 'enrolled' in every group; 14 enrolled, 9 of
    # them in t1: t2 and t3 share 5 and, being named, have at least one each, so each is 1 to 4
    learners, followups = package([("A", "female", 8, 0, "t1"), ("A", "male", 1, 0, "t1"),
                                   ("A", "female", 3, 0, "t2"), ("A", "female", 2, 0, "t3")])
    rows = aggregate(learners, followups, k=K).rows()
    assert bounded_small(learners, followups, rows) == []


def test_the_inequality_oracle_can_fail():
    # 3 people, all in work: with 'reached' hidden, in work <= reached <= enrolled pins it to 3
    learners, followups = package([("A", "female", 3, 3)])
    for f in followups:
        f["status"] = "employed_remote"
    rows = [{"months_after": 3, "breakdown": "overall", **dict.fromkeys(DIMENSIONS), "enrolled": 3,
             "completed": 3, "reached": None, "in_work": 3, "remote": 3}]
    assert bounded_small(learners, followups, rows) == [(3, "overall", (None,) * 4, "reached", 3, 3)]


@st.composite
def programmes(draw):
    """Random programmes, from tiny (3-20 learners, where almost every cell is small) to ~60."""
    n = draw(st.one_of(st.integers(3, 20), st.integers(21, 60)))
    learners, followups = [], []
    for i in range(n):
        l = {"learner_id": f"L{i:05d}", "cohort": draw(st.sampled_from(sorted(DUE))),
             "track": draw(st.sampled_from(["t1", "t2", "t3"])), "site": draw(st.sampled_from(["s1", "s2"])),
             "gender": draw(st.sampled_from(["female", "male", "female", "male", "undisclosed"])),
             "completed": draw(st.booleans()), "baseline_income_usd": None}
        learners.append(l)
        for m in DUE[l["cohort"]]:
            reached = draw(st.booleans())
            status = draw(st.sampled_from(STATUSES)) if reached else None
            followups.append({"learner_id": l["learner_id"], "months_after": m, "reached": reached, "status": status,
                              "monthly_income_usd": None})
    return learners, followups
