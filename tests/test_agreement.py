"""``rank --method all``: consensus leaves degenerate methods out, and says so."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.agreement import rank_all
from bidtool.prepare import load_inputs
from bidtool.ranking import competition_ranks
from tests.conftest import REPO, Run


def test_consensus_excludes_degenerate_wpm(data_dir: Path) -> None:
    multi = rank_all(load_inputs())
    assert set(multi.excluded) == {"wpm"}
    assert multi.consensus_methods == ("wsm", "topsis", "vikor", "promethee2")
    ids = list(multi.region_ids)
    # the consensus is exactly the one of the non-degenerate methods
    mean = [sum(multi.ranks[m][i] for m in multi.consensus_methods) / 4 for i in ids]
    _, expected = competition_ranks(mean, ids, higher_is_better=False)
    assert [multi.consensus[i] for i in ids] == expected
    assert multi.mean_rank["gwangju"] == 1.25  # (2+1+1+1)/4, not (2+1+1+1+1)/5
    leader = multi.region_ids[0]
    non_degenerate_votes = [multi.ranks[m][leader] for m in multi.consensus_methods]
    assert sum(r == 1 for r in non_degenerate_votes) >= len(non_degenerate_votes) / 2
    assert any("left out of the consensus" in w for w in multi.warnings)


def test_method_all_flags_degenerate_method_in_every_format(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    run = cli("rank", "-m", "all", "-f", "json")
    assert run.exit_code == 0
    assert "wpm is degenerate, left out of the consensus" in run.stderr
    doc = json.loads(run.stdout)
    assert doc["consensus_methods"] == ["wsm", "topsis", "vikor", "promethee2"]
    assert "cannot tell them apart" in doc["excluded_from_consensus"]["wpm"]
    assert doc["methods"]["wpm"]["degenerate"] == doc["excluded_from_consensus"]["wpm"]
    assert doc["methods"]["wsm"]["degenerate"] is None
    assert doc["consensus"][0]["mean_rank"] == 1.25
    csv_lines = cli("rank", "-m", "all", "-f", "csv").stdout.splitlines()
    header = csv_lines[0].split(",")
    assert header[-3:] == ["consensus_excludes", "criteria", "caveat"]
    assert all(",wpm,criteria/default.yaml," in line for line in csv_lines[1:])
    assert "wpm (excluded)" in cli("rank", "-m", "all", "-f", "md").stdout
    assert "(excluded)" in cli("rank", "-m", "all", "-f", "table").stdout


def test_rank_wpm_warns_on_bundled_data(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-m", "wpm", "-f", "json")
    assert run.exit_code == 0
    assert "warning: wpm is degenerate" in run.stderr
    assert "cannot tell them apart" in json.loads(run.stdout)["degenerate"]
    assert "Degenerate method" in cli("rank", "-m", "wpm", "-f", "md").stdout



@pytest.mark.parametrize(
    "args",
    [
        ["sensitivity", "--samples", "10"],
        ["gap", "pohang"],
        ["unknowns"],
        ["committee", str(REPO / "examples" / "committee" / "member-a-grid-engineer.yaml")],
    ],
    ids=lambda a: a[0],
)
def test_commands_built_on_a_degenerate_method_warn(
    args: list[str], data_dir: Path, cli: Callable[..., Run]
) -> None:
    run = cli(*args, "-m", "wpm", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert "wpm is degenerate" in run.stderr


def _nothing_eligible(data_dir: Path) -> None:
    """The outside-capital-region constraint asks for false: every region fails it."""
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    value: true\n" in text
    path.write_text(text.replace("    value: true\n", "    value: false\n", 1), encoding="utf-8")


def test_spearman_rho_of_empty_rankings_is_not_a_zero_division() -> None:
    from bidtool.agreement import spearman_rho

    assert spearman_rho([], []) == 1.0


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_rank_method_all_nothing_eligible_exits_4_zero_division(
    data_dir: Path, cli: Callable[..., Run], fmt: str
) -> None:
    _nothing_eligible(data_dir)
    r = cli("rank", "-m", "all", "-f", fmt, "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 4, r.stderr
    assert "no region passes the must-pass constraints" in r.stderr
    assert r.stdout.strip()  # the output is still written, as rank does
    if fmt == "json":
        assert json.loads(r.stdout)["method"] == "all"
