"""``gap --costs``: the cheapest package of commitments is the cheapest, and it reaches the rank.

Brute force: on small hand-built cases (the weighted sum, every rival's score fixed) the
cheapest package lies at a vertex — every moved figure but one at a breakpoint (value-
function anchors, step thresholds, constraint thresholds, bounds, the others' range on a
min–max leaf), the last one where the region's score meets the K-th best rival's — so
enumerating every such vertex with an evaluator written here (not bidtool's) gives the
minimum cost, which the solver must match to 1e-9 relative.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bidtool.errors import InputError
from bidtool.io.costs import Costs, UnitCost
from bidtool.model import Constraint, CriteriaSet, Criterion, Inputs, Metric, Region
from bidtool.ranking import rank
from bidtool.sensitivity.package import Package, cheapest_package
from bidtool.value_functions import Linear, Piecewise, Step, ValueFunction
from tests.conftest import REPO, Run

TIE = 1e-12


# --------------------------------------------------------------- hand-built cases


@dataclass(frozen=True)
class Leaf:
    metric: str
    weight: float
    vf: ValueFunction | None  # None: min–max over the eligible regions
    direction: int = 1


def make(
    leaves: Sequence[Leaf],
    figures: Sequence[dict[str, float | None]],
    constraints: Sequence[Constraint] = (),
    missing: str = "worst",
) -> Inputs:
    crits = tuple(
        Criterion(
            id=leaf.metric,
            label=leaf.metric,
            weight=leaf.weight,
            metric=leaf.metric,
            direction=leaf.direction,
            value_function=leaf.vf,
        )
        for leaf in leaves
    )
    crit = CriteriaSet(
        name="t",
        description=None,
        method="wsm",
        missing=missing,  # type: ignore[arg-type]
        criteria=crits,
        constraints=tuple(constraints),
        path="t.yaml",
        sha256="0" * 64,
        leaves=CriteriaSet.compute_leaves(crits, missing),  # type: ignore[arg-type]
    )
    regions = tuple(
        Region(
            id=f"r{i}",
            name=f"R{i}",
            name_ko=None,
            summary=None,
            site=None,
            metrics={k: Metric(v) for k, v in row.items()},
            path=f"r{i}.yaml",
            sha256="0" * 64,
        )
        for i, row in enumerate(figures)
    )
    return Inputs(crit, regions)


def costs(*items: tuple[str, float, int, float | None]) -> Costs:
    return Costs(
        "costs.yaml",
        "0" * 64,
        "test",
        "units",
        None,
        tuple(UnitCost(m, c, d, b, None) for m, c, d, b in items),
    )


# ------------------------------------------------------------ an independent scorer


def _utility(leaf: Leaf, x: float, column: Sequence[float]) -> float:
    if leaf.vf is not None:
        import numpy as np

        return float(leaf.vf.evaluate(np.array([x]))[0])  # type: ignore[union-attr]
    lo, hi = min(column), max(column)
    if hi <= lo:
        return 1.0
    up = min(max((x - lo) / (hi - lo), 0.0), 1.0)
    return up if leaf.direction > 0 else 1.0 - up


def _scores(
    leaves: Sequence[Leaf], rows: Sequence[dict[str, float]], eligible: Sequence[bool]
) -> list[float]:
    total = sum(leaf.weight for leaf in leaves)
    out = []
    for row in rows:
        s = 0.0
        for leaf in leaves:
            column = [rw[leaf.metric] for rw, ok in zip(rows, eligible) if ok]
            s += leaf.weight / total * _utility(leaf, row[leaf.metric], column)
        out.append(s)
    return out


def _passes(constraints: Sequence[Constraint], row: dict[str, float]) -> bool:
    return all(c.check(row[c.metric]) for c in constraints)


@dataclass
class Case:
    leaves: list[Leaf]
    figures: list[dict[str, float]]
    constraints: list[Constraint]
    region: int
    target: int
    items: list[tuple[str, float, int, float | None]]

    def inputs(self) -> Inputs:
        return make(self.leaves, self.figures, self.constraints)

    def rank_with(self, values: dict[str, float]) -> int | None:
        rows = [dict(f) for f in self.figures]
        rows[self.region].update(values)
        ok = [_passes(self.constraints, row) for row in rows]
        if not ok[self.region]:
            return None
        s = _scores(self.leaves, rows, ok)
        me = s[self.region]
        return 1 + sum(
            1 for q in range(len(rows)) if ok[q] and s[q] - me > TIE * max(abs(s[q]), abs(me), 1e-300)
        )

    def reached(self, values: dict[str, float]) -> bool:
        got = self.rank_with(values)
        return got is not None and got <= self.target

    def candidates(self, metric: str, d: int, bound: float | None) -> list[float]:
        """The breakpoints a figure can stop at, from its start the better way, within bounds."""
        start = self.figures[self.region][metric]
        points = [start]
        others = [
            f[metric] for q, f in enumerate(self.figures)
            if q != self.region and _passes(self.constraints, f)
        ]
        cap = math.inf
        for leaf in self.leaves:
            if leaf.metric != metric:
                continue
            if leaf.vf is None:
                points += [min(others), max(others)]
                cap = min(cap, (max(others) if d > 0 else min(others)) * d)
            else:
                points += [x for x, _ in leaf.vf.breakpoints()]  # type: ignore[union-attr]
        points += [float(c.value) for c in self.constraints if c.metric == metric]
        limit = max(p * d for p in points)
        if bound is not None:
            limit = min(limit, bound * d)
            points.append(bound)
        limit = max(min(limit, cap), start * d)  # past the others' best on min–max: stays
        return sorted({p for p in points if start * d <= p * d <= limit}, key=lambda p: p * d)

    def brute_force(self) -> float | None:
        """The least total cost over every vertex, or None when nothing reaches."""
        cands = {m: self.candidates(m, d, b) for m, _, d, b in self.items}
        price = {m: c for m, c, _, _ in self.items}
        start = self.figures[self.region]
        best: float | None = None
        names = [m for m, _, _, _ in self.items]
        for free in [None, *names]:
            fixed = [m for m in names if m != free]
            for combo in itertools.product(*(cands[m] for m in fixed)):
                values = dict(zip(fixed, combo))
                if free is None:
                    if not self.reached(values):
                        continue
                else:
                    x = self._least(free, cands[free], values)
                    if x is None:
                        continue
                    values[free] = x
                cost = sum(price[m] * abs(v - start[m]) for m, v in values.items())
                best = cost if best is None else min(best, cost)
        return best

    def _least(self, metric: str, points: list[float], values: dict[str, float]) -> float | None:
        """The figure nearest its start that reaches, the others held at ``values``."""
        for i, p in enumerate(points):
            if not self.reached({**values, metric: p}):
                continue
            if i == 0:
                return p
            a, b = points[i - 1], p
            for _ in range(200):  # the score is linear (or flat, for a step) on [a, b)
                mid = a + (b - a) / 2
                if mid in (a, b):
                    break
                if self.reached({**values, metric: mid}):
                    b = mid
                else:
                    a = mid
            return b
        return None


def _solve(case: Case) -> Package:
    inputs = case.inputs()
    return cheapest_package(inputs, f"r{case.region}", case.target, costs(*case.items))


def _check(case: Case) -> Package:
    package = _solve(case)
    expected = case.brute_force()
    if expected is None:
        assert not package.reachable, package
        return package
    assert package.reachable, (package.reasons, expected)
    assert package.total_cost is not None
    assert math.isclose(package.total_cost, expected, rel_tol=1e-9, abs_tol=1e-9), (
        package.total_cost,
        expected,
    )
    # the package, applied to the region's figures and ranked by bidtool, reaches the rank
    values = {c.metric: c.to for c in package.commitments}
    assert case.reached(values)
    inputs = case.inputs()
    region = inputs.regions[case.region]
    moved = replace(
        region,
        metrics={**region.metrics, **{m: Metric(v) for m, v in values.items()}},
    )
    regions = list(inputs.regions)
    regions[case.region] = moved
    after = rank(replace(inputs, regions=tuple(regions))).row(region.id)
    assert after.rank is not None and after.rank <= case.target
    assert package.rank == after.rank
    return package


POWER = Piecewise(((0.0, 0.0), (40.0, 0.5), (120.0, 1.0)))
AREA = Piecewise(((0.0, 0.0), (20.0, 0.1), (50.0, 0.6), (100.0, 1.0)))  # convex then concave
PRICE = Linear(100.0, 0.0)  # a cost: 100 is worthless, 0 is best
KV = Step(((22.9, 0.3), (154.0, 1.0)))


def test_three_figures_piecewise_and_a_constraint_match_brute_force() -> None:
    case = Case(
        leaves=[
            Leaf("power", 3, POWER), Leaf("area", 2, AREA), Leaf("price", 2, PRICE, -1),
            Leaf("other", 3, Linear(0.0, 1.0)),
        ],
        figures=[
            {"power": 30, "area": 10, "price": 80, "other": 0.6},
            {"power": 120, "area": 60, "price": 40, "other": 0.7},
            {"power": 80, "area": 90, "price": 20, "other": 0.5},
        ],
        constraints=[Constraint("power", ">=", 40)],
        region=0,
        target=1,
        items=[("power", 5.0, 1, 200.0), ("area", 2.0, 1, 100.0), ("price", 1.5, -1, 0.0)],
    )
    package = _check(case)
    assert package.current_rank is None  # ineligible today: power 30 < 40
    assert {c.metric for c in package.commitments} >= {"power"}
    assert next(c for c in package.commitments if c.metric == "power").to >= 40
    assert set(package.overtakes) | set(package.ties) == {"r1", "r2"}  # all were ahead of it


def test_a_min_max_leaf_and_a_step_match_brute_force() -> None:
    case = Case(
        leaves=[
            Leaf("rel", 3, None), Leaf("kv", 2, KV), Leaf("area", 2, AREA),
            Leaf("other", 3, Linear(0.0, 1.0)),
        ],
        figures=[
            {"rel": 12, "kv": 22.9, "area": 30, "other": 0.3},
            {"rel": 10, "kv": 154, "area": 70, "other": 0.6},
            {"rel": 40, "kv": 154, "area": 40, "other": 0.5},
            {"rel": 25, "kv": 22.9, "area": 80, "other": 0.4},
        ],
        constraints=[],
        region=0,
        target=2,
        items=[("rel", 0.7, 1, None), ("kv", 0.05, 1, 345.0), ("area", 0.4, 1, None)],
    )
    package = _check(case)
    rel = next((c for c in package.commitments if c.metric == "rel"), None)
    assert rel is None or rel.to <= 40  # stays within the others' range (min–max)
    assert any("min–max" in n.text() for n in package.notes)


def test_bounds_make_it_unreachable_and_say_how_far_it_gets() -> None:
    case = Case(
        leaves=[Leaf("power", 1, POWER), Leaf("other", 3, Linear(0.0, 1.0))],
        figures=[{"power": 50, "other": 0.1}, {"power": 60, "other": 0.9}],
        constraints=[],
        region=0,
        target=1,
        items=[("power", 1.0, 1, 100.0)],
    )
    package = _check(case)
    assert not package.reachable and package.best_rank == 2
    assert "furthest" in package.reasons[0].text()


def test_an_uncosted_failing_constraint_cannot_be_fixed() -> None:
    inputs = make(
        [Leaf("power", 1, POWER), Leaf("water", 1, Linear(0.0, 10.0))],
        [{"power": 50, "water": 1.0}, {"power": 60, "water": 5.0}],
        [Constraint("water", ">=", 2)],
    )
    package = cheapest_package(inputs, "r0", 1, costs(("power", 1.0, 1, None)))
    assert not package.reachable
    assert "water >= 2" in package.reasons[0].text() and "no commitment" in package.reasons[0].text()


def test_already_there_needs_nothing() -> None:
    inputs = make([Leaf("power", 1, POWER)], [{"power": 100}, {"power": 60}])
    package = cheapest_package(inputs, "r0", 1, costs(("power", 1.0, 1, None)))
    assert package.reachable and package.commitments == () and package.total_cost == 0


def test_an_unknown_figure_is_costed_from_the_worst_end_and_the_note_says_so() -> None:
    inputs = make(
        [Leaf("power", 1, POWER), Leaf("other", 1, Linear(0.0, 1.0))],
        [{"power": None, "other": 0.5}, {"power": 60, "other": 0.5}],
    )
    package = cheapest_package(inputs, "r0", 1, costs(("power", 2.0, 1, None)))
    (c,) = package.commitments
    assert c.current is None and c.start == 0.0
    assert math.isclose(c.to, 60.0, rel_tol=1e-9) and math.isclose(c.cost, 120.0, rel_tol=1e-9)
    assert any("worst end" in n.text() for n in package.notes)


def test_a_rival_scored_the_mean_moves_with_the_region() -> None:
    """r1's unknown power scores the mean of the known ones, the region's included: the
    package must lift the region past a rival that rises with it (checked by ranking)."""
    leaves = [Leaf("power", 2, Linear(0.0, 100.0)), Leaf("area", 1, Linear(0.0, 100.0))]
    figures: list[dict[str, float | None]] = [
        {"power": 20, "area": 10},
        {"power": None, "area": 60},
        {"power": 90, "area": 30},
    ]
    inputs = make(leaves, figures, missing="mean")
    package = cheapest_package(
        inputs, "r0", 1, costs(("power", 1.0, 1, 100.0), ("area", 3.0, 1, 100.0))
    )
    assert package.reachable and package.rank == 1
    # brute force: for each power on a grid, the least area that reaches (bisection, ranked
    # by bidtool); nothing on the grid is cheaper than the package
    def first(p: float, a: float) -> bool:
        trial = [dict(f) for f in figures]
        trial[0].update(power=p, area=a)
        return rank(make(leaves, trial, missing="mean")).row("r0").rank == 1

    best = math.inf
    for p in [20.0 + k for k in range(81)]:
        if not first(p, 100.0):
            continue
        lo, hi = 10.0, 100.0
        for _ in range(40):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if first(p, mid) else (mid, hi)
        best = min(best, (p - 20) + 3 * (hi - 10))
    assert package.total_cost is not None and package.total_cost <= best + 1e-6
    assert package.total_cost >= best - 1.0  # the grid's step, at power's price


def test_non_additive_methods_are_refused() -> None:
    inputs = make([Leaf("power", 1, POWER)], [{"power": 10}, {"power": 60}])
    with pytest.raises(InputError, match="weighted sum only"):
        cheapest_package(inputs, "r0", 1, costs(("power", 1.0, 1, None)), method="topsis")


# ------------------------------------------------------------ random small instances


@st.composite
def cases(draw: st.DrawFn) -> Case:
    m = draw(st.integers(2, 4))
    kinds = draw(st.lists(st.sampled_from(["piecewise", "linear", "step", "minmax"]), min_size=2, max_size=3))
    leaves: list[Leaf] = []
    for j, kind in enumerate(kinds):
        w = draw(st.integers(1, 5))
        if kind == "piecewise":
            xs = sorted(draw(st.sets(st.integers(0, 100), min_size=3, max_size=5)))
            us = sorted(draw(st.lists(st.integers(0, 10), min_size=len(xs), max_size=len(xs))))
            vf: ValueFunction | None = Piecewise(tuple((float(x), u / 10) for x, u in zip(xs, us)))
        elif kind == "linear":
            vf = Linear(0.0, 100.0)
        elif kind == "step":
            xs = sorted(draw(st.sets(st.integers(1, 100), min_size=1, max_size=3)))
            vf = Step(tuple((float(x), (k + 1) / len(xs)) for k, x in enumerate(xs)))
        else:
            vf = None
        leaves.append(Leaf(f"m{j}", w, vf))
    leaves.append(Leaf("other", draw(st.integers(1, 5)), Linear(0.0, 10.0)))
    figures = [
        {
            **{leaf.metric: float(draw(st.integers(0, 100))) for leaf in leaves[:-1]},
            "other": float(draw(st.integers(0, 10))),
        }
        for _ in range(m)
    ]
    constraints = []
    if draw(st.booleans()):
        constraints.append(Constraint("m0", ">=", float(draw(st.integers(0, 60)))))
    items = [
        (leaf.metric, float(draw(st.integers(1, 20))) / 4, 1,
         draw(st.one_of(st.none(), st.integers(60, 150).map(float))))
        for leaf in leaves[:-1]
    ]
    region = draw(st.integers(0, m - 1))
    # a min–max region outside the others' range cannot move (the solver says so): skip
    for leaf in leaves:
        if leaf.vf is None:
            others = [f[leaf.metric] for q, f in enumerate(figures) if q != region]
            if figures[region][leaf.metric] < min(others):
                figures[region][leaf.metric] = min(others)
    # bounds below the region's figure are refused by the costs file: drop them
    items = [
        (name, c, d, b if b is None or b >= figures[region][name] else None)
        for name, c, d, b in items
    ]
    return Case(leaves, figures, constraints, region, draw(st.integers(1, m - 1)), items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_small_instances_match_brute_force(case: Case) -> None:
    others_ok = [
        _passes(case.constraints, f) for q, f in enumerate(case.figures) if q != case.region
    ]
    if not all(others_ok):
        return  # a rival out of the pool changes min–max ranges: the brute force assumes all in
    _check(case)


# ------------------------------------------------------------------ bundled data


COSTS = REPO / "examples" / "commitment-costs.yaml"


@pytest.mark.parametrize("region", ["pohang", "ulsan"])
def test_bundled_package_to_first_reaches_first_when_rerun_as_a_scenario(
    data_dir: Path, cli: Callable[..., Run], region: str
) -> None:
    import json

    run = cli("gap", region, "--rank", "1", "--costs", str(COSTS), "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.gap/1" and doc["changes"]  # gap's own keys are kept
    package = doc["package"]
    assert package["reachable"] and package["rank_after"] == 1
    total = sum(c["cost"] for c in package["commitments"])
    assert math.isclose(package["total_cost"], total, rel_tol=1e-12)
    for c in package["commitments"]:
        assert math.isclose(c["cost"], c["per_unit"] * abs(c["to"] - c["from"]), rel_tol=1e-12)
    Path("package.yaml").write_text(yaml.safe_dump(package["scenario"]), encoding="utf-8")
    rerun = json.loads(cli("rank", "-s", "package.yaml", "-f", "json").stdout)
    row = next(r for r in rerun["ranking"] if r["id"] == region)
    assert row["rank"] == 1 and math.isclose(row["score"], package["score_after"], rel_tol=1e-12)
    # a hair less of the dearest commitment is not enough: the package is tight
    dearest = max(package["commitments"], key=lambda c: c["cost"])
    short = dict(package["scenario"]["regions"][region])
    short[dearest["metric"]] = dearest["to"] - 1e-6 * max(abs(dearest["to"] - dearest["from"]), 1)
    scenario = {"name": "short", "regions": {region: short}}
    Path("short.yaml").write_text(yaml.safe_dump(scenario), encoding="utf-8")
    missed = json.loads(cli("rank", "-s", "short.yaml", "-f", "json").stdout)
    assert next(r for r in missed["ranking"] if r["id"] == region)["rank"] > 1


def test_table_and_csv(data_dir: Path, cli: Callable[..., Run]) -> None:
    table = cli("gap", "pohang", "--costs", str(COSTS), "-f", "table")
    assert table.exit_code == 0, table.stderr
    flat = " ".join(table.stdout.split())
    assert "cheapest package" in flat and "Total cost" in flat
    assert "not published figures" in flat  # the file's label: illustrative
    ko = cli("gap", "pohang", "--costs", str(COSTS), "-f", "table", "--lang", "ko")
    assert "총비용" in ko.stdout
    csv = cli("gap", "pohang", "--costs", str(COSTS), "-f", "csv")
    header = csv.stdout.splitlines()[0].split(",")
    assert header[:6] == ["region", "target_rank", "reachable", "metric", "scored_by", "unit"]
    assert len(csv.stdout.splitlines()) >= 2
    md = cli("gap", "pohang", "--costs", str(COSTS), "-f", "md")
    assert md.exit_code == 0 and md.stdout.startswith("# ")
    # without --costs, gap is what it was
    plain = cli("gap", "pohang", "-f", "csv").stdout.splitlines()[0]
    assert plain.startswith("criterion,metric,unit,current,required")


def test_a_method_that_is_not_additive_is_refused(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("gap", "pohang", "--costs", str(COSTS), "-m", "topsis")
    assert run.exit_code == 2 and "weighted sum only" in run.stderr
    crit = Path("criteria/default.yaml")
    crit.write_text(crit.read_text(encoding="utf-8").replace("method: wsm", "method: topsis"), encoding="utf-8")
    run = cli("gap", "pohang", "--costs", str(COSTS))
    assert run.exit_code == 3 and "weighted sum only" in run.stderr



@pytest.mark.parametrize("weighting", ["entropy", "critic"])
def test_weights_computed_from_the_data_are_refused(
    data_dir: Path, cli: Callable[..., Run], weighting: str
) -> None:
    # entropy/CRITIC weights move when the region's figures move: a package solved with
    # today's weights is not one `rank -s` of it confirms (it ranked 2nd, not 1st)
    run = cli("gap", "busan", "--costs", str(COSTS), "-w", weighting)
    assert run.exit_code == 2 and "weighting" in run.stderr, (run.stdout, run.stderr)
    crit = Path("criteria/default.yaml")
    crit.write_text(
        crit.read_text(encoding="utf-8").replace("method: wsm", f"method: wsm\nweighting: {weighting}"),
        encoding="utf-8",
    )
    run = cli("gap", "busan", "--costs", str(COSTS))
    assert run.exit_code == 3, (run.stdout, run.stderr)
    assert "default.yaml" in run.stderr and "weighting" in run.stderr and "Traceback" not in run.stderr


BAD = [
    ("  site_area_m2: {per_unit: 0.3}\n  sit_area_m2: {per_unit: 1}\n", 7, "costs.sit_area_m2", "did you mean"),
    ("  site_area_m2: {per_unit: -1}\n", 6, "costs.site_area_m2.per_unit", "positive"),
    ("  site_area_m2: {per_unit: 0}\n", 6, "costs.site_area_m2.per_unit", "positive"),
    ("  site_area_m2: {per_unit: .inf}\n", 6, "costs.site_area_m2.per_unit", "finite"),
    ("  site_area_m2: {per_unit: 1.0e+20}\n", 6, "costs.site_area_m2.per_unit", "larger currency"),
    ("  site_area_m2: {per_unit: 1, min: 0}\n", 6, "costs.site_area_m2.min", "write max"),
    ("  site_area_m2: {per_unit: 1, max: 100}\n", 6, "costs.site_area_m2.max", "47,000"),
    ("  land_price_krw_per_m2: {per_unit: 1, max: 5}\n", 6, "costs.land_price_krw_per_m2.max", "write min"),
    ("  ground_condition: {per_unit: 1}\n", 6, "costs.ground_condition", "categories"),
    ("  site_area_m2: {per_unit: 1, step: 2}\n", 6, "costs.site_area_m2.step", ""),
    ("  site_area_m2: {per_unit: cheap}\n", 6, "costs.site_area_m2.per_unit", ""),
]


@pytest.mark.parametrize(("body", "line", "key", "words"), BAD)
def test_bad_costs_files_exit_3_naming_file_line_and_key(
    data_dir: Path, cli: Callable[..., Run], body: str, line: int, key: str, words: str
) -> None:
    Path("bad.yaml").write_text(
        "schema: bidtool.costs/1\nlabel: test\ncurrency: KRW\n# a comment\ncosts:\n" + body,
        encoding="utf-8",
    )
    run = cli("gap", "pohang", "--costs", "bad.yaml")
    assert run.exit_code == 3, (run.stdout, run.stderr)
    flat = " ".join(run.stderr.split())
    assert f"bad.yaml:{line}: {key}" in flat, flat
    assert words in flat, flat
    assert "Traceback" not in run.stderr


def test_a_missing_costs_file_and_a_missing_label(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("gap", "pohang", "--costs", "nowhere.yaml")
    assert run.exit_code == 3 and "nowhere.yaml" in run.stderr
    assert "costs file not found" in run.stderr and "file file" not in run.stderr
    Path("nolabel.yaml").write_text(
        "schema: bidtool.costs/1\ncurrency: KRW\ncosts:\n  site_area_m2: {per_unit: 1}\n",
        encoding="utf-8",
    )
    run = cli("gap", "pohang", "--costs", "nolabel.yaml")
    assert run.exit_code == 3 and "nolabel.yaml:1" in run.stderr and "label" in run.stderr


def test_a_figure_only_a_constraint_reads_moves_as_the_constraint_asks() -> None:
    inputs = make(
        [Leaf("power", 1, POWER)],
        [{"power": 60, "permit": 5.0}, {"power": 50, "permit": 20.0}],
        [Constraint("permit", ">", 10)],
    )
    package = cheapest_package(inputs, "r0", 1, costs(("permit", 3.0, 1, None)))
    (c,) = package.commitments
    assert c.metric == "permit" and c.criteria == () and 10 < c.to <= 10 + 1e-9
    assert package.rank == 1 and package.current_rank is None


def test_the_library_front_door_and_its_frame(data_dir: Path) -> None:
    import bidtool

    inputs = bidtool.load()
    g = bidtool.gap(inputs, "gwangju", 1, costs=REPO / "examples" / "commitment-costs.yaml")
    assert g.package is not None and g.package.reachable and g.package.rank == 1
    frame = g.to_frame()
    assert list(frame.columns[:4]) == ["region", "target_rank", "reachable", "metric"]
    assert g.to_dict()["package"]["total_cost"] == g.package.total_cost
    assert bidtool.gap(inputs, "gwangju", 1).package is None  # without costs: gap as it was


def test_korean_headings(data_dir: Path, cli: Callable[..., Run]) -> None:
    from tests.i18n.english import english_words

    run = cli("gap", "pohang", "--costs", str(COSTS), "-f", "md", "--lang", "ko")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert english_words(lines[0], frozenset({"Pohang", "Gyeongbuk"})) == [], lines[0]
    header = next(line for line in lines if line.startswith("| ") and "수치" in line)
    assert english_words(header) == [], header
    assert any(line.startswith("총비용") for line in lines)
