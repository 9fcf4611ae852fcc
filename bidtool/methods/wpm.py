"""Weighted product model (WPM)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bidtool.methods.errors import MethodError
from bidtool.methods.registry import Method, Scored, register


def wpm(matrix: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted product: P_i = Π_j r_ij^{w_j}, with ratio normalisation

    r_ij = x_ij / max_i x_ij (benefit),  r_ij = min_i x_ij / x_ij (cost).

    Normalisation only rescales every score by the same constant, so the
    pairwise ratios P(A_K / A_L) = Π_j (x_Kj / x_Lj)^{±w_j} of Bridgman (1922)
    and Miller & Starr (1969) are unchanged; scores are in (0, 1].  Computed
    in log space (exp(Σ_j w_j ln r_ij)) so many criteria cannot underflow.

    A benefit value of 0 gives a score of 0 (unless that criterion's weight
    is 0); an all-zero benefit column separates nobody (r = 1).  A cost value
    of 0 (or any negative value) has no defined ratio and raises
    :class:`MethodError`.

    References
    ----------
    Bridgman, P. W. (1922). *Dimensional Analysis*. Yale University Press.
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, §2.2. Kluwer.
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    cost = np.asarray(types) < 0
    col_min = x.min(axis=0) if len(x) else np.zeros(x.shape[1])
    if (col_min < 0).any():
        raise MethodError("WPM needs non-negative values; a criterion has a negative value")
    if (col_min[cost] == 0).any():
        raise MethodError(
            "WPM is undefined for a cost criterion with a value of 0 "
            "(its ratio is infinite); use a value function or another method"
        )
    col_max = x.max(axis=0) if len(x) else np.ones(x.shape[1])
    # one division per cell: benefit x / max; cost min / x
    scale = np.where(cost, col_min, 1.0 / np.where(col_max > 0, col_max, 1.0))
    with np.errstate(divide="ignore"):
        r = np.where(cost, scale / x, x * scale) if cost.any() else x * scale
        logs = np.log(r)
    if np.isneginf(logs).any():  # a benefit value of 0
        logs[:, ~cost & (col_max == 0)] = 0.0  # an all-zero column separates nobody: r = 1
        logs[:, w <= 0] = 0.0  # weight 0: r^0 = 1, even for r = 0
        # any remaining −inf has w > 0, so the sum is −inf and the score exp(−inf) = 0
    return np.asarray(np.exp(logs @ w))


def _score(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    return Scored(wpm(x, w, types), [{} for _ in range(len(x))], {})


WPM = register(
    Method("wpm", "weighted product", True, additive=False, scorer=_score, zero_vetoes=True)
)
