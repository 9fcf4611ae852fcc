"""The evidence contract (DESIGN §2, issue 12 §1): status, sources, range — and outputs
that show a figure's status by its word, with sources a reader can follow."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.prepare import load_inputs
from tests.conftest import Run

POWER = "  power_available_mw:\n    value: 500\n    unit: MW\n"
EVIDENCE = (
    "  power_available_mw:\n"
    "    value: 500\n"
    "    unit: MW\n"
    "    status: claimed\n"
    "    range: [120, 500]\n"
    "    sources:\n"
    '      - title: "부지 3.3㎡당 전남 54만 원, 광주 200만 원"\n'
    "        publisher: newsis\n"
    "        url: https://mobile.newsis.com/view/NISX20251021_0003370792?a=1&b=2\n"
    "        date: 2025-10-21\n"
    '        quote: "전력망, 전남 500㎿ 30% 할인"\n'
)


def with_evidence(root: Path, block: str = EVIDENCE) -> None:
    path = root / "regions" / "jeonnam.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(POWER)
    end = text.index("\n  grid_self_sufficiency_pct:", start)
    path.write_text(text[:start] + block + text[end + 1 :], encoding="utf-8")


def test_sources_status_claimed_and_range_load(data_dir: Path) -> None:
    with_evidence(data_dir)
    inputs = load_inputs(geometry=False)
    m = next(r for r in inputs.regions if r.id == "jeonnam").metrics["power_available_mw"]
    assert m.status == "claimed" and m.range == (120.0, 500.0)
    assert m.sources[0].publisher == "newsis" and m.sources[0].date == "2025-10-21"
    assert m.sources[0].quote == "전력망, 전남 500㎿ 30% 할인"
    assert m.urls == ("https://mobile.newsis.com/view/NISX20251021_0003370792?a=1&b=2",)


def test_unknown_status_on_a_null_loads(data_dir: Path, cli: Callable[..., Run]) -> None:
    with_evidence(
        data_dir,
        "  power_available_mw:\n    value: null\n    unit: MW\n    status: unknown\n"
        '    note: "not published (searched: KEPCO, the city\'s bid pages)"\n',
    )
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("javascript:alert(1)", "sources"),
        ("file:///etc/passwd", "sources"),
        ("www.example.org", "sources"),
        ("javascript:alert(1)", "metric"),
    ],
)
def test_url_other_than_http_is_refused_at_load(
    data_dir: Path, cli: Callable[..., Run], url: str, where: str
) -> None:
    if where == "sources":
        block = EVIDENCE.replace(
            "https://mobile.newsis.com/view/NISX20251021_0003370792?a=1&b=2", url
        )
    else:
        block = POWER + f"    status: claimed\n    url: {url}\n"
    with_evidence(data_dir, block)
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3 and run.stdout == ""
    assert "regions/jeonnam.yaml:" in run.stderr
    assert "expected an http:// or https:// address" in run.stderr


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (POWER + "    status: unknown\n", "status unknown means no published figure"),
        (POWER + "    status: claimed\n    range: [600, 700]\n", "lies outside its range"),
        (POWER + "    status: claimed\n    range: [700, 600]\n", "the low end exceeds"),
        (POWER + "    status: confirmed\n    range: [120, 500]\n", "cannot be confirmed"),
        (POWER + "    status: conformed\n", "(did you mean 'confirmed'?)"),
        (POWER + "    sources:\n      - url: https://example.org\n", "title: required key"),
    ],
    ids=["unknown-with-value", "outside-range", "range-reversed", "range-confirmed", "typo",
         "source-without-title"],
)
def test_evidence_rules_are_enforced_at_load(
    data_dir: Path, cli: Callable[..., Run], block: str, message: str
) -> None:
    with_evidence(data_dir, block)
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    assert "regions/jeonnam.yaml:" in run.stderr and message in run.stderr, run.stderr


def test_validate_strict_requires_a_url_on_every_figure_and_unknown_on_nulls(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    run = cli("validate", "--strict", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    lines = run.stderr.splitlines()
    # a figure with only `source:` text
    assert any(
        ln.startswith("regions/gwangju.yaml:") and "metrics.ai_compute_pf: --strict: provenance "
        "missing: sources (with a url)" in ln
        for ln in lines
    ), run.stderr
    # a null marked confirmed (busan has no published power figure)
    assert any(
        ln.startswith("regions/busan.yaml:")
        and "metrics.power_available_mw.status: --strict: a null figure is unknown, not confirmed"
        in ln
        for ln in lines
    ), run.stderr
    # the evidenced figure passes
    with_evidence(data_dir)
    again = cli("validate", "--strict", "-c", "criteria/default.yaml")
    assert "jeonnam.yaml:" not in "\n".join(
        ln for ln in again.stderr.splitlines() if "power_available_mw:" in ln
    )


def test_unknown_figure_is_never_marked_confirmed_in_outputs(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    # busan's power figure is null but its file says `status: confirmed`
    table = cli("rank", "-f", "table", "--explain").stdout
    assert "unknown" in table and " C " not in table
    md = cli("rank", "-f", "md", "--explain").stdout
    busan_power = [
        ln for ln in md.splitlines() if "Power available" in ln and "unknown" in ln.lower()
    ]
    assert busan_power and all("| C |" not in ln for ln in busan_power)
    csv = cli("rank", "-f", "csv", "--explain").stdout.splitlines()
    row = next(ln for ln in csv if ln.startswith("3,busan,") and ",power_available_mw," in ln)
    assert ",unknown," in row and ",confirmed," not in row
    view = json.loads(cli("regions", "busan", "-f", "json").stdout)
    assert view["metrics"]["power_available_mw"]["status"] == "unknown"
    side = json.loads(cli("compare", "busan", "gwangju", "-f", "json").stdout)
    row = next(r for r in side["criteria_rows"] if r["criterion"] == "power_available_mw")
    assert row["regions"]["busan"]["status"] == "unknown"


def test_report_links_sources_html_and_xlsx(data_dir: Path, cli: Callable[..., Run]) -> None:
    with_evidence(data_dir)
    html = data_dir / "r.html"
    assert cli("report", "-o", str(html), "--samples", "0").exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert (
        '<a href="https://mobile.newsis.com/view/NISX20251021_0003370792?a=1&amp;b=2" '
        'rel="noopener noreferrer">'
    ) in page
    assert "[claimed]" in page and "[C]" not in page
    xlsx = data_dir / "r.xlsx"
    assert cli("report", "-o", str(xlsx), "--samples", "0").exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx)["Data"]
    header = [c.value for c in ws[1]]
    col = header.index("URL")
    linked = [row[col] for row in ws.iter_rows(min_row=2) if row[col].value]
    assert linked and all(c.hyperlink is not None for c in linked)
    assert linked[0].hyperlink.target.startswith("https://mobile.newsis.com/")
