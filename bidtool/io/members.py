"""A committee member's file (``bidtool.member/1``), checked against the criteria tree.

Each level is weighed with direct weights or AHP pairwise judgements.  This module
parses and checks the file (:func:`read_member`); the member's priorities
(:func:`bidtool.committee.weigh_member`) and the group's weights and agreement are
computed in :mod:`bidtool.committee`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from bidtool.errors import InputError
from bidtool.io.ahp_file import comparison_matrix
from bidtool.io.schema import MemberFile as MemberFileIn
from bidtool.io.schema import validate_document
from bidtool.io.yaml_source import parse_yaml, read_text
from bidtool.model import CriteriaSet
from bidtool.names import did_you_mean
from bidtool.weighting.ahp import AhpResult

TOP = "top"


@dataclass(frozen=True)
class Member:
    name: str
    role: str | None
    path: str
    sha256: str
    priorities: dict[str, tuple[float, ...]]  # level ("" = top) -> normalised weights
    matrices: dict[str, list[list[float]]]  # level -> complete reciprocal matrix
    ahp: dict[str, AhpResult] = field(default_factory=dict)  # levels judged by AHP

    @property
    def inconsistent(self) -> list[tuple[str, float]]:
        return [(lvl or TOP, r.cr) for lvl, r in self.ahp.items() if not r.consistent]


@dataclass(frozen=True)
class MemberFile:
    """A member file as parsed and checked against the criteria tree: per level, either
    the AHP comparison matrix (0 = not judged) or the direct weights as written.  The
    priorities are computed by :func:`bidtool.committee.weigh_member`."""

    name: str
    role: str | None
    path: str
    sha256: str
    judgements: dict[str, list[list[float]]]  # level -> reciprocal matrix, 0 = missing
    where: dict[str, tuple[int | None, str]]  # level -> (line, key path) of its ahp: block
    weights: dict[str, tuple[float, ...]]  # level -> direct weights (positive, finite sum)


def read_member(path: str, criteria: CriteriaSet) -> MemberFile:
    """A member file, checked against the criteria tree; all problems at once."""
    text, sha = read_text(Path(path), path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, MemberFileIn)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    levels = dict(criteria.levels())
    level_of = {c.id: lvl for lvl, nodes in levels.items() for c in nodes}
    for cid in model.weights:
        if cid not in level_of:
            problems.append(
                doc.problem(
                    ("weights", cid),
                    f"unknown criterion {cid!r} in {criteria.path}"
                    f"{did_you_mean(cid, sorted(level_of))}",
                )
            )
    judgements: dict[str, list[list[float]]] = {}
    where: dict[str, tuple[int | None, str]] = {}
    weights: dict[str, tuple[float, ...]] = {}
    for key, block in model.ahp.items():
        lvl = "" if key == TOP else key
        if lvl not in levels:
            groups = [TOP, *(g for g in levels if g)]
            problems.append(
                doc.problem(
                    ("ahp", key),
                    f"unknown level {key!r}: expected 'top' or a group with children "
                    f"({', '.join(groups)}){did_you_mean(key, groups)}",
                )
            )
            continue
        ids = [c.id for c in levels[lvl]]
        both = [c for c in ids if c in model.weights]
        if both:
            problems.append(
                doc.problem(
                    ("ahp", key),
                    f"{', '.join(both)} also in 'weights': weigh a level one way, not both",
                )
            )
        matrix, found = comparison_matrix(ids, block.matrix, block.judgements, doc, ("ahp", key))
        if found:
            problems.extend(found)
            continue
        judgements[lvl] = matrix
        where[lvl] = (doc.line_of(("ahp", key)), doc.format(("ahp", key)))
    for lvl, nodes in levels.items():
        if lvl in judgements:
            continue
        raw = tuple(float(model.weights.get(c.id, c.weight)) for c in nodes)
        total = sum(raw)
        if total <= 0:
            problems.append(
                doc.problem(("weights",), f"every weight at level {lvl or TOP!r} would be zero")
            )
            continue
        if not math.isfinite(total):
            problems.append(
                doc.problem(
                    ("weights",),
                    f"the weights at level {lvl or TOP!r} add up to more than float64 can hold; "
                    "weights are relative to their siblings, so write them on a small scale",
                )
            )
            continue
        weights[lvl] = raw
    if problems:
        raise InputError(problems)
    return MemberFile(model.name, model.role, path, sha, judgements, where, weights)
