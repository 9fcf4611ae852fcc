"""``bidtool committee``: AIJ/AIP aggregation (Forman & Peniwati 1998) and Kendall's W."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml

from bidtool.committee import convene, kendall_w, mid_ranks
from bidtool.prepare import load_inputs
from tests.conftest import REPO, Run

EXAMPLES = sorted((REPO / "examples" / "committee").glob("*.yaml"))


def _tree(root: Path, ids: tuple[str, ...] = ("a", "b", "c")) -> Path:
    """A flat tree of benefit criteria and three regions."""
    crit = {
        "schema": "bidtool.criteria/1",
        "name": "three",
        "criteria": [
            {
                "id": k,
                "direction": "benefit",
                "weight": 1,
                "value_function": {"type": "linear", "worst": 0, "best": 10},
            }
            for k in ids
        ],
    }
    (root / "criteria").mkdir()
    (root / "regions").mkdir()
    (root / "criteria" / "t.yaml").write_text(yaml.safe_dump(crit), encoding="utf-8")
    for rid, vals in {"x": (9, 1, 5, 3), "y": (2, 8, 6, 4), "z": (5, 5, 5, 5)}.items():
        doc = {"schema": "bidtool.region/1", "name": rid, "metrics": dict(zip(ids, vals))}
        (root / "regions" / f"{rid}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return root / "criteria" / "t.yaml"


def _member(root: Path, name: str, **body: object) -> str:
    path = root / f"{name}.yaml"
    path.write_text(
        yaml.safe_dump({"schema": "bidtool.member/1", "name": name, **body}), encoding="utf-8"
    )
    return str(path)


def _judge(a_b: float, a_c: float, b_c: float) -> dict[str, object]:
    return {"ahp": {"top": {"judgements": {"a": {"b": a_b, "c": a_c}, "b": {"c": b_c}}}}}


def _eig(m: list[list[float]]) -> np.ndarray:
    vals, vecs = np.linalg.eig(np.array(m))
    v = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
    return v / v.sum()


def test_three_members_hand_checkable(tmp_path: Path) -> None:
    """Consistent members: A (4:2:1), B (8:2:1), C (2:2:1).

    AIJ: geometric means a_ab = ∛(2·4·1) = 2, a_ac = ∛(4·8·2) = 4, a_bc = ∛(2·2·2) = 2,
    a consistent matrix with priorities (4, 2, 1)/7.  AIP: the geometric mean of
    (4,2,1)/7, (8,2,1)/11 and (2,2,1)/5 is proportional to (∛64, ∛8, 1) = (4, 2, 1):
    the same (4, 2, 1)/7, as Forman & Peniwati show it must be for consistent members.
    """
    crit = _tree(tmp_path)
    inputs = load_inputs(str(crit), str(tmp_path / "regions"))
    paths = [
        _member(tmp_path, "A", **_judge(2, 4, 2)),
        _member(tmp_path, "B", **_judge(4, 8, 2)),
        _member(tmp_path, "C", weights={"a": 2, "b": 2, "c": 1}),  # direct weights
    ]
    for how in ("aij", "aip"):
        board = convene(inputs, paths, how)  # type: ignore[arg-type]
        got = [leaf.weight for leaf in board.group.leaves]
        assert got == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-9), how
    aij = convene(inputs, paths, "aij")
    assert aij.group_ahp[""].cr == pytest.approx(0.0, abs=1e-9)
    assert [leaf.weight for leaf in aij.member_sets[1].leaves] == pytest.approx(
        [8 / 11, 2 / 11, 1 / 11], abs=1e-9
    )


def test_aij_and_aip_differ_for_inconsistent_members(tmp_path: Path) -> None:
    """Four criteria (for three, the eigenvector is the rows' geometric mean and the two
    aggregations always coincide); oracles: numpy's eigenvectors."""
    ids = ("a", "b", "c", "d")
    crit = _tree(tmp_path, ids)
    inputs = load_inputs(str(crit), str(tmp_path / "regions"))
    judged = [
        {"a": {"b": 3, "c": 1, "d": 7}, "b": {"c": 5, "d": 1}, "c": {"d": 2}},  # inconsistent
        {"a": {"b": 1, "c": 4, "d": 2}, "b": {"c": 2, "d": 3}, "c": {"d": 1}},
        {"a": {"b": 2, "c": 2, "d": 2}, "b": {"c": 1, "d": 1}, "c": {"d": 1}},
    ]
    paths = [
        _member(tmp_path, f"m{i}", ahp={"top": {"judgements": j}}) for i, j in enumerate(judged)
    ]

    def matrix(j: dict[str, dict[str, float]]) -> np.ndarray:
        m = np.ones((4, 4))
        for x, row in j.items():
            for y, v in row.items():
                m[ids.index(x), ids.index(y)] = v
                m[ids.index(y), ids.index(x)] = 1 / v
        return m

    mats = [matrix(j) for j in judged]
    want_aij = _eig(np.exp(np.mean([np.log(m) for m in mats], axis=0)).tolist())
    pri = np.array([_eig(m.tolist()) for m in mats])
    want_aip = np.exp(np.log(pri).mean(axis=0))
    want_aip /= want_aip.sum()
    aij = [leaf.weight for leaf in convene(inputs, paths, "aij").group.leaves]
    aip = [leaf.weight for leaf in convene(inputs, paths, "aip").group.leaves]
    assert aij == pytest.approx(want_aij, abs=1e-9)
    assert aip == pytest.approx(want_aip, abs=1e-9)
    assert max(abs(a - b) for a, b in zip(aij, aip)) > 1e-3
    board = convene(inputs, paths, "aij")
    assert [lvl for lvl, _ in board.members[0].inconsistent] == ["top"]
    assert not board.members[2].inconsistent


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        # ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1":
        # 4 judges, 3 competitors, W = 1/16
        ([[1, 3, 2], [1, 2, 3], [2, 3, 1], [3, 1, 2]], 1 / 16),
        # 4 judges rank 10 projects; Σ D² = 1048, W = 12·1048 / (4²·10·(10²−1)) = 0.79394
        (
            [
                [1, 3, 4, 5, 2, 8, 6, 7, 10, 9],
                [2, 1, 4, 5, 6, 3, 8, 7, 10, 9],
                [3, 2, 1, 5, 7, 4, 6, 8, 9, 10],
                [4, 2, 3, 1, 6, 7, 5, 9, 8, 10],
            ],
            12 * 1048 / (16 * 10 * 99),
        ),
        ([[1, 2, 3, 4]] * 3, 1.0),
        # ties: totals 2.5, 3.5, 6 around 4: S = 6.5; T = 2³ − 2 = 6 for the tied rater:
        # W = 12·6.5 / (2²·(3³ − 3) − 2·6) = 78/84
        ([[1, 2, 3], [1.5, 1.5, 3]], 78 / 84),
    ],
)
def test_kendall_w_textbook_values(ranks: list[list[float]], expected: float) -> None:
    assert kendall_w(ranks) == pytest.approx(expected, abs=1e-12)


def test_mid_ranks() -> None:
    assert mid_ranks([0.9, 0.5, 0.5, 0.1]) == [1.0, 2.5, 2.5, 4.0]
    assert mid_ranks([3.0, 1.0, 2.0], higher_is_better=False) == [3.0, 1.0, 2.0]


def test_committee_cli_on_the_examples(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("committee", *map(str, EXAMPLES), "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.committee/1" and doc["aggregation"] == "aij"
    assert [m["name"] for m in doc["members"]] == [
        "Member A (grid engineer)",
        "Member B (economist)",
        "Member C (regional policy)",
    ]
    assert sum(doc["group"]["weights"].values()) == pytest.approx(1.0)
    assert 0.0 <= doc["kendall_w"] <= 1.0
    assert doc["disagreements"][0]["member"].startswith("Member")
    assert doc["members"][1]["ahp"]["top"]["consistent"] is True
    table = cli("committee", *map(str, EXAMPLES), "-f", "md")
    assert "Kendall's W = " in table.stdout and "| Power supply |" in table.stdout


def test_committee_input_errors(data_dir: Path, cli: Callable[..., Run]) -> None:
    bad = data_dir / "bad.yaml"
    bad.write_text("schema: bidtool.member/1\nname: X\nweights:\n  powr: 3\n", encoding="utf-8")
    run = cli("committee", str(bad), str(EXAMPLES[0]))
    assert run.exit_code == 3
    assert "bad.yaml:4: weights.powr: unknown criterion 'powr'" in run.stderr
    assert "did you mean 'power'" in run.stderr
    zero = data_dir / "zero.yaml"
    zero.write_text("schema: bidtool.member/1\nname: Z\nweights:\n  power: 0\n", encoding="utf-8")
    run = cli("committee", str(zero), str(EXAMPLES[0]))
    assert run.exit_code == 3 and "--aggregate aip" in run.stderr
    assert cli("committee", str(zero), str(EXAMPLES[0]), "--aggregate", "aip").exit_code == 0
    wild = _wild_member(data_dir)
    run = cli("committee", str(wild), str(EXAMPLES[0]))
    assert run.exit_code == 0
    assert "wild.yaml: consistency ratio" in run.stderr


def _wild_member(data_dir: Path) -> Path:
    wild = data_dir / "wild.yaml"
    wild.write_text(
        "schema: bidtool.member/1\nname: W\nahp:\n  site:\n    judgements:\n"
        "      land_price_krw_per_m2: {site_area_m2: 9, cooling_water_t_per_day: '1/9'}\n"
        "      cooling_water_t_per_day: {site_area_m2: '1/9'}\n"
        "      drought_restriction_since_2015: {site_area_m2: 1, ground_condition: 1}\n"
        "      ground_condition: {site_area_m2: 1}\n",
        encoding="utf-8",
    )
    return wild


def test_committee_strict_refuses_an_inconsistent_member(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    strict = cli("committee", str(_wild_member(data_dir)), str(EXAMPLES[0]), "--strict")
    assert strict.exit_code == 3 and "--strict: consistency ratio" in strict.stderr


def test_check_consistency_is_library_and_strict_refuses() -> None:
    """The committee's --strict rule lives in bidtool.committee, not in the CLI (issue 13 §4)."""
    from types import SimpleNamespace

    from bidtool.committee import check_consistency
    from bidtool.errors import InputError

    member = SimpleNamespace(path="kim.yaml", inconsistent=[("", 0.2)])
    board = SimpleNamespace(members=[member])
    [problem] = check_consistency(board)  # type: ignore[arg-type]
    assert problem.path == "ahp." and "consistency ratio 0.200 > 0.10" in problem.message
    with pytest.raises(InputError) as exc:
        check_consistency(board, strict=True)  # type: ignore[arg-type]
    assert exc.value.problems[0].message.startswith("--strict: consistency ratio")


def test_committee_nothing_eligible_exits_4(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    value: true\n", "    value: false\n", 1), encoding="utf-8")
    members = sorted(str(p) for p in (REPO / "examples" / "committee").glob("*.yaml"))
    r = cli("committee", *members, "-f", "json", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 4, r.stderr
    assert "no region passes the must-pass constraints" in r.stderr
    assert json.loads(r.stdout)["schema"] == "bidtool.committee/1"
