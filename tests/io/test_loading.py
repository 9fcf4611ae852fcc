"""Region and criteria files are checked against what reads them (issue 11 §2, §3, §9).

Each test is named after a failure seen at 791400d: the input was accepted,
silently changed the answer, or crashed with exit 1 instead of exit 3.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_malformed_inputs import replace

BIG = "9" * 400


def lines_with(stderr: str, needle: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if needle in ln]


# ---------------------------------------------------------------- §2 region files


def test_metric_key_typo_no_longer_passes_validate_strict(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace("regions/gwangju.yaml", "  power_available_mw:", "  power_availble_mw:")(data_dir)
    # with the metric catalogue, a name it does not define is an error even without --strict
    caught = cli("validate", "-c", "criteria/default.yaml")
    assert caught.exit_code == 3
    assert len(lines_with(caught.stderr, "did you mean 'power_available_mw'?")) == 1
    assert "regions/gwangju.yaml:" in caught.stderr and "regions/metrics.yaml" in caught.stderr
    # without it, the typo is a warning, and an error under --strict
    (data_dir / "regions" / "metrics.yaml").unlink()
    warned = cli("validate", "-c", "criteria/default.yaml")
    assert warned.exit_code == 0, warned.stderr
    assert "warning:" in warned.stderr
    assert "metrics.power_availble_mw" in warned.stderr
    assert "did you mean 'power_available_mw'?" in warned.stderr
    strict = cli("validate", "--strict")
    assert strict.exit_code == 3
    assert len(lines_with(strict.stderr, "did you mean 'power_available_mw'?")) == 1
    assert "regions/gwangju.yaml:" in strict.stderr
    rank = cli("rank", "--strict", "-f", "csv")
    assert rank.exit_code == 3 and rank.stdout == ""
    assert "did you mean 'power_available_mw'?" in rank.stderr


def test_metric_read_by_nothing_but_shared_by_regions_is_not_a_typo(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    for rid in ("busan", "gwangju", "jeonnam", "pohang", "ulsan"):
        path = data_dir / "regions" / f"{rid}.yaml"
        path.write_text(path.read_text() + "  fibre_routes: 2\n", encoding="utf-8")
    # this heuristic is for data without a catalogue (with one, the catalogue decides)
    (data_dir / "regions" / "metrics.yaml").unlink()
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 0 and "fibre_routes" not in run.stderr


def test_deleted_value_line_is_an_error_not_unknown(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace("regions/jeonnam.yaml", "    value: 500\n", "")(data_dir)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3, run.stderr
    assert "regions/jeonnam.yaml:" in run.stderr
    assert "metrics.power_available_mw: no `value:` here; write `value: null` if unknown" in (
        run.stderr
    )


def test_region_id_differing_from_file_name_is_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace("regions/ulsan.yaml", "id: ulsan", "id: ulsan_city")(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "regions/ulsan.yaml:" in run.stderr
    assert "id 'ulsan_city' differs from the file name 'ulsan'" in run.stderr


def test_text_for_a_true_false_constraint_is_an_error_not_ineligible(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace(
        "regions/busan.yaml",
        "outside_capital_region:\n    value: true",
        "outside_capital_region:\n    value: maybe",
    )(data_dir)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3, run.stdout
    assert "regions/busan.yaml:" in run.stderr
    assert "metrics.outside_capital_region.value: expected true or false" in run.stderr
    assert "got 'maybe'" in run.stderr


def test_text_for_a_numeric_constraint_says_how_to_write_the_number(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # power_available_mw >= 40 in investor.yaml, read there as a constraint too
    replace("regions/jeonnam.yaml", "    value: 500\n", '    value: "500"\n')(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "write 500: no quotes or thousands separators; the unit goes in `unit:`" in run.stderr


def test_number_for_a_categorical_criterion_with_a_default_is_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace(
        "criteria/default.yaml",
        "not_filed: 0.2, refused: 0.0}",
        "not_filed: 0.2, refused: 0.0}\n          default: 0.5",
    )(data_dir)
    replace("regions/pohang.yaml", "value: passed", "value: 3")(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "metrics.grid_impact_assessment.value: expected one of" in run.stderr


# ------------------------------------------------------------- §3 finite numbers


def test_weights_whose_sum_overflows_are_an_error_not_a_tie_at_zero(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace("criteria/default.yaml", "    weight: 25\n", "    weight: 1.0e+308\n")(data_dir)
    # the next group weight 25 is site's
    replace("criteria/default.yaml", "    weight: 25\n", "    weight: 1.0e+308\n")(data_dir)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3, run.stdout
    assert "criteria/default.yaml:" in run.stderr
    assert "(power).weight" in run.stderr
    assert "add up to more than float64 can hold" in run.stderr


def test_value_function_span_that_overflows_is_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace(
        "criteria/default.yaml",
        "{type: linear, worst: 0, best: 100}",
        "{type: linear, worst: -1.7e+308, best: 1.7e+308}",
    )(data_dir)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3, run.stdout
    assert "value_function: the span from worst" in run.stderr
    assert "overflows float64" in run.stderr


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("regions/gwangju.yaml", "value: 11.9", f"value: {BIG}"),
        ("criteria/default.yaml", "    value: 40\n", f"    value: {BIG}\n"),
        ("criteria/default.yaml", "    weight: 25\n", f"    weight: {BIG}\n"),
        ("criteria/pairwise.yaml", "power: {infrastructure: 2,", f"power: {{infrastructure: {BIG},"),
    ],
    ids=["metric", "constraint", "weight", "ahp-cell"],
)
def test_400_digit_integer_is_number_too_large_not_an_internal_error(
    data_dir: Path, cli: Callable[..., Run], rel: str, old: str, new: str
) -> None:
    replace(rel, old, new)(data_dir)
    crit = "criteria/pairwise.yaml" if "pairwise" in rel else "criteria/default.yaml"
    run = cli("rank", "-c", crit, "-f", "csv")
    assert run.exit_code == 3, run.stderr
    assert f"{rel}:" in run.stderr
    assert "number too large (400 digits)" in run.stderr
    assert "1 problem in the input" in run.stderr, run.stderr  # not also "missing"


def test_400_digit_integer_in_a_scenario_is_number_too_large(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "what-if.yaml").write_text(
        f"regions:\n  gwangju: {{cooling_water_t_per_day: {BIG}}}\n", encoding="utf-8"
    )
    run = cli("rank", "-s", "what-if.yaml", "-f", "csv")
    assert run.exit_code == 3, run.stderr
    assert "what-if.yaml:2: regions.gwangju.cooling_water_t_per_day: number too large" in (
        run.stderr
    )
    assert "1 problem in the input" in run.stderr, run.stderr


def test_scenario_weights_whose_sum_overflows_are_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "heavy.yaml").write_text(
        "weights:\n  power: 1.0e+308\n  site: 1.0e+308\n", encoding="utf-8"
    )
    run = cli("rank", "-s", "heavy.yaml", "-f", "csv")
    assert run.exit_code == 3, run.stdout
    assert "heavy.yaml:" in run.stderr and "more than float64 can hold" in run.stderr


def test_ahp_judgement_1e_320_in_criteria_is_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace(
        "criteria/pairwise.yaml", "power: {infrastructure: 2,", "power: {infrastructure: 1.0e-320,"
    )(data_dir)
    run = cli("rank", "-c", "criteria/pairwise.yaml", "-f", "csv")
    assert run.exit_code == 3, run.stdout
    assert "criteria/pairwise.yaml:" in run.stderr
    assert "ahp.judgements.power.infrastructure: judgement 1e-320 is out of range" in run.stderr


# ------------------------------------------------------------- §9 messages


@pytest.mark.parametrize("catalogue", [True, False], ids=["catalogue", "no-catalogue"])
def test_one_wrong_unit_is_one_error_not_one_per_criteria_file(
    data_dir: Path, cli: Callable[..., Run], catalogue: bool
) -> None:
    replace("regions/jeonnam.yaml", "    value: 500\n    unit: MW", "    value: 500\n    unit: kW")(
        data_dir
    )
    if not catalogue:
        (data_dir / "regions" / "metrics.yaml").unlink()
    run = cli("validate")  # every bundled criteria file reads power_available_mw
    assert run.exit_code == 3
    found = lines_with(run.stderr, "metrics.power_available_mw.unit")
    assert len(found) == 1, run.stderr
    if catalogue:  # the unit is checked once, against the catalogue
        assert "regions/metrics.yaml:" in found[0]
    else:
        assert "criteria/default.yaml:" in found[0] and "criteria/investor.yaml:" in found[0]
    assert "1 problem in the input" in run.stderr


def test_key_paths_show_ids_beside_indices(data_dir: Path, cli: Callable[..., Run]) -> None:
    replace(
        "criteria/default.yaml",
        "      - id: power_available_mw\n",
        "      - id: power_available_mw\n        wieght: 3\n",
    )(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert (
        "criteria[2](power).children[0](power_available_mw).wieght: unknown key 'wieght' "
        "(did you mean 'weight'?)"
    ) in run.stderr


@pytest.mark.parametrize(
    ("rel", "old", "new", "hint"),
    [
        ("criteria/default.yaml", "direction: cost", "direction: cots", "'cost'"),
        ("criteria/default.yaml", 'op: ">="', 'op: ">=="', "'>='"),
        ("criteria/default.yaml", "\nmissing: mean\n", "\nmissing: maen\n", "'mean'"),
        ("criteria/default.yaml", "type: linear", "type: linaer", "'linear'"),
        ("regions/gwangju.yaml", "status: confirmed", "status: confimed", "'confirmed'"),
    ],
    ids=["direction", "op", "missing", "value-function-type", "status"],
)
def test_enum_typo_gets_did_you_mean(
    data_dir: Path, cli: Callable[..., Run], rel: str, old: str, new: str, hint: str
) -> None:
    replace(rel, old, new)(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert f"(did you mean {hint}?)" in run.stderr, run.stderr


@pytest.mark.parametrize("written", ['"1,500"', '"1500"', "1,500", '"1500 MW"'])
def test_number_written_as_text_says_how_to_write_it(
    data_dir: Path, cli: Callable[..., Run], written: str
) -> None:
    replace("criteria/default.yaml", "    weight: 25\n", f"    weight: {written}\n")(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "criteria[2](power).weight: expected a number" in run.stderr
    assert "write 1500: no quotes or thousands separators; the unit goes in `unit:`" in run.stderr


def test_region_figure_written_as_text_says_how_to_write_it(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    replace("regions/gwangju.yaml", "value: 11.9", 'value: "11.9"')(data_dir)
    run = cli("rank", "-f", "json")
    assert run.exit_code == 3 and run.stdout == ""
    assert "metrics.grid_self_sufficiency_pct.value: expected a number" in run.stderr
    assert "write 11.9: no quotes" in run.stderr


def test_bundled_data_still_validates(cli: Callable[..., Run]) -> None:
    run = cli("validate")
    assert run.exit_code == 0, run.stderr
    assert "warning" not in run.stderr
    assert json.loads(cli("rank", "-f", "json").stdout)["ranking"]


def test_unreadable_number_is_one_error_not_two(data_dir: Path, cli: Callable[..., Run]) -> None:
    replace("criteria/default.yaml", "    weight: 25\n", f"    weight: {BIG}\n")(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert len(lines_with(run.stderr, "criteria[2](power).weight")) == 1, run.stderr
    assert "1 problem in the input" in run.stderr


def test_committee_member_weights_whose_sum_overflows_are_an_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    heavy = data_dir / "heavy.yaml"
    heavy.write_text(
        "schema: bidtool.member/1\nname: H\nweights:\n  power: 1.0e+308\n  site: 1.0e+308\n",
        encoding="utf-8",
    )
    other = data_dir / "other.yaml"
    other.write_text("schema: bidtool.member/1\nname: O\nweights:\n  power: 3\n", encoding="utf-8")
    run = cli("committee", str(heavy), str(other), "-f", "json")
    assert run.exit_code == 3 and run.stdout == ""
    assert "heavy.yaml:3: weights: the weights at level 'top' add up to more than float64" in (
        run.stderr
    )


def test_figure_written_as_text_in_validate_says_how_to_write_it_via_the_catalogue(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # validate checks the figure against regions/metrics.yaml; that message gave no hint
    replace("regions/gwangju.yaml", "value: 11.9\n", "value: 11.9 %\n")(data_dir)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "metrics.grid_self_sufficiency_pct.value: expected a number" in run.stderr
    assert "write 11.9: no quotes or thousands separators" in run.stderr


def test_range_figure_written_as_text_says_how_to_write_it(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # jeonnam's power figure has a range; that check fired first and gave no hint
    replace("regions/jeonnam.yaml", "    value: 500\n", "    value: 500 MW\n")(data_dir)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3 and run.stdout == ""
    assert "metrics.power_available_mw: a range needs a numeric value" in run.stderr
    assert "write 500: no quotes or thousands separators" in run.stderr
