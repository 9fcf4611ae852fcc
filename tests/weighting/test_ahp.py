"""AHP priorities by power iteration against numpy's eigen-solver."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidtool.methods.errors import MethodError
from bidtool.weighting.ahp import RANDOM_INDEX, ahp_priorities

SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 1.5, 2, 3, 5, 7, 9]


@st.composite
def reciprocal(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(2, 9))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = draw(st.sampled_from(SCALE))
            a[i, j], a[j, i] = v, 1 / v
    return a


@settings(max_examples=80, deadline=None)
@given(reciprocal())
def test_power_iteration_equals_the_principal_eigenvector(a: np.ndarray) -> None:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w /= w.sum()
    r = ahp_priorities(a.tolist())
    assert r.weights == pytest.approx(w.tolist(), abs=1e-9)
    assert r.lambda_max == pytest.approx(values[k].real, rel=1e-9)
    n = len(a)
    assert r.ci == pytest.approx((values[k].real - n) / (n - 1), abs=1e-9)
    if n >= 3:
        assert r.cr == pytest.approx(r.ci / RANDOM_INDEX[n], abs=1e-9)


def test_consistent_matrix_is_exact() -> None:
    w = np.array([0.5, 0.3, 0.15, 0.05])
    r = ahp_priorities((w[:, None] / w[None, :]).tolist())
    assert r.weights == pytest.approx(w.tolist(), abs=1e-14)
    assert r.cr == 0.0 and r.consistent


def test_disconnected_and_non_positive_are_errors() -> None:
    with pytest.raises(MethodError, match="do not connect"):
        ahp_priorities([[1, 2, 0, 0], [0.5, 1, 0, 0], [0, 0, 1, 3], [0, 0, 1 / 3, 1]])
    with pytest.raises(MethodError, match="positive"):
        ahp_priorities([[1, -2], [-0.5, 1]])
