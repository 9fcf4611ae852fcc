"""``bidtool report --lang ko``: no English heading left, read in headless Chromium."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.i18n.english import english_words

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEADINGS = "h1, h2, h3, h4, th, caption, figcaption"


def test_markdown_report_headings_are_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("report", "--lang", "ko", "-o", "-", "-f", "md", "--samples", "200")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    table_heads = [a for a, b in itertools.pairwise(lines) if b.startswith("| ---")]
    assert headings[:2] == ["# 균형 잡힌 위원회 관점", "## 순위"]
    assert len(table_heads) >= 6
    left = {line: english_words(line) for line in headings + table_heads}
    assert {k: v for k, v in left.items() if v} == {}


def test_promises_section_in_korean(cli: Callable[..., Run]) -> None:
    """The section shown when figures have a schedule (examples/promises) has Korean headings."""
    import html
    import re

    from tests.conftest import REPO

    base = REPO / "examples" / "promises"
    run = cli("report", "--lang", "ko", "-c", str(base / "criteria.yaml"), "-r",
              str(base / "regions"), "-o", "-", "-f", "html", "--samples", "0")
    assert run.exit_code == 0, run.stderr
    assert '<h2 id="promises">약속 이행에 따른 순위 변화</h2>' in run.stdout
    heads = [html.unescape(re.sub(r"<[^>]+>", " ", m)) for m in
             re.findall(r"<(?:h[1-4]|th)[^>]*>(.*?)</(?:h[1-4]|th)>", run.stdout, re.S)]
    # the example file's own name, label and milestones (no name_ko/label_ko) are data
    data = frozenset(
        ["Two", "invented", "regions", "one", "promising", "power", "in", "phases", "Power", "go-live", "full"]
    )
    left = {h: english_words(h, data) for h in heads}
    assert {k: v for k, v in left.items() if v} == {}


def test_excel_report_headings_are_korean_and_sheet_names_stay(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = data_dir / "r.xlsx"
    assert cli("report", "--lang", "ko", "-o", str(path), "--samples", "100").exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Ranking", "Contributions", "Data"]  # what programs look for
    heads = [str(c.value) for ws in wb for c in ws[1] if c.value is not None]
    assert heads[:3] == ["순위", "지역", "지역 (한국어)"]
    assert {h: english_words(h) for h in heads if english_words(h)} == {}


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: install Debian's packages `chromium fonts-noto-cjk` "
    "(apt-get install chromium fonts-noto-cjk; .ci/run does this) to run the browser check",
)
def test_korean_report_has_no_english_heading_in_chromium(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = data_dir / "r.html"
    run = cli("report", "--lang", "ko", "-o", str(path), "--samples", "300")
    assert run.exit_code == 0, run.stderr
    assert "r.html 작성 완료" in run.stderr
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            page.goto(path.as_uri())
            lang = page.evaluate("document.documentElement.lang")
            texts: list[str] = page.eval_on_selector_all(
                HEADINGS, "els => els.map(e => e.innerText)"
            )
            counts = {
                tag: page.locator(tag).count()
                for tag in ("h1", "h2", "h3", "th", "figcaption")
            }
        finally:
            browser.close()
    assert lang == "ko"
    # every kind of heading the report has was read (a selector that matched nothing
    # would make the check below vacuous)
    assert counts["h1"] == 1 and counts["h2"] >= 7 and counts["h3"] >= 4
    assert counts["th"] >= 40 and counts["figcaption"] >= 3
    assert "순위" in texts and "가중치" in texts and "지역" in texts
    left = {text: english_words(text) for text in texts}
    assert {k: v for k, v in left.items() if v} == {}
