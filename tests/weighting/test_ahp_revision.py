"""AHP inconsistency that can be fixed: the judgement to change and the value, everywhere AHP
is read (``weights ahp``, criteria files)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.weighting.ahp import (
    ahp_priorities,
    judgement_text,
    revise_for_consistency,
    revision_advice,
)
from tests.conftest import Run

ERGU_2011 = [[1, 1 / 9, 3, 1 / 5], [9, 1, 5, 2], [1 / 3, 1 / 5, 1, 1 / 2], [5, 1 / 2, 2, 1]]
"""A 4 × 4 inconsistent matrix attributed to Ergu, Kou, Peng & Shi (2011), EJOR 213(1)
(tests/reference_cases; the attribution is unverified, see docs/references.md)."""


def test_consistent_matrices_need_no_revision() -> None:
    assert revise_for_consistency([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]) == ()
    assert revision_advice(["a", "b", "c"], ()) == ""


def test_a_revision_names_the_cell_the_value_and_the_cr() -> None:
    (r,) = revise_for_consistency(ERGU_2011)
    assert (r.row, r.column, r.current) == (0, 2, 3)
    assert r.cr_before == pytest.approx(ahp_priorities(ERGU_2011).cr)
    assert r.cr_after <= 0.10
    w = ahp_priorities(ERGU_2011).weights
    assert r.consistent_value == pytest.approx(w[0] / w[2])
    assert revision_advice(["a", "b", "c", "d"], [r]).startswith(
        "most inconsistent judgement a vs c: 3 → "
    )


def test_missing_judgements_are_never_suggested() -> None:
    # Harker (1987): 0 marks a missing pair
    a = [[1, 9, 0, 1 / 7], [1 / 9, 1, 5, 0], [0, 1 / 5, 1, 9], [7, 0, 1 / 9, 1]]
    for r in revise_for_consistency(a):
        assert a[r.row][r.column] != 0


def test_judgement_text() -> None:
    assert [judgement_text(v) for v in (3.0, 1 / 3, 1.0, 2.5, 0.4)] == [
        "3",
        "1/3",
        "1",
        "2.5",
        "0.4",
    ]


def test_weights_ahp_says_which_judgement_to_change(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    path = tmp_path / "ergu.yaml"
    path.write_text(
        "schema: bidtool.ahp/1\nelements: [a, b, c, d]\n"
        'matrix: [[1, "1/9", 3, "1/5"], [9, 1, 5, 2], ["1/3", "1/5", 1, "1/2"], [5, "1/2", 2, 1]]\n',
        encoding="utf-8",
    )
    run = cli("weights", "ahp", str(path), "-f", "json")
    assert run.exit_code == 0
    assert "most inconsistent judgement a vs c: 3 → " in run.stderr
    doc = json.loads(run.stdout)
    (rev,) = doc["revisions"]
    assert (rev["row"], rev["column"], rev["current"]) == ("a", "c", 3.0)
    assert rev["cr_after"] <= 0.10 < rev["cr_before"] == doc["cr"]
    md = cli("weights", "ahp", str(path), "-f", "md").stdout
    assert "To reach CR ≤ 0.10" in md and "a vs c: 3 →" in md
    strict = cli("weights", "ahp", str(path), "--strict")
    assert strict.exit_code == 3 and "a vs c" in strict.stderr


def test_consistent_file_has_no_revisions(cli: Callable[..., Run]) -> None:
    from tests.conftest import REPO

    doc = json.loads(
        cli("weights", "ahp", str(REPO / "examples" / "pairwise.yaml"), "-f", "json").stdout
    )
    assert doc["revisions"] == []


def test_a_criteria_file_names_the_judgement_to_change(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    path = data_dir / "criteria" / "pairwise.yaml"
    text = path.read_text(encoding="utf-8")
    # power ≫ site ≫ talent, yet talent ≫ power: a cycle the suggestion must break
    text = text.replace(
        "    talent: {connectivity: 2, risk: 1}", "    talent: {connectivity: 2, risk: 1, power: 9}"
    ).replace("power: {infrastructure: 2, talent: 2,", "power: {infrastructure: 2,")
    path.write_text(text, encoding="utf-8")
    run = cli("validate", "-c", "pairwise")
    assert "AHP consistency ratio" in run.stderr, run.stderr
    assert "most inconsistent judgement" in run.stderr and "→" in run.stderr
