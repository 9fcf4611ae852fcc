"""Promises over time (issue 16 §4): ``--at DATE`` scores each scheduled figure's last step
on or before DATE, so the leader flips exactly where the schedules say."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import bidtool
from bidtool.errors import InputError
from tests.conftest import Run

CRITERIA = """\
schema: bidtool.criteria/1
name: Two regions
description: Illustrative.
missing: worst
milestones: {go-live: 2027-12, full: 2030-12}
criteria:
  - id: power_mw
    label: Power
    unit: MW
    direction: benefit
    weight: 1
    value_function: {type: linear, worst: 0, best: 100}
"""

# A promises 50 MW from January 2026 and 90 MW from June 2028; B has 70 MW today.
REGION_A = """\
schema: bidtool.region/1
id: a
name: A
metrics:
  power_mw:
    value: 90
    unit: MW
    status: claimed
    schedule:
      - {date: 2026-01, value: 50, status: claimed}
      - {date: 2028-06, value: 90, status: claimed, note: second phase}
"""
REGION_B = """\
schema: bidtool.region/1
id: b
name: B
metrics:
  power_mw: {value: 70, unit: MW, status: confirmed}
"""


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "regions").mkdir()
    (tmp_path / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "regions" / "a.yaml").write_text(REGION_A, encoding="utf-8")
    (tmp_path / "regions" / "b.yaml").write_text(REGION_B, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leader(at: str | None) -> list[str]:
    ranking = bidtool.rank(bidtool.load("criteria.yaml", "regions", at=at))
    return [r.id for r in ranking.rows if r.rank == 1]


@pytest.mark.parametrize(
    ("at", "first"),
    [
        ("2025-12-31", ["b"]),  # before A's first step: A's figure is unknown (worst)
        ("2026-01", ["b"]),  # 50 MW against 70
        ("2028-05-31", ["b"]),  # the day before the switch
        ("2028-05", ["b"]),
        ("2028-06-01", ["a"]),  # the day of the switch: 90 MW
        ("2028-06", ["a"]),
        ("2028-06-02", ["a"]),  # the day after
        ("go-live", ["b"]),  # 2027-12
        ("full", ["a"]),  # 2030-12
    ],
)
def test_the_leader_flips_where_the_schedule_says(two: Path, at: str, first: list[str]) -> None:
    assert leader(at) == first


def test_the_state_at_a_date(two: Path) -> None:
    assert leader(None) == ["a"]  # without --at: the figures as written (A's 90)
    before = bidtool.load("criteria.yaml", "regions", at="2025-12")
    a = next(r for r in before.regions if r.id == "a").metric("power_mw")
    assert a.value is None and a.status == "unknown"
    ranking = bidtool.rank(bidtool.load("criteria.yaml", "regions", at="2026-03"))
    assert ranking.row("a").score == pytest.approx(0.5)
    assert ranking.to_dict()["at"] == "2026-03"
    later = bidtool.load("criteria.yaml", "regions", at="2028-06")
    a = next(r for r in later.regions if r.id == "a").metric("power_mw")
    assert (a.value, a.status) == (90, "claimed") and "second phase" in (a.note or "")


def test_at_on_the_command_line(two: Path, cli: Callable[..., Run]) -> None:
    for at, first in (("2028-05-31", "b"), ("2028-06-01", "a"), ("go-live", "b")):
        run = cli("rank", "-c", "criteria.yaml", "-r", "regions", "--at", at, "-f", "json")
        assert run.exit_code == 0, run.stderr
        doc = json.loads(run.stdout)
        assert doc["ranking"][0]["id"] == first and doc["at"].startswith(at)
    run = cli("rank", "-c", "criteria.yaml", "-r", "regions", "--at", "go-lve")
    assert run.exit_code == 3
    assert "did you mean 'go-live'?" in run.stderr


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("[{date: 2028-06, value: 90, status: claimed}, {date: 2026-01, value: 50, "
         "status: claimed}]", "schedule dates must ascend"),
        ("[{date: 2026-01, value: 50, status: claimed}, {date: 2028-06, value: lots, "
         "status: claimed}]", "must be of one type"),
        ("[{date: 2026-01, value: 50}]", "status"),
        ("[{date: 2026-01, value: null, status: unknown}]", "a schedule step states a figure"),
        ("[{date: 2026-13, value: 50, status: claimed}]", "expected a date YYYY-MM"),
    ],
    ids=["descending", "mixed types", "no status", "unknown step", "bad date"],
)
def test_a_bad_schedule_is_refused_with_its_line(two: Path, schedule: str, message: str) -> None:
    (two / "regions" / "a.yaml").write_text(
        REGION_A.split("    schedule:")[0] + f"    schedule: {schedule}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        bidtool.load("criteria.yaml", "regions")
    assert message in str(err.value)
    assert "regions/a.yaml:" in str(err.value)


def test_export_refuses_a_schedule(two: Path, cli: Callable[..., Run]) -> None:
    run = cli("export", "regions", "-r", "regions", "-o", "out.xlsx")
    assert run.exit_code == 3
    assert "regions/a.yaml:10: metrics.power_mw.schedule: the workbook has no columns" in run.stderr
    assert not Path("out.xlsx").exists()


def test_the_report_shows_which_ranking_rests_on_promises(
    two: Path, cli: Callable[..., Run]
) -> None:
    run = cli("report", "-c", "criteria.yaml", "-r", "regions", "-o", "r.md", "--samples", "0")
    assert run.exit_code == 0, run.stderr
    text = Path("r.md").read_text(encoding="utf-8")
    section = text.split("## Promises over time")[1].split("\n## ")[0]
    assert ("The leader depends on the promises: a as filed; b at go-live (2027-12); "
            "a at full (2030-12).") in section
    assert "| A | 1 | 2 | 1 |" in section and "| B | 2 | 1 | 2 |" in section
    # at a date, the report is the state at that date, without the section
    run = cli("report", "-c", "criteria.yaml", "-r", "regions", "-o", "at.md", "--samples", "0",
              "--at", "go-live")
    assert run.exit_code == 0, run.stderr
    text = Path("at.md").read_text(encoding="utf-8")
    assert "Promises over time" not in text and "promises at go-live (2027-12)" in text


def test_a_step_a_criterion_cannot_read_is_refused_at_its_line(two: Path) -> None:
    (two / "regions" / "b.yaml").write_text(
        REGION_B.replace("power_mw: {value: 70, unit: MW, status: confirmed}",
                         "power_mw:\n    value: null\n    unit: MW\n    status: unknown\n"
                         "    note: not yet\n    schedule:\n"
                         "      - {date: 2027-01, value: lots, status: claimed}"),
        encoding="utf-8",
    )
    bidtool.load("criteria.yaml", "regions")  # as filed the figure is unknown: fine
    with pytest.raises(InputError, match=r"regions/b.yaml:11: metrics.power_mw.schedule\[0\]"
                       r".value: expected a number for criterion 'power_mw', got 'lots'"):
        bidtool.load("criteria.yaml", "regions", at="2027-06")
