"""What-if scenarios: override region metrics or criterion weights from a small YAML file.

```yaml
name: Gwangju secures river water        # optional; defaults to the file name
regions:
  gwangju: {cooling_water_t_per_day: 60000}
weights:
  power: 50                                # relative to its siblings, as in the criteria file
```

A scenario is validated like every other input (file, line, key path) and
applied after loading, in the order given; later scenarios win.  Overridden
metrics keep their unit and are marked as coming from the scenario.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.files import not_regular
from bidtool.io.loading import value_kind
from bidtool.io.schema import ScenarioFile, number_hint, validate_document
from bidtool.io.yaml_source import YamlDocument, parse_yaml, read_text
from bidtool.model import CriteriaSet, Criterion, Inputs, Metric, Region
from bidtool.names import did_you_mean
from bidtool.value_functions import Categorical


@dataclass(frozen=True)
class ScenarioInfo:
    """What a report says about a scenario it applied."""

    name: str
    path: str
    sha256: str
    description: str | None = None


@dataclass(frozen=True)
class Scenario:
    info: ScenarioInfo
    doc: YamlDocument
    model: ScenarioFile


def load_scenario(path: str) -> Scenario:
    """Read and validate one scenario file (schema only; see :func:`apply_scenarios`)."""
    file = Path(path)
    problem = not_regular(file)
    if problem is not None:
        raise InputError.single(path, f"scenario {problem}" if problem == "file not found" else problem)
    text, sha = read_text(file, path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, ScenarioFile)
    problems = [*doc.problems, *problems]
    if model is None or problems:
        raise InputError(problems)
    name = model.name or file.stem
    return Scenario(ScenarioInfo(name, path, sha, model.description), doc, model)


def apply_scenarios(inputs: Inputs, scenarios: Sequence[Scenario]) -> Inputs:
    """``inputs`` with every scenario's overrides applied; all problems reported at once."""
    problems: list[Problem] = []
    regions = list(inputs.regions)
    criteria = inputs.criteria
    for sc in scenarios:
        regions = _override_metrics(sc, regions, criteria, problems)
        criteria = _override_weights(sc, criteria, problems)
    if problems:
        raise InputError(problems)
    return replace(
        inputs,
        criteria=criteria,
        regions=tuple(regions),
        scenarios=(*inputs.scenarios, *(sc.info for sc in scenarios)),
    )


def _override_metrics(
    sc: Scenario, regions: list[Region], criteria: CriteriaSet, problems: list[Problem]
) -> list[Region]:
    ids = [r.id for r in regions]
    leaves = {leaf.metric: leaf for leaf in criteria.leaves}
    used = set(leaves) | {c.metric for c in criteria.constraints}
    out = list(regions)
    for rid, metrics in sc.model.regions.items():
        if rid not in ids:
            problems.append(
                sc.doc.problem(
                    ("regions", rid),
                    f"unknown region {rid!r}; expected one of {', '.join(ids)}"
                    f"{did_you_mean(rid, ids)}",
                )
            )
            continue
        k = ids.index(rid)
        region = out[k]
        changed: dict[str, Metric] = dict(region.metrics)
        for name, m in metrics.items():
            where = ("regions", rid, name)
            if name not in used:
                problems.append(
                    sc.doc.problem(
                        where,
                        f"metric {name!r} is not used by {criteria.path} (no criterion or "
                        f"constraint reads it){did_you_mean(name, sorted(used))}",
                    )
                )
                continue
            problem = _value_problem(m.value, leaves[name].criterion if name in leaves else None)
            for con in criteria.constraints:
                if problem is None and con.metric == name and con.spatial is None:
                    want, got = value_kind(con.value), value_kind(m.value)
                    if m.value is not None and want != got:
                        problem = (
                            f"expected {want} for the constraint {con.describe()} "
                            f"({criteria.path}:{con.line}), got {m.value!r}"
                        )
            old = region.metrics.get(name)
            unit = m.unit or (old.unit if old else None)
            leaf_unit = leaves[name].criterion.value_unit if name in leaves else None
            if problem is None and leaf_unit and m.unit and m.unit != leaf_unit:
                problem = f"expected unit {leaf_unit!r}, got {m.unit!r}"
            if problem:
                problems.append(sc.doc.problem((*where, "value") if m.unit else where, problem))
                continue
            was = "unknown" if old is None or old.value is None else f"{old.value!r}"
            changed[name] = Metric(
                value=m.value,
                unit=unit,
                source=m.source or f"scenario {sc.info.name!r} ({sc.info.path})",
                as_of=m.as_of,
                status=m.status,
                note=m.note or f"scenario override; the region file says {was}",
                line=sc.doc.line_of(where),
            )
        out[k] = replace(region, metrics=changed)
    return out


def _value_problem(value: Any, criterion: Criterion | None) -> str | None:
    if value is None:
        return None
    vf = criterion.value_function if criterion else None
    if isinstance(vf, Categorical):
        if not vf.knows(value):
            return f"expected one of {sorted(vf.mapping)}, got {value!r}"
        return None
    if criterion is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"expected a number for criterion {criterion.id!r}, got {value!r}{number_hint(value)}"
    return None


def _override_weights(sc: Scenario, criteria: CriteriaSet, problems: list[Problem]) -> CriteriaSet:
    if not sc.model.weights:
        return criteria
    nodes = {n.id: n for n in criteria.iter_nodes()}
    for cid in sc.model.weights:
        where = ("weights", cid)
        if cid not in nodes:
            problems.append(
                sc.doc.problem(
                    where,
                    f"unknown criterion {cid!r}{did_you_mean(cid, sorted(nodes))}",
                )
            )
        elif criteria.weighting != "direct":
            problems.append(
                sc.doc.problem(
                    where,
                    f"{criteria.path} computes its weights from the data ({criteria.weighting}); "
                    "a scenario cannot set them",
                )
            )
        elif nodes[cid].weight_source != "direct":
            problems.append(
                sc.doc.problem(
                    where,
                    f"the weight of {cid!r} comes from {nodes[cid].weight_source!r} judgements in "
                    f"{criteria.path}; change those instead",
                )
            )
    new = criteria.reweighed({k: float(v) for k, v in sc.model.weights.items()})
    if any(sum(n.weight for n in level) <= 0 for _, level in new.levels()):
        problems.append(
            sc.doc.problem(("weights",), "a level's weights would all be zero; keep one > 0")
        )
    for parent, level in new.levels():
        if not math.isfinite(sum(n.weight for n in level)):
            cid = max(level, key=lambda n: n.weight).id
            problems.append(
                sc.doc.problem(
                    ("weights", cid) if cid in sc.model.weights else ("weights",),
                    f"the weights of {repr(parent) if parent else 'the top level'}'s "
                    "criteria add up to more than float64 can hold; weights are relative to "
                    "their siblings, so write them on a small scale (e.g. 60 and 40)",
                )
            )
    return new
