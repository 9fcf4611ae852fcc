"""SMAA-2 against a closed-form three-alternative case, and reproducibility."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.sensitivity.scorer import Scorer
from bidtool.sensitivity.smaa import sample_ranges, smaa
from tests.conftest import Run
from tests.sensitivity.helpers import make_inputs

# Two criteria, weights (t, 1 − t) with t ~ U(0, 1) (uniform on the 2-simplex).
# Scores: A = t, B = 1 − t, C = 0.6.  By hand:
#   A first iff t > 0.6 (0.4); C first iff 0.4 < t < 0.6 (0.2); B first iff t < 0.4 (0.4).
#   A second iff 0.5 < t < 0.6 (0.1), else third (0.5); B likewise; C second otherwise (0.8).
#   Central weights: A (0.8, 0.2); B (0.2, 0.8); C (0.5, 0.5).  Confidence: 1 for each.
CLOSED_FORM = {
    "r0": ([0.4, 0.1, 0.5], [0.8, 0.2]),
    "r1": ([0.4, 0.1, 0.5], [0.2, 0.8]),
    "r2": ([0.2, 0.8, 0.0], [0.5, 0.5]),
}
MATRIX = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]]


def test_three_alternatives_closed_form() -> None:
    scorer = Scorer.build(make_inputs(MATRIX, [0.5, 0.5]))
    r = smaa(scorer, 200_000, seed=2026)
    for rid, (acc, central) in CLOSED_FORM.items():
        i = r.ids.index(rid)
        assert r.acceptability[i] == pytest.approx(acc, abs=0.005)
        assert r.central[i] == pytest.approx(central, abs=0.005)
        assert r.confidence[i] == 1.0
    assert r.acceptability.sum(axis=0) == pytest.approx([1.0, 1.0, 1.0])


def test_chunking_does_not_change_the_answer() -> None:
    scorer = Scorer.build(make_inputs(MATRIX, [0.5, 0.5]))
    a = smaa(scorer, 10_000, seed=3, chunk=10_000)
    b = smaa(scorer, 10_000, seed=3, chunk=10_000)
    assert np.array_equal(a.acceptability, b.acceptability)
    assert np.array_equal(a.central, b.central)


def test_ranges_sample_inside_the_declared_ranges() -> None:
    from dataclasses import replace

    inputs = make_inputs(MATRIX, [0.5, 0.5])
    roots = tuple(
        replace(c, weight_range=(0.2, 0.8)) if c.id == "c0" else c for c in inputs.criteria.criteria
    )
    w = sample_ranges(np.random.default_rng(0), 50_000, roots, ["c0", "c1"])
    assert np.allclose(w.sum(axis=1), 1.0)
    # c0 ~ U(0.2, 0.8), c1 = 0.5 → share of c0 = c0 / (c0 + 0.5)
    assert w[:, 0].min() >= 0.2 / 0.7 - 1e-12 and w[:, 0].max() <= 0.8 / 1.3 + 1e-12


def _write_case(root: Path) -> None:
    (root / "regions").mkdir()
    for i, (x, y) in enumerate(MATRIX):
        (root / "regions" / f"r{i}.yaml").write_text(
            f"schema: bidtool.region/1\nname: R{i}\nmetrics: {{x: {x}, y: {y}}}\n", encoding="utf-8"
        )
    (root / "c.yaml").write_text(
        "schema: bidtool.criteria/1\nname: closed form\ncriteria:\n"
        "  - {id: x, weight: 1, value_function: {type: linear, worst: 0, best: 1}}\n"
        "  - {id: y, weight: 1, value_function: {type: linear, worst: 0, best: 1}}\n",
        encoding="utf-8",
    )


def test_cli_json_contract_and_byte_identity(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_case(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ("sensitivity", "-c", "c.yaml", "--samples", "200000", "--seed", "11", "-f", "json")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout  # same seed, same bytes
    doc = json.loads(first.stdout)
    assert doc["schema"] == "bidtool.sensitivity/1"
    assert doc["samples"] == 200_000 and doc["seed"] == 11
    for rid, (acc, central) in CLOSED_FORM.items():
        assert doc["rank_acceptability"][rid] == pytest.approx(acc, abs=0.005)
        assert list(doc["central_weights"][rid].values()) == pytest.approx(central, abs=0.005)
        assert doc["confidence"][rid] == 1.0
    crit = {c["criterion"]: c for c in doc["critical_weights"]}
    assert set(crit) == {"x", "y"}
    assert {"criterion", "delta_abs", "delta_rel", "swaps"} <= set(crit["x"])
    # at equal weights C (0.6) leads; B ties it when x's weight falls to 0.4 (T&S δ =
    # (0.4 − 0.5)/(1 − 0.4) = −1/6), A when it rises to 0.6 (δ = +1/4): the smaller wins
    assert crit["x"]["weight_at_swap"] == pytest.approx(0.4)
    assert crit["x"]["delta_abs"] == pytest.approx(-1 / 6)
    assert crit["x"]["delta_rel"] == pytest.approx(-1 / 3)
    assert crit["x"]["swaps"] == ["r2", "r1"]
    other = cli(*args[:-4], "--seed", "12", "-f", "json")
    assert other.stdout != first.stdout


def test_cli_formats_and_weight_models(data_dir: Path, cli: Callable[..., Run]) -> None:
    for model in ("uniform", "dirichlet"):
        run = cli("sensitivity", "--samples", "2000", "--weight-draws", model, "-f", "json")
        assert run.exit_code == 0, run.stderr
        doc = json.loads(run.stdout)
        assert doc["weight_model"] == model
        for row in doc["rank_acceptability"].values():
            assert len(row) == 5
        assert sum(doc["p_first"].values()) == pytest.approx(1.0)
    run = cli("sensitivity", "--samples", "2000", "--weight-draws", "ranges")
    assert run.exit_code == 3 and "weight_range" in run.stderr
    run = cli("sensitivity", "--samples", "2000", "--data-uncertainty", "-f", "json")
    doc = json.loads(run.stdout)
    assert ["busan", "cable_landing_km"] in doc["data_uncertainty"]  # an estimate: ±10 %
    md = cli("sensitivity", "--samples", "500", "-f", "md").stdout
    assert "## SMAA-2" in md and "| criterion |" in md
    csv = cli("sensitivity", "--samples", "500", "-f", "csv").stdout
    assert csv.splitlines()[0] == "section,criterion,region,measure,value,criteria,caveat"
    table = cli("sensitivity", "--samples", "500", "-f", "table").stdout
    assert "rank acceptability" in table
    for method in ("topsis", "vikor", "promethee2", "wpm"):
        run = cli("sensitivity", "-m", method, "--samples", "300", "-f", "json")
        assert run.exit_code == 0, (method, run.stderr)


def test_samples_above_the_cap_need_a_flag_and_get_an_estimate(
    data_dir: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """791400d ran --samples 1000000000 with no cap, estimate or warning."""
    from bidtool.sensitivity import smaa as smaa_module

    with monkeypatch.context() as patch:
        patch.setattr(smaa_module, "SAMPLES_CAP", 100)
        run = cli("sensitivity", "--samples", "300", "--allow-large-samples", "-f", "json")
        assert run.exit_code == 0, run.stderr
        assert json.loads(run.stdout)["samples"] == 300
        assert cli("sensitivity", "--samples", "300", "-f", "json").exit_code == 2
    run = cli("sensitivity", "--samples", "1000000000")
    assert run.exit_code == 2
    text = " ".join(run.stderr.replace("│", " ").split())
    assert "1,000,000,000 draws is above 1,000,000" in text
    assert "on this machine about" in text and "MB of memory" in text
    assert "--allow-large-samples" in text
    run = cli("report", "-o", "r.html", "--samples", "2000000")
    assert run.exit_code == 2 and not (data_dir / "r.html").exists()
