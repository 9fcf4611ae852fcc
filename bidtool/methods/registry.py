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
    relations: tuple[tuple[str, ...], ...] | None = None
    """A partial-order method's pairwise relations on the rows (see :class:`PartialOrder`)."""


PREFERRED = "P+"
"""``relation[i][j]``: row i is preferred to row j."""
PREFERRED_BY = "P-"
"""``relation[i][j]``: row j is preferred to row i."""
INDIFFERENT = "I"
INCOMPARABLE = "R"


@dataclass(frozen=True)
class PartialOrder:
    """A partial order on the ranked regions: PROMETHEE I's P, I and R (Brans & Vincke 1985).

    ``relation[i][j]`` is :data:`PREFERRED` (``ids[i]`` P ``ids[j]``),
    :data:`PREFERRED_BY`, :data:`INDIFFERENT` or :data:`INCOMPARABLE`.
    """

    ids: tuple[str, ...]
    relation: tuple[tuple[str, ...], ...]
    method: str = "PROMETHEE I (Brans & Vincke 1985)"

    def _index(self, region_id: str) -> int:
        return self.ids.index(region_id)

    def _related(self, region_id: str, code: str) -> list[str]:
        i = self._index(region_id)
        return [self.ids[j] for j in range(len(self.ids)) if j != i and self.relation[i][j] == code]

    def preferred_to(self, region_id: str) -> list[str]:
        """The regions ``region_id`` is preferred to."""
        return self._related(region_id, PREFERRED)

    def preferred_by(self, region_id: str) -> list[str]:
        """The regions preferred to ``region_id``."""
        return self._related(region_id, PREFERRED_BY)

    def incomparable_with(self, region_id: str) -> list[str]:
        return self._related(region_id, INCOMPARABLE)

    def indifferent_to(self, region_id: str) -> list[str]:
        return self._related(region_id, INDIFFERENT)

    def pairs(self) -> list[tuple[str, str, str]]:
        """Every unordered pair once as (a, b, relation): ``P`` (a preferred to b), ``I`` or
        ``R``; a preferred region comes first, other pairs in the order of :attr:`ids`."""
        out = []
        n = len(self.ids)
        for i in range(n):
            for j in range(i + 1, n):
                code = self.relation[i][j]
                if code == PREFERRED:
                    out.append((self.ids[i], self.ids[j], "P"))
                elif code == PREFERRED_BY:
                    out.append((self.ids[j], self.ids[i], "P"))
                else:
                    out.append((self.ids[i], self.ids[j], code))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``partial_order`` member of ``bidtool.ranking/1`` (a new key; DESIGN §6)."""
        return {
            "method": self.method,
            "relations": [{"a": a, "b": b, "relation": r} for a, b, r in self.pairs()],
            "regions": {
                i: {
                    "preferred_to": self.preferred_to(i),
                    "preferred_by": self.preferred_by(i),
                    "indifferent_to": self.indifferent_to(i),
                    "incomparable_with": self.incomparable_with(i),
                }
                for i in self.ids
            },
            "rank_rule": RANK_RULE,
        }


RANK_RULE = (
    "rank = competition rank of the number of regions preferred to it: it never contradicts "
    "the partial order (a P b gives a a better rank than b), but incomparable regions may "
    "still get different ranks; read 'incomparable_with' before reading an order into them"
)


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
    partial: bool = False
    """Its result is a partial order (:attr:`Scored.relations`), not a complete ranking:
    ``--method all`` leaves it out of the comparison and the consensus."""

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
