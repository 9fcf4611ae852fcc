"""Issue 13 §3: the parser only parses; AHP/ROC weighting, measuring geometry and applying
scenarios are explicit pipeline steps."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import bidtool.api
from bidtool.errors import InputError
from bidtool.io import ahp_file, loading, members, scenario
from bidtool.io.loading import gather_inputs, read_inputs
from bidtool.prepare import load_inputs, measure_spatial, weigh_criteria, weigh_inputs


def test_reading_the_geo_criteria_does_not_measure_geometry() -> None:
    read = read_inputs("geo")
    computed = set(read.criteria.spatial_metrics)
    assert computed
    assert all(not computed & set(r.metrics) for r in read.regions)
    measured = measure_spatial(read)
    assert all(computed <= set(r.metrics) for r in measured.regions)
    assert measured == load_inputs("geo")


def test_the_front_door_calls_the_steps_and_the_parser_does_not() -> None:
    assert "bidtool.spatial" not in inspect.getsource(loading)
    for module in (loading, members, ahp_file, scenario):
        text = inspect.getsource(module)
        for step in ("ahp_priorities(", "rank_order_centroid(", "def apply_scenarios"):
            assert step not in text, (module.__name__, step)
    source = inspect.getsource(bidtool.api.load)
    steps = ("gather_inputs(", "weigh_inputs(", "measure_spatial(", "apply_scenarios(")
    assert [source.index(s) for s in steps] == sorted(source.index(s) for s in steps)


def test_the_parser_records_ahp_and_roc_levels_and_the_step_weighs_them() -> None:
    read = read_inputs("pairwise")
    assert read.criteria.weighing and not read.criteria.ahp
    assert {lv.source for lv in read.criteria.weighing} <= {"ahp", "roc"}
    with pytest.raises(RuntimeError, match="weigh_criteria"):
        bidtool.rank(read)  # unweighed criteria are never scored
    weighed, _ = weigh_criteria(read.criteria)
    assert not weighed.weighing and weighed.ahp
    assert weighed == bidtool.load("pairwise").criteria
    assert sum(leaf.weight for leaf in weighed.leaves) == pytest.approx(1.0)


def test_ahp_problems_from_the_step_come_with_the_files_at_once(tmp_path: Path) -> None:
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "a.yaml").write_text(
        "schema: bidtool.region/1\nname: A\nmetrics: {x: 1, y: 2, z: lots}\n", encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text(
        "schema: bidtool.criteria/1\nname: t\nahp:\n  matrix: [[1, 9, '1/9'], ['1/9', 1, 9],"
        " [9, '1/9', 1]]\ncriteria:\n  - {id: x, direction: benefit}\n"
        "  - {id: y, direction: benefit}\n  - {id: z, direction: cost}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        weigh_inputs(gather_inputs(str(tmp_path / "c.yaml"), str(tmp_path / "regions")), True)
    shown = [str(p) for p in caught.value.problems]
    assert any("c.yaml:3: ahp: --strict: AHP consistency ratio" in p for p in shown), shown
    assert any("a.yaml:3: metrics.z" in p for p in shown), shown


def test_cross_check_is_one_function_per_rule() -> None:
    source = inspect.getsource(loading.cross_check)
    for rule in (
        "computed_metric_problems",
        "unknown_leaf_metric_problem",
        "missing_value_problems",
        "unit_problems",
        "value_type_problems",
        "constraint_problems",
        "strict_evidence_problems",
    ):
        assert f"{rule}(" in source
