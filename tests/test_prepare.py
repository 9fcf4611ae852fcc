"""Issue 13 §3: the parser only parses; measuring geometry is an explicit pipeline step."""

from __future__ import annotations

import inspect

import bidtool.api
from bidtool.io import loading
from bidtool.io.loading import read_inputs
from bidtool.prepare import load_inputs, measure_spatial


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
    source = inspect.getsource(bidtool.api.load)
    assert source.index("read_inputs(") < source.index("measure_spatial(")


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
