"""The cheapest package of commitments that lifts a region to rank K (``gap --costs``).

Several figures move at once, each only the way its criterion calls better, at a
cost per unit the user states (:mod:`bidtool.io.costs`); the package minimises
the total cost subject to the region passing every must-pass constraint and
ranking ≤ K (a tie counts, as :mod:`bidtool.ranks` ranks: competition ranking,
scores within 1e-12 relative share a rank).

Method (weighted sum only).  With the costed figures of one region moving, every
other region's figures stay put, so on a leaf with a value function (linear,
piecewise, step) the region's utility is piecewise linear (constant for steps)
in its figure between breakpoints and nobody else's utility moves — except a
rival whose figure is unknown under ``missing: mean``, whose utility is the mean
of the known ones and so moves by 1/n of the region's change.  On a leaf scaled
min–max over the eligible regions the same holds while the figure stays inside
the other eligible regions' range; past it every region would be rescaled, so a
commitment there is capped at the range's best end and the output says so.
Every rival's score difference is therefore linear in the segment fills, and
"rank ≤ K" says at most K − 1 rivals may stay ahead.  That is a mixed-integer
linear programme: the incremental (delta) formulation of piecewise-linear
functions, whose binaries fill segments in order (Markowitz & Manne 1957;
Dantzig 1960; Williams, *Model Building in Mathematical Programming*, 5th ed.
2013, §9.3), and one big-M indicator per rival allowed to stay ahead (Williams
§9.1.3).  It is solved to proven optimality (relative gap 0) by HiGHS (Huangfu
& Hall 2018) through :func:`scipy.optimize.milp`, then checked and polished on
the real scoring path: the package is applied to the region's figures and
ranked by :func:`bidtool.ranking.score` / :func:`bidtool.ranks.rank_of`; a
figure left inside a segment is bisected down to the adjacent floating-point
number where the rank is still reached (a solver tolerance is never reported as
the answer).

An unknown figure is, as in ``gap``, searched from the worst end of its scale:
its commitment is costed from the worst anchor of its value function (the
other eligible regions' worst figure on a min–max leaf); left uncommitted it
stays unknown, scored by its leaf's ``missing`` policy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.errors import InputError
from bidtool.io.costs import Costs, UnitCost
from bidtool.matrix import DecisionMatrix, build_matrix
from bidtool.methods.registry import Method
from bidtool.model import Inputs, Leaf, format_value
from bidtool.ranking import (
    RegionResult,
    eligibility,
    rank,
    resolve_method,
    score,
    wsm_utilities,
)
from bidtool.ranks import TIE_RTOL, rank_of
from bidtool.sensitivity.gap import region_index
from bidtool.value_functions import Categorical, Step

if TYPE_CHECKING:
    import pandas as pd

TIME_LIMIT = 120.0
"""Seconds HiGHS may search before the package is reported as not proven (never guessed)."""

BISECT_STEPS = 200
SNAP = 1e-9
"""A solver value this close (relative to the segment) to a breakpoint is the breakpoint."""



@dataclass(frozen=True)
class Note:
    """A sentence of the output, by its catalogue key (``bidtool.i18n``) and fields."""

    key: str
    fields: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        from bidtool.i18n import text

        return text("ko" if lang == "ko" else "en")(self.key, **dict(self.fields))


def _note(key: str, **fields: Any) -> Note:
    return Note(key, tuple((k, v if isinstance(v, str) else format_value(v)) for k, v in fields.items()))


@dataclass(frozen=True)
class Commitment:
    """One figure the package moves."""

    metric: str
    criteria: tuple[str, ...]  # leaf ids that score it (empty: only a constraint reads it)
    label: str
    unit: str | None
    current: float | None  # None: unknown today
    start: float  # where its cost is counted from (the current figure, or the worst end)
    to: float
    per_unit: float
    cost: float
    bound: float | None = None  # the costs file's max/min
    note: str | None = None


@dataclass(frozen=True)
class Package:
    """The cheapest package of commitments lifting ``region`` to rank ≤ ``target_rank``."""

    region: str
    name: str
    method: str
    target_rank: int
    current_rank: int | None  # None: ineligible today
    current_score: float | None
    reachable: bool
    commitments: tuple[Commitment, ...]
    total_cost: float | None  # None when not reachable
    rank: int | None  # after the package
    score: float | None  # after the package
    overtakes: tuple[str, ...]  # regions ahead of it today (all eligible ones if it is not ranked), behind after
    reasons: tuple[Note, ...]  # why no package reaches the rank
    notes: tuple[Note, ...]  # what the answer assumes (unknown figures, min–max caps, ties)
    costs: Costs
    best_rank: int | None = None  # unreachable: its rank with every costed figure at its furthest
    ties: tuple[str, ...] = ()  # regions ahead of it today that share its rank after (a tie counts)
    inputs: Inputs | None = field(default=None, repr=False, compare=False)

    @property
    def scenario(self) -> dict[str, Any]:
        """The package as a ``-s`` scenario document: ``rank -s`` of it reaches the rank."""
        return {
            "name": f"package for {self.region} (rank {self.target_rank})",
            "regions": {self.region: {c.metric: c.to for c in self.commitments}},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per commitment, the columns of ``gap --costs -f csv`` in their order."""
        from bidtool.documents.package import table
        from bidtool.frame import table_frame

        if self.inputs is None:
            raise ValueError("this Package was built without its inputs; use bidtool.gap()")
        return table_frame(*table(self), self.inputs.criteria)


# ------------------------------------------------------------------ the figures


@dataclass
class _Figure:
    """One costed metric of the region: where it starts and its segments (as Δ ≥ 0)."""

    cost: UnitCost
    leaves: list[int]
    current: float | None
    start: float
    breaks: list[float]  # 0 = b_0 < b_1 < … < b_T: the segment ends, as distances moved
    need: float = 0.0  # a constraint needs it moved at least this far
    uncommitted_passes: bool = True  # unknown and left so: every constraint on it passes
    must_commit: bool = False
    scale: dict[int, tuple[float, float]] = field(default_factory=dict)  # min–max leaf: (lo, hi)

    @property
    def unknown(self) -> bool:
        return self.current is None

    @property
    def d(self) -> int:
        return self.cost.direction

    def x(self, delta: float) -> float:
        return self.start + self.d * delta

    @property
    def segments(self) -> int:
        return len(self.breaks) - 1


def _step_point(x: float, d: int) -> float:
    """Where a step's jump lies for a figure moving ``d``: the threshold itself moving up
    (a step counts from its threshold), the float just below it moving down."""
    return x if d > 0 else math.nextafter(x, -math.inf)


def _strict(v: float, op: str) -> float:
    """The figure nearest ``v`` that passes ``op v`` (``>`` and ``<`` exclude ``v``)."""
    if op == ">":
        return math.nextafter(v, math.inf)
    if op == "<":
        return math.nextafter(v, -math.inf)
    return v


def _utility(leaf: Leaf, x: float, scale: tuple[float, float] | None) -> float:
    """The leaf's utility of figure ``x`` as :func:`bidtool.ranking.wsm_utilities` scores it."""
    vf = leaf.criterion.value_function
    if vf is not None and not isinstance(vf, Categorical):
        return float(vf.evaluate(np.array([x]))[0])
    assert scale is not None
    lo, hi = scale
    if not hi > lo:
        return 1.0
    up = min(max((x - lo) / (hi - lo), 0.0), 1.0)
    return up if leaf.criterion.direction > 0 else 1.0 - up


# --------------------------------------------------------------------- the solve


def additive_method(inputs: Inputs, method: str | None = None) -> Method:
    """The method to solve for; a method whose score is not additive is refused (exit 3):
    no exact package method is implemented for it, and an approximate one is never given.
    So are weights computed from the data (entropy, CRITIC): they move with the figures."""
    crit = inputs.criteria
    mcda = resolve_method(crit, method)
    if not mcda.additive:
        raise InputError.single(
            "(command line)" if method is not None else crit.path,
            f"gap --costs solves the cheapest package exactly for the weighted sum only, got "
            f"{mcda.name}: its score is not additive in the figures and no exact method is "
            "implemented for it; rerun with -m wsm",
            path="" if method is not None else "method",
        )
    if crit.weighting != "direct":
        raise InputError.single(
            crit.path,
            f"gap --costs needs weights that stay put while the figures move, got weighting: "
            f"{crit.weighting}: those weights are computed from the regions' figures, so a "
            "package solved with today's weights would not reach the rank when ranked with it; "
            "remove weighting: (or write weighting: direct)",
            path="weighting",
        )
    return mcda


def cheapest_package(
    inputs: Inputs,
    region_id: str,
    target: int,
    costs: Costs,
    method: str | None = None,
    vikor_v: float | None = None,
) -> Package:
    """The minimum-total-cost set of commitments that makes ``region_id`` eligible and
    ranked ≤ ``target``, or why none exists (see the module docstring for the method)."""
    crit = inputs.criteria
    mcda = additive_method(inputs, method)
    r = region_index(inputs, region_id)
    before = rank(inputs, mcda.name, vikor_v)
    row = before.row(region_id)
    notes = [_note("package.note.tie", tolerance=f"{TIE_RTOL:g}")]

    def result(
        reachable: bool,
        commitments: tuple[Commitment, ...] = (),
        after: RegionResult | None = None,
        overtakes: tuple[str, ...] = (),
        ties: tuple[str, ...] = (),
        reasons: Sequence[Note] = (),
        best_rank: int | None = None,
    ) -> Package:
        return Package(
            region=region_id,
            name=inputs.regions[r].display_name,
            method=mcda.name,
            target_rank=target,
            current_rank=row.rank,
            current_score=row.score if row.eligible else None,
            reachable=reachable,
            commitments=commitments,
            total_cost=float(sum(c.cost for c in commitments)) if reachable else None,
            rank=None if after is None else after.rank,
            score=None if after is None else after.score,
            overtakes=overtakes,
            reasons=tuple(reasons),
            notes=tuple(dict.fromkeys(notes)),
            costs=costs,
            best_rank=best_rank,
            ties=ties,
            inputs=inputs,
        )

    if row.rank is not None and row.rank <= target:
        return result(True, after=row)
    dm = build_matrix(crit, inputs.regions)
    eligible, _, _ = eligibility(crit, inputs.regions, dm)
    pool = eligible.copy()
    pool[r] = True
    figures, reasons = _figures(inputs, dm, pool, r, costs, notes)
    if reasons:
        return result(False, reasons=reasons)
    reached = _reached_fn(inputs, r, target, mcda.name, vikor_v, figures)
    model = _Model(dm, pool, r, target, figures)
    solution = model.solve(margin=0.0)
    values = None if solution is None else _polish(solution, figures, reached)
    if solution is not None and values is None:
        # the solver's tolerance left it a hair short when ranked: ask it for a margin
        solution = model.solve(margin=1e-9)
        values = None if solution is None else _polish(solution, figures, reached)
        if values is None:
            raise RuntimeError(
                f"the package for {region_id} found by the solver does not reach rank {target} "
                "when ranked; no answer is given rather than a wrong one"
            )
    if values is None:
        best = rank(_apply(inputs, r, figures, _furthest(figures)), mcda.name, vikor_v)
        furthest = best.row(region_id).rank
        reasons.append(
            _note("package.why.unreachable", target=target, furthest=furthest)
            if furthest is not None
            else _note("package.why.unreachable_ineligible", target=target)
        )
        return result(False, reasons=reasons, best_rank=furthest)
    after_ranking = rank(_apply(inputs, r, figures, values), mcda.name, vikor_v)
    after = after_ranking.row(region_id)
    commitments = tuple(
        _commitment(f, to, dm.leaves)
        for f in figures
        if (to := values.get(f.cost.metric)) is not None
    )
    ahead_before = [
        q.id
        for q in before.rows
        if q.eligible and q.id != region_id and (row.rank is None or (q.rank or 0) < row.rank)
    ]
    ranks_after = {q.id: q.rank for q in after_ranking.rows if q.eligible}
    order = {q.id: k for k, q in enumerate(after_ranking.rows)}
    passed = sorted(ahead_before, key=lambda q: order[q])
    overtakes = tuple(q for q in passed if (ranks_after.get(q) or 0) > (after.rank or 0))
    ties = tuple(q for q in passed if ranks_after.get(q) == after.rank)
    return result(True, commitments, after, overtakes, ties)


def _commitment(f: _Figure, to: float, leaves: Sequence[Leaf]) -> Commitment:
    leaf = next((leaves[j] for j in f.leaves), None)
    label = leaf.criterion.label if leaf is not None else f.cost.metric
    unit = leaf.criterion.value_unit if leaf is not None else None
    return Commitment(
        metric=f.cost.metric,
        criteria=tuple(leaves[j].id for j in f.leaves),
        label=label,
        unit=unit,
        current=f.current,
        start=f.start,
        to=to,
        per_unit=f.cost.per_unit,
        cost=f.cost.per_unit * abs(to - f.start),
        bound=f.cost.bound,
        note=f.cost.note,
    )


def _figures(
    inputs: Inputs,
    dm: DecisionMatrix,
    pool: np.ndarray,
    r: int,
    costs: Costs,
    notes: list[Note],
) -> tuple[list[_Figure], list[Note]]:
    """The costed figures and their segments; the reasons no package can exist, if any."""
    crit = inputs.criteria
    region = inputs.regions[r]
    reasons: list[Note] = []
    costed = {c.metric for c in costs.items}
    for c in crit.constraints:
        if c.metric in costed:
            continue
        ok = c.check(region.metric(c.metric).value)
        if ok is False or (ok is None and c.if_missing != "pass"):
            got = region.metric(c.metric).value
            reasons.append(
                _note(
                    "package.why.uncosted",
                    constraint=c.describe(),
                    got="?" if got is None else got,
                    metric=c.metric,
                    file=costs.path,
                )
            )
    for j, leaf in enumerate(dm.leaves):
        if leaf.missing == "exclude" and dm.missing[r, j] and leaf.metric not in costed:
            reasons.append(_note("package.why.excluded", metric=leaf.metric, file=costs.path))
    figures: list[_Figure] = []
    others = pool.copy()
    others[r] = False
    for item in costs.items:
        f, why = _figure(inputs, dm, others, r, item, notes)
        if why is not None:
            reasons.append(why)
        if f is not None:
            figures.append(f)
    return figures, reasons


def _figure(
    inputs: Inputs,
    dm: DecisionMatrix,
    others: np.ndarray,
    r: int,
    item: UnitCost,
    notes: list[Note],
) -> tuple[_Figure | None, Note | None]:
    """One costed figure's start, segments and constraint needs; or why the package cannot exist."""
    crit = inputs.criteria
    name, d = item.metric, item.direction
    leaves = [j for j, leaf in enumerate(dm.leaves) if leaf.metric == name]
    raw = inputs.regions[r].metric(name).value
    current = None if raw is None else float(raw)
    points: list[float] = []
    worst_ends: list[float] = []
    caps: list[float] = []
    scale: dict[int, tuple[float, float]] = {}
    frozen: Note | None = None
    for j in leaves:
        leaf = dm.leaves[j]
        vf = leaf.criterion.value_function
        if vf is None:
            col = dm.values[others, j]
            known = col[~np.isnan(col)]
            if known.size == 0:
                frozen = _note("package.note.no_scale", metric=name, leaf=leaf.id)
                continue
            lo, hi = float(known.min()), float(known.max())
            scale[j] = (lo, hi)
            worst, best = (lo, hi) if d > 0 else (hi, lo)
            points += [lo, hi]
            worst_ends.append(worst)
            caps.append(best)
            if current is not None and (current - worst) * d < 0:
                frozen = _note(
                    "package.note.outside", metric=name, leaf=leaf.id, value=current, lo=lo, hi=hi
                )
            notes.append(_note("package.note.minmax", metric=name, leaf=leaf.id, lo=lo, hi=hi))
        elif not isinstance(vf, Categorical):
            xs = [float(x) for x, _ in vf.breakpoints()]
            if isinstance(vf, Step):
                xs = [_step_point(x, d) for x in xs]
            points += xs
            worst_ends.append(min(xs) if d > 0 else max(xs))
    if current is not None:
        start = current
    elif worst_ends:
        start = min(worst_ends) if d > 0 else max(worst_ends)
        notes.append(_note("package.note.unknown", metric=name, start=start))
    else:
        if _needed(inputs, name):
            return None, _note("package.why.no_start", metric=name)
        notes.append(_note("package.note.no_start", metric=name))
        return None, None
    need = 0.0
    upper = math.inf
    uncommitted_passes = True
    for c in crit.constraints:
        if c.metric != name:
            continue
        if c.op in ("==", "!="):
            return None, _note("package.why.equality", metric=name, constraint=c.describe())
        t = _strict(float(c.value), c.op)
        points.append(t)
        delta = (t - start) * d
        if (c.op in (">=", ">")) == (d > 0):
            need = max(need, delta)
        else:
            upper = min(upper, delta)
        if current is None and c.if_missing != "pass":
            uncommitted_passes = False
    must = current is None and (
        not uncommitted_passes or any(dm.leaves[j].missing == "exclude" for j in leaves)
    )
    limit = max([(p - start) * d for p in points] + [0.0])
    if item.bound is not None:
        limit = min(limit, (item.bound - start) * d)
    for cap in caps:
        limit = min(limit, max((cap - start) * d, 0.0))
    if frozen is not None:
        limit = 0.0
    limit = min(limit, upper)
    if limit < 0 or need > limit:
        why = (
            _note(
                "package.why.need",
                metric=name,
                need=start + d * need,
                reach=start + d * max(limit, 0.0),
            )
            if need > 0
            else _note("package.why.opposed", metric=name)
        )
        if current is not None or must:
            return None, why
        notes.append(_note("package.note.cannot_commit", metric=name))
        return None, None
    breaks = sorted({0.0, limit, *((p - start) * d for p in points if 0 < (p - start) * d < limit)})
    if frozen is not None:
        notes.append(frozen)
    return _Figure(
        cost=item,
        leaves=leaves,
        current=current,
        start=start,
        breaks=breaks,
        need=need,
        uncommitted_passes=uncommitted_passes,
        must_commit=must,
        scale=scale,
    ), None


def _needed(inputs: Inputs, name: str) -> bool:
    """Whether an unknown ``name`` keeps the region out (a constraint failing on unknown)."""
    return any(c.metric == name and c.if_missing != "pass" for c in inputs.criteria.constraints)


def _furthest(figures: Sequence[_Figure]) -> dict[str, float | None]:
    return {f.cost.metric: f.x(f.breaks[-1]) for f in figures}


# ------------------------------------------------------------------ the programme


Solution = dict[str, tuple[float, list[float]]]
"""Per figure: whether it is committed (1/0) and its segment fills λ_t in [0, 1]."""


@dataclass
class _Model:
    """The mixed-integer programme over the segment fills (module docstring).

    Per figure: a binary k (commit) when its figure is unknown; fills λ_t ∈ [0, 1]
    of its segments; binaries y_t (segment t full, so segment t+1 may fill and a
    step's jump at its end counts).  Per rival q: a binary z_q (q may stay ahead).
    """

    dm: DecisionMatrix
    pool: np.ndarray
    r: int
    target: int
    figures: list[_Figure]

    def solve(self, margin: float) -> Solution | None:
        """The optimal fills, or None when no package reaches the rank (proven infeasible)."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        dm, r = self.dm, self.r
        w = dm.weights
        u0 = wsm_utilities(dm, self.pool)
        rows = [int(i) for i in np.flatnonzero(self.pool)]
        rivals = [q for q in rows if q != r]
        s0 = u0 @ w
        index: dict[str, tuple[int | None, list[int], list[int]]] = {}
        n = 0
        for f in self.figures:
            k = None
            if f.unknown:
                k, n = n, n + 1
            lam = list(range(n, n + f.segments))
            ys = list(range(n + f.segments, n + 2 * f.segments))
            n += 2 * f.segments
            index[f.cost.metric] = (k, lam, ys)
        z0 = n
        n += len(rivals)
        if n == 0:
            return {}
        cost = np.zeros(n)
        lb, ub = np.zeros(n), np.ones(n)
        integer = np.zeros(n)
        diff = np.zeros((len(rivals), n))  # D_q = S_r − S_q = const + diff @ vars
        const = np.array([s0[r] - s0[q] for q in rivals], dtype=float)
        known = ~dm.missing
        for f in self.figures:
            k, lam, ys = index[f.cost.metric]
            lengths = np.diff(f.breaks)
            for t, v in enumerate(lam):
                cost[v] = f.cost.per_unit * float(lengths[t])
            integer[ys] = 1
            if k is not None:
                integer[k] = 1
                lb[k] = 1.0 if f.must_commit else 0.0
            for j in f.leaves:
                leaf = dm.leaves[j]
                scale = f.scale.get(j)
                if leaf.criterion.value_function is None and scale is None:
                    continue
                u_now = float(u0[r, j])
                terms = _leaf_terms(f, leaf, scale, u_now, k, lam, ys)
                mates = [q for q in rows if q != r and known[q, j]]
                total = float(sum(u0[q, j] for q in mates))
                for a, q in enumerate(rivals):
                    shared = bool(dm.missing[q, j]) and leaf.missing == "mean"
                    for v, coef in terms.items():
                        c = coef
                        if shared and f.unknown and v == k:
                            # committing adds the region to the mean q scores: (Σ + u(s))/(n+1) − Σ/n
                            before = total / len(mates) if mates else 0.0
                            c = coef - ((total + u_now + coef) / (len(mates) + 1) - before)
                        elif shared:
                            c = coef * (1 - 1 / (len(mates) + 1))  # q scores the mean, r in it
                        diff[a, v] += w[j] * c
        rows_a: list[np.ndarray] = []
        lo_a: list[float] = []
        hi_a: list[float] = []

        def add(coefs: Mapping[int, float], lo: float, hi: float) -> None:
            row = np.zeros(n)
            for v, c in coefs.items():
                row[v] += c
            rows_a.append(row)
            lo_a.append(lo)
            hi_a.append(hi)

        for f in self.figures:
            k, lam, ys = index[f.cost.metric]
            lengths = np.diff(f.breaks)
            for t, v in enumerate(ys):  # y_t ≤ λ_t, and λ_{t+1} ≤ y_t: segments fill in order
                add({lam[t]: 1.0, v: -1.0}, 0.0, np.inf)
                if t + 1 < len(lam):
                    add({v: 1.0, lam[t + 1]: -1.0}, 0.0, np.inf)
            if k is not None and lam:
                add({k: 1.0, lam[0]: -1.0}, 0.0, np.inf)
            if f.need > 0:
                need = {v: float(lengths[t]) for t, v in enumerate(lam)}
                if k is not None:
                    need[k] = -f.need
                    add(need, 0.0, np.inf)
                else:
                    add(need, f.need, np.inf)
        for a in range(len(rivals)):
            diff[a, z0 + a] = 2.0  # big M: |S_r − S_q| ≤ 1 for the weighted sum
            integer[z0 + a] = 1
        if rivals:
            add({z0 + a: 1.0 for a in range(len(rivals))}, -np.inf, float(self.target - 1))
        constraints = []
        if rows_a:
            constraints.append(LinearConstraint(np.array(rows_a), np.array(lo_a), np.array(hi_a)))
        if rivals:
            constraints.append(LinearConstraint(diff, margin - const, np.inf))
        norm = float(np.abs(cost).max()) or 1.0
        res = milp(
            cost / norm,
            integrality=integer,
            bounds=Bounds(lb, ub),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "time_limit": TIME_LIMIT, "presolve": True},
        )
        if res.status == 2:
            return None
        if res.status != 0 or res.x is None:
            raise RuntimeError(
                f"the package solver stopped without a proven optimum: {res.message}"
            )
        x = np.asarray(res.x)
        out: Solution = {}
        for f in self.figures:
            k, lam, _ = index[f.cost.metric]
            commit = 1.0 if k is None else float(round(x[k]))
            out[f.cost.metric] = (commit, [min(max(float(x[v]), 0.0), 1.0) for v in lam])
        return out


def _leaf_terms(
    f: _Figure,
    leaf: Leaf,
    scale: tuple[float, float] | None,
    u_now: float,
    k: int | None,
    lam: Sequence[int],
    ys: Sequence[int],
) -> dict[int, float]:
    """The region's utility on ``leaf`` minus today's, as coefficients of the variables.

    Between breaks a linear or piecewise-linear utility is linear in the fill; a step
    utility is constant there and jumps at a break, counted once the segment before is
    full (the break is where the step's new level holds, :func:`_step_point`)."""
    step = isinstance(leaf.criterion.value_function, Step)
    at = [_utility(leaf, f.x(b), scale) for b in f.breaks]
    terms: dict[int, float] = {}
    if k is not None:
        terms[k] = at[0] - u_now  # committing at the start: u(start) replaces the unknown's score
    for t in range(len(lam)):
        v = ys[t] if step else lam[t]
        terms[v] = terms.get(v, 0.0) + at[t + 1] - at[t]
    return terms


# ---------------------------------------------------------------- check and polish


def _apply(
    inputs: Inputs, r: int, figures: Sequence[_Figure], values: Mapping[str, float | None]
) -> Inputs:
    """``inputs`` with the region's costed figures set to ``values`` (None: as today)."""
    region = inputs.regions[r]
    metrics = dict(region.metrics)
    for f in figures:
        v = values.get(f.cost.metric)
        if v is None:
            continue
        old = region.metric(f.cost.metric)
        metrics[f.cost.metric] = replace(old, value=float(v))
    regions = list(inputs.regions)
    regions[r] = replace(region, metrics=metrics)
    return replace(inputs, regions=tuple(regions))


def _reached_fn(
    inputs: Inputs,
    r: int,
    target: int,
    method: str,
    vikor_v: float | None,
    figures: Sequence[_Figure],
) -> Callable[[Mapping[str, float | None]], bool]:
    """reached(values): ranked ≤ target with these figures, on the real scoring path."""
    crit = inputs.criteria
    mcda = resolve_method(crit, method)
    v = crit.vikor_v if vikor_v is None else vikor_v

    def reached(values: Mapping[str, float | None]) -> bool:
        trial = _apply(inputs, r, figures, values)
        dm = build_matrix(crit, trial.regions)
        ok, _, _ = eligibility(crit, trial.regions, dm)
        if not ok[r]:
            return False
        s = score(mcda, dm, ok, v).scores
        index = np.flatnonzero(ok)
        return rank_of(s[index], int(np.flatnonzero(index == r)[0]), mcda.higher_is_better) <= target

    return reached


def _polish(
    solution: Solution,
    figures: Sequence[_Figure],
    reached: Callable[[Mapping[str, float | None]], bool],
) -> dict[str, float | None] | None:
    """The solver's package checked on the real scoring path and every figure left inside a
    segment bisected down to where the rank is still reached; None if it does not reach."""
    delta: dict[str, float] = {}
    values: dict[str, float | None] = {}
    inside: list[_Figure] = []
    for f in figures:
        commit, lam = solution[f.cost.metric]
        lengths = np.diff(f.breaks)
        dist = float(sum(lam_t * ln for lam_t, ln in zip(lam, lengths)))
        # snap to the nearest break when the solver stopped within its tolerance of one
        near = min(f.breaks, key=lambda b: abs(b - dist))
        width = max(f.breaks[-1], 1e-300)
        if abs(near - dist) <= SNAP * width:
            dist = near
        else:
            inside.append(f)
        delta[f.cost.metric] = dist
        values[f.cost.metric] = f.x(dist) if (commit > 0.5 and (f.unknown or dist > 0)) else None

    def at(changes: Mapping[str, float]) -> dict[str, float | None]:
        out = dict(values)
        for f in figures:
            if f.cost.metric in changes:
                out[f.cost.metric] = f.x(changes[f.cost.metric])
        return out

    if not reached(values):
        if not inside:
            return None
        ends = {f.cost.metric: _segment(f, delta[f.cost.metric])[1] for f in inside}
        if not reached(at(ends)):
            return None
        lo, hi = 0.0, 1.0
        for _ in range(BISECT_STEPS):
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            fills = {m: delta[m] + mid * (ends[m] - delta[m]) for m in ends}
            if reached(at(fills)):
                hi = mid
            else:
                lo = mid
        for m in ends:
            delta[m] = delta[m] + hi * (ends[m] - delta[m])
        values = at({m: delta[m] for m in ends})
    # the dearest first: each figure inside a segment down to the least that still reaches
    for f in sorted(inside, key=lambda g: (-g.cost.per_unit, g.cost.metric)):
        m = f.cost.metric
        lo, _ = _segment(f, delta[m])
        hi = delta[m]
        if lo < hi and reached(at({m: lo})):
            hi = lo
        else:
            for _ in range(BISECT_STEPS):
                mid = lo + (hi - lo) / 2
                if mid in (lo, hi):
                    break
                if reached(at({m: mid})):
                    hi = mid
                else:
                    lo = mid
        delta[m] = hi
        values = at({m: hi})
        if not f.unknown and values[m] == f.start:
            values[m] = None
    for f in figures:  # an unknown committed at its worst end changes nothing: leave it unknown
        m = f.cost.metric
        if f.unknown and values.get(m) == f.start:
            left: dict[str, float | None] = {**values, m: None}
            if reached(left):
                values = left
    return values


def _segment(f: _Figure, dist: float) -> tuple[float, float]:
    """The segment [b_t, b_{t+1}] holding ``dist`` (the last one at the far end)."""
    for a, b in zip(f.breaks, f.breaks[1:]):
        if a <= dist <= b:
            return a, b
    return f.breaks[-2] if len(f.breaks) > 1 else 0.0, f.breaks[-1]
