"""``bidtool diff``: changed weights, changed figures, and how every region moved."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool import __version__
from bidtool.diff import Diff, FigureChange, Move, WeightChange
from bidtool.i18n import text
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line, raw_value
from bidtool.render.csv import write_rows
from bidtool.render.json import criteria_document, dumps


def _pct(w: float | None) -> str:
    return "—" if w is None else f"{w:.1%}"


def _delta_w(c: WeightChange) -> str:
    if c.before is None:
        return "added"
    if c.after is None:
        return "removed"
    return f"{(c.after - c.before) * 100:+.1f} pt"


def _fig(c: FigureChange, side: str) -> str:
    m = c.before if side == "a" else c.after
    if m is None:
        return "—"
    parts = [raw_value(m.value) + (f" {m.unit}" if m.unit and m.value is not None else "")]
    if "status" in c.fields or "source" in c.fields:
        parts.append(f"[{m.status or '?'}] {m.source or ''}".strip())
    return " · ".join(parts)


def _rank(r: int | None) -> str:
    return "–" if r is None else str(r)


def _move(m: Move) -> str:
    if m.rank_before is None or m.rank_after is None:
        if m.eligible_before is False and m.eligible_after:
            return "now eligible"
        if m.eligible_after is False and m.eligible_before:
            return "now ineligible"
        return ""
    d = m.rank_before - m.rank_after
    return f"▲{d}" if d > 0 else (f"▼{-d}" if d < 0 else "=")


def _score(s: float | None) -> str:
    return "" if s is None else f"{s:.3f}"


def _dscore(m: Move) -> str:
    if m.score_before is None or m.score_after is None:
        return ""
    return f"{m.score_after - m.score_before:+.3f}"


def document(d: Diff) -> dict[str, Any]:
    def metric(m: Any) -> Any:
        if m is None:
            return None
        return {
            "value": m.value,
            "unit": m.unit,
            "source": m.source,
            "status": m.status,
            "as_of": m.as_of,
        }

    return {
        "schema": "bidtool.diff/1",
        "bidtool_version": __version__,
        "a": d.label_a,
        "b": d.label_b,
        "method": d.b.method,
        "criteria": {"a": criteria_document(d.a.criteria), "b": criteria_document(d.b.criteria)},
        "caveat": d.b.criteria.caveat,
        "other": list(d.other),
        "weights": [
            {"criterion": c.criterion, "before": c.before, "after": c.after} for c in d.weights
        ],
        "figures": [
            {
                "region": c.region,
                "metric": c.metric,
                "changed": list(c.fields),
                "before": metric(c.before),
                "after": metric(c.after),
            }
            for c in d.figures
        ],
        "ranking": [
            {
                "id": m.region,
                "rank_before": m.rank_before,
                "rank_after": m.rank_after,
                "score_before": m.score_before,
                "score_after": m.score_after,
                "eligible_before": m.eligible_before,
                "eligible_after": m.eligible_after,
            }
            for m in d.moves
        ],
    }


def render_json(d: Diff) -> str:
    return dumps(document(d))


def _summary(d: Diff, lang: str = "en") -> str:
    moved = sum(1 for m in d.moves if m.rank_before != m.rank_after)
    return text(lang)(
        "diff.summary",
        a=d.label_a,
        b=d.label_b,
        weights=len(d.weights),
        figures=len(d.figures),
        other=len(d.other),
        moved=moved,
    )


def _move_rows(d: Diff) -> list[list[str]]:
    return [
        [
            m.name,
            _rank(m.rank_before),
            _rank(m.rank_after),
            _move(m),
            _score(m.score_before),
            _score(m.score_after),
            _dscore(m),
        ]
        for m in d.moves
    ]


def render_table(d: Diff, lang: str = "en") -> RenderableType:
    tr = text(lang)
    parts: list[RenderableType] = [Text(_summary(d, lang), style="bold")]
    moves = Table(
        title=tr("report.h.ranking"), title_justify="left", header_style="bold", box=box.SIMPLE_HEAD
    )
    for col, just in (
        (tr("rank.col.region"), "left"),
        (d.label_a, "right"),
        (d.label_b, "right"),
        ("", "left"),
        (tr("diff.score_a"), "right"),
        (tr("diff.score_b"), "right"),
        ("Δ", "right"),
    ):
        moves.add_column(col, justify=just, overflow="fold")  # type: ignore[arg-type]
    for row in _move_rows(d):
        style = "green" if row[3].startswith("▲") else ("red" if row[3].startswith("▼") else "")
        moves.add_row(*row[:3], Text(row[3], style=style), *row[4:])
    parts.append(moves)
    if d.weights:
        t = Table(
            title=tr("report.h.weights"),
            title_justify="left",
            header_style="bold",
            box=box.SIMPLE_HEAD,
        )
        for col, just in (
            (tr("explain.col.criterion"), "left"),
            ("A", "right"),
            ("B", "right"),
            ("Δ", "right"),
        ):
            t.add_column(col, justify=just)  # type: ignore[arg-type]
        for c in d.weights:
            t.add_row(c.label, _pct(c.before), _pct(c.after), _delta_w(c))
        parts.append(t)
    if d.figures:
        t = Table(
            title=tr("diff.figures"), title_justify="left", header_style="bold", box=box.SIMPLE_HEAD
        )
        for col in (
            tr("rank.col.region"), tr("regions.col.metric"), tr("diff.changed"), "A", "B"
        ):
            t.add_column(col, overflow="fold")
        for f in d.figures:
            t.add_row(f.region, f.metric, ", ".join(f.fields), _fig(f, "a"), _fig(f, "b"))
        parts.append(t)
    for line in d.other:
        parts.append(Text(f"• {line}"))
    parts.append(
        Text(
            f"A: {criteria_line(d.a.criteria, lang)}\nB: {criteria_line(d.b.criteria, lang)}",
            style="dim",
        )
    )
    return Group(*parts)


def render_md(d: Diff, lang: str = "en") -> str:
    t = text(lang)
    out = [
        f"# {t('diff.title', a=md.escape(d.label_a), b=md.escape(d.label_b))}\n\n"
        f"{md.escape(_summary(d, lang))}\n\n## {t('report.h.ranking')}\n\n"
    ]
    out.append(
        md.table(
            [t("rank.col.region"), d.label_a, d.label_b, t("diff.move"), t("diff.score_a"),
             t("diff.score_b"), "Δ"],
            _move_rows(d),
            ["l", "r", "r", "l", "r", "r", "r"],
        )
    )
    if d.weights:
        out.append(f"\n## {t('report.h.weights')}\n\n")
        out.append(
            md.table(
                [t("explain.col.criterion"), "A", "B", "Δ"],
                [[c.label, _pct(c.before), _pct(c.after), _delta_w(c)] for c in d.weights],
                ["l", "r", "r", "r"],
            )
        )
    if d.figures:
        out.append(f"\n## {t('diff.figures')}\n\n")
        out.append(
            md.table(
                [t("rank.col.region"), t("regions.col.metric"), t("diff.changed"), "A", "B"],
                [
                    [c.region, c.metric, ", ".join(c.fields), _fig(c, "a"), _fig(c, "b")]
                    for c in d.figures
                ],
            )
        )
    if d.other:
        other = "".join(f"- {md.escape(x)}\n" for x in d.other)
        out.append(f"\n## {t('diff.other')}\n\n" + other)
    out.append(
        f"\nA: {md.escape(criteria_line(d.a.criteria, lang))}  \n"
        f"B: {md.escape(criteria_line(d.b.criteria, lang))}\n"
    )
    return "".join(out)


def render_csv(d: Diff) -> str:
    return write_rows(
        ["region", "rank_a", "rank_b", "move", "score_a", "score_b", "score_delta"],
        _move_rows(d),
        d.b.criteria,
    )
