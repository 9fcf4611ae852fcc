"""One-at-a-time weight sweeps and critical weights.

Moving one criterion's weight to ``t`` while every other weight is rescaled
proportionally (so they keep summing to 1) is exactly Triantaphyllou &
Sánchez's (1997) change of a single weight by δ followed by renormalising:
their new weight ``w_k − δ`` normalises to ``t = (w_k − δ) / (1 − δ)``.  So
the sweep and the critical weights describe the same path; we report both
the normalised weight ``t`` at which a ranking changes and their δ.

For the weighted sum every score is linear in ``t`` along the path, so
breakpoints are found exactly as intersections of lines.  For the other
methods the path is scanned on a grid and each change located by bisection.

References
----------
Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for
some deterministic multi-criteria decision-making methods. *Decision
Sciences* 28(1), 151–194.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bidtool.sensitivity.scorer import Scorer, weight_path

GRID = 201
"""Grid points on [0, 1] for methods without a closed form."""
BISECT_STEPS = 48
SWEEP_ALL_MAX = 50
"""Up to this many eligible regions a sweep lists every breakpoint (every pair that swaps).
Beyond, it lists only the breakpoints where the leader changes — the pairs alone grow
as m²/2 (two million for 2,000 regions) — while the critical weights for the top rank
and for any rank, and the leader's interval, stay exact."""
_T_MAX = 1 - 1e-9  # t = 1 would zero every other weight
_SAME_T = 1e-10  # crossings closer than this are one point (rounding apart)


@dataclass(frozen=True)
class Breakpoint:
    """Where, along a sweep, the ranking changes."""

    t: float  # the criterion's (normalised) weight at the change
    swaps: tuple[tuple[str, str], ...]  # (ahead at the current weight, level or ahead here)
    ranking: tuple[tuple[str, int], ...]  # the ranking just past the change


@dataclass(frozen=True)
class Critical:
    """The smallest change of one weight that changes the top rank (or any rank)."""

    t: float  # normalised weight at the change
    delta_abs: float  # T&S change of the weight before renormalising (new − old)
    delta_rel: float | None  # delta_abs / current weight (None for a zero weight)
    swaps: tuple[str, str]


@dataclass(frozen=True)
class Sweep:
    """One criterion's sweep; ``scope`` says which breakpoints are listed ("all", or
    "leader": only where the first place changes, for many regions)."""

    criterion: str
    label: str
    level: str  # "group" | "leaf"
    members: tuple[int, ...]  # leaf positions
    weight: float  # current normalised weight
    leader: str | None
    leader_interval: tuple[float, float] | None  # the leader stays first for t in here
    breakpoints: tuple[Breakpoint, ...]
    top: Critical | None  # smallest change that changes the top rank
    any: Critical | None  # smallest change that changes any rank
    fixed: bool = False  # the only criterion at its level: nothing to trade against
    scope: str = "all"


def criteria_to_sweep(scorer: Scorer) -> list[tuple[str, str, str, tuple[int, ...]]]:
    """Top-level groups, then every leaf: (id, label, level, leaf positions)."""
    leaves = scorer.leaves
    out: list[tuple[str, str, str, tuple[int, ...]]] = []
    for g in scorer.inputs.criteria.groups:
        if g.children:
            members = tuple(j for j, leaf in enumerate(leaves) if leaf.group.id == g.id)
            out.append((g.id, g.label, "group", members))
    for j, leaf in enumerate(leaves):
        out.append((leaf.id, leaf.criterion.label, "leaf", (j,)))
    return out


def _crossings_wsm(scorer: Scorer, members: Sequence[int]) -> np.ndarray:
    """All t in (0, 1) where two eligible regions' weighted sums cross."""
    ends = weight_path(scorer.weights, members, np.array([0.0, 1.0]))
    s0, s1 = scorer.scores(ends)  # scores at t = 0 and t = 1: s(t) = s0 + t (s1 − s0)
    slope = s1 - s0
    ds = s0[:, None] - s0[None, :]
    dm = slope[None, :] - slope[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ds / dm
    iu = np.triu_indices(len(s0), 1)
    t = t[iu]
    t = t[np.isfinite(t) & (t >= 0) & (t < 1 - 1e-9)]  # t = 1 would zero every other weight
    return np.unique(t)


def _crossings_scan(scorer: Scorer, members: Sequence[int]) -> np.ndarray:
    """Changes of ranking along the path, located by bisection between grid points."""
    grid = np.linspace(0.0, 1.0 - 1e-9, GRID)  # t = 1 would zero every other weight
    ranks = scorer.ranks(weight_path(scorer.weights, members, grid))
    out = []
    for k in range(GRID - 1):
        if not np.array_equal(ranks[k], ranks[k + 1]):
            lo, hi, r_lo = grid[k], grid[k + 1], ranks[k]
            for _ in range(BISECT_STEPS):
                mid = 0.5 * (lo + hi)
                r_mid = scorer.ranks(weight_path(scorer.weights, members, np.array([mid])))[0]
                if np.array_equal(r_mid, r_lo):
                    lo = mid
                else:
                    hi = mid
            out.append(0.5 * (lo + hi))
    return np.array(out)


def crossings(scorer: Scorer, members: Sequence[int], focus: int | None = None) -> np.ndarray:
    """Weights t in [0, 1) along the path where the ranking changes (exact for wsm).

    With ``focus`` (an index into ``scorer.ids``), only where that region's
    rank can change: its crossings with every other region (m − 1, not m²/2).
    """
    if focus is not None and len(scorer.ids) > SWEEP_ALL_MAX:
        if scorer.mcda.additive:
            s0, slope = _lines(scorer, members)
            c = _cross(s0, slope, np.full(len(s0), focus), np.arange(len(s0)))
            return np.unique(c[np.isfinite(c) & (c >= 0) & (c < _T_MAX)])
        return _scan(scorer, members, lambda a, b: a[focus] != b[focus])
    if scorer.mcda.additive:
        return _crossings_wsm(scorer, members)
    return _crossings_scan(scorer, members)


def ts_delta(t: float, w: float) -> float:
    """Triantaphyllou & Sánchez's change of the weight (before renormalising) that gives ``t``."""
    return (t - w) / (1.0 - t)


def _lines(scorer: Scorer, members: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """WSM scores along the path are lines s0 + t·slope (oriented: higher is better)."""
    s0, s1 = scorer.scores(weight_path(scorer.weights, members, np.array([0.0, 1.0])))
    return s0, s1 - s0


def _cross(s0: np.ndarray, slope: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where lines a and b cross (the same arithmetic as :func:`_crossings_wsm`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((s0[a] - s0[b]) / (slope[b] - slope[a]))


def _leader_changes_wsm(s0: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """The t in [0, 1) where the first place changes: the breaks of the upper envelope."""
    out: list[float] = []
    lead = int(np.lexsort((slope, s0))[-1])  # first just after t = 0
    t_now = 0.0
    while True:
        up = np.flatnonzero(slope > slope[lead])
        if not up.size:
            break
        t = _cross(s0, slope, np.full(up.size, lead), up)
        ok = np.isfinite(t) & (t >= t_now) & (t < _T_MAX)
        if not ok.any():
            break
        t_next = float(t[ok].min())
        at = up[ok][t[ok] == t_next]
        lead = int(at[np.argmax(slope[at])])  # the steepest of those meeting there leads after
        out.append(t_next)
        t_now = t_next
    return np.unique(np.asarray(out, dtype=float))


def _adjacent_crossings(s0: np.ndarray, slope: np.ndarray, t: float) -> np.ndarray:
    """Crossings of neighbours in the order just before and just after ``t``; the nearest
    crossing on either side of ``t`` is always among them."""
    st = s0 + t * slope
    out = []
    for key in (slope, -slope):
        order = np.lexsort((key, st))
        out.append(_cross(s0, slope, order[:-1], order[1:]))
    c = np.concatenate(out)
    return np.asarray(c[np.isfinite(c) & (c >= 0) & (c < _T_MAX)])


def _side(scorer: Scorer, members: Sequence[int], t: float, toward: float) -> float:
    """A weight between ``t`` and ``toward`` with no ranking change strictly between it and t."""
    if not scorer.mcda.additive:
        step = 1e-9 if toward > t else -1e-9
        return float(min(max(t + step, 0.0), _T_MAX))
    s0, slope = _lines(scorer, members)
    c = _adjacent_crossings(s0, slope, t)
    # three lines through one point cross at t's that differ in the last digits: one point
    if toward > t:
        nxt = c[c > t + _SAME_T]
        end = min(float(nxt.min()), toward) if nxt.size else toward
    else:
        nxt = c[c < t - _SAME_T]
        end = max(float(nxt.max()), toward) if nxt.size else toward
    return 0.5 * (t + end)


def _scan(
    scorer: Scorer, members: Sequence[int], changed: Any, only_near: float | None = None
) -> np.ndarray:
    """Grid scan for non-additive methods: bisect the grid steps where ``changed(a, b)``
    says the ranks differ; with ``only_near``, just the nearest such step on either side."""
    grid = np.linspace(0.0, _T_MAX, GRID)
    ranks = scorer.ranks(weight_path(scorer.weights, members, grid))
    steps = [k for k in range(GRID - 1) if changed(ranks[k], ranks[k + 1])]
    if only_near is not None:
        below = [k for k in steps if grid[k] < only_near]
        above = [k for k in steps if grid[k] >= only_near]
        steps = below[-1:] + above[:1]
    out = []
    for k in steps:
        lo, hi, r_lo = grid[k], grid[k + 1], ranks[k]
        for _ in range(BISECT_STEPS):
            mid = 0.5 * (lo + hi)
            r_mid = scorer.ranks(weight_path(scorer.weights, members, np.array([mid])))[0]
            if not changed(r_mid, r_lo):
                lo = mid
            else:
                hi = mid
        out.append(0.5 * (lo + hi))
    return np.array(out)


def _first_set_changed(a: np.ndarray, b: np.ndarray) -> bool:
    return not np.array_equal(a == 1, b == 1)


def _ranks_changed(a: np.ndarray, b: np.ndarray) -> bool:
    return not np.array_equal(a, b)


def _nearest_any(scorer: Scorer, members: Sequence[int], g: float) -> np.ndarray:
    """The nearest weights below and above ``g`` (or at it) where any two regions swap."""
    if scorer.mcda.additive:
        s0, slope = _lines(scorer, members)
        c = _adjacent_crossings(s0, slope, g)
    else:
        c = _scan(scorer, members, _ranks_changed, only_near=g)
    below, above = c[c < g], c[c >= g]
    picked = ([float(below.max())] if below.size else []) + (
        [float(above.min())] if above.size else []
    )
    return np.unique(np.asarray(picked, dtype=float))


def _local_breakpoints(
    scorer: Scorer, members: tuple[int, ...], g: float, cross: np.ndarray
) -> list[Breakpoint]:
    """Breakpoints at ``cross`` from the rankings right beside each (many-regions mode)."""
    ids = scorer.ids
    out = []
    for t in map(float, cross):
        near_t = _side(scorer, members, t, 0.0 if t >= g else _T_MAX)
        far_t = _side(scorer, members, t, _T_MAX if t >= g else 0.0)
        near, at, far = scorer.ranks(
            weight_path(scorer.weights, members, np.array([near_t, t, far_t]))
        )
        if np.array_equal(at, near):  # a bisected t can land on the near side of its change
            at = far
        i, j = np.nonzero((near[:, None] < near[None, :]) & (at[:, None] >= at[None, :]))
        swaps = tuple((ids[a], ids[b]) for a, b in zip(i.tolist(), j.tolist()))
        order = sorted(range(len(ids)), key=lambda k: (int(far[k]), ids[k]))
        out.append(Breakpoint(t, swaps, tuple((ids[k], int(far[k])) for k in order)))
    return out


def _describe_many(
    scorer: Scorer,
    cid: str,
    label: str,
    level: str,
    members: tuple[int, ...],
    g: float,
) -> Sweep:
    """:func:`_describe` for many regions: leader changes only, critical weights exact."""
    if scorer.mcda.additive:
        cross = _leader_changes_wsm(*_lines(scorer, members))
    else:
        cross = _scan(scorer, members, _first_set_changed)
    listed = _describe(scorer, cid, label, level, members, g, cross, local=True)
    near = _local_breakpoints(scorer, members, g, _nearest_any(scorer, members, g))
    top = listed.top
    if scorer.mcda.additive and listed.leader is not None:
        # the leader stops being alone at the top where its line first meets another one
        s0, slope = _lines(scorer, members)
        lead = scorer.ids.index(listed.leader)
        c = _cross(s0, slope, np.full(len(s0), lead), np.arange(len(s0)))
        c = c[np.isfinite(c) & (c >= 0) & (c < _T_MAX)]
        below, above = c[c < g], c[c >= g]
        picked = ([float(below.max())] if below.size else []) + (
            [float(above.min())] if above.size else []
        )
        top = _critical(
            _local_breakpoints(scorer, members, g, np.asarray(picked)), g, listed.leader, True
        )
    return Sweep(
        cid,
        label,
        level,
        members,
        g,
        listed.leader,
        listed.leader_interval,
        listed.breakpoints,
        top,
        _critical(near, g, listed.leader, top=False),
        scope="leader",
    )


def sweep(scorer: Scorer, progress: Callable[[int], None] | None = None) -> list[Sweep]:
    """Sweep every top-level group and every leaf; exact for wsm.

    With more than :data:`SWEEP_ALL_MAX` eligible regions only the breakpoints
    that change the leader are listed (``scope="leader"``).  ``progress(1)`` is
    called before each criterion is swept.
    """
    out = []
    w = scorer.weights
    ids = scorer.ids
    many = len(ids) > SWEEP_ALL_MAX
    for cid, label, level, members in criteria_to_sweep(scorer):
        if progress is not None:
            progress(1)
        g = float(w[list(members)].sum())
        if len(ids) < 2 or g >= 1.0 - 1e-12:
            out.append(
                Sweep(
                    cid,
                    label,
                    level,
                    members,
                    g,
                    ids[0] if ids else None,
                    None,
                    (),
                    None,
                    None,
                    fixed=g >= 1.0 - 1e-12,
                )
            )
            continue
        if many:
            out.append(_describe_many(scorer, cid, label, level, members, g))
            continue
        out.append(_describe(scorer, cid, label, level, members, g, crossings(scorer, members)))
    return out


def _describe(
    scorer: Scorer,
    cid: str,
    label: str,
    level: str,
    members: tuple[int, ...],
    g: float,
    cross: np.ndarray,
    local: bool = False,
) -> Sweep:
    ids = scorer.ids
    edges = np.concatenate([[0.0], cross, [1.0]])
    mids = 0.5 * (edges[:-1] + edges[1:])
    # the ranking in each interval, at each breakpoint, and at the current weight
    ranks = scorer.ranks(weight_path(scorer.weights, members, np.concatenate([mids, cross, [g]])))
    now = ranks[-1]
    at = ranks[len(mids) : len(mids) + len(cross)]
    ranks = ranks[: len(mids)]
    leader = ids[int(np.argmin(now))] if (now == 1).sum() == 1 else None
    breakpoints = []
    if local:  # other pairs swap between these breakpoints: rank right beside each
        breakpoints = _local_breakpoints(scorer, members, g, cross)
        cross = cross[:0]
    for k, t in enumerate(cross):
        # compare the side facing the current weight with the breakpoint itself, where
        # the regions tie: (ahead on the current side, level with or ahead of it there)
        near, far = (ranks[k], ranks[k + 1]) if t >= g else (ranks[k + 1], ranks[k])
        swaps = tuple(
            (ids[i], ids[j])
            for i in range(len(ids))
            for j in range(len(ids))
            if near[i] < near[j] and at[k][i] >= at[k][j]
        )
        ranking = tuple(
            sorted(((ids[i], int(far[i])) for i in range(len(ids))), key=lambda p: (p[1], p[0]))
        )
        breakpoints.append(Breakpoint(float(t), swaps, ranking))
    # the interval around g in which the current leader stays first
    interval = None
    if leader is not None:
        li = ids.index(leader)
        first = ranks[:, li] == 1
        pos = int(np.searchsorted(edges, g, side="right")) - 1
        pos = min(max(pos, 0), len(mids) - 1)
        lo_k = hi_k = pos
        if first[pos]:
            while lo_k > 0 and first[lo_k - 1]:
                lo_k -= 1
            while hi_k < len(mids) - 1 and first[hi_k + 1]:
                hi_k += 1
            interval = (float(edges[lo_k]), float(edges[hi_k + 1]))
        else:  # g sits exactly on a breakpoint
            interval = (g, g)
    return Sweep(
        cid,
        label,
        level,
        members,
        g,
        leader,
        interval,
        tuple(breakpoints),
        _critical(breakpoints, g, leader, top=True),
        _critical(breakpoints, g, leader, top=False),
    )


def _critical(
    breakpoints: Sequence[Breakpoint], g: float, leader: str | None, top: bool
) -> Critical | None:
    best: Critical | None = None
    for bp in breakpoints:
        if bp.t >= 1.0:
            continue
        if top:
            pairs = [p for p in bp.swaps if leader in p]
            # leaving the leader's interval on either side changes who is first
            if not pairs:
                continue
        else:
            pairs = list(bp.swaps)
            if not pairs:
                continue
        delta = ts_delta(bp.t, g)
        if best is None or abs(delta) < abs(best.delta_abs):
            # swaps read (ahead at the current weight, level or ahead at the change)
            best = Critical(bp.t, delta, delta / g if g > 0 else None, pairs[0])
    return best
