"""Aggregate: microdata in, publishable tables out, with disclosure control.

For each follow-up point (3, 6, 12, 24 months), overall and by cohort, track, site and gender
(at most two at once): enrolled, completed, reached, in work, remote; rates of all enrolled and of
those reached; median income and median change from baseline.

Disclosure control, k from config:
- primary: a count in 1..k-1 is suppressed, and so is a count whose complement (enrolled minus
  reached, reached minus in work, ...) is in 1..k-1;
- complementary: every published count is a sum over atoms (cohort x track x site x gender). A
  suppressed count is recoverable by differencing exactly when its vector lies in the span of the
  published counts' vectors, within a table, across margins or between tables. More counts are
  suppressed until none is; and where a published margin covers suppressed cells, their sum must
  itself be 0 or at least k;
- a rate is shown only when its numerator and denominator are; a median only when its count is
  shown, has at least k values, and no single value makes up half of them. Medians are rounded
  to 10 USD.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .outcomes import MONTHS, REMOTE, WORK

DIMENSIONS = ("cohort", "track", "site", "gender")
COUNTS = ("enrolled", "completed", "reached", "in_work", "remote")
PARENT = {"completed": "enrolled", "reached": "enrolled", "in_work": "reached", "remote": "in_work"}
RATES = {  # name: (numerator, denominator)
    "completion_rate": ("completed", "enrolled"),
    "response_rate": ("reached", "enrolled"),
    "in_work_of_enrolled": ("in_work", "enrolled"),
    "in_work_of_reached": ("in_work", "reached"),
    "remote_share_of_work": ("remote", "in_work"),
}
# Pairs published by default: the ones donors ask about. Every pair of four dimensions would be
# allowed, but pairs with many small cells (cohort x track) force suppression up into the tables
# that matter most. portal.yml can choose others.
PAIRS = (("cohort", "site"), ("cohort", "gender"), ("site", "gender"), ("track", "gender"))


def breakdowns(pairs=PAIRS) -> list[tuple]:
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return [()] + [(d,) for d in DIMENSIONS] + [tuple(sorted(p, key=order.get)) for p in pairs]


@dataclass
class Cell:
    months: int
    dims: tuple            # e.g. ("cohort", "site")
    group: tuple           # e.g. ("2024-A", "jordan")
    counts: dict = field(default_factory=dict)        # measure -> int (true values; see published())
    suppressed: set = field(default_factory=set)      # measures withheld
    incomes: list = field(default_factory=list)
    changes: list = field(default_factory=list)

    def published(self, measure: str):
        return None if measure in self.suppressed else self.counts[measure]


@dataclass
class Result:
    k: int
    cells: list[Cell]
    atoms: list[tuple]     # the atom order the vectors use
    vectors: dict          # (months, dims, group, measure) -> frozenset of atom indices

    def rows(self) -> list[dict]:
        """The published table: one row per cell, suppressed values as None."""
        out = []
        for c in self.cells:
            row = {"months_after": c.months, "breakdown": "×".join(c.dims) or "overall"}
            row.update({d: (c.group[c.dims.index(d)] if d in c.dims else None) for d in DIMENSIONS})
            row.update({m: c.published(m) for m in COUNTS})
            for name, (num, den) in RATES.items():
                n, d = c.published(num), c.published(den)
                row[name] = round(100 * n / d, 1) if n is not None and d else None
            row["median_income_usd"] = _median(c.incomes, self.k) if c.published("in_work") is not None else None
            row["median_change_usd"] = _median(c.changes, self.k) if c.published("in_work") is not None else None
            out.append(row)
        return out


def _median(values: list[float], k: int):
    if len(values) < k:
        return None
    top = max(values.count(v) for v in set(values))
    if top * 2 >= len(values):          # one value dominates: the median would tell it
        return None
    return int(round(statistics.median(values) / 10.0) * 10)


def aggregate(learners: list[dict], followups: list[dict], k: int = 5, pairs=PAIRS) -> Result:
    """Count at the level of atoms (one pass over the rows), then roll atoms up into every table."""
    tables = breakdowns(pairs)
    atoms_index: dict[tuple, int] = {}
    by_id = {}
    for l in learners:
        atoms_index.setdefault(tuple(l[d] for d in DIMENSIONS), len(atoms_index))
        by_id[l["learner_id"]] = l
    values = {d: sorted({l[d] for l in learners}) for d in DIMENSIONS}
    # a cohort is due at m when any of its learners has a follow-up row at m; then all of it counts
    due = defaultdict(set)
    survey: dict[tuple, dict] = {}
    for f in followups:
        l = by_id.get(f["learner_id"])
        if l is not None:
            due[f["months_after"]].add(l["cohort"])
            survey[(f["learner_id"], f["months_after"])] = f

    atom_counts: dict[tuple, list] = {}            # (m, atom) -> [enrolled, completed, reached, in_work, remote]
    atom_incomes: dict[tuple, tuple[list, list]] = {}
    for m in MONTHS:
        for l in learners:
            if l["cohort"] not in due[m]:
                continue
            key = (m, atoms_index[tuple(l[d] for d in DIMENSIONS)])
            counts = atom_counts.setdefault(key, [0, 0, 0, 0, 0])
            f = survey.get((l["learner_id"], m))
            reached = bool(f and f.get("reached"))
            status = f.get("status") if reached else None
            counts[0] += 1
            counts[1] += bool(l.get("completed"))
            counts[2] += reached
            if status in WORK:
                counts[3] += 1
                counts[4] += status in REMOTE
                income = f.get("monthly_income_usd")
                if income is not None and income > 0:
                    incomes, changes = atom_incomes.setdefault(key, ([], []))
                    incomes.append(income)
                    if l.get("baseline_income_usd") is not None:
                        changes.append(income - l["baseline_income_usd"])

    atoms = sorted(atoms_index, key=atoms_index.get)
    cells: dict[tuple, Cell] = {}
    vectors: dict[tuple, set] = defaultdict(set)
    for m in MONTHS:
        if not due[m]:
            continue
        present = dict(values, cohort=sorted(due[m]))       # cohorts not yet due have no row at m
        for dims in tables:
            for group in itertools.product(*(present[d] for d in dims)):
                cells[(m, dims, group)] = Cell(m, dims, group, counts=dict.fromkeys(COUNTS, 0))
    positions = {d: i for i, d in enumerate(DIMENSIONS)}
    for (m, atom), counts in atom_counts.items():
        values_of_atom = atoms[atom]
        incomes, changes = atom_incomes.get((m, atom), ((), ()))
        for dims in tables:
            group = tuple(values_of_atom[positions[d]] for d in dims)
            cell = cells[(m, dims, group)]
            for measure, n in zip(COUNTS, counts):
                cell.counts[measure] += n
            vectors[(m, dims, group)].add(atom)
            cell.incomes.extend(incomes)
            cell.changes.extend(changes)
    frozen = {key: frozenset(v) for key, v in vectors.items()}
    result = Result(k, list(cells.values()), atoms,
                    {(m, dims, group, measure): v for (m, dims, group), v in frozen.items() for measure in COUNTS})
    suppress(result)
    return result


# --- disclosure control ------------------------------------------------------------------------

def _systems(result: Result) -> dict:
    """Groups of counts that can be combined with each other by an attacker.

    enrolled and completed describe the same people at every follow-up point, so all points form
    one system for each; survey measures form one system per follow-up point.
    """
    systems = defaultdict(list)
    for c in result.cells:
        for m in COUNTS:
            key = m if m in ("enrolled", "completed") else (m, c.months)
            systems[key].append((c, m))
    return systems


def _primary(result: Result) -> None:
    k = result.k
    for c in result.cells:
        for m in COUNTS:
            v = c.counts[m]
            complement = c.counts[PARENT[m]] - v if m in PARENT else 0
            if 0 < v < k or 0 < complement < k:
                c.suppressed.add(m)


def _basis(vectors: list[np.ndarray]) -> np.ndarray | None:
    if not vectors:
        return None
    a = np.array(vectors, dtype=float)
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    rank = int((s > 1e-9 * max(1.0, s[0] if len(s) else 1.0)).sum())
    return vt[:rank]


def recoverable(target: np.ndarray, basis: np.ndarray | None) -> bool:
    """True when target is a linear combination of the published vectors (their row space)."""
    if basis is None or len(basis) == 0:
        return False
    residual = target - basis.T @ (basis @ target)
    return float(np.abs(residual).max()) < 1e-7


def _vector(result: Result, cell: Cell, measure: str, n: int) -> np.ndarray:
    v = np.zeros(n)
    v[list(result.vectors.get((cell.months, cell.dims, cell.group, measure), ()))] = 1.0
    return v


def _finer(a: Cell, b: Cell) -> bool:
    """b refines a: same follow-up point, b's breakdown adds dimensions to a's and agrees on a's values."""
    return (a.months == b.months and set(a.dims) < set(b.dims)
            and all(b.group[b.dims.index(d)] == a.group[a.dims.index(d)] for d in a.dims))


def _whole_tables(result: Result) -> None:
    """A two-way table is shown whole or not at all: one small cell withholds the table's measure."""
    broken = {(c.months, c.dims, m) for c in result.cells if len(c.dims) == 2 for m in c.suppressed}
    for c in result.cells:
        for m in COUNTS:
            if (c.months, c.dims, m) in broken:
                c.suppressed.add(m)


class _Quantity:
    """Cells of one measure that count the very same people (identical atom sets): one number,
    shown everywhere or hidden everywhere. A cohort's enrolment at 3 and at 24 months is one."""

    def __init__(self, vector: np.ndarray, members: list[Cell], measure: str):
        self.vector, self.members, self.measure = vector, members, measure
        self.cell = min(members, key=lambda c: (len(c.dims), c.months))   # the one readers need most
        self.value = self.cell.counts[measure]

    @property
    def hidden(self) -> bool:
        return any(self.measure in c.suppressed for c in self.members)

    def hide(self) -> None:
        for c in self.members:
            c.suppressed.add(self.measure)


def suppress(result: Result) -> None:
    _primary(result)
    _whole_tables(result)
    n = len(result.atoms)
    for members in _systems(result).values():
        measure = members[0][1]
        groups: dict[bytes, list[Cell]] = defaultdict(list)
        vectors = {}
        for c, _ in members:
            v = _vector(result, c, measure, n)
            if v.any():
                groups[v.tobytes()].append(c)
                vectors[v.tobytes()] = v
        quantities = [_Quantity(vectors[key], cells, measure) for key, cells in groups.items()]
        for q in quantities:
            if q.hidden:
                q.hide()
        for _ in range(len(quantities) + 1):
            published = [q for q in quantities if not q.hidden]
            hidden = [q for q in quantities if q.hidden]
            basis = _basis([q.vector for q in published])
            exposed = [q for q in hidden if recoverable(q.vector, basis)]
            weak = [] if exposed else _weak_margins(published, hidden, result.k)
            if not exposed and not weak:
                break
            target, pool = (exposed[0], published) if exposed else weak[0]
            choice = _complement(target, pool, exposed=bool(exposed))
            if choice is None:                # nothing left to hide it behind: hide the lot
                for q in published:
                    q.hide()
                break
            choice.hide()


def _weak_margins(published, hidden, k):
    """Published margins whose hidden sub-cells (in one finer table) add up to 1..k-1."""
    weak = []
    for parent in published:
        by_table = defaultdict(list)
        for q in hidden:
            if _finer(parent.cell, q.cell):
                by_table[q.cell.dims].append(q)
        for dims, subs in by_table.items():
            total = sum(q.value for q in subs)
            if 0 < total < k:
                siblings = [q for q in published if q.cell.dims == dims and _finer(parent.cell, q.cell)]
                weak.append((subs[0], siblings))
    return weak


def _complement(target: _Quantity, pool: list[_Quantity], exposed: bool) -> _Quantity | None:
    """The published quantity to hide next, in order of least harm.

    For an exposed quantity the candidates are those of a combination that recovers it (least
    squares finds one); the first whose hiding really protects the target wins. Otherwise (weak
    margins) the candidates are the target's neighbours. Harm: the overall figures last; smaller
    counts first (they say least, and hiding them costs readers least); then finer tables, the
    target's own table, its row or column.
    """
    t = target.vector
    weight = {}
    if exposed:
        weights = np.linalg.lstsq(np.array([q.vector for q in pool]).T, t, rcond=None)[0]
        weight = {id(q): abs(w) for q, w in zip(pool, weights) if abs(w) > 1e-6}
        members = [q for q in pool if id(q) in weight]
    else:
        members = list(pool)
    if not members:
        return None
    if any(q.cell.dims for q in members):   # the overall figures are the last thing to hide
        members = [q for q in members if q.cell.dims]
    tc = target.cell

    def harm(q):
        c = q.cell
        shared = sum(1 for d in c.dims if d in tc.dims and c.group[c.dims.index(d)] == tc.group[tc.dims.index(d)])
        return (len(c.dims) == 0, q.value, -len(c.dims), c.dims != tc.dims, -shared)

    members.sort(key=harm)
    if exposed:
        for q in members[:TRIES]:
            if not recoverable(t, _basis([x.vector for x in pool if x is not q])):
                return q
        # no single one will do: look for a pair among the likeliest, and hide its less harmful half now
        likely = list({id(q): q for q in members[:4] + sorted(members, key=lambda q: -weight[id(q)])[:4]}.values())
        for a, b in itertools.combinations(likely, 2):
            if not recoverable(t, _basis([x.vector for x in pool if x is not a and x is not b])):
                return min((a, b), key=harm)
    return members[0]


TRIES = 8
