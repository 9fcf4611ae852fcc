"""``missing: mean`` and the coverage column (issue 12 §5)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from bidtool.sensitivity.scorer import Scorer
from tests.conftest import Run

_LEAF_WORST = re.compile(r"^ +missing: worst\b.*\n", re.MULTILINE)


def _use_mean(data_dir: Path, name: str = "default") -> Path:
    """``missing: mean`` for every leaf: the file's policy, and no leaf's own ``worst``."""
    path = data_dir / f"criteria/{name}.yaml"
    text = path.read_text(encoding="utf-8").replace("\nmissing: worst\n", "\nmissing: mean\n")
    assert "\nmissing: mean\n" in text
    path.write_text(_LEAF_WORST.sub("", text), encoding="utf-8")
    return path


def test_missing_mean_scores_the_average_known_utility(data_dir: Path) -> None:
    _use_mean(data_dir)
    result = rank(load_inputs())
    busan = result.row("busan")
    # busan has no power figure: it scores the mean utility of the regions that have one
    known = [
        r.utilities["power_available_mw"]
        for r in result.rows
        if "power_available_mw" not in r.imputed
    ]
    assert "power_available_mw" in busan.imputed
    assert busan.utilities["power_available_mw"] == pytest.approx(sum(known) / len(known))
    assert busan.score == pytest.approx(sum(busan.contributions.values()), abs=1e-12)


def test_missing_mean_was_refused_before_and_is_accepted_now(data_dir: Path) -> None:
    # on 791400d `missing: mean` was a schema error (exit 3)
    _use_mean(data_dir)
    assert rank(load_inputs()).criteria.missing == "mean"


def test_missing_mean_per_leaf_overrides_the_file(data_dir: Path) -> None:
    # the bundled file: missing: mean, with missing: worst on the offers' leaves
    busan = rank(load_inputs()).row("busan")
    assert busan.utilities["power_available_mw"] == 0.0  # the leaf's missing: worst
    assert busan.utilities["grid_self_sufficiency_pct"] > 0.0  # the file's missing: mean
    # the other way round: the file says worst, one leaf says mean
    path = data_dir / "criteria/default.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - id: power_available_mw\n        missing: worst "
    assert old in text and "\nmissing: mean\n" in text
    text = text.replace(old, "      - id: power_available_mw\n        missing: mean ")
    path.write_text(text.replace("\nmissing: mean\n", "\nmissing: worst\n"), encoding="utf-8")
    result = rank(load_inputs())
    busan = result.row("busan")
    assert busan.utilities["power_available_mw"] > 0.0  # the mean, not the worst
    assert busan.utilities["tariff_cut_pct"] == 0.0  # the leaf's own missing: worst
    assert busan.utilities["grid_self_sufficiency_pct"] == 0.0  # the file's missing: worst


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2", "wpm"])
def test_missing_mean_feeds_the_mean_to_other_methods(data_dir: Path, method: str) -> None:
    _use_mean(data_dir)
    inputs = load_inputs()
    result = rank(inputs, method)
    assert all(r.score is not None for r in result.rows)
    # the scorer used by sensitivity agrees with rank under the same policy
    scorer = Scorer.build(inputs, method)
    by_id = {r.id: r.score for r in result.rows}
    batch = scorer.batch_scores(scorer.eligible_values()[None], scorer.weights)[0]
    assert np.allclose(batch, [by_id[i] for i in scorer.ids], rtol=1e-9, atol=1e-12)


def test_missing_mean_batch_scores_match_rank_for_wsm(data_dir: Path) -> None:
    _use_mean(data_dir)
    inputs = load_inputs()
    result = rank(inputs)
    scorer = Scorer.build(inputs)
    by_id = {r.id: r.score for r in result.rows}
    assert np.allclose(scorer.scores(scorer.weights)[0], [by_id[i] for i in scorer.ids])
    batch = scorer.batch_scores(scorer.eligible_values()[None], scorer.weights)[0]
    assert np.allclose(batch, [by_id[i] for i in scorer.ids])


def test_coverage_is_the_known_share_of_the_weight(data_dir: Path) -> None:
    result = rank(load_inputs())
    for row in result.rows:
        known = sum(leaf.weight for leaf in result.leaves if leaf.id not in row.imputed)
        assert row.coverage == pytest.approx(known)
    assert any(r.coverage < 1.0 for r in result.rows)


def test_rank_outputs_carry_coverage(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("rank", "-f", "json").stdout)
    assert all("coverage" in row for row in doc["ranking"])
    assert doc["missing"]["power_available_mw"] == "worst"
    csv_text = cli("rank", "-f", "csv").stdout
    assert "coverage" in csv_text.splitlines()[0].split(",")
    md = cli("rank", "-f", "md").stdout
    assert "| Known |" in md
    table = cli("rank", "-f", "table").stdout
    assert "Known" in table


def test_explain_says_unknowns_score_the_mean(data_dir: Path, cli: Callable[..., Run]) -> None:
    _use_mean(data_dir)
    out = cli("rank", "--explain", "-f", "table").stdout
    assert "mean of known" in out
    assert "scored as the mean of the known figures" in " ".join(out.split())
    md = cli("rank", "--explain", "-f", "md").stdout
    assert "mean of known" in md
    rows = cli("rank", "--explain", "-f", "csv").stdout.splitlines()
    assert rows[0].endswith("unknown_scored_worst,unknown_scored_mean,criteria,caveat")


def test_compare_shows_coverage(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("compare", "busan", "jeonnam", "-f", "json").stdout)
    assert all(0.0 < r["coverage"] <= 1.0 for r in doc["regions"])
    assert "coverage" in cli("compare", "busan", "jeonnam", "-f", "csv").stdout
    assert "Known" in cli("compare", "busan", "jeonnam", "-f", "table").stdout


def test_rank_table_caption_loses_no_words_on_an_80_column_terminal(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # the caption wrapped to the (wider) table and rich cropped it: "contri to the score"
    out = " ".join(cli("rank", "-f", "table").stdout.split())
    assert "each group's contribution to the score (its weight under the name)" in out
    assert "Known: the share of the weight whose figure is known." in out


def test_explain_does_not_call_worst_the_mean_when_nobody_knows_the_figure(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # flood_exposure is unknown in every region: there is no mean, every region
    # scores the worst; --explain said "→ mean of known" beside a 0.000 utility
    result = rank(load_inputs())
    assert all("flood_exposure" in r.imputed for r in result.rows)
    assert all(r.utilities["flood_exposure"] == 0.0 for r in result.rows)
    for fmt in ("table", "md"):
        lines = [ln for ln in cli("rank", "--explain", "-f", fmt).stdout.splitlines()]
        flood = [ln for ln in lines if "Flood exposure" in ln]
        assert len(flood) == 5, fmt  # one per region
        assert all("unknown → worst" in ln and "mean" not in ln for ln in flood), flood
