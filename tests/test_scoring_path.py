"""One scoring path (issue 13 §2): rank and screen build, check, score and rank alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bidtool import matrix, ranking, ranks, screen_engine, screening
from bidtool.matrix import DecisionMatrix
from bidtool.model import Inputs, Metric, Region, Site
from bidtool.prepare import load_criteria, load_inputs
from bidtool.sensitivity import scorer
from tests.spatial.helpers import collection, point, write_json

SHARED = ("matrix_from_columns", "eligibility_of_columns", "score", "competition_ranks")


def test_screen_uses_the_functions_rank_uses() -> None:
    # screening scores through the chunk engine's finish (every engine, every format)
    assert screen_engine.matrix_from_columns is matrix.matrix_from_columns
    assert screen_engine.eligibility_of_columns is ranking.eligibility_of_columns
    assert screen_engine.score is ranking.score
    assert screen_engine.competition_ranks is ranking.competition_ranks is ranks.competition_ranks
    assert scorer.rank_matrix is ranks.rank_matrix
    assert not hasattr(screening, "_matrix") and not hasattr(screening, "_eligibility")


def _counting(
    monkeypatch: pytest.MonkeyPatch, calls: Counter[str], caller: Callable[[], str]
) -> Callable[[Any], None]:
    def patch(module: Any) -> None:
        for name in SHARED:
            if hasattr(module, name):
                real = getattr(matrix if name == "matrix_from_columns" else ranking, name)

                def counted(*a: Any, _n: str = name, _r: Any = real, **k: Any) -> Any:
                    calls[f"{caller()}:{_n}"] += 1
                    return _r(*a, **k)

                monkeypatch.setattr(module, name, counted)

    return patch


def test_rank_and_screen_call_the_same_functions(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crit = load_criteria("default")
    inputs = load_inputs("default")
    feats, regions = [], []
    for k, template in enumerate(inputs.regions):
        props: dict[str, object] = {"id": template.id}
        props.update({n: m.value for n, m in template.metrics.items()})
        feats.append(point(127.0 + k * 0.01, 35.0, **props))
        metrics = {n: Metric(m.value) for n, m in template.metrics.items()}
        regions.append(Region(template.id, template.id, None, None, Site(), metrics, "x", ""))
    path = write_json(data_dir / "c.geojson", collection(*feats))

    calls: Counter[str] = Counter()
    who = {"now": ""}
    patch = _counting(monkeypatch, calls, lambda: who["now"])
    for module in (matrix, ranking, screening, screen_engine):
        patch(module)
    who["now"] = "rank"
    want = ranking.rank(Inputs(crit, tuple(regions)))
    who["now"] = "screen"
    got = screening.screen(crit, screening.load_candidates(path, "c.geojson"))
    for name in SHARED:
        assert calls[f"rank:{name}"] >= 1, name
        assert calls[f"screen:{name}"] >= 1, name
    assert [got.ids[i] for i in got.order] == [r.id for r in want.rows]


def test_decision_matrix_refuses_mismatched_shapes() -> None:
    inputs = load_inputs("default")
    dm = matrix.build_matrix(inputs.criteria, inputs.regions)
    m, n = dm.shape
    with pytest.raises(ValueError, match="weights is"):
        DecisionMatrix(
            dm.regions,
            dm.leaves,
            dm.raw,
            dm.values,
            dm.vf_utilities,
            dm.has_vf,
            dm.missing,
            dm.weights[:-1],
            dm.types,
        )
    with pytest.raises(ValueError, match="regions for"):
        DecisionMatrix(
            dm.regions[:-1],
            dm.leaves,
            (),
            dm.values,
            dm.vf_utilities,
            dm.has_vf,
            dm.missing,
            dm.weights,
            dm.types,
        )
    assert (m, n) == (len(inputs.regions), len(inputs.criteria.leaves))


def test_competition_ranks_one_tie_rule_for_a_row_and_a_batch() -> None:
    """rank/screen (one row) and SMAA-2 (many rows) agree on every tie, chains included."""
    rng = np.random.default_rng(3)
    for size in (5, 200):
        s = rng.integers(0, 4, size) + rng.integers(0, 4, size) * 0.9e-12
        ids = [f"r{i:03d}" for i in range(size)]
        _, row = ranks.competition_ranks(s, ids, True)
        assert row == ranks.rank_matrix(s[None, :], True)[0].tolist()


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_sensitivity_gap_and_unknowns_score_through_score(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Every re-score of sensitivity (sweeps, SMAA-2 with drawn unknowns and data), gap
    and unknowns is a call of ranking.score (its batch form): no scorer of their own."""
    import importlib

    import bidtool

    unknowns_module = importlib.import_module("bidtool.unknowns")

    calls: Counter[str] = Counter()
    who = {"now": ""}
    real = ranking.score

    def counted(*a: Any, **k: Any) -> Any:
        calls[who["now"]] += 1
        return real(*a, **k)

    for module in (ranking, scorer, unknowns_module):
        monkeypatch.setattr(module, "score", counted)
    inputs = load_inputs("default")
    who["now"] = "sensitivity"
    bidtool.sensitivity(inputs, method, samples=40, unknowns=True)
    who["now"] = "sensitivity-data"
    bidtool.sensitivity(inputs, method, samples=40, data_uncertainty=True)
    who["now"] = "gap"
    bidtool.gap(inputs, "busan", method=method)
    who["now"] = "unknowns"
    bidtool.unknowns(inputs, method)
    for step in ("sensitivity", "sensitivity-data", "gap", "unknowns"):
        assert calls[step] > 1, (step, calls)


def test_no_scorer_of_their_own() -> None:
    """The re-scoring modules call no method's score and sum no weighted utilities
    themselves: ranking.score does (matrix products stay there)."""
    import importlib
    import inspect

    names = ("sensitivity.scorer", "sensitivity.smaa", "sensitivity.sweep", "sensitivity.gap")
    for name in (*names, "sensitivity.analysis", "unknowns"):
        module = importlib.import_module(f"bidtool.{name}")
        text = inspect.getsource(module)
        for own in ("method_scores(", "mcda.score(", "einsum(", "* self.w).sum", "@ self.utilities"):
            assert own not in text, (module.__name__, own)
