"""Value functions: an absolute scale from a raw metric to a utility in [0, 1].

A leaf with a value function is scored on the committee's own scale ("20 MW
is worthless, 500 MW is all we could want") instead of relative to whichever
regions happen to be in the file, so adding a region cannot reorder others on
that criterion (Keeney & Raiffa 1976, ch. 3; Belton & Stewart 2002, §5.2).

numpy is imported inside the methods so that loading (and ``validate``)
never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bidtool.names import category_key

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Linear:
    """u = (x − worst) / (best − worst), clipped to [0, 1]. worst > best: less is better."""

    worst: float
    best: float
    kind: str = "linear"

    @property
    def increasing(self) -> bool:
        return self.best > self.worst

    def evaluate(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        u = np.clip((x - self.worst) / (self.best - self.worst), 0.0, 1.0)
        return u + 0.0  # a cost at its worst gives -0.0; outputs would print "-0.000"

    def breakpoints(self) -> list[tuple[float, float]]:
        pts = [(self.worst, 0.0), (self.best, 1.0)]
        return sorted(pts)


@dataclass(frozen=True)
class Piecewise:
    """Linear interpolation between ``points`` (x ascending), flat outside."""

    points: tuple[tuple[float, float], ...]
    kind: str = "piecewise"

    @property
    def increasing(self) -> bool:
        return self.points[-1][1] >= self.points[0][1]

    def evaluate(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        xs = np.array([p[0] for p in self.points])
        us = np.array([p[1] for p in self.points])
        return np.asarray(np.interp(x, xs, us))

    def breakpoints(self) -> list[tuple[float, float]]:
        return list(self.points)


@dataclass(frozen=True)
class Step:
    """u = u_k of the highest threshold x_k ≤ x; ``below`` under the first."""

    thresholds: tuple[tuple[float, float], ...]
    below: float = 0.0
    kind: str = "step"

    @property
    def increasing(self) -> bool:
        return self.thresholds[-1][1] >= self.below

    def evaluate(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        xs = np.array([t[0] for t in self.thresholds])
        us = np.concatenate([[self.below], [t[1] for t in self.thresholds]])
        return us[np.searchsorted(xs, x, side="right")]

    def breakpoints(self) -> list[tuple[float, float]]:
        return list(self.thresholds)


@dataclass(frozen=True)
class Categorical:
    """A utility per category; unknown categories take ``default`` (if given)."""

    mapping: Mapping[str, float]
    default: float | None = None
    kind: str = "categorical"

    @property
    def increasing(self) -> bool:
        return True

    def knows(self, value: Any) -> bool:
        return self.default is not None or category_key(value) in self.mapping

    def utility_of(self, value: Any) -> float:
        key = category_key(value)
        if key in self.mapping:
            return self.mapping[key]
        if self.default is None:
            raise KeyError(key)
        return self.default

    def evaluate_values(self, values: Sequence[Any]) -> list[float]:
        return [self.utility_of(v) for v in values]


ValueFunction = Linear | Piecewise | Step | Categorical
NumericValueFunction = Linear | Piecewise | Step
