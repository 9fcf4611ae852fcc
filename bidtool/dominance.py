"""Pareto dominance among the eligible regions, on the utilities of the scored leaves.

Region *a* dominates region *b* when *a*'s utility is at least *b*'s on every
leaf that carries weight (global weight > 0) and strictly higher on at least
one (Pareto dominance: Vincke 1992, *Multicriteria Decision-Aid*, §2.2;
Belton & Stewart 2002, *Multiple Criteria Decision Analysis*, §4.2).  A
dominated region can never rank above a region that dominates it under any
positive weights of an additive model — so it is worth saying which ones
are, whatever the committee ends up weighting.

Unknown figures are handled twice, and both answers are reported:

- **as scored** (:attr:`Dominance.dominated_by`): the utilities the ranking
  uses, each unknown figure scored by its leaf's ``missing`` policy
  (``worst`` → 0, ``mean`` → the average of the known);
- **whatever the unknowns are** (:attr:`Dominance.certain`): an unknown
  utility may be anything in [0, 1]; *a* dominates *b* for certain when *a*'s
  lowest possible utility is at least *b*'s highest on every leaf, and
  strictly above on one.  Where both figures are known this is the plain
  comparison: utilities of a leaf without a value function are min–max scaled,
  a monotone map of the figure, so revealing another region's figure never
  reverses the order of two known ones.

Comparisons use :data:`TOLERANCE`, so rounding noise is not a "strictly better".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-12
"""Utilities closer than this (absolute; utilities lie in [0, 1]) are equal."""


@dataclass(frozen=True)
class Dominance:
    """Per region (in the order given), who dominates it."""

    dominated_by: tuple[tuple[int, ...], ...]  # as scored (missing policy applied)
    certain: tuple[tuple[int, ...], ...]  # whatever the unknown figures turn out to be


CHUNK_CELLS = 4_000_000
"""Compared cells per step: memory stays O(rows × leaves) whatever the number of regions."""


def _dominates(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``out[a, b]``: ``lo[a] >= hi[b]`` on every column and ``>`` on one (rows × rows)."""
    m, n = lo.shape
    out = np.zeros((m, m), dtype=bool)
    step = max(1, CHUNK_CELLS // max(1, m * n))
    for start in range(0, m, step):
        diff = lo[:, None, :] - hi[None, start : start + step, :]
        out[:, start : start + step] = np.all(diff >= -TOLERANCE, axis=2) & np.any(
            diff > TOLERANCE, axis=2
        )
    return out


def pareto_dominance(
    utilities: np.ndarray,
    unknown: np.ndarray,
    weights: np.ndarray,
    eligible: np.ndarray,
) -> Dominance:
    """Who dominates whom among the ``eligible`` rows of ``utilities`` (rows × leaves).

    ``unknown[i, j]`` marks an imputed figure (scored by the missing policy in
    ``utilities``).  Leaves with ``weights <= 0`` are ignored; ineligible rows
    neither dominate nor are dominated.  Identical rows tie: neither dominates.
    Formula (Pareto; Vincke 1992 §2.2): a ≻ b ⇔ ∀j uₐⱼ ≥ u_bj ∧ ∃j uₐⱼ > u_bj.
    """
    u = np.asarray(utilities, dtype=float)
    m = u.shape[0]
    scored = np.asarray(weights, dtype=float) > 0
    ok = np.asarray(eligible, dtype=bool)
    if m == 0 or not scored.any():
        empty = tuple(() for _ in range(m))
        return Dominance(empty, empty)
    u = u[:, scored]
    miss = np.asarray(unknown, dtype=bool)[:, scored]
    both = ok[:, None] & ok[None, :]
    as_scored = _dominates(u, u) & both
    lo = np.where(miss, 0.0, u)
    hi = np.where(miss, 1.0, u)
    certain = _dominates(lo, hi) & both

    def listed(d: np.ndarray) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(int(a) for a in np.flatnonzero(d[:, b])) for b in range(m))

    return Dominance(listed(as_scored), listed(certain))


def efficient(benefit: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """The efficient frontier of (benefit, cost) points: those no other point dominates.

    Point *i* is efficient unless some *j* has benefitⱼ ≥ benefitᵢ and costⱼ ≤ costᵢ,
    one of them strictly (beyond :data:`TOLERANCE`) — more benefit for no more cost, or
    the same benefit for less (Pareto efficiency; Belton & Stewart 2002 §4.2; the
    "efficient frontier" of Markowitz 1952, *J. Finance* 7(1):77–91, with cost for
    risk).  Equal points are both efficient.
    """
    b = np.asarray(benefit, dtype=float)
    c = np.asarray(cost, dtype=float)
    lo = np.stack([b, -c], axis=1)
    out: np.ndarray = np.logical_not(_dominates(lo, lo).any(axis=0))
    return out
