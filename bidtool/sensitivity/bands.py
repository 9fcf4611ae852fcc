"""Exact uniform draws from a weight polytope {w ≥ 0, Σw = 1, lower ≤ w ≤ upper}.

Used by ``bidtool sensitivity --bands FILE`` (SMAA-2 over admissible weights).
Every draw is exact and independent — no Markov chain:

1. Groups with lower = upper are fixed; the others share 1 − Σ fixed.
2. **Shift from below** (Tervonen & Lahdelma 2007): w = lower + (1 − Σ lower)·d with
   d ~ Dirichlet(1, …, 1) is uniform on {w ≥ lower, Σw = 1} (an affine image of
   the uniform simplex); draws with some w > upper are rejected.
3. **Shift from above**, the mirror image: w = upper − (Σ upper − 1)·d is uniform
   on {w ≤ upper, Σw = 1}; draws with some w < lower are rejected.

Rejection from a uniform superset leaves the accepted draws uniform on the
polytope.  A pilot of :data:`PILOT` draws picks whichever of 2 and 3 accepts
more often.  (Hit-and-run, Tervonen et al. 2013, would always be fast but its
draws are only approximately uniform and are correlated; it is not used.)

References
----------
Tervonen, T. & Lahdelma, R. (2007). Implementing stochastic multicriteria
acceptability analysis. *European Journal of Operational Research* 178(2),
500–513 (weight generation with bounds, §3).  Rubin, D. B. (1981) / Devroye,
L. (1986), *Non-Uniform Random Variate Generation*, ch. V: normalised unit
exponentials are uniform on the simplex.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bidtool.io.bands import Bands, bands_problem
from bidtool.model import Criterion
from bidtool.sensitivity.scorer import Scorer

PILOT = 4_096
"""Pilot draws per shift; bands that accept none of them are refused (exit 3) rather
than sampled for hours (acceptance below about 1/4,096)."""


@dataclass(frozen=True)
class BandSampler:
    lower: np.ndarray
    upper: np.ndarray
    shift: str  # "lower" or "upper": which superset is sampled
    acceptance: float  # the pilot's acceptance rate

    @classmethod
    def build(
        cls, lower: Sequence[float], upper: Sequence[float], rng: np.random.Generator
    ) -> BandSampler:
        """Pick the shift that accepts more often (a pilot of :data:`PILOT` draws)."""
        lo, hi = np.asarray(lower, float), np.asarray(upper, float)
        rates = {}
        for shift in ("lower", "upper"):
            w = _superset(rng, PILOT, lo, hi, shift)
            rates[shift] = float(_inside(w, lo, hi).mean())
        shift = max(rates, key=lambda s: (rates[s], s == "lower"))
        return cls(lo, hi, shift, rates[shift])

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """``k`` independent draws, uniform on the polytope (k × groups)."""
        if self.acceptance <= 0:
            raise ValueError("the pilot accepted no draw: refuse these bands (BandWeights does)")
        out: list[np.ndarray] = []
        have = 0
        while have < k:
            need = k - have
            batch = int(min(1_000_000, max(64, 1.2 * need / max(self.acceptance, 1e-3))))
            w = _superset(rng, batch, self.lower, self.upper, self.shift)
            w = w[_inside(w, self.lower, self.upper)][:need]
            out.append(w)
            have += len(w)
        return np.concatenate(out) if out else np.empty((0, len(self.lower)))


def _superset(
    rng: np.random.Generator, k: int, lo: np.ndarray, hi: np.ndarray, shift: str
) -> np.ndarray:
    """Uniform on {w ≥ lo, Σw = 1} (shift "lower") or {w ≤ hi, Σw = 1} ("upper"); fixed
    groups (lo = hi) held at their value.  Tervonen & Lahdelma (2007)."""
    fixed = hi - lo <= 0
    free = ~fixed
    out = np.broadcast_to(np.where(fixed, lo, 0.0), (k, len(lo))).copy()
    nf = int(free.sum())
    if nf == 0:
        return np.asarray(out)
    e = rng.standard_exponential((k, nf))
    d = e / e.sum(axis=1, keepdims=True)  # Dirichlet(1, …, 1)
    room = 1.0 - float(lo[fixed].sum())
    if shift == "lower":
        out[:, free] = lo[free] + (room - float(lo[free].sum())) * d
    else:
        out[:, free] = hi[free] - (float(hi[free].sum()) - room) * d
    return np.asarray(out)


def _inside(w: np.ndarray, lo: np.ndarray, hi: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    return np.asarray(((w >= lo - tol) & (w <= hi + tol)).all(axis=1))


def group_shares(roots: Sequence[Criterion], leaf_ids: Sequence[str]) -> np.ndarray:
    """groups × leaves: each leaf's share of its top-level group, from the file's weights
    (normalised per level down the tree, as for declared weights)."""
    pos = {lid: j for j, lid in enumerate(leaf_ids)}
    out = np.zeros((len(roots), len(leaf_ids)))

    def visit(g: int, node: Criterion, share: float) -> None:
        if not node.children:
            out[g, pos[node.id]] = share
            return
        total = sum(c.weight for c in node.children)
        for c in node.children:
            visit(g, c, share * (c.weight / total if total > 0 else 1 / len(node.children)))

    for g, root in enumerate(roots):
        visit(g, root, 1.0)
    return out


class BandWeights:
    """Leaf weights for SMAA-2: group weights uniform on the bands' polytope, times each
    leaf's share of its group."""

    def __init__(self, scorer: Scorer, bands: Bands, rng: np.random.Generator) -> None:
        roots = scorer.inputs.criteria.criteria
        if tuple(c.id for c in roots) != bands.groups:
            raise bands_problem(bands, "the bands were checked against another criteria file")
        self.shares = group_shares(roots, [leaf.id for leaf in scorer.leaves])
        self.sampler = BandSampler.build(bands.lower, bands.upper, rng)
        if self.sampler.acceptance <= 0:
            raise bands_problem(
                bands,
                f"expected bands wide enough to sample exactly, got bands that none of "
                f"{PILOT:,} draws from the simplex fit; widen them, or fix a group with "
                "lower = upper",
            )

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        return np.asarray(self.sampler.draw(rng, k) @ self.shares)
