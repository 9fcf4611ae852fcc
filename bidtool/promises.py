"""Promises over time: score the state of every scheduled figure at a date (``--at``).

A region metric may carry a ``schedule`` of dated steps (``{date: 2026-01,
value: 40, status: claimed}``): from each step's date on, the figure is that
step's value, with that step's status.  :func:`state_at` replaces each
scheduled figure by the last step on or before the date; before the first
step nobody has the figure (``unknown``), and the criteria file's ``missing``
policy scores it, as for any unknown.  Figures without a schedule are what
the region file says, at any date.

``DATE`` is ``YYYY-MM`` (its first day) or ``YYYY-MM-DD``, or the name of a
milestone in the criteria file (``milestones: {go-live: 2027-12, full:
2030-12}``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bidtool.errors import InputError, Problem
from bidtool.model import CriteriaSet, Inputs, Metric
from bidtool.names import did_you_mean
from bidtool.value_functions import Categorical

DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def day_of(text: str) -> str:
    """``2026-01`` → ``2026-01-01``; a day stays itself."""
    return text if len(text) == 10 else f"{text}-01"


def resolve_at(criteria: CriteriaSet, at: str) -> tuple[str, str]:
    """``(label, YYYY-MM-DD)`` for a date or a milestone name; a bad one is exit 3."""
    named = dict(criteria.milestones)
    if at in named:
        return f"{at} ({named[at]})", day_of(named[at])
    if DATE.fullmatch(at):
        return at, day_of(at)
    hint = f"; milestones in {criteria.path}: {', '.join(named)}" if named else (
        f"; {criteria.path} names no milestones (milestones: {{go-live: 2027-12}})"
    )
    raise InputError.single(
        "--at", f"expected a date YYYY-MM or YYYY-MM-DD or a milestone name, got {at!r}"
        f"{did_you_mean(at, list(named))}{hint}"
    )


def metric_at(metric: Metric, day: str, label: str) -> Metric:
    """The figure a scheduled metric states on ``day`` (unchanged without a schedule)."""
    if not metric.schedule:
        return metric
    held = [s for s in metric.schedule if s.day <= day]
    if not held:
        first = metric.schedule[0]
        return replace(
            metric,
            value=None,
            status="unknown",
            range=None,
            uncertainty=None,
            note=f"at {label}: before the first scheduled step ({first.date}: {first.value!r})",
        )
    step = held[-1]
    return replace(
        metric,
        value=step.value,
        status=step.status,
        range=None,
        uncertainty=None,
        sources=step.sources or metric.sources,
        note=f"at {label}: the step of {step.date}" + (f" — {step.note}" if step.note else ""),
        line=step.line if step.line is not None else metric.line,
    )


def state_at(inputs: Inputs, at: str) -> Inputs:
    """``inputs`` as they stand at ``at`` (a date or milestone): every scheduled figure
    replaced by its step; a step's value a criterion cannot read is exit 3 with its line."""
    label, day = resolve_at(inputs.criteria, at)
    leaves = {leaf.metric: leaf for leaf in inputs.criteria.leaves}
    problems: list[Problem] = []
    regions = []
    for region in inputs.regions:
        metrics = dict(region.metrics)
        for name, m in region.metrics.items():
            if not m.schedule:
                continue
            leaf = leaves.get(name)
            vf = leaf.criterion.value_function if leaf is not None else None
            for i, step in enumerate(m.schedule):
                where = f"metrics.{name}.schedule[{i}].value"
                if isinstance(vf, Categorical) and not vf.knows(step.value):
                    problems.append(
                        Problem(region.path, step.line, where,
                                f"expected one of {sorted(vf.mapping)}, got {step.value!r}")
                    )
                elif leaf is not None and not isinstance(vf, Categorical) and (
                    isinstance(step.value, bool) or not isinstance(step.value, (int, float))
                ):
                    problems.append(
                        Problem(region.path, step.line, where,
                                f"expected a number for criterion {leaf.id!r}, got {step.value!r}")
                    )
            metrics[name] = metric_at(m, day, label)
        regions.append(replace(region, metrics=metrics))
    if problems:
        raise InputError(problems)
    return replace(inputs, regions=tuple(regions), at=label)
