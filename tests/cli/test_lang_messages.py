"""``--lang ko`` on failing commands: the framing and the messages in Korean, the exit
codes unchanged (bad input 3, usage 2, a report that differs from its seal 3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from tests.i18n.english import english_words

APPEAL = str(REPO / "examples" / "appeal-gwangju.yaml")
NOT_PROSE = frozenset({
    # YAML keys and values, ids, option metavars and the inputs quoted back
    "weight", "wieght", "direction", "benefit", "benfit", "cost", "max", "min", "power",
    "infrastructure", "children", "criteria", "ai_compute_pf", "abc", "value_function",
    "unit", "json", "ranking", "jeonnam", "gwangju", "busan", "pohang", "ulsan", "rank",
    "OPTIONS", "ID", "bogus", "foo", "wsmm", "all", "FILE", "identical", "seal",
    "ai_dc_cluster_stage", "none", "under_construction", "headline", "not", "in", "excerpt",
    "ground_condition", "tariff_cut_pct", "grid_impact_assessment", "nowhere", "html",
    "regions", "force", "output", "method", "lang", "compare", "sensitivity", "table", "csv",
    "md", "geojson", "xlsx", "samples", "format",
    "first",  # P(first), the notation the Korean catalogue keeps
    "explore",
})
"""Words that are data, keys or quoted inputs, not English prose."""


def _korean(run: Run, code: int, *more: str) -> str:
    said = run.stderr + "".join(more)
    assert run.exit_code == code, said
    # paths and URLs are data: drop them before reading the words
    plain = re.sub(r"\S*(?:/|\.yaml|\.json|https?:)\S*", " ", said)
    assert english_words(plain, NOT_PROSE) == [], said
    return said


def _bad_criteria(data_dir: Path) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("weight: 25", "weight: 'abc'", 1).replace("weight: 15", "wieght: 15", 1)
    path.write_text(text.replace("direction: benefit", "direction: benfit", 1), encoding="utf-8")


def test_input_problems_in_korean_keep_exit_3(data_dir: Path, cli: Callable[..., Run]) -> None:
    _bad_criteria(data_dir)
    ko = cli("rank", "--lang", "ko")
    said = _korean(ko, 3)
    assert "criteria/default.yaml:56: criteria[2](power).weight: 필요한 값: 숫자. 입력값: " \
        "'abc' (텍스트)" in said
    assert "알 수 없는 키 'wieght' ('weight'을(를) 뜻했습니까?)" in said
    assert "다음 중 하나여야 합니다: 'benefit', 'cost', 'max', 'min', '+' 또는 '-'" in said
    assert "오류: 입력에 문제 3건이 있습니다. 아무것도 쓰지 않았습니다." in said
    en = cli("rank")
    assert en.exit_code == 3 and "expected a number, got 'abc' (text)" in en.stderr
    # the same problems, the same places: only the words differ
    where = re.compile(r"^(\S+:\d+: \S+): ", re.M)
    assert where.findall(ko.stderr) == where.findall(en.stderr)


def test_warnings_in_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("        value_function: {type: linear, worst: 0.11, best: 0.07}\n", ""),
        encoding="utf-8",
    )
    run = cli("rank", "--lang", "ko", "-f", "json")
    said = _korean(run, 0)
    assert "경고: 기준 1개에 value_function이 없어" in said


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["rank", "--bogus"], "없는 옵션입니다: --bogus"),
        (["rank", "-m", "wsmm"], "알 수 없는 방법 'wsmm' ('wsm'을(를) 뜻했습니까?)"),
        (["compare"], "인수 'ID ID...'이(가) 빠졌습니다."),
        (["sensitivity", "--samples", "x"], "'--samples'의 값이 잘못되었습니다: 정수여야 합니다"),
        (["bogus"], "없는 명령입니다: 'bogus'"),
        (["rank", "-f"], "옵션 '-f'에는 값이 필요합니다."),
        (["explore", "-o", "room.csv"], "의사결정실은 HTML 페이지 하나이므로 이름을 *.html로"),
    ],
)
def test_usage_errors_in_korean_keep_exit_2(
    data_dir: Path, cli: Callable[..., Run], args: list[str], words: str
) -> None:
    """Click's own messages and the CLI's BadParameter ones, from the catalogue."""
    ko = cli(args[0], "--lang", "ko", *args[1:])
    said = _korean(ko, 2)
    assert words in said and "오류:" in said
    if args[0] != "bogus" and args != ["rank", "-f"]:
        assert f"사용법: bidtool {args[0]} " in said
    en = cli(*args)
    assert en.exit_code == 2 and "오류" not in en.stderr  # English as Typer says it


def test_lang_from_the_environment_reaches_usage_errors(
    data_dir: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIDTOOL_LANG", "ko")
    run = cli("rank", "--bogus")
    assert run.exit_code == 2 and "없는 옵션입니다: --bogus" in run.stderr


def test_seal_and_verify_mismatch_in_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    seal = cli("seal", "--lang", "ko", "-o", "seal.json")
    _korean(seal, 0)
    assert "seal.json 작성 완료" in seal.stderr
    again = cli("seal", "--lang", "ko", "-c", "investor", "-o", "seal.json")
    assert "봉인은 공약이므로 --force를 줄 때만 바꿉니다" in _korean(again, 2)
    ranking = cli("rank", "-f", "json").stdout
    (data_dir / "r.json").write_text(ranking.replace('"rank": 1', '"rank": 2', 1), encoding="utf-8")
    ko = cli("verify", "r.json", "--seal", "seal.json", "--lang", "ko", "-f", "table")
    said = _korean(ko, 3, ko.stdout)
    assert "불일치" in ko.stdout and "보고서 내용" in ko.stdout and "참고: 기준을 봉인에서" in ko.stdout
    assert "오류: r.json이(가) 봉인된 기준으로 만든 보고서와 다릅니다 (차이 1건)" in said
    assert cli("verify", "r.json", "--seal", "seal.json").exit_code == 3
    # a criteria file changed since the seal: each change named, in Korean, exit 3
    path = data_dir / "criteria" / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("weight: 25", "weight: 26", 1),
                    encoding="utf-8")
    changed = cli("verify", "r.json", "--seal", "seal.json", "-c", str(path), "--lang", "ko")
    assert "봉인 시 25, 지금은 26 — 기준 파일이 더 이상 봉인과 일치하지 않습니다" in _korean(changed, 3)


def test_appeal_in_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("appeal", "gwangju", "--corrections", APPEAL, "--lang", "ko", "--samples", "0",
              "-f", "table")
    said = _korean(run, 0, run.stdout)
    assert "gwangju의 이의 신청" in said and "1위: jeonnam → gwangju" in said
    assert "gwangju의 순위: 2 → 1" in said and "정정 파일:" in said
    md = cli("appeal", "gwangju", "--corrections", APPEAL, "--lang", "ko", "--samples", "0",
             "-f", "md")
    assert md.stdout.startswith("# 이의 신청: gwangju\n\n## 정정된 수치\n")
    wrong = cli("appeal", "busan", "--corrections", APPEAL, "--lang", "ko", "--samples", "0")
    assert "이의 신청 지역은 'busan'인데 이 파일은 'gwangju'을(를) 정정합니다" in _korean(wrong, 3)
    assert cli("appeal", "busan", "--corrections", APPEAL, "--samples", "0").exit_code == 3
    # machine-readable output does not change with the language
    args = ("appeal", "gwangju", "--corrections", APPEAL, "--samples", "0", "-f")
    assert cli(*args, "csv", "--lang", "ko").stdout == cli(*args, "csv").stdout
    assert cli(*args, "json", "--lang", "ko").stdout == cli(*args, "json").stdout


def test_help_lists_the_commands_in_korean(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bidtool --help``'s command summaries follow BIDTOOL_LANG / the locale; the English
    catalogue entry of each is its docstring's first paragraph (they cannot drift)."""
    import typer.main

    from bidtool.cli import app
    from bidtool.cli.usage import SUMMARIES
    from bidtool.i18n import text

    group = typer.main.get_command(app)
    assert set(SUMMARIES) == set(group.commands)  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        first = " ".join((command.help or "").strip().split("\n\n")[0].split())
        assert text("en")(SUMMARIES[name]) == first, name
    monkeypatch.setenv("BIDTOOL_LANG", "ko")
    run = cli("--help")
    assert run.exit_code == 0
    assert "지역의 순위를 매기고 각 기준이 얼마나 기여했는지" in run.stdout
    assert "Rank the regions and show" not in run.stdout
    monkeypatch.setenv("BIDTOOL_LANG", "en")
    assert "Rank the regions and show" in cli("--help").stdout  # nothing left behind


def test_a_korean_report_with_an_appeal_verifies(data_dir: Path, cli: Callable[..., Run]) -> None:
    """The Appeal section says "정정 파일: PATH" in Korean: verify still finds the file it
    records, and says so in Korean."""
    import shutil

    shutil.copy(APPEAL, "appeal.yaml")
    assert cli("seal").exit_code == 0
    run = cli("report", "--lang", "ko", "-o", "r.md", "--samples", "0", "--appeal", "appeal.yaml")
    assert run.exit_code == 0, run.stderr
    assert "정정 파일: appeal.yaml" in (data_dir / "r.md").read_text(encoding="utf-8")
    args = ("verify", "r.md", "--seal", "seal.json", "--samples", "0", "--lang", "ko", "-f",
            "table")
    ok = cli(*args, "--appeal", "appeal.yaml")
    assert ok.exit_code == 0 and ok.stdout.startswith("일치"), ok.stdout + ok.stderr
    without = cli(*args)
    _korean(without, 3)  # the differences themselves are the reports' text, folded in cells
    said = " ".join(without.stdout.split())
    assert "이의 신청 절이 있습니다(정정 파일 appeal.yaml, sha256 " in said
    assert "다시 만들려면 --appeal appeal.yaml을(를) 주십시오" in said
