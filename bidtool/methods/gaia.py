"""The GAIA plane: principal components of PROMETHEE's unicriterion net flows.

Each alternative a is the point (φ_1(a), …, φ_n(a)) of its unicriterion net
flows (:func:`bidtool.methods.promethee.unicriterion_flows`).  GAIA projects
these m points onto the plane of the two largest principal components
(Mareschal & Brans 1988): alternatives that are alike lie close together,
each criterion j is the projection of the unit vector e_j (criteria pointing
the same way agree, opposite ways conflict), and the *decision stick* π is the
projection of the weight vector w — PROMETHEE II ranks the alternatives
roughly along it.  δ, the share of the flows' variance the plane keeps, says
how far the picture can be trusted (Brans & Mareschal 2005 advise caution
below about 60 %).

Pure numpy, no I/O: the report draws it (:func:`bidtool.report.gaia.gaia_svg`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Gaia:
    """The GAIA plane's numbers (coordinates in the units of the unicriterion flows)."""

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    points: tuple[tuple[float, float], ...]
    """Each alternative's (u, v) in the plane."""
    axes: tuple[tuple[float, float], ...]
    """Each criterion's axis: the projection of its unit vector e_j (length ≤ 1)."""
    stick: tuple[float, float]
    """The decision stick π: the projection of the weights (normalised to sum 1)."""
    eigenvalues: tuple[float, ...]
    """Variances along every principal axis, largest first (λ_k = s_k² / m)."""
    delta: float
    """δ = (λ_1 + λ_2) / Σ λ_k, the share of the information the plane keeps (1.0 when the
    flows have no spread at all: there is nothing to lose)."""

    @property
    def explained(self) -> tuple[float, ...]:
        """Each principal axis's share of the variance, λ_k / Σ λ."""
        total = sum(self.eigenvalues)
        if total <= 0:
            return tuple(0.0 for _ in self.eigenvalues)
        return tuple(v / total for v in self.eigenvalues)

    def to_dict(self) -> dict[str, object]:
        return {
            "delta": self.delta,
            "explained": list(self.explained),
            "alternatives": {a: list(p) for a, p in zip(self.alternatives, self.points)},
            "criteria": {c: list(p) for c, p in zip(self.criteria, self.axes)},
            "decision_stick": list(self.stick),
        }


def gaia(
    flows: np.ndarray,
    weights: Sequence[float],
    alternatives: Sequence[str],
    criteria: Sequence[str],
) -> Gaia:
    """The GAIA plane of the m × n unicriterion net flow matrix ``flows``.

    The flows are centred per criterion (PROMETHEE's already have mean 0) and
    decomposed by SVD, Φ = U S Vᵀ; the covariance C = ΦᵀΦ / m has
    eigenvalues λ_k = s_k² / m and eigenvectors the columns of V.  With
    v₁, v₂ the first two: alternative a ↦ (Φ_a·v₁, Φ_a·v₂), criterion j ↦
    (v₁_j, v₂_j), decision stick π = (w·v₁, w·v₂), δ = (λ₁ + λ₂)/Σλ.  Each
    axis's sign is fixed so that its largest loading (first on a tie) is
    positive: the same inputs always draw the same picture.

    References
    ----------
    Mareschal, B. & Brans, J.-P. (1988). Geometrical representations for
    MCDA. *European Journal of Operational Research* 34(1), 69–77.
    doi:10.1016/0377-2217(88)90456-0
    Brans, J.-P. & Mareschal, B. (2005). PROMETHEE methods, §5.4 (the GAIA
    plane). In: Figueira, J., Greco, S. & Ehrgott, M. (eds.) *Multiple
    Criteria Decision Analysis: State of the Art Surveys*, Springer, 163–196.
    """
    phi = np.asarray(flows, dtype=float)
    m, n = phi.shape
    if m != len(alternatives) or n != len(criteria) or n != len(weights):
        raise ValueError(
            f"GAIA needs one row per alternative and one column per criterion and weight: "
            f"got {phi.shape}, {len(alternatives)} alternatives, {len(criteria)} criteria, "
            f"{len(weights)} weights"
        )
    centred = phi - phi.mean(axis=0) if m else phi
    if m == 0 or n == 0:
        s = np.zeros(0)
        vt = np.zeros((0, n))
    else:
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
    lam = (s * s) / max(m, 1)
    basis = np.zeros((n, 2))
    for k in range(min(2, len(s))):
        v = vt[k].copy()
        if s[k] <= 1e-15 * max(float(s[0]), 1.0):
            continue  # no variance along this axis: leave it at 0 rather than draw noise
        big = int(np.argmax(np.abs(v)))
        basis[:, k] = v if v[big] > 0 else -v
    w = np.asarray(weights, dtype=float)
    w = w / w.sum() if w.sum() > 0 else w
    points = centred @ basis
    stick = w @ basis
    total = float(lam.sum())
    delta = float(lam[:2].sum() / total) if total > 0 else 1.0
    return Gaia(
        tuple(alternatives),
        tuple(criteria),
        tuple((float(a), float(b)) for a, b in points),
        tuple((float(a), float(b)) for a, b in basis),
        (float(stick[0]), float(stick[1])),
        tuple(float(v) for v in lam),
        delta,
    )
