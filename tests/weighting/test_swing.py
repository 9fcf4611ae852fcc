"""Swing weighting: a ``swing:`` block on a group or the top of a criteria file (issue 15 §2)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.weighting.swing import Swing, swing_weights
from tests.conftest import REPO, Run

EXAMPLE = REPO / "examples" / "swing.yaml"


def test_points_are_normalised_and_a_ranking_alone_gives_roc() -> None:
    assert swing_weights(["a", "b", "c"], {"a": 100, "b": 60, "c": 40}) == pytest.approx(
        {"a": 0.5, "b": 0.3, "c": 0.2}
    )
    # SMARTER: rank-order centroids (Edwards & Barron 1994), 3 swings
    assert list(swing_weights(["x", "y", "z"]).values()) == pytest.approx([11 / 18, 5 / 18, 2 / 18])
    with pytest.raises(ValueError, match="at least one positive"):
        swing_weights(["a"], {"a": 0})


def test_statement_says_what_the_weight_buys() -> None:
    s = Swing("power_available_mw", "Power available", 0.25, 0.1, 100, 1, "120 MW", "500 MW", 4)
    assert s.statement == "25% = going from 120 MW to 500 MW on Power available"
    empty = Swing("x", "X", 0.1, 0.1, 10, 2, "5 MW", "5 MW", 3)
    assert "the swing is empty" in empty.statement
    unknown = Swing("x", "X", 0.1, 0.1, 10, 2, None, None, 0)
    assert "no region has a figure" in unknown.statement


def test_weights_swing_states_every_swing(cli: Callable[..., Run], data_dir: Path) -> None:
    run = cli("weights", "swing", "-c", str(EXAMPLE), "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    swings = {s["criterion"]: s for s in doc["swings"]}
    # the top level: a ranking alone, rank-order centroids over six groups
    assert swings["power"]["points"] is None
    assert swings["power"]["weight"] == pytest.approx(
        (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6) / 6
    )
    # the site group: points, normalised
    site = [s for s in doc["swings"] if s["points"] is not None]
    assert sum(s["points"] for s in site) == 320
    land = swings["land_price_krw_per_m2"]
    assert land["weight"] == pytest.approx(100 / 320)
    assert land["rank"] == 1 and land["worst"] and land["best"]
    assert land["statement"].startswith(f"{land['weight']:.0%} = going from ")
    # the worst and best figures are the regions' own (land price is a cost: worst = dearest)
    ranking = json.loads(cli("rank", "-c", str(EXAMPLE), "-f", "json").stdout)
    prices = [r["values"]["land_price_krw_per_m2"] for r in ranking["ranking"]]
    known = [p for p in prices if isinstance(p, (int, float))]
    assert f"{max(known):,.0f}" in land["worst"] and f"{min(known):,.0f}" in land["best"]
    # the same statements travel in rank -f json, as new keys only
    assert [s["criterion"] for s in ranking["weighting"]["swing"]] == list(swings)
    leaf_weights = ranking["weights"]
    assert land["global_weight"] == pytest.approx(leaf_weights["land_price_krw_per_m2"])
    default = json.loads(cli("rank", "-f", "json").stdout)
    assert default["weighting"]["swing"] == []


def test_table_markdown_and_explain(cli: Callable[..., Run], data_dir: Path) -> None:
    table = cli("weights", "swing", "-c", str(EXAMPLE), "-f", "table").stdout
    assert "Swing weights" in table and "going from" in table
    md = cli("weights", "swing", "-c", str(EXAMPLE), "-f", "md").stdout
    assert "The swing it stands for" in md
    explain = cli("rank", "-c", str(EXAMPLE), "--explain", "-f", "md").stdout
    assert "## Swing weights" in explain


def test_a_file_without_swing_is_told_how(cli: Callable[..., Run], data_dir: Path) -> None:
    run = cli("weights", "swing")
    assert run.exit_code == 3 and "add a swing: block" in run.stderr


BAD = [
    (
        "      points: {land_price_krw_per_m2: 100,",
        "      points: {land_price_krw_per_m2: 90,",
        "swing: the first swing in the ranking ('land_price_krw_per_m2') scores 100",
    ),
    (
        "cooling_water_t_per_day: 80, site_area_m2: 60",
        "cooling_water_t_per_day: 60, site_area_m2: 80",
        "points contradict the ranking: 'site_area_m2' (80) is ranked below "
        "'cooling_water_t_per_day' (60)",
    ),
    (
        "  ranking: [power, site, infrastructure, risk, talent, connectivity]",
        "  ranking: [power, site, infrastructure, risk, talnet, connectivity]",
        "swing.ranking[4]: unknown criterion 'talnet' in the swing ranking; expected one of "
        "infrastructure, talent, power, site, connectivity, risk (did you mean 'talent'?)",
    ),
    (
        "  ranking: [power, site, infrastructure, risk, talent, connectivity]",
        "  ranking: [power, site, infrastructure, risk, talent]",
        "the swing ranking must list every child, most important first; missing: connectivity",
    ),
    (
        "  ranking: [power, site, infrastructure, risk, talent, connectivity]",
        "  ranking: [power, site, infrastructure, risk, talent, connectivity]\nroc: [power]",
        "weigh the top-level criteria one way: 'roc' or 'swing', not both",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    BAD,
    ids=["first-not-100", "contradiction", "unknown-id", "missing-child", "swing-and-roc"],
)
def test_bad_swing_blocks_exit_3_with_file_and_line(
    old: str, new: str, message: str, cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "swing.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = cli("validate", "-c", str(path), "-r", str(REPO / "regions"))
    assert run.exit_code == 3, run.stderr
    assert message in " ".join(run.stderr.split()), run.stderr
    assert f"{path}:" in run.stderr or "swing.yaml:" in run.stderr


def test_a_child_weight_under_swing_is_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "swing.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("  - id: talent\n", "  - id: talent\n    weight: 10\n", 1)
    path.write_text(text, encoding="utf-8")
    run = cli("validate", "-c", str(path), "-r", str(REPO / "regions"))
    assert run.exit_code == 3
    assert "its level is weighed by 'swing'" in run.stderr


def test_the_parser_records_swing_levels_and_weigh_criteria_computes_them() -> None:
    """Swing weights are a pipeline step, like AHP and ROC: the parser records the
    ``swing:`` levels (with their file:line), :func:`prepare.weigh_criteria` computes them."""
    from bidtool.io.loading import gather_criteria
    from bidtool.prepare import weigh_criteria

    parsed, problems = gather_criteria(str(EXAMPLE))
    assert parsed is not None and not problems
    levels = [w for w in parsed.weighing if w.source == "swing"]
    assert [(w.parent, w.line) for w in levels] == [("", 16), ("site", 139)]
    assert levels[1].points == (100, 80, 60, 50, 30)
    assert parsed.swing == ()  # nothing computed while parsing
    weighed, _ = weigh_criteria(parsed)
    assert weighed.weighing == () and [s.parent for s in weighed.swing] == ["", "site"]
    by_id = {n.id: n for n in weighed.iter_nodes()}
    site = swing_weights(levels[1].order, dict(zip(levels[1].order, levels[1].points or ())))
    for cid, w in site.items():
        assert by_id[cid].weight == w and by_id[cid].weight_source == "swing"
    top = swing_weights(levels[0].order)
    assert {c: by_id[c].weight for c in top} == top


def test_the_swing_runs_over_the_eligible_regions(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Issue 15: the swing runs "from the worst to the best figure actually present among
    the regions" — those rank scores (its min–max scaling runs over the eligible regions),
    so a region the constraints exclude cannot widen a swing."""
    regions = tmp_path / "regions"
    shutil.copytree(REPO / "regions", regions)
    text = (regions / "pohang.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("id: pohang", "id: capital"),
        ("  outside_capital_region:\n    value: true", "  outside_capital_region:\n    value: false"),
        ("  site_area_m2:\n    value: 47000", "  site_area_m2:\n    value: 900000"),
        ("    range: [43000, 47647]", "    range: [850000, 950000]"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    (regions / "capital.yaml").write_text(text, encoding="utf-8")
    ranking = json.loads(cli("rank", "-c", str(EXAMPLE), "-r", str(regions), "-f", "json").stdout)
    capital = next(r for r in ranking["ranking"] if r["id"] == "capital")
    assert capital["eligible"] is False and capital["values"]["site_area_m2"] == 900000
    run = cli("weights", "swing", "-c", str(EXAMPLE), "-r", str(regions), "-f", "json")
    assert run.exit_code == 0, run.stderr
    swings = {s["criterion"]: s for s in json.loads(run.stdout)["swings"]}
    area = swings["site_area_m2"]
    assert (area["worst"], area["best"]) == ("47,000 m2", "70,000 m2")  # not 900,000
    assert area["regions_with_figures"] == 3  # jeonnam, gwangju, pohang: not capital
    assert swings["power"]["regions_with_figures"] == 5  # a group: the eligible regions
    assert ranking["weighting"]["swing"] == list(swings.values())
