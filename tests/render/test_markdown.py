"""Every Markdown output escapes ``<``, ``>`` and ``&`` in text that comes from inputs.

At 791400d a region named ``<script>alert(1)</script>`` went into every .md
output raw: a wiki or a pull request that renders HTML in Markdown ran it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.render.markdown import escape
from tests.conftest import REPO, Run
from tests.test_evidence import set_metric

EVIL = "<script>alert(1)</script>"
EVIL_NOTE = "<img src=x onerror=alert(2)> & more"


def test_escape_leaves_no_markup() -> None:
    assert escape("a < b > c & d | e") == "a &lt; b &gt; c &amp; d \\| e"
    assert escape("&amp;") == "&amp;amp;"  # input text, shown as typed


@pytest.fixture
def hostile(data_dir: Path) -> Path:
    busan = data_dir / "regions" / "busan.yaml"
    text = busan.read_text(encoding="utf-8")
    text = text.replace("name: Busan\n", f"name: '{EVIL}'\n", 1)
    busan.write_text(text, encoding="utf-8")
    set_metric(
        data_dir,
        "busan",
        "ai_compute_pf",
        f'  ai_compute_pf:\n    value: null\n    unit: PF\n    status: unknown\n'
        f'    source: "{EVIL_NOTE}"\n    note: "{EVIL_NOTE}"\n',
    )
    crit = data_dir / "criteria" / "default.yaml"
    c = crit.read_text(encoding="utf-8")
    crit.write_text(re.sub(r"(?m)^name: .*$", f"name: '{EVIL} view'", c, count=1), "utf-8")
    member = (REPO / "examples" / "committee" / "member-a-grid-engineer.yaml").read_text("utf-8")
    (data_dir / "m1.yaml").write_text(
        member.replace("name: Member A (grid engineer)", f"name: '{EVIL}'"), encoding="utf-8"
    )
    shutil.copy(REPO / "examples" / "committee" / "member-b-economist.yaml", data_dir / "m2.yaml")
    (data_dir / "p.yaml").write_text(
        f"schema: bidtool.ahp/1\nelements: ['{EVIL}', b]\nmatrix:\n  - [1, 3]\n  - ['1/3', 1]\n",
        encoding="utf-8",
    )
    shutil.copytree(data_dir / "regions", data_dir / "old")
    pohang = data_dir / "regions" / "pohang.yaml"
    pohang.write_text(
        pohang.read_text(encoding="utf-8")
        .replace("    value: 100\n", "    value: 400\n", 1)
        .replace("range: [100, 200]", "range: [100, 400]", 1),
        "utf-8",
    )
    return data_dir


MD_RUNS = [
    ("rank", "-f", "md", "--explain"),
    ("rank", "-m", "all", "-f", "md"),
    ("regions", "-f", "md"),
    ("regions", "busan", "-f", "md"),
    ("compare", "busan", "gwangju", "-f", "md"),
    ("sensitivity", "--samples", "50", "-f", "md"),
    ("gap", "busan", "-f", "md"),
    ("diff", "old", "regions", "-f", "md"),
    ("committee", "m1.yaml", "m2.yaml", "-f", "md"),
    ("weights", "ahp", "p.yaml", "-f", "md"),
    ("unknowns", "-f", "md"),
]


@pytest.mark.parametrize("args", MD_RUNS, ids=[" ".join(a[:2]) for a in MD_RUNS])
def test_markdown_embedded_raw_script_from_inputs(
    hostile: Path, cli: Callable[..., Run], args: tuple[str, ...]
) -> None:
    run = cli(*args)
    assert run.exit_code in (0, 4), run.stderr
    assert run.stdout.strip()
    assert "<script" not in run.stdout and "<img" not in run.stdout
    assert "alert(" not in run.stdout or "&lt;" in run.stdout


def test_markdown_report_embedded_raw_script(hostile: Path, cli: Callable[..., Run]) -> None:
    run = cli("report", "-o", "r.md", "--samples", "50")
    assert run.exit_code == 0, run.stderr
    text = (hostile / "r.md").read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt; &amp; more" in text
