"""names: suggestions for a mistyped word (one function, used everywhere)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bidtool.names import closest, did_you_mean
from tests.conftest import Run


def test_did_you_mean_ranks_a_swapped_operator_first() -> None:
    # '=>' is '>=' with its characters swapped, not '>' with one deleted
    assert did_you_mean("=>", [">", ">=", "<", "<=", "==", "!="]) == " (did you mean '>='?)"
    assert closest("=<", [">", ">=", "<", "<=", "=="]) == "<="


def test_did_you_mean_ranks_a_transposition_first() -> None:
    assert closest("aji", ["aij", "aip"]) == "aij"
    assert closest("topsys", ["wsm", "topsis", "promethee"]) == "topsis"
    assert closest("zzzzzz", ["wsm", "topsis"]) is None


def test_committee_aggregate_aji_suggests_aij(cli: Callable[..., Run]) -> None:
    r = cli("committee", "nothing.yaml", "--aggregate", "aji")
    assert r.exit_code == 2
    assert "did you mean 'aij'?" in " ".join(r.stderr.replace("│", " ").split())


def test_constraint_op_swapped_suggests_ge(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"op: ['\"]?>=['\"]?", text)
    path.write_text(re.sub(r"op: ['\"]?>=['\"]?", 'op: "=>"', text, count=1), encoding="utf-8")
    r = cli("rank", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 3
    assert "did you mean '>='?" in r.stderr, r.stderr
