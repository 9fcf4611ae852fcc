"""Admissible weights: a band ``[lower, upper]`` per group or criterion (``bidtool.bands/1``).

```yaml
schema: bidtool.bands/1
label: Illustration — not the call's rules      # shown in every output
source: where the bands come from (or "illustration")
bands:                    # shares of 1: of the whole for a top-level group,
  power: [0.20, 0.35]     #   of its parent group for a path below one
  site: [0.15, 0.35]
  power.power_available_mw: [0.5, 0.8]   # optional: bands below the top level
  ...
```

Every **top-level group** must have a band (``[0, 1]`` leaves one free).  A
band may also name any group or leaf below, by its path of ids from the top
(``power.power_available_mw``, as ``bidtool weights`` nests them): it bounds
that node's **share of its parent group** (its local weight), as the criteria
file writes weights.  A top-level group's share of its parent is its share of
the whole, so both readings agree.  Siblings of a banded node without a band
of their own are free (``[0, 1]``); a group none of whose descendants has a
band keeps the file's shares inside it.

Exit 3, with the line, when a band names no group or criterion, a top-level
group has none, lower > upper, a bound is outside [0, 1], or the bands on the
children of one group admit no split of it (Σ lower > 1 or Σ upper < 1 among
them — for top-level bands, no weighting at all).  Bands on different groups
constrain independent shares, so that check per group is exact: the bands
admit some weighting exactly when every group's children pass it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bidtool.errors import InputError, Problem
from bidtool.io.schema import validate_document
from bidtool.io.yaml_source import YamlDocument, parse_yaml, read_text
from bidtool.model import CriteriaSet, Criterion
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
    """Validated bands, in the criteria file's order of top-level groups; ``nested``: the
    bands below the top level as ``(path, lower, upper)`` in the criteria tree's order,
    each a share of its parent group."""

    path: str
    sha256: str
    label: str
    source: str
    groups: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    nested: tuple[tuple[str, float, float], ...] = ()

    @property
    def level(self) -> str:
        """``top``: bands on the top-level groups only; ``nested``: some below them."""
        return "nested" if self.nested else "top"

    def as_dict(self) -> dict[str, list[float]]:
        top = {g: [lo, hi] for g, lo, hi in zip(self.groups, self.lower, self.upper)}
        return {**top, **{p: [lo, hi] for p, lo, hi in self.nested}}


def node_paths(criteria: CriteriaSet) -> dict[str, Criterion]:
    """Every group and criterion by its path of ids from the top (``power.power_available_mw``),
    in the tree's order."""
    out: dict[str, Criterion] = {}

    def visit(node: Criterion, prefix: str) -> None:
        path = f"{prefix}{node.id}"
        out[path] = node
        for child in node.children:
            visit(child, path + ".")

    for root in criteria.criteria:
        visit(root, "")
    return out


def _unknown_path(name: str, paths: dict[str, Criterion], criteria: CriteriaSet) -> str:
    groups = [c.id for c in criteria.criteria]
    hint = did_you_mean(name, list(paths))
    by_id = [p for p, node in paths.items() if node.id == name.rsplit(".", 1)[-1] and p != name]
    if by_id:
        hint = f"; did you mean {by_id[0]!r}? (below the top level, give the path of ids)"
    example = next((p for p in paths if "." in p), None)
    below = f" or a path below one ({example})" if example else ""
    return (
        f"expected a top-level group of {criteria.path} ({', '.join(groups)}){below}, "
        f"got {name!r}{hint}"
    )


def load_bands(path: str, criteria: CriteriaSet) -> Bands:
    """A bands file checked against ``criteria``'s tree (top-level groups, and paths below
    them); all problems at once."""
    text, sha = read_text(Path(path), path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, BandsFile)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    groups = [c.id for c in criteria.criteria]
    paths = node_paths(criteria)
    for gid, (lo, hi) in model.bands.items():
        where = ("bands", gid)
        if gid not in paths:
            problems.append(doc.problem(where, _unknown_path(gid, paths, criteria)))
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
    nested = tuple(
        (p, float(model.bands[p][0]), float(model.bands[p][1]))
        for p in paths if "." in p and p in model.bands
    )
    problems += _split_problems(doc, nested, paths)
    if problems:
        raise InputError(problems)
    return Bands(path, sha, model.label, model.source, tuple(groups), lower, upper, nested)


def _split_problems(
    doc: YamlDocument, nested: tuple[tuple[str, float, float], ...], paths: dict[str, Criterion]
) -> list[Problem]:
    """Per group with banded children: can its children's shares add up to 1 within their
    bands (unbanded siblings free)?  Shares of different groups are independent, so this
    is exact."""
    by_parent: dict[str, list[tuple[str, float, float]]] = {}
    for p, lo, hi in nested:
        by_parent.setdefault(p.rsplit(".", 1)[0], []).append((p, lo, hi))
    out: list[Problem] = []
    for parent, banded in by_parent.items():
        children = [c.id for c in paths[parent].children]
        free = len(children) - len(banded)
        lo_sum = sum(lo for _, lo, _ in banded)
        hi_sum = sum(hi for _, _, hi in banded) + free
        names = ", ".join(p for p, _, _ in banded)
        if lo_sum > 1 + SLACK:
            out.append(doc.problem(
                ("bands", banded[0][0]),
                f"expected the lower bounds of {parent}'s parts ({names}) to add up to at "
                f"most 1, got {lo_sum:.6g}: no split of {parent} fits the bands; lower some "
                "of them",
            ))
        if hi_sum < 1 - SLACK:
            out.append(doc.problem(
                ("bands", banded[0][0]),
                f"expected the upper bounds of {parent}'s parts ({names}"
                + (f", and {free} without a band" if free else "")
                + f") to add up to at least 1, got {hi_sum:.6g}: no split of {parent} fits the "
                "bands; raise some of them (every part of a group needs a share)",
            ))
    return out


def bands_problem(bands: Bands, message: str) -> InputError:
    """An error about the bands file as a whole (e.g. too narrow to sample)."""
    return InputError([Problem(bands.path, None, "bands", message)])
