"""Pipeline steps between reading the input files and ranking them.

:mod:`bidtool.io.loading` reads and validates the files and nothing more;
the steps that compute figures from them run here, explicitly, in the order
the front door (:func:`bidtool.api.load`) calls them: :func:`weigh_inputs`
(AHP / ROC / swing weights), :func:`measure_spatial` (site geometry → metrics),
:func:`apply_scenarios` (what-if files).  shapely and pyproj are
imported only when a criterion measures geometry (``validate`` never does).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.ahp_file import load_ahp
from bidtool.io.loading import Gathered, gather_criteria, gather_inputs, value_kind
from bidtool.io.scenario import Scenario
from bidtool.io.schema import number_hint
from bidtool.io.yaml_source import format_path
from bidtool.methods.errors import MethodError
from bidtool.model import (
    AhpGroup,
    CriteriaSet,
    Criterion,
    Inputs,
    Metric,
    Region,
    SwingLevel,
)
from bidtool.names import did_you_mean
from bidtool.value_functions import Categorical
from bidtool.weighting.ahp import (
    CR_THRESHOLD,
    AhpResult,
    ahp_priorities,
    revise_for_consistency,
    revision_advice,
)
from bidtool.weighting.roc import rank_order_centroid
from bidtool.weighting.swing import swing_weights


def consistency_problems(criteria: CriteriaSet) -> list[Problem]:
    """AHP levels whose consistency ratio exceeds 0.10 (a warning, an error with --strict),
    each at the ``ahp:`` key of its level (``file:line``)."""
    out = []
    for g in criteria.ahp:
        r = g.result
        if not r.consistent:
            out.append(
                Problem(
                    criteria.path,
                    g.line,
                    format_path(g.path),
                    f"AHP consistency ratio {r.cr:.3f} > {CR_THRESHOLD:.2f} for "
                    f"{g.label} ({', '.join(g.elements)}): the judgements contradict each "
                    "other; "
                    + (
                        revision_advice(g.elements, revise_for_consistency(r))
                        or "revise the most inconsistent pairs"
                    ),
                )
            )
    return out


def weigh_criteria(criteria: CriteriaSet, strict: bool = False) -> tuple[CriteriaSet, list[str]]:
    """The criteria with every AHP / ROC / swing level weighed; and the warnings (AHP
    consistency ratio > 0.10).

    The parser records each level's judgements, ordering or swings
    (:class:`~bidtool.model.LevelWeighing`); the weights are computed here: AHP
    priorities by :func:`bidtool.weighting.ahp.ahp_priorities` (Saaty 1980; Harker 1987
    for missing judgements), rank-order-centroid weights by
    :func:`bidtool.weighting.roc.rank_order_centroid` (Barron & Barrett 1996), swing
    weights by :func:`bidtool.weighting.swing.swing_weights` (von Winterfeldt & Edwards
    1986; Edwards & Barron 1994), whose levels become ``criteria.swing`` (what each
    weight stands for, :func:`~bidtool.weighting.swing.describe_swings`).  Judgements
    or points that give no weights, and (``strict``) a consistency ratio above 0.10,
    raise :class:`InputError` at the level's ``ahp:`` / ``swing:`` key.
    """
    if not criteria.weighing:
        return criteria, []
    weights: dict[str, float] = {}
    groups: list[AhpGroup] = []
    swings: list[SwingLevel] = []
    problems: list[Problem] = []
    for level in criteria.weighing:
        if level.source == "roc":
            roc = rank_order_centroid(len(level.order))
            weights.update((c, roc[level.order.index(c)]) for c in level.elements)
            continue
        if level.source == "swing":
            points = dict(zip(level.order, level.points, strict=True)) if level.points else None
            try:
                swing = swing_weights(level.order, points)
            except ValueError as exc:
                problems.append(Problem(criteria.path, level.line, level.shown, str(exc)))
                continue
            swings.append(SwingLevel(level.parent, level.order, level.points, level.line))
            weights.update((c, swing[c]) for c in level.elements)
            continue
        try:
            result = ahp_priorities([list(row) for row in level.matrix])
        except MethodError as exc:
            problems.append(Problem(criteria.path, level.line, level.shown, str(exc)))
            continue
        groups.append(AhpGroup(level.parent, level.elements, result, level.path, level.line))
        weights.update(zip(level.elements, result.weights, strict=True))
    if problems:
        raise InputError(problems)
    weighed = replace(
        criteria.reweighed(weights), ahp=tuple(groups), swing=tuple(swings), weighing=()
    )
    inconsistent = consistency_problems(weighed)
    if strict and inconsistent:
        raise InputError(
            Problem(p.file, p.line, p.path, f"--strict: {p.message}") for p in inconsistent
        )
    return weighed, [str(p) for p in inconsistent]


def _weighed(
    criteria: CriteriaSet | None, strict: bool
) -> tuple[CriteriaSet | None, list[str], list[Problem]]:
    if criteria is None:
        return None, [], []
    try:
        weighed, warnings = weigh_criteria(criteria, strict)
    except InputError as exc:
        return criteria, [], list(exc.problems)
    return weighed, warnings, []


def weigh_inputs(gathered: Gathered, strict: bool = False) -> Inputs:
    """The files' inputs (:func:`bidtool.io.loading.gather_inputs`) with the criteria's
    AHP/ROC/swing levels weighed (:func:`weigh_criteria`); the weighing's warnings join the
    inputs', and its problems the files' — all raised at once."""
    criteria, warnings, problems = _weighed(gathered.criteria, strict)
    inputs = gathered.inputs(problems)
    assert criteria is not None
    return replace(inputs, criteria=criteria, warnings=(*inputs.warnings, *warnings))


def weigh_file(path: Path, display: str | None = None) -> tuple[list[str], AhpResult]:
    """``bidtool weights ahp FILE``: the elements of a ``bidtool.ahp/1`` file
    (:func:`bidtool.io.ahp_file.load_ahp`) and their AHP priorities
    (:func:`~bidtool.weighting.ahp.ahp_priorities`: Saaty 1980; Harker 1987)."""
    names, matrix = load_ahp(path, display)
    try:
        return names, ahp_priorities(matrix)
    except Exception as exc:  # MethodError carries the reason
        raise InputError([Problem(display or str(path), None, "", str(exc))]) from None


def load_criteria(
    criteria: str | None = None, strict: bool = False, cwd: Path | None = None
) -> CriteriaSet:
    """Read the criteria file (:func:`bidtool.io.loading.gather_criteria`) and weigh it;
    every problem at once."""
    parsed, problems = gather_criteria(criteria, cwd)
    weighed, _, more = _weighed(parsed, strict)
    if problems or more:
        raise InputError([*problems, *more])
    assert weighed is not None
    return weighed


def measure_spatial(inputs: Inputs, strict: bool = False) -> Inputs:
    """Add every metric the criteria compute from site geometry to each region."""
    if not inputs.criteria.spatial_metrics:
        return inputs
    from bidtool.spatial.sites import measure_regions

    regions, notes = measure_regions(inputs.criteria, list(inputs.regions), strict)
    return replace(inputs, regions=tuple(regions), warnings=(*inputs.warnings, *notes))


def load_inputs(
    criteria: str | None = None,
    regions: str | None = None,
    strict: bool = False,
    cwd: Path | None = None,
    geometry: bool = True,
) -> Inputs:
    """Read and validate everything, weigh AHP/ROC/swing levels, then (with ``geometry``)
    measure spatial metrics.

    Raises :class:`~bidtool.errors.InputError` with *all* problems.  Without
    ``geometry`` (``validate``) shapely and pyproj are never imported.
    """
    inputs = weigh_inputs(gather_inputs(criteria, regions, strict, cwd), strict)
    return measure_spatial(inputs, strict) if geometry else inputs




def load_scenarios(paths: Sequence[str]) -> list[Scenario]:
    """Read every scenario file, in order; the problems of all of them at once."""
    from bidtool.io.scenario import load_scenario

    loaded: list[Scenario] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_scenario(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


def objective_weights(inputs: Inputs, weighting: str | None = None) -> Inputs:
    """The last step: weights computed from the figures (entropy, CRITIC) when ``weighting``
    or the criteria file's ``weighting:`` asks for them; ``inputs`` unchanged otherwise."""
    if weighting is None and inputs.criteria.weighting == "direct":
        return inputs
    from bidtool.weighting.objective import apply_objective_weights

    return apply_objective_weights(inputs, weighting)


# ------------------------------------------------------------------ what-if scenarios


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
