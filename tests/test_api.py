"""The library front door (DESIGN §10): ``import bidtool`` and its results.

Each result's ``to_dict()`` is exactly the command's ``-f json`` document and its
``to_frame()`` the command's ``-f csv`` table (values to the CSV's 6 decimals, and
order), so a notebook and the command line cannot disagree.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import bidtool
from tests.conftest import REPO, Run


def assert_frame_is_csv(frame: pd.DataFrame, csv_text: str) -> None:
    """``frame`` holds what the CSV holds: same columns in order, same rows in order.

    A CSV cannot tell an empty text from a missing one, so an empty text cell the
    frame holds as ``""`` is read back as ``""``.
    """
    parsed = pd.read_csv(io.StringIO(csv_text))
    assert list(frame.columns) == list(parsed.columns)
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(
            frame[col]
        ):
            empty = frame[col].map(lambda v: v == "")
            parsed[col] = parsed[col].astype(object).where(~empty, "")
    pd.testing.assert_frame_equal(
        frame.reset_index(drop=True), parsed, check_dtype=False, atol=1e-6, rtol=0
    )


def test_import_bidtool_stays_light() -> None:
    code = (
        "import sys, bidtool\n"
        "assert callable(bidtool.load)\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'shapely', 'pyproj') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_front_door_exports_the_design_names() -> None:
    for name in ("load", "rank", "sensitivity", "gap", "unknowns", "screen"):
        assert name in bidtool.__all__
        assert callable(getattr(bidtool, name))
    for name in ("Inputs", "Ranking", "Sensitivity", "Gap", "UnknownsResult", "Screened"):
        assert isinstance(getattr(bidtool, name), type)
    assert issubclass(bidtool.InputError, bidtool.BidtoolError)
    assert (REPO / "bidtool" / "py.typed").is_file()
    with pytest.raises(AttributeError):
        bidtool.no_such_name  # noqa: B018


def test_functions_named_like_submodules_survive_importing_the_submodule() -> None:
    """``bidtool/sensitivity/`` and ``bidtool/unknowns.py`` must not replace the functions."""
    from bidtool.sensitivity.smaa import smaa  # noqa: F401
    from bidtool.unknowns import UnknownsResult  # noqa: F401

    assert bidtool.sensitivity.__module__ == "bidtool.api"
    assert bidtool.unknowns.__module__ == "bidtool.api"


def test_rank_to_frame_equals_rank_csv(cli: Callable[..., Run]) -> None:
    frame = bidtool.rank(bidtool.load()).to_frame()
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 0
    regions = [p for p in (REPO / "regions").glob("*.yaml") if p.name != "metrics.yaml"]
    assert len(frame) == len(regions)
    assert_frame_is_csv(frame, run.stdout)


def test_rank_explain_to_frame_equals_rank_explain_csv(cli: Callable[..., Run]) -> None:
    frame = bidtool.rank(bidtool.load("investor")).to_frame(explain=True)
    assert_frame_is_csv(frame, cli("rank", "--explain", "-c", "investor", "-f", "csv").stdout)


def test_rank_to_dict_equals_rank_json(cli: Callable[..., Run]) -> None:
    assert bidtool.rank(bidtool.load()).to_dict() == json.loads(cli("rank", "-f", "json").stdout)


def test_rank_with_method_scenario_and_weighting_equals_the_cli(cli: Callable[..., Run]) -> None:
    inputs = bidtool.load(scenarios=["examples/what-if.yaml"], weighting="entropy")
    doc = bidtool.rank(inputs, "topsis").to_dict()
    run = cli("rank", "-m", "topsis", "-s", "examples/what-if.yaml", "-w", "entropy", "-f", "json")
    assert doc == json.loads(run.stdout)


def test_unknowns_to_frame_and_to_dict_equal_the_cli(cli: Callable[..., Run]) -> None:
    result = bidtool.unknowns(bidtool.load())
    assert_frame_is_csv(result.to_frame(), cli("unknowns", "-f", "csv").stdout)
    assert result.to_dict() == json.loads(cli("unknowns", "-f", "json").stdout)


def test_gap_to_dict_equals_gap_json(cli: Callable[..., Run]) -> None:
    result = bidtool.gap(bidtool.load(), "busan", 2)
    assert result.to_dict() == json.loads(cli("gap", "busan", "-k", "2", "-f", "json").stdout)
    assert list(result.to_frame().columns)[:3] == ["criterion", "metric", "unit"]


def test_sensitivity_to_frame_and_to_dict_equal_the_cli(cli: Callable[..., Run]) -> None:
    result = bidtool.sensitivity(bidtool.load(), samples=300, seed=7)
    args = ("sensitivity", "--samples", "300", "--seed", "7", "-f")
    assert result.to_dict() == json.loads(cli(*args, "json").stdout)
    assert_frame_is_csv(result.to_frame(), cli(*args, "csv").stdout)


def test_screen_to_frame_and_to_dict_equal_the_cli(cli: Callable[..., Run]) -> None:
    result = bidtool.screen(REPO / "examples" / "parcels.geojson", "geo")
    args = ("screen", str(REPO / "examples" / "parcels.geojson"), "-c", "geo", "-f")
    assert result.to_dict() == json.loads(cli(*args, "json").stdout)
    assert_frame_is_csv(result.to_frame(), cli(*args, "csv").stdout)


def test_load_raises_input_error_with_every_problem(data_dir: Path) -> None:
    for name in ("busan", "ulsan"):
        path = data_dir / "regions" / f"{name}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("value:", "value: [", 1), encoding="utf-8"
        )
    with pytest.raises(bidtool.InputError) as caught:
        bidtool.load()
    files = {p.file for p in caught.value.problems}
    assert {"regions/busan.yaml", "regions/ulsan.yaml"} <= files


def test_load_refuses_an_unknown_weighting() -> None:
    with pytest.raises(bidtool.InputError, match="unknown weighting 'ahp'"):
        bidtool.load(weighting="ahp")  # type: ignore[arg-type]
