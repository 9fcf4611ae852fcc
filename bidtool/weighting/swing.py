"""Swing weights: what each criterion's weight stands for, from the worst to the best figure.

The committee imagines a region with the worst figure present on every
criterion of a level, ranks which *swing* — worst to best on one criterion —
it would make first, second, …, and scores each swing against the first (100).
The weights follow from those points alone; the figures only say what each
weight buys ("25 % = going from 120 MW to 500 MW"), which is why they are the
worst and best figures *present among the regions*: with the weighted sum's
min–max scaling, a leaf's utility runs exactly over that range.

Pure Python (``validate`` imports no numpy).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bidtool.weighting.roc import rank_order_centroid


def swing_weights(
    ranking: Sequence[str], points: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Weights of the swings in ``ranking`` (most important first), summing to 1.

    With ``points`` (the first swing scored 100, the others relative to it):
    w_i = points_i / Σ_k points_k — von Winterfeldt & Edwards (1986), the
    SMARTS swing weights (Edwards & Barron 1994).  With the ranking alone:
    rank-order-centroid weights, w_k = (1/n) Σ_{i=k}^{n} 1/i for the k-th
    swing — SMARTER (Edwards & Barron 1994; Barron & Barrett 1996).  Points
    of 0 give weight 0; at least one must be positive.

    References
    ----------
    von Winterfeldt, D. & Edwards, W. (1986). *Decision Analysis and
    Behavioral Research*. Cambridge University Press, ch. 8.
    Edwards, W. & Barron, F. H. (1994). SMARTS and SMARTER: Improved simple
    methods for multiattribute utility measurement. *Organizational Behavior
    and Human Decision Processes* 60(3), 306–325. doi:10.1006/obhd.1994.1087
    Goodwin, P. & Wright, G. (2004). *Decision Analysis for Management
    Judgment*, 3rd ed., Wiley, ch. 3 (SMART, swing weights: pp. 42–44).
    """
    if points is None:
        roc = rank_order_centroid(len(ranking))
        return {c: roc[k] for k, c in enumerate(ranking)}
    total = math.fsum(float(points[c]) for c in ranking)
    if total <= 0:
        raise ValueError("swing points must include at least one positive score")
    return {c: float(points[c]) / total for c in ranking}


@dataclass(frozen=True)
class Swing:
    """One criterion's swing, as the output states it."""

    criterion: str
    label: str
    weight: float  # within its level (the siblings' swing weights sum to 1)
    global_weight: float  # the product down the tree (the leaves' sum to 1)
    points: float | None  # the committee's score, or None (ranking only: ROC)
    rank: int  # 1 = the swing the committee would make first
    worst: str | None  # the worst figure present among the regions, with its unit
    best: str | None
    regions: int  # how many regions' figures span the swing (known figures)

    @property
    def statement(self) -> str:
        """'25 % = going from 120 MW to 500 MW' (or, for a group, what it stands for)."""
        share = f"{self.weight:.0%}"
        if self.worst is None or self.best is None:
            what = (
                f"going from the worst to the best region on {self.label}"
                if self.regions
                else f"{self.label}: no region has a figure yet, so the swing is undefined"
            )
        elif self.worst == self.best:
            what = f"{self.label}: every region has {self.best} — the swing is empty"
        else:
            what = f"going from {self.worst} to {self.best} on {self.label}"
        return f"{share} = {what}"
