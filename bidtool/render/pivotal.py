"""``bidtool pivotal``: the claims the outcome hangs on (JSON ``bidtool.pivotal/1``)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.documents.pivotal import TABLE_HEADER as TABLE_HEADER
from bidtool.documents.pivotal import document as document
from bidtool.documents.pivotal import table as table
from bidtool.i18n import text
from bidtool.model import CriteriaSet, Inputs, format_value
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.json import dumps
from bidtool.sensitivity.pivotal import Pivotal, PivotalClaim, is_year_unit


def render_json(p: Pivotal, inputs: Inputs) -> str:
    return dumps(document(p, inputs))


def render_csv(p: Pivotal, criteria: CriteriaSet | None = None) -> str:
    return csv_render.write_rows(*table(p), criteria)


HEADER = ["pivotal.col.claim", "pivotal.col.threshold", "pivotal.col.flips", "pivotal.col.pivotal"]
"""Catalogue keys of the table's columns."""


def _figure(x: float | None, unit: str | None) -> str:
    if x is None:
        return "–"
    if is_year_unit(unit):  # 2028.77, never 2,028.77
        return f"{float(f'{x:.6g}'):g}" + (f" {unit}" if unit else "")
    return format_value(float(f"{x:.6g}")) + (f" {unit}" if unit else "")


def _flips(c: PivotalClaim, lang: str) -> str:
    t = text(lang)
    if c.threshold is None:
        return t("pivotal.no_change")
    if c.flips == "leader":
        return t("pivotal.flips.leader", leader=", ".join(c.leader_after) or "–")

    def rank(r: int | None) -> str:
        return t("pivotal.ineligible") if r is None else str(r)

    return t("pivotal.flips.rank", region=c.region, before=rank(c.rank_now), after=rank(c.rank_after))


DIRECTION_KEYS = {"overstated": "pivotal.dir.overstated", "understated": "pivotal.dir.understated"}


def _change(c: PivotalClaim, lang: str) -> str:
    """`` (−23.8%)``; for a year or date `` (2 years later)``: a change relative to a year
    (2025 → 2029 is +0.2 %) means nothing."""
    if c.interval_scale and c.absolute_change is not None:
        d = c.absolute_change
        n = float(f"{abs(d):.3g}")
        key = "pivotal.years.later" if d > 0 else "pivotal.years.earlier"
        return f" ({text(lang)(key + ('.one' if n == 1 else ''), n=format_value(n))})"
    return "" if c.relative_change is None else f" ({c.relative_change:+.1%})"


def _rows(p: Pivotal, lang: str, sep: str = "\n") -> list[list[str]]:
    t = text(lang)
    rows = []
    for c in p.claims:
        change = _change(c, lang)
        rows.append([
            f"{c.region} {c.metric}{sep}{_figure(c.current, c.unit)} ({t.term(c.status)})",
            f"{t(DIRECTION_KEYS[c.direction])}:{sep}{_figure(c.threshold, c.unit)}{change}",
            _flips(c, lang),
            t("pivotal.yes") if c.pivotal else "",
        ])
    return rows


def _lines(p: Pivotal, lang: str) -> tuple[str, str, str]:
    t = text(lang)
    head = t("pivotal.headline", method=p.method, leader=", ".join(p.leaders) or "–")
    rule = t("pivotal.rule", tolerance=f"{p.tolerance:.0%}")
    count = t("pivotal.count", n=len(p.pivotal_claims), total=len(p.claims))
    return head, rule, count


def render_table(p: Pivotal, criteria: CriteriaSet | None = None, lang: str = "en") -> RenderableType:
    tr = text(lang)
    head, rule, count = _lines(p, lang)
    parts: list[RenderableType] = [Text(head, style="bold"), Text(rule, style="dim"), Text(count)]
    tab = Table(box=box.SIMPLE_HEAVY, header_style="bold")
    for h in HEADER:
        tab.add_column(tr(h), overflow="fold")
    for c, row in zip(p.claims, _rows(p, lang)):
        tab.add_row(*row, style="bold red" if c.pivotal else None if c.threshold else "dim")
    parts.append(tab)
    if criteria is not None:
        parts.append(Text(criteria_line(criteria, lang), style="dim"))
    return Group(*parts)


def render_md(p: Pivotal, criteria: CriteriaSet | None = None, lang: str = "en") -> str:
    tr = text(lang)
    head, rule, count = _lines(p, lang)
    out = [f"# {md.escape(head)}\n\n", f"{md.escape(rule)}\n\n", f"**{md.escape(count)}**\n\n"]
    out.append(md.table([tr(h) for h in HEADER], _rows(p, lang, " ")))
    if criteria is not None:
        out.append(f"\n{md.escape(criteria_line(criteria, lang))}\n")
    return "".join(out)
