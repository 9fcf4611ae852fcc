"""Sweeps and critical weights: exact for wsm, checked against brute force and T&S (1997)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidtool.sensitivity import sweep as sweeping
from bidtool.sensitivity.scorer import Scorer, weight_path
from bidtool.sensitivity.smaa import smaa
from bidtool.sensitivity.sweep import sweep
from tests.sensitivity.helpers import make_inputs

STEP = 1e-3


@st.composite
def cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m = draw(st.integers(2, 6))
    n = draw(st.integers(2, 6))
    cell = st.integers(0, 100).map(lambda v: v / 100)
    x = np.array(draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m)))
    w = np.array(draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)), float)
    return x, w / w.sum()


def _leader(scorer: Scorer, j: int, t: float) -> set[str]:
    ranks = scorer.ranks(weight_path(scorer.weights, (j,), np.array([t])))[0]
    return {scorer.ids[i] for i in np.flatnonzero(ranks == 1)}


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cases())
def test_critical_weights_agree_with_a_brute_force_sweep(case: tuple) -> None:
    x, w = case
    scorer = Scorer.build(make_inputs(x, w))
    now = scorer.ranks(scorer.weights)[0]
    if (now == 1).sum() > 1:
        return  # a tie at the top: no single leader to dethrone
    leader = {scorer.ids[int(np.argmin(now))]}
    grid = np.arange(0.0, 1.0 - STEP / 2, STEP)  # t = 1 zeroes every other weight: excluded
    for sw in sweep(scorer):
        if sw.level != "leaf":
            continue
        (j,) = sw.members
        g = sw.weight
        changed = [t for t in grid if _leader(scorer, j, t) != leader]
        if sw.top is None:
            assert not changed, (sw.criterion, changed[:3])
            continue
        dist = abs(sw.top.t - g)
        # no grid weight closer than the critical one (less a step) changes the leader …
        assert all(abs(t - g) >= dist - STEP for t in changed)
        # … and just past it, the leader has changed
        beyond = sw.top.t + np.sign(sw.top.t - g) * 1e-9
        assert _leader(scorer, j, beyond) != leader


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cases())
def test_critical_delta_is_triantaphyllou_sanchez(case: tuple) -> None:
    """δ for the top rank: min |c| over j of c = (P_j − P_L)/(a_Lk − a_jk), w_k + c ≥ 0."""
    x, w = case
    scorer = Scorer.build(make_inputs(x, w))
    p = x @ w
    order = np.argsort(-p, kind="stable")
    if len(p) > 1 and np.isclose(p[order[0]], p[order[1]], rtol=1e-9, atol=1e-12):
        return
    lead = int(order[0])
    for sw in sweep(scorer):
        if sw.level != "leaf":
            continue
        (k,) = sw.members
        cands = []
        for j in range(len(p)):
            if j == lead or x[lead, k] == x[j, k]:
                continue
            c = (p[j] - p[lead]) / (x[lead, k] - x[j, k])
            if w[k] + c >= -1e-12:
                cands.append(c)
        if not cands:
            assert sw.top is None
            continue
        best = min(cands, key=abs)
        assert sw.top is not None
        assert sw.top.delta_abs == pytest.approx(best, rel=1e-9, abs=1e-12)
        assert sw.top.delta_rel == pytest.approx(best / w[k], rel=1e-9, abs=1e-12)


def test_group_sweep_moves_the_group_as_a_block() -> None:
    x = [[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [0.4, 0.4, 1.0]]
    scorer = Scorer.build(make_inputs(x, [0.3, 0.3, 0.4], groups=[0, 0, 1]))
    g0 = next(sw for sw in sweep(scorer) if sw.criterion == "g0")
    assert g0.level == "group" and g0.weight == pytest.approx(0.6)
    # scores along t: r0 = r1 = 0.5 t + 0.5 (1 − t); r2 = 0.4 t + 1.0 (1 − t): cross at t = 5/6
    assert [bp.t for bp in g0.breakpoints] == pytest.approx([5 / 6])
    assert g0.leader == "r2" and g0.leader_interval == pytest.approx((0.0, 5 / 6))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(case=cases(), grouped=st.booleans())
def test_many_regions_sweep_keeps_the_critical_weights_exact(case: tuple, grouped: bool) -> None:
    """791400d listed every pair's crossing (m²/2: two million for 2,000 regions, and a
    full ranking at each) and did not finish; beyond SWEEP_ALL_MAX regions only the
    leader's changes are listed, while the leader's interval and both critical
    weights stay what the full sweep says."""
    x, w = case
    groups = [j % 2 for j in range(len(w))] if grouped else None
    scorer = Scorer.build(make_inputs(x, w, groups=groups))
    full = sweep(scorer)
    saved = sweeping.SWEEP_ALL_MAX
    sweeping.SWEEP_ALL_MAX = 1
    try:
        many = sweep(scorer)
    finally:
        sweeping.SWEEP_ALL_MAX = saved
    for a, b in zip(full, many):
        assert b.scope == "leader" or b.fixed or len(scorer.ids) < 2
        assert (a.leader, a.fixed) == (b.leader, b.fixed)
        if a.leader_interval is None:
            assert b.leader_interval is None
        else:
            assert b.leader_interval == pytest.approx(a.leader_interval, abs=1e-9)
        for ca, cb in ((a.top, b.top), (a.any, b.any)):
            assert (ca is None) == (cb is None), a.criterion
            if ca is not None and cb is not None:
                assert cb.t == pytest.approx(ca.t, abs=1e-9)
                assert cb.delta_abs == pytest.approx(ca.delta_abs, abs=1e-9)
        listed = {round(bp.t, 9) for bp in a.breakpoints}
        assert {round(bp.t, 9) for bp in b.breakpoints} <= listed


def test_many_regions_sweep_and_smaa_finish() -> None:
    rng = np.random.default_rng(5)
    x = rng.random((300, 6)).round(3)
    w = rng.random(6) + 0.1
    scorer = Scorer.build(make_inputs(x, w / w.sum()))
    sweeps = sweep(scorer)
    assert all(sw.scope == "leader" for sw in sweeps)
    assert all(sw.top is not None and sw.any is not None for sw in sweeps)
    result = smaa(scorer, 3_000, 1)
    assert result.acceptability.shape == (300, 300)
    assert result.acceptability.sum(axis=1) == pytest.approx(np.ones(300))
