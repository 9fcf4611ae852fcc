"""Weighted sum model (WSM, simple additive weighting)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bidtool.methods.registry import Method, Scored, register


def wsm(utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted sum: A_i = Σ_j w_j · u_ij.

    Parameters
    ----------
    utilities : (m, n) array
        Commensurate performance values, higher = better (utilities in
        [0, 1] after a value function or normalisation, or raw values when
        all criteria share one unit and direction).
    weights : (n,) array
        Criterion weights (not renormalised here).

    Returns
    -------
    scores : (m,) array

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product set.
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, ch. 2. Kluwer.
    """
    u = np.asarray(utilities, dtype=float)
    w = np.asarray(weights, dtype=float)
    return np.asarray(u @ w)


def wsm_contributions(utilities: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores with what each criterion contributed: ``c_ij = w_j · u_ij``.

    The score is the row sum of the contributions (numpy's pairwise sum),
    so it equals the sum of its contributions exactly as a reader re-adding
    them would get (to ~1 ulp) — what the ranking report needs.  Use
    :func:`wsm` when only scores are wanted.
    """
    u = np.asarray(utilities, dtype=float)
    w = np.asarray(weights, dtype=float)
    contributions = u * w
    return contributions.sum(axis=1), contributions


def _score(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    return Scored(wsm(x, w), [{} for _ in range(len(x))], {})


WSM = register(Method("wsm", "weighted sum", True, additive=True, scorer=_score))
