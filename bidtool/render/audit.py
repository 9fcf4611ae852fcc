"""``bidtool verify`` and ``bidtool appeal``: their answers as a table, JSON or Markdown
(the appeal also as a section of ``bidtool report --appeal``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.render.json import dumps

if TYPE_CHECKING:
    from bidtool.appeal import Appeal
    from bidtool.verification import Verification


def verify_table(v: Verification) -> RenderableType:
    """The verdict first, then each difference: part, where, the report's and the sealed text."""
    head = Text()
    if v.identical:
        head.append("identical", style="bold green")
        head.append(f": {v.report} is what the sealed criteria ({v.seal_sha256[:16]}…) give")
    else:
        head.append("differs", style="bold red")
        head.append(
            f": {v.count} difference{'s' if v.count != 1 else ''} between {v.report} and the "
            f"report the sealed criteria ({v.seal_sha256[:16]}…) give"
        )
    parts: list[RenderableType] = [head]
    if v.differences:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        for col in ("Part", "Where", "Report says", "Sealed criteria give"):
            table.add_column(col, overflow="fold")
        for d in v.differences:
            table.add_row(d.part, d.where, d.report, d.rederived)
        parts.append(table)
        if v.count > len(v.differences):
            parts.append(Text(f"… and {v.count - len(v.differences)} more (-f json lists them)"))
    parts += [Text(f"note: {n}", style="dim") for n in v.notes]
    return Group(*parts)


def verify_json(v: Verification) -> str:
    return dumps(v.to_dict())


# ------------------------------------------------------------------ appeal

APPEAL_TITLE = "Appeal"


def _value(value: object, unit: str | None) -> str:
    if value is None:
        return "unknown"
    from bidtool.model import format_value

    return format_value(value) + (f" {unit}" if unit and not isinstance(value, (str, bool)) else "")


def corrections_rows(a: Appeal) -> list[list[str]]:
    """One row per corrected figure: metric, the file's figure, the appeal's, its evidence."""
    from bidtool.model import status_word

    rows = []
    for f in a.figures:
        src = f.after.sources[0] if f.after.sources else None
        rows.append([
            f.metric,
            f"{_value(f.before.value, f.before.unit)} ({status_word(f.before)})",
            f"{_value(f.after.value, f.after.unit)} ({status_word(f.after)})",
            "" if src is None else f"{src.title} — {src.url or ''}".strip(" —"),
        ])
    return rows


def conclusion_rows(a: Appeal) -> list[list[str]]:
    """One row per region: rank, eligible, P(first) — now and with the corrections."""
    before = {r.id: r for r in a.before.ranking.rows}

    def rank(r: object) -> str:
        rank_, eligible = getattr(r, "rank", None), getattr(r, "eligible", False)
        return str(rank_) if eligible and rank_ is not None else "–"

    def pct(p: float | None) -> str:
        return "–" if p is None else f"{p:.1%}"

    rows = []
    for r in a.after.ranking.rows:
        o = before[r.id]
        rows.append([
            r.id,
            rank(o), rank(r),
            "yes" if o.eligible else "no", "yes" if r.eligible else "no",
            pct(a.before.p_first.get(r.id)), pct(a.after.p_first.get(r.id)),
        ])
    return rows


CONCLUSION_HEADER = ["Region", "Rank now", "Rank corrected", "Eligible now",
                     "Eligible corrected", "P(first) now", "P(first) corrected"]
CORRECTION_HEADER = ["Figure", "Region file", "Appeal", "Evidence"]


def verdict(a: Appeal) -> str:
    n = len(a.changes)
    if not n:
        return (f"{a.region}'s corrections change no conclusion: rank, leader, eligibility, "
                "P(first) and the figures to verify first all stay as they are.")
    return f"{a.region}'s corrections change {n} conclusion{'s' if n != 1 else ''}:"


def method_line(a: Appeal) -> str:
    smaa = (f"P(first): SMAA-2, {a.samples:,} uniform weight draws (seed {a.seed}), the same "
            "draws in both runs" if a.samples else "P(first) not computed (samples: 0)")
    return f"{a.method}; {smaa}; corrections from {a.corrections.path}."


def appeal_table(a: Appeal) -> RenderableType:
    parts: list[RenderableType] = [Text(f"Appeal of {a.region}", style="bold")]
    corr = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Corrected figures", title_justify="left")
    for col in CORRECTION_HEADER:
        corr.add_column(col, overflow="fold")
    for row in corrections_rows(a):
        corr.add_row(*row)
    parts.append(corr)
    parts.append(Text(verdict(a), style="bold red" if a.changes else "bold green"))
    parts += [Text(f"  • {c.statement}") for c in a.changes]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for col in CONCLUSION_HEADER:
        table.add_column(col, justify="left" if col in ("Region",) or "Eligible" in col else "right")
    for row in conclusion_rows(a):
        table.add_row(*row)
    parts.append(table)
    parts.append(Text(method_line(a), style="dim"))
    return Group(*parts)


def appeal_json(a: Appeal) -> str:
    return dumps(a.to_dict())


def appeal_md(a: Appeal, level: int = 1) -> str:
    """The appeal as Markdown; ``level`` 2 for a section of the report."""
    from bidtool.render.markdown import escape, table

    h = "#" * level
    out = [f"{h} {APPEAL_TITLE}: {escape(a.region)}\n\n",
           f"{h}# Corrected figures\n\n",
           table(CORRECTION_HEADER, corrections_rows(a)),
           f"\n**{escape(verdict(a))}**\n\n"]
    out += [f"- {escape(c.statement)}\n" for c in a.changes]
    out.append("\n" + table(CONCLUSION_HEADER, conclusion_rows(a), ["l", "r", "r", "l", "l", "r", "r"]))
    out.append(f"\n{escape(method_line(a))}\n\n")
    return "".join(out)


def appeal_csv(a: Appeal) -> str:
    """One row per changed conclusion: conclusion, region, before, after, statement."""
    import json

    from bidtool.render.csv import write_rows

    def text(value: object) -> object:
        return value if value is None or isinstance(value, (str, int, float)) else json.dumps(
            value, ensure_ascii=False)

    return write_rows(
        ["appeal_region", "conclusion", "region", "before", "after", "statement"],
        [[a.region, c.conclusion, c.region, text(c.before), text(c.after), c.statement]
         for c in a.changes],
        a.before.ranking.criteria,
    )
