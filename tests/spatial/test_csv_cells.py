"""screen CSV cells: a figure that Python would misread is refused, naming the line."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

HEADER = "id,lon,lat,power_available_mw,outside_capital_region\n"


def _screen(tmp_path: Path, cli: Callable[..., Run], row: str) -> Run:
    path = tmp_path / "b.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    return cli("screen", str(path), "-c", "geo", "-f", "geojson")


def test_boolean_longitude_is_a_non_numeric_coordinate_not_1(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    r = _screen(tmp_path, cli, "p1,true,35.5,100,true")
    assert r.exit_code == 3, r.stdout
    assert "b.csv:2: lon/lat: non-numeric coordinate" in r.stderr
    assert r.stdout == ""


def test_400_digit_longitude_is_exit_3_not_overflow_error(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    r = _screen(tmp_path, cli, f"p1,{'1' * 400},35.5,100,true")
    assert r.exit_code == 3
    assert "b.csv:2: lon: expected a number within float64 range" in r.stderr
    assert "1 problem in the input" in r.stderr


@pytest.mark.parametrize(
    ("row", "fix"),
    [
        ("p1,12_6.5,35.5,100,true", "write 126.5"),
        ("p1,126.5,35.5,1_00,true", "write 100"),
        ('p1,126.5,35.5,"1,500",true', "write 1500: no quotes or thousands separators"),
    ],
)
def test_csv_numbers_with_underscores_or_thousands_separators_refused(
    tmp_path: Path, cli: Callable[..., Run], row: str, fix: str
) -> None:
    r = _screen(tmp_path, cli, row)
    assert r.exit_code == 3, r.stdout
    assert "b.csv:2:" in r.stderr and fix in r.stderr, r.stderr


def test_plain_csv_candidate_still_screens(tmp_path: Path, cli: Callable[..., Run]) -> None:
    r = _screen(tmp_path, cli, "p1,126.5,35.5,100,true")
    assert r.exit_code == 0, r.stderr
    assert '"p1"' in r.stdout


@pytest.mark.parametrize("number", ["1" * 400, "1e400"])
def test_400_digit_wkt_coordinate_no_runtime_warning_on_stderr(
    tmp_path: Path, cli: Callable[..., Run], number: str, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        f"id,wkt,power_available_mw,outside_capital_region\np1,POINT ({number} 35.5),100,true\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning from shapely fails the test
        r = cli("screen", str(path), "-c", "geo", "-f", "geojson")
    assert r.exit_code == 3
    assert "w.csv:2: wkt: coordinate" in r.stderr and "too large" in r.stderr
    assert "RuntimeWarning" not in r.stderr + capfd.readouterr().err


def test_400_digit_wkt_site_geometry_is_an_input_error_without_warnings() -> None:
    from bidtool.errors import InputError
    from bidtool.spatial.features import wkt_feature

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError, match="too large"):
            wkt_feature(f"POINT ({'9' * 400} 35.5)", "r.yaml", "site.geometry", None)
