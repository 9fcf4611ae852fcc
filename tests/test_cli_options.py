"""Option values and help: blamed on the flag, with "did you mean"; help lists what is accepted."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.cli import COMMAND_FORMATS, Format
from bidtool.io.bundled import bundled_criteria_names
from bidtool.methods import METHODS
from tests.conftest import REPO, Run


def flat(text: str) -> str:
    """Rich's boxed, wrapped text as one line of words."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_method_typo_is_usage_error_blamed_on_the_flag(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """Issue 11: ``-m topsys`` was exit 3 blamed on criteria/default.yaml."""
    run = cli("rank", "-m", "topsys")
    assert run.exit_code == 2
    err = flat(run.stderr)
    assert (
        "'-m' / '--method': unknown method 'topsys' (did you mean 'topsis'?); "
        "choose wsm, wpm, topsis, vikor, promethee2, promethee1, all" in err
    )
    assert "default.yaml" not in err
    # commands without --method all do not offer it
    err = flat(cli("gap", "busan", "-m", "al").stderr)
    assert "choose wsm, wpm, topsis, vikor, promethee2, promethee1" in err and ", all" not in err


@pytest.mark.parametrize(
    ("args", "flag", "hint"),
    [
        (["rank", "-f", "jsn"], "'-f' / '--format'", "(did you mean 'json'?)"),
        (["rank", "-w", "entrpy"], "'-w' / '--weighting'", "(did you mean 'entropy'?)"),
        (["rank", "--encoding", "utf8"], "'--encoding'", "(did you mean 'utf-8'?)"),
        (["committee", "x.yaml", "--aggregate", "aijj"], "'--aggregate'", "(did you mean 'aij'?)"),
        (["sensitivity", "--weights", "unifrom"], "'--weights'", "(did you mean 'uniform'?)"),
        (["screen", "x.geojson", "-f", "md"], "'-f' / '--format'", "is not available for screen"),
    ],
)
def test_enum_option_typos_say_did_you_mean(
    args: list[str], flag: str, hint: str, cli: Callable[..., Run]
) -> None:
    run = cli(*args)
    assert run.exit_code == 2
    err = flat(run.stderr)
    assert flag in err and hint in err and "choose " in err


COMMANDS_WITH_CRITERIA = [
    ["rank"],
    ["validate"],
    ["regions"],
    ["compare"],
    ["sensitivity"],
    ["screen"],
    ["diff"],
    ["committee"],
    ["report"],
    ["gap"],
]


@pytest.mark.parametrize("command", COMMANDS_WITH_CRITERIA, ids=" ".join)
def test_help_lists_every_bundled_criteria_name(
    command: list[str], cli: Callable[..., Run]
) -> None:
    names = sorted(p.stem for p in (REPO / "criteria").glob("*.yaml"))
    assert names == bundled_criteria_names() and {"default", "investor", "pairwise", "geo"} <= set(
        names
    )
    help_text = flat(cli(*command, "--help").stdout)
    assert ", ".join(names) in help_text


@pytest.mark.parametrize(
    "command", [["rank"], ["sensitivity"], ["screen"], ["diff"], ["committee"], ["report"], ["gap"]]
)
def test_help_lists_every_method(command: list[str], cli: Callable[..., Run]) -> None:
    help_text = flat(cli(*command, "--help").stdout)
    assert "MCDA method: " + ", ".join(METHODS) in help_text


def _listed_formats(help_text: str) -> list[str]:
    match = re.search(r"Output format: ([a-z, ]+?)[.(]", flat(help_text))
    assert match, help_text
    return [f.strip() for f in match.group(1).split(",")]


@pytest.mark.parametrize("command", [c for c in COMMAND_FORMATS if "--" not in c])
def test_help_lists_exactly_the_formats_each_command_accepts(
    command: str, cli: Callable[..., Run]
) -> None:
    listed = _listed_formats(cli(*command.split(), "--help").stdout)
    assert listed == [f.value for f in COMMAND_FORMATS[command]]


@pytest.fixture
def invocations(data_dir: Path, cli: Callable[..., Run]) -> dict[str, list[str]]:
    """One working invocation per command in COMMAND_FORMATS."""
    (data_dir / "c.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"id": "a", "power_available_mw": 100}, "geometry": {"type": "Point", '
        '"coordinates": [126.85, 35.2]}}]}',
        encoding="utf-8",
    )
    (data_dir / "ahp.yaml").write_text(
        "schema: bidtool.ahp/1\nelements: [a, b]\njudgements: {a: {b: 3}}\n", encoding="utf-8"
    )
    committee = sorted(str(p) for p in (REPO / "examples" / "committee").glob("*.yaml"))
    for args in (["seal"], ["rank", "-f", "json", "-o", "r.json"]):
        assert cli(*args).exit_code == 0
    return {
        "rank": ["rank"],
        "rank --method all": ["rank", "-m", "all"],
        "regions": ["regions"],
        "compare": ["compare", "gwangju", "jeonnam"],
        "sensitivity": ["sensitivity", "--samples", "20"],
        "screen": ["screen", "c.geojson", "-c", "geo"],
        "diff": ["diff", "criteria/default.yaml", "criteria/investor.yaml"],
        "committee": ["committee", *committee],
        "gap": ["gap", "pohang"],
        "gap --costs": ["gap", "pohang", "--costs", str(REPO / "examples" / "commitment-costs.yaml")],
        "unknowns": ["unknowns"],
        "weights ahp": ["weights", "ahp", "ahp.yaml"],
        "explore": ["explore", "-o", "-", "--samples", "20"],
        "verify": ["verify", "r.json", "--seal", "seal.json"],
        "appeal": ["appeal", "gwangju", "--corrections",
                   str(REPO / "examples" / "appeal-gwangju.yaml"), "--samples", "0"],
        "weights swing": ["weights", "swing", "-c", str(REPO / "examples" / "swing.yaml")],
        "pivotal": ["pivotal"],
    }


def test_format_map_is_exhaustive(
    invocations: dict[str, list[str]], cli: Callable[..., Run]
) -> None:
    """pip-audit style: every format a command lists renders; every other one is refused."""
    assert set(invocations) == set(COMMAND_FORMATS)
    for command, formats in COMMAND_FORMATS.items():
        for fmt in Format:
            # a workbook, a GeoPackage or GeoParquet is not text: it only goes to a file
            binary = fmt in (Format.xlsx, Format.gpkg, Format.parquet)
            to_file = ["-o", f"out.{fmt.value}"] if binary else []
            run = cli(*invocations[command], "-f", fmt.value, *to_file)
            where = f"{command} -f {fmt.value}"
            if fmt in formats:
                # screen exits 4 (nothing eligible under geo) but still writes its output
                assert run.exit_code in (0, 4), (where, run.stderr)
                assert run.stdout.strip() or (to_file and Path(to_file[1]).is_file()), where
            else:
                assert run.exit_code == 2, where
                assert "is not available" in flat(run.stderr), where


STRICT_COMMANDS = [
    ["rank"],
    ["validate"],
    ["report"],
    ["compare"],
    ["sensitivity"],
    ["gap"],
    ["unknowns"],
    ["screen"],
    ["committee"],
    ["weights", "ahp"],
    ["weights", "swing"],
]


@pytest.mark.parametrize("command", STRICT_COMMANDS, ids=" ".join)
def test_strict_has_one_meaning_in_every_help(command: list[str], cli: Callable[..., Run]) -> None:
    from bidtool.cli import STRICT_HELP

    assert flat(STRICT_HELP) in flat(cli(*command, "--help").stdout)


def test_weight_draws_is_the_smaa_option_and_weights_a_deprecated_alias(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    help_text = flat(cli("sensitivity", "--help").stdout)
    assert "--weight-draws" in help_text and "--weights " not in help_text
    new = cli("sensitivity", "--samples", "50", "--weight-draws", "dirichlet", "-f", "json")
    old = cli("sensitivity", "--samples", "50", "--weights", "dirichlet", "-f", "json")
    assert new.exit_code == old.exit_code == 0
    assert new.stdout == old.stdout and '"weight_model": "dirichlet"' in new.stdout
    assert "--weights is deprecated" in old.stderr and "--weight-draws" in old.stderr
    assert new.stderr == ""
    clash = cli("sensitivity", "--weights", "dirichlet", "--weight-draws", "ranges")
    assert clash.exit_code == 2
