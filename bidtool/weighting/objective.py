"""Objective weights computed from the decision matrix: entropy and CRITIC."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bidtool.errors import InputError
from bidtool.matrix import build_matrix
from bidtool.model import Inputs

OBJECTIVE = ("entropy", "critic")
"""Weighting schemes computed from the decision matrix rather than written down."""


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    """Shannon-entropy weights.

    p_ij = x_ij / Σ_i x_ij,  E_j = −(1/ln m) Σ_i p_ij ln p_ij  (0·ln 0 = 0),
    d_j = 1 − E_j,  w_j = d_j / Σ_k d_k.  Values must be non-negative; a
    criterion on which everyone is equal gets weight 0.  If no criterion
    discriminates, the weights are equal.

    References
    ----------
    Shannon, C. E. (1948); Zeleny, M. (1982). *Multiple Criteria Decision
    Making*, McGraw-Hill; worked example: Elsayed, E. A. et al. (2017).
    """
    x = np.asarray(matrix, dtype=float)
    m, n = x.shape
    if m < 2:
        return np.full(n, 1.0 / n)
    col = x.sum(axis=0)
    p = x / np.where(col > 0, col, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    e = np.where(col > 0, e, 1.0)
    d = 1.0 - e
    return d / d.sum() if d.sum() > 0 else np.full(n, 1.0 / n)


def critic_weights(matrix: np.ndarray, types: np.ndarray) -> np.ndarray:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    Min–max normalise each column (cost reversed), σ_j its standard deviation
    (sample, ddof = 1), r_jk Pearson correlation between columns;
    C_j = σ_j Σ_k (1 − r_jk),  w_j = C_j / Σ_k C_k.  A constant column has
    σ = 0 and so weight 0.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining
    objective weights in multiple criteria problems: the CRITIC method.
    *Computers & Operations Research* 22(7), 763–770.
    """
    x = np.asarray(matrix, dtype=float)
    m, n = x.shape
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    z = (x - lo) / span
    z = np.where(np.asarray(types) > 0, z, 1.0 - z)
    z = np.where(hi > lo, z, 0.0)
    if m < 2:
        return np.full(n, 1.0 / n)
    sigma = z.std(axis=0, ddof=1)
    centred = z - z.mean(axis=0)
    norms = np.sqrt((centred * centred).sum(axis=0))
    safe = np.where(norms > 0, norms, 1.0)
    r = (centred / safe).T @ (centred / safe)
    r = np.where(np.outer(norms > 0, norms > 0), r, 0.0)
    c = sigma * (1.0 - r).sum(axis=1)
    return c / c.sum() if c.sum() > 0 else np.full(n, 1.0 / n)


def apply_objective_weights(inputs: Inputs, weighting: str | None) -> Inputs:
    """Inputs whose leaf weights are computed from the data (entropy or CRITIC).

    ``weighting`` is ``direct`` (or None: the criteria file's ``weighting:``),
    ``entropy`` or ``critic``.  The weights come from the matrix the methods
    see — a leaf's value-function utility where it has one, else its raw
    value with its direction — over the regions that pass the constraints,
    unknown values counted as the worst.  They replace the tree's weights
    (flat, leaf by leaf); the file's direct, AHP or ROC weights are ignored.
    """
    from bidtool.ranking import eligibility, method_matrix

    name = weighting or inputs.criteria.weighting
    if name == "direct":
        if inputs.criteria.weighting == "direct":
            return inputs
        return replace(inputs, criteria=replace(inputs.criteria, weighting="direct"))
    if name not in OBJECTIVE:
        raise InputError.single(
            inputs.criteria.path,
            f"unknown weighting {name!r}; expected direct, {', '.join(OBJECTIVE)}",
            path="weighting",
        )
    criteria = inputs.criteria
    dm = build_matrix(criteria, inputs.regions)
    eligible, _, _ = eligibility(criteria, inputs.regions, dm)
    x, types = method_matrix(dm, eligible)
    pool = x[eligible] if eligible.any() else x
    if name == "entropy":
        negative = [leaf.id for j, leaf in enumerate(dm.leaves) if (pool[:, j] < 0).any()]
        if negative:
            raise InputError.single(
                criteria.path,
                "entropy weights need non-negative values; negative in "
                f"{', '.join(negative)} (give those leaves a value_function, or use critic)",
                path="weighting",
            )
        w = entropy_weights(pool)
    else:
        w = critic_weights(pool, types)
    return replace(inputs, criteria=criteria.with_leaf_weights(w.tolist(), name))
