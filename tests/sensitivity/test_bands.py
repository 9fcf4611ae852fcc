"""SMAA-2 over admissible weight bands: exact draws inside the bands, and the same
acceptabilities as plain accept–reject from the uniform simplex."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bidtool.api import load
from bidtool.io.bands import Bands, load_bands
from bidtool.ranks import rank_matrix
from bidtool.sensitivity.bands import BandSampler
from bidtool.sensitivity.scorer import Scorer
from bidtool.sensitivity.smaa import smaa
from tests.sensitivity.helpers import make_inputs

SAMPLES = 100_000


@st.composite
def feasible_bands(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A point w of the simplex, then lower = a·w ≤ w ≤ w + b·(1 − w) = upper: always
    feasible; a = 1 and b = 0 fix a group (lower = upper)."""
    n = draw(st.integers(2, 7))
    unit = st.floats(0.0, 1.0)
    e = np.array([draw(st.floats(0.01, 10.0)) for _ in range(n)])
    w = e / e.sum()
    a = np.array([draw(unit) for _ in range(n)])
    b = np.array([draw(unit) for _ in range(n)])
    return a * w, w + b * (1 - w)


@settings(max_examples=50, deadline=None)
@given(feasible_bands(), st.integers(0, 2**32 - 1))
def test_every_draw_lies_inside_the_bands(
    bands: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    lo, hi = bands
    rng = np.random.default_rng(seed)
    sampler = BandSampler.build(lo, hi, rng)
    assume(sampler.acceptance > 0)  # bands too narrow are refused (exit 3), not sampled
    w = sampler.draw(rng, 300)
    assert w.shape == (300, len(lo))
    assert (w >= lo - 1e-12).all() and (w <= hi + 1e-12).all()
    assert w.sum(axis=1) == pytest.approx(np.ones(len(w)), abs=1e-12)


def reference(lo: np.ndarray, hi: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Accept–reject: plain Dirichlet(1, …, 1) on the simplex, keep draws inside the bands."""
    rng = np.random.default_rng(seed)
    kept: list[np.ndarray] = []
    have = 0
    while have < k:
        e = rng.standard_exponential((1_000_000, len(lo)))
        d = e / e.sum(axis=1, keepdims=True)  # Dirichlet(1, …, 1)
        d = d[((d >= lo) & (d <= hi)).all(axis=1)]
        kept.append(d)
        have += len(d)
    return np.concatenate(kept)[:k]


def acceptabilities(utilities: np.ndarray, leaf_weights: np.ndarray) -> np.ndarray:
    """b_i^r from utilities with one matrix product (wsm: score = Σ w·u)."""
    ranks = rank_matrix(leaf_weights @ utilities.T, True)
    m = utilities.shape[0]
    return np.stack([(ranks == r).mean(axis=0) for r in range(1, m + 1)], axis=1)


# Over the bundled groups, wider than the shipped example (whose bands fit 0.2 % of the
# simplex: a 100,000-draw reference would take 50 million draws) — the same sampler.
WIDE = """schema: bidtool.bands/1
label: test
source: test
bands:
  infrastructure: [0.05, 0.35]
  talent: [0.0, 0.25]
  power: [0.1, 0.45]
  site: [0.1, 0.45]
  connectivity: [0.0, 0.25]
  risk: [0.05, 0.3]
"""


def test_bundled_bands_match_accept_reject_reference(tmp_path: Path) -> None:
    inputs = load()
    (tmp_path / "wide.yaml").write_text(WIDE, encoding="utf-8")
    bands = load_bands(str(tmp_path / "wide.yaml"), inputs.criteria)
    scorer = Scorer.build(inputs, "wsm")
    got = smaa(scorer, SAMPLES, 11, "bands", bands=bands)
    assert got.bands_shift in ("lower", "upper")
    # leaf weight = group weight × the leaf's declared share of its group
    leaf_group = np.array(
        [
            next(g for g, root in enumerate(inputs.criteria.criteria) if _under(root, leaf.id))
            for leaf in scorer.leaves
        ]
    )
    declared = np.asarray(scorer.weights, float)
    totals = np.bincount(leaf_group, weights=declared)
    share = declared / totals[leaf_group]
    g = reference(np.array(bands.lower), np.array(bands.upper), SAMPLES, 12)
    want = acceptabilities(scorer.utilities, g[:, leaf_group] * share)
    assert np.abs(got.acceptability - want).max() <= 0.01
    assert got.acceptability[:, 0].max() < 0.99  # not a trivial case: the lead is contested


def _under(node: object, leaf_id: str) -> bool:
    children = getattr(node, "children", ())
    return getattr(node, "id", None) == leaf_id or any(_under(c, leaf_id) for c in children)


def test_upper_shift_matches_reference_on_a_contested_case() -> None:
    # three groups of one leaf each; upper bounds bind, so the upper shift is exact and fast
    matrix = [[1.0, 0.0, 0.2], [0.0, 1.0, 0.3], [0.45, 0.45, 0.5], [0.3, 0.2, 0.9]]
    inputs = make_inputs(matrix, [1, 1, 1], groups=[0, 1, 2])
    scorer = Scorer.build(inputs, "wsm")
    bands = Bands("b.yaml", "0" * 64, "test", "test", ("g0", "g1", "g2"),
                  (0.0, 0.1, 0.0), (0.5, 0.6, 0.45))
    got = smaa(scorer, SAMPLES, 3, "bands", bands=bands)
    assert got.bands_shift == "upper"
    g = reference(np.array(bands.lower), np.array(bands.upper), SAMPLES, 4)
    want = acceptabilities(scorer.utilities, g)
    assert np.abs(got.acceptability - want).max() <= 0.01
    assert (got.acceptability[:, 0] > 0.05).sum() >= 3


def test_same_seed_same_draws_and_fixed_groups_stay_fixed() -> None:
    lo, hi = np.array([0.2, 0.0, 0.1]), np.array([0.2, 0.7, 0.8])
    a = BandSampler.build(lo, hi, np.random.default_rng(5)).draw(np.random.default_rng(6), 500)
    b = BandSampler.build(lo, hi, np.random.default_rng(5)).draw(np.random.default_rng(6), 500)
    assert np.array_equal(a, b)
    assert (a[:, 0] == 0.2).all()
