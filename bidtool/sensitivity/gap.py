"""What would it take? The smallest change that lifts a region to a target rank.

For each leaf criterion, holding everything else fixed, find the value of
the region's own figure (in the metric's unit) nearest to today's that gives
it rank ≤ K — ties count as reaching it, as competition ranking says — or
report that no value does.  Then the same for the criterion's weight, moved
along the one-at-a-time path of :mod:`bidtool.sensitivity.sweep`.

For the weighted sum with value functions, the competitors' scores do not
depend on the region's figure and its own score is linear between value-
function breakpoints, so each segment is solved as a linear equation and
the root polished to the last floating-point digit.  Everything else
(relative min–max scaling, other methods, weights for non-additive methods)
is solved by bisection between the candidate points.

Weights computed from the regions' figures (``weighting: entropy`` or
``critic``, :mod:`bidtool.weighting.objective`) move when a figure moves, so
the solves above (which hold the weights fixed) would give wrong thresholds.
Under them every trial figure is ranked with the weights recomputed from the
trial data by the pipeline's own step (``apply_objective_weights``, then
:func:`bidtool.ranking.rank`): the figure's range (its value-function
breakpoints, the others' figures and a grid of ``DATA_WEIGHTS_GRID`` steps) is
scanned for the first figure that reaches the rank, which is then bisected to
1e-9 relative; if a scanned figure beyond it does not reach the rank again, the
reach is not monotone and no threshold is claimed (a note says so).  The
"weight that would do it" is not asked: those weights are not anyone's to set.
``pivotal`` has no such search and refuses them (:func:`refuse_data_weights`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.errors import InputError
from bidtool.model import Criterion, Inputs
from bidtool.names import did_you_mean
from bidtool.ranking import eligibility
from bidtool.ranks import rank_of
from bidtool.sensitivity.scorer import Scorer, weight_path
from bidtool.sensitivity.sweep import SWEEP_ALL_MAX, crossings, ts_delta
from bidtool.value_functions import Categorical

if TYPE_CHECKING:
    import pandas as pd

    from bidtool.sensitivity.package import Package
    from bidtool.value_functions import Linear, Piecewise, Step

BISECT_STEPS = 200
RELATIVE_REACH = 10.0
"""Without a value function, search up to this many times the observed range beyond it."""
DATA_WEIGHTS_GRID = 64
"""Under weights computed from the data: grid steps across a figure's searched range."""
DATA_WEIGHTS_RTOL = 1e-9
"""Under weights computed from the data: bisect a threshold to this relative width."""


def refuse_data_weights(inputs: Inputs, command: str) -> None:
    """Raise :class:`InputError` (exit 3) when the leaf weights are computed from the data.

    Entropy and CRITIC weights (:mod:`bidtool.weighting.objective`) are functions of
    the regions' figures, so a threshold found with today's weights need not reach
    the rank once the weights are recomputed with the changed figure.  ``gap`` recomputes
    them at every trial figure; ``pivotal`` has no such search, so it refuses the question
    rather than answer it wrongly.
    """
    crit = inputs.criteria
    if crit.weighting == "direct":
        return
    raise InputError.single(
        crit.path,
        f"{command} needs weights that stay put while the figures move, got weighting: "
        f"{crit.weighting}: those weights are computed from the regions' figures, so a "
        f"threshold found with today's weights can be wrong once they are "
        f"recomputed; remove weighting: (or write weighting: direct), or use -w direct",
        line=_weighting_line(crit.path),
        path="weighting",
    )


def _weighting_line(path: str) -> int | None:
    """The line of the top-level ``weighting:`` key in the criteria file, if it has one."""
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as fh:
            for n, text in enumerate(fh, 1):
                if text.startswith("weighting:"):
                    return n
    except OSError:
        return None
    return None


@dataclass(frozen=True)
class ValueChange:
    criterion: str
    label: str
    metric: str
    unit: str | None
    current: Any
    required: Any  # None when not reachable
    reachable: bool
    relation: str  # ">=", "<=", "=" (categories)
    note: str | None = None


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    weight: float  # current normalised weight
    required: float | None  # normalised weight that reaches the rank
    delta_abs: float | None  # Triantaphyllou & Sánchez change before renormalising


@dataclass(frozen=True)
class Gap:
    region: str
    name: str
    method: str
    target_rank: int
    current_rank: int | None
    eligible: bool
    failed_constraints: tuple[str, ...]
    changes: tuple[ValueChange, ...]
    weights: tuple[WeightChange, ...]
    eligible_count: int = 0  # regions that pass every must-pass constraint
    inputs: Inputs | None = field(default=None, repr=False, compare=False)  # what was ranked
    package: Package | None = None  # gap --costs: the cheapest package of commitments

    def _inputs(self) -> Inputs:
        if self.inputs is None:
            raise ValueError("this Gap was built without its inputs; use bidtool.gap()")
        return self.inputs

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.gap/1`` document: what ``gap -f json`` prints."""
        from bidtool.documents.gap import document

        return document(self, self._inputs())

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion, the columns of ``gap -f csv`` in their order (with a
        package: one row per commitment, the columns of ``gap --costs -f csv``)."""
        from bidtool.frame import table_frame

        if self.package is not None:
            return self.package.to_frame()
        from bidtool.documents.gap import table

        return table_frame(*table(self), self._inputs().criteria)


def _region_rank(scorer: Scorer, region_id: str, weights: np.ndarray | None = None) -> int | None:
    if region_id not in scorer.ids:
        return None
    w = scorer.weights if weights is None else weights
    return rank_of(scorer.scores(w)[0], scorer.ids.index(region_id), scorer.higher_is_better)



def region_index(inputs: Inputs, region_id: str) -> int:
    """The row of ``region_id`` among the loaded regions, or an input error naming the
    choices (and the nearest spelling) — what ``gap``, ``gap --costs`` and friends ask."""
    ids = [r.id for r in inputs.regions]
    if region_id not in ids:
        raise InputError.single(
            "(command line)",
            f"unknown region {region_id!r}; expected one of {', '.join(ids)}"
            f"{did_you_mean(region_id, ids)}",
        )
    return ids.index(region_id)


def gap(
    inputs: Inputs,
    region_id: str,
    target: int = 1,
    method: str | None = None,
    vikor_v: float | None = None,
    *,
    scorer: Scorer | None = None,
) -> Gap:
    """What region ``region_id`` would need to reach rank ≤ ``target``.

    ``scorer``: one already built for these inputs, method and ``vikor_v``
    (``Scorer.build(inputs, method, vikor_v)``), so many gaps share it.
    """
    r = region_index(inputs, region_id)
    base = Scorer.build(inputs, method, vikor_v) if scorer is None else scorer
    region = inputs.regions[r]
    _, failed_all, _ = eligibility(inputs.criteria, inputs.regions, base.dm)
    failed = failed_all[r]
    now = _region_rank(base, region_id)
    reached_now = now is not None and now <= target
    changes: list[ValueChange] = []
    weights: list[WeightChange] = []
    if not reached_now:
        constrained = {c.metric for c in inputs.criteria.constraints}
        blocking = _blocking_metrics(base, r) if region_id not in base.ids else None
        for j, leaf in enumerate(base.leaves):
            if blocking is not None and blocking != {leaf.metric}:
                # an ineligible region: only the one figure that keeps it out can help
                changes.append(_ineligible_change(base, r, j, failed))
                weights.append(WeightChange(leaf.id, float(base.weights[j]), None, None))
                continue
            if inputs.criteria.weighting != "direct":
                changes.append(_data_weights_change(base, r, j, region_id, target))
                weights.append(WeightChange(leaf.id, float(base.weights[j]), None, None))
                continue
            changes.append(_value_change(base, r, j, region_id, target, leaf.metric in constrained))
            weights.append(_weight_change(base, j, region_id, target))
    return Gap(
        region=region_id,
        name=region.display_name,
        method=base.method,
        target_rank=target,
        current_rank=now,
        eligible=region_id in base.ids,
        failed_constraints=tuple(failed),
        changes=tuple(changes),
        weights=tuple(weights),
        eligible_count=len(base.ids),
        inputs=inputs,
    )


def _blocking_metrics(base: Scorer, r: int) -> set[str]:
    """The metrics whose figures keep region ``r`` out of the ranking."""
    region = base.inputs.regions[r]
    out = set()
    for c in base.inputs.criteria.constraints:
        ok = c.check(region.metric(c.metric).value)
        if ok is False or (ok is None and c.if_missing != "pass"):
            out.add(c.metric)
    for j, leaf in enumerate(base.leaves):
        if leaf.missing == "exclude" and base.dm.missing[r, j]:
            out.add(leaf.metric)
    return out


def _ineligible_change(base: Scorer, r: int, j: int, failed: Sequence[str]) -> ValueChange:
    leaf = base.leaves[j]
    metric = base.inputs.regions[r].metric(leaf.metric)
    return ValueChange(
        leaf.id,
        leaf.criterion.label,
        leaf.metric,
        leaf.criterion.value_unit or metric.unit,
        metric.value,
        None,
        False,
        ">=",
        f"not reachable while the region is ineligible (it fails {'; '.join(failed)})",
    )


# ------------------------------------------------------------------ values


def _evaluator(
    base: Scorer, r: int, j: int, region_id: str, target: int, rebuild: bool
) -> Callable[[Any], bool]:
    """reached(x): does region ``r`` reach rank ≤ target with value x on leaf j?"""
    if rebuild or region_id not in base.ids:

        def slow(x: Any) -> bool:
            rank = _region_rank(base.with_value(r, j, x), region_id)
            return rank is not None and rank <= target

        return slow
    i = base.ids.index(region_id)
    values = base.eligible_values()
    missing = base.dm.missing[base.eligible].copy()
    missing[i, j] = False
    higher = base.higher_is_better

    def fast(x: Any) -> bool:
        v = values.copy()
        v[i, j] = float(x)
        s = base.batch_scores(v[None], base.weights, missing)
        return rank_of(s[0], i, higher) <= target

    return fast



Result = Callable[..., ValueChange]
"""``result(required, relation, note=None)``: the :class:`ValueChange` of one leaf."""


def _figure(base: Scorer, r: int, j: int) -> tuple[Result, Criterion, Any, Any]:
    """What a search on leaf ``j`` of region ``r`` starts from: how it states its answer,
    the criterion, today's figure and the value function."""
    leaf = base.leaves[j]
    crit = leaf.criterion
    metric = base.inputs.regions[r].metric(leaf.metric)
    x0 = metric.value
    unit = crit.value_unit or metric.unit

    def result(required: Any, relation: str, note: str | None = None) -> ValueChange:
        if isinstance(required, (float, np.floating)):
            required = float(required)
        return ValueChange(
            leaf.id, crit.label, leaf.metric, unit, x0, required, required is not None,
            relation, note,
        )

    return result, crit, x0, crit.value_function


def _category_change(
    vf: Categorical, x0: Any, reached: Callable[[Any], bool], result: Result
) -> ValueChange:
    """The least better category that reaches the rank (ties by name), or why none does."""
    now_u = -math.inf if x0 is None else vf.utility_of(x0)
    options = sorted(
        ((u, k) for k, u in vf.mapping.items() if u > now_u), key=lambda p: (p[0], str(p[1]))
    )
    for _, key in options:
        value = _category_value(key, x0)
        if reached(value):
            return result(value, "=")
    return result(None, "=", "no category reaches the rank on this criterion alone")


def _value_change(
    base: Scorer, r: int, j: int, region_id: str, target: int, constrained: bool
) -> ValueChange:
    result, crit, x0, vf = _figure(base, r, j)
    if isinstance(vf, Categorical):
        return _category_change(
            vf, x0, _evaluator(base, r, j, region_id, target, rebuild=True), result
        )
    reached = _evaluator(base, r, j, region_id, target, rebuild=constrained)
    values = base.dm.values[:, j]
    others = [float(v) for k, v in enumerate(values) if k != r and not np.isnan(v)]
    points = set(others)
    if base.mcda.additive and len(others) > SWEEP_ALL_MAX:
        # the weighted sum only sees the others' figures through the min–max span (and
        # not at all through a value function): between these points the region's score
        # is linear in its figure, so thousands of them add probes, not answers
        points = {min(others), max(others)} if others else set()
    reach = _search_span(vf, points, others, x0)
    if reach is None:
        return result(None, "=", "no region has a figure to compare with")
    points, lo, hi = reach
    points |= {lo, hi}
    benefit = crit.direction > 0
    if x0 is None:
        # an unknown figure: start from the worst end and move towards the best
        start = lo if benefit else hi
        points.discard(start)
        found = _nearest(
            reached,
            start,
            sorted(points),
            directions=(1 if benefit else -1,),
            linear=_linear_solver(base, j, region_id, r, target),
        )
        ref = start
    else:
        found = _nearest(
            reached,
            float(x0),
            sorted(points),
            directions=(1, -1),
            linear=_linear_solver(base, j, region_id, r, target),
        )
        ref = float(x0)
    if found is None:
        return result(None, ">=" if benefit else "<=", "not reachable on this criterion alone")
    return result(found, ">=" if found > ref else "<=")


def _data_weights_reached(
    base: Scorer, r: int, j: int, region_id: str, target: int
) -> Callable[[Any], bool]:
    """reached(x) with the leaf weights recomputed from the trial data, as ``bidtool rank``
    ranks a scenario setting the figure to x (the same pipeline step, then the same rank)."""
    from bidtool.ranking import rank as rank_regions
    from bidtool.weighting.objective import apply_objective_weights

    name = base.inputs.criteria.weighting

    def reached(x: Any) -> bool:
        trial = base.with_value(r, j, x).inputs
        try:
            weighted = apply_objective_weights(trial, name)
        except InputError:
            return False  # e.g. entropy of a negative figure: rank refuses it, so not reached
        row = rank_regions(weighted, base.method, base.vikor_v).row(region_id)
        return row.eligible and row.rank is not None and row.rank <= target

    return reached


def _data_weights_change(base: Scorer, r: int, j: int, region_id: str, target: int) -> ValueChange:
    """The figure nearest today's that reaches the rank with the weights recomputed at
    every trial figure (entropy, CRITIC): a scan of the range, then bisection (module
    docstring); a reach that is not monotone beyond the first figure is not a threshold."""
    result, crit, x0, vf = _figure(base, r, j)
    reached = _data_weights_reached(base, r, j, region_id, target)
    if isinstance(vf, Categorical):
        return _category_change(vf, x0, reached, result)
    values = base.dm.values[:, j]
    others = [float(v) for k, v in enumerate(values) if k != r and not np.isnan(v)]
    points = set(others) if len(others) <= SWEEP_ALL_MAX else set()
    reach = _search_span(vf, points, others, x0)
    if reach is None:
        return result(None, "=", "no region has a figure to compare with")
    points, lo, hi = reach
    points |= {float(x) for x in np.linspace(lo, hi, DATA_WEIGHTS_GRID + 1)}
    benefit = crit.direction > 0
    if x0 is None:
        ref = lo if benefit else hi  # an unknown figure: from the worst end towards the best
        directions: tuple[int, ...] = (1 if benefit else -1,)
    else:
        ref = float(x0)
        directions = (1, -1)
    best: float | None = None
    for d in directions:
        ahead = sorted((p for p in points if (p - ref) * d > 0), key=lambda p: abs(p - ref))
        flags = [reached(p) for p in ahead]
        k = next((k for k, f in enumerate(flags) if f), None)
        if k is None:
            continue
        lost = next((ahead[m] for m in range(k + 1, len(ahead)) if not flags[m]), None)
        if lost is not None:
            return result(
                None,
                ">=" if benefit else "<=",
                f"not monotone with weights computed from the data: rank {target} is reached "
                f"at {ahead[k]:.6g} but not at {lost:.6g}, further the same way; no single "
                "threshold on this criterion alone",
            )
        x = _bisect(reached, ahead[k - 1] if k > 0 else ref, ahead[k])
        if best is None or abs(x - ref) < abs(best - ref):
            best = x
    if best is None:
        return result(None, ">=" if benefit else "<=", "not reachable on this criterion alone")
    return result(best, ">=" if best > ref else "<=")


def _bisect(reached: Callable[[float], bool], a: float, b: float) -> float:
    """Shrink [a (not reached), b (reached)] to ``DATA_WEIGHTS_RTOL`` relative (bisection,
    e.g. Press et al., *Numerical Recipes*, 3rd ed., §9.1); return the reached end,
    rounded to 10 significant digits away from ``a`` when that still reaches."""
    for _ in range(BISECT_STEPS):
        if abs(b - a) <= DATA_WEIGHTS_RTOL * max(abs(a), abs(b)):
            break
        mid = a + (b - a) / 2
        if mid in (a, b):
            break
        if reached(mid):
            b = mid
        else:
            a = mid
    nice = _round_away(b, a)
    return nice if nice != b and reached(nice) else b


def _category_value(key: str, current: Any) -> Any:
    """A category key from the map, as the region file would write it (true/false stay bool)."""
    if isinstance(current, bool) or key in ("true", "false"):
        return key == "true"
    return key


def _linear_solver(
    base: Scorer, j: int, region_id: str, r: int, target: int
) -> Callable[[float, float], float | None] | None:
    """For wsm with a piecewise-linear value function: the root on a segment, exactly."""
    leaf = base.leaves[j]
    vf = leaf.criterion.value_function
    if (
        not base.mcda.additive
        or vf is None
        or vf.kind not in ("linear", "piecewise")
        or region_id not in base.ids
    ):
        return None
    i = base.ids.index(region_id)
    scores = base.scores(base.weights)[0]
    others = np.delete(scores, i)
    if target > len(others):
        return None
    c = np.sort(others)[::-1][target - 1]  # the score to tie with
    w = float(base.weights[j])
    rest = float(scores[i] - w * base.utilities[i, j])

    def solve(a: float, b: float) -> float | None:
        ua, ub = (float(vf.evaluate(np.array(x))) for x in (a, b))  # type: ignore[union-attr]
        sa, sb = rest + w * ua, rest + w * ub
        if sa == sb:
            return None
        t = (c - sa) / (sb - sa)
        return a + t * (b - a) if 0.0 <= t <= 1.0 else None

    return solve


def _nearest(
    reached: Callable[[float], bool],
    x0: float,
    points: Sequence[float],
    directions: Sequence[int],
    linear: Callable[[float, float], float | None] | None = None,
    interior: int = 8,
) -> float | None:
    """The point nearest ``x0`` where ``reached`` turns true, searching along ``directions``.

    Walks the candidate ``points`` outwards from ``x0``, probing ``interior``
    points inside each segment too (off the linear case a segment need not be
    monotone), and shrinks the first bracket found to adjacent floats.
    """
    best: float | None = None
    for d in directions:
        ahead = sorted((p for p in points if (p - x0) * d > 0), key=lambda p: abs(p - x0))
        prev = x0
        for p in ahead:
            seq = [*(prev + (p - prev) * k / (interior + 1) for k in range(1, interior + 1)), p]
            k = next((k for k, q in enumerate(seq) if reached(q)), None)
            if k is not None:
                x = _boundary(reached, seq[k - 1] if k > 0 else prev, seq[k], linear)
                if best is None or abs(x - x0) < abs(best - x0):
                    best = x
                break
            prev = p
    return best


def _boundary(
    reached: Callable[[float], bool],
    a: float,
    b: float,
    linear: Callable[[float, float], float | None] | None,
) -> float:
    """Shrink [a (not reached), b (reached)] to adjacent floats; return the reached end."""
    if linear is not None:
        x = linear(a, b)
        if x is not None and min(a, b) <= x <= max(a, b):
            if reached(x):
                return x  # the exact tie: the segment's linear equation solved
            a = x
    for _ in range(BISECT_STEPS):
        mid = a + (b - a) / 2
        if mid in (a, b):
            break
        if reached(mid):
            b = mid
        else:
            a = mid
    # prefer a rounder figure (10 significant digits, on the reaching side) when it still works
    nice = _round_away(b, a)
    return nice if nice != b and reached(nice) else b


def _round_away(x: float, frm: float, digits: int = 10) -> float:
    """``x`` rounded to ``digits`` significant digits, away from ``frm``."""
    if x == 0 or not math.isfinite(x):
        return x
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(x))))
    y = (math.ceil if x > frm else math.floor)(x * scale) / scale
    return y


# ----------------------------------------------------------------- weights


def _weight_change(base: Scorer, j: int, region_id: str, target: int) -> WeightChange:
    g = float(base.weights[j])
    leaf = base.leaves[j]
    if region_id not in base.ids or g >= 1.0 - 1e-12:
        return WeightChange(leaf.id, g, None, None)

    def reached(t: float) -> bool:
        rank = _region_rank(base, region_id, weight_path(base.weights, (j,), np.array([t]))[0])
        return rank is not None and rank <= target

    cross = crossings(base, (j,), focus=base.ids.index(region_id))
    # t = 1 would mean every other weight is zero: probe just short of it
    points = sorted({0.0, 1.0 - 1e-9, *(float(c) for c in cross if c < 1.0 - 1e-9)})
    # the weighted sum's ranks only change at these crossings: no probes between them
    between = 0 if base.mcda.additive and len(base.ids) > SWEEP_ALL_MAX else 8
    t = _nearest(reached, g, points, directions=(1, -1), interior=between)
    if t is None:
        return WeightChange(leaf.id, g, None, None)
    return WeightChange(leaf.id, g, t, ts_delta(t, g) if t < 1.0 else None)


def _search_span(
    vf: Linear | Piecewise | Step | None,
    points: set[float],
    others: list[float],
    x0: float | None,
) -> tuple[set[float], float, float] | None:
    """The figures to probe (``points`` plus a value function's breakpoints) and the range
    ``lo``–``hi`` searched: the value function's span with today's figure, else the known
    figures widened by ``RELATIVE_REACH`` spans each side (not below 0 for figures that
    never are); ``None`` when no region has a figure to compare with."""
    if vf is not None:
        points = points | {float(x) for x, _ in vf.breakpoints()}
        lo, hi = min(points), max(points)
        if x0 is not None:
            lo, hi = min(lo, float(x0)), max(hi, float(x0))
        return points, lo, hi
    known = [*others, *([float(x0)] if x0 is not None else [])]
    if not known:
        return None
    span = (max(known) - min(known)) or max(abs(max(known)), 1.0)
    lo, hi = min(known) - RELATIVE_REACH * span, max(known) + RELATIVE_REACH * span
    if min(known) >= 0:
        lo = max(lo, 0.0)
    return points, lo, hi
