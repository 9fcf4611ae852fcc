"""MCDA methods as pure numpy functions (DESIGN §4), and their method objects.

Each module holds one method; each function takes arrays and returns arrays,
with no I/O and no knowledge of regions or YAML, and each module registers a
:class:`~bidtool.methods.registry.Method` next to its function.
:func:`get_method` is the one way to turn a name into that object;
:mod:`bidtool.ranking` feeds the methods the decision matrix.

Importing this package imports no numpy (``bidtool --help`` lists the names).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bidtool.methods.registry import Method

_MODULES: dict[str, str] = {
    "wsm": "wsm",
    "wpm": "wpm",
    "topsis": "topsis",
    "vikor": "vikor",
    "promethee2": "promethee",
    "promethee1": "promethee",
}
"""``--method`` name → the module that registers it."""

METHODS: tuple[str, ...] = tuple(_MODULES)
"""The method names, in the order they are listed and compared."""

_PARTIAL = frozenset({"promethee1"})
"""Methods whose result is a partial order (``Method.partial``; a test checks the two agree)."""

COMPARED_METHODS: tuple[str, ...] = tuple(m for m in METHODS if m not in _PARTIAL)
"""The methods ``--method all`` compares: every method that gives a complete ranking."""


def get_method(name: str) -> Method:
    """The registered method called ``name`` (KeyError for an unknown name)."""
    from bidtool.methods.registry import registered

    if name not in _MODULES:
        raise KeyError(name)
    importlib.import_module(f"bidtool.methods.{_MODULES[name]}")
    return registered()[name]


def all_methods() -> tuple[Method, ...]:
    return tuple(get_method(name) for name in METHODS)
