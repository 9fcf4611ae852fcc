"""``bidtool gap --costs``: the cheapest package of commitments (JSON: ``bidtool.gap/1``
with a ``package`` block)."""

from __future__ import annotations

import math

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.documents.package import table
from bidtool.i18n import text
from bidtool.model import CriteriaSet
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.sensitivity.package import Package


def _figure(x: float | None, lang: str, away_from: float | None = None) -> str:
    """A figure as people read it; a commitment rounded away from where it starts, so the
    figure shown still reaches the rank (``gap`` rounds its statements the same way)."""
    if x is None:
        return text(lang)("cell.unknown")
    digits = 0 if abs(x) >= 1000 or float(x).is_integer() else 2 if abs(x) >= 1 else 4
    if away_from is not None and x != away_from:
        scale = 10.0**digits
        x = (math.ceil if x > away_from else math.floor)(x * scale - (1e-9 if x > away_from else -1e-9)) / scale
    return f"{x:,.{digits}f}"


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _lines(p: Package, lang: str) -> tuple[str, list[list[str]], list[str], list[str]]:
    """Headline, table rows, the lines after the table (totals, result, reasons), notes."""
    t = text(lang)
    now = t("gap.now_ineligible") if p.current_rank is None else t(
        "report.target_rank", rank=p.current_rank
    )
    fields = {"name": p.name, "now": now, "target": p.target_rank, "method": p.method}
    if p.reachable and not p.commitments:
        headline = t("package.headline.already", **fields)
    elif p.reachable:
        headline = t("package.headline", **fields)
    else:
        headline = t("package.headline.unreachable", **fields)
    labels = {
        leaf.metric: t.name(leaf.criterion.label, leaf.criterion.label_ko)
        for leaf in (p.inputs.criteria.leaves if p.inputs is not None else ())
    }
    rows = [
        [
            f"{labels.get(c.metric, c.metric)} ({c.metric})",
            f"{_figure(c.current, lang)} → {_figure(c.to, lang, c.start)}"
            f"{' ' + c.unit if c.unit else ''}",
            f"{c.per_unit:,.6g}",
            _money(c.cost),
        ]
        for c in p.commitments
    ]
    after: list[str] = []
    if p.reachable and p.commitments:
        after.append(t("package.total", total=_money(p.total_cost or 0.0), currency=p.costs.currency))
        score = "" if p.score is None else f"{p.score:.4f}"
        if p.overtakes:
            after.append(
                t("package.result", rank=p.rank, score=score, overtakes=", ".join(p.overtakes))
            )
        else:
            after.append(t("package.result.none", rank=p.rank, score=score))
        if p.ties:
            after.append(t("package.ties", rank=p.rank, ties=", ".join(p.ties)))
    after += [n.text(lang) for n in p.reasons]
    notes = [t("package.costs", label=p.costs.label, file=p.costs.path)]
    notes += [n.text(lang) for n in p.notes]
    return headline, rows, after, notes


HEADER = ["package.col.figure", "package.col.change", "package.col.per_unit", "package.col.cost"]
"""Catalogue keys of the table's columns."""


def render_table(p: Package, criteria: CriteriaSet | None = None, lang: str = "en") -> RenderableType:
    tr = text(lang)
    headline, rows, after, notes = _lines(p, lang)
    parts: list[RenderableType] = [Text(headline, style="bold")]
    if rows:
        table_ = Table(box=box.SIMPLE_HEAVY, header_style="bold")
        for h in HEADER:
            table_.add_column(tr(h), justify="right" if h != HEADER[0] else "left")
        for row in rows:
            table_.add_row(*row)
        parts.append(table_)
    for line in after:
        parts.append(Text(line, style="bold" if p.reachable else "red"))
    for line in notes:
        parts.append(Text(line, style="dim"))
    if criteria is not None:
        parts.append(Text(criteria_line(criteria, lang), style="dim"))
    return Group(*parts)


def render_md(p: Package, criteria: CriteriaSet | None = None, lang: str = "en") -> str:
    tr = text(lang)
    headline, rows, after, notes = _lines(p, lang)
    out = [f"# {md.escape(headline)}\n\n"]
    if rows:
        out.append(md.table([tr(h) for h in HEADER], rows))
        out.append("\n")
    out += [f"{md.escape(line)}\n\n" for line in after]
    out += [f"- {md.escape(line)}\n" for line in notes]
    if criteria is not None:
        out.append(f"\n{md.escape(criteria_line(criteria, lang))}\n")
    return "".join(out)


def render_csv(p: Package, criteria: CriteriaSet | None = None) -> str:
    return csv_render.write_rows(*table(p), criteria)
