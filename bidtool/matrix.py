"""The decision matrix: regions × leaf criteria, built in exactly one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bidtool.model import CriteriaSet, Leaf, Region
from bidtool.value_functions import Categorical


@dataclass(frozen=True)
class DecisionMatrix:
    """Raw values and value-function utilities, one row per region.

    ``values`` holds raw numbers (NaN where missing or non-numeric);
    ``vf_utilities`` holds the value-function utility where a leaf has one
    (NaN elsewhere).  ``missing`` marks unknown cells.
    """

    regions: tuple[Region, ...]
    leaves: tuple[Leaf, ...]
    raw: tuple[tuple[Any, ...], ...]
    values: np.ndarray
    vf_utilities: np.ndarray
    has_vf: np.ndarray
    missing: np.ndarray
    weights: np.ndarray
    types: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.regions), len(self.leaves)


def build_matrix(criteria: CriteriaSet, regions: Sequence[Region]) -> DecisionMatrix:
    leaves = criteria.leaves
    m, n = len(regions), len(leaves)
    raw = tuple(tuple(r.metric(leaf.metric).value for leaf in leaves) for r in regions)
    values = np.full((m, n), np.nan)
    vf_u = np.full((m, n), np.nan)
    missing = np.zeros((m, n), dtype=bool)
    has_vf = np.array([leaf.criterion.value_function is not None for leaf in leaves], dtype=bool)
    for j, leaf in enumerate(leaves):
        vf = leaf.criterion.value_function
        column = [row[j] for row in raw]
        missing[:, j] = [v is None for v in column]
        if isinstance(vf, Categorical):
            vf_u[:, j] = [np.nan if v is None else vf.utility_of(v) for v in column]
            continue
        values[:, j] = [np.nan if v is None else float(v) for v in column]
        if vf is not None:
            vf_u[:, j] = vf.evaluate(values[:, j])
    weights = np.array([leaf.weight for leaf in leaves])
    types = np.array([leaf.criterion.direction for leaf in leaves], dtype=float)
    return DecisionMatrix(
        tuple(regions), leaves, raw, values, vf_u, has_vf, missing, weights, types
    )
