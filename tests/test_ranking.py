"""Ranking: ties, constraints, missing-value policy, weights, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidtool.prepare import load_inputs
from bidtool.ranking import competition_ranks, rank


def test_competition_ranking_ties_share_rank_and_sort_by_id() -> None:
    order, ranks = competition_ranks([0.5, 0.7, 0.7, 0.1], ["d", "c", "b", "a"])
    assert ranks == [3, 1, 1, 4]
    assert order == [2, 1, 0, 3]  # b before c inside the tie


def test_ties_within_relative_tolerance_only() -> None:
    _, ranks = competition_ranks([1.0, 1.0 + 1e-13, 1.0 + 1e-9], ["a", "b", "c"])
    assert ranks == [2, 2, 1]


def test_lower_is_better_ranking() -> None:
    _, ranks = competition_ranks([0.2, 0.1], ["a", "b"], higher_is_better=False)
    assert ranks == [2, 1]


def test_bundled_default_ranking_is_explained(data_dir: Path) -> None:
    result = rank(load_inputs())
    assert [r.rank for r in result.rows] == [1, 2, 3, 4, 5]
    assert result.rows[0].id == "jeonnam"
    weights = [leaf.weight for leaf in result.leaves]
    assert sum(weights) == pytest.approx(1.0, abs=1e-12)
    for row in result.rows:
        assert 0.0 <= row.score <= 1.0
        assert sum(row.contributions.values()) == pytest.approx(row.score, abs=1e-12)
        assert sum(row.group_scores.values()) == pytest.approx(row.score, abs=1e-12)
        for leaf in result.leaves:
            u = row.utilities[leaf.id]
            assert row.contributions[leaf.id] == pytest.approx(u * leaf.weight)


def test_unknown_values_score_worst_and_are_listed(data_dir: Path) -> None:
    busan = rank(load_inputs()).row("busan")
    assert "power_available_mw" in busan.imputed
    assert busan.utilities["power_available_mw"] == 0.0
    assert busan.unverified_constraints == ("power_available_mw >= 40 (value unknown)",)


def test_failed_constraint_makes_region_ineligible_but_listed(data_dir: Path) -> None:
    path = data_dir / "regions/pohang.yaml"
    text = path.read_text().replace("    value: 100\n", "    value: 20\n", 1)
    path.write_text(text.replace("range: [100, 200]", "range: [20, 200]", 1), encoding="utf-8")
    result = rank(load_inputs())
    pohang = result.rows[-1]
    assert pohang.id == "pohang" and not pohang.eligible and pohang.rank is None
    assert pohang.failed_constraints == ("power_available_mw >= 40 (got 20)",)
    assert [r.rank for r in result.rows[:-1]] == [1, 2, 3, 4]


def test_exclude_policy_sets_region_aside(data_dir: Path) -> None:
    path = data_dir / "criteria/default.yaml"
    old = "      - id: power_available_mw\n        missing: worst "
    assert old in path.read_text()
    text = path.read_text().replace(old, "      - id: power_available_mw\n        missing: exclude ")
    path.write_text(text, encoding="utf-8")
    result = rank(load_inputs())
    out = {r.id for r in result.rows if not r.eligible}
    assert out == {"busan", "ulsan"}
    assert "power_available_mw unknown (missing: exclude)" in result.row("busan").failed_constraints


def test_changing_a_weight_changes_the_result(data_dir: Path) -> None:
    row = rank(load_inputs()).row("gwangju")
    before = row.score
    # more weight on talent pulls the score towards gwangju's talent utility
    talent = row.group_scores["talent"] / 0.10
    path = data_dir / "criteria/default.yaml"
    old = "    label_ko: 인재 양성\n    weight: 10\n"
    assert old in path.read_text(encoding="utf-8")
    path.write_text(
        path.read_text(encoding="utf-8").replace(old, old.replace("10", "60")), encoding="utf-8"
    )
    after = rank(load_inputs()).row("gwangju").score
    assert after != pytest.approx(before, abs=1e-6)
    assert (after - before) * (talent - before) > 0


def test_relative_scaling_uses_eligible_regions_and_warns(tmp_path: Path) -> None:
    (tmp_path / "regions").mkdir()
    for rid, x in (("a", 10), ("b", 20), ("c", 30)):
        (tmp_path / "regions" / f"{rid}.yaml").write_text(
            f"schema: bidtool.region/1\nname: {rid.upper()}\nmetrics:\n  x: {x}\n  ok: {str(rid != 'c').lower()}\n"
        )
    (tmp_path / "c.yaml").write_text(
        "schema: bidtool.criteria/1\nname: t\ncriteria:\n  - {id: x, direction: benefit, weight: 1}\n"
        "constraints:\n  - {metric: ok, op: '==', value: true}\n"
    )
    inputs = load_inputs(str(tmp_path / "c.yaml"), str(tmp_path / "regions"))
    assert any("scaled relative" in w for w in inputs.warnings)
    result = rank(inputs)
    assert [(r.id, r.score) for r in result.rows] == [("b", 1.0), ("a", 0.0), ("c", 1.0)]
    assert not result.row("c").eligible


def test_same_inputs_same_result(data_dir: Path) -> None:
    a, b = rank(load_inputs()), rank(load_inputs())
    assert a.rows == b.rows


def test_wpm_on_bundled_data_is_named_degenerate(data_dir: Path) -> None:
    """Issue 11: every bundled region has a zero utility somewhere, so WPM scores all 0."""
    result = rank(load_inputs(), "wpm")
    assert {row.score for row in result.rows if row.eligible} == {0.0}
    assert result.degenerate is not None
    assert "cannot tell them apart" in result.degenerate
    assert "gwangju: ai_dc_cluster_stage" in result.degenerate  # names each region's zero
    assert any(w.startswith("wpm is degenerate") for w in result.warnings)


def test_discriminating_methods_are_not_degenerate(data_dir: Path) -> None:
    for method in ("wsm", "topsis", "vikor", "promethee2"):
        result = rank(load_inputs(), method)
        assert result.degenerate is None, method
        assert not any("degenerate" in w for w in result.warnings), method


def test_all_equal_scores_are_degenerate_for_any_method() -> None:
    from bidtool.ranking import degeneracy

    assert degeneracy("topsis", [0.5, 0.5, 0.5 + 1e-14]) is not None
    assert degeneracy("topsis", [0.5, 0.6]) is None
    assert degeneracy("wsm", [0.5]) is None  # one region: nothing to tell apart


def test_wpm_zero_ties_warn_without_being_degenerate(data_dir: Path) -> None:
    result = rank(load_inputs("investor"), "wpm")
    assert result.degenerate is None
    assert any("cannot order them" in w for w in result.warnings)


def test_cost_figure_at_its_worst_scores_zero_not_minus_zero(data_dir: Path) -> None:
    # seismic_zone_factor 0.11 g is the worst of a cost scale: (0.11 - 0.11) / (0.07 - 0.11)
    # is -0.0, which the explain table printed as "-0.000"
    import math

    from typer.testing import CliRunner

    from bidtool.cli import app

    row = rank(load_inputs()).row("busan")
    assert math.copysign(1.0, row.utilities["seismic_zone_factor"]) == 1.0
    out = CliRunner().invoke(app, ["rank", "--explain", "-f", "table"]).stdout
    assert "Seismic zone" in out and "-0.000" not in out
