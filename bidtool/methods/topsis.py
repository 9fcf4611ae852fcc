"""TOPSIS: closeness to the ideal solution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bidtool.methods.registry import Method, Scored, register


def topsis(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TOPSIS with vector normalisation and Euclidean distance.

    r_ij = x_ij / sqrt(Σ_i x_ij²),  v_ij = w_j r_ij;
    A⁺_j = max_i v_ij (benefit) or min_i v_ij (cost), A⁻_j the opposite;
    d⁺_i = ‖v_i − A⁺‖₂,  d⁻_i = ‖v_i − A⁻‖₂,  C*_i = d⁻_i / (d⁺_i + d⁻_i).

    An all-zero column normalises to 0 (it separates nobody).  If every
    alternative is identical (d⁺ = d⁻ = 0) C* is 0.5 for all.

    Returns ``(closeness, d_plus, d_minus)``.

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making:
    Methods and Applications*, pp. 128–134. Springer. doi:10.1007/978-3-642-48318-9
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    benefit = np.asarray(types) > 0
    norm = np.sqrt((x * x).sum(axis=0))
    v = w * x / np.where(norm > 0, norm, 1.0)
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    return closeness, d_plus, d_minus


def _score(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    c, dp, dn = topsis(x, w, types)
    return Scored(c, [{"d_plus": float(a), "d_minus": float(b)} for a, b in zip(dp, dn)], {})


TOPSIS = register(Method("topsis", "relative closeness C*", True, additive=False, scorer=_score))
