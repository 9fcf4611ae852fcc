"""The evidence contract (DESIGN §2, issue 12 §1): status, sources, range — and outputs
that show a figure's status by its word, with sources a reader can follow."""

from __future__ import annotations

import json
import re
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


_NEXT_METRIC = re.compile(r"^  \S", re.MULTILINE)


def set_metric(root: Path, region: str, metric: str, block: str) -> None:
    """Replace one metric's whole block in ``regions/<region>.yaml`` by ``block``."""
    path = root / "regions" / f"{region}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  {metric}:\n") + 1
    nxt = _NEXT_METRIC.search(text, start + 1)
    end = nxt.start() if nxt else len(text)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def with_evidence(root: Path, block: str = EVIDENCE) -> None:
    assert POWER in (root / "regions" / "jeonnam.yaml").read_text(encoding="utf-8")
    set_metric(root, "jeonnam", "power_available_mw", block)


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
    # the bundled data meets the contract
    bundled = cli("validate", "--strict", "-c", "criteria/default.yaml")
    assert bundled.exit_code == 0, bundled.stderr
    set_metric(
        data_dir,
        "gwangju",
        "ai_compute_pf",
        "  ai_compute_pf:\n    value: 88.5\n    unit: PF\n    status: confirmed\n"
        '    source: "Gwangju Ilbo, 2025"\n',
    )
    set_metric(
        data_dir,
        "busan",
        "power_available_mw",
        "  power_available_mw:\n    value: null\n    unit: MW\n    status: confirmed\n",
    )
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
    set_metric(
        data_dir,
        "busan",
        "power_available_mw",
        "  power_available_mw:\n    value: null\n    unit: MW\n    status: confirmed\n",
    )
    table = cli("rank", "-f", "table", "--explain").stdout
    assert "unknown" in table and " C " not in table
    md = cli("rank", "-f", "md", "--explain").stdout
    busan_power = [
        ln for ln in md.splitlines() if "Power available" in ln and "unknown" in ln.lower()
    ]
    assert busan_power and all("| C |" not in ln for ln in busan_power)
    csv = cli("rank", "-f", "csv", "--explain").stdout.splitlines()
    row = next(ln for ln in csv if ln.split(",")[1] == "busan" and ",power_available_mw," in ln)
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
    targets = [c.hyperlink.target for c in linked]
    assert "https://mobile.newsis.com/view/NISX20251021_0003370792?a=1&b=2" in targets
