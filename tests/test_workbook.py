"""``bidtool export regions`` / ``bidtool import``: the Excel round trip (issue 13 §5)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bidtool.workbook import METRIC_COLUMNS, REGION_COLUMNS
from tests.conftest import Run
from tests.test_evidence import set_metric

Edit = Callable[[Any], None]


def _col(name: str, columns: tuple[str, ...] = METRIC_COLUMNS) -> int:
    return columns.index(name) + 1


def _row(ws: Any, region: str, metric: str) -> int:
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == region and ws.cell(r, 2).value == metric:
            return r
    raise KeyError((region, metric))


def _set(ws: Any, r: int, column: str, value: Any) -> None:
    ws.cell(r, _col(column)).value = value


@pytest.fixture
def exported(data_dir: Path, cli: Callable[..., Run]) -> Path:
    run = cli("export", "regions", "-o", "regions.xlsx")
    assert run.exit_code == 0, run.stderr
    return data_dir / "regions.xlsx"


def test_export_import_round_trip_ranks_byte_identically(
    data_dir: Path, exported: Path, cli: Callable[..., Run]
) -> None:
    """The bundled regions are stored in the importer's canonical form: export → import
    writes every file back byte for byte, so ``rank -f json`` (which lists each region
    file's SHA-256) is byte-identical too."""
    before = {c: cli("rank", "-c", c, "-f", "json").stdout for c in ("default", "investor")}
    files = {p: p.read_bytes() for p in (data_dir / "regions").glob("*.yaml")}
    run = cli("import", "regions.xlsx", "-o", "regions", "--force")
    assert run.exit_code == 0, run.stderr
    assert {p: p.read_bytes() for p in files} == files
    for name, text in before.items():
        assert '"sha256": "' in text
        assert cli("rank", "-c", name, "-f", "json").stdout == text
    assert cli("validate").exit_code == 0


def test_bundled_regions_are_in_the_importers_canonical_form() -> None:
    """Every bundled region file starts with the writer's header (so a hand edit that
    breaks the canonical form shows up here, not as a failed round trip)."""
    from bidtool.workbook import HEADER

    root = Path(__file__).resolve().parents[1] / "regions"
    regions = [p for p in root.glob("*.yaml") if p.name != "metrics.yaml"]
    assert regions
    for path in regions:
        assert path.read_text(encoding="utf-8").startswith(HEADER + "\nschema: bidtool.region/1\n")


def test_export_is_byte_deterministic_and_laid_out(
    data_dir: Path, exported: Path, cli: Callable[..., Run]
) -> None:
    first = exported.read_bytes()
    assert cli("export", "regions", "-o", "again.xlsx").exit_code == 0
    assert (data_dir / "again.xlsx").read_bytes() == first
    wb = load_workbook(exported)
    assert wb.sheetnames == ["Metrics", "Regions", "Catalogue"]
    ws = wb["Metrics"]
    assert [c.value for c in ws[1]] == list(METRIC_COLUMNS)
    assert ws.freeze_panes == "A2"
    assert [c.value for c in wb["Regions"][1]] == list(REGION_COLUMNS)


def test_import_refuses_to_overwrite_and_writes_nothing(
    data_dir: Path, exported: Path, cli: Callable[..., Run]
) -> None:
    before = {p: p.read_bytes() for p in (data_dir / "regions").glob("*.yaml")}
    run = cli("import", "regions.xlsx", "-o", "regions")
    assert run.exit_code == 2
    assert "would overwrite" in run.stderr and "--force" in run.stderr
    assert {p: p.read_bytes() for p in (data_dir / "regions").glob("*.yaml")} == before


def test_import_into_a_new_directory_then_force(
    data_dir: Path, exported: Path, cli: Callable[..., Run]
) -> None:
    assert cli("import", "regions.xlsx", "-o", "new").exit_code == 0
    names = sorted(p.name for p in (data_dir / "new").glob("*.yaml"))
    regions = (data_dir / "regions").glob("*.yaml")  # not metrics.yaml, the catalogue
    assert names == sorted(p.name for p in regions if p.name != "metrics.yaml")
    (data_dir / "new" / "busan.yaml").write_text("edited", encoding="utf-8")
    assert cli("import", "regions.xlsx", "-o", "new").exit_code == 2
    assert (data_dir / "new" / "busan.yaml").read_text(encoding="utf-8") == "edited"
    assert cli("import", "regions.xlsx", "-o", "new", "--force").exit_code == 0
    assert "schema: bidtool.region/1" in (data_dir / "new" / "busan.yaml").read_text("utf-8")


def test_round_trip_keeps_sources_range_uncertainty_and_geometry(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    from bidtool.io.loading import load_region_dir

    # busan's figure is unknown in the bundled data: give it one with everything
    set_metric(
        data_dir,
        "busan",
        "grid_self_sufficiency_pct",
        "  grid_self_sufficiency_pct:\n    value: 216.7\n    unit: '%'\n    status: estimate\n"
        "    range: [200, 230.5]\n"
        "    uncertainty: {type: normal, sd: 3}\n    url: https://example.org/grid\n"
        "    sources:\n"
        "      - {title: \"=SUM(A1)\", publisher: kookje, url: https://kookje.example/1,"
        " date: 2023-11-22, quote: \"46,579 GWh\"}\n"
        "      - {title: KEPCO statistics, url: https://kepco.example/2}\n"
        "      - {title: Third, date: '2024'}\n",
    )
    before = {r.id: r for r in load_region_dir()}
    assert cli("export", "regions", "-o", "r.xlsx").exit_code == 0
    run = cli("import", "r.xlsx", "-o", "back")
    assert run.exit_code == 0, run.stderr
    after = {r.id: r for r in load_region_dir("back")}
    assert set(after) == set(before)
    for rid, region in before.items():
        assert dict(after[rid].metrics) == {
            k: m.__class__(**{**m.__dict__, "line": after[rid].metrics[k].line})
            for k, m in region.metrics.items()
        }
        assert after[rid].site == region.site
        assert (after[rid].name, after[rid].name_ko, after[rid].summary) == (
            region.name,
            region.name_ko,
            region.summary,
        )
    grid = after["busan"].metrics["grid_self_sufficiency_pct"]
    assert [s.title for s in grid.sources] == ["=SUM(A1)", "KEPCO statistics", "Third"]
    assert grid.range == (200, 230.5)


# ---------------------------------------------------------------- malformed


def _rename_sheet(wb: Any) -> None:
    wb["Metrics"].title = "Metric"


def _delete_unit_column(wb: Any) -> None:
    wb["Metrics"].delete_cols(_col("unit"))


def _misspelt_column(wb: Any) -> None:
    wb["Metrics"].cell(1, _col("note")).value = "notes"


def _on(region_id: str, metric_name: str, **cells: Any) -> Edit:
    def edit(wb: Any) -> None:
        ws = wb["Metrics"]
        r = _row(ws, region_id, metric_name)
        for k, v in cells.items():
            _set(ws, r, k, v)

    return edit


def _duplicate_row(wb: Any) -> None:
    ws = wb["Metrics"]
    r = _row(ws, "busan", "land_price_krw_per_m2")
    ws.append([c.value for c in ws[r]])


def _region_cell(column: str, value: Any, region: str = "busan") -> Edit:
    def edit(wb: Any) -> None:
        ws = wb["Regions"]
        r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == region)
        ws.cell(r, _col(column, REGION_COLUMNS)).value = value

    return edit


def _duplicate_region(wb: Any) -> None:
    ws = wb["Regions"]
    ws.append([c.value for c in ws[2]])


def _further_source_with_value(wb: Any) -> None:
    ws = wb["Metrics"]
    row: list[Any] = [None] * len(METRIC_COLUMNS)
    row[0], row[1] = "busan", "land_price_krw_per_m2"
    row[_col("source_no") - 1] = 2
    row[_col("source_title") - 1] = "another page"
    row[_col("value") - 1] = 5
    ws.append(row)


def _row_of(region: str, metric: str) -> Callable[[Any], int]:
    return lambda wb: _row(wb["Metrics"], region, metric)


def _region_row(region: str) -> Callable[[Any], int]:
    def find(wb: Any) -> int:
        ws = wb["Regions"]
        return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == region)

    return find


Where = Callable[[Any], int] | None

P = "power_available_mw"
MALFORMED: list[tuple[str, Edit, str, Where, str]] = [
    # (case, edit, sheet!column, row finder, words the message must contain)
    ("wrong_sheet_name", _rename_sheet, "Metrics", None, "no sheet named 'Metrics'"),
    ("missing_column", _delete_unit_column, "Metrics!", None, "missing column 'unit'"),
    ("misspelt_column", _misspelt_column, "Metrics!N", None, "unknown column 'notes'"),
    ("text_in_number_column", _on("busan", P, value="plenty", unit="MW", status="claimed"),
     "Metrics!C",
     _row_of("busan", P), "number"),
    ("text_in_range", _on("busan", "grid_self_sufficiency_pct", range_low="lots",
                          range_high=300, status="estimate"), "Metrics!G",
     _row_of("busan", "grid_self_sufficiency_pct"), "number"),
    ("unknown_metric", _on("busan", "land_price_krw_per_m2", metric="land_prise_krw_per_m2"),
     "Metrics!B", _row_of("busan", "land_price_krw_per_m2"), "land_prise_krw_per_m2"),
    ("bad_url", _on("busan", P, source_title="a page", source_url="www.example.org"),
     "Metrics!K", _row_of("busan", P), "url"),
    ("duplicate_row", _duplicate_row, "Metrics!B", None, "duplicate row"),
    ("bad_status", _on("busan", P, status="confirmd"), "Metrics!E", _row_of("busan", P),
     "status"),
    ("range_low_above_high", _on("busan", "grid_self_sufficiency_pct", range_low=300,
                                 range_high=100, status="estimate"), "Metrics!G",
     _row_of("busan", "grid_self_sufficiency_pct"), "low end exceeds the high end"),
    ("empty_id", _region_cell("id", None), "Regions!A", _region_row("busan"), "empty cell"),
    ("bad_id", _region_cell("id", "Busan City"), "Regions!A", None, "expected a region id"),
    ("duplicate_region", _duplicate_region, "Regions!A", None, "duplicate region"),
    ("metric_of_unknown_region", _on("busan", P, region="busna"), "Metrics!A",
     _row_of("busan", P), "did you mean 'busan'"),
    ("further_source_row_with_a_value", _further_source_with_value, "Metrics!C", None,
     "further-source row"),
    ("source_no_not_a_number", _on("busan", P, source_no="two"), "Metrics!O",
     _row_of("busan", P), "whole number"),
    ("uncertainty_not_json", _on("busan", P, uncertainty="normal sd 3"), "Metrics!R",
     _row_of("busan", P), "JSON object"),
    ("missing_name", _region_cell("name", None), "Regions!B", _region_row("busan"), "name"),
    ("unit_mismatch", _on("gwangju", "grid_self_sufficiency_pct", unit="kW"), "Metrics!D",
     _row_of("gwangju", "grid_self_sufficiency_pct"), "kW"),
    ("text_longitude", _region_cell("site_lon", "east"), "Regions!E", _region_row("busan"),
     "number"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "where", "row_of", "words"),
    [pytest.param(e, w, r, m, id=case) for case, e, w, r, m in MALFORMED],
)
def test_malformed_workbook_exits_3_naming_sheet_cell_and_problem(
    data_dir: Path,
    exported: Path,
    cli: Callable[..., Run],
    edit: Edit,
    where: str,
    row_of: Where,
    words: str,
) -> None:
    wb = load_workbook(exported)
    row = row_of(wb) if row_of is not None else None
    edit(wb)
    wb.save(exported)
    run = cli("import", "regions.xlsx", "-o", "out")
    assert run.exit_code == 3, run.stderr
    location = f"regions.xlsx:{where}{row if row is not None else ''}"
    lines = [line for line in run.stderr.splitlines() if line.startswith(location)]
    assert lines, f"nothing at {location}:\n{run.stderr}"
    assert any(words in line for line in lines), run.stderr
    assert "Traceback" not in run.stderr
    assert not (data_dir / "out").exists()  # nothing written


def test_import_of_a_file_that_is_not_a_workbook(data_dir: Path, cli: Callable[..., Run]) -> None:
    (data_dir / "fake.xlsx").write_text("region,metric\n", encoding="utf-8")
    run = cli("import", "fake.xlsx", "-o", "out")
    assert run.exit_code == 3
    assert "fake.xlsx: cannot read this as an Excel workbook" in run.stderr


def test_export_needs_an_xlsx_name(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("export", "regions", "-o", "regions.csv")
    assert run.exit_code == 2
    assert not (data_dir / "regions.csv").exists()


def test_workbook_rows_are_json_safe(exported: Path) -> None:
    """Every exported cell is text, a number, a boolean or empty (no formulas)."""
    wb = load_workbook(exported)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type in ("s", "n", "b"), (ws.title, c.coordinate, c.data_type)
                json.dumps(c.value)


@pytest.mark.parametrize(
    "value",
    ["x\x85y", "a\u2028b\u2029c", "tab\tnl\nq\"'", "yes", "null", "~", "#c", ": x", "1e5", "🙂",
     1e20, 1.5e-7, 0.1, 12345678901234567890, True, float("inf")],
)  # fmt: skip
def test_a_cell_becomes_the_same_yaml_value(value: Any) -> None:
    """Text with NEL or U+2028 once came back with a space (YAML folds raw line breaks)."""
    from bidtool.io.yaml_source import parse_yaml
    from bidtool.workbook import _scalar

    assert parse_yaml(f"k: {_scalar(value)}\n", "t.yaml").data == {"k": value}


@pytest.mark.slow
def test_export_and_import_help_import_no_heavy_modules() -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    for args in (["export", "regions", "--help"], ["import", "--help"]):
        code = (
            "import sys\nfrom bidtool.cli import app\n"
            f"sys.argv = ['bidtool', *{args!r}]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'shapely', 'openpyxl') "
            "if m in sys.modules))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
        )
        assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
