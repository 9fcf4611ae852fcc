"""``sensitivity --unknowns``: unknown figures drawn uniformly in utility inside SMAA-2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.prepare import load_inputs
from bidtool.sensitivity.scorer import Scorer
from bidtool.sensitivity.smaa import smaa
from tests.conftest import Run
from tests.test_unknowns import make_inputs


def test_unknown_figure_wins_as_often_as_its_utility_exceeds_the_rival() -> None:
    # one leaf: r0 known at utility 0.6, r1 unknown. Scored worst, r1 never leads;
    # drawn uniformly in [0, 1], it leads when U > 0.6: P = 0.4.
    scorer = Scorer.build(make_inputs([[0.6], [None]], [1.0]))
    plain = smaa(scorer, 20_000, seed=3)
    drawn = smaa(scorer, 20_000, seed=3, unknowns=True)
    assert plain.p_first.tolist() == [1.0, 0.0]
    assert drawn.p_first[1] == pytest.approx(0.4, abs=0.015)
    assert drawn.unknowns_drawn == (("r1", "c0"),)
    # confidence: with its central weights r1 is first in ~40 % of the unknown's draws
    assert drawn.confidence[1] == pytest.approx(0.4, abs=0.015)


def test_relative_leaf_draws_between_worst_and_best_known_figure() -> None:
    # no value function: r2's unknown lies between the known 0.2 and 0.8 (utility U in
    # [0, 1]).  Utilities: r0 (0, 1), r1 (1, 0), r2 (U, .5): with weights (w0, w1) r2 is
    # first when w0·U + w1/2 beats both w0 and w1 — sometimes, never always.
    inputs = make_inputs([[0.2, 0.9], [0.8, 0.1], [None, 0.5]], [1.0, 1.0], relative=[True, True])
    for method in ("wsm", "topsis"):
        scorer = Scorer.build(inputs, method)
        r = smaa(scorer, 2_000, seed=1, unknowns=True)
        assert r.p_first.sum() >= 1.0 - 1e-12
        assert 0.0 < r.p_first[2] < 1.0


def test_same_seed_same_result(data_dir: Path) -> None:
    scorer = Scorer.build(load_inputs())
    a = smaa(scorer, 3_000, seed=7, unknowns=True)
    b = smaa(scorer, 3_000, seed=7, unknowns=True)
    assert np.array_equal(a.acceptability, b.acceptability)


def test_cli_unknowns_json_and_refusal(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("sensitivity", "--unknowns", "--samples", "500", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert ["busan", "power_available_mw"] in doc["unknowns_drawn"]
    assert sum(doc["p_first"].values()) >= 1.0 - 1e-9
    bad = cli("sensitivity", "--unknowns", "--data-uncertainty", "--samples", "10")
    assert bad.exit_code == 2
    assert "--unknowns" in bad.stderr
