"""MCDA methods as pure numpy functions (DESIGN §4).

Each module holds one method; each function takes arrays and returns arrays,
with no I/O and no knowledge of regions or YAML.  :mod:`bidtool.ranking`
feeds them the decision matrix and turns their output into a ``Ranking``.
"""

from __future__ import annotations

METHODS: dict[str, str] = {
    "wsm": "weighted sum",
    "wpm": "weighted product",
    "topsis": "relative closeness C*",
    "vikor": "VIKOR Q",
    "promethee2": "net outranking flow φ",
}
"""``--method`` name → the name of its score."""

HIGHER_IS_BETTER: dict[str, bool] = {
    "wsm": True,
    "wpm": True,
    "topsis": True,
    "vikor": False,
    "promethee2": True,
}
