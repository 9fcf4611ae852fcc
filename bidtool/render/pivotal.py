"""``bidtool pivotal``: the claims the outcome hangs on (JSON ``bidtool.pivotal/1``)."""

from __future__ import annotations

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
from bidtool.sensitivity.pivotal import Pivotal, PivotalClaim


def document(p: Pivotal, inputs: Inputs) -> dict[str, Any]:
    crit = inputs.criteria
    return {
        "schema": "bidtool.pivotal/1",
        "bidtool_version": __version__,
        "method": p.method,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "regions_files": [{"path": r.path, "sha256": r.sha256} for r in inputs.regions],
        "scenarios": scenarios_document(inputs.scenarios),
        "tolerance": p.tolerance,
        "leaders": list(p.leaders),
        "claims": [
            {
                "region": c.region,
                "metric": c.metric,
                "criterion": c.criterion,
                "unit": c.unit,
                "status": c.status,
                "current": c.current,
                "range": None if c.range is None else list(c.range),
                "direction": c.direction,
                "threshold": c.threshold,
                "relative_change": c.relative_change,
                "flips": c.flips,
                "rank_now": c.rank_now,
                "rank_after": c.rank_after,
                "leader_after": list(c.leader_after),
                "pivotal": c.pivotal,
            }
            for c in p.claims
        ],
    }


def render_json(p: Pivotal, inputs: Inputs) -> str:
    return dumps(document(p, inputs))


TABLE_HEADER = [
    "region",
    "metric",
    "criterion",
    "unit",
    "status",
    "current",
    "direction",
    "threshold",
    "relative_change",
    "flips",
    "rank_now",
    "rank_after",
    "leader_after",
    "pivotal",
]


def table(p: Pivotal) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows (values, not yet cells): also ``Pivotal.to_frame()``."""
    rows = [
        [
            c.region, c.metric, c.criterion, c.unit, c.status, c.current, c.direction,
            c.threshold, c.relative_change, c.flips, c.rank_now, c.rank_after,
            " ".join(c.leader_after), c.pivotal,
        ]
        for c in p.claims
    ]
    return TABLE_HEADER, rows


def render_csv(p: Pivotal, criteria: CriteriaSet | None = None) -> str:
    return csv_render.write_rows(*table(p), criteria)


HEADER = ["pivotal.col.claim", "pivotal.col.threshold", "pivotal.col.flips", "pivotal.col.pivotal"]
"""Catalogue keys of the table's columns."""


def _figure(x: float | None, unit: str | None) -> str:
    if x is None:
        return "–"
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


def _rows(p: Pivotal, lang: str, sep: str = "\n") -> list[list[str]]:
    t = text(lang)
    rows = []
    for c in p.claims:
        change = "" if c.relative_change is None else f" ({c.relative_change:+.1%})"
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
