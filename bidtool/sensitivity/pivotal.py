"""Pivotal claims: which self-reported figures the outcome hangs on.

For every region figure with status ``claimed`` or ``estimate`` that a
numeric leaf scores, holding everything else fixed:

* **overstated** — how much worse (lower for a benefit, higher for a cost)
  the true figure would have to be before a conclusion changes: who is
  first, or the region's own rank;
* **understated** — how much better it would have to be before who is
  first changes (a rival overtaking the leader).

A claim is *pivotal* when that threshold lies within ``tolerance`` (relative
to the claimed figure) or inside the figure's own stated ``range``; every
claim listed is unverified by construction (its status is claimed or
estimate).

Method: the one-figure search of :mod:`bidtool.sensitivity.gap` (Triantaphyllou
& Sánchez 1997's "smallest change of one input that changes the ranking",
applied to the data rather than the weights).  For the weighted sum with a
piecewise-linear value function the region's score is linear in its figure
between breakpoints and the others' scores do not move, so each segment's
tie is solved as a linear equation (gap's solver) and polished to adjacent
floats; every other case (min–max scaling, other methods, a figure that a
constraint reads) is bisected on the scores of the one scoring path
(:class:`~bidtool.sensitivity.scorer.Scorer`, which mirrors
:func:`bidtool.ranking.score`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.model import Inputs
from bidtool.ranks import rank_of
from bidtool.sensitivity.gap import (
    RELATIVE_REACH,
    _linear_solver,
    _nearest,
    refuse_data_weights,
)
from bidtool.sensitivity.scorer import Scorer
from bidtool.value_functions import Categorical

if TYPE_CHECKING:
    import pandas as pd

UNVERIFIED = ("claimed", "estimate")
"""The statuses whose figures nobody has checked."""
DEFAULT_TOLERANCE = 0.25
"""A threshold within this share of the claimed figure makes the claim pivotal."""

YEAR_UNITS = frozenset({"year", "years", "yr", "date"})
"""Units of a point in time: an interval scale with an arbitrary zero, on which a change
relative to the figure (2025 → 2029 is +0.2 %) means nothing; the change is shown in
years instead (:attr:`PivotalClaim.absolute_change`)."""

State = tuple[tuple[str, ...], int | None]
"""Who is first (every region tied at rank 1), and the region's own rank (None: ineligible)."""


@dataclass(frozen=True)
class PivotalClaim:
    region: str
    name: str
    metric: str
    criterion: str
    label: str
    unit: str | None
    status: str
    current: float
    range: tuple[float, float] | None
    direction: str  # "overstated" (true figure worse) or "understated" (true figure better)
    threshold: float | None  # None: no figure in this direction changes a conclusion
    relative_change: float | None  # (threshold - current) / |current|
    flips: str | None  # "leader" or "rank"
    rank_now: int | None
    rank_after: int | None
    leader_after: tuple[str, ...]
    pivotal: bool
    better: int = 1  # +1: a higher figure scores better; -1: a lower one does
    absolute_change: float | None = None  # threshold - current, in the figure's unit

    @property
    def interval_scale(self) -> bool:
        """A year or date: read ``absolute_change`` (years), not ``relative_change``."""
        return is_year_unit(self.unit)


def is_year_unit(unit: str | None) -> bool:
    """Is ``unit`` a point in time (a year or a date)?"""
    return unit is not None and unit.strip().lower() in YEAR_UNITS


@dataclass(frozen=True)
class Pivotal:
    method: str
    tolerance: float
    leaders: tuple[str, ...]
    claims: tuple[PivotalClaim, ...]
    inputs: Inputs | None = field(default=None, repr=False, compare=False)

    @property
    def pivotal_claims(self) -> tuple[PivotalClaim, ...]:
        return tuple(c for c in self.claims if c.pivotal)

    def _inputs(self) -> Inputs:
        if self.inputs is None:
            raise ValueError("this Pivotal was built without its inputs; use bidtool.pivotal()")
        return self.inputs

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.pivotal/1`` document: what ``pivotal -f json`` prints."""
        from bidtool.documents.pivotal import document

        return document(self, self._inputs())

    def to_frame(self) -> pd.DataFrame:
        """One row per claim and direction, the columns of ``pivotal -f csv``."""
        from bidtool.documents.pivotal import table
        from bidtool.frame import table_frame

        return table_frame(*table(self), self._inputs().criteria)


def pivotal(
    inputs: Inputs,
    method: str | None = None,
    vikor_v: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Pivotal:
    """Every unverified numeric claim's overstatement and understatement thresholds."""
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be ≥ 0, got {tolerance!r}")
    refuse_data_weights(inputs, "pivotal")
    base = Scorer.build(inputs, method, vikor_v)
    constrained = {c.metric for c in inputs.criteria.constraints}
    leaders = _leaders(base, base.scores(base.weights)[0])
    claims: list[PivotalClaim] = []
    for r, region in enumerate(inputs.regions):
        for j, leaf in enumerate(base.leaves):
            crit = leaf.criterion
            metric = region.metrics.get(leaf.metric)
            if (
                metric is None
                or metric.status not in UNVERIFIED
                or isinstance(crit.value_function, Categorical)
                or isinstance(metric.value, bool)
                or not isinstance(metric.value, (int, float))
            ):
                continue
            state = _state_fn(base, r, j, leaf.metric in constrained)
            x0 = float(metric.value)
            now = state(x0)
            points = _points(base, r, j, x0)
            d = 1 if crit.direction > 0 else -1
            rank_now = now[1]
            searches: tuple[tuple[str, int, int, Callable[[float], bool]], ...] = (
                ("overstated", -d, rank_now or 1, _changed(state, now, leader_only=False)),
                ("understated", d, 1, _changed(state, now, leader_only=True)),
            )
            for direction, sign, target, changed in searches:
                found = _nearest(
                    changed,
                    x0,
                    points,
                    directions=(sign,),
                    linear=_linear_solver(base, j, region.id, r, target),
                )
                claims.append(
                    _claim(region.id, region.display_name, leaf, metric, x0, direction,
                           found, now, None if found is None else state(found), tolerance)
                )
    claims.sort(
        key=lambda c: (
            not c.pivotal,
            c.relative_change is None,
            abs(c.relative_change) if c.relative_change is not None else 0.0,
            c.region,
            c.metric,
            c.direction,
        )
    )
    return Pivotal(base.method, tolerance, leaders, tuple(claims), inputs)


def _claim(
    rid: str,
    name: str,
    leaf: Any,
    metric: Any,
    x0: float,
    direction: str,
    found: float | None,
    now: State,
    after: State | None,
    tolerance: float,
) -> PivotalClaim:
    rel: float | None = None
    flips: str | None = None
    pivotal_ = False
    if found is not None and after is not None:
        found = float(found)
        rel = (found - x0) / abs(x0) if x0 != 0 else (0.0 if found == 0 else None)
        flips = "leader" if after[0] != now[0] else "rank"
        within = metric.range is not None and metric.range[0] <= found <= metric.range[1]
        pivotal_ = bool(within or (rel is not None and abs(rel) <= tolerance))
    return PivotalClaim(
        region=rid,
        name=name,
        metric=leaf.metric,
        criterion=leaf.id,
        label=leaf.criterion.label,
        unit=leaf.criterion.value_unit or metric.unit,
        status=str(metric.status),
        current=x0,
        range=None if metric.range is None else (float(metric.range[0]), float(metric.range[1])),
        direction=direction,
        threshold=found,
        relative_change=rel,
        flips=flips,
        rank_now=now[1],
        rank_after=None if after is None else after[1],
        leader_after=() if after is None else after[0],
        pivotal=pivotal_,
        better=1 if leaf.criterion.direction > 0 else -1,
        absolute_change=None if found is None or after is None else found - x0,
    )


def _changed(
    state: Callable[[float], State], now: State, *, leader_only: bool
) -> Callable[[float], bool]:
    """changed(x): does figure x change who is first (or, unless ``leader_only``, the rank)?"""
    if leader_only:
        return lambda x: state(x)[0] != now[0]
    return lambda x: state(x) != now


def _leaders(base: Scorer, scores: np.ndarray) -> tuple[str, ...]:
    higher = base.higher_is_better
    return tuple(
        sorted(rid for k, rid in enumerate(base.ids) if rank_of(scores, k, higher) == 1)
    )


def _state_fn(base: Scorer, r: int, j: int, rebuild: bool) -> Callable[[float], State]:
    """state(x): who is first and region ``r``'s rank with figure x on leaf ``j``."""
    rid = base.inputs.regions[r].id
    if rebuild or rid not in base.ids:

        def slow(x: float) -> State:
            sc = base.with_value(r, j, x)
            if not sc.ids:
                return (), None
            s = sc.scores(sc.weights)[0]
            own = rank_of(s, sc.ids.index(rid), sc.higher_is_better) if rid in sc.ids else None
            return _leaders(sc, s), own

        return slow
    i = base.ids.index(rid)
    values = base.eligible_values()
    missing = base.dm.missing[base.eligible].copy()
    missing[i, j] = False

    def fast(x: float) -> State:
        v = values.copy()
        v[i, j] = x
        s = base.batch_scores(v[None], base.weights, missing)[0]
        return _leaders(base, s), rank_of(s, i, base.higher_is_better)

    return fast


def _points(base: Scorer, r: int, j: int, x0: float) -> list[float]:
    """Where the score can bend: the others' figures, the value function's breakpoints and
    the ends of the search (as :func:`bidtool.sensitivity.gap._value_change` searches)."""
    values = base.dm.values[:, j]
    others = [float(v) for k, v in enumerate(values) if k != r and not np.isnan(v)]
    vf = base.leaves[j].criterion.value_function
    points = {*others, x0}
    if vf is not None and not isinstance(vf, Categorical):
        points |= {float(x) for x, _ in vf.breakpoints()}
    known = [*others, x0]
    span = (max(known) - min(known)) or max(abs(max(known)), 1.0)
    lo, hi = min(points) - RELATIVE_REACH * span, max(points) + RELATIVE_REACH * span
    if min(known) >= 0:
        lo = max(lo, 0.0)
    points |= {lo, hi}
    points.discard(x0)
    return sorted(points)
