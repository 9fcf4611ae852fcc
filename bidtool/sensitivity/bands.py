"""Exact uniform draws from a weight polytope {w ≥ 0, Σw = 1, lower ≤ w ≤ upper, …}.

Used by ``bidtool sensitivity --bands FILE`` (SMAA-2 over admissible weights).
What is drawn are the global weights of the *units*: the top-level groups,
except that a group with a band somewhere below it is opened into its
children (recursively); a unit's leaves keep the file's shares inside it.
With bands on the top-level groups only the units are those groups and the
polytope is {w ≥ 0, Σw = 1, lower ≤ w ≤ upper}.  A band below the top level
bounds a node's share of its parent, lower·W(parent) ≤ W(node) ≤
upper·W(parent) with W the sum of the units under a node — linear, so the
admissible set is still a polytope in the units' weights, and the draws are
uniform on it (the distribution SMAA-2 assumes without preferences: Lahdelma
& Salminen 2001), not uniform per level.  Each unit's own bounds are the
products of the bands on its path (a unit's weight is the product of its
local shares), which gives the supersets below; every band is then checked
and a draw outside any of them rejected.

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
class Split:
    """Bands below the top level: for each banded share, which units make up the node
    (``child``, units × k) and its parent (``parent``), and the bounds on the share."""

    child: np.ndarray
    parent: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    def inside(self, w: np.ndarray, tol: float = 1e-12) -> np.ndarray:
        wc, wp = w @ self.child, w @ self.parent
        return np.asarray(((wc >= self.lower * wp - tol) & (wc <= self.upper * wp + tol)).all(axis=1))


@dataclass(frozen=True)
class BandSampler:
    lower: np.ndarray
    upper: np.ndarray
    shift: str  # "lower" or "upper": which superset is sampled
    acceptance: float  # the pilot's acceptance rate
    split: Split | None = None  # bands below the top level, checked on every draw

    @classmethod
    def build(
        cls,
        lower: Sequence[float] | np.ndarray,
        upper: Sequence[float] | np.ndarray,
        rng: np.random.Generator,
        split: Split | None = None,
    ) -> BandSampler:
        """Pick the shift that accepts more often (a pilot of :data:`PILOT` draws)."""
        lo, hi = np.asarray(lower, float), np.asarray(upper, float)
        rates = {}
        for shift in ("lower", "upper"):
            w = _superset(rng, PILOT, lo, hi, shift)
            rates[shift] = float(_inside(w, lo, hi, split).mean())
        shift = max(rates, key=lambda s: (rates[s], s == "lower"))
        return cls(lo, hi, shift, rates[shift], split)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """``k`` independent draws, uniform on the polytope (k × units)."""
        if self.acceptance <= 0:
            raise ValueError("the pilot accepted no draw: refuse these bands (BandWeights does)")
        out: list[np.ndarray] = []
        have = 0
        while have < k:
            need = k - have
            batch = int(min(1_000_000, max(64, 1.2 * need / max(self.acceptance, 1e-3))))
            w = _superset(rng, batch, self.lower, self.upper, self.shift)
            w = w[_inside(w, self.lower, self.upper, self.split)][:need]
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


def _inside(
    w: np.ndarray, lo: np.ndarray, hi: np.ndarray, split: Split | None = None, tol: float = 1e-12
) -> np.ndarray:
    ok = np.asarray(((w >= lo - tol) & (w <= hi + tol)).all(axis=1))
    return ok if split is None else ok & split.inside(w, tol)


def _shares(node: Criterion, leaf_ids: Sequence[str]) -> np.ndarray:
    """Each leaf's share of ``node`` from the file's weights (normalised per level)."""
    pos = {lid: j for j, lid in enumerate(leaf_ids)}
    out = np.zeros(len(leaf_ids))

    def visit(n: Criterion, share: float) -> None:
        if not n.children:
            out[pos[n.id]] = share
            return
        total = sum(c.weight for c in n.children)
        for c in n.children:
            visit(c, share * (c.weight / total if total > 0 else 1 / len(n.children)))

    visit(node, 1.0)
    return out


def group_shares(roots: Sequence[Criterion], leaf_ids: Sequence[str]) -> np.ndarray:
    """groups × leaves: each leaf's share of its top-level group, from the file's weights
    (normalised per level down the tree, as for declared weights)."""
    return np.stack([_shares(root, leaf_ids) for root in roots]) if roots else np.zeros((0, len(leaf_ids)))


@dataclass(frozen=True)
class Units:
    """What is drawn for ``bands``: the units' paths, their leaf shares (units × leaves),
    each unit's bounds (products of the bands on its path) and the nested bands."""

    paths: tuple[str, ...]
    shares: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    split: Split | None


def units(roots: Sequence[Criterion], leaf_ids: Sequence[str], bands: Bands) -> Units:
    """Open every group with a band below it into its children, down to the units."""
    band = bands.as_dict()
    opened = {p.rsplit(".", i)[0] for p, _, _ in bands.nested for i in range(1, p.count(".") + 1)}
    paths: list[str] = []
    shares: list[np.ndarray] = []
    lo: list[float] = []
    hi: list[float] = []
    under: dict[str, list[int]] = {}  # path → the units below it

    def visit(node: Criterion, path: str, low: float, high: float) -> None:
        b = band.get(path, [0.0, 1.0])
        low, high = low * b[0], high * b[1]
        if path in opened:
            for c in node.children:
                visit(c, f"{path}.{c.id}", low, high)
            under[path] = [u for c in node.children for u in under[f"{path}.{c.id}"]]
            return
        under[path] = [len(paths)]
        paths.append(path)
        shares.append(_shares(node, leaf_ids))
        lo.append(low)
        hi.append(high)

    for root in roots:
        visit(root, root.id, 1.0, 1.0)
    split = None
    # an opened top-level group's band bounds the sum of its units (a share of the whole);
    # a band below bounds the node's units against its parent's
    checked = [(g, lo_, hi_) for g, lo_, hi_ in zip(bands.groups, bands.lower, bands.upper)
               if g in opened] + list(bands.nested)
    if checked:
        k, n = len(checked), len(paths)
        child, parent = np.zeros((n, k)), np.zeros((n, k))
        for j, (p, _, _) in enumerate(checked):
            child[under[p], j] = 1.0
            if "." in p:
                parent[under[p.rsplit(".", 1)[0]], j] = 1.0
            else:
                parent[:, j] = 1.0  # the whole
        split = Split(child, parent, np.array([b for _, b, _ in checked]),
                      np.array([b for _, _, b in checked]))
    return Units(tuple(paths), np.stack(shares), np.array(lo), np.array(hi), split)


class BandWeights:
    """Leaf weights for SMAA-2: the units' weights uniform on the bands' polytope, times
    each leaf's share of its unit."""

    def __init__(self, scorer: Scorer, bands: Bands, rng: np.random.Generator) -> None:
        roots = scorer.inputs.criteria.criteria
        if tuple(c.id for c in roots) != bands.groups:
            raise bands_problem(bands, "the bands were checked against another criteria file")
        self.units = units(roots, [leaf.id for leaf in scorer.leaves], bands)
        self.shares = self.units.shares
        self.sampler = BandSampler.build(self.units.lower, self.units.upper, rng, self.units.split)
        if self.sampler.acceptance <= 0:
            raise bands_problem(
                bands,
                f"expected bands wide enough to sample exactly, got bands that none of "
                f"{PILOT:,} draws from the simplex fit; widen them, or fix a top-level "
                "group with lower = upper (below the top level, lower = upper leaves no "
                "room to draw from unless its parent's weight is fixed too)",
            )

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        return np.asarray(self.sampler.draw(rng, k) @ self.shares)
