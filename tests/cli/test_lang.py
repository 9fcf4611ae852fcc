"""``--lang ko``: headings and messages in Korean, machine-readable output unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from bidtool.cli import app
from tests.conftest import Run
from tests.i18n.english import english_words


def test_rank_table_headings_are_korean(data_dir: Path) -> None:
    run = CliRunner().invoke(
        app, ["rank", "--lang", "ko", "-f", "table"], env={"COLUMNS": "140"}
    )
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    title = lines[0].strip()
    assert title == "균형 잡힌 위원회 관점 — 가중합 (wsm)"
    header = next(line for line in lines if "지역" in line)
    groups = next(line for line in lines if "기존 인프라" in line)
    for word in ("지역", "점수", "미확인", "확인률", "적격"):
        assert word in header
    assert english_words(header + groups + title) == []
    assert "광주광역시" in run.stdout and "Gwangju" not in run.stdout
    # Rich measures Hangul as two cells: the score column's heading ends where its
    # numbers end, on every row, although the region names differ in width
    score_end = cell_len(header[: header.index("점수") + len("점수")])
    rows = [line for line in lines if line.lstrip()[:1].isdigit() and "0." in line]
    assert len(rows) == 5
    for line in rows:
        score = next(w for w in line.split() if w.startswith("0."))
        assert cell_len(line[: line.index(score) + len(score)]) == score_end, line


def test_rank_markdown_headings_are_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "--lang", "ko", "-f", "md", "--explain")
    assert run.exit_code == 0, run.stderr
    headings = [line for line in run.stdout.splitlines() if line.startswith("#")]
    table_heads = [
        line for line, nxt in zip(run.stdout.splitlines(), run.stdout.splitlines()[1:])
        if nxt.startswith("| ---")
    ]
    assert headings[0] == "# 순위: 균형 잡힌 위원회 관점 (wsm, 가중합)"
    assert len(headings) == 6 and len(table_heads) == 6
    assert table_heads[0].startswith("| 순위 | 지역 | 점수 | 기존 인프라 |")
    assert "| 기준 | 수치 | 상태 | 효용 | 가중치 | 기여도 | 출처 |" in table_heads
    for line in headings + table_heads:
        assert english_words(line) == [], line


def test_lang_comes_from_the_environment_and_the_flag_wins(data_dir: Path) -> None:
    runner = CliRunner()
    ko = runner.invoke(app, ["rank", "-f", "md"], env={"BIDTOOL_LANG": "ko"})
    assert ko.stdout.startswith("# 순위:")
    locale = runner.invoke(
        app, ["rank", "-f", "md"], env={"BIDTOOL_LANG": "", "LC_ALL": "", "LANG": "ko_KR.UTF-8"}
    )
    assert locale.stdout.startswith("# 순위:")
    en = runner.invoke(app, ["rank", "-f", "md", "--lang", "en"], env={"BIDTOOL_LANG": "ko"})
    assert en.stdout.startswith("# Ranking:")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_readable_output_does_not_change(
    data_dir: Path, cli: Callable[..., Run], fmt: str
) -> None:
    assert cli("rank", "-f", fmt, "--lang", "ko").stdout == cli("rank", "-f", fmt).stdout


def test_korean_error_message_keeps_its_exit_code(data_dir: Path, cli: Callable[..., Run]) -> None:
    bad = data_dir / "criteria" / "default.yaml"
    bad.write_text("schema: [\n", encoding="utf-8")
    run = cli("rank", "--lang", "ko")
    assert run.exit_code == 3
    assert "오류: 입력에 문제 1건이 있습니다. 아무것도 쓰지 않았습니다." in run.stderr
    assert "error:" not in run.stderr
    assert cli("rank").exit_code == 3


def test_nothing_eligible_in_korean_exits_4(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8").replace("    value: 40\n", "    value: 10000\n")
    path.write_text(text.replace("    if_missing: pass\n", ""), encoding="utf-8")
    run = cli("rank", "--lang", "ko", "-f", "md")
    assert run.exit_code == 4
    assert "오류: 필수 제약조건을 통과한 지역이 없습니다" in run.stderr
    assert "부적격: " in run.stdout


def test_every_command_offers_lang(cli: Callable[..., Run]) -> None:
    for command in (["rank"], ["validate"], ["report"], ["weights", "ahp"]):
        assert "--lang" in CliRunner().invoke(app, [*command, "--help"]).stdout
    run = cli("rank", "--lang", "fr")
    assert run.exit_code == 2 and "unknown language 'fr'" in run.stderr
