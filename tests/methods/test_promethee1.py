"""PROMETHEE I's partial order (Brans & Vincke 1985) and the GAIA plane (Mareschal & Brans 1988)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.methods import get_method
from bidtool.methods.gaia import gaia
from bidtool.methods.promethee import (
    PreferenceFunction,
    promethee1_relations,
    promethee2,
    unicriterion_flows,
)
from bidtool.methods.registry import PartialOrder
from tests.conftest import Run, reference_case


def test_relations_follow_brans_vincke_1985() -> None:
    # a beats b on both flows; c has the best φ⁺ but the worst φ⁻: incomparable with a and b
    plus = [0.5, 0.3, 0.6, 0.5]
    minus = [0.2, 0.4, 0.5, 0.2]
    rel = promethee1_relations(plus, minus)
    assert rel[0][1] == "P+" and rel[1][0] == "P-"
    assert rel[0][2] == rel[2][0] == "R"
    assert rel[1][2] == "R"  # φ⁺: c better; φ⁻: b better
    assert rel[0][3] == "I"  # equal on both flows
    assert all(rel[i][i] == "I" for i in range(4))
    # ties within the float tolerance are ties
    assert promethee1_relations([0.1, 0.1 + 1e-15], [0.2, 0.2])[0][1] == "I"


def test_partial_order_pairs_and_document() -> None:
    rel = promethee1_relations([0.5, 0.3, 0.6], [0.2, 0.4, 0.5])
    po = PartialOrder(("a", "b", "c"), rel)
    assert po.pairs() == [("a", "b", "P"), ("a", "c", "R"), ("b", "c", "R")]
    doc = po.to_dict()
    assert doc["regions"]["c"]["incomparable_with"] == ["a", "b"]
    assert doc["regions"]["b"]["preferred_by"] == ["a"]
    assert {"a": "a", "b": "b", "relation": "P"} in doc["relations"]


def test_promethee1_ranks_never_contradict_the_order() -> None:
    """score = how many rows are preferred to it: a P b ⇒ a scores fewer, ranks better."""
    rng = np.random.default_rng(7)
    method = get_method("promethee1")
    for _ in range(30):
        x = rng.uniform(0, 10, (7, 4))
        w = rng.dirichlet(np.ones(4))
        t = np.where(rng.random(4) < 0.3, -1.0, 1.0)
        scored = method.score(x, w, t, [PreferenceFunction("usual")] * 4)
        rel = scored.relations
        assert rel is not None
        for i, j in itertools.permutations(range(7), 2):
            if rel[i][j] == "P+":
                assert scored.scores[i] < scored.scores[j]
                assert rel[j][i] == "P-"
            elif rel[i][j] in ("I", "R"):
                assert rel[j][i] == rel[i][j]
        flows = promethee2(x, w, t, [PreferenceFunction("usual")] * 4)
        assert [e["phi"] for e in scored.extra] == pytest.approx(list(flows.net), abs=1e-15)


def test_promethee1_on_the_papathanasiou_ploskas_case() -> None:
    """The published case's flows (net flows as printed), and a partial order that the
    PROMETHEE II complete ranking extends: a P b never goes against φ(a) > φ(b)."""
    case = reference_case("promethee2_papathanasiou_ploskas_2018_linear")
    inp = case["input"]
    x, w, t = (np.array(inp[k], float) for k in ("matrix", "weights", "types"))
    prefs = [
        PreferenceFunction("linear", q, p) for q, p in zip(case["params"]["q"], case["params"]["p"])
    ]
    scored = get_method("promethee1").score(x, w, t, prefs)
    net = [e["phi"] for e in scored.extra]
    assert net == pytest.approx(
        case["expected"]["scores"], abs=case["expected"]["tolerance"]["abs"]
    )
    rel = scored.relations
    assert rel is not None
    for i, j in itertools.permutations(range(len(net)), 2):
        if rel[i][j] == "P+":
            assert net[i] > net[j]


def test_unicriterion_flows_sum_to_the_net_flow() -> None:
    """φ(a) = Σ_j w_j φ_j(a) (Brans & Mareschal 2005, eq. 5.10) and each column sums to 0."""
    case = reference_case("promethee2_papathanasiou_ploskas_2018_linear")
    inp = case["input"]
    x, w, t = (np.array(inp[k], float) for k in ("matrix", "weights", "types"))
    prefs = [
        PreferenceFunction("linear", q, p) for q, p in zip(case["params"]["q"], case["params"]["p"])
    ]
    phi = unicriterion_flows(x, t, prefs)
    assert phi @ w == pytest.approx(list(promethee2(x, w, t, prefs).net), abs=1e-12)
    assert phi.sum(axis=0) == pytest.approx([0.0] * 4, abs=1e-12)


def test_gaia_explained_variance_is_numpys_pca() -> None:
    """GAIA's eigenvalues are PCA's: SVD of the centred flows and eigh of the covariance."""
    rng = np.random.default_rng(11)
    for m, n in ((6, 4), (5, 20), (12, 3), (3, 7)):
        x = rng.uniform(0, 100, (m, n))
        t = np.where(rng.random(n) < 0.4, -1.0, 1.0)
        w = rng.dirichlet(np.ones(n))
        prefs = [PreferenceFunction("v-shape", 0, 30)] * n
        phi = unicriterion_flows(x, t, prefs)
        g = gaia(phi, list(w), [f"a{i}" for i in range(m)], [f"c{j}" for j in range(n)])
        centred = phi - phi.mean(axis=0)
        s = np.linalg.svd(centred, compute_uv=False)
        expected = s**2 / (s**2).sum()
        assert g.explained == pytest.approx(list(expected), abs=1e-9)
        evals = np.sort(np.linalg.eigh(centred.T @ centred / m)[0])[::-1][: len(s)]
        assert g.eigenvalues == pytest.approx(list(np.clip(evals, 0, None)), abs=1e-9)
        assert g.delta == pytest.approx(float(expected[:2].sum()), abs=1e-9)
        # the stick is the weighted sum of the criteria axes (the weights, projected)
        axes = np.array(g.axes)
        assert list(g.stick) == pytest.approx(list(w / w.sum() @ axes), abs=1e-12)
        # the points are the flows projected on the axes
        assert np.array(g.points) == pytest.approx(centred @ axes, abs=1e-12)


def test_gaia_is_deterministic_and_signs_are_fixed() -> None:
    phi = np.array([[0.5, -0.2, 0.1], [-0.3, 0.4, 0.0], [-0.2, -0.2, -0.1]])
    a = gaia(phi, [0.5, 0.3, 0.2], ["x", "y", "z"], ["c1", "c2", "c3"])
    b = gaia(phi.copy(), [0.5, 0.3, 0.2], ["x", "y", "z"], ["c1", "c2", "c3"])
    assert a == b
    for k in range(2):
        loadings = [ax[k] for ax in a.axes]
        assert loadings[int(np.argmax(np.abs(loadings)))] > 0


def test_gaia_without_spread() -> None:
    g = gaia(np.zeros((3, 2)), [0.5, 0.5], ["a", "b", "c"], ["c1", "c2"])
    assert g.delta == 1.0 and g.points == ((0.0, 0.0),) * 3 and g.stick == (0.0, 0.0)
    with pytest.raises(ValueError, match="one row per alternative"):
        gaia(np.zeros((3, 2)), [1.0], ["a", "b", "c"], ["c1", "c2"])


def test_promethee1_through_the_cli_on_the_published_case(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """``bidtool rank -m promethee1`` on Papathanasiou & Ploskas (2018), *Multiple Criteria
    Decision Aid*, ch. 3 (PROMETHEE), pp. 57–89, doi:10.1007/978-3-319-91648-4_3: its six
    alternatives, weights and linear preference (q = 1, p = 2), written as a criteria file
    (``preference: {type: linear, q: 1, p: 2}``) and region files.  The net flows are the
    published ones to their printed 2 decimals (transcribed from energyinpython/pyrepo-mcda
    tests/test_mcda_methods_2.py @ b3ac297f).  The publication's φ⁺ / φ⁻ were not read, so the
    partial order is checked against its definition on bidtool's φ⁺ / φ⁻ (Brans & Vincke
    1985): a P b iff a is at least as good on both flows and better on one; a R b iff the
    flows disagree; and φ = φ⁺ − φ⁻."""
    case = reference_case("promethee2_papathanasiou_ploskas_2018_linear")
    inp, params = case["input"], case["params"]
    crit = [c.lower() for c in inp["criteria"]]
    (tmp_path / "regions").mkdir()
    for i, alt in enumerate(inp["alternatives"]):
        metrics = "".join(f"  {c}: {v}\n" for c, v in zip(crit, inp["matrix"][i]))
        (tmp_path / "regions" / f"{alt.lower()}.yaml").write_text(
            f"schema: bidtool.region/1\nname: {alt}\nmetrics:\n{metrics}", encoding="utf-8"
        )
    leaves = "".join(
        f"  - {{id: {c}, direction: benefit, weight: {w}, "
        f"preference: {{type: linear, q: {q}, p: {p}}}}}\n"
        for c, w, q, p in zip(crit, inp["weights"], params["q"], params["p"])
    )
    (tmp_path / "case.yaml").write_text(
        f"schema: bidtool.criteria/1\nname: pp2018\nmethod: promethee1\ncriteria:\n{leaves}",
        encoding="utf-8",
    )
    run = cli(
        "rank", "-m", "promethee1", "-c", str(tmp_path / "case.yaml"),
        "-r", str(tmp_path / "regions"), "-f", "json",
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    flows = {r["id"]: r["extra"] for r in doc["ranking"]}
    ids = [a.lower() for a in inp["alternatives"]]
    tol = case["expected"]["tolerance"]["abs"]
    for alt, net in zip(ids, case["expected"]["scores"]):
        assert flows[alt]["phi"] == pytest.approx(net, abs=tol)
        assert flows[alt]["phi"] == pytest.approx(
            flows[alt]["phi_plus"] - flows[alt]["phi_minus"], abs=1e-12
        )
    relation = {(r["a"], r["b"]): r["relation"] for r in doc["partial_order"]["relations"]}
    for a, b in itertools.combinations(ids, 2):
        rel = relation.get((a, b)) or relation.get((b, a))
        dp = flows[a]["phi_plus"] - flows[b]["phi_plus"]
        dm = flows[b]["phi_minus"] - flows[a]["phi_minus"]
        if abs(dp) < 1e-12 and abs(dm) < 1e-12:
            assert rel == "I"
        elif dp * dm < 0:
            assert rel == "R", (a, b)
        else:
            assert rel == "P", (a, b)
            winner = a if dp + dm > 0 else b
            assert (winner, b if winner == a else a) in relation
