"""Ranks of many regions: the sorted path gives exactly the pairwise loop's answer."""

from __future__ import annotations

import numpy as np
import pytest

from bidtool import ranks as scoring
from bidtool.ranks import TIE_RTOL, _rank_sorted, rank_matrix, rank_of


def _pairwise(s: np.ndarray) -> np.ndarray:
    mag = np.abs(s)
    ranks = np.ones(s.shape, dtype=np.int64)
    for j in range(s.shape[-1]):
        tol = TIE_RTOL * np.maximum(np.maximum(mag[..., j : j + 1], mag), 1e-300)
        ranks += (s[..., j : j + 1] - s) > tol
    return ranks


@pytest.mark.parametrize("kind", ["distinct", "integers", "tie-chains", "near-ties", "negative"])
def test_sorted_ranks_equal_the_pairwise_loop(kind: str) -> None:
    """791400d ranked with a k × m × m loop: with 2,000 regions and 10,000 draws SMAA-2
    did not finish; sorting each row must give the same ranks, ties included."""
    rng = np.random.default_rng(len(kind))
    for _ in range(20):
        k, m = int(rng.integers(1, 20)), int(rng.integers(65, 160))
        if kind == "distinct":
            s = rng.random((k, m))
        elif kind == "integers":
            s = rng.integers(0, 5, (k, m)).astype(float)
        elif kind == "tie-chains":  # a ~ b ~ c but not a ~ c
            s = rng.integers(0, 4, (k, m)) + rng.integers(0, 4, (k, m)) * 0.9e-12
        elif kind == "near-ties":
            s = 0.3 + rng.integers(-2, 3, (k, m)) * 0.3e-12
        else:
            s = -rng.integers(0, 3, (k, m)) * rng.random((k, m)).round(1)
        want = _pairwise(s)
        assert (_rank_sorted(s) == want).all()
        assert (rank_matrix(s, True) == want).all()
        assert (rank_matrix(-s, False) == want).all()
        for i in range(0, m, 17):
            assert rank_of(s[0], i, True) == want[0, i]


def test_small_and_non_finite_rows_keep_the_pairwise_loop() -> None:
    s = np.array([[0.5, np.nan] + [0.1] * (scoring.PAIRWISE_MAX + 1)])
    assert (rank_matrix(s, True) == _pairwise(s)).all()
