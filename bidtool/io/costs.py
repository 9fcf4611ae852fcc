"""What a commitment costs per unit of each figure (``bidtool.costs/1``), for ``gap --costs``.

```yaml
schema: bidtool.costs/1
label: Illustration — not published figures        # shown in every output
currency: million KRW                              # the unit every cost is in
costs:                  # only these figures may move; each in its own unit
  site_area_m2: {per_unit: 0.35, max: 100000}      # a larger plot: 0.35 per m2, at most 100,000 m2
  tariff_cut_pct: {per_unit: 900, max: 100}        # a share cannot pass 100
  land_price_krw_per_m2: {per_unit: 0.066, min: 0} # a price cannot go below 0
```

A figure moves only the way its criterion calls better (up for a benefit, down
for a cost; a figure only a must-pass constraint reads, the way the constraint
asks).  ``max`` bounds a figure that moves up, ``min`` one that moves down.
Exit 3, with the line, for a metric the criteria neither score nor constrain, a
metric scored by categories (no cost per unit), a cost that is not a positive
finite number below :data:`MAX_UNIT_COST`, and a bound on the wrong side (a
``min`` on a figure that moves up, a ``max`` below the region's figure today).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bidtool.errors import InputError, Problem
from bidtool.io.files import not_regular
from bidtool.io.schema import validate_document
from bidtool.io.yaml_source import YamlDocument, parse_yaml, read_text
from bidtool.model import CriteriaSet, Region, format_value
from bidtool.names import did_you_mean
from bidtool.value_functions import Categorical

MAX_UNIT_COST = 1e12
"""A cost per unit above this is refused: state it in a larger currency unit instead."""

MAX_BOUND = 1e15
"""Bounds beyond this (in the figure's own unit) are refused as not meant."""

UP_OPS = (">=", ">")
DOWN_OPS = ("<=", "<")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CostEntry(_Strict):
    per_unit: float
    max: float | None = None
    min: float | None = None
    note: Annotated[str, Field(max_length=2_000)] | None = None


class CostsFile(_Strict):
    schema_: Literal["bidtool.costs/1"] = Field(alias="schema")
    label: Annotated[str, Field(min_length=1, max_length=500)]
    currency: Annotated[str, Field(min_length=1, max_length=50)]
    source: Annotated[str, Field(max_length=2_000)] | None = None
    costs: Annotated[dict[str, CostEntry], Field(min_length=1)]


@dataclass(frozen=True)
class UnitCost:
    """One figure that may move: its cost per unit, direction and optional bound."""

    metric: str
    per_unit: float
    direction: int  # +1: moves up; −1: moves down
    bound: float | None  # the figure cannot pass this (max for up, min for down)
    line: int | None
    note: str | None = None


@dataclass(frozen=True)
class Costs:
    """A validated costs file, in its own order of metrics."""

    path: str
    sha256: str
    label: str
    currency: str
    source: str | None
    items: tuple[UnitCost, ...]

    def get(self, metric: str) -> UnitCost | None:
        return next((c for c in self.items if c.metric == metric), None)


def metric_direction(criteria: CriteriaSet, metric: str) -> tuple[int | None, str | None]:
    """Which way a commitment moves ``metric`` (+1 up, −1 down), or why it cannot be costed."""
    leaves = [leaf for leaf in criteria.leaves if leaf.metric == metric]
    for leaf in leaves:
        if isinstance(leaf.criterion.value_function, Categorical):
            return None, (
                f"criterion {leaf.id!r} scores {metric!r} by categories: a commitment there "
                "has no cost per unit; leave it out of the costs file"
            )
    directions = {leaf.criterion.direction for leaf in leaves}
    if len(directions) > 1:
        return None, f"criteria read {metric!r} as a benefit and as a cost; it has no one direction"
    if directions:
        return directions.pop(), None
    ops = {c.op for c in criteria.constraints if c.metric == metric}
    if ops and ops <= set(UP_OPS):
        return 1, None
    if ops and ops <= set(DOWN_OPS):
        return -1, None
    if ops:
        return None, (
            f"{metric!r} is read only by constraints with {', '.join(sorted(ops))}: "
            "no one direction makes it better; leave it out of the costs file"
        )
    return None, None


def load_costs(path: str, criteria: CriteriaSet, region: Region) -> Costs:
    """A costs file checked against ``criteria`` and ``region``'s figures; all problems at once."""
    file = Path(path)
    problem = not_regular(file)
    if problem is not None:
        raise InputError.single(
            path,
            "costs file not found; give the path of a bidtool.costs/1 file"
            if problem == "file not found"
            else problem,
        )
    text, sha = read_text(file, path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, CostsFile)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    used = sorted({leaf.metric for leaf in criteria.leaves} | {c.metric for c in criteria.constraints})
    items: list[UnitCost] = []
    for name, entry in model.costs.items():
        where = ("costs", name)
        if name not in used:
            problems.append(
                doc.problem(
                    where,
                    f"expected a metric that {criteria.path} scores or constrains, got {name!r}"
                    f"{did_you_mean(name, used)}",
                )
            )
            continue
        direction, why = metric_direction(criteria, name)
        if direction is None:
            problems.append(doc.problem(where, f"expected a numeric figure, but {why}"))
            continue
        current = region.metric(name).value
        if current is not None and (isinstance(current, bool) or not isinstance(current, (int, float))):
            problems.append(
                doc.problem(
                    where,
                    f"expected a numeric figure, but {region.id}'s {name} is {current!r}; "
                    "leave it out of the costs file",
                )
            )
            continue
        c = entry.per_unit
        if not (math.isfinite(c) and 0 < c <= MAX_UNIT_COST):
            hint = (
                "; state costs in a larger currency unit (e.g. million KRW)"
                if math.isfinite(c) and c > MAX_UNIT_COST
                else "; a commitment that costs nothing needs no costs file entry"
                if c == 0
                else ""
            )
            problems.append(
                doc.problem(
                    (*where, "per_unit"),
                    f"expected a positive finite cost per unit of at most {MAX_UNIT_COST:g}, "
                    f"got {c:g}{hint}",
                )
            )
        bound = _bound(doc, where, entry, direction, current, name, region.id, problems)
        items.append(UnitCost(name, float(c), direction, bound, doc.line_of(where), entry.note))
    if problems:
        raise InputError(problems)
    return Costs(path, sha, model.label, model.currency, model.source, tuple(items))


def _bound(
    doc: YamlDocument,
    where: tuple[str, ...],
    entry: CostEntry,
    direction: int,
    current: float | None,
    name: str,
    region_id: str,
    problems: list[Problem],
) -> float | None:
    """The bound the figure cannot pass, checked for its side; problems appended."""
    good, wrong = ("max", "min") if direction > 0 else ("min", "max")
    way = "up (more is better)" if direction > 0 else "down (less is better)"
    if getattr(entry, wrong) is not None:
        problems.append(
            doc.problem(
                (*where, wrong),
                f"expected {good} (a commitment moves {name} {way}, so only {good} bounds it), "
                f"got {wrong}: {format_value(getattr(entry, wrong))}; write {good}: instead",
            )
        )
        return None
    value = getattr(entry, good)
    if value is None:
        return None
    if not (math.isfinite(value) and abs(value) <= MAX_BOUND):
        problems.append(
            doc.problem((*where, good), f"expected a finite bound of at most {MAX_BOUND:g}, got {value:g}")
        )
        return None
    if current is not None and (value - float(current)) * direction < 0:
        side = "at or above" if direction > 0 else "at or below"
        problems.append(
            doc.problem(
                (*where, good),
                f"expected a {good} {side} {region_id}'s figure today ({format_value(current)}), "
                f"got {format_value(value)}: a commitment moves {name} {way}",
            )
        )
        return None
    return float(value)
