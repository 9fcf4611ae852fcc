"""Score the eligible regions for many weight vectors, or for perturbed data, at once.

The :class:`Scorer` is built once from the inputs and then answers "what
would the scores be with these weights / these values?" without going back
through loading or rendering.  Every score comes from the one scoring step,
:func:`bidtool.ranking.score` (its re-scoring form: a batch of weight vectors,
with the utilities / method matrix prepared here once): for the weighted sum
one matrix product; other methods are called once per weight vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bidtool.matrix import DecisionMatrix, build_matrix
from bidtool.methods import get_method
from bidtool.methods.registry import Method
from bidtool.model import Inputs, Leaf
from bidtool.ranking import (
    eligibility,
    mean_leaves,
    method_matrix,
    preferences,
    resolve_method,
    score,
    wsm_utilities,
)
from bidtool.ranks import rank_matrix


@dataclass(frozen=True)
class Scorer:
    """Everything needed to re-score the eligible regions quickly."""

    inputs: Inputs
    method: str
    vikor_v: float
    dm: DecisionMatrix
    eligible: np.ndarray  # mask over all regions
    index: np.ndarray  # positions of the eligible regions
    ids: tuple[str, ...]  # eligible region ids
    utilities: np.ndarray  # WSM utilities, eligible rows (m × n)
    x: np.ndarray  # method matrix, eligible rows
    types: np.ndarray
    prefs: tuple[Any, ...]

    @classmethod
    def build(
        cls, inputs: Inputs, method: str | None = None, vikor_v: float | None = None
    ) -> Scorer:
        crit = inputs.criteria
        method = resolve_method(crit, method).name
        dm = build_matrix(crit, inputs.regions)
        eligible, _, _ = eligibility(crit, inputs.regions, dm)
        return cls._assemble(
            inputs, method, crit.vikor_v if vikor_v is None else vikor_v, dm, eligible
        )

    @classmethod
    def _assemble(
        cls, inputs: Inputs, method: str, vikor_v: float, dm: DecisionMatrix, eligible: np.ndarray
    ) -> Scorer:
        index = np.flatnonzero(eligible)
        x, types = method_matrix(dm, eligible)
        return cls(
            inputs=inputs,
            method=method,
            vikor_v=vikor_v,
            dm=dm,
            eligible=eligible,
            index=index,
            ids=tuple(inputs.regions[i].id for i in index),
            utilities=wsm_utilities(dm, eligible)[eligible],
            x=x[eligible],
            types=types,
            prefs=tuple(preferences(dm.leaves)),
        )

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return self.dm.leaves

    @property
    def weights(self) -> np.ndarray:
        return self.dm.weights

    @property
    def mcda(self) -> Method:
        return get_method(self.method)

    @property
    def higher_is_better(self) -> bool:
        return self.mcda.higher_is_better

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """Scores (k × m) of the eligible regions for each row of ``weights`` (k × n)."""
        return self.rescore(weights, self.utilities, self.x)

    def rescore(
        self, weights: np.ndarray, utilities: np.ndarray, x: np.ndarray
    ) -> np.ndarray:
        """:func:`bidtool.ranking.score` of the eligible rows for ``weights`` with these
        ``utilities`` (additive methods) or method matrix ``x`` (the others)."""
        return score(
            self.mcda,
            self.dm,
            self.eligible,
            self.vikor_v,
            weights,
            utilities=utilities,
            x=x,
            prefs=self.prefs,
        ).scores

    def ranks(self, weights: np.ndarray) -> np.ndarray:
        return rank_matrix(self.scores(weights), self.higher_is_better)

    # ---------------------------------------------------------- perturbed data

    def with_value(self, region: int, leaf: int, value: Any) -> Scorer:
        """A scorer in which region ``region`` (index into all regions) has ``value`` on ``leaf``.

        Constraints on that metric are re-checked, so a change can also make
        a region eligible or ineligible.
        """
        regions = list(self.inputs.regions)
        r = regions[region]
        name = self.dm.leaves[leaf].metric
        metrics = dict(r.metrics)
        old = r.metric(name)
        metrics[name] = replace(old, value=value)
        regions[region] = replace(r, metrics=metrics)
        inputs = replace(self.inputs, regions=tuple(regions))
        # only this region's row and eligibility change: rebuild those, not all m rows
        crit = inputs.criteria
        one = build_matrix(crit, regions[region : region + 1])
        ok, _, _ = eligibility(crit, regions[region : region + 1], one)
        dm = self.dm
        arrays = {}
        for name_, patch in (
            ("values", one.values),
            ("vf_utilities", one.vf_utilities),
            ("missing", one.missing),
        ):
            a = getattr(dm, name_).copy()
            a[region] = patch[0]
            arrays[name_] = a
        raw = list(dm.raw)
        raw[region] = one.raw[0]
        dm = replace(dm, regions=tuple(regions), raw=tuple(raw), **arrays)
        eligible = self.eligible.copy()
        eligible[region] = bool(ok[0])
        return Scorer._assemble(inputs, self.method, self.vikor_v, dm, eligible)

    def batch_scores(
        self, values: np.ndarray, weights: np.ndarray, missing: np.ndarray | None = None
    ) -> np.ndarray:
        """Scores (k × m) for k perturbed raw-value matrices ``values`` (k × m × n, eligible rows).

        Utilities are recomputed exactly as :func:`bidtool.ranking.wsm_utilities`
        (value functions; min–max over the eligible regions; unknowns worst)
        and :func:`bidtool.ranking.method_matrix` do; ``weights`` is one
        vector (n,) or one per sample (k × n).
        """
        v = np.asarray(values, dtype=float)
        w = np.asarray(weights, dtype=float)
        dm = self.dm
        if missing is None:
            missing = dm.missing[self.eligible]
        has_vf = dm.has_vf
        vf_u = np.broadcast_to(dm.vf_utilities[self.eligible], v.shape).copy()
        for j, leaf in enumerate(dm.leaves):
            vf = leaf.criterion.value_function
            if vf is not None and vf.kind != "categorical":
                vf_u[..., j] = vf.evaluate(v[..., j])  # type: ignore[union-attr]
        if self.mcda.additive:
            u = vf_u
            rel = ~has_vf
            if rel.any():
                x = np.where(missing[..., rel], np.nan, v[..., rel])
                with np.errstate(all="ignore"):
                    lo = np.nanmin(np.where(np.isnan(x), np.inf, x), axis=-2, keepdims=True)
                    hi = np.nanmax(np.where(np.isnan(x), -np.inf, x), axis=-2, keepdims=True)
                span = hi - lo
                ok = np.isfinite(span) & (span > 0)
                up = np.clip((x - lo) / np.where(ok, span, 1.0), 0.0, 1.0)
                scaled = np.where(dm.types[rel] > 0, up, 1.0 - up)
                u[..., rel] = np.where(ok, scaled, 1.0)
            u = np.where(missing, _unknown_fill(u, missing, dm.leaves), u)
            return self.rescore(w, u, self.x)
        x = np.where(has_vf, vf_u, v)
        # unknowns: worst utility, or worst observed raw value (as method_matrix)
        mean = mean_leaves(dm.leaves)
        avg = _unknown_fill(x, missing, dm.leaves)
        for jj in np.flatnonzero(missing.any(axis=0)):
            j = int(jj)
            col = x[..., j]
            if mean[j]:
                x[..., j] = np.where(missing[:, j], avg[..., j], col)
                continue
            if has_vf[j]:
                worst = np.zeros(col.shape[:-1])
            else:
                known = np.where(missing[:, j], np.nan, col)
                with np.errstate(all="ignore"):
                    worst = np.nanmin(known, -1) if self.types[j] > 0 else np.nanmax(known, -1)
                worst = np.where(np.isnan(worst), 0.0, worst)
            x[..., j] = np.where(missing[:, j], worst[..., None], col)
        return self.rescore(np.broadcast_to(w, (*v.shape[:-2], w.shape[-1])), self.utilities, x)

    def eligible_values(self) -> np.ndarray:
        """Raw values of the eligible regions (NaN where unknown or categorical)."""
        return np.asarray(self.dm.values[self.eligible])


def _unknown_fill(u: np.ndarray, missing: np.ndarray, leaves: Sequence[Leaf]) -> np.ndarray:
    """What an unknown cell scores, per sample and leaf (``… × 1 × n``): 0 (worst), or
    under ``missing: mean`` the mean of the known cells (as :func:`~bidtool.ranking.fill_unknowns`;
    every row here is eligible)."""
    mean = mean_leaves(leaves)
    if not mean.any():
        return np.zeros(u.shape[-1])
    known = ~missing & ~np.isnan(u)
    count = known.sum(axis=-2, keepdims=True)
    total = np.where(known, u, 0.0).sum(axis=-2, keepdims=True)
    avg = total / np.maximum(count, 1)
    return np.where(mean & (count > 0), avg, 0.0)


def weight_path(weights: np.ndarray, members: Sequence[int], t: np.ndarray) -> np.ndarray:
    """Weight vectors where the criterion made of leaves ``members`` has total weight ``t``.

    The members keep their proportions to each other; every other leaf is
    rescaled proportionally so the total stays 1 (one-at-a-time sweep).
    Returns ``len(t) × n``.
    """
    w = np.asarray(weights, dtype=float)
    mask = np.zeros(len(w), dtype=bool)
    mask[list(members)] = True
    g = float(w[mask].sum())
    inside = np.where(mask, w / g if g > 0 else mask / mask.sum(), 0.0)
    rest = 1.0 - g
    outside = np.where(mask, 0.0, w / rest if rest > 0 else 0.0)
    tt = np.asarray(t, dtype=float)[:, None]
    return np.asarray(tt * inside + (1.0 - tt) * outside)
