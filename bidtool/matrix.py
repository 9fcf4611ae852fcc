"""The decision matrix: regions × leaf criteria, built in exactly one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

    def __post_init__(self) -> None:
        """Refuse a matrix whose parts disagree on its shape (a bug, never an input error)."""
        if self.values.ndim != 2:
            raise ValueError(f"decision matrix values must be 2-D, got {self.values.shape}")
        m, n = self.values.shape
        problems = [
            f"{name} is {shape}, expected {want}"
            for name, shape, want in (
                ("leaves", (len(self.leaves),), (n,)),
                ("vf_utilities", self.vf_utilities.shape, (m, n)),
                ("missing", self.missing.shape, (m, n)),
                ("has_vf", self.has_vf.shape, (n,)),
                ("weights", self.weights.shape, (n,)),
                ("types", self.types.shape, (n,)),
            )
            if shape != want
        ]
        if self.regions and len(self.regions) != m:
            problems.append(f"{len(self.regions)} regions for {m} rows")
        if self.raw and len(self.raw) != m:
            problems.append(f"{len(self.raw)} raw rows for {m} rows")
        if problems:
            raise ValueError("decision matrix: " + "; ".join(problems))

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, leaves): regions or screened candidates × leaf criteria."""
        m, n = self.values.shape
        return int(m), int(n)


def matrix_from_columns(
    criteria: CriteriaSet,
    columns: Mapping[str, Sequence[Any]],
    rows: int,
    regions: Sequence[Region] = (),
    raw: tuple[tuple[Any, ...], ...] = (),
) -> DecisionMatrix:
    """The decision matrix from one column of values per metric (``None``: unknown).

    The one builder: :func:`build_matrix` (regions) and ``screen`` (candidates)
    both come here.  Categorical leaves get their utility; numeric leaves their
    value and, with a value function, its utility.
    """
    if criteria.weighing:  # a programming error, never the user's: weigh before scoring
        raise RuntimeError(
            "criteria with AHP/ROC/swing levels not yet weighed: call "
            "bidtool.prepare.weigh_criteria (bidtool.load and prepare.load_inputs do)"
        )
    leaves = criteria.leaves
    n = len(leaves)
    values = np.full((rows, n), np.nan)
    vf_u = np.full((rows, n), np.nan)
    missing = np.zeros((rows, n), dtype=bool)
    has_vf = np.array([leaf.criterion.value_function is not None for leaf in leaves], dtype=bool)
    for j, leaf in enumerate(leaves):
        column = columns[leaf.metric]
        vf = leaf.criterion.value_function
        missing[:, j] = [v is None for v in column]
        if isinstance(vf, Categorical):
            vf_u[:, j] = [np.nan if v is None else vf.utility_of(v) for v in column]
            continue
        values[:, j] = [np.nan if v is None else float(v) for v in column]
        if vf is not None:
            vf_u[:, j] = vf.evaluate(values[:, j])
    weights = np.array([leaf.weight for leaf in leaves], dtype=float).reshape(n)
    types = np.array([leaf.criterion.direction for leaf in leaves], dtype=float).reshape(n)
    return DecisionMatrix(
        tuple(regions), leaves, raw, values, vf_u, has_vf, missing, weights, types
    )


def build_matrix(criteria: CriteriaSet, regions: Sequence[Region]) -> DecisionMatrix:
    """The regions' decision matrix (:func:`matrix_from_columns` over their metrics)."""
    leaves = criteria.leaves
    raw = tuple(tuple(r.metric(leaf.metric).value for leaf in leaves) for r in regions)
    columns = {leaf.metric: [row[j] for row in raw] for j, leaf in enumerate(leaves)}
    return matrix_from_columns(criteria, columns, len(regions), regions, raw)
