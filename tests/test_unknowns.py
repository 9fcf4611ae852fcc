"""``bidtool unknowns`` (DESIGN §9): coverage, rank intervals, eligibility, verify-first."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidtool.model import Constraint, CriteriaSet, Criterion, Inputs, Metric, MissingPolicy, Region
from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from bidtool.unknowns import unknowns
from bidtool.value_functions import Linear
from tests.conftest import Run


def make_inputs(
    rows: Sequence[Sequence[float | None]],
    weights: Sequence[float],
    relative: Sequence[bool] = (),
    directions: Sequence[int] = (),
    missing: MissingPolicy = "worst",
    constraints: tuple[Constraint, ...] = (),
    extra: Sequence[dict[str, object]] = (),
) -> Inputs:
    """Regions r0…, leaves c0…: linear utility = value on [0, 1], or min–max (``relative``)."""
    n = len(weights)
    rel = list(relative) or [False] * n
    dirs = list(directions) or [1] * n
    leaves = tuple(
        Criterion(
            id=f"c{j}",
            label=f"c{j}",
            weight=float(weights[j]),
            metric=f"c{j}",
            direction=dirs[j],
            value_function=None if rel[j] else Linear(0.0, 1.0),
        )
        for j in range(n)
    )
    crit = CriteriaSet(
        name="test",
        description=None,
        method="wsm",
        missing=missing,
        criteria=leaves,
        constraints=constraints,
        path="test.yaml",
        sha256="0" * 64,
        leaves=CriteriaSet.compute_leaves(leaves, missing),
    )
    regions = tuple(
        Region(
            id=f"r{i}",
            name=f"R{i}",
            name_ko=None,
            summary=None,
            site=None,
            metrics={
                **{f"c{j}": Metric(None if v is None else float(v)) for j, v in enumerate(row)},
                **{k: Metric(v) for k, v in (extra[i] if extra else {}).items()},
            },
            path=f"r{i}.yaml",
            sha256="0" * 64,
        )
        for i, row in enumerate(rows)
    )
    return Inputs(crit, regions)


# Hand-derived case.  Weights 0.5 / 0.3 / 0.2; utility = value.
#        c0    c1    c2     known score (unknown = 0)   all unknowns at 1   coverage
#   r0   0.9   0.8   ?      .45 + .24       = .69       .69 + .2 = .89      0.8
#   r1   0.5   ?     1.0    .25 + .20       = .45       .45 + .3 = .75      0.7
#   r2   ?     0.2   0.4    .06 + .08       = .14       .14 + .5 = .64      0.5
# rank now (worst): r0 1, r1 2, r2 3.
# rank_best  r0: .89 vs .45, .14 → 1;  r1: .75 vs .69, .14 → 1;  r2: .64 vs .69, .45 → 2
# rank_worst r0: .69 vs .75, .64 → 2;  r1: .45 vs .89, .64 → 3;  r2: .14 vs .89, .75 → 3
# leader r0 is not certain (its worst .69 < r1's best .75).
# verify first (missing: worst): r1's c1 at 1 gives r1 .75 > .69 — the only single figure
# that changes who is first; r2's c0 at 1 gives .64 < .69; r0's c2 only raises r0.
HAND = [[0.9, 0.8, None], [0.5, None, 1.0], [None, 0.2, 0.4]]
HAND_W = [0.5, 0.3, 0.2]


def test_hand_derived_case() -> None:
    result = unknowns(make_inputs(HAND, HAND_W))
    by = {r.id: r for r in result.regions}
    assert [r.id for r in result.regions] == ["r0", "r1", "r2"]
    assert [by[i].rank for i in ("r0", "r1", "r2")] == [1, 2, 3]
    assert [by[i].coverage for i in ("r0", "r1", "r2")] == pytest.approx([0.8, 0.7, 0.5])
    assert [(by[i].rank_best, by[i].rank_worst) for i in ("r0", "r1", "r2")] == [
        (1, 2),
        (1, 3),
        (2, 3),
    ]
    assert by["r0"].score_best == pytest.approx(0.89)
    assert by["r2"].score_worst == pytest.approx(0.14)
    assert by["r1"].unknowns == ("c1",)
    assert result.leader == ("r0",) and not result.leader_certain
    assert result.verify_changes_leader
    [item] = result.verify_first
    assert (item.region, item.metric, item.changes_leader) == ("r1", "c1", True)
    assert item.leaders == ("r0", "r1")
    assert item.score_swing == pytest.approx(0.3)


def test_hand_derived_case_under_missing_mean() -> None:
    # means of the known utilities: c0 (0.9+0.5)/2 = .7, c1 (0.8+0.2)/2 = .5, c2 (1+.4)/2 = .7
    # scores: r0 .69 + .2·.7 = .83, r1 .45 + .3·.5 = .60, r2 .14 + .5·.7 = .49.
    # r1's c1 at 1 gives .75 < .83: no single figure changes the leader, so verify-first
    # lists the largest swings: r2 c0 (.5), r1 c1 (.3), r0 c2 (.2).  Intervals do not
    # depend on the policy.
    result = unknowns(make_inputs(HAND, HAND_W, missing="mean"))
    assert [r.score for r in result.regions] == pytest.approx([0.83, 0.60, 0.49])
    assert [(r.rank_best, r.rank_worst) for r in result.regions] == [(1, 2), (1, 3), (2, 3)]
    assert not result.verify_changes_leader
    assert [(v.region, v.metric) for v in result.verify_first] == [
        ("r2", "c0"),
        ("r1", "c1"),
        ("r0", "c2"),
    ]
    assert [v.score_swing for v in result.verify_first] == pytest.approx([0.5, 0.3, 0.2])


def test_leader_certain_when_nobody_can_catch_up() -> None:
    # r0 .9 known in full; r1's best is .3 + .5 = .8 < .9
    result = unknowns(make_inputs([[0.9, 0.9], [0.6, None]], [0.5, 0.5]))
    assert result.leader_certain
    assert [(r.rank_best, r.rank_worst) for r in result.regions] == [(1, 1), (2, 2)]
    assert not result.verify_changes_leader


def test_eligibility_under_unknown_constraint_metrics() -> None:
    cons = (
        Constraint("power", ">=", 40, if_missing="pass"),
        Constraint("outside", "==", True),
    )
    extra = [
        {"power": 100, "outside": True},  # passes both: certain
        {"power": None, "outside": True},  # passes only because unknown: possible
        {"power": 100, "outside": None},  # if_missing fail: ineligible now, possible
        {"power": 10, "outside": True},  # fails: impossible
    ]
    rows = [[0.5], [0.6], [0.9], [1.0]]
    result = unknowns(make_inputs(rows, [1.0], constraints=cons, extra=extra))
    by = {r.id: r for r in result.regions}
    flags = {
        i: (by[i].eligible_now, by[i].eligible_possible, by[i].eligible_certain)
        for i in ("r0", "r1", "r2", "r3")
    }
    assert flags == {
        "r0": (True, True, True),
        "r1": (True, True, False),
        "r2": (False, True, False),
        "r3": (False, False, False),
    }
    assert by["r1"].unknown_constraints == ("power",)
    # r2 is not ranked now; were it to pass, it would be first (0.9 > 0.6, 0.5)
    assert (by["r2"].rank, by["r2"].rank_best, by["r2"].rank_worst) == (None, 1, 1)
    assert (by["r3"].rank_best, by["r3"].rank_worst) == (None, None)
    # r1 leads but could fail its power constraint: not certain
    assert result.leader == ("r1",) and not result.leader_certain


def _with_values(inputs: Inputs, cells: dict[tuple[int, str], float]) -> Inputs:
    regions = list(inputs.regions)
    for (i, metric), value in cells.items():
        metrics = dict(regions[i].metrics)
        metrics[metric] = Metric(value)
        regions[i] = replace(regions[i], metrics=metrics)
    return replace(inputs, regions=tuple(regions))


values = st.one_of(st.none(), st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]))


@st.composite
def problems(
    draw: st.DrawFn,
) -> tuple[list[list[float | None]], list[float], list[bool], list[int]]:
    m = draw(st.integers(2, 5))
    n = draw(st.integers(1, 4))
    rows = [[draw(values) for _ in range(n)] for _ in range(m)]
    weights = [float(draw(st.integers(1, 9))) for _ in range(n)]
    relative = [draw(st.booleans()) for _ in range(n)]
    directions = [draw(st.sampled_from([1, -1])) for _ in range(n)]
    return rows, weights, relative, directions


@settings(max_examples=60, deadline=None)
@given(problems())
def test_wsm_rank_interval_equals_brute_force_over_extreme_assignments(
    problem: tuple[list[list[float | None]], list[float], list[bool], list[int]],
) -> None:
    rows, weights, relative, directions = problem
    n = len(weights)
    for j in range(n):
        known = {r[j] for r in rows if r[j] is not None}
        if relative[j] and len(known) < 2:
            # a relative leaf needs two distinct known figures to have a best and a worst
            rows[0][j], rows[1][j] = 0.1, 0.9
    cells = [(i, j) for i, r in enumerate(rows) for j, v in enumerate(r) if v is None]
    if len(cells) > 7:
        for i, j in cells[7:]:
            rows[i][j] = 0.5
        cells = cells[:7]
    inputs = make_inputs(rows, weights, relative, directions)
    result = unknowns(inputs)

    def extreme(j: int, best: bool) -> float:
        """The figure at utility 1 (best) or 0 on leaf j."""
        if not relative[j]:
            return 1.0 if best else 0.0
        known = [r[j] for r in rows if r[j] is not None]
        hi, lo = max(known), min(known)  # type: ignore[type-var]
        return float(hi if best == (directions[j] > 0) else lo)  # type: ignore[arg-type]

    brute: dict[str, list[int]] = {f"r{i}": [] for i in range(len(rows))}
    for choice in itertools.product([False, True], repeat=len(cells)):
        assignment = {(i, f"c{j}"): extreme(j, b) for (i, j), b in zip(cells, choice)}
        ranking = rank(_with_values(inputs, assignment))
        for row in ranking.rows:
            assert row.rank is not None
            brute[row.id].append(row.rank)
    for r in result.regions:
        assert r.rank_best == min(brute[r.id]), (r.id, rows)
        assert r.rank_worst == max(brute[r.id]), (r.id, rows)


def test_bundled_json_matches_design_section_9(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("unknowns", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.unknowns/1"
    assert {"schema", "method", "criteria", "regions", "leader_certain", "verify_first"} <= set(doc)
    assert {"path", "sha256"} <= set(doc["criteria"])
    region_keys = {
        "id",
        "rank",
        "coverage",
        "rank_best",
        "rank_worst",
        "eligible_now",
        "eligible_possible",
        "eligible_certain",
        "unknowns",
    }
    for r in doc["regions"]:
        assert region_keys <= set(r)
        assert 0.0 <= r["coverage"] <= 1.0
        if r["rank"] is not None:
            assert r["rank_best"] <= r["rank"] <= r["rank_worst"]
    assert doc["verify_first"]
    for v in doc["verify_first"]:
        assert {"region", "metric", "changes_leader", "leaders", "score_swing"} <= set(v)
    # the bundled data: Busan's power figure is unknown and a constraint reads it
    busan = next(r for r in doc["regions"] if r["id"] == "busan")
    assert "power_available_mw" in busan["unknowns"]
    assert busan["eligible_now"] and busan["eligible_possible"] and not busan["eligible_certain"]


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2", "wpm"])
def test_other_methods_say_the_interval_is_not_exact(data_dir: Path, method: str) -> None:
    result = unknowns(load_inputs(), method)
    doc = result.to_dict()
    assert not result.exact and "not proven" in doc["rank_interval"]
    for r in result.regions:
        if r.rank is not None:
            assert r.rank_best is not None and r.rank_worst is not None


@pytest.mark.parametrize("fmt", ["table", "csv", "md"])
def test_cli_formats_run(data_dir: Path, cli: Callable[..., Run], fmt: str) -> None:
    run = cli("unknowns", "-f", fmt)
    assert run.exit_code == 0, run.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(run.stdout)))
        assert {r["id"] for r in rows} == {"busan", "gwangju", "jeonnam", "pohang", "ulsan"}
        assert all(0 <= float(r["coverage"]) <= 1 for r in rows)
    elif fmt == "md":
        assert run.stdout.startswith("# What the unknowns could change")
        assert "## Verify first" in run.stdout
    else:
        assert "Best–worst" in run.stdout and "Verify first" in run.stdout


def test_cli_investor_and_output_file(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("unknowns", "-c", "investor", "-o", "u.json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads((data_dir / "u.json").read_text(encoding="utf-8"))
    assert doc["criteria"]["name"].startswith("Investor")


def test_missing_exclude_region_could_be_ranked_once_its_figure_is_known() -> None:
    # r1 lacks c1 under missing: exclude, so it is not ranked now; with c1 known it could be
    # first (.5·.9 + .5·1 = .95 > r0's .5) or last (.45 < .5).
    result = unknowns(make_inputs([[0.5, 0.5], [0.9, None]], [1.0, 1.0], missing="exclude"))
    by = {r.id: r for r in result.regions}
    assert (by["r1"].eligible_now, by["r1"].eligible_possible, by["r1"].eligible_certain) == (
        False,
        True,
        False,
    )
    assert (by["r1"].rank, by["r1"].rank_best, by["r1"].rank_worst) == (None, 1, 2)
    [item] = result.verify_first
    assert (item.region, item.metric, item.changes_leader) == ("r1", "c1", True)
    assert item.leaders == ("r0", "r1")


@pytest.mark.parametrize("policy", ["worst", "mean"])
@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "vikor", "promethee2"])
def test_model_reproduces_the_ranking_under_the_policy(
    data_dir: Path, method: str, policy: str
) -> None:
    # the re-scoring behind verify-first starts from exactly the ranking's scores
    from bidtool.unknowns import _Model

    path = data_dir / "criteria/default.yaml"
    text = path.read_text(encoding="utf-8").replace("\nmissing: worst\n", f"\nmissing: {policy}\n")
    path.write_text(text, encoding="utf-8")
    inputs = load_inputs()
    ranking = rank(inputs, method)
    mdl = _Model(inputs, method, inputs.criteria.vikor_v)
    pool = [i for i in range(len(mdl.ids)) if mdl.eligible[i]]
    scores = dict(zip([mdl.ids[i] for i in pool], mdl.scores(mdl.u, pool)))
    for row in ranking.rows:
        assert scores[row.id] == pytest.approx(row.score, rel=1e-9, abs=1e-12)
    assert mdl.first(mdl.u, pool) == {r.id for r in ranking.rows if r.rank == 1}


@st.composite
def sweep_problems(draw: st.DrawFn) -> Inputs:
    """Small WSM problems with ties, every ``missing`` policy and a constraint on c0."""
    m = draw(st.integers(1, 7))
    n = draw(st.integers(1, 4))
    rows = [[draw(values) for _ in range(n)] for _ in range(m)]
    weights = [float(draw(st.integers(0, 9))) or 0.5 for _ in range(n)]
    relative = [draw(st.booleans()) for _ in range(n)]
    directions = [draw(st.sampled_from([1, -1])) for _ in range(n)]
    missing = draw(st.sampled_from(["worst", "exclude", "mean"]))
    cons: tuple[Constraint, ...] = ()
    if draw(st.booleans()):
        op = draw(st.sampled_from([">=", "<="]))
        bound = draw(st.sampled_from([0.1, 0.5, 0.9]))
        cons = (Constraint("c0", op, bound, if_missing=draw(st.sampled_from(["pass", "fail"]))),)
    return make_inputs(rows, weights, relative, directions, missing=missing, constraints=cons)


@settings(max_examples=150, deadline=None)
@given(sweep_problems())
def test_fast_wsm_path_equals_generic_re_ranking(inputs: Inputs) -> None:
    # the fast path computes rank intervals and verify_first from the score vector;
    # with 2,000 regions the generic re-ranking took minutes (issue 11 §7)
    fast = unknowns(inputs).to_dict()
    generic = unknowns(inputs, fast=False).to_dict()
    assert fast == generic


def test_fast_wsm_path_equals_generic_on_the_bundled_data(data_dir: Path) -> None:
    for name in ("default", "investor", "geo", "pairwise"):
        inputs = load_inputs(str(data_dir / "criteria" / f"{name}.yaml"), str(data_dir / "regions"))
        assert unknowns(inputs).to_dict() == unknowns(inputs, fast=False).to_dict(), name


def test_unknowns_reports_progress_once_per_region() -> None:
    done: list[int] = []
    unknowns(make_inputs(HAND, HAND_W), progress=done.append)
    assert sum(done) == len(HAND)
