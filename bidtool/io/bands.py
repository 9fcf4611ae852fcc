"""Admissible weights: a band ``[lower, upper]`` per top-level group (``bidtool.bands/1``).

```yaml
schema: bidtool.bands/1
label: Illustration — not the call's rules      # shown in every output
source: where the bands come from (or "illustration")
bands:                    # one per top-level group of the criteria file, shares of 1
  power: [0.20, 0.35]
  site: [0.15, 0.35]
  ...
```

Bands are on the **top-level groups** (the level ``bidtool weights`` shows
first); the leaves inside a group keep the file's shares.  Every group must
have a band (``[0, 1]`` leaves one free).  Exit 3, with the line, when a band
names no group, a group has none, lower > upper, a bound is outside [0, 1], or
the bands admit no weighting (Σ lower > 1 or Σ upper < 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bidtool.errors import InputError, Problem
from bidtool.io.schema import validate_document
from bidtool.io.yaml_source import parse_yaml, read_text
from bidtool.model import CriteriaSet
from bidtool.names import did_you_mean

SLACK = 1e-12
"""Σ lower may exceed 1 (Σ upper fall short of 1) by this much: rounding in the file."""


class BandsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    schema_: Literal["bidtool.bands/1"] = Field(alias="schema")
    label: Annotated[str, Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]
    bands: dict[str, Annotated[list[float], Field(min_length=2, max_length=2)]]


@dataclass(frozen=True)
class Bands:
    """Validated bands, in the criteria file's order of top-level groups."""

    path: str
    sha256: str
    label: str
    source: str
    groups: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]

    level = "top"

    def as_dict(self) -> dict[str, list[float]]:
        return {g: [lo, hi] for g, lo, hi in zip(self.groups, self.lower, self.upper)}


def load_bands(path: str, criteria: CriteriaSet) -> Bands:
    """A bands file checked against ``criteria``'s top-level groups; all problems at once."""
    text, sha = read_text(Path(path), path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, BandsFile)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    groups = [c.id for c in criteria.criteria]
    for gid, (lo, hi) in model.bands.items():
        where = ("bands", gid)
        if gid not in groups:
            problems.append(
                doc.problem(
                    where,
                    f"expected a top-level group of {criteria.path} ({', '.join(groups)}), "
                    f"got {gid!r}{did_you_mean(gid, groups)}",
                )
            )
            continue
        for bound, v in (("lower", lo), ("upper", hi)):
            if not (math.isfinite(v) and 0.0 <= v <= 1.0):
                problems.append(
                    doc.problem(where, f"expected the {bound} bound as a share in [0, 1], got {v}")
                )
        if lo > hi:
            problems.append(
                doc.problem(where, f"expected [lower, upper] with lower ≤ upper, got [{lo}, {hi}]")
            )
    missing = [g for g in groups if g not in model.bands]
    if missing:
        problems.append(
            doc.problem(
                ("bands",),
                f"expected a band for every top-level group; missing: {', '.join(missing)} "
                "(give [0, 1] to leave a group free)",
            )
        )
    if problems:
        raise InputError(problems)
    lower = tuple(float(model.bands[g][0]) for g in groups)
    upper = tuple(float(model.bands[g][1]) for g in groups)
    if sum(lower) > 1 + SLACK:
        problems.append(
            doc.problem(
                ("bands",),
                f"expected the lower bounds to add up to at most 1, got {sum(lower):.6g}: "
                "no weighting fits the bands; lower some of them",
            )
        )
    if sum(upper) < 1 - SLACK:
        problems.append(
            doc.problem(
                ("bands",),
                f"expected the upper bounds to add up to at least 1, got {sum(upper):.6g}: "
                "no weighting fits the bands; raise some of them",
            )
        )
    if problems:
        raise InputError(problems)
    return Bands(path, sha, model.label, model.source, tuple(groups), lower, upper)


def bands_problem(bands: Bands, message: str) -> InputError:
    """An error about the bands file as a whole (e.g. too narrow to sample)."""
    return InputError([Problem(bands.path, None, "bands", message)])
