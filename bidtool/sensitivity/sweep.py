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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bidtool.sensitivity.scorer import Scorer, weight_path

GRID = 201
"""Grid points on [0, 1] for methods without a closed form."""
BISECT_STEPS = 48


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


def crossings(scorer: Scorer, members: Sequence[int]) -> np.ndarray:
    """Weights t in [0, 1) along the path where the ranking changes (exact for wsm)."""
    if scorer.method == "wsm":
        return _crossings_wsm(scorer, members)
    return _crossings_scan(scorer, members)


def ts_delta(t: float, w: float) -> float:
    """Triantaphyllou & Sánchez's change of the weight (before renormalising) that gives ``t``."""
    return (t - w) / (1.0 - t)


def sweep(scorer: Scorer) -> list[Sweep]:
    """Sweep every top-level group and every leaf; exact for wsm."""
    out = []
    w = scorer.weights
    ids = scorer.ids
    for cid, label, level, members in criteria_to_sweep(scorer):
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
