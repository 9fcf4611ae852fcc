"""Weighted sum model (WSM, simple additive weighting)."""

from __future__ import annotations

import numpy as np


def wsm(utilities: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    contributions : (m, n) array
        ``w_j · u_ij``; each row sums to the score.

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product set.
    Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A
    Comparative Study*, ch. 2. Kluwer.
    """
    u = np.asarray(utilities, dtype=float)
    w = np.asarray(weights, dtype=float)
    contributions = u * w
    # np.sum over a row is pairwise, so the score equals the sum of its
    # contributions exactly as a reader re-adding them would get (to ~1 ulp)
    return contributions.sum(axis=1), contributions
