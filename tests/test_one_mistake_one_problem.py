"""One mistake → one problem (issue 11 §9, follow-up): no echoes in other files or checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_constraint_value_forty_is_one_problem_at_the_constraint(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    path = data_dir / "criteria" / "default.yaml"
    _edit(path, "    value: 40\n", '    value: "forty"\n')
    line = path.read_text(encoding="utf-8").splitlines().index('    value: "forty"') + 1
    r = cli("rank", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 3
    assert f"criteria/default.yaml:{line}: constraints[1].value: expected a number" in r.stderr
    assert "regions/" not in r.stderr, r.stderr
    assert "1 problem in the input" in r.stderr


def test_region_power_1_500_text_is_one_problem(data_dir: Path, cli: Callable[..., Run]) -> None:
    _edit(data_dir / "regions" / "gwangju.yaml", "    value: 120\n", '    value: "1,500"\n')
    r = cli("rank", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 3
    assert "write 1500: no quotes or thousands separators" in r.stderr
    assert "1 problem in the input" in r.stderr, r.stderr


def test_typod_metric_key_under_strict_is_one_problem(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    _edit(data_dir / "regions" / "gwangju.yaml", "  power_available_mw:", "  power_availble_mw:")
    r = cli("validate", "--strict", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 3
    typo = [line for line in r.stderr.splitlines() if "power_availble_mw" in line]
    assert len(typo) == 1, typo
    assert "did you mean 'power_available_mw'?" in typo[0]
