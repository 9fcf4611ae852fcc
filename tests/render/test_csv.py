"""CSV export: Excel-safe Hangul, inert formulas, atomic, byte-identical."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.render.cells import neutralise
from tests.conftest import Run


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']
)
def test_neutralise_formula_triggers(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_plain_text_is_unchanged() -> None:
    assert neutralise("광주광역시") == "광주광역시"


def test_hostile_region_name_comes_out_inert(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "regions/busan.yaml"
    evil = '=HYPERLINK("http://x","y")'
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Busan\n", f"name: '{evil}'\n"),
        encoding="utf-8",
    )
    run = cli("rank", "-o", "out.csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.reader(io.StringIO((data_dir / "out.csv").read_text(encoding="utf-8-sig"))))
    names = [r[2] for r in rows[1:]]
    assert "'" + evil in names
    assert not any(
        cell.startswith(("=", "+", "-", "@"))
        for row in rows
        for cell in row
        if not _is_number(cell)
    )
    explain = cli("rank", "--explain", "-f", "csv")
    assert f"'{evil}".replace('"', '""') in explain.stdout


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_file_has_bom_and_hangul_and_crlf(data_dir: Path, cli: Callable[..., Run]) -> None:
    assert cli("rank", "-o", "r.csv").exit_code == 0
    raw = (data_dir / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "광주광역시".encode() in raw
    assert raw.count(b"\r\n") == 6  # header + five regions


def test_encoding_opt_out(data_dir: Path, cli: Callable[..., Run]) -> None:
    assert cli("rank", "-o", "r.csv", "--encoding", "utf-8").exit_code == 0
    assert not (data_dir / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_stdout_csv_has_no_bom(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-f", "csv")
    assert run.stdout.startswith("rank,id,name")


def test_byte_identical_across_runs(data_dir: Path, cli: Callable[..., Run]) -> None:
    for fmt in ("csv", "json", "md"):
        cli("rank", "--explain", "-f", fmt, "-o", f"a.{fmt}")
        cli("rank", "--explain", "-f", fmt, "-o", f"b.{fmt}")
        assert (data_dir / f"a.{fmt}").read_bytes() == (data_dir / f"b.{fmt}").read_bytes()


def test_failed_export_leaves_existing_file_unchanged(
    data_dir: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = data_dir / "ranking.csv"
    target.write_bytes(b"the committee's copy\n")

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bidtool.output.os.replace", crash)
    run = cli("rank", "-o", "ranking.csv")
    assert run.exit_code == 1  # an OS failure mid-write is reported, not hidden
    assert "Traceback" not in run.stderr
    assert "cannot write ranking.csv: disk full" in run.stderr
    assert target.read_bytes() == b"the committee's copy\n"
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []


def test_output_into_missing_directory_is_unwritable_output_exit_1(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    run = cli("rank", "-o", "nowhere/r.csv")
    assert run.exit_code == 1  # unwritable output, not "a problem in the input"
    assert "cannot write nowhere/r.csv" in run.stderr and "does not exist" in run.stderr
    assert "problem in the input" not in run.stderr
