"""The command line, through CliRunner and a few real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool import __version__
from tests.conftest import REPO, Run


def test_rank_json_matches_design_section_6(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    for key in (
        "schema",
        "bidtool_version",
        "method",
        "score_name",
        "higher_is_better",
        "criteria",
        "regions_files",
        "weights",
        "ranking",
    ):
        assert key in doc
    assert doc["schema"] == "bidtool.ranking/1"
    assert doc["bidtool_version"] == __version__
    assert doc["method"] == "wsm" and doc["higher_is_better"] is True
    assert doc["criteria"]["path"] == "criteria/default.yaml"
    assert len(doc["criteria"]["sha256"]) == 64
    assert [f["path"] for f in doc["regions_files"]] == [
        f"regions/{n}.yaml" for n in ("busan", "gwangju", "jeonnam", "pohang", "ulsan")
    ]
    assert sum(doc["weights"].values()) == pytest.approx(1.0, abs=1e-12)
    assert len(doc["ranking"]) == 5
    for entry in doc["ranking"]:
        for key in (
            "rank",
            "id",
            "name",
            "score",
            "eligible",
            "failed_constraints",
            "values",
            "utilities",
            "contributions",
            "extra",
        ):
            assert key in entry
        assert 0 <= entry["score"] <= 1
        assert sum(entry["contributions"].values()) == pytest.approx(entry["score"], abs=1e-12)
        assert set(entry["values"]) == set(doc["weights"])
    assert [e["rank"] for e in doc["ranking"]] == [1, 2, 3, 4, 5]
    assert doc["ranking"][0]["values"]["power_available_mw"] == 500


def test_ineligible_come_last_and_nothing_eligible_exits_4(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    path = data_dir / "criteria/default.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    value: 40\n", "    value: 10000\n"),
        encoding="utf-8",
    )
    run = cli("rank", "-f", "json")
    doc = json.loads(run.stdout)
    assert {e["id"] for e in doc["ranking"] if not e["eligible"]} == {
        "gwangju",
        "jeonnam",
        "pohang",
    }
    assert [e["eligible"] for e in doc["ranking"]] == [True, True, False, False, False]
    path.write_text(
        path.read_text(encoding="utf-8").replace("    if_missing: pass\n", ""), encoding="utf-8"
    )
    run = cli("rank", "-f", "json")
    assert run.exit_code == 4
    assert "no region passes" in run.stderr
    assert all(e["rank"] is None for e in json.loads(run.stdout)["ranking"])


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".json", "{"), (".md", "# Ranking"), (".csv", "\ufeffrank,"), (".txt", "")],
)
def test_output_format_follows_suffix(
    data_dir: Path, cli: Callable[..., Run], suffix: str, start: str
) -> None:
    assert cli("rank", "-o", f"out{suffix}").exit_code == 0
    text = (data_dir / f"out{suffix}").read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "Jeonnam" in text


def test_piped_default_is_csv_and_explain_table(data_dir: Path, cli: Callable[..., Run]) -> None:
    assert cli("rank").stdout.startswith("rank,id,name")
    run = cli("rank", "-f", "table", "--explain")
    assert "Power available" in run.stdout
    assert "500 MW" in run.stdout and "unknown → worst" in run.stdout


def test_investor_criteria_by_name(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("rank", "-c", "investor", "-f", "json").stdout)
    assert doc["criteria"]["path"] == "criteria/investor.yaml"
    assert doc["ranking"][0]["id"] == "jeonnam"


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_unknown_criteria_name(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-c", "investr")
    assert run.exit_code == 2  # a usage error, blamed on the flag (not exit 3 on a file)
    assert "did you mean 'investor'" in _flat(run.stderr)


@pytest.mark.parametrize("command", [["rank"], ["validate"], ["regions"], ["report"]])
def test_criteria_defualt_is_usage_error_on_the_flag_not_exit_3(
    data_dir: Path, cli: Callable[..., Run], command: list[str]
) -> None:
    run = cli(*command, "-c", "defualt")
    assert run.exit_code == 2, run.stderr
    err = _flat(run.stderr)
    assert "'-c' / '--criteria': no criteria file 'defualt' and no bundled criteria" in err
    assert "(did you mean 'default'?); bundled: default, geo, investor, pairwise" in err


def test_criteria_path_not_found_is_usage_error(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-c", "nothere.yaml")
    assert run.exit_code == 2
    assert "'-c' / '--criteria': no criteria file 'nothere.yaml'" in _flat(run.stderr)


def test_regions_dir_not_found_is_usage_error(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-r", "nodir")
    assert run.exit_code == 2
    assert "'-r' / '--regions': no regions directory 'nodir'" in _flat(run.stderr)


def test_existing_invalid_criteria_file_stays_exit_3(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "bad.yaml").write_text("schema: [\n", encoding="utf-8")
    assert cli("rank", "-c", "bad.yaml").exit_code == 3
    (data_dir / "criteria" / "broken.yaml").write_text("schema: [\n", encoding="utf-8")
    assert cli("rank", "-c", "broken").exit_code == 3  # ./criteria/NAME.yaml is a name


def test_unknown_method_in_the_criteria_file_is_input_error(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    path = data_dir / "criteria" / "default.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("method: wsm") + 1
    path.write_text(text.replace("method: wsm", "method: magic"), encoding="utf-8")
    run = cli("rank")
    assert run.exit_code == 3
    assert f"criteria/default.yaml:{line}: method:" in run.stderr and "'magic'" in run.stderr


def test_validate_strict_passes_on_bundled_data(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("validate", "--strict")
    assert run.exit_code == 0, run.stderr
    assert (
        "criteria/default.yaml, criteria/geo.yaml, criteria/investor.yaml, criteria/pairwise.yaml, "
        "criteria/value-for-money.yaml and 5 region files" in run.stdout
    )


def test_validate_strict_requires_provenance(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "regions/ulsan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  extra_metric: 12\n", encoding="utf-8")
    catalogue = data_dir / "regions/metrics.yaml"  # defined, so only its provenance is missing
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "  extra_metric:\n    label: Extra\n    kind: number\n    definition: a test figure\n",
        encoding="utf-8",
    )
    assert cli("validate").exit_code == 0
    run = cli("validate", "--strict")
    assert run.exit_code == 3
    assert "regions/ulsan.yaml:" in run.stderr and "metrics.extra_metric" in run.stderr
    assert "provenance missing: sources (with a url) and status" in run.stderr


def test_regions_list_and_detail(data_dir: Path, cli: Callable[..., Run]) -> None:
    listing = cli("regions", "-f", "csv").stdout
    assert listing.splitlines()[0] == "id,name,name_ko,site,metrics,unknown,path"
    assert len(listing.splitlines()) == 6
    table = cli("regions", "gwangju", "-f", "table").stdout
    assert "88.5" in table and "Gwangju Ilbo" in table
    doc = json.loads(cli("regions", "jeonnam", "-f", "json").stdout)
    water = doc["metrics"]["cooling_water_t_per_day"]
    assert water["value"] == 2400 and water["range"] == [2400, 60000]
    assert water["status"] == "claimed"
    assert water["sources"][0]["url"].startswith("https://ww2.asiatoday.co.kr/")
    run = cli("regions", "gwangjoo")
    assert run.exit_code == 3 and "did you mean 'gwangju'" in run.stderr


def test_compare_side_by_side(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("compare", "gwangju", "jeonnam", "-f", "json").stdout)
    assert [r["id"] for r in doc["regions"]] == ["gwangju", "jeonnam"]
    rows = {r["criterion"]: r for r in doc["criteria_rows"]}
    assert rows["cooling_water_t_per_day"]["regions"]["gwangju"]["value"] == 1000
    assert rows["cooling_water_t_per_day"]["regions"]["jeonnam"]["value"] == 2400
    table = cli("compare", "gwangju", "jeonnam", "-f", "table").stdout
    assert "Cooling water supply" in table and "2,400 t/day" in table
    csv_out = cli("compare", "busan", "ulsan", "pohang", "-f", "csv").stdout
    assert csv_out.splitlines()[0].startswith("group,criterion,weight,busan:value")
    assert cli("compare", "gwangju").exit_code == 2
    assert cli("compare", "gwangju", "nowhere").exit_code == 3


def test_help_has_examples(cli: Callable[..., Run]) -> None:
    for cmd in ("rank", "validate", "regions", "compare"):
        run = cli(cmd, "--help")
        assert run.exit_code == 0
        assert "Examples" in run.stdout, cmd
    assert "bidtool rank" in cli("--help").stdout


def test_version(cli: Callable[..., Run]) -> None:
    assert cli("--version").stdout.strip() == f"bidtool {__version__}"


def test_usage_error_is_exit_2(cli: Callable[..., Run]) -> None:
    assert cli("rank", "--bogus").exit_code == 2


# ------------------------------------------------------------ real processes


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", **env},
    )


@pytest.mark.slow
def test_python_dash_m_from_another_directory_uses_bundled_data(tmp_path: Path) -> None:
    proc = _run([sys.executable, "-m", "bidtool", "rank", "-f", "json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert len(doc["ranking"]) == 5 and doc["ranking"][0]["id"] == "jeonnam"


@pytest.mark.slow
def test_internal_error_has_no_traceback_without_debug(tmp_path: Path) -> None:
    code = (
        "import sys, bidtool.ranking as r\n"
        "def boom(*a, **k): raise RuntimeError('kaboom')\n"
        "r.rank = boom\n"
        "from bidtool.cli import app\n"
        "sys.argv = ['bidtool'] + sys.argv[1:]\n"
        "app()\n"
    )
    proc = _run([sys.executable, "-c", code, "rank"], tmp_path)
    assert proc.returncode == 1
    assert "internal error" in proc.stderr and "kaboom" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _run([sys.executable, "-c", code, "--debug", "rank"], tmp_path)
    assert "Traceback" in proc.stderr


HEAVY = ("pandas", "numpy", "shapely", "pyproj")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["rank", "--help"],
        ["validate"],
        ["validate", "--strict"],
    ],
)
def test_help_and_validate_do_not_import_heavy_modules(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from bidtool.cli import app\n"
        f"sys.argv = ['bidtool', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit as e:\n    code = e.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    proc = _run([sys.executable, "-c", code], REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
