"""Value for money: the schema key, the benefit/cost arithmetic, the frontier, the chart."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.dominance import efficient
from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from bidtool.report import svg
from bidtool.report.content import value_for_money
from tests.conftest import Run

CRIT = "criteria/value-for-money.yaml"


def test_frontier_keeps_what_nobody_beats_on_both() -> None:
    benefit = np.array([0.5, 0.6, 0.4, 0.6, 0.3])
    cost = np.array([0.0, 0.1, 0.0, 0.2, 0.05])
    # 0: best at zero cost; 1: more benefit for more cost; 2: beaten by 0 (same cost,
    # less benefit); 3: beaten by 1 (same benefit, more cost); 4: beaten by 0 on both
    assert efficient(benefit, cost).tolist() == [True, True, False, False, False]


def test_equal_points_are_both_efficient() -> None:
    assert efficient(np.array([0.5, 0.5]), np.array([0.1, 0.1])).tolist() == [True, True]


def test_benefit_plus_cost_is_the_score_and_cost_is_the_named_groups(data_dir: Path) -> None:
    result = rank(load_inputs(CRIT))
    v = value_for_money(result)
    assert v is not None and v.cost_groups == ("Cost to the state (tariff relief)",)
    for p in v.points:
        row = result.row(p.id)
        assert p.benefit + p.cost == pytest.approx(row.score, abs=1e-12)
        assert p.cost == pytest.approx(row.group_scores["public_cost"], abs=1e-15)
    by_id = {p.id: p for p in v.points}
    assert by_id["jeonnam"].cost == pytest.approx(0.0125 * 0.30)  # 1.25 % weight × 30 % cut
    assert [p.id for p in v.points if p.efficient] == ["jeonnam", "gwangju"]


def test_the_example_file_scores_as_the_default(data_dir: Path) -> None:
    a, b = rank(load_inputs()), rank(load_inputs(CRIT))
    assert [(r.id, r.rank) for r in a.rows] == [(r.id, r.rank) for r in b.rows]
    for x, y in zip(a.rows, b.rows):
        assert x.score == pytest.approx(y.score, abs=1e-12)


def test_no_chart_without_the_key(data_dir: Path) -> None:
    assert value_for_money(rank(load_inputs())) is None


@pytest.mark.parametrize(
    ("new", "line", "needle"),
    [
        ("cost_to_state: [public_cots]", "value_for_money.cost_to_state[0]",
         "did you mean 'public_cost'"),
        ("cost_to_state: [tariff_cut_pct]", "value_for_money.cost_to_state[0]",
         "a leaf or a group below the top level"),
        ("cost_to_state: [public_cost, public_cost]", "value_for_money.cost_to_state[1]",
         "listed twice"),
        ("cost_to_state: []", "value_for_money.cost_to_state", "at least 1"),
        ("cost_to_state: [infrastructure, talent, power, site, connectivity, risk, public_cost]",
         "value_for_money.cost_to_state", "nothing is left to count as benefit"),
    ],
)
def test_bad_value_for_money_is_exit_3_with_file_line(
    data_dir: Path, cli: Callable[..., Run], new: str, line: str, needle: str
) -> None:
    path = data_dir / CRIT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("cost_to_state: [public_cost]", new, 1), encoding="utf-8")
    number = 1 + text.splitlines().index("  cost_to_state: [public_cost]")
    run = cli("validate", "-c", CRIT)
    assert run.exit_code == 3, run.stderr
    flat = " ".join(run.stderr.split())
    assert f"{CRIT}:{number}: {line}" in flat and needle in flat
    assert "Traceback" not in run.stderr


def test_report_shows_the_chart_deterministically(data_dir: Path, cli: Callable[..., Run]) -> None:
    a, b = data_dir / "a.html", data_dir / "b.html"
    for out in (a, b):
        assert cli("report", "-c", CRIT, "--samples", "0", "-o", str(out)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    html = a.read_text(encoding="utf-8")
    figure = html[html.index('<figure id="value-for-money">') :]
    assert "benefit + cost = the weighted-sum score" in figure
    assert figure.count('class="efficient"') == 2 and figure.count('class="dominated"') == 3
    assert re.search(r'<polyline class="frontier" points="[\d., ]+"', figure)
    assert 'id="value-table"' in html
    plain = data_dir / "p.html"
    assert cli("report", "--samples", "0", "-o", str(plain)).exit_code == 0
    assert "value-for-money" not in plain.read_text(encoding="utf-8")


def test_chart_escapes_names(data_dir: Path) -> None:
    busan = data_dir / "regions" / "busan.yaml"
    text = busan.read_text(encoding="utf-8")
    busan.write_text(re.sub(r"(?m)^name: .*$", 'name: "<b>Busan & co</b>"', text, count=1),
                     encoding="utf-8")
    v = value_for_money(rank(load_inputs(CRIT)))
    assert v is not None
    chart = svg.value_for_money(v)
    assert "<b>" not in chart and "&lt;b&gt;Busan &amp; co&lt;/b&gt;" in chart
