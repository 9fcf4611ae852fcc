"""Every command the README shows runs, on files the repository ships."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

README = REPO / "README.md"
FENCE = re.compile(r"```sh\n(.*?)```", re.S)


def readme_commands() -> list[str]:
    """The ``bidtool …`` commands in the README's shell blocks, comments removed; a line
    chaining only bidtool commands with ``&&`` stays one (run in order, in one directory)."""
    commands: list[str] = []
    for block in FENCE.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            parts = [part.strip() for part in line.split("&&")]
            if len(parts) > 1 and all(p.startswith("bidtool ") for p in parts):
                commands.append(" && ".join(parts))
                continue
            for part in parts:
                if part.startswith("bidtool "):
                    commands.append(part)
    return commands


def test_the_readme_shows_commands() -> None:
    commands = readme_commands()
    assert "bidtool rank" in commands  # the quick start
    assert len(commands) >= 15


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of what the repository ships, as a git repository with two commits."""
    for name in ("criteria", "regions", "examples"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "criteria", "regions")
    git("commit", "-q", "-m", "one")
    default = tmp_path / "criteria" / "default.yaml"
    default.write_text(default.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    git("commit", "-q", "-am", "two")
    return tmp_path


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command: str, workdir: Path, cli: Callable[..., Run]) -> None:
    for part in command.split(" && "):
        _run_one(part, workdir, cli)


def _run_one(command: str, workdir: Path, cli: Callable[..., Run]) -> None:
    words = shlex.split(command)[1:]
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    args: list[str] = []
    for word in words:
        args.extend(sorted(str(p) for p in Path().glob(word)) if "*" in word else [word])
    result = cli(*args)
    assert result.exit_code == 0, f"{command}\n{result.stderr}"
    if target is not None:
        (workdir / target).write_text(result.stdout, encoding="utf-8")
