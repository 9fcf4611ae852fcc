"""``bidtool gap``: concrete statements of what would lift a region (JSON bidtool.gap/1)."""

from __future__ import annotations

import math
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool import __version__
from bidtool.i18n import text
from bidtool.model import CriteriaSet, Inputs, format_value
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.json import criteria_document, dumps, scenarios_document
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
    return {
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


def render_json(g: Gap, inputs: Inputs) -> str:
    return dumps(document(g, inputs))


def _headline(g: Gap, lang: str = "en") -> str:
    t = text(lang)
    now = (
        t("gap.now_ineligible")
        if g.current_rank is None
        else t("report.target_rank", rank=g.current_rank)
    )
    if not g.eligible:
        failing = "; ".join(g.failed_constraints) or t("gap.a_constraint")
        return t(
            "gap.headline.ineligible",
            name=g.name, method=g.method, failing=failing, target=g.target_rank,
        )
    if g.current_rank is not None and g.current_rank <= g.target_rank:
        return t("gap.headline.already", name=g.name, now=now, target=g.target_rank, method=g.method)
    return t("gap.headline.question", name=g.name, now=now, target=g.target_rank, method=g.method)


def _rows(g: Gap, lang: str = "en", criteria: CriteriaSet | None = None) -> list[list[str]]:
    t = text(lang)
    names = {
        leaf.id: t.name(leaf.criterion.label, leaf.criterion.label_ko)
        for leaf in (criteria.leaves if criteria is not None else ())
    }
    rows = []
    for c, w in zip(g.changes, g.weights):
        weight = (
            f"{w.weight:.1%} → {w.required:.1%}"
            if w.required is not None
            else t("gap.weight_not_reachable")
        )
        rows.append([c.criterion, statement(c, lang, names.get(c.criterion)), weight])
    return rows


HEADER = ["gap.col.criterion", "gap.col.figure", "gap.col.weight"]
"""Catalogue keys of the table's columns."""


def render_table(
    g: Gap, criteria: CriteriaSet | None = None, lang: str = "en"
) -> RenderableType:
    tr = text(lang)
    parts: list[RenderableType] = [Text(_headline(g, lang), style="bold")]
    if g.failed_constraints:
        parts.append(
            Text(tr("gap.fails", why="; ".join(g.failed_constraints)), style="red")
        )
    if g.changes:
        t = Table(box=box.SIMPLE_HEAVY, header_style="bold")
        for h in HEADER:
            t.add_column(tr(h))
        for c, row in zip(g.changes, _rows(g, lang, criteria)):
            t.add_row(*row, style=None if c.reachable else "dim")
        parts.append(t)
    if criteria is not None:
        parts.append(Text(criteria_line(criteria, lang), style="dim"))
    return Group(*parts)


def render_md(g: Gap, criteria: CriteriaSet | None = None, lang: str = "en") -> str:
    tr = text(lang)
    out = [f"# {md.escape(_headline(g, lang))}\n\n"]
    if g.failed_constraints:
        out.append(md.escape(tr("gap.fails", why="; ".join(g.failed_constraints))) + "\n\n")
    if g.changes:
        out.append(md.table([tr(h) for h in HEADER], _rows(g, lang, criteria)))
    if criteria is not None:
        out.append(f"\n{md.escape(criteria_line(criteria, lang))}\n")
    return "".join(out)


def render_csv(g: Gap, criteria: CriteriaSet | None = None) -> str:
    return csv_render.write_rows(*table(g), criteria)


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
