"""Pivotal claims (issue 16 §3): every threshold agrees with a bisection over scenario files
that re-rank the bundled data through the front door, to 1e-6 relative."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import bidtool
from bidtool.io.scenario import load_scenario
from bidtool.prepare import apply_scenarios
from bidtool.sensitivity.pivotal import PivotalClaim
from tests.conftest import Run

RTOL = 1e-6
STEPS = 60  # bisection halvings at most; stops once the bracket is 1e-9 relative wide
SCAN = 8  # coarse probes between the claim and the threshold: nothing changes earlier


@pytest.fixture(scope="module")
def bundled() -> tuple[bidtool.Inputs, bidtool.Pivotal]:
    inputs = bidtool.load()
    return inputs, bidtool.pivotal(inputs)


def _yaml_number(x: float) -> str:
    text = repr(float(x))
    if "e" in text and "." not in text.split("e")[0]:  # YAML 1.1 floats need the dot
        mantissa, exp = text.split("e")
        text = f"{mantissa}.0e{exp}"
    return text


class Oracle:
    """The conclusions with one figure set by a scenario file, ranked by ``bidtool.rank``."""

    def __init__(self, inputs: bidtool.Inputs, folder: Path) -> None:
        self.inputs = inputs
        self.folder = folder
        self.calls = 0

    def file(self, region: str, metric: str, x: float) -> Path:
        path = self.folder / f"what-if-{self.calls}.yaml"
        path.write_text(
            f"regions:\n  {region}:\n    {metric}: {_yaml_number(x)}\n", encoding="utf-8"
        )
        return path

    def state(self, region: str, metric: str, x: float) -> tuple[tuple[str, ...], int | None]:
        self.calls += 1
        scenario = load_scenario(str(self.file(region, metric, x)))
        ranking = bidtool.rank(apply_scenarios(self.inputs, [scenario]))
        leaders = tuple(sorted(r.id for r in ranking.rows if r.eligible and r.rank == 1))
        return leaders, ranking.row(region).rank


def _changed(oracle: Oracle, c: PivotalClaim) -> Callable[[float], bool]:
    now = oracle.state(c.region, c.metric, c.current)

    def changed(x: float) -> bool:
        after = oracle.state(c.region, c.metric, x)
        return after[0] != now[0] if c.direction == "understated" else after != now

    return changed


def _bisect(changed: Callable[[float], bool], a: float, b: float) -> float:
    """[a (unchanged), b (changed)] shrunk by halving; returns the changed end."""
    assert not changed(a) and changed(b)
    for _ in range(STEPS):
        if abs(b - a) <= 1e-9 * max(abs(a), abs(b), 1.0):
            break
        mid = (a + b) / 2
        if changed(mid):
            b = mid
        else:
            a = mid
    return b


def test_thresholds_agree_with_bisection_over_scenario_files(
    bundled: tuple[bidtool.Inputs, bidtool.Pivotal], tmp_path: Path
) -> None:
    inputs, result = bundled
    oracle = Oracle(inputs, tmp_path)
    found = [c for c in result.claims if c.threshold is not None]
    claimed = {(c.region, c.metric) for c in result.claims if c.status == "claimed"}
    assert claimed, "the bundled data has claimed figures"
    assert {(c.region, c.metric) for c in found if c.status == "claimed"}, "some are pivotal"
    for c in result.claims:
        if c.status != "claimed":
            continue
        changed = _changed(oracle, c)
        if c.threshold is None:
            # nothing changes anywhere in that direction: probe out to ten times the claim
            sign = c.better if c.direction == "understated" else -c.better
            reach = 10 * max(abs(c.current), 1.0)
            probes = [c.current + sign * reach * k / SCAN for k in range(1, SCAN + 1)]
            assert not any(changed(max(p, 0.0) if c.current >= 0 else p) for p in probes), c
            continue
        t, x0 = c.threshold, c.current
        # nothing changes between the claim and the threshold (it is the smallest change) …
        assert not any(changed(x0 + (t - x0) * k / (SCAN + 1)) for k in range(1, SCAN + 1)), c
        # … and a bisection between the claim and twice as far finds the same point
        far = x0 + 2 * (t - x0)
        if x0 >= 0:
            far = max(far, 0.0)  # a count or a capacity: not below zero
        bisected = _bisect(changed, x0, far)
        assert bisected == pytest.approx(t, rel=RTOL, abs=0.0), (c, bisected)
        # and the conclusion the bisection lands on is the one reported
        leaders, rank = oracle.state(c.region, c.metric, bisected)
        assert (c.flips == "leader") == (leaders != tuple(result.leaders)), c
        if c.flips == "leader":
            # at the threshold itself the new leader may still share first place (a tie)
            assert set(leaders) <= set(c.leader_after), c
        else:
            assert rank == c.rank_after
    # the front door end to end: one threshold's scenario file, through bidtool.load
    first = next(c for c in found if c.status == "claimed")
    path = oracle.file(first.region, first.metric, first.threshold or 0.0)
    ranking = bidtool.rank(bidtool.load(scenarios=[str(path)]))
    assert tuple(sorted(r.id for r in ranking.rows if r.rank == 1)) != result.leaders


def test_pivotal_flags_follow_the_tolerance_and_the_stated_range(
    bundled: tuple[bidtool.Inputs, bidtool.Pivotal],
) -> None:
    inputs, result = bundled
    assert all(c.status in ("claimed", "estimate") for c in result.claims)
    for c in result.claims:
        within = c.range is not None and c.threshold is not None and (
            c.range[0] <= c.threshold <= c.range[1]
        )
        small = c.relative_change is not None and abs(c.relative_change) <= 0.25
        assert c.pivotal == (within or small), c
    strict = bidtool.pivotal(inputs, tolerance=0.0)
    assert [c.threshold for c in strict.claims] != [] and all(
        (c.range is not None) for c in strict.claims if c.pivotal
    )
    assert len(strict.pivotal_claims) < len(result.pivotal_claims)


def test_cli_json_csv_and_table(
    cli: Callable[..., Run], bundled: tuple[bidtool.Inputs, bidtool.Pivotal]
) -> None:
    run = cli("pivotal", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.pivotal/1"
    assert doc["leaders"] == ["jeonnam"]
    assert doc["tolerance"] == 0.25
    assert {"region", "metric", "status", "current", "threshold", "relative_change", "flips",
            "pivotal"} <= set(doc["claims"][0])
    assert doc == bundled[1].to_dict()
    csv = cli("pivotal", "-f", "csv", "--tolerance", "0.1")
    assert csv.exit_code == 0 and csv.stdout.startswith("region,metric,")
    table = cli("pivotal", "-f", "table")
    assert table.exit_code == 0 and "PIVOTAL" in table.stdout
    assert cli("pivotal", "--tolerance", "-1").exit_code == 2


def test_a_year_shows_its_change_in_years_not_relative(
    cli: Callable[..., Run], bundled: tuple[bidtool.Inputs, bidtool.Pivotal]
) -> None:
    """A year is an interval scale: 2028 → 2029.55 is '1.55 years later', not '+0.1%'. JSON
    keeps relative_change and adds absolute_change and interval_scale."""
    _, result = bundled
    year = next(c for c in result.claims
                if c.metric == "substation_year" and c.region == "jeonnam" and c.threshold)
    assert year.interval_scale and year.unit == "year"
    assert year.threshold is not None and year.absolute_change is not None
    assert year.absolute_change == pytest.approx(year.threshold - year.current)
    assert year.absolute_change > 1  # later than claimed: an overstated (too early) year
    area = next(c for c in result.claims if c.unit == "m2" and c.threshold)
    assert not area.interval_scale
    assert area.absolute_change == pytest.approx(area.threshold - area.current)  # type: ignore[operator]
    doc = json.loads(cli("pivotal", "-f", "json").stdout)
    row = next(c for c in doc["claims"] if (c["region"], c["metric"], c["direction"])
               == ("jeonnam", "substation_year", "overstated"))
    assert row["interval_scale"] is True
    assert row["absolute_change"] == pytest.approx(year.absolute_change)
    assert row["relative_change"] == pytest.approx(year.absolute_change / 2028)  # kept
    later = f"{float(f'{year.absolute_change:.3g}'):g} years later"
    md = cli("pivotal", "-f", "md").stdout
    line = next(x for x in md.splitlines() if "jeonnam substation_year" in x and "overstated" in x)
    assert f"({later})" in line and "%" not in line and "2,028" not in line
    assert "2028 year" in line
    ko = cli("pivotal", "-f", "md", "--lang", "ko").stdout
    assert "년 늦게)" in ko
    assert "(-23.8%)" in md or "%)" in md  # other units keep the relative change


@pytest.mark.parametrize("weighting", ["entropy", "critic"])
def test_pivotal_refuses_weights_computed_from_the_data(
    data_dir: Path, cli: Callable[..., Run], weighting: str
) -> None:
    # the thresholds hold the weights fixed; entropy/CRITIC weights move with the figures,
    # so a threshold found with today's weights could be wrong: refused, never answered
    from bidtool.errors import InputError

    run = cli("pivotal", "-w", weighting)
    assert run.exit_code == 2 and "weighting" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""
    with pytest.raises(InputError) as exc:
        bidtool.pivotal(bidtool.load(weighting=weighting))
    assert exc.value.problems[0].path == "weighting"
    crit = Path("criteria/default.yaml")
    text = crit.read_text(encoding="utf-8")
    crit.write_text(text.replace("method: wsm", f"method: wsm\nweighting: {weighting}"), encoding="utf-8")
    line = next(
        n for n, t in enumerate(crit.read_text(encoding="utf-8").splitlines(), 1)
        if t.startswith("weighting:")
    )
    run = cli("pivotal")
    assert run.exit_code == 3, (run.stdout, run.stderr)
    assert f"default.yaml:{line}: weighting:" in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""
    run = cli("pivotal", "-w", "direct")  # the command line's direct replaces the file's
    assert run.exit_code == 0, run.stderr
