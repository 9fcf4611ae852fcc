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
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    col = header.index("Incomparable with")
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows[2:]]
    names = {r["id"]: r["name"] for r in doc["ranking"]}
    for a, b in pairs:  # each names the other, by name
        assert names[b] in next(c for c in cells if names[a] in c[1])[col]
        assert names[a] in next(c for c in cells if names[b] in c[1])[col]


def test_method_all_compares_complete_rankings_only(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    doc = json.loads(cli("rank", "-m", "all", "-f", "json").stdout)
    assert "promethee1" not in doc["methods"]
