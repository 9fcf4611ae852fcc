"""WSM against Triantaphyllou (2000), loaded by name, including its tie."""

from __future__ import annotations

import numpy as np
import pytest

from bidtool.methods.normalization import minmax
from bidtool.methods.wsm import wsm, wsm_contributions
from bidtool.ranking import competition_ranks
from tests.conftest import reference_case


def test_triantaphyllou_2000_scores_and_tie() -> None:
    case = reference_case("wsm_wpm_triantaphyllou_2000")
    inp, exp = case["input"], case["expected"]
    assert case["params"]["normalization"] == "none"
    x, w = np.array(inp["matrix"], float), np.array(inp["weights"])
    scores = wsm(x, w)
    tol = exp["tolerance"]["abs"]
    assert scores == pytest.approx(exp["scores"], abs=tol)
    summed, contributions = wsm_contributions(x, w)
    assert summed == pytest.approx(scores, abs=1e-12)
    assert contributions.sum(axis=1) == pytest.approx(scores, abs=1e-12)
    _, ranks = competition_ranks(list(scores), inp["alternatives"])
    assert ranks == exp["ranking"]  # [3, 1, 1]: A2 and A3 share first place


def test_contributions_are_weight_times_utility() -> None:
    u = np.array([[0.0, 1.0], [0.5, 0.25]])
    scores, c = wsm_contributions(u, np.array([0.25, 0.75]))
    assert c.tolist() == [[0.0, 0.75], [0.125, 0.1875]]
    assert scores.tolist() == [0.75, 0.3125]


def test_minmax_benefit_cost_and_constant_column() -> None:
    x = np.array([[1.0, 10.0, 5.0], [3.0, 20.0, 5.0]])
    u = minmax(x, np.array([1, -1, 1]))
    assert u.tolist() == [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]]
