"""The CLI package: small modules, one output object, an injected environment (issue 13 §4)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer

from bidtool.cli.environment import Environment
from bidtool.cli.output import Format, resolve_output

CLI = Path(__file__).resolve().parents[2] / "bidtool" / "cli"


def _env(terminal: bool = False) -> Environment:
    return Environment(io.StringIO(), io.StringIO(), is_terminal=terminal)


def test_no_cli_module_exceeds_250_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in CLI.glob("*.py")}
    assert sizes and all(n <= 250 for n in sizes.values()), sizes


def test_only_the_environment_reads_the_process_streams() -> None:
    """Commands write through the injected Environment, never sys.stdout or a global state."""
    for path in CLI.glob("*.py"):
        if path.name == "environment.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"sys\.(stdout|stderr)", text), path.name
        assert "_state" not in text, path.name


def test_default_format_follows_the_environment_terminal() -> None:
    assert resolve_output(_env(terminal=True), "rank", None, None).format is Format.table
    assert resolve_output(_env(terminal=False), "rank", None, None).format is Format.csv


def test_output_writes_to_the_environment_stdout() -> None:
    env = _env()
    out = resolve_output(env, "rank", Format.json, None)
    out.text('{"a": 1}\n')
    assert env.stdout.getvalue() == '{"a": 1}\n'  # type: ignore[attr-defined]
    out.render(lambda: "table", {Format.json: lambda: "json\n"})
    assert env.stdout.getvalue().endswith("json\n")  # type: ignore[attr-defined]


def test_output_resolves_encoding_once(tmp_path: Path) -> None:
    csv = resolve_output(_env(), "rank", None, tmp_path / "r.csv")
    assert (csv.format, csv.encoding, csv.width) == (Format.csv, "utf-8-sig", 120)
    assert resolve_output(_env(), "rank", Format.csv, None).encoding == "utf-8"


def test_output_refuses_a_format_the_command_does_not_write() -> None:
    with pytest.raises(typer.BadParameter, match="not available here"):
        resolve_output(_env(), "compare", Format.geojson, None)


def test_warnings_go_to_the_environment_stderr() -> None:
    env = _env()
    env.warn(["careful"])
    assert "warning: careful" in env.stderr.getvalue()  # type: ignore[attr-defined]
    assert env.stdout.getvalue() == ""  # type: ignore[attr-defined]
