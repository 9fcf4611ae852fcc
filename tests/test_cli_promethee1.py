"""``-m promethee1``: the partial order in the table, CSV and JSON; left out of ``-m all``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run


def test_json_carries_the_partial_order(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-m", "promethee1", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    po = doc["partial_order"]
    eligible = [r for r in doc["ranking"] if r["eligible"]]
    n = len(eligible)
    assert len(po["relations"]) == n * (n - 1) // 2
    assert {r["relation"] for r in po["relations"]} <= {"P", "I", "R"}
    for row in eligible:
        assert set(row["extra"]) == {"phi_plus", "phi_minus", "phi"}
        entry = po["regions"][row["id"]]
        # the score is how many regions are preferred to it
        assert row["score"] == len(entry["preferred_by"])
        for better in entry["preferred_by"]:
            assert next(r for r in eligible if r["id"] == better)["rank"] < row["rank"]
    assert doc["higher_is_better"] is False
    # a complete ranking has no partial order: the key is there, null
    other = json.loads(cli("rank", "-m", "promethee2", "-f", "json").stdout)
    assert other["partial_order"] is None


def test_table_and_csv_name_the_incomparable_regions(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    doc = json.loads(cli("rank", "-m", "promethee1", "-f", "json").stdout)
    pairs = [(r["a"], r["b"]) for r in doc["partial_order"]["relations"] if r["relation"] == "R"]
    csv = cli("rank", "-m", "promethee1", "-f", "csv").stdout
    header = csv.lstrip("\ufeff").splitlines()[0].split(",")
    assert "incomparable_with" in header
    md = cli("rank", "-m", "promethee1", "-f", "md").stdout
    assert "Incomparable with" in md and "partial order" in md
    assert pairs, "the bundled data has incomparable regions under PROMETHEE I"
    rows = [x for x in md.splitlines() if x.startswith("| ")]
    for a, b in pairs:  # ids (lower case) appear only in the "Incomparable with" cells
        assert any(b in row for row in rows) and any(a in row for row in rows)


def test_method_all_compares_complete_rankings_only(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    doc = json.loads(cli("rank", "-m", "all", "-f", "json").stdout)
    assert "promethee1" not in doc["methods"]
