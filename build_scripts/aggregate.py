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
- inequalities: a reader also knows that counts are whole and never negative, and that completed
  and reached are at most enrolled, in work at most reached, remote at most in work. The audit
  (`_Audit`) finds, for every count and every parent-minus-child complement in 1..k-1, whole
  counts that agree with everything published and make it 0 or at least k; where none exist,
  more is suppressed, until every one has such a witness;
- a rate is shown only when its numerator and denominator are (so it says nothing the two counts
  do not); a median only when its count is shown, has at least k values, and no single value
  makes up half of them. Medians are rounded to 10 USD;
- a category (a cohort, track, site or gender) whose every count is hidden is not named: its rows
  say "other or undisclosed".
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack
from threadpoolctl import threadpool_limits

from .outcomes import MONTHS, REMOTE, WORK

DIMENSIONS = ("cohort", "track", "site", "gender")
COUNTS = ("enrolled", "completed", "reached", "in_work", "remote")
FOLDED = "other or undisclosed"     # the label of categories whose every count is hidden
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
    atom_counts: dict = field(default_factory=dict)    # (months, atom index) -> true counts, COUNTS order

    def rows(self) -> list[dict]:
        """The published table: one row per cell, suppressed values as None, hidden categories folded."""
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
        return _fold(out)


def _fold(rows: list[dict]) -> list[dict]:
    """Rename each category whose every count is hidden to FOLDED, and keep one row per label.

    Its rows carry nothing but its name, and a name alone says someone is in it."""
    for d in DIMENSIONS:
        shown = {r[d] for r in rows if any(r[m] is not None for m in COUNTS)}
        for r in rows:
            if r[d] is not None and r[d] not in shown:
                r[d] = FOLDED
    seen, out = set(), []
    for r in rows:
        key = (r["months_after"], r["breakdown"], *(r[d] for d in DIMENSIONS))
        if key not in seen:
            seen.add(key)
            out.append(r)
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
    for l in learners:
        atoms_index.setdefault(_atom_of(l), len(atoms_index))
    values = {d: sorted({l[d] for l in learners}) for d in DIMENSIONS}
    due, survey = _surveys(learners, followups)
    atom_counts, atom_incomes = _count_atoms(learners, atoms_index, due, survey)
    atoms = sorted(atoms_index, key=atoms_index.get)
    cells = _empty_cells(values, due, tables)
    frozen = _roll_up(cells, atoms, atom_counts, atom_incomes, tables)
    result = Result(k, list(cells.values()), atoms,
                    {(m, dims, group, measure): v for (m, dims, group), v in frozen.items() for measure in COUNTS},
                    atom_counts)
    # One BLAS thread: the matrices are small, and OpenBLAS's threads spin-wait, so in a build whose
    # other processes keep every core busy they slowed this audit from seconds to minutes.
    with threadpool_limits(limits=1, user_api="blas"):
        suppress(result)
    return result


# a learner's atom: their values of every dimension, in DIMENSIONS order
def _atom_of(learner: dict) -> tuple:
    return tuple(learner[d] for d in DIMENSIONS)


# (follow-up point -> cohorts due, (learner id, point) -> follow-up row), for known learners only
def _surveys(learners: list[dict], followups: list[dict]) -> tuple[defaultdict, dict]:
    by_id = {l["learner_id"]: l for l in learners}
    # a cohort is due at m when any of its learners has a follow-up row at m; then all of it counts
    due = defaultdict(set)
    survey: dict[tuple, dict] = {}
    for f in followups:
        l = by_id.get(f["learner_id"])
        if l is not None:
            due[f["months_after"]].add(l["cohort"])
            survey[(f["learner_id"], f["months_after"])] = f
    return due, survey


# (m, atom) -> counts in COUNTS order, and (m, atom) -> (incomes, changes from baseline)
def _count_atoms(learners: list[dict], atoms_index: dict, due: defaultdict, survey: dict) -> tuple[dict, dict]:
    atom_counts: dict[tuple, list] = {}            # (m, atom) -> [enrolled, completed, reached, in_work, remote]
    atom_incomes: dict[tuple, tuple[list, list]] = {}
    for m in MONTHS:
        for l in learners:
            if l["cohort"] not in due[m]:
                continue
            key = (m, atoms_index[_atom_of(l)])
            income = _tally(atom_counts.setdefault(key, [0, 0, 0, 0, 0]), l, survey.get((l["learner_id"], m)))
            if income is not None and income > 0:
                incomes, changes = atom_incomes.setdefault(key, ([], []))
                incomes.append(income)
                if l.get("baseline_income_usd") is not None:
                    changes.append(income - l["baseline_income_usd"])
    return atom_counts, atom_incomes


# add one learner at one follow-up point (f: the row, if any) to counts; their income if in work
def _tally(counts: list, learner: dict, f: dict | None):
    reached = bool(f and f.get("reached"))
    status = f.get("status") if reached else None
    counts[0] += 1
    counts[1] += bool(learner.get("completed"))
    counts[2] += reached
    if status not in WORK:
        return None
    counts[3] += 1
    counts[4] += status in REMOTE
    return f.get("monthly_income_usd")


# (m, dims, group) -> a zero Cell for every group of every table at every point some cohort is due
def _empty_cells(values: dict, due: defaultdict, tables: list[tuple]) -> dict[tuple, Cell]:
    cells: dict[tuple, Cell] = {}
    for m in MONTHS:
        if not due[m]:
            continue
        present = dict(values, cohort=sorted(due[m]))       # cohorts not yet due have no row at m
        for dims in tables:
            for group in itertools.product(*(present[d] for d in dims)):
                cells[(m, dims, group)] = Cell(m, dims, group, counts=dict.fromkeys(COUNTS, 0))
    return cells


# add every atom into its cell of every table; (m, dims, group) -> the atoms each cell sums
def _roll_up(cells: dict, atoms: list[tuple], atom_counts: dict, atom_incomes: dict,
             tables: list[tuple]) -> dict[tuple, frozenset]:
    vectors: dict[tuple, set] = defaultdict(set)
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
    return {key: frozenset(v) for key, v in vectors.items()}


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
    """Primary suppression; then more, until no hidden count can be recomputed by differencing and
    no small count or complement can be bounded to 1..k-1 (see _Audit)."""
    _primary(result)
    _whole_tables(result)
    audit = _Audit(result)
    while True:
        _hide_recoverable(result)
        audit.add_folded()
        exposed = audit.exposed()
        if not exposed:
            return
        if not any([audit.hide_behind(target) for target in exposed]):
            raise RuntimeError("disclosure audit: a small count can be bounded and nothing it rests on is left to hide")


def _hide_recoverable(result: Result) -> None:
    """Hide more until no hidden count is a sum or difference of published ones (see _complement)."""
    n = len(result.atoms)
    for members in _systems(result).values():
        _protect(_quantities(result, members, n), result.k)


# one system's counts as quantities (cells with the same atoms are one); one hidden cell hides them all
def _quantities(result: Result, members: list[tuple[Cell, str]], n: int) -> list[_Quantity]:
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
    return quantities


# hide one quantity at a time until none hidden is recoverable and no margin is weak, or hide the lot
def _protect(quantities: list[_Quantity], k: int) -> None:
    for _ in range(len(quantities) + 1):
        published = [q for q in quantities if not q.hidden]
        hidden = [q for q in quantities if q.hidden]
        basis = _basis([q.vector for q in published])
        exposed = [q for q in hidden if recoverable(q.vector, basis)]
        weak = [] if exposed else _weak_margins(published, hidden, k)
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


def _harm(cell: Cell, value: int, target: Cell) -> tuple:
    """The order in which to hide counts to protect target, least harmful first: the overall
    figures last; smaller counts first (they say least, and hiding them costs readers least); then
    finer tables, the target's own table, its row or column."""
    shared = sum(1 for d in cell.dims if d in target.dims and cell.group[cell.dims.index(d)] == target.group[target.dims.index(d)])
    return (len(cell.dims) == 0, value, -len(cell.dims), cell.dims != target.dims, -shared)


def _complement(target: _Quantity, pool: list[_Quantity], exposed: bool) -> _Quantity | None:
    """The published quantity to hide next, in order of least harm.

    For an exposed quantity the candidates are those of a combination that recovers it (least
    squares finds one); the first whose hiding really protects the target wins. Otherwise (weak
    margins) the candidates are the target's neighbours, taken in the order of _harm.
    """
    members, weight = _candidates(target.vector, pool, exposed)
    if not members:
        return None
    if any(q.cell.dims for q in members):   # the overall figures are the last thing to hide
        members = [q for q in members if q.cell.dims]

    def harm(q):
        return _harm(q.cell, q.value, target.cell)

    members.sort(key=harm)
    protecting = _protecting(target.vector, pool, members, weight, harm) if exposed else None
    return protecting if protecting is not None else members[0]


# the candidates to hide for target t, and the weight of each (by id) in a combination recovering t
def _candidates(t: np.ndarray, pool: list[_Quantity], exposed: bool) -> tuple[list[_Quantity], dict]:
    if not exposed:
        return list(pool), {}
    weights = np.linalg.lstsq(np.array([q.vector for q in pool]).T, t, rcond=None)[0]
    weight = {id(q): abs(w) for q, w in zip(pool, weights) if abs(w) > 1e-6}
    return [q for q in pool if id(q) in weight], weight


# the first of members (least harmful first) whose hiding leaves t unrecoverable, or the less
# harmful half of such a pair among the likeliest; None when neither is found
def _protecting(t: np.ndarray, pool: list[_Quantity], members: list[_Quantity], weight: dict,
                harm) -> _Quantity | None:
    for q in members[:TRIES]:
        if not recoverable(t, _basis([x.vector for x in pool if x is not q])):
            return q
    # no single one will do: look for a pair among the likeliest, and hide its less harmful half now
    likely = list({id(q): q for q in members[:4] + sorted(members, key=lambda q: -weight[id(q)])[:4]}.values())
    for a, b in itertools.combinations(likely, 2):
        if not recoverable(t, _basis([x.vector for x in pool if x is not a and x is not b])):
            return min((a, b), key=harm)
    return None


TRIES = 8


# --- audit: what a reader can bound, knowing that counts are whole, >= 0 and ordered -----------

SHARED = ("enrolled", "completed")     # the same people at every follow-up point: one unknown per atom
SOLVER_SECONDS = 60.0                  # for one integer program; one that runs out finds no witness


class _Audit:
    """The reader who knows every published count, that counts are whole and never negative, and
    that each measure is at most its parent (PARENT), atom by atom; and that each category (a
    cohort, track, site or gender) has at least one learner, as a named category does. It is even
    told which atoms may have anyone in them (the others are 0): that only narrows what it can
    work out, so what it cannot bound, no reader can.

    Targets: every count and every parent-minus-child complement whose true value is in 1..k-1;
    no other can be bounded to 1..k-1, since the truth lies in any range a reader derives.
    A witness for a target is a whole, non-negative, ordered count for every atom that reproduces
    every published count and makes the target 0 or at least k: given one, no reader can rule out
    0 or k. Witnesses are checked exactly, in integers, whatever the solver says. Hiding more only
    takes equations away, so a witness stays one: targets once witnessed are not looked at again.

    Witnesses are looked for in a part of the program first (enrolled and completed, or one
    follow-up point's survey measures), with every other count kept at its true value: small
    integer programs, and what they find is a witness all the same. Only targets left over are
    looked for in the whole program.

    Guarantee: when exposed() returns [], every target has a witness.
    """

    def __init__(self, result: Result):
        self.result, self.k = result, result.k
        self.column: dict[tuple, int] = {}          # (measure, months or None, atom) -> unknown
        for m, atom in sorted(result.atom_counts):
            for measure in COUNTS:
                self.column.setdefault(self._key(measure, m, atom), len(self.column))
        # the part of the program each unknown is in: 0 for enrolled and completed, else its follow-up point
        self.part = np.array([months or 0 for _, months, _ in self.column])
        self.atom = np.array([atom for _, _, atom in self.column])
        self.truth = np.zeros(len(self.column), dtype=np.int64)
        for (m, atom), counts in result.atom_counts.items():
            for measure, n in zip(COUNTS, counts):
                self.truth[self.column[self._key(measure, m, atom)]] = n
        self.order = self._order()
        self.categories = self._categories()
        self.targets = self._matrix([])
        self.about: list[Cell] = []       # for each target, a cell it is about
        self.open: list[int] = []         # targets without a witness yet
        self.seen: set[tuple] = set()
        self._add_targets([[c] for c in result.cells])

    @staticmethod
    def _key(measure: str, months: int, atom: int) -> tuple:
        return (measure, None if measure in SHARED else months, atom)

    def _columns(self, cell: Cell, measure: str) -> list[int]:
        atoms = self.result.vectors.get((cell.months, cell.dims, cell.group, measure), ())
        return sorted(self.column[self._key(measure, cell.months, a)] for a in atoms)

    def _matrix(self, rows: list[dict]) -> csr_matrix:
        data = [c for r in rows for c in r.values()]
        cols = [j for r in rows for j in r]
        index = [i for i, r in enumerate(rows) for _ in r]
        return csr_matrix((data, (index, cols)), shape=(len(rows), len(self.column)), dtype=float)

    def _order(self) -> csr_matrix:
        """One row per unknown with a parent: child - parent <= 0."""
        rows = []
        for (measure, months, atom), j in self.column.items():
            if measure in PARENT:
                rows.append({j: 1, self.column[(PARENT[measure], None if PARENT[measure] in SHARED else months, atom)]: -1})
        return self._matrix(rows)

    def _categories(self) -> csr_matrix:
        """One row per category: its enrolled, summed over its atoms, is at least 1."""
        rows: dict[tuple, dict] = defaultdict(dict)
        for (measure, _, atom), j in self.column.items():
            if measure == "enrolled":
                for d, value in zip(DIMENSIONS, self.result.atoms[atom]):
                    rows[(d, value)][j] = 1
        return self._matrix(list(rows.values()))

    def _add_targets(self, groups: list[list[Cell]]) -> None:
        """Targets from each group of cells (one cell, or the cells a folded row adds up): its counts
        and complements with a true value in 1..k-1 that are not targets yet, with a cell it is about."""
        rows = []
        for cells in groups:
            for measure in COUNTS:
                for plus, minus in ((measure, None), (PARENT.get(measure), measure)):
                    if plus is None:
                        continue
                    vector = {j: 1 for c in cells for j in self._columns(c, plus)}
                    if minus:
                        vector.update({j: -1 for c in cells for j in self._columns(c, minus)})
                    key = tuple(sorted(vector.items()))
                    value = sum(c.counts[plus] - (c.counts[minus] if minus else 0) for c in cells)
                    if 0 < value < self.k and key not in self.seen:
                        self.seen.add(key)
                        self.open.append(len(self.about))
                        self.about.append(cells[0])
                        rows.append(vector)
        if rows:
            self.targets = vstack([self.targets, self._matrix(rows)], format="csr")

    def add_folded(self) -> None:
        """Targets for the rows rows() publishes as FOLDED, where a row adds up the cells of every
        category of a dimension whose every count is hidden."""
        cells = self.result.cells
        shown = {(d, c.group[i]) for c in cells if len(c.suppressed) < len(COUNTS) for i, d in enumerate(c.dims)}
        merged = defaultdict(list)
        for c in cells:
            label = tuple(v if (d, v) in shown else FOLDED for d, v in zip(c.dims, c.group))
            merged[(c.months, c.dims, label)].append(c)
        self._add_targets([group for group in merged.values() if len(group) > 1])

    def equations(self) -> None:
        """The published counts as equations: columns summed = value, one per distinct set of columns,
        with the cells that publish it (`owners`)."""
        found: dict[tuple, list] = {}
        for cell in self.result.cells:
            for measure in COUNTS:
                cols = tuple(self._columns(cell, measure))
                if cols and measure not in cell.suppressed:
                    found.setdefault(cols, []).append((cell, measure))
        self.owners = list(found.values())
        self.values = np.array([cell.counts[m] for (cell, m), *_ in self.owners], dtype=float)
        self.eq = self._matrix([dict.fromkeys(cols, 1) for cols in found])

    def exposed(self) -> list[int]:
        """The targets for which no witness can be found under what is published now."""
        self.equations()
        pending = list(self.open)
        for part in np.unique(self.part):    # first, in each part, one witness for as many as it can
            if pending:
                pending = self._uncovered(pending, self._witness(pending, free=self.part == part))
        stuck = []
        while pending:
            t = pending[0]
            x = self._search(pending, t)
            if x is None:
                stuck.append(t)
                pending = pending[1:]
            else:
                pending = self._uncovered(pending, x)
        self.open = stuck
        return stuck

    def _search(self, pending: list[int], target: int) -> np.ndarray | None:
        """A witness for target: in the parts its counts are in, then in the whole program."""
        parts = np.unique(self.part[self.targets[[target]].indices])
        for free in (np.isin(self.part, parts), None):
            for low, high in ((0, 0), (self.k, np.inf)):
                x = self._witness(pending, target, low, high, free)
                if x is not None:
                    return x
        return None

    def _uncovered(self, pending: list[int], x: np.ndarray | None) -> list[int]:
        if x is None:
            return pending
        values = self.targets[pending] @ x
        return [t for t, v in zip(pending, values) if 0 < round(v) < self.k]

    def _witness(self, pending: list[int], target: int | None = None, low: float = 0, high: float = 0,
                 free: np.ndarray | None = None) -> np.ndarray | None:
        """Whole counts for every atom that reproduce what is published, keeping the target (if any)
        within low..high and making the pending targets as small as it can; None if there are none.
        Only the unknowns in `free` (all when None) may differ from the truth."""
        constraints = [LinearConstraint(self.order, -np.inf, 0), LinearConstraint(self.categories, 1, np.inf)]
        if self.eq.shape[0]:
            constraints.append(LinearConstraint(self.eq, self.values, self.values))
        if target is not None:
            constraints.append(LinearConstraint(self.targets[[target]], low, high))
        objective = np.asarray(self.targets[pending].sum(axis=0)).ravel()
        lower = np.zeros(len(self.column)) if free is None else np.where(free, 0, self.truth)
        upper = np.full(len(self.column), np.inf) if free is None else np.where(free, np.inf, self.truth)
        solution = milp(objective, constraints=constraints, integrality=np.ones(len(self.column)),
                        bounds=Bounds(lower, upper), options={"time_limit": SOLVER_SECONDS})
        if solution.x is None:
            return None
        x = np.round(solution.x)
        ok = ((x >= 0).all() and (self.order @ x <= 0).all() and (self.categories @ x >= 1).all()
              and np.array_equal(self.eq @ x, self.values)
              and (target is None or low <= (self.targets[[target]] @ x)[0] <= high))
        return x if ok else None

    def hide_behind(self, target: int) -> bool:
        """Hide the least harmful published count that the target's bounds rest on; False when
        there is none (what was hidden for other targets since may have freed it)."""
        self.equations()
        candidates = self._support(target)
        if not candidates:
            return False
        cell = self.about[target]
        chosen = min(candidates, key=lambda i: _harm(self.owners[i][0][0], self.values[i], cell))
        for c, measure in self.owners[chosen]:
            c.suppressed.add(measure)
        return True

    def _support(self, target: int) -> list[int]:
        """Equations the target's bounds rest on: those with a non-zero price (dual value) in the
        linear program for its lower or its upper bound; failing that (a bound only whole numbers
        give), those on the atoms it counts."""
        vector = self.targets[[target]].toarray().ravel()
        for sign in (1, -1):
            lp = linprog(sign * vector, A_ub=vstack([self.order, -self.categories]),
                         b_ub=np.concatenate([np.zeros(self.order.shape[0]), -np.ones(self.categories.shape[0])]),
                         A_eq=self.eq if self.eq.shape[0] else None, b_eq=self.values if self.eq.shape[0] else None,
                         bounds=(0, None), method="highs")
            bounded = lp.status == 0 and (lp.fun > 1e-7 if sign == 1 else -lp.fun < self.k - 1e-7)
            if bounded:
                priced = [i for i, p in enumerate(lp.eqlin.marginals) if abs(p) > 1e-9 and self.values[i] > 0]
                if priced:
                    return priced
        near = np.flatnonzero(np.isin(self.atom, self.atom[np.flatnonzero(vector)]))
        return list(np.flatnonzero(abs(self.eq[:, near]).sum(axis=1).A.ravel()))
