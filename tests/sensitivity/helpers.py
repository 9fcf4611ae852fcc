"""Build in-memory inputs from a utility matrix, for sensitivity tests."""

from __future__ import annotations

from collections.abc import Sequence

from bidtool.model import CriteriaSet, Criterion, Inputs, Metric, Region
from bidtool.value_functions import Linear


def make_inputs(
    matrix: Sequence[Sequence[float]],
    weights: Sequence[float],
    groups: Sequence[int] | None = None,
) -> Inputs:
    """Regions r0…, leaves c0… with linear utility = value on [0, 1]; optional grouping."""
    n = len(weights)
    leaves = [
        Criterion(
            id=f"c{j}",
            label=f"c{j}",
            weight=float(weights[j]),
            metric=f"c{j}",
            direction=1,
            value_function=Linear(0.0, 1.0),
        )
        for j in range(n)
    ]
    if groups is None:
        roots = tuple(leaves)
    else:
        roots = tuple(
            Criterion(
                id=f"g{g}",
                label=f"g{g}",
                weight=sum(leaves[j].weight for j in range(n) if groups[j] == g),
                children=tuple(leaves[j] for j in range(n) if groups[j] == g),
            )
            for g in sorted(set(groups))
        )
    crit = CriteriaSet(
        name="test",
        description=None,
        method="wsm",
        missing="error",
        criteria=roots,
        constraints=(),
        path="test.yaml",
        sha256="0" * 64,
        leaves=CriteriaSet.compute_leaves(roots, "error"),
    )
    regions = tuple(
        Region(
            id=f"r{i}",
            name=f"R{i}",
            name_ko=None,
            summary=None,
            site=None,
            metrics={f"c{j}": Metric(float(v)) for j, v in enumerate(row)},
            path=f"r{i}.yaml",
            sha256="0" * 64,
        )
        for i, row in enumerate(matrix)
    )
    return Inputs(crit, regions)
