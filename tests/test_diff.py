"""``bidtool diff``: two files, two directories, two git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from tests.conftest import Run

GIT = shutil.which("git")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def test_two_criteria_files(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("diff", "criteria/default.yaml", "criteria/investor.yaml", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.diff/1"
    assert doc["figures"] == []  # same regions
    a, b = (rank(load_inputs(f"criteria/{n}.yaml")) for n in ("default", "investor"))
    weight_a = {leaf.id: leaf.weight for leaf in a.leaves}
    weight_b = {leaf.id: leaf.weight for leaf in b.leaves}
    land = next(w for w in doc["weights"] if w["criterion"] == "land_price_krw_per_m2")
    assert land["before"] == pytest.approx(weight_a["land_price_krw_per_m2"])
    assert land["after"] == pytest.approx(weight_b["land_price_krw_per_m2"])
    assert land["before"] != pytest.approx(land["after"])
    assert any(w["after"] is None for w in doc["weights"])  # a criterion only A has
    moves = {m["id"]: m for m in doc["ranking"]}
    for row in a.rows:
        assert moves[row.id]["rank_before"] == row.rank
        assert moves[row.id]["rank_after"] == b.row(row.id).rank
    back = json.loads(
        cli("diff", "criteria/investor.yaml", "criteria/default.yaml", "-f", "json").stdout
    )
    assert any(w["before"] is None for w in back["weights"])  # a criterion only B has
    # a file whose ranking differs: talent (where Pohang leads) weighs 10 times as much
    text = (data_dir / "criteria/default.yaml").read_text(encoding="utf-8")
    old = "    label_ko: 인재 양성\n    weight: 10\n"
    assert old in text
    (data_dir / "criteria/talent.yaml").write_text(
        text.replace(old, old.replace("10", "100")), encoding="utf-8"
    )
    c = rank(load_inputs("criteria/talent.yaml"))
    moved = json.loads(
        cli("diff", "criteria/default.yaml", "criteria/talent.yaml", "-f", "json").stdout
    )
    moves = {m["id"]: m for m in moved["ranking"]}
    for row in a.rows:
        assert moves[row.id]["rank_before"] == row.rank
        assert moves[row.id]["rank_after"] == c.row(row.id).rank
    assert moves["pohang"]["rank_after"] < moves["pohang"]["rank_before"]


def test_two_region_directories(data_dir: Path, cli: Callable[..., Run]) -> None:
    shutil.copytree(data_dir / "regions", data_dir / "new")
    pohang = data_dir / "new" / "pohang.yaml"
    text = pohang.read_text(encoding="utf-8")
    # 200 MW: the top of pohang's range [100, 200]
    pohang.write_text(text.replace("    value: 100\n", "    value: 200\n", 1), encoding="utf-8")
    run = cli("diff", "regions", "new", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["weights"] == []
    (fig,) = doc["figures"]
    assert fig["region"] == "pohang" and fig["metric"] == "power_available_mw"
    assert fig["changed"] == ["value"] and (fig["before"]["value"], fig["after"]["value"]) == (
        100,
        200,
    )
    p = next(m for m in doc["ranking"] if m["id"] == "pohang")
    assert p["score_after"] > p["score_before"]
    md = cli("diff", "regions", "new", "-f", "md").stdout
    assert "| pohang | power_available_mw | value | 100 MW | 200 MW |" in md


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_git_revisions(data_dir: Path, cli: Callable[..., Run]) -> None:
    repo = data_dir
    _git(repo, "init", "-q")
    _git(repo, "add", "criteria", "regions")
    _git(repo, "commit", "-q", "-m", "first")
    crit = repo / "criteria" / "default.yaml"
    text = crit.read_text(encoding="utf-8")
    crit.write_text(text.replace("    weight: 25\n", "    weight: 50\n", 1), encoding="utf-8")
    busan = repo / "regions" / "busan.yaml"
    b = busan.read_text(encoding="utf-8")
    busan.write_text(b.replace("status: derived", "status: confirmed", 1), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second")
    crit.write_text("schema: [broken", encoding="utf-8")  # the work tree is not read
    run = cli("diff", "--git", "HEAD~1", "HEAD", "--repo", str(repo), "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["a"] == "HEAD~1" and doc["b"] == "HEAD"
    power = [w for w in doc["weights"] if w["criterion"] == "power_available_mw"]
    assert power and power[0]["after"] > power[0]["before"]
    assert any(f["region"] == "busan" and f["changed"] == ["status"] for f in doc["figures"])
    table = cli("diff", "--git", "HEAD~1", "HEAD", "--repo", str(repo), "-f", "table")
    assert table.exit_code == 0 and "Weights" in table.stdout
    bad = cli("diff", "--git", "nope", "HEAD", "--repo", str(repo))
    assert bad.exit_code == 3 and "cannot read criteria/ and regions/ at 'nope'" in bad.stderr
    missing = cli("diff", "--git", "HEAD~1", "HEAD", "--repo", str(repo), "-c", "nosuch")
    assert missing.exit_code == 3 and "HEAD~1:criteria/nosuch.yaml: not in that revision" in (
        missing.stderr
    )


def test_usage_errors(data_dir: Path, cli: Callable[..., Run]) -> None:
    assert cli("diff", "criteria/default.yaml").exit_code == 2
    assert cli("diff", "a", "b", "--git", "x", "y").exit_code == 2
    run = cli("diff", "criteria/default.yaml", "regions")
    assert run.exit_code == 3 and "not one of each" in run.stderr


def _one_commit(repo: Path) -> None:
    _git(repo, "init", "-q")
    _git(repo, "add", "criteria", "regions")
    _git(repo, "commit", "-q", "-m", "first")


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize("position", ["first", "second"])
def test_git_revision_read_as_option_emptied_the_file(
    data_dir: Path, cli: Callable[..., Run], position: str
) -> None:
    """``diff --git --output=$PWD/victim.txt HEAD`` once truncated victim.txt."""
    _one_commit(data_dir)
    victim = data_dir / "victim.txt"
    victim.write_bytes(b"the committee's only copy\n")
    hostile = f"--output={victim}"
    revs = (hostile, "HEAD") if position == "first" else ("HEAD", hostile)
    run = cli("diff", "--git", *revs, "--repo", str(data_dir))
    assert victim.read_bytes() == b"the committee's only copy\n"
    assert run.exit_code in (2, 3), run.stderr
    assert "is not a git revision" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_git_revision_is_resolved_to_a_commit(data_dir: Path, cli: Callable[..., Run]) -> None:
    from bidtool.diff import resolve_commit

    _one_commit(data_dir)
    commit = resolve_commit(data_dir, "HEAD")
    assert len(commit) == 40 and int(commit, 16) >= 0
    run = cli("diff", "--git", "HEAD^{tree}", "HEAD", "--repo", str(data_dir))
    assert run.exit_code == 3 and "not a commit" in run.stderr


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize("target", ["busan.yaml", "../../../etc/passwd"])
def test_symlink_in_git_revision_was_internal_error(
    data_dir: Path, cli: Callable[..., Run], target: str
) -> None:
    _one_commit(data_dir)
    (data_dir / "regions" / "link.yaml").symlink_to(target)
    _git(data_dir, "add", "regions")
    _git(data_dir, "commit", "-q", "-m", "a link")
    run = cli("diff", "--git", "HEAD~1", "HEAD", "--repo", str(data_dir))
    assert run.exit_code == 3, run.stderr
    assert "HEAD:regions/link.yaml: a symbolic link in that revision" in run.stderr
    assert "internal error" not in run.stderr
