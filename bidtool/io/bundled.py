"""Where the shipped data lives, and what it holds — cheap enough for ``--help``.

Kept apart from :mod:`bidtool.io.loading` (which pulls in pydantic and numpy) so
the command line can list the bundled criteria names in its help text.
"""

from __future__ import annotations

from pathlib import Path


def bundled_root() -> Path:
    """Where the shipped ``criteria/`` and ``regions/`` live.

    In an installed wheel they are copied into ``bidtool/data``; in a source
    checkout they sit at the top of the repository.
    """
    package = Path(__file__).resolve().parent.parent  # bidtool/, above bidtool/io/
    data = package / "data"
    return data if (data / "criteria").is_dir() else package.parent


def bundled_criteria_names() -> list[str]:
    """The names ``-c`` accepts without a path (``default``, ``investor``, …), sorted."""
    return sorted(p.stem for p in (bundled_root() / "criteria").glob("*.yaml"))
