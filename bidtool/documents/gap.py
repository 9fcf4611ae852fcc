"""The ``bidtool.gap/1`` document and the ``gap -f csv`` table: ``Gap.to_dict()`` /
``Gap.to_frame()``."""

from __future__ import annotations

import math
from typing import Any

from bidtool._version import __version__
from bidtool.documents.json import criteria_document, scenarios_document
from bidtool.i18n import text
from bidtool.model import Inputs, format_value
from bidtool.sensitivity.gap import Gap, ValueChange


def _shown(value: Any, relation: str) -> str:
    """A required figure as people read it, rounded so the statement stays true.

    ``≥ x`` rounds up and ``≤ x`` rounds down, at a precision that suits the size.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, (int, float)):
        return str(value)
    x = float(value)
    digits = 0 if abs(x) >= 100 else 2 if abs(x) >= 1 else 4
    scale = 10.0**digits
    if relation == ">=":
        x = math.ceil(x * scale - 1e-9) / scale
    elif relation == "<=":
        x = math.floor(x * scale + 1e-9) / scale
    return f"{x:,.{digits}f}"


def _current(value: Any, lang: str = "en") -> str:
    if isinstance(value, bool) and lang != "en":
        return text(lang)("cell.yes" if value else "cell.no")
    return text(lang)("cell.unknown") if value is None else format_value(value)


def statement(c: ValueChange, lang: str = "en", label: str | None = None) -> str:
    """``Power available ≥ 120 MW (now 40)``; ``label`` names the criterion (else its label)."""
    t = text(lang)
    label = label or c.label
    unit = f" {c.unit}" if c.unit else ""
    if not c.reachable:
        return f"{label}: {t.term(c.note) if c.note else t('gap.not_reachable')}"
    sym = {">=": "≥", "<=": "≤", "=": "="}[c.relation]
    return t(
        "gap.statement",
        label=label,
        relation=sym,
        required=(
            _current(c.required, lang)
            if isinstance(c.required, bool)
            else f"{_shown(c.required, c.relation)}{unit}"
        ),
        now=_current(c.current, lang),
    )


def document(g: Gap, inputs: Inputs) -> dict[str, Any]:
    crit = inputs.criteria
    doc = {
        "schema": "bidtool.gap/1",
        "bidtool_version": __version__,
        "method": g.method,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "regions_files": [{"path": r.path, "sha256": r.sha256} for r in inputs.regions],
        "scenarios": scenarios_document(inputs.scenarios),
        "region": g.region,
        "target_rank": g.target_rank,
        "current_rank": g.current_rank,
        "eligible": g.eligible,
        "failed_constraints": list(g.failed_constraints),
        "changes": [
            {
                "criterion": c.criterion,
                "metric": c.metric,
                "unit": c.unit,
                "current": c.current,
                "required": c.required,
                "reachable": c.reachable,
                "relation": c.relation,
                "statement": statement(c),
            }
            for c in g.changes
        ],
        "weights": [
            {
                "criterion": w.criterion,
                "weight": w.weight,
                "required": w.required,
                "delta_abs": w.delta_abs,
                "reachable": w.required is not None,
            }
            for w in g.weights
        ],
    }
    if g.package is not None:  # gap --costs: the cheapest package of commitments
        from bidtool.documents.package import package_document

        doc["package"] = package_document(g.package)
    return doc


TABLE_HEADER = [
    "criterion",
    "metric",
    "unit",
    "current",
    "required",
    "reachable",
    "relation",
    "weight",
    "weight_required",
    "statement",
]


def table(g: Gap) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows (values, not yet cells): also ``Gap.to_frame()``."""
    rows = [
        [
            c.criterion,
            c.metric,
            c.unit,
            c.current,
            c.required,
            c.reachable,
            c.relation,
            w.weight,
            w.required,
            statement(c),
        ]
        for c, w in zip(g.changes, g.weights)
    ]
    return TABLE_HEADER, rows
