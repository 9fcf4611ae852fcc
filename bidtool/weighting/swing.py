"""Swing weights: what each criterion's weight stands for, from the worst to the best figure.

The committee imagines a region with the worst figure present on every
criterion of a level, ranks which *swing* — worst to best on one criterion —
it would make first, second, …, and scores each swing against the first (100).
The weights follow from those points alone; the figures only say what each
weight buys ("25 % = going from 120 MW to 500 MW"), which is why they are the
worst and best figures *present among the regions* — the regions that pass the
constraints (:attr:`bidtool.ranking.Ranking.swing_regions`): the weighted sum's
min–max scaling runs over exactly those, so a leaf's utility spans that range.

Pure Python (``validate`` imports no numpy).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bidtool.i18n import text
from bidtool.value_functions import Categorical
from bidtool.weighting.roc import rank_order_centroid

if TYPE_CHECKING:
    from bidtool.model import CriteriaSet, Criterion, Region


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
    Goodwin, P. & Wright, G. *Decision Analysis for Management Judgment*,
    Wiley, ch. 3 (SMART, swing weights, pp. 42–44) and ch. 13 (the furniture
    company's swing weights 100/50/30 → 0.556/0.278/0.167, pp. 338–339; the
    test that reproduces them: docs/references.md).
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
    worst: str | None  # the worst figure present among the (eligible) regions, with its unit
    best: str | None
    regions: int  # how many regions have a figure on it (known figures)
    utilities: tuple[float, float] | None = None  # a value function's u(worst), u(best)

    @property
    def statement(self) -> str:
        """'25% = going from 120 MW to 500 MW on Power' (a group: the worst to the best region)."""
        return self.statement_in("en")

    def statement_in(self, lang: str) -> str:
        """:attr:`statement` in ``lang`` (the catalogue's ``swing.*`` messages)."""
        t = text(lang)
        share = f"{self.weight:.0%}"
        if self.worst is None or self.best is None:
            key = "swing.group" if self.regions else "swing.undefined"
            return t(key, share=share, label=self.label)
        if self.worst == self.best:
            return t("swing.empty", share=share, label=self.label, best=self.best)
        out = t("swing.range", share=share, worst=self.worst, best=self.best, label=self.label)
        if self.utilities is not None:
            lo, hi = self.utilities
            moved = 100 * self.global_weight * (hi - lo)
            out += t("swing.vf", lo=f"{lo:.2f}", hi=f"{hi:.2f}", moved=f"{moved:.1f}")
        return out


def _figure(value: Any, unit: str | None) -> str:
    from bidtool.model import format_value

    text = format_value(value)
    return f"{text} {unit}" if unit else text


def describe_swings(criteria: CriteriaSet, regions: Sequence[Region]) -> tuple[Swing, ...]:
    """What each swing-weighted criterion's weight stands for, level by level.

    ``regions`` are those the swing runs over: the eligible ones
    (:attr:`bidtool.ranking.Ranking.swing_regions`, :func:`bidtool.ranking.swing_regions`).
    For a leaf: the worst and best figures present among ``regions`` (known
    figures; the direction, or the value function's, decides which end is
    worst; categories are ordered by their utilities).  A leaf with a value
    function also gets the utilities of those two figures: its weight
    multiplies the function's whole 0–1 scale, so the swing between the
    regions' figures moves a score by weight × (u(best) − u(worst)).  For a
    group: the swing from the worst to the best region on the group.
    """
    by_id = {node.id: node for node in criteria.iter_nodes()}
    out: list[Swing] = []
    for level in criteria.swing:
        siblings = criteria.criteria if not level.parent else by_id[level.parent].children
        total = sum(n.weight for n in siblings)
        for rank, cid in enumerate(level.ranking, 1):
            node = by_id[cid]
            share = node.weight / total if total > 0 else 0.0
            glob = sum(leaf.weight for leaf in criteria.leaves if cid in leaf.path)
            points = level.points[rank - 1] if level.points is not None else None
            ends: tuple[str | None, str | None, int, tuple[float, float] | None] = (
                (None, None, len(regions), None)
                if not node.is_leaf or node.metric is None
                else _leaf_ends(node, [r.metric(node.metric).value for r in regions])
            )
            worst, best, known, utilities = ends
            out.append(
                Swing(cid, node.label, share, glob, points, rank, worst, best, known, utilities)
            )
    return tuple(out)


def _leaf_ends(
    node: Criterion, raw: Sequence[Any]
) -> tuple[str | None, str | None, int, tuple[float, float] | None]:
    """The worst and best figure among ``raw`` (and their utilities, with a value function)."""
    vf = node.value_function
    unit = node.value_unit
    if isinstance(vf, Categorical):
        known = [v for v in raw if v is not None and vf.knows(v)]
        if not known:
            return None, None, 0, None
        worst_v = min(known, key=vf.utility_of)
        best_v = max(known, key=vf.utility_of)
        return (
            _figure(worst_v, unit),
            _figure(best_v, unit),
            len(known),
            (vf.utility_of(worst_v), vf.utility_of(best_v)),
        )
    values = [float(v) for v in raw if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not values:
        known = [v for v in raw if v is not None]
        return None, None, len(known), None
    lo, hi = min(values), max(values)
    # a value function sets the direction itself (worst > best: less is better)
    up = vf.increasing if vf is not None else node.direction > 0
    w_raw, b_raw = (lo, hi) if up else (hi, lo)
    utilities = None
    if vf is not None:
        import numpy as np

        u = vf.evaluate(np.array([w_raw, b_raw], dtype=float))
        utilities = (float(u[0]), float(u[1]))
    return _figure(w_raw, unit), _figure(b_raw, unit), len(values), utilities
