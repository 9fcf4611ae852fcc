"""``bidtool weights ahp FILE``: judgements that would overflow are input errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

AHP = "schema: bidtool.ahp/1\nelements: [a, b, c]\n"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("judgements:\n  a: {b: 1.0e-320, c: 2}\n  b: {c: 2}\n", "p.yaml:4: judgements.a.b"),
        ("matrix:\n  - [1, 1.0e-320, 2]\n  - [1.0e+320, 1, 2]\n  - [0.5, 0.5, 1]\n", "p.yaml:4"),
    ],
    ids=["judgements", "matrix"],
)
def test_ahp_judgement_1e_320_is_an_input_error(
    tmp_path: Path, cli: Callable[..., Run], body: str, where: str
) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(AHP + body, encoding="utf-8")
    run = cli("weights", "ahp", str(f))
    assert run.exit_code == 3, run.stdout
    assert "Traceback" not in run.stderr
    assert where in run.stderr.replace(str(tmp_path) + "/", "")


def test_400_digit_ahp_cell_is_number_too_large(tmp_path: Path, cli: Callable[..., Run]) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(AHP + f"judgements:\n  a: {{b: {'9' * 400}, c: 2}}\n  b: {{c: 2}}\n")
    run = cli("weights", "ahp", str(f))
    assert run.exit_code == 3
    assert "judgements.a.b: number too large (400 digits)" in run.stderr
