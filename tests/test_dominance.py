"""Pareto dominance among eligible regions: hand-built cases, ties, unknowns, the outputs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bidtool.dominance import pareto_dominance
from bidtool.prepare import load_inputs
from bidtool.ranking import rank

W3 = np.array([0.5, 0.3, 0.2])


def _dom(u: list[list[float]], unknown: list[list[bool]] | None = None,
         weights: np.ndarray = W3, eligible: list[bool] | None = None) -> Any:
    a = np.array(u, dtype=float)
    miss = np.zeros(a.shape, dtype=bool) if unknown is None else np.array(unknown)
    ok = np.ones(len(a), dtype=bool) if eligible is None else np.array(eligible)
    return pareto_dominance(a, miss, weights, ok)


def test_better_on_one_equal_on_the_rest_dominates() -> None:
    d = _dom([[0.9, 0.5, 0.5], [0.8, 0.5, 0.5], [1.0, 0.0, 0.0]])
    assert d.dominated_by == ((), (0,), ())
    assert d.certain == d.dominated_by  # nothing unknown: the two answers agree


def test_identical_rows_tie_and_neither_dominates() -> None:
    d = _dom([[0.4, 0.6, 0.2], [0.4, 0.6, 0.2]])
    assert d.dominated_by == ((), ())


def test_equal_within_tolerance_is_a_tie_not_strictly_better() -> None:
    d = _dom([[0.4 + 1e-14, 0.6, 0.2], [0.4, 0.6, 0.2]])
    assert d.dominated_by == ((), ())


def test_a_trade_off_is_not_dominance() -> None:
    d = _dom([[0.9, 0.1, 0.5], [0.1, 0.9, 0.5]])
    assert d.dominated_by == ((), ())


def test_chain_lists_every_dominator() -> None:
    d = _dom([[1.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0]])
    assert d.dominated_by == ((), (0,), (0, 1))


def test_leaves_without_weight_are_ignored() -> None:
    # b is better on the unweighted third leaf only: a still dominates it
    d = _dom([[0.9, 0.5, 0.0], [0.8, 0.5, 1.0]], weights=np.array([0.5, 0.5, 0.0]))
    assert d.dominated_by == ((), (0,))


def test_ineligible_regions_neither_dominate_nor_are_dominated() -> None:
    d = _dom([[1.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0]], eligible=[False, True, True])
    assert d.dominated_by == ((), (), (1,))


def test_an_unknown_figure_makes_dominance_hold_only_as_scored() -> None:
    # b's first figure is unknown, scored 0 (missing: worst): a dominates as scored, but
    # b's figure could be 1.0
    d = _dom([[0.9, 0.5, 0.5], [0.0, 0.5, 0.5]], unknown=[[False] * 3, [True, False, False]])
    assert d.dominated_by == ((), (0,))
    assert d.certain == ((), ())


def test_certain_when_the_unknown_cannot_matter() -> None:
    # a's unknown is at least 0, and b's known figure there is 0: a ≥ b whatever a's is;
    # a is strictly better (known) on the second leaf
    d = _dom([[0.0, 0.9, 0.5], [0.0, 0.5, 0.5]], unknown=[[True, False, False], [False] * 3])
    assert d.certain == ((), (0,))


def test_investor_view_flags_gwangju_and_busan_as_scored_only(data_dir: Path) -> None:
    result = rank(load_inputs("investor"))
    by_id = {r.id: r for r in result.rows}
    assert by_id["gwangju"].dominated_by == ("jeonnam",)
    assert by_id["busan"].dominated_by == ("ulsan",)
    assert all(r.dominated_by_certain == () for r in result.rows)
    # a dominated region never ranks above one that dominates it
    for r in result.rows:
        for other in r.dominated_by:
            assert by_id[other].rank is not None and r.rank is not None
            assert by_id[other].rank < r.rank


def test_rank_outputs_carry_dominance_as_new_keys(
    data_dir: Path, cli: Callable[..., Any]
) -> None:
    doc = json.loads(cli("rank", "-c", "investor", "-f", "json").stdout)
    rows = {r["id"]: r for r in doc["ranking"]}
    assert rows["gwangju"]["dominated_by"] == ["jeonnam"]
    assert rows["gwangju"]["dominated_by_certain"] == []
    assert rows["jeonnam"]["dominated_by"] == []
    assert {"rank", "id", "score", "utilities", "contributions"} <= set(rows["jeonnam"])
    table = list(csv.DictReader(io.StringIO(cli("rank", "-c", "investor", "-f", "csv").stdout)))
    assert {r["id"]: r["dominated_by"] for r in table}["busan"] == "ulsan"
    md = cli("rank", "-c", "investor", "-f", "md").stdout
    assert "| Dominated by |" in md and "jeonnam\\*" not in md and "jeonnam* |" in md
    text = cli("rank", "-c", "investor", "-f", "table").stdout
    assert "Dominated by" in text and "Pareto" in text


def test_chunked_comparison_equals_brute_force(monkeypatch: Any) -> None:
    """Many regions are compared in chunks (bounded memory); the answer is the definition's."""
    import bidtool.dominance as dom

    monkeypatch.setattr(dom, "CHUNK_CELLS", 7)
    rng = np.random.default_rng(3)
    u = rng.integers(0, 3, (40, 3)).astype(float)  # small integers: many ties
    d = pareto_dominance(u, np.zeros(u.shape, dtype=bool), W3, np.ones(40, dtype=bool))
    brute = tuple(
        tuple(a for a in range(40) if (u[a] >= u[b]).all() and (u[a] > u[b]).any())
        for b in range(40)
    )
    assert d.dominated_by == brute
