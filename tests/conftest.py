"""Shared fixtures: a private copy of the bundled data, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bidtool.cli import app

REPO = Path(__file__).resolve().parents[1]
REFERENCE_CASES = REPO / "tests" / "reference_cases"
"""The repository's own copies of the published cases (provenance in each file)."""


def reference_case(name: str) -> dict[str, Any]:
    """Load tests/reference_cases/<name>.yaml by name."""
    path = REFERENCE_CASES / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English output whatever the machine's locale (``--lang ko`` tests say so)."""
    monkeypatch.setenv("BIDTOOL_LANG", "en")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of criteria/ and regions/, made the current directory."""
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    shutil.copytree(REPO / "regions", tmp_path / "regions")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of a running dask.distributed cluster (one single-threaded worker
    process), reached like a real one; shut down at the end of the session."""
    import dask

    from bidtool.cluster import LEAN, local_cluster

    with dask.config.set(LEAN), local_cluster(1) as cluster:
        yield str(cluster.scheduler_address)


@pytest.fixture
def cli() -> Callable[..., Run]:
    runner = CliRunner()

    def invoke(*args: str) -> Run:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke
