"""Property tests on random matrices (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bidtool.methods.promethee import PreferenceFunction, promethee2, promethee2_direct
from bidtool.methods.topsis import topsis
from bidtool.methods.vikor import vikor
from bidtool.methods.wpm import wpm
from bidtool.methods.wsm import wsm

shapes = st.tuples(st.integers(2, 8), st.integers(1, 5))


@st.composite
def problems(draw: st.DrawFn, low: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m, n = draw(shapes)
    x = draw(arrays(float, (m, n), elements=st.integers(int(low), 50).map(float)))
    w = draw(arrays(float, (n,), elements=st.integers(1, 10).map(float)))
    t = draw(arrays(float, (n,), elements=st.sampled_from([1.0, -1.0])))
    return x, w / w.sum(), t


@settings(max_examples=80, deadline=None)
@given(problems(), st.integers(0, 4), st.floats(0.1, 100))
def test_scale_invariance(p: tuple, col: int, factor: float) -> None:
    x, w, t = p
    j = col % x.shape[1]
    y = x.copy()
    y[:, j] *= factor
    assert np.allclose(topsis(x, w, t)[0], topsis(y, w, t)[0], atol=1e-9)
    a, b = wpm(x, w, t), wpm(y, w, t)
    assert np.allclose(a, b, rtol=1e-9)
    assert np.allclose(vikor(x, w, t).q, vikor(y, w, t).q, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(problems(), st.integers(0, 7), st.integers(0, 4), st.integers(1, 20))
def test_improving_a_benefit_never_lowers_score(p: tuple, row: int, col: int, step: int) -> None:
    x, w, t = p
    i, j = row % x.shape[0], col % x.shape[1]
    t = t.copy()
    t[j] = 1.0
    y = x.copy()
    y[i, j] += step
    # WSM on a fixed absolute scale (a value function): more is never worse
    scale = lambda m: np.clip(m / 100.0, 0, 1)  # noqa: E731
    assert wsm(scale(y), w)[i] >= wsm(scale(x), w)[i] - 1e-12
    assert topsis(y, w, t)[0][i] >= topsis(x, w, t)[0][i] - 1e-9


prefs = st.sampled_from(["usual", "u-shape", "v-shape", "level", "linear"])


@settings(max_examples=150, deadline=None)
@given(
    problems(low=0),
    st.lists(st.tuples(prefs, st.integers(0, 5), st.integers(1, 10)), min_size=5, max_size=5),
)
def test_fast_promethee_equals_direct(p: tuple, spec: list) -> None:
    x, w, t = p
    pf = [PreferenceFunction(k, float(min(q, pp - 1)), float(pp)) for k, q, pp in spec]
    pf = pf[: x.shape[1]]
    fast = promethee2(x, w, t, pf)
    slow = promethee2_direct(x, w, t, pf)
    assert np.allclose(fast.net, slow.net, atol=1e-9)
    assert np.allclose(fast.plus, slow.plus, atol=1e-9)


def test_defined_results_on_degenerate_data() -> None:
    x = np.array([[1.0, 5.0, 0.0], [2.0, 5.0, 0.0]])
    w = np.array([0.5, 0.3, 0.2])
    t = np.array([1.0, -1.0, 1.0])
    for out in (
        topsis(x, w, t)[0],
        vikor(x, w, t).q,
        wpm(x, w, t),
        promethee2(x, w, t, [PreferenceFunction()] * 3).net,
    ):
        assert np.isfinite(out).all()
    one = np.array([[3.0, 4.0]])
    assert topsis(one, np.array([0.5, 0.5]), np.array([1.0, 1.0]))[0].tolist() == [0.5]
    assert vikor(one, np.array([0.5, 0.5]), np.array([1.0, 1.0])).compromise == (0,)
    assert promethee2(
        one, np.array([1.0, 1.0]), np.array([1.0, 1.0]), [PreferenceFunction()] * 2
    ).net.tolist() == [0.0]


def test_wpm_zero_cost_is_a_clear_error() -> None:
    import pytest

    from bidtool.methods.errors import MethodError

    with pytest.raises(MethodError, match="cost criterion with a value of 0"):
        wpm(np.array([[1.0, 0.0], [2.0, 3.0]]), np.array([0.5, 0.5]), np.array([1.0, -1.0]))


def test_vikor_treats_rounding_noise_in_r_as_a_tie() -> None:
    """Found by hypothesis: R equal for everyone but for rounding made Q jump by 0.5."""
    x = np.array([[19.0, 1, 1, 2, 1], [33.0, 1, 1, 1, 1], [19.0, 1, 1, 1, 1]])
    w = np.array([0.125, 0.125, 0.125, 0.125, 0.5])
    t = np.ones(5)
    y = x.copy()
    y[:, 0] *= 0.109375
    assert np.allclose(vikor(x, w, t).q, vikor(y, w, t).q, atol=1e-9)
