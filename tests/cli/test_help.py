"""Every command and subcommand has --help with an Examples section (sqlite-utils' test_docs)."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from bidtool.cli import app


def _paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _paths(sub, (*prefix, name))
    return found


PATHS = _paths(typer.main.get_command(app))


def test_every_command_is_found() -> None:
    names = {p[0] for p in PATHS if p}
    assert {"rank", "validate", "regions", "compare", "sensitivity", "screen", "diff"} <= names
    assert ("weights", "ahp") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "bidtool")
def test_help_has_examples(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Examples" in result.output
    example = " ".join(("bidtool", *path))
    assert any(line.strip().startswith(example) for line in result.output.splitlines()), (
        f"no example line starting with {example!r}"
    )
