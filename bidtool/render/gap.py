"""``bidtool gap``: concrete statements of what would lift a region (JSON bidtool.gap/1)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.documents.gap import TABLE_HEADER as TABLE_HEADER
from bidtool.documents.gap import document as document
from bidtool.documents.gap import statement as statement
from bidtool.documents.gap import table as table
from bidtool.i18n import text
from bidtool.model import CriteriaSet, Inputs
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.json import dumps
from bidtool.sensitivity.gap import Gap


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
    from_data = g.inputs is not None and g.inputs.criteria.weighting != "direct"
    for c, w in zip(g.changes, g.weights):
        weight = (
            f"{w.weight:.1%} → {w.required:.1%}"
            if w.required is not None
            else t("gap.weight_from_data") if from_data
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


