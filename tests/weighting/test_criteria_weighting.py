"""Weights set in the criteria file by AHP or ROC, or computed from the data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.matrix import build_matrix
from bidtool.prepare import load_inputs
from bidtool.ranking import eligibility, method_matrix
from bidtool.weighting.ahp import ahp_priorities
from bidtool.weighting.objective import critic_weights, entropy_weights
from bidtool.weighting.roc import rank_order_centroid
from tests.conftest import Run

REGIONS = {
    "north": {"a": 10, "b": 300, "c": 5},
    "south": {"a": 40, "b": 100, "c": 9},
    "west": {"a": 25, "b": 200, "c": 1},
    "east": {"a": 30, "b": 250, "c": 4},
}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "regions").mkdir()
    for rid, metrics in REGIONS.items():
        body = "".join(f"  {k}: {v}\n" for k, v in metrics.items())
        (tmp_path / "regions" / f"{rid}.yaml").write_text(
            f"schema: bidtool.region/1\nname: {rid.title()}\nmetrics:\n{body}", encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(root: Path, body: str, name: str = "c.yaml") -> str:
    (root / name).write_text("schema: bidtool.criteria/1\nname: test\n" + body, encoding="utf-8")
    return name


GROUP_AHP = """\
criteria:
  - id: g
    weight: 3
    ahp:
      judgements:
        a: {b: 3, c: 1.5}
        b: {c: "1/2"}
    children:
      - {id: a, direction: benefit}
      - {id: b, direction: cost}
      - {id: c, direction: benefit}
  - {id: other, weight: 1, metric: a, direction: cost}
"""


def test_group_ahp_sets_child_weights(work: Path, cli: Callable[..., Run]) -> None:
    inputs = load_inputs(write(work, GROUP_AHP), "regions")
    m = [[1, 3, 1.5], [1 / 3, 1, 0.5], [1 / 1.5, 2, 1]]
    expected = ahp_priorities(m).weights
    w = {leaf.id: leaf.weight for leaf in inputs.criteria.leaves}
    assert [w["a"], w["b"], w["c"]] == pytest.approx([0.75 * x for x in expected], abs=1e-12)
    assert w["other"] == pytest.approx(0.25)
    (group,) = inputs.criteria.ahp
    assert group.parent == "g" and group.elements == ("a", "b", "c")
    doc = json.loads(cli("rank", "-c", "c.yaml", "-f", "json").stdout)
    assert doc["weighting"]["method"] == "direct"
    (level,) = doc["weighting"]["ahp"]
    assert level["level"] == "g"
    assert level["cr"] == pytest.approx(ahp_priorities(m).cr)
    assert sum(doc["weights"].values()) == pytest.approx(1.0)


def test_top_level_ahp_matrix_and_group_roc(work: Path) -> None:
    body = """\
ahp:
  matrix: [[1, 4], ["1/4", 1]]
criteria:
  - id: g
    roc: [c, a, b]
    children:
      - {id: a, direction: benefit}
      - {id: b, direction: cost}
      - {id: c, direction: benefit}
  - {id: other, metric: a, direction: cost}
"""
    inputs = load_inputs(write(work, body), "regions")
    w = {leaf.id: leaf.weight for leaf in inputs.criteria.leaves}
    roc = rank_order_centroid(3)  # 0.6111, 0.2778, 0.1111
    assert roc == pytest.approx([11 / 18, 5 / 18, 2 / 18])
    assert [w["c"], w["a"], w["b"]] == pytest.approx([0.8 * r for r in roc])
    assert w["other"] == pytest.approx(0.2)
    assert inputs.criteria.levels_weighed_by("roc") == ["g"]
    assert inputs.criteria.levels_weighed_by("ahp") == ["top level"]


def test_incomplete_judgements_are_accepted(work: Path) -> None:
    body = """\
criteria:
  - id: g
    ahp: {judgements: {a: {b: 2}, b: {c: 2}}}
    children:
      - {id: a, direction: benefit}
      - {id: b, direction: cost}
      - {id: c, direction: benefit}
"""
    inputs = load_inputs(write(work, body), "regions")
    # a chain a = 2b, b = 2c, with a–c missing: Harker's completion is exactly consistent
    w = [leaf.weight for leaf in inputs.criteria.leaves]
    assert w == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-9)
    assert inputs.criteria.ahp[0].result.cr == pytest.approx(0.0, abs=1e-9)


INCONSISTENT = """\
criteria:
  - id: g
    ahp:
      judgements:
        a: {b: 9, c: "1/9"}
        b: {c: 9}
    children:
      - {id: a, direction: benefit}
      - {id: b, direction: cost}
      - {id: c, direction: benefit}
"""


def test_inconsistent_ahp_warns_by_default_and_fails_with_strict(
    work: Path, cli: Callable[..., Run]
) -> None:
    write(work, INCONSISTENT)
    run = cli("rank", "-c", "c.yaml", "-f", "csv")
    assert run.exit_code == 0
    assert "consistency ratio" in run.stderr and "c.yaml:" in run.stderr
    for args in (("rank", "--strict"), ("validate", "--strict")):
        run = cli(*args, "-c", "c.yaml")
        assert run.exit_code == 3, run.stderr
        assert "c.yaml:5: criteria[0].ahp: --strict: AHP consistency ratio" in run.stderr
        assert "> 0.10" in run.stderr and run.stdout == ""
    assert cli("validate", "-c", "c.yaml").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "north", "south"],
        ["gap", "north"],
        ["unknowns"],
        ["sensitivity", "--samples", "10"],
        ["report", "-o", "r.md", "--samples", "0"],
    ],
    ids=lambda a: a[0],
)
def test_strict_means_the_same_on_every_command(
    args: list[str], work: Path, cli: Callable[..., Run]
) -> None:
    """Issue 11: --strict had four meanings; compare, gap, sensitivity and unknowns had none."""
    write(work, INCONSISTENT)
    assert cli(*args, "-c", "c.yaml").exit_code == 0
    run = cli(*args, "-c", "c.yaml", "--strict")
    assert run.exit_code == 3, run.stderr
    assert "--strict: AHP consistency ratio" in run.stderr


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            GROUP_AHP.replace(
                "- {id: a, direction: benefit}", "- {id: a, direction: benefit, weight: 2}"
            ),
            "criteria[0](g).children[0](a).weight: criterion 'a' has a "
            "weight, but its level is weighed by 'ahp'",
        ),
        (
            GROUP_AHP.replace("a: {b: 3, c: 1.5}", "a: {bb: 3, c: 1.5}"),
            "criteria[0](g).ahp.judgements.a.bb: unknown element 'bb'",
        ),
        (
            GROUP_AHP.replace('b: {c: "1/2"}', 'b: {c: "one half"}'),
            "criteria[0](g).ahp.judgements.b.c: expected a positive number or 'a/b'",
        ),
        (
            GROUP_AHP.replace('b: {c: "1/2"}', "b: {c: -2}"),
            "criteria[0](g).ahp.judgements.b.c: expected a positive number",
        ),
        (
            GROUP_AHP.replace('b: {c: "1/2"}', "c: {a: 2}"),
            "criteria[0](g).ahp.judgements.c.a: c vs a is judged twice (0.666667 and 2)",
        ),
        (
            GROUP_AHP.replace(
                "ahp:\n      judgements:",
                "ahp:\n      matrix: [[1, 2], [0.5, 1]]\n      judgements:",
            ),
            "exactly one",
        ),
        (
            GROUP_AHP.replace(
                'ahp:\n      judgements:\n        a: {b: 3, c: 1.5}\n        b: {c: "1/2"}',
                "ahp: {matrix: [[1, 2, 3], [0.5, 1, 2], [0.33, 0.5, 1]]}",
            ),
            "criteria[0](g).ahp.matrix[2][0]: not reciprocal: [a][c] = 3 but [c][a] = 0.33",
        ),
        (
            GROUP_AHP.replace(
                'ahp:\n      judgements:\n        a: {b: 3, c: 1.5}\n        b: {c: "1/2"}',
                "ahp: {judgements: {a: {b: 3}}}",
            ),
            "do not connect every element",
        ),
        (
            GROUP_AHP.replace(
                'ahp:\n      judgements:\n        a: {b: 3, c: 1.5}\n        b: {c: "1/2"}',
                "roc: [a, c]",
            ),
            "criteria[0](g).roc: the ordering must list every child, most important first; missing: b",
        ),
        (
            GROUP_AHP.replace(
                'ahp:\n      judgements:\n        a: {b: 3, c: 1.5}\n        b: {c: "1/2"}',
                "roc: [a, c, bee]",
            ),
            "criteria[0](g).roc[2]: unknown criterion 'bee'",
        ),
        (
            GROUP_AHP.replace(
                "- {id: other, weight: 1, metric: a, direction: cost}",
                "- {id: other, weight: 1, metric: a, direction: cost, roc: [a]}",
            ),
            "'ahp' and 'roc' weigh a group's children",
        ),
    ],
    ids=[
        "child-weight-under-ahp",
        "unknown-element",
        "bad-judgement-text",
        "negative-judgement",
        "judged-twice",
        "matrix-and-judgements",
        "not-reciprocal",
        "disconnected",
        "roc-missing-child",
        "roc-unknown",
        "roc-on-a-leaf",
    ],
)
def test_bad_weighting_blocks_are_input_errors(
    work: Path, cli: Callable[..., Run], body: str, expected: str
) -> None:
    write(work, body)
    for cmd in ("rank", "validate"):
        run = cli(cmd, "-c", "c.yaml")
        assert run.exit_code == 3, (cmd, run.stdout, run.stderr)
        assert expected in run.stderr
        assert "c.yaml:" in run.stderr and "Traceback" not in run.stderr


def _pool(inputs_name: str) -> tuple[np.ndarray, np.ndarray]:
    inputs = load_inputs(inputs_name, "regions")
    dm = build_matrix(inputs.criteria, inputs.regions)
    eligible, _, _ = eligibility(inputs.criteria, inputs.regions, dm)
    x, types = method_matrix(dm, eligible)
    return x[eligible], types


def test_entropy_and_critic_from_the_cli_equal_the_formulas(
    work: Path, cli: Callable[..., Run]
) -> None:
    write(work, GROUP_AHP)
    x, types = _pool("c.yaml")
    for name, expected in (
        ("entropy", entropy_weights(x)),
        ("critic", critic_weights(x, types)),
    ):
        doc = json.loads(cli("rank", "-c", "c.yaml", "-w", name, "-f", "json").stdout)
        assert doc["weighting"] == {"method": name, "ahp": [], "roc": [], "swing": []}
        assert list(doc["weights"].values()) == pytest.approx(expected.tolist(), abs=1e-12)
        assert sum(doc["weights"].values()) == pytest.approx(1.0)
        row = doc["ranking"][0]
        assert sum(row["contributions"].values()) == pytest.approx(row["score"], abs=1e-12)
    # the file can ask for it too, without writing any weights
    body = """\
weighting: critic
criteria:
  - {id: a, direction: benefit}
  - {id: b, direction: cost}
  - {id: c, direction: benefit}
"""
    write(work, body, "obj.yaml")
    doc = json.loads(cli("rank", "-c", "obj.yaml", "-f", "json").stdout)
    assert doc["weighting"]["method"] == "critic"
    x, types = _pool("obj.yaml")
    assert list(doc["weights"].values()) == pytest.approx(critic_weights(x, types).tolist())
    # and -w direct turns it off (equal weights when none are written)
    doc = json.loads(cli("rank", "-c", "obj.yaml", "-w", "direct", "-f", "json").stdout)
    assert list(doc["weights"].values()) == pytest.approx([1 / 3] * 3)


def test_entropy_refuses_negative_values(work: Path, cli: Callable[..., Run]) -> None:
    (work / "regions" / "north.yaml").write_text(
        "schema: bidtool.region/1\nname: North\nmetrics: {a: -5, b: 300, c: 5}\n", encoding="utf-8"
    )
    write(work, GROUP_AHP)
    run = cli("rank", "-c", "c.yaml", "-w", "entropy")
    assert run.exit_code == 3
    assert "entropy weights need non-negative values; negative in a, other" in run.stderr


def test_entropy_on_the_bundled_data_in_the_table(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-w", "entropy", "-f", "table")
    assert run.exit_code == 0
    assert "entropy weights" in run.stdout
