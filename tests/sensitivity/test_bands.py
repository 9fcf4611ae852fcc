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
from bidtool.model import Criterion
from bidtool.ranks import rank_matrix
from bidtool.sensitivity.bands import BandSampler, units
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


# ---------------------------------------------------------------- bands below the top level

def _tree(sizes: list[list[int]]) -> tuple[tuple[Criterion, ...], list[str]]:
    """Three levels: top-level groups g0…, subgroups gi.sj, leaves cK (weights 1..)."""
    leaves: list[str] = []
    roots = []
    for g, subs in enumerate(sizes):
        children = []
        for s, n in enumerate(subs):
            kids = tuple(
                Criterion(id=f"c{len(leaves) + i}", label="x", weight=1.0 + i, metric="m")
                for i in range(n)
            )
            leaves += [k.id for k in kids]
            children.append(Criterion(id=f"s{s}", label="x", weight=1.0 + s, children=kids))
        roots.append(Criterion(id=f"g{g}", label="x", weight=1.0, children=tuple(children)))
    return tuple(roots), leaves


def _node_weights(roots: tuple[Criterion, ...], leaves: list[str], w: np.ndarray) -> dict[str, np.ndarray]:
    """Every node's global weight per draw: the sum of its leaves' weights."""
    pos = {lid: j for j, lid in enumerate(leaves)}
    out: dict[str, np.ndarray] = {}

    def visit(node: Criterion, path: str) -> np.ndarray:
        if not node.children:
            out[path] = w[:, pos[node.id]]
        else:
            out[path] = sum(visit(c, f"{path}.{c.id}") for c in node.children)  # type: ignore[assignment]
        return out[path]

    for root in roots:
        visit(root, root.id)
    return out


@st.composite
def nested_bands(draw: st.DrawFn) -> tuple[tuple[Criterion, ...], list[str], Bands]:
    """A three-level tree; a local share s per node (normalised per group), then bands
    lower = a·s ≤ s ≤ s + b·(1 − s) = upper on the top level and on a random subset of
    the nodes below: always feasible."""
    sizes = [[draw(st.integers(1, 3)) for _ in range(draw(st.integers(1, 3)))]
             for _ in range(draw(st.integers(2, 3)))]
    roots, leaves = _tree(sizes)
    unit = st.floats(0.0, 1.0)

    def shares(n: int) -> np.ndarray:
        e = np.array([draw(st.floats(0.05, 10.0)) for _ in range(n)])
        return e / e.sum()

    def band(s: float) -> tuple[float, float]:
        return draw(unit) * s, s + draw(st.floats(0.2, 1.0)) * (1 - s)

    top = [band(float(s)) for s in shares(len(roots))]
    nested = []
    for root in roots:
        for node, s in zip(root.children, shares(len(root.children))):
            path = f"{root.id}.{node.id}"
            if draw(st.booleans()):
                nested.append((path, *band(float(s))))
            for leaf, s2 in zip(node.children, shares(len(node.children))):
                if draw(st.booleans()):
                    nested.append((f"{path}.{leaf.id}", *band(float(s2))))
    bands = Bands("b.yaml", "0" * 64, "t", "t", tuple(r.id for r in roots),
                  tuple(b[0] for b in top), tuple(b[1] for b in top), tuple(nested))
    return roots, leaves, bands


@settings(max_examples=25, deadline=None)
@given(nested_bands(), st.integers(0, 2**32 - 1))
def test_every_draw_lies_inside_every_nested_band(
    case: tuple[tuple[Criterion, ...], list[str], Bands], seed: int
) -> None:
    """Each top-level group's weight in its band; each nested node's share of its parent
    in its band; leaf weights add up to 1."""
    roots, leaves, bands = case
    rng = np.random.default_rng(seed)
    u = units(roots, leaves, bands)
    sampler = BandSampler.build(u.lower, u.upper, rng, u.split)
    assume(sampler.acceptance > 0)  # too narrow to sample: refused (exit 3)
    w = sampler.draw(rng, 100) @ u.shares
    assert w.sum(axis=1) == pytest.approx(np.ones(len(w)), abs=1e-12)
    weights = _node_weights(roots, leaves, w)
    for g, lo, hi in zip(bands.groups, bands.lower, bands.upper):
        assert (weights[g] >= lo - 1e-9).all() and (weights[g] <= hi + 1e-9).all()
    for path, lo, hi in bands.nested:
        share = weights[path] / weights[path.rsplit(".", 1)[0]]
        assert (share >= lo - 1e-9).all() and (share <= hi + 1e-9).all(), path


def test_nested_bands_match_accept_reject_reference() -> None:
    """Acceptabilities under bands on groups and below them equal plain accept–reject from
    the uniform simplex over the units' weights, within 0.01 at 100,000 draws."""
    # g0 = {c0, c1, c2}, g1 = {c3, c4}, g2 = {c5}; bands on g0.c0 and g1.c3 open g0 and g1
    matrix = [
        [1.0, 0.1, 0.3, 0.2, 0.5, 0.4],
        [0.2, 0.9, 0.4, 0.6, 0.2, 0.5],
        [0.5, 0.5, 0.9, 0.1, 0.6, 0.3],
        [0.3, 0.4, 0.2, 1.0, 0.4, 0.8],
    ]
    inputs = make_inputs(matrix, [1, 2, 1, 1, 1, 1], groups=[0, 0, 0, 1, 1, 2])
    scorer = Scorer.build(inputs, "wsm")
    bands = Bands("b.yaml", "0" * 64, "t", "t", ("g0", "g1", "g2"), (0.2, 0.1, 0.1),
                  (0.6, 0.5, 0.5), (("g0.c0", 0.2, 0.6), ("g1.c3", 0.3, 0.9)))
    got = smaa(scorer, SAMPLES, 21, "bands", bands=bands)
    # the reference: units c0 c1 c2 c3 c4 g2 (= c5), plain Dirichlet(1) on the simplex,
    # every band checked on sums of the draw
    rng = np.random.default_rng(22)
    kept, have = [], 0
    while have < SAMPLES:
        e = rng.standard_exponential((1_000_000, 6))
        d = e / e.sum(axis=1, keepdims=True)
        g0, g1, g2 = d[:, :3].sum(axis=1), d[:, 3:5].sum(axis=1), d[:, 5]
        ok = ((g0 >= 0.2) & (g0 <= 0.6) & (g1 >= 0.1) & (g1 <= 0.5) & (g2 >= 0.1) & (g2 <= 0.5)
              & (d[:, 0] >= 0.2 * g0) & (d[:, 0] <= 0.6 * g0)
              & (d[:, 3] >= 0.3 * g1) & (d[:, 3] <= 0.9 * g1))
        kept.append(d[ok])
        have += int(ok.sum())
    w = np.concatenate(kept)[:SAMPLES]
    want = acceptabilities(scorer.utilities, w)  # unit = leaf here (g2 has one leaf)
    assert np.abs(got.acceptability - want).max() <= 0.01
    assert (got.acceptability[:, 0] > 0.05).sum() >= 2  # a contested lead


def test_top_level_bands_draw_as_before() -> None:
    """Bands on the top level only: the units are the groups, no nested check, the same
    draws as the top-level sampler gives."""
    matrix = [[1.0, 0.0, 0.2], [0.0, 1.0, 0.3]]
    inputs = make_inputs(matrix, [1, 1, 1], groups=[0, 1, 2])
    roots = inputs.criteria.criteria
    bands = Bands("b.yaml", "0" * 64, "t", "t", ("g0", "g1", "g2"), (0.0, 0.1, 0.0),
                  (0.5, 0.6, 0.45))
    u = units(roots, ["c0", "c1", "c2"], bands)
    assert u.paths == ("g0", "g1", "g2") and u.split is None and bands.level == "top"
    a = BandSampler.build(u.lower, u.upper, np.random.default_rng(1), u.split)
    b = BandSampler.build(bands.lower, bands.upper, np.random.default_rng(1))
    assert np.array_equal(a.draw(np.random.default_rng(2), 50), b.draw(np.random.default_rng(2), 50))
