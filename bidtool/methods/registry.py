"""Method objects: what a ranking needs to know about an MCDA method, in one place.

Each method module registers one :class:`Method` next to its pure function
(pymcdm's ``MCDA_method``, scikit-criteria's aggregators).  Everything outside
:mod:`bidtool.methods` asks the method — ``ranking.mcda.additive``,
``method.higher_is_better`` — instead of comparing its name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Scored:
    """A method's output on the eligible rows."""

    scores: np.ndarray
    extra: list[dict[str, Any]]  # per row: method-specific figures (TOPSIS d+, VIKOR S, R …)
    info: dict[str, Any] = field(default_factory=dict)  # method-level facts (VIKOR conditions)


ScoreFunction = Callable[["np.ndarray", "np.ndarray", "np.ndarray", Sequence[Any], float], Scored]


@dataclass(frozen=True)
class Method:
    """An MCDA method as the pipeline and the renderers see it."""

    name: str
    """The ``--method`` / ``method:`` name."""
    score_name: str
    """What its score is called in tables and JSON."""
    higher_is_better: bool
    additive: bool
    """The score is Σ_j w_j·u_j of the utilities: it splits into per-criterion
    contributions (group bars, ``--explain``), is linear in the weights (exact
    two-point sweeps, one matrix product for SMAA), and is computed on the
    utility matrix; other methods read :func:`~bidtool.ranking.method_matrix`."""
    scorer: ScoreFunction = field(repr=False, compare=False)
    zero_vetoes: bool = False
    """One zero benefit utility makes the score 0 (the weighted product)."""

    def score(
        self,
        x: np.ndarray,
        weights: np.ndarray,
        types: np.ndarray,
        preferences: Sequence[Any] = (),
        vikor_v: float = 0.5,
    ) -> Scored:
        """Score the rows of ``x`` (the utilities if :attr:`additive`, else the method matrix)."""
        return self.scorer(x, weights, types, preferences, vikor_v)


_REGISTRY: dict[str, Method] = {}


def register(method: Method) -> Method:
    """Add ``method`` to the registry (called by its module, next to its function)."""
    _REGISTRY[method.name] = method
    return method


def registered() -> dict[str, Method]:
    return dict(_REGISTRY)
