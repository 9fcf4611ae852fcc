"""The layer rules (docs/architecture.md) cover every module, and CI checks them."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _layered_modules() -> set[str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split('type = "layers"', 1)[1].split("]", 1)[0]
    return set(re.findall(r"bidtool(?:\.[\w]+)+", block))


def test_every_top_level_module_has_a_layer() -> None:
    """A new module must be placed in a layer (pyproject [tool.importlinter]), or the
    contracts would silently not cover it."""
    layered = _layered_modules()
    names = {
        f"bidtool.{p.stem if p.is_file() else p.name}"
        for p in (REPO / "bidtool").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    covered = {n for n in names if n in layered or any(m.startswith(n + ".") for m in layered)}
    assert names - covered == set()


def test_ci_runs_lint_imports_after_mypy() -> None:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").split()
    assert "lint-imports" in lines and lines.index("lint-imports") > lines.index("mypy")
