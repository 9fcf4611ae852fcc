"""The metric catalogue ``regions/metrics.yaml`` (DESIGN §2, issue 12 §2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

CATALOGUE = """\
schema: bidtool.metrics/1
metrics:
  power_mw:
    label: Power available to the site
    label_ko: 부지 공급 가능 전력
    unit: MW
    kind: number
    definition: Firm grid capacity offered to the Center's own plot, not the park around it.
  stage:
    label: AI data-centre anchor
    kind: category
    categories: [operating, planned, none]
    definition: The most advanced AI data centre in the region.
  outside_capital:
    label: Outside the capital region
    kind: boolean
    definition: The site lies outside Seoul, Incheon and Gyeonggi.
  ready_year:
    label: Year power is ready
    kind: year
    definition: The year the grid connection can be energised.
"""

CRITERIA = """\
schema: bidtool.criteria/1
name: catalogue test
missing: worst
criteria:
  - id: power_mw
    unit: MW
    direction: benefit
    weight: 2
  - id: stage
    weight: 1
    value_function: {type: categorical, map: {operating: 1, planned: 0.5, none: 0}}
  - id: ready_year
    direction: cost
    weight: 1
constraints:
  - metric: outside_capital
    op: "=="
    value: true
"""


def region(name: str, power: object = 100, stage: str = "planned", unit: str = "MW") -> str:
    return (
        f"schema: bidtool.region/1\nname: {name.title()}\nmetrics:\n"
        f"  power_mw: {{value: {power}, unit: {unit}}}\n"
        f"  stage: {stage}\n  outside_capital: true\n  ready_year: 2027\n"
    )


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "regions").mkdir()
    (tmp_path / "criteria" / "default.yaml").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "regions" / "metrics.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "regions" / "north.yaml").write_text(region("north", 300), encoding="utf-8")
    (tmp_path / "regions" / "south.yaml").write_text(region("south"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(work: Path, rel: str, old: str, new: str) -> None:
    path = work / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, rel)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_catalogue_is_not_read_as_a_region(work: Path, cli: Callable[..., Run]) -> None:
    assert cli("validate").exit_code == 0
    listing = cli("regions", "-f", "csv").stdout.splitlines()
    assert [ln.split(",")[0] for ln in listing[1:]] == ["north", "south"]
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 0 and run.stdout.splitlines()[1].startswith("1,north,")


def test_region_metric_not_in_catalogue_is_an_error_with_did_you_mean(
    work: Path, cli: Callable[..., Run]
) -> None:
    for rid in ("north", "south"):  # in every region, so only the catalogue can catch it
        edit(work, f"regions/{rid}.yaml", "  ready_year:", "  ready_yaer:")
    run = cli("validate")
    assert run.exit_code == 3
    assert "regions/north.yaml:" in run.stderr and "regions/south.yaml:" in run.stderr
    assert "unknown metric 'ready_yaer': not defined in regions/metrics.yaml" in run.stderr
    assert "(did you mean 'ready_year'?)" in run.stderr


def test_criterion_metric_not_in_catalogue_is_an_error(
    work: Path, cli: Callable[..., Run]
) -> None:
    edit(work, "regions/metrics.yaml", "  ready_year:", "  year_ready:")
    run = cli("validate")
    assert run.exit_code == 3
    assert "criteria/default.yaml:" in run.stderr
    assert "criteria[2](ready_year).id: unknown metric 'ready_year'" in run.stderr


def test_wrong_unit_is_one_error_citing_the_catalogue(work: Path, cli: Callable[..., Run]) -> None:
    edit(work, "regions/south.yaml", "unit: MW", "unit: kW")
    run = cli("validate")
    assert run.exit_code == 3
    lines = [ln for ln in run.stderr.splitlines() if "metrics.power_mw.unit" in ln]
    assert len(lines) == 1, run.stderr
    assert "expected 'MW' (regions/metrics.yaml:3), got 'kW'" in lines[0]


def test_criterion_unit_must_match_the_catalogue(work: Path, cli: Callable[..., Run]) -> None:
    edit(work, "criteria/default.yaml", "    unit: MW\n", "    unit: GW\n")
    edit(work, "regions/north.yaml", "unit: MW", "unit: GW")
    run = cli("validate")
    assert run.exit_code == 3
    assert "criteria[0](power_mw).unit: expected 'MW' for 'power_mw'" in run.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("power_mw: {value: 100", "power_mw: {value: lots", "expected a number (number)"),
        ("stage: planned", "stage: plannd", "(did you mean 'planned'?)"),
        ("outside_capital: true", "outside_capital: maybe", "expected true or false"),
        ("ready_year: 2027", "ready_year: 2027.5", "expected a year"),
    ],
    ids=["number", "category", "boolean", "year"],
)
def test_region_value_must_have_the_catalogue_kind(
    work: Path, cli: Callable[..., Run], old: str, new: str, message: str
) -> None:
    edit(work, "regions/south.yaml", old, new)
    run = cli("validate")
    assert run.exit_code == 3
    found = [ln for ln in run.stderr.splitlines() if ln.startswith("regions/south.yaml:")]
    assert len(found) == 1 and message in found[0], run.stderr


def test_criteria_must_read_metrics_as_their_kind(work: Path, cli: Callable[..., Run]) -> None:
    edit(work, "criteria/default.yaml", "none: 0}", "nothing: 0}")
    edit(work, "criteria/default.yaml", 'op: "=="\n    value: true', 'op: ">="\n    value: 1')
    run = cli("validate")
    assert run.exit_code == 3
    assert "'nothing' is not a value of 'stage'" in run.stderr
    assert "constraint outside_capital" not in run.stderr  # reported once, on the criteria side
    assert "'outside_capital' is a boolean (regions/metrics.yaml:14); it can only be compared" in (
        run.stderr
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    categories: [operating, planned, none]\n", "", "needs 'categories'"),
        ("    kind: boolean\n", "    kind: boolean\n    unit: MW\n", "a boolean metric has no unit"),
        ("    kind: year\n", "    kind: yaer\n", "(did you mean 'year'?)"),
        ("    definition: The year", "    defintion: The year", "did you mean 'definition'"),
    ],
    ids=["category-without-categories", "unit-on-boolean", "bad-kind", "definition-missing"],
)
def test_invalid_catalogue_is_an_input_error(
    work: Path, cli: Callable[..., Run], old: str, new: str, message: str
) -> None:
    edit(work, "regions/metrics.yaml", old, new)
    run = cli("validate")
    assert run.exit_code == 3
    assert "regions/metrics.yaml:" in run.stderr and message in run.stderr, run.stderr
