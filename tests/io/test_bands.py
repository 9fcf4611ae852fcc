"""``--bands FILE``: the bidtool.bands/1 file, checked with file:line errors (exit 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

EXAMPLE = "examples/bands-illustration.yaml"
GOOD = {
    "infrastructure": "[0.10, 0.25]",
    "talent": "[0.05, 0.15]",
    "power": "[0.20, 0.35]",
    "site": "[0.15, 0.35]",
    "connectivity": "[0.05, 0.15]",
    "risk": "[0.10, 0.20]",
}


def write(tmp_path: Path, **bands: str) -> str:
    lines = ["schema: bidtool.bands/1", "label: test", "source: test", "bands:"]
    lines += [f"  {g}: {b}" for g, b in {**GOOD, **bands}.items() if b]
    path = tmp_path / "bands.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("change", "line", "expected"),
    [
        ({"powr": "[0.1, 0.2]"}, 11, "expected a top-level group of"),
        ({"talent": "[0.3, 0.1]"}, 6, "lower ≤ upper, got [0.3, 0.1]"),
        ({"talent": "[-0.1, 0.2]"}, 6, "lower bound as a share in [0, 1], got -0.1"),
        ({"talent": "[0.1, 1.5]"}, 6, "upper bound as a share in [0, 1], got 1.5"),
        ({"risk": ""}, 4, "missing: risk"),
        ({"power": "[0.6, 0.7]", "site": "[0.4, 0.5]"}, 4, "at most 1, got 1.3"),
        (
            {k: "[0.0, 0.1]" for k in GOOD},
            4,
            "upper bounds to add up to at least 1, got 0.6",
        ),
    ],
)
def test_bad_bands_exit_3_with_file_and_line(
    cli: Callable[..., Run], tmp_path: Path, change: dict[str, str], line: int, expected: str
) -> None:
    path = write(tmp_path, **change)
    run = cli("sensitivity", "--bands", path, "--samples", "100", "-f", "json")
    assert run.exit_code == 3, run.stderr
    assert f"{path}:{line}:" in run.stderr
    assert expected in run.stderr
    assert run.stdout == ""


def test_weight_draws_bands_needs_a_file(cli: Callable[..., Run]) -> None:
    run = cli("sensitivity", "--weight-draws", "bands", "--samples", "100")
    assert run.exit_code == 2
    assert "--bands FILE" in run.stderr


def test_example_runs_and_says_what_it_is(cli: Callable[..., Run]) -> None:
    run = cli("sensitivity", "--bands", EXAMPLE, "--samples", "2000", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["weight_model"] == "bands"
    assert doc["bands"]["level"] == "top"
    assert "not the call's rules" in doc["bands"]["label"]
    assert doc["bands"]["groups"]["power"] == [0.2, 0.35]
    assert sum(doc["p_first"].values()) == pytest.approx(1.0)
    for central in doc["central_weights"].values():
        if central is not None:
            assert sum(central.values()) == pytest.approx(1.0)
    again = cli("sensitivity", "--bands", EXAMPLE, "--samples", "2000", "-f", "json")
    assert again.stdout == run.stdout
    md = cli("sensitivity", "--bands", EXAMPLE, "--samples", "500", "-f", "md")
    assert "admissible bands in examples/bands-illustration.yaml" in md.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"power_available_mw": "[0.1, 0.2]"}, "did you mean 'power.power_available_mw'?"),
        ({"power.nope": "[0.1, 0.2]"}, "or a path below one (infrastructure.ai_compute_pf)"),
        ({"power.power_available_mw": "[0.5, 0.2]"}, "lower ≤ upper, got [0.5, 0.2]"),
        ({"power.power_available_mw": "[0.5, 1.2]"}, "upper bound as a share in [0, 1], got 1.2"),
        ({"infrastructure.ai_compute_pf": "[0.7, 0.9]",
          "infrastructure.ai_dc_cluster_stage": "[0.5, 0.6]"},
         "lower bounds of infrastructure's parts (infrastructure.ai_compute_pf, "
         "infrastructure.ai_dc_cluster_stage) to add up to at most 1, got 1.2"),
        ({"infrastructure.ai_compute_pf": "[0.1, 0.3]",
          "infrastructure.ai_dc_cluster_stage": "[0.1, 0.3]"},
         "to add up to at least 1, got 0.6: no split of infrastructure fits"),
        ({"talent.ai_grad_intake_per_year": "[0.2, 0.5]"}, "got 0.5: no split of talent fits"),
    ],
    ids=["bare id", "unknown path", "lower > upper", "outside [0, 1]", "lower sum",
         "upper sum", "only child"],
)
def test_bad_nested_bands_exit_3_with_file_and_line(
    cli: Callable[..., Run], tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    """Bands below the top level: an unknown path (a bare id points to its path), a bad
    bound, or children whose bands admit no split of their group — exit 3 at the line."""
    path = write(tmp_path, **change)
    run = cli("sensitivity", "--bands", path, "--samples", "100", "-f", "json")
    assert run.exit_code == 3, run.stderr
    assert f"{path}:11: bands." in run.stderr
    assert expected in run.stderr
    assert run.stdout == ""


def test_nested_bands_run_and_are_reported(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path, **{"power.power_available_mw": "[0.3, 0.6]",
                              "infrastructure.ai_compute_pf": "[0.5, 0.9]"})
    run = cli("sensitivity", "--bands", path, "--samples", "1000", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["bands"]["level"] == "nested"
    assert doc["bands"]["groups"]["power.power_available_mw"] == [0.3, 0.6]
    assert sum(doc["p_first"].values()) == pytest.approx(1.0)
    md = cli("sensitivity", "--bands", path, "--samples", "500", "-f", "md")
    assert "a band below the top level bounds a share of its parent group" in md.stdout


def test_bands_without_draws_is_a_usage_error(cli: Callable[..., Run]) -> None:
    """--samples 0 runs the one-weight sweeps only, which the bands do not bound: the
    output would read as if the bands had been applied (weight_model null), so refuse."""
    run = cli("sensitivity", "--bands", EXAMPLE, "--samples", "0", "-f", "json")
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "--samples" in run.stderr and run.stdout == ""
