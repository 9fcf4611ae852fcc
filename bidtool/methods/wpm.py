"""Weighted product model (WPM)."""

from __future__ import annotations

import numpy as np

from bidtool.methods.errors import MethodError


def wpm(matrix: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted product: P_i = Π_j r_ij^{w_j}, with ratio normalisation

    r_ij = x_ij / max_i x_ij (benefit),  r_ij = min_i x_ij / x_ij (cost).

    Normalisation only rescales every score by the same constant, so the
    pairwise ratios P(A_K / A_L) = Π_j (x_Kj / x_Lj)^{±w_j} of Bridgman (1922)
    and Miller & Starr (1969) are unchanged; scores are in (0, 1].  Computed
    in log space so many criteria cannot underflow.

    A benefit value of 0 gives a score of 0; a cost value of 0 (or any
    negative value) has no defined ratio and raises :class:`MethodError`.

    References
    ----------
    Bridgman, P. W. (1922). *Dimensional Analysis*. Yale University Press.
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, §2.2. Kluwer.
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    cost = np.asarray(types) < 0
    if (x < 0).any():
        raise MethodError("WPM needs non-negative values; a criterion has a negative value")
    if (x[:, cost] == 0).any():
        raise MethodError(
            "WPM is undefined for a cost criterion with a value of 0 "
            "(its ratio is infinite); use a value function or another method"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        col_max = x.max(axis=0)
        col_min = x.min(axis=0)
        r = np.where(cost, col_min / x, x / np.where(col_max > 0, col_max, 1.0))
        r = np.where(~cost & (col_max == 0), 1.0, r)  # an all-zero benefit column
        logs = np.where(r > 0, np.log(np.where(r > 0, r, 1.0)), -np.inf)
    log_score = np.where(w > 0, logs * w, 0.0).sum(axis=1)
    return np.asarray(np.exp(log_score))
