"""Every output names the criteria used (bundled name or path) and keeps the caveat."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.model import DEFAULT_CAVEAT
from bidtool.report.content import generated_at
from tests.conftest import REPO, Run

CAVEAT = "ILLUSTRATIVE weights for discussion - NOT the government's."


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with no criteria/ or regions/: the bundled data is used."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rank_names_bundled_criteria_and_caveat_in_every_format(
    elsewhere: Path, cli: Callable[..., Run]
) -> None:
    doc = json.loads(cli("rank", "-f", "json").stdout)
    assert doc["caveat"] == CAVEAT
    assert doc["criteria"]["path"] == "criteria/default.yaml"
    assert doc["criteria"]["bundled"] is True
    assert doc["criteria"]["source"] == "default (bundled)"
    for fmt in ("table", "md"):
        out = " ".join(cli("rank", "-f", fmt).stdout.split())
        assert "Criteria: default (bundled)" in out and CAVEAT in out, fmt
    geo = json.loads(cli("rank", "-f", "geojson").stdout)
    meta = geo["bidtool"]  # the FeatureCollection's foreign member
    assert meta["caveat"] == CAVEAT and meta["criteria"]["source"] == "default (bundled)"


@pytest.mark.parametrize("explain", [[], ["--explain"]], ids=["rank", "explain"])
def test_csv_stays_one_header_and_rows_with_criteria_columns(
    explain: list[str], elsewhere: Path, cli: Callable[..., Run]
) -> None:
    rows = list(csv.reader(io.StringIO(cli("rank", "-f", "csv", *explain).stdout)))
    header, body = rows[0], rows[1:]
    assert header[-2:] == ["criteria", "caveat"]
    assert body and all(len(r) == len(header) for r in body)  # rectangular: no comment lines
    assert {(r[-2], r[-1]) for r in body} == {("default (bundled)", CAVEAT)}


def test_local_criteria_are_named_by_path(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("rank", "-f", "json").stdout)
    assert doc["criteria"]["bundled"] is False
    assert doc["criteria"]["source"] == "criteria/default.yaml"
    out = cli("rank", "-c", "criteria/investor.yaml", "-f", "md").stdout
    assert "Criteria: criteria/investor.yaml" in out and "NOT the government's" in out


def test_criteria_without_a_caveat_get_the_default_one(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("description:")
    end = text.index("\nmethod:")
    path.write_text(text[:start] + "description: A balanced view." + text[end:], encoding="utf-8")
    doc = json.loads(cli("rank", "-f", "json").stdout)
    assert doc["caveat"] == DEFAULT_CAVEAT and "not the government's" in DEFAULT_CAVEAT


def test_every_json_document_carries_criteria_and_caveat(
    elsewhere: Path, cli: Callable[..., Run]
) -> None:
    (elsewhere / "c.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"id": "a", "power_available_mw": 100}, "geometry": {"type": "Point", '
        '"coordinates": [126.85, 35.2]}}]}',
        encoding="utf-8",
    )
    committee = sorted(str(p) for p in (REPO / "examples" / "committee").glob("*.yaml"))
    runs = {
        "rank -m all": ["rank", "-m", "all"],
        "compare": ["compare", "busan", "ulsan"],
        "sensitivity": ["sensitivity", "--samples", "20"],
        "gap": ["gap", "pohang"],
        "unknowns": ["unknowns"],
        "committee": ["committee", *committee],
        "screen": ["screen", "c.geojson"],
    }
    for name, args in runs.items():
        doc = json.loads(cli(*args, "-f", "json").stdout)
        assert doc["caveat"] == CAVEAT, name
        assert doc["criteria"]["source"] == "default (bundled)", name
        out = cli(*args, "-f", "csv").stdout
        assert out.splitlines()[0].endswith(",criteria,caveat"), name
        assert f"default (bundled),{CAVEAT}" in out, name


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One report on the bundled data (built once, with --timestamp), in every format."""
    from bidtool.prepare import load_inputs
    from bidtool.report import html, markdown, xlsx
    from bidtool.report.content import build_report

    empty = tmp_path_factory.mktemp("elsewhere")
    content = build_report(load_inputs(cwd=empty), samples=0, timestamp=True)
    return {
        "md": markdown.render(content).encode("utf-8"),
        "html": html.render(content).encode("utf-8"),
        "xlsx": xlsx.render(content),
    }


def test_report_names_criteria_and_keeps_caveat(
    report_files: dict[str, bytes], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    for suffix in ("md", "html"):
        text = report_files[suffix].decode("utf-8")
        assert "Criteria: default (bundled)" in text and "NOT the government" in text
    (tmp_path / "r.xlsx").write_bytes(report_files["xlsx"])
    wb = load_workbook(tmp_path / "r.xlsx")
    ranking = wb["Ranking"]
    note = ranking.cell(ranking.max_row, 1).value
    assert note == f"Criteria: default (bundled). {CAVEAT}"
    assert ranking.cell(ranking.max_row - 1, 1).value is None  # one blank row above the note
    inputs = {r[0]: r[1] for r in wb["Inputs"].iter_rows(values_only=True)}
    assert inputs["criteria used"] == "default (bundled)" and inputs["caveat"] == CAVEAT


def test_report_timestamp_is_kst_with_explicit_offset(
    report_files: dict[str, bytes], tmp_path: Path
) -> None:
    """Issue 11: report timestamps were UTC ("…Z"); the committee reads KST."""
    from openpyxl import load_workbook

    late_utc = dt.datetime(2026, 11, 29, 23, 59, 30, 123456, tzinfo=dt.timezone.utc)
    assert generated_at(late_utc) == "2026-11-30T08:59:30+09:00"
    for suffix in ("md", "html"):
        text = report_files[suffix].decode("utf-8")
        assert "+09:00 (KST)" in text and "Z ·" not in text
    (tmp_path / "r.xlsx").write_bytes(report_files["xlsx"])
    modified = load_workbook(tmp_path / "r.xlsx").properties.modified
    assert modified is not None
    age = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - modified
    assert dt.timedelta(0) <= age < dt.timedelta(hours=1)  # stored in UTC, not KST wall time
