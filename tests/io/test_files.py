"""``bidtool/io/files.py``: inputs that are not regular files are refused (exit 3).

Never read unbounded, never waited on, never silently replaced by the bundled
data or dropped.  Each test is named after a failure seen at 791400d.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.errors import InputError
from tests.conftest import REPO, Run

SITES = REPO / "regions" / "geo" / "sites.geojson"

# Runs in a child process with a memory cap and a timeout, so that the old
# behaviour (waiting on a FIFO for ever, reading /dev/zero until memory runs
# out) fails the test instead of hanging or exhausting the machine.
CHILD = r"""
import json, sys
from typer.testing import CliRunner
from bidtool.cli import app
out = []
for args in json.loads(sys.argv[1]):
    r = CliRunner().invoke(app, args, catch_exceptions=True)
    out.append([r.exit_code, r.stderr])
print(json.dumps(out))
"""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    cap = 3 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run_guarded(cwd: Path, *cases: list[str]) -> list[tuple[int, str]]:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(list(cases))],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_memory,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"bidtool waited on a non-regular input: {cases}")
    assert proc.returncode == 0, proc.stderr
    return [(code, err) for code, err in json.loads(proc.stdout)]


def test_fifo_and_dev_zero_inputs_hung_or_read_until_memory_ran_out(data_dir: Path) -> None:
    os.mkfifo(data_dir / "pipe")
    os.mkfifo(data_dir / "pipe.yaml")
    os.mkfifo(data_dir / "pipe.geojson")
    cases = [
        ["rank", "-c", "pipe"],
        ["rank", "-c", "/dev/zero"],
        ["rank", "-s", "pipe.yaml"],
        ["weights", "ahp", "pipe.yaml"],
        ["committee", "pipe.yaml"],
        ["screen", "pipe.geojson", "-c", "geo"],
    ]
    results = _run_guarded(data_dir, *cases)
    for args, (code, err) in zip(cases, results):
        assert code == 3, (args, err)
        assert "Traceback" not in err
    assert "pipe: expected a regular file, got a named pipe (FIFO)" in results[0][1]
    assert "/dev/zero: expected a regular file, got a character device" in results[1][1]
    for _, err in results[2:]:
        assert "named pipe (FIFO)" in err


def test_local_criteria_fifo_hung(data_dir: Path) -> None:
    crit = data_dir / "criteria" / "default.yaml"
    crit.unlink()
    os.mkfifo(crit)
    ((code, err),) = _run_guarded(data_dir, ["rank"])
    assert code == 3 and "criteria/default.yaml: expected a regular file" in err


@pytest.mark.parametrize("kind", ["dangling link", "directory"])
def test_local_criteria_fell_back_to_bundled_silently(
    data_dir: Path, cli: Callable[..., Run], kind: str
) -> None:
    crit = data_dir / "criteria" / "default.yaml"
    crit.unlink()
    if kind == "directory":
        crit.mkdir()
    else:
        crit.symlink_to("moved-away.yaml")
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3 and run.stdout == ""
    assert "criteria/default.yaml: " in run.stderr
    assert ("broken symbolic link" if kind != "directory" else "got a directory") in run.stderr


def test_dangling_criteria_link_said_not_found_in_bundled(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "mine").symlink_to("gone.yaml")
    run = cli("rank", "-c", "mine")
    assert run.exit_code == 3
    assert "mine: broken symbolic link (it points to 'gone.yaml'" in run.stderr


def test_regions_dir_link_fell_back_to_bundled_silently(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    shutil.rmtree(data_dir / "regions")
    (data_dir / "regions").symlink_to("elsewhere")
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3 and run.stdout == ""
    assert "regions: broken symbolic link" in run.stderr


@pytest.mark.parametrize("kind", ["dangling link", "fifo", "directory"])
def test_broken_entry_in_regions_was_silently_dropped(
    data_dir: Path, cli: Callable[..., Run], kind: str
) -> None:
    entry = data_dir / "regions" / "daegu.yaml"
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "directory":
        entry.mkdir()
    else:
        entry.symlink_to("../elsewhere/daegu.yaml")
    run = cli("rank", "-f", "csv")
    assert run.exit_code == 3 and run.stdout == ""
    assert "regions/daegu.yaml: " in run.stderr
    assert {
        "dangling link": "broken symbolic link",
        "fifo": "named pipe",
        "directory": "directory",
    }[kind] in run.stderr


def test_editor_lock_link_in_regions_is_not_a_region(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "regions" / ".#busan.yaml").symlink_to("user@host.1234:1700000000")
    assert cli("rank", "-f", "csv").exit_code == 0


def test_layer_that_is_a_fifo_said_not_found(data_dir: Path, cli: Callable[..., Run]) -> None:
    faults = data_dir / "regions" / "geo" / "faults.geojson"
    faults.unlink()
    os.mkfifo(faults)
    run = cli("validate", "-c", "geo")
    assert run.exit_code == 3
    assert "layer regions/geo/faults.geojson: expected a regular file, got a named pipe" in (
        run.stderr
    )


def test_size_cap_trusted_st_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows past what ``stat`` said is still cut at the limit."""
    from bidtool.io.files import read_bytes

    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))  # st_size = 0

    monkeypatch.setattr("bidtool.io.files.os.fstat", lying_fstat)
    with pytest.raises(InputError, match="the limit is"):
        read_bytes(path, "big.yaml", limit=1000)
    assert read_bytes(path, "big.yaml", limit=5000) == b"x" * 5000
